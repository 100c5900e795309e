//! Report formats: readable text grouped by table, JSON, SARIF 2.1.0 and CSV.

mod sarif;
mod text;

pub use sarif::sarif;
pub use text::text;

use crate::{FileReport, Finding, Severity, Summary};

/// Message language.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Finding {
    pub fn message_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.message,
            Lang::En => &self.message_en,
        }
    }
}

pub fn summarize(reports: &[FileReport]) -> Summary {
    let mut s = Summary {
        files: reports.len(),
        ..Default::default()
    };
    for r in reports {
        if r.error.is_some() {
            s.unreadable += 1;
        }
        s.errors += r.count(Severity::Error);
        s.warnings += r.count(Severity::Warning);
        s.infos += r.count(Severity::Info);
    }
    s
}

/// `{"findings":[…],"summary":{…},"files":[…]}`; lines and pages are 1-based.
pub fn json(reports: &[FileReport], lang: Lang) -> String {
    let findings: Vec<serde_json::Value> = reports
        .iter()
        .flat_map(|r| r.findings.iter())
        .map(|f| {
            serde_json::json!({
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message_in(lang),
                "message_zh": f.message,
                "message_en": f.message_en,
                "locations": f.locations.iter().map(|p| serde_json::json!({
                    "file": &*p.file,
                    "page": p.page,
                    "line": p.line,
                    "place": p.place,
                    "table": p.table.as_deref(),
                    "row": p.row,
                    "column": p.column,
                })).collect::<Vec<_>>(),
                "expected": f.expected,
                "actual": f.actual,
                "difference": f.difference,
                "rounding": f.rounding,
            })
        })
        .collect();
    let files: Vec<serde_json::Value> = reports
        .iter()
        .map(|r| {
            serde_json::json!({
                "file": r.file, "unit": r.unit, "year": r.year, "error": r.error,
                "profile": r.profile, "parts": r.parts,
                "errors": r.count(Severity::Error), "warnings": r.count(Severity::Warning), "infos": r.count(Severity::Info),
            })
        })
        .collect();
    let v =
        serde_json::json!({ "findings": findings, "summary": summarize(reports), "files": files });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// One row per finding and location: rule, severity, file, page, line, table, row, column,
/// expected, actual, difference, message.
pub fn csv(reports: &[FileReport], lang: Lang) -> String {
    let mut out = String::from(
        "rule,severity,file,page,line,table,row,column,expected,actual,difference,message\n",
    );
    for r in reports {
        if let Some(e) = &r.error {
            out.push_str(&csv_row(&[
                "", "error", &r.file, "", "", "", "", "", "", "", "", e,
            ]));
        }
        for f in &r.findings {
            let money =
                |m: &Option<crate::Money>| m.as_ref().map(|m| m.shown.clone()).unwrap_or_default();
            let (e, a, d) = (money(&f.expected), money(&f.actual), money(&f.difference));
            let first = f.primary();
            let opt = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
            out.push_str(&csv_row(&[
                f.rule,
                f.severity.label_en(),
                first.map(|p| &*p.file).unwrap_or(&r.file),
                &opt(first.and_then(|p| p.page)),
                &opt(first.and_then(|p| p.line)),
                first.and_then(|p| p.table.as_deref()).unwrap_or(""),
                first.and_then(|p| p.row.as_deref()).unwrap_or(""),
                first.and_then(|p| p.column.as_deref()).unwrap_or(""),
                &e,
                &a,
                &d,
                f.message_in(lang),
            ]));
        }
    }
    out
}

fn csv_row(fields: &[&str]) -> String {
    let mut s = fields
        .iter()
        .map(|f| {
            if f.contains([',', '"', '\n']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    s.push('\n');
    s
}
