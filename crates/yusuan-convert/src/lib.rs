//! Deriving the canonical [`Budget`] from a published [`Disclosure`]: the inverse of the
//! generator (`yusuan-build`), [`budget_from_disclosure`].
//!
//! A disclosure states most facts more than once (表一, 表二, 表八 and the narrative all give the
//! general-budget expenditure). The budget keeps each fact once, taken from the most detailed
//! place that states it:
//!
//! | budget field | taken from (first that has it) |
//! |---|---|
//! | unit, year, kind, region | `disclosure.meta` |
//! | display unit and decimals | the unit most data tables are in (万元 → 2 decimals; 元 → 0 or 2 as the cells show) |
//! | income | income side of 部门收支总表, then 财政拨款收支总表, then the 合计 row of 部门收入总表; else narrative `IncomeBySource` facts |
//! | expenditure, general budget | 一般公共预算支出表, deepest rows (项, or the deepest level printed), 基本/项目 columns |
//! | expenditure, 政府性基金 / 国有资本经营 | their own tables when published (and not empty while income says otherwise) |
//! | expenditure, other sources | 部门支出总表 minus the lines above, per code; the rest is split by source with the same code's row of 部门收入总表, 基本支出 first in [`FundSource`] order |
//! | economic | 基本支出经济分类表, 款 rows (a 类 without 款 rows: the 类 row), 人员经费/日常公用经费 |
//! | three_public | “三公”经费表; narrative facts when there is no table |
//! | admin_cost | a 机关运行经费 column of any table; else the narrative fact |
//! | procurement | 政府采购表 rows A/B/C or 货物/工程/服务; else narrative facts (中小企业预留 always from the narrative) |
//! | assets | narrative counts (车辆, 单价 100 万元以上设备 …) |
//! | overall_goal, projects | performance tables (整体 → overall goal; 项目/重点专项 → projects) |
//! | prior_year | narrative facts with a stated change: last year = this year − signed change; 三公 also from a table column headed with last year |
//! | code_names | 类/款 rows whose printed name differs from (or is missing in) the catalogue, except codes that are a line's own code |
//! | narrative | sections titled 职能…, 机构…/…构成, 名词解释; change reasons from the facts |
//!
//! Every choice between sources, every disagreement met on the way and every allocation the
//! tables do not determine is reported as a [`ConversionNote`]. Nothing here panics: sums
//! saturate, missing tables give empty parts with a note.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use yusuan_model::budget::{
    Assets, Budget, ChangeReason, Display, EconomicLine, ExpenditureLine, Goal, IncomeLine,
    NarrativeInputs, PriorYear, Procurement, Project, ThreePublic,
};
use yusuan_model::catalog::{Catalog, Known};
use yusuan_model::code::{Code, Level, Scheme};
use yusuan_model::disclosure::{
    Cell, ColumnKey, CountKey, Disclosure, Fact, FactKey, FundSource, PerformanceKind, Row,
    RowKind, Section, Side, Table, TableKind,
};
use yusuan_model::money::{Amount, Fen, MoneyUnit};
use yusuan_model::provenance::Provenance;

/// A choice made or an inconsistency met while deriving a budget from a disclosure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversionNote {
    /// What was chosen or found, in Chinese.
    pub message: String,
    /// The value the note is about, where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prov: Option<Provenance>,
}

impl fmt::Display for ConversionNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.prov {
            Some(p) => write!(f, "{p}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Derive the canonical budget from a published disclosure. `catalog` tells which printed
/// names of 类/款 codes differ from the catalogue's (kept in [`Budget::code_names`]). See the
/// [crate documentation](crate) for which table each part comes from.
pub fn budget_from_disclosure(d: &Disclosure, catalog: &Catalog) -> (Budget, Vec<ConversionNote>) {
    let mut cx = Conv::new(d, catalog);
    let mut b = Budget {
        unit: d.meta.unit.clone(),
        year: cx.year,
        kind: d.meta.kind,
        region: d.meta.region,
        display: cx.display,
        ..Budget::default()
    };
    b.income = cx.income();
    b.expenditure = cx.expenditure(&b.income);
    b.economic = cx.economic(&b.expenditure);
    b.code_names = cx.code_names(&b);
    let (three_public, prior_three_public) = cx.three_public();
    b.three_public = three_public;
    b.admin_cost = cx.admin_cost();
    b.procurement = cx.procurement();
    b.assets = cx.assets();
    let (overall, projects) = cx.performance();
    b.overall_goal = overall;
    b.projects = projects;
    b.prior_year = cx.prior_year(prior_three_public);
    b.narrative = cx.narrative();
    cx.final_checks(&b);
    (b, cx.notes)
}

fn sadd(a: Fen, b: Fen) -> Fen {
    Fen(a.0.saturating_add(b.0))
}

fn ssub(a: Fen, b: Fen) -> Fen {
    Fen(a.0.saturating_sub(b.0))
}

fn ssum(it: impl IntoIterator<Item = Fen>) -> Fen {
    it.into_iter().fold(Fen::ZERO, sadd)
}

// Saturating versions of the budget's totals: a disclosure may hold absurd amounts.

fn line_total(l: &ExpenditureLine) -> Fen {
    sadd(l.basic, l.project)
}

fn tp_vehicles(t: &ThreePublic) -> Fen {
    sadd(t.vehicle_purchase, t.vehicle_operation)
}

fn tp_total(t: &ThreePublic) -> Fen {
    ssum([t.overseas, tp_vehicles(t), t.reception])
}

fn proc_total(p: &Procurement) -> Fen {
    ssum([p.goods, p.works, p.services])
}

/// Text without whitespace (documents split words over lines and cells).
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// The source a label names (`一般公共预算资金`, `事业单位经营收入`); `Err(())` for the
/// three fiscal budgets together (`财政拨款收入`).
fn source_of_label(label: &str) -> Option<Result<FundSource, ()>> {
    let l = squash(label);
    let has = |k: &str| l.contains(k);
    let s = if has("一般公共预算") {
        FundSource::GeneralBudget
    } else if has("政府性基金") {
        FundSource::GovFund
    } else if has("国有资本经营") {
        FundSource::StateCapital
    } else if has("财政专户") {
        FundSource::SpecialAccount
    } else if has("经营收入") {
        FundSource::BusinessRevenue
    } else if has("事业收入") {
        FundSource::OperatingRevenue
    } else if has("上级补助") {
        FundSource::HigherSubsidy
    } else if has("附属单位") {
        FundSource::SubordinateRemittance
    } else if has("其他收入") {
        FundSource::OtherRevenue
    } else if has("财政拨款") {
        return Some(Err(()));
    } else {
        return None;
    };
    Some(Ok(s))
}

/// The working state of one conversion.
struct Conv<'a> {
    d: &'a Disclosure,
    catalog: &'a Catalog,
    year: u16,
    display: Display,
    notes: Vec<ConversionNote>,
}

/// Income by source as one table states it.
#[derive(Default)]
struct IncomeView {
    table: String,
    current: BTreeMap<FundSource, (Fen, Provenance)>,
    carried: BTreeMap<FundSource, (Fen, Provenance)>,
    /// 财政拨款 not split into the three budgets (部门收入总表 with one 财政拨款 column).
    fiscal_lump: Option<(Fen, Provenance)>,
    /// 上年结转 not split by source (a 上年结转 column).
    carried_lump: Option<(Fen, Provenance)>,
}

/// Income of one code in 部门收入总表 not yet matched with expenditure.
struct Pool {
    code: Code,
    amounts: BTreeMap<FundSource, Fen>,
}

/// Expenditure of one code in 部门支出总表 not covered by the fiscal tables.
struct Residual {
    code: Code,
    name: String,
    basic: Fen,
    project: Fen,
    prov: Provenance,
}

impl<'a> Conv<'a> {
    fn new(d: &'a Disclosure, catalog: &'a Catalog) -> Conv<'a> {
        let mut cx = Conv {
            d,
            catalog,
            year: 0,
            display: Display::default(),
            notes: Vec::new(),
        };
        cx.year = match d.meta.year {
            Some(y) => y,
            None => {
                cx.note(
                    "未能从文件内容确定预算年度，年度记为 0，请在预算源文件中填写",
                    None,
                );
                0
            }
        };
        cx.display = cx.choose_display();
        cx
    }

    fn note(&mut self, message: impl Into<String>, prov: Option<&Provenance>) {
        self.notes.push(ConversionNote {
            message: message.into(),
            prov: prov.cloned(),
        });
    }

    /// An amount for a message, in the display unit without losing precision.
    fn show(&self, f: Fen) -> String {
        let unit = self.display.unit;
        let mut s = f.format(unit, unit.max_decimals(), true);
        if let Some(dot) = s.find('.') {
            while s.len() > dot + 3 && s.ends_with('0') {
                s.pop();
            }
        }
        format!("{s} {}", unit.label())
    }

