//! HTML pages (government sites publish budgets as web pages with `<table>`s, and some `.xls`
//! downloads are HTML tables too).
//!
//! The page is tokenized with `html5gum`, a WHATWG-conformant tokenizer with no dependencies and
//! no unsafe code: it decodes character references and reads `<script>`/`<style>` content as raw
//! text, which is all this reader needs from a parser. A full tree builder (`scraper`, pulling in
//! `html5ever`, `selectors` and `cssparser`) costs far more to build for nothing used here, and
//! `tl` is a non-conformant parser with little maintenance; quick-xml's HTML mode fails on
//! unclosed tags, which published pages are full of. Measured on the 2-core machine: html5gum adds
//! about 3 s to a clean debug build of this crate.
//!
//! Reading:
//! - The encoding is taken from a byte-order mark, else `<meta charset>` / `http-equiv`, else
//!   UTF-8 when the bytes are valid UTF-8, else GB18030 (GBK/GB2312 pages).
//! - Paragraphs are the text of block elements (`p`, `div`, `h1`–`h6`, `li`, …); `<br>` breaks
//!   the line. Whitespace is collapsed as a browser shows it.
//! - `<script>`, `<style>`, `<title>`, `<noscript>`, `<template>`, `<svg>` and the like are
//!   skipped.
//! - Tables: `<tr>`, `<td>`/`<th>` with `colspan`/`rowspan` expanded onto the grid (missing end
//!   tags are closed as a browser would); a cell's paragraphs are joined by spaces; `<caption>` is
//!   a paragraph before its table. Layout tables (holding other tables, or one column wide) are
//!   unwrapped, see [`crate::structured`].
//! - A page larger than [`Limits::html_bytes`], or with tables nested deeper than
//!   [`Limits::table_nesting`], is not read (the error says which limit and how to raise it).

use crate::limits::{Exceeded, Limit, Limits, MAX_SPAN};
use crate::structured::{
    flatten, too_large, Block, Nesting, Node, Numbering, RawCell, RawRow, RawTable, RowSpan,
};
use crate::ImportError;
use html5gum::{DefaultEmitter, Token, Tokenizer};

/// Read an HTML page as blocks, within `limits`.
pub fn read(file: &str, bytes: &[u8], limits: &Limits) -> Result<Vec<Block>, ImportError> {
    limits
        .check(Limit::Html, bytes.len() as u64, "")
        .map_err(|e| too_large(file, e))?;
    let text = decode(bytes);
    let nodes = parse(&text, limits).map_err(|e| too_large(file, e))?;
    let mut blocks = Vec::new();
    flatten(nodes, &mut Numbering::default(), &mut blocks);
    Ok(blocks)
}

/// The page as text, in the encoding it declares.
fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(bytes.get(bom..).unwrap_or_default())
            .0
            .into_owned();
    }
    let declared = meta_charset(bytes.get(..4096).unwrap_or(bytes))
        .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        // A page cannot declare itself UTF-16 in ASCII (the WHATWG rule): read it as UTF-8.
        .filter(|e| *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE);
    let enc = match declared {
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::GB18030,
    };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// `<meta charset="gbk">` or `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`.
fn meta_charset(head: &[u8]) -> Option<String> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower.get(from..).and_then(|rest| find(rest, b"charset")) {
        let mut j = from + i + b"charset".len();
        from = j;
        while lower.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        if lower.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while lower
            .get(j)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
        {
            j += 1;
        }
        let label: String = lower
            .iter()
            .skip(j)
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
            .map(|&b| char::from(b))
            .collect();
        if !label.is_empty() {
            return Some(label);
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Elements whose content is not shown as text.
fn skipped(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "title"
            | "noscript"
            | "template"
            | "textarea"
            | "select"
            | "svg"
            | "math"
            | "object"
            | "iframe"
            | "noembed"
            | "noframes"
    )
}

/// Elements that start and end a paragraph.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "main"
            | "aside"
            | "blockquote"
            | "pre"
            | "center"
            | "address"
            | "figure"
            | "figcaption"
            | "form"
            | "fieldset"
            | "hr"
            | "body"
            | "html"
    )
}

#[derive(Default)]
struct OpenTable {
    table: RawTable,
    row: Option<RawRow>,
    cell: Option<RawCell>,
    /// Text of the open cell's current paragraph, or of the caption.
    text: String,
    in_caption: bool,
}

