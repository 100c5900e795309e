//! Text laid out in columns by spaces, as `pdftotext -layout` writes it (the 上海 fixtures).
//! Columns are inferred from the positions of the header and the numbers.
//!
//! A table block (the lines after its title) holds the compiler and unit line
//! (`编制部门：…      单位：元`), a header spread over several lines, the data rows, perhaps
//! over several pages (each new page repeating the header), notes (`注:…故本表为空表。`), and
//! whatever follows the table up to the next title, which goes back to the narrative.
//!
//! The reading, in steps:
//! 1. Lines are classified: meta, header (before the first row), rows, repeated headers at the
//!    top of a continued page, notes, page numbers. A page whose first line is neither a header
//!    nor a row ends the table.
//! 2. The header's words become label columns (科目编码, 科目名称, 项目) and amount columns, some
//!    named over two lines, under group headers ([`header`]).
//! 3. Each row is split into its code (`201   05   07`), its name and its numbers; the numbers
//!    go to amount columns by position ([`assign`]), so a blank cell stays blank and nothing
//!    shifts left.
//! 4. Two-sided tables (收入 | 支出 side by side) are read side by side.

mod assign;
mod header;
mod words;

use crate::context::Context;
use crate::grid::{is_total_label, GridRow, GridTable};
use crate::segment::TableBlock;
use crate::titles::{squash, TitleKind};
use crate::tsv::parse_unit_label;
use assign::{anchors, assign_row, PageNumbers};
use header::{is_total_name, join_pieces, HeaderWord};
use std::collections::HashSet;
use words::{is_digits, words, Word};
use yusuan_model::MoneyUnit;

const REPEATED_HEADER: &str = "分页后重复的表头 (header repeated after a page break)";
const PAGE_NUMBER: &str = "页码 (page number)";
const REPEATED_META: &str =
    "分页后重复的编制单位或单位行 (compiler or unit line repeated after a page break)";

/// A text line of at most this many characters (without spaces) may be a row label.
const MAX_LABEL_CHARS: usize = 30;
/// Narrow guess at a wide character's width when a page gives nothing better.
const WIDE_MIN: f64 = 1.2;
const WIDE_MAX: f64 = 2.0;

/// Read one table block into a grid. Returns the grid (None when the block holds no table) and
/// the body lines after the table's end that belong to the narrative.
pub fn read_table(ctx: &mut Context, block: &TableBlock) -> (Option<GridTable>, Vec<u32>) {
    let src = ctx.src;
    let lines: Vec<BodyLine> = block
        .body
        .iter()
        .filter_map(|&no| {
            let l = src.line(no)?;
            Some(BodyLine {
                no,
                page: l.page,
                blank: l.is_blank(),
                text: l.trimmed().to_string(),
                words: words(&l.text),
            })
        })
        .collect();
    let mut grid = GridTable::of_block(block);
    if matches!(block.kind, TitleKind::Performance(_)) {
        return read_form(ctx, grid, &lines);
    }

    let plan = classify(&lines);
    if plan.is_empty() {
        ctx.unexplained(
            block.title_line,
            "表题后没有表格内容 (table title without a table)",
        );
        return (None, block.body.clone());
    }

    // Meta, notes, and the marks on every line of the table.
    for (l, u) in lines.iter().zip(&plan.uses).take(plan.end) {
        match u {
            Use::Blank => continue,
            Use::Meta => {
                if let Some(m) = meta_line(&l.words) {
                    apply_meta(ctx, &mut grid, m, l.no);
                }
                ctx.understood(l.no);
            }
            Use::RepeatedMeta => ctx.ignored(l.no, REPEATED_META),
            Use::PageNumber => ctx.ignored(l.no, PAGE_NUMBER),
            Use::RepeatedHeader => ctx.ignored(l.no, REPEATED_HEADER),
            Use::Header | Use::Row | Use::Weak => ctx.understood(l.no),
            Use::Note => {
                grid.notes.push((l.text.clone(), l.no));
                ctx.understood(l.no);
            }
            Use::NoteMore => {
                match grid.notes.last_mut() {
                    Some(n) => n.0.push_str(&l.text),
                    None => grid.notes.push((l.text.clone(), l.no)),
                }
                ctx.understood(l.no);
            }
            Use::Other => ctx.unexplained(
                l.no,
                format!(
                    "「{}」表内无法识别的行 (line inside the table not understood)",
                    block.title
                ),
            ),
        }
        grid.end_line = grid.end_line.max(l.no);
    }

    let header_lines: Vec<&BodyLine> = plan.header.iter().filter_map(|&i| lines.get(i)).collect();
    let used = |is: fn(&Use) -> bool| -> Vec<&BodyLine> {
        lines
            .iter()
            .zip(&plan.uses)
            .take(plan.end)
            .filter(|(_, u)| is(u))
            .map(|(l, _)| l)
            .collect()
    };
    let row_lines = used(|u| matches!(u, Use::Row | Use::Weak));
    let repeated = used(|u| *u == Use::RepeatedHeader);
    let unit = grid.unit.unwrap_or_default();
    let tables = Tables {
        header: &header_lines,
        rows: &row_lines,
        repeated: &repeated,
        unit,
    };
    if is_two_sided(&header_lines) {
        two_sided(ctx, &mut grid, &tables);
    } else {
        one_sided(ctx, &mut grid, &tables);
    }
    let tail = lines.iter().skip(plan.end).map(|l| l.no).collect();
    (Some(grid), tail)
}

/// What a line outside a table's cells says, for the ruled-table reader ([`crate::lattice`]):
/// the compiler and unit line (`编制部门：…  单位：元`), a continued page's title again, a page
/// number, a note under the table.
pub(crate) enum Outside {
    Meta(Meta),
    Continued,
    PageNumber,
    /// A table's number on a line of its own (`公开表一`, `表3`), wherever the page prints it.
    Label,
    Note,
    Other,
}

pub(crate) fn outside(text: &str) -> Outside {
    let ws = words(text);
    if let Some(m) = meta_line(&ws) {
        Outside::Meta(m)
    } else if is_continued_title(&ws) {
        Outside::Continued
    } else if is_page_number(&ws) {
        Outside::PageNumber
    } else if crate::titles::table_label(text).is_some() {
        Outside::Label
    } else if is_note_start(&ws) || is_table_remark(&ws) {
        Outside::Note
    } else {
        Outside::Other
    }
}

/// Take a compiler and unit line into the grid.
pub(crate) fn take_meta(ctx: &mut Context, grid: &mut GridTable, m: Meta, line: u32) {
    apply_meta(ctx, grid, m, line)
}

/// One line of the block.
#[derive(Clone, Debug)]
struct BodyLine {
    no: u32,
    page: Option<u32>,
    blank: bool,
    /// The text without leading and trailing spaces.
    text: String,
    words: Vec<Word>,
}

