//! Tables: a grid of cells with spanning group headers, laid out to the page width (portrait, or
//! landscape for wide tables, with a smaller type size as a last resort), paged with the header
//! rows repeated on each continued page.

use crate::doc::{Align, Doc, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X};
use crate::text::{min_width, wrap, Line};
use yusuan_model::{Disclosure, Table};
use yusuan_render::style::{Borders, NumberPlace, Spacing};
use yusuan_render::{compiler_of, layout_table_styled, ColRole, DisplayCell, Style};

/// Half an em at 9 pt: the text of neighbouring cells stands at least an em apart, so a reader
/// of the text layer (ours, pdftotext) sees two words, not one.
const PAD_X: f32 = 4.5;
const PAD_Y: f32 = 2.5;

/// The padding above and below a cell's text: airy rows (a style's [`Spacing::Airy`]) are about
/// twice as tall.
fn pad_y(doc: &Doc, size: f32) -> f32 {
    match doc.style.spacing {
        Spacing::Compact => PAD_Y,
        Spacing::Airy => PAD_Y + 0.6 * size,
    }
}
const LINE: f32 = 1.3;
const GRID_LINE: f32 = 0.5;

#[derive(Clone, Debug)]
pub(crate) struct GCell {
    pub col: usize,
    pub span: usize,
    pub rowspan: usize,
    pub text: String,
    pub align: Align,
    pub bold: bool,
    /// Left indent in em.
    pub indent: f32,
    /// A number: never wrapped.
    pub numeric: bool,
}

impl GCell {
    pub fn new(col: usize, text: impl Into<String>, align: Align) -> GCell {
        GCell {
            col,
            span: 1,
            rowspan: 1,
            text: text.into(),
            align,
            bold: false,
            indent: 0.0,
            numeric: false,
        }
    }

    pub fn span(mut self, n: usize) -> GCell {
        self.span = n.max(1);
        self
    }

    pub fn rowspan(mut self, n: usize) -> GCell {
        self.rowspan = n.max(1);
        self
    }

    pub fn bold(mut self, b: bool) -> GCell {
        self.bold = b;
        self
    }

    pub fn header(col: usize, text: impl Into<String>) -> GCell {
        GCell::new(col, text, Align::Center).bold(true)
    }

    pub fn number(col: usize, text: impl Into<String>) -> GCell {
        let mut c = GCell::new(col, text, Align::Right);
        c.numeric = true;
        c
    }
}

/// A table ready to lay out: header rows (repeated on every page) and body rows.
#[derive(Clone, Debug, Default)]
pub(crate) struct Grid {
    pub ncols: usize,
    pub header: Vec<Vec<GCell>>,
    pub body: Vec<Vec<GCell>>,
}

impl Grid {
    /// Fills the columns no cell covers with blank cells, so every cell gets its grid lines.
    pub fn fill_blanks(&mut self) {
        let n = self.ncols;
        for row in &mut self.body {
            let mut covered = vec![false; n];
            for c in row.iter() {
                for cov in covered.iter_mut().take(c.col + c.span).skip(c.col) {
                    *cov = true;
                }
            }
            for (k, cov) in covered.iter().enumerate() {
                if !cov {
                    row.push(GCell::new(k, "", Align::Left));
                }
            }
            row.sort_by_key(|c| c.col);
        }
    }
}

/// A grid's chosen layout.
pub(crate) struct Fit {
    pub landscape: bool,
    pub size: f32,
    pub widths: Vec<f32>,
}

