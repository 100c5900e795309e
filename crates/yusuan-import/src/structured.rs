//! Structured sources (DOCX, XLSX/XLS, HTML) as paragraphs and tables, read by the text pipeline.
//!
//! The format readers ([`crate::docx`], [`crate::xlsx`], [`crate::html`]) turn a file into
//! [`Block`]s: paragraphs, and tables whose merged cells are already expanded onto one column
//! grid (a merged cell's text stands in its first grid cell; the cells it covers are `""`).
//! [`synthesize`] writes the blocks out as numbered lines, in document order:
//!
//! - a paragraph is a line (a line break inside it starts another line of the same paragraph);
//! - a table row is a line whose cells are joined by tabs (tabs and line breaks inside a cell
//!   become spaces, so a cell never spills into the next one).
//!
//! That text is the tab-separated form the importer already reads ([`crate::tsv`]): titles are
//! found by [`crate::segment`] wherever they stand (a paragraph before the table, or the table's
//! own first row, as in a spreadsheet whose title is a merged first row), units, compiler lines,
//! headers, rows and notes by [`crate::tsv`], columns by [`crate::grid::build`], and the
//! narrative by [`crate::narrative`]. There is no second table builder.
//!
//! Every synthetic line keeps the [`Location`] it came from; [`place_provenance`] writes it into
//! each provenance as [`yusuan_model::Provenance::place`] and in front of each unexplained line's
//! reason, so a finding points at `工作表「表二」第 7 行` rather than at a line of text no one sees.

use crate::ImportError;
use std::fmt;
use yusuan_model::{Disclosure, Provenance};

/// Where a paragraph or table row is in the original file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// The n-th paragraph with text (1-based, in document order; empty paragraphs not counted).
    Paragraph(u32),
    /// Row `row` (1-based, counting every row of the table) of the n-th table (1-based).
    TableRow { table: u32, row: u32 },
    /// A row of a worksheet, numbered as the spreadsheet shows it (1-based).
    SheetRow { sheet: String, row: u32 },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Paragraph(n) => write!(f, "第 {n} 段"),
            Location::TableRow { table, row } => write!(f, "第 {table} 个表格第 {row} 行"),
            Location::SheetRow { sheet, row } => write!(f, "工作表「{sheet}」第 {row} 行"),
        }
    }
}

/// One row of a table: one cell per grid column, `""` for a blank or covered cell.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    pub cells: Vec<String>,
    pub at: Location,
}

/// A paragraph or a table, in document order.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph { text: String, at: Location },
    Table { rows: Vec<TableRow> },
}

/// The blocks as numbered text: `places[i]` is where line `i + 1` of `text` came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Synthetic {
    pub text: String,
    pub places: Vec<Location>,
}

impl Synthetic {
    fn push(&mut self, line: &str, at: &Location) {
        self.text.push_str(line);
        self.text.push('\n');
        self.places.push(at.clone());
    }
}

/// Whitespace a cell or paragraph is trimmed of (the ideographic space included).
fn is_pad(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// A paragraph line: control characters (a form feed would start a page) dropped, tabs kept
/// (they separate the fields of lines such as `编制单位：…⇥单位：万元`), ends trimmed.
fn clean_paragraph_line(s: &str) -> String {
    let t: String = s
        .chars()
        .filter(|&c| c == '\t' || !c.is_control())
        .collect();
    t.trim_matches(is_pad).to_string()
}

/// A line break inside a cell. The synthetic text has one line per row, so a break inside a
/// cell is kept as U+2028 LINE SEPARATOR: whitespace to every reader of names and amounts,
/// a paragraph break to the performance forms (a 当年绩效目标 of several paragraphs).
pub(crate) const CELL_BREAK: char = '\u{2028}';

/// A cell: tabs become spaces, line breaks [`CELL_BREAK`], other control characters are dropped.
pub(crate) fn clean_cell(s: &str) -> String {
    let mut t = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => t.push(' '),
            '\n' | '\u{b}' | CELL_BREAK | '\u{2029}' => {
                if !t.ends_with(CELL_BREAK) {
                    t.push(CELL_BREAK);
                }
            }
            c if c.is_control() => {}
            c => t.push(c),
        }
    }
    t.trim_matches(is_pad).to_string()
}

