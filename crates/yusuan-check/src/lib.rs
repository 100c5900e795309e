//! The checker: a catalogue of rules, each with a stable code (`YS101` …), a category, a default
//! severity and its own documentation, run over a [`Disclosure`].
//!
//! Rules live one per file under [`rules`], declared with [`declare_rule!`] so that the doc
//! comment is also the text of `yusuan rules` and of the generated `docs/rules.md`.

pub mod arith;
pub mod config;
pub mod finding;
pub mod output;
pub mod profile;
pub mod quantity;
pub mod rules;

pub use config::Config;
pub use finding::{Category, Finding, Money, Severity};

use serde::Serialize;
use std::cell::OnceCell;
use std::rc::Rc;
use yusuan_model::identity::{identities, Identity};
use yusuan_model::{Catalog, Disclosure};

/// What a rule is: its code, name, family, default severity and documentation.
#[derive(Debug)]
pub struct RuleInfo {
    /// Stable code (`YS101`).
    pub code: &'static str,
    /// Short kebab-case name (`parent-equals-children`).
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// The rule's doc comment (Markdown).
    pub doc: &'static str,
}

impl RuleInfo {
    /// The doc comment with the one leading space of each `///` line removed.
    pub fn doc_text(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The first line of the doc: a one-sentence summary.
    pub fn summary(&self) -> String {
        self.doc_text()
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_string()
    }
}

/// Everything a rule may look at.
pub struct Cx<'a> {
    pub doc: &'a Disclosure,
    pub catalog: &'a Catalog,
    /// The budget year (from the document, else the catalogue's newest).
    pub year: u16,
    pub profile: &'a profile::Profile,
    /// What several rules derive from the document, derived once on first use.
    quantities: OnceCell<quantity::Index<'a>>,
    identities: Vec<OnceCell<Vec<Identity>>>,
}

impl<'a> Cx<'a> {
    pub fn new(
        doc: &'a Disclosure,
        catalog: &'a Catalog,
        year: u16,
        profile: &'a profile::Profile,
    ) -> Self {
        Cx {
            doc,
            catalog,
            year,
            profile,
            quantities: OnceCell::new(),
            identities: doc.tables.iter().map(|_| OnceCell::new()).collect(),
        }
    }

    /// Every place a quantity is printed in the tables, in document order
    /// ([`quantity::find`], answered once per quantity).
    pub fn find(&self, q: &quantity::Quantity) -> Rc<[quantity::Occurrence]> {
        self.quantities
            .get_or_init(|| quantity::Index::new(self.doc, self.catalog))
            .find(q)
    }

    /// The identities of the `i`-th table ([`yusuan_model::identity::identities`]).
    pub fn identities(&self, i: usize) -> &[Identity] {
        match (self.identities.get(i), self.doc.tables.get(i)) {
            (Some(cell), Some(t)) => cell.get_or_init(|| identities(t)),
            _ => &[],
        }
    }
}

/// A rule of the catalogue.
pub trait Rule: Send + Sync {
    fn info(&self) -> &'static RuleInfo;
    /// Append findings. Use the rule's default severity; the runner applies the user's config.
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>);
}

/// Declare a rule: its doc comment, type name, code, kebab-case name, category and default
/// severity. The doc comment becomes [`RuleInfo::doc`].
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $vis:vis $name:ident, $code:literal, $slug:literal, $cat:ident, $sev:ident) => {
        $(#[doc = $doc])*
        $vis struct $name;
        impl $name {
            pub const INFO: $crate::RuleInfo = $crate::RuleInfo {
                code: $code,
                name: $slug,
                category: $crate::Category::$cat,
                severity: $crate::Severity::$sev,
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
}

/// Counts by severity.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Files that could not be read.
    pub unreadable: usize,
}

/// The findings for one file (or for the files of one disclosure checked as one).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FileReport {
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// The kind of disclosure (profile) the file was checked as, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<profile::Choice>,
    /// The files checked as this one disclosure (情况说明 and tables published apart), when
    /// more than one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<String>,
    pub findings: Vec<Finding>,
    /// Set when the file could not be read at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl FileReport {
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }
}

/// Run every enabled rule over a disclosure, codes and names compared with the embedded
/// catalogue ([`check_with_catalog`] for another).
pub fn check(doc: &Disclosure, config: &Config) -> Vec<Finding> {
    check_with_catalog(doc, config, Catalog::embedded())
}

/// Run every enabled rule over a disclosure, codes and names compared with `catalog` (the
/// embedded one with a user's, say).
pub fn check_with_catalog(doc: &Disclosure, config: &Config, catalog: &Catalog) -> Vec<Finding> {
    let profile = profile::of(doc);
    let cx = Cx::new(doc, catalog, doc.meta.year.unwrap_or(u16::MAX), profile);
    let mut all = Vec::new();
    for rule in rules::all() {
        let info = rule.info();
        let Some(severity) = config.severity_of(info) else {
            continue;
        };
        let mut found = Vec::new();
        rule.check(&cx, &mut found);
        for mut f in found {
            // A rounding difference is information, never an error, whatever the config says. A
            // rule may report some findings below its default severity (a coverage note); the
            // user's config overrides the severity only when it changes the rule's.
            f.severity = if f.rounding {
                Severity::Info
            } else if severity == info.severity {
                f.severity
            } else {
                severity
            };
            all.push(f);
        }
    }
    drop_guesses(doc, &mut all);
    dedupe(&mut all);
    all.sort_by(|a, b| {
        let key = |f: &Finding| {
            let p = f.primary();
            (
                p.and_then(|p| p.line).unwrap_or(0),
                f.rule,
                std::cmp::Reverse(f.severity),
            )
        };
        key(a).cmp(&key(b))
    });
    all
}

