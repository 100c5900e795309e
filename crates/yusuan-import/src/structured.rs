//! Structured sources (DOCX, XLSX/XLS, HTML): paragraphs and tables, their tables read from the
//! cells themselves.
//!
//! The format readers ([`crate::docx`], [`crate::xlsx`], [`crate::html`]) turn a file into
//! [`Block`]s: paragraphs, and tables whose merged cells are laid on one column grid (a merged
//! cell's text stands in its top-left grid cell, with how many grid columns it spans; the cells
//! it covers are `""`, so a label merged over two rows stands in its top row, blank below).
//!
//! Titles, units, notes and the narrative are found in text lines, as in every other source:
//! [`synthesize`] writes the blocks out as numbered lines, in document order (a paragraph is a
//! line, a line break inside it starts another; a table row is a line whose cells are joined by
//! tabs). [`crate::segment`] finds the titles in those lines wherever they stand (a paragraph
//! before the table, or the table's own first row, as in a spreadsheet whose title is a merged
//! first row) and [`crate::narrative`] reads the narrative from them.
//!
//! A table block's grid, though, is not read back from the tab-joined text: [`read_table`] takes
//! every row's cells as the source gives them, with their spans, so a header merged over two
//! columns (`基本支出` over `人员经费` and `公用经费`) stays one header over both, a tab inside a
//! cell stays inside it, and every cell keeps its address (`工作表「表一」C5`, `第 2 个表格第 5 行第
//! 3 列`) in [`yusuan_model::Provenance::place`]. [`crate::built::build`] then reads the grid like
//! any other.
//!
//! Every synthetic line keeps the [`Location`] it came from; [`place_provenance`] writes it into
//! each provenance that has no cell address, and in front of each unexplained line's reason, so a
//! finding points at `工作表「表二」第 7 行` rather than at a line of text no one sees.

use crate::context::Context;
use crate::grid::{self, GridRow, GridTable};
use crate::limits::{Exceeded, Limit, Limits, MAX_GRID_COLUMNS, MAX_SPAN, MAX_SPAN_CELLS};
use crate::segment::TableBlock;
use crate::titles::{squash, TitleKind};
use crate::tsv;
use crate::ImportError;
use std::fmt;
use yusuan_model::{Diagnostic, DiagnosticSeverity, Disclosure, Provenance};

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

impl Location {
    /// The place of the cell in source column `column` (0-based) of this row: `工作表「表一」C5`,
    /// `第 2 个表格第 5 行第 3 列`.
    pub fn cell(&self, column: u32) -> String {
        match self {
            Location::Paragraph(_) => self.to_string(),
            Location::TableRow { table, row } => {
                format!(
                    "第 {table} 个表格第 {row} 行第 {} 列",
                    u64::from(column) + 1
                )
            }
            Location::SheetRow { sheet, row } => {
                format!("工作表「{sheet}」{}{row}", column_name(column))
            }
        }
    }
}

/// A spreadsheet column's letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let d = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + d));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// One row of a table: one cell per grid column, `""` for a blank or covered cell.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    pub cells: Vec<String>,
    /// How many grid columns each cell spans (1 for a cell of its own; a covered cell counts 1).
    /// Empty when the source says nothing of spans.
    pub spans: Vec<usize>,
    pub at: Location,
    /// The source column (0-based) of grid column 0: a worksheet's table may start at column C.
    pub first_column: u32,
}

impl TableRow {
    /// A row of cells without spans, starting at the source's first column.
    pub fn new(cells: Vec<String>, at: Location) -> TableRow {
        TableRow {
            cells,
            spans: Vec::new(),
            at,
            first_column: 0,
        }
    }

    /// The place of the cell at grid column `col`.
    pub fn cell_place(&self, col: usize) -> String {
        let column = u32::try_from(col)
            .unwrap_or(u32::MAX)
            .saturating_add(self.first_column);
        self.at.cell(column)
    }
}

