//! The terminal report: findings grouped by file and table, in page order, with colour on a
//! terminal.
//!
//! Each file's path is printed once, in its heading; a finding names its page, line and cell, and
//! the file only when the disclosure was checked from two files (情况说明 and tables). Related
//! cells carry their page too. Several files end with a total over all of them.

use super::{summarize, Lang};
use crate::{FileReport, Finding, Severity};
use std::fmt::Write as _;
use yusuan_model::provenance::Provenance;

/// Related cells shown under a finding; the rest are counted.
const RELATED_SHOWN: usize = 6;

pub fn text(reports: &[FileReport], lang: Lang, color: bool) -> String {
    let mut out = String::new();
    for r in reports {
        file(&mut out, r, lang, color);
    }
    if reports.len() > 1 {
        let files: usize = reports.iter().map(|r| r.parts.len().max(1)).sum();
        total(&mut out, &summarize(reports), files, lang, color);
    }
    out
}

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// One file's block: its heading, its findings grouped by table, its counts.
pub(super) fn file(out: &mut String, r: &FileReport, lang: Lang, color: bool) {
    let zh = lang == Lang::Zh;
    let paint = |s: &str, code: &str| paint(s, code, color);
    let _ = writeln!(
        out,
        "{}{}",
        paint(&r.file, "1"),
        match (&r.unit, r.year) {
            (Some(u), Some(y)) => format!("  {u} {y}"),
            (Some(u), None) => format!("  {u}"),
            _ => String::new(),
        }
    );
    if r.parts.len() > 1 {
        // The heading names the files; findings name the part they are in.
        let n = r.parts.len();
        let _ = writeln!(
            out,
            "  {}",
            if zh {
                format!("合并检查 (checked as one disclosure): {n} 个文件作为一份公开文件检查")
            } else {
                format!("checked as one disclosure: {n} files")
            }
        );
    }
    if let Some(p) = &r.profile {
        let _ = if zh {
            writeln!(
                out,
                "  规范 (profile): {} ({}) — {}",
                p.name, p.id, p.reason
            )
        } else {
            writeln!(out, "  profile: {} ({}) — {}", p.name_en, p.id, p.reason_en)
        };
    }
    if let Some(e) = &r.error {
        let _ = writeln!(
            out,
            "  {} {e}\n",
            paint(if zh { "无法读取" } else { "unreadable" }, "31;1")
        );
        return;
    }
    for (group, findings) in groups(r, lang) {
        let _ = writeln!(out, "  {}", paint(&group, "4"));
        for f in findings {
            let (label, code) = match f.severity {
                Severity::Error => (if zh { "错误" } else { "error" }, "31;1"),
                Severity::Warning => (if zh { "警告" } else { "warning" }, "33;1"),
                Severity::Info => (if zh { "提示" } else { "info" }, "36"),
            };
            let primary = f.primary().map(|p| place(p, r, lang)).unwrap_or_default();
            let _ = writeln!(
                out,
                "    {} {} {}{}{}",
                paint(label, code),
                paint(f.rule, "2"),
                primary,
                if primary.is_empty() { "" } else { "  " },
                f.message_in(lang)
            );
            // The related cells, each once and not repeating the finding's own place.
            let mut seen = vec![primary];
            let mut more = 0usize;
            for p in f.locations.iter().skip(1) {
                let at = place(p, r, lang);
                if at.is_empty() || seen.contains(&at) {
                    continue;
                }
                if seen.len() > RELATED_SHOWN {
                    more += 1;
                    continue;
                }
                let _ = writeln!(out, "        ↳ {at}");
                seen.push(at);
            }
            if more > 0 {
                let _ = writeln!(
                    out,
                    "        ↳ {}",
                    if zh {
                        format!("… 另 {more} 处")
                    } else {
                        format!("… {more} more")
                    }
                );
            }
        }
    }
    let (e, w, i) = (
        r.count(Severity::Error),
        r.count(Severity::Warning),
        r.count(Severity::Info),
    );
    let _ = writeln!(
        out,
        "  {}\n",
        if zh {
            format!("错误 {e}，警告 {w}，提示 {i}")
        } else {
            format!("{e} errors, {w} warnings, {i} infos")
        }
    );
}

/// The total over several files (`files`: how many files, the parts of a disclosure counted).
pub(super) fn total(out: &mut String, s: &crate::Summary, files: usize, lang: Lang, color: bool) {
    let zh = lang == Lang::Zh;
    let _ = writeln!(
        out,
        "{}",
        paint(
            &if zh {
                format!(
                    "合计：{} 份公开文件（{files} 个文件），错误 {}，警告 {}，提示 {}，无法读取 {}",
                    s.files, s.errors, s.warnings, s.infos, s.unreadable
                )
            } else {
                format!(
                    "Total: {} disclosures ({files} files), {} errors, {} warnings, {} infos, {} unreadable",
                    s.files, s.errors, s.warnings, s.infos, s.unreadable
                )
            },
            "1",
            color
        )
    );
}

