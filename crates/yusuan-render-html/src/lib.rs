//! Render a [`Disclosure`] as one self-contained HTML file: inline CSS, no external assets,
//! `lang="zh-CN"`, a CJK font stack, justified prose, a table of contents with anchors to every
//! narrative section and table, every table as a real `<table>` whose `<thead>` carries the
//! merged group headers, numbers right-aligned in tabular digits, and an A4 print stylesheet
//! (a page break before each table, landscape pages for wide tables, the header repeated on
//! every page, page numbers where the browser supports CSS page margin boxes).
//!
//! The markup is built by hand: every text from the data goes through
//! [`escape_xml`].

use std::fmt::Write;
use yusuan_model::{Disclosure, PerformanceTable, Section, Table};
use yusuan_render::style::{Borders, Contents};
use yusuan_render::{
    compiler_of, document_subtitle, document_title, escape_xml, layout_table_styled, paragraphs,
    performance_anchor, performance_form, performance_heading, performance_toc, section_anchor,
    section_heading, table_anchor, table_heading, unit_line, CellRole, ColRole, DisplayCell, Grid,
    Style,
};

pub use yusuan_render::RenderError;

const STYLE: &str = include_str!("style.css");

/// Render the disclosure as one HTML document.
pub fn render(d: &Disclosure) -> Result<String, RenderError> {
    render_styled(d, &Style::default())
}

/// Render the disclosure in a style ([`yusuan_render::style`]): its code columns, group
/// headers, unit-line label, separators, contents and table rules.
pub fn render_styled(d: &Disclosure, style: &Style) -> Result<String, RenderError> {
    let mut out = String::with_capacity(256 * 1024);
    write_document(&mut out, d, style).map_err(|e| RenderError::backend("html", e))?;
    Ok(out)
}

fn esc(s: &str) -> std::borrow::Cow<'_, str> {
    escape_xml(s)
}

fn write_document(o: &mut String, d: &Disclosure, style: &Style) -> std::fmt::Result {
    let title = document_title(d);
    o.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    o.push_str("<meta name=\"generator\" content=\"yusuan\">\n");
    writeln!(o, "<title>{}</title>", esc(&title))?;
    writeln!(o, "<style>\n{STYLE}</style>\n</head>\n<body>")?;
    writeln!(o, "<header>\n<h1>{}</h1>", esc(&title))?;
    if let Some(s) = document_subtitle(d) {
        writeln!(o, "<p class=\"subtitle\">{}</p>", esc(&s))?;
    }
    o.push_str("</header>\n");
    if style.contents != Contents::None {
        write_toc(o, d)?;
    }
    o.push_str("<main>\n");
    if !d.narrative.sections.is_empty() || d.meta.unit.contact.is_some() {
        o.push_str("<section class=\"narrative\">\n");
        for (i, s) in d.narrative.sections.iter().enumerate() {
            write_section(o, i, s)?;
        }
        if let Some(c) = d
            .meta
            .unit
            .contact
            .as_deref()
            .filter(|c| !c.trim().is_empty())
        {
            writeln!(o, "<p class=\"contact\">联系人：{}</p>", esc(c.trim()))?;
        }
        o.push_str("</section>\n");
    }
    for (i, t) in d.tables.iter().enumerate() {
        write_table(o, d, i, t, style)?;
    }
    for (i, p) in d.performance.iter().enumerate() {
        write_performance(o, d, i, p, style)?;
    }
    o.push_str("</main>\n</body>\n</html>\n");
    Ok(())
}

fn section_level(s: &Section) -> usize {
    usize::from(s.level.clamp(1, 3))
}

