//! The arithmetic a table must satisfy: the identities that hold in a correct disclosure
//! (parent = Σ children, 合计 = Σ rows, 合计 = 基本支出 + 项目支出, 基本支出 = 人员经费 + 公用经费,
//! 合计 = Σ fund sources, “三公” = its three parts, 收入合计 = 支出合计).
//!
//! One place states them, for two users: the checker reports the identities that fail, and the
//! importer uses the same identities to know how sure a reading is (a table read right satisfies
//! nearly all of them; a misread one fails in places no single wrong figure explains).
//!
//! An identity over columns is only stated when every amount column of the side is understood:
//! with a column the reader could not place, what the total is made of is unknown.

use crate::code::Code;
use crate::disclosure::{ColumnKey, Figure, Row, RowKind, Side, Table};
use crate::money::Fen;

/// A cell of a table: row index and index into the row's cells.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    pub row: usize,
    pub cell: usize,
}

/// Which identity.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum IdentityKind {
    /// A coded row equals the sum of its child rows (类 = Σ款, 款 = Σ项), in one column.
    ParentChildren,
    /// A total row equals the sum of the top-level coded rows, in one column.
    TotalOfRows,
    /// In a table of uncoded lines (收支总表): the total equals the numbered items (`一、…`),
    /// or an item equals the lines under it.
    SummaryLines,
    /// In one row: the total column equals its expenditure parts (基本支出 + 项目支出 + …).
    TotalOfParts,
    /// In one row: 基本支出 = 人员经费 + 公用经费.
    BasicOfParts,
    /// In one row: the total column equals the fund-source columns.
    TotalOfSources,
    /// In one row: the “三公” total equals 出国 + 公务用车 + 接待 (+ 会议费/培训费 where the
    /// table counts them in its total).
    ThreePublic,
    /// In one row: 公务用车购置及运行费 = 购置费 + 运行费.
    Vehicles,
    /// 收入合计 = 支出合计 in a two-sided table.
    Balance,
}

/// `whole = Σ parts`, over cells of one table.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    pub kind: IdentityKind,
    pub whole: CellRef,
    pub parts: Vec<CellRef>,
}

/// How an identity fares.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Exactly.
    Holds,
    /// Off by no more than the rounding of the amounts involved (取舍差异).
    Rounding,
    /// Off by more: the difference `whole − Σ parts`.
    Fails(Fen),
}

impl Identity {
    /// Every cell involved, the whole first.
    pub fn cells(&self) -> impl Iterator<Item = CellRef> + '_ {
        std::iter::once(self.whole).chain(self.parts.iter().copied())
    }

    /// The identity's verdict; `None` when every cell is blank (nothing is stated).
    pub fn verdict(&self, t: &Table) -> Option<Verdict> {
        let cell = |r: CellRef| t.rows.get(r.row).and_then(|row| row.cells.get(r.cell));
        let mut any = false;
        let mut bound = 0i64;
        let mut value = |r: CellRef| -> Fen {
            match cell(r).and_then(|c| c.amount) {
                Some(a) => {
                    any = true;
                    bound += a.rounding_bound();
                    a.fen
                }
                None => Fen::ZERO,
            }
        };
        let whole = value(self.whole);
        let sum: Fen = self.parts.iter().map(|&p| value(p)).sum();
        if !any {
            return None;
        }
        let diff = whole - sum;
        Some(if diff.is_zero() {
            Verdict::Holds
        } else if diff.0.abs() <= bound {
            Verdict::Rounding
        } else {
            Verdict::Fails(diff)
        })
    }
}

/// The families of amount columns, by what a total column of the side adds up.
fn expenditure_part(k: ColumnKey) -> bool {
    matches!(
        k,
        ColumnKey::Basic
            | ColumnKey::Project
            | ColumnKey::Personnel
            | ColumnKey::Operating
            | ColumnKey::Reserve
            | ColumnKey::CarriedOut
            | ColumnKey::RemitToHigher
            | ColumnKey::BusinessExpenditure
            | ColumnKey::SubsidyToSubordinate
    )
}

