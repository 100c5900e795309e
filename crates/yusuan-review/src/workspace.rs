//! The reports of a workspace, as `yusuan report` writes them: the league table and findings,
//! the year-over-year comparisons (a unit's documents linked across years and kinds, each
//! read back from the workspace once), and each document's 公开情况检查表 with its page crops (from its
//! original file, where that is still where the review read it and unchanged).

use crate::report::{write_reports, Summary, YearRow};
use crate::years::{by_unit, compare_figures, links, Figures, Key};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use yusuan_check::Finding;
use yusuan_model::Disclosure;
use yusuan_store::{DocumentRow, FindingRow, Store};

/// Write the reports of the workspace `store` into `out` (replaced whole). `base`: the folder
/// relative paths recorded by the review are taken from when not found from the current one
/// (the SQLite workspace's folder, say).
pub fn report_workspace(out: &Path, store: &Store, base: Option<&Path>) -> Result<Summary, String> {
    let docs = store.current_documents().map_err(|e| e.to_string())?;
    let findings = store.findings(false).map_err(|e| e.to_string())?;
    let years = year_rows(store, &docs)?;
    let files = store.document_files().map_err(|e| e.to_string())?;
    write_reports(out, &docs, &findings, &years, |dir| {
        write_checklists(dir, store, &docs, &findings, &files, base)
    })
}

/// A document's disclosure as the workspace keeps it; `None` when it keeps none (refused, or
/// recorded before disclosures were kept) or it does not read back.
fn disclosure(store: &Store, id: &str) -> Result<Option<Disclosure>, String> {
    let json = store.disclosure_json(id).map_err(|e| e.to_string())?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// Every link of the workspace's documents compared ([`crate::years`]). The documents are
/// walked one unit at a time: each is read from the workspace at most once, and only its
/// figures (what comparing needs, not the disclosure) are kept, for that unit's documents only.
fn year_rows(store: &Store, docs: &[DocumentRow]) -> Result<Vec<YearRow>, String> {
    let keys: Vec<Key> = docs
        .iter()
        .filter(|d| d.status == "imported")
        .filter_map(|d| {
            Some(Key {
                id: d.id.clone(),
                unit: d.unit.clone()?,
                year: d.year?,
                kind: d.kind.clone()?,
            })
        })
        .collect();
    let mut rows = Vec::new();
    for unit in by_unit(&keys) {
        let linked = links(&unit);
        let mut figures: HashMap<&str, Option<Figures>> = HashMap::new();
        for l in &linked {
            for k in [&l.reference, &l.stating] {
                if !figures.contains_key(k.id.as_str()) {
                    let f = disclosure(store, &k.id)?.map(|d| Figures::of(&d));
                    figures.insert(k.id.as_str(), f);
                }
            }
        }
        for l in &linked {
            let (Some(Some(r)), Some(Some(s))) = (
                figures.get(l.reference.id.as_str()),
                figures.get(l.stating.id.as_str()),
            ) else {
                continue;
            };
            for comparison in compare_figures(l.link, r, s) {
                rows.push(YearRow {
                    link: l.link,
                    unit: l.stating.unit.clone(),
                    kind: l.stating.kind.clone(),
                    year: l.stating.year,
                    document: l.stating.id.clone(),
                    reference_kind: l.reference.kind.clone(),
                    reference_year: l.reference.year,
                    reference_document: l.reference.id.clone(),
                    comparison,
                });
            }
        }
    }
    Ok(rows)
}

/// Each read document's checklist into `dir/checklists/`: disclosures read from the workspace
/// a few at a time (memory stays bounded), checklists made on all cores.
fn write_checklists(
    dir: &Path,
    store: &Store,
    docs: &[DocumentRow],
    findings: &[FindingRow],
    files: &[yusuan_store::StoredFile],
    base: Option<&Path>,
) -> Result<usize, String> {
    let folder = dir.join("checklists");
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("{}: 无法创建 (cannot create): {e}", folder.display()))?;
    let mut by_doc: HashMap<&str, Vec<Finding>> = HashMap::new();
    for f in findings {
        if let Ok(finding) = serde_json::from_str::<Finding>(&f.detail) {
            by_doc
                .entry(f.document_id.as_str())
                .or_default()
                .push(finding);
        }
    }
    let paths = store.paths().map_err(|e| e.to_string())?;
    let places = crate::originals::Originals::new(files.to_vec(), paths, base);
    let read: Vec<&DocumentRow> = docs.iter().filter(|d| d.status == "imported").collect();
    let chunk = rayon::current_num_threads().max(1) * 2;
    let mut written = 0;
    for group in read.chunks(chunk) {
        let mut loaded = Vec::new();
        for d in group {
            if let Some(disclosure) = disclosure(store, &d.id)? {
                loaded.push((*d, disclosure));
            }
        }
        let made: Vec<Result<(), String>> = loaded
            .par_iter()
            .map(|(d, disclosure)| {
                let originals = places.present(&d.id);
                let none = Vec::new();
                let found = by_doc.get(d.id.as_str()).unwrap_or(&none);
                let (bytes, _) = crate::checklists::checklist_xlsx(disclosure, found, &originals)?;
                let kind = crate::report::kind_label(d.kind.as_deref());
                let stem = crate::checklists::file_stem(d.unit.as_deref(), d.year, kind);
                let short: String = d.id.chars().take(8).collect();
                let path = folder.join(format!("{stem}-{short}.xlsx"));
                std::fs::write(&path, bytes)
                    .map_err(|e| format!("{}: 无法写出 (cannot write): {e}", path.display()))
            })
            .collect();
        for r in made {
            r?;
            written += 1;
        }
    }
    Ok(written)
}
