//! A table as displayed: its columns with their header paths, the header grid, and the rows
//! (the two halves of a two-sided table side by side).

use crate::grid::{header_grid, Grid};
use crate::style::{CodeColumns, SideGroup, Style};
use crate::text::clean_label;
use yusuan_model::{
    Amount, Column, ColumnKey, Disclosure, Region, Row, RowKind, Side, Table, TableKind,
};

/// What a displayed column holds.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ColRole {
    /// 科目编码
    Code,
    /// 科目名称 / 项目
    Label,
    /// An amount column of the table.
    Amount,
}

/// One displayed column.
#[derive(Clone, Debug, PartialEq)]
pub struct DisplayColumn {
    pub role: ColRole,
    pub side: Side,
    /// Index into [`Table::columns`] for an amount column.
    pub source: Option<usize>,
    /// For a code printed over several columns (类 | 款 | 项): which part this column holds
    /// (0 for the 类).
    pub code_part: Option<usize>,
    /// The header texts from the top group down to the column's own label.
    pub path: Vec<String>,
}

impl DisplayColumn {
    /// The column's own header (the last of its path).
    pub fn leaf(&self) -> &str {
        self.path.last().map(String::as_str).unwrap_or("")
    }
}

/// One displayed cell.
#[derive(Clone, Debug, PartialEq)]
pub enum DisplayCell {
    /// Nothing (the other half of a two-sided table has no row here).
    Empty,
    /// A classification code, written in full (`2010301`).
    Code(String),
    /// A row's name; `level` is its depth (0 for 类 and totals, 1 for 款, 2 for 项).
    Label { text: String, level: u8 },
    /// An amount cell: the value (`None` when blank) and the text to show (empty when blank).
    Amount {
        amount: Option<Amount>,
        text: String,
    },
}

impl DisplayCell {
    /// The text to show.
    pub fn text(&self) -> &str {
        match self {
            DisplayCell::Empty => "",
            DisplayCell::Code(s) => s,
            DisplayCell::Label { text, .. } => text,
            DisplayCell::Amount { text, .. } => text,
        }
    }
}

/// One displayed row.
#[derive(Clone, Debug, PartialEq)]
pub struct DisplayRow {
    pub cells: Vec<DisplayCell>,
    /// Per cell: part of a total or a heading row (shown bold). In a two-sided table each
    /// half has its own.
    pub emphasis: Vec<bool>,
}

impl DisplayRow {
    /// Is cell `k` part of a total or heading row?
    pub fn is_emphasis(&self, k: usize) -> bool {
        self.emphasis.get(k).copied().unwrap_or(false)
    }

    /// Is any part of the row a total or heading row?
    pub fn any_emphasis(&self) -> bool {
        self.emphasis.iter().any(|e| *e)
    }
}

/// A table laid out for display.
#[derive(Clone, Debug, PartialEq)]
pub struct TableLayout {
    pub columns: Vec<DisplayColumn>,
    /// The header rows, with merged group headers.
    pub header: Grid,
    pub rows: Vec<DisplayRow>,
    pub two_sided: bool,
}

impl TableLayout {
    pub fn width(&self) -> usize {
        self.columns.len()
    }

    /// Wide enough to print on a landscape page.
    pub fn is_wide(&self) -> bool {
        self.columns.len() >= 7
    }

    /// Each column's header path joined for a one-row header, made unique within the table
    /// (`收入·项目`, `支出·项目`, `公务用车购置及运行费·小计`).
    pub fn flat_headers(&self) -> Vec<String> {
        let leaves: Vec<&str> = self.columns.iter().map(DisplayColumn::leaf).collect();
        self.columns
            .iter()
            .map(|c| {
                let leaf = c.leaf();
                let repeated = leaves.iter().filter(|l| **l == leaf).count() > 1;
                let generic = matches!(leaf, "小计" | "合计" | "总计") && c.path.len() > 2;
                match c.path.iter().rev().nth(1) {
                    Some(parent) if repeated || generic => format!("{parent}·{leaf}"),
                    _ => leaf.to_string(),
                }
            })
            .collect()
    }
}

