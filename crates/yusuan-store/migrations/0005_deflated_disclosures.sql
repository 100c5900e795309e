-- A document's disclosure kept deflated (issue 11): the JSON of a typical document (~200 KB)
-- deflates to ~25 KB. The review's workers deflate it in parallel, so the one writer stores an
-- eighth of the bytes (storing the JSON plain held the writer up: it could not keep pace with
-- the workers on short documents), and a city's workspace is an eighth of the size. Rows kept
-- before this migration keep their plain `json`; new rows have `deflated` (raw deflate,
-- RFC 1951) and no `json`. (BYTEA: PostgreSQL's bytes; SQLite stores a blob as given under
-- any declared type.) SQLite cannot drop a NOT NULL, hence the table made anew.
CREATE TABLE disclosures_0005 (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    json TEXT,
    deflated BYTEA,
    CHECK (json IS NOT NULL OR deflated IS NOT NULL)
);
INSERT INTO disclosures_0005 (document_id, json) SELECT document_id, json FROM disclosures;
DROP TABLE disclosures;
ALTER TABLE disclosures_0005 RENAME TO disclosures;