    /// The first table of a kind; a note when there are more.
    fn table(&mut self, kind: TableKind) -> Option<&'a Table> {
        let d = self.d;
        let mut it = d.tables_of(kind);
        let first = it.next()?;
        let more = it.filter(|t| !t.has_no_data()).count();
        if more > 0 && !self.noted_extra_tables(kind) {
            self.note(
                format!(
                    "有 {} 张{}，只采用第一张「{}」",
                    more + 1,
                    kind.label(),
                    first.display_name()
                ),
                Some(&first.prov),
            );
        }
        Some(first)
    }

    fn noted_extra_tables(&self, kind: TableKind) -> bool {
        let needle = format!("张{}，只采用第一张", kind.label());
        self.notes.iter().any(|n| n.message.contains(&needle))
    }

    // ----- display -------------------------------------------------------------------------

    fn choose_display(&mut self) -> Display {
        let d = self.d;
        let data_tables: Vec<&Table> = d
            .tables
            .iter()
            .filter(|t| t.unit.is_some() && !t.has_no_data())
            .collect();
        let wan = data_tables
            .iter()
            .filter(|t| t.unit == Some(MoneyUnit::WanYuan))
            .count();
        let yuan = data_tables.len() - wan;
        let unit = if wan == 0 && yuan == 0 {
            let any = d
                .tables
                .iter()
                .filter_map(|t| t.unit)
                .chain(d.performance.iter().filter_map(|p| p.unit))
                .next();
            match any {
                Some(u) => u,
                None => {
                    self.note("各表都没有写明金额单位，显示单位按万元、2 位小数", None);
                    return Display::default();
                }
            }
        } else if wan >= yuan {
            MoneyUnit::WanYuan
        } else {
            MoneyUnit::Yuan
        };
        if wan > 0 && yuan > 0 {
            let others: Vec<String> = data_tables
                .iter()
                .filter(|t| t.unit != Some(unit))
                .map(|t| t.display_name())
                .collect();
            self.note(
                format!(
                    "各表金额单位不一致（{}用{}），显示单位采用多数表的{}",
                    others.join("、"),
                    if unit == MoneyUnit::WanYuan {
                        "元"
                    } else {
                        "万元"
                    },
                    unit.label()
                ),
                None,
            );
        }
        let decimals = match unit {
            MoneyUnit::WanYuan => 2,
            MoneyUnit::Yuan => {
                let fractional = d
                    .tables
                    .iter()
                    .filter(|t| t.unit == Some(MoneyUnit::Yuan))
                    .flat_map(|t| t.rows.iter())
                    .flat_map(|r| r.cells.iter())
                    .any(|c| c.amount.is_some_and(|a| a.decimals > 0));
                if fractional {
                    2
                } else {
                    0
                }
            }
        };
        Display { unit, decimals }
    }

    // ----- cells ---------------------------------------------------------------------------

    /// True when column `col` holds this year's figures (no year in its header, or this year).
    fn this_year(&self, t: &Table, col: usize) -> bool {
        t.columns
            .get(col)
            .is_none_or(|c| c.year.is_none() || c.year == Some(self.year))
    }

    fn has_col(&self, t: &Table, key: ColumnKey) -> bool {
        t.columns
            .iter()
            .any(|c| c.key == key && (c.year.is_none() || c.year == Some(self.year)))
    }

    fn cell<'r>(&self, t: &Table, r: &'r Row, key: ColumnKey) -> Option<&'r Cell> {
        r.cells
            .iter()
            .find(|c| c.column == key && self.this_year(t, c.col))
    }

    fn amount(&self, t: &Table, r: &Row, key: ColumnKey) -> Option<Amount> {
        self.cell(t, r, key).and_then(|c| c.amount)
    }

    /// The amount in a column, a blank cell counting as zero.
    fn fen(&self, t: &Table, r: &Row, key: ColumnKey) -> Fen {
        self.amount(t, r, key).map(|a| a.fen).unwrap_or(Fen::ZERO)
    }

    /// How far the shown value may be from the true one because of rounding.
    fn bound(&self, t: &Table, r: &Row, key: ColumnKey) -> i64 {
        self.amount(t, r, key)
            .map(|a| a.rounding_bound())
            .unwrap_or(0)
    }

    fn cell_prov(&self, t: &Table, r: &Row, key: ColumnKey) -> Provenance {
        self.cell(t, r, key)
            .map(|c| c.prov.clone())
            .unwrap_or_else(|| r.prov.clone())
    }

    /// The total of a row: its 合计 column, else its single amount column.
    fn row_total(&self, t: &Table, r: &Row) -> Option<Amount> {
        self.amount(t, r, ColumnKey::Total)
            .or_else(|| self.amount(t, r, ColumnKey::Amount))
    }

    // ----- coded rows ----------------------------------------------------------------------

    /// Rows with a code of `scheme` (not on the income side), each code once.
    fn coded(&mut self, t: &'a Table, scheme: Scheme) -> Vec<(Code, &'a Row)> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for r in t.rows.iter().filter(|r| r.side != Side::Income) {
            let Some(code) = &r.code else { continue };
            if code.level(scheme).is_none() {
                self.note(
                    format!(
                        "{}：「{}」不是{}编码，这一行未采用",
                        t.display_name(),
                        code,
                        scheme.label()
                    ),
                    Some(&r.prov),
                );
                continue;
            }
            if !seen.insert(code.clone()) {
                self.note(
                    format!("{}：科目 {} 出现多次，只采用第一行", t.display_name(), code),
                    Some(&r.prov),
                );
                continue;
            }
            out.push((code.clone(), r));
        }
        out
    }

    /// Compare every parent row and the 合计 row with the sum of the deepest rows under it.
    fn check_sums(
        &mut self,
        t: &Table,
        rows: &[(Code, &Row)],
        leaves: &[usize],
        keys: &[ColumnKey],
    ) {
        let name = t.display_name();
        let mut rounding = 0usize;
        let keys: Vec<ColumnKey> = keys
            .iter()
            .copied()
            .filter(|k| self.has_col(t, *k))
            .collect();
        for (i, (code, row)) in rows.iter().enumerate() {
            if leaves.contains(&i) {
                continue;
            }
            for &key in &keys {
                let shown = self.fen(t, row, key);
                let mut sum = Fen::ZERO;
                let mut tol = self.bound(t, row, key);
                for &j in leaves {
                    if let Some((c, r)) = rows.get(j) {
                        if code.contains(c) {
                            sum = sadd(sum, self.fen(t, r, key));
                            tol = tol.saturating_add(self.bound(t, r, key));
                        }
                    }
                }
                let diff = ssub(shown, sum);
                if diff.is_zero() {
                    continue;
                }
                if diff.0.saturating_abs() <= tol {
                    rounding += 1;
                } else {
                    let prov = self.cell_prov(t, row, key);
                    self.note(
                        format!(
                            "{name}：科目 {code} 的{}为 {}，下级科目之和为 {}；本预算采用下级科目",
                            key.label(),
                            self.show(shown),
                            self.show(sum)
                        ),
                        Some(&prov),
                    );
                }
            }
        }
        if let Some(total) = t
            .rows
            .iter()
            .find(|r| r.kind == RowKind::Total && r.side != Side::Income)
        {
            for &key in &keys {
                let shown = self.fen(t, total, key);
                let mut sum = Fen::ZERO;
                let mut tol = self.bound(t, total, key);
                for &j in leaves {
                    if let Some((_, r)) = rows.get(j) {
                        sum = sadd(sum, self.fen(t, r, key));
                        tol = tol.saturating_add(self.bound(t, r, key));
                    }
                }
                let diff = ssub(shown, sum);
                if diff.is_zero() {
                    continue;
                }
                if diff.0.saturating_abs() <= tol {
                    rounding += 1;
                } else {
                    let prov = self.cell_prov(t, total, key);
                    self.note(
                        format!(
                            "{name}：合计行的{}为 {}，明细科目之和为 {}；本预算采用明细科目",
                            key.label(),
                            self.show(shown),
                            self.show(sum)
                        ),
                        Some(&prov),
                    );
                }
            }
        }
        if rounding > 0 {
            self.note(
                format!(
                    "{name}：有 {rounding} 处合计与明细之和相差在舍入误差以内；本预算采用最明细一级的数，由它们得出的合计可能与所印的差 0.01"
                ),
                Some(&t.prov),
            );
        }
    }

    // ----- income --------------------------------------------------------------------------

    fn income(&mut self) -> Vec<IncomeLine> {
        let mut views = Vec::new();
        if let Some(t) = self.table(TableKind::DepartmentSummary) {
            if let Some(v) = self.summary_view(t, false) {
                views.push(v);
            }
        }
        if let Some(t) = self.table(TableKind::FiscalSummary) {
            if let Some(v) = self.summary_view(t, true) {
                views.push(v);
            }
        }
        if let Some(t) = self.table(TableKind::DepartmentIncome) {
            if let Some(v) = self.income_table_view(t) {
                views.push(v);
            }
        }
        let mut lines = Vec::new();
        for carried in [false, true] {
            for s in FundSource::ALL {
                let mut chosen: Option<(String, Fen, Provenance)> = None;
                for v in &views {
                    let map = if carried { &v.carried } else { &v.current };
                    let Some((fen, prov)) = map.get(&s) else {
                        continue;
                    };
                    match &chosen {
                        None => chosen = Some((v.table.clone(), *fen, prov.clone())),
                        Some((table, c, _)) if c != fen => {
                            let msg = format!(
                                "{}{}：{}为 {}，{}为 {}；采用{}",
                                s.label(),
                                if carried { "上年结转" } else { "收入" },
                                v.table,
                                self.show(*fen),
                                table,
                                self.show(*c),
                                table
                            );
                            let prov = prov.clone();
                            self.note(msg, Some(&prov));
                        }
                        Some(_) => {}
                    }
                }
                if let Some((_, fen, prov)) = chosen {
                    if !fen.is_zero() {
                        lines.push(IncomeLine {
                            source: s,
                            amount: fen,
                            carried_forward: carried,
                            prov: Some(prov),
                        });
                    }
                }
            }
        }
        // Lumps (财政拨款, 上年结转 without a source) against what the other tables split.
        for v in &views {
            for (lump, carried) in [(&v.fiscal_lump, false), (&v.carried_lump, true)] {
                let Some((fen, prov)) = lump else { continue };
                let parts = ssum(
                    lines
                        .iter()
                        .filter(|l| {
                            l.carried_forward == carried && (carried || l.source.is_fiscal())
                        })
                        .map(|l| l.amount),
                );
                let what = if carried {
                    "上年结转"
                } else {
                    "财政拨款收入"
                };
                let split_elsewhere = views.iter().any(|o| {
                    let map = if carried { &o.carried } else { &o.current };
                    map.keys().any(|s| carried || s.is_fiscal())
                });
                if !split_elsewhere {
                    if !fen.is_zero() {
                        lines.push(IncomeLine {
                            source: FundSource::GeneralBudget,
                            amount: *fen,
                            carried_forward: carried,
                            prov: Some(prov.clone()),
                        });
                        let msg = format!(
                            "{}：{what} {} 没有分来源，记为一般公共预算",
                            v.table,
                            self.show(*fen)
                        );
                        self.note(msg, Some(prov));
                    }
                } else if parts != *fen {
                    let msg = format!(
                        "{}：{what}为 {}，与其他表分列之和 {} 不一致；采用分列数",
                        v.table,
                        self.show(*fen),
                        self.show(parts)
                    );
                    self.note(msg, Some(prov));
                }
            }
        }
        lines.sort_by_key(|l| (l.carried_forward, l.source));
        if views.is_empty() {
            lines = self.income_from_narrative();
        }
        lines
    }

    fn income_from_narrative(&mut self) -> Vec<IncomeLine> {
        let d = self.d;
        let mut lines = Vec::new();
        for s in FundSource::ALL {
            if let Some(f) = d.fact(&FactKey::IncomeBySource { source: s }) {
                if let Some(a) = f.amount {
                    if !a.fen.is_zero() {
                        lines.push(IncomeLine {
                            source: s,
                            amount: a.fen,
                            carried_forward: false,
                            prov: Some(f.prov.clone()),
                        });
                    }
                }
            }
        }
        if lines.is_empty() {
            if let Some(f) = d.fact(&FactKey::IncomeTotal) {
                if f.amount.is_some_and(|a| !a.fen.is_zero()) {
                    self.note(
                        "没有收入表，叙述只给出收入总额而没有分来源，收入未能记入",
                        Some(&f.prov),
                    );
                }
            }
        } else {
            self.note("没有收支总表或收入总表，收入按叙述中的分来源数记入", None);
        }
        lines
    }

    /// The amount cell of an income-side row.
    fn income_cell<'r>(&self, t: &Table, r: &'r Row) -> Option<&'r Cell> {
        let income_side = |c: &Cell| {
            t.columns
                .get(c.col)
                .is_none_or(|col| col.side != Side::Expenditure)
        };
        r.cells
            .iter()
            .find(|c| {
                matches!(c.column, ColumnKey::Amount | ColumnKey::Total)
                    && income_side(c)
                    && self.this_year(t, c.col)
            })
            .or_else(|| {
                r.cells
                    .iter()
                    .find(|c| income_side(c) && self.this_year(t, c.col) && c.amount.is_some())
            })
    }

    /// Income by source from the income side of 部门收支总表 / 财政拨款收支总表.
    fn summary_view(&mut self, t: &'a Table, fiscal_only: bool) -> Option<IncomeView> {
        let name = t.display_name();
        let rows: Vec<&Row> = t.rows.iter().filter(|r| r.side == Side::Income).collect();
        if rows.is_empty() {
            if !t.has_no_data() {
                self.note(
                    format!("{name}：没有读出收入方，收入未取自此表"),
                    Some(&t.prov),
                );
            }
            return None;
        }
        let mut v = IncomeView {
            table: name.clone(),
            ..IncomeView::default()
        };
        let mut fiscal_lump: [Option<(Fen, Provenance)>; 2] = [None, None];
        let mut carried_lump: Option<(Fen, Provenance)> = None;
        let mut carried = false;
        for r in rows {
            if r.kind == RowKind::Total {
                continue;
            }
            let label = squash(&r.label);
            let cell = self.income_cell(t, r);
            let fen = cell
                .and_then(|c| c.amount)
                .map(|a| a.fen)
                .unwrap_or(Fen::ZERO);
            let prov = cell
                .map(|c| c.prov.clone())
                .unwrap_or_else(|| r.prov.clone());
            let carried_marker = label.contains("上年结转") || label.contains("年初结转");
            if carried_marker {
                carried = true;
            } else if label.contains("本年收入") {
                carried = false;
                continue;
            }
            match source_of_label(&label) {
                Some(Ok(s)) => {
                    if fiscal_only && !s.is_fiscal() {
                        continue;
                    }
                    let map = if carried {
                        &mut v.carried
                    } else {
                        &mut v.current
                    };
                    match map.get_mut(&s) {
                        Some((f, _)) => *f = sadd(*f, fen),
                        None => {
                            map.insert(s, (fen, prov));
                        }
                    }
                }
                Some(Err(())) => {
                    let slot = &mut fiscal_lump[usize::from(carried)];
                    if slot.is_none() {
                        *slot = Some((fen, prov));
                    }
                }
                None if carried_marker => {
                    if !fen.is_zero() {
                        carried_lump = Some((fen, prov));
                    }
                }
                None => {
                    if !fen.is_zero() {
                        self.note(
                            format!(
                                "{name}：收入行「{}」({}) 不是已知的收入来源，未记入",
                                r.label.trim(),
                                self.show(fen)
                            ),
                            Some(&prov),
                        );
                    }
                }
            }
        }
        for (i, lump) in fiscal_lump.into_iter().enumerate() {
            let Some((fen, prov)) = lump else { continue };
            let map = if i == 1 {
                &mut v.carried
            } else {
                &mut v.current
            };
            let parts = ssum(
                map.iter()
                    .filter(|(s, _)| s.is_fiscal())
                    .map(|(_, (f, _))| *f),
            );
            let listed = map.keys().any(|s| s.is_fiscal());
            if !listed && !fen.is_zero() {
                map.insert(FundSource::GeneralBudget, (fen, prov.clone()));
                self.note(
                    format!(
                        "{name}：财政拨款收入 {} 没有分列一般公共预算、政府性基金和国有资本经营，全部记为一般公共预算",
                        self.show(fen)
                    ),
                    Some(&prov),
                );
            } else if listed && parts != fen {
                self.note(
                    format!(
                        "{name}：财政拨款收入 {} 与其分项之和 {} 不一致；采用分项",
                        self.show(fen),
                        self.show(parts)
                    ),
                    Some(&prov),
                );
            }
        }
        if let Some((fen, prov)) = carried_lump {
            let parts = ssum(v.carried.values().map(|(f, _)| *f));
            if v.carried.values().all(|(f, _)| f.is_zero()) {
                v.carried
                    .insert(FundSource::GeneralBudget, (fen, prov.clone()));
                self.note(
                    format!(
                        "{name}：上年结转 {} 没有分来源，记为一般公共预算",
                        self.show(fen)
                    ),
                    Some(&prov),
                );
            } else if parts != fen {
                self.note(
                    format!(
                        "{name}：上年结转 {} 与其分项之和 {} 不一致；采用分项",
                        self.show(fen),
                        self.show(parts)
                    ),
                    Some(&prov),
                );
            }
        }
        // The stated income total against the lines.
        if let Some(total) = t
            .rows
            .iter()
            .find(|r| r.side == Side::Income && r.kind == RowKind::Total)
        {
            if let Some(a) = self.income_cell(t, total).and_then(|c| c.amount) {
                let sum = ssum(
                    v.current
                        .values()
                        .chain(v.carried.values())
                        .map(|(f, _)| *f),
                );
                if sum != a.fen && !fiscal_only {
                    self.note(
                        format!(
                            "{name}：收入合计 {} 与各收入行之和 {} 不一致；采用各收入行",
                            self.show(a.fen),
                            self.show(sum)
                        ),
                        Some(&total.prov),
                    );
                }
            }
        }
        Some(v)
    }

    /// Income by source from the 合计 row of 部门收入总表.
    fn income_table_view(&mut self, t: &'a Table) -> Option<IncomeView> {
        let name = t.display_name();
        let Some(total) = t
            .rows
            .iter()
            .find(|r| r.kind == RowKind::Total && r.side != Side::Expenditure)
        else {
            if !t.has_no_data() {
                self.note(format!("{name}：没有合计行，收入未取自此表"), Some(&t.prov));
            }
            return None;
        };
        let mut v = IncomeView {
            table: name.clone(),
            ..IncomeView::default()
        };
        for s in FundSource::ALL {
            if self.has_col(t, s.column()) {
                let fen = self.fen(t, total, s.column());
                v.current
                    .insert(s, (fen, self.cell_prov(t, total, s.column())));
            }
        }
        let fiscal_cols = FundSource::ALL
            .iter()
            .any(|s| s.is_fiscal() && self.has_col(t, s.column()));
        if self.has_col(t, ColumnKey::Fiscal) && !fiscal_cols {
            let fen = self.fen(t, total, ColumnKey::Fiscal);
            v.fiscal_lump = Some((fen, self.cell_prov(t, total, ColumnKey::Fiscal)));
        }
        if self.has_col(t, ColumnKey::CarriedForward) {
            let fen = self.fen(t, total, ColumnKey::CarriedForward);
            v.carried_lump = Some((fen, self.cell_prov(t, total, ColumnKey::CarriedForward)));
        }
        Some(v)
    }

    // ----- expenditure ---------------------------------------------------------------------

    fn expenditure(&mut self, income: &[IncomeLine]) -> Vec<ExpenditureLine> {
        let income_of =
            |s: FundSource| ssum(income.iter().filter(|l| l.source == s).map(|l| l.amount));
        let mut lines: Vec<ExpenditureLine> = Vec::new();
        let mut derived = BTreeSet::new();
        for (kind, source) in [
            (
                TableKind::GeneralBudgetExpenditure,
                FundSource::GeneralBudget,
            ),
            (TableKind::GovFundExpenditure, FundSource::GovFund),
            (TableKind::StateCapitalExpenditure, FundSource::StateCapital),
        ] {
            let Some(t) = self.table(kind) else { continue };
            if t.has_no_data() && !income_of(source).is_zero() {
                self.note(
                    format!(
                        "{}没有数据，但{}收入为 {}；其支出改由部门支出总表推出",
                        t.display_name(),
                        source.label(),
                        self.show(income_of(source))
                    ),
                    Some(&t.prov),
                );
                continue;
            }
            derived.insert(source);
            let from_table = self.fiscal_table_lines(t, source);
            lines.extend(from_table);
        }
        let mut remaining: BTreeMap<FundSource, Fen> = FundSource::ALL
            .into_iter()
            .filter(|s| !derived.contains(s))
            .map(|s| (s, income_of(s)))
            .collect();
        match self.table(TableKind::DepartmentExpenditure) {
            Some(t) => {
                let others = self.other_sources(t, &lines, &derived, &mut remaining);
                lines.extend(others);
                for (s, r) in &remaining {
                    if r.0 > 0 {
                        self.note(
                            format!(
                                "{}收入中有 {} 在{}中找不到对应的支出科目",
                                s.label(),
                                self.show(*r),
                                t.display_name()
                            ),
                            Some(&t.prov),
                        );
                    }
                }
            }
            None => {
                for (s, r) in &remaining {
                    if r.0 > 0 {
                        self.note(
                            format!(
                                "没有部门支出总表，{}收入 {} 的支出科目无法得出",
                                s.label(),
                                self.show(*r)
                            ),
                            None,
                        );
                    }
                }
            }
        }
        // One line per (code, source), sorted by code then source.
        let mut merged: BTreeMap<(Code, FundSource), ExpenditureLine> = BTreeMap::new();
        for l in lines {
            let key = (l.code.clone(), l.source);
            match merged.get_mut(&key) {
                Some(m) => {
                    m.basic = sadd(m.basic, l.basic);
                    m.project = sadd(m.project, l.project);
                    let msg = format!(
                        "科目 {} 的{}支出由两处得出，已合并",
                        l.code,
                        l.source.label()
                    );
                    self.note(msg, l.prov.as_ref());
                }
                None => {
                    merged.insert(key, l);
                }
            }
        }
        merged.into_values().collect()
    }

    /// Lines of one fiscal budget from its own table, at the deepest level printed.
    fn fiscal_table_lines(&mut self, t: &'a Table, source: FundSource) -> Vec<ExpenditureLine> {
        let name = t.display_name();
        let rows = self.coded(t, Scheme::Function);
        let leaves = leaves(&rows);
        let split = self.has_col(t, ColumnKey::Basic) || self.has_col(t, ColumnKey::Project);
        if split {
            self.check_sums(t, &rows, &leaves, &[ColumnKey::Basic, ColumnKey::Project]);
        } else {
            self.check_sums(t, &rows, &leaves, &[ColumnKey::Total, ColumnKey::Amount]);
            if !leaves.is_empty() {
                self.note(
                    format!("{name}：没有基本支出/项目支出列，全部记为基本支出"),
                    Some(&t.prov),
                );
            }
        }
        let mut rounding = 0usize;
        let mut lines = Vec::new();
        for &i in &leaves {
            let Some((code, row)) = rows.get(i) else {
                continue;
            };
            let total = self.row_total(t, row);
            let (basic, project) = if split {
                (
                    self.fen(t, row, ColumnKey::Basic),
                    self.fen(t, row, ColumnKey::Project),
                )
            } else {
                (total.map(|a| a.fen).unwrap_or(Fen::ZERO), Fen::ZERO)
            };
            if let (true, Some(tot)) = (split, total) {
                let diff = ssub(tot.fen, sadd(basic, project));
                let tol = tot.rounding_bound()
                    + self.bound(t, row, ColumnKey::Basic)
                    + self.bound(t, row, ColumnKey::Project);
                if diff.0.saturating_abs() > tol {
                    self.note(
                        format!(
                            "{name}：科目 {code} 的总计 {} 不等于基本支出 {} 加项目支出 {}；采用基本支出和项目支出",
                            self.show(tot.fen),
                            self.show(basic),
                            self.show(project)
                        ),
                        Some(&row.prov),
                    );
                } else if !diff.is_zero() {
                    rounding += 1;
                }
            }
            lines.push(ExpenditureLine {
                code: code.clone(),
                name: row.label.trim().to_string(),
                source,
                basic,
                project,
                prov: Some(row.prov.clone()),
            });
        }
        if rounding > 0 {
            self.note(
                format!("{name}：有 {rounding} 行总计与基本支出加项目支出相差在舍入误差以内；采用基本支出和项目支出"),
                Some(&t.prov),
            );
        }
        lines
    }

    /// Lines of the sources without their own table: 部门支出总表 minus the fiscal lines, split by
    /// source with 部门收入总表.
    fn other_sources(
        &mut self,
        t: &'a Table,
        fiscal: &[ExpenditureLine],
        derived: &BTreeSet<FundSource>,
        remaining: &mut BTreeMap<FundSource, Fen>,
    ) -> Vec<ExpenditureLine> {
        let name = t.display_name();
        let rows = self.coded(t, Scheme::Function);
        let leaf_idx = leaves(&rows);
        let split = self.has_col(t, ColumnKey::Basic) || self.has_col(t, ColumnKey::Project);
        if split {
            self.check_sums(t, &rows, &leaf_idx, &[ColumnKey::Basic, ColumnKey::Project]);
        } else {
            self.check_sums(t, &rows, &leaf_idx, &[ColumnKey::Total, ColumnKey::Amount]);
        }
        let mut res: Vec<Residual> = Vec::new();
        for &i in &leaf_idx {
            let Some((code, row)) = rows.get(i) else {
                continue;
            };
            let (basic, project) = if split {
                (
                    self.fen(t, row, ColumnKey::Basic),
                    self.fen(t, row, ColumnKey::Project),
                )
            } else {
                (
                    self.row_total(t, row).map(|a| a.fen).unwrap_or(Fen::ZERO),
                    Fen::ZERO,
                )
            };
            res.push(Residual {
                code: code.clone(),
                name: row.label.trim().to_string(),
                basic,
                project,
                prov: row.prov.clone(),
            });
        }
        if !split && res.iter().any(|r| !r.basic.is_zero()) {
            self.note(
                format!("{name}：没有基本支出/项目支出列，其余来源的支出全部记为基本支出"),
                Some(&t.prov),
            );
        }
        // Subtract what the fiscal tables already give.
        let mut used = vec![false; fiscal.len()];
        for r in res.iter_mut() {
            for (k, f) in fiscal.iter().enumerate() {
                if r.code.contains(&f.code) {
                    r.basic = ssub(r.basic, f.basic);
                    r.project = ssub(r.project, f.project);
                    if let Some(u) = used.get_mut(k) {
                        *u = true;
                    }
                }
            }
        }
        for (k, f) in fiscal.iter().enumerate() {
            if used.get(k).copied().unwrap_or(true) {
                continue;
            }
            let under: Vec<usize> = res
                .iter()
                .enumerate()
                .filter(|(_, r)| f.code.contains(&r.code))
                .map(|(i, _)| i)
                .collect();
            if under.is_empty() {
                if !line_total(f).is_zero() {
                    self.note(
                        format!(
                            "{name}中没有科目 {} {}（{}支出 {}）",
                            f.code,
                            f.name,
                            f.source.label(),
                            self.show(line_total(f))
                        ),
                        f.prov.as_ref(),
                    );
                }
                continue;
            }
            self.note(
                format!(
                    "{name}把科目 {} 分得比{}支出表更细；从其下级科目中按编码顺序扣除",
                    f.code,
                    f.source.label()
                ),
                f.prov.as_ref(),
            );
            let (mut rb, mut rp) = (f.basic, f.project);
            for &i in &under {
                if let Some(r) = res.get_mut(i) {
                    let tb = rb.min(r.basic.max(Fen::ZERO));
                    r.basic = ssub(r.basic, tb);
                    rb = ssub(rb, tb);
                    let tp = rp.min(r.project.max(Fen::ZERO));
                    r.project = ssub(r.project, tp);
                    rp = ssub(rp, tp);
                }
            }
            if let Some(r) = under.first().and_then(|&i| res.get_mut(i)) {
                r.basic = ssub(r.basic, rb);
                r.project = ssub(r.project, rp);
            }
        }
        for r in res.iter_mut() {
            if r.basic.0 < 0 || r.project.0 < 0 {
                let (b, p) = (r.basic, r.project);
                if b.0 < 0 {
                    r.project = sadd(r.project, b).max(Fen::ZERO);
                    r.basic = Fen::ZERO;
                }
                if p.0 < 0 {
                    r.basic = sadd(r.basic, p).max(Fen::ZERO);
                    r.project = Fen::ZERO;
                }
                let msg = format!(
                    "{name}：科目 {} 的支出小于财政拨款支出表（基本支出差 {}，项目支出差 {}）；财政拨款以其支出表为准，其余来源记为基本支出 {}、项目支出 {}",
                    r.code,
                    self.show(b),
                    self.show(p),
                    self.show(r.basic),
                    self.show(r.project)
                );
                let prov = r.prov.clone();
                self.note(msg, Some(&prov));
            }
        }
        if res.iter().all(|r| r.basic.is_zero() && r.project.is_zero()) {
            return Vec::new();
        }
        // Split what is left by source.
        let pools = self.income_pools(fiscal, derived, remaining);
        let has_pools = pools.is_some();
        let mut pools = pools.unwrap_or_default();
        if !has_pools {
            self.note(
                format!(
                    "没有部门收入总表，{name}中财政拨款支出表以外的支出按收入来源顺序分配（先基本支出）"
                ),
                Some(&t.prov),
            );
        }
        let mut out = Vec::new();
        for r in res {
            if r.basic.is_zero() && r.project.is_zero() {
                continue;
            }
            let related: Vec<usize> = pools
                .iter()
                .enumerate()
                .filter(|(_, p)| p.code.contains(&r.code) || r.code.contains(&p.code))
                .map(|(i, _)| i)
                .collect();
            let mut alloc: BTreeMap<FundSource, (Fen, Fen)> = BTreeMap::new();
            let mut need = [r.basic, r.project];
            for (part, n) in need.iter_mut().enumerate() {
                for s in FundSource::ALL {
                    if derived.contains(&s) || n.0 <= 0 {
                        continue;
                    }
                    let got = take(&mut pools, &related, s, *n);
                    if got.0 > 0 {
                        *n = ssub(*n, got);
                        add_alloc(&mut alloc, s, part, got);
                        if let Some(rem) = remaining.get_mut(&s) {
                            *rem = ssub(*rem, got);
                        }
                    }
                }
            }
            if need.iter().any(|n| n.0 > 0) {
                // Not enough in 部门收入总表 for this code: use the income not yet placed.
                let before = need;
                for (part, n) in need.iter_mut().enumerate() {
                    for s in FundSource::ALL {
                        if derived.contains(&s) || n.0 <= 0 {
                            continue;
                        }
                        let avail = remaining.get(&s).copied().unwrap_or(Fen::ZERO);
                        let got = avail.min(*n);
                        if got.0 > 0 {
                            *n = ssub(*n, got);
                            add_alloc(&mut alloc, s, part, got);
                            if let Some(rem) = remaining.get_mut(&s) {
                                *rem = ssub(*rem, got);
                            }
                        }
                    }
                }
                let fallback = alloc.keys().next().copied().unwrap_or_else(|| {
                    if derived.contains(&FundSource::GeneralBudget) {
                        FundSource::OtherRevenue
                    } else {
                        FundSource::GeneralBudget
                    }
                });
                for (part, n) in need.iter_mut().enumerate() {
                    if n.0 > 0 {
                        add_alloc(&mut alloc, fallback, part, *n);
                        *n = Fen::ZERO;
                    }
                }
                if has_pools {
                    let sources: Vec<&str> = alloc.keys().map(|s| s.label()).collect();
                    let msg = format!(
                        "{name}：科目 {} 有 {} 不在财政拨款支出表中，部门收入总表中该科目的收入不足以说明其来源；按尚未对应的收入记为{}",
                        r.code,
                        self.show(sadd(before[0], before[1])),
                        sources.join("、")
                    );
                    self.note(msg, Some(&r.prov));
                }
            }
            if alloc.len() > 1 && r.basic.0 > 0 && r.project.0 > 0 {
                let parts: Vec<String> = alloc
                    .iter()
                    .map(|(s, (b, p))| {
                        format!(
                            "{}（基本 {}，项目 {}）",
                            s.label(),
                            self.show(*b),
                            self.show(*p)
                        )
                    })
                    .collect();
                let msg = format!(
                    "{name}：科目 {} 的基本支出和项目支出没有按来源分列；按来源顺序先分基本支出：{}",
                    r.code,
                    parts.join("、")
                );
                self.note(msg, Some(&r.prov));
            }
            for (s, (b, p)) in alloc {
                out.push(ExpenditureLine {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    source: s,
                    basic: b,
                    project: p,
                    prov: Some(r.prov.clone()),
                });
            }
        }
        out
    }

    /// The income of each code of 部门收入总表 (deepest rows) by the sources without their own
    /// expenditure table.
    fn income_pools(
        &mut self,
        fiscal: &[ExpenditureLine],
        derived: &BTreeSet<FundSource>,
        remaining: &BTreeMap<FundSource, Fen>,
    ) -> Option<Vec<Pool>> {
        let t = self.table(TableKind::DepartmentIncome)?;
        let rows = self.coded(t, Scheme::Function);
        let leaf_idx = leaves(&rows);
        let fiscal_cols = FundSource::ALL
            .iter()
            .any(|s| s.is_fiscal() && self.has_col(t, s.column()));
        let lump_col = self.has_col(t, ColumnKey::Fiscal) && !fiscal_cols;
        let lump_target = FundSource::ALL
            .into_iter()
            .filter(|s| s.is_fiscal() && !derived.contains(s))
            .find(|s| remaining.get(s).is_some_and(|r| r.0 > 0))
            .or_else(|| {
                FundSource::ALL
                    .into_iter()
                    .find(|s| s.is_fiscal() && !derived.contains(s))
            });
        let mut pools = Vec::new();
        for &i in &leaf_idx {
            let Some((code, row)) = rows.get(i) else {
                continue;
            };
            let mut amounts = BTreeMap::new();
            for s in FundSource::ALL {
                if derived.contains(&s) {
                    continue;
                }
                let v = self.fen(t, row, s.column());
                if v.0 > 0 {
                    amounts.insert(s, v);
                }
            }
            if lump_col {
                let covered = ssum(
                    fiscal
                        .iter()
                        .filter(|f| code.contains(&f.code))
                        .map(line_total),
                );
                let lump = ssub(self.fen(t, row, ColumnKey::Fiscal), covered);
                if lump.0 > 0 {
                    match lump_target {
                        Some(s) => {
                            let e = amounts.entry(s).or_insert(Fen::ZERO);
                            *e = sadd(*e, lump);
                        }
                        None => self.note(
                            format!(
                                "{}：科目 {code} 的财政拨款收入比财政拨款支出表多 {}",
                                t.display_name(),
                                self.show(lump)
                            ),
                            Some(&row.prov),
                        ),
                    }
                }
            }
            pools.push(Pool {
                code: code.clone(),
                amounts,
            });
        }
        Some(pools)
    }

    // ----- economic ------------------------------------------------------------------------

    fn economic(&mut self, expenditure: &[ExpenditureLine]) -> Vec<EconomicLine> {
        let Some(t) = self.table(TableKind::GeneralBudgetBasicEconomic) else {
            let basic = ssum(
                expenditure
                    .iter()
                    .filter(|l| l.source == FundSource::GeneralBudget)
                    .map(|l| l.basic),
            );
            if basic.0 > 0 {
                self.note(
                    format!(
                        "没有一般公共预算基本支出经济分类表，基本支出 {} 的经济分类无法得出",
                        self.show(basic)
                    ),
                    None,
                );
            }
            return Vec::new();
        };
        let name = t.display_name();
        let rows = self.coded(t, Scheme::Economic);
        let leaf_idx = leaves(&rows);
        let split = self.has_col(t, ColumnKey::Personnel) || self.has_col(t, ColumnKey::Operating);
        if split {
            self.check_sums(
                t,
                &rows,
                &leaf_idx,
                &[ColumnKey::Personnel, ColumnKey::Operating],
            );
        } else {
            self.check_sums(t, &rows, &leaf_idx, &[ColumnKey::Total, ColumnKey::Amount]);
            if !leaf_idx.is_empty() {
                self.note(
                    format!("{name}：没有人员经费/日常公用经费列；301、303 类记为人员经费，其余记为日常公用经费"),
                    Some(&t.prov),
                );
            }
        }
        let mut lines = Vec::new();
        let mut tol = 0i64;
        for &i in &leaf_idx {
            let Some((code, row)) = rows.get(i) else {
                continue;
            };
            let total = self.row_total(t, row);
            let (personnel, operating) = if split {
                (
                    self.fen(t, row, ColumnKey::Personnel),
                    self.fen(t, row, ColumnKey::Operating),
                )
            } else {
                let v = total.map(|a| a.fen).unwrap_or(Fen::ZERO);
                if matches!(code.class().as_str(), "301" | "303") {
                    (v, Fen::ZERO)
                } else {
                    (Fen::ZERO, v)
                }
            };
            tol = tol
                .saturating_add(total.map(|a| a.rounding_bound()).unwrap_or(0))
                .saturating_add(self.bound(t, row, ColumnKey::Personnel))
                .saturating_add(self.bound(t, row, ColumnKey::Operating));
            if let (true, Some(tot)) = (split, total) {
                let diff = ssub(tot.fen, sadd(personnel, operating));
                let row_tol = tot.rounding_bound()
                    + self.bound(t, row, ColumnKey::Personnel)
                    + self.bound(t, row, ColumnKey::Operating);
                if diff.0.saturating_abs() > row_tol {
                    self.note(
                        format!(
                            "{name}：科目 {code} 的总计 {} 不等于人员经费 {} 加日常公用经费 {}；采用人员经费和日常公用经费",
                            self.show(tot.fen),
                            self.show(personnel),
                            self.show(operating)
                        ),
                        Some(&row.prov),
                    );
                }
            }
            lines.push(EconomicLine {
                code: code.clone(),
                name: row.label.trim().to_string(),
                personnel,
                operating,
                prov: Some(row.prov.clone()),
            });
        }
        // 表三 total = general-budget basic expenditure.
        let gb: Vec<&ExpenditureLine> = expenditure
            .iter()
            .filter(|l| l.source == FundSource::GeneralBudget)
            .collect();
        if !gb.is_empty() && !lines.is_empty() {
            let basic = ssum(gb.iter().map(|l| l.basic));
            let econ = ssum(lines.iter().map(|l| sadd(l.personnel, l.operating)));
            let diff = ssub(basic, econ);
            if !diff.is_zero() {
                let gb_tol = (gb.len() as i64)
                    .saturating_mul(self.display.unit.fen_per_unit() / 200)
                    .max(0);
                let within = diff.0.saturating_abs() <= tol.saturating_add(gb_tol);
                self.note(
                    format!(
                        "{name}的合计 {} 与一般公共预算基本支出 {} 相差 {}{}",
                        self.show(econ),
                        self.show(basic),
                        self.show(diff),
                        if within {
                            "（在舍入误差以内）"
                        } else {
                            ""
                        }
                    ),
                    Some(&t.prov),
                );
            }
        }
        lines.sort_by(|a, b| a.code.cmp(&b.code));
        lines
    }

    // ----- code names ----------------------------------------------------------------------

    fn code_names(&mut self, b: &Budget) -> BTreeMap<Code, String> {
        let line_codes: BTreeSet<&Code> = b
            .expenditure
            .iter()
            .map(|l| &l.code)
            .chain(b.economic.iter().map(|l| &l.code))
            .collect();
        let mut names: BTreeMap<Code, (String, String)> = BTreeMap::new();
        let d = self.d;
        let kinds = [
            (TableKind::GeneralBudgetExpenditure, Scheme::Function),
            (TableKind::GovFundExpenditure, Scheme::Function),
            (TableKind::StateCapitalExpenditure, Scheme::Function),
            (TableKind::DepartmentExpenditure, Scheme::Function),
            (TableKind::DepartmentIncome, Scheme::Function),
            (TableKind::GeneralBudgetBasicEconomic, Scheme::Economic),
        ];
        for (kind, scheme) in kinds {
            let Some(t) = d.table(kind) else { continue };
            for r in &t.rows {
                let Some(code) = &r.code else { continue };
                if !matches!(
                    code.level(scheme),
                    Some(Level::Class) | Some(Level::Section)
                ) || line_codes.contains(code)
                {
                    continue;
                }
                let label = r.label.trim();
                if label.is_empty() {
                    continue;
                }
                if let Some((first, table)) = names.get(code) {
                    if yusuan_model::catalog::normalize_name(first)
                        != yusuan_model::catalog::normalize_name(label)
                    {
                        let msg = format!(
                            "科目 {code} 在{}中名为「{first}」，在{}中名为「{label}」；采用前者",
                            table,
                            t.display_name()
                        );
                        self.note(msg, Some(&r.prov));
                    }
                    continue;
                }
                names.insert(code.clone(), (label.to_string(), t.display_name()));
            }
        }
        let mut out = BTreeMap::new();
        for (code, (name, _)) in names {
            let scheme = if code.as_str().starts_with('3') {
                Scheme::Economic
            } else {
                Scheme::Function
            };
            match self.catalog.check_name(scheme, &code, self.year, &name) {
                Known::Match => {}
                Known::NameDiffers { .. } | Known::Unknown => {
                    out.insert(code, name);
                }
            }
        }
        out
    }

    // ----- 三公, 机关运行经费, 政府采购 ---------------------------------------------------------

    /// This year's “三公” (and last year's when a column is headed with last year).
    fn three_public(&mut self) -> (ThreePublic, Option<ThreePublic>) {
        use ColumnKey as K;
        let keys = [
            K::Overseas,
            K::VehiclePurchase,
            K::VehicleOperation,
            K::VehicleTotal,
            K::Reception,
        ];
        let Some(t) = self.table(TableKind::ThreePublic) else {
            return (self.three_public_from_narrative(), None);
        };
        let name = t.display_name();
        let pick = |cx: &Conv, r: &Row, key: ColumnKey, prior: bool| -> Option<Amount> {
            r.cells
                .iter()
                .filter(|c| c.column == key)
                .find(|c| {
                    let y = t.columns.get(c.col).and_then(|col| col.year);
                    if prior {
                        y.is_some() && y == cx.year.checked_sub(1)
                    } else {
                        y.is_none() || y == Some(cx.year)
                    }
                })
                .and_then(|c| c.amount)
        };
        let row = t.rows.iter().find(|r| {
            r.kind != RowKind::Heading && keys.iter().any(|k| pick(self, r, *k, false).is_some())
        });
        let mut tp = ThreePublic::default();
        let mut prior = None;
        if let Some(r) = row {
            for is_prior in [false, true] {
                let got: BTreeMap<ColumnKey, Amount> = keys
                    .iter()
                    .chain([K::Total].iter())
                    .filter_map(|k| pick(self, r, *k, is_prior).map(|a| (*k, a)))
                    .collect();
                let get = |k: ColumnKey| got.get(&k).copied();
                if keys.iter().all(|k| get(*k).is_none()) {
                    continue;
                }
                let fen = |a: Option<Amount>| a.map(|a| a.fen).unwrap_or(Fen::ZERO);
                let mut v = ThreePublic {
                    overseas: fen(get(K::Overseas)),
                    vehicle_purchase: fen(get(K::VehiclePurchase)),
                    vehicle_operation: fen(get(K::VehicleOperation)),
                    reception: fen(get(K::Reception)),
                };
                if let Some(vt) = get(K::VehicleTotal) {
                    let parts_blank =
                        get(K::VehiclePurchase).is_none() && get(K::VehicleOperation).is_none();
                    if parts_blank && !vt.fen.is_zero() {
                        v.vehicle_operation = vt.fen;
                        self.note(
                            format!(
                                "{name}：公务用车购置及运行费 {} 没有分列购置费和运行费，记为运行维护费",
                                self.show(vt.fen)
                            ),
                            Some(&r.prov),
                        );
                    } else if vt.fen != tp_vehicles(&v) {
                        self.note(
                            format!(
                                "{name}：公务用车小计 {} 不等于购置费加运行费 {}；采用购置费和运行费",
                                self.show(vt.fen),
                                self.show(tp_vehicles(&v))
                            ),
                            Some(&r.prov),
                        );
                    }
                }
                if let Some(total) = get(K::Total) {
                    if total.fen != tp_total(&v) {
                        self.note(
                            format!(
                                "{name}：“三公”经费合计 {} 不等于各项之和 {}；采用各项",
                                self.show(total.fen),
                                self.show(tp_total(&v))
                            ),
                            Some(&r.prov),
                        );
                    }
                }
                if is_prior {
                    prior = Some(v);
                } else {
                    tp = v;
                }
            }
        }
        // The narrative against the table.
        let d = self.d;
        for (key, value, label) in [
            (FactKey::Overseas, tp.overseas, "因公出国（境）费"),
            (
                FactKey::VehiclePurchase,
                tp.vehicle_purchase,
                "公务用车购置费",
            ),
            (
                FactKey::VehicleOperation,
                tp.vehicle_operation,
                "公务用车运行维护费",
            ),
            (FactKey::Reception, tp.reception, "公务接待费"),
            (FactKey::ThreePublicTotal, tp_total(&tp), "“三公”经费"),
        ] {
            if let Some(f) = d.fact(&key) {
                if let Some(a) = f.amount {
                    if a.fen != value {
                        self.note(
                            format!(
                                "叙述中{label}为 {}，{name}为 {}；采用表",
                                self.show(a.fen),
                                self.show(value)
                            ),
                            Some(&f.prov),
                        );
                    }
                }
            }
        }
        (tp, prior)
    }

    fn three_public_from_narrative(&mut self) -> ThreePublic {
        let d = self.d;
        let get = |k: FactKey| d.fact(&k).and_then(|f| f.amount).map(|a| a.fen);
        let mut tp = ThreePublic {
            overseas: get(FactKey::Overseas).unwrap_or(Fen::ZERO),
            vehicle_purchase: get(FactKey::VehiclePurchase).unwrap_or(Fen::ZERO),
            vehicle_operation: get(FactKey::VehicleOperation).unwrap_or(Fen::ZERO),
            reception: get(FactKey::Reception).unwrap_or(Fen::ZERO),
        };
        let any = [
            FactKey::Overseas,
            FactKey::VehiclePurchase,
            FactKey::VehicleOperation,
            FactKey::VehicleTotal,
            FactKey::Reception,
            FactKey::ThreePublicTotal,
        ]
        .into_iter()
        .any(|k| get(k).is_some());
        if !any {
            return tp;
        }
        self.note("没有“三公”经费表，“三公”经费取自叙述", None);
        if let Some(vt) = get(FactKey::VehicleTotal) {
            match (
                get(FactKey::VehiclePurchase),
                get(FactKey::VehicleOperation),
            ) {
                (None, None) => {
                    tp.vehicle_operation = vt;
                    if !vt.is_zero() {
                        self.note(
                            format!(
                                "叙述中公务用车购置及运行费 {} 没有分列，记为运行维护费",
                                self.show(vt)
                            ),
                            None,
                        );
                    }
                }
                (Some(p), None) => tp.vehicle_operation = ssub(vt, p),
                (None, Some(o)) => tp.vehicle_purchase = ssub(vt, o),
                (Some(_), Some(_)) => {}
            }
        }
        if let Some(total) = get(FactKey::ThreePublicTotal) {
            if total != tp_total(&tp) {
                self.note(
                    format!(
                        "叙述中“三公”经费合计 {} 与各项之和 {} 不一致；采用各项",
                        self.show(total),
                        self.show(tp_total(&tp))
                    ),
                    d.fact(&FactKey::ThreePublicTotal).map(|f| &f.prov),
                );
            }
        }
        tp
    }

    fn admin_cost(&mut self) -> Option<Fen> {
        let d = self.d;
        let mut from_table: Option<(Fen, Provenance, String)> = None;
        'tables: for t in &d.tables {
            if !self.has_col(t, ColumnKey::AdminCost) {
                continue;
            }
            for r in &t.rows {
                if let Some(c) = self.cell(t, r, ColumnKey::AdminCost) {
                    if let Some(a) = c.amount {
                        from_table = Some((a.fen, c.prov.clone(), t.display_name()));
                        break 'tables;
                    }
                }
            }
        }
        let fact = d
            .fact(&FactKey::AdminCost)
            .and_then(|f| f.amount.map(|a| (a.fen, f.prov.clone())));
        match (from_table, fact) {
            (Some((t, _, name)), Some((f, fprov))) => {
                if t != f {
                    self.note(
                        format!(
                            "叙述中机关运行经费为 {}，{name}为 {}；采用表",
                            self.show(f),
                            self.show(t)
                        ),
                        Some(&fprov),
                    );
                }
                Some(t)
            }
            (Some((t, _, _)), None) => Some(t),
            (None, Some((f, _))) => Some(f),
            (None, None) => None,
        }
    }

    fn procurement(&mut self) -> Procurement {
        let d = self.d;
        let mut p = Procurement::default();
        let mut found = [false; 3];
        if let Some(t) = self.table(TableKind::Procurement) {
            let name = t.display_name();
            let mut sum = Fen::ZERO;
            for r in &t.rows {
                if r.kind == RowKind::Total {
                    continue;
                }
                let Some(cat) = procurement_category(r) else {
                    continue;
                };
                let amount = self.row_total(t, r).map(|a| a.fen).unwrap_or_else(|| {
                    ssum(FundSource::ALL.iter().map(|s| self.fen(t, r, s.column())))
                });
                if found[cat] {
                    self.note(
                        format!("{name}：「{}」类出现多次，只采用第一行", r.label.trim()),
                        Some(&r.prov),
                    );
                    continue;
                }
                found[cat] = true;
                sum = sadd(sum, amount);
                match cat {
                    0 => p.goods = amount,
                    1 => p.works = amount,
                    _ => p.services = amount,
                }
            }
            if let Some(total) = t.rows.iter().find(|r| r.kind == RowKind::Total) {
                if let Some(a) = self.row_total(t, total) {
                    if a.fen != sum {
                        let msg = if found.iter().any(|f| *f) {
                            format!(
                                "{name}：合计 {} 不等于货物、工程、服务之和 {}；采用分类数",
                                self.show(a.fen),
                                self.show(sum)
                            )
                        } else {
                            format!(
                                "{name}：合计 {} 没有按货物、工程、服务分列，未能记入分类",
                                self.show(a.fen)
                            )
                        };
                        self.note(msg, Some(&total.prov));
                    }
                }
            }
        }
        let table_has = found.iter().any(|f| *f);
        let facts = [
            FactKey::ProcurementGoods,
            FactKey::ProcurementWorks,
            FactKey::ProcurementServices,
        ];
        for (i, key) in facts.iter().enumerate() {
            let Some(f) = d.fact(key) else { continue };
            let Some(a) = f.amount else { continue };
            let slot = match i {
                0 => &mut p.goods,
                1 => &mut p.works,
                _ => &mut p.services,
            };
            if table_has {
                if *slot != a.fen {
                    let (v, label) = (*slot, ["货物", "工程", "服务"][i]);
                    self.note(
                        format!(
                            "叙述中政府采购{label}预算为 {}，政府采购表为 {}；采用表",
                            self.show(a.fen),
                            self.show(v)
                        ),
                        Some(&f.prov),
                    );
                }
            } else {
                *slot = a.fen;
            }
        }
        if let Some(f) = d.fact(&FactKey::ProcurementTotal) {
            if let Some(a) = f.amount {
                if a.fen != proc_total(&p) {
                    self.note(
                        format!(
                            "叙述中政府采购预算总额为 {}，货物、工程、服务之和为 {}",
                            self.show(a.fen),
                            self.show(proc_total(&p))
                        ),
                        Some(&f.prov),
                    );
                }
            }
        }
        p.sme_reserved = d
            .fact(&FactKey::ProcurementSmeReserved)
            .and_then(|f| f.amount)
            .map(|a| a.fen);
        p.small_micro_reserved = d
            .fact(&FactKey::ProcurementSmallMicro)
            .and_then(|f| f.amount)
            .map(|a| a.fen);
        p
    }

    // ----- assets --------------------------------------------------------------------------

    fn assets(&mut self) -> Assets {
        let d = self.d;
        let mut a = Assets::default();
        for c in &d.narrative.counts {
            if c.value < 0 {
                self.note(format!("数量不能为负，未采用：{}", c.text), Some(&c.prov));
                continue;
            }
            let buying = c.text.contains("购置") || c.text.contains("购买");
            let slot = match &c.key {
                CountKey::Vehicles => &mut a.vehicles,
                CountKey::VehiclesToBuy => &mut a.vehicles_to_buy,
                CountKey::ExpensiveEquipment if !buying => &mut a.expensive_equipment,
                CountKey::VehiclesOfKind { kind } if !buying => {
                    match a.vehicles_by_kind.get(kind) {
                        Some(v) if *v != c.value => {
                            let msg =
                                format!("叙述两次给出{kind}数（{v} 与 {}），采用第一次", c.value);
                            self.note(msg, Some(&c.prov));
                        }
                        Some(_) => {}
                        None => {
                            a.vehicles_by_kind.insert(kind.clone(), c.value);
                        }
                    }
                    continue;
                }
                _ => continue,
            };
            match slot {
                Some(v) if *v != c.value => {
                    let msg = format!(
                        "叙述两次给出同一数量（{v} 与 {}），采用第一次：{}",
                        c.value, c.text
                    );
                    self.note(msg, Some(&c.prov));
                }
                Some(_) => {}
                None => *slot = Some(c.value),
            }
            if a.as_of.is_none() {
                a.as_of = as_of(&c.text);
            }
        }
        let counted = a.vehicles.is_some()
            || a.expensive_equipment.is_some()
            || !a.vehicles_by_kind.is_empty();
        if a.as_of.is_none() && counted {
            // The date is often in the sentence before the counts: look in the section.
            a.as_of = d
                .narrative
                .sections
                .iter()
                .filter(|s| s.title.contains("国有资产") || s.text.contains("车辆"))
                .find_map(|s| as_of(&s.text));
        }
        a
    }

    // ----- performance ---------------------------------------------------------------------

    fn performance(&mut self) -> (Option<Goal>, Vec<Project>) {
        let d = self.d;
        let mut overall: Option<Goal> = None;
        let mut projects = Vec::new();
        let text = |f: &Option<yusuan_model::disclosure::TextField>| {
            f.as_ref()
                .map(|t| t.text.trim().to_string())
                .unwrap_or_default()
        };
        for p in &d.performance {
            let name = text(&p.name);
            let goal = text(&p.goal);
            let empty = name.is_empty() && goal.is_empty() && p.indicators.is_empty();
            if empty {
                continue;
            }
            match p.kind {
                PerformanceKind::Overall => {
                    if overall.is_some() {
                        self.note(
                            format!("有多张整体绩效目标表，「{}」未采用", p.title),
                            Some(&p.prov),
                        );
                        continue;
                    }
                    overall = Some(Goal {
                        text: goal,
                        indicators: p.indicators.clone(),
                    });
                }
                PerformanceKind::Project | PerformanceKind::KeyProject => {
                    if name.is_empty() {
                        self.note(
                            format!("{}没有项目名称，项目名称留空", p.title),
                            Some(&p.prov),
                        );
                    }
                    let amount = match &p.budget {
                        Some(b) => b.amount.fen,
                        None => {
                            self.note(
                                format!("项目「{name}」没有当年预算数，记为 0"),
                                Some(&p.prov),
                            );
                            Fen::ZERO
                        }
                    };
                    projects.push(Project {
                        name,
                        department: p
                            .department
                            .as_ref()
                            .map(|t| t.text.trim().to_string())
                            .filter(|s| !s.is_empty()),
                        amount,
                        key: p.kind == PerformanceKind::KeyProject,
                        overview: text(&p.overview),
                        basis: text(&p.basis),
                        goal: Goal {
                            text: goal,
                            indicators: p.indicators.clone(),
                        },
                    });
                }
            }
        }
        (overall, projects)
    }

    // ----- prior year ----------------------------------------------------------------------

    /// Last year's amount from a fact with a stated change.
    fn prior_from(&mut self, f: &Fact) -> Option<Fen> {
        let a = f.amount?;
        let c = f.change.as_ref()?;
        if let Some(y) = c.versus_year {
            if self.year != 0 && u32::from(y) + 1 != u32::from(self.year) {
                self.note(
                    format!(
                        "「{}」与 {y} 年比较，不是上一年；未用作上年数",
                        f.text.trim()
                    ),
                    Some(&f.prov),
                );
                return None;
            }
        }
        let signed = c.signed()?;
        Some(ssub(a.fen, signed))
    }

    fn prior_of(&mut self, key: &FactKey) -> Option<Fen> {
        let d = self.d;
        let mut first: Option<Fen> = None;
        for f in d.facts(key) {
            let Some(v) = self.prior_from(f) else {
                continue;
            };
            match first {
                None => first = Some(v),
                Some(p) if p != v => {
                    self.note(
                        format!(
                            "叙述对同一项目给出两个上年数（{} 与 {}），采用第一个",
                            self.show(p),
                            self.show(v)
                        ),
                        Some(&f.prov),
                    );
                }
                Some(_) => {}
            }
        }
        first
    }

    fn prior_year(&mut self, table_three_public: Option<ThreePublic>) -> PriorYear {
        let d = self.d;
        let mut py = PriorYear {
            income_total: self.prior_of(&FactKey::IncomeTotal),
            expenditure_total: self.prior_of(&FactKey::ExpenditureTotal),
            basic: self.prior_of(&FactKey::Basic),
            project: self.prior_of(&FactKey::Project),
            admin_cost: self.prior_of(&FactKey::AdminCost),
            ..PriorYear::default()
        };
        for s in FundSource::ALL {
            let v = match self.prior_of(&FactKey::IncomeBySource { source: s }) {
                Some(v) => Some(v),
                None => {
                    let v = self.prior_of(&FactKey::ExpenditureBySource { source: s });
                    if v.is_some() {
                        self.note(
                            format!("上年{}收入取自叙述中的{}支出变动", s.label(), s.label()),
                            None,
                        );
                    }
                    v
                }
            };
            if let Some(v) = v {
                py.by_source.insert(s, v);
            }
        }
        for f in &d.narrative.facts {
            if let FactKey::ExpenditureByCode { code, .. } = &f.key {
                if code.level(Scheme::Function) != Some(Level::Class)
                    || py.by_class.contains_key(code)
                {
                    continue;
                }
                if let Some(v) = self.prior_from(f) {
                    py.by_class.insert(code.clone(), v);
                }
            }
        }
        // 国有资本经营预算 money is spent under 223 (国有资本经营预算支出) and nowhere else, and
        // the narrative names the class and the source alike: in a breakdown by class (or where
        // 223 is the only class the tables show), a stated change of 国有资本经营预算支出 is the
        // class's.
        let classes: std::collections::BTreeSet<&str> = d
            .tables
            .iter()
            .filter(|t| t.code_scheme() == Scheme::Function)
            .flat_map(|t| t.coded_rows())
            .filter_map(|r| r.code.as_ref())
            .filter(|c| c.level(Scheme::Function) == Some(Level::Class))
            .map(|c| c.as_str())
            .collect();
        let only_223 = classes.len() == 1 && classes.contains("223");
        if !py.by_class.is_empty() || only_223 {
            if let Some(c223) = Code::parse("223") {
                if let std::collections::btree_map::Entry::Vacant(e) = py.by_class.entry(c223) {
                    let source = FactKey::ExpenditureBySource {
                        source: FundSource::StateCapital,
                    };
                    if let Some(v) = self.prior_of(&source) {
                        e.insert(v);
                    }
                }
            }
        }
        py.three_public = match table_three_public {
            Some(tp) => Some(tp),
            None => self.prior_three_public(),
        };
        py
    }

    fn prior_three_public(&mut self) -> Option<ThreePublic> {
        let mut o = self.prior_of(&FactKey::Overseas);
        let mut p = self.prior_of(&FactKey::VehiclePurchase);
        let mut op = self.prior_of(&FactKey::VehicleOperation);
        let mut r = self.prior_of(&FactKey::Reception);
        let vt = self.prior_of(&FactKey::VehicleTotal);
        let total = self.prior_of(&FactKey::ThreePublicTotal);
        if let Some(vt) = vt {
            match (p, op) {
                (None, Some(x)) => p = Some(ssub(vt, x)),
                (Some(x), None) => op = Some(ssub(vt, x)),
                _ => {}
            }
        }
        let missing = [o, p, op, r].iter().filter(|v| v.is_none()).count();
        if missing == 1 {
            if let Some(t) = total {
                let known = ssum([o, p, op, r].into_iter().flatten());
                let v = Some(ssub(t, known));
                if o.is_none() {
                    o = v;
                } else if p.is_none() {
                    p = v;
                } else if op.is_none() {
                    op = v;
                } else {
                    r = v;
                }
            }
        }
        match (o, p, op, r) {
            (Some(o), Some(p), Some(op), Some(r)) => Some(ThreePublic {
                overseas: o,
                vehicle_purchase: p,
                vehicle_operation: op,
                reception: r,
            }),
            (None, None, None, None) => None,
            _ => {
                self.note(
                    "叙述只给出部分“三公”经费的上年变动，上年“三公”经费未能记入",
                    None,
                );
                None
            }
        }
    }

    // ----- narrative -----------------------------------------------------------------------

    fn narrative(&mut self) -> NarrativeInputs {
        let d = self.d;
        let secs = &d.narrative.sections;
        let mut n = NarrativeInputs::default();
        for (i, s) in secs.iter().enumerate() {
            let title = squash(&s.title);
            if title.contains("职能") {
                if n.functions.is_empty() {
                    n.functions = section_body(secs, i);
                }
            } else if title.contains("机构") || title.contains("构成") {
                if n.organisation.is_empty() {
                    n.organisation = section_body(secs, i);
                }
            } else if title.contains("名词解释") {
                if n.glossary.is_empty() {
                    n.glossary = glossary(secs, i);
                }
            } else {
                let key = if title.contains("机关运行经费") {
                    "admin_cost"
                } else if title.contains("政府采购") {
                    "procurement"
                } else if title.contains("绩效目标") {
                    "performance"
                } else if title.contains("国有资产") {
                    "assets"
                } else {
                    continue;
                };
                let body = s.text.trim();
                if !body.is_empty() && !n.notes.contains_key(key) {
                    n.notes.insert(key.to_string(), body.to_string());
                }
            }
        }
        let mut seen = BTreeSet::new();
        for f in &d.narrative.facts {
            let Some(c) = &f.change else { continue };
            let Some(subject) = reason_subject(&f.key) else {
                continue;
            };
            let text = match &c.reason_text {
                Some(t) if !t.trim().is_empty() => t.trim().to_string(),
                _ if !c.reasons.is_empty() => c
                    .reasons
                    .iter()
                    .map(|r| match r.amount {
                        Some(a) => format!("{}{}{}", r.label, r.direction.label(), a),
                        None => format!("{}{}", r.label, r.direction.label()),
                    })
                    .collect::<Vec<_>>()
                    .join("，"),
                _ => continue,
            };
            if seen.insert(subject.clone()) {
                n.reasons.push(ChangeReason { subject, text });
            }
        }
        n
    }

    // ----- last checks ---------------------------------------------------------------------

    fn final_checks(&mut self, b: &Budget) {
        let d = self.d;
        let income = ssum(b.income.iter().map(|l| l.amount));
        let spend = ssum(b.expenditure.iter().map(line_total));
        if !b.income.is_empty() && !b.expenditure.is_empty() && income != spend {
            self.note(
                format!(
                    "得出的收入合计 {} 与支出合计 {} 不相等（差 {}）",
                    self.show(income),
                    self.show(spend),
                    self.show(ssub(income, spend))
                ),
                None,
            );
        }
        if let Some(t) = d.table(TableKind::DepartmentExpenditure) {
            let total = t
                .rows
                .iter()
                .find(|r| r.kind == RowKind::Total && r.side != Side::Income);
            if let Some(a) = total.and_then(|r| self.row_total(t, r)) {
                if a.fen != spend {
                    self.note(
                        format!(
                            "{}合计为 {}，本预算各支出科目之和为 {}",
                            t.display_name(),
                            self.show(a.fen),
                            self.show(spend)
                        ),
                        total.map(|r| &r.prov),
                    );
                }
            }
        }
        for p in d
            .performance
            .iter()
            .filter(|p| p.kind == PerformanceKind::Overall)
            .take(1)
        {
            if let Some(budget) = &p.budget {
                if budget.amount.fen != spend && !b.expenditure.is_empty() {
                    self.note(
                        format!(
                            "整体绩效目标表的部门支出预算数 {} 与本预算支出合计 {} 不一致",
                            self.show(budget.amount.fen),
                            self.show(spend)
                        ),
                        Some(&budget.prov),
                    );
                }
            }
        }
    }
}