/// What a line of a table block is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Use {
    Blank,
    /// `编制部门：…  单位：元`
    Meta,
    /// The compiler or unit line again on a continued page.
    RepeatedMeta,
    PageNumber,
    /// Header line of the table (first page).
    Header,
    /// The header again at the top of a continued page.
    RepeatedHeader,
    /// A data row: numbers, a code, a total or `无`.
    Row,
    /// A row with only a label (`二、事业收入` with its amount left blank).
    Weak,
    Note,
    /// A note's continuation line.
    NoteMore,
    /// A line inside the table that is none of these.
    Other,
}

/// The classification of a block: every line's use, the header lines, and where the table ends.
struct Plan {
    uses: Vec<Use>,
    header: Vec<usize>,
    /// Lines from here on are narrative.
    end: usize,
}

impl Plan {
    /// Header-like lines alone (a heading of the narrative under a title-like line) make no
    /// table: a table has rows, or at least its compiler line or a note.
    fn is_empty(&self) -> bool {
        !self
            .uses
            .iter()
            .take(self.end)
            .any(|u| matches!(u, Use::Row | Use::Weak | Use::Meta | Use::Note))
    }
}

/// `编制部门：上海市普陀区财政局   单位：元`, or a line with only `单位：万元`.
pub(crate) struct Meta {
    compiler: Option<String>,
    unit: Option<MoneyUnit>,
}

fn meta_line(ws: &[Word]) -> Option<Meta> {
    let first = ws.first()?;
    let squashed = squash(&first.text);
    let after = [
        "编制部门",
        "编制单位",
        "填报单位",
        "单位名称",
        "部门名称",
        "预算单位",
        "部门",
    ]
    .iter()
    .find_map(|p| squashed.strip_prefix(p))
    .and_then(|r| r.strip_prefix(['：', ':']));
    if after.is_none() {
        if ws.len() == 1 {
            return parse_unit_label(&first.text).map(|u| Meta {
                compiler: None,
                unit: Some(u),
            });
        }
        return None;
    }
    let first_rest = first
        .text
        .split_once(['：', ':'])
        .map(|(_, rest)| rest.trim().to_string())
        .unwrap_or_default();
    let mut unit = None;
    let mut names: Vec<String> = Vec::new();
    let parts = std::iter::once(first_rest).chain(ws.iter().skip(1).map(|w| w.text.clone()));
    for part in parts {
        if part.is_empty() {
            continue;
        }
        if let Some(u) = parse_unit_label(&part) {
            unit = Some(u);
            continue;
        }
        // `…办事处单位：元` glued together.
        if let Some((name, unit_text)) = part.rfind("单位").and_then(|i| part.split_at_checked(i))
        {
            if let Some(u) = parse_unit_label(unit_text) {
                unit = Some(u);
                let name = name.trim();
                if !name.is_empty() {
                    names.push(name.to_string());
                }
                continue;
            }
        }
        names.push(part);
    }
    Some(Meta {
        compiler: (!names.is_empty()).then(|| names.join(" ")),
        unit,
    })
}

fn apply_meta(ctx: &mut Context, grid: &mut GridTable, m: Meta, line: u32) {
    if let Some(u) = m.unit {
        match grid.unit {
            Some(old) if old != u => ctx.warn(
                ctx.prov(line),
                format!(
                    "「{}」金额单位前后不一致：{} 与 {} (conflicting units)",
                    grid.title,
                    old.label(),
                    u.label()
                ),
            ),
            Some(_) => {}
            None => grid.unit = Some(u),
        }
    }
    if let Some(c) = m.compiler {
        if grid.compiler.is_none() {
            grid.compiler = Some((c, line));
        }
    }
}

/// `3`, `- 3 -`, `第 3 页`, `3/12`.
fn is_page_number(ws: &[Word]) -> bool {
    let t: String = ws.iter().map(|w| squash(&w.text)).collect();
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    if t.is_empty() {
        return false;
    }
    if ws.len() == 1 && digits(&t) {
        return true;
    }
    let dashed = t.trim_matches(['-', '—', '－']);
    if dashed.len() < t.len() && digits(dashed) {
        return true;
    }
    if let Some((a, b)) = t.split_once('/') {
        return digits(a) && digits(b);
    }
    if let Some(rest) = t.strip_prefix('第') {
        if let Some(n) = rest.strip_suffix('页') {
            return digits(n);
        }
    }
    false
}

/// `注:…`, `备注：…`, `（注：…）`, `说明：…`.
fn is_note_start(ws: &[Word]) -> bool {
    let Some(first) = ws.first() else {
        return false;
    };
    let t = squash(&first.text);
    let inner = t.trim_start_matches(['（', '(']);
    ["备注", "注：", "注:", "说明：", "说明:"]
        .iter()
        .any(|p| inner.starts_with(p))
}

/// A note that ends here: its last character closes a sentence.
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['。', '.', '；', ';', '！', '？', ')', '）'])
}

/// A sentence about the table without a prefix (`本表为空表。`).
fn is_table_remark(ws: &[Word]) -> bool {
    let t: String = ws.iter().map(|w| squash(&w.text)).collect();
    t.chars().count() <= 60
        && ["本表", "此表", "该表", "空表", "无数据"]
            .iter()
            .any(|k| t.contains(k))
}

/// Running text, not a cell: punctuation of a sentence, or too long for a label.
fn is_sentence(ws: &[Word]) -> bool {
    let t: String = ws.iter().map(|w| squash(&w.text)).collect();
    t.contains(['，', '。', '；', '！', '？']) || t.chars().count() > 2 * MAX_LABEL_CHARS
}

/// A line that is surely a data row: it has a number (or a code), or it is only a total label or
/// `无`.
fn is_strong_row(ws: &[Word]) -> bool {
    if ws.iter().any(Word::is_amount) {
        return true;
    }
    match ws {
        [only] => {
            let t = squash(&only.text);
            is_total_label(&t) || t == "无" || t == "无数据"
        }
        _ => false,
    }
}

/// A text-only line short enough to be a row's label (`二、事业收入`).
fn is_weak_row(ws: &[Word]) -> bool {
    !ws.is_empty()
        && !is_sentence(ws)
        && ws
            .iter()
            .all(|w| !w.is_amount() && squash(&w.text).chars().count() <= MAX_LABEL_CHARS)
}

/// The header's words and lines (without spaces), to know the header again on the next page.
fn header_vocabulary(lines: &[BodyLine], header: &[usize]) -> HashSet<String> {
    let header_lines = || header.iter().filter_map(|&i| lines.get(i));
    header_lines()
        .flat_map(|l| l.words.iter().map(|w| squash(&w.text)))
        .chain(header_lines().map(|l| squash(&l.text)))
        .collect()
}

/// The title again at the top of a continued page: `2 2025年部门收入预算总表（续）  单位：元`
/// (its number is no amount).
fn is_continued_title(ws: &[Word]) -> bool {
    let text: String = ws
        .iter()
        .filter(|w| parse_unit_label(&w.text).is_none())
        .map(|w| squash(&w.text))
        .collect();
    ["（续）", "(续)", "（续表）", "(续表)", "续表"]
        .iter()
        .find_map(|m| text.strip_suffix(m))
        .is_some_and(|title| crate::titles::classify_title(title).is_some())
}