fn source_part(k: ColumnKey) -> bool {
    k.fund_source().is_some() || matches!(k, ColumnKey::Fiscal | ColumnKey::CarriedForward)
}

fn three_public_part(k: ColumnKey) -> bool {
    matches!(
        k,
        ColumnKey::Overseas
            | ColumnKey::VehicleTotal
            | ColumnKey::VehiclePurchase
            | ColumnKey::VehicleOperation
            | ColumnKey::Reception
            | ColumnKey::Meeting
            | ColumnKey::Training
            | ColumnKey::ThreePublicTotal
    )
}

/// The three expenses a “三公” subtotal adds up.
fn in_three_public_subtotal(k: ColumnKey) -> bool {
    matches!(
        k,
        ColumnKey::Overseas
            | ColumnKey::VehicleTotal
            | ColumnKey::VehiclePurchase
            | ColumnKey::VehicleOperation
            | ColumnKey::Reception
    )
}

/// Columns that stand beside a total without being part of it (上海's 三公 table adds
/// 机关运行经费).
fn beside_total(k: ColumnKey) -> bool {
    matches!(k, ColumnKey::AdminCost)
}

/// The amount columns of one side (and breakdown of it) that are for the budget year (not
/// `2024年预算数`) and of one figure (the 决算's 三公 table foots its 预算数 and its 决算数 each
/// on its own), with the index of the column in the table.
fn side_columns(t: &Table, (side, part, figure): Part) -> Vec<(usize, ColumnKey)> {
    t.columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.side == side && c.part == part && c.figure == figure && c.year.is_none())
        .map(|(i, c)| (i, c.key))
        .collect()
}

/// The cell of a row in the table's column `col`.
fn cell_at(r: &Row, col: usize) -> Option<usize> {
    r.cells.iter().position(|c| c.col == col)
}

/// The columns a total column adds up, when the side's columns say so completely.
fn parts_of_total(cols: &[(usize, ColumnKey)]) -> Option<(IdentityKind, Vec<usize>)> {
    let others: Vec<(usize, ColumnKey)> = cols
        .iter()
        .copied()
        .filter(|(_, k)| *k != ColumnKey::Total && !beside_total(*k))
        .collect();
    if others.is_empty() {
        return None;
    }
    let has = |k: ColumnKey| others.iter().any(|(_, o)| *o == k);
    if others.iter().all(|(_, k)| expenditure_part(*k)) {
        // 基本支出 stands for its two parts where the table prints it.
        let parts = others
            .iter()
            .filter(|(_, k)| {
                !(has(ColumnKey::Basic) && matches!(k, ColumnKey::Personnel | ColumnKey::Operating))
            })
            .map(|(i, _)| *i)
            .collect();
        return Some((IdentityKind::TotalOfParts, parts));
    }
    if others.iter().all(|(_, k)| source_part(*k)) {
        // 财政拨款 stands for the three fiscal budgets where the table prints it.
        let parts = others
            .iter()
            .filter(|(_, k)| {
                !(has(ColumnKey::Fiscal) && k.fund_source().is_some_and(|s| s.is_fiscal()))
            })
            .map(|(i, _)| *i)
            .collect();
        return Some((IdentityKind::TotalOfSources, parts));
    }
    if others.iter().all(|(_, k)| three_public_part(*k)) {
        // The 三公 subtotal stands for its three expenses where the table prints it (beside
        // 会议费 and 培训费), and 公务用车 小计 for its two.
        let parts = others
            .iter()
            .filter(|(_, k)| {
                let in_subtotal = has(ColumnKey::ThreePublicTotal) && in_three_public_subtotal(*k);
                let in_vehicles = has(ColumnKey::VehicleTotal)
                    && matches!(k, ColumnKey::VehiclePurchase | ColumnKey::VehicleOperation);
                !(in_subtotal || in_vehicles)
            })
            .map(|(i, _)| *i)
            .collect();
        return Some((IdentityKind::ThreePublic, parts));
    }
    None
}

