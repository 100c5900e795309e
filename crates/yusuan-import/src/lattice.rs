//! Ruled tables: the cells of a table from the borders the PDF draws, and its words placed in
//! them by their exact boxes.
//!
//! Government disclosures are exported from spreadsheets with every cell bordered. The borders
//! are certain where text alignment is a guess: a cell's extent, a header spanning two columns
//! (`基本支出` over `人员经费` and `公用经费`), a header spanning three rows (`项目`), a blank cell
//! and a long name wrapped inside its cell all come out of the ruling directly. Where a block
//! has no ruled frame (a table drawn without borders, or a text layout without geometry), the
//! caller falls back to the column reader of [`crate::layout`].
//!
//! The reading, in steps:
//! 1. Each page's rules form frames: horizontal and vertical rules that touch, clustered into
//!    column and row boundaries. Two neighbouring elementary cells are one cell where the
//!    border between them is not drawn (a merged cell).
//! 2. Every word of the table block goes to the cell its centre lies in; a cell's words are
//!    read top to bottom, left to right.
//! 3. The rows before the first data row (a row with an amount or a code, or a total) are the
//!    header; a frame continued on the next page repeats it, or goes straight on with rows.
//! 4. Lines outside the frames: the compiler and unit line above, notes below; what follows the
//!    notes goes back to the narrative.

use crate::context::Context;
use crate::grid::{is_total_label, GridRow, GridTable};
use crate::segment::TableBlock;
use crate::titles::{squash, TitleKind};
use std::collections::HashMap;
use yusuan_model::money::looks_like_amount;

/// Rules nearer than this (points) are one boundary; a rule reaching within this of another
/// touches it.
const TOLERANCE: f64 = 2.0;
/// Rules shorter than this are marks, not borders.
const MIN_RULE: f64 = 3.0;
/// A border is drawn between two cells when rules cover this share of their common side.
const COVERED: f64 = 0.5;

/// A horizontal or vertical rule on a page, in PDF points (y upwards).
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Segment {
    pub horizontal: bool,
    /// y of a horizontal rule, x of a vertical one.
    pub at: f64,
    /// Extent along the rule: x for horizontal, y for vertical; `start <= end`.
    pub start: f64,
    pub end: f64,
}

/// A word with its box on its page, in PDF points (y upwards).
#[derive(Clone, Debug, PartialEq)]
pub struct BoxWord {
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl BoxWord {
    fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
}

/// The geometry behind the importer's text lines, where the source has it (a PDF).
#[derive(Clone, Debug, Default)]
pub struct Geometry {
    /// Per text line (index = line number − 1): its page and its words with boxes.
    pub lines: Vec<(u32, Vec<BoxWord>)>,
    /// The ruled frames of each page.
    frames: HashMap<u32, Vec<Frame>>,
}

impl Geometry {
    /// `lines` as the importer numbers them; `rules` by page number.
    pub fn new(lines: Vec<(u32, Vec<BoxWord>)>, rules: HashMap<u32, Vec<Segment>>) -> Geometry {
        let frames = rules
            .into_iter()
            .map(|(page, segs)| (page, frames(&segs)))
            .collect();
        Geometry { lines, frames }
    }

    fn line(&self, no: u32) -> Option<&(u32, Vec<BoxWord>)> {
        self.lines.get(no.checked_sub(1)? as usize)
    }
}

/// A ruled table on a page: column boundaries left to right, row boundaries top to bottom, and
/// the cells (elementary cells joined where no border is drawn between them).
#[derive(Clone, Debug, PartialEq)]
struct Frame {
    xs: Vec<f64>,
    /// Descending: top first.
    ys: Vec<f64>,
    /// Cell of each elementary cell (`row * columns + column`).
    cell_of: Vec<usize>,
    cells: Vec<Span>,
}

/// A cell's first and last elementary row and column (inclusive).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Span {
    r0: usize,
    c0: usize,
    r1: usize,
    c1: usize,
}