/// The header printed again (word for word, however spaced), or a `续表` mark.
fn is_repeated_header(ws: &[Word], vocabulary: &HashSet<String>) -> bool {
    let whole: String = ws.iter().map(|w| squash(&w.text)).collect();
    if matches!(
        whole.as_str(),
        "续表" | "续上表" | "(续)" | "（续）" | "续" | "(续表)" | "（续表）"
    ) {
        return true;
    }
    !ws.is_empty()
        && !vocabulary.is_empty()
        && (vocabulary.contains(&whole) || ws.iter().all(|w| vocabulary.contains(&squash(&w.text))))
}

fn classify(lines: &[BodyLine]) -> Plan {
    let n = lines.len();
    let mut uses = vec![Use::Blank; n];
    let mut header = Vec::new();
    let mut first_row = None;
    let mut stop = None;
    // Up to the first row: meta, header, notes.
    for (i, (l, u)) in lines.iter().zip(uses.iter_mut()).enumerate() {
        if l.blank {
            continue;
        }
        if meta_line(&l.words).is_some() {
            *u = Use::Meta;
        } else if is_page_number(&l.words) {
            *u = Use::PageNumber;
        } else if is_note_start(&l.words) || is_table_remark(&l.words) {
            // Also `本部门无财政拨款收支，故此表无数据。` under a table without amounts.
            *u = Use::Note;
        } else if is_strong_row(&l.words) {
            first_row = Some((i, l.page));
            break;
        } else if is_sentence(&l.words) {
            // Running text before any row: there is no table here (or it has ended).
            stop = Some(i);
            break;
        } else {
            *u = Use::Header;
            header.push(i);
        }
    }
    let vocabulary = header_vocabulary(lines, &header);
    if let Some((start, mut page)) = first_row {
        let mut page_has_row = true;
        let mut after_note = false;
        // The table's note alone at the top of the next page (pushed there by the last rows):
        // its lines are the table's, what follows them is not.
        let mut notes_only = false;
        for (i, (l, u)) in lines.iter().zip(uses.iter_mut()).enumerate().skip(start) {
            if l.page != page && !l.blank {
                page = l.page;
                page_has_row = false;
                if !page_continues(lines, i, &vocabulary) {
                    let first = lines
                        .iter()
                        .skip(i)
                        .take_while(|x| x.page == page)
                        .find(|x| !x.blank && !is_page_number(&x.words));
                    if notes_only || !first.is_some_and(|x| is_note_start(&x.words)) {
                        stop = Some(i);
                        break;
                    }
                    notes_only = true;
                }
            }
            if l.blank {
                after_note = false;
                continue;
            }
            let ws = &l.words;
            if notes_only {
                *u = if is_page_number(ws) {
                    Use::PageNumber
                } else if is_note_start(ws) {
                    after_note = !ends_sentence(&l.text);
                    Use::Note
                } else if after_note {
                    after_note = !ends_sentence(&l.text);
                    Use::NoteMore
                } else {
                    stop = Some(i);
                    break;
                };
                continue;
            }
            *u = if is_page_number(ws) {
                Use::PageNumber
            } else if !page_has_row && is_repeated_header(ws, &vocabulary) {
                Use::RepeatedHeader
            } else if !page_has_row && (meta_line(ws).is_some() || is_continued_title(ws)) {
                Use::RepeatedMeta
            } else if is_note_start(ws) {
                after_note = !ends_sentence(&l.text);
                Use::Note
            } else if after_note && !is_strong_row(ws) {
                after_note = !ends_sentence(&l.text);
                Use::NoteMore
            } else if is_strong_row(ws) {
                page_has_row = true;
                Use::Row
            } else if is_weak_row(ws) {
                page_has_row = true;
                Use::Weak
            } else if is_table_remark(ws) {
                after_note = !ends_sentence(&l.text);
                Use::Note
            } else {
                Use::Other
            };
            if !matches!(u, Use::Note | Use::NoteMore) {
                after_note = false;
            }
        }
    }
    let limit = stop.unwrap_or(n);
    // The table ends after its last row and the notes right after it; rows with only a label
    // after the last row with amounts (`国有资本经营预算资金` left blank) are the table's too
    // when they stand on its page where its rows' labels begin (a heading of the text after
    // the table does not).
    let marked = || lines.iter().zip(&uses).take(limit);
    let last_row = marked().rposition(|(_, u)| *u == Use::Row);
    let mut last = last_row
        .or_else(|| marked().rposition(|(_, u)| matches!(u, Use::Header | Use::Meta | Use::Note)));
    if let Some((l, row)) = last_row.and_then(|l| Some((l, lines.get(l)?))) {
        let starts: HashSet<usize> = marked()
            .take(l + 1)
            .filter(|(_, u)| **u == Use::Row)
            .filter_map(|(line, _)| line.words.first().map(|w| w.start))
            .collect();
        let aligned =
            |w: &Word| (w.start.saturating_sub(1)..=w.start + 1).any(|c| starts.contains(&c));
        for (i, (line, u)) in marked().enumerate().skip(l + 1) {
            match u {
                Use::Blank => continue,
                Use::Weak if line.page == row.page && line.words.first().is_some_and(aligned) => {
                    last = Some(i)
                }
                _ => break,
            }
        }
    }
    let mut end = match last {
        Some(i) => i + 1,
        None => 0,
    };
    while end < limit
        && uses
            .get(end)
            .is_some_and(|u| matches!(u, Use::Blank | Use::PageNumber | Use::Note | Use::NoteMore))
    {
        end += 1;
    }
    // Trailing blank lines go with what follows.
    while end < n
        && end
            .checked_sub(1)
            .and_then(|k| lines.get(k))
            .is_some_and(|l| l.blank)
    {
        end -= 1;
    }
    for u in uses.iter_mut().skip(end) {
        *u = Use::Blank;
    }
    Plan { uses, header, end }
}

/// Does the page starting at line `i` go on with the table? Yes when it starts with the header
/// again, a row, or the compiler line, or with short labels followed by a row.
fn page_continues(lines: &[BodyLine], i: usize, vocabulary: &HashSet<String>) -> bool {
    let Some(page) = lines.get(i).map(|l| l.page) else {
        return false;
    };
    for l in lines.iter().skip(i).take_while(|l| l.page == page) {
        if l.blank || is_page_number(&l.words) {
            continue;
        }
        let ws = &l.words;
        if is_repeated_header(ws, vocabulary) || is_strong_row(ws) || meta_line(ws).is_some() {
            return true;
        }
        if !is_weak_row(ws) || is_note_start(ws) {
            return false;
        }
    }
    false
}

/// The lines a table is read from.
struct Tables<'a> {
    header: &'a [&'a BodyLine],
    rows: &'a [&'a BodyLine],
    repeated: &'a [&'a BodyLine],
    unit: MoneyUnit,
}

