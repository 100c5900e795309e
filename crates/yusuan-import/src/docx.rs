//! DOCX: the body of `word/document.xml` as paragraphs and tables, in body order.
//!
//! - A paragraph (`w:p`) is the text of its runs (`w:r`/`w:t`); `w:tab` is a tab, `w:br` and
//!   `w:cr` break the line. Deleted text (`w:delText`, `w:moveFrom`), field instructions
//!   (`w:instrText`) and the fallback copy of alternate content (`mc:Fallback`) are left out.
//! - A table (`w:tbl`/`w:tr`/`w:tc`) is laid on its grid: `w:gridSpan` spans columns,
//!   `w:gridBefore` leaves leading columns empty, `w:vMerge` (continue) and `w:hMerge` (continue)
//!   cells are blank. A cell's paragraphs are joined by spaces.
//! - Text boxes (`w:txbxContent`) are read as paragraphs where they stand. Headers, footers,
//!   footnotes and comments live in other parts of the package and are not read.
//!
//! - Tables nest no deeper than [`Limits::table_nesting`]; `word/document.xml` unpacks to no
//!   more than [`Limits::part_bytes`] (checked before it is unpacked).
//!
//! Known gap: automatic numbering (`w:numPr`, the `一、` Word adds itself) is not in the text and
//! is not reconstructed, so such headings reach the narrative without their numbers.

use crate::limits::{Exceeded, Limit, Limits, MAX_SPAN};
use crate::structured::{
    check_parts, damaged, flatten, too_large, zip_entry_name, Block, Nesting, Node, Numbering,
    RawCell, RawRow, RawTable, RowSpan,
};
use crate::ImportError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::io::Read;

/// The WordprocessingML namespaces (transitional and strict).
const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Why the body could not be read.
#[derive(Debug)]
enum BodyError {
    Xml(String),
    Limit(Exceeded),
}

/// Read a DOCX file's body as blocks, within `limits`.
pub fn read(file: &str, bytes: &[u8], limits: &Limits) -> Result<Vec<Block>, ImportError> {
    let xml = document_xml(file, bytes, limits)?;
    let nodes = parse_body(&xml, limits).map_err(|e| match e {
        BodyError::Xml(e) => damaged(file, "DOCX", format!("word/document.xml: {e}")),
        BodyError::Limit(e) => too_large(file, e),
    })?;
    let mut blocks = Vec::new();
    flatten(nodes, &mut Numbering::default(), &mut blocks);
    Ok(blocks)
}

fn document_xml(file: &str, bytes: &[u8], limits: &Limits) -> Result<String, ImportError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| damaged(file, "DOCX", format!("ZIP: {e}")))?;
    let name = zip_entry_name(&zip, "word/document.xml").ok_or_else(|| {
        damaged(
            file,
            "DOCX",
            "缺少 word/document.xml (word/document.xml missing)",
        )
    })?;
    // Only the body is read: images and other parts may be as large as they are.
    check_parts(&zip, limits, |n| n == name).map_err(|e| too_large(file, e))?;
    let part = zip
        .by_name(&name)
        .map_err(|e| damaged(file, "DOCX", format!("word/document.xml: {e}")))?;
    // The zip reader stops at the declared size; the bound holds whatever it declares.
    let mut raw = Vec::new();
    part.take(limits.part_bytes.saturating_add(1))
        .read_to_end(&mut raw)
        .map_err(|e| damaged(file, "DOCX", format!("word/document.xml: {e}")))?;
    limits
        .check(Limit::Part, raw.len() as u64, &name)
        .map_err(|e| too_large(file, e))?;
    // XML parts are UTF-8 or, rarely, UTF-16 with a byte-order mark.
    let text = match encoding_rs::Encoding::for_bom(&raw) {
        Some((enc, bom)) => enc
            .decode_without_bom_handling(raw.get(bom..).unwrap_or_default())
            .0
            .into_owned(),
        None => String::from_utf8_lossy(&raw).into_owned(),
    };
    Ok(text)
}

#[derive(Default)]
struct OpenTable {
    table: RawTable,
    row: Option<RawRow>,
    cell: Option<RawCell>,
}

impl OpenTable {
    fn close_cell(&mut self) {
        if let Some(cell) = self.cell.take() {
            self.row
                .get_or_insert_with(RawRow::default)
                .cells
                .push(cell);
        }
    }

    fn close_row(&mut self) {
        self.close_cell();
        if let Some(row) = self.row.take() {
            self.table.rows.push(row);
        }
    }
}

#[derive(Default)]
struct Body {
    out: Vec<Node>,
    tables: Vec<OpenTable>,
    paras: Vec<String>,
    /// Depth inside an element whose content is left out.
    skip: usize,
    /// Inside `w:t`.
    in_text: bool,
}

impl Body {
    fn push_str(&mut self, s: &str) {
        if let Some(p) = self.paras.last_mut() {
            p.push_str(s);
        }
    }