/// The findings grouped by table (the narrative's under 情况说明及其他), groups and findings in the
/// order of the document: by file (of a disclosure in two files), page and line.
fn groups(r: &FileReport, lang: Lang) -> Vec<(String, Vec<&Finding>)> {
    let order = |f: &Finding| -> (usize, u32, u32) {
        match f.primary() {
            Some(p) => (
                r.parts
                    .iter()
                    .position(|part| *part == *p.file)
                    .unwrap_or(0),
                p.page.unwrap_or(u32::MAX),
                p.line.unwrap_or(u32::MAX),
            ),
            None => (usize::MAX, u32::MAX, u32::MAX),
        }
    };
    let mut sorted: Vec<&Finding> = r.findings.iter().collect();
    // Stable: findings at one place keep the order the rules gave them.
    sorted.sort_by_key(|f| order(f));
    let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
    for f in sorted {
        let g = f
            .primary()
            .and_then(|p| p.table.as_deref())
            .map(str::to_string)
            .unwrap_or_else(|| {
                if lang == Lang::Zh {
                    "情况说明及其他".into()
                } else {
                    "narrative and other".into()
                }
            });
        match groups.iter_mut().find(|(k, _)| *k == g) {
            Some((_, v)) => v.push(f),
            None => groups.push((g, vec![f])),
        }
    }
    groups
}

/// Where a value is, as a reader looks for it: the part's file name when the disclosure came in
/// two files, then page, line (or the structured source's own place: sheet and cell, paragraph),
/// then row and column.
fn place(p: &Provenance, r: &FileReport, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut s: Vec<String> = Vec::new();
    if r.parts.len() > 1 && !p.file.is_empty() {
        let name = std::path::Path::new(&*p.file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.file.to_string());
        s.push(name);
    }
    if let Some(pg) = p.page {
        s.push(if zh {
            format!("第{pg}页")
        } else {
            format!("p. {pg}")
        });
    }
    // A structured source (DOCX, XLSX, HTML) names its own place: a sheet row, a paragraph; a
    // line number of the importer's text means nothing there.
    match (&p.place, p.line) {
        (Some(place), _) => s.push(place.clone()),
        (None, Some(l)) => s.push(if zh {
            format!("第{l}行")
        } else {
            format!("line {l}")
        }),
        (None, None) => {}
    }
    if let Some(row) = &p.row {
        match &p.column {
            Some(c) => s.push(format!("[{row} / {c}]")),
            None => s.push(format!("[{row}]")),
        }
    }
    s.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn at(file: &str, page: u32, line: u32, row: Option<&str>) -> Provenance {
        let file: Arc<str> = Arc::from(file);
        Provenance {
            row: row.map(str::to_string),
            ..Provenance::at_line(&file, line, Some(page))
        }
    }

    fn finding(rule: &'static str, locations: Vec<Provenance>) -> Finding {
        let mut f = Finding::new(rule, Severity::Error, "消息", "message");
        f.locations = locations;
        f
    }

    #[test]
    fn page_order_path_once_related_with_page_and_total() {
        let a = FileReport {
            file: "a.pdf".into(),
            findings: vec![
                finding(
                    "YS305",
                    vec![at("a.pdf", 9, 2, None), at("a.pdf", 9, 2, None)],
                ),
                finding(
                    "YS503",
                    vec![at("a.pdf", 6, 5, None), at("a.pdf", 7, 1, Some("2010301"))],
                ),
            ],
            ..FileReport::default()
        };
        let b = FileReport {
            file: "b.pdf".into(),
            error: Some("损坏".into()),
            ..FileReport::default()
        };
        let out = text(&[a, b], Lang::Zh, false);
        let p6 = out.find("YS503 第6页 第5行  消息").unwrap();
        let p9 = out.find("YS305 第9页 第2行  消息").unwrap();
        assert!(p6 < p9, "page order:\n{out}");
        // The path is in the heading only.
        assert_eq!(out.matches("a.pdf").count(), 1, "{out}");
        // A related cell at the finding's own place is not repeated; another carries its page.
        assert!(out.contains("↳ 第7页 第1行 [2010301]"), "{out}");
        assert_eq!(out.matches('↳').count(), 1, "{out}");
        assert!(out.contains("合计：2 份公开文件（2 个文件），错误 2，警告 0，提示 0，无法读取 1"));
    }

    #[test]
    fn two_files_name_the_part() {
        let r = FileReport {
            file: "t.pdf + s.pdf".into(),
            parts: vec!["dir/t.pdf".into(), "dir/s.pdf".into()],
            findings: vec![
                finding("YS101", vec![at("dir/s.pdf", 1, 3, Some("合计"))]),
                finding("YS305", vec![at("dir/t.pdf", 4, 1, None)]),
            ],
            ..FileReport::default()
        };
        let out = text(&[r], Lang::En, false);
        let t = out.find("YS305 t.pdf p. 4 line 1").unwrap();
        let s = out.find("YS101 s.pdf p. 1 line 3 [合计]").unwrap();
        // The text file was given first: its findings come first.
        assert!(t < s, "{out}");
        assert!(
            !out.contains("Total"),
            "one disclosure has no total:\n{out}"
        );
    }
}