/// How wide a wide character is on a page, in character columns: at most what the gaps between
/// neighbouring header words leave room for (pdftotext gives every character one column, so a
/// CJK word's true width shows only in how far the next word starts).
fn wide_width(lines: &[&BodyLine]) -> f64 {
    let mut w = WIDE_MAX;
    for l in lines {
        for (a, b) in l.words.iter().zip(l.words.iter().skip(1)) {
            if a.wide == 0 {
                continue;
            }
            let narrow = a.chars().saturating_sub(a.wide) as f64;
            let room = b.start as f64 - a.start as f64 - 1.0 - 0.6 * narrow;
            w = w.min(room / a.wide as f64);
        }
    }
    w.clamp(WIDE_MIN, WIDE_MAX)
}

fn header_words(lines: &[&BodyLine], wide_w: f64, keep: impl Fn(&Word) -> bool) -> Vec<HeaderWord> {
    lines
        .iter()
        .flat_map(|l| {
            l.words.iter().filter(|w| keep(w)).map(move |w| {
                let (lo, hi) = w.extent(wide_w);
                HeaderWord {
                    line: l.no,
                    text: w.text.clone(),
                    lo,
                    hi,
                }
            })
        })
        .collect()
}

/// Words that head label columns: 科目编码, 科目名称, 项目, and 类/款/项.
fn is_label_word(text: &str) -> bool {
    let t = squash(text);
    t.contains("编码")
        || t.contains("编号")
        || t.contains("代码")
        || t.contains("名称")
        || t.ends_with("科目")
        || t.ends_with("项目") && t.chars().count() <= 4
        || matches!(t.as_str(), "类" | "款" | "项" | "科目")
}

fn is_code_word(text: &str) -> bool {
    let t = squash(text);
    (t.contains("编码") || t.contains("编号") || t.contains("代码") || t.ends_with("科目"))
        && !t.contains("名称")
}

fn is_level_word(text: &str) -> bool {
    matches!(squash(text).as_str(), "类" | "款" | "项")
}

/// A header with two 项目 columns on one line is two-sided (收入 | 支出).
fn is_two_sided(header: &[&BodyLine]) -> bool {
    header.iter().any(|l| {
        l.words
            .iter()
            .filter(|w| {
                let t = squash(&w.text);
                t.ends_with("项目") && t.chars().count() <= 4
            })
            .count()
            >= 2
    })
}

/// One row of a one-sided table, taken apart.
struct Parsed<'a> {
    line: &'a BodyLine,
    code: Option<String>,
    label: String,
    numbers: Vec<Word>,
    /// Text after the numbers: kept in a cell past the table's columns so it is reported.
    stray: Vec<String>,
}

fn parse_one(line: &BodyLine) -> Parsed<'_> {
    let ws = &line.words;
    let text_after = |i: usize| ws.iter().skip(i).any(|w| !w.is_amount());
    let mut i = 0;
    let mut code: Vec<&str> = Vec::new();
    if let Some(first) = ws.first() {
        let len = first.text.len();
        if matches!(len, 3 | 5 | 7) && is_digits(&first.text, len) && text_after(1) {
            code.push(&first.text);
            i = 1;
            let mut digits = len;
            while digits < 7 {
                let Some(w) = ws
                    .get(i)
                    .filter(|w| is_digits(&w.text, 2) && text_after(i + 1))
                else {
                    break;
                };
                code.push(&w.text);
                digits += 2;
                i += 1;
            }
        }
    }
    let mut label: Vec<&str> = Vec::new();
    while let Some(w) = ws.get(i).filter(|w| !w.is_amount()) {
        label.push(&w.text);
        i += 1;
    }
    let mut numbers = Vec::new();
    let mut stray = Vec::new();
    for w in ws.iter().skip(i) {
        if w.is_amount() {
            numbers.push(w.clone());
        } else {
            stray.push(w.text.clone());
        }
    }
    Parsed {
        line,
        code: (!code.is_empty()).then(|| code.join(" ")),
        label: label.join(" "),
        numbers,
        stray,
    }
}

/// Rows grouped by page, in order.
fn by_page<T>(items: &[T], page: impl Fn(&T) -> Option<u32>) -> Vec<(Option<u32>, Vec<usize>)> {
    let mut out: Vec<(Option<u32>, Vec<usize>)> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let p = page(it);
        match out.last_mut() {
            Some((q, v)) if *q == p => v.push(i),
            _ => out.push((p, vec![i])),
        }
    }
    out
}

/// The amount columns' middles on one page, read from the header printed on that page.
fn page_centers(
    page: Option<u32>,
    first: &[&BodyLine],
    repeated: &[&BodyLine],
    k: usize,
    keep: &dyn Fn(&Word) -> bool,
    read: &dyn Fn(Vec<HeaderWord>) -> Vec<f64>,
) -> Option<Vec<f64>> {
    let here: Vec<&BodyLine> = if first.first().is_some_and(|l| l.page == page) {
        first.to_vec()
    } else {
        repeated
            .iter()
            .copied()
            .filter(|l| l.page == page)
            .collect()
    };
    if here.is_empty() {
        return None;
    }
    let w = wide_width(&here);
    let centers = read(header_words(&here, w, keep));
    (centers.len() == k).then_some(centers)
}

/// Assign the numbers of the rows (grouped by page) to `k` columns, with the header's column
/// middles on pages that print it (`centers_of`). Returns, per row, the column of each number
/// (`None` for a row that could not be placed).
fn place_numbers(
    numbers: &[&[Word]],
    pages: &[(Option<u32>, Vec<usize>)],
    k: usize,
    header_page: Option<u32>,
    centers_of: &dyn Fn(Option<u32>) -> Option<Vec<f64>>,
    rules: &[(usize, Vec<usize>)],
    unit: MoneyUnit,
) -> Vec<Option<Vec<usize>>> {
    let mut out: Vec<Option<Vec<usize>>> = vec![None; numbers.len()];
    let mut previous: Option<Vec<Option<f64>>> = None;
    // The first page of rows goes by the header even when the header stands on the page before.
    let first_centers = centers_of(header_page);
    for (page, idx) in pages {
        let rows: Vec<&[Word]> = idx
            .iter()
            .filter_map(|&i| numbers.get(i).copied())
            .collect();
        let centers = centers_of(*page);
        let centers = centers.as_deref().or(if previous.is_none() {
            first_centers.as_deref()
        } else {
            None
        });
        let a = anchors(k, &PageNumbers { rows }, centers, previous.as_deref());
        for &i in idx {
            if let (Some(slot), Some(ns)) = (out.get_mut(i), numbers.get(i)) {
                *slot = assign_row(ns, &a, rules, unit);
            }
        }
        previous = Some(a);
    }
    out
}

/// The label columns' header: 科目编码 (with 类 款 项) and 科目名称, perhaps under 项目.
#[derive(Default)]
struct LabelHeader {
    /// The code column's header, when the table has a code column (its text may be empty).
    code: Option<(String, Option<u32>)>,
    name: Option<(String, Option<u32>)>,
    /// A header over both label columns (`项目`).
    group: Option<(String, Option<u32>)>,
}