fn measure(doc: &mut Doc, grid: &Grid, size: f32) -> (Vec<f32>, Vec<f32>, Vec<bool>) {
    let n = grid.ncols;
    let mut min = vec![2.0 * size + 2.0 * PAD_X; n];
    let mut nat = vec![2.0 * size + 2.0 * PAD_X; n];
    let mut text_col = vec![false; n];
    for (is_header, rows) in [(true, &grid.header), (false, &grid.body)] {
        for row in rows {
            for c in row {
                if c.span != 1 || c.col >= n || c.text.is_empty() {
                    continue;
                }
                let text_w = doc.fonts.width(&c.text, size);
                let full = text_w + 2.0 * PAD_X + c.indent * size;
                // Lines break between characters, so a share of a text needs up to half a
                // character more than its exact fraction.
                let share = |parts: f32| text_w / parts + 0.5 * size + 2.0 * PAD_X;
                let m = if c.numeric {
                    full
                } else if is_header {
                    // A header may take up to three lines.
                    share(3.0)
                        .max(min_width(&mut doc.fonts, &c.text, size) + 2.0 * PAD_X)
                        .max(2.0 * size + 2.0 * PAD_X)
                        .min(full)
                } else {
                    if let Some(t) = text_col.get_mut(c.col) {
                        *t = true;
                    }
                    (min_width(&mut doc.fonts, &c.text, size) + 2.0 * PAD_X + c.indent * size)
                        .max((6.0 + c.indent) * size + 2.0 * PAD_X)
                        .min(full)
                };
                if let Some(v) = min.get_mut(c.col) {
                    *v = v.max(m);
                }
                // A style may hold row labels to a narrow column, where long ones wrap.
                let cap = match doc.style.label_chars {
                    Some(chars) if !is_header && !c.numeric => {
                        (f32::from(chars) + c.indent) * size + 2.0 * PAD_X
                    }
                    _ => f32::INFINITY,
                };
                // A header of up to six characters is best on one line; longer ones may wrap.
                let natural = if is_header && c.text.chars().count() > 6 {
                    share(2.0).min(full).max(m)
                } else if c.numeric {
                    // Room to breathe between neighbouring numbers.
                    full + size
                } else {
                    full.min(cap).max(m.min(cap))
                };
                if let Some(v) = nat.get_mut(c.col) {
                    *v = v.max(natural);
                }
            }
        }
    }
    for (v, m) in nat.iter_mut().zip(&min) {
        *v = v.max(*m);
    }
    // Spanning cells need their columns together to hold them on at most two lines.
    for rows in [&grid.header, &grid.body] {
        for row in rows {
            for c in row {
                if c.span < 2 || c.col + c.span > n || c.text.is_empty() {
                    continue;
                }
                let need = if c.numeric || grid.header.is_empty() {
                    doc.fonts.width(&c.text, size) + 2.0 * PAD_X
                } else {
                    (doc.fonts.width(&c.text, size) / 2.0 + 2.0 * PAD_X)
                        .max(min_width(&mut doc.fonts, &c.text, size) + 2.0 * PAD_X)
                };
                let have: f32 = min.iter().skip(c.col).take(c.span).sum();
                if need > have {
                    let add = (need - have) / c.span as f32;
                    for (m, v) in min.iter_mut().zip(nat.iter_mut()).skip(c.col).take(c.span) {
                        *m += add;
                        *v = v.max(*m);
                    }
                }
            }
        }
    }
    (min, nat, text_col)
}

fn distribute(min: &[f32], nat: &[f32], text_col: &[bool], avail: f32) -> Option<Vec<f32>> {
    let sum_min: f32 = min.iter().sum();
    let sum_nat: f32 = nat.iter().sum();
    if sum_min > avail + 0.01 {
        return None;
    }
    if sum_nat <= avail {
        // Everything fits on one line: the text columns take the rest of the width.
        let extra = avail - sum_nat;
        let text_total: f32 = nat
            .iter()
            .zip(text_col)
            .filter(|(_, t)| **t)
            .map(|(w, _)| *w)
            .sum();
        return Some(if text_total > 0.0 {
            nat.iter()
                .zip(text_col)
                .map(|(w, t)| if *t { w + extra * w / text_total } else { *w })
                .collect()
        } else {
            nat.iter().map(|w| w + extra * w / sum_nat).collect()
        });
    }
    let room = avail - sum_min;
    let want = sum_nat - sum_min;
    Some(
        min.iter()
            .zip(nat)
            .map(|(m, n)| {
                m + if want > 0.0 {
                    room * (n - m) / want
                } else {
                    0.0
                }
            })
            .collect(),
    )
}

