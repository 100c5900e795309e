//! Quantities that appear in several places of a disclosure, and where to find each one.
//!
//! The same figure — the general-budget total, a 类's expenditure, the 三公 total — is printed
//! in several tables and stated in the narrative. Cross-table and narrative rules ask this
//! module for every occurrence of a quantity and compare them.

use crate::arith::Operand;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use yusuan_model::catalog::normalize_name;
use yusuan_model::{
    Catalog, Cell, Code, ColumnKey, Disclosure, Figure, FundSource, Level, Row, RowKind, Scheme,
    Side, Table, TableKind,
};

/// A figure with a meaning independent of where it is printed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// 收入总计 (all sources)
    IncomeTotal,
    /// 支出总计 (all sources)
    ExpenditureTotal,
    /// 财政拨款 total (three fiscal budgets)
    FiscalTotal,
    /// One source's total (income of the source; for fiscal budgets also their expenditure).
    Source(FundSource),
    /// 一般公共预算 基本支出 total
    GeneralBasic,
    /// 一般公共预算 项目支出 total
    GeneralProject,
    /// 基本支出 of all sources
    Basic,
    /// 项目支出 of all sources
    Project,
    /// 人员经费 (general budget basic)
    Personnel,
    /// 日常公用经费 (general budget basic)
    Operating,
    /// Expenditure under a 功能分类 code, all sources.
    Code(Code),
    /// General-budget expenditure under a code.
    GeneralCode(Code),
    ThreePublicTotal,
    Overseas,
    VehicleTotal,
    VehiclePurchase,
    VehicleOperation,
    Reception,
    AdminCost,
    ProcurementTotal,
    ProcurementGoods,
    ProcurementWorks,
    ProcurementServices,
    /// One figure of a 三公 item in the 决算's 三公 table (`Overseas`, 预算数): the budget at the
    /// start of the year or the 决算. The item is the column's key (`Total` for the 三公 total).
    FinalThreePublic(ColumnKey, Figure),
}

impl Quantity {
    /// Chinese name for messages.
    pub fn label(&self) -> String {
        match self {
            Quantity::IncomeTotal => "收入总计".into(),
            Quantity::ExpenditureTotal => "支出总计".into(),
            Quantity::FiscalTotal => "财政拨款合计".into(),
            Quantity::Source(s) => format!("{}合计", s.label()),
            Quantity::GeneralBasic => "一般公共预算基本支出".into(),
            Quantity::GeneralProject => "一般公共预算项目支出".into(),
            Quantity::Basic => "基本支出".into(),
            Quantity::Project => "项目支出".into(),
            Quantity::Personnel => "人员经费".into(),
            Quantity::Operating => "日常公用经费".into(),
            Quantity::Code(c) => format!("{c} 支出"),
            Quantity::GeneralCode(c) => format!("{c} 一般公共预算支出"),
            Quantity::ThreePublicTotal => "“三公”经费".into(),
            Quantity::Overseas => "因公出国（境）费".into(),
            Quantity::VehicleTotal => "公务用车购置及运行费".into(),
            Quantity::VehiclePurchase => "公务用车购置费".into(),
            Quantity::VehicleOperation => "公务用车运行费".into(),
            Quantity::Reception => "公务接待费".into(),
            Quantity::AdminCost => "机关运行经费".into(),
            Quantity::ProcurementTotal => "政府采购预算".into(),
            Quantity::ProcurementGoods => "政府采购货物".into(),
            Quantity::ProcurementWorks => "政府采购工程".into(),
            Quantity::ProcurementServices => "政府采购服务".into(),
            Quantity::FinalThreePublic(k, f) => {
                let item = match k {
                    ColumnKey::Total => "“三公”经费",
                    other => other.label(),
                };
                format!("{item}{}", f.label())
            }
        }
    }
}

/// One place a quantity is printed.
#[derive(Clone, Debug)]
pub struct Occurrence {
    pub op: Operand,
    /// `表二 合计 / 基本支出`
    pub place: String,
    /// The reader is sure of the figure: see [`is_certain`].
    pub certain: bool,
}