fn write_toc(o: &mut String, d: &Disclosure) -> std::fmt::Result {
    o.push_str("<nav class=\"toc\" aria-labelledby=\"toc\">\n<h2 id=\"toc\">目录</h2>\n");
    if !d.narrative.sections.is_empty() {
        o.push_str("<h3>情况说明</h3>\n");
        // Nested lists by section level: a deeper section opens a list inside the open item.
        let mut open: Vec<usize> = Vec::new();
        for (i, s) in d.narrative.sections.iter().enumerate() {
            let level = section_level(s);
            match open.last().copied() {
                None => {
                    o.push_str("<ol>\n");
                    open.push(level);
                }
                Some(top) if level > top => {
                    o.push_str("\n<ol>\n");
                    open.push(level);
                }
                Some(_) => {
                    o.push_str("</li>\n");
                    while open.len() > 1 && open.last().is_some_and(|top| level < *top) {
                        o.push_str("</ol>\n</li>\n");
                        open.pop();
                    }
                }
            }
            write!(
                o,
                "<li><a href=\"#{}\">{}</a>",
                section_anchor(i),
                esc(&section_heading(s))
            )?;
        }
        if !open.is_empty() {
            o.push_str("</li>\n</ol>\n");
            open.pop();
        }
        while open.pop().is_some() {
            o.push_str("</li>\n</ol>\n");
        }
    }
    if !d.tables.is_empty() {
        o.push_str("<h3>预算公开表</h3>\n<ol>\n");
        for (i, t) in d.tables.iter().enumerate() {
            writeln!(
                o,
                "<li><a href=\"#{}\">{}</a></li>",
                table_anchor(i),
                esc(&table_heading(t))
            )?;
        }
        o.push_str("</ol>\n");
    }
    if !d.performance.is_empty() {
        o.push_str("<h3>绩效目标表</h3>\n<ol>\n");
        for (i, p) in d.performance.iter().enumerate() {
            writeln!(
                o,
                "<li><a href=\"#{}\">{}</a></li>",
                performance_anchor(i),
                esc(&performance_toc(p))
            )?;
        }
        o.push_str("</ol>\n");
    }
    o.push_str("</nav>\n");
    Ok(())
}

fn write_section(o: &mut String, i: usize, s: &Section) -> std::fmt::Result {
    let h = section_level(s) + 1;
    writeln!(
        o,
        "<h{h} id=\"{}\">{}</h{h}>",
        section_anchor(i),
        esc(&section_heading(s))
    )?;
    for p in paragraphs(&s.text) {
        writeln!(o, "<p>{}</p>", esc(p))?;
    }
    Ok(())
}

fn write_meta(o: &mut String, compiler: Option<String>, unit: Option<String>) -> std::fmt::Result {
    if compiler.is_none() && unit.is_none() {
        return Ok(());
    }
    o.push_str("<div class=\"table-meta\">");
    if let Some(c) = compiler {
        write!(o, "<span class=\"compiler\">{}</span>", esc(&c))?;
    }
    if let Some(u) = unit {
        write!(o, "<span class=\"unit\">{}</span>", esc(&u))?;
    }
    o.push_str("</div>\n");
    Ok(())
}

