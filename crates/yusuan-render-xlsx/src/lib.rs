//! Render a [`Disclosure`] as an XLSX workbook laid out like the official templates:
//!
//! - a sheet `情况说明` with the narrative, one paragraph per row, wrapped;
//! - one sheet per table, named by its number and title (`表二 一般公共预算财政拨款支出预算表`,
//!   or `1 2025年部门财务收支预算总表` where tables have no number; at most 31 characters): the
//!   title merged across the table's width, the 编制单位 and 单位 line, the header rows with the
//!   group headers merged across their columns and the shallower headers merged down, amounts
//!   written as numbers (`#,##0.00` for 万元 with 2 decimals, `#,##0` for whole 元), codes as
//!   text, the rows below the header frozen, and print setup (A4, landscape for wide tables,
//!   fit to the page width, the header rows repeated on every printed page, page numbers);
//! - one sheet per performance table, as the form the templates print.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use yusuan_model::{Amount, Disclosure, PerformanceTable, Table};
use yusuan_render::{
    compiler_of, display_width, document_subtitle, document_title, layout_table_styled, paragraphs,
    performance_form, performance_heading, performance_subject, section_heading, sheet_name,
    table_heading, unit_line, CellRole, ColRole, DisplayCell, Grid, Style,
};

pub use yusuan_render::RenderError;

/// The name of the narrative sheet.
pub const NARRATIVE_SHEET: &str = "情况说明";

const FONT: &str = "宋体";
const FONT_SIZE: f64 = 10.0;
/// Points per line of 10-point text, for the heights of wrapped rows.
const LINE_HEIGHT: f64 = 14.0;
/// A4 in Excel's paper sizes.
const PAPER_A4: u8 = 9;

fn err(e: XlsxError) -> RenderError {
    RenderError::backend("xlsx", e)
}

/// Render the disclosure as an XLSX workbook.
pub fn render(d: &Disclosure) -> Result<Vec<u8>, RenderError> {
    render_styled(d, &Style::default())
}

/// Render the disclosure as an XLSX workbook in a style ([`yusuan_render::style`]): its code
/// columns, group headers, unit-line label and number format (thousands separators or none).
pub fn render_styled(d: &Disclosure, style: &Style) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let mut taken = Vec::new();
    let narrative = !d.narrative.sections.is_empty() || d.meta.unit.contact.is_some();
    if narrative {
        let name = sheet_name(NARRATIVE_SHEET, &mut taken);
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(err)?;
        write_narrative(ws, d).map_err(err)?;
    }
    for (i, t) in d.tables.iter().enumerate() {
        let wanted = match &t.number {
            Some(_) => table_heading(t),
            None => format!("{} {}", i + 1, t.title),
        };
        let name = sheet_name(&wanted, &mut taken);
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(err)?;
        write_table(ws, d, t, style).map_err(err)?;
    }
    for p in &d.performance {
        let wanted = match (&p.number, performance_subject(p)) {
            (Some(n), Some(s)) => format!("{n} {s}"),
            (None, Some(s)) => s.to_string(),
            _ => performance_heading(p),
        };
        let name = sheet_name(&wanted, &mut taken);
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(err)?;
        write_performance(ws, d, p, style).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}

/// The number Excel stores for an amount, in its display unit (万元 or 元).
///
/// This is the one place money leaves [`Fen`](yusuan_model::Fen). It is exact: the value is
/// first rounded to the decimals the document shows (so the cell equals the printed text);
/// the count of 分 is an integer, exactly representable as an `f64` while it is at most 2^53
/// (about 9×10^13 元, far beyond any budget); and dividing it by the power of ten of the unit
/// gives the `f64` nearest to the 2-decimal value, which Excel (15 significant digits) shows
/// and sums as exactly that decimal.
pub fn excel_number(a: &Amount) -> f64 {
    let per_unit = a.unit.fen_per_unit();
    let shown = a.fen.round_to(a.quantum());
    shown.0 as f64 / per_unit as f64
}

