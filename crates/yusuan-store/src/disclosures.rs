//! What the portal (`yusuan serve --workspace/--database`, issue 12) reads of the workspace:
//! each document's disclosure as read (the `disclosures` table, written with the document by
//! [`Store::record_document`] from [`crate::NewDocument::disclosure`]), its files with the
//! paths they were read from (its findings, with the whole decision on each, are
//! [`Store::findings`], as `yusuan report` reads them).

use crate::{Pool, Result, Store};

/// One file of a recorded document, as recorded: the path it was first read from.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredFile {
    pub document_id: String,
    /// SHA-256 of the content, hex.
    pub hash: String,
    pub path: String,
    pub bytes: i64,
}

impl Store {
    /// The disclosure of a document as read, as JSON; `None` for a refused document or one
    /// recorded before the workspace kept disclosures.
    pub fn disclosure_json(&self, document_id: &str) -> Result<Option<String>> {
        let row: Option<(String,)> = on_pool!(self, p => async {
            sqlx::query_as("SELECT json FROM disclosures WHERE document_id = $1")
                .bind(document_id)
                .fetch_optional(p)
                .await
        })?;
        Ok(row.map(|(j,)| j))
    }

    /// A document's findings as `yusuan check --format json` wrote each (the `detail` column),
    /// in their order.
    pub fn finding_details(&self, document_id: &str) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = on_pool!(self, p => async {
            sqlx::query_as("SELECT detail FROM findings WHERE document_id = $1 ORDER BY seq")
                .bind(document_id)
                .fetch_all(p)
                .await
        })?;
        Ok(rows.into_iter().map(|(d,)| d).collect())
    }

    /// The files of every recorded document (history included), by document and hash. A
    /// document's files in their order are those of its id (hashes joined by `+`).
    pub fn document_files(&self) -> Result<Vec<StoredFile>> {
        Ok(on_pool!(self, p => async {
            sqlx::query_as(
                "SELECT document_id, hash, path, bytes FROM document_files \
                 ORDER BY document_id, hash",
            )
            .fetch_all(p)
            .await
        })?)
    }

    /// A value that changes whenever what the portal shows of the workspace may have changed
    /// (a document recorded, a path seen holding other content, a decision made), cheap to
    /// ask: a running portal compares it to know when to read the workspace again. Two
    /// decisions on one fingerprint within the same second, with the same count, read alike.
    pub fn stamp(&self) -> Result<String> {
        let row: (i64, i64, i64, i64, i64, i64) = on_pool!(self, p => async {
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM documents), \
                 (SELECT COALESCE(MAX(checked_at), 0) FROM documents), \
                 (SELECT COUNT(*) FROM paths), \
                 (SELECT COALESCE(MAX(seen_at), 0) FROM paths), \
                 (SELECT COUNT(*) FROM decisions), \
                 (SELECT COALESCE(MAX(decided_at), 0) FROM decisions)",
            )
            .fetch_one(p)
            .await
        })?;
        Ok(format!(
            "{}.{}.{}.{}.{}.{}",
            row.0, row.1, row.2, row.3, row.4, row.5
        ))
    }
}
