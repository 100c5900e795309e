//! SARIF 2.1.0, for CI tools and code-review systems.

use super::Lang;
use crate::{FileReport, Finding, Severity};

pub fn sarif(reports: &[FileReport], lang: Lang) -> String {
    super::render(reports, super::Format::Sarif, lang)
}

/// The tool's description with every rule: what a SARIF log's run says after its results.
pub(super) fn tool() -> serde_json::Value {
    let rules: Vec<serde_json::Value> = crate::rules::all()
        .iter()
        .map(|r| {
            let i = r.info();
            serde_json::json!({
                "id": i.code,
                "name": i.name,
                "shortDescription": { "text": i.summary() },
                "fullDescription": { "text": i.doc_text() },
                "defaultConfiguration": { "level": level(i.severity) },
                "properties": { "category": i.category.label_en() },
            })
        })
        .collect();
    serde_json::json!({ "driver": { "name": "yusuan", "version": env!("CARGO_PKG_VERSION"), "rules": rules } })
}

/// One finding as a SARIF result.
pub(super) fn result(f: &Finding, lang: Lang) -> serde_json::Value {
    let locations: Vec<serde_json::Value> = f
        .locations
        .iter()
        .take(1)
        .map(|p| {
            let mut region = serde_json::Map::new();
            if let Some(l) = p.line {
                region.insert("startLine".into(), l.into());
            }
            serde_json::json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": &*p.file },
                    "region": region,
                },
                "logicalLocations": [{ "name": logical_name(p) }],
            })
        })
        .collect();
    let related: Vec<serde_json::Value> = f
        .locations
        .iter()
        .skip(1)
        .enumerate()
        .map(|(i, p)| {
            serde_json::json!({
                "id": i,
                "physicalLocation": {
                    "artifactLocation": { "uri": &*p.file },
                    "region": p.line.map(|l| serde_json::json!({"startLine": l})).unwrap_or(serde_json::json!({})),
                },
                "message": { "text": logical_name(p) },
            })
        })
        .collect();
    serde_json::json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": f.message_in(lang) },
        "locations": locations,
        "relatedLocations": related,
    })
}

/// `表二 … / 2010301 / 基本支出`
fn logical_name(p: &yusuan_model::Provenance) -> String {
    [p.table.as_deref(), p.row.as_deref(), p.column.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" / ")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
