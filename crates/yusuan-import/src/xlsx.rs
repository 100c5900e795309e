//! XLSX and XLS workbooks (read with `calamine`): each visible worksheet as paragraphs and tables.
//!
//! A sheet is one grid. Merged regions keep their text in the top-left cell only (any copy a
//! generator left in the covered cells is blanked), which is the grid convention of
//! [`crate::structured`]. Rows are then told apart by content:
//!
//! - a row with two or more filled cells is a table row;
//! - a row with one filled cell is a paragraph when that cell is a table title or label
//!   ([`crate::titles`]), or prose (a sentence, or longer than a table cell runs); the usual
//!   title merged across the first row of a sheet is one of these;
//! - any other single-cell row (`2025年预算数` over a table, `单位：万元`, a row naming only
//!   `其他收入资金`) belongs to the table that follows it, or to the table right above it (a
//!   `合计` row over blank amounts), and is a paragraph (a heading) otherwise; a numbered heading
//!   (`四、…`) right under a table is a paragraph unless table rows follow it.
//!
//! Consecutive table rows form one table (blank rows do not end it); the columns that are blank
//! in every row at its left and right edges are trimmed. A merged region's top-left cell spans
//! its columns on the table's grid, and every cell knows its address (`C5`).
//!
//! Before calamine unpacks anything, the sizes the zip directory declares for the XML parts are
//! checked against [`Limits::part_bytes`] and [`Limits::unpacked_bytes`].
//!
//! Cell text: a text cell gives its own string. A number is written as the sheet shows it (see
//! [`format_number`]): never through a float into money. Hidden sheets and chart sheets are not
//! read: they are not what the public sees.

use crate::grid::is_heading_label;
use crate::limits::{Limits, MAX_MERGE_WORK, MAX_SHEET_COLUMNS};
use crate::structured::{check_parts, damaged, too_large, Block, Location, TableRow};
use crate::titles::{classify_title, squash, table_label};
use crate::ImportError;
use calamine::{Data, DataRef, Dimensions, Reader, SheetType, SheetVisible, Xls, Xlsx};
use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

/// A single cell longer than this is prose, not a table cell.
const MAX_SHORT_CELL_CHARS: usize = 30;

/// The parts calamine unpacks: the package's XML (worksheets, shared strings, styles …), not
/// images or embedded files.
fn is_xml_part(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".xml") || n.ends_with(".rels") || n.ends_with(".vml")
}

/// Read an XLSX workbook, within `limits`.
pub fn read_xlsx(file: &str, bytes: &[u8], limits: &Limits) -> Result<Vec<Block>, ImportError> {
    if let Ok(zip) = zip::ZipArchive::new(Cursor::new(bytes)) {
        check_parts(&zip, limits, is_xml_part).map_err(|e| too_large(file, e))?;
    }
    guarded(file, "XLSX", || {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let mut blocks = Vec::new();
        for name in visible_worksheets(wb.sheets_metadata()) {
            let merges = wb
                .merge_cells_by_sheet_name(&name)
                .map_err(|e| sheet_error(&name, e))?;
            // Styles only decide how numbers are shown: a sheet whose styles cannot be read is
            // still read, with numbers in their shortest exact form.
            let styles = wb.worksheet_style(&name).unwrap_or_default();
            let format_of = |pos: (u32, u32)| {
                styles
                    .get(pos)
                    .and_then(|s| s.number_format.as_ref())
                    .map(|f| f.format_code.as_str())
            };
            // Cells are streamed: a sheet is never laid out over its whole bounding box (one
            // stray cell at XFD1048576 must not cost gigabytes).
            let mut reader = wb
                .worksheet_cells_reader(&name)
                .map_err(|e| sheet_error(&name, e))?;
            let mut cells: Vec<((u32, u32), String)> = Vec::new();
            while let Some(cell) = reader.next_cell().map_err(|e| sheet_error(&name, e))? {
                let pos = cell.get_position();
                let text = match cell.get_value() {
                    DataRef::Empty => continue,
                    DataRef::SharedString(s) => s.to_string(),
                    DataRef::String(s) => s.clone(),
                    DataRef::Float(f) => format_number(*f, format_of(pos)),
                    DataRef::Int(i) => format_decimal(Decimal::from_int(*i), format_of(pos)),
                    DataRef::Bool(b) => bool_text(*b),
                    DataRef::DateTime(dt) => date_time_text(dt),
                    DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
                    DataRef::Error(e) => e.to_string(),
                };
                cells.push((pos, text));
            }
            drop(reader);
            sheet_blocks(&name, cells, &merges, &mut blocks);
        }
        Ok(blocks)
    })
}