/// Lay out a table of a disclosure in the default style.
pub fn layout_table(d: &Disclosure, t: &Table) -> TableLayout {
    layout_table_styled(d, t, &Style::default())
}

/// Lay out a table of a disclosure in a style (code columns, group headers, amounts).
pub fn layout_table_styled(d: &Disclosure, t: &Table, style: &Style) -> TableLayout {
    let two_sided = t.columns.iter().any(|c| c.side != Side::Single);
    let mut columns = Vec::new();
    let sides: Vec<Side> = if two_sided {
        vec![Side::Income, Side::Expenditure]
    } else {
        vec![Side::Single]
    };
    for &side in &sides {
        let side_rows: Vec<&Row> = t
            .rows
            .iter()
            .filter(|r| row_side(r, two_sided) == side)
            .collect();
        // A classification table keeps its code and name columns even when it is empty.
        let classified = side == Side::Single
            && matches!(
                t.kind,
                TableKind::GeneralBudgetExpenditure
                    | TableKind::GeneralBudgetBasicEconomic
                    | TableKind::GovFundExpenditure
                    | TableKind::StateCapitalExpenditure
                    | TableKind::DepartmentIncome
                    | TableKind::DepartmentExpenditure
            );
        let has_code = classified || side_rows.iter().any(|r| r.code.is_some());
        let has_label = has_code || side_rows.iter().any(|r| !r.label.trim().is_empty());
        let group = side_group(d, side, style);
        let with_group = |leaf: &str| -> Vec<String> {
            match &group {
                Some(g) => vec![g.clone(), leaf.to_string()],
                None => vec![leaf.to_string()],
            }
        };
        if has_code {
            let scheme = if t.kind == TableKind::GeneralBudgetBasicEconomic {
                "经济分类科目"
            } else {
                "功能分类科目"
            };
            let mut code = with_group("科目编码");
            let mut name = with_group("科目名称");
            if group.is_none() {
                code.insert(0, scheme.to_string());
                name.insert(0, scheme.to_string());
            }
            if style.codes == CodeColumns::Split {
                // 类 | 款 | 项 under 科目编码 (an economic code has no 项).
                let parts: &[&str] = if t.kind == TableKind::GeneralBudgetBasicEconomic {
                    &["类", "款"]
                } else {
                    &["类", "款", "项"]
                };
                for (k, p) in parts.iter().enumerate() {
                    let mut path = code.clone();
                    path.push(p.to_string());
                    columns.push(DisplayColumn {
                        role: ColRole::Code,
                        side,
                        source: None,
                        code_part: Some(k),
                        path,
                    });
                }
            } else {
                columns.push(DisplayColumn {
                    role: ColRole::Code,
                    side,
                    source: None,
                    code_part: None,
                    path: code,
                });
            }
            columns.push(DisplayColumn {
                role: ColRole::Label,
                side,
                source: None,
                code_part: None,
                path: name,
            });
        } else if has_label || two_sided {
            columns.push(DisplayColumn {
                role: ColRole::Label,
                side,
                source: None,
                code_part: None,
                path: with_group("项目"),
            });
        }
        let amount_cols: Vec<(usize, &Column)> = t
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.side == side)
            .collect();
        let paths = amount_paths(d, t, &amount_cols, style);
        for ((j, _), path) in amount_cols.iter().zip(paths) {
            let path = match &group {
                Some(g) => std::iter::once(g.clone()).chain(path).collect(),
                None => path,
            };
            columns.push(DisplayColumn {
                role: ColRole::Amount,
                side,
                source: Some(*j),
                code_part: None,
                path,
            });
        }
    }
    let header = header_grid(
        &columns
            .iter()
            .map(|c| c.path.clone())
            .collect::<Vec<Vec<String>>>(),
    );
    let has_headings = t.rows.iter().any(|r| r.kind == RowKind::Heading);
    let rows = if two_sided {
        pair_rows(&t.rows)
            .into_iter()
            .map(|(l, r)| {
                let mut cells = Vec::new();
                let mut emphasis = Vec::new();
                for (side, row) in [(Side::Income, l), (Side::Expenditure, r)] {
                    for c in columns.iter().filter(|c| c.side == side) {
                        cells.push(match row {
                            Some(row) => cell_of(row, c, has_headings, style),
                            None => DisplayCell::Empty,
                        });
                        emphasis.push(row.is_some_and(is_emphasis));
                    }
                }
                DisplayRow { cells, emphasis }
            })
            .collect()
    } else {
        t.rows
            .iter()
            .map(|row| DisplayRow {
                cells: columns
                    .iter()
                    .map(|c| cell_of(row, c, has_headings, style))
                    .collect(),
                emphasis: vec![is_emphasis(row); columns.len()],
            })
            .collect()
    };
    TableLayout {
        columns,
        header,
        rows,
        two_sided,
    }
}