impl Frame {
    fn columns(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }
    fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }
    fn top(&self) -> f64 {
        self.ys.first().copied().unwrap_or(0.0)
    }
    fn bottom(&self) -> f64 {
        self.ys.last().copied().unwrap_or(0.0)
    }
    fn contains(&self, x: f64, y: f64) -> bool {
        let (Some(&l), Some(&r)) = (self.xs.first(), self.xs.last()) else {
            return false;
        };
        x > l && x < r && y < self.top() && y > self.bottom()
    }
    /// The cell a point lies in.
    fn cell_at(&self, x: f64, y: f64) -> Option<usize> {
        if !self.contains(x, y) {
            return None;
        }
        let c = neighbours(&self.xs).position(|(a, b)| x >= a && x < b)?;
        let r = neighbours(&self.ys).position(|(a, b)| y <= a && y > b)?;
        self.cell_of.get(r * self.columns() + c).copied()
    }
}

/// Each border with the next: the cells between the borders.
fn neighbours(borders: &[f64]) -> impl Iterator<Item = (f64, f64)> + '_ {
    borders.iter().copied().zip(borders.iter().copied().skip(1))
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind((0..n).collect())
    }
    fn find(&mut self, mut i: usize) -> usize {
        while let Some(&p) = self.0.get(i) {
            if p == i {
                break;
            }
            let gp = self.0.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.0.get_mut(i) {
                *slot = gp;
            }
            i = p;
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            if let Some(slot) = self.0.get_mut(a) {
                *slot = b;
            }
        }
    }
}

/// Values within [`TOLERANCE`] of their neighbour are one; each cluster by its mean.
fn cluster(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((sum, n)) if x - *sum / *n as f64 <= TOLERANCE => {
                *sum += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(s, n)| s / n as f64).collect()
}

/// Do a horizontal and a vertical rule touch?
fn touch(h: &Segment, v: &Segment) -> bool {
    v.at >= h.start - TOLERANCE
        && v.at <= h.end + TOLERANCE
        && h.at >= v.start - TOLERANCE
        && h.at <= v.end + TOLERANCE
}

/// How much of `[lo, hi]` the rules at `at` (within the tolerance) cover.
fn coverage(segs: &[&Segment], at: f64, lo: f64, hi: f64) -> f64 {
    let mut parts: Vec<(f64, f64)> = segs
        .iter()
        .filter(|s| (s.at - at).abs() <= TOLERANCE)
        .map(|s| (s.start.max(lo), s.end.min(hi)))
        .filter(|(a, b)| b > a)
        .collect();
    parts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut covered, mut reach) = (0.0, lo);
    for (a, b) in parts {
        let a = a.max(reach);
        if b > a {
            covered += b - a;
            reach = b;
        }
    }
    covered
}

/// The ruled frames of a page.
fn frames(segs: &[Segment]) -> Vec<Frame> {
    let segs: Vec<&Segment> = segs
        .iter()
        .filter(|s| s.end - s.start >= MIN_RULE && s.at.is_finite())
        .collect();
    let mut uf = UnionFind::new(segs.len());
    for (i, a) in segs.iter().enumerate() {
        for (j, b) in segs.iter().enumerate().skip(i + 1) {
            let joined = match (a.horizontal, b.horizontal) {
                (true, false) => touch(a, b),
                (false, true) => touch(b, a),
                // Collinear pieces of one border.
                _ => {
                    (a.at - b.at).abs() <= TOLERANCE
                        && a.start <= b.end + TOLERANCE
                        && b.start <= a.end + TOLERANCE
                }
            };
            if joined {
                uf.union(i, j);
            }
        }
    }
    let mut groups: HashMap<usize, Vec<&Segment>> = HashMap::new();
    for (i, s) in segs.iter().enumerate() {
        groups.entry(uf.find(i)).or_default().push(s);
    }
    let mut out: Vec<Frame> = groups.into_values().filter_map(|g| frame(&g)).collect();
    out.sort_by(|a, b| b.top().total_cmp(&a.top()));
    out
}