fn write_table(
    o: &mut String,
    d: &Disclosure,
    i: usize,
    t: &Table,
    style: &Style,
) -> std::fmt::Result {
    let l = layout_table_styled(d, t, style);
    let anchor = table_anchor(i);
    let wide = if l.is_wide() { " wide" } else { "" };
    writeln!(
        o,
        "<section class=\"table-block{wide}\" id=\"{anchor}\" aria-labelledby=\"{anchor}-h\">"
    )?;
    writeln!(
        o,
        "<h2 class=\"table-title\" id=\"{anchor}-h\">{}</h2>",
        esc(&table_heading(t))
    )?;
    let compiler = compiler_of(d, t.compiler.as_deref());
    write_meta(
        o,
        style.compiler_line(compiler.as_deref()),
        unit_line(t.unit),
    )?;
    let rules = match style.borders {
        Borders::All => "",
        Borders::Horizontal => " rules-h",
        Borders::None => " rules-none",
    };
    write!(
        o,
        "<div class=\"table-scroll\">\n<table class=\"data{rules}\">\n<colgroup>"
    )?;
    for c in &l.columns {
        o.push_str(match c.role {
            ColRole::Code => "<col class=\"code\">",
            ColRole::Label => "<col class=\"name\">",
            ColRole::Amount => "<col class=\"num\">",
        });
    }
    o.push_str("</colgroup>\n<thead>\n");
    write_header(o, &l.header)?;
    o.push_str("</thead>\n<tbody>\n");
    for r in &l.rows {
        o.push_str("<tr>");
        for (k, c) in r.cells.iter().enumerate() {
            let mut class: Vec<&str> = Vec::new();
            match c {
                DisplayCell::Amount { .. } => class.push("num"),
                DisplayCell::Code(_) => class.push("code"),
                DisplayCell::Label { level, .. } => {
                    class.push("name");
                    match level {
                        0 => {}
                        1 => class.push("l1"),
                        _ => class.push("l2"),
                    }
                }
                DisplayCell::Empty => {}
            }
            if r.is_emphasis(k) {
                class.push("em");
            }
            if class.is_empty() {
                write!(o, "<td>{}</td>", esc(c.text()))?;
            } else {
                write!(
                    o,
                    "<td class=\"{}\">{}</td>",
                    class.join(" "),
                    esc(c.text())
                )?;
            }
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n</div>\n");
    for n in &t.notes {
        writeln!(o, "<p class=\"note\">{}</p>", esc(n.text.trim()))?;
    }
    if let Some(n) = &t.empty_note {
        writeln!(o, "<p class=\"empty-note\">{}</p>", esc(n.text.trim()))?;
    }
    o.push_str("</section>\n");
    Ok(())
}

fn span_attrs(rows: usize, cols: usize) -> String {
    let mut s = String::new();
    if cols > 1 {
        s.push_str(&format!(" colspan=\"{cols}\""));
    }
    if rows > 1 {
        s.push_str(&format!(" rowspan=\"{rows}\""));
    }
    s
}

fn write_header(o: &mut String, g: &Grid) -> std::fmt::Result {
    for r in 0..g.rows {
        o.push_str("<tr>");
        for c in g.row_cells(r) {
            let scope = if c.cols > 1 { "colgroup" } else { "col" };
            write!(
                o,
                "<th scope=\"{scope}\"{}>{}</th>",
                span_attrs(c.rows, c.cols),
                esc(&c.text)
            )?;
        }
        o.push_str("</tr>\n");
    }
    Ok(())
}

fn write_performance(
    o: &mut String,
    d: &Disclosure,
    i: usize,
    p: &PerformanceTable,
    style: &Style,
) -> std::fmt::Result {
    let anchor = performance_anchor(i);
    writeln!(
        o,
        "<section class=\"table-block perf\" id=\"{anchor}\" aria-labelledby=\"{anchor}-h\">"
    )?;
    writeln!(
        o,
        "<h2 class=\"table-title\" id=\"{anchor}-h\">{}</h2>",
        esc(&performance_heading(p))
    )?;
    let compiler = compiler_of(d, p.compiler.as_ref().map(|c| c.text.as_str()));
    write_meta(
        o,
        style.compiler_line(compiler.as_deref()),
        unit_line(p.unit),
    )?;
    let g = performance_form(p);
    o.push_str("<div class=\"table-scroll\">\n<table class=\"form\">\n<tbody>\n");
    for r in 0..g.rows {
        o.push_str("<tr>");
        for c in g.row_cells(r) {
            let spans = span_attrs(c.rows, c.cols);
            let text = esc(c.text.trim()).replace('\n', "<br>");
            match &c.role {
                CellRole::Label => write!(o, "<th scope=\"row\"{spans}>{text}</th>")?,
                CellRole::Header => write!(o, "<th scope=\"col\"{spans}>{text}</th>")?,
                CellRole::Amount(_) => write!(o, "<td class=\"num\"{spans}>{text}</td>")?,
                CellRole::Text if c.cols > 1 => write!(o, "<td class=\"text\"{spans}>{text}</td>")?,
                // The short indicator cells (权重, 性质, 指标值, 单位, 是否核心) are centred.
                CellRole::Text if c.col + 5 >= g.cols => {
                    write!(o, "<td class=\"c\"{spans}>{text}</td>")?
                }
                CellRole::Text => write!(o, "<td{spans}>{text}</td>")?,
            }
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n</div>\n");
    if let Some(n) = &p.empty_note {
        writeln!(o, "<p class=\"empty-note\">{}</p>", esc(n.text.trim()))?;
    }
    o.push_str("</section>\n");
    Ok(())
}