/// Read an XLS (BIFF, Excel 97-2003) workbook. Its number formats are not available, so numbers
/// are written in their shortest exact form (`3636.8`).
pub fn read_xls(file: &str, bytes: &[u8]) -> Result<Vec<Block>, ImportError> {
    guarded(file, "XLS", || {
        let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let mut blocks = Vec::new();
        for name in visible_worksheets(wb.sheets_metadata()) {
            let range = wb
                .worksheet_range(&name)
                .map_err(|e| sheet_error(&name, e))?;
            let merges = wb
                .merge_cells_by_sheet_name(&name)
                .map_err(|e| sheet_error(&name, e))?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let cells = range
                .used_cells()
                .map(|(r, c, d)| ((r0 + r as u32, c0 + c as u32), cell_text(d, None)))
                .collect();
            sheet_blocks(&name, cells, &merges, &mut blocks);
        }
        Ok(blocks)
    })
}

fn sheet_error(name: &str, e: impl std::fmt::Display) -> String {
    format!("工作表「{name}」(sheet {name}): {e}")
}

fn visible_worksheets(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

/// Run a reader over untrusted bytes: its errors, and any panic inside the spreadsheet library,
/// become [`ImportError::Damaged`].
fn guarded(
    file: &str,
    format: &str,
    f: impl FnOnce() -> Result<Vec<Block>, String>,
) -> Result<Vec<Block>, ImportError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Ok(blocks)) => Ok(blocks),
        Ok(Err(e)) => Err(damaged(file, format, e)),
        Err(_) => Err(damaged(
            file,
            format,
            "读取时出错 (the spreadsheet reader failed on this file)",
        )),
    }
}

/// What one sheet row is.
#[derive(Copy, Clone, Debug, PartialEq)]
enum RowKind {
    Empty,
    /// Two or more filled cells.
    Multi,
    /// One filled cell: a table title or label.
    Title,
    /// One filled cell: a sentence or a long text.
    Prose,
    /// One short filled cell.
    Short,
}

fn row_kind(cells: &[String]) -> RowKind {
    let mut filled = cells.iter().filter(|c| !c.trim().is_empty());
    let Some(first) = filled.next() else {
        return RowKind::Empty;
    };
    if filled.next().is_some() {
        return RowKind::Multi;
    }
    if classify_title(first).is_some() || table_label(first).is_some() {
        return RowKind::Title;
    }
    let t = squash(first);
    if t.chars().count() > MAX_SHORT_CELL_CHARS || t.contains(['。', '，', '；']) {
        RowKind::Prose
    } else {
        RowKind::Short
    }
}