/// One frame from rules that touch one another.
fn frame(segs: &[&Segment]) -> Option<Frame> {
    let hs: Vec<&Segment> = segs.iter().copied().filter(|s| s.horizontal).collect();
    let vs: Vec<&Segment> = segs.iter().copied().filter(|s| !s.horizontal).collect();
    if hs.len() < 2 || vs.len() < 2 {
        return None;
    }
    // The frame's own extent counts as a boundary where a table is drawn without side borders.
    let mut xs: Vec<f64> = vs.iter().map(|s| s.at).collect();
    xs.extend(hs.iter().map(|s| s.start));
    xs.extend(hs.iter().map(|s| s.end));
    let xs = trim_extent(cluster(xs), &vs, true);
    let mut ys: Vec<f64> = hs.iter().map(|s| s.at).collect();
    ys.extend(vs.iter().map(|s| s.start));
    ys.extend(vs.iter().map(|s| s.end));
    let mut ys = trim_extent(cluster(ys), &hs, false);
    ys.reverse();
    let (cols, rows) = (xs.len().checked_sub(1)?, ys.len().checked_sub(1)?);
    if cols == 0 || rows == 0 {
        return None;
    }
    let mut uf = UnionFind::new(rows * cols);
    // Neighbours in a row are one cell where no vertical border is drawn between them.
    for (r, w) in ys.windows(2).enumerate() {
        let &[hi, lo] = w else { continue };
        for (c, &x) in xs.iter().enumerate().take(cols).skip(1) {
            if coverage(&vs, x, lo, hi) < COVERED * (hi - lo) {
                uf.union(r * cols + c - 1, r * cols + c);
            }
        }
    }
    // Neighbours in a column likewise, across a horizontal border.
    for (r, &y) in ys.iter().enumerate().take(rows).skip(1) {
        for (c, w) in xs.windows(2).enumerate() {
            let &[lo, hi] = w else { continue };
            if coverage(&hs, y, lo, hi) < COVERED * (hi - lo) {
                uf.union((r - 1) * cols + c, r * cols + c);
            }
        }
    }
    let mut id: HashMap<usize, usize> = HashMap::new();
    let mut cells: Vec<Span> = Vec::new();
    let mut cell_of = vec![0; rows * cols];
    for r in 0..rows {
        for c in 0..cols {
            let root = uf.find(r * cols + c);
            let k = *id.entry(root).or_insert_with(|| {
                cells.push(Span {
                    r0: r,
                    c0: c,
                    r1: r,
                    c1: c,
                });
                cells.len() - 1
            });
            if let Some(s) = cells.get_mut(k) {
                s.r1 = s.r1.max(r);
                s.c0 = s.c0.min(c);
                s.c1 = s.c1.max(c);
            }
            if let Some(slot) = cell_of.get_mut(r * cols + c) {
                *slot = k;
            }
        }
    }
    Some(Frame {
        xs,
        ys,
        cell_of,
        cells,
    })
}

/// Boundaries added from the extent of the cross rules are kept only at the outer edges: inside
/// the frame every boundary is a drawn rule.
fn trim_extent(bounds: Vec<f64>, drawn: &[&Segment], _vertical: bool) -> Vec<f64> {
    let n = bounds.len();
    bounds
        .into_iter()
        .enumerate()
        .filter(|(i, b)| {
            *i == 0 || *i + 1 == n || drawn.iter().any(|s| (s.at - b).abs() <= TOLERANCE)
        })
        .map(|(_, b)| b)
        .collect()
}

/// Words joined as they read: CJK runs on, Latin words and numbers get a space.
fn join(parts: &[&str]) -> String {
    let mut s = String::new();
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if alnum(s.chars().last()) && alnum(p.chars().next()) {
            s.push(' ');
        }
        s.push_str(p);
    }
    s
}

/// The text of a cell from its words: lines top to bottom, words left to right. Words of one
/// line stand apart by a space (`1. 一般公共预算资金`) unless both sides are CJK; the lines of a
/// wrapped cell run on.
fn cell_text(words: &mut [(u32, &BoxWord)]) -> String {
    let same_line = |a: &BoxWord, b: &BoxWord| {
        // Same line when the vertical centres are within half a word's height.
        let h = (a.y1 - a.y0).max(b.y1 - b.y0).max(1.0);
        (a.cy() - b.cy()).abs() <= h / 2.0
    };
    words.sort_by(|a, b| {
        if same_line(a.1, b.1) {
            a.1.x0.total_cmp(&b.1.x0)
        } else {
            b.1.cy().total_cmp(&a.1.cy())
        }
    });
    let cjk = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
    let mut lines: Vec<String> = Vec::new();
    let mut prev: Option<&BoxWord> = None;
    for (_, w) in words.iter() {
        match (prev, lines.last_mut()) {
            (Some(p), Some(line)) if same_line(p, w) => {
                if !(cjk(line.chars().last()) && cjk(w.text.chars().next())) {
                    line.push(' ');
                }
                line.push_str(&w.text);
            }
            _ => lines.push(w.text.clone()),
        }
        prev = Some(w);
    }
    let parts: Vec<&str> = lines.iter().map(String::as_str).collect();
    join(&parts)
}