/// The cell of a row in a column, where the reader is sure of it: a table in doubt or a
/// doubtful cell is no occurrence (nothing is compared with a guess).
fn occ(t: &Table, r: &Row, key: ColumnKey) -> Option<Occurrence> {
    let c = r.cell(key).filter(|c| t.is_certain() && !c.doubtful)?;
    let col = t
        .columns
        .get(c.col)
        .map(|c| c.label.as_str())
        .unwrap_or(key.label());
    Some(Occurrence {
        op: Operand::from_cell(c),
        place: format!("{} {} / {}", t.display_name(), r.label, col),
        certain: is_certain(t, r, c),
    })
}

/// Cell `ci` of row `ri`, where the reader is sure of it, as [`occ`] gives a cell by column key.
/// A cell the table's own arithmetic suspects (in every identity that fails, in none that holds)
/// is no certain witness: the table's error is the table rule's (YS107), and a narrative that
/// states the figure the arithmetic wants is not wrong for differing from it.
fn occ_cell(t: &Table, ri: usize, ci: usize) -> Option<Occurrence> {
    let r = t.rows.get(ri)?;
    let c = r.cells.get(ci)?;
    if !t.is_certain() || c.doubtful {
        return None;
    }
    let col = t
        .columns
        .get(c.col)
        .map(|c| c.label.as_str())
        .unwrap_or(c.column.label());
    let suspect = yusuan_model::identity::arithmetic(t)
        .suspects
        .contains(&yusuan_model::identity::CellRef { row: ri, cell: ci });
    Some(Occurrence {
        op: Operand::from_cell(c),
        place: format!("{} {} / {}", t.display_name(), r.label, col).replace("  / ", " / "),
        certain: is_certain(t, r, c) && !suspect,
    })
}

/// Is a cell read with certainty? Not when the table is in doubt or the cell doubtful (the
/// reader says so), when the row has two columns of the same meaning (the reader could not tell
/// which is which, or read several columns it did not understand as plain amounts; an item's
/// 预算数 and 决算数 are two meanings), or when a blank is where the table's own arithmetic wants a figure: a blank
/// total of a row that holds amounts, a blank on the total line of a table that holds amounts.
pub fn is_certain(t: &Table, r: &Row, c: &Cell) -> bool {
    if !t.is_certain() || c.certain_amount().is_none() && c.amount.is_some() {
        return false;
    }
    let figure = |x: &Cell| t.columns.get(x.col).and_then(|col| col.figure);
    if r.cells
        .iter()
        .filter(|x| x.column == c.column && figure(x) == figure(c))
        .count()
        > 1
    {
        return false;
    }
    if c.amount.is_none() {
        let nonzero = |row: &Row| {
            row.cells
                .iter()
                .any(|x| x.amount.is_some_and(|a| !a.fen.is_zero()))
        };
        if c.column == ColumnKey::Total && nonzero(r) {
            return false;
        }
        if r.kind == RowKind::Total && t.rows.iter().any(nonzero) {
            return false;
        }
    }
    true
}

fn total_row(t: &Table, side: Side) -> Option<&Row> {
    t.rows
        .iter()
        .find(|r| r.kind == RowKind::Total && r.side == side)
}

/// The line on the income side of a summary table that names a source.
fn income_line(t: &Table, s: FundSource) -> Option<&Row> {
    let want = match s {
        FundSource::GeneralBudget => "一般公共预算",
        FundSource::GovFund => "政府性基金",
        FundSource::StateCapital => "国有资本经营",
        FundSource::SpecialAccount => "财政专户",
        FundSource::OperatingRevenue => "事业收入",
        FundSource::BusinessRevenue => "经营收入",
        FundSource::HigherSubsidy => "上级补助",
        FundSource::SubordinateRemittance => "附属单位",
        FundSource::OtherRevenue => "其他收入",
    };
    t.rows.iter().find(|r| {
        r.side == Side::Income
            && r.kind != RowKind::Total
            && r.label.contains(want)
            && !(s == FundSource::OperatingRevenue && r.label.contains("经营"))
            // 上年结转 lines repeat the source names: only this year's income counts.
            && !r.label.contains("结转")
            && !t.rows.iter().take_while(|x| !std::ptr::eq(*x, *r)).any(|x| x.side == Side::Income && x.label.contains("结转"))
    })
}

/// The first amount of a row (its 合计 or 预算数).
fn main_key(r: &Row) -> Option<ColumnKey> {
    [ColumnKey::Total, ColumnKey::Amount]
        .into_iter()
        .find(|k| r.cell(*k).is_some())
}

