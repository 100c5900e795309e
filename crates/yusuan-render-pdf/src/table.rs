//! Tables: a grid of cells with spanning group headers, laid out to the page width (portrait, or
//! landscape for wide tables, with a smaller type size as a last resort), paged with the header
//! rows repeated on each continued page.

use crate::doc::{Align, Doc, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X};
use crate::text::{min_width, wrap, Line};
use yusuan_model::money::is_blank_cell;
use yusuan_model::{Cell, Column, ColumnKey, Disclosure, Row, RowKind, Side, Table, TableKind};

/// Half an em at 9 pt: the text of neighbouring cells stands at least an em apart, so a reader
/// of the text layer (ours, pdftotext) sees two words, not one.
const PAD_X: f32 = 4.5;
const PAD_Y: f32 = 2.5;
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
                    text_col[c.col] = true;
                    (min_width(&mut doc.fonts, &c.text, size) + 2.0 * PAD_X + c.indent * size)
                        .max((6.0 + c.indent) * size + 2.0 * PAD_X)
                        .min(full)
                };
                min[c.col] = min[c.col].max(m);
                // A header of up to six characters is best on one line; longer ones may wrap.
                let natural = if is_header && c.text.chars().count() > 6 {
                    share(2.0).min(full).max(m)
                } else if c.numeric {
                    // Room to breathe between neighbouring numbers.
                    full + size
                } else {
                    full
                };
                nat[c.col] = nat[c.col].max(natural);
            }
        }
    }
    for k in 0..n {
        nat[k] = nat[k].max(min[k]);
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
                let have: f32 = min[c.col..c.col + c.span].iter().sum();
                if need > have {
                    let add = (need - have) / c.span as f32;
                    for k in c.col..c.col + c.span {
                        min[k] += add;
                        nat[k] = nat[k].max(min[k]);
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
            let labels_fit = (0..widths.len()).all(|k| !text_col[k] || widths[k] + 0.01 >= nat[k]);
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
    let mut out: Vec<LaidRow> = rows
        .iter()
        .map(|row| {
            let mut height: f32 = lh + 2.0 * PAD_Y;
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
                        height = height.max(lines.len() as f32 * lh + 2.0 * PAD_Y);
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
        let needs: Vec<(usize, f32)> = out[i]
            .cells
            .iter()
            .filter(|c| c.cell.rowspan > 1)
            .map(|c| (c.cell.rowspan, c.lines.len() as f32 * lh + 2.0 * PAD_Y))
            .collect();
        for (span, need) in needs {
            let end = (i + span).min(out.len());
            let have: f32 = out[i..end].iter().map(|r| r.height).sum();
            if need > have {
                if let Some(last) = out.get_mut(end - 1) {
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
            let end = (i + c.cell.rowspan).min(rows.len());
            let h: f32 = rows[i..end].iter().map(|r| r.height).sum();
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
    doc.line(x, y, x + w, y, GRID_LINE);
    doc.line(x, y + h, x + w, y + h, GRID_LINE);
    doc.line(x, y, x, y + h, GRID_LINE);
    doc.line(x + w, y, x + w, y + h, GRID_LINE);
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
    let total: f32 = fit.widths.iter().sum();
    let x0 = MARGIN_X + ((doc.content_w() - total) / 2.0).max(0.0);
    let header = lay_rows(doc, &grid.header, &fit.widths, size);
    let header_h: f32 = header.iter().map(|r| r.height).sum();
    let body = lay_rows(doc, &grid.body, &fit.widths, size);
    // Keep the header with the first body row.
    let first = body
        .first()
        .map_or(0.0, |r| r.height.min(lh * 3.0 + 2.0 * PAD_Y));
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
            draw_rows(doc, &header, x0, &fit.widths, size);
            draw_rows(doc, std::slice::from_ref(row), x0, &fit.widths, size);
            continue;
        }
        // A row taller than a page: split its lines over pages.
        let mut from = 0usize;
        let max_lines = row.cells.iter().map(|c| c.lines.len()).max().unwrap_or(0);
        let mut fresh = false;
        while from < max_lines {
            let room = doc.space_left() - 2.0 * PAD_Y;
            if room < lh * 2.0 && !fresh {
                continue_page(doc, continued, right, size);
                draw_rows(doc, &header, x0, &fit.widths, size);
                fresh = true;
                continue;
            }
            fresh = false;
            // At least one line per page, even under a header taller than the page.
            let fit_lines = ((room / lh).floor().max(1.0)) as usize;
            let to = (from + fit_lines).min(max_lines);
            let h = (to - from) as f32 * lh + 2.0 * PAD_Y;
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

/// A new page of the same orientation with the `continued` title line.
fn continue_page(doc: &mut Doc, continued: &str, right: &str, size: f32) {
    let landscape = doc.is_landscape();
    doc.new_page(landscape);
    let w = doc.content_w();
    let s = size.max(9.0);
    let y = doc.y + s;
    doc.text_in(MARGIN_X, w, y, s, false, continued, Align::Left);
    if !right.is_empty() {
        doc.text_in(MARGIN_X, w, y, s, false, right, Align::Right);
    }
    doc.y += s * 1.8;
}

/// `一般公共预算 财政拨款收入` → `一般公共预算财政拨款收入`: spaces left by split header
/// cells go; spaces between Latin words stay.
pub(crate) fn clean_label(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' || c == '\u{3000}' {
            let prev = out.chars().last();
            let next = chars
                .get(i + 1..)
                .and_then(|r| r.iter().find(|c| **c != ' '));
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if latin(prev) && latin(next.copied()) && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
    }
    out
}

fn cell_text(c: &Cell) -> String {
    if let Some(a) = c.amount {
        a.shown()
    } else if is_blank_cell(&c.text) {
        String::new()
    } else {
        c.text.trim().to_string()
    }
}

/// Group headers the columns imply: the vehicle columns (`公务用车购置及运行费` over 小计 /
/// 购置费 / 运行费) and any `X 小计` column; returns (group, sub-label) per column.
fn column_groups(cols: &[&Column]) -> Vec<(Option<String>, String)> {
    let vehicle_group = cols
        .iter()
        .find(|c| c.key == ColumnKey::VehicleTotal)
        .map(|c| {
            let l = clean_label(c.label.trim_end_matches("小计").trim());
            if l.is_empty() {
                "公务用车购置及运行费".to_string()
            } else {
                l
            }
        });
    cols.iter()
        .map(|c| {
            let label = clean_label(&c.label);
            match c.key {
                ColumnKey::VehicleTotal
                | ColumnKey::VehiclePurchase
                | ColumnKey::VehicleOperation
                    if vehicle_group.is_some() =>
                {
                    let sub = if c.key == ColumnKey::VehicleTotal {
                        "小计".to_string()
                    } else {
                        let s = label.trim_start_matches("公务用车").to_string();
                        if s.is_empty() {
                            label.clone()
                        } else {
                            s
                        }
                    };
                    (vehicle_group.clone(), sub)
                }
                _ => match c.label.trim().rsplit_once(' ') {
                    Some((g, "小计")) if !g.trim().is_empty() => {
                        (Some(clean_label(g)), "小计".to_string())
                    }
                    _ => (None, label),
                },
            }
        })
        .collect()
}

/// Header rows for amount columns starting at grid column `first`; `two_rows` forces two rows
/// (columns without a group then span both). Returns (row 1 cells, row 2 cells, used two rows).
fn amount_header(
    cols: &[&Column],
    first: usize,
    two_rows: bool,
    overall: Option<String>,
) -> (Vec<GCell>, Vec<GCell>, bool) {
    let groups = column_groups(cols);
    let any_group = groups.iter().any(|g| g.0.is_some());
    let mut r1 = Vec::new();
    let mut r2 = Vec::new();
    if !any_group {
        if let (Some(o), true) = (overall, cols.len() >= 2) {
            r1.push(GCell::header(first, o).span(cols.len()));
            for (i, (_, l)) in groups.iter().enumerate() {
                r2.push(GCell::header(first + i, l.clone()));
            }
            return (r1, r2, true);
        }
        if !two_rows {
            for (i, (_, l)) in groups.iter().enumerate() {
                r1.push(GCell::header(first + i, l.clone()));
            }
            return (r1, r2, false);
        }
    }
    let mut i = 0;
    while i < groups.len() {
        match &groups[i].0 {
            Some(g) => {
                let mut j = i;
                while j < groups.len() && groups[j].0.as_ref() == Some(g) {
                    r2.push(GCell::header(first + j, groups[j].1.clone()));
                    j += 1;
                }
                r1.push(GCell::header(first + i, g.clone()).span(j - i));
                i = j;
            }
            None => {
                r1.push(GCell::header(first + i, groups[i].1.clone()).rowspan(2));
                i += 1;
            }
        }
    }
    (r1, r2, true)
}

fn indent_of(row: &Row) -> f32 {
    match &row.code {
        Some(c) => (c.as_str().len().saturating_sub(3) / 2) as f32,
        None => 0.0,
    }
}

fn label_cell(col: usize, span: usize, row: &Row) -> GCell {
    let align = match row.kind {
        RowKind::Total => Align::Center,
        _ => Align::Left,
    };
    GCell::new(col, row.label.trim(), align)
        .span(span)
        .bold(row.kind == RowKind::Total)
}

fn amount_cells(row: &Row, pos: impl Fn(usize) -> Option<usize>) -> Vec<GCell> {
    row.cells
        .iter()
        .filter_map(|c| {
            pos(c.col).map(|k| GCell::number(k, cell_text(c)).bold(row.kind == RowKind::Total))
        })
        .collect()
}

fn overall_label(d: &Disclosure) -> String {
    let what = if d.meta.kind.is_final_accounts() {
        "决算数"
    } else {
        "预算数"
    };
    match d.meta.year {
        Some(y) => format!("{y}年{what}"),
        None => what.to_string(),
    }
}

/// The grid of a one-sided table.
fn single_grid(d: &Disclosure, t: &Table) -> Grid {
    let has_code = t.rows.iter().any(|r| r.code.is_some());
    let any_label = t.rows.iter().any(|r| !r.label.trim().is_empty());
    let nlab = if has_code {
        2
    } else if any_label {
        1
    } else {
        0
    };
    let cols: Vec<&Column> = t.columns.iter().collect();
    let overall = if has_code && t.columns.iter().all(|c| c.year.is_none()) {
        Some(overall_label(d))
    } else {
        None
    };
    let (mut r1, r2, two) = amount_header(&cols, nlab, has_code, overall);
    let mut lab = Vec::new();
    if has_code {
        let scheme = if t.kind == TableKind::GeneralBudgetBasicEconomic {
            "部门预算支出经济分类科目"
        } else {
            "功能分类科目"
        };
        lab.push(GCell::header(0, scheme).span(2));
        let mut r2l = vec![GCell::header(0, "科目编码"), GCell::header(1, "科目名称")];
        r2l.extend(r2);
        r1.splice(0..0, lab);
        let mut g = Grid {
            ncols: nlab + cols.len(),
            header: vec![r1, r2l],
            body: Vec::new(),
        };
        g.body = body_rows(t, nlab);
        g.fill_blanks();
        return g;
    }
    if nlab == 1 {
        lab.push(GCell::header(0, "项目").rowspan(if two { 2 } else { 1 }));
    }
    r1.splice(0..0, lab);
    let mut header = vec![r1];
    if two {
        header.push(r2);
    }
    let mut g = Grid {
        ncols: nlab + cols.len(),
        header,
        body: body_rows(t, nlab),
    };
    g.fill_blanks();
    g
}

fn body_rows(t: &Table, nlab: usize) -> Vec<Vec<GCell>> {
    t.rows
        .iter()
        .map(|r| {
            let mut cells = Vec::new();
            match (nlab, &r.code) {
                (2, Some(code)) => {
                    let mut code_cell = GCell::new(0, code.as_str(), Align::Left);
                    code_cell.numeric = true;
                    cells.push(code_cell);
                    let mut name = GCell::new(1, r.label.trim(), Align::Left);
                    name.indent = indent_of(r);
                    cells.push(name.bold(r.kind == RowKind::Total));
                }
                (2, None) => cells.push(label_cell(0, 2, r)),
                (1, _) => cells.push(label_cell(0, 1, r)),
                _ => {}
            }
            cells.extend(amount_cells(r, |c| {
                (c < t.columns.len()).then_some(nlab + c)
            }));
            cells
        })
        .collect()
}

/// Splits one side's rows into segments that start at a heading or a total row.
fn segments(rows: Vec<&Row>) -> Vec<Vec<&Row>> {
    let mut out: Vec<Vec<&Row>> = Vec::new();
    for r in rows {
        let starts = matches!(r.kind, RowKind::Heading | RowKind::Total);
        match out.last_mut() {
            Some(seg) if !starts => seg.push(r),
            _ => out.push(vec![r]),
        }
    }
    out
}

/// Pairs income and expenditure rows as printed side by side: segment by segment (headings
/// with headings, totals with totals) where both sides have the same shape, else in order.
fn pair_rows<'a>(
    mut inc: Vec<&'a Row>,
    mut exp: Vec<&'a Row>,
) -> Vec<(Option<&'a Row>, Option<&'a Row>)> {
    // Closing totals (收入总计 | 支出总计) go on the last rows together.
    let trailing = |rows: &mut Vec<&'a Row>| -> Vec<&'a Row> {
        let keep = rows.len()
            - rows
                .iter()
                .rev()
                .take_while(|r| r.kind == RowKind::Total)
                .count();
        if keep == 0 {
            return Vec::new();
        }
        rows.split_off(keep)
    };
    let ti = trailing(&mut inc);
    let te = trailing(&mut exp);
    let mut out = pair_body(inc, exp);
    for k in 0..ti.len().max(te.len()) {
        out.push((ti.get(k).copied(), te.get(k).copied()));
    }
    out
}

fn pair_body<'a>(inc: Vec<&'a Row>, exp: Vec<&'a Row>) -> Vec<(Option<&'a Row>, Option<&'a Row>)> {
    let si = segments(inc.clone());
    let se = segments(exp.clone());
    let same_shape = si.len() == se.len()
        && si
            .iter()
            .zip(&se)
            .all(|(a, b)| a.first().map(|r| r.kind) == b.first().map(|r| r.kind));
    let mut out = Vec::new();
    if same_shape {
        for (a, b) in si.iter().zip(&se) {
            for k in 0..a.len().max(b.len()) {
                out.push((a.get(k).copied(), b.get(k).copied()));
            }
        }
    } else {
        for k in 0..inc.len().max(exp.len()) {
            out.push((inc.get(k).copied(), exp.get(k).copied()));
        }
    }
    out
}

/// The grid of a two-sided (收入 | 支出) table.
fn two_sided_grid(t: &Table) -> Grid {
    let inc: Vec<usize> = (0..t.columns.len())
        .filter(|&i| t.columns[i].side != Side::Expenditure)
        .collect();
    let exp: Vec<usize> = (0..t.columns.len())
        .filter(|&i| t.columns[i].side == Side::Expenditure)
        .collect();
    let right = 1 + inc.len();
    let ncols = right + 1 + exp.len();
    let inc_cols: Vec<&Column> = inc.iter().map(|&i| &t.columns[i]).collect();
    let exp_cols: Vec<&Column> = exp.iter().map(|&i| &t.columns[i]).collect();
    let (ia, ib, itwo) = amount_header(&inc_cols, 1, false, None);
    let (ea, eb, etwo) = amount_header(&exp_cols, right + 1, false, None);
    let mut r1 = vec![
        GCell::header(0, "收入").span(1 + inc.len()),
        GCell::header(right, "支出").span(1 + exp.len()),
    ];
    let mut r2 = vec![GCell::header(0, "项目")];
    let mut r3 = Vec::new();
    if itwo || etwo {
        // A group row inside one side: the other side's headers span two rows.
        let fix = |cells: Vec<GCell>, two: bool| -> Vec<GCell> {
            cells
                .into_iter()
                .map(|c| if two { c } else { c.rowspan(2) })
                .collect()
        };
        r2[0].rowspan = 2;
        r2.extend(fix(ia, itwo));
        r2.push(GCell::header(right, "项目").rowspan(2));
        r2.extend(fix(ea, etwo));
        r3.extend(ib);
        r3.extend(eb);
    } else {
        r2.extend(ia);
        r2.push(GCell::header(right, "项目"));
        r2.extend(ea);
    }
    let mut header = vec![std::mem::take(&mut r1), r2];
    if !r3.is_empty() {
        header.push(r3);
    }
    let inc_rows: Vec<&Row> = t
        .rows
        .iter()
        .filter(|r| r.side != Side::Expenditure)
        .collect();
    let exp_rows: Vec<&Row> = t
        .rows
        .iter()
        .filter(|r| r.side == Side::Expenditure)
        .collect();
    let body = pair_rows(inc_rows, exp_rows)
        .into_iter()
        .map(|(a, b)| {
            let mut cells = Vec::new();
            if let Some(r) = a {
                cells.push(label_cell(0, 1, r));
                cells.extend(amount_cells(r, |c| {
                    inc.iter().position(|&i| i == c).map(|p| 1 + p)
                }));
            }
            if let Some(r) = b {
                cells.push(label_cell(right, 1, r));
                cells.extend(amount_cells(r, |c| {
                    exp.iter().position(|&i| i == c).map(|p| right + 1 + p)
                }));
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
    if let Some(n) = number {
        let y = doc.y + 11.0;
        doc.text_in(MARGIN_X, w, y, 11.0, false, n, Align::Left);
        doc.y += 18.0;
    }
    for l in wrap(&mut doc.fonts, title, 16.0, w, 0.0) {
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
    let two_sided = t.columns.iter().any(|c| c.side != Side::Single);
    let grid = if two_sided {
        two_sided_grid(t)
    } else {
        single_grid(d, t)
    };
    let f = fit(doc, &grid, false);
    let name = t.display_name();
    doc.start_part(&name, f.landscape);
    let compiler = t
        .compiler
        .clone()
        .or_else(|| d.meta.unit.name.clone())
        .map(|c| format!("编制单位：{c}"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_lose_split_spaces() {
        assert_eq!(
            clean_label("一般公共预算 财政拨款收入"),
            "一般公共预算财政拨款收入"
        );
        assert_eq!(
            clean_label("政府性基金预 算拨款收入"),
            "政府性基金预算拨款收入"
        );
        assert_eq!(clean_label("PPP 项目"), "PPP项目");
        assert_eq!(clean_label("GDP per capita"), "GDP per capita");
    }
}