/// One frame's reading: the text of each cell and the lines its words came from.
struct Read<'a> {
    frame: &'a Frame,
    page: u32,
    text: Vec<String>,
    /// The first (topmost) text line of each cell's words.
    line: Vec<Option<u32>>,
}

impl Read<'_> {
    /// Cells whose first row is `r`, left to right.
    fn starting(&self, r: usize) -> impl Iterator<Item = (usize, &Span)> {
        let mut v: Vec<(usize, &Span)> = self
            .frame
            .cells
            .iter()
            .enumerate()
            .filter(|(_, s)| s.r0 == r)
            .collect();
        v.sort_by_key(|(_, s)| s.c0);
        v.into_iter()
    }

    fn text_of(&self, cell: usize) -> &str {
        self.text.get(cell).map_or("", String::as_str)
    }

    /// The first row of data: the first with an amount or a code in one of its cells, and the
    /// rows just before it that start with a total (`合计`, `支出总计`) or `无` in their leftmost
    /// cell (a total row printed blank). In a table without amounts, the first row starting
    /// with a total. A header may head a column `合计` too, but never in a row of its own with
    /// nothing but headers below it and amounts further down.
    fn first_data_row(&self) -> usize {
        let rows = self.frame.rows();
        let amount_row = (0..rows).find(|&r| {
            let texts: Vec<&str> = self.starting(r).map(|(i, _)| self.text_of(i)).collect();
            !texts.first().is_some_and(|t| is_column_numbers_label(t))
                && texts.iter().any(|t| looks_like_amount(t))
        });
        match amount_row {
            Some(a) => {
                let mut first = a;
                while first > 0 && self.starts_with_total(first - 1) {
                    first -= 1;
                }
                first
            }
            None => (0..rows)
                .find(|&r| self.starts_with_total(r))
                .unwrap_or(rows),
        }
    }

    /// Does the row start, left of any other text, with a total or `无` (after blank cells of
    /// its own, like an empty code cell), with nothing but amounts or blanks after it? A cell
    /// reaching down from the rows above (a header's `项目`) means the row is still header.
    fn starts_with_total(&self, r: usize) -> bool {
        let mut over: Vec<(usize, &Span)> = self
            .frame
            .cells
            .iter()
            .enumerate()
            .filter(|(_, s)| s.r0 <= r && r <= s.r1)
            .collect();
        over.sort_by_key(|(_, s)| s.c0);
        let mut rest = over
            .iter()
            .skip_while(|(i, s)| s.r0 == r && self.text_of(*i).is_empty());
        let Some((first, span)) = rest.next() else {
            return false;
        };
        let t = squash(self.text_of(*first));
        // A header row `合计 | 基本支出 | 项目支出` starts with a total too, but goes on with
        // words where a total row has amounts or nothing.
        span.r0 == r
            && (is_total_label(&t) || t == "无")
            && rest.all(|(i, _)| {
                let t = self.text_of(*i);
                t.is_empty() || looks_like_amount(t)
            })
    }

    /// The row's texts by elementary column, with each cell's span.
    fn grid_row(&self, r: usize, columns: &[Option<(usize, usize)>]) -> Option<GridRow> {
        let width = columns
            .iter()
            .flatten()
            .map(|c| c.1)
            .max()
            .map_or(0, |m| m + 1);
        let mut cells = vec![String::new(); width];
        let mut spans = vec![1usize; width];
        let mut line: Option<u32> = None;
        for (i, s) in self.starting(r) {
            let Some((col, _)) = columns.get(s.c0).copied().flatten() else {
                continue;
            };
            let end = columns
                .get(s.c1)
                .copied()
                .flatten()
                .map_or(col, |c| c.1)
                .max(col);
            let t = self.text_of(i);
            if t.is_empty() {
                continue;
            }
            if let Some(slot) = cells.get_mut(col) {
                if !slot.is_empty() {
                    slot.push(' ');
                }
                slot.push_str(t);
            }
            if let Some(slot) = spans.get_mut(col) {
                *slot = end - col + 1;
            }
            if let Some(l) = self.line.get(i).copied().flatten() {
                line = Some(line.map_or(l, |m: u32| m.min(l)));
            }
        }
        let line = line?;
        Some(GridRow {
            line,
            page: Some(self.page),
            cells,
            spans,
        })
    }
}

