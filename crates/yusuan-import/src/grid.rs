//! Tables as grids of text cells, and building model tables from them.
//!
//! Every reader (the tab-separated text form, `pdftotext -layout` text, PDF, DOCX, XLSX, HTML)
//! turns a table into a [`GridTable`]: header rows and data rows that share one column grid, so
//! cell `i` of every row is grid column `i` (blank cells are kept as `""`, never shifted).
//! [`build`] then reads the grid into a model [`Table`] or [`PerformanceTable`], with one
//! code path for every source format.
//!
//! Reading a table:
//! 1. The header rows give each grid column its texts. A header cell whose span (up to the next
//!    filled cell of its row) has other headers below it is a group header (`2025年预算数`,
//!    `收入`); the others are the column's own header (`基本支出`).
//! 2. Each column is a label column (科目编码, 科目名称, 项目) or an amount column with a
//!    [`ColumnKey`] from [`column_key`].
//! 3. Columns form groups of label columns followed by amount columns. Two such groups make a
//!    two-sided table (收入 | 支出): every line gives an income row and an expenditure row.
//! 4. Every data row gives a code or label, a [`RowKind`], and one cell per amount column with
//!    its provenance.

use crate::columns::{column_key, header_year};
use crate::context::Context;
use crate::titles::{is_cn_digit, squash, TitleKind};
use std::sync::Arc;
use yusuan_model::money::{is_blank_cell, looks_like_amount};
use yusuan_model::{
    parse_amount, table_name, Cell, Code, Column, ColumnKey, MoneyUnit, Note, Provenance, Row,
    RowKind, Side, Table, TableKind,
};

/// One source line (or PDF text row) split into grid cells.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GridRow {
    /// 1-based line of the source (for PDFs: the line number in the page-ordered text).
    pub line: u32,
    pub page: Option<u32>,
    /// Cell texts by grid column; `""` for a blank cell.
    pub cells: Vec<String>,
    /// How many grid columns each cell spans, where the source says (a ruled PDF table, a
    /// merged spreadsheet cell); empty when it does not, and a filled cell then spans up to the
    /// next filled one.
    pub spans: Vec<usize>,
}

impl GridRow {
    /// The cell at grid column `i`, `""` when the row is shorter.
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map(String::as_str).unwrap_or("")
    }
}

/// A table as a grid, before its columns are understood.
#[derive(Clone, Debug, PartialEq)]
pub struct GridTable {
    pub kind: TitleKind,
    /// `表二`, `5` …
    pub number: Option<String>,
    pub title: String,
    pub title_line: u32,
    /// From `单位：万元` / `单位：元`.
    pub unit: Option<MoneyUnit>,
    /// From `编制单位：…` / `编制部门：…`, with its line.
    pub compiler: Option<(String, u32)>,
    /// Header rows, top to bottom.
    pub header: Vec<GridRow>,
    /// Data rows in document order (a table continued over pages is one grid).
    pub rows: Vec<GridRow>,
    /// Notes printed with the table (`备注：…`, `注：…`), with their lines.
    pub notes: Vec<(String, u32)>,
    /// Last line that belongs to the table.
    pub end_line: u32,
}

impl GridTable {
    /// The grid of a table block before any of its lines are read: its title, number and kind.
    pub fn of_block(block: &crate::segment::TableBlock) -> GridTable {
        GridTable {
            kind: block.kind,
            number: block.number.clone(),
            title: block.title.clone(),
            title_line: block.title_line,
            unit: None,
            compiler: None,
            header: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
            end_line: block.title_line,
        }
    }
}

/// `表二 一般公共预算财政拨款支出预算表`, for messages.
pub fn short_name(grid: &GridTable) -> String {
    table_name(grid.number.as_deref(), &grid.title).to_string()
}

/// Whether `next` is the rest of `prev`, printed again under its own title on the next page:
/// the same title and header, on the page after `prev` ends, without a total of its own (a
/// table whose 合计 is on its first page goes on without one). A second table of the same title
/// (another unit's) starts with its own total.
pub fn continues(prev: &GridTable, next: &GridTable) -> bool {
    let header = |g: &GridTable| -> Vec<Vec<String>> {
        g.header
            .iter()
            .map(|r| r.cells.iter().map(|c| squash(c)).collect())
            .collect()
    };
    let last_page = prev.rows.iter().rev().find_map(|r| r.page);
    let first_page = next.rows.iter().find_map(|r| r.page);
    prev.kind == next.kind
        && squash(&prev.title) == squash(&next.title)
        && (next.number.is_none() || next.number == prev.number)
        && !next.header.is_empty()
        && header(prev) == header(next)
        && matches!((last_page, first_page), (Some(a), Some(b)) if b == a + 1)
        && !next
            .rows
            .iter()
            .any(|r| r.cells.iter().any(|c| is_total_label(c)))
}

