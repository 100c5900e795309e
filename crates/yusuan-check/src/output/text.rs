//! The terminal report: findings grouped by file and table, with colour on a terminal.

use super::Lang;
use crate::{FileReport, Severity};
use std::fmt::Write as _;

pub fn text(reports: &[FileReport], lang: Lang, color: bool) -> String {
    let paint = |s: &str, code: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    for r in reports {
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
            let _ = writeln!(
                out,
                "  合并检查 (checked as one disclosure): {}",
                r.parts.join(" + ")
            );
        }
        if let Some(p) = &r.profile {
            let _ = match lang {
                Lang::Zh => writeln!(
                    out,
                    "  规范 (profile): {} ({}) — {}",
                    p.name, p.id, p.reason
                ),
                Lang::En => writeln!(out, "  profile: {} ({}) — {}", p.name_en, p.id, p.reason_en),
            };
        }
        if let Some(e) = &r.error {
            let _ = writeln!(
                out,
                "  {} {e}",
                paint(
                    if lang == Lang::Zh {
                        "无法读取"
                    } else {
                        "unreadable"
                    },
                    "31;1"
                )
            );
            continue;
        }
        // Group by table (narrative findings under 情况说明), in order of first appearance.
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, f) in r.findings.iter().enumerate() {
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
                Some((_, v)) => v.push(i),
                None => groups.push((g, vec![i])),
            }
        }
        for (g, idx) in &groups {
            let _ = writeln!(out, "  {}", paint(g, "4"));
            for &i in idx {
                let f = &r.findings[i];
                let (label, code) = match f.severity {
                    Severity::Error => (if lang == Lang::Zh { "错误" } else { "error" }, "31;1"),
                    Severity::Warning => (
                        if lang == Lang::Zh {
                            "警告"
                        } else {
                            "warning"
                        },
                        "33;1",
                    ),
                    Severity::Info => (if lang == Lang::Zh { "提示" } else { "info" }, "36"),
                };
                let at = f
                    .primary()
                    .map(|p| {
                        let mut s = String::new();
                        // A structured source (DOCX, XLSX, HTML) names its own place: a sheet
                        // row, a paragraph; a line number of the importer's text means nothing there.
                        match (&p.place, p.line) {
                            (Some(place), _) => {
                                let _ = write!(s, "{} {place}", p.file);
                            }
                            (None, Some(l)) => {
                                let _ = write!(s, "{}:{l}", p.file);
                            }
                            (None, None) => s.push_str(&p.file),
                        }
                        if let Some(pg) = p.page {
                            let _ = write!(s, " 第{pg}页");
                        }
                        if let Some(row) = &p.row {
                            let _ = write!(s, " [{row}");
                            if let Some(c) = &p.column {
                                let _ = write!(s, " / {c}");
                            }
                            s.push(']');
                        }
                        s
                    })
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "    {} {} {}  {}",
                    paint(label, code),
                    paint(f.rule, "2"),
                    at,
                    f.message_in(lang)
                );
                for p in f.locations.iter().skip(1).take(6) {
                    let _ = writeln!(
                        out,
                        "        ↳ {}{}{}",
                        p.line.map(|l| format!("第{l}行 ")).unwrap_or_default(),
                        p.row.as_deref().unwrap_or(""),
                        p.column
                            .as_deref()
                            .map(|c| format!(" / {c}"))
                            .unwrap_or_default()
                    );
                }
                if f.locations.len() > 7 {
                    let _ = writeln!(out, "        ↳ … {} more", f.locations.len() - 7);
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
            if lang == Lang::Zh {
                format!("错误 {e}，警告 {w}，提示 {i}")
            } else {
                format!("{e} errors, {w} warnings, {i} infos")
            }
        );
    }
    out
}