/// `栏次` / `行次`: the row numbering the columns (1, 2, 3 …) in 决算 tables.
fn is_column_numbers_label(t: &str) -> bool {
    let s = squash(t);
    s == "栏次" || s == "行次"
}

/// Read a table block from the ruled frames its words lie in. `None` when the block's words lie
/// in no frame (the caller reads it by its columns instead).
pub fn read_table(
    ctx: &mut Context,
    block: &TableBlock,
    geo: &Geometry,
) -> Option<(Option<GridTable>, Vec<u32>)> {
    if matches!(block.kind, TitleKind::Performance(_)) {
        return None;
    }
    // The frames the block's words lie in, in page order, and each word's cell.
    let mut used: Vec<(u32, usize)> = Vec::new();
    // Per frame (page, index): each word with its cell and text line.
    type Placed<'g> = Vec<(usize, u32, &'g BoxWord)>;
    let mut placed: HashMap<(u32, usize), Placed> = HashMap::new();
    let mut in_frame: HashMap<u32, bool> = HashMap::new();
    for &no in &block.body {
        let Some((page, words)) = geo.line(no) else {
            continue;
        };
        let Some(page_frames) = geo.frames.get(page) else {
            continue;
        };
        for w in words {
            for (fi, f) in page_frames.iter().enumerate() {
                if let Some(cell) = f.cell_at(w.cx(), w.cy()) {
                    if !used.contains(&(*page, fi)) {
                        used.push((*page, fi));
                    }
                    placed.entry((*page, fi)).or_default().push((cell, no, w));
                    in_frame.insert(no, true);
                    break;
                }
            }
        }
    }
    if used.is_empty() {
        return None;
    }
    used.sort();
    let reads: Vec<Read> = used
        .iter()
        .filter_map(|&(page, fi)| {
            let frame = geo.frames.get(&page)?.get(fi)?;
            let mut by_cell: Vec<Vec<(u32, &BoxWord)>> = vec![Vec::new(); frame.cells.len()];
            for &(cell, no, w) in placed.get(&(page, fi)).map(Vec::as_slice).unwrap_or(&[]) {
                if let Some(v) = by_cell.get_mut(cell) {
                    v.push((no, w));
                }
            }
            let line = by_cell
                .iter()
                .map(|ws| ws.iter().map(|(no, _)| *no).min())
                .collect();
            let text = by_cell.iter_mut().map(|ws| cell_text(ws)).collect();
            Some(Read {
                frame,
                page,
                text,
                line,
            })
        })
        .collect();
    let first = reads.first()?;

    let mut grid = GridTable::of_block(block);

    // The first frame: its header rows, then data rows.
    let own: Vec<Option<(usize, usize)>> =
        (0..first.frame.columns()).map(|c| Some((c, c))).collect();
    let first_data = first.first_data_row();
    for r in 0..first_data {
        if let Some(row) = first.grid_row(r, &own) {
            grid.header.push(row);
        }
    }
    let header_words: Vec<String> = grid
        .header
        .iter()
        .flat_map(|r| r.cells.iter().filter(|c| !c.is_empty()).map(|c| squash(c)))
        .collect();
    for r in first_data..first.frame.rows() {
        if let Some(row) = first.grid_row(r, &own) {
            grid.rows.push(row);
        }
    }
    // Frames that go on with the table: their columns mapped onto the first frame's by
    // position; a header printed again is left out.
    let mut last_page = first.page;
    let mut ended_at: Option<usize> = None;
    for (k, read) in reads.iter().enumerate().skip(1) {
        let Some(columns) = map_columns(first.frame, read.frame) else {
            ended_at = Some(k);
            break;
        };
        let data = read.first_data_row();
        // The first row the page adds may be the rest of a row the page break cut.
        let mut first_added = true;
        for r in 0..read.frame.rows() {
            let Some(row) = read.grid_row(r, &columns) else {
                continue;
            };
            if r < data
                && row
                    .cells
                    .iter()
                    .filter(|c| !c.is_empty())
                    .all(|c| header_words.contains(&squash(c)))
            {
                ignore_row_lines(ctx, read, r);
                continue;
            }
            let cut = first_added && grid.rows.last().is_some_and(|p| continues_row(p, &row));
            first_added = false;
            match grid.rows.last_mut() {
                Some(prev) if cut => {
                    for (i, c) in row.cells.iter().enumerate() {
                        if let Some(slot) = prev.cells.get_mut(i) {
                            slot.push_str(c);
                        }
                    }
                }
                _ => grid.rows.push(row),
            }
        }
        last_page = read.page;
    }
    let frames_used: Vec<&Read> = reads.iter().take(ended_at.unwrap_or(reads.len())).collect();

    // Lines outside the frames: above the first frame the compiler and unit; on a continued
    // page the title and meta again; below the last frame notes, then the narrative.
    let first_top_line = block
        .body
        .iter()
        .copied()
        .find(|no| in_frame.get(no).copied().unwrap_or(false));
    let last_frame_line = block
        .body
        .iter()
        .copied()
        .filter(|no| {
            in_frame.get(no).copied().unwrap_or(false)
                && geo.line(*no).is_some_and(|(p, _)| *p <= last_page)
        })
        .max();
    let mut tail = Vec::new();
    let mut in_notes = true;
    for &no in &block.body {
        let Some(src_line) = ctx.src.line(no) else {
            continue;
        };
        if src_line.is_blank() {
            continue;
        }
        let text = src_line.trimmed().to_string();
        if in_frame.get(&no).copied().unwrap_or(false) && last_frame_line.is_some_and(|l| no <= l) {
            ctx.understood(no);
            grid.end_line = grid.end_line.max(no);
            continue;
        }
        use crate::layout::{outside, take_meta, Outside};
        let what = outside(&text);
        let before_first = first_top_line.is_some_and(|f| no < f);
        let after_last = last_frame_line.is_some_and(|l| no > l);
        if before_first {
            match what {
                Outside::Meta(m) => {
                    take_meta(ctx, &mut grid, m, no);
                    ctx.understood(no);
                }
                // A compiler's name too long for its place wraps onto a line of its own:
                // `部门：中国共产党江苏省委员会办` … `公厅`.
                Outside::Other if compiler_tail(&grid, &text) => {
                    if let Some((name, _)) = grid.compiler.as_mut() {
                        name.push_str(&squash(&text));
                    }
                    ctx.understood(no);
                }
                Outside::PageNumber => ctx.ignored(no, "页码 (page number)"),
                Outside::Label => ctx.ignored(no, "表号 (table number)"),
                _ => ctx.unexplained(
                    no,
                    format!(
                        "「{}」表格上方无法识别的行 (line above the table not understood)",
                        block.title
                    ),
                ),
            }
            grid.end_line = grid.end_line.max(no);
        } else if !after_last {
            // Between frames: a continued page's title, compiler and unit line, page number.
            match what {
                Outside::Meta(_)
                | Outside::Continued
                | Outside::PageNumber
                | Outside::Label => ctx.ignored(
                    no,
                    "分页后重复的表题或编制单位 (title or compiler repeated after a page break)",
                ),
                Outside::Note => {
                    grid.notes.push((text, no));
                    ctx.understood(no);
                }
                Outside::Other => ctx.unexplained(
                    no,
                    format!(
                        "「{}」表内无法识别的行 (line inside the table not understood)",
                        block.title
                    ),
                ),
            }
            grid.end_line = grid.end_line.max(no);
        } else {
            // Right under the table, a remark that there is nothing (`（无政府性基金支出）`) is
            // the table's note whatever its form.
            let first_below = tail.is_empty() && grid.notes.is_empty();
            let note = matches!(what, Outside::Note)
                || (first_below && text.chars().count() <= 40 && says_none(&text));
            let open = grid.notes.last().is_some_and(|n| !ends_sentence(&n.0));
            if in_notes && (note || open) {
                match grid.notes.last_mut() {
                    Some(n) if open && !note => n.0.push_str(&text),
                    _ => grid.notes.push((text, no)),
                }
                ctx.understood(no);
                grid.end_line = grid.end_line.max(no);
            } else {
                in_notes = false;
                tail.push(no);
            }
        }
    }
    // Blank lines after the table go with what follows it.
    let mut tail_with_blanks: Vec<u32> = block
        .body
        .iter()
        .copied()
        .filter(|&no| no > grid.end_line && !tail.contains(&no))
        .collect();
    tail_with_blanks.extend(tail);
    tail_with_blanks.sort_unstable();
    let _ = frames_used;
    Some((Some(grid), tail_with_blanks))
}