/// Chooses orientation, type size and column widths: portrait at 9 pt when the table fits
/// without squeezing its text much, else landscape, at a smaller size if it must.
pub(crate) fn fit(doc: &mut Doc, grid: &Grid, portrait_only: bool) -> Fit {
    let pw = crate::doc::A4_W - 2.0 * MARGIN_X;
    let lw = crate::doc::A4_H - 2.0 * MARGIN_X;
    let tries: &[(bool, f32)] = if portrait_only {
        &[(false, 9.0), (false, 8.0), (false, 7.0), (false, 6.0)]
    } else {
        &[
            (false, 9.0),
            (true, 9.0),
            (true, 8.0),
            (true, 7.0),
            (true, 6.0),
        ]
    };
    for &(landscape, size) in tries {
        let avail = if landscape { lw } else { pw };
        let (min, nat, text_col) = measure(doc, grid, size);
        let sum_nat: f32 = nat.iter().sum();
        if !landscape && !portrait_only && sum_nat > avail * 1.3 {
            continue;
        }
        if let Some(widths) = distribute(&min, &nat, &text_col, avail) {
            // A row label wrapped over two lines reads badly and stands apart from its
            // amounts in the text layer: turn the page rather than wrap one.
            let labels_fit = widths
                .iter()
                .zip(&text_col)
                .zip(&nat)
                .all(|((w, text), n)| !text || w + 0.01 >= *n);
            if !labels_fit && !landscape && !portrait_only {
                continue;
            }
            return Fit {
                landscape,
                size,
                widths,
            };
        }
    }
    // Squeeze: scale the minimum widths to the page (text may then run tight).
    let (landscape, size) = if portrait_only {
        (false, 6.0)
    } else {
        (true, 6.0)
    };
    let avail = if landscape { lw } else { pw };
    let (min, _, _) = measure(doc, grid, size);
    let sum: f32 = min.iter().sum::<f32>().max(1.0);
    Fit {
        landscape,
        size,
        widths: min.iter().map(|w| w * avail / sum).collect(),
    }
}

/// Re-wraps centred text as narrow as it goes without taking more lines, so a header breaks
/// into even lines (`一般公共预算 / 财政拨款收入`, not `一般公共预算财 / 政拨款收入` … `入`).
fn balance(doc: &mut Doc, text: &str, size: f32, width: f32, lines: Vec<Line>) -> Vec<Line> {
    let n = lines.len();
    let total = doc.fonts.width(text, size);
    let mut w = (total / n as f32).max(size);
    while w < width {
        let try_lines = wrap(&mut doc.fonts, text, size, w, 0.0);
        if try_lines.len() <= n {
            return try_lines;
        }
        w += size * 0.5;
    }
    lines
}

struct LaidCell {
    cell: GCell,
    lines: Vec<Line>,
}

struct LaidRow {
    cells: Vec<LaidCell>,
    height: f32,
}

fn lay_rows(doc: &mut Doc, rows: &[Vec<GCell>], widths: &[f32], size: f32) -> Vec<LaidRow> {
    let lh = size * LINE;
    let pad = pad_y(doc, size);
    let mut out: Vec<LaidRow> = rows
        .iter()
        .map(|row| {
            let mut height: f32 = lh + 2.0 * pad;
            let cells = row
                .iter()
                .map(|c| {
                    let w: f32 = widths.iter().skip(c.col).take(c.span).sum::<f32>()
                        - 2.0 * PAD_X
                        - c.indent * size;
                    let lines = if c.numeric {
                        let width = doc.fonts.width(&c.text, size);
                        vec![Line {
                            text: c.text.clone(),
                            width,
                            more: false,
                        }]
                    } else {
                        // Line breaks in the text are kept (a goal's 一是… 二是… paragraphs).
                        let lines: Vec<Line> = c
                            .text
                            .split('\n')
                            .flat_map(|part| wrap(&mut doc.fonts, part, size, w.max(size), 0.0))
                            .collect();
                        if c.align == Align::Center && lines.len() > 1 && !c.text.contains('\n') {
                            balance(doc, &c.text, size, w.max(size), lines)
                        } else {
                            lines
                        }
                    };
                    if c.rowspan == 1 {
                        height = height.max(lines.len() as f32 * lh + 2.0 * pad);
                    }
                    LaidCell {
                        cell: c.clone(),
                        lines,
                    }
                })
                .collect();
            LaidRow { cells, height }
        })
        .collect();
    // Cells spanning rows: grow the last spanned row if they need more height.
    for i in 0..out.len() {
        let needs: Vec<(usize, f32)> = out
            .get(i)
            .into_iter()
            .flat_map(|r| &r.cells)
            .filter(|c| c.cell.rowspan > 1)
            .map(|c| (c.cell.rowspan, c.lines.len() as f32 * lh + 2.0 * pad))
            .collect();
        for (span, need) in needs {
            let have: f32 = out.iter().skip(i).take(span).map(|r| r.height).sum();
            if need > have {
                let last = (i + span).min(out.len()).saturating_sub(1);
                if let Some(last) = out.get_mut(last) {
                    last.height += need - have;
                }
            }
        }
    }
    out
}

