//! Render a [`Disclosure`] as an editable Word document (DOCX), written by hand as OOXML:
//!
//! - the title, the narrative sections as `heading 1`–`heading 3` and body paragraphs
//!   (first line indented two characters, justified);
//! - every table as a real Word table (`w:tbl`): group headers merged across their columns
//!   (`w:gridSpan`) and shallower headers merged down (`w:vMerge`), the header rows marked to
//!   repeat on every page (`w:tblHeader`), numbers right-aligned, codes as printed;
//! - the performance tables as forms (also `w:tbl`);
//! - 宋体 (SimSun) for East Asian text (`w:rFonts w:eastAsia`), A4 pages, each table in its own
//!   section starting on a new page, landscape for wide tables, page numbers in the footer.
//!
//! The package holds `[Content_Types].xml`, `_rels/.rels`, `word/document.xml`,
//! `word/styles.xml`, `word/settings.xml`, `word/footer1.xml`,
//! `word/_rels/document.xml.rels` and `docProps/core.xml`.

mod package;

use std::io::{Cursor, Write};
use yusuan_model::{Disclosure, PerformanceTable, Table};
use yusuan_render::style::Borders;
use yusuan_render::{
    compiler_of, document_subtitle, document_title, escape_xml, layout_table_styled, paragraphs,
    performance_form, performance_heading, section_heading, table_heading, unit_line, CellRole,
    ColRole, DisplayCell, Grid, Slot, Style,
};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

pub use yusuan_render::RenderError;

/// A4 in twentieths of a point.
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;
const MARGIN_SIDE: u32 = 1134; // 2 cm
const MARGIN_TOP: u32 = 1247; // 2.2 cm

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Orient {
    Portrait,
    Landscape,
}

impl Orient {
    /// The width of the text area.
    fn text_width(self) -> u32 {
        match self {
            Orient::Portrait => A4_SHORT - 2 * MARGIN_SIDE,
            Orient::Landscape => A4_LONG - 2 * MARGIN_SIDE,
        }
    }
}

/// Render the disclosure as a DOCX file.
pub fn render(d: &Disclosure) -> Result<Vec<u8>, RenderError> {
    render_styled(d, &Style::default())
}