/// A paragraph or a table, in document order.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph { text: String, at: Location },
    Table { rows: Vec<TableRow> },
}

/// The blocks as numbered text, with the cells behind each table line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Synthetic {
    pub text: String,
    /// `places[i]` is where line `i + 1` of `text` came from.
    pub places: Vec<Location>,
    /// Per line: the table (index into `tables`) and row it came from; `None` for a paragraph.
    pub rows: Vec<Option<(usize, usize)>>,
    /// The tables' rows with their cells cleaned ([`clean_cell`]), as the lines show them.
    pub tables: Vec<Vec<TableRow>>,
    /// NUL characters dropped from the text, and the place of the first.
    pub nuls: usize,
    pub first_nul: Option<Location>,
}

impl Synthetic {
    fn push(&mut self, line: &str, at: &Location, row: Option<(usize, usize)>) {
        self.text.push_str(line);
        self.text.push('\n');
        self.places.push(at.clone());
        self.rows.push(row);
    }

    /// The table row line `no` (1-based) came from, with its table's index.
    pub fn row_of(&self, no: u32) -> Option<(usize, &TableRow)> {
        let (t, r) = (*self.rows.get(no.checked_sub(1)? as usize)?)?;
        Some((t, self.tables.get(t)?.get(r)?))
    }

    fn count_nuls(&mut self, s: &str, at: &Location) {
        let n = s.bytes().filter(|&b| b == 0).count();
        if n > 0 {
            self.nuls += n;
            if self.first_nul.is_none() {
                self.first_nul = Some(at.clone());
            }
        }
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

pub(crate) use crate::tsv::CELL_BREAK;

/// A cell: tabs become spaces, line breaks [`CELL_BREAK`], other control characters are dropped.
pub(crate) fn clean_cell(s: &str) -> String {
    tidy_cell(s, false)
}

/// [`clean_cell`], keeping NUL characters when asked (for [`synthesize`] to count them).
fn tidy_cell(s: &str, keep_nul: bool) -> String {
    let mut t = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => t.push(' '),
            '\n' | '\u{b}' | CELL_BREAK | '\u{2029}' => {
                if !t.ends_with(CELL_BREAK) {
                    t.push(CELL_BREAK);
                }
            }
            '\0' if keep_nul => t.push(c),
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
                out.count_nuls(text, at);
                for piece in text.split(['\n', '\r', '\u{b}']) {
                    let line = clean_paragraph_line(piece);
                    if !line.is_empty() {
                        out.push(&line, at, None);
                    }
                }
            }
            Block::Table { rows } => {
                let t = out.tables.len();
                let mut cleaned = Vec::with_capacity(rows.len());
                for (r, row) in rows.iter().enumerate() {
                    for c in &row.cells {
                        out.count_nuls(c, &row.at);
                    }
                    let cells: Vec<String> = row.cells.iter().map(|c| clean_cell(c)).collect();
                    if !cells.iter().all(String::is_empty) {
                        out.push(&cells.join("\t"), &row.at, Some((t, r)));
                    }
                    cleaned.push(TableRow {
                        cells,
                        spans: row.spans.clone(),
                        at: row.at.clone(),
                        first_column: row.first_column,
                    });
                }
                out.tables.push(cleaned);
            }
        }
    }
    out
}