/// Draws laid rows from `doc.y`; a row's cells draw `lines[from..]` (only the first `max_lines`).
fn draw_rows(doc: &mut Doc, rows: &[LaidRow], x0: f32, widths: &[f32], size: f32) {
    let lh = size * LINE;
    let mut y = doc.y;
    for (i, row) in rows.iter().enumerate() {
        for c in &row.cells {
            let h: f32 = rows
                .iter()
                .skip(i)
                .take(c.cell.rowspan)
                .map(|r| r.height)
                .sum();
            draw_cell(doc, c, 0, c.lines.len(), x0, y, h, widths, size, lh);
        }
        y += row.height;
    }
    doc.y = y;
}

#[allow(clippy::too_many_arguments)]
fn draw_cell(
    doc: &mut Doc,
    c: &LaidCell,
    from: usize,
    to: usize,
    x0: f32,
    y: f32,
    h: f32,
    widths: &[f32],
    size: f32,
    lh: f32,
) {
    let x = x0 + widths.iter().take(c.cell.col).sum::<f32>();
    let w: f32 = widths.iter().skip(c.cell.col).take(c.cell.span).sum();
    let (horizontal, vertical) = match doc.style.borders {
        Borders::All => (true, true),
        Borders::Horizontal => (true, false),
        Borders::None => (false, false),
    };
    if horizontal {
        doc.line(x, y, x + w, y, GRID_LINE);
        doc.line(x, y + h, x + w, y + h, GRID_LINE);
    }
    if vertical {
        doc.line(x, y, x, y + h, GRID_LINE);
        doc.line(x + w, y, x + w, y + h, GRID_LINE);
    }
    let lines = c.lines.get(from..to.min(c.lines.len())).unwrap_or_default();
    let block = lines.len() as f32 * lh;
    let top = y + (h - block) / 2.0;
    for (k, l) in lines.iter().enumerate() {
        let baseline = top + k as f32 * lh + lh / 2.0 + 0.36 * size;
        let indent = c.cell.indent * size;
        let tx = match c.cell.align {
            Align::Left => x + PAD_X + indent,
            Align::Center => x + (w - l.width) / 2.0,
            Align::Right => x + w - PAD_X - l.width,
        };
        doc.text_at(tx, baseline, size, c.cell.bold, &l.text, 0.0);
    }
}