/// Render the disclosure as a DOCX file in a style ([`yusuan_render::style`]): its code
/// columns, group headers, unit-line label, separators and table rules.
pub fn render_styled(d: &Disclosure, style: &Style) -> Result<Vec<u8>, RenderError> {
    let document = document_xml(d, style);
    let core = package::core_properties(&document_title(d));
    let parts: [(&str, &str); 8] = [
        ("[Content_Types].xml", package::CONTENT_TYPES),
        ("_rels/.rels", package::ROOT_RELS),
        ("word/document.xml", &document),
        ("word/_rels/document.xml.rels", package::DOCUMENT_RELS),
        ("word/styles.xml", package::STYLES),
        ("word/settings.xml", package::SETTINGS),
        ("word/footer1.xml", package::FOOTER),
        ("docProps/core.xml", &core),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let zerr = |e: zip::result::ZipError| RenderError::backend("docx", e);
    for (name, bytes) in parts {
        zip.start_file(name, options).map_err(zerr)?;
        zip.write_all(bytes.as_bytes())
            .map_err(|e| RenderError::backend("docx", e))?;
    }
    Ok(zip.finish().map_err(zerr)?.into_inner())
}

/// The body of `word/document.xml`.
struct Body {
    xml: String,
    /// The orientation of the section being written; `None` before anything is written.
    section: Option<Orient>,
}

impl Body {
    /// Start a new section on a new page (ending the one before it, if any).
    fn new_section(&mut self, orient: Orient) {
        if let Some(prev) = self.section {
            self.xml.push_str("<w:p><w:pPr>");
            self.xml.push_str(&sect_pr(prev));
            self.xml.push_str("</w:pPr></w:p>");
        }
        self.section = Some(orient);
    }

    fn para(&mut self, style: Option<&str>, jc: Option<&str>, text: &str) {
        self.xml.push_str("<w:p>");
        if style.is_some() || jc.is_some() {
            self.xml.push_str("<w:pPr>");
            if let Some(s) = style {
                self.xml.push_str(&format!("<w:pStyle w:val=\"{s}\"/>"));
            }
            if let Some(j) = jc {
                self.xml.push_str(&format!("<w:jc w:val=\"{j}\"/>"));
            }
            self.xml.push_str("</w:pPr>");
        }
        self.xml.push_str(&run(text, false));
        self.xml.push_str("</w:p>");
    }
}

fn sect_pr(o: Orient) -> String {
    let size = match o {
        Orient::Portrait => format!("<w:pgSz w:w=\"{A4_SHORT}\" w:h=\"{A4_LONG}\"/>"),
        Orient::Landscape => {
            format!("<w:pgSz w:w=\"{A4_LONG}\" w:h=\"{A4_SHORT}\" w:orient=\"landscape\"/>")
        }
    };
    format!(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"{}\"/><w:type w:val=\"nextPage\"/>{size}<w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_SIDE}\" w:bottom=\"{MARGIN_TOP}\" w:left=\"{MARGIN_SIDE}\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/><w:cols w:space=\"425\"/><w:docGrid w:type=\"lines\" w:linePitch=\"312\"/></w:sectPr>",
        package::FOOTER_RID
    )
}

/// A run of text; line breaks become `w:br`, tabs `w:tab`.
fn run(text: &str, bold: bool) -> String {
    run_sized(text, bold, None)
}

/// A run of text, bold or not, in a size (half-points) other than the style's.
fn run_sized(text: &str, bold: bool, size: Option<u32>) -> String {
    let mut s = String::from("<w:r>");
    if bold || size.is_some() {
        s.push_str("<w:rPr>");
        if bold {
            s.push_str("<w:b/><w:bCs/>");
        }
        if let Some(z) = size {
            s.push_str(&format!("<w:sz w:val=\"{z}\"/><w:szCs w:val=\"{z}\"/>"));
        }
        s.push_str("</w:rPr>");
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            s.push_str("<w:br/>");
        }
        for (k, part) in line.split('\t').enumerate() {
            if k > 0 {
                s.push_str("<w:tab/>");
            }
            if !part.is_empty() {
                s.push_str("<w:t xml:space=\"preserve\">");
                s.push_str(&escape_xml(part));
                s.push_str("</w:t>");
            }
        }
    }
    s.push_str("</w:r>");
    s
}

fn document_xml(d: &Disclosure, look: &Style) -> String {
    let mut b = Body {
        xml: String::with_capacity(512 * 1024),
        section: None,
    };
    b.new_section(Orient::Portrait);
    b.para(Some("Title"), None, &document_title(d));
    if let Some(s) = document_subtitle(d) {
        b.para(Some("Subtitle"), None, &s);
    }
    for s in &d.narrative.sections {
        let style = match s.level {
            0 | 1 => "Heading1",
            2 => "Heading2",
            _ => "Heading3",
        };
        b.para(Some(style), None, &section_heading(s));
        for p in paragraphs(&s.text) {
            b.para(Some("BodyText"), None, p);
        }
    }
    if let Some(c) = d
        .meta
        .unit
        .contact
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        b.para(Some("BodyText"), None, &format!("联系人：{}", c.trim()));
    }
    for t in &d.tables {
        write_table(&mut b, d, t, look);
    }
    for p in &d.performance {
        write_performance(&mut b, d, p, look);
    }
    let last = b.section.unwrap_or(Orient::Portrait);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{}\" xmlns:r=\"{}\"><w:body>{}{}</w:body></w:document>",
        package::W_NS,
        package::R_NS,
        b.xml,
        sect_pr(last)
    )
}

/// The title (as `heading 1`, centred) and the line with 编制单位 on the left and 单位 on the
/// right (a right tab stop at the text's edge).
fn write_caption(b: &mut Body, title: &str, compiler: Option<String>, unit: Option<String>) {
    b.para(Some("Heading1"), Some("center"), title);
    if compiler.is_none() && unit.is_none() {
        return;
    }
    let width = b.section.unwrap_or(Orient::Portrait).text_width();
    b.xml.push_str(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/><w:keepNext/><w:tabs><w:tab w:val=\"right\" w:pos=\"{width}\"/></w:tabs><w:spacing w:after=\"60\"/></w:pPr>"
    ));
    let text = format!(
        "{}\t{}",
        compiler.unwrap_or_default(),
        unit.unwrap_or_default()
    );
    b.xml.push_str(&run(&text, false));
    b.xml.push_str("</w:p>");
}