fn is_emphasis(row: &Row) -> bool {
    matches!(row.kind, RowKind::Total | RowKind::Heading)
}

fn row_side(r: &Row, two_sided: bool) -> Side {
    match (two_sided, r.side) {
        (false, _) => Side::Single,
        (true, Side::Expenditure) => Side::Expenditure,
        (true, _) => Side::Income,
    }
}

/// Are the tables in 上海's shapes? The document's profile says (`yusuan_profile`); a document
/// that names none goes by its region.
fn shanghai_style(d: &Disclosure) -> bool {
    match d
        .meta
        .profile
        .as_deref()
        .and_then(yusuan_profile::by_id)
        .and_then(|p| p.build.as_ref())
    {
        Some(b) => b.table_style == yusuan_profile::Style::Shanghai,
        None => d.meta.region == Region::Shanghai,
    }
}

/// The group over one half of a two-sided table (`收入` / `支出`; Shanghai prints
/// `本年收入` / `本年支出`).
fn side_group(d: &Disclosure, side: Side, style: &Style) -> Option<String> {
    let default = if shanghai_style(d) {
        SideGroup::ThisYear
    } else {
        SideGroup::Plain
    };
    let shanghai = style.side_group.or(default) == SideGroup::ThisYear;
    match side {
        Side::Single => None,
        Side::Income if shanghai => Some("本年收入".into()),
        Side::Income => Some("收入".into()),
        Side::Expenditure if shanghai => Some("本年支出".into()),
        Side::Expenditure => Some("支出".into()),
    }
}

/// `2025年预算数` (or `决算数`), for the tables whose amount columns the templates print under
/// one heading; a style may print them flat, or group the amounts of more tables (the income
/// table's `收入预算`, the summary's expenditure `预算数`).
fn amount_group(d: &Disclosure, t: &Table, style: &Style) -> Option<String> {
    let default = default_amount_group(d, t);
    match style.amount_group {
        crate::style::Choice::Profile => default,
        crate::style::Choice::Set(false) => None,
        crate::style::Choice::Set(true) => default.or_else(|| match t.kind {
            TableKind::DepartmentIncome => Some("收入预算".to_string()),
            TableKind::DepartmentSummary | TableKind::FiscalSummary => {
                Some(if d.meta.kind.is_final_accounts() {
                    "决算数".to_string()
                } else {
                    "预算数".to_string()
                })
            }
            _ => None,
        }),
    }
}