/// Lay one sheet out as blocks, from its filled cells (`(row, column)` → text).
fn sheet_blocks(
    sheet: &str,
    cells: Vec<((u32, u32), String)>,
    merges: &[Dimensions],
    out: &mut Vec<Block>,
) {
    let Some(c0) = cells.iter().map(|((_, c), _)| *c).min() else {
        return;
    };
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    // Cells beyond the widest grid laid out: kept as text after their row, never dropped.
    let mut beyond: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for ((r, c), text) in cells {
        if text.trim().is_empty() {
            continue;
        }
        let j = (c - c0) as usize;
        if j >= MAX_SHEET_COLUMNS {
            beyond.entry(r).or_default().push(text);
            continue;
        }
        let row = rows.entry(r).or_default();
        if row.len() <= j {
            row.resize(j + 1, String::new());
        }
        if let Some(cell) = row.get_mut(j) {
            *cell = text;
        }
    }
    blank_merged(&mut rows, c0, merges);
    // The columns each merged region's top-left cell spans.
    let spans: HashMap<(u32, u32), u32> = merges
        .iter()
        .filter(|m| m.start.0 <= m.end.0 && m.start.1 < m.end.1)
        .map(|m| (m.start, (m.end.1 - m.start.1).saturating_add(1)))
        .collect();
    let flush =
        |table: &mut Vec<TableRow>, out: &mut Vec<Block>| flush_table(table, c0, &spans, out);

    let rows: Vec<(u32, Vec<String>)> = rows.into_iter().collect();
    let kinds: Vec<RowKind> = rows.iter().map(|(_, r)| row_kind(r)).collect();
    // For each row: is the next row that is neither blank nor a short single cell a table row?
    let mut table_follows = vec![false; kinds.len()];
    let mut next_multi = false;
    for (k, follows) in kinds.iter().zip(table_follows.iter_mut()).rev() {
        match k {
            RowKind::Multi => next_multi = true,
            RowKind::Title | RowKind::Prose => next_multi = false,
            RowKind::Empty | RowKind::Short => {}
        }
        *follows = next_multi;
    }

    let mut table: Vec<TableRow> = Vec::new();
    for ((r, cells), (&kind, &follows)) in rows.into_iter().zip(kinds.iter().zip(&table_follows)) {
        let at = Location::SheetRow {
            sheet: sheet.to_string(),
            row: r.saturating_add(1),
        };
        let is_row = match kind {
            RowKind::Empty => false,
            RowKind::Multi => true,
            // Right under a table row (no blank row between): the table's last row
            // (`合计` over blank amounts), unless it is a numbered heading.
            RowKind::Short if after_row(&table, &at) => {
                follows || !cells.iter().any(|c| is_heading_label(c))
            }
            RowKind::Short => follows,
            RowKind::Title | RowKind::Prose => false,
        };
        if is_row {
            table.push(TableRow::new(cells, at.clone()));
        } else if kind != RowKind::Empty {
            flush(&mut table, out);
            let text = cells.into_iter().find(|c| !c.trim().is_empty());
            out.push(Block::Paragraph {
                text: text.unwrap_or_default(),
                at: at.clone(),
            });
        }
        if let Some(texts) = beyond.remove(&r) {
            flush(&mut table, out);
            out.push(Block::Paragraph {
                text: texts.join(" "),
                at,
            });
        }
    }
    flush(&mut table, out);
    // Rows that held only cells beyond the grid.
    for (r, texts) in beyond {
        out.push(Block::Paragraph {
            text: texts.join(" "),
            at: Location::SheetRow {
                sheet: sheet.to_string(),
                row: r.saturating_add(1),
            },
        });
    }
}

/// Is `at` the sheet row right after the last row of the table being collected?
fn after_row(table: &[TableRow], at: &Location) -> bool {
    match (table.last().map(|r| &r.at), at) {
        (Some(Location::SheetRow { row: a, .. }), Location::SheetRow { row: b, .. }) => {
            *a + 1 == *b
        }
        _ => false,
    }
}

