-- The review workspace (issue 11). One schema for SQLite and PostgreSQL: the same statements
-- run on both, so only TEXT and BIGINT columns, times as Unix seconds, and ids the program
-- makes (content hashes, run ids) rather than a database's own sequences.

-- One `yusuan review` (or a worker's share of one).
CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    worker TEXT NOT NULL,
    paths TEXT NOT NULL
);

-- One checked disclosure: one file, or the two halves (情况说明 + 表) of one published apart.
CREATE TABLE documents (
    -- The file's content hash (SHA-256, hex); for two halves, both joined by '+'.
    id TEXT PRIMARY KEY,
    -- 'imported' (read and checked) or 'refused' (unreadable, hostile, over a limit).
    status TEXT NOT NULL,
    reason TEXT,
    unit TEXT,
    year BIGINT,
    -- department_budget, unit_budget, department_final_accounts, unit_final_accounts.
    kind TEXT,
    profile TEXT,
    errors BIGINT NOT NULL,
    warnings BIGINT NOT NULL,
    infos BIGINT NOT NULL,
    run_id TEXT NOT NULL REFERENCES runs(id),
    checked_at BIGINT NOT NULL
);
CREATE INDEX documents_unit ON documents(unit, year, kind);

-- Each file of a document, by content: a content belongs to one document.
CREATE TABLE document_files (
    hash TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    -- The path it was first read from.
    path TEXT NOT NULL,
    bytes BIGINT NOT NULL
);
CREATE INDEX document_files_document ON document_files(document_id);

-- What each path holds now.
CREATE TABLE paths (
    path TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    run_id TEXT NOT NULL REFERENCES runs(id),
    seen_at BIGINT NOT NULL
);
CREATE INDEX paths_hash ON paths(hash);

-- What a path held before it changed: the old content's document and findings stay.
CREATE TABLE path_history (
    path TEXT NOT NULL,
    hash TEXT NOT NULL,
    replaced_at BIGINT NOT NULL,
    run_id TEXT NOT NULL REFERENCES runs(id),
    PRIMARY KEY (path, hash, replaced_at)
);

-- Every finding of a document, in the order `yusuan check` reports them.
CREATE TABLE findings (
    document_id TEXT NOT NULL REFERENCES documents(id),
    seq BIGINT NOT NULL,
    -- Stable across re-runs and a corrected re-publication: unit, year, kind, rule, subject,
    -- figures (not the page or the file).
    fingerprint TEXT NOT NULL,
    rule TEXT NOT NULL,
    -- 'error', 'warning' or 'info'.
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    message_en TEXT NOT NULL,
    file TEXT,
    page BIGINT,
    table_name TEXT,
    row_label TEXT,
    column_label TEXT,
    expected TEXT,
    actual TEXT,
    difference TEXT,
    -- The whole finding as JSON, as `yusuan check --format json` writes it.
    detail TEXT NOT NULL,
    PRIMARY KEY (document_id, seq)
);
CREATE INDEX findings_fingerprint ON findings(fingerprint);

-- A reviewer's decision on a finding, by fingerprint: it holds for every document the
-- fingerprint appears in (a re-run, a corrected re-publication).
CREATE TABLE decisions (
    fingerprint TEXT PRIMARY KEY,
    -- 'confirmed' (确认), 'not_an_issue' (不是问题) or 'fixed' (已整改).
    decision TEXT NOT NULL,
    note TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at BIGINT NOT NULL
);