/// Lays out a grid from the cursor with the fit's widths; each continued page gets
/// `continued` (a small title line) and the header rows again.
pub(crate) fn draw_grid(doc: &mut Doc, grid: &Grid, fit: &Fit, continued: &str, right: &str) {
    let size = fit.size;
    let lh = size * LINE;
    let pad = pad_y(doc, size);
    // Continued pages repeat the header rows, unless the style prints them once.
    let repeat = doc.style.repeat_header.or(true);
    let total: f32 = fit.widths.iter().sum();
    let x0 = MARGIN_X + ((doc.content_w() - total) / 2.0).max(0.0);
    let header = lay_rows(doc, &grid.header, &fit.widths, size);
    let header_h: f32 = header.iter().map(|r| r.height).sum();
    let body = lay_rows(doc, &grid.body, &fit.widths, size);
    // Keep the header with the first body row.
    let first = body
        .first()
        .map_or(0.0, |r| r.height.min(lh * 3.0 + 2.0 * pad));
    if doc.space_left() < header_h + first {
        continue_page(doc, continued, right, size);
    }
    draw_rows(doc, &header, x0, &fit.widths, size);
    for row in &body {
        if doc.space_left() >= row.height {
            draw_rows(doc, std::slice::from_ref(row), x0, &fit.widths, size);
            continue;
        }
        let page_room = doc.page_h() - MARGIN_TOP - MARGIN_BOTTOM - header_h - 20.0;
        if row.height <= page_room {
            continue_page(doc, continued, right, size);
            if repeat {
                draw_rows(doc, &header, x0, &fit.widths, size);
            }
            draw_rows(doc, std::slice::from_ref(row), x0, &fit.widths, size);
            continue;
        }
        // A row taller than a page: split its lines over pages.
        let mut from = 0usize;
        let max_lines = row.cells.iter().map(|c| c.lines.len()).max().unwrap_or(0);
        let mut fresh = false;
        while from < max_lines {
            let room = doc.space_left() - 2.0 * pad;
            if room < lh * 2.0 && !fresh {
                continue_page(doc, continued, right, size);
                if repeat {
                    draw_rows(doc, &header, x0, &fit.widths, size);
                }
                fresh = true;
                continue;
            }
            fresh = false;
            // At least one line per page, even under a header taller than the page.
            let fit_lines = ((room / lh).floor().max(1.0)) as usize;
            let to = (from + fit_lines).min(max_lines);
            let h = (to - from) as f32 * lh + 2.0 * pad;
            let y = doc.y;
            for c in &row.cells {
                let (a, b) = if c.lines.len() == max_lines || from == 0 {
                    (from.min(c.lines.len()), to.min(c.lines.len()))
                } else {
                    (0, 0)
                };
                draw_cell(doc, c, a, b, x0, y, h, &fit.widths, size, lh);
            }
            doc.y += h;
            from = to;
        }
    }
}

/// A new page of the same orientation with the `continued` title line (unless the style
/// continues a table without one).
fn continue_page(doc: &mut Doc, continued: &str, right: &str, size: f32) {
    let landscape = doc.is_landscape();
    doc.new_page(landscape);
    if !doc.style.continued_line.or(true) {
        return;
    }
    let w = doc.content_w();
    let s = size.max(9.0);
    let y = doc.y + s;
    doc.text_in(MARGIN_X, w, y, s, false, continued, Align::Left);
    if !right.is_empty() {
        doc.text_in(MARGIN_X, w, y, s, false, right, Align::Right);
    }
    doc.y += s * 1.8;
}

/// The grid of a table as the shared layout lays it out ([`yusuan_render::layout_table_styled`]):
/// its header grid with the group headers, and its rows (the two halves of a two-sided table side
/// by side). A total row without a code puts its label over the code columns, centred.
fn table_grid(d: &Disclosure, t: &Table, style: &Style) -> Grid {
    let l = layout_table_styled(d, t, style);
    let ncols = l.width();
    let mut header: Vec<Vec<GCell>> = vec![Vec::new(); l.header.rows];
    for c in &l.header.cells {
        if let Some(row) = header.get_mut(c.row) {
            row.push(
                GCell::header(c.col, c.text.clone())
                    .span(c.cols)
                    .rowspan(c.rows),
            );
        }
    }
    for row in &mut header {
        row.sort_by_key(|c| c.col);
    }
    let body = l
        .rows
        .iter()
        .map(|r| {
            let mut cells: Vec<GCell> = Vec::new();
            let mut k = 0;
            while let Some(cell) = r.cells.get(k) {
                let bold = r.is_emphasis(k);
                let side = l.columns.get(k).map(|c| c.side);
                match cell {
                    DisplayCell::Empty => {}
                    DisplayCell::Code(code) => {
                        // The codes of a row without any (合计) give their room to its label.
                        let label_at = (k..r.cells.len()).find(|&j| {
                            l.columns
                                .get(j)
                                .is_some_and(|c| Some(c.side) == side && c.role == ColRole::Label)
                        });
                        let blank = r
                            .cells
                            .get(k..label_at.unwrap_or(k))
                            .unwrap_or_default()
                            .iter()
                            .all(|c| matches!(c, DisplayCell::Code(c) if c.is_empty()));
                        if let (Some(j), true) = (label_at, blank && code.is_empty()) {
                            let text = r.cells.get(j).map_or("", DisplayCell::text);
                            if !text.is_empty() {
                                cells.push(
                                    GCell::new(k, text, Align::Center)
                                        .span(j + 1 - k)
                                        .bold(bold),
                                );
                            }
                            k = j + 1;
                            continue;
                        }
                        let mut c = GCell::new(k, code.clone(), Align::Left);
                        c.numeric = true;
                        cells.push(c);
                    }
                    DisplayCell::Label { text, level } => {
                        let total = bold && r.any_emphasis() && *level == 0 && is_total(text);
                        let mut c = GCell::new(
                            k,
                            text.clone(),
                            if total { Align::Center } else { Align::Left },
                        )
                        .bold(bold);
                        c.indent = f32::from(*level);
                        cells.push(c);
                    }
                    DisplayCell::Amount { text, .. } => {
                        cells.push(GCell::number(k, text.clone()).bold(bold));
                    }
                }
                k += 1;
            }
            cells
        })
        .collect();
    let mut g = Grid {
        ncols,
        header,
        body,
    };
    g.fill_blanks();
    g
}