/// Every identity the table's rows and columns state.
pub fn identities(t: &Table) -> Vec<Identity> {
    let mut out = Vec::new();
    let mut parts: Vec<Part> = t
        .columns
        .iter()
        .map(|c| (c.side, c.part, c.figure))
        .collect();
    parts.sort_by_key(|(s, p, f)| (*s as u8, *p, *f));
    parts.dedup();
    for part in parts {
        let cols = side_columns(t, part);
        if cols.is_empty() {
            continue;
        }
        row_identities(t, part, &cols, &mut out);
        column_identities(t, part, &cols, &mut out);
    }
    balance(t, &mut out);
    out
}

/// A side of a table, the breakdown of it, and the figure (预算数 / 决算数) where the table
/// shows two of each item.
type Part = (Side, u8, Option<Figure>);

/// Identities across the columns of each row.
fn row_identities(
    t: &Table,
    (side, part, _): Part,
    cols: &[(usize, ColumnKey)],
    out: &mut Vec<Identity>,
) {
    let col = |k: ColumnKey| cols.iter().find(|(_, c)| *c == k).map(|(i, _)| *i);
    let total_parts = col(ColumnKey::Total).zip(parts_of_total(cols));
    let basic = col(ColumnKey::Basic)
        .zip(col(ColumnKey::Personnel))
        .zip(col(ColumnKey::Operating));
    let vehicles = col(ColumnKey::VehicleTotal)
        .zip(col(ColumnKey::VehiclePurchase))
        .zip(col(ColumnKey::VehicleOperation));
    // A “三公” subtotal beside 会议费 and 培训费: the three expenses.
    let three_sub = col(ColumnKey::ThreePublicTotal).map(|sub| {
        let parts: Vec<usize> = cols
            .iter()
            .filter(|(_, k)| {
                in_three_public_subtotal(*k)
                    && !(col(ColumnKey::VehicleTotal).is_some()
                        && matches!(k, ColumnKey::VehiclePurchase | ColumnKey::VehicleOperation))
            })
            .map(|(i, _)| *i)
            .collect();
        (sub, parts)
    });
    for (ri, r) in t
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.side == side && r.part == part)
    {
        let at = |c: usize| cell_at(r, c).map(|cell| CellRef { row: ri, cell });
        let mut push = |kind, whole: usize, parts: &[usize]| {
            let (Some(whole), Some(parts)) = (
                at(whole),
                parts.iter().map(|&p| at(p)).collect::<Option<Vec<_>>>(),
            ) else {
                return;
            };
            out.push(Identity { kind, whole, parts });
        };
        if let Some((total, (kind, parts))) = &total_parts {
            push(*kind, *total, parts);
        }
        if let Some(((b, p), o)) = basic {
            push(IdentityKind::BasicOfParts, b, &[p, o]);
        }
        if let Some(((v, p), o)) = vehicles {
            push(IdentityKind::Vehicles, v, &[p, o]);
        }
        if let Some((sub, parts)) = &three_sub {
            if !parts.is_empty() {
                push(IdentityKind::ThreePublic, *sub, parts);
            }
        }
    }
}