impl LabelHeader {
    fn width(&self) -> usize {
        self.code.is_some() as usize + self.name.is_some() as usize
    }

    /// Header rows the label columns need.
    fn rows(&self) -> usize {
        match self.width() {
            0 => 0,
            _ => 1 + self.group.is_some() as usize,
        }
    }
}

fn label_header(words: &[HeaderWord], coded_rows: bool, labelled_rows: bool) -> LabelHeader {
    let (mut code, mut levels, mut names, mut groups) = (vec![], vec![], vec![], vec![]);
    for w in words {
        if is_level_word(&w.text) {
            levels.push(w);
        } else if is_code_word(&w.text) {
            code.push(w);
        } else if squash(&w.text).contains("名称") {
            names.push(w);
        } else {
            groups.push(w);
        }
    }
    let text = |ws: &[&HeaderWord]| join_pieces(ws.iter().map(|w| w.text.as_str()));
    let first_line = |ws: &[&HeaderWord]| ws.iter().map(|w| w.line).min();
    let mut code_text = text(&code);
    if !levels.is_empty() {
        let lv: Vec<&str> = levels.iter().map(|w| w.text.as_str()).collect();
        if !code_text.is_empty() {
            code_text.push(' ');
        }
        code_text.push_str(&lv.join(" "));
    }
    let code_line = first_line(&[code.as_slice(), levels.as_slice()].concat());
    let group_text = text(&groups);
    let has_code = !code_text.is_empty() || coded_rows;
    let has_name = has_code || !names.is_empty() || !groups.is_empty() || labelled_rows;
    let mut h = LabelHeader {
        code: has_code.then_some((code_text, code_line)),
        ..LabelHeader::default()
    };
    if has_name {
        if has_code || group_text.is_empty() {
            h.name = Some((text(&names), first_line(&names)));
            if !group_text.is_empty() {
                h.group = Some((group_text, first_line(&groups)));
            }
        } else {
            // One label column: `项目` is its own header.
            let all = [groups.as_slice(), names.as_slice()].concat();
            h.name = Some((text(&all), first_line(&all)));
        }
    }
    h
}

/// Header rows being filled: cells by (row, column), each row with the first line it was
/// read from.
struct HeaderGrid {
    rows: Vec<(Vec<String>, Option<u32>)>,
}

impl HeaderGrid {
    fn new(rows: usize, width: usize) -> HeaderGrid {
        HeaderGrid {
            rows: vec![(vec![String::new(); width], None); rows],
        }
    }

    fn put(&mut self, row: usize, col: usize, text: String, line: Option<u32>) {
        let Some((cells, first)) = self.rows.get_mut(row) else {
            return;
        };
        if let Some(cell) = cells.get_mut(col) {
            *cell = text;
        }
        if let Some(l) = line {
            *first = Some(first.map_or(l, |f| f.min(l)));
        }
    }

    fn into_rows(self, fallback_line: u32, page: Option<u32>) -> Vec<GridRow> {
        self.rows
            .into_iter()
            .map(|(cells, line)| GridRow {
                line: line.unwrap_or(fallback_line),
                page,
                cells,
                spans: Vec::new(),
            })
            .collect()
    }
}

/// Write a row's numbers into its cells at `base + column`; numbers that could not be placed
/// are written in order, with a warning.
fn put_numbers(
    ctx: &mut Context,
    title: &str,
    line: u32,
    cells: &mut [String],
    base: usize,
    numbers: &[Word],
    placed: Option<Vec<usize>>,
) {
    let cols = placed.unwrap_or_else(|| {
        if !numbers.is_empty() {
            ctx.warn(
                ctx.prov(line),
                format!(
                    "「{title}」第 {line} 行的金额无法按位置对应到列，按顺序读取 (amounts could not be placed by position; read in order)"
                ),
            );
        }
        (0..numbers.len()).collect()
    });
    for (w, c) in numbers.iter().zip(cols) {
        if let Some(cell) = cells.get_mut(base + c) {
            *cell = w.text.clone();
        }
    }
}

fn one_sided(ctx: &mut Context, grid: &mut GridTable, t: &Tables) {
    let parsed: Vec<Parsed> = t.rows.iter().map(|l| parse_one(l)).collect();

    // The header: label words and amount words.
    let wide_w = wide_width(t.header);
    let labels = label_header(
        &header_words(t.header, wide_w, |w| is_label_word(&w.text)),
        parsed.iter().any(|p| p.code.is_some()),
        parsed.iter().any(|p| !p.label.is_empty()),
    );
    let amounts = header::read(header_words(t.header, wide_w, |w| !is_label_word(&w.text)));
    let n_label = labels.width();

    // Amount columns: the header's, or as many as the widest row when the header has fewer.
    let header_k = amounts.columns.len();
    let max_numbers = parsed.iter().map(|p| p.numbers.len()).max().unwrap_or(0);
    let k = header_k.max(max_numbers);
    if header_k > 0 && max_numbers > header_k {
        ctx.warn(
            ctx.prov(grid.title_line),
            format!(
                "「{}」表头只有 {header_k} 个金额列，数据行却有 {max_numbers} 个金额，多出的列没有表头 (more amounts than header columns)",
                grid.title
            ),
        );
    }

    // Numbers to columns, page by page.
    let numbers: Vec<&[Word]> = parsed.iter().map(|p| p.numbers.as_slice()).collect();
    let pages = by_page(&parsed, |p| p.line.page);
    let read_centers = |ws: Vec<HeaderWord>| -> Vec<f64> {
        header::read(ws)
            .columns
            .iter()
            .map(|c| c.center())
            .collect()
    };
    let keep_amount = |w: &Word| !is_label_word(&w.text);
    let centers_of = |page: Option<u32>| -> Option<Vec<f64>> {
        if header_k != k {
            return None;
        }
        page_centers(page, t.header, t.repeated, k, &keep_amount, &read_centers)
    };
    let rules = amounts.sum_rules();
    let header_page = t.header.first().and_then(|l| l.page);
    let placed = place_numbers(
        &numbers,
        &pages,
        k,
        header_page,
        &centers_of,
        &rules,
        t.unit,
    );

    // Header rows: group headers in the first column they span, each column's name in the row
    // below its groups (a name spanning all header rows stands in the top row).
    let width = n_label + k;
    let mut head = HeaderGrid::new(amounts.rows().max(labels.rows()), width);
    if let Some((text, line)) = &labels.group {
        head.put(0, 0, text.clone(), *line);
    }
    let label_row = labels.group.is_some() as usize;
    for (c, cell) in [&labels.code, &labels.name]
        .into_iter()
        .flatten()
        .enumerate()
    {
        head.put(label_row, c, cell.0.clone(), cell.1);
    }
    for (gi, g) in amounts.groups.iter().enumerate() {
        let (row, col) = (amounts.group_depth(gi), n_label + g.first);
        head.put(row, col, g.word.text.clone(), Some(g.word.line));
    }
    for (c, col) in amounts.columns.iter().enumerate() {
        let row = amounts.groups_over(c).len();
        let line = col.words.iter().map(|w| w.line).min();
        head.put(row, n_label + c, col.text(), line);
    }
    let fallback_line = t.header.first().map_or(grid.title_line, |l| l.no);
    grid.header = head.into_rows(fallback_line, t.header.first().and_then(|l| l.page));

    // Data rows.
    for (p, cols) in parsed.iter().zip(placed) {
        let mut cells = vec![String::new(); width];
        match &p.code {
            Some(code) if labels.code.is_some() => {
                if let Some(first) = cells.first_mut() {
                    *first = code.clone();
                }
                if let Some(name) = cells.get_mut(1).filter(|_| labels.name.is_some()) {
                    *name = p.label.clone();
                }
            }
            // A label without a code (`合计`) goes in the first label column.
            _ => match cells.first_mut().filter(|_| n_label > 0) {
                Some(first) => *first = p.label.clone(),
                None if !p.label.is_empty() => cells.push(p.label.clone()),
                None => {}
            },
        }
        put_numbers(
            ctx,
            &grid.title,
            p.line.no,
            &mut cells,
            n_label,
            &p.numbers,
            cols,
        );
        cells.extend(p.stray.iter().cloned());
        grid.rows.push(GridRow {
            line: p.line.no,
            page: p.line.page,
            cells,
            spans: Vec::new(),
        });
    }
}