/// Column widths in twips: each column's weight scaled to the text width.
fn widths(weights: &[f64], total: u32) -> Vec<u32> {
    let sum: f64 = weights.iter().sum::<f64>().max(1.0);
    weights
        .iter()
        .map(|w| ((w / sum) * f64::from(total)).floor() as u32)
        .collect()
}

fn tbl_start(b: &mut Body, widths: &[u32], borders: Borders) {
    let total: u32 = widths.iter().sum();
    let rule = |name: &str, on: bool| {
        if on {
            format!("<w:{name} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>")
        } else {
            format!("<w:{name} w:val=\"nil\"/>")
        }
    };
    let (h, v) = match borders {
        Borders::All => (true, true),
        Borders::Horizontal => (true, false),
        Borders::None => (false, false),
    };
    let rules: String = [
        rule("top", h),
        rule("left", v),
        rule("bottom", h),
        rule("right", v),
        rule("insideH", h),
        rule("insideV", v),
    ]
    .concat();
    b.xml.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>{rules}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"70\" w:type=\"dxa\"/><w:right w:w=\"70\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
    ));
    for w in widths {
        b.xml.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    b.xml.push_str("</w:tblGrid>");
}

/// How a cell's paragraph looks.
struct CellLook<'a> {
    jc: &'a str,
    bold: bool,
    shade: bool,
    /// Left indent in hundredths of a character.
    indent_chars: u32,
    size: u32,
}

/// One `w:tc`. `vmerge`: `Some(true)` starts a vertical merge, `Some(false)` continues one.
fn tc(b: &mut Body, width: u32, span: usize, vmerge: Option<bool>, text: &str, look: &CellLook) {
    b.xml.push_str(&format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"
    ));
    if span > 1 {
        b.xml.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
    }
    match vmerge {
        Some(true) => b.xml.push_str("<w:vMerge w:val=\"restart\"/>"),
        Some(false) => b.xml.push_str("<w:vMerge/>"),
        None => {}
    }
    if look.shade {
        b.xml
            .push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EEF1F4\"/>");
    }
    b.xml.push_str(
        "<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>",
    );
    if look.indent_chars > 0 {
        b.xml.push_str(&format!(
            "<w:ind w:leftChars=\"{}\" w:left=\"{}\"/>",
            look.indent_chars,
            look.indent_chars * look.size / 10
        ));
    }
    b.xml.push_str(&format!("<w:jc w:val=\"{}\"/>", look.jc));
    b.xml.push_str(&format!(
        "<w:rPr><w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/></w:rPr></w:pPr>",
        look.size
    ));
    if !text.is_empty() {
        b.xml.push_str(&run_sized(text, look.bold, Some(look.size)));
    }
    b.xml.push_str("</w:p></w:tc>");
}