/// End the table being collected: every row on one width, without the columns blank in every
/// row at either edge; each row with the sheet column of its first cell and the spans of its
/// merged cells (`merged`: spans by sheet row and column, 0-based; `c0` the sheet's first column).
fn flush_table(
    rows: &mut Vec<TableRow>,
    c0: u32,
    merged: &HashMap<(u32, u32), u32>,
    out: &mut Vec<Block>,
) {
    if rows.is_empty() {
        return;
    }
    let filled = |r: &TableRow| -> Option<(usize, usize)> {
        let first = r.cells.iter().position(|c| !c.trim().is_empty())?;
        let last = r.cells.iter().rposition(|c| !c.trim().is_empty())?;
        Some((first, last))
    };
    let spans: Vec<(usize, usize)> = rows.iter().filter_map(filled).collect();
    let from = spans.iter().map(|s| s.0).min().unwrap_or(0);
    let to = spans.iter().map(|s| s.1).max().unwrap_or(0);
    let mut table = std::mem::take(rows);
    let first = c0.saturating_add(u32::try_from(from).unwrap_or(u32::MAX));
    for r in &mut table {
        // Rows hold cells up to their last filled one: lay them on the table's width.
        r.cells.resize(to + 1, String::new());
        r.cells.drain(..from);
        r.first_column = first;
        let width = r.cells.len();
        let sheet_row = match &r.at {
            Location::SheetRow { row, .. } => row.saturating_sub(1),
            _ => continue,
        };
        r.spans = (0..width)
            .map(|j| {
                let col = first.saturating_add(j as u32);
                merged
                    .get(&(sheet_row, col))
                    .map_or(1, |&n| (n as usize).min(width - j))
            })
            .collect();
    }
    out.push(Block::Table { rows: table });
}

/// Keep a merged region's text in its top-left cell only.
fn blank_merged(rows: &mut BTreeMap<u32, Vec<String>>, c0: u32, merges: &[Dimensions]) {
    let mut work = 0usize;
    for m in merges {
        if m.start.0 > m.end.0 || m.start.1 > m.end.1 {
            continue;
        }
        for (&r, row) in rows.range_mut(m.start.0..=m.end.0) {
            let from = m.start.1.saturating_sub(c0) as usize;
            let to = (m.end.1.saturating_sub(c0) as usize).min(row.len().saturating_sub(1));
            if m.end.1 < c0 || from >= row.len() {
                continue;
            }
            for (j, cell) in row.iter_mut().enumerate().take(to + 1).skip(from) {
                if (r, c0 + j as u32) != m.start {
                    cell.clear();
                }
                work += 1;
            }
            if work > MAX_MERGE_WORK {
                return;
            }
        }
    }
}

/// The text a cell shows. `format` is the cell's number format code, where known.
fn cell_text(d: &Data, format: Option<&str>) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format_number(*f, format),
        Data::Int(i) => format_decimal(Decimal::from_int(*i), format),
        Data::Bool(b) => bool_text(*b),
        Data::DateTime(dt) => date_time_text(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

fn bool_text(b: bool) -> String {
    if b { "TRUE" } else { "FALSE" }.to_string()
}

/// A date as `2025-01-31`; a duration as its number of days.
fn date_time_text(dt: &calamine::ExcelDateTime) -> String {
    if dt.is_datetime() {
        excel_date(dt.as_f64())
    } else {
        format_number(dt.as_f64(), None)
    }
}

/// A decimal number as digits: `value = digits × 10^exp`, `digits` without leading zeros
/// (`"0"` for zero).
#[derive(Clone, Debug, PartialEq)]
struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    exp: i32,
}

impl Decimal {
    /// The shortest decimal that reads back to the same `f64` (Rust's `Display` for `f64`
    /// writes exactly that, never in exponent form). `None` for NaN and infinities.
    fn from_f64(v: f64) -> Option<Decimal> {
        if !v.is_finite() {
            return None;
        }
        Decimal::parse(&format!("{}", v.abs()), v.is_sign_negative())
    }

    fn from_int(i: i64) -> Decimal {
        Decimal::parse(&i.unsigned_abs().to_string(), i < 0).unwrap_or(Decimal {
            negative: false,
            digits: vec![0],
            exp: 0,
        })
    }

    /// `123.450` → digits 123450, exp -3.
    fn parse(s: &str, negative: bool) -> Option<Decimal> {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let mut digits: Vec<u8> = Vec::with_capacity(int.len() + frac.len());
        for b in int.bytes().chain(frac.bytes()) {
            if !b.is_ascii_digit() {
                return None;
            }
            digits.push(b - b'0');
        }
        let lead = digits.iter().take_while(|&&d| d == 0).count();
        digits.drain(..lead.min(digits.len().saturating_sub(1)));
        if digits.is_empty() {
            digits.push(0);
        }
        Some(Decimal {
            negative,
            digits,
            exp: -(frac.len() as i32),
        })
    }