/// The header of a two-sided table.
struct SidedHeader {
    income_group: Option<(String, u32)>,
    expense_group: Option<(String, u32)>,
    income_label: String,
    expense_label: String,
    income: Vec<HeaderWord>,
    expense: Vec<HeaderWord>,
    leaf_line: u32,
    /// A row's first label starting left of this is an income label.
    split: f64,
    /// Numbers starting right of this belong to the expenditure side.
    expense_x: f64,
}

/// The header of a two-sided table: the line with the two `项目` words splits it into the
/// income side (left of the second `项目`) and the expenditure side. Each side's amount names
/// are read like a one-sided header ([`header::read`]): bottom up, a name split over lines
/// joined (`政府性基` / `金预算`), a word over several names a group (`预算数` over 合计 …);
/// the names need not stand on the `项目` line (a `项目` cell centred beside a two-level group
/// stands higher than the names). The words at the top of a side that name it (`收入`,
/// `本年支出`, `财政拨款收入`) and the groups over all its names make its group row.
fn sided_header(lines: &[&BodyLine]) -> Option<SidedHeader> {
    let wide_w = wide_width(lines);
    let is_item = |w: &Word| {
        let t = squash(&w.text);
        t.ends_with("项目") && t.chars().count() <= 4
    };
    let leaf = lines
        .iter()
        .find(|l| l.words.iter().filter(|w| is_item(w)).count() >= 2)?;
    let mut items = leaf.words.iter().enumerate().filter(|(_, w)| is_item(w));
    let ((i1, inc_word), (i2, exp_word)) = (items.next()?, items.next()?);
    let hw = |line: u32, w: &Word| {
        let (lo, hi) = w.extent(wide_w);
        HeaderWord {
            line,
            text: w.text.clone(),
            lo,
            hi,
        }
    };
    let inc_item = hw(leaf.no, inc_word);
    let exp_item = hw(leaf.no, exp_word);
    // Every other header word, by side: the expenditure side begins at its `项目`.
    let (mut inc_words, mut exp_words) = (Vec::new(), Vec::new());
    for l in lines {
        for (k, w) in l.words.iter().enumerate() {
            if l.no == leaf.no && (k == i1 || k == i2) {
                continue;
            }
            let h = hw(l.no, w);
            if h.center() >= exp_item.lo - 0.5 {
                exp_words.push(h);
            } else {
                inc_words.push(h);
            }
        }
    }
    // The side's own name: a word ending in 收入 or 支出 on the side's top line, above the
    // `项目` line.
    let own_name = |ws: &mut Vec<HeaderWord>| -> Vec<HeaderWord> {
        let Some(top) = ws.iter().map(|w| w.line).min() else {
            return Vec::new();
        };
        let (named, rest): (Vec<HeaderWord>, Vec<HeaderWord>) =
            std::mem::take(ws).into_iter().partition(|w| {
                let t = squash(&w.text);
                w.line == top && w.line < leaf.no && (t.ends_with("收入") || t.ends_with("支出"))
            });
        *ws = rest;
        named
    };
    let inc_label = own_name(&mut inc_words);
    let exp_label = own_name(&mut exp_words);
    let read_side = |ws: Vec<HeaderWord>, label: &[HeaderWord]| {
        let h = header::read(ws);
        let n = h.columns.len();
        // Groups over the whole side join its name; groups over part of it are left out (the
        // names say what each column holds).
        let mut group: Vec<&HeaderWord> = label.iter().collect();
        let mut whole: Vec<&header::GroupHeader> = h
            .groups
            .iter()
            .filter(|g| n > 1 && g.first == 0 && g.last + 1 == n)
            .collect();
        whole.sort_by_key(|g| g.word.line);
        group.extend(whole.iter().map(|g| &g.word));
        let group_text = join_pieces(group.iter().map(|w| w.text.as_str()));
        let group_line = group.iter().map(|w| w.line).min();
        let names: Vec<HeaderWord> = h
            .columns
            .iter()
            .map(|c| HeaderWord {
                line: leaf.no,
                text: c.text(),
                lo: c.lo,
                hi: c.hi,
            })
            .collect();
        let group = group_line
            .map(|l| (group_text, l))
            .filter(|(t, _)| !t.is_empty());
        (names, group)
    };
    let (income, income_group) = read_side(inc_words, &inc_label);
    let (expense, expense_group) = read_side(exp_words, &exp_label);
    let split = income
        .first()
        .map(|w| w.lo)
        .unwrap_or((inc_item.hi + exp_item.lo) / 2.0);
    let expense_x = expense.first().map(|w| w.lo).unwrap_or(exp_item.hi);
    Some(SidedHeader {
        income_group,
        expense_group,
        income_label: inc_word.text.clone(),
        expense_label: exp_item.text.clone(),
        income,
        expense,
        leaf_line: leaf.no,
        split,
        expense_x,
    })
}

/// One line of a two-sided table, taken apart.
#[derive(Default)]
struct SidedRow {
    income_label: String,
    income: Vec<Word>,
    expense_label: String,
    expense: Vec<Word>,
    stray: Vec<String>,
}