    /// A finished paragraph or table goes into the open cell, or the body.
    fn deliver(&mut self, node: Node) {
        match self.tables.last_mut() {
            Some(t) => match t.cell.as_mut() {
                Some(c) => c.content.push(node),
                // Content between cells (not valid WordprocessingML): keep it in the row's
                // next cell rather than lose it.
                None => t
                    .cell
                    .get_or_insert_with(RawCell::default)
                    .content
                    .push(node),
            },
            None => self.out.push(node),
        }
    }

    fn end_paragraph(&mut self) {
        if let Some(p) = self.paras.pop() {
            self.deliver(Node::Para(p));
        }
    }

    fn end_table(&mut self) {
        if let Some(mut t) = self.tables.pop() {
            t.close_row();
            self.deliver(Node::Table(t.table));
        }
    }

    fn cell_mut(&mut self) -> Option<&mut RawCell> {
        self.tables.last_mut().and_then(|t| t.cell.as_mut())
    }

    /// Elements that carry their meaning in attributes (`w:tab`, `w:gridSpan` …), whether
    /// written empty or with an end tag.
    fn marker(&mut self, local: &str, e: &BytesStart<'_>) {
        match local {
            "tab" => self.push_str("\t"),
            "br" | "cr" => self.push_str("\n"),
            "noBreakHyphen" => self.push_str("-"),
            "gridSpan" => {
                let n = val(e).and_then(|v| v.parse::<usize>().ok()).unwrap_or(1);
                if let Some(c) = self.cell_mut() {
                    c.colspan = n.clamp(1, MAX_SPAN);
                }
            }
            "vMerge" => {
                let restart = val(e).is_some_and(|v| v == "restart");
                if let Some(c) = self.cell_mut() {
                    c.rowspan = if restart {
                        RowSpan::Restart
                    } else {
                        RowSpan::Continue
                    };
                }
            }
            // Legacy horizontal merge: a continue cell is covered by the one before.
            "hMerge" if val(e).is_none_or(|v| v != "restart") => {
                if let Some(c) = self.cell_mut() {
                    c.rowspan = RowSpan::Continue;
                }
            }
            "gridBefore" => {
                let n = val(e).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
                if let Some(t) = self.tables.last_mut() {
                    t.row.get_or_insert_with(RawRow::default).skip_before = n.min(MAX_SPAN);
                }
            }
            _ => {}
        }
    }
}

/// The `w:val` attribute.
fn val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Elements whose text is not part of the document as read.
fn skipped(local: &str) -> bool {
    matches!(
        local,
        "delText" | "instrText" | "moveFrom" | "del" | "sectPr" | "pPr" | "rPr" | "tblPr"
    )
}