/// Identities down each column: parents and children, totals and rows.
fn column_identities(
    t: &Table,
    (side, part, _): Part,
    cols: &[(usize, ColumnKey)],
    out: &mut Vec<Identity>,
) {
    let rows: Vec<(usize, &Row)> = t
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.side == side && r.part == part)
        .collect();
    let coded: Vec<(usize, &Row)> = rows
        .iter()
        .copied()
        .filter(|(_, r)| r.code.is_some())
        .collect();
    let mut push = |kind, whole: (usize, &Row), parts: &[(usize, &Row)]| {
        for &(c, _) in cols {
            let Some(w) = cell_at(whole.1, c) else {
                continue;
            };
            let ps: Vec<CellRef> = parts
                .iter()
                .filter_map(|(ri, r)| cell_at(r, c).map(|cell| CellRef { row: *ri, cell }))
                .collect();
            out.push(Identity {
                kind,
                whole: CellRef {
                    row: whole.0,
                    cell: w,
                },
                parts: ps,
            });
        }
    };
    // Parents and their children: the rows of each parent code, grouped once (looking for
    // every row's children among all rows grew with the square of the table).
    let mut children_of: std::collections::HashMap<Code, Vec<(usize, &Row)>> =
        std::collections::HashMap::new();
    for &(ri, r) in &coded {
        if let Some(parent) = r.code.as_ref().and_then(Code::parent) {
            children_of.entry(parent).or_default().push((ri, r));
        }
    }
    for &(pi, parent) in &coded {
        let Some(code) = &parent.code else { continue };
        if let Some(children) = children_of.get(code) {
            push(IdentityKind::ParentChildren, (pi, parent), children);
        }
    }
    // Total rows and the top-level coded rows.
    if let Some(min_len) = coded
        .iter()
        .filter_map(|(_, r)| r.code.as_ref())
        .map(|c| c.as_str().len())
        .min()
    {
        let top: Vec<(usize, &Row)> = coded
            .iter()
            .copied()
            .filter(|(_, r)| r.code.as_ref().is_some_and(|c| c.as_str().len() == min_len))
            .collect();
        for &(ti, total) in rows.iter().filter(|(_, r)| r.kind == RowKind::Total) {
            push(IdentityKind::TotalOfRows, (ti, total), &top);
        }
    }
    if side != Side::Single {
        summary_lines(&rows, cols, out);
    }
}

/// `一、…` `二、…`: a top-level numbered item.
pub fn is_numbered_item(label: &str) -> bool {
    let mut n = 0;
    for c in label.trim().chars() {
        if "一二三四五六七八九十".contains(c) {
            n += 1;
            continue;
        }
        return n > 0 && c == '、';
    }
    false
}

/// The main amount of a line of a summary table: its total or single amount column.
fn main_column(cols: &[(usize, ColumnKey)]) -> Option<usize> {
    [ColumnKey::Total, ColumnKey::Amount]
        .into_iter()
        .find_map(|k| cols.iter().find(|(_, c)| *c == k).map(|(i, _)| *i))
}

/// Uncoded lines of one side of a summary table, in order. A total (`当年收入小计`, `收入合计`)
/// is the sum of the lines since the total before it, plus that total: `收入合计` is
/// `当年收入小计` plus `上年结转资金`. Among the lines, numbered items (`一、财政拨款`) are the top level where there
/// are any, each the sum of the lines under it (`1.一般公共预算`, `2.政府性基金预算`).
fn summary_lines(rows: &[(usize, &Row)], cols: &[(usize, ColumnKey)], out: &mut Vec<Identity>) {
    let Some(col) = main_column(cols) else { return };
    let at = |(ri, r): (usize, &Row)| cell_at(r, col).map(|cell| CellRef { row: ri, cell });
    let lines: Vec<(usize, &Row)> = rows
        .iter()
        .copied()
        .filter(|(_, r)| r.code.is_none())
        .collect();
    let mut since: Vec<(usize, &Row)> = Vec::new();
    let mut previous: Option<(usize, &Row)> = None;
    for &line in &lines {
        if line.1.kind != RowKind::Total {
            since.push(line);
            continue;
        }
        let numbered = since.iter().any(|(_, r)| is_numbered_item(&r.label));
        type Group<'a> = ((usize, &'a Row), Vec<(usize, &'a Row)>);
        let mut groups: Vec<Group> = Vec::new();
        for it in &since {
            if !numbered || is_numbered_item(&it.1.label) {
                groups.push((*it, Vec::new()));
            } else if let Some(g) = groups.last_mut() {
                g.1.push(*it);
            }
        }
        let parts: Vec<CellRef> = previous
            .into_iter()
            .chain(groups.iter().map(|(g, _)| *g))
            .filter_map(at)
            .collect();
        if let (Some(whole), false) = (at(line), parts.is_empty()) {
            out.push(Identity {
                kind: IdentityKind::SummaryLines,
                whole,
                parts,
            });
        }
        for (g, subs) in groups.iter().filter(|(_, s)| !s.is_empty()) {
            if let Some(whole) = at(*g) {
                out.push(Identity {
                    kind: IdentityKind::SummaryLines,
                    whole,
                    parts: subs.iter().copied().filter_map(at).collect(),
                });
            }
        }
        previous = Some(line);
        since.clear();
    }
}