/// Nothing is derived from a table the reader is in doubt of: a finding that points into one is
/// dropped (the reading diagnostic that says the table is in doubt is reported instead, once).
fn drop_guesses(doc: &Disclosure, findings: &mut Vec<Finding>) {
    let doubtful: std::collections::HashSet<(&str, Option<u32>)> = doc
        .tables
        .iter()
        .filter(|t| !t.is_certain())
        .flat_map(|t| {
            std::iter::once(&t.prov)
                .chain(t.rows.iter().map(|r| &r.prov))
                .filter_map(|p| p.table.as_deref().map(|n| (n, p.page)))
        })
        .collect();
    if doubtful.is_empty() {
        return;
    }
    findings.retain(|f| {
        f.rule == rules::ImportProblems::INFO.code
            || !f.locations.iter().any(|p| {
                p.table
                    .as_deref()
                    .is_some_and(|n| doubtful.contains(&(n, p.page)))
            })
    });
}

/// The same set of cells reported twice (by two rules that share an identity) is reported once,
/// keeping the more severe finding.
fn dedupe(findings: &mut Vec<Finding>) {
    use std::collections::HashMap;
    // Every part of a place counts: line 9 of page 14 is not line 9 of page 11, nor is a row of
    // one table the same row of another. The key borrows the places (formatting them into one
    // string cost more than all the rules on a long document).
    type Place = (
        String,
        Option<u32>,
        Option<String>,
        Option<u32>,
        Option<String>,
        Option<String>,
    );
    let mut seen: HashMap<(Vec<Place>, i64), usize> = HashMap::new();
    let mut keep: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings.drain(..) {
        if f.locations.len() < 2 || f.expected.is_none() {
            keep.push(f);
            continue;
        }
        let mut locs: Vec<Place> = f
            .locations
            .iter()
            .map(|p| {
                (
                    p.file.to_string(),
                    p.page,
                    p.table.as_deref().map(str::to_string),
                    p.line,
                    p.row.clone(),
                    p.column.clone(),
                )
            })
            .collect();
        locs.sort();
        let key = (
            locs,
            f.difference.as_ref().map(|d| d.fen.0).unwrap_or(0).abs(),
        );
        match seen.get(&key).and_then(|&i| keep.get_mut(i)) {
            Some(k) if k.severity >= f.severity => {}
            Some(k) => *k = f,
            None => {
                seen.insert(key, keep.len());
                keep.push(f);
            }
        }
    }
    *findings = keep;
}

/// The rule reference in Markdown, from each rule's documentation (`docs/rules.md`).
pub fn reference_markdown() -> String {
    use std::fmt::Write as _;
    let mut s = String::from(
        "# yusuan 检查规则参考 (rule reference)\n\n<!-- Generated by `yusuan rules --markdown`; do not edit by hand. -->\n\n\
         Severity is the default; change it or turn a rule off in `yusuan.toml`:\n\n```toml\n[rules]\nYS403 = \"off\"\nrows-agree-across-tables = \"warning\"\n```\n\n\
         A difference within the rounding of the amounts involved (万元 rounded from 元) is always reported as `info` (取舍差异), never as an error.\n\n\
         | code | name | category | severity | summary |\n|---|---|---|---|---|\n",
    );
    for r in rules::all() {
        let i = r.info();
        let _ = writeln!(
            s,
            "| [{}](#{}) | `{}` | {} | {} | {} |",
            i.code,
            i.code.to_lowercase(),
            i.name,
            i.category.label(),
            i.severity.label_en(),
            i.summary()
        );
    }
    for r in rules::all() {
        let i = r.info();
        let doc = i.doc_text();
        let mut lines = doc.lines();
        let summary = lines.by_ref().find(|l| !l.trim().is_empty()).unwrap_or("");
        let _ = write!(
            s,
            "\n## {}\n\n`{}` · {} ({}) · default **{}**\n\n{}\n",
            i.code,
            i.name,
            i.category.label(),
            i.category.label_en(),
            i.severity.label_en(),
            summary.trim()
        );
        for l in lines {
            let l = l
                .strip_prefix("## ")
                .map(|h| format!("#### {h}"))
                .unwrap_or_else(|| l.to_string());
            let _ = writeln!(s, "{l}");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::{Fen, MoneyUnit, Provenance};

    fn at(page: u32, line: u32) -> Provenance {
        Provenance {
            file: "d.pdf".into(),
            page: Some(page),
            line: Some(line),
            row: Some("201".into()),
            column: Some("合计".into()),
            ..Default::default()
        }
    }

    fn finding(page: u32) -> Finding {
        let m = |v: i64| Money::new(Fen(v), MoneyUnit::WanYuan, 2);
        Finding::new("YS101", Severity::Error, "x", "x")
            .at(&at(page, 9))
            .at(&at(page, 10))
            .values(m(100), m(200))
    }

    #[test]
    fn the_same_line_on_two_pages_is_two_findings() {
        let mut f = vec![finding(11), finding(14), finding(11)];
        dedupe(&mut f);
        let pages: Vec<Option<u32>> = f.iter().map(|f| f.locations[0].page).collect();
        assert_eq!(pages, [Some(11), Some(14)]);
    }
}
