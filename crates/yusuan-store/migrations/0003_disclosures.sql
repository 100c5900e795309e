-- What the portal (issue 12) shows of each imported document: the disclosure as read (the
-- JSON of yusuan_model::Disclosure, the "disclosure" of `yusuan import --format json`),
-- written in the document's own transaction. Plain TEXT, uncompressed: a typical document's
-- is ~500 KB (a 180 KB PDF's; it deflates to ~35 KB), PostgreSQL compresses long values by
-- itself (TOAST), and SQLite workspaces hold a district's or a city's documents, not a
-- country's. A document recorded before this table existed has none; the portal then reads
-- its original file again.
CREATE TABLE disclosures (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    json TEXT NOT NULL
);