/// `合计`, `总计`, `收入合计`, `支出总计`, `合 计`.
pub fn is_total_label(s: &str) -> bool {
    let t = squash(s);
    let t = strip_enumerator(&t);
    (t.ends_with("合计") || t.ends_with("总计")) && t.chars().count() <= 8
}

/// `小计`, `当年收入小计`, `本年支出小计`: a total of the lines above it, below which more lines
/// may come (`上年结转`) before the grand total.
pub fn is_subtotal_label(s: &str) -> bool {
    let t = squash(s);
    let t = strip_enumerator(&t);
    t.ends_with("小计") && t.chars().count() <= 8
}

/// A heading that groups lines: `一、本年收入`, `二、上年结转`, `十二、…`.
pub fn is_heading_label(s: &str) -> bool {
    let t = squash(s);
    let rest = t.trim_start_matches(is_cn_digit);
    rest.len() < t.len() && rest.starts_with(['、', '．', '.'])
}

/// `一、收入合计` → `收入合计`.
fn strip_enumerator(t: &str) -> &str {
    let after_numeral = t.trim_start_matches(is_cn_digit);
    if after_numeral.len() < t.len() {
        if let Some(rest) = after_numeral.strip_prefix(['、', '．', '.']) {
            return rest;
        }
    }
    t
}

/// A note that says why a table is empty (`本部门无政府性基金收支，故此表无数据。`).
pub fn is_empty_note(s: &str) -> bool {
    const MARKS: [&str; 9] = [
        "无数据",
        "无此项",
        "没有数据",
        "空表",
        "此表为空",
        "本表为空",
        "不涉及",
        "无相关数据",
        "未安排",
    ];
    let t = squash(s);
    MARKS.iter().any(|m| t.contains(m))
}

/// A sentence that says there is nothing: `无`, `没有`, `未安排`, `不涉及`.
fn says_none(s: &str) -> bool {
    let t = squash(s);
    ["无", "没有", "未安排", "不涉及", "未涉及"]
        .iter()
        .any(|m| t.contains(m))
}

/// Provenance of a grid row: its line and page.
pub(crate) fn line_prov(ctx: &Context, line: u32, page: Option<u32>) -> Provenance {
    let mut p = ctx.prov(line);
    if page.is_some() {
        p.page = page;
    }
    p
}

/// The unit amounts are read in; a table that states none is read in 万元 with a warning.
pub(crate) fn money_unit(ctx: &mut Context, grid: &GridTable, name: &Arc<str>) -> MoneyUnit {
    match grid.unit {
        Some(u) => u,
        None => {
            let fallback = MoneyUnit::default();
            ctx.warn(
                ctx.prov(grid.title_line).with_table(name),
                format!(
                    "未注明金额单位，按{}读取 (no unit stated)",
                    fallback.label()
                ),
            );
            fallback
        }
    }
}

/// The table's notes, with the one that explains an empty table taken apart.
pub(crate) fn notes(ctx: &Context, grid: &GridTable, name: &Arc<str>) -> (Vec<Note>, Option<Note>) {
    let mut notes = Vec::new();
    let mut empty = None;
    for (text, line) in &grid.notes {
        let note = Note {
            text: text.clone(),
            prov: ctx.prov(*line).with_table(name),
        };
        if empty.is_none() && is_empty_note(text) {
            empty = Some(note);
        } else {
            notes.push(note);
        }
    }
    (notes, empty)
}

/// What a header says about one grid column.
#[derive(Clone, Debug, Default, PartialEq)]
struct HeaderColumn {
    /// Headers over this column alone, top to bottom.
    own: Vec<String>,
    /// Group headers spanning this column and others, top to bottom.
    groups: Vec<String>,
}

