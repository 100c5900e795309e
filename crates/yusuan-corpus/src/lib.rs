//! The corpus of real disclosures (`corpus/` at the repository's root) and what is known to be
//! wrong in each: `corpus/expected/*.toml`, one file per disclosure (a disclosure published as
//! two files, 情况说明 + 表, is one entry with both files).
//!
//! [`run`] imports and checks one entry the way `yusuan check` does and compares the findings of
//! severity error with the entry's real defects: every defect must be found as an error on its
//! page, and every other error is a reading mistake of ours (an *unexpected* error). [`table`]
//! prints the corpus table: per document the kind of disclosure (profile) chosen, errors expected
//! and found, unexpected errors, reading diagnostics and the share of lines not understood.
//!
//! An expected-findings file:
//!
//! ```toml
//! files = ["pdf/shanghai-putuo-welfare-home-2024-unit-budget.pdf"]
//! unit = "上海市普陀区社会福利院"
//! year = 2024
//! kind = "单位预算"
//! profile = "shanghai-unit"
//!
//! # A real defect: found when an error of this rule is on this page and its message holds
//! # every figure (thousands separators ignored). `severity = "warning"` for one a reviewer
//! # should look at (a warning of the rule).
//! [[defect]]
//! rule = "YS301"
//! page = 6
//! figures = ["738.66"]
//! what = "item 2081005 is 738.66 万元 in the text, 6,964,796 元 in the tables"
//!
//! # A real defect no rule looks for yet: listed, not asserted.
//! [[pending]]
//! what = "三公 reason left as a placeholder: 主要原因是。"
//! by = "issue 10"
//! ```

use serde::Deserialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use yusuan_check::{Config, Finding, Severity};
use yusuan_model::Disclosure;

/// The corpus folder of this repository.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

/// One entry of `corpus/expected/`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The entry's name (the expected file's stem), set when loaded.
    #[serde(skip)]
    pub name: String,
    /// The document's files, relative to the corpus folder.
    pub files: Vec<String>,
    /// The unit's name as the document states it.
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub year: Option<u16>,
    /// 部门预算 / 单位预算 / 部门决算 / 单位决算.
    #[serde(default)]
    pub kind: Option<String>,
    /// The kind of disclosure (profile id) the document follows: `shanghai-unit`, `national` …
    #[serde(default)]
    pub profile: Option<String>,
    #[serde(default, rename = "defect")]
    pub defects: Vec<Defect>,
    #[serde(default, rename = "pending")]
    pub pending: Vec<Pending>,
    /// While the reader is being fixed: document facts (`unit`, `year`, `kind`, `profile`) still
    /// misread.
    #[serde(default)]
    pub misread: Vec<String>,
    /// While the reader is being fixed: how many unexpected errors the entry may still show.
    /// Lowered as readings improve; absent means none.
    #[serde(default)]
    pub unexpected_errors_at_most: usize,
    /// The entry whose document this one is, written again by another producer (re-rendered
    /// by pdftocairo): every key this file does not give is that entry's (its unit, its
    /// defects …), so that the two expectations cannot drift apart.
    #[serde(default)]
    pub rewritten_from: Option<String>,
}

/// A real defect of the document that a rule finds.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defect {
    pub rule: String,
    pub page: Option<u32>,
    /// Figures the error's message must state (`738.66`, `87.36`).
    #[serde(default)]
    pub figures: Vec<String>,
    pub what: String,
    /// `warning` for a defect a reviewer should look at (a typographic slip, a blank page):
    /// found when a warning of the rule is on the page. Absent: an error.
    #[serde(default)]
    pub severity: Option<String>,
    /// Set while the defect is not found yet: why.
    #[serde(default)]
    pub missed: Option<String>,
}

impl Defect {
    /// The severity of the finding that finds it.
    pub fn severity(&self) -> Severity {
        self.severity
            .as_deref()
            .and_then(Severity::parse)
            .unwrap_or(Severity::Error)
    }
}

/// A real defect of the document that no rule looks for yet.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pending {
    pub what: String,
    pub by: String,
}