/// The expenditure line of a summary table for a 类, matched by name (those tables print the
/// 类 name without its code).
fn class_line<'a>(
    t: &'a Table,
    ti: usize,
    code: &Code,
    year: u16,
    ix: Option<&Index<'a>>,
    cat: &Catalog,
) -> Option<&'a Row> {
    let name = cat.name(Scheme::Function, code, year)?;
    let n = normalize_name(name);
    if let Some(m) = ix.and_then(|ix| ix.by_name.get(ti)) {
        return m.get(&n).copied();
    }
    t.rows.iter().find(|r| {
        r.side == Side::Expenditure && r.code.is_none() && {
            let l = normalize_name(strip_numbering(&r.label));
            l == n
        }
    })
}

/// `一、一般公共服务支出` → `一般公共服务支出`.
pub fn strip_numbering(label: &str) -> &str {
    let t = label.trim();
    match t.split_once('、') {
        Some((number, rest))
            if number
                .chars()
                .all(|c| "一二三四五六七八九十0123456789".contains(c)) =>
        {
            rest
        }
        _ => t,
    }
}

/// Every place a quantity is printed in the tables, in document order. Rules use
/// [`crate::Cx::find`], which answers each quantity once from an [`Index`].
pub fn find(doc: &Disclosure, q: &Quantity, catalog: &Catalog) -> Vec<Occurrence> {
    find_with(doc, q, None, catalog)
}

/// The rows of a disclosure's tables by code and by name, built once so that finding a
/// quantity costs a look-up per table instead of a pass over its rows (the cross-table and
/// narrative rules find a quantity per code and per narrative figure: scanning grew with the
/// square of the document), and every quantity's occurrences, found once.
pub struct Index<'a> {
    doc: &'a Disclosure,
    /// Names of the 类 the summary tables print without their codes.
    catalog: &'a Catalog,
    /// Per table (in document order): the first row of each code.
    by_code: Vec<HashMap<&'a Code, &'a Row>>,
    /// Per table: the first uncoded expenditure line of each name, as [`class_line`] compares
    /// them.
    by_name: Vec<HashMap<String, &'a Row>>,
    found: RefCell<HashMap<Quantity, Rc<[Occurrence]>>>,
}

impl<'a> Index<'a> {
    pub fn new(doc: &'a Disclosure, catalog: &'a Catalog) -> Self {
        let mut by_code = Vec::with_capacity(doc.tables.len());
        let mut by_name = Vec::with_capacity(doc.tables.len());
        for t in &doc.tables {
            let mut codes: HashMap<&Code, &Row> = HashMap::new();
            let mut names: HashMap<String, &Row> = HashMap::new();
            for r in &t.rows {
                match &r.code {
                    Some(c) => {
                        codes.entry(c).or_insert(r);
                    }
                    None if r.side == Side::Expenditure => {
                        names
                            .entry(normalize_name(strip_numbering(&r.label)))
                            .or_insert(r);
                    }
                    None => {}
                }
            }
            by_code.push(codes);
            by_name.push(names);
        }
        Index {
            doc,
            catalog,
            by_code,
            by_name,
            found: RefCell::new(HashMap::new()),
        }
    }

    /// Every place a quantity is printed, as [`find`] gives them.
    pub fn find(&self, q: &Quantity) -> Rc<[Occurrence]> {
        if let Some(v) = self.found.borrow().get(q) {
            return Rc::clone(v);
        }
        let v: Rc<[Occurrence]> = find_with(self.doc, q, Some(self), self.catalog).into();
        self.found.borrow_mut().insert(q.clone(), Rc::clone(&v));
        v
    }
}

/// A table's first row with the code.
fn row_by_code<'a>(
    t: &'a Table,
    ti: usize,
    code: &Code,
    ix: Option<&Index<'a>>,
) -> Option<&'a Row> {
    match ix.and_then(|ix| ix.by_code.get(ti)) {
        Some(m) => m.get(code).copied(),
        None => t.row_by_code(code),
    }
}

