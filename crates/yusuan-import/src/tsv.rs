//! The tab-separated text form (as text is copied out of a published file into a spreadsheet or
//! text: the reference 重庆 disclosure). Cells are separated by tabs and blank cells are kept.
//!
//! A table block (the lines after a title) holds, in some order: the unit line (`单位：万元`),
//! the compiler line (`编制单位：…`, sometimes glued to the unit on one line), header rows, data
//! rows, blank lines where pages broke, notes (`备注：…`), and possibly narrative after the
//! table's end, which is handed back as the tail.

use crate::context::Context;
use crate::grid::{self, GridRow, GridTable};
use crate::segment::TableBlock;
use crate::titles::{squash, TitleKind};
use yusuan_model::money::looks_like_amount;
use yusuan_model::{Code, MoneyUnit};

/// A line break inside a cell. The synthetic text has one line per row, so a break inside a
/// cell is kept as U+2028 LINE SEPARATOR: whitespace to every reader of names and amounts,
/// a paragraph break to the performance forms (a 当年绩效目标 of several paragraphs).
pub(crate) const CELL_BREAK: char = '\u{2028}';

/// A single-cell line between table rows is read as a row only when it is this short: longer
/// lines are sentences, not cells.
const MAX_LONE_CELL_CHARS: usize = 30;

