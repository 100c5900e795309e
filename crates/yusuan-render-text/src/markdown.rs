//! The whole disclosure as Markdown: title, contents, the narrative sections, every table as a
//! GFM table (a multi-row header flattened to one row: `收入·项目`), and the performance
//! tables as a list of fields followed by the indicator table.

use std::fmt::Write;
use yusuan_model::{Disclosure, PerformanceTable, Table};
use yusuan_render::{
    compiler_line, document_subtitle, document_title, layout_table, performance_form,
    performance_heading, performance_toc, section_heading, table_heading, unit_line, CellRole,
    ColRole, RenderError,
};

/// Render the disclosure as Markdown.
pub fn render(d: &Disclosure) -> Result<String, RenderError> {
    let mut out = String::new();
    write_document(&mut out, d).map_err(|e| RenderError::backend("markdown", e))?;
    Ok(out)
}

fn write_document(out: &mut String, d: &Disclosure) -> std::fmt::Result {
    writeln!(out, "# {}\n", inline(&document_title(d)))?;
    if let Some(s) = document_subtitle(d) {
        writeln!(out, "{}\n", inline(&s))?;
    }
    // Contents.
    writeln!(out, "## 目录\n")?;
    for s in &d.narrative.sections {
        let indent = "  ".repeat(usize::from(s.level.saturating_sub(1)).min(2));
        writeln!(out, "{indent}- {}", inline(&section_heading(s)))?;
    }
    for t in &d.tables {
        writeln!(out, "- {}", inline(&table_heading(t)))?;
    }
    for p in &d.performance {
        writeln!(out, "- {}", inline(&performance_toc(p)))?;
    }
    out.push('\n');
    // Narrative.
    for s in &d.narrative.sections {
        let hashes = match s.level {
            0 | 1 => "##",
            2 => "###",
            _ => "####",
        };
        writeln!(out, "{hashes} {}\n", inline(&section_heading(s)))?;
        for p in yusuan_render::paragraphs(&s.text) {
            writeln!(out, "{}\n", paragraph(p))?;
        }
    }
    if let Some(c) = d
        .meta
        .unit
        .contact
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        writeln!(out, "{}\n", paragraph(&format!("联系人：{}", c.trim())))?;
    }
    for t in &d.tables {
        write_table(out, d, t)?;
    }
    for p in &d.performance {
        write_performance(out, d, p)?;
    }
    // One trailing newline.
    while out.ends_with("\n\n") {
        out.pop();
    }
    Ok(())
}

fn write_meta_line(
    out: &mut String,
    compiler: Option<String>,
    unit: Option<String>,
) -> std::fmt::Result {
    let parts: Vec<String> = [compiler, unit].into_iter().flatten().collect();
    if !parts.is_empty() {
        writeln!(out, "{}\n", inline(&parts.join("　　")))?;
    }
    Ok(())
}

fn write_table(out: &mut String, d: &Disclosure, t: &Table) -> std::fmt::Result {
    writeln!(out, "## {}\n", inline(&table_heading(t)))?;
    let compiler = yusuan_render::compiler_of(d, t.compiler.as_deref());
    write_meta_line(out, compiler_line(compiler.as_deref()), unit_line(t.unit))?;
    let l = layout_table(d, t);
    if l.width() > 0 {
        let headers = l.flat_headers();
        row(out, headers.iter().map(String::as_str))?;
        let aligns: Vec<&str> = l
            .columns
            .iter()
            .map(|c| match c.role {
                ColRole::Amount => "--:",
                _ => ":--",
            })
            .collect();
        writeln!(out, "|{}|", aligns.join("|"))?;
        for r in &l.rows {
            let cells: Vec<String> = r
                .cells
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let text = c.text();
                    if r.is_emphasis(k) && !text.is_empty() {
                        format!("**{}**", cell(text))
                    } else {
                        cell(text)
                    }
                })
                .collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        out.push('\n');
    }
    for n in &t.notes {
        writeln!(out, "{}\n", paragraph(&n.text))?;
    }
    if let Some(n) = &t.empty_note {
        writeln!(out, "{}\n", paragraph(&n.text))?;
    }
    Ok(())
}

fn row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) -> std::fmt::Result {
    let v: Vec<String> = cells.map(cell).collect();
    writeln!(out, "| {} |", v.join(" | "))
}

fn write_performance(out: &mut String, d: &Disclosure, p: &PerformanceTable) -> std::fmt::Result {
    writeln!(out, "## {}\n", inline(&performance_heading(p)))?;
    let compiler = yusuan_render::compiler_of(d, p.compiler.as_ref().map(|c| c.text.as_str()));
    write_meta_line(out, compiler_line(compiler.as_deref()), unit_line(p.unit))?;
    let g = performance_form(p);
    // The fields (label: value) come first, the indicator table after them.
    let header_row = g
        .cells
        .iter()
        .find(|c| c.role == CellRole::Header)
        .map(|c| c.row)
        .unwrap_or(g.rows);
    for r in 0..header_row {
        let cells: Vec<_> = g.row_cells(r).collect();
        for pair in cells.chunks(2) {
            let label = pair.first().map(|c| c.text.as_str()).unwrap_or("");
            let value = pair.get(1).map(|c| c.text.as_str()).unwrap_or("");
            writeln!(out, "- **{}**：{}", inline(label), inline(value))?;
        }
    }
    out.push('\n');
    if header_row < g.rows {
        let headers: Vec<&str> = g
            .row_cells(header_row)
            .filter(|c| c.role == CellRole::Header)
            .map(|c| c.text.as_str())
            .collect();
        row(out, headers.iter().copied())?;
        writeln!(out, "|{}|", vec![":--"; headers.len()].join("|"))?;
        for r in header_row + 1..g.rows {
            row(out, g.row_cells(r).map(|c| c.text.as_str()))?;
        }
        out.push('\n');
    }
    if let Some(n) = &p.empty_note {
        writeln!(out, "{}\n", paragraph(&n.text))?;
    }
    Ok(())
}

/// Escape the characters Markdown would read as markup inside a line.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A paragraph: escaped, and a leading character that would start a block is escaped too.
fn paragraph(s: &str) -> String {
    let t = inline(s.trim());
    match t.chars().next() {
        Some('#' | '-' | '+' | '=') => format!("\\{t}"),
        Some(c) if c.is_ascii_digit() && t.contains(['.', ')']) => {
            // `1.` or `1)` at the start would begin an ordered list.
            let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
            let digits = t.strip_suffix(rest).unwrap_or_default();
            match rest.chars().next() {
                Some('.' | ')') => format!("{digits}\\{rest}"),
                _ => t,
            }
        }
        _ => t,
    }
}

/// A table cell: escaped, on one line.
fn cell(s: &str) -> String {
    inline(s.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(inline("a|b<c>*"), "a\\|b\\<c\\>\\*");
        assert_eq!(paragraph("1.开展法制宣传"), "1\\.开展法制宣传");
        assert_eq!(paragraph("- x"), "\\- x");
    }
}