/// Indices of the rows with no other row below them (the deepest level printed per branch).
fn leaves(rows: &[(Code, &Row)]) -> Vec<usize> {
    (0..rows.len())
        .filter(|&i| {
            let Some((ci, _)) = rows.get(i) else {
                return false;
            };
            !rows.iter().any(|(c, _)| c != ci && ci.contains(c))
        })
        .collect()
}

/// Take up to `need` of source `s` from the related pools, in order.
fn take(pools: &mut [Pool], related: &[usize], s: FundSource, need: Fen) -> Fen {
    let mut got = Fen::ZERO;
    for &i in related {
        let Some(p) = pools.get_mut(i) else { continue };
        let Some(avail) = p.amounts.get_mut(&s) else {
            continue;
        };
        let t = (*avail).min(ssub(need, got));
        if t.0 > 0 {
            *avail = ssub(*avail, t);
            got = sadd(got, t);
        }
        if got >= need {
            break;
        }
    }
    got
}

fn add_alloc(alloc: &mut BTreeMap<FundSource, (Fen, Fen)>, s: FundSource, part: usize, v: Fen) {
    let e = alloc.entry(s).or_insert((Fen::ZERO, Fen::ZERO));
    if part == 0 {
        e.0 = sadd(e.0, v);
    } else {
        e.1 = sadd(e.1, v);
    }
}

