//! The reports of a workspace, as `yusuan report` writes them: the league table and findings,
//! the year-over-year comparisons (a unit's documents linked across years and kinds), and each
//! document's 公开情况检查表 with its page crops (from its original file, where the review read
//! it or a later review saw the same content, unchanged: [`crate::originals`]). Each kept
//! disclosure is read back from the workspace (fetched, inflated, parsed) once, for both its
//! checklist and its figures, unit by unit: a province's disclosures are never all in memory.

use crate::report::{write_reports, Read, Summary, YearRow};
use crate::years::{by_unit, compare_figures, links, Figures, Key, Linked};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
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
    let files = store.document_files().map_err(|e| e.to_string())?;
    write_reports(out, &docs, &findings, |dir| {
        read_documents(dir, store, &docs, &files, base)
    })
}

/// A document as the workspace keeps it, fetched for its turn: its disclosure's JSON
/// (inflated) and its findings as `yusuan check` wrote each.
struct Kept {
    json: String,
    findings: Vec<String>,
}

/// What became of one document read: whether its checklist was written, and its figures when
/// it is in a link.
#[derive(Default)]
struct Made {
    checklist: bool,
    figures: Option<Figures>,
}

/// Each read document's checklist into `dir/checklists/`, and the rows of every link among the
/// documents: each disclosure fetched from the workspace once, as its turn comes, parsed and
/// made into its checklist (and its figures) on all cores, a few documents at a time.
fn read_documents(
    dir: &Path,
    store: &Store,
    docs: &[DocumentRow],
    files: &[yusuan_store::StoredFile],
    base: Option<&Path>,
) -> Result<Read, String> {
    let folder = dir.join("checklists");
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("{}: 无法创建 (cannot create): {e}", folder.display()))?;
    let paths = store.paths().map_err(|e| e.to_string())?;
    let places = crate::originals::Originals::new(files.to_vec(), paths, base);
    let chunk = rayon::current_num_threads().max(1) * 2;
    walk(
        docs,
        chunk,
        |d| {
            let Some(json) = store.disclosure_json(&d.id).map_err(|e| e.to_string())? else {
                return Ok(None);
            };
            let findings = store.finding_details(&d.id).map_err(|e| e.to_string())?;
            Ok(Some(Kept { json, findings }))
        },
        |d, kept, linked| {
            let Ok(disclosure) = serde_json::from_str::<Disclosure>(&kept.json) else {
                // Not a disclosure this version reads whole (a workspace of an older one):
                // no checklist, but its figures when the parts comparing reads do read.
                return Ok(Made {
                    checklist: false,
                    figures: linked.then(|| figures_of_json(&kept.json)).flatten(),
                });
            };
            drop(kept.json);
            let figures = linked.then(|| Figures::of(&disclosure));
            let found: Vec<Finding> = kept
                .findings
                .iter()
                .filter_map(|j| serde_json::from_str(j).ok())
                .collect();
            let originals = places.present(&d.id);
            let (bytes, _) = crate::checklists::checklist_xlsx(&disclosure, &found, &originals)?;
            let kind = crate::report::kind_label(d.kind.as_deref());
            let stem = crate::checklists::file_stem(d.unit.as_deref(), d.year, kind);
            let short: String = d.id.chars().take(8).collect();
            let path = folder.join(format!("{stem}-{short}.xlsx"));
            std::fs::write(&path, bytes)
                .map_err(|e| format!("{}: 无法写出 (cannot write): {e}", path.display()))?;
            Ok(Made {
                checklist: true,
                figures,
            })
        },
    )
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

/// The imported documents of a unit (as linking groups them) and the links among them; an
/// imported document naming no unit, year or kind stands alone, in no link.
struct Unit<'a> {
    docs: Vec<&'a DocumentRow>,
    links: Vec<Linked>,
}

fn units(docs: &[DocumentRow]) -> Vec<Unit<'_>> {
    let imported: Vec<&DocumentRow> = docs.iter().filter(|d| d.status == "imported").collect();
    let keys: Vec<Key> = imported
        .iter()
        .filter_map(|d| {
            Some(Key {
                id: d.id.clone(),
                unit: d.unit.clone()?,
                year: d.year?,
                kind: d.kind.clone()?,
            })
        })
        .collect();
    let by_id: HashMap<&str, &DocumentRow> = imported.iter().map(|d| (d.id.as_str(), *d)).collect();
    let keyed: HashSet<&str> = keys.iter().map(|k| k.id.as_str()).collect();
    let mut out: Vec<Unit> = by_unit(&keys)
        .into_iter()
        .map(|group| Unit {
            docs: group
                .iter()
                .filter_map(|k| by_id.get(k.id.as_str()).copied())
                .collect(),
            links: links(&group),
        })
        .collect();
    out.extend(
        imported
            .iter()
            .filter(|d| !keyed.contains(d.id.as_str()))
            .map(|d| Unit {
                docs: vec![*d],
                links: Vec::new(),
            }),
    );
    out
}