    fn is_zero(&self) -> bool {
        self.digits.iter().all(|&d| d == 0)
    }

    /// Round to `places` decimals, half away from zero, on the digits (integer arithmetic).
    /// Returns the integer part and the fraction, both as digit strings.
    fn round(&self, places: u32) -> (String, String) {
        let places = places as i32;
        let mut digits = self.digits.clone();
        let mut exp = self.exp;
        if exp < -places {
            // Drop the digits below 10^-places; the first dropped digit decides.
            let drop = (-places - exp) as usize;
            let keep = digits.len().saturating_sub(drop);
            let round_up = drop <= digits.len() && digits.get(keep).is_some_and(|&d| d >= 5);
            digits.truncate(keep);
            exp = -places;
            if round_up {
                // Nines become zeros, the first other digit goes up; all nines gain a leading 1.
                let mut carry = true;
                for d in digits.iter_mut().rev() {
                    if *d == 9 {
                        *d = 0;
                    } else {
                        *d += 1;
                        carry = false;
                        break;
                    }
                }
                if carry {
                    digits.insert(0, 1);
                }
            }
        }
        // Pad to exactly `places` decimals.
        while exp > -places {
            digits.push(0);
            exp -= 1;
        }
        let frac_len = places as usize;
        while digits.len() <= frac_len {
            digits.insert(0, 0);
        }
        // More digits than `frac_len`, just above: the integer part has at least one.
        let (int_digits, frac_digits) = digits
            .split_at_checked(digits.len() - frac_len)
            .unwrap_or((&digits, &[]));
        let text = |ds: &[u8]| -> String { ds.iter().map(|d| char::from(b'0' + d)).collect() };
        let mut int = text(int_digits);
        let lead = int.len() - int.trim_start_matches('0').len();
        int.drain(..lead.min(int.len().saturating_sub(1)));
        (int, text(frac_digits))
    }
}

/// What a number format says about showing a number.
#[derive(Clone, Debug, Default, PartialEq)]
struct NumFormat {
    /// Digits after the decimal point; `None` for `General` and formats read as such.
    decimals: Option<u32>,
    thousands: bool,
    percent: bool,
    /// Trailing commas after the last digit placeholder: each divides by 1000.
    scale_thousands: u32,
    /// A section without digit placeholders shows only its literal text (`"-"` for zero).
    literal: Option<String>,
    /// The section's literal text (quoted strings, escaped and other characters).
    text: String,
    /// `0` placeholders: without any, a zero shows only the literal text (`#,###` shows nothing).
    zeros: usize,
}

/// Split a format code into its sections at `;` outside quotes, brackets and escapes.
fn sections(code: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        let cur = out.last_mut();
        match (escaped, quoted, bracket, c) {
            (true, ..) => escaped = false,
            (false, false, false, '\\') => escaped = true,
            (false, _, false, '"') => quoted = !quoted,
            (false, false, _, '[') => bracket = true,
            (false, false, _, ']') => bracket = false,
            (false, false, false, ';') => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(s) = cur {
            s.push(c);
        }
    }
    out
}