impl OpenTable {
    fn close_cell(&mut self) {
        let text = std::mem::take(&mut self.text);
        if self.in_caption {
            self.in_caption = false;
            push_caption(&mut self.table, text);
            return;
        }
        if let Some(mut cell) = self.cell.take() {
            if !text.trim().is_empty() {
                cell.content.push(Node::Para(text));
            }
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

fn push_caption(t: &mut RawTable, text: String) {
    let text = text.trim().to_string();
    if text.is_empty() {
        return;
    }
    match t.caption.as_mut() {
        Some(c) => {
            c.push(' ');
            c.push_str(&text);
        }
        None => t.caption = Some(text),
    }
}

#[derive(Default)]
struct Page {
    out: Vec<Node>,
    text: String,
    tables: Vec<OpenTable>,
    /// The skipped element being read through, and how deeply it nests.
    skip: Option<(String, usize)>,
}

impl Page {
    /// Where text goes: the innermost open cell or caption, else the page's paragraph.
    fn buffer(&mut self) -> &mut String {
        match self.tables.last_mut() {
            Some(t) if t.cell.is_some() || t.in_caption => &mut t.text,
            _ => &mut self.text,
        }
    }

    /// Append text, collapsing whitespace as a browser shows it.
    fn push_text(&mut self, s: &str) {
        let buf = self.buffer();
        for c in s.chars() {
            let c = if c == '\u{a0}' { ' ' } else { c };
            if c.is_ascii_whitespace() {
                if !buf.is_empty() && !buf.ends_with(' ') {
                    buf.push(' ');
                }
            } else if !c.is_control() || c == '\0' {
                // A NUL goes on, for the importer to count and drop.
                buf.push(c);
            }
        }
    }

    /// End the current paragraph (in the open cell, or on the page).
    fn break_paragraph(&mut self) {
        match self.tables.last_mut() {
            Some(t) if t.in_caption => t.text.push(' '),
            Some(t) if t.cell.is_some() => {
                let text = std::mem::take(&mut t.text);
                if !text.trim().is_empty() {
                    if let Some(c) = t.cell.as_mut() {
                        c.content.push(Node::Para(text));
                    }
                }
            }
            // Text between cells (not valid HTML, common in pages): kept as the page's text.
            _ => {
                let text = std::mem::take(&mut self.text);
                if !text.trim().is_empty() {
                    self.deliver(Node::Para(text));
                }
            }
        }
    }

    /// A finished paragraph or table goes into the open cell, or the page.
    fn deliver(&mut self, node: Node) {
        match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            Some(c) => c.content.push(node),
            None => self.out.push(node),
        }
    }

    fn start_table(&mut self) {
        self.break_paragraph();
        self.tables.push(OpenTable::default());
    }

    fn end_table(&mut self) {
        if let Some(mut t) = self.tables.pop() {
            t.close_row();
            // Text that stood between the table's cells: a browser shows it before the table.
            let stray = std::mem::take(&mut self.text);
            if !stray.trim().is_empty() {
                self.deliver(Node::Para(stray));
            }
            self.deliver(Node::Table(t.table));
        }
    }

    fn start_tag(&mut self, name: &str, attr: impl Fn(&str) -> Option<String>) {
        if let Some((skip, depth)) = self.skip.as_mut() {
            if skip == name {
                *depth += 1;
            }
            return;
        }
        if skipped(name) {
            self.skip = Some((name.to_string(), 1));
            return;
        }
        match name {
            "table" => self.start_table(),
            "caption" => {
                if let Some(t) = self.tables.last_mut() {
                    t.close_cell();
                    t.in_caption = true;
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.close_row();
                    t.row = Some(RawRow::default());
                }
            }
            "td" | "th" => {
                if self.tables.is_empty() {
                    // A cell outside any table: read as a table the page forgot to open.
                    self.start_table();
                }
                if let Some(t) = self.tables.last_mut() {
                    t.close_cell();
                    let span = |a: &str| {
                        attr(a)
                            .map(|v| {
                                v.trim()
                                    .chars()
                                    .take_while(char::is_ascii_digit)
                                    .collect::<String>()
                            })
                            .and_then(|v| v.parse::<usize>().ok())
                            .unwrap_or(1)
                            .clamp(1, MAX_SPAN)
                    };
                    t.cell = Some(RawCell {
                        content: Vec::new(),
                        colspan: span("colspan"),
                        rowspan: RowSpan::Rows(span("rowspan")),
                    });
                }
            }
            "br" => self.break_paragraph(),
            n if is_block(n) => self.break_paragraph(),
            _ => {}
        }
    }

    fn end_tag(&mut self, name: &str) {
        if let Some((skip, depth)) = self.skip.as_mut() {
            if skip == name {
                *depth -= 1;
                if *depth == 0 {
                    self.skip = None;
                }
            }
            return;
        }
        match name {
            "table" => self.end_table(),
            "caption" => {
                if let Some(t) = self.tables.last_mut() {
                    if t.in_caption {
                        t.close_cell();
                    }
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.close_row();
                }
            }
            "td" | "th" => {
                if let Some(t) = self.tables.last_mut() {
                    t.close_cell();
                }
            }
            "br" => self.break_paragraph(),
            n if is_block(n) => self.break_paragraph(),
            _ => {}
        }
    }
}

/// Parse the page. Tables nested deeper than the limit make the page an error (the rest is only
/// scanned, to say how deep it goes).
fn parse(text: &str, limits: &Limits) -> Result<Vec<Node>, Exceeded> {
    let mut emitter = DefaultEmitter::default();
    // Read <script>, <style>, <textarea>, <title> content as raw text.
    emitter.naively_switch_states(true);
    let mut page = Page::default();
    let mut nesting = Nesting::new(limits);
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        if nesting.exceeded() {
            match &token {
                Token::StartTag(tag) if tag.name.eq_ignore_ascii_case(b"table") => {
                    nesting.open();
                }
                Token::EndTag(tag) if tag.name.eq_ignore_ascii_case(b"table") => nesting.close(),
                _ => {}
            }
            continue;
        }
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let attr = |a: &str| {
                    tag.attributes
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(a.as_bytes()))
                        .map(|(_, v)| String::from_utf8_lossy(&v.value).into_owned())
                };
                page.start_tag(&name, attr);
                if tag.self_closing && !skipped(&name) {
                    page.end_tag(&name);
                }
                if !nesting.at(page.tables.len()) {
                    // Too deep: drop what was built and only count from here.
                    page = Page::default();
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                page.end_tag(&name);
                nesting.at(page.tables.len());
            }
            Token::String(s) => {
                if page.skip.is_none() {
                    page.push_text(&String::from_utf8_lossy(&s.value));
                }
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    if nesting.exceeded() {
        return Err(nesting.error());
    }
    page.break_paragraph();
    while !page.tables.is_empty() {
        page.end_table();
        page.break_paragraph();
    }
    Ok(page.out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structured::Location;

    fn blocks(html: &str) -> Vec<Block> {
        read("t.html", html.as_bytes(), &Limits::default()).unwrap()
    }

    #[test]
    fn paragraphs_entities_scripts() {
        let b = blocks(
            "<html><head><title>标题</title><style>p{}</style><script>var a='<p>x</p>';</script></head>\
             <body><h1>一、部门&nbsp;职责</h1><p>收入  预算\n 3636.80 万元&amp;<br>第二行</p><div>甲<span>乙</span></div></body></html>",
        );
        let texts: Vec<&str> = b
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { text, .. } => Some(text.as_str()),
                Block::Table { .. } => None,
            })
            .collect();
        assert_eq!(
            texts,
            ["一、部门 职责", "收入 预算 3636.80 万元&", "第二行", "甲乙"]
        );
    }

    #[test]
    fn tables_with_spans_and_missing_end_tags() {
        let b = blocks(
            "<table><caption>表二 一般公共预算财政拨款支出预算表</caption>\
             <tr><th colspan=2>科目<th colspan=3>2025年预算数\
             <tr><td>科目编码<td>科目名称<td rowspan=\"2\">总计<td>基本支出<td>项目支出\
             <tr><td>201<td><p>一般公共</p><p>服务支出</p><td>1.00<td>2.00\
             </table><p>备注：无。</p>",
        );
        assert_eq!(b.len(), 3, "{b:?}");
        assert!(matches!(&b[0], Block::Paragraph { text, .. } if text.starts_with("表二")));
        let Block::Table { rows } = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!(rows[0].cells, ["科目", "", "2025年预算数", "", ""]);
        assert_eq!(
            rows[2].cells,
            ["201", "一般公共\u{2028}服务支出", "", "1.00", "2.00"]
        );
        assert_eq!(rows[2].at, Location::TableRow { table: 1, row: 3 });
        assert!(matches!(
            &b[2],
            Block::Paragraph {
                at: Location::Paragraph(2),
                ..
            }
        ));
    }

    #[test]
    fn gbk_pages_are_decoded() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>财政拨款收支总表</p></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        let b = read("t.html", &bytes, &Limits::default()).unwrap();
        assert!(matches!(&b[0], Block::Paragraph { text, .. } if text == "财政拨款收支总表"));
        // Undeclared, not UTF-8: GB18030.
        let (bytes, _, _) = encoding_rs::GBK.encode("<p>部门收支总表</p>");
        let b = read("t.html", &bytes, &Limits::default()).unwrap();
        assert!(matches!(&b[0], Block::Paragraph { text, .. } if text == "部门收支总表"));
    }

    proptest::proptest! {
        #[test]
        fn any_tag_soup_reads_without_panic(s in "(<(/?)(table|tr|td|th|p|br|caption|script|div)( colspan=[0-9]{1,6}| rowspan=\"?-?[0-9]{1,9})?>|[a-z合计0-9.,&;# ]{0,6}){0,40}") {
            let _ = read("p.html", s.as_bytes(), &Limits::default());
        }
    }

    #[test]
    fn layout_tables_unwrap() {
        let b = blocks(
            "<table><tr><td><p>一、说明</p><table><tr><td>a<td>1.00</tr></table><p>二、其他</p></td></tr></table>",
        );
        assert_eq!(b.len(), 3, "{b:?}");
        assert!(matches!(&b[1], Block::Table { rows } if rows[0].cells == ["a", "1.00"]));
    }
}