impl HeaderColumn {
    /// The most specific header text.
    fn leaf(&self) -> &str {
        self.own
            .last()
            .or(self.groups.last())
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Every header over the column, top to bottom (groups first: they sit above).
    fn joined(&self) -> String {
        self.groups
            .iter()
            .chain(&self.own)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The column's header as the document writes it (`基本支出`, `公务用车购置及运行费 小计`).
    fn label(&self) -> String {
        if self.own.is_empty() {
            return self.groups.last().cloned().unwrap_or_default();
        }
        let own = self.own.join(" ");
        // `小计` means nothing without the group it sums.
        match self.groups.last() {
            Some(g) if squash(&own) == "小计" => format!("{g} {own}"),
            _ => own,
        }
    }
}

fn analyse_header(header: &[GridRow], width: usize) -> Vec<HeaderColumn> {
    let mut cols = vec![HeaderColumn::default(); width];
    for (r, row) in header.iter().enumerate() {
        let filled: Vec<usize> = (0..width).filter(|&i| !row.cell(i).is_empty()).collect();
        for (k, &i) in filled.iter().enumerate() {
            // A cell spans the columns its source says (a merged cell), else up to the next
            // filled cell of its row.
            let end = match row.spans.get(i) {
                Some(&span) if span > 1 => i.saturating_add(span).min(width),
                _ => {
                    let next = filled.get(k + 1).map_or(width, |&n| n);
                    // Without spans, a cell reaches no further than the header above it: a
                    // cell of a row above that starts within its reach heads other columns
                    // (`公务用车运行维护费` stops where `公务接待费` above begins).
                    (i + 1..next)
                        .find(|&c| header.iter().take(r).any(|above| !above.cell(c).is_empty()))
                        .unwrap_or(next)
                }
            };
            let spans_others = header
                .iter()
                .skip(r + 1)
                .any(|below| (i + 1..end).any(|c| !below.cell(c).is_empty()));
            let text = row.cell(i).to_string();
            if spans_others {
                for col in cols.iter_mut().take(end).skip(i) {
                    col.groups.push(text.clone());
                }
            } else if let Some(col) = cols.get_mut(i) {
                col.own.push(text);
            }
        }
    }
    cols
}

#[derive(Copy, Clone, Debug, PartialEq)]
enum LabelRole {
    Code,
    Name,
}

#[derive(Copy, Clone, Debug, PartialEq)]
enum Role {
    Label(LabelRole),
    Amount(ColumnKey),
}

/// Header words of label columns: 科目编码, 科目名称, 项目, 项目编号, and Shanghai's 类/款/项.
fn label_role(header: &str) -> Option<LabelRole> {
    let h = squash(header);
    if h.is_empty() {
        return None;
    }
    if h.contains("编码")
        || h.contains("编号")
        || h.contains("代码")
        || matches!(h.as_str(), "类" | "款" | "项")
    {
        return Some(LabelRole::Code);
    }
    if h.contains("名称")
        || h.ends_with("科目")
        || h == "项目"
        || h.ends_with("收入项目")
        || h.ends_with("支出项目")
        || h == "品目"
        || h == "摘要"
    {
        return Some(LabelRole::Name);
    }
    None
}

/// A group of columns: label columns, then the amount columns they label.
#[derive(Clone, Debug, Default)]
struct Group {
    code_cols: Vec<usize>,
    name_cols: Vec<usize>,
    /// Grid column and index into the table's columns.
    amount_cols: Vec<(usize, usize)>,
    side: Side,
    /// Which breakdown of its side (the second group of 支出 is part 1).
    part: u8,
}

impl Group {
    /// Both label and amount columns: one side of a two-sided table.
    fn labels_amounts(&self) -> bool {
        let labels = !(self.code_cols.is_empty() && self.name_cols.is_empty());
        labels && !self.amount_cols.is_empty()
    }
}

/// The column layout of a table, read from its header and data.
struct Layout {
    columns: Vec<Column>,
    groups: Vec<Group>,
    /// Grid columns the header covers; cells beyond are extra.
    width: usize,
}

fn layout(ctx: &mut Context, grid: &GridTable, name: &Arc<str>) -> Layout {
    let header_width = grid.header.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let data_width = grid.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    // Without a header the data decide how wide the table is.
    let width = if header_width > 0 {
        header_width
    } else {
        data_width
    };
    let heads = analyse_header(&grid.header, width);
    if grid.header.is_empty() && !grid.rows.is_empty() {
        ctx.warn(
            ctx.prov(grid.title_line).with_table(name),
            "没有表头，列按数据推断 (no header row; columns inferred)",
        );
    }

    // Years in headers: only a year other than the table's own (`2024年预算数` beside
    // `2025年预算数`) is recorded on a column.
    let budget_year = header_year(&grid.title)
        .or_else(|| heads.iter().filter_map(|h| header_year(&h.joined())).max());

    // A table without a single amount (an empty table, its header and 合计 printed, often with
    // a note that there is nothing): no column of it can mislead, so none is worth a word.
    let no_amounts = !grid
        .rows
        .iter()
        .chain(&grid.header)
        .any(|r| r.cells.iter().any(|c| looks_like_amount(c)));
    let mut roles: Vec<Option<Role>> = Vec::with_capacity(width);
    for (i, h) in heads.iter().enumerate() {
        let leaf = h.leaf();
        let data_text = grid.rows.iter().any(|r| {
            let c = r.cell(i);
            !is_blank_cell(c) && !looks_like_amount(c)
        });
        let data_amount = grid.rows.iter().any(|r| looks_like_amount(r.cell(i)));
        let role = if let Some(l) = label_role(leaf) {
            Some(Role::Label(l))
        } else if let Some(key) = column_key(leaf, &h.joined()) {
            Some(Role::Amount(key))
        } else if data_text {
            Some(Role::Label(LabelRole::Name))
        } else if !leaf.is_empty() {
            if !no_amounts {
                ctx.warn(
                ctx.prov(grid.title_line).with_table(name),
                format!("无法识别列「{leaf}」，不据此列作任何推断 (column not understood: nothing is derived from it)"),
            );
            }
            Some(Role::Amount(ColumnKey::Unknown))
        } else if data_amount {
            // Without any header the missing-header warning above already covers this.
            if !grid.header.is_empty() {
                ctx.warn(
                    ctx.prov(grid.title_line).with_table(name),
                    format!(
                        "第 {} 列没有表头却有金额，不据此列作任何推断 (amounts under no header: nothing is derived from them)",
                        i + 1
                    ),
                );
            }
            Some(Role::Amount(ColumnKey::Unknown))
        } else {
            // A column with neither header nor data: a merged cell's filler.
            None
        };
        roles.push(role);
    }

    let figures = two_figures(ctx, grid, name, &heads, &mut roles, no_amounts);

    // Groups: label columns followed by amount columns.
    let mut groups: Vec<Group> = Vec::new();
    let mut columns: Vec<Column> = Vec::new();
    let mut last_was_amount = false;
    for (i, role) in roles.iter().enumerate() {
        let Some(role) = role else { continue };
        let starts_group = groups.is_empty() || (last_was_amount && matches!(role, Role::Label(_)));
        if starts_group {
            groups.push(Group::default());
        }
        let Some(g) = groups.last_mut() else { continue };
        match role {
            Role::Label(LabelRole::Code) => g.code_cols.push(i),
            Role::Label(LabelRole::Name) => g.name_cols.push(i),
            Role::Amount(key) => {
                // One header per column, as one role.
                let Some(h) = heads.get(i) else { continue };
                let year = header_year(&h.joined()).filter(|y| Some(*y) != budget_year);
                let figure = figures.get(&i);
                g.amount_cols.push((i, columns.len()));
                columns.push(Column {
                    figure: figure.map(|f| f.figure),
                    key: *key,
                    label: figure.map_or_else(|| h.label(), |f| f.label.clone()),
                    side: Side::Single,
                    year,
                    part: 0,
                });
            }
        }
        last_was_amount = matches!(role, Role::Amount(_));
    }

    let sided = groups.len() >= 2 && groups.iter().all(Group::labels_amounts);
    let sides = if sided {
        sides_of(&heads, &groups)
    } else {
        None
    };
    if let Some(sides) = sides {
        let mut seen: Vec<Side> = Vec::new();
        for (g, side) in groups.iter_mut().zip(sides) {
            g.side = side;
            g.part = seen.iter().filter(|s| **s == side).count() as u8;
            seen.push(side);
            for &(_, ci) in &g.amount_cols {
                if let Some(c) = columns.get_mut(ci) {
                    c.side = side;
                    c.part = g.part;
                }
            }
        }
    } else if groups.len() > 1 {
        if !no_amounts {
            ctx.warn(
                ctx.prov(grid.title_line).with_table(name),
                format!(
                    "表格分成 {} 组标签列与金额列，按单栏表读取 (unexpected column groups; read as one side)",
                    groups.len()
                ),
            );
        }
        let mut merged = Group::default();
        for g in groups.drain(..) {
            merged.code_cols.extend(g.code_cols);
            merged.name_cols.extend(g.name_cols);
            merged.amount_cols.extend(g.amount_cols);
        }
        groups.push(merged);
    }
    Layout {
        columns,
        groups,
        width,
    }
}

/// A table that heads each item with two figures (the 决算's 三公 table: 预算数 | 决算数): each
/// amount column's item and figure by grid column, its role set to the item. A header that names
/// figures but cannot be read with certainty leaves every amount column unknown, said once.
fn two_figures(
    ctx: &mut Context,
    grid: &GridTable,
    name: &Arc<str>,
    heads: &[HeaderColumn],
    roles: &mut [Option<Role>],
    no_amounts: bool,
) -> std::collections::HashMap<usize, crate::figures::Resolved> {
    let mut out = std::collections::HashMap::new();
    if grid.kind != TitleKind::Table(TableKind::FinalThreePublic) {
        return out;
    }
    let amount: Vec<usize> = (0..roles.len())
        .filter(|&i| matches!(roles.get(i), Some(Some(Role::Amount(_)))))
        .collect();
    let texts: Vec<Vec<String>> = amount
        .iter()
        .map(|&i| {
            heads
                .get(i)
                .map(|h| h.groups.iter().chain(&h.own).cloned().collect())
                .unwrap_or_default()
        })
        .collect();
    if !crate::figures::names_figures(&texts) {
        return out;
    }
    match crate::figures::resolve(&texts) {
        Ok(resolved) => {
            for (&i, r) in amount.iter().zip(resolved) {
                if let Some(slot) = roles.get_mut(i) {
                    *slot = Some(Role::Amount(r.key));
                }
                out.insert(i, r);
            }
        }
        Err(why) => {
            for &i in &amount {
                if let Some(slot) = roles.get_mut(i) {
                    *slot = Some(Role::Amount(ColumnKey::Unknown));
                }
            }
            if !no_amounts {
                ctx.warn(
                    ctx.prov(grid.title_line).with_table(name),
                    format!(
                        "表头各列的项目与预算数/决算数无法确定（{why}），不据这些列作任何推断 (the header's items and figures could not be told with certainty: nothing is derived from these columns)"
                    ),
                );
            }
        }
    }
    out
}

/// Which side each group of a table with several (收入 | 支出, or 收入 | 支出 by 功能分类 |
/// 支出 by 用途) stands on: by the group headers (`收入` / `本年支出`); two groups that name
/// neither follow the convention that income stands on the left. `None` when the groups
/// cannot be placed (the table is then read as one side).
fn sides_of(heads: &[HeaderColumn], groups: &[Group]) -> Option<Vec<Side>> {
    let side_of = |g: &Group| -> Option<Side> {
        let cols = g
            .code_cols
            .iter()
            .chain(&g.name_cols)
            .copied()
            .chain(g.amount_cols.iter().map(|&(c, _)| c));
        let text: String = cols
            .filter_map(|c| heads.get(c))
            .flat_map(|h| h.groups.iter())
            .map(|t| squash(t))
            .collect();
        match (text.contains("收入"), text.contains("支出")) {
            (true, false) => Some(Side::Income),
            (false, true) => Some(Side::Expenditure),
            _ => None,
        }
    };
    let named: Vec<Option<Side>> = groups.iter().map(side_of).collect();
    match named.as_slice() {
        [Some(a), Some(b)] if a != b => Some(vec![*a, *b]),
        [Some(Side::Expenditure), None] | [None, Some(Side::Income)] => {
            Some(vec![Side::Expenditure, Side::Income])
        }
        [_, _] => Some(vec![Side::Income, Side::Expenditure]),
        // More groups: every one must say its side, and both sides must be there.
        more => {
            let sides: Option<Vec<Side>> = more.iter().copied().collect();
            sides.filter(|v| v.contains(&Side::Income) && v.contains(&Side::Expenditure))
        }
    }
}

/// A row of a table with several groups, with what a merged cell means for the other groups:
/// `当年支出小计` spanning the 功能分类 label and amount and the 用途 label, its amount in the
/// 用途 amount column, is the subtotal of both breakdowns of 支出. A label cell spanning into
/// another group's label column is that group's label too; an amount column it covers takes
/// the amount printed after the span in a column of the same side.
fn spread(grow: &GridRow, groups: &[Group]) -> GridRow {
    if groups.len() < 2 || grow.spans.is_empty() {
        return grow.clone();
    }
    let group_of = |c: usize| {
        groups.iter().position(|g| {
            g.code_cols.contains(&c)
                || g.name_cols.contains(&c)
                || g.amount_cols.iter().any(|&(a, _)| a == c)
        })
    };
    let label_col = |c: usize| {
        groups
            .iter()
            .any(|g| g.code_cols.contains(&c) || g.name_cols.contains(&c))
    };
    let amount_side = |c: usize| {
        groups
            .iter()
            .find(|g| g.amount_cols.iter().any(|&(a, _)| a == c))
            .map(|g| g.side)
    };
    let mut out = grow.clone();
    for (start, text) in grow.cells.iter().enumerate() {
        let span = grow.spans.get(start).copied().unwrap_or(1);
        // Only a label spanning on into other columns.
        if span < 2 || text.is_empty() || !label_col(start) {
            continue;
        }
        let Some(home) = group_of(start) else {
            continue;
        };
        let end = start + span;
        let after =
            (end..grow.cells.len()).find(|&c| !grow.cell(c).is_empty() && amount_side(c).is_some());
        // A label with nothing printed after it (`结转下年资金` left blank) is still every
        // breakdown's line where the span stops before the amount column of the group it
        // reaches; spanning to the row's end, it is a label alone (a blank cell absorbed).
        if after.is_none()
            && (end >= grow.cells.len()
                || (end..grow.cells.len()).any(|c| !grow.cell(c).is_empty()))
        {
            continue;
        }
        let side = after.and_then(amount_side);
        for c in start + 1..end {
            let other_label = label_col(c) && group_of(c).is_some_and(|gi| gi != home);
            let text = if other_label {
                text.clone()
            } else if let Some(after) =
                after.filter(|_| amount_side(c).is_some() && amount_side(c) == side)
            {
                grow.cell(after).to_string()
            } else {
                continue;
            };
            if let Some(slot) = out.cells.get_mut(c) {
                *slot = text;
            }
        }
    }
    out
}

/// 政府采购 category letters (`A 货物`, `B 工程`, `C 服务`).
fn procurement_category(letter: &str) -> Option<&'static str> {
    match letter.trim() {
        "A" | "Ａ" => Some("货物"),
        "B" | "Ｂ" => Some("工程"),
        "C" | "Ｃ" => Some("服务"),
        _ => None,
    }
}

/// Digits in the code columns that make no code: a code split over 类/款/项 columns whose 类
/// part is not 3 digits or whose other parts are not 2 (`7 11 02`: 类 210 misprinted), or a
/// code of a length no classification has (`2101`).
fn is_malformed_code(parts: &[&str]) -> bool {
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    if !parts.iter().all(|p| digits(p.trim())) {
        return false;
    }
    match parts {
        [one] => !matches!(one.trim().len(), 3 | 5 | 7),
        [class, rest @ ..] => class.trim().len() != 3 || rest.iter().any(|p| p.trim().len() != 2),
        [] => false,
    }
}

/// `2010301 行政运行`, `201 05 07 专项普查活动`: a code written in the label cell.
fn split_leading_code(s: &str) -> Option<(Code, &str)> {
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || c.is_whitespace() || *c == '\u{3000}'))
        .map(|(i, _)| i)?;
    let (head, rest) = s.split_at(end);
    // The code must be set apart from the name by a space.
    if !head.ends_with(|c: char| c.is_whitespace() || c == '\u{3000}') {
        return None;
    }
    let code = Code::parse(head)?;
    Some((code, rest.trim()))
}