/// 0 goods, 1 works, 2 services, from a procurement row's label (`C 服务`, `货物`, `A`).
fn procurement_category(r: &Row) -> Option<usize> {
    let l = squash(&r.label);
    let stripped = l
        .trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四、.．（）()ABCabc".contains(c))
        .trim_end_matches('类');
    let by_word = |w: &str| {
        if w.contains("货物") {
            Some(0)
        } else if w.contains("工程") {
            Some(1)
        } else if w.contains("服务") {
            Some(2)
        } else {
            None
        }
    };
    if stripped.chars().count() <= 8 {
        if let Some(c) = by_word(stripped) {
            return Some(c);
        }
    }
    match l.as_str() {
        "A" | "a" => Some(0),
        "B" | "b" => Some(1),
        "C" | "c" => Some(2),
        _ => None,
    }
}

/// The date a count is as of (`截至2024年8月31日` → `2024年8月31日`).
fn as_of(text: &str) -> Option<String> {
    let start = text.find("截至").or_else(|| text.find("截止"))?;
    let rest = text.get(start + "截至".len()..)?;
    let rest = rest.trim_start_matches(|c: char| c == '到' || c.is_whitespace());
    let date: String = rest
        .chars()
        .take_while(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(c)
                || matches!(c, '年' | '月' | '日')
                || c.is_whitespace()
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    if date.contains('年') {
        Some(date)
    } else {
        None
    }
}

/// A section's text, or its subsections' when it has none of its own.
fn section_body(secs: &[Section], i: usize) -> String {
    let Some(s) = secs.get(i) else {
        return String::new();
    };
    let own = s.text.trim();
    if !own.is_empty() {
        return own.to_string();
    }
    secs.iter()
        .skip(i + 1)
        .take_while(|c| c.level > s.level)
        .map(|c| {
            let t = c.text.trim();
            if t.is_empty() {
                c.title.trim().to_string()
            } else {
                format!("{}\n{}", c.title.trim(), t)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The terms of a 名词解释 section: from its own lines and from its subsections.
fn glossary(secs: &[Section], i: usize) -> Vec<(String, String)> {
    let Some(s) = secs.get(i) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for line in s.text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match split_term(line) {
            Some(e) => out.push(e),
            None => {
                if let Some(last) = out.last_mut() {
                    last.1.push_str(line);
                }
            }
        }
    }
    for c in secs.iter().skip(i + 1).take_while(|c| c.level > s.level) {
        let title = c.title.trim();
        let text = c.text.trim();
        if let Some((term, expl)) = split_term(title) {
            out.push((term, format!("{expl}{text}")));
        } else if !title.is_empty() {
            out.push((strip_numbering(title).to_string(), text.to_string()));
        }
    }
    out
}

fn strip_numbering(s: &str) -> &str {
    let t = s.trim();
    for (open, close) in [("（", "）"), ("(", ")")] {
        if let Some(rest) = t.strip_prefix(open) {
            if let Some(p) = rest.find(close) {
                let num = &rest[..p];
                if num.chars().count() <= 3 {
                    return rest[p + close.len()..].trim_start();
                }
            }
        }
    }
    let num_end = t
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .last()
        .map(|(i, c)| i + c.len_utf8());
    if let Some(e) = num_end {
        if let Some(rest) = t[e..].strip_prefix(['、', '.', '．']) {
            return rest.trim_start();
        }
    }
    t
}

/// `（一）term：explanation` → (term, explanation).
fn split_term(line: &str) -> Option<(String, String)> {
    let t = strip_numbering(line);
    let (term, expl) = t.split_once('：').or_else(|| t.split_once(':'))?;
    let term = term.trim();
    if term.is_empty() || term.chars().count() > 30 {
        return None;
    }
    Some((term.to_string(), expl.trim().to_string()))
}

fn reason_subject(key: &FactKey) -> Option<String> {
    let s = match key {
        FactKey::IncomeTotal => "income_total",
        FactKey::ExpenditureTotal => "expenditure_total",
        FactKey::IncomeBySource { source } | FactKey::ExpenditureBySource { source } => {
            match source {
                FundSource::GeneralBudget => "general_budget",
                FundSource::GovFund => "gov_fund",
                FundSource::StateCapital => "state_capital",
                _ => return None,
            }
        }
        FactKey::Basic => "basic",
        FactKey::Project => "project",
        FactKey::ThreePublicTotal => "three_public",
        FactKey::Overseas => "overseas",
        FactKey::VehicleTotal => "vehicles",
        FactKey::VehiclePurchase => "vehicle_purchase",
        FactKey::VehicleOperation => "vehicle_operation",
        FactKey::Reception => "reception",
        FactKey::AdminCost => "admin_cost",
        FactKey::ExpenditureByCode { code, .. }
            if code.level(Scheme::Function) == Some(Level::Class) =>
        {
            return Some(code.as_str().to_string())
        }
        _ => return None,
    };
    Some(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use yusuan_model::disclosure::{
        AmountFact, Change, Column, CountFact, Direction, DocumentMeta, Indicator, Narrative,
        Nature, Note, PerformanceTable, Region, TextField, UnitIdentity, Weight,
    };
    use yusuan_model::money::parse_amount;

    fn file() -> Arc<str> {
        Arc::from("test.txt")
    }

    fn convert(d: &Disclosure) -> (Budget, Vec<ConversionNote>) {
        budget_from_disclosure(d, Catalog::embedded())
    }

    fn wan(s: &str) -> Fen {
        parse_amount(s, MoneyUnit::WanYuan)
            .ok()
            .flatten()
            .map(|a| a.fen)
            .unwrap_or(Fen::ZERO)
    }

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    /// Builds a table row by row: `row(code, label, cells)` fills the table's single-sided (or
    /// expenditure-side) columns in order, `income_row` its income-side columns.
    struct Tb {
        t: Table,
        line: u32,
    }

    fn col(key: ColumnKey) -> Column {
        Column {
            key,
            label: key.label().to_string(),
            side: Side::Single,
            year: None,
            part: 0,
        }
    }

    fn col_side(key: ColumnKey, side: Side) -> Column {
        Column { side, ..col(key) }
    }

    fn col_year(key: ColumnKey, year: u16) -> Column {
        Column {
            year: Some(year),
            ..col(key)
        }
    }

    fn table(kind: TableKind, number: &str, unit: MoneyUnit, columns: Vec<Column>) -> Tb {
        let name = table_name_of(number, kind.label());
        Tb {
            t: Table {
                kind,
                number: Some(number.to_string()),
                title: kind.label().to_string(),
                unit: Some(unit),
                compiler: None,
                columns,
                rows: Vec::new(),
                notes: Vec::new(),
                empty_note: None,
                prov: Provenance::at_line(&file(), 1, None).with_table(&name),
                end_line: 1,
                doubt: None,
            },
            line: 1,
        }
    }

    fn table_name_of(number: &str, title: &str) -> Arc<str> {
        yusuan_model::disclosure::table_name(Some(number), title)
    }

    fn cols(keys: &[ColumnKey]) -> Vec<Column> {
        keys.iter().map(|k| col(*k)).collect()
    }

    impl Tb {
        fn push(mut self, side: Side, code: &str, label: &str, vals: &[&str]) -> Tb {
            self.line += 1;
            let unit = self.t.unit.unwrap_or_default();
            let name = table_name_of(self.t.number.as_deref().unwrap_or(""), &self.t.title);
            let prov = Provenance::at_line(&file(), self.line, None).with_table(&name);
            let wanted = |c: &Column| match side {
                Side::Income => c.side == Side::Income,
                _ => c.side != Side::Income,
            };
            let positions: Vec<usize> = (0..self.t.columns.len())
                .filter(|&i| wanted(&self.t.columns[i]))
                .collect();
            let cells = vals
                .iter()
                .zip(positions)
                .map(|(v, i)| Cell {
                    column: self.t.columns[i].key,
                    col: i,
                    amount: parse_amount(v, unit).unwrap(),
                    text: v.to_string(),
                    prov: prov.clone().with_column(self.t.columns[i].label.clone()),
                    doubtful: false,
                })
                .collect();
            let code = Code::parse(code);
            let kind = if label.contains("合计") || label.contains("总计") {
                RowKind::Total
            } else if code.is_some() {
                RowKind::Coded
            } else {
                RowKind::Line
            };
            self.t.rows.push(Row {
                kind,
                side,
                code,
                label: label.to_string(),
                cells,
                prov: prov.with_row(label),
                catalog: None,
                malformed_code: None,
                part: 0,
            });
            self.t.end_line = self.line;
            self
        }

        fn row(self, code: &str, label: &str, vals: &[&str]) -> Tb {
            self.push(Side::Single, code, label, vals)
        }

        fn income_row(self, label: &str, vals: &[&str]) -> Tb {
            self.push(Side::Income, "", label, vals)
        }

        fn empty_note(mut self, text: &str) -> Tb {
            self.t.empty_note = Some(Note {
                text: text.to_string(),
                prov: Provenance::at_line(&file(), self.line + 1, None),
            });
            self
        }

        fn done(self) -> Table {
            self.t
        }
    }

    fn fact(key: FactKey, amount: &str, change: Option<(Direction, &str)>) -> Fact {
        fact_with_reason(key, amount, change, None)
    }

    fn fact_with_reason(
        key: FactKey,
        amount: &str,
        change: Option<(Direction, &str)>,
        reason: Option<&str>,
    ) -> Fact {
        let prov = Provenance::at_line(&file(), 100, None);
        Fact {
            key,
            amount: parse_amount(amount, MoneyUnit::WanYuan).unwrap(),
            change: change.map(|(direction, a)| Change {
                direction,
                amount: parse_amount(a, MoneyUnit::WanYuan).unwrap(),
                percent: None,
                versus_year: Some(2024),
                reasons: Vec::new(),
                reason_text: reason.map(str::to_string),
                prov: prov.clone(),
            }),
            text: String::new(),
            section: None,
            prov,
        }
    }

    fn count(key: CountKey, value: i64, text: &str) -> CountFact {
        CountFact {
            key,
            value,
            text: text.to_string(),
            prov: Provenance::at_line(&file(), 90, None),
        }
    }

    fn section(level: u8, title: &str, text: &str) -> Section {
        Section {
            number: None,
            level,
            title: title.to_string(),
            text: text.to_string(),
            prov: Provenance::at_line(&file(), 10, None),
            end_line: 10,
        }
    }

    fn indicator(name: &str, weight: &str, nature: &str, value: &str) -> Indicator {
        Indicator {
            category: None,
            name: name.to_string(),
            weight: Weight::parse(weight),
            weight_text: weight.to_string(),
            nature: Nature::parse(nature),
            nature_text: nature.to_string(),
            value: value.to_string(),
            unit: "%".to_string(),
            core: Some(true),
            prov: Provenance::at_line(&file(), 200, None),
        }
    }

    fn text_field(s: &str) -> Option<TextField> {
        Some(TextField {
            text: s.to_string(),
            prov: Provenance::at_line(&file(), 150, None),
        })
    }

    fn perf(kind: PerformanceKind, name: &str, budget: Option<&str>) -> PerformanceTable {
        PerformanceTable {
            kind,
            number: None,
            title: "绩效目标表".to_string(),
            unit: Some(MoneyUnit::WanYuan),
            compiler: None,
            name: if name.is_empty() {
                None
            } else {
                text_field(name)
            },
            department: text_field("806-某街道办事处"),
            budget: budget.map(|b| AmountFact {
                amount: parse_amount(b, MoneyUnit::WanYuan).unwrap().unwrap(),
                prov: Provenance::at_line(&file(), 151, None),
            }),
            overview: text_field("项目概况"),
            basis: text_field("立项依据"),
            goal: text_field("当年绩效目标"),
            indicators: vec![indicator("完成率", "100", "≥", "95")],
            empty_note: None,
            prov: Provenance::at_line(&file(), 150, None),
            end_line: 160,
        }
    }

    fn disclosure(tables: Vec<Table>) -> Disclosure {
        Disclosure {
            meta: DocumentMeta {
                year: Some(2025),
                region: Region::Chongqing,
                unit: UnitIdentity {
                    code: Some("806".into()),
                    name: Some("某街道办事处".into()),
                    ..UnitIdentity::default()
                },
                ..DocumentMeta::default()
            },
            tables,
            ..Disclosure::default()
        }
    }

    fn has_note(notes: &[ConversionNote], needle: &str) -> bool {
        notes.iter().any(|n| n.message.contains(needle))
    }

    fn line<'b>(b: &'b Budget, c: &str, s: FundSource) -> &'b ExpenditureLine {
        b.expenditure
            .iter()
            .find(|l| l.code.as_str() == c && l.source == s)
            .unwrap_or_else(|| panic!("no line {c} {s:?} in {:#?}", b.expenditure))
    }

    use ColumnKey as K;
    use FundSource as S;

    /// A small document shaped like the 重庆 reference (表一–表十二).
    fn chongqing_like() -> Disclosure {
        let w = MoneyUnit::WanYuan;
        let summary = table(
            TableKind::DepartmentSummary,
            "表六",
            w,
            vec![
                col_side(K::Amount, Side::Income),
                col_side(K::Amount, Side::Expenditure),
            ],
        )
        .income_row("合计", &["1,618.63"])
        .income_row("一般公共预算资金", &["1,616.16"])
        .income_row("政府性基金预算资金", &[""])
        .income_row("国有资本经营预算资金", &["2.47"])
        .income_row("事业收入资金", &[""])
        .push(Side::Expenditure, "", "合计", &["1,618.63"])
        .done();
        let gb = table(
            TableKind::GeneralBudgetExpenditure,
            "表二",
            w,
            cols(&[K::Total, K::Basic, K::Project]),
        )
        .row("", "合计", &["1,616.16", "482.81", "1,133.35"])
        .row(
            "201",
            "一般公共预算服务支出",
            &["927.66", "442.61", "485.05"],
        )
        .row(
            "20103",
            "政府办公厅（室）及相关机构事务",
            &["927.66", "442.61", "485.05"],
        )
        .row("2010301", "行政运行", &["442.61", "442.61", ""])
        .row("2010302", "一般行政管理事务", &["485.05", "", "485.05"])
        .row("208", "社会保障和就业支出", &["", "", ""])
        .row("20802", "民政管理事务", &["", "", ""])
        .row("2080208", "基层政权建设和社区治理", &["", "", ""])
        .row("212", "城乡社区支出", &["688.50", "40.20", "648.30"])
        .row("21201", "城乡社区管理事务", &["688.50", "40.20", "648.30"])
        .row("2120104", "城管执法", &["688.50", "40.20", "648.30"])
        .done();
        let econ = table(
            TableKind::GeneralBudgetBasicEconomic,
            "表三",
            w,
            cols(&[K::Total, K::Personnel, K::Operating]),
        )
        .row("", "合计", &["482.81", "442.61", "40.20"])
        .row("301", "工资福利支出", &["442.61", "442.61", ""])
        .row("30101", "基本工资", &["400.00", "400.00", ""])
        .row("30102", "津贴补贴", &["42.61", "42.61", ""])
        .row("302", "商品和服务支出", &["34.20", "", "34.20"])
        .row("30201", "办公费", &["34.20", "", "34.20"])
        .row("310", "资本性支出", &["6.00", "", "6.00"])
        .done();
        let three = table(
            TableKind::ThreePublic,
            "表四",
            w,
            cols(&[
                K::Total,
                K::Overseas,
                K::VehicleTotal,
                K::VehiclePurchase,
                K::VehicleOperation,
                K::Reception,
            ]),
        )
        .row("", "", &["33.50", "3.00", "27.50", "", "27.50", "3.00"])
        .done();
        let fund = table(
            TableKind::GovFundExpenditure,
            "表五",
            w,
            cols(&[K::Total, K::Basic, K::Project]),
        )
        .row("", "合计", &["", "", ""])
        .empty_note("（备注：本部门无政府性基金收支，故此表无数据。）")
        .done();
        let income = table(
            TableKind::DepartmentIncome,
            "表七",
            w,
            cols(&[
                K::Total,
                K::GeneralBudget,
                K::GovFund,
                K::StateCapital,
                K::OperatingRevenue,
            ]),
        )
        .row("", "合计", &["1,618.63", "1,616.16", "", "2.47", ""])
        .row("223", "国有资本经营预算支出", &["2.47", "", "", "2.47", ""])
        .row(
            "2230105",
            "国有企业退休人员社会化管理补助支出",
            &["2.47", "", "", "2.47", ""],
        )
        .done();
        let dept = table(
            TableKind::DepartmentExpenditure,
            "表八",
            w,
            cols(&[K::Total, K::Basic, K::Project]),
        )
        .row("", "合计", &["1,618.63", "482.81", "1,135.82"])
        .row("2010301", "行政运行", &["442.61", "442.61", ""])
        .row("2010302", "一般行政管理事务", &["485.05", "", "485.05"])
        .row("2120104", "城管执法", &["688.50", "40.20", "648.30"])
        .row("223", "国有资本经营预算支出", &["2.47", "", "2.47"])
        .row(
            "22301",
            "解决历史遗留问题及改革成本支出",
            &["2.47", "", "2.47"],
        )
        .row(
            "2230105",
            "国有企业退休人员社会化管理补助支出",
            &["2.47", "", "2.47"],
        )
        .done();
        let proc = table(
            TableKind::Procurement,
            "表九",
            w,
            cols(&[K::Total, K::GeneralBudget]),
        )
        .row("", "合计", &["954.58", "954.58"])
        .row("", "C 服务", &["954.58", "954.58"])
        .done();
        let mut d = disclosure(vec![summary, gb, econ, three, fund, income, dept, proc]);
        let mut overall = perf(
            PerformanceKind::Overall,
            "806—某街道办事处",
            Some("1,618.63"),
        );
        overall.goal = text_field("一是重实战；二是服好务。");
        let mut key = perf(PerformanceKind::KeyProject, "", None);
        key.indicators.clear();
        key.goal = None;
        d.performance = vec![
            overall,
            key,
            perf(PerformanceKind::Project, "统战工作经费", Some("6.00")),
        ];
        d.narrative = Narrative {
            sections: vec![
                section(1, "一、单位基本情况", ""),
                section(2, "（一）职能职责", "负责辖区党建、治理和服务。"),
                section(
                    2,
                    "（二）单位构成",
                    "内设机构 5 个，下属 6 个二级预算单位。",
                ),
                section(1, "六、专业性名词解释", ""),
                section(
                    2,
                    "（一）财政拨款收入：指本年度从本级财政部门取得的财政拨款。",
                    "",
                ),
                section(
                    2,
                    "基本支出",
                    "指为保障机构正常运转而发生的人员经费和公用经费。",
                ),
                section(1, "七、其他", ""),
            ],
            facts: vec![
                fact(
                    FactKey::IncomeTotal,
                    "1618.63",
                    Some((Direction::Decrease, "91.13")),
                ),
                fact_with_reason(
                    FactKey::Basic,
                    "482.81",
                    Some((Direction::Increase, "21.70")),
                    Some("主要原因是人员调薪等"),
                ),
                fact(
                    FactKey::ThreePublicTotal,
                    "33.5",
                    Some((Direction::Flat, "")),
                ),
                fact(FactKey::Overseas, "3", Some((Direction::Flat, ""))),
                fact(FactKey::Reception, "3", Some((Direction::Flat, ""))),
                fact(
                    FactKey::VehicleOperation,
                    "27.5",
                    Some((Direction::Flat, "")),
                ),
                fact(FactKey::VehiclePurchase, "0", Some((Direction::Flat, ""))),
                fact(
                    FactKey::AdminCost,
                    "187.91",
                    Some((Direction::Decrease, "4.81")),
                ),
                fact(
                    FactKey::ExpenditureByCode {
                        code: code("201"),
                        name: "一般公共服务支出".into(),
                    },
                    "927.66",
                    Some((Direction::Increase, "420.34")),
                ),
                fact(FactKey::ProcurementServices, "954.58", None),
                fact(FactKey::ProcurementTotal, "954.58", None),
            ],
            counts: vec![
                count(
                    CountKey::Vehicles,
                    5,
                    "截止 2024 年 12 月，本单位共有车辆 5 辆",
                ),
                count(
                    CountKey::VehiclesOfKind {
                        kind: "一般公务用车".into(),
                    },
                    5,
                    "其中一般公务用车 5 辆",
                ),
            ],
        };
        d
    }

    #[test]
    fn reads_a_chongqing_shaped_document() {
        let (b, notes) = convert(&chongqing_like());
        let dump: Vec<String> = notes.iter().map(|n| n.to_string()).collect();
        assert_eq!(b.year, 2025);
        assert_eq!(b.region, Region::Chongqing);
        assert_eq!(b.unit.code.as_deref(), Some("806"));
        assert_eq!(
            b.display,
            Display {
                unit: MoneyUnit::WanYuan,
                decimals: 2
            }
        );
        // Income from 表六.
        let income: Vec<(FundSource, Fen, bool)> = b
            .income
            .iter()
            .map(|l| (l.source, l.amount, l.carried_forward))
            .collect();
        assert_eq!(
            income,
            vec![
                (S::GeneralBudget, wan("1616.16"), false),
                (S::StateCapital, wan("2.47"), false)
            ]
        );
        assert!(b.income[0].prov.as_ref().unwrap().table.is_some());
        // Expenditure: 表二's 项 rows (blank rows kept), 国有资本经营 from 表八 − 表二.
        let codes: Vec<(&str, FundSource)> = b
            .expenditure
            .iter()
            .map(|l| (l.code.as_str(), l.source))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("2010301", S::GeneralBudget),
                ("2010302", S::GeneralBudget),
                ("2080208", S::GeneralBudget),
                ("2120104", S::GeneralBudget),
                ("2230105", S::StateCapital),
            ]
        );
        let cg = line(&b, "2120104", S::GeneralBudget);
        assert_eq!((cg.basic, cg.project), (wan("40.20"), wan("648.30")));
        assert_eq!(cg.name, "城管执法");
        let sc = line(&b, "2230105", S::StateCapital);
        assert_eq!((sc.basic, sc.project), (Fen::ZERO, wan("2.47")));
        assert_eq!(sc.name, "国有企业退休人员社会化管理补助支出");
        assert_eq!(b.expenditure_total(), b.income_total(), "{dump:#?}");
        // Economic: 款 rows, and the 类 row where a 类 has no 款.
        let econ: Vec<(&str, Fen, Fen)> = b
            .economic
            .iter()
            .map(|l| (l.code.as_str(), l.personnel, l.operating))
            .collect();
        assert_eq!(
            econ,
            vec![
                ("30101", wan("400"), Fen::ZERO),
                ("30102", wan("42.61"), Fen::ZERO),
                ("30201", Fen::ZERO, wan("34.20")),
                ("310", Fen::ZERO, wan("6")),
            ]
        );
        // The disclosed 类 name that differs from the catalogue is kept; matching names are not.
        assert_eq!(
            b.code_names.get(&code("201")).map(String::as_str),
            Some("一般公共预算服务支出")
        );
        assert!(!b.code_names.contains_key(&code("20103")));
        assert!(!b.code_names.contains_key(&code("30201")));
        // 三公, 机关运行经费, 政府采购, assets.
        assert_eq!(
            b.three_public,
            ThreePublic {
                overseas: wan("3"),
                vehicle_purchase: Fen::ZERO,
                vehicle_operation: wan("27.5"),
                reception: wan("3"),
            }
        );
        assert_eq!(b.admin_cost, Some(wan("187.91")));
        assert_eq!(b.procurement.services, wan("954.58"));
        assert_eq!(b.procurement.total(), wan("954.58"));
        assert_eq!(b.assets.vehicles, Some(5));
        assert_eq!(b.assets.as_of.as_deref(), Some("2024年12月"));
        assert_eq!(b.assets.vehicles_by_kind.get("一般公务用车"), Some(&5));
        // Performance.
        let goal = b.overall_goal.as_ref().unwrap();
        assert!(goal.text.starts_with("一是"));
        assert_eq!(goal.indicators.len(), 1);
        assert_eq!(
            b.projects.len(),
            1,
            "the empty 重点专项 table gives no project"
        );
        let p = &b.projects[0];
        assert_eq!(p.name, "统战工作经费");
        assert_eq!(p.amount, wan("6"));
        assert!(!p.key);
        assert_eq!(p.department.as_deref(), Some("806-某街道办事处"));
        assert_eq!(p.goal.text, "当年绩效目标");
        // Prior year = this year − signed change.
        assert_eq!(b.prior_year.income_total, Some(wan("1709.76")));
        assert_eq!(b.prior_year.basic, Some(wan("461.11")));
        assert_eq!(b.prior_year.admin_cost, Some(wan("192.72")));
        assert_eq!(
            b.prior_year.by_class.get(&code("201")),
            Some(&wan("507.32"))
        );
        assert_eq!(b.prior_year.three_public, Some(b.three_public.clone()));
        // Narrative inputs.
        assert_eq!(b.narrative.functions, "负责辖区党建、治理和服务。");
        assert!(b.narrative.organisation.starts_with("内设机构"));
        assert_eq!(
            b.narrative.glossary,
            vec![
                (
                    "财政拨款收入".to_string(),
                    "指本年度从本级财政部门取得的财政拨款。".to_string()
                ),
                (
                    "基本支出".to_string(),
                    "指为保障机构正常运转而发生的人员经费和公用经费。".to_string()
                ),
            ]
        );
        assert_eq!(
            b.narrative.reasons,
            vec![ChangeReason {
                subject: "basic".into(),
                text: "主要原因是人员调薪等".into()
            }]
        );
        // A consistent document needs no choice between disagreeing sources.
        assert!(
            !notes.iter().any(|n| n.message.contains("不一致")
                || n.message.contains("采用表")
                || n.message.contains("不等于")),
            "{dump:#?}"
        );
    }

    #[test]
    fn other_sources_are_split_basic_first_in_source_order() {
        let w = MoneyUnit::WanYuan;
        let gb = table(
            TableKind::GeneralBudgetExpenditure,
            "表二",
            w,
            cols(&[K::Total, K::Basic, K::Project]),
        )
        .row("", "合计", &["100.00", "100.00", ""])
        .row("2010301", "行政运行", &["100.00", "100.00", ""])
        .done();
        let dept = table(
            TableKind::DepartmentExpenditure,
            "表八",
            w,
            cols(&[K::Total, K::Basic, K::Project]),
        )
        .row("", "合计", &["160.00", "130.00", "30.00"])
        .row("2010301", "行政运行", &["160.00", "130.00", "30.00"])
        .done();
        let income = table(
            TableKind::DepartmentIncome,
            "表七",
            w,
            cols(&[
                K::Total,
                K::GeneralBudget,
                K::OperatingRevenue,
                K::OtherRevenue,
            ]),
        )
        .row("", "合计", &["160.00", "100.00", "40.00", "20.00"])
        .row(
            "2010301",
            "行政运行",
            &["160.00", "100.00", "40.00", "20.00"],
        )
        .done();
        let (b, notes) = convert(&disclosure(vec![gb, dept, income]));
        let op = line(&b, "2010301", S::OperatingRevenue);
        assert_eq!((op.basic, op.project), (wan("30"), wan("10")));
        let other = line(&b, "2010301", S::OtherRevenue);
        assert_eq!((other.basic, other.project), (Fen::ZERO, wan("20")));
        let gbl = line(&b, "2010301", S::GeneralBudget);
        assert_eq!((gbl.basic, gbl.project), (wan("100"), Fen::ZERO));
        assert!(has_note(&notes, "先分基本支出"), "{notes:#?}");
        // Income from the 合计 row of 部门收入总表 (no 收支总表 here).
        assert_eq!(b.income_from(S::OperatingRevenue), wan("40"));
        assert_eq!(b.income_total(), b.expenditure_total());
    }

    #[test]
    fn one_other_source_needs_no_note() {
        let w = MoneyUnit::WanYuan;
        let dept = table(
            TableKind::DepartmentExpenditure,
            "表八",
            w,
            cols(&[K::Total, K::Basic, K::Project]),
        )
        .row("2050101", "行政运行", &["50.00", "20.00", "30.00"])
        .done();
        let income = table(
            TableKind::DepartmentIncome,
            "表七",
            w,
            cols(&[K::Total, K::OperatingRevenue]),
        )
        .row("", "合计", &["50.00", "50.00"])
        .row("2050101", "行政运行", &["50.00", "50.00"])
        .done();
        let (b, notes) = convert(&disclosure(vec![dept, income]));
        let l = line(&b, "2050101", S::OperatingRevenue);
        assert_eq!((l.basic, l.project), (wan("20"), wan("30")));
        assert!(!has_note(&notes, "先分基本支出"), "{notes:#?}");
    }

    #[test]
    fn disagreeing_income_tables_say_which_was_used() {
        let w = MoneyUnit::WanYuan;
        let summary = table(
            TableKind::DepartmentSummary,
            "表六",
            w,
            vec![col_side(K::Amount, Side::Income)],
        )
        .income_row("一般公共预算资金", &["100.00"])
        .income_row("二、上年结转", &[""])
        .income_row("一般公共预算拨款", &["5.00"])
        .done();
        let income = table(
            TableKind::DepartmentIncome,
            "表七",
            w,
            cols(&[K::Total, K::GeneralBudget]),
        )
        .row("", "合计", &["90.00", "90.00"])
        .done();
        let (b, notes) = convert(&disclosure(vec![summary, income]));
        assert_eq!(b.income_from(S::GeneralBudget), wan("105"));
        assert!(b
            .income
            .iter()
            .any(|l| l.carried_forward && l.amount == wan("5")));
        let n = notes
            .iter()
            .find(|n| n.message.contains("表七"))
            .expect("a note on the disagreement");
        assert!(n.message.contains("采用表六"), "{n}");
        assert!(n.prov.is_some());
    }

    #[test]
    fn fiscal_lump_is_not_counted_twice() {
        // 上海: 收入预算总表 has one 财政拨款收入 column; 财务收支总表 lists the budgets.
        let y = MoneyUnit::Yuan;
        let summary = table(
            TableKind::DepartmentSummary,
            "1",
            y,
            vec![col_side(K::Amount, Side::Income)],
        )
        .income_row("一、财政拨款收入", &["1,000"])
        .income_row("1. 一般公共预算资金", &["1,000"])
        .income_row("2. 政府性基金", &[""])
        .income_row("二、事业收入", &["300"])
        .income_row("收入总计", &["1,300"])
        .done();
        let gb = table(
            TableKind::GeneralBudgetExpenditure,
            "5",
            y,
            cols(&[K::Total, K::Basic, K::Project]),
        )
        .row("2010301", "行政运行", &["1,000", "1,000", ""])
        .done();
        let income = table(
            TableKind::DepartmentIncome,
            "2",
            y,
            cols(&[K::Total, K::Fiscal, K::OperatingRevenue]),
        )
        .row("2010301", "行政运行", &["1,000", "1,000", "0"])
        .row("2050101", "行政运行", &["300", "0", "300"])
        .done();
        let dept = table(
            TableKind::DepartmentExpenditure,
            "3",
            y,
            cols(&[K::Total, K::Basic, K::Project]),
        )
        .row("2010301", "行政运行", &["1,000", "1,000", ""])
        .row("2050101", "行政运行", &["300", "", "300"])
        .done();
        let (b, notes) = convert(&disclosure(vec![summary, gb, income, dept]));
        assert_eq!(
            b.display,
            Display {
                unit: MoneyUnit::Yuan,
                decimals: 0
            }
        );
        assert_eq!(b.expenditure.len(), 2, "{:#?}", b.expenditure);
        let l = line(&b, "2050101", S::OperatingRevenue);
        assert_eq!(l.project, Fen::from_yuan(300));
        assert_eq!(b.income_from(S::GeneralBudget), Fen::from_yuan(1000));
        assert_eq!(b.income_from(S::OperatingRevenue), Fen::from_yuan(300));
        assert!(!has_note(&notes, "不一致"), "{notes:#?}");
    }

    #[test]
    fn unsplit_fiscal_income_is_general_budget_with_a_note() {
        let income = table(
            TableKind::DepartmentIncome,
            "2",
            MoneyUnit::Yuan,
            cols(&[K::Total, K::Fiscal, K::OtherRevenue, K::CarriedForward]),
        )
        .row("", "合计", &["1,000", "900", "100", "50"])
        .done();
        let (b, notes) = convert(&disclosure(vec![income]));
        let got: Vec<(FundSource, Fen, bool)> = b
            .income
            .iter()
            .map(|l| (l.source, l.amount, l.carried_forward))
            .collect();
        assert_eq!(
            got,
            vec![
                (S::GeneralBudget, Fen::from_yuan(900), false),
                (S::OtherRevenue, Fen::from_yuan(100), false),
                (S::GeneralBudget, Fen::from_yuan(50), true),
            ]
        );
        assert!(
            has_note(&notes, "财政拨款收入 900.00 元 没有分来源"),
            "{notes:#?}"
        );
        assert!(
            has_note(&notes, "上年结转 50.00 元 没有分来源"),
            "{notes:#?}"
        );
    }

    #[test]
    fn deepest_level_and_sum_checks() {
        let w = MoneyUnit::WanYuan;
        // Only 类 and 款 rows; 212 is off by 0.01 (rounding), 201 by 5 (an error).
        let gb = table(
            TableKind::GeneralBudgetExpenditure,
            "表二",
            w,
            cols(&[K::Total, K::Basic, K::Project]),
        )
        .row("", "合计", &["110.00", "60.00", "50.00"])
        .row("201", "一般公共服务支出", &["65.00", "35.00", "30.00"])
        .row(
            "20103",
            "政府办公厅（室）及相关机构事务",
            &["60.00", "30.00", "30.00"],
        )
        .row("212", "城乡社区支出", &["50.01", "30.01", "20.00"])
        .row("21201", "城乡社区管理事务", &["50.00", "30.00", "20.00"])
        .done();
        let (b, notes) = convert(&disclosure(vec![gb]));
        let codes: Vec<&str> = b.expenditure.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, vec!["20103", "21201"]);
        assert!(
            notes
                .iter()
                .any(|n| n.message.contains("201 的基本支出") && n.message.contains("下级科目")),
            "{notes:#?}"
        );
        assert!(has_note(&notes, "舍入误差以内"), "{notes:#?}");
    }

    #[test]
    fn table_without_split_columns_is_basic_with_a_note() {
        let w = MoneyUnit::WanYuan;
        let gb = table(
            TableKind::GeneralBudgetExpenditure,
            "表二",
            w,
            cols(&[K::Amount]),
        )
        .row("2010301", "行政运行", &["12.00"])
        .done();
        let (b, notes) = convert(&disclosure(vec![gb]));
        let l = line(&b, "2010301", S::GeneralBudget);
        assert_eq!((l.basic, l.project), (wan("12"), Fen::ZERO));
        assert!(has_note(&notes, "全部记为基本支出"));
    }

    #[test]
    fn narrative_only_document() {
        let mut d = Disclosure::default();
        d.narrative.facts = vec![
            fact(FactKey::Overseas, "1.00", None),
            fact(FactKey::VehicleTotal, "10.00", None),
            fact(FactKey::VehiclePurchase, "4.00", None),
            fact(FactKey::Reception, "2.00", None),
            fact(FactKey::AdminCost, "50.00", None),
            fact(FactKey::ProcurementGoods, "7.00", None),
            fact(FactKey::ProcurementSmeReserved, "3.00", None),
            fact(
                FactKey::IncomeBySource {
                    source: S::GeneralBudget,
                },
                "80.00",
                Some((Direction::Increase, "5.00")),
            ),
        ];
        let (b, notes) = convert(&d);
        assert_eq!(b.year, 0);
        assert!(has_note(&notes, "年度"));
        assert_eq!(b.three_public.vehicle_operation, wan("6"));
        assert_eq!(b.three_public.total(), wan("13"));
        assert_eq!(b.admin_cost, Some(wan("50")));
        assert_eq!(b.procurement.goods, wan("7"));
        assert_eq!(b.procurement.sme_reserved, Some(wan("3")));
        assert_eq!(b.income_from(S::GeneralBudget), wan("80"));
        // With the year unknown, the stated comparison year cannot be checked: it is used.
        assert_eq!(
            b.prior_year.by_source.get(&S::GeneralBudget),
            Some(&wan("75"))
        );
    }

    #[test]
    fn narrative_disagreeing_with_a_table_is_noted() {
        let w = MoneyUnit::WanYuan;
        let three = table(
            TableKind::ThreePublic,
            "9",
            w,
            vec![
                col(K::Total),
                col(K::Overseas),
                col(K::VehiclePurchase),
                col(K::VehicleOperation),
                col(K::Reception),
                col(K::AdminCost),
                col_year(K::Overseas, 2024),
                col_year(K::VehiclePurchase, 2024),
                col_year(K::VehicleOperation, 2024),
                col_year(K::Reception, 2024),
            ],
        )
        .row(
            "",
            "",
            &[
                "37.91", "0", "15", "21.56", "1.35", "464.64", "0", "25", "21.56", "1.35",
            ],
        )
        .done();
        let mut d = disclosure(vec![three]);
        d.narrative.facts = vec![
            fact(FactKey::Reception, "1.50", None),
            fact(FactKey::AdminCost, "464.64", None),
        ];
        let (b, notes) = convert(&d);
        assert_eq!(b.three_public.reception, wan("1.35"));
        assert_eq!(b.admin_cost, Some(wan("464.64")));
        assert_eq!(
            b.prior_year
                .three_public
                .as_ref()
                .map(|t| t.vehicle_purchase),
            Some(wan("25"))
        );
        let n = notes
            .iter()
            .find(|n| n.message.contains("公务接待费"))
            .expect("note");
        assert!(n.message.contains("采用表"), "{n}");
    }

    #[test]
    fn the_only_class_223_takes_the_change_of_state_capital_spending() {
        // A unit that spends only 国有资本经营预算 money, under 223: the narrative's
        // `国有资本经营预算支出减少…` is the class's change as much as the source's.
        let w = MoneyUnit::WanYuan;
        let dept = table(
            TableKind::DepartmentExpenditure,
            "表三",
            w,
            cols(&[K::Total, K::Basic, K::Project]),
        )
        .row("", "合计", &["36.09", "", "36.09"])
        .row("223", "国有资本经营预算支出", &["36.09", "", "36.09"])
        .row(
            "2230105",
            "国有企业退休人员社会化管理补助支出",
            &["36.09", "", "36.09"],
        )
        .done();
        let mut d = disclosure(vec![dept]);
        d.narrative.facts = vec![fact(
            FactKey::ExpenditureBySource {
                source: S::StateCapital,
            },
            "36.09",
            Some((Direction::Decrease, "712.73")),
        )];
        let (b, _) = convert(&d);
        assert_eq!(
            b.prior_year.by_class.get(&code("223")),
            Some(&wan("748.82"))
        );
    }

    #[test]
    fn empty_disclosure_gives_an_empty_budget() {
        let (b, notes) = convert(&Disclosure::default());
        assert!(b.income.is_empty() && b.expenditure.is_empty() && b.economic.is_empty());
        assert!(!notes.is_empty());
        assert!(notes.iter().all(|n| !n.message.is_empty()));
    }

    #[test]
    fn helpers() {
        assert_eq!(
            as_of("截至2024年8月31日，共有车辆8辆").as_deref(),
            Some("2024年8月31日")
        );
        assert_eq!(as_of("共有车辆8辆"), None);
        assert_eq!(
            split_term("（三）基本支出：指保障运转的支出"),
            Some(("基本支出".into(), "指保障运转的支出".into()))
        );
        assert_eq!(strip_numbering("1. 一般公共预算资金"), "一般公共预算资金");
        assert_eq!(strip_numbering("二、事业收入"), "事业收入");
        assert_eq!(
            source_of_label("事业单位经营收入资金"),
            Some(Ok(S::BusinessRevenue))
        );
        assert_eq!(
            source_of_label("国有资本经营收入"),
            Some(Ok(S::StateCapital))
        );
        assert_eq!(source_of_label("一、财政拨款收入"), Some(Err(())));
        assert_eq!(source_of_label("用事业基金弥补收支差额"), None);
    }

    mod never_panics {
        use super::*;
        use proptest::prelude::*;

        const CODES: [&str; 10] = [
            "201", "20103", "2010301", "2010302", "212", "21201", "2120104", "301", "30101",
            "99999",
        ];
        const KEYS: [ColumnKey; 12] = [
            K::Total,
            K::Amount,
            K::Basic,
            K::Project,
            K::Personnel,
            K::Operating,
            K::GeneralBudget,
            K::OperatingRevenue,
            K::Fiscal,
            K::VehicleTotal,
            K::AdminCost,
            K::CarriedForward,
        ];
        const LABELS: [&str; 8] = [
            "合计",
            "一般公共预算资金",
            "二、上年结转",
            "一、财政拨款收入",
            "事业收入",
            "服务",
            "行政运行",
            "",
        ];

        fn amount() -> impl Strategy<Value = Option<i64>> {
            prop_oneof![
                Just(None),
                (-1_000_000_000i64..1_000_000_000).prop_map(Some),
                any::<i64>().prop_map(Some),
            ]
        }

        type RawRow = (usize, usize, u8, Vec<Option<i64>>);

        fn raw_table() -> impl Strategy<Value = (usize, Vec<usize>, Vec<RawRow>)> {
            (
                0usize..TableKind::ALL.len(),
                proptest::collection::vec(0usize..KEYS.len(), 0..5),
                proptest::collection::vec(
                    (
                        0usize..=CODES.len(),
                        0usize..LABELS.len(),
                        0u8..3,
                        proptest::collection::vec(amount(), 0..6),
                    ),
                    0..8,
                ),
            )
        }

        fn build((kind, keys, rows): (usize, Vec<usize>, Vec<RawRow>)) -> Table {
            let kind = TableKind::ALL[kind];
            let columns: Vec<Column> = keys
                .iter()
                .enumerate()
                .map(|(i, k)| Column {
                    side: if i % 2 == 0 {
                        Side::Income
                    } else {
                        Side::Single
                    },
                    year: if i == 3 { Some(2024) } else { None },
                    ..col(KEYS[*k])
                })
                .collect();
            let mut t = table(kind, "表", MoneyUnit::WanYuan, columns.clone()).done();
            for (code, label, side, vals) in rows {
                let side = [Side::Single, Side::Income, Side::Expenditure][side as usize % 3];
                let cells = vals
                    .iter()
                    .enumerate()
                    .map(|(i, v)| Cell {
                        column: columns.get(i).map(|c| c.key).unwrap_or(K::Total),
                        col: i,
                        amount: v.map(|f| Amount::new(Fen(f), MoneyUnit::WanYuan, 2)),
                        text: String::new(),
                        prov: Provenance::default(),
                        doubtful: false,
                    })
                    .collect();
                t.rows.push(Row {
                    kind: if LABELS[label] == "合计" {
                        RowKind::Total
                    } else {
                        RowKind::Coded
                    },
                    side,
                    code: CODES.get(code).and_then(|c| Code::parse(c)),
                    label: LABELS[label].to_string(),
                    cells,
                    prov: Provenance::default(),
                    catalog: None,
                    malformed_code: None,
                    part: 0,
                });
            }
            t
        }

        proptest! {
            #[test]
            fn on_random_tables(tables in proptest::collection::vec(raw_table(), 0..8),
                                facts in proptest::collection::vec((0usize..6, amount(), amount()), 0..6)) {
                let mut d = disclosure(tables.into_iter().map(build).collect());
                let keys = [FactKey::IncomeTotal, FactKey::Basic, FactKey::Overseas,
                    FactKey::VehicleTotal, FactKey::AdminCost, FactKey::ProcurementTotal];
                for (k, a, c) in facts {
                    d.narrative.facts.push(Fact {
                        key: keys[k].clone(),
                        amount: a.map(|f| Amount::new(Fen(f), MoneyUnit::WanYuan, 2)),
                        change: Some(Change {
                            direction: Direction::Decrease,
                            amount: c.map(|f| Amount::new(Fen(f), MoneyUnit::WanYuan, 2)),
                            percent: None,
                            versus_year: None,
                            reasons: Vec::new(),
                            reason_text: None,
                            prov: Provenance::default(),
                        }),
                        text: String::new(),
                        section: None,
                        prov: Provenance::default(),
                    });
                }
                let (b, _notes) = convert(&d);
                // Each (code, source) once.
                let mut keys = BTreeSet::new();
                for l in &b.expenditure {
                    prop_assert!(keys.insert((l.code.clone(), l.source)));
                }
            }
        }
    }
}