/// Read one format section: placeholders, separators, percent, and literal text.
fn parse_section(section: &str) -> NumFormat {
    let mut f = NumFormat::default();
    let mut quoted = false;
    let mut escaped = false;
    let mut bracket = false;
    let mut skip_next = false;
    let mut seen_point = false;
    let mut placeholders = 0usize;
    let mut decimals = 0u32;
    let mut trailing_commas = 0u32;
    let mut literal = String::new();
    let mut exponent = false;
    for c in section.chars() {
        if skip_next {
            // The character after `_` (a space as wide as it) or `*` (fill).
            skip_next = false;
            continue;
        }
        if escaped {
            escaped = false;
            literal.push(c);
            continue;
        }
        if quoted {
            if c == '"' {
                quoted = false;
            } else {
                literal.push(c);
            }
            continue;
        }
        if bracket {
            bracket = c != ']';
            continue;
        }
        match c {
            '"' => quoted = true,
            '\\' => escaped = true,
            '[' => bracket = true,
            '_' | '*' => skip_next = true,
            '0' | '#' | '?' => {
                placeholders += 1;
                if c == '0' {
                    f.zeros += 1;
                }
                trailing_commas = 0;
                if seen_point {
                    decimals += 1;
                }
            }
            '.' => seen_point = true,
            ',' => {
                if placeholders > 0 && !seen_point {
                    f.thousands = true;
                }
                trailing_commas += 1;
            }
            '%' => f.percent = true,
            'E' | 'e' => exponent = true,
            '@' => {}
            c if c.is_whitespace() => {}
            c => literal.push(c),
        }
    }
    f.text = literal
        .chars()
        .filter(|c| !matches!(c, '(' | ')'))
        .collect::<String>()
        .trim()
        .to_string();
    if placeholders == 0 {
        let general = section.to_ascii_lowercase().contains("general") || section.contains('@');
        if !general && !section.trim().is_empty() {
            f.literal = Some(literal.trim().to_string());
        }
        return f;
    }
    if exponent {
        // Scientific formats are not reproduced: the exact shortest form is shown instead.
        return NumFormat::default();
    }
    // Excel shows at most 30 decimals; a hostile format asks for more.
    f.decimals = Some(decimals.min(30));
    // A comma right after the last placeholder scales by 1000 (and is not a separator).
    f.scale_thousands = trailing_commas.min(4);
    f
}

/// Write a number as a cell with this format code shows it (the sign and `%` included; currency
/// symbols and other literal decorations are not written).
///
/// Money never goes through a float here. The `f64` is first written as the shortest decimal that
/// reads back to the same `f64` ([`Decimal::from_f64`]); that decimal is then rounded to the
/// format's decimals, half away from zero as Excel shows it, on its digits alone.
///
/// Why this is exact: an amount typed with at most two decimals is `x = k / 100` for an integer
/// `k`. The stored `f64` is the double nearest to `x`, within `x · 2^-53`. Every other decimal
/// with at most two decimals differs from `x` by at least `0.01`, which is larger than the width
/// of the interval of decimals that read back to that double (about `x · 2^-52`) as long as
/// `|k| < 2^52`, that is `|x| < 4.5 × 10^13` (far beyond any budget, in 元 or 万元). So the
/// shortest decimal that reads back to the double has at most two decimals and is `x` itself,
/// and rounding it to two decimals changes nothing. The same holds for `d` decimals while
/// `|x| · 10^d < 2^52`. A value with more decimals than the format shows (`1248.175` under
/// `#,##0.00`) comes out as the sheet displays it (`1,248.18`): the decimal digits are rounded,
/// not the binary value (which is slightly below `1248.175`).
pub(crate) fn format_number(v: f64, format: Option<&str>) -> String {
    match Decimal::from_f64(v) {
        Some(d) => format_decimal(d, format),
        None => format!("{v}"),
    }
}

fn format_decimal(mut d: Decimal, format: Option<&str>) -> String {
    let secs = format.map(sections).unwrap_or_default();
    let zero = d.is_zero();
    // Excel's sections: positive; negative; zero; text.
    let section = match (secs.len(), d.negative, zero) {
        (n, _, true) if n >= 3 => secs.get(2),
        (n, true, _) if n >= 2 => secs.get(1),
        _ => secs.first(),
    };
    let f = section.map(|s| parse_section(s)).unwrap_or_default();
    if let Some(lit) = f.literal {
        return lit;
    }
    if zero && f.decimals.is_some() && f.zeros == 0 {
        return f.text;
    }
    // A negative section writes its sign its own way (`-#,##0.00`, `(#,##0.00)`): a minus here.
    let negative = d.negative && !zero;
    if f.percent {
        d.exp += 2;
    }
    d.exp -= 3 * f.scale_thousands as i32;
    let (int, frac) = match f.decimals {
        Some(places) => d.round(places),
        None => {
            // General: the shortest exact form, without trailing zeros.
            let places = (-d.exp).max(0) as u32;
            let (i, fr) = d.round(places);
            (i, fr.trim_end_matches('0').to_string())
        }
    };
    let mut s = String::new();
    if negative && !(int.chars().all(|c| c == '0') && frac.chars().all(|c| c == '0')) {
        s.push('-');
    }
    if f.thousands {
        let n = int.len();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (n - i) % 3 == 0 {
                s.push(',');
            }
            s.push(c);
        }
    } else {
        s.push_str(&int);
    }
    if !frac.is_empty() {
        s.push('.');
        s.push_str(&frac);
    }
    if f.percent {
        s.push('%');
    }
    s
}