/// Every entry of `dir/expected/`, by name.
pub fn load(dir: &Path) -> Result<Vec<Expected>, String> {
    let expected = dir.join("expected");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&expected)
        .map_err(|e| format!("{}: {e}", expected.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut tables: Vec<(String, toml::Table)> = Vec::new();
    for p in &paths {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        let table: toml::Table =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))?;
        let name = p
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        tables.push((name, table));
    }
    tables
        .iter()
        .map(|(name, table)| {
            let mut merged = table.clone();
            if let Some(from) = table.get("rewritten_from").and_then(|v| v.as_str()) {
                let (_, original) = tables
                    .iter()
                    .find(|(n, _)| n == from)
                    .ok_or_else(|| format!("{name}: rewritten_from names no entry: {from}"))?;
                for (key, value) in original {
                    if key != "rewritten_from" {
                        merged.entry(key.clone()).or_insert_with(|| value.clone());
                    }
                }
            }
            let mut e = Expected::deserialize(toml::Value::Table(merged))
                .map_err(|e| format!("{name}: {e}"))?;
            e.name = name.clone();
            Ok(e)
        })
        .collect()
}

/// What running one entry gave.
#[derive(Debug)]
pub struct Outcome {
    pub name: String,
    /// Set when a file could not be read at all.
    pub unreadable: Option<String>,
    pub unit: Option<String>,
    pub year: Option<u16>,
    pub kind: String,
    pub region: String,
    /// The profile chosen for the document.
    pub profile: String,
    pub pages: u32,
    /// Defects found, by index into the entry's defects, with the errors that found each.
    pub found: Vec<(usize, usize)>,
    /// Defects not found (not marked missed).
    pub missing: Vec<usize>,
    /// Defects marked missed that were found after all.
    pub missed_but_found: Vec<usize>,
    /// Errors that are no listed defect.
    pub unexpected: Vec<Finding>,
    pub warnings: usize,
    /// Reading diagnostics: the importer's problems (YS001) and lines not understood.
    pub diagnostics: usize,
    pub lines: u32,
    pub unexplained_lines: usize,
    /// The unit, year or kind read differently from the entry's (`kind: 部门预算 ≠ 部门决算`).
    pub meta_mismatches: Vec<String>,
}

impl Outcome {
    /// Share of the document's lines not understood, in per mille.
    pub fn unexplained_per_mille(&self) -> u32 {
        if self.lines == 0 {
            return 0;
        }
        (self.unexplained_lines as u64 * 1000 / self.lines as u64) as u32
    }
}

/// Import the entry's files (two files are checked as one disclosure) and check them.
pub fn read(dir: &Path, e: &Expected) -> Result<Disclosure, String> {
    let mut parts = Vec::new();
    for f in &e.files {
        let path = dir.join(f);
        let bytes = std::fs::read(&path).map_err(|err| format!("{}: {err}", path.display()))?;
        let d = yusuan_import::import_file(f, &bytes).map_err(|err| err.to_string())?;
        parts.push(d);
    }
    yusuan_import::combine(parts).ok_or_else(|| format!("{}: no files", e.name))
}

/// The figures of a message as digits and points only (`1,202.95` → `1202.95`).
fn digits(s: &str) -> String {
    s.chars().filter(|c| *c != ',' && *c != '，').collect()
}

fn pages_of(f: &Finding) -> Vec<u32> {
    f.locations.iter().filter_map(|p| p.page).collect()
}

fn matches(d: &Defect, f: &Finding) -> bool {
    let message = digits(&f.message);
    f.rule == d.rule
        && f.severity == d.severity()
        && d.page.is_none_or(|p| pages_of(f).contains(&p))
        && d.figures.iter().all(|x| message.contains(&digits(x)))
}

