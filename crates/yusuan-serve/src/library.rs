//! The disclosures the portal shows, kept in memory: each with its original file(s), the
//! disclosure as read, the budget derived from it, its figures and its findings. Two sources:
//! files read at start ([`Library::load`]: the same pipeline as `yusuan check`: import, pair
//! the two halves of a disclosure published as two files, check with the whole catalogue),
//! or the review workspace ([`Library::from_store`] in `workspace.rs`: what `yusuan review`
//! recorded, with the reviewers' decisions).

use crate::figures::Figures;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use yusuan_check::{Finding, Severity};
use yusuan_model::budget::Budget;
use yusuan_model::{Catalog, Disclosure, DocKind, Region};
use yusuan_review::originals::State;
use yusuan_store::Decision;

/// One disclosure of the portal.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Stable across restarts: the first 16 hex digits of the SHA-256 of the original file
    /// (of both files read as one, for [`Library::load`]; of the first, in a workspace).
    pub id: String,
    /// The workspace's id of the document (its files' hashes), when read from one.
    pub document_id: Option<String>,
    pub unit: String,
    pub year: u16,
    pub kind: DocKind,
    pub region: Region,
    /// The original files as published (two for a disclosure in two parts).
    pub originals: Vec<Original>,
    pub disclosure: Arc<Disclosure>,
    pub budget: Arc<Budget>,
    pub figures: Figures,
    pub findings: Vec<Noted>,
}

impl Entry {
    /// Errors, less those a reviewer decided are 不是问题 (as the review's league table
    /// counts them).
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == s && !f.dismissed())
            .count()
    }
}

/// An original file of a disclosure.
#[derive(Clone, Debug)]
pub enum Original {
    /// Read at start and kept in memory ([`Library::load`]).
    Held { name: String, bytes: Arc<[u8]> },
    /// A file a review read: where it was found when the library was read, and its content
    /// hash, against which it is checked again when downloaded.
    OnDisk {
        name: String,
        /// Where the content was found (the recorded path, or another path the workspace says
        /// holds it now); `None` when it is nowhere.
        path: Option<PathBuf>,
        hash: String,
        /// Whether it can still be given out, as located when the library was read.
        state: State,
    },
}

impl Original {
    pub fn name(&self) -> &str {
        match self {
            Original::Held { name, .. } | Original::OnDisk { name, .. } => name,
        }
    }

    pub fn state(&self) -> State {
        match self {
            Original::Held { .. } => State::Present,
            Original::OnDisk { state, .. } => *state,
        }
    }
}

/// A finding as the portal shows it, with the reviewer's decision on it when read from a
/// workspace.
#[derive(Clone, Debug)]
pub struct Noted {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub message_en: String,
    pub page: Option<u32>,
    pub table: Option<String>,
    /// The review's fingerprint (`yusuan mark` takes it); `None` outside a workspace.
    pub fingerprint: Option<String>,
    pub decision: Option<Decided>,
}

impl Noted {
    /// Decided 不是问题: not counted.
    pub fn dismissed(&self) -> bool {
        self.decision
            .as_ref()
            .is_some_and(|d| d.decision == Decision::NotAnIssue)
    }
}

impl From<&Finding> for Noted {
    fn from(f: &Finding) -> Noted {
        let at = f.locations.first();
        Noted {
            rule: f.rule.to_string(),
            severity: f.severity,
            message: f.message.clone(),
            message_en: f.message_en.clone(),
            page: at.and_then(|l| l.page),
            table: at.and_then(|l| l.table.as_deref().map(str::to_string)),
            fingerprint: None,
            decision: None,
        }
    }
}

/// A reviewer's decision on a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decided {
    pub decision: Decision,
    pub note: String,
    pub by: String,
    /// Unix seconds.
    pub at: i64,
}

/// A file that could not be read, with why.
#[derive(Clone, Debug)]
pub struct Refused {
    pub file: String,
    pub reason: String,
}

/// Every disclosure of the portal, in a stable order (unit, year, kind).
#[derive(Debug, Default)]
pub struct Library {
    pub entries: Vec<Entry>,
    pub refused: Vec<Refused>,
    /// The workspace read (its file, or its database URL without password), when read from
    /// one.
    pub workspace: Option<String>,
    /// Position in `entries` by id; made by [`Library::reindex`].
    index: HashMap<String, usize>,
}

/// Search criteria of the portal's front page and `/api/disclosures`.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct Query {
    /// Part of the unit's name.
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    /// A year; blank (a form's 全部年度) means any.
    #[serde(default, deserialize_with = "blank_is_none")]
    pub year: Option<u16>,
}

/// A number from a query string where a blank value (a form's empty choice) means none.
pub fn blank_is_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let s: Option<String> = serde::Deserialize::deserialize(d)?;
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