fn default_amount_group(d: &Disclosure, t: &Table) -> Option<String> {
    let word = if d.meta.kind.is_final_accounts() {
        "决算数"
    } else {
        "预算数"
    };
    let year_word = match d.meta.year {
        Some(y) => format!("{y}年{word}"),
        None => word.to_string(),
    };
    match t.kind {
        TableKind::GeneralBudgetExpenditure | TableKind::DepartmentExpenditure => Some(year_word),
        TableKind::GeneralBudgetBasicEconomic => Some(match d.meta.year {
            Some(y) => format!("{y}年基本支出"),
            None => "基本支出".to_string(),
        }),
        TableKind::GovFundExpenditure => Some("本年政府性基金预算财政拨款支出".into()),
        TableKind::StateCapitalExpenditure => Some("本年国有资本经营预算财政拨款支出".into()),
        TableKind::ThreePublic if shanghai_style(d) => Some(format!("“三公”经费{word}")),
        TableKind::ThreePublic => Some(year_word),
        _ => None,
    }
}

fn is_vehicle(k: ColumnKey) -> bool {
    matches!(
        k,
        ColumnKey::VehicleTotal | ColumnKey::VehiclePurchase | ColumnKey::VehicleOperation
    )
}

/// The header paths of the amount columns of one side.
fn amount_paths(
    d: &Disclosure,
    t: &Table,
    cols: &[(usize, &Column)],
    style: &Style,
) -> Vec<Vec<String>> {
    // A two-sided table groups one side's amounts only when the style asks (上海's 本年支出 ›
    // 预算数 › 合计 / 基本支出 / 项目支出).
    let group = if t.columns.iter().all(|c| c.side == Side::Single)
        || style.amount_group == crate::style::Choice::Set(true)
    {
        amount_group(d, t, style)
    } else {
        None
    };
    let groupable = |c: &Column| c.year.is_none() && c.key != ColumnKey::AdminCost;
    let group = group.filter(|_| cols.iter().filter(|(_, c)| groupable(c)).count() >= 2);
    let grouped = |c: &Column| group.is_some() && groupable(c);
    // 公务用车购置及运行费 over 小计 / 购置费 / 运行费.
    let vehicle_count = cols.iter().filter(|(_, c)| is_vehicle(c.key)).count();
    let vehicle_group = (vehicle_count >= 2).then(|| {
        cols.iter()
            .find(|(_, c)| c.key == ColumnKey::VehicleTotal)
            .and_then(|(_, c)| {
                let l = c.label.trim();
                let (head, tail) = l.rsplit_once(char::is_whitespace)?;
                (tail == "小计" && !head.trim().is_empty()).then(|| clean_label(head))
            })
            .unwrap_or_else(|| ColumnKey::VehicleTotal.label().to_string())
    });
    cols.iter()
        .map(|(_, c)| {
            let mut path = Vec::new();
            if let (Some(g), true) = (&group, grouped(c)) {
                path.push(g.clone());
            }
            let mut leaf = clean_label(&c.label);
            if let (Some(vg), true) = (&vehicle_group, is_vehicle(c.key)) {
                path.push(vg.clone());
                if c.key == ColumnKey::VehicleTotal {
                    leaf = "小计".to_string();
                }
            }
            if leaf.is_empty() {
                leaf = c.key.label().to_string();
            }
            path.push(leaf);
            path
        })
        .collect()
}

/// Part `k` of a code printed over several columns: `201` | `03` | `01` (an economic code:
/// `301` | `01`).
pub fn code_part(code: &str, k: usize) -> &str {
    let (from, to) = match k {
        0 => (0, 3),
        1 => (3, 5),
        _ => (5, code.len()),
    };
    code.get(from..to.min(code.len())).unwrap_or("")
}

fn cell_of(row: &Row, c: &DisplayColumn, has_headings: bool, style: &Style) -> DisplayCell {
    match c.role {
        ColRole::Code => {
            let code = row.code.as_ref().map(|k| k.as_str()).unwrap_or_default();
            DisplayCell::Code(match c.code_part {
                Some(k) => code_part(code, k).to_string(),
                None => code.to_string(),
            })
        }
        ColRole::Label => DisplayCell::Label {
            text: row.label.trim().to_string(),
            level: match (&row.code, row.kind) {
                (Some(code), _) => match code.as_str().len() {
                    0..=3 => 0,
                    4..=5 => 1,
                    _ => 2,
                },
                (None, RowKind::Line) if has_headings => 1,
                _ => 0,
            },
        },
        ColRole::Amount => match row.cells.iter().find(|x| Some(x.col) == c.source) {
            Some(cell) => DisplayCell::Amount {
                amount: cell.amount,
                text: match &cell.amount {
                    Some(a) => style.amount_text(a),
                    None => crate::text::amount_text(None, &cell.text),
                },
            },
            None => DisplayCell::Amount {
                amount: None,
                text: String::new(),
            },
        },
    }
}