/// Read one table block into a grid. Returns the grid (None when the block holds no table) and
/// the body lines after the table's end that belong to the narrative.
pub fn read_table(ctx: &mut Context, block: &TableBlock) -> (Option<GridTable>, Vec<u32>) {
    let mut grid = GridTable::of_block(block);
    let performance = matches!(block.kind, TitleKind::Performance(_));
    let mut tail: Vec<u32> = Vec::new();
    let mut saw_row = false;
    let mut in_data = false;
    let mut saw_meta = false;
    // Lines before the first row that are nothing known: reported once we know there is a table.
    let mut before: Vec<u32> = Vec::new();

    let body = &block.body;
    for (i, &no) in body.iter().enumerate() {
        let Some(line) = ctx.src.line(no) else {
            continue;
        };
        if !tail.is_empty() {
            tail.push(no);
            continue;
        }
        if line.is_blank() {
            // Blank lines inside a table are page breaks: the table goes on after them.
            continue;
        }
        let text = line.text.clone();
        let page = line.page;
        let mut cells = split_cells(&text);
        if !performance {
            // Only the forms keep the line breaks inside a cell (see [`CELL_BREAK`]).
            for c in &mut cells {
                if c.contains(CELL_BREAK) {
                    *c = c.replace(CELL_BREAK, " ");
                }
            }
        }

        if let Some(unit) = unit_line(&cells) {
            set_unit(ctx, &mut grid, unit, no);
            ctx.understood(no);
            saw_meta = true;
            grid.end_line = no;
            continue;
        }
        if let Some((compiler, unit)) = compiler_line(&cells) {
            if let Some(unit) = unit {
                set_unit(ctx, &mut grid, unit, no);
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
        if is_page_number(&text) {
            ctx.ignored(no, "页码 (page number)");
            continue;
        }
        if is_rule_row(&cells) {
            ctx.ignored(no, "分隔线 (rule line)");
            continue;
        }
        if let Some(note) = note_text(&cells) {
            grid.notes.push((note, no));
            ctx.understood(no);
            grid.end_line = no;
            continue;
        }
        if !text.contains('\t') {
            if !saw_row {
                before.push(no);
                continue;
            }
            if !next_is_tab_row(ctx, body.get(i + 1..).unwrap_or_default()) {
                // The table has ended: the rest of the block is narrative.
                tail.push(no);
                continue;
            }
            // A line without tabs between rows: a row whose other cells were trimmed away, or
            // (in a form) text wrapped onto a line of its own. A sentence in a grid of amounts
            // is neither.
            if !(performance || is_short_cell(&text)) {
                ctx.unexplained(
                    no,
                    format!(
                        "「{}」表格中无法识别的行 (line inside the table not understood)",
                        grid::short_name(&grid)
                    ),
                );
                continue;
            }
        }
        saw_row = true;
        grid.end_line = no;
        let row = GridRow {
            line: no,
            page,
            cells,
            spans: Vec::new(),
        };
        let starts_data = is_data_row(&row.cells);
        push_row(ctx, &mut grid, row, performance, &mut in_data, starts_data);
    }

    let found = saw_row || saw_meta;
    finish(ctx, block, grid, found, before, tail)
}

/// Place one row of a table block: every row of a performance form is data; in a table, rows
/// are header rows until the first that `starts_data`, and data after it, where a header printed
/// again after a page break is passed over.
pub(crate) fn push_row(
    ctx: &mut Context,
    grid: &mut GridTable,
    row: GridRow,
    performance: bool,
    in_data: &mut bool,
    starts_data: bool,
) {
    if performance || *in_data {
        if !performance && grid.header.iter().any(|h| same_cells(&h.cells, &row.cells)) {
            ctx.ignored(
                row.line,
                "分页后重复的表头 (header repeated after a page break)",
            );
            return;
        }
        grid.rows.push(row);
    } else if starts_data {
        *in_data = true;
        grid.rows.push(row);
    } else {
        grid.header.push(row);
    }
}

/// The end of a table block: the grid read, and the lines after it that go back to the
/// narrative. A title followed by nothing of a table (`found` no row and no unit or compiler
/// line, and no note) stands alone: all its lines go back. Lines before the table that were
/// not understood are said.
pub(crate) fn finish(
    ctx: &mut Context,
    block: &TableBlock,
    grid: GridTable,
    found: bool,
    before: Vec<u32>,
    tail: Vec<u32>,
) -> (Option<GridTable>, Vec<u32>) {
    if !found && grid.notes.is_empty() {
        ctx.unexplained(
            block.title_line,
            "表题后没有表格内容 (table title without a table)",
        );
        return (None, block.body.clone());
    }
    for no in before {
        ctx.unexplained(
            no,
            format!(
                "「{}」表格前无法识别的行 (line before the table not understood)",
                grid::short_name(&grid)
            ),
        );
    }
    (Some(grid), tail)
}

pub(crate) fn set_unit(ctx: &mut Context, grid: &mut GridTable, unit: MoneyUnit, line: u32) {
    match grid.unit {
        Some(u) if u != unit => ctx.warn(
            ctx.prov(line),
            format!(
                "「{}」金额单位前后不一致：{} 与 {} (conflicting units)",
                grid::short_name(grid),
                u.label(),
                unit.label()
            ),
        ),
        Some(_) => {}
        None => grid.unit = Some(unit),
    }
}

/// Split a line at tabs, trimming each cell; blank cells stay as `""` so columns never shift.
pub fn split_cells(text: &str) -> Vec<String> {
    text.split('\t').map(|c| trim_cell(c).to_string()).collect()
}

fn trim_cell(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
}

fn non_empty(cells: &[String]) -> impl Iterator<Item = &str> {
    cells.iter().map(String::as_str).filter(|c| !c.is_empty())
}

/// `单位：万元`, `金额单位：元`, `（单位：万元）`: the unit a table's amounts are in.
pub fn parse_unit_label(s: &str) -> Option<MoneyUnit> {
    let t = squash(s);
    let t = t.trim_matches(|c| matches!(c, '(' | ')' | '（' | '）'));
    let t = t.strip_prefix("金额").unwrap_or(t);
    let rest = t.strip_prefix("单位")?;
    let rest = rest.strip_prefix(['：', ':'])?;
    match rest {
        "万元" => Some(MoneyUnit::WanYuan),
        "元" => Some(MoneyUnit::Yuan),
        _ => None,
    }
}

/// A line whose only content is the unit.
pub(crate) fn unit_line(cells: &[String]) -> Option<MoneyUnit> {
    let mut it = non_empty(cells);
    let first = it.next()?;
    if it.next().is_some() {
        return None;
    }
    parse_unit_label(first)
}

/// `编制单位：806-重庆市…办事处单位：万元` (also split over cells): the compiler and the unit.
pub(crate) fn compiler_line(cells: &[String]) -> Option<(Option<String>, Option<MoneyUnit>)> {
    let mut it = non_empty(cells);
    let first = it.next()?;
    let squashed = squash(first);
    // Not `单位名称`: that is a field of the performance forms. The national template's tables
    // name the unit `部门：…` or `部门名称：…`.
    let rest = ["编制单位", "编制部门", "填报单位", "部门名称", "部门"]
        .iter()
        .find_map(|p| squashed.strip_prefix(p))?
        .strip_prefix(['：', ':'])?
        .to_string();
    // Rebuild the text after the label from the first cell (keeping its inner spaces) and the
    // cells that follow.
    let first_rest = first
        .split_once(['：', ':'])
        .map(|(_, after)| trim_cell(after).to_string())
        .unwrap_or(rest);
    let mut parts: Vec<String> = Vec::new();
    if !first_rest.is_empty() {
        parts.push(first_rest);
    }
    parts.extend(it.map(str::to_string));
    let mut unit = None;
    let mut names = Vec::new();
    for part in parts {
        if let Some(u) = parse_unit_label(&part) {
            unit = Some(u);
            continue;
        }
        match split_glued_unit(&part) {
            Some((name, u)) => {
                unit = Some(u);
                if !name.is_empty() {
                    names.push(name);
                }
            }
            None => names.push(part),
        }
    }
    let compiler = (!names.is_empty()).then(|| names.join(" "));
    Some((compiler, unit))
}

/// `…办事处单位：万元` → (`…办事处`, 万元).
fn split_glued_unit(s: &str) -> Option<(String, MoneyUnit)> {
    let (name, unit_text) = s.split_at_checked(s.rfind("单位")?)?;
    let unit = parse_unit_label(unit_text)?;
    let name = name.trim_end();
    let name = name.strip_suffix("金额").unwrap_or(name);
    Some((trim_cell(name).to_string(), unit))
}

/// `3`, `- 3 -`, `第 3 页`, `第3页 共12页`, `3/12`.
pub(crate) fn is_page_number(text: &str) -> bool {
    let t = squash(text);
    if t.is_empty() {
        return false;
    }
    let digits_only =
        |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    if digits_only(&t)
        || digits_only(t.trim_matches(['-', '—', '－'])) && t.starts_with(['-', '—', '－'])
    {
        return true;
    }
    if let Some((a, b)) = t.split_once('/') {
        return digits_only(a) && digits_only(b);
    }
    if let Some(rest) = t.strip_prefix('第') {
        if let Some((n, after)) = rest.split_once('页') {
            let after_ok = after.is_empty()
                || after
                    .strip_prefix('共')
                    .and_then(|a| a.strip_suffix('页'))
                    .is_some_and(digits_only);
            return digits_only(n) && after_ok;
        }
    }
    false
}

/// A markdown-style rule row (`--⇥------⇥---`) left over from a conversion.
pub(crate) fn is_rule_row(cells: &[String]) -> bool {
    let mut any_long = false;
    for c in non_empty(cells) {
        if !c
            .chars()
            .all(|ch| matches!(ch, '-' | '=' | ':' | '|' | '+'))
        {
            return false;
        }
        any_long |= c.len() >= 2;
    }
    any_long
}

/// A note printed with a table: `备注：…`, `注：…`, `（备注：本部门无此项收支，故此表无数据。）`, or a
/// short unprefixed sentence about the table (`表格数据为系统自动导出，可能存在小数点取舍差异。`).
pub(crate) fn note_text(cells: &[String]) -> Option<String> {
    let mut it = non_empty(cells);
    let first = it.next()?;
    if it.next().is_some() {
        return None;
    }
    let t = squash(first);
    let inner = t.trim_start_matches(['（', '(']);
    const PREFIXES: [&str; 5] = ["备注", "注：", "注:", "说明：", "说明:"];
    if PREFIXES.iter().any(|p| inner.starts_with(p)) {
        return Some(first.to_string());
    }
    const ABOUT_TABLE: [&str; 9] = [
        "本表",
        "此表",
        "该表",
        "表格",
        "表中",
        "无数据",
        "小数",
        "取舍",
        "尾差",
    ];
    let short = t.chars().count() <= 60;
    if short && ABOUT_TABLE.iter().any(|k| t.contains(k)) {
        return Some(first.to_string());
    }
    None
}

fn is_short_cell(text: &str) -> bool {
    let t = trim_cell(text);
    t.chars().count() <= MAX_LONE_CELL_CHARS && !t.contains(['，', '。', '；'])
}

fn next_is_tab_row(ctx: &Context, rest: &[u32]) -> bool {
    rest.iter()
        .filter_map(|&n| ctx.src.line(n))
        .find(|l| !l.is_blank())
        .is_some_and(|l| l.text.contains('\t'))
}

pub(crate) fn same_cells(a: &[String], b: &[String]) -> bool {
    let strip = |v: &[String]| -> Vec<String> {
        let mut v: Vec<String> = v.iter().map(|c| squash(c)).collect();
        while v.last().is_some_and(String::is_empty) {
            v.pop();
        }
        v
    };
    let (a, b) = (strip(a), strip(b));
    !a.is_empty() && a == b
}

/// The first data row ends the header: a row with an amount or a code, or a row whose only
/// texts are totals and headings (`合计`, `一、本年收入`) with its amounts left blank.
pub(crate) fn is_data_row(cells: &[String]) -> bool {
    let texts: Vec<&str> = non_empty(cells).collect();
    if texts.is_empty() {
        return false;
    }
    if texts.iter().any(|c| looks_like_amount(c)) {
        return true;
    }
    if texts.first().is_some_and(|t| Code::parse(t).is_some()) {
        return true;
    }
    texts
        .iter()
        .all(|c| grid::is_total_label(c) || grid::is_heading_label(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(s: &str) -> Vec<String> {
        split_cells(s)
    }

    #[test]
    fn units_and_compilers() {
        assert_eq!(parse_unit_label("单位：万元"), Some(MoneyUnit::WanYuan));
        assert_eq!(parse_unit_label("（单位：元）"), Some(MoneyUnit::Yuan));
        assert_eq!(parse_unit_label("金额单位:万元"), Some(MoneyUnit::WanYuan));
        assert_eq!(parse_unit_label("单位：个"), None);
        assert_eq!(
            compiler_line(&cells(
                "编制单位：806-重庆市江北区人民政府江北城街道办事处单位：万元"
            )),
            Some((
                Some("806-重庆市江北区人民政府江北城街道办事处".into()),
                Some(MoneyUnit::WanYuan)
            ))
        );
        assert_eq!(
            compiler_line(&cells("编制单位：\t\t806-某单位\t\t单位：万元\t")),
            Some((Some("806-某单位".into()), Some(MoneyUnit::WanYuan)))
        );
        assert_eq!(compiler_line(&cells("编制单位：")), Some((None, None)));
        assert_eq!(
            compiler_line(&cells("编制部门：某某事业单位单位：元")),
            Some((Some("某某事业单位".into()), Some(MoneyUnit::Yuan)))
        );
        assert_eq!(compiler_line(&cells("项目名称\t某\t")), None);
        // The national template's `部门：` and `部门名称：`, glued to the unit or not.
        assert_eq!(
            compiler_line(&cells("部门名称：某单位单位：元")),
            Some((Some("某单位".into()), Some(MoneyUnit::Yuan)))
        );
        assert_eq!(
            compiler_line(&cells("部门：中共江苏省委办公厅\t单位：万元")),
            Some((Some("中共江苏省委办公厅".into()), Some(MoneyUnit::WanYuan)))
        );
    }

    #[test]
    fn notes_pages_rules() {
        assert!(note_text(&cells("备注：本表反映当年一般公共预算财政拨款支出情况。")).is_some());
        assert!(note_text(&cells("（备注：本部门无此项收支，故此表无数据。）")).is_some());
        assert!(note_text(&cells("表格数据为系统自动导出，可能存在小数点取舍差异。")).is_some());
        assert!(note_text(&cells("三、部门预算情况说明")).is_none());
        assert!(note_text(&cells("备注\t某")).is_none());
        assert!(is_page_number("12"));
        assert!(is_page_number("- 3 -"));
        assert!(is_page_number("第 3 页 共 12 页"));
        assert!(!is_page_number("33.50"));
        assert!(!is_page_number("2025"));
        assert!(is_rule_row(&cells("--\t---------\t----")));
        assert!(!is_rule_row(&cells("合计\t—\t—")));
        assert!(!is_rule_row(&cells("—\t—")));
    }

    #[test]
    fn data_rows_end_the_header() {
        assert!(!is_data_row(&cells("收入\t\t支出\t\t\t\t")));
        assert!(!is_data_row(&cells(
            "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费"
        )));
        assert!(!is_data_row(&cells("科目编码\t科目名称\t\t\t")));
        assert!(!is_data_row(&cells("2025年预算数\t\t\t\t\t")));
        assert!(is_data_row(&cells("合计\t\t\t\t")));
        assert!(is_data_row(&cells("33.50\t3.00\t27.50\t\t27.50\t3.00")));
        assert!(is_data_row(&cells("21303\t水利\t\t\t")));
        assert!(is_data_row(&cells("一、本年收入\t\t二、本年支出\t")));
    }

    fn read(text: &str) -> (Option<GridTable>, Vec<u32>, Vec<crate::context::LineUse>) {
        use crate::segment::{segment, Block};
        let src = crate::source::SourceText::new("t.txt", text);
        let mut ctx = Context::new(&src);
        let blocks = segment(&src, &mut ctx);
        let tb = blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t.clone()),
                Block::Narrative(_) => None,
            })
            .expect("a table block");
        let (g, tail) = read_table(&mut ctx, &tb);
        let uses = (1..=src.lines.len() as u32)
            .map(|l| {
                ctx.use_of(l)
                    .cloned()
                    .unwrap_or(crate::context::LineUse::Unused)
            })
            .collect();
        (g, tail, uses)
    }

    #[test]
    fn page_breaks_repeated_headers_and_lone_cells() {
        let text = "部门支出总表\n\
单位：万元\n\
科目编码\t科目名称\t总计\n\
合计\t\t3.00\n\
\n\
- 1 -\n\
科目编码\t科目名称\t总计\n\
201\t一般公共服务支出\t3.00\n\
其他收入资金\n\
20101\t人大事务\t3.00\n";
        let (g, tail, uses) = read(text);
        let g = g.unwrap();
        assert!(tail.is_empty());
        assert_eq!(g.unit, Some(MoneyUnit::WanYuan));
        assert_eq!(g.header.len(), 1);
        let lines: Vec<u32> = g.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [4, 8, 9, 10]);
        assert_eq!(g.rows[2].cells, ["其他收入资金"]);
        use crate::context::LineUse;
        assert!(matches!(uses[5], LineUse::Ignored(_)), "{:?}", uses[5]);
        assert!(matches!(uses[6], LineUse::Ignored(_)), "{:?}", uses[6]);
    }

    #[test]
    fn a_sentence_inside_a_table_is_unexplained_not_dropped() {
        let text = "部门支出总表\n\
科目编码\t科目名称\t总计\n\
201\t一般公共服务支出\t3.00\n\
这是一句夹在中间的话，说明工作情况。\n\
20101\t人大事务\t3.00\n";
        let (g, tail, uses) = read(text);
        assert_eq!(g.unwrap().rows.len(), 2);
        assert!(tail.is_empty());
        assert!(matches!(uses[3], crate::context::LineUse::Unexplained(_)));
    }

    #[test]
    fn a_title_without_a_table_goes_back_to_the_narrative() {
        let text = "部门收支总表\n这里只是一句说明文字，介绍单位情况。\n";
        let (g, tail, uses) = read(text);
        assert!(g.is_none());
        assert_eq!(tail, [2]);
        assert!(matches!(uses[0], crate::context::LineUse::Unexplained(_)));
        assert_eq!(uses[1], crate::context::LineUse::Unused);
    }

    proptest::proptest! {
        #[test]
        fn any_block_reads_without_panic(lines in proptest::collection::vec("[\\t 合计一、01234.,5a单位：万元备注编制-]{0,24}", 0..12)) {
            let text = format!("表二\n一般公共预算财政拨款支出预算表\n{}\n", lines.join("\n"));
            let _ = crate::import_text("p.txt", &text);
            let text = format!("2025年一般性项目绩效目标表\n{}\n", lines.join("\n"));
            let _ = crate::import_text("p.txt", &text);
        }
    }
}