impl Library {
    /// Read every disclosure file under `paths` (files, or folders walked for .pdf .docx .xlsx
    /// .xls .html .htm .txt) and every native budget folder (a folder with `budget.toml`,
    /// built into its disclosure). Unreadable files are kept as refused with their reason.
    pub fn load(paths: &[PathBuf], catalog: &Catalog) -> Library {
        let mut files = Vec::new();
        let mut budgets = Vec::new();
        for p in paths {
            collect(p, &mut files, &mut budgets, 0);
        }
        let mut lib = Library::default();
        let mut read: Vec<(String, Vec<u8>, Disclosure)> = Vec::new();
        let options = yusuan_import::Options::with_catalog(catalog);
        for f in files {
            let name = f.display().to_string();
            let bytes = match std::fs::read(&f) {
                Ok(b) => b,
                Err(e) => {
                    lib.refused.push(Refused {
                        file: name,
                        reason: format!("无法读取文件 (cannot read): {e}"),
                    });
                    continue;
                }
            };
            match yusuan_import::import_file_with(&name, &bytes, &options) {
                Ok(d) => read.push((name, bytes, d)),
                Err(e) => lib.refused.push(Refused {
                    file: name,
                    reason: e.to_string(),
                }),
            }
        }
        let docs: Vec<Disclosure> = read.iter().map(|(_, _, d)| d.clone()).collect();
        for group in yusuan_import::pair_halves(&docs) {
            let mut originals = Vec::new();
            let mut parts = Vec::new();
            for i in group {
                if let Some((name, bytes, d)) = read.get(i) {
                    originals.push(Original::Held {
                        name: file_name(name),
                        bytes: bytes.as_slice().into(),
                    });
                    parts.push(d.clone());
                }
            }
            if let Some(d) = yusuan_import::combine_with_catalog(parts, catalog) {
                lib.add(d, originals, catalog);
            }
        }
        for dir in budgets {
            let name = dir.display().to_string();
            let built = yusuan_native::read_budget(&dir)
                .map_err(|e| e.to_string())
                .and_then(|b| {
                    yusuan_build::build(&b, b.region)
                        .map(|built| built.disclosure)
                        .map_err(|e| e.to_string())
                });
            match built {
                Ok(d) => {
                    let json = serde_json::to_vec_pretty(&d).unwrap_or_default();
                    lib.add(
                        d,
                        vec![Original::Held {
                            name: format!("{}.json", file_name(&name)),
                            bytes: json.into(),
                        }],
                        catalog,
                    );
                }
                Err(reason) => lib.refused.push(Refused { file: name, reason }),
            }
        }
        lib.reindex();
        lib
    }

    /// Put the entries in the library's order (unit, year, kind) and index them by id: after
    /// entries were added or changed by hand.
    pub fn reindex(&mut self) {
        self.entries.sort_by(|a, b| {
            (&a.unit, a.year, a.kind.label(), &a.id).cmp(&(&b.unit, b.year, b.kind.label(), &b.id))
        });
        self.index = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
    }

    fn add(&mut self, d: Disclosure, originals: Vec<Original>, catalog: &Catalog) {
        let mut h = Sha256::new();
        for o in &originals {
            if let Original::Held { bytes, .. } = o {
                h.update(bytes);
            }
        }
        let id: String = h
            .finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        if self.entries.iter().any(|e| e.id == id) {
            return;
        }
        let findings = yusuan_check::check_with_catalog(&d, &Default::default(), catalog)
            .iter()
            .map(Noted::from)
            .collect();
        let (budget, _) = yusuan_convert::budget_from_disclosure(&d, catalog);
        let figures = Figures::of(&budget, catalog);
        self.entries.push(Entry {
            id,
            document_id: None,
            unit: d
                .meta
                .unit
                .name
                .clone()
                .unwrap_or_else(|| "（未识别单位）".into()),
            year: d.meta.year.unwrap_or(0),
            kind: d.meta.kind,
            region: d.meta.region,
            originals,
            disclosure: Arc::new(d),
            budget: Arc::new(budget),
            figures,
            findings,
        });
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.index
            .get(id)
            .and_then(|&i| self.entries.get(i))
            .filter(|e| e.id == id)
    }

    /// The entries matching a search, in the library's order.
    pub fn search(&self, q: &Query) -> Vec<&Entry> {
        let words: Vec<&str> =
            q.q.as_deref()
                .unwrap_or_default()
                .split_whitespace()
                .collect();
        let region = q.region.as_deref().filter(|r| !r.is_empty());
        self.entries
            .iter()
            .filter(|e| {
                words.iter().all(|w| e.unit.contains(w))
                    && q.year.is_none_or(|y| e.year == y)
                    && region.is_none_or(|r| region_key(e.region) == r)
            })
            .collect()
    }

    /// Every unit with its entries, by name.
    pub fn units(&self) -> BTreeMap<&str, Vec<&Entry>> {
        let mut m: BTreeMap<&str, Vec<&Entry>> = BTreeMap::new();
        for e in &self.entries {
            m.entry(e.unit.as_str()).or_default().push(e);
        }
        m
    }
}

/// The region's key in URLs and the API (`chongqing`, `shanghai`, `national`).
pub fn region_key(r: Region) -> &'static str {
    match r {
        Region::Chongqing => "chongqing",
        Region::Shanghai => "shanghai",
        Region::National => "national",
    }
}

pub(crate) fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

/// Folders are walked at most this deep (a link loop or a huge tree stops here).
const MAX_DEPTH: usize = 8;

fn collect(p: &Path, files: &mut Vec<PathBuf>, budgets: &mut Vec<PathBuf>, depth: usize) {
    if p.is_dir() {
        if p.join("budget.toml").is_file() {
            budgets.push(p.to_path_buf());
            return;
        }
        if depth >= MAX_DEPTH {
            return;
        }
        let Ok(rd) = std::fs::read_dir(p) else {
            return;
        };
        let mut children: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
        children.sort();
        for c in children {
            collect(&c, files, budgets, depth + 1);
        }
    } else if p.is_file() {
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if matches!(
            ext.as_str(),
            "pdf" | "docx" | "xlsx" | "xls" | "html" | "htm" | "txt"
        ) {
            files.push(p.to_path_buf());
        }
    }
}