/// The Excel number format for an amount shown with `decimals` decimals: `#,##0.00`, `#,##0`.
pub fn number_format(decimals: u8) -> String {
    number_format_with(decimals, true)
}

/// The Excel number format, with or without thousands separators (`0.00`).
pub fn number_format_with(decimals: u8, thousands: bool) -> String {
    let int = if thousands { "#,##0" } else { "0" };
    if decimals == 0 {
        int.to_string()
    } else {
        format!("{int}.{}", "0".repeat(usize::from(decimals)))
    }
}

fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_size(FONT_SIZE)
}

fn boxed() -> Format {
    base()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
}

fn title_format() -> Format {
    base()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

fn header_format() -> Format {
    boxed()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_text_wrap()
        .set_background_color(Color::RGB(0x00EE_F1F4))
}

/// Write one cell, merging it over its span when it covers more than one position.
fn put(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    rows: u32,
    cols: u16,
    text: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    let (last_row, last_col) = (row + rows.max(1) - 1, col + cols.max(1) - 1);
    if last_row > row || last_col > col {
        ws.merge_range(row, col, last_row, last_col, text, f)?;
    } else if text.is_empty() {
        ws.write_blank(row, col, f)?;
    } else {
        ws.write_string_with_format(row, col, text, f)?;
    }
    Ok(())
}

fn col16(k: usize) -> u16 {
    u16::try_from(k).unwrap_or(u16::MAX)
}

fn row32(k: usize) -> u32 {
    u32::try_from(k).unwrap_or(u32::MAX)
}

/// The height of a row whose text wraps in a width of `width` (Excel column units).
fn wrapped_height(text: &str, width: f64) -> f64 {
    let per_line = (width - 1.0).max(4.0);
    let lines: f64 = text
        .lines()
        .map(|l| (display_width(l) as f64 / per_line).ceil().max(1.0))
        .sum::<f64>()
        .max(1.0);
    lines * LINE_HEIGHT + 4.0
}

/// Title, then 编制单位 on the left and 单位 on the right of the next row; returns the next row.
fn write_title(
    ws: &mut Worksheet,
    width: usize,
    title: &str,
    compiler: Option<String>,
    unit: Option<String>,
) -> Result<u32, XlsxError> {
    let last = col16(width.max(1) - 1);
    put(ws, 0, 0, 1, last + 1, title, &title_format())?;
    ws.set_row_height(0, 30)?;
    let left = base().set_align(FormatAlign::VerticalCenter);
    let right = base()
        .set_align(FormatAlign::Right)
        .set_align(FormatAlign::VerticalCenter);
    match (width, compiler, unit) {
        (1, _, Some(u)) => put(ws, 1, 0, 1, 1, &u, &right)?,
        (1, Some(c), None) => put(ws, 1, 0, 1, 1, &c, &left)?,
        (_, c, u) => {
            if let Some(c) = c {
                put(ws, 1, 0, 1, last, &c, &left)?;
            }
            if let Some(u) = u {
                put(ws, 1, last, 1, 1, &u, &right)?;
            }
        }
    }
    ws.set_row_height(1, 18)?;
    Ok(2)
}

/// A4, fit to the page width, page numbers in the footer. Tables are centred on the page;
/// the narrative is not (LibreOffice clips a centred column of wrapped text).
fn page_setup(ws: &mut Worksheet, landscape: bool, center: bool) {
    ws.set_paper_size(PAPER_A4);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(center);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&C第 &P 页，共 &N 页");
}

fn write_table(
    ws: &mut Worksheet,
    d: &Disclosure,
    t: &Table,
    style: &Style,
) -> Result<(), XlsxError> {
    let l = layout_table_styled(d, t, style);
    let width = l.width().max(1);
    // Column widths: Excel needs them set, or large numbers show as ###.
    let mut widths = Vec::with_capacity(width);
    for (k, c) in l.columns.iter().enumerate() {
        let content = l
            .rows
            .iter()
            .map(|r| r.cells.get(k).map(|c| display_width(c.text())).unwrap_or(0))
            .max()
            .unwrap_or(0) as f64;
        let w = match c.role {
            ColRole::Code if c.code_part.is_some() => 6.0,
            ColRole::Code => 11.0,
            ColRole::Label => (content + 4.0).clamp(16.0, 44.0),
            ColRole::Amount => (content + 3.0).clamp(13.0, 22.0),
        };
        ws.set_column_width(col16(k), w)?;
        widths.push(w);
    }
    let compiler = compiler_of(d, t.compiler.as_deref());
    let top = write_title(
        ws,
        width,
        &table_heading(t),
        style.compiler_line(compiler.as_deref()),
        unit_line(t.unit),
    )?;
    let header = header_format();
    for c in &l.header.cells {
        put(
            ws,
            top + row32(c.row),
            col16(c.col),
            row32(c.rows),
            col16(c.cols),
            &c.text,
            &header,
        )?;
    }
    for r in 0..l.header.rows {
        // Tall enough for a header that wraps onto two lines.
        ws.set_row_height(top + row32(r), 30)?;
    }
    let body = top + row32(l.header.rows);
    for (i, r) in l.rows.iter().enumerate() {
        let row = body + row32(i);
        for (k, c) in r.cells.iter().enumerate() {
            let col = col16(k);
            let mut f = boxed();
            if r.is_emphasis(k) {
                f = f.set_bold();
            }
            match c {
                DisplayCell::Amount {
                    amount: Some(a), ..
                } => {
                    let f = f
                        .set_num_format(number_format_with(a.decimals, style.thousands()))
                        .set_align(FormatAlign::Right);
                    ws.write_number_with_format(row, col, excel_number(a), &f)?;
                }
                DisplayCell::Amount { text, .. } => {
                    put(ws, row, col, 1, 1, text, &f.set_align(FormatAlign::Right))?;
                }
                DisplayCell::Code(code) => {
                    put(ws, row, col, 1, 1, code, &f.set_align(FormatAlign::Left))?;
                }
                DisplayCell::Label { text, level } => {
                    let f = if *level > 0 { f.set_indent(*level) } else { f };
                    put(ws, row, col, 1, 1, text, &f)?;
                }
                DisplayCell::Empty => put(ws, row, col, 1, 1, "", &f)?,
            }
        }
    }
    let total_width: f64 = widths.iter().sum();
    let note_format = base()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    let notes = t
        .notes
        .iter()
        .map(|n| n.text.trim())
        .chain(t.empty_note.iter().map(|n| n.text.trim()));
    for (row, n) in (body + row32(l.rows.len())..).zip(notes) {
        put(ws, row, 0, 1, col16(width), n, &note_format)?;
        ws.set_row_height(row, wrapped_height(n, total_width))?;
    }
    ws.set_freeze_panes(body, 0)?;
    ws.set_repeat_rows(top, body - 1)?;
    page_setup(ws, l.is_wide(), true);
    Ok(())
}

fn write_narrative(ws: &mut Worksheet, d: &Disclosure) -> Result<(), XlsxError> {
    // The text width of a portrait A4 page with half-inch margins is about 98 units.
    const WIDTH: f64 = 92.0;
    ws.set_column_width(0, WIDTH)?;
    let title = document_title(d);
    put(ws, 0, 0, 1, 1, &title, &title_format())?;
    ws.set_row_height(0, 30)?;
    let mut row = 1;
    let center = base().set_align(FormatAlign::Center);
    if let Some(s) = document_subtitle(d) {
        put(ws, row, 0, 1, 1, &s, &center)?;
        row += 1;
    }
    let text = base()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Justify);
    for s in &d.narrative.sections {
        let heading = section_heading(s);
        let f = base()
            .set_bold()
            .set_font_size(if s.level <= 1 { 12 } else { 11 });
        put(ws, row, 0, 1, 1, &heading, &f)?;
        ws.set_row_height(row, 20)?;
        row += 1;
        for p in paragraphs(&s.text) {
            // Two ideographic spaces indent the first line, as printed.
            let p = format!("\u{3000}\u{3000}{p}");
            put(ws, row, 0, 1, 1, &p, &text)?;
            ws.set_row_height(row, wrapped_height(&p, WIDTH))?;
            row += 1;
        }
    }
    if let Some(c) = d
        .meta
        .unit
        .contact
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        put(ws, row, 0, 1, 1, &format!("联系人：{}", c.trim()), &text)?;
    }
    page_setup(ws, false, false);
    Ok(())
}