fn parse_sided(ws: &[Word], split: f64, expense_x: f64) -> SidedRow {
    #[derive(PartialEq)]
    enum At {
        Start,
        Income,
        Expense,
    }
    let mut r = SidedRow::default();
    let mut at = At::Start;
    for w in ws {
        match (w.is_amount(), &at) {
            (false, At::Start) => {
                if (w.start as f64) < split {
                    r.income_label = w.text.clone();
                    at = At::Income;
                } else {
                    r.expense_label = w.text.clone();
                    at = At::Expense;
                }
            }
            (false, At::Income) => {
                r.expense_label = w.text.clone();
                at = At::Expense;
            }
            (false, At::Expense) => r.stray.push(w.text.clone()),
            (true, At::Expense) => r.expense.push(w.clone()),
            (true, _) => {
                if (w.start as f64) >= expense_x - 2.0 {
                    r.expense.push(w.clone());
                    at = At::Expense;
                } else {
                    r.income.push(w.clone());
                    at = At::Income;
                }
            }
        }
    }
    r
}

fn two_sided(ctx: &mut Context, grid: &mut GridTable, t: &Tables) {
    let Some(h) = sided_header(t.header) else {
        one_sided(ctx, grid, t);
        return;
    };
    let rows: Vec<SidedRow> = t
        .rows
        .iter()
        .map(|l| parse_sided(&l.words, h.split, h.expense_x))
        .collect();
    let ki = h
        .income
        .len()
        .max(rows.iter().map(|r| r.income.len()).max().unwrap_or(0));
    let ke = h
        .expense
        .len()
        .max(rows.iter().map(|r| r.expense.len()).max().unwrap_or(0));
    let pages = by_page(t.rows, |l| l.page);
    let side_centers = |side: &[HeaderWord], k: usize| -> Option<Vec<f64>> {
        (side.len() == k).then(|| side.iter().map(HeaderWord::center).collect())
    };
    let header_page = t.header.first().and_then(|l| l.page);
    let income_centers = side_centers(&h.income, ki);
    let expense_centers = side_centers(&h.expense, ke);
    let income_of = |p: Option<u32>| (p == header_page).then(|| income_centers.clone()).flatten();
    let expense_of = |p: Option<u32>| {
        (p == header_page)
            .then(|| expense_centers.clone())
            .flatten()
    };
    let expense_rules: Vec<(usize, Vec<usize>)> = match h.expense.first() {
        Some(w) if is_total_name(&w.text) && ke > 1 => vec![(0, (1..ke).collect())],
        _ => Vec::new(),
    };
    let inc_numbers: Vec<&[Word]> = rows.iter().map(|r| r.income.as_slice()).collect();
    let exp_numbers: Vec<&[Word]> = rows.iter().map(|r| r.expense.as_slice()).collect();
    let inc_placed = place_numbers(
        &inc_numbers,
        &pages,
        ki,
        header_page,
        &income_of,
        &[],
        t.unit,
    );
    let exp_placed = place_numbers(
        &exp_numbers,
        &pages,
        ke,
        header_page,
        &expense_of,
        &expense_rules,
        t.unit,
    );

    let width = 2 + ki + ke;
    let exp_col = 1 + ki;
    if h.income_group.is_some() || h.expense_group.is_some() {
        let mut cells = vec![String::new(); width];
        let mut line = h.leaf_line;
        if let Some((text, l)) = &h.income_group {
            set_cell(&mut cells, 0, text);
            line = line.min(*l);
        }
        if let Some((text, l)) = &h.expense_group {
            set_cell(&mut cells, exp_col, text);
            line = line.min(*l);
        }
        grid.header.push(GridRow {
            line,
            page: header_page,
            cells,
            spans: Vec::new(),
        });
    }
    let mut leaf = vec![String::new(); width];
    set_cell(&mut leaf, 0, &h.income_label);
    for (j, w) in h.income.iter().enumerate() {
        set_cell(&mut leaf, 1 + j, &w.text);
    }
    set_cell(&mut leaf, exp_col, &h.expense_label);
    for (j, w) in h.expense.iter().enumerate() {
        set_cell(&mut leaf, exp_col + 1 + j, &w.text);
    }
    grid.header.push(GridRow {
        line: h.leaf_line,
        page: header_page,
        cells: leaf,
        spans: Vec::new(),
    });

    for (((l, r), ip), ep) in t.rows.iter().zip(&rows).zip(inc_placed).zip(exp_placed) {
        let mut cells = vec![String::new(); width];
        set_cell(&mut cells, 0, &r.income_label);
        set_cell(&mut cells, exp_col, &r.expense_label);
        put_numbers(ctx, &grid.title, l.no, &mut cells, 1, &r.income, ip);
        put_numbers(
            ctx,
            &grid.title,
            l.no,
            &mut cells,
            exp_col + 1,
            &r.expense,
            ep,
        );
        cells.extend(r.stray.iter().cloned());
        grid.rows.push(GridRow {
            line: l.no,
            page: l.page,
            cells,
            spans: Vec::new(),
        });
    }
}

/// Put `text` in cell `k` (the cells are made as wide as the table: every side's columns fit).
fn set_cell(cells: &mut [String], k: usize, text: &str) {
    if let Some(c) = cells.get_mut(k) {
        *c = text.to_string();
    }
}

/// A performance-goal form: each line's words as cells (the form reader finds its labels
/// wherever they sit).
fn read_form(
    ctx: &mut Context,
    mut grid: GridTable,
    lines: &[BodyLine],
) -> (Option<GridTable>, Vec<u32>) {
    let refs: Vec<&BodyLine> = lines.iter().collect();
    let wide_w = wide_width(&refs);
    // Below the indicator header, words go to the header column they stand under: a blank
    // cell (no 度量单位 for a qualitative indicator) must not shift the cells after it.
    let mut bounds: Option<Vec<f64>> = None;
    for l in lines {
        if l.blank {
            continue;
        }
        if is_indicator_header(&l.words) {
            let ext: Vec<(f64, f64)> = l.words.iter().map(|w| w.extent(wide_w)).collect();
            bounds = Some(
                ext.iter()
                    .zip(ext.iter().skip(1))
                    .map(|(a, b)| (a.1 + b.0) / 2.0)
                    .collect(),
            );
            grid.rows.push(GridRow {
                line: l.no,
                page: l.page,
                cells: l.words.iter().map(|w| w.text.clone()).collect(),
                spans: Vec::new(),
            });
            grid.end_line = l.no;
            continue;
        }
        if let Some(m) = meta_line(&l.words) {
            apply_meta(ctx, &mut grid, m, l.no);
            ctx.understood(l.no);
        } else if is_page_number(&l.words) {
            ctx.ignored(l.no, PAGE_NUMBER);
            continue;
        } else if is_note_start(&l.words) || (grid.rows.is_empty() && is_table_remark(&l.words)) {
            // `本部门无重点专项资金，故此表无数据。` under the title of an empty form.
            grid.notes.push((l.text.clone(), l.no));
            ctx.understood(l.no);
        } else {
            let cells = match &bounds {
                Some(b) => {
                    let mut cells = vec![String::new(); b.len() + 1];
                    for w in &l.words {
                        let c = w.center(wide_w);
                        // Between 0 and `b.len()`: one cell more than there are bounds.
                        let k = b.iter().filter(|&&x| x < c).count();
                        let Some(cell) = cells.get_mut(k) else {
                            continue;
                        };
                        if !cell.is_empty() {
                            cell.push(' ');
                        }
                        cell.push_str(&w.text);
                    }
                    cells
                }
                None => l.words.iter().map(|w| w.text.clone()).collect(),
            };
            grid.rows.push(GridRow {
                line: l.no,
                page: l.page,
                cells,
                spans: Vec::new(),
            });
        }
        grid.end_line = l.no;
    }
    (Some(grid), Vec::new())
}

