//! The reports of a workspace, as `yusuan report` writes them: the league table and findings,
//! the year-over-year comparisons (a unit's documents linked across years and kinds, each
//! read back from the workspace once), and each document's 公开情况检查表 with its page crops
//! (from its original file, where the review read it or a later review saw the same content,
//! unchanged: [`crate::originals`]).

use crate::report::{write_reports, Summary, YearRow};
use crate::years::{by_unit, compare_figures, links, Figures, Key};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use yusuan_check::Finding;
use yusuan_model::Disclosure;
use yusuan_store::{DocumentRow, Store};

/// Write the reports of the workspace `store` into `out` (replaced whole). `base`: the folder
/// relative paths recorded by the review are taken from when not found from the current one
/// (the SQLite workspace's folder, say).
pub fn report_workspace(out: &Path, store: &Store, base: Option<&Path>) -> Result<Summary, String> {
    let docs = store.current_documents().map_err(|e| e.to_string())?;
    let findings = store.findings(false).map_err(|e| e.to_string())?;
    let years = year_rows(store, &docs)?;
    let files = store.document_files().map_err(|e| e.to_string())?;
    write_reports(out, &docs, &findings, &years, |dir| {
        write_checklists(dir, store, &docs, &files, base)
    })
}

/// A document's disclosure as the workspace keeps it; `None` when it keeps none (refused, or
/// recorded before disclosures were kept) or it does not read back.
fn disclosure(store: &Store, id: &str) -> Result<Option<Disclosure>, String> {
    let json = store.disclosure_json(id).map_err(|e| e.to_string())?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// Every link of the workspace's documents compared ([`crate::years`]).
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
    linked_rows(&keys, |id| {
        let json = store.disclosure_json(id).map_err(|e| e.to_string())?;
        Ok(json.and_then(|j| figures_of_json(&j)))
    })
}

/// The parts of a kept disclosure comparing reads (its kind and year, tables and narrative):
/// the rest (the source's lines, coverage, diagnostics, performance tables) is skipped unread.
#[derive(serde::Deserialize)]
struct Compared {
    meta: yusuan_model::DocumentMeta,
    #[serde(default)]
    tables: Vec<yusuan_model::Table>,
    #[serde(default)]
    narrative: yusuan_model::Narrative,
}

/// A kept disclosure's figures; `None` when it does not read back.
fn figures_of_json(json: &str) -> Option<Figures> {
    let c: Compared = serde_json::from_str(json).ok()?;
    Some(Figures::of(&Disclosure {
        meta: c.meta,
        tables: c.tables,
        narrative: c.narrative,
        ..Disclosure::default()
    }))
}

/// The rows of every link among `keys`. The documents are walked one unit at a time: each is
/// read (`figures`) at most once, only for a link it is in, and only its figures (what
/// comparing needs, not the disclosure) are kept, for that unit's documents only.
fn linked_rows(
    keys: &[Key],
    mut figures: impl FnMut(&str) -> Result<Option<Figures>, String>,
) -> Result<Vec<YearRow>, String> {
    let mut rows = Vec::new();
    for unit in by_unit(keys) {
        let linked = links(&unit);
        let mut read: HashMap<&str, Option<Figures>> = HashMap::new();
        for l in &linked {
            for k in [&l.reference, &l.stating] {
                if !read.contains_key(k.id.as_str()) {
                    read.insert(k.id.as_str(), figures(&k.id)?);
                }
            }
        }
        for l in &linked {
            let (Some(Some(r)), Some(Some(s))) = (
                read.get(l.reference.id.as_str()),
                read.get(l.stating.id.as_str()),
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
    files: &[yusuan_store::StoredFile],
    base: Option<&Path>,
) -> Result<usize, String> {
    let folder = dir.join("checklists");
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("{}: 无法创建 (cannot create): {e}", folder.display()))?;
    let paths = store.paths().map_err(|e| e.to_string())?;
    let places = crate::originals::Originals::new(files.to_vec(), paths, base);
    let read: Vec<&DocumentRow> = docs.iter().filter(|d| d.status == "imported").collect();
    let chunk = rayon::current_num_threads().max(1) * 2;
    let mut written = 0;
    for group in read.chunks(chunk) {
        // Each document's disclosure and findings (as `yusuan check` wrote each) read as its
        // turn comes: a province's findings are never all in memory at once.
        let mut loaded = Vec::new();
        for d in group {
            if let Some(disclosure) = disclosure(store, &d.id)? {
                let found: Vec<Finding> = store
                    .finding_details(&d.id)
                    .map_err(|e| e.to_string())?
                    .iter()
                    .filter_map(|j| serde_json::from_str(j).ok())
                    .collect();
                loaded.push((*d, disclosure, found));
            }
        }
        let made: Vec<Result<(), String>> = loaded
            .par_iter()
            .map(|(d, disclosure, found)| {
                let originals = places.present(&d.id);
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// Each document is read once however many links it is in (a budget of 2025 is in four:
    /// with the budgets of 2024 and 2026, the 决算 of 2024 and of 2025), a document in no
    /// link not at all; a document that does not read back gives no row and stops nothing.
    #[test]
    fn each_document_is_read_at_most_once() {
        let key = |id: &str, unit: &str, year: i64, kind: &str| Key {
            id: id.into(),
            unit: unit.into(),
            year,
            kind: kind.into(),
        };
        let u = "某某街道办事处";
        let keys = vec![
            key("b24", u, 2024, "department_budget"),
            key("b25", u, 2025, "department_budget"),
            key("b26", u, 2026, "department_budget"),
            key("f24", u, 2024, "department_final_accounts"),
            key("f25", u, 2025, "department_final_accounts"),
            key("alone", "别的单位", 2025, "department_budget"),
        ];
        let mut reads: Vec<String> = Vec::new();
        let rows = linked_rows(&keys, |id| {
            reads.push(id.to_string());
            Ok((id != "f25").then(Figures::default))
        })
        .unwrap();
        assert!(rows.is_empty());
        reads.sort();
        assert_eq!(reads, ["b24", "b25", "b26", "f24", "f25"]);
    }

    /// A kept disclosure's JSON read back for comparing gives the figures the disclosure does.
    #[test]
    fn figures_read_back_from_json_are_the_disclosures() {
        let d = yusuan_import::import_text(
            "b.txt",
            "某某街道办事处2025年部门预算\n\n2025年部门预算编制说明\n\
             2025年，某某街道办事处收入预算300.00万元，其中：财政拨款收入300.00万元，\
             比2024年预算执行数减少7.82万元。\n",
        )
        .unwrap();
        let json = serde_json::to_string(&d).unwrap();
        let back = figures_of_json(&json).unwrap();
        let show = |f: &Figures, r| {
            f.listed(r)
                .into_iter()
                .map(|x| (x.subject, x.fen))
                .collect::<Vec<_>>()
        };
        for role in [crate::years::Role::Own, crate::years::Role::Execution] {
            assert_eq!(show(&back, role), show(&Figures::of(&d), role));
        }
        assert_eq!(show(&back, crate::years::Role::Execution).len(), 1);
        assert!(figures_of_json("{").is_none());
    }
}