fn write_performance(
    ws: &mut Worksheet,
    d: &Disclosure,
    p: &PerformanceTable,
    style: &Style,
) -> Result<(), XlsxError> {
    let g: Grid = performance_form(p);
    let with_category = g.cols > 7;
    let mut widths = vec![14.0];
    if with_category {
        widths.push(14.0);
    }
    widths.extend([34.0, 10.0, 10.0, 16.0, 10.0, 10.0]);
    for (k, w) in widths.iter().enumerate() {
        ws.set_column_width(col16(k), *w)?;
    }
    let compiler = compiler_of(d, p.compiler.as_ref().map(|c| c.text.as_str()));
    let top = write_title(
        ws,
        g.cols,
        &performance_heading(p),
        style.compiler_line(compiler.as_deref()),
        unit_line(p.unit),
    )?;
    let label = header_format();
    let text = boxed().set_text_wrap();
    let short = boxed().set_text_wrap().set_align(FormatAlign::Center);
    let mut heights = vec![18.0_f64; g.rows];
    for c in &g.cells {
        let (row, col) = (top + row32(c.row), col16(c.col));
        let (rows, cols) = (row32(c.rows), col16(c.cols));
        match &c.role {
            CellRole::Label | CellRole::Header => put(ws, row, col, rows, cols, &c.text, &label)?,
            CellRole::Amount(a) => {
                let f = boxed()
                    .set_num_format(number_format(a.decimals))
                    .set_align(FormatAlign::Left);
                if c.is_merged() {
                    ws.merge_range(row, col, row + rows - 1, col + cols - 1, "", &f)?;
                }
                ws.write_number_with_format(row, col, excel_number(a), &f)?;
            }
            CellRole::Text => {
                let f = if c.cols == 1 && c.col + 5 >= g.cols {
                    &short
                } else {
                    &text
                };
                put(ws, row, col, rows, cols, c.text.trim(), f)?;
                let w: f64 = widths.iter().skip(c.col).take(c.cols.max(1)).sum();
                if c.rows == 1 {
                    if let Some(h) = heights.get_mut(c.row) {
                        *h = h.max(wrapped_height(c.text.trim(), w));
                    }
                }
            }
        }
    }
    for (r, h) in heights.iter().enumerate() {
        ws.set_row_height(top + row32(r), h.min(400.0))?;
    }
    if let Some(n) = &p.empty_note {
        let f = base().set_text_wrap();
        put(
            ws,
            top + row32(g.rows),
            0,
            1,
            col16(g.cols),
            n.text.trim(),
            &f,
        )?;
    }
    page_setup(ws, false, true);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::{Fen, MoneyUnit};

    #[test]
    fn numbers_are_the_shown_decimals() {
        let a = Amount::new(Fen(3_634_330_000), MoneyUnit::WanYuan, 2);
        assert_eq!(excel_number(&a), 3634.33);
        let y = Amount::new(Fen(18_976_755_100), MoneyUnit::Yuan, 0);
        assert_eq!(excel_number(&y), 189_767_551.0);
        // An amount kept in 分 but shown in 万元 with 2 decimals is written as shown.
        let r = Amount::new(Fen(1_234_567), MoneyUnit::WanYuan, 2);
        assert_eq!(excel_number(&r), 1.23);
        assert_eq!(number_format(2), "#,##0.00");
        assert_eq!(number_format(0), "#,##0");
    }
}