/// A remark that there is nothing: `无…`, `没有`, `未安排`, `不涉及`.
fn says_none(text: &str) -> bool {
    let t = squash(text);
    let t = t.trim_start_matches(['(', '（', '注', '：', ':']);
    t.starts_with('无')
        || ["没有", "未安排", "不涉及", "无数据"]
            .iter()
            .any(|m| t.contains(m))
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['。', '.', '；', ';', '！', '？', ')', '）'])
}

/// Mark the text lines of a repeated header row as left out.
fn ignore_row_lines(ctx: &mut Context, read: &Read, r: usize) {
    for (i, _) in read.starting(r) {
        if let Some(l) = read.line.get(i).copied().flatten() {
            ctx.ignored(l, "分页后重复的表头 (header repeated after a page break)");
        }
    }
}

/// The columns of a continued frame as columns of the first: each elementary column as the
/// first frame's columns it covers (a column drawn wider on the next page covers several).
/// `None` when the frames are not the same table (few column borders line up).
fn map_columns(first: &Frame, next: &Frame) -> Option<Vec<Option<(usize, usize)>>> {
    let inside = |x: f64| neighbours(&first.xs).position(|(l, r)| x >= l && x < r);
    let map: Vec<Option<(usize, usize)>> = neighbours(&next.xs)
        .map(|(left, right)| {
            // Just inside each border, so a border drawn a little off lands in its own column.
            let (a, b) = (left + TOLERANCE * 1.5, right - TOLERANCE * 1.5);
            let mid = inside((left + right) / 2.0)?;
            let lo = inside(a.min(b)).unwrap_or(mid);
            let hi = inside(b.max(a)).unwrap_or(mid);
            Some((lo.min(mid), hi.max(mid)))
        })
        .collect();
    let aligned = next
        .xs
        .iter()
        .filter(|x| first.xs.iter().any(|f| (*f - **x).abs() <= 2.0 * TOLERANCE))
        .count();
    (aligned * 2 >= next.xs.len()).then_some(map)
}

