//! The portal over the review workspace (`yusuan serve --workspace FILE | --database URL`):
//! every document some path holds now (not the history of changed files), its disclosure as
//! the review read it (kept in the workspace with the document), the budget and figures
//! derived from it, its findings as recorded with each one's decision (确认 / 不是问题 /
//! 已整改, the note, who, when), and the refused files with their reasons. The originals stay
//! where the review read them: each is looked for at its recorded path (or another path the
//! workspace says holds its content now) and given out only while its content is the one
//! reviewed.
//!
//! Read into memory as the files of `Library::load` are (pages are answered from memory), and
//! read again on demand ([`Portal::reload`]: after an upload, a new review, a decision): a
//! document already read keeps its disclosure, budget and figures; only new documents are
//! parsed, and findings and decisions are read afresh.

use crate::figures::Figures;
use crate::library::{file_name, Decided, Entry, Library, Noted, Original, Refused};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use yusuan_check::Severity;
use yusuan_model::{Catalog, Disclosure};
use yusuan_review::originals::{read_at, Located, Originals, State};
use yusuan_store::{Decision, DocumentRow, FindingRow, Status, Store, Target};

/// A review workspace the portal reads.
pub struct Workspace {
    store: Store,
    name: String,
    /// Recorded paths that are relative are looked for from the current folder, then from
    /// here (the SQLite file's folder, where `yusuan review` ran by default).
    base: Option<PathBuf>,
    catalog: Catalog,
}

/// What a reload found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reloaded {
    /// Disclosures shown now.
    pub entries: usize,
    /// Of them, read for the first time (the others were kept).
    pub new: usize,
    pub refused: usize,
}

impl Workspace {
    /// Open the workspace (migrating its schema, as `yusuan review` does: a file not there
    /// yet is created empty).
    pub fn open(target: &Target, catalog: &Catalog) -> Result<Workspace, yusuan_store::Error> {
        let store = Store::open(target)?;
        let base = match target {
            Target::Sqlite(file) => file
                .canonicalize()
                .ok()
                .and_then(|f| f.parent().map(Path::to_path_buf)),
            Target::Postgres(_) => None,
        };
        Ok(Workspace {
            store,
            name: target.name(),
            base,
            catalog: catalog.clone(),
        })
    }

    /// The store, for what else the portal keeps in the workspace (accounts, uploads).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The workspace's name as shown (its file, or its URL without the password).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Close the workspace (waits for its connections to finish).
    pub fn close(self) {
        self.store.close();
    }

    /// Read the library from the workspace; with `previous`, documents it holds keep their
    /// disclosure, budget and figures as read then.
    pub fn read(&self, previous: Option<&Library>) -> Result<Library, yusuan_store::Error> {
        let mut lib =
            Library::from_store(&self.store, self.base.as_deref(), &self.catalog, previous)?;
        lib.workspace = Some(self.name.clone());
        Ok(lib)
    }
}

impl Library {
    /// Every current document of the workspace in `store` ([`Store::current_documents`]):
    /// the imported ones as entries with their findings and decisions, the refused ones with
    /// their reasons. Relative recorded paths are looked for from the current folder, then
    /// from `base`. With `previous` (the library read before), documents it holds are not
    /// parsed again.
    pub fn from_store(
        store: &Store,
        base: Option<&Path>,
        catalog: &Catalog,
        previous: Option<&Library>,
    ) -> Result<Library, yusuan_store::Error> {
        let docs = store.current_documents()?;
        // Where each content was first read and is now.
        let places = Originals::of(store, base)?;
        let mut findings: HashMap<String, Vec<Noted>> = HashMap::new();
        for f in store.findings(false)? {
            findings
                .entry(f.document_id.clone())
                .or_default()
                .push(noted(f));
        }
        let kept: HashMap<&str, &Entry> = previous
            .map(|p| {
                p.entries
                    .iter()
                    .filter_map(|e| Some((e.document_id.as_deref()?, e)))
                    .collect()
            })
            .unwrap_or_default();
        let mut lib = Library::default();
        // Ids in use: those of documents kept (they keep theirs), then each new one's.
        let mut taken: std::collections::HashSet<String> =
            kept.values().map(|e| e.id.clone()).collect();
        for doc in docs {
            let originals: Vec<Original> = doc
                .id
                .split('+')
                .map(|hash| original(places.locate(hash)))
                .collect();
            if doc.status != Status::Imported.as_str() {
                lib.refused.push(Refused {
                    file: shown_paths(&doc, &originals),
                    reason: doc.reason.clone().unwrap_or_default(),
                });
                continue;
            }
            let findings = findings.remove(&doc.id).unwrap_or_default();
            let entry = match kept.get(doc.id.as_str()) {
                Some(old) => Entry {
                    originals,
                    findings,
                    ..(*old).clone()
                },
                None => match disclosure_of(store, &doc, &originals, catalog) {
                    Ok(d) => {
                        let id = short_id(&doc.id, &taken);
                        entry(id, &doc, d, originals, findings, catalog)
                    }
                    Err(reason) => {
                        lib.refused.push(Refused {
                            file: shown_paths(&doc, &originals),
                            reason,
                        });
                        continue;
                    }
                },
            };
            taken.insert(entry.id.clone());
            lib.entries.push(entry);
        }
        lib.reindex();
        Ok(lib)
    }
}