/// Rows of a spanned grid (a table header or a form) as `w:tr`s.
fn grid_rows(
    b: &mut Body,
    g: &Grid,
    widths: &[u32],
    header: bool,
    size: u32,
    look_of: &dyn Fn(&yusuan_render::Cell) -> (&'static str, bool, bool),
) {
    let slots = g.slots();
    for row in &slots {
        b.xml.push_str("<w:tr>");
        if header {
            b.xml
                .push_str("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        } else {
            b.xml.push_str("<w:trPr><w:cantSplit/></w:trPr>");
        }
        for (k, slot) in row.iter().enumerate() {
            let width_of = |c: &yusuan_render::Cell| -> u32 {
                widths.iter().skip(c.col).take(c.cols.max(1)).sum()
            };
            match *slot {
                Slot::Origin(i) | Slot::Below(i) => {
                    // The slots index the grid's own cells.
                    let Some(c) = g.cells.get(i) else {
                        continue;
                    };
                    let (jc, bold, shade) = look_of(c);
                    let look = CellLook {
                        jc,
                        bold,
                        shade,
                        indent_chars: 0,
                        size,
                    };
                    if matches!(slot, Slot::Origin(_)) {
                        let vm = (c.rows > 1).then_some(true);
                        tc(b, width_of(c), c.cols, vm, c.text.trim(), &look);
                    } else {
                        tc(b, width_of(c), c.cols, Some(false), "", &look);
                    }
                }
                Slot::Covered(_) => {}
                Slot::Empty => {
                    let look = CellLook {
                        jc: "left",
                        bold: false,
                        shade: false,
                        indent_chars: 0,
                        size,
                    };
                    tc(b, widths.get(k).copied().unwrap_or(0), 1, None, "", &look);
                }
            }
        }
        b.xml.push_str("</w:tr>");
    }
}

fn write_table(b: &mut Body, d: &Disclosure, t: &Table, style: &Style) {
    let l = layout_table_styled(d, t, style);
    let orient = if l.is_wide() {
        Orient::Landscape
    } else {
        Orient::Portrait
    };
    b.new_section(orient);
    let compiler = compiler_of(d, t.compiler.as_deref());
    write_caption(
        b,
        &table_heading(t),
        style.compiler_line(compiler.as_deref()),
        unit_line(t.unit),
    );
    let weights: Vec<f64> = l
        .columns
        .iter()
        .map(|c| match c.role {
            ColRole::Code if c.code_part.is_some() => 0.6,
            ColRole::Code => 1.25,
            ColRole::Label if l.two_sided => 2.4,
            ColRole::Label => 3.4,
            ColRole::Amount => 1.45,
        })
        .collect();
    let w = widths(&weights, orient.text_width());
    let size = if l.width() > 8 { 16 } else { 20 };
    if l.width() > 0 {
        tbl_start(b, &w, style.borders);
        grid_rows(b, &l.header, &w, true, size, &|_| ("center", true, true));
        for r in &l.rows {
            b.xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            // One width per layout column, and one cell per column in every row.
            for (k, (c, &width)) in r.cells.iter().zip(&w).enumerate() {
                let (jc, indent) = match c {
                    DisplayCell::Amount { .. } => ("right", 0),
                    DisplayCell::Label { level, .. } => ("left", u32::from(*level) * 100),
                    _ => ("left", 0),
                };
                let look = CellLook {
                    jc,
                    bold: r.is_emphasis(k),
                    shade: false,
                    indent_chars: indent,
                    size,
                };
                tc(b, width, 1, None, c.text(), &look);
            }
            b.xml.push_str("</w:tr>");
        }
        b.xml.push_str("</w:tbl>");
    }
    for n in &t.notes {
        b.para(Some("TableNote"), None, n.text.trim());
    }
    if let Some(n) = &t.empty_note {
        b.para(Some("TableNote"), None, n.text.trim());
    }
}

fn write_performance(b: &mut Body, d: &Disclosure, p: &PerformanceTable, style: &Style) {
    b.new_section(Orient::Portrait);
    let compiler = compiler_of(d, p.compiler.as_ref().map(|c| c.text.as_str()));
    write_caption(
        b,
        &performance_heading(p),
        style.compiler_line(compiler.as_deref()),
        unit_line(p.unit),
    );
    let g = performance_form(p);
    let mut weights = vec![1.6];
    if g.cols > 7 {
        weights.push(1.4);
    }
    weights.extend([3.0, 1.1, 1.1, 1.4, 1.2, 1.2]);
    let w = widths(&weights, Orient::Portrait.text_width());
    tbl_start(b, &w, Borders::All);
    let cols = g.cols;
    grid_rows(b, &g, &w, false, 20, &|c| match c.role {
        CellRole::Label | CellRole::Header => ("center", true, true),
        CellRole::Text if c.cols == 1 && c.col + 5 >= cols => ("center", false, false),
        CellRole::Amount(_) | CellRole::Text => ("both", false, false),
    });
    b.xml.push_str("</w:tbl>");
    if let Some(n) = &p.empty_note {
        b.para(Some("TableNote"), None, n.text.trim());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_escape_and_break() {
        assert_eq!(
            run("a<b\nc\td", false),
            "<w:r><w:t xml:space=\"preserve\">a&lt;b</w:t><w:br/><w:t xml:space=\"preserve\">c</w:t><w:tab/><w:t xml:space=\"preserve\">d</w:t></w:r>"
        );
    }

    #[test]
    fn widths_fill_the_text_width() {
        let w = widths(&[1.0, 3.0], 9638);
        assert!(w.iter().sum::<u32>() <= 9638);
        assert_eq!(w[1], 7228);
    }
}