/// A row cut by a page break goes on at the top of the next page's frame: a first row with
/// words but no amount, no code and no numbering of its own (`业支出` after `八、社会保障和就`,
/// `小计` after `当年收入`). Its words join the row they continue.
fn continues_row(prev: &GridRow, next: &GridRow) -> bool {
    let has_text = |r: &GridRow| r.cells.iter().any(|c| !c.is_empty());
    has_text(next)
        && next.cells.iter().all(|c| {
            let t = squash(c);
            t.is_empty()
                || (!looks_like_amount(c)
                    && !starts_numbered(&t)
                    && yusuan_model::Code::parse(c).is_none())
        })
        && next
            .cells
            .iter()
            .enumerate()
            .all(|(i, c)| c.is_empty() || !prev.cell(i).is_empty())
}

/// `一、` `（一）` `1.` `(1)`: a numbered label starts a row of its own.
fn starts_numbered(t: &str) -> bool {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let rest = t.trim_start_matches(numeral);
    (rest.len() < t.len() && rest.starts_with(['、', '.', '．', ')', '）']))
        || (t.starts_with(['（', '(']) && t.chars().nth(1).is_some_and(numeral))
}

/// A short line of name characters under the compiler line, before the table: the rest of the
/// compiler's name (`公厅`, `常委会办公厅`), unless the name reads as whole already.
fn compiler_tail(grid: &GridTable, text: &str) -> bool {
    let Some((name, _)) = grid.compiler.as_ref() else {
        return false;
    };
    let t = squash(text);
    let n = t.chars().count();
    let whole = [
        "厅",
        "局",
        "委员会",
        "办公室",
        "中心",
        "部",
        "院",
        "会",
        "所",
        "站",
        "处",
        "室",
    ]
    .iter()
    .any(|s| name.ends_with(s));
    (1..=12).contains(&n)
        && !whole
        && t.chars()
            .all(|c| crate::narrative::lines::is_han(c) || c == '（' || c == '）')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(at: f64, start: f64, end: f64) -> Segment {
        Segment {
            horizontal: true,
            at,
            start,
            end,
        }
    }
    fn v(at: f64, start: f64, end: f64) -> Segment {
        Segment {
            horizontal: false,
            at,
            start,
            end,
        }
    }

    /// A 3-row, 3-column grid whose top row is one cell across all columns and whose first
    /// column's lower two cells are one (a vertically merged label).
    fn merged() -> Vec<Segment> {
        vec![
            h(100.0, 0.0, 300.0),
            h(80.0, 0.0, 300.0),
            h(60.0, 100.0, 300.0),
            h(40.0, 0.0, 300.0),
            v(0.0, 40.0, 100.0),
            v(300.0, 40.0, 100.0),
            v(100.0, 40.0, 80.0),
            v(200.0, 40.0, 80.0),
        ]
    }

    #[test]
    fn merged_cells_come_from_missing_borders() {
        let fs = frames(&merged());
        assert_eq!(fs.len(), 1);
        let f = &fs[0];
        assert_eq!(f.columns(), 3);
        assert_eq!(f.rows(), 3);
        let spans: Vec<Span> = f.cells.clone();
        assert!(
            spans.contains(&Span {
                r0: 0,
                c0: 0,
                r1: 0,
                c1: 2
            }),
            "{spans:?}"
        );
        assert!(
            spans.contains(&Span {
                r0: 1,
                c0: 0,
                r1: 2,
                c1: 0
            }),
            "{spans:?}"
        );
        assert_eq!(spans.len(), 1 + 1 + 4);
        assert_eq!(f.cell_at(150.0, 90.0), f.cell_at(250.0, 90.0));
        assert_eq!(f.cell_at(50.0, 70.0), f.cell_at(50.0, 50.0));
        assert_ne!(f.cell_at(150.0, 70.0), f.cell_at(150.0, 50.0));
        assert_eq!(f.cell_at(350.0, 50.0), None);
    }

    #[test]
    fn borders_drawn_in_pieces_and_loose_marks() {
        let mut segs = merged();
        // The bottom border in two pieces, and a tick mark far away.
        segs.retain(|s| !(s.horizontal && s.at == 40.0));
        segs.push(h(40.0, 0.0, 150.0));
        segs.push(h(40.3, 150.0, 300.0));
        segs.push(h(500.0, 10.0, 11.0));
        let fs = frames(&segs);
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].rows(), 3);
    }

    #[test]
    fn two_tables_on_a_page_are_two_frames() {
        let mut segs = merged();
        segs.extend(merged().into_iter().map(|mut s| {
            if s.horizontal {
                s.at -= 200.0;
            } else {
                s.start -= 200.0;
                s.end -= 200.0;
            }
            s
        }));
        let fs = frames(&segs);
        assert_eq!(fs.len(), 2);
        assert!(fs[0].top() > fs[1].top());
    }

    #[test]
    fn cell_text_reads_lines_top_down() {
        let w = |t: &str, x0: f64, y0: f64| BoxWord {
            text: t.into(),
            x0,
            y0,
            x1: x0 + 20.0,
            y1: y0 + 9.0,
        };
        let (a, b, c) = (
            w("机关事业单位", 0.0, 20.0),
            w("养老支出", 0.0, 10.0),
            w("x", 30.0, 20.5),
        );
        let mut words = vec![(2, &b), (1, &c), (1, &a)];
        assert_eq!(cell_text(&mut words), "机关事业单位 x养老支出");
    }
}