type Pair<'a> = (Option<&'a Row>, Option<&'a Row>);

fn zip_rows<'a>(a: Vec<&'a Row>, b: Vec<&'a Row>) -> Vec<Pair<'a>> {
    (0..a.len().max(b.len()))
        .map(|i| (a.get(i).copied(), b.get(i).copied()))
        .collect()
}

/// Put the income and expenditure halves of a two-sided table side by side: rows printed on
/// the same line pair up (as the document printed them); without line numbers (a generated
/// disclosure) the halves pair up in order, with the total rows aligned at the top or the
/// bottom, where the table has them.
fn pair_rows(rows: &[Row]) -> Vec<Pair<'_>> {
    let is_left = |r: &Row| r.side != Side::Expenditure;
    if !rows.is_empty() && rows.iter().all(|r| r.prov.line.is_some()) {
        let mut out: Vec<(Option<u32>, Pair<'_>)> = Vec::new();
        for r in rows {
            let line = r.prov.line;
            let fits = out.last().is_some_and(|(l, (a, b))| {
                *l == line && if is_left(r) { a.is_none() } else { b.is_none() }
            });
            match (fits, out.last_mut()) {
                (true, Some((_, (a, b)))) => {
                    if is_left(r) {
                        *a = Some(r);
                    } else {
                        *b = Some(r);
                    }
                }
                _ => out.push((
                    line,
                    if is_left(r) {
                        (Some(r), None)
                    } else {
                        (None, Some(r))
                    },
                )),
            }
        }
        return out.into_iter().map(|(_, p)| p).collect();
    }
    let part = |left: bool, total: bool| -> Vec<&Row> {
        rows.iter()
            .filter(|r| is_left(r) == left && (r.kind == RowKind::Total) == total)
            .collect()
    };
    let body = zip_rows(part(true, false), part(false, false));
    let totals = zip_rows(part(true, true), part(false, true));
    let totals_first = rows.first().is_some_and(|r| r.kind == RowKind::Total);
    if totals_first {
        totals.into_iter().chain(body).collect()
    } else {
        body.into_iter().chain(totals).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Cell;

    fn reference() -> Disclosure {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../corpus/chongqing-jiangbeicheng-2025-budget.txt"
        );
        let text = std::fs::read_to_string(path).unwrap();
        yusuan_import::import_text("chongqing-jiangbeicheng-2025-budget.txt", &text).unwrap()
    }

    fn spans(g: &Grid) -> Vec<(usize, usize, usize, usize, &str)> {
        g.cells
            .iter()
            .map(|c: &Cell| (c.row, c.col, c.rows, c.cols, c.text.as_str()))
            .collect()
    }

    #[test]
    fn fiscal_summary_is_two_sided() {
        let d = reference();
        let t = d.table(TableKind::FiscalSummary).unwrap();
        let l = layout_table(&d, t);
        assert!(l.two_sided);
        assert_eq!(l.width(), 7);
        assert_eq!(
            spans(&l.header),
            vec![
                (0, 0, 1, 2, "收入"),
                (0, 2, 1, 5, "支出"),
                (1, 0, 1, 1, "项目"),
                (1, 1, 1, 1, "预算数"),
                (1, 2, 1, 1, "项目"),
                (1, 3, 1, 1, "合计"),
                (1, 4, 1, 1, "一般公共预算"),
                (1, 5, 1, 1, "政府性基金预算"),
                (1, 6, 1, 1, "国有资本经营预算"),
            ]
        );
        let first = &l.rows[0];
        assert_eq!(first.cells[0].text(), "一、本年收入");
        assert_eq!(first.cells[2].text(), "一、本年支出");
        assert_eq!(first.cells[3].text(), "3,636.80");
        // 二、上年结转 beside 二、结转下年, as printed.
        let carried = l
            .rows
            .iter()
            .find(|r| r.cells[0].text() == "二、上年结转")
            .unwrap();
        assert_eq!(carried.cells[2].text(), "二、结转下年");
        let last = l.rows.last().unwrap();
        assert_eq!(last.cells[0].text(), "收入合计");
        assert_eq!(last.cells[2].text(), "支出合计");
        assert_eq!(l.flat_headers()[0], "收入·项目");
    }

    #[test]
    fn pairs_generated_rows_without_lines() {
        let d = reference();
        let mut t = d.table(TableKind::DepartmentSummary).unwrap().clone();
        for r in &mut t.rows {
            r.prov.line = None;
        }
        let l = layout_table(&d, &t);
        assert_eq!(l.rows[0].cells[0].text(), "合计");
        assert_eq!(l.rows[0].cells[2].text(), "合计");
        assert_eq!(l.rows[1].cells[0].text(), "一般公共预算资金");
        assert_eq!(l.rows[1].cells[2].text(), "一般公共服务支出");
    }

    #[test]
    fn three_public_has_three_header_rows() {
        let d = reference();
        let t = d.table(TableKind::ThreePublic).unwrap();
        let l = layout_table(&d, t);
        assert_eq!(l.header.rows, 3);
        assert_eq!(l.width(), 6, "no label column for an unlabelled row");
        assert_eq!(
            spans(&l.header)[..3],
            [
                (0, 0, 1, 6, "2025年预算数"),
                (1, 0, 2, 1, "合计"),
                (1, 1, 2, 1, "因公出国（境）费")
            ]
        );
        assert!(spans(&l.header).contains(&(1, 2, 1, 3, "公务用车购置及运行费")));
        assert!(spans(&l.header).contains(&(2, 2, 1, 1, "小计")));
        assert_eq!(l.rows[0].cells[3].text(), "", "a blank cell stays blank");
    }

    #[test]
    fn coded_table_groups_code_and_name() {
        let d = reference();
        let t = d.table(TableKind::GeneralBudgetExpenditure).unwrap();
        let l = layout_table(&d, t);
        assert_eq!(
            spans(&l.header),
            vec![
                (0, 0, 1, 2, "功能分类科目"),
                (0, 2, 1, 3, "2025年预算数"),
                (1, 0, 1, 1, "科目编码"),
                (1, 1, 1, 1, "科目名称"),
                (1, 2, 1, 1, "总计"),
                (1, 3, 1, 1, "基本支出"),
                (1, 4, 1, 1, "项目支出"),
            ]
        );
        assert_eq!(l.rows[0].cells[1].text(), "合计");
        assert!(l.rows[0].any_emphasis());
        assert_eq!(l.rows[0].cells[2].text(), "3,634.33");
        let item = l
            .rows
            .iter()
            .find(|r| r.cells[0].text() == "2010301")
            .unwrap();
        assert!(matches!(item.cells[1], DisplayCell::Label { level: 2, .. }));
    }

    #[test]
    fn income_table_headers_are_cleaned() {
        let d = reference();
        let t = d.table(TableKind::DepartmentIncome).unwrap();
        let l = layout_table(&d, t);
        let leaves: Vec<&str> = l.columns.iter().map(DisplayColumn::leaf).collect();
        assert!(leaves.contains(&"政府性基金预算拨款收入"));
        // No amount group: 总计 reaches down beside 科目编码/科目名称.
        assert!(spans(&l.header).contains(&(0, 2, 2, 1, "总计")));
    }
}