/// An Excel serial date (1900 date system) as `2025-01-31`, with the time when there is one.
fn excel_date(serial: f64) -> String {
    // Day 0 (a time of day alone) is shown as a number, like any other out-of-range serial.
    match yusuan_model::date::from_excel_serial(serial) {
        None => format_number(serial, None),
        Some(d) if d.seconds == 0 => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
        Some(d) => {
            let (h, m, s) = (d.seconds / 3600, d.seconds / 60 % 60, d.seconds % 60);
            format!(
                "{:04}-{:02}-{:02} {h:02}:{m:02}:{s:02}",
                d.year, d.month, d.day
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_the_sheet_shows_them() {
        let f = |v: f64, code: &str| format_number(v, Some(code));
        assert_eq!(f(1248.18, "#,##0.00"), "1,248.18");
        assert_eq!(f(3636.8, "#,##0.00"), "3,636.80");
        assert_eq!(f(6.0, "#,##0.00"), "6.00");
        assert_eq!(f(33.5, "0.00"), "33.50");
        assert_eq!(f(1248.175, "#,##0.00"), "1,248.18");
        assert_eq!(f(2.675, "0.00"), "2.68");
        assert_eq!(f(-2.675, "0.00"), "-2.68");
        assert_eq!(f(0.1 + 0.2, "0.00"), "0.30");
        assert_eq!(f(999.995, "#,##0.00"), "1,000.00");
        assert_eq!(f(-1234.5, "#,##0.00;(#,##0.00)"), "-1,234.50");
        assert_eq!(f(0.0, "#,##0.00;-#,##0.00;\"-\""), "-");
        assert_eq!(
            f(0.0, "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)"),
            "-"
        );
        assert_eq!(
            f(1234.5, "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)"),
            "1,234.50"
        );
        assert_eq!(f(0.925, "0.0%"), "92.5%");
        assert_eq!(f(12_345_678.0, "#,##0,"), "12,346");
        assert_eq!(f(1248.18, "[Red]#,##0.00"), "1,248.18");
        assert_eq!(f(1248.18, "\"¥\"#,##0.00\"元\""), "1,248.18");
        assert_eq!(f(311806.45, "General"), "311806.45");
        assert_eq!(format_number(92.0, None), "92");
        assert_eq!(format_number(0.1, None), "0.1");
        assert_eq!(format_number(-0.0, None), "0");
        assert_eq!(format_number(1e21, None), "1000000000000000000000");
        assert_eq!(format_number(f64::NAN, None), "NaN");
        assert_eq!(f(-0.001, "0.00"), "0.00");
        assert_eq!(f(1.5, "0"), "2");
        assert_eq!(f(1.5, "1.00E+00"), "1.5");
    }

    #[test]
    fn every_two_decimal_amount_comes_back_exactly() {
        // Every cent up to 1,000.00, a spread up to 1,000,000,000.00, and values near the bound.
        for k in (0u64..100_000).chain((100_000u64..100_000_000_000).step_by(999_983)) {
            let v = k as f64 / 100.0;
            let s = format_number(v, Some("0.00"));
            let expect = format!("{}.{:02}", k / 100, k % 100);
            assert_eq!(s, expect, "{k}");
        }
        for k in [
            4_503_599_627_370_495u64,
            999_999_999_999_999,
            123_456_789_012_345,
            1,
            99,
        ] {
            let v = k as f64 / 100.0;
            let expect = format!("{}.{:02}", k / 100, k % 100);
            assert_eq!(format_number(v, Some("0.00")), expect, "{k}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(excel_date(45658.0), "2025-01-01");
        assert_eq!(excel_date(45658.5), "2025-01-01 12:00:00");
        assert_eq!(excel_date(59.0), "1900-02-28");
        assert_eq!(excel_date(61.0), "1900-03-01");
    }

    fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn rows_are_told_apart() {
        let g = strings(&[
            &["财政拨款收支总表", "", ""],
            &["", "", "单位：万元"],
            &["2025年预算数", "", ""],
            &["合计", "基本支出", "项目支出"],
            &["1.00", "", "1.00"],
            &["其他收入资金", "", ""],
            &["2.00", "1.00", "1.00"],
            &["", "", ""],
            &["备注：本表反映当年支出情况，单位为万元。", "", ""],
            &["四、其他说明", "", ""],
        ]);
        let kinds: Vec<RowKind> = g.iter().map(|r| row_kind(r)).collect();
        use RowKind::*;
        assert_eq!(
            kinds,
            [Title, Short, Short, Multi, Multi, Short, Multi, Empty, Prose, Short]
        );
    }

    #[test]
    fn sparse_sheets_merges_and_stray_cells() {
        let cells = vec![
            ((0, 0), "财政拨款收支总表".to_string()),
            ((2, 0), "收入".to_string()),
            // A generator that repeats a merged cell's text in every covered cell.
            ((2, 1), "收入".to_string()),
            ((3, 0), "项目".to_string()),
            ((3, 1), "预算数".to_string()),
            ((4, 0), "合计".to_string()),
            ((4, 1), "1.00".to_string()),
            ((4, 5000), "列外".to_string()),
            ((1_048_575, 16_383), "远处".to_string()),
        ];
        let merges = [
            Dimensions {
                start: (0, 0),
                end: (0, 3),
            },
            Dimensions {
                start: (2, 0),
                end: (2, 1),
            },
            // Hostile: a region over the whole sheet, and one ending before it starts.
            Dimensions {
                start: (1_000_000, 0),
                end: (u32::MAX, u32::MAX),
            },
            Dimensions {
                start: (5, 5),
                end: (1, 1),
            },
        ];
        let mut out = Vec::new();
        sheet_blocks("表一", cells, &merges, &mut out);
        let place = |r: u32| Location::SheetRow {
            sheet: "表一".into(),
            row: r,
        };
        assert_eq!(out.len(), 4, "{out:?}");
        assert_eq!(
            out[0],
            Block::Paragraph {
                text: "财政拨款收支总表".into(),
                at: place(1)
            }
        );
        let Block::Table { rows } = &out[1] else {
            panic!("{out:?}")
        };
        assert_eq!(rows[0].cells, ["收入", ""]);
        assert_eq!(rows[2].cells, ["合计", "1.00"]);
        assert_eq!(rows[2].at, place(5));
        assert_eq!(
            out[2],
            Block::Paragraph {
                text: "列外".into(),
                at: place(5)
            }
        );
        // A cell far out is read without laying out the rows and columns before it.
        assert!(matches!(&out[3], Block::Paragraph { at, .. } if *at == place(1_048_576)));
    }

    #[test]
    fn decimal_rounding_carries() {
        let d = Decimal::parse("9999.995", false).unwrap();
        assert_eq!(d.round(2), ("10000".into(), "00".into()));
        let d = Decimal::parse("0.004", false).unwrap();
        assert_eq!(d.round(2), ("0".into(), "00".into()));
        let d = Decimal::parse("0.005", false).unwrap();
        assert_eq!(d.round(2), ("0".into(), "01".into()));
        let d = Decimal::parse("12", false).unwrap();
        assert_eq!(d.round(0), ("12".into(), "".into()));
    }
}