fn find_with<'a>(
    doc: &'a Disclosure,
    q: &Quantity,
    ix: Option<&Index<'a>>,
    cat: &Catalog,
) -> Vec<Occurrence> {
    let year = doc.meta.year.unwrap_or(u16::MAX);
    let mut v = Vec::new();
    for (ti, t) in doc.tables.iter().enumerate() {
        let mut push = |o: Option<Occurrence>| v.extend(o);
        use TableKind as K;
        match (q, t.kind) {
            (Quantity::IncomeTotal, K::DepartmentSummary) => {
                if let Some(r) = total_row(t, Side::Income) {
                    push(main_key(r).and_then(|k| occ(t, r, k)));
                }
            }
            (Quantity::IncomeTotal, K::DepartmentIncome)
            | (Quantity::ExpenditureTotal, K::DepartmentExpenditure) => {
                if let Some(r) = total_row(t, Side::Single) {
                    push(occ(t, r, ColumnKey::Total));
                }
            }
            (Quantity::ExpenditureTotal, K::DepartmentSummary) => {
                if let Some(r) = total_row(t, Side::Expenditure) {
                    push(main_key(r).and_then(|k| occ(t, r, k)));
                }
            }
            (Quantity::FiscalTotal, K::FiscalSummary) => {
                for side in [Side::Income, Side::Expenditure] {
                    if let Some(r) = total_row(t, side) {
                        push(main_key(r).and_then(|k| occ(t, r, k)));
                    }
                }
            }
            (Quantity::FiscalTotal, K::DepartmentIncome) => {
                if let Some(r) = total_row(t, Side::Single) {
                    push(occ(t, r, ColumnKey::Fiscal));
                }
            }
            (Quantity::Source(s), K::DepartmentSummary | K::FiscalSummary) => {
                if let Some(r) = income_line(t, *s) {
                    push(main_key(r).and_then(|k| occ(t, r, k)));
                }
                if t.kind == K::FiscalSummary {
                    if let Some(r) = total_row(t, Side::Expenditure) {
                        push(occ(t, r, s.column()));
                    }
                }
            }
            (Quantity::Source(s), K::DepartmentIncome) => {
                if let Some(r) = total_row(t, Side::Single) {
                    push(occ(t, r, s.column()));
                }
            }
            (Quantity::Source(FundSource::GeneralBudget), K::GeneralBudgetExpenditure)
            | (Quantity::Source(FundSource::GovFund), K::GovFundExpenditure)
            | (Quantity::Source(FundSource::StateCapital), K::StateCapitalExpenditure) => {
                if let Some(r) = total_row(t, Side::Single) {
                    push(occ(t, r, ColumnKey::Total));
                }
            }
            (Quantity::GeneralBasic, K::GeneralBudgetExpenditure) => {
                if let Some(r) = total_row(t, Side::Single) {
                    push(occ(t, r, ColumnKey::Basic));
                }
            }
            (Quantity::GeneralBasic, K::GeneralBudgetBasicEconomic) => {
                if let Some(r) = total_row(t, Side::Single) {
                    push(occ(t, r, ColumnKey::Total));
                }
            }
            (Quantity::GeneralProject, K::GeneralBudgetExpenditure) => {
                if let Some(r) = total_row(t, Side::Single) {
                    push(occ(t, r, ColumnKey::Project));
                }
            }
            (Quantity::Basic, K::DepartmentExpenditure) => {
                if let Some(r) = total_row(t, Side::Single) {
                    push(occ(t, r, ColumnKey::Basic));
                }
            }
            (Quantity::Project, K::DepartmentExpenditure) => {
                if let Some(r) = total_row(t, Side::Single) {
                    push(occ(t, r, ColumnKey::Project));
                }
            }
            (Quantity::Personnel, K::GeneralBudgetBasicEconomic) => {
                if let Some(r) = total_row(t, Side::Single) {
                    push(occ(t, r, ColumnKey::Personnel));
                }
            }
            (Quantity::Operating, K::GeneralBudgetBasicEconomic) => {
                if let Some(r) = total_row(t, Side::Single) {
                    push(occ(t, r, ColumnKey::Operating));
                }
            }
            (Quantity::Code(c), K::DepartmentExpenditure | K::DepartmentIncome) => {
                if let Some(r) = row_by_code(t, ti, c, ix) {
                    push(occ(t, r, ColumnKey::Total));
                }
            }
            (Quantity::Code(c), K::DepartmentSummary)
                if c.level(Scheme::Function) == Some(Level::Class) =>
            {
                if let Some(r) = class_line(t, ti, c, year, ix, cat) {
                    push(main_key(r).and_then(|k| occ(t, r, k)));
                }
            }
            (Quantity::GeneralCode(c), K::GeneralBudgetExpenditure) => {
                if let Some(r) = row_by_code(t, ti, c, ix) {
                    push(occ(t, r, ColumnKey::Total));
                }
            }
            (Quantity::GeneralCode(c), K::DepartmentIncome) => {
                if let Some(r) = row_by_code(t, ti, c, ix) {
                    push(occ(t, r, ColumnKey::GeneralBudget));
                }
            }
            (Quantity::GeneralCode(c), K::FiscalSummary)
                if c.level(Scheme::Function) == Some(Level::Class) =>
            {
                if let Some(r) = class_line(t, ti, c, year, ix, cat) {
                    push(occ(t, r, ColumnKey::GeneralBudget));
                }
            }
            (Quantity::ThreePublicTotal, K::ThreePublic) => {
                // Where the table also shows 会议费 and 培训费, its 合计 is more than the 三公.
                let own = t
                    .columns
                    .iter()
                    .any(|c| c.key == ColumnKey::ThreePublicTotal);
                let others = t
                    .columns
                    .iter()
                    .any(|c| matches!(c.key, ColumnKey::Meeting | ColumnKey::Training));
                if own {
                    push(first_row_cell(t, ColumnKey::ThreePublicTotal))
                } else if !others {
                    push(first_row_cell(t, ColumnKey::Total))
                }
            }
            (Quantity::Overseas, K::ThreePublic) => push(first_row_cell(t, ColumnKey::Overseas)),
            (Quantity::VehicleTotal, K::ThreePublic) => {
                push(first_row_cell(t, ColumnKey::VehicleTotal))
            }
            (Quantity::VehiclePurchase, K::ThreePublic) => {
                push(first_row_cell(t, ColumnKey::VehiclePurchase))
            }
            (Quantity::VehicleOperation, K::ThreePublic) => {
                push(first_row_cell(t, ColumnKey::VehicleOperation))
            }
            (Quantity::Reception, K::ThreePublic) => push(first_row_cell(t, ColumnKey::Reception)),
            (Quantity::AdminCost, K::ThreePublic) => push(first_row_cell(t, ColumnKey::AdminCost)),
            (Quantity::FinalThreePublic(k, f), K::FinalThreePublic) => {
                if let Some((col, _)) = t.figure_column(*k, *f) {
                    push(t.rows.iter().enumerate().find_map(|(ri, r)| {
                        let ci = r.cells.iter().position(|c| c.col == col)?;
                        occ_cell(t, ri, ci)
                    }));
                }
            }
            (Quantity::ProcurementTotal, K::Procurement) => {
                if let Some(r) = total_row(t, Side::Single) {
                    push(occ(t, r, ColumnKey::Total));
                }
            }
            (
                Quantity::ProcurementGoods
                | Quantity::ProcurementWorks
                | Quantity::ProcurementServices,
                K::Procurement,
            ) => {
                let (letter, word) = match q {
                    Quantity::ProcurementGoods => ("A", "货物"),
                    Quantity::ProcurementWorks => ("B", "工程"),
                    _ => ("C", "服务"),
                };
                if let Some(r) = t
                    .rows
                    .iter()
                    .find(|r| r.kind != RowKind::Total && procurement_line(&r.label, word, letter))
                {
                    push(occ(t, r, ColumnKey::Total));
                }
            }
            _ => {}
        }
    }
    v
}

/// The line of a procurement table for one kind (`一、货物A`, `三、服务 C`, `服务类`, `C`): the
/// kind's word and nothing else but its letter, not an item that contains the word
/// (`PC服务器`, `其他商品和服务支出`).
fn procurement_line(label: &str, word: &str, letter: &str) -> bool {
    let l = normalize_name(strip_numbering(label));
    let rest = l.strip_prefix(word).unwrap_or(&l);
    (l != rest || l == letter) && matches!(rest, "" | "类" | "A" | "B" | "C" | "Ａ" | "Ｂ" | "Ｃ")
}

/// The first row that has the column (the 三公 table has one values row).
fn first_row_cell(t: &Table, key: ColumnKey) -> Option<Occurrence> {
    t.rows.iter().find_map(|r| occ(t, r, key))
}