pub(crate) fn build_table(ctx: &mut Context, grid: &GridTable, kind: TableKind) -> Table {
    let name = table_name(grid.number.as_deref(), &grid.title);
    let unit = money_unit_if_data(ctx, grid, &name);
    let layout = layout(ctx, grid, &name);
    for h in &grid.header {
        ctx.understood(h.line);
    }

    let mut rows: Vec<Row> = Vec::new();
    for grow in &grid.rows {
        let prov = line_prov(ctx, grow.line, grow.page).with_table(&name);
        let extra: Vec<&str> = grow
            .cells
            .iter()
            .skip(layout.width)
            .map(String::as_str)
            .filter(|c| !c.is_empty())
            .collect();
        if !extra.is_empty() {
            ctx.warn(
                prov.clone(),
                format!(
                    "比表头多出 {} 个单元格「{}」，未读取 (row has more cells than columns)",
                    extra.len(),
                    extra.join("」「")
                ),
            );
        }
        let before = rows.len();
        let grow = &spread(grow, &layout.groups);
        for g in &layout.groups {
            if let Some(row) = build_row(ctx, grow, g, &layout.columns, unit, &name) {
                rows.push(row);
            }
        }
        if rows.len() > before || !extra.is_empty() {
            ctx.understood(grow.line);
        } else {
            ctx.ignored(grow.line, "表格空行 (empty table row)");
        }
    }

    let (mut notes, mut empty_note) = notes(ctx, grid, &name);
    // Under a table without amounts, a note that says there is none (`注：我单位无2017年政府性
    // 基金支出安排。`) explains the empty table, however it is worded.
    let no_data = rows.iter().all(|r| {
        r.cells
            .iter()
            .all(|c| c.amount.is_none_or(|a| a.fen.is_zero()))
    });
    if empty_note.is_none() && no_data {
        if let Some(i) = notes.iter().position(|n| says_none(&n.text)) {
            empty_note = Some(notes.remove(i));
        }
    }
    crate::labels::type_lines(kind, &mut rows);
    let compiler = grid.compiler.as_ref().map(|(c, _)| c.clone());
    Table {
        kind,
        number: grid.number.clone(),
        title: grid.title.clone(),
        unit: grid.unit,
        compiler,
        columns: layout.columns,
        rows,
        notes,
        empty_note,
        prov: ctx.prov(grid.title_line).with_table(&name),
        end_line: grid.end_line,
        doubt: None,
    }
}