/// 收入合计 = 支出合计: the last total row of each side, in its main column (where 支出 is
/// shown two ways, each way's total).
fn balance(t: &Table, out: &mut Vec<Identity>) {
    let last_total = |side: Side, part: u8| {
        let cols = side_columns(t, (side, part, None));
        let col = main_column(&cols).or(cols.first().map(|(i, _)| *i))?;
        t.rows
            .iter()
            .enumerate()
            .rev()
            .find(|(_, r)| r.side == side && r.part == part && r.kind == RowKind::Total)
            .and_then(|(ri, r)| cell_at(r, col).map(|cell| CellRef { row: ri, cell }))
    };
    let Some(income) = last_total(Side::Income, 0) else {
        return;
    };
    for part in 0..=1 {
        if let Some(e) = last_total(Side::Expenditure, part) {
            out.push(Identity {
                kind: IdentityKind::Balance,
                whole: e,
                parts: vec![income],
            });
        }
    }
}

/// What a table's identities say about it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Arithmetic {
    /// Identities that hold exactly or within rounding.
    pub holding: usize,
    /// Identities that fail, with the difference.
    pub failing: Vec<(Identity, Fen)>,
    /// The cells that would explain every failure alone: each is in every failing identity
    /// and in no identity that holds. Empty when nothing fails or no one cell explains all.
    pub suspects: Vec<CellRef>,
}

impl Arithmetic {
    /// True when every failure is explained by one wrong figure (or nothing fails).
    pub fn explained_by_one_cell(&self) -> bool {
        self.failing.is_empty() || !self.suspects.is_empty()
    }

    /// True when two or more failures agree on one suspect cell and on how far it is off:
    /// each failing identity is off by the same amount, with the sign the cell's place gives
    /// (as a whole it adds, as a part it subtracts). Independent identities that agree so
    /// corroborate the reading even where none holds (a one-row “三公” table).
    pub fn failures_agree(&self) -> bool {
        if self.failing.len() < 2 {
            return false;
        }
        self.suspects.iter().any(|s| {
            let mut off: Option<Fen> = None;
            self.failing.iter().all(|(id, d)| {
                let signed = if id.whole == *s { *d } else { -*d };
                *off.get_or_insert(signed) == signed
            })
        })
    }
}