/// Write each line's place into every provenance of the disclosure that has none yet (a cell's
/// own address is kept), and in front of the reason of every unexplained line (the coverage
/// report has no field of its own for it).
pub fn place_provenance(d: &mut Disclosure, places: &[Location]) {
    let names: Vec<String> = places.iter().map(Location::to_string).collect();
    d.for_each_provenance_mut(|p: &mut Provenance| {
        if p.place.is_some() {
            return;
        }
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

/// The warning for NUL characters dropped from a source's text (they would otherwise split
/// titles and labels so that nothing is recognised, without a word).
pub(crate) fn nul_warning(
    file: &str,
    count: usize,
    line: Option<u32>,
    place: Option<String>,
) -> Diagnostic {
    let mut prov = Provenance::new(&std::sync::Arc::from(file));
    prov.line = line;
    prov.place = place;
    Diagnostic {
        severity: DiagnosticSeverity::Warning,
        message: format!(
            "文本中有 {count} 个空字符（NUL），已删除后读取；文件可能已损坏 ({count} NUL characters removed before reading; the file may be damaged)"
        ),
        prov,
    }
}

// ---------------------------------------------------------------------------------------------
// A table block's grid, from the cells.

/// `栏次` / `行次`: the row numbering the columns (1, 2, 3 …) in 决算 tables, part of the header.
fn is_column_numbers(cells: &[String]) -> bool {
    cells
        .iter()
        .find(|c| !c.is_empty())
        .is_some_and(|c| matches!(squash(c).as_str(), "栏次" | "行次"))
}

/// Read one table block into a grid from the cells of the source's tables: the rows of the
/// structured table after the title (and of tables of the same width that go on with it, a
/// header printed again left out), header rows up to the first data row (a row with an amount
/// or a code, or only totals and headings), the unit and compiler line and notes wherever they
/// stand, in a paragraph or a row of their own. What follows the table goes back to the
/// narrative. Returns the grid (None when the block holds no table) and those lines.
pub(crate) fn read_table(
    ctx: &mut Context,
    block: &TableBlock,
    syn: &Synthetic,
) -> (Option<GridTable>, Vec<u32>) {
    let mut grid = GridTable::of_block(block);
    let performance = matches!(block.kind, TitleKind::Performance(_));
    let mut tail: Vec<u32> = Vec::new();
    let (mut saw_row, mut saw_meta, mut in_data) = (false, false, false);
    // The source table the rows come from, and its width.
    let mut table: Option<(usize, usize)> = None;
    // Paragraphs before the first row that are nothing known: reported once there is a table.
    let mut before: Vec<u32> = Vec::new();
    // Does line `no` hold a row of the table being read (or of one that goes on with it)?
    let goes_on = |table: Option<(usize, usize)>, no: u32| match (syn.row_of(no), table) {
        (Some(_), None) => true,
        (Some((t, row)), Some((cur, width))) => performance || t == cur || row.cells.len() == width,
        (None, _) => false,
    };

    let body = &block.body;
    for (i, &no) in body.iter().enumerate() {
        if !tail.is_empty() {
            tail.push(no);
            continue;
        }
        let Some(line) = ctx.src.line(no) else {
            continue;
        };
        if line.is_blank() {
            continue;
        }
        let (text, page) = (line.text.clone(), line.page);
        let source = syn.row_of(no);
        let mut cells = match source {
            Some((_, row)) => row.cells.clone(),
            None => tsv::split_cells(&text),
        };
        if !performance {
            // Only the forms keep the line breaks inside a cell.
            for c in &mut cells {
                if c.contains(CELL_BREAK) {
                    *c = c.replace(CELL_BREAK, " ");
                }
            }
        }

        // The unit, the compiler and notes, in a paragraph or in a row of their own.
        if let Some(unit) = tsv::unit_line(&cells) {
            tsv::set_unit(ctx, &mut grid, unit, no);
            ctx.understood(no);
            saw_meta = true;
            grid.end_line = no;
            continue;
        }
        if let Some((compiler, unit)) = tsv::compiler_line(&cells) {
            if let Some(unit) = unit {
                tsv::set_unit(ctx, &mut grid, unit, no);
            }
            if let Some(c) = compiler {
                if grid.compiler.is_none() {
                    grid.compiler = Some((c, no));
                }
            }
            ctx.understood(no);
            saw_meta = true;
            grid.end_line = no;
            continue;
        }
        if tsv::is_page_number(&text) {
            ctx.ignored(no, "页码 (page number)");
            continue;
        }
        if let Some(note) = tsv::note_text(&cells) {
            grid.notes.push((note, no));
            ctx.understood(no);
            grid.end_line = no;
            continue;
        }

        let Some((t, row)) = source else {
            // A paragraph.
            if !saw_row {
                before.push(no);
                continue;
            }
            let next = body
                .iter()
                .skip(i + 1)
                .copied()
                .find(|&n| ctx.src.line(n).is_some_and(|l| !l.is_blank()));
            if !next.is_some_and(|n| goes_on(table, n)) {
                // The table has ended: the rest of the block is narrative.
                tail.push(no);
                continue;
            }
            if performance {
                // A form's text set between two of its tables: a field of the form.
                grid.rows.push(GridRow {
                    line: no,
                    page,
                    cells,
                    spans: Vec::new(),
                });
                grid.end_line = no;
            } else if matches!(
                crate::layout::outside(&text),
                crate::layout::Outside::Continued
            ) {
                ctx.ignored(
                    no,
                    "分页后重复的表题或编制单位 (title or compiler repeated after a page break)",
                );
            } else {
                ctx.unexplained(
                    no,
                    format!(
                        "「{}」表格中无法识别的行 (line inside the table not understood)",
                        grid::short_name(&grid)
                    ),
                );
            }
            continue;
        };
        if !goes_on(table, no) {
            // A table of another shape: the one read has ended.
            tail.push(no);
            continue;
        }
        if table.is_none() {
            table = Some((t, row.cells.len()));
        }
        if tsv::is_rule_row(&cells) {
            ctx.ignored(no, "分隔线 (rule line)");
            continue;
        }
        saw_row = true;
        grid.end_line = no;
        if !performance {
            for col in 0..cells.len() {
                ctx.set_cell_place(no, col, row.cell_place(col));
            }
        }
        let grow = GridRow {
            line: no,
            page,
            cells,
            spans: row.spans.clone(),
        };
        let starts_data = tsv::is_data_row(&grow.cells) && !is_column_numbers(&grow.cells);
        tsv::push_row(ctx, &mut grid, grow, performance, &mut in_data, starts_data);
    }
    tsv::finish(ctx, block, grid, saw_row || saw_meta, before, tail)
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

impl Drop for RawTable {
    /// Tables nested in tables are dropped one after another, not by recursion: however deep a
    /// file nests them (within a raised [`Limits::table_nesting`]), the stack does not overflow.
    fn drop(&mut self) {
        fn nested(rows: Vec<RawRow>, pending: &mut Vec<RawTable>) {
            for row in rows {
                for cell in row.cells {
                    for node in cell.content {
                        if let Node::Table(t) = node {
                            pending.push(t);
                        }
                    }
                }
            }
        }
        let mut pending = Vec::new();
        nested(std::mem::take(&mut self.rows), &mut pending);
        while let Some(mut t) = pending.pop() {
            nested(std::mem::take(&mut t.rows), &mut pending);
        }
    }
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

/// How deeply tables nest, counted as a reader opens and closes them; past the limit the reader
/// stops building and only counts, so the message can say how deep the file goes.
#[derive(Clone, Debug)]
pub(crate) struct Nesting {
    limit: usize,
    depth: usize,
    deepest: usize,
}

impl Nesting {
    pub fn new(limits: &Limits) -> Nesting {
        Nesting {
            limit: limits.table_nesting,
            depth: 0,
            deepest: 0,
        }
    }

    /// A table opens: `false` when it is one level too deep to build.
    pub fn open(&mut self) -> bool {
        self.depth += 1;
        self.deepest = self.deepest.max(self.depth);
        self.depth <= self.limit
    }

    pub fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// The reader's own count of open tables: `false` when that is too deep to build.
    pub fn at(&mut self, depth: usize) -> bool {
        self.depth = depth;
        self.deepest = self.deepest.max(depth);
        depth <= self.limit
    }

    /// Past the limit at some point?
    pub fn exceeded(&self) -> bool {
        self.deepest > self.limit
    }

    /// The error once the whole file has been scanned.
    pub fn error(&self) -> Exceeded {
        Exceeded {
            limit: Limit::TableNesting,
            found: self.deepest as u64,
            max: self.limit as u64,
            what: String::new(),
        }
    }
}

/// Counters for the locations of blocks, in document order.
#[derive(Default)]
pub(crate) struct Numbering {
    paragraphs: u32,
    tables: u32,
}

/// Lay nodes out as blocks. A table that holds another table, or that has a single column, is
/// a layout frame (web pages wrap their content in such tables; Word documents frame text with
/// one-cell tables): its cells' paragraphs and tables are read as if they stood in the body.
/// A frame's content is read through a stack, not by recursion, so no nesting overflows it.
pub(crate) fn flatten(nodes: Vec<Node>, n: &mut Numbering, out: &mut Vec<Block>) {
    // What is left to read at each level of frames, innermost last.
    let mut stack: Vec<std::vec::IntoIter<Node>> = vec![nodes.into_iter()];
    while let Some(level) = stack.last_mut() {
        let Some(node) = level.next() else {
            stack.pop();
            continue;
        };
        let mut t = match node {
            Node::Para(text) => {
                paragraph(text, n, out);
                continue;
            }
            Node::Table(t) => t,
        };
        if let Some(caption) = t.caption.take() {
            paragraph(caption, n, out);
        }
        let nested = t
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .flat_map(|c| &c.content)
            .any(|n| matches!(n, Node::Table(_)));
        let grid = if nested { Vec::new() } else { expand(&t) };
        let width = grid.iter().map(|r| r.0.len()).max().unwrap_or(0);
        if nested || width <= 1 {
            let mut inner = Vec::new();
            for row in std::mem::take(&mut t.rows) {
                for cell in row.cells {
                    if cell.rowspan != RowSpan::Continue {
                        inner.extend(cell.content);
                    }
                }
            }
            stack.push(inner.into_iter());
            continue;
        }
        n.tables += 1;
        let rows = grid
            .into_iter()
            .enumerate()
            .map(|(i, (cells, spans))| TableRow {
                cells,
                spans,
                at: Location::TableRow {
                    table: n.tables,
                    row: i as u32 + 1,
                },
                first_column: 0,
            })
            .collect();
        out.push(Block::Table { rows });
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
                // NULs stay for `synthesize` to count and drop.
                let t = tidy_cell(t, true);
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

/// Lay a table's cells on its grid: a spanning cell's text in its first grid cell with its span,
/// `""` in the cells it covers, rows padded to the same width.
fn expand(t: &RawTable) -> Vec<(Vec<String>, Vec<usize>)> {
    let mut grid: Vec<(Vec<String>, Vec<usize>)> = Vec::with_capacity(t.rows.len());
    // Rows still covered, per column, by an HTML rowspan from above.
    let mut pending: Vec<usize> = Vec::new();
    let mut budget = MAX_SPAN_CELLS;
    for row in &t.rows {
        let covered: Vec<bool> = pending.iter().map(|&p| p > 0).collect();
        let is_covered = |c: usize| covered.get(c).copied().unwrap_or(false);
        let mut cells: Vec<String> = Vec::new();
        let mut spans: Vec<usize> = Vec::new();
        let mut col = row.skip_before.min(MAX_GRID_COLUMNS);
        cells.resize(col, String::new());
        spans.resize(col, 1);
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
                spans.resize(col + span, 1);
            }
            // Both were made at least `col + span` long just above.
            if let (Some(c), Some(s)) = (cells.get_mut(col), spans.get_mut(col)) {
                *c = cell_text(cell);
                *s = span;
            }
            if let RowSpan::Rows(r) = cell.rowspan {
                if r > 1 {
                    if pending.len() < col + span {
                        pending.resize(col + span, 0);
                    }
                    // The rows below this one that the cell covers.
                    for p in pending.iter_mut().skip(col).take(span) {
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
            spans.resize(last_covered, 1);
        }
        for (c, p) in pending.iter_mut().enumerate() {
            if is_covered(c) && *p > 0 {
                *p -= 1;
            }
        }
        grid.push((cells, spans));
    }
    // Every row on the table's width (rows a hostile table leaves ragged are read as they are).
    let width = grid.iter().map(|r| r.0.len()).max().unwrap_or(0);
    if width.saturating_mul(grid.len()) <= MAX_SPAN_CELLS {
        for (cells, spans) in &mut grid {
            cells.resize(width, String::new());
            spans.resize(width, 1);
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
    let head = bytes.get(..1024).unwrap_or(bytes);
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
    // Files that are no document at all, whatever their name says: said so by their kind,
    // not as text that fails to decode.
    const SIGNATURES: [(&[u8], &str); 9] = [
        (b"\xFF\xD8\xFF", "JPEG 图片 (JPEG image)"),
        (b"\x89PNG\r\n\x1a\n", "PNG 图片 (PNG image)"),
        (b"GIF87a", "GIF 图片 (GIF image)"),
        (b"GIF89a", "GIF 图片 (GIF image)"),
        (b"II*\x00", "TIFF 图片 (TIFF image)"),
        (b"MM\x00*", "TIFF 图片 (TIFF image)"),
        (b"Rar!\x1a\x07", "RAR 压缩包 (RAR archive)"),
        (b"7z\xBC\xAF\x27\x1C", "7z 压缩包 (7z archive)"),
        (b"\x1F\x8B", "gzip 压缩文件 (gzip file)"),
    ];
    if let Some((_, what)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Detected::Unsupported(what);
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
            let (text, _) = enc.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default());
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
    let head: Vec<u8> = b
        .iter()
        .skip(start)
        .take(8192)
        .map(u8::to_ascii_lowercase)
        .collect();
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
    let head = bytes.get(..4096).unwrap_or(bytes);
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

/// `ImportError::TooLarge` for a limit a file went over.
pub(crate) fn too_large(file: &str, exceeded: Exceeded) -> ImportError {
    ImportError::TooLarge {
        file: file.to_string(),
        exceeded,
    }
}

/// Check the unpacked sizes the zip directory declares for the parts a reader reads (those
/// `reads` accepts), each and in all, before anything is unpacked. The zip reader fails a part
/// that unpacks to more than it declares, so these sizes bound what reading can cost.
pub(crate) fn check_parts<R: std::io::Read + std::io::Seek>(
    zip: &zip::ZipArchive<R>,
    limits: &Limits,
    reads: impl Fn(&str) -> bool,
) -> Result<(), Exceeded> {
    let mut total = 0u64;
    for i in 0..zip.len() {
        // An entry that cannot be listed is the reader's to report as damage.
        let Ok(entry) = zip.by_index_data(i) else {
            continue;
        };
        let Ok(name) = entry.name() else { continue };
        let name = name.replace('\\', "/");
        if !reads(&name) {
            continue;
        }
        limits.check(Limit::Part, entry.size(), &name)?;
        total = total.saturating_add(entry.size());
    }
    limits.check(Limit::Unpacked, total, "")
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
        assert_eq!(g[0].0, ["科目", "", "2025年预算数", "", ""]);
        assert_eq!(g[0].1, [2, 1, 3, 1, 1]);
        assert_eq!(
            g[1].0,
            ["科目编码", "科目名称", "总计", "基本支出", "项目支出"]
        );
        assert_eq!(g[1].1, [1; 5]);
        assert_eq!(g[2].0, ["201", "一般公共服务支出", "", "1.00", "2.00"]);
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
        let g: Vec<Vec<String>> = expand(&t).into_iter().map(|r| r.0).collect();
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
        assert_eq!(g[0].0, ["合计", "公务用车购置及运行费", ""]);
        assert_eq!(g[0].1, [1, 2, 1]);
        assert_eq!(g[1].0, ["", "公务用车购置费", "公务用车运行费"]);
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
                        cells: vec!["a\tb".into(), "".into(), "1\n2\0".into()],
                        spans: Vec::new(),
                        at: Location::SheetRow {
                            sheet: "表一".into(),
                            row: 3,
                        },
                        first_column: 2,
                    },
                    TableRow::new(
                        vec!["".into(), " ".into()],
                        Location::SheetRow {
                            sheet: "表一".into(),
                            row: 4,
                        },
                    ),
                ],
            },
        ];
        let s = synthesize(&blocks);
        assert_eq!(s.text, "第一行\n第二行\na b\t\t1\u{2028}2\n");
        assert_eq!(s.places.len(), 3);
        assert_eq!(s.places[2].to_string(), "工作表「表一」第 3 行");
        // Line 3 is row 0 of table 0; the blank row is kept in the table but makes no line.
        let (t, row) = s.row_of(3).unwrap();
        assert_eq!((t, row.cells.len()), (0, 3));
        assert_eq!(row.cells[0], "a b");
        assert_eq!(row.cell_place(0), "工作表「表一」C3");
        assert!(s.row_of(1).is_none());
        assert_eq!(s.tables[0].len(), 2);
        assert_eq!(
            (s.nuls, s.first_nul.clone()),
            (1, Some(s.places[2].clone()))
        );
    }

    proptest::proptest! {
        /// Any paragraphs and tables (titles, units, notes, headers, amounts, spans past the
        /// row) import without a panic, and every cell place names a real row.
        #[test]
        fn any_blocks_import_without_panic(
            items in proptest::collection::vec(
                (
                    proptest::bool::ANY,
                    proptest::collection::vec(
                        (
                            proptest::collection::vec(
                                "(表一|一般公共预算财政拨款支出预算表|单位：万元|合计|基本支出|人员经费|201|1.00|备注：无|栏次|[a-c ]{0,3}|\t|\u{0})",
                                0..6,
                            ),
                            proptest::collection::vec(0usize..4, 0..6),
                        ),
                        1..5,
                    ),
                ),
                0..8,
            )
        ) {
            let mut blocks = Vec::new();
            for (i, (para, rows)) in items.into_iter().enumerate() {
                if para {
                    let text = rows.iter().flat_map(|r| r.0.clone()).collect::<Vec<_>>().join("\t");
                    blocks.push(Block::Paragraph { text, at: Location::Paragraph(i as u32 + 1) });
                } else {
                    let rows = rows
                        .into_iter()
                        .enumerate()
                        .map(|(r, (cells, spans))| TableRow {
                            cells,
                            spans,
                            at: Location::SheetRow { sheet: "表".into(), row: r as u32 + 1 },
                            first_column: 3,
                        })
                        .collect();
                    blocks.push(Block::Table { rows });
                }
            }
            if let Ok(d) = crate::import_structured("p.xlsx", "xlsx", blocks) {
                for t in &d.tables {
                    for r in &t.rows {
                        for c in &r.cells {
                            proptest::prop_assert!(c.prov.place.is_some(), "{:?}", c.prov);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn cell_places() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16_383), "XFD");
        assert_eq!(column_name(u32::MAX), "MWLQKWV");
        let at = Location::TableRow { table: 2, row: 5 };
        assert_eq!(at.cell(2), "第 2 个表格第 5 行第 3 列");
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
        assert_eq!(
            detect(b"\xFF\xD8\xFF\xE0\x00\x10JFIF"),
            Detected::Unsupported("JPEG 图片 (JPEG image)")
        );
        assert_eq!(
            detect(b"\x89PNG\r\n\x1a\n\x00"),
            Detected::Unsupported("PNG 图片 (PNG image)")
        );
        let mut u16 = vec![0xFF, 0xFE];
        u16.extend(utf16le("表一"));
        assert_eq!(detect(&u16), Detected::Utf16Text("表一".into()));
    }
}