/// Every imported document read once, unit after unit, `chunk` documents at a time: `fetch`
/// gets each from the workspace in turn (`None`: it keeps no disclosure), `make` does the
/// rest on all cores (told whether the document is in a link, so its figures are wanted).
/// A unit's figures are kept only until its last document is read, then its links compared.
fn walk<K: Send>(
    docs: &[DocumentRow],
    chunk: usize,
    mut fetch: impl FnMut(&DocumentRow) -> Result<Option<K>, String>,
    make: impl Fn(&DocumentRow, K, bool) -> Result<Made, String> + Sync,
) -> Result<Read, String> {
    let units = units(docs);
    let linked: HashSet<&str> = units
        .iter()
        .flat_map(|u| &u.links)
        .flat_map(|l| [l.reference.id.as_str(), l.stating.id.as_str()])
        .collect();
    let order: Vec<(usize, &DocumentRow)> = units
        .iter()
        .enumerate()
        .flat_map(|(u, unit)| unit.docs.iter().map(move |d| (u, *d)))
        .collect();
    let mut left: Vec<usize> = units.iter().map(|u| u.docs.len()).collect();
    let mut done = 0;
    let mut figures: HashMap<&str, Figures> = HashMap::new();
    let mut read = Read::default();
    for group in order.chunks(chunk.max(1)) {
        let mut fetched = Vec::new();
        for (_, d) in group {
            if let Some(k) = fetch(d)? {
                fetched.push((*d, k));
            }
        }
        let made: Vec<(&DocumentRow, Result<Made, String>)> = fetched
            .into_par_iter()
            .map(|(d, k)| (d, make(d, k, linked.contains(d.id.as_str()))))
            .collect();
        for (d, m) in made {
            let m = m?;
            read.checklists += usize::from(m.checklist);
            if let Some(f) = m.figures {
                figures.insert(d.id.as_str(), f);
            }
        }
        for (u, _) in group {
            if let Some(n) = left.get_mut(*u) {
                *n = n.saturating_sub(1);
            }
        }
        // The units read to the end: their links compared, their figures let go.
        while let Some(unit) = units.get(done).filter(|_| left.get(done) == Some(&0)) {
            compare_unit(unit, &figures, &mut read.years);
            for d in &unit.docs {
                figures.remove(d.id.as_str());
            }
            done += 1;
        }
    }
    Ok(read)
}

/// The rows of a unit's links whose two documents both gave their figures.
fn compare_unit(unit: &Unit, figures: &HashMap<&str, Figures>, rows: &mut Vec<YearRow>) {
    for l in &unit.links {
        let (Some(r), Some(s)) = (
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// Each imported document is fetched once however many links it is in (a budget of 2025
    /// is in four: with the budgets of 2024 and 2026, the 决算 of 2024 and of 2025), one in
    /// no link or naming no unit too (for its checklist), a refused one not at all; its
    /// figures are asked for only when it is in a link; a document that keeps no disclosure
    /// gives no checklist and stops nothing. Units spanning the chunks read.
    #[test]
    fn each_document_is_fetched_once() {
        let doc = |id: &str, unit: Option<&str>, year: i64, kind: &str, status: &str| DocumentRow {
            id: id.into(),
            status: status.into(),
            reason: None,
            unit: unit.map(str::to_string),
            year: Some(year),
            kind: Some(kind.into()),
            profile: None,
            errors: 0,
            warnings: 0,
            infos: 0,
            paths: String::new(),
        };
        let u = Some("某某街道办事处");
        let (b, f) = ("department_budget", "department_final_accounts");
        let docs = vec![
            doc("alone", Some("别的单位"), 2025, b, "imported"),
            doc("b24", u, 2024, b, "imported"),
            doc("b25", u, 2025, b, "imported"),
            doc("b26", u, 2026, b, "imported"),
            doc("f24", u, 2024, f, "imported"),
            doc("f25", u, 2025, f, "imported"),
            doc("refused", u, 2025, b, "refused"),
            doc("unnamed", None, 2025, b, "imported"),
        ];
        for chunk in [1, 2, 3, 100] {
            let mut fetched: Vec<String> = Vec::new();
            let made = std::sync::Mutex::new(Vec::new());
            let read = walk(
                &docs,
                chunk,
                |d| {
                    fetched.push(d.id.clone());
                    Ok((d.id != "f25").then_some(()))
                },
                |d, (), linked| {
                    made.lock().unwrap().push((d.id.clone(), linked));
                    Ok(Made {
                        checklist: true,
                        figures: linked.then(Figures::default),
                    })
                },
            )
            .unwrap();
            fetched.sort();
            assert_eq!(
                fetched,
                ["alone", "b24", "b25", "b26", "f24", "f25", "unnamed"],
                "chunk {chunk}"
            );
            let mut made = made.into_inner().unwrap();
            made.sort();
            let want: Vec<(String, bool)> = [
                ("alone", false),
                ("b24", true),
                ("b25", true),
                ("b26", true),
                ("f24", true),
                ("unnamed", false),
            ]
            .into_iter()
            .map(|(id, l)| (id.to_string(), l))
            .collect();
            assert_eq!(made, want, "chunk {chunk}");
            assert_eq!(read.checklists, 6);
            assert!(read.years.is_empty());
        }
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
