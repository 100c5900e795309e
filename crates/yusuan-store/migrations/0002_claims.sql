-- Several workers reviewing one collection (issue 11): a worker claims a content before it
-- reads it; the document's transaction marks the claim done (kept, not deleted: a concurrent
-- claim waiting on the row then sees it done, where a deleted row would let it in). A claim older than the timeout
-- (its worker died) may be taken over. One statement claims (an upsert whose update applies
-- only to a stale claim), the same on SQLite and PostgreSQL: concurrent claims of one content
-- serialise on its row, and only one returns it.
CREATE TABLE claims (
    hash TEXT PRIMARY KEY,
    -- host:pid of the worker.
    worker TEXT NOT NULL,
    claimed_at BIGINT NOT NULL,
    -- 1 once the content's document is recorded.
    done BIGINT NOT NULL DEFAULT 0
);