/// The unit to read amounts in; the missing-unit warning is only worth giving when there are
/// amounts to read.
fn money_unit_if_data(ctx: &mut Context, grid: &GridTable, name: &Arc<str>) -> MoneyUnit {
    let has_amounts = grid
        .rows
        .iter()
        .any(|r| r.cells.iter().any(|c| looks_like_amount(c)));
    if has_amounts {
        money_unit(ctx, grid, name)
    } else {
        grid.unit.unwrap_or_default()
    }
}

/// One row of one side, or None when that side of the line is empty.
fn build_row(
    ctx: &mut Context,
    grow: &GridRow,
    g: &Group,
    columns: &[Column],
    unit: MoneyUnit,
    name: &Arc<str>,
) -> Option<Row> {
    let code_texts: Vec<&str> = g
        .code_cols
        .iter()
        .map(|&c| grow.cell(c))
        .filter(|t| !t.is_empty())
        .collect();
    let mut names: Vec<String> = g
        .name_cols
        .iter()
        .map(|&c| grow.cell(c))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    let mut code = None;
    let mut malformed_code = None;
    if !code_texts.is_empty() {
        let joined = code_texts.join(" ");
        if is_malformed_code(&code_texts) {
            malformed_code = Some(joined);
        } else if let Some(c) = Code::parse(&joined) {
            code = Some(c);
        } else if let Some(category) = procurement_category(&joined) {
            match names.first() {
                None => names.push(category.to_string()),
                Some(n) if !squash(n).contains(category) => ctx.warn(
                    line_prov(ctx, grow.line, grow.page).with_table(name),
                    format!(
                        "采购品目代码「{joined}」应为{category}，名称却是「{n}」(procurement code and name disagree)"
                    ),
                ),
                Some(_) => {}
            }
        } else {
            // Text in the code column (`合计`) is the row's label.
            names.insert(0, joined);
        }
    }
    let mut label = names.join(" ");
    if code.is_none() && g.code_cols.is_empty() {
        if let Some((c, rest)) = split_leading_code(&label) {
            code = Some(c);
            label = rest.to_string();
        }
    }

    let texts: Vec<(usize, usize, &str)> = g
        .amount_cols
        .iter()
        .map(|&(gc, ci)| (gc, ci, grow.cell(gc)))
        .collect();
    if code.is_none()
        && malformed_code.is_none()
        && label.is_empty()
        && texts.iter().all(|(_, _, t)| t.is_empty())
    {
        return None;
    }

    let kind = if code.is_some() || malformed_code.is_some() {
        RowKind::Coded
    } else if is_total_label(&label) || is_subtotal_label(&label) {
        RowKind::Total
    } else if is_heading_label(&label) {
        RowKind::Heading
    } else {
        RowKind::Line
    };
    let row_id = code
        .as_ref()
        .map(|c| c.to_string())
        .or_else(|| malformed_code.clone())
        .or_else(|| (!label.is_empty()).then(|| label.clone()));
    let mut row_prov = line_prov(ctx, grow.line, grow.page).with_table(name);
    if let Some(id) = &row_id {
        row_prov = row_prov.with_row(id.clone());
    }

    let mut cells = Vec::with_capacity(texts.len());
    for (gc, ci, text) in texts {
        let Some(column) = columns.get(ci) else {
            continue;
        };
        let mut prov = row_prov.clone().with_column(column.label.clone());
        if let Some(place) = ctx.cell_place(grow.line, gc) {
            prov.place = Some(place.to_string());
        }
        let amount = match parse_amount(text, unit) {
            Ok(a) => a,
            Err(e) => {
                ctx.error(prov.clone(), format!("应为金额，实为「{text}」({e})"));
                None
            }
        };
        cells.push(Cell {
            column: column.key,
            col: ci,
            amount,
            text: text.to_string(),
            prov,
            doubtful: false,
        });
    }
    Some(Row {
        kind,
        side: g.side,
        part: g.part,
        code,
        label,
        cells,
        prov: row_prov,
        // Compared with the catalogue after import, not here.
        catalog: None,
        malformed_code,
        // Typed once the table's lines are all read (`labels::type_lines`).
        funding: None,
        carried_forward: false,
        procurement: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceText;

    fn row(line: u32, s: &str) -> GridRow {
        GridRow {
            line,
            page: None,
            cells: s.split('\t').map(str::to_string).collect(),
            spans: Vec::new(),
        }
    }

    fn grid(kind: TableKind, header: &[&str], rows: &[&str]) -> GridTable {
        let mut n = 1;
        let mut next = || {
            n += 1;
            n
        };
        GridTable {
            kind: TitleKind::Table(kind),
            number: Some("表X".into()),
            title: "测试表".into(),
            title_line: 1,
            unit: Some(MoneyUnit::WanYuan),
            compiler: None,
            header: header.iter().map(|h| row(next(), h)).collect(),
            rows: rows.iter().map(|r| row(next(), r)).collect(),
            notes: Vec::new(),
            end_line: 1,
        }
    }

    fn built(src: &SourceText, g: &GridTable) -> (Table, Vec<yusuan_model::Diagnostic>) {
        let mut ctx = Context::new(src);
        let TitleKind::Table(kind) = g.kind else {
            panic!("not a table: {:?}", g.kind);
        };
        let t = build_table(&mut ctx, g, kind);
        (t, ctx.diagnostics)
    }

    fn source() -> SourceText {
        SourceText::new("t.txt", &"x\n".repeat(40))
    }

    #[test]
    fn labels_and_totals() {
        assert!(is_total_label("合计"));
        assert!(is_total_label("收入合计"));
        assert!(is_total_label("支 出 总 计"));
        assert!(!is_total_label("一般公共预算资金"));
        assert!(is_heading_label("一、本年收入"));
        assert!(is_heading_label("十二、其他"));
        assert!(!is_heading_label("一般公共预算资金"));
        assert!(is_empty_note(
            "（备注：本部门无政府性基金收支，故此表无数据。）"
        ));
        assert!(!is_empty_note(
            "备注：本表反映当年一般公共预算财政拨款支出情况。"
        ));
        let (c, rest) = split_leading_code("201 05 07 专项普查活动").unwrap();
        assert_eq!((c.as_str(), rest), ("2010507", "专项普查活动"));
        assert!(split_leading_code("2025年预算").is_none());
    }

    #[test]
    fn header_groups_and_leaves() {
        let src = source();
        let g = grid(
            TableKind::ThreePublic,
            &[
                "2025年预算数\t\t\t\t\t",
                "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费",
                "\t\t小计\t公务用车购置费\t公务用车运行费\t",
            ],
            &["33.50\t3.00\t27.50\t\t27.50\t3.00"],
        );
        let (t, d) = built(&src, &g);
        assert!(d.is_empty(), "{d:?}");
        let keys: Vec<ColumnKey> = t.columns.iter().map(|c| c.key).collect();
        use ColumnKey::*;
        assert_eq!(
            keys,
            [
                Total,
                Overseas,
                VehicleTotal,
                VehiclePurchase,
                VehicleOperation,
                Reception
            ]
        );
        assert_eq!(t.columns[2].label, "公务用车购置及运行费 小计");
        assert!(t.columns.iter().all(|c| c.year.is_none()));
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].amount(VehiclePurchase), None);
        assert_eq!(t.rows[0].amount(Total), Some(yusuan_model::Fen(33_500_000)));
    }

    #[test]
    fn two_sided_by_group_headers() {
        let src = source();
        let g = grid(
            TableKind::DepartmentSummary,
            &["收入\t\t支出\t", "项目\t预算数\t项目\t预算数"],
            &[
                "合计\t10.00\t合计\t10.00",
                "一般公共预算资金\t10.00\t一般公共服务支出\t4.00",
                "\t\t教育支出\t6.00",
            ],
        );
        let (t, d) = built(&src, &g);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.rows.len(), 5);
        assert!(t.column(ColumnKey::Amount, Side::Income).is_some());
        assert!(t.column(ColumnKey::Amount, Side::Expenditure).is_some());
        assert_eq!(t.total_row(Side::Expenditure).unwrap().label, "合计");
        let edu = t.rows.iter().find(|r| r.label == "教育支出").unwrap();
        assert_eq!(edu.side, Side::Expenditure);
    }

    #[test]
    fn bad_cells_and_extra_cells() {
        let src = source();
        let g = grid(
            TableKind::GeneralBudgetExpenditure,
            &["科目编码\t科目名称\t总计\t基本支出\t项目支出"],
            &[
                "合计\t\t3.00\t1.00\t2.00",
                "201\t一般公共服务支出\t3.0O\t1.00\t2.00",
                "20101\t人大事务\t3.00\t1.00\t2.00\t9.99",
            ],
        );
        let (t, d) = built(&src, &g);
        assert_eq!(t.rows.len(), 3);
        let err: Vec<_> = d
            .iter()
            .filter(|d| d.severity == yusuan_model::DiagnosticSeverity::Error)
            .collect();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].prov.line, Some(4));
        assert_eq!(err[0].prov.row.as_deref(), Some("201"));
        assert_eq!(err[0].prov.column.as_deref(), Some("总计"));
        assert!(err[0].message.contains("3.0O"));
        let r201 = t.row_by_code(&Code::parse("201").unwrap()).unwrap();
        assert_eq!(r201.amount(ColumnKey::Total), None);
        assert!(r201.amount(ColumnKey::Basic).is_some());
        let warn: Vec<_> = d
            .iter()
            .filter(|d| d.severity == yusuan_model::DiagnosticSeverity::Warning)
            .collect();
        assert_eq!(warn.len(), 1);
        assert_eq!(warn[0].prov.line, Some(5));
        assert!(warn[0].message.contains("9.99"));
    }

    #[test]
    fn split_codes_and_procurement_letters() {
        let src = source();
        let g = grid(
            TableKind::DepartmentExpenditure,
            &[
                "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出",
                "类\t款\t项\t\t\t\t",
            ],
            &[
                "201\t\t\t一般公共服务支出\t3,296,600\t0\t3,296,600",
                "201\t05\t07\t专项普查活动\t438,300\t0\t438,300",
            ],
        );
        let (t, d) = built(&src, &g);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.rows[1].code.as_ref().unwrap().as_str(), "2010507");
        assert_eq!(t.rows[1].label, "专项普查活动");
        let p = grid(
            TableKind::Procurement,
            &["项目编号\t项目\t总计"],
            &["合计\t\t9.00", "A\t\t4.00", "C\t货物\t5.00"],
        );
        let (t, d) = built(&src, &p);
        assert_eq!(t.rows[1].label, "货物");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].prov.line, Some(5));
    }
}