/// `合计`, `收入总计`, `支出合计`: a total row's label, printed centred.
fn is_total(label: &str) -> bool {
    let l = label.trim();
    l.ends_with("合计") || l.ends_with("总计")
}

/// Title block of a table or form: number, title, compiler and unit; returns the text for the
/// continuation line and the unit text.
pub(crate) fn title_block(
    doc: &mut Doc,
    number: Option<&str>,
    title: &str,
    left: &str,
    right: &str,
) {
    let w = doc.content_w();
    let inline = doc.style.number_place == NumberPlace::Inline;
    let title = match number {
        // `1. 2025年…表`, `表一 2025年…表`: the number on the title line.
        Some(n) if inline && n.chars().all(|c| c.is_ascii_digit()) => format!("{n}. {title}"),
        Some(n) if inline => format!("{n} {title}"),
        Some(n) => {
            let y = doc.y + 11.0;
            doc.text_in(MARGIN_X, w, y, 11.0, false, n, Align::Left);
            doc.y += 18.0;
            title.to_string()
        }
        None => title.to_string(),
    };
    for l in wrap(&mut doc.fonts, &title, 16.0, w, 0.0) {
        let y = doc.y + 16.0;
        doc.text_in(MARGIN_X, w, y, 16.0, true, &l.text, Align::Center);
        doc.y += 24.0;
    }
    doc.y += 6.0;
    let y = doc.y + 10.0;
    if !left.is_empty() {
        doc.text_in(MARGIN_X, w, y, 10.0, false, left, Align::Left);
    }
    if !right.is_empty() {
        doc.text_in(MARGIN_X, w, y, 10.0, false, right, Align::Right);
    }
    doc.y += 18.0;
}

/// Notes under a table, each a paragraph.
pub(crate) fn notes(doc: &mut Doc, texts: &[&str]) {
    for t in texts {
        doc.y += 4.0;
        doc.paragraph(t, 10.0, 0.0, false);
    }
}

/// One table: title block, the grid, notes.
pub(crate) fn table(doc: &mut Doc, d: &Disclosure, t: &Table) {
    let style = doc.style.clone();
    let grid = table_grid(d, t, &style);
    let f = fit(doc, &grid, false);
    let name = t.display_name();
    doc.start_part(&name, f.landscape);
    let compiler = style
        .compiler_line(compiler_of(d, t.compiler.as_deref()).as_deref())
        .unwrap_or_default();
    let unit = t
        .unit
        .map(|u| format!("单位：{}", u.label()))
        .unwrap_or_default();
    title_block(doc, t.number.as_deref(), &t.title, &compiler, &unit);
    draw_grid(doc, &grid, &f, &format!("{name}（续）"), &unit);
    let mut texts: Vec<&str> = t.notes.iter().map(|n| n.text.as_str()).collect();
    if let Some(e) = &t.empty_note {
        texts.push(e.text.as_str());
    }
    notes(doc, &texts);
}
