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

/// One row per finding: rule, severity, file, page, line, table, row, column, expected, actual,
/// difference, message; headers and severities in the report's language. A UTF-8 byte-order
/// mark first, so that Excel (which reviewers open it in) reads the Chinese as UTF-8.
pub fn csv(reports: &[FileReport], lang: Lang) -> String {
    let zh = matches!(lang, Lang::Zh);
    let header: [&str; 12] = if zh {
        [
            "规则",
            "级别",
            "文件",
            "页",
            "行",
            "表",
            "行项目",
            "列",
            "应为",
            "实为",
            "差额",
            "说明",
        ]
    } else {
        [
            "rule",
            "severity",
            "file",
            "page",
            "line",
            "table",
            "row",
            "column",
            "expected",
            "actual",
            "difference",
            "message",
        ]
    };
    let severity = |s: crate::Severity| if zh { s.label() } else { s.label_en() };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut rows: Vec<[String; 12]> = Vec::new();
    for r in reports {
        if let Some(e) = &r.error {
            let mut row: [String; 12] = Default::default();
            row[1] = severity(crate::Severity::Error).to_string();
            row[2] = r.file.clone();
            row[11] = e.clone();
            rows.push(row);
        }
        for f in &r.findings {
            let money =
                |m: &Option<crate::Money>| m.as_ref().map(|m| m.shown.clone()).unwrap_or_default();
            let first = f.primary();
            let opt = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
            let text = |v: Option<&str>| v.unwrap_or("").to_string();
            rows.push([
                f.rule.to_string(),
                severity(f.severity).to_string(),
                first
                    .map(|p| p.file.to_string())
                    .unwrap_or_else(|| r.file.clone()),
                opt(first.and_then(|p| p.page)),
                opt(first.and_then(|p| p.line)),
                text(first.and_then(|p| p.table.as_deref())),
                text(first.and_then(|p| p.row.as_deref())),
                text(first.and_then(|p| p.column.as_deref())),
                money(&f.expected),
                money(&f.actual),
                money(&f.difference),
                f.message_in(lang).to_string(),
            ]);
        }
    }
    // Writing into memory fails only on a broken record shape, which fixed-width rows rule out.
    let _ = w.write_record(header);
    for row in &rows {
        let _ = w.write_record(row);
    }
    let body = w
        .into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    format!("\u{feff}{body}")
}