/// A portal id for a workspace document: the first 16 hex digits of its (first) file's hash,
/// as [`Library::load`] names a file; the whole id should two documents share them.
fn short_id(document_id: &str, taken: &std::collections::HashSet<String>) -> String {
    let short = document_id.get(..16).unwrap_or(document_id);
    if taken.contains(short) {
        document_id.to_string()
    } else {
        short.to_string()
    }
}

fn entry(
    id: String,
    doc: &DocumentRow,
    d: Disclosure,
    originals: Vec<Original>,
    findings: Vec<Noted>,
    catalog: &Catalog,
) -> Entry {
    let (budget, _) = yusuan_convert::budget_from_disclosure(&d, catalog);
    let figures = Figures::of(&budget, catalog);
    let unit = d
        .meta
        .unit
        .name
        .clone()
        .or_else(|| doc.unit.clone())
        .unwrap_or_else(|| "（未识别单位）".into());
    let year = d
        .meta
        .year
        .or_else(|| doc.year.and_then(|y| u16::try_from(y).ok()))
        .unwrap_or(0);
    Entry {
        id,
        document_id: Some(doc.id.clone()),
        unit,
        year,
        kind: d.meta.kind,
        region: d.meta.region,
        originals,
        disclosure: Arc::new(d),
        budget: Arc::new(budget),
        figures,
        findings,
    }
}

/// The disclosure as the review read it; for a document recorded before the workspace kept
/// disclosures (or kept by a version whose form this one cannot read), its original files
/// read again, when they are still the content reviewed.
fn disclosure_of(
    store: &Store,
    doc: &DocumentRow,
    originals: &[Original],
    catalog: &Catalog,
) -> Result<Disclosure, String> {
    let kept = match store.disclosure_json(&doc.id) {
        Ok(Some(json)) => match serde_json::from_str::<Disclosure>(&json) {
            Ok(d) => return Ok(d),
            Err(e) => {
                format!("工作区中的公开文件无法读取 (the stored disclosure cannot be read): {e}")
            }
        },
        Ok(None) => "工作区未保存公开文件 (the workspace keeps no disclosure of it)".to_string(),
        Err(e) => e.to_string(),
    };
    let options = yusuan_import::Options::with_catalog(catalog);
    let mut parts = Vec::new();
    for o in originals {
        let Original::OnDisk {
            name, path, hash, ..
        } = o
        else {
            continue;
        };
        let bytes = read_original(path.as_deref(), hash)
            .map_err(|state| format!("{kept}；{}: {}", file_name(name), state.label()))?;
        let d = yusuan_import::import_file_with(name, &bytes, &options)
            .map_err(|e| format!("{kept}；{e}"))?;
        parts.push(d);
    }
    yusuan_import::combine_with_catalog(parts, catalog).ok_or(kept)
}

/// An original as the portal lists it, from where it was located: named by the file name of
/// the path it is known by (else the start of its hash), checked again when downloaded.
fn original(l: Located) -> Original {
    let name = l
        .known_as
        .as_deref()
        .map(file_name)
        .unwrap_or_else(|| l.hash.get(..16).unwrap_or(&l.hash).to_string());
    Original::OnDisk {
        name,
        path: l.path,
        hash: l.hash,
        state: l.state,
    }
}

/// An original's bytes, when the file is there and its content is the one reviewed; else
/// what became of it.
pub(crate) fn read_original(path: Option<&Path>, hash: &str) -> Result<Vec<u8>, State> {
    read_at(path, hash).bytes()
}

fn shown_paths(doc: &DocumentRow, originals: &[Original]) -> String {
    if doc.paths.is_empty() {
        originals
            .iter()
            .map(Original::name)
            .collect::<Vec<_>>()
            .join(" + ")
    } else {
        doc.paths.clone()
    }
}

fn noted(f: FindingRow) -> Noted {
    let decision = f
        .decision
        .as_deref()
        .and_then(|d| Decision::ALL.into_iter().find(|x| x.as_str() == d))
        .map(|decision| Decided {
            decision,
            note: f.note.unwrap_or_default(),
            by: f.decided_by.unwrap_or_default(),
            at: f.decided_at.unwrap_or_default(),
        });
    Noted {
        rule: f.rule,
        severity: Severity::parse(&f.severity).unwrap_or(Severity::Info),
        message: f.message,
        message_en: f.message_en,
        page: f.page.and_then(|p| u32::try_from(p).ok()),
        table: f.table_name,
        fingerprint: Some(f.fingerprint),
        decision,
    }
}

/// Unix seconds as the page shows them: `2026-12-06 17:30 UTC`. By hand (days to a civil
/// date, Howard Hinnant's algorithm): one format, not worth a date crate.
pub fn utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_dates() {
        assert_eq!(super::utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(super::utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(super::utc(1_796_571_000), "2026-12-06 15:30 UTC");
    }
}
