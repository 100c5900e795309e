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

/// A disclosure's JSON as the workspace keeps it: deflated (raw deflate, the fastest level: a
/// document's ~200 KB of JSON to ~25 KB). Made by whoever makes the document to record (the
/// review's workers, in parallel), so that the one writer only stores bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackedJson(Vec<u8>);

/// The most a kept disclosure's JSON may inflate to: a workspace damaged or written by someone
/// else is not trusted to fit in memory (a real disclosure's JSON is a few megabytes at most).
const MOST_INFLATED: u64 = 512 << 20;

impl PackedJson {
    /// `value` as JSON, deflated.
    pub fn pack<T: serde::Serialize + ?Sized>(value: &T) -> std::result::Result<Self, String> {
        // Whole, then deflated in one go: serde_json writes a token at a time, and each write
        // into the encoder costs more than deflating the token (5× slower in a review).
        // Room for a typical document's JSON from the start: grown from nothing, its buffer
        // would be copied a dozen times over (0.4 GB of copying in a review of 1,000 files).
        let mut json = Vec::with_capacity(1 << 20);
        serde_json::to_writer(&mut json, value).map_err(|e| e.to_string())?;
        Self::deflate(&json)
    }

    /// JSON text already made, deflated.
    pub fn of_json(json: &str) -> std::result::Result<Self, String> {
        Self::deflate(json.as_bytes())
    }

    fn deflate(bytes: &[u8]) -> std::result::Result<Self, String> {
        use std::io::Write;
        let mut deflate = flate2::write::DeflateEncoder::new(
            Vec::with_capacity(bytes.len() / 6),
            flate2::Compression::fast(),
        );
        deflate
            .write_all(bytes)
            .and_then(|()| deflate.finish())
            .map(PackedJson)
            .map_err(|e| e.to_string())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The JSON again, from the bytes kept.
    pub fn unpack(bytes: &[u8]) -> std::result::Result<String, String> {
        use std::io::Read;
        let mut json = String::new();
        flate2::read::DeflateDecoder::new(bytes)
            .take(MOST_INFLATED + 1)
            .read_to_string(&mut json)
            .map_err(|e| {
                format!("工作区中保存的公开文件已损坏 (a kept disclosure is damaged): {e}")
            })?;
        if json.len() as u64 > MOST_INFLATED {
            return Err(format!(
                "工作区中保存的公开文件超过 {} MB (a kept disclosure inflates past the limit)",
                MOST_INFLATED >> 20
            ));
        }
        Ok(json)
    }
}

impl Store {
    /// The disclosure of a document as read, as JSON; `None` for a refused document or one
    /// recorded before the workspace kept disclosures. Kept deflated ([`PackedJson`]), or
    /// plain by a workspace from before that.
    pub fn disclosure_json(&self, document_id: &str) -> Result<Option<String>> {
        type Kept = (Option<String>, Option<Vec<u8>>);
        let row: Option<Kept> = on_pool!(self, p => async {
            sqlx::query_as("SELECT json, deflated FROM disclosures WHERE document_id = $1")
                .bind(document_id)
                .fetch_optional(p)
                .await
        })?;
        match row {
            Some((_, Some(deflated))) => PackedJson::unpack(&deflated)
                .map(Some)
                .map_err(crate::Error::Damaged),
            Some((json, None)) => Ok(json),
            None => Ok(None),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FileRef, NewDocument, Status, Target};

    fn recorded(store: &Store, content: &str, disclosure: Option<PackedJson>) -> String {
        let run = store.begin_run(&[]).unwrap();
        let doc = NewDocument {
            status: Some(Status::Imported),
            files: vec![FileRef {
                path: format!("{content}.pdf"),
                hash: crate::content_hash(content.as_bytes()),
                bytes: 1,
            }],
            disclosure,
            ..NewDocument::default()
        };
        store.record_document(&run, &doc).unwrap();
        doc.id()
    }

    fn keep_raw(store: &Store, id: &str, json: Option<&str>, deflated: Option<&[u8]>) {
        on_pool!(store, p => async {
            sqlx::query("INSERT INTO disclosures (document_id, json, deflated) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(json)
                .bind(deflated)
                .execute(p)
                .await
                .map(|_| ())
        })
        .unwrap();
    }

    #[test]
    fn kept_deflated_plain_or_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&Target::Sqlite(dir.path().join("ws.sqlite"))).unwrap();
        let json = r#"{"meta":{"unit":{"name":"某某局"}},"tables":[]}"#.repeat(50);
        // Deflated by the review.
        let packed = PackedJson::of_json(&json).unwrap();
        assert!(packed.as_bytes().len() < json.len() / 10);
        let a = recorded(&store, "a", Some(packed));
        assert_eq!(
            store.disclosure_json(&a).unwrap().as_deref(),
            Some(json.as_str())
        );
        // Plain, as a workspace kept it before it deflated.
        let b = recorded(&store, "b", None);
        keep_raw(&store, &b, Some("{}"), None);
        assert_eq!(store.disclosure_json(&b).unwrap().as_deref(), Some("{}"));
        // Damaged bytes: an error saying so, not a panic.
        let c = recorded(&store, "c", None);
        keep_raw(&store, &c, None, Some(&[0xff, 0x00, 0x13, 0x37]));
        let e = store.disclosure_json(&c).unwrap_err().to_string();
        assert!(e.contains("已损坏"), "{e}");
        // None kept.
        let d = recorded(&store, "d", None);
        assert_eq!(store.disclosure_json(&d).unwrap(), None);
        store.close();
    }

    #[test]
    fn packed_as_written_is_the_json() {
        let value = serde_json::json!({"单位": "某某局", "金额": [1, 2, 3]});
        let packed = PackedJson::pack(&value).unwrap();
        assert_eq!(
            PackedJson::unpack(packed.as_bytes()).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
    }
}