/// The header of a form's indicator table: `指标名称  指标权重  指标性质 …`.
fn is_indicator_header(ws: &[Word]) -> bool {
    let has = |k: &str| ws.iter().any(|w| squash(&w.text).contains(k));
    ws.len() >= 3 && (has("指标名称") || has("三级指标")) && (has("权重") || has("指标值"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(no: u32, page: u32, text: &str) -> BodyLine {
        BodyLine {
            no,
            page: Some(page),
            blank: text.trim().is_empty(),
            text: text.trim().to_string(),
            words: words(text),
        }
    }

    #[test]
    fn meta_lines() {
        let m = meta_line(&words(
            "编制部门：上海市普陀区财政局                          单位：元",
        ))
        .unwrap();
        assert_eq!(m.compiler.as_deref(), Some("上海市普陀区财政局"));
        assert_eq!(m.unit, Some(MoneyUnit::Yuan));
        let m = meta_line(&words("编制部门：某街道办事处单位:万元")).unwrap();
        assert_eq!(m.compiler.as_deref(), Some("某街道办事处"));
        assert_eq!(m.unit, Some(MoneyUnit::WanYuan));
        assert!(meta_line(&words("项目      预算数")).is_none());
        // The national template's unit lines (江苏: `部门：`, `部门名称：`).
        let m = meta_line(&words("部门：中共江苏省委办公厅              单位：万元")).unwrap();
        assert_eq!(m.compiler.as_deref(), Some("中共江苏省委办公厅"));
        assert_eq!(m.unit, Some(MoneyUnit::WanYuan));
        let m = meta_line(&words("部门名称：某单位       单位：元")).unwrap();
        assert_eq!(m.compiler.as_deref(), Some("某单位"));
        assert_eq!(m.unit, Some(MoneyUnit::Yuan));
        assert!(is_page_number(&words("- 12 -")));
        assert!(!is_page_number(&words("0.95")));
    }

    #[test]
    fn a_two_sided_header_with_names_over_three_lines() {
        // As yusuan's own PDF sets 表一: `项目` in the middle line, narrow columns wrapping
        // `政府性基金预算` over three lines, a group header over each side.
        let lines = [
            line(1, 1, "                 收入                                                   支出"),
            line(2, 1, "                                                                                           政府性      国有资"),
            line(3, 1, "           项目               预算数                  项目                  合计      一般公共预算        基金预      本经营"),
            line(4, 1, "                                                                                             算       预算"),
        ];
        let refs: Vec<&BodyLine> = lines.iter().collect();
        let h = sided_header(&refs).unwrap();
        let names: Vec<&str> = h.expense.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            names,
            ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]
        );
        assert_eq!(h.expense_group.map(|g| g.0).as_deref(), Some("支出"));
        assert_eq!(h.income_group.map(|g| g.0).as_deref(), Some("收入"));
    }

    #[test]
    fn a_two_sided_header_with_names_below_the_item_line() {
        // `项目` centred in a three-line header; the expenditure names under a `预算数` group
        // stand on the lines below it, two of them wrapped around the line of the others (as
        // 上海's 财务收支预算总表 sets 合计 / 基本支出 / 项目支出 under 本年支出 › 预算数).
        let lines = [
            line(1, 1, "                           本年收入                                                                             本年支出"),
            line(2, 1, "                                                                                                                                        预算数"),
            line(3, 1, "                       项目                            预算数                               项目"),
            line(4, 1, "                                                                                                                                              政府性基       国有资本"),
            line(5, 1, "                                                                                                                        合计      一般公共预算"),
            line(6, 1, "                                                                                                                                               金预算       经营预算"),
        ];
        let refs: Vec<&BodyLine> = lines.iter().collect();
        let h = sided_header(&refs).unwrap();
        let names: Vec<&str> = h.expense.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            names,
            ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]
        );
        let income: Vec<&str> = h.income.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(income, ["预算数"]);
        assert_eq!(
            h.expense_group.map(|g| g.0).as_deref(),
            Some("本年支出预算数")
        );
        assert_eq!(h.income_group.map(|g| g.0).as_deref(), Some("本年收入"));
    }

    #[test]
    fn rows_left_blank_after_the_last_amount_are_the_tables() {
        // A summary with its 合计 first: the income lines after the last amount are blank.
        let lines = vec![
            line(
                1,
                1,
                "                    项目               预算数          项目             预算数",
            ),
            line(
                2,
                1,
                "                    合计             7,956,817        合计           7,956,817",
            ),
            line(
                3,
                1,
                " 一般公共预算资金                    7,956,817  一般公共服务支出     7,956,817",
            ),
            line(4, 1, " 政府性基金预算资金"),
            line(5, 1, " 事业收入资金"),
            line(6, 2, "            其他相关情况说明"),
        ];
        let plan = classify(&lines);
        assert_eq!(plan.end, 5);
        assert_eq!(plan.uses[3], Use::Weak);
        assert_eq!(plan.uses[4], Use::Weak);
        // A heading of the text after a table, on its page, is not one of its rows.
        let lines = vec![
            line(1, 1, "   合计     公务接待费"),
            line(2, 1, "   0.95        0.95"),
            line(3, 1, "            其他相关情况说明"),
        ];
        assert_eq!(classify(&lines).end, 2);
    }

    #[test]
    fn a_page_of_narrative_ends_the_table() {
        let lines = vec![
            line(1, 1, "编制部门：某单位          单位:万元"),
            line(2, 1, "   合计     公务接待费"),
            line(3, 1, "   0.95        0.95"),
            line(4, 2, "            其他相关情况说明"),
            line(5, 2, "一、2025年“三公”经费预算情况说明"),
        ];
        let plan = classify(&lines);
        assert_eq!(plan.end, 3);
        assert_eq!(plan.header, vec![1]);
        assert_eq!(plan.uses[2], Use::Row);
    }

    #[test]
    fn a_note_pushed_to_the_next_page_is_the_tables() {
        let lines = vec![
            line(1, 1, "   项目          预算数"),
            line(2, 1, "   合计            0.95"),
            line(3, 1, "   公务接待费      0.95"),
            line(4, 2, "                    - 8 -"),
            line(5, 2, "备注：本表反映当年一般公共预算财政拨款支出情况，"),
            line(6, 2, "不含上年结转。"),
            line(7, 2, "            其他相关情况说明"),
            line(8, 2, "一、2025年“三公”经费预算情况说明"),
        ];
        let plan = classify(&lines);
        assert_eq!(plan.end, 6, "{:?}", plan.uses);
        assert_eq!(plan.uses[4], Use::Note);
        assert_eq!(plan.uses[5], Use::NoteMore);
    }
}