/// Run one entry.
pub fn run(dir: &Path, e: &Expected) -> Outcome {
    let mut o = Outcome {
        name: e.name.clone(),
        unreadable: None,
        unit: None,
        year: None,
        kind: String::new(),
        region: String::new(),
        profile: String::new(),
        pages: 0,
        found: Vec::new(),
        missing: Vec::new(),
        missed_but_found: Vec::new(),
        unexpected: Vec::new(),
        warnings: 0,
        diagnostics: 0,
        lines: 0,
        unexplained_lines: 0,
        meta_mismatches: Vec::new(),
    };
    let d = match read(dir, e) {
        Ok(d) => d,
        Err(err) => {
            o.unreadable = Some(err);
            o.missing = (0..e.defects.len()).collect();
            return o;
        }
    };
    let findings = yusuan_check::check(&d, &Config::default());
    o.unit = d.meta.unit.name.clone();
    o.year = d.meta.year;
    o.kind = d.meta.kind.label().to_string();
    o.region = format!("{:?}", d.meta.region).to_lowercase();
    o.profile = yusuan_check::profile::of(&d).id.clone();
    o.pages = d.source.pages.unwrap_or(0);
    let mut differs = |what: &str, want: Option<String>, got: Option<String>| {
        if want.is_some() && want != got && !e.misread.iter().any(|m| m == what) {
            o.meta_mismatches.push(format!(
                "{what}: {} ≠ {}",
                want.unwrap_or_default(),
                got.unwrap_or_else(|| "（未识别）".to_string())
            ));
        }
    };
    differs("unit", e.unit.clone(), d.meta.unit.name.clone());
    differs(
        "year",
        e.year.map(|y| y.to_string()),
        d.meta.year.map(|y| y.to_string()),
    );
    differs(
        "kind",
        e.kind.clone(),
        Some(d.meta.kind.label().to_string()),
    );
    differs("profile", e.profile.clone(), Some(o.profile.clone()));
    for m in &e.misread {
        let now_right = match m.as_str() {
            "unit" => e.unit.is_some() && e.unit == d.meta.unit.name,
            "year" => e.year.is_some() && e.year == d.meta.year,
            "kind" => e.kind.as_deref() == Some(d.meta.kind.label()),
            "profile" => e.profile.as_deref() == Some(o.profile.as_str()),
            _ => false,
        };
        if now_right {
            o.meta_mismatches
                .push(format!("{m} is read right now: remove it from `misread`"));
        }
    }
    o.lines = d.coverage.total_lines;
    o.unexplained_lines = d.coverage.unexplained.len();
    o.diagnostics = d.diagnostics.len() + d.coverage.unexplained.len();
    o.warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let mut hits = vec![0usize; e.defects.len()];
    for f in findings.iter().filter(|f| f.severity >= Severity::Warning) {
        match e.defects.iter().zip(&mut hits).find(|(d, _)| matches(d, f)) {
            Some((_, hit)) => *hit += 1,
            None if f.severity == Severity::Error => o.unexpected.push(f.clone()),
            None => {}
        }
    }
    for (i, (d, n)) in e.defects.iter().zip(hits).enumerate() {
        match (n, &d.missed) {
            (0, None) => o.missing.push(i),
            (0, Some(_)) => {}
            (n, None) => o.found.push((i, n)),
            (n, Some(_)) => {
                o.found.push((i, n));
                o.missed_but_found.push(i);
            }
        }
    }
    o
}

/// The corpus table: one line per entry and a total.
pub fn table(entries: &[Expected], outcomes: &[Outcome]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<52} {:<8} {:<19} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7}",
        "document",
        "kind",
        "profile",
        "pages",
        "defect",
        "found",
        "unexp",
        "warn",
        "diag",
        "unread‰"
    );
    let (mut defects, mut found, mut unexpected) = (0, 0, 0);
    for (e, o) in entries.iter().zip(outcomes) {
        let listed = e.defects.iter().filter(|d| d.missed.is_none()).count();
        let hit = o
            .found
            .iter()
            .filter(|(i, _)| e.defects.get(*i).is_some_and(|d| d.missed.is_none()))
            .count();
        defects += listed;
        found += hit;
        unexpected += o.unexpected.len();
        if let Some(err) = &o.unreadable {
            let _ = writeln!(s, "{:<52} unreadable: {err}", o.name);
            continue;
        }
        let _ = writeln!(
            s,
            "{:<52} {:<8} {:<19} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7}",
            o.name,
            o.kind,
            o.profile,
            o.pages,
            listed,
            hit,
            o.unexpected.len(),
            o.warnings,
            o.diagnostics,
            o.unexplained_per_mille()
        );
    }
    let _ = writeln!(
        s,
        "{:<52} {:<8} {:<19} {:>5} {:>6} {:>6} {:>6}",
        "total", "", "", "", defects, found, unexpected
    );
    s
}

/// Every unexpected error and every missed defect, for reading.
pub fn details(entries: &[Expected], outcomes: &[Outcome]) -> String {
    let mut s = String::new();
    for (e, o) in entries.iter().zip(outcomes) {
        if o.unexpected.is_empty() && o.missing.is_empty() && o.meta_mismatches.is_empty() {
            continue;
        }
        let _ = writeln!(s, "== {}", o.name);
        for m in &o.meta_mismatches {
            let _ = writeln!(s, "  读错 misread {m}");
        }
        for &i in &o.missing {
            if let Some(d) = e.defects.get(i) {
                let _ = writeln!(
                    s,
                    "  未找到 missing {} p.{} {}",
                    d.rule,
                    d.page.map(|p| p.to_string()).unwrap_or_default(),
                    d.what
                );
            }
        }
        for f in &o.unexpected {
            let pages: Vec<String> = pages_of(f).iter().map(u32::to_string).collect();
            let _ = writeln!(
                s,
                "  意外 unexpected {} p.{} {}",
                f.rule,
                pages.join(","),
                f.message
            );
        }
    }
    s
}