/// Write the blocks out as numbered lines (see the module documentation). Rows whose cells are
/// all blank are left out: they carry nothing, and a blank line inside a table reads as a page
/// break anyway.
pub fn synthesize(blocks: &[Block]) -> Synthetic {
    let mut out = Synthetic::default();
    for block in blocks {
        match block {
            Block::Paragraph { text, at } => {
                for piece in text.split(['\n', '\r', '\u{b}']) {
                    let line = clean_paragraph_line(piece);
                    if !line.is_empty() {
                        out.push(&line, at);
                    }
                }
            }
            Block::Table { rows } => {
                for row in rows {
                    let cells: Vec<String> = row.cells.iter().map(|c| clean_cell(c)).collect();
                    if cells.iter().all(String::is_empty) {
                        continue;
                    }
                    out.push(&cells.join("\t"), &row.at);
                }
            }
        }
    }
    out
}

/// Write each line's place into every provenance of the disclosure, and in front of the reason
/// of every unexplained line (the coverage report has no field of its own for it).
pub fn place_provenance(d: &mut Disclosure, places: &[Location]) {
    let names: Vec<String> = places.iter().map(Location::to_string).collect();
    d.for_each_provenance_mut(|p: &mut Provenance| {
        if let Some(name) = p
            .line
            .and_then(|l| l.checked_sub(1))
            .and_then(|i| names.get(i as usize))
        {
            p.place = Some(name.clone());
        }
    });
    for u in &mut d.coverage.unexplained {
        if let Some(name) = u.line.checked_sub(1).and_then(|i| names.get(i as usize)) {
            u.reason = format!("{name}：{}", u.reason);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Paragraphs and tables as the DOCX and HTML readers find them, before tables are laid on a grid.

/// A paragraph or a table as found in a document body or a table cell.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    Para(String),
    Table(RawTable),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawTable {
    pub rows: Vec<RawRow>,
    /// `<caption>`: stands before the table as a paragraph (it is usually the title).
    pub caption: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawRow {
    pub cells: Vec<RawCell>,
    /// Grid columns left empty before the first cell (DOCX `w:gridBefore`).
    pub skip_before: usize,
}

/// How a cell spans rows.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum RowSpan {
    /// HTML `rowspan`: the cell covers this many rows (1 = this row only).
    Rows(usize),
    /// DOCX `w:vMerge w:val="restart"`: the first cell of a vertical merge.
    Restart,
    /// DOCX `w:vMerge` (continue): covered by the cell above; its own text is not shown.
    Continue,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RawCell {
    pub content: Vec<Node>,
    /// Grid columns the cell covers (HTML `colspan`, DOCX `w:gridSpan`), at least 1.
    pub colspan: usize,
    pub rowspan: RowSpan,
}

impl Default for RawCell {
    fn default() -> Self {
        RawCell {
            content: Vec::new(),
            colspan: 1,
            rowspan: RowSpan::Rows(1),
        }
    }
}

/// Widest table grid laid out; cells beyond are dropped (only hostile input gets there).
const MAX_GRID_COLUMNS: usize = 1024;
/// Largest span honoured for one cell.
pub(crate) const MAX_SPAN: usize = 1000;
/// Most grid cells a table's spans may add (a page of `colspan=1000` cells must not cost
/// gigabytes); past it, cells take one column each.
const MAX_SPAN_CELLS: usize = 4_000_000;

/// Counters for the locations of blocks, in document order.
#[derive(Default)]
pub(crate) struct Numbering {
    paragraphs: u32,
    tables: u32,
}

/// Lay nodes out as blocks. A table that holds another table, or that has a single column, is
/// a layout frame (web pages wrap their content in such tables; Word documents frame text with
/// one-cell tables): its cells' paragraphs and tables are read as if they stood in the body.
pub(crate) fn flatten(nodes: Vec<Node>, n: &mut Numbering, out: &mut Vec<Block>) {
    for node in nodes {
        match node {
            Node::Para(text) => paragraph(text, n, out),
            Node::Table(t) => {
                if let Some(caption) = t.caption.clone() {
                    paragraph(caption, n, out);
                }
                let nested = t
                    .rows
                    .iter()
                    .flat_map(|r| &r.cells)
                    .flat_map(|c| &c.content)
                    .any(|n| matches!(n, Node::Table(_)));
                let grid = if nested { Vec::new() } else { expand(&t) };
                let width = grid.iter().map(Vec::len).max().unwrap_or(0);
                if nested || width <= 1 {
                    for row in t.rows {
                        for cell in row.cells {
                            if cell.rowspan != RowSpan::Continue {
                                flatten(cell.content, n, out);
                            }
                        }
                    }
                    continue;
                }
                n.tables += 1;
                let rows = grid
                    .into_iter()
                    .enumerate()
                    .map(|(i, cells)| TableRow {
                        cells,
                        at: Location::TableRow {
                            table: n.tables,
                            row: i as u32 + 1,
                        },
                    })
                    .collect();
                out.push(Block::Table { rows });
            }
        }
    }
}

fn paragraph(text: String, n: &mut Numbering, out: &mut Vec<Block>) {
    if text.trim_matches(is_pad).is_empty() {
        return;
    }
    n.paragraphs += 1;
    out.push(Block::Paragraph {
        text,
        at: Location::Paragraph(n.paragraphs),
    });
}

/// A cell's text: its paragraphs joined by [`CELL_BREAK`] (a header written over two lines,
/// `一般公共预算` / `财政拨款收入`, reads as `一般公共预算 财政拨款收入` to the table reader).
fn cell_text(cell: &RawCell) -> String {
    if cell.rowspan == RowSpan::Continue {
        return String::new();
    }
    let mut parts: Vec<String> = Vec::new();
    collect_text(&cell.content, &mut parts);
    parts.join(&CELL_BREAK.to_string())
}

fn collect_text(nodes: &[Node], parts: &mut Vec<String>) {
    for node in nodes {
        match node {
            Node::Para(t) => {
                let t = clean_cell(t);
                if !t.is_empty() {
                    parts.push(t);
                }
            }
            Node::Table(t) => {
                for row in &t.rows {
                    for cell in &row.cells {
                        collect_text(&cell.content, parts);
                    }
                }
            }
        }
    }
}

/// Lay a table's cells on its grid: a spanning cell's text in its first grid cell and `""` in the
/// cells it covers, rows padded to the same width.
fn expand(t: &RawTable) -> Vec<Vec<String>> {
    let mut grid: Vec<Vec<String>> = Vec::with_capacity(t.rows.len());
    // Rows still covered, per column, by an HTML rowspan from above.
    let mut pending: Vec<usize> = Vec::new();
    let mut budget = MAX_SPAN_CELLS;
    for row in &t.rows {
        let covered: Vec<bool> = pending.iter().map(|&p| p > 0).collect();
        let is_covered = |c: usize| covered.get(c).copied().unwrap_or(false);
        let mut cells: Vec<String> = Vec::new();
        let mut col = row.skip_before.min(MAX_GRID_COLUMNS);
        cells.resize(col, String::new());
        for cell in &row.cells {
            while is_covered(col) && col < MAX_GRID_COLUMNS {
                col += 1;
            }
            if col >= MAX_GRID_COLUMNS {
                break;
            }
            let mut span = cell.colspan.clamp(1, MAX_SPAN).min(MAX_GRID_COLUMNS - col);
            if span > budget {
                span = 1;
            }
            budget = budget.saturating_sub(span);
            if cells.len() < col + span {
                cells.resize(col + span, String::new());
            }
            cells[col] = cell_text(cell);
            if let RowSpan::Rows(r) = cell.rowspan {
                if r > 1 {
                    if pending.len() < col + span {
                        pending.resize(col + span, 0);
                    }
                    // The rows below this one that the cell covers.
                    for p in &mut pending[col..col + span] {
                        *p = (*p).max(r.min(MAX_SPAN) - 1);
                    }
                }
            }
            col += span;
        }
        // Columns covered from above after the last cell.
        let last_covered = covered.iter().rposition(|&c| c).map_or(0, |i| i + 1);
        if cells.len() < last_covered {
            cells.resize(last_covered, String::new());
        }
        for (c, p) in pending.iter_mut().enumerate() {
            if is_covered(c) && *p > 0 {
                *p -= 1;
            }
        }
        grid.push(cells);
    }
    // Every row on the table's width (rows a hostile table leaves ragged are read as they are).
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    if width.saturating_mul(grid.len()) <= MAX_SPAN_CELLS {
        for r in &mut grid {
            r.resize(width, String::new());
        }
    }
    grid
}

// ---------------------------------------------------------------------------------------------
// Telling formats apart by content.

/// What a file's bytes are.
#[derive(Clone, Debug, PartialEq)]
pub enum Detected {
    Pdf,
    Docx,
    Xlsx,
    Xls,
    Html,
    /// UTF-16 text (with a byte-order mark), decoded.
    Utf16Text(String),
    /// Anything else: read as UTF-8 text.
    Text,
    /// A format recognised but not read; the name for the message.
    Unsupported(&'static str),
    /// A zip archive whose directory cannot be read; what it seems to be (`DOCX`, `XLSX`, `ZIP`).
    DamagedZip(&'static str),
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// The name of a zip entry as stored, found case-insensitively and with `\` read as `/`.
pub(crate) fn zip_entry_name<R: std::io::Read + std::io::Seek>(
    zip: &zip::ZipArchive<R>,
    wanted: &str,
) -> Option<String> {
    zip.file_names()
        .flatten()
        .find(|n| n.replace('\\', "/").eq_ignore_ascii_case(wanted))
        .map(|n| n.into_owned())
}

/// Tell the format from the bytes (the file name is never looked at).
pub fn detect(bytes: &[u8]) -> Detected {
    let head = &bytes[..bytes.len().min(1024)];
    if contains(head, b"%PDF-") {
        return Detected::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
            Ok(zip) => {
                if zip_entry_name(&zip, "word/document.xml").is_some() {
                    Detected::Docx
                } else if zip_entry_name(&zip, "xl/workbook.xml").is_some() {
                    Detected::Xlsx
                } else if zip_entry_name(&zip, "xl/workbook.bin").is_some() {
                    Detected::Unsupported("XLSB")
                } else if zip_entry_name(&zip, "ppt/presentation.xml").is_some() {
                    Detected::Unsupported("PPTX")
                } else if zip_entry_name(&zip, "content.xml").is_some() {
                    Detected::Unsupported("OpenDocument (ODT/ODS)")
                } else {
                    Detected::Unsupported("ZIP")
                }
            }
            Err(_) => {
                let kind = if contains(bytes, b"word/") {
                    "DOCX"
                } else if contains(bytes, b"xl/") {
                    "XLSX"
                } else {
                    "ZIP"
                };
                Detected::DamagedZip(kind)
            }
        };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An OLE2 compound file: its directory names the streams (in UTF-16).
        if contains(bytes, &utf16le("EncryptedPackage")) {
            return Detected::Unsupported("加密的 Office 文件 (encrypted Office file)");
        }
        if contains(bytes, &utf16le("WordDocument")) {
            return Detected::Unsupported("DOC (Word 97-2003)");
        }
        if contains(bytes, &utf16le("PowerPoint Document")) {
            return Detected::Unsupported("PPT");
        }
        return Detected::Xls;
    }
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc != encoding_rs::UTF_8 {
            let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
            if looks_like_html(text.as_bytes()) {
                return Detected::Html;
            }
            return Detected::Utf16Text(text.into_owned());
        }
    }
    if looks_like_spreadsheet_ml(bytes) {
        return Detected::Unsupported("XML 电子表格 2003 (SpreadsheetML 2003)");
    }
    if looks_like_html(bytes) {
        return Detected::Html;
    }
    Detected::Text
}

/// Markup first, and an HTML element near the start.
fn looks_like_html(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    if b.get(start) != Some(&b'<') {
        return false;
    }
    let head: Vec<u8> = b[start..b.len().min(start + 8192)].to_ascii_lowercase();
    [
        "<html",
        "<!doctype html",
        "<table",
        "<body",
        "<head",
        "<meta",
        "<div",
        "<p>",
        "<p ",
        "<h1",
        "<h2",
        "<h3",
    ]
    .iter()
    .any(|m| contains(&head, m.as_bytes()))
}

fn looks_like_spreadsheet_ml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    head.starts_with(b"<?xml") && contains(head, b"urn:schemas-microsoft-com:office:spreadsheet")
}

/// `ImportError::Damaged` for a reader's failure.
pub(crate) fn damaged(file: &str, format: &str, detail: impl fmt::Display) -> ImportError {
    ImportError::Damaged {
        file: file.to_string(),
        format: format.to_string(),
        detail: detail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(s: &str) -> Node {
        Node::Para(s.to_string())
    }

    fn cell(s: &str, colspan: usize, rowspan: RowSpan) -> RawCell {
        RawCell {
            content: vec![para(s)],
            colspan,
            rowspan,
        }
    }

    fn table(rows: Vec<Vec<RawCell>>) -> RawTable {
        RawTable {
            rows: rows
                .into_iter()
                .map(|cells| RawRow {
                    cells,
                    skip_before: 0,
                })
                .collect(),
            caption: None,
        }
    }

    #[test]
    fn html_spans_expand_onto_the_grid() {
        let t = table(vec![
            vec![
                cell("科目", 2, RowSpan::Rows(1)),
                cell("2025年预算数", 3, RowSpan::Rows(1)),
            ],
            vec![
                cell("科目编码", 1, RowSpan::Rows(1)),
                cell("科目名称", 1, RowSpan::Rows(1)),
                cell("总计", 1, RowSpan::Rows(2)),
                cell("基本支出", 1, RowSpan::Rows(1)),
                cell("项目支出", 1, RowSpan::Rows(1)),
            ],
            vec![
                cell("201", 1, RowSpan::Rows(1)),
                cell("一般公共服务支出", 1, RowSpan::Rows(1)),
                cell("1.00", 1, RowSpan::Rows(1)),
                cell("2.00", 1, RowSpan::Rows(1)),
            ],
        ]);
        let g = expand(&t);
        assert_eq!(g[0], ["科目", "", "2025年预算数", "", ""]);
        assert_eq!(
            g[1],
            ["科目编码", "科目名称", "总计", "基本支出", "项目支出"]
        );
        assert_eq!(g[2], ["201", "一般公共服务支出", "", "1.00", "2.00"]);
    }

    #[test]
    fn a_rowspan_covers_exactly_its_rows() {
        let one = |s: &str| cell(s, 1, RowSpan::Rows(1));
        let t = table(vec![
            vec![cell("甲", 1, RowSpan::Rows(3)), one("1")],
            vec![one("2")],
            vec![one("3")],
            vec![one("乙"), one("4")],
            // Spans far past the table, and absurd spans, are clamped.
            vec![cell("丙", usize::MAX, RowSpan::Rows(usize::MAX))],
        ]);
        let g = expand(&t);
        assert_eq!(g[0][..2], ["甲", "1"]);
        assert_eq!(g[1][..2], ["", "2"]);
        assert_eq!(g[2][..2], ["", "3"]);
        assert_eq!(g[3][..2], ["乙", "4"]);
        assert_eq!(g[4][0], "丙");
        assert!(g.iter().all(|r| r.len() == MAX_SPAN));
    }

    #[test]
    fn docx_vertical_merges_leave_the_covered_cells_blank() {
        let t = table(vec![
            vec![
                cell("合计", 1, RowSpan::Restart),
                cell("公务用车购置及运行费", 2, RowSpan::Restart),
            ],
            vec![
                cell("合计", 1, RowSpan::Continue),
                cell("公务用车购置费", 1, RowSpan::Restart),
                cell("公务用车运行费", 1, RowSpan::Restart),
            ],
        ]);
        let g = expand(&t);
        assert_eq!(g[0], ["合计", "公务用车购置及运行费", ""]);
        assert_eq!(g[1], ["", "公务用车购置费", "公务用车运行费"]);
    }

    #[test]
    fn layout_frames_are_unwrapped() {
        let inner = table(vec![
            vec![
                cell("a", 1, RowSpan::Rows(1)),
                cell("1.00", 1, RowSpan::Rows(1)),
            ],
            vec![
                cell("b", 1, RowSpan::Rows(1)),
                cell("2.00", 1, RowSpan::Rows(1)),
            ],
        ]);
        let outer = RawTable {
            rows: vec![RawRow {
                cells: vec![RawCell {
                    content: vec![para("一、说明"), Node::Table(inner), para("二、其他")],
                    colspan: 1,
                    rowspan: RowSpan::Rows(1),
                }],
                skip_before: 0,
            }],
            caption: Some("表一".into()),
        };
        let mut out = Vec::new();
        flatten(
            vec![Node::Table(outer)],
            &mut Numbering::default(),
            &mut out,
        );
        assert_eq!(out.len(), 4, "{out:?}");
        assert!(
            matches!(&out[0], Block::Paragraph { text, at: Location::Paragraph(1) } if text == "表一")
        );
        assert!(matches!(&out[2], Block::Table { rows } if rows.len() == 2
            && rows[1].at == Location::TableRow { table: 1, row: 2 }));
        assert!(matches!(
            &out[3],
            Block::Paragraph {
                at: Location::Paragraph(3),
                ..
            }
        ));
    }

    #[test]
    fn synthetic_lines_map_back() {
        let blocks = vec![
            Block::Paragraph {
                text: "　　第一行\n第二行\u{c}".into(),
                at: Location::Paragraph(1),
            },
            Block::Table {
                rows: vec![
                    TableRow {
                        cells: vec!["a\tb".into(), "".into(), "1\n2".into()],
                        at: Location::SheetRow {
                            sheet: "表一".into(),
                            row: 3,
                        },
                    },
                    TableRow {
                        cells: vec!["".into(), " ".into()],
                        at: Location::SheetRow {
                            sheet: "表一".into(),
                            row: 4,
                        },
                    },
                ],
            },
        ];
        let s = synthesize(&blocks);
        assert_eq!(s.text, "第一行\n第二行\na b\t\t1\u{2028}2\n");
        assert_eq!(s.places.len(), 3);
        assert_eq!(s.places[2].to_string(), "工作表「表一」第 3 行");
    }

    #[test]
    fn formats_by_content() {
        assert_eq!(detect(b"%PDF-1.7\n"), Detected::Pdf);
        assert_eq!(detect(b"  <!DOCTYPE html><p>x"), Detected::Html);
        assert_eq!(
            detect(b"<TABLE><tr><td>1</td></tr></TABLE>"),
            Detected::Html
        );
        assert_eq!(
            detect("表一\n财政拨款收支总表\n".as_bytes()),
            Detected::Text
        );
        assert_eq!(
            detect(b"PK\x03\x04garbage word/document.xml"),
            Detected::DamagedZip("DOCX")
        );
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend(utf16le("WordDocument"));
        assert_eq!(detect(&ole), Detected::Unsupported("DOC (Word 97-2003)"));
        let mut u16 = vec![0xFF, 0xFE];
        u16.extend(utf16le("表一"));
        assert_eq!(detect(&u16), Detected::Utf16Text("表一".into()));
    }
}