/// Evaluate every identity of a table.
pub fn arithmetic(t: &Table) -> Arithmetic {
    let mut a = Arithmetic::default();
    let mut holding_cells = std::collections::HashSet::new();
    for id in identities(t) {
        match id.verdict(t) {
            None => {}
            Some(Verdict::Holds | Verdict::Rounding) => {
                a.holding += 1;
                holding_cells.extend(id.cells());
            }
            Some(Verdict::Fails(d)) => a.failing.push((id, d)),
        }
    }
    if let Some(((first, _), rest)) = a.failing.split_first() {
        a.suspects = first
            .cells()
            .filter(|c| !holding_cells.contains(c))
            .filter(|c| rest.iter().all(|(id, _)| id.cells().any(|x| x == *c)))
            .collect();
        a.suspects.sort();
        a.suspects.dedup();
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclosure::{Cell, Column};
    use crate::money::{parse_amount, MoneyUnit};
    use crate::{Code, Provenance, TableKind};

    /// A table of coded rows `(code, [amounts])` under the given columns, with a 合计 row first.
    fn table(cols: &[ColumnKey], total: &[&str], rows: &[(&str, &[&str])]) -> Table {
        let row = |code: Option<&str>, amounts: &[&str]| Row {
            kind: if code.is_some() {
                RowKind::Coded
            } else {
                RowKind::Total
            },
            side: Side::Single,
            code: code.and_then(Code::parse),
            label: code.unwrap_or("合计").to_string(),
            cells: amounts
                .iter()
                .enumerate()
                .map(|(i, a)| Cell {
                    column: cols[i],
                    col: i,
                    amount: parse_amount(a, MoneyUnit::WanYuan).ok().flatten(),
                    text: a.to_string(),
                    prov: Provenance::default(),
                    doubtful: false,
                })
                .collect(),
            prov: Provenance::default(),
            catalog: None,
            malformed_code: None,
            part: 0,
            funding: None,
            carried_forward: false,
            procurement: None,
        };
        Table {
            kind: TableKind::GeneralBudgetExpenditure,
            number: None,
            title: "t".into(),
            unit: Some(MoneyUnit::WanYuan),
            compiler: None,
            columns: cols
                .iter()
                .map(|&key| Column {
                    figure: None,
                    key,
                    label: key.label().into(),
                    side: Side::Single,
                    year: None,
                    part: 0,
                })
                .collect(),
            rows: std::iter::once(row(None, total))
                .chain(rows.iter().map(|(c, a)| row(Some(c), a)))
                .collect(),
            notes: Vec::new(),
            empty_note: None,
            prov: Provenance::default(),
            end_line: 0,
            doubt: None,
        }
    }

    use ColumnKey::{Basic, Project, Total};
    const COLS: [ColumnKey; 3] = [Total, Basic, Project];

    #[test]
    fn a_footing_table_holds_everywhere() {
        let t = table(
            &COLS,
            &["10.00", "4.00", "6.00"],
            &[
                ("201", &["10.00", "4.00", "6.00"]),
                ("20101", &["7.00", "4.00", "3.00"]),
                ("20102", &["3.00", "", "3.00"]),
            ],
        );
        let a = arithmetic(&t);
        assert!(a.failing.is_empty(), "{:?}", a.failing);
        // Three rows × (total = basic + project) + 合计 and 201 down three columns.
        assert_eq!(a.holding, 4 + 3 + 3);
    }

    #[test]
    fn one_wrong_figure_is_the_one_suspect() {
        // 20101 基本支出 printed 5.00 instead of 4.00.
        let t = table(
            &COLS,
            &["10.00", "4.00", "6.00"],
            &[
                ("201", &["10.00", "4.00", "6.00"]),
                ("20101", &["7.00", "5.00", "3.00"]),
                ("20102", &["3.00", "", "3.00"]),
            ],
        );
        let a = arithmetic(&t);
        assert_eq!(a.failing.len(), 2);
        assert_eq!(a.suspects, vec![CellRef { row: 2, cell: 1 }]);
        assert!(a.failures_agree());
    }

    #[test]
    fn a_shifted_column_is_no_single_figure() {
        // The reader put 201's 项目支出 under 基本支出 and left 项目支出 blank.
        let t = table(
            &COLS,
            &["10.00", "4.00", "6.00"],
            &[
                ("201", &["10.00", "6.00", ""]),
                ("20101", &["7.00", "4.00", "3.00"]),
                ("20102", &["3.00", "", "3.00"]),
            ],
        );
        let a = arithmetic(&t);
        assert!(a.failing.len() >= 3, "{:?}", a.failing);
        assert!(!a.explained_by_one_cell());
    }

    #[test]
    fn rounding_is_no_failure_and_blank_identities_are_skipped() {
        let t = table(&COLS, &["10.01", "4.00", "6.00"], &[("201", &["", "", ""])]);
        let a = arithmetic(&t);
        // 合计 = basic + project is off by 0.01 万元, within the rounding of three figures;
        // down the columns 合计 ≠ 201 (blank) fails; 201's own row is all blank.
        assert_eq!(a.holding, 1);
        assert_eq!(a.failing.len(), 3);
    }

    #[test]
    fn the_three_public_subtotal_beside_meetings_and_training() {
        use ColumnKey::*;
        let cols = [
            Total,
            ThreePublicTotal,
            Overseas,
            VehicleTotal,
            VehiclePurchase,
            VehicleOperation,
            Reception,
            Meeting,
            Training,
        ];
        // 江苏 2019: 1,471.70 = 508.20 + 933.50 + 30.00; 508.20 = 70 + 411.20 + 27.
        let t = table(
            &cols,
            &[
                "1,471.70", "508.20", "70.00", "411.20", "", "411.20", "27.00", "933.50", "30.00",
            ],
            &[],
        );
        let ids: Vec<Identity> = identities(&t)
            .into_iter()
            .filter(|i| i.kind == IdentityKind::ThreePublic)
            .collect();
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert!(ids.iter().all(|i| i.verdict(&t) == Some(Verdict::Holds)));
        // The 合计 adds the subtotal, 会议费 and 培训费 — not the three expenses again.
        assert!(ids.iter().any(|i| i.parts.len() == 3 && i.whole.cell == 0));
        let t = table(
            &cols,
            &[
                "1,471.70", "518.20", "70.00", "411.20", "", "411.20", "27.00", "933.50", "30.00",
            ],
            &[],
        );
        let failing = identities(&t)
            .into_iter()
            .filter(|i| matches!(i.verdict(&t), Some(Verdict::Fails(_))))
            .count();
        assert_eq!(failing, 2);
    }

    #[test]
    fn the_final_three_public_table_foots_each_figure_on_its_own() {
        use ColumnKey::*;
        // 上海's order: each item over its 预算数 and 决算数.
        let items = [
            Total,
            Overseas,
            VehicleTotal,
            VehiclePurchase,
            VehicleOperation,
            Reception,
        ];
        let cols: Vec<ColumnKey> = items.iter().flat_map(|&k| [k, k]).collect();
        let mut t = table(
            &cols,
            &[
                "30.00", "25.00", "5.00", "4.00", "20.00", "18.00", "", "", "20.00", "18.00",
                "5.00", "3.00",
            ],
            &[],
        );
        for (i, c) in t.columns.iter_mut().enumerate() {
            c.figure = Some(if i % 2 == 0 {
                Figure::Budget
            } else {
                Figure::Final
            });
        }
        let ids = identities(&t);
        let kinds = |k: IdentityKind| ids.iter().filter(|i| i.kind == k).count();
        assert_eq!(kinds(IdentityKind::ThreePublic), 2, "{ids:?}");
        assert_eq!(kinds(IdentityKind::Vehicles), 2, "{ids:?}");
        assert!(ids
            .iter()
            .all(|i| i.verdict(&t) == Some(Verdict::Holds) || i.verdict(&t).is_none()));
        // Every identity stays inside one figure.
        for i in &ids {
            let figure = |c: CellRef| t.columns[t.rows[c.row].cells[c.cell].col].figure;
            assert!(i.cells().all(|c| figure(c) == figure(i.whole)), "{i:?}");
        }
        // The 决算数 of 出国 wrong: one identity fails, the 预算数 ones hold.
        t.rows[0].cells[3].amount = parse_amount("6.00", MoneyUnit::WanYuan).ok().flatten();
        let failing: Vec<&Identity> = ids
            .iter()
            .filter(|i| matches!(i.verdict(&t), Some(Verdict::Fails(_))))
            .collect();
        assert_eq!(failing.len(), 1, "{failing:?}");
        assert_eq!(failing[0].whole.cell, 1);
    }

    #[test]
    fn final_accounts_other_expenditure_is_part_of_the_total() {
        use ColumnKey::*;
        let t = table(
            &[
                Total,
                Basic,
                Project,
                RemitToHigher,
                BusinessExpenditure,
                SubsidyToSubordinate,
            ],
            &["100.00", "50.00", "20.00", "10.00", "15.00", "5.00"],
            &[],
        );
        let ids = identities(&t);
        assert!(ids
            .iter()
            .any(|i| i.kind == IdentityKind::TotalOfParts && i.parts.len() == 5));
        assert!(ids
            .iter()
            .all(|i| !matches!(i.verdict(&t), Some(Verdict::Fails(_)))));
    }

    #[test]
    fn totals_of_unknown_composition_state_no_row_identity() {
        let t = table(
            &[Total, Basic, ColumnKey::Unknown],
            &["10.00", "4.00", "5.00"],
            &[],
        );
        assert!(identities(&t)
            .iter()
            .all(|i| i.kind != IdentityKind::TotalOfParts));
    }
}