/// Parse the body into paragraphs and tables. Tables nested deeper than the limit make the
/// whole body an error (the rest of the part is only scanned, to say how deep it goes).
fn parse_body(xml: &str, limits: &Limits) -> Result<Vec<Node>, BodyError> {
    let mut reader = NsReader::from_str(xml);
    reader.config_mut().trim_text(false);
    reader.config_mut().check_end_names = false;
    let mut b = Body::default();
    let mut nesting = Nesting::new(limits);
    loop {
        let position = reader.buffer_position();
        let (ns, event) = reader.read_resolved_event().map_err(|e| {
            BodyError::Xml(format!(
                "XML 错误，位置约 {position} (XML error near byte {position}): {e}"
            ))
        })?;
        if nesting.exceeded() {
            let is_tbl = |local: &str| {
                local == "tbl"
                    && matches!(ns, ResolveResult::Bound(n) if W_NS.contains(&n.as_ref()))
            };
            match &event {
                Event::Start(e) if is_tbl(e.local_name().as_ref()) => {
                    nesting.open();
                }
                Event::End(e) if is_tbl(e.local_name().as_ref()) => nesting.close(),
                Event::Eof => return Err(BodyError::Limit(nesting.error())),
                _ => {}
            }
            continue;
        }
        let is_w = matches!(ns, ResolveResult::Bound(n) if W_NS.contains(&n.as_ref()));
        let is_mc = matches!(ns, ResolveResult::Bound(n) if n.as_ref() == MC_NS);
        match event {
            Event::Start(e) => {
                if b.skip > 0 {
                    b.skip += 1;
                    continue;
                }
                let name = e.local_name();
                let local = name.as_ref();
                if is_mc && local == "Fallback" || is_w && skipped(local) {
                    b.skip = 1;
                    continue;
                }
                if !is_w {
                    continue;
                }
                match local {
                    "p" => b.paras.push(String::new()),
                    "t" => b.in_text = true,
                    "tbl" => {
                        if nesting.open() {
                            b.tables.push(OpenTable::default());
                        } else {
                            // Too deep: drop what was built and only count from here.
                            b = Body::default();
                        }
                    }
                    "tr" => {
                        if let Some(t) = b.tables.last_mut() {
                            t.close_row();
                            t.row = Some(RawRow::default());
                        }
                    }
                    "tc" => {
                        if let Some(t) = b.tables.last_mut() {
                            t.close_cell();
                            t.cell = Some(RawCell::default());
                        }
                    }
                    other => b.marker(other, &e),
                }
            }
            Event::Empty(e) => {
                if b.skip > 0 || !is_w {
                    continue;
                }
                let name = e.local_name();
                match name.as_ref() {
                    // An empty paragraph or cell holds nothing; an empty table row is a row.
                    "p" | "t" => {}
                    "tc" => {
                        if let Some(t) = b.tables.last_mut() {
                            t.close_cell();
                            t.cell = Some(RawCell::default());
                            t.close_cell();
                        }
                    }
                    other => b.marker(other, &e),
                }
            }
            Event::Text(t) if b.skip == 0 && b.in_text => b.push_str(&t.xml10_content()),
            Event::CData(t) if b.skip == 0 && b.in_text => b.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if b.skip == 0 && b.in_text => {
                if let Some(s) = quick_xml::escape::resolve_predefined_entity(r.as_ref()) {
                    b.push_str(s);
                } else if let Ok(Some(c)) = r.resolve_char_ref() {
                    b.push_str(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::End(e) => {
                if b.skip > 0 {
                    b.skip -= 1;
                    continue;
                }
                if !is_w {
                    continue;
                }
                match e.local_name().as_ref() {
                    "t" => b.in_text = false,
                    "p" => b.end_paragraph(),
                    "tc" => {
                        if let Some(t) = b.tables.last_mut() {
                            t.close_cell();
                        }
                    }
                    "tr" => {
                        if let Some(t) = b.tables.last_mut() {
                            t.close_row();
                        }
                    }
                    "tbl" => {
                        nesting.close();
                        b.end_table();
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Elements left open by a truncated part: keep what they hold.
    while !b.paras.is_empty() || !b.tables.is_empty() {
        if !b.paras.is_empty() {
            b.end_paragraph();
        } else {
            b.end_table();
        }
    }
    Ok(b.out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structured::Location;

    const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>"#;
    const TAIL: &str = "<w:sectPr/></w:body></w:document>";

    fn blocks(body: &str) -> Vec<Block> {
        let nodes = parse_body(&format!("{HEAD}{body}{TAIL}"), &Limits::default()).unwrap();
        let mut out = Vec::new();
        flatten(nodes, &mut Numbering::default(), &mut out);
        out
    }

    #[test]
    fn runs_tabs_breaks_and_left_out_text() {
        let b = blocks(concat!(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>"#,
            r#"<w:r><w:t>编制单位：</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">某单位 </w:t></w:r>"#,
            r#"<w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"#,
            r#"<w:r><w:instrText> PAGE </w:instrText></w:r>"#,
            r#"<w:r><w:br/><w:t>A&amp;B&#x4E00;</w:t></w:r></w:p>"#,
            r#"<w:p/><w:p><w:r><w:t></w:t></w:r></w:p>"#,
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>甲</w:t></mc:Choice><mc:Fallback><w:t>甲</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        ));
        assert_eq!(b.len(), 2, "{b:?}");
        assert_eq!(
            b[0],
            Block::Paragraph {
                text: "编制单位：\t某单位 \nA&B一".into(),
                at: Location::Paragraph(1)
            }
        );
        assert!(matches!(&b[1], Block::Paragraph { text, .. } if text == "甲"));
    }

    #[test]
    fn grid_spans_and_vertical_merges() {
        let b = blocks(concat!(
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>",
            r#"<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc>"#,
            r#"<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>公务用车</w:t></w:r></w:p><w:p><w:r><w:t>购置及运行费</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc>"#,
            r#"<w:tc><w:p><w:r><w:t>购置费</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>运行费</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>1.00</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2.00</w:t></w:r></w:p></w:tc></w:tr>"#,
            "</w:tbl>",
        ));
        let Block::Table { rows } = &b[0] else {
            panic!("{b:?}")
        };
        assert_eq!(rows[0].cells, ["合计", "公务用车\u{2028}购置及运行费", ""]);
        assert_eq!(rows[1].cells, ["", "购置费", "运行费"]);
        assert_eq!(rows[2].cells, ["", "1.00", "2.00"]);
        assert_eq!(rows[2].at, Location::TableRow { table: 1, row: 3 });
    }

    proptest::proptest! {
        #[test]
        fn any_element_soup_reads_without_panic(s in "(<(/?)w:(tbl|tr|tc|p|r|t|tab|br)(/?)>|<w:gridSpan w:val=\"[0-9]{1,5}\"/>|<w:vMerge( w:val=\"restart\")?/>|<w:gridBefore w:val=\"[0-9]{1,4}\"/>|[a-z合计0-9.]{0,5}){0,40}") {
            if let Ok(nodes) = parse_body(&format!("{HEAD}{s}{TAIL}"), &Limits::default()) {
                let mut out = Vec::new();
                flatten(nodes, &mut Numbering::default(), &mut out);
            }
        }
    }

    #[test]
    fn truncated_and_broken_xml_do_not_panic() {
        let full = format!(
            "{HEAD}<w:p><w:r><w:t>表一</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>{TAIL}"
        );
        let l = Limits::default();
        for cut in 0..full.len() {
            if full.is_char_boundary(cut) {
                let _ = parse_body(&full[..cut], &l);
            }
        }
        assert!(parse_body("<w:p><w:t>a</w:x></w:p>", &l).is_ok() || parse_body("<<", &l).is_err());
    }
}
