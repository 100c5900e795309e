//! Year over year (issue 11): the same unit's documents linked across years and kinds, and the
//! figures one document states about another's compared with what that other states itself:
//!
//! - 上年预算 / 上年决算: a document's prior-year figures (`比上年增加 84.30 万元`: last year's
//!   figure is this year's less the change) against the same unit's document of the same kind
//!   of the year before;
//! - 年初预算 vs 决算: the budget at the start of the year a 决算 states beside its 决算数
//!   (`支出年初预算为 X 万元，支出决算为 Y 万元`, a 年初预算数 column) against the unit's budget
//!   of that year;
//! - 上年执行数 vs 决算: last year's 执行数 a budget states (`比2024年预算执行数增加 …`,
//!   `2024年当年预算执行数为 …`, an 执行数 column) against the unit's 决算 of that year.
//!
//! A difference is not by itself an error of either document: a budget adjusted during the
//! year (调整预算) is compared with its adjusted figure, and a budget's 执行数 is an estimate
//! made before the 决算 was closed. It is a question for the reviewer, shown in the reports as
//! 不一致 with both documents' pages. Only figures each document states unambiguously are
//! compared: a subject a document gives two different amounts for (in different contexts, say
//! 基本支出 of all money and of the general budget, or a code's expenditure of all money in one
//! table and of the general budget in another) is left out.

use std::collections::BTreeMap;
use yusuan_model::disclosure::{
    ColumnKey, Fact, FactKey, Figure as ColumnFigure, FundSource, RowKind, Table, TableKind,
};
use yusuan_model::{Catalog, Code, Disclosure, Fen, Level, MoneyUnit, Scheme};

/// One document of a collection, as far as linking goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub id: String,
    pub unit: String,
    pub year: i64,
    /// `department_budget`, `unit_final_accounts` … (`yusuan_model::DocKind` in snake case).
    pub kind: String,
}

impl Key {
    fn final_accounts(&self) -> bool {
        self.kind.ends_with("final_accounts")
    }

    /// `department` or `unit`: a 部门决算 goes with a 部门预算, a 单位决算 with a 单位预算.
    fn level(&self) -> &str {
        self.kind.split('_').next().unwrap_or("")
    }

    /// The unit's name as linking compares it: spaces ignored, the long forms of a party
    /// body's name shortened (`中国共产党江苏省委员会办公厅` is `中共江苏省委办公厅`), as pairing
    /// the two files of one disclosure compares them.
    fn unit_name(&self) -> String {
        yusuan_import::unit_core(&self.unit)
    }
}

/// What a link compares.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Link {
    /// Budget Y−1 → budget Y: the prior-year figures the later budget states.
    PriorBudget,
    /// 决算 Y−1 → 决算 Y: the prior-year figures the later 决算 states.
    PriorFinal,
    /// Budget Y ↔ 决算 Y: the 年初预算 the 决算 states against the budget's own figures.
    BudgetVsFinal,
    /// 决算 Y−1 → budget Y: the 上年执行数 the budget states against the 决算's figures.
    ExecutionVsFinal,
}

impl Link {
    pub const ALL: [Link; 4] = [
        Link::PriorBudget,
        Link::PriorFinal,
        Link::BudgetVsFinal,
        Link::ExecutionVsFinal,
    ];

    /// As the reports name it.
    pub fn label(self) -> &'static str {
        match self {
            Link::PriorBudget => "上年预算",
            Link::PriorFinal => "上年决算",
            Link::BudgetVsFinal => "年初预算 vs 决算",
            Link::ExecutionVsFinal => "上年执行数 vs 决算",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Link::PriorBudget => "prior-year budget",
            Link::PriorFinal => "prior-year final accounts",
            Link::BudgetVsFinal => "budget at the start of the year, in the final accounts",
            Link::ExecutionVsFinal => "last year's execution in a budget, against final accounts",
        }
    }

    /// The id programs read (`summary.json`).
    pub fn id(self) -> &'static str {
        match self {
            Link::PriorBudget => "prior_budget",
            Link::PriorFinal => "prior_final",
            Link::BudgetVsFinal => "budget_vs_final",
            Link::ExecutionVsFinal => "execution_vs_final",
        }
    }
}

/// Two documents of one unit linked: `stating` states figures about `reference`, which
/// states them itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linked {
    pub link: Link,
    pub reference: Key,
    pub stating: Key,
}

/// The documents grouped per unit (by the unit's name as the documents state it, spaces
/// ignored), each group in year order: linking looks only inside a group.
pub fn by_unit(keys: &[Key]) -> Vec<Vec<Key>> {
    let mut groups: BTreeMap<String, Vec<Key>> = BTreeMap::new();
    for k in keys {
        groups.entry(k.unit_name()).or_default().push(k.clone());
    }
    groups
        .into_values()
        .map(|mut g| {
            g.sort_by(|a, b| (a.year, &a.kind, &a.id).cmp(&(b.year, &b.kind, &b.id)));
            g
        })
        .collect()
}

/// Every link among the documents of one unit: consecutive years of one kind, a 决算 with the
/// budget of its year, a budget with the 决算 of the year before (部门 with 部门, 单位 with
/// 单位). Where a unit has two documents of one year and kind (a re-publication checked as its
/// own content), each is linked.
pub fn links(keys: &[Key]) -> Vec<Linked> {
    let mut out = Vec::new();
    for group in by_unit(keys) {
        for stating in &group {
            for reference in &group {
                let same_level = stating.level() == reference.level();
                let link = if stating.kind == reference.kind && reference.year == stating.year - 1 {
                    Some(if stating.final_accounts() {
                        Link::PriorFinal
                    } else {
                        Link::PriorBudget
                    })
                } else if same_level
                    && stating.final_accounts()
                    && !reference.final_accounts()
                    && reference.year == stating.year
                {
                    Some(Link::BudgetVsFinal)
                } else if same_level
                    && !stating.final_accounts()
                    && reference.final_accounts()
                    && reference.year == stating.year - 1
                {
                    Some(Link::ExecutionVsFinal)
                } else {
                    None
                };
                if let Some(link) = link {
                    out.push(Linked {
                        link,
                        reference: reference.clone(),
                        stating: stating.clone(),
                    });
                }
            }
        }
    }
    out
}

/// One figure compared across two documents.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Comparison {
    /// What the figure is (`收入合计`, `一般公共预算支出`, `“三公”经费`, `2013901 行政运行` …).
    pub subject: String,
    /// The figure as the stating document states it: last year's (its figure less its stated
    /// change), its 年初预算, its 上年执行数.
    pub stated: Fen,
    /// The figure as the reference document states it.
    pub prior: Fen,
    /// `stated − prior`; zero within the rounding of the two documents' figures.
    pub difference: Fen,
    /// The stating document's sentence (or table cell) and page.
    pub text: String,
    pub page: Option<u32>,
    /// The reference document's sentence (or table cell) and page.
    pub prior_text: String,
    pub prior_page: Option<u32>,
}

impl Comparison {
    pub fn agrees(&self) -> bool {
        self.difference == Fen::ZERO
    }
}

/// What a fact is about, for comparing across documents: a code's expenditure by its code
/// alone (a class renamed between years is the same class), the other subjects the narrative
/// states for the whole unit as they are. Subjects too loose to match across documents (a
/// project's name, anything else) are left out.
fn subject(key: &FactKey) -> Option<(String, String)> {
    let fixed = |id: &str, label: &str| Some((id.to_string(), label.to_string()));
    let source = |s: FundSource| s.label();
    match key {
        FactKey::IncomeTotal => fixed("income_total", "收入合计"),
        FactKey::IncomeBySource { source: s } => {
            Some((format!("income_{s:?}"), format!("{}收入", source(*s))))
        }
        FactKey::FiscalIncome => fixed("fiscal_income", "财政拨款收入"),
        FactKey::ExpenditureTotal => fixed("expenditure_total", "支出合计"),
        FactKey::FiscalExpenditure => fixed("fiscal_expenditure", "财政拨款支出"),
        FactKey::ExpenditureBySource { source: s } => Some(by_source(*s)),
        FactKey::ExpenditureByCode { code, name } => Some(by_code(code, name)),
        FactKey::Basic => fixed("basic", "基本支出"),
        FactKey::Project => fixed("project", "项目支出"),
        FactKey::ThreePublicTotal => fixed("three_public", "“三公”经费"),
        FactKey::Overseas => fixed("overseas", "因公出国（境）费"),
        FactKey::VehicleTotal => fixed("vehicles", "公务用车购置及运行费"),
        FactKey::VehiclePurchase => fixed("vehicle_purchase", "公务用车购置费"),
        FactKey::VehicleOperation => fixed("vehicle_operation", "公务用车运行维护费"),
        FactKey::Reception => fixed("reception", "公务接待费"),
        FactKey::AdminCost => fixed("admin_cost", "机关运行经费"),
        FactKey::ProcurementTotal => fixed("procurement", "政府采购"),
        _ => None,
    }
}

fn by_source(s: FundSource) -> (String, String) {
    (format!("expenditure_{s:?}"), format!("{}支出", s.label()))
}

fn by_code(code: &Code, name: &str) -> (String, String) {
    (
        format!("code_{}", code.as_str()),
        format!("{} {name}", code.as_str()),
    )
}

/// Subjects named in words, for the sentences the narrative reader keys by their words only
/// (`一般公共预算财政拨款支出年初预算为…`, `“三公”经费财政拨款支出年初预算为…`): the first
/// name found decides, the more specific names tried first.
fn named(text: &str) -> Option<(String, String)> {
    const NAMES: &[(&[&str], &str, &str)] = &[
        (&["三公"], "three_public", "“三公”经费"),
        (&["因公出国"], "overseas", "因公出国（境）费"),
        (
            &["公务用车购置及运行", "公务用车购置和运行"],
            "vehicles",
            "公务用车购置及运行费",
        ),
        (&["公务用车购置费"], "vehicle_purchase", "公务用车购置费"),
        (&["公务用车运行"], "vehicle_operation", "公务用车运行维护费"),
        (&["公务接待"], "reception", "公务接待费"),
        (&["机关运行经费"], "admin_cost", "机关运行经费"),
    ];
    for (needles, id, label) in NAMES {
        if needles.iter().any(|n| text.contains(n)) {
            return Some((id.to_string(), label.to_string()));
        }
    }
    for s in [
        FundSource::GeneralBudget,
        FundSource::GovFund,
        FundSource::StateCapital,
    ] {
        let l = s.label();
        let short = l.trim_end_matches("预算");
        if [
            format!("{l}财政拨款支出"),
            format!("{l}拨款支出"),
            format!("{l}支出"),
            format!("{short}财政拨款支出"),
        ]
        .iter()
        .any(|n| text.contains(n.as_str()))
        {
            return Some(by_source(s));
        }
    }
    if text.contains("财政拨款支出") {
        return Some(("fiscal_expenditure".into(), "财政拨款支出".into()));
    }
    None
}

/// A figure a document states, with where.
#[derive(Clone, Debug)]
struct Stated {
    fen: Fen,
    /// The coarsest step its statements are shown in, in 分.
    quantum: i64,
    text: String,
    page: Option<u32>,
}

/// Each subject's figure; `None` where the document states two different figures for it
/// (which one compares is unknown).
#[derive(Clone, Debug, Default)]
struct Subjects(BTreeMap<String, (String, Option<Stated>)>);

impl Subjects {
    fn add(&mut self, (id, label): (String, String), this: Stated) {
        match self.0.get_mut(&id) {
            None => {
                self.0.insert(id, (label, Some(this)));
            }
            Some((_, slot)) => {
                if let Some(s) = slot {
                    if (s.fen - this.fen).0.abs() > s.quantum.max(this.quantum) {
                        *slot = None;
                    } else {
                        s.quantum = s.quantum.max(this.quantum);
                    }
                }
            }
        }
    }
}

/// A subject's single figure over several sets of statements (a document's narrative and its
/// tables): `None` when any of them gives it two figures or two of them differ.
fn lookup<'a>(sets: &[&'a Subjects], id: &str) -> Option<(&'a str, Stated)> {
    let mut found: Option<(&str, Stated)> = None;
    for set in sets {
        let Some((label, slot)) = set.0.get(id) else {
            continue;
        };
        let s = slot.as_ref()?;
        match &mut found {
            None => found = Some((label.as_str(), s.clone())),
            Some((_, f)) => {
                if (f.fen - s.fen).0.abs() > f.quantum.max(s.quantum) {
                    return None;
                }
                f.quantum = f.quantum.max(s.quantum);
            }
        }
    }
    found
}

/// Which figures of a document [`Figures::listed`] gives.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// The document's own figures for its year (a budget's 预算数, a 决算's 决算数), narrative and
    /// tables together.
    Own,
    /// Last year's figures by the changes it states (against last year's budget in a budget,
    /// last year's 决算 in a 决算).
    Prior,
    /// A budget's 上年执行数 (stated, or its figure less a change against the 执行数).
    Execution,
    /// A 决算's 年初预算数.
    AtStart,
}

/// One figure of [`Figures::listed`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub subject: String,
    pub fen: Fen,
    pub page: Option<u32>,
    pub text: String,
}

/// What comparing needs of a document: its figures by role and subject, small beside the
/// disclosure they are read from (kept for one unit's documents at a time).
#[derive(Clone, Debug, Default)]
pub struct Figures {
    /// The narrative's own figures.
    own: Subjects,
    /// The tables' own figures (a code's expenditure, totals, 三公).
    tables: Subjects,
    prior: Subjects,
    execution: Subjects,
    at_start: Subjects,
}

impl Figures {
    /// Read the figures `d` states (narrative facts and certain table cells).
    pub fn of(d: &Disclosure) -> Figures {
        let mut out = Figures::default();
        let final_accounts = d.meta.kind.is_final_accounts();
        let prior_year = d.meta.year.map(|y| y.saturating_sub(1));
        let names = RowNames::of(d);
        let mut context = Context::of(d);
        for f in &d.narrative.facts {
            let place = context.locate(&f.text);
            let head = place.map(|p| p.head);
            let Some(a) = f.amount else {
                continue;
            };
            let Some(id) = subject(&f.key).or_else(|| worded(f, head, &names)) else {
                continue;
            };
            let stated = |fen: Fen, quantum: i64| Stated {
                fen,
                quantum,
                text: f.text.trim().to_string(),
                page: f.prov.page,
            };
            let (before, after) = split_at_amount(&bare(&f.text));
            // What a change is against: its words where found in the item, else the clause's.
            let after = place
                .and_then(|p| change_basis(p.tail))
                .map(bare)
                .unwrap_or(after);
            // Last year's figure carries the rounding of this year's and of the change.
            let last_year = || -> Option<(Fen, i64)> {
                let c = f.change.as_ref()?;
                // A comparison with another year than the last is not last year's figure.
                if c.versus_year.is_some() && c.versus_year != prior_year {
                    return None;
                }
                let quantum = a.quantum() + c.amount.map_or(0, |m| m.quantum());
                Some((a.fen - c.signed()?, quantum))
            };
            // `2024年预算数为…`, `上年决算数…`: last year's figure itself (not a change, not
            // money carried forward).
            let said_year = stated_year(&before);
            let of_last_year = (before.contains("上年")
                || (said_year.is_some() && said_year == prior_year))
                && !before.contains("执行")
                && !before.contains("结转")
                && !CHANGE_WORDS.iter().any(|w| before.contains(w));
            if of_last_year {
                // A 决算's last-year budget is no figure of a linked document's.
                if !(final_accounts && before.contains("预算")) {
                    out.prior.add(id, stated(a.fen, a.quantum()));
                }
                continue;
            }
            if final_accounts {
                if before.contains("年初预算") {
                    out.at_start.add(id, stated(a.fen, a.quantum()));
                    continue;
                }
                // 全年预算, 调整预算, 预算数: not the 决算's figure, nor the budget's.
                if before.contains("预算") {
                    continue;
                }
                out.own.add(id.clone(), stated(a.fen, a.quantum()));
                // A change against a budget (决算数比年初预算增加) is no change over the year.
                if !after.contains("预算") {
                    if let Some((fen, q)) = last_year() {
                        out.prior.add(id, stated(fen, q));
                    }
                }
            } else {
                if before.contains("执行") {
                    // `2024年当年预算执行数为 51.32 万元`: the amount is last year's 执行数.
                    if stated_year(&before).is_none_or(|y| Some(y) == prior_year) {
                        out.execution.add(id, stated(a.fen, a.quantum()));
                    }
                    continue;
                }
                out.own.add(id.clone(), stated(a.fen, a.quantum()));
                if let Some((fen, q)) = last_year() {
                    if after.contains("执行") {
                        out.execution.add(id, stated(fen, q));
                    } else if !after.contains("决算") {
                        // (A change against a 决算 is compared with nothing.)
                        out.prior.add(id, stated(fen, q));
                    }
                }
            }
        }
        out.read_tables(d, final_accounts, prior_year);
        out
    }

    /// Figures of certain table cells: a code's expenditure (coded rows), the table's total, the
    /// 三公 columns. A column headed 年初预算 (决算), 执行数 (budget) or of last year (上年预算数,
    /// 2024年决算数) gives those figures; a column of another year, of money carried between
    /// years, or a 决算's 全年预算 / 调整预算, gives none.
    fn read_tables(&mut self, d: &Disclosure, final_accounts: bool, prior_year: Option<u16>) {
        for t in d.tables.iter().filter(|t| t.is_certain()) {
            let three_public =
                matches!(t.kind, TableKind::ThreePublic | TableKind::FinalThreePublic);
            let total = match t.kind {
                TableKind::GeneralBudgetExpenditure | TableKind::FinalGeneralBudgetExpenditure => {
                    Some(by_source(FundSource::GeneralBudget))
                }
                TableKind::DepartmentExpenditure | TableKind::FinalExpenditure => {
                    Some(("expenditure_total".to_string(), "支出合计".to_string()))
                }
                _ if three_public => None,
                _ => continue,
            };
            for (ci, col) in t.columns.iter().enumerate() {
                let label = bare(&col.label);
                // Money carried between years is no year's figure.
                if matches!(col.key, ColumnKey::CarriedForward | ColumnKey::CarriedOut)
                    || label.contains("结转")
                    || label.contains("结余")
                {
                    continue;
                }
                // A column of last year (`上年预算数`, `2024年决算数`), or of another year.
                let last_year =
                    (col.year.is_some() && col.year == prior_year) || label.contains("上年");
                let other_year = col.year.is_some() && !last_year;
                // The 决算's 三公 table shows each item's 预算数 (the budget at the start of the
                // year) beside its 决算数: the column says which.
                let role = if let (Some(figure), true) = (col.figure, three_public) {
                    match (figure, final_accounts) {
                        (ColumnFigure::Budget, true) => Role::AtStart,
                        (ColumnFigure::Final, true) => Role::Own,
                        (_, false) => continue,
                    }
                } else if final_accounts {
                    if last_year && label.contains("决算") {
                        Role::Prior
                    } else if last_year || other_year {
                        continue;
                    } else if label.contains("年初预算") {
                        Role::AtStart
                    } else if label.contains("预算") {
                        continue;
                    } else {
                        Role::Own
                    }
                } else if label.contains("执行") {
                    if other_year {
                        continue;
                    }
                    Role::Execution
                } else if last_year && label.contains("预算") {
                    Role::Prior
                } else if last_year || other_year {
                    continue;
                } else {
                    Role::Own
                };
                let set = match role {
                    Role::AtStart => &mut self.at_start,
                    Role::Execution => &mut self.execution,
                    Role::Prior => &mut self.prior,
                    Role::Own => &mut self.tables,
                };
                // Own figures come from the column of the whole row; a labelled column (年初预算,
                // 执行数) is the row's figure of that kind whatever its key.
                let whole = matches!(col.key, ColumnKey::Total)
                    || (col.key == ColumnKey::Amount && t.columns.len() == 1);
                if three_public {
                    let Some(id) = three_public_subject(t, col.key) else {
                        continue;
                    };
                    let row = t.total_row(col.side).or_else(|| {
                        let mut with = t.rows.iter().filter(|r| !r.is_blank());
                        let one = with.next();
                        with.next().is_none().then_some(one).flatten()
                    });
                    if let Some(stated) = row.and_then(|r| cell(t, r, ci)) {
                        set.add(id, stated);
                    }
                    continue;
                }
                if role == Role::Own && !whole {
                    continue;
                }
                // A labelled column of a part (年初预算数 基本支出) is no row's whole figure.
                if role != Role::Own
                    && (!matches!(
                        col.key,
                        ColumnKey::Total | ColumnKey::Amount | ColumnKey::Unknown
                    ) || label.contains("基本")
                        || label.contains("项目"))
                {
                    continue;
                }
                for r in &t.rows {
                    let id = match (&r.code, r.kind) {
                        (Some(code), _) if code.as_str().starts_with('2') => {
                            by_code(code, r.label.trim())
                        }
                        (None, RowKind::Total) => match &total {
                            Some(id) => id.clone(),
                            None => continue,
                        },
                        _ => continue,
                    };
                    if let Some(stated) = cell(t, r, ci) {
                        set.add(id, stated);
                    }
                }
            }
        }
    }

    /// The figures of one role each stated unambiguously, by subject.
    pub fn listed(&self, role: Role) -> Vec<Figure> {
        let sets: Vec<&Subjects> = match role {
            Role::Own => vec![&self.own, &self.tables],
            Role::Prior => vec![&self.prior],
            Role::Execution => vec![&self.execution],
            Role::AtStart => vec![&self.at_start],
        };
        let mut ids: Vec<&String> = sets.iter().flat_map(|s| s.0.keys()).collect();
        ids.sort();
        ids.dedup();
        ids.into_iter()
            .filter_map(|id| {
                let (label, s) = lookup(&sets, id)?;
                Some(Figure {
                    subject: label.to_string(),
                    fen: s.fen,
                    page: s.page,
                    text: s.text,
                })
            })
            .collect()
    }
}

/// A 三公 table's column as a subject: its key names it; the 合计 column is the 三公 total
/// only where the table shows nothing else (no 会议费, 培训费 or 三公 小计 beside it).
fn three_public_subject(t: &Table, key: ColumnKey) -> Option<(String, String)> {
    let fixed = |id: &str, label: &str| Some((id.to_string(), label.to_string()));
    match key {
        ColumnKey::ThreePublicTotal => fixed("three_public", "“三公”经费"),
        ColumnKey::Total
            if !t.columns.iter().any(|c| {
                matches!(
                    c.key,
                    ColumnKey::ThreePublicTotal
                        | ColumnKey::Meeting
                        | ColumnKey::Training
                        | ColumnKey::AdminCost
                )
            }) =>
        {
            fixed("three_public", "“三公”经费")
        }
        ColumnKey::Overseas => fixed("overseas", "因公出国（境）费"),
        ColumnKey::VehicleTotal => fixed("vehicles", "公务用车购置及运行费"),
        ColumnKey::VehiclePurchase => fixed("vehicle_purchase", "公务用车购置费"),
        ColumnKey::VehicleOperation => fixed("vehicle_operation", "公务用车运行维护费"),
        ColumnKey::Reception => fixed("reception", "公务接待费"),
        ColumnKey::AdminCost => fixed("admin_cost", "机关运行经费"),
        _ => None,
    }
}

/// A row's certain amount in column `ci`, as a statement (the table, row and column its text).
fn cell(t: &Table, r: &yusuan_model::disclosure::Row, ci: usize) -> Option<Stated> {
    let c = r.cells.iter().find(|c| c.col == ci)?;
    let a = c.amount.filter(|_| !c.doubtful)?;
    let header = t.columns.get(ci).map_or("", |c| c.label.as_str());
    Some(Stated {
        fen: a.fen,
        quantum: a.quantum(),
        text: format!("{} {} {}", t.display_name(), r.label.trim(), header.trim()),
        page: c.prov.page,
    })
}

/// The text with the budgets' names taken out (一般公共预算, 政府性基金预算 …), so that 预算 left
/// in it speaks of a budget figure.
fn bare(text: &str) -> String {
    let mut t = text.to_string();
    for s in [
        FundSource::GeneralBudget,
        FundSource::GovFund,
        FundSource::StateCapital,
    ] {
        t = t.replace(s.label(), "");
        t = t.replace(s.label().trim_end_matches("预算"), "");
    }
    t
}

/// A clause split at its first amount's unit (`元`): the words that say what the amount is,
/// and those after it (a change and what it is against).
fn split_at_amount(clause: &str) -> (String, String) {
    match clause.find('元') {
        Some(i) => (clause[..i].to_string(), clause[i..].to_string()),
        None => (clause.to_string(), String::new()),
    }
}

/// Words of a change: an amount after them is the change's, not a figure.
const CHANGE_WORDS: [&str; 6] = ["增加", "减少", "增长", "下降", "相比", "持平"];

/// The year the words state last, nearest the amount they lead to (`2024年当年预算执行数`;
/// `根据2024年…，2025年收入预算` states 2025).
fn stated_year(words: &str) -> Option<u16> {
    words.rmatch_indices('年').find_map(|(i, _)| {
        let digits: String = words
            .get(..i)?
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        (digits.len() == 4).then(|| digits.chars().rev().collect::<String>().parse().ok())?
    })
}

/// The subject of a fact the narrative reader keyed by its words only (`Other`), where the
/// words are a figure's role (年初预算, 执行数, 支出决算, 预算安排) and the subject is named
/// in them (`一般公共预算财政拨款支出年初预算`) or by the item the sentence is in (`1、一般公共
/// 服务支出（类）社会工作事务（款）行政运行（项）。…年初预算为…`).
fn worded(f: &Fact, head: Option<&str>, names: &RowNames) -> Option<(String, String)> {
    let FactKey::Other { label } = &f.key else {
        return None;
    };
    let role = bare(label);
    if !["预算", "执行", "决算"].iter().any(|w| role.contains(w)) {
        return None;
    }
    // An amount after words of a change (`与上年相比增加（减少）0万元`) is the change's.
    let (before, _) = split_at_amount(&f.text);
    if CHANGE_WORDS.iter().any(|w| before.contains(w)) {
        return None;
    }
    if let Some(s) = named(label) {
        return Some(s);
    }
    // Nothing but a role left: the subject is the item's.
    let mut rest = role.clone();
    // Words of two characters first: 年 alone would break 年初, 当年 ….
    for w in [
        "年度", "当年", "本年", "上年", "年初", "全年", "调整", "预算", "执行", "决算", "支出",
        "安排", "年", "数", "为", "的",
    ] {
        rest = rest.replace(w, "");
    }
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace())
    {
        return None;
    }
    let head = head?;
    code_in(head, names)
        .map(|(code, name)| by_code(&code, &name))
        .or_else(|| named(head))
}

/// The narrative's sections, walked in step with its facts to find the item a fact's sentence
/// belongs to.
struct Context<'a> {
    texts: Vec<&'a str>,
    section: usize,
    at: usize,
}

impl<'a> Context<'a> {
    fn of(d: &'a Disclosure) -> Context<'a> {
        Context {
            texts: d
                .narrative
                .sections
                .iter()
                .map(|s| s.text.as_str())
                .collect(),
            section: 0,
            at: 0,
        }
    }

    /// Where the clause is in the narrative, found at or after the last one found: the head of
    /// the item it is in (`1、…（项）` up to its first `。`, or of the sentences before it where
    /// the section has no numbered items), and the item from the clause on.
    fn locate(&mut self, clause: &str) -> Option<Place<'a>> {
        let clause = clause.trim();
        if clause.is_empty() {
            return None;
        }
        let mut found = None;
        for (i, text) in self.texts.iter().enumerate().skip(self.section) {
            let from = if i == self.section { self.at } else { 0 };
            if let Some(p) = text.get(from..).and_then(|t| t.find(clause)) {
                found = Some((i, from + p));
                break;
            }
        }
        let (i, p) = found?;
        self.section = i;
        self.at = p + clause.len();
        let text = self.texts.get(i)?;
        let starts = item_starts(text);
        let start = starts.iter().copied().rfind(|s| *s <= p).unwrap_or(0);
        let end = starts
            .iter()
            .copied()
            .find(|s| *s > p)
            .unwrap_or(text.len());
        let item = text.get(start..p)?;
        Some(Place {
            head: match item.find('。') {
                Some(e) => item.get(..e)?,
                None => item,
            },
            tail: text.get(p..end)?,
        })
    }
}

/// A clause's place in the narrative (see [`Context::locate`]).
#[derive(Clone, Copy)]
struct Place<'a> {
    head: &'a str,
    tail: &'a str,
}

/// The words a change is stated against (`比2024年预算执行数`, `与上年相比`) in the item from
/// a clause on: from the last 比 / 与 / 较 to the first word of a change after the clause's
/// amount. The reader may attach to an amount a change stated a sentence later, so the
/// clause's own words do not always hold it.
fn change_basis(tail: &str) -> Option<&str> {
    let rest = tail.get(tail.find('元')?..)?;
    let at = ["增加", "减少", "增长", "下降", "持平"]
        .iter()
        .filter_map(|w| rest.find(w))
        .min()?;
    let window = rest.get(..at)?;
    // The 比 of 相比 opens nothing: 与上年相比.
    let mut open = None;
    let mut prev = None;
    for (i, c) in window.char_indices() {
        if matches!(c, '与' | '较') || (c == '比' && prev != Some('相')) {
            open = Some(i);
        }
        prev = Some(c);
    }
    let open = open?;
    let basis = window.get(open..)?;
    (basis.chars().count() <= 24).then_some(basis)
}

/// Where each numbered item (`1、`, `2．`, `3.` at a line's start) of `text` begins.
fn item_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        if !matches!(c, '、' | '．' | '.') {
            continue;
        }
        let mut s = i;
        while s > 0 && bytes.get(s - 1).is_some_and(u8::is_ascii_digit) {
            s -= 1;
        }
        if s == i || i - s > 3 {
            continue;
        }
        let prev = text.get(..s).and_then(|t| t.chars().next_back());
        let opens = prev.is_none_or(|p| matches!(p, '\n' | '：' | ':' | '。' | '；' | ';'));
        let line_start = prev.is_none_or(|p| p == '\n');
        if opens && (c != '.' || line_start) {
            out.push(s);
        }
    }
    out
}

/// The names of a document's coded rows (支出功能分类), to resolve a path of names
/// (`一般公共服务支出（类）社会工作事务（款）行政运行（项）`) into a code the way the document
/// itself codes it.
struct RowNames(BTreeMap<String, String>);

impl RowNames {
    fn of(d: &Disclosure) -> RowNames {
        let mut m = BTreeMap::new();
        for t in &d.tables {
            for r in &t.rows {
                if let Some(c) = r.code.as_ref().filter(|c| c.as_str().starts_with('2')) {
                    m.entry(c.as_str().to_string())
                        .or_insert_with(|| yusuan_model::catalog::normalize_name(&r.label));
                }
            }
        }
        RowNames(m)
    }

    /// The codes one level under `parent` (or the 类 when `None`) named `name`, by the
    /// document's rows, else by the catalogue.
    fn find(&self, parent: Option<&str>, level: Level, name: &str) -> Vec<String> {
        let n = yusuan_model::catalog::normalize_name(name);
        let fits =
            |code: &str| code.len() == level.digits() && parent.is_none_or(|p| code.starts_with(p));
        let own: Vec<String> = self
            .0
            .iter()
            .filter(|(c, l)| fits(c) && **l == n)
            .map(|(c, _)| c.clone())
            .collect();
        if !own.is_empty() {
            return own;
        }
        let catalog = Catalog::embedded();
        let entries = match parent.and_then(Code::parse) {
            Some(p) => catalog.children(Scheme::Function, &p),
            None => catalog.all(Scheme::Function, Level::Class),
        };
        entries
            .into_iter()
            .filter(|e| {
                yusuan_model::catalog::normalize_name(&e.name) == n
                    || e.alt_names
                        .iter()
                        .any(|a| yusuan_model::catalog::normalize_name(a) == n)
            })
            .map(|e| e.code.as_str().to_string())
            .collect()
    }
}

/// The one 功能分类 code an item's head names: by its path with codes (`公共安全支出（204类）
/// 司法（06款）行政运行（01项）`), by its path of names (`…（类）…（款）…（项）`), or written
/// out (`2010101`). `None` when it names none or more than one.
fn code_in(head: &str, names: &RowNames) -> Option<(Code, String)> {
    // The path: (name, level, digits) for each `（…类）`, `（…款）`, `（…项）`.
    let mut path: Vec<(String, Level, String)> = Vec::new();
    let rest = head.replace('(', "（").replace(')', "）");
    let mut last_end = 0;
    let mut scan = 0;
    while let Some(open) = rest
        .get(scan..)
        .and_then(|t| t.find('（'))
        .map(|o| o + scan)
    {
        let Some(close) = rest
            .get(open..)
            .and_then(|t| t.find('）'))
            .map(|c| c + open)
        else {
            break;
        };
        let inner = rest.get(open + '（'.len_utf8()..close).unwrap_or("");
        let level = inner
            .chars()
            .next_back()
            .and_then(|c| Level::from_label(&c.to_string()));
        if let Some(level) = level {
            let digits: String = inner.chars().filter(char::is_ascii_digit).collect();
            let name = rest.get(last_end..open).unwrap_or("");
            // The words before the first name (`其中：`), the item's number, separators.
            let name = name
                .rsplit(['：', ':', '，', '；'])
                .next()
                .unwrap_or(name)
                .trim_start_matches(|c: char| c.is_ascii_digit() || "、．. -—“”\"".contains(c))
                .trim_end_matches(['-', '—', ' '])
                .to_string();
            path.push((name, level, digits));
            last_end = close + '）'.len_utf8();
        }
        scan = close + '）'.len_utf8();
    }
    if !path.is_empty() {
        let levels: Vec<Level> = path.iter().map(|p| p.1).collect();
        let expected = [Level::Class, Level::Section, Level::Item];
        if expected.get(..levels.len()) != Some(&levels[..]) {
            return None;
        }
        let name = path.last().map(|p| p.0.clone()).unwrap_or_default();
        if path.iter().all(|p| !p.2.is_empty()) {
            let code: String = path.iter().map(|p| p.2.as_str()).collect();
            return Code::parse(&code)
                .filter(|c| c.as_str().len() == levels.len() * 2 + 1)
                .map(|c| (c, name));
        }
        let mut parent: Option<String> = None;
        for (n, level, _) in &path {
            let found = names.find(parent.as_deref(), *level, n);
            if found.len() != 1 {
                return None;
            }
            parent = found.into_iter().next();
        }
        return parent.and_then(|c| Code::parse(&c)).map(|c| (c, name));
    }
    // A code written out: a run of 3, 5 or 7 digits starting with 2 that is not an amount.
    let mut codes = Vec::new();
    let mut run = String::new();
    let mut before: Option<char> = None;
    for c in head.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            let amount = matches!(before, Some('.' | ','))
                || matches!(c, '.' | ',' | '万' | '元' | '%' | '年' | '亿');
            if matches!(run.len(), 3 | 5 | 7) && run.starts_with('2') && !amount {
                codes.push(std::mem::take(&mut run));
            }
            run.clear();
        }
        before = Some(c);
    }
    codes.dedup();
    if codes.len() != 1 {
        return None;
    }
    let code = Code::parse(codes.first()?)?;
    let name = names.0.get(code.as_str()).cloned().unwrap_or_default();
    Some((code, name))
}

/// The figures `stating` states about `reference` compared with `reference`'s own, for one
/// link: subjects only one of them states are left out.
pub fn compare_figures(link: Link, reference: &Figures, stating: &Figures) -> Vec<Comparison> {
    let (said, target): (&Subjects, Vec<&Subjects>) = match link {
        Link::PriorBudget | Link::PriorFinal => (&stating.prior, vec![&reference.own]),
        Link::BudgetVsFinal => (&stating.at_start, vec![&reference.own, &reference.tables]),
        Link::ExecutionVsFinal => (&stating.execution, vec![&reference.own, &reference.tables]),
    };
    let mut out = Vec::new();
    for id in said.0.keys() {
        let Some((label, s)) = lookup(&[said], id) else {
            continue;
        };
        let Some((_, p)) = lookup(&target, id) else {
            continue;
        };
        let raw = s.fen - p.fen;
        let difference = if raw.0.abs() <= s.quantum.max(p.quantum) {
            Fen::ZERO
        } else {
            raw
        };
        out.push(Comparison {
            subject: label.to_string(),
            stated: s.fen,
            prior: p.fen,
            difference,
            text: s.text,
            page: s.page,
            prior_text: p.text,
            prior_page: p.page,
        });
    }
    out
}

/// The prior-year figures `later` states compared with `prior`'s own (the documents of one
/// unit and kind, `prior` of the year before).
pub fn compare(prior: &Disclosure, later: &Disclosure) -> Vec<Comparison> {
    compare_figures(Link::PriorBudget, &Figures::of(prior), &Figures::of(later))
}

/// The figures `stating` states about `reference` compared with `reference`'s own, for one
/// link (see [`Link`]).
pub fn compare_linked(link: Link, reference: &Disclosure, stating: &Disclosure) -> Vec<Comparison> {
    compare_figures(link, &Figures::of(reference), &Figures::of(stating))
}

/// An amount in 万元 with two decimals, as the reports show it.
pub fn wan(f: Fen) -> String {
    f.format(MoneyUnit::WanYuan, 2, true)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use yusuan_model::disclosure::{Cell, Column, Row, Side};
    use yusuan_model::Provenance;

    fn key(id: &str, unit: &str, year: i64, kind: &str) -> Key {
        Key {
            id: id.into(),
            unit: unit.into(),
            year,
            kind: kind.into(),
        }
    }

    fn read(name: &str, text: &str) -> Disclosure {
        yusuan_import::import_text(name, text).unwrap()
    }

    /// `subject → 万元` of one role.
    fn listed(f: &Figures, role: Role) -> BTreeMap<String, String> {
        f.listed(role)
            .into_iter()
            .map(|x| (x.subject, wan(x.fen)))
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> BTreeMap<String, String> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    /// A 决算 in the template's words: 年初预算 and 决算 for the general budget, for two items
    /// (one by names of 类/款/项, resolved by the catalogue) and for 三公, a 全年预算 besides.
    const FINAL_2024: &str = "\
中共上海市普陀区委社会工作部2024年度部门决算

第三部分 中共上海市普陀区委社会工作部2024年度部门决算情况说明
五、一般公共预算财政拨款支出决算情况说明
（三）一般公共预算财政拨款支出决算具体情况
一般公共预算财政拨款支出年初预算为300.00万元，支出决算为307.82万元，完成年初预算的102.61%。决算数大于预算数的主要原因：人员增加。其中：
1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。主要用于：行政单位人员支出。年初预算为50.00万元，支出决算为51.32万元，完成年初预算的102.64%。
2、一般公共服务支出（类）社会工作事务（款）事业运行（项）。主要用于：事业单位人员支出。年初预算为12.00万元，全年预算为17.68万元，支出决算为11.31万元。
七、财政拨款“三公”经费支出决算情况说明
“三公”经费财政拨款支出年初预算为10.00万元，支出决算为9.00万元，完成预算的90.00%，其中：因公出国（境）费决算为0万元，完成预算的0%；公务接待费支出决算为9.00万元，完成预算的90.00%。
";

    /// The same unit's 2024 budget: one item differs from what the 决算 calls its 年初预算.
    const BUDGET_2024: &str = "\
中共上海市普陀区委社会工作部2024年部门预算

2024年部门预算编制说明
2024年，中共上海市普陀区委社会工作部收入预算300.00万元，其中：财政拨款收入300.00万元。
支出预算300.00万元，其中：财政拨款支出预算300.00万元。财政拨款支出预算中，一般公共预算拨款支出预算300.00万元。
财政拨款支出主要内容如下：
1、一般公共服务支出（201类）社会工作事务（39款）行政运行（01项）50.00万元。主要用于：行政单位的基本支出。
2、一般公共服务支出（201类）社会工作事务（39款）事业运行（50项）15.00万元。主要用于：事业单位的基本支出。
";

    /// The 2025 budget: last year's 执行数 stated beside each item, and changes against the
    /// 执行数 and against last year's budget.
    const BUDGET_2025: &str = "\
中共上海市普陀区委社会工作部2025年部门预算

2025年部门预算编制说明
2025年，中共上海市普陀区委社会工作部收入预算300.00万元，其中：财政拨款收入300.00万元，比2024年预算执行数减少7.82万元；事业收入0万元。
支出预算300.00万元，其中：财政拨款支出预算300.00万元，比2024年预算增加300.00万元。财政拨款支出预算中，一般公共预算拨款支出预算300.00万元，比2024年预算执行数减少7.82万元。
财政拨款支出主要内容如下：
1、一般公共服务支出（201类）社会工作事务（39款）行政运行（01项）50.00万元。主要用于：行政单位的基本支出。2024年当年预算执行数为51.32万元，2024年预算数为49.00万元，2025年预算安排50.00万元，比2024年预算执行数减少2.57%。主要原因是：人员变动。
2、一般公共服务支出（201类）社会工作事务（39款）事业运行（50项）12.00万元。主要用于：事业单位的基本支出。2024年当年预算执行数为11.50万元，2025年预算安排12.00万元，比2024年预算执行数增加4.35%。主要原因是：人员变动。
3、一般公共服务支出（201类）社会工作事务（39款）一般行政管理事务（02项）3.00万元。主要用于：日常工作。比2024年决算数增加1.00万元。
";

    #[test]
    fn a_units_documents_are_linked_across_years_and_kinds() {
        let u = "某某街道办事处";
        let keys = vec![
            key("b24", "某某街道 办事处", 2024, "department_budget"),
            key("b25", u, 2025, "department_budget"),
            key("f24", u, 2024, "department_final_accounts"),
            key("f25", u, 2025, "department_final_accounts"),
            key("ub25", u, 2025, "unit_budget"),
            key("b27", u, 2027, "department_budget"),
            key("x25", "别的单位", 2025, "department_budget"),
            // One party office, its name written long one year and short the next.
            key(
                "p17",
                "中国共产党江苏省委员会办公厅",
                2017,
                "department_budget",
            ),
            key("p18", "中共江苏省委办公厅", 2018, "department_budget"),
        ];
        let mut got: Vec<(Link, &str, &str)> = links(&keys)
            .iter()
            .map(|l| {
                let id = |k: &Key| keys.iter().find(|x| x.id == k.id).unwrap().id.as_str();
                (l.link, id(&l.reference), id(&l.stating))
            })
            .collect();
        got.sort();
        assert_eq!(
            got,
            vec![
                (Link::PriorBudget, "b24", "b25"),
                (Link::PriorBudget, "p17", "p18"),
                (Link::PriorFinal, "f24", "f25"),
                (Link::BudgetVsFinal, "b24", "f24"),
                (Link::BudgetVsFinal, "b25", "f25"),
                (Link::ExecutionVsFinal, "f24", "b25"),
            ]
        );
    }

    /// A 决算's figures by role: 年初预算 (by the sentence's words, by the item it is in, by a
    /// key the reader gave it) apart from its 决算数; the 全年预算 in neither.
    #[test]
    fn a_final_accounts_budget_at_start_is_told_from_its_final_figures() {
        let f = Figures::of(&read("f.txt", FINAL_2024));
        assert_eq!(
            listed(&f, Role::AtStart),
            pairs(&[
                ("2013901 行政运行", "50.00"),
                ("2013950 事业运行", "12.00"),
                ("“三公”经费", "10.00"),
                ("一般公共预算支出", "300.00"),
            ])
        );
        assert_eq!(
            listed(&f, Role::Own),
            pairs(&[
                ("2013901 行政运行", "51.32"),
                ("2013950 事业运行", "11.31"),
                ("“三公”经费", "9.00"),
                ("一般公共预算支出", "307.82"),
                ("公务接待费", "9.00"),
                ("因公出国（境）费", "0.00"),
            ])
        );
        assert!(listed(&f, Role::Prior).is_empty());
    }

    /// A budget's 上年执行数: stated (`2024年当年预算执行数为…`, the item's), or its figure less a
    /// change against the 执行数; last year's budget stated (`2024年预算数为…`) or by a change
    /// against it is a prior-year figure; a change against a 决算 neither.
    #[test]
    fn a_budgets_execution_is_told_from_its_prior_year_budget() {
        let b = Figures::of(&read("b.txt", BUDGET_2025));
        assert_eq!(
            listed(&b, Role::Execution),
            pairs(&[
                ("2013901 行政运行", "51.32"),
                ("2013950 事业运行", "11.50"),
                ("一般公共预算支出", "307.82"),
                ("财政拨款收入", "307.82"),
            ])
        );
        // 2024年预算数 stated; the change against the 2024 决算 (一般行政管理事务) in no role.
        assert_eq!(
            listed(&b, Role::Prior),
            pairs(&[("2013901 行政运行", "49.00"), ("财政拨款支出", "0.00")])
        );
        assert_eq!(listed(&b, Role::Own)["2013901 行政运行"], "50.00");
        assert_eq!(listed(&b, Role::Own)["2013902 一般行政管理事务"], "3.00");
    }

    #[test]
    fn each_link_compares_what_its_documents_state() {
        let f24 = Figures::of(&read("f.txt", FINAL_2024));
        let b24 = Figures::of(&read("b24.txt", BUDGET_2024));
        let b25 = Figures::of(&read("b25.txt", BUDGET_2025));
        let show = |v: Vec<Comparison>| -> Vec<(String, String, String, String)> {
            v.into_iter()
                .map(|c| (c.subject, wan(c.stated), wan(c.prior), wan(c.difference)))
                .collect()
        };
        let s = |a: &str, b: &str, c: &str, d: &str| {
            (a.to_string(), b.to_string(), c.to_string(), d.to_string())
        };
        // 年初预算 in the 决算 against the budget: 事业运行 12.00 against 15.00.
        assert_eq!(
            show(compare_figures(Link::BudgetVsFinal, &b24, &f24)),
            vec![
                s("2013901 行政运行", "50.00", "50.00", "0.00"),
                s("2013950 事业运行", "12.00", "15.00", "-3.00"),
                s("一般公共预算支出", "300.00", "300.00", "0.00"),
            ]
        );
        // 上年执行数 in the 2025 budget against the 2024 决算: 事业运行 11.50 against 11.31.
        assert_eq!(
            show(compare_figures(Link::ExecutionVsFinal, &f24, &b25)),
            vec![
                s("2013901 行政运行", "51.32", "51.32", "0.00"),
                s("2013950 事业运行", "11.50", "11.31", "0.19"),
                s("一般公共预算支出", "307.82", "307.82", "0.00"),
            ]
        );
        // The prior-year budget: only the change stated against last year's budget.
        assert_eq!(
            show(compare_figures(Link::PriorBudget, &b24, &b25)),
            vec![
                s("2013901 行政运行", "49.00", "50.00", "-1.00"),
                s("财政拨款支出", "0.00", "300.00", "-300.00"),
            ]
        );
    }

    #[test]
    fn a_subject_stated_with_two_figures_is_left_out() {
        let text = FINAL_2024.replace(
            "七、财政拨款“三公”经费支出决算情况说明\n",
            "七、财政拨款“三公”经费支出决算情况说明\n“三公”经费财政拨款支出年初预算为12.00万元。\n",
        );
        let f = Figures::of(&read("f.txt", &text));
        let at_start = listed(&f, Role::AtStart);
        assert!(!at_start.contains_key("“三公”经费"), "{at_start:?}");
        assert_eq!(at_start["一般公共预算支出"], "300.00");
    }

    fn column(key: ColumnKey, label: &str, year: Option<u16>) -> Column {
        Column {
            figure: None,
            key,
            label: label.into(),
            side: Side::Single,
            year,
            part: 0,
        }
    }

    fn row(code: Option<&str>, label: &str, wan: &[Option<&str>]) -> Row {
        let cells = wan
            .iter()
            .enumerate()
            .map(|(col, w)| Cell {
                column: ColumnKey::Total,
                col,
                amount: w.map(|w| {
                    yusuan_model::parse_amount(w, MoneyUnit::WanYuan)
                        .unwrap()
                        .unwrap()
                }),
                text: w.unwrap_or_default().to_string(),
                prov: Provenance {
                    page: Some(7),
                    ..Provenance::default()
                },
                doubtful: false,
            })
            .collect();
        Row {
            kind: if code.is_some() {
                RowKind::Coded
            } else {
                RowKind::Total
            },
            side: Side::Single,
            code: code.and_then(Code::parse),
            label: label.into(),
            cells,
            prov: Provenance::default(),
            catalog: None,
            malformed_code: None,
            part: 0,
            funding: None,
            carried_forward: false,
            procurement: None,
        }
    }

    fn table(kind: TableKind, columns: Vec<Column>, rows: Vec<Row>) -> Table {
        Table {
            kind,
            number: None,
            title: kind.label().into(),
            unit: Some(MoneyUnit::WanYuan),
            compiler: None,
            columns,
            rows,
            notes: vec![],
            empty_note: None,
            prov: Provenance::default(),
            end_line: 0,
            doubt: None,
        }
    }

    /// Tables: a budget's 执行数 column (of last year; another year's is no 执行数), its 上年预算数
    /// column and a 决算's 年初预算数 and 2023年决算数 columns give those figures by code; the
    /// 合计 column its own; a 全年预算数 column, 上年结转, a table in doubt nothing.
    #[test]
    fn labelled_columns_give_execution_and_budget_at_start() {
        let mut budget = Disclosure::default();
        budget.meta.year = Some(2025);
        let figures = [Some("51.32"), Some("40"), Some("49"), Some("3"), Some("50")];
        budget.tables.push(table(
            TableKind::GeneralBudgetExpenditure,
            vec![
                column(ColumnKey::Amount, "2024年执行数", Some(2024)),
                column(ColumnKey::Amount, "2023年执行数", Some(2023)),
                column(ColumnKey::Amount, "上年预算数", None),
                column(ColumnKey::CarriedForward, "上年结转", None),
                column(ColumnKey::Total, "合计", None),
            ],
            vec![
                row(Some("2013901"), "行政运行", &figures),
                row(None, "合计", &figures),
            ],
        ));
        let b = Figures::of(&budget);
        assert_eq!(
            listed(&b, Role::Execution),
            pairs(&[("2013901 行政运行", "51.32"), ("一般公共预算支出", "51.32")])
        );
        assert_eq!(
            listed(&b, Role::Prior),
            pairs(&[("2013901 行政运行", "49.00"), ("一般公共预算支出", "49.00")])
        );
        assert_eq!(
            listed(&b, Role::Own),
            pairs(&[("2013901 行政运行", "50.00"), ("一般公共预算支出", "50.00")])
        );

        let mut fin = Disclosure::default();
        fin.meta.year = Some(2024);
        fin.meta.kind = yusuan_model::DocKind::DepartmentFinalAccounts;
        fin.tables.push(table(
            TableKind::FinalGeneralBudgetExpenditure,
            vec![
                column(ColumnKey::Unknown, "年初预算数", None),
                column(ColumnKey::Unknown, "全年预算数", None),
                column(ColumnKey::Total, "2023年决算数", Some(2023)),
                column(ColumnKey::Total, "决算数 合计", None),
            ],
            vec![row(
                Some("2013901"),
                "行政运行",
                &[Some("50"), Some("52"), Some("48"), Some("51.32")],
            )],
        ));
        let f = Figures::of(&fin);
        assert_eq!(
            listed(&f, Role::AtStart),
            pairs(&[("2013901 行政运行", "50.00")])
        );
        assert_eq!(
            listed(&f, Role::Own),
            pairs(&[("2013901 行政运行", "51.32")])
        );
        assert_eq!(
            listed(&f, Role::Prior),
            pairs(&[("2013901 行政运行", "48.00")])
        );
        let cmp = compare_figures(Link::ExecutionVsFinal, &f, &b);
        assert_eq!(cmp.len(), 1, "{cmp:?}");
        assert!(cmp[0].agrees() && cmp[0].page == Some(7), "{cmp:?}");

        fin.tables[0].doubt = Some("?".into());
        let f = Figures::of(&fin);
        assert!(listed(&f, Role::AtStart).is_empty() && listed(&f, Role::Own).is_empty());
    }

    /// The 决算's 三公 table (上海's order: each item over its 预算数 and 决算数): the 预算数 are the
    /// 年初预算 compared with the budget's own 三公 figures, the 决算数 the 决算's own.
    #[test]
    fn the_final_three_public_tables_budget_figures_are_at_start() {
        use yusuan_model::disclosure::Figure as F;
        let items = [
            (ColumnKey::Total, "合计"),
            (ColumnKey::Overseas, "因公出国（境）费"),
            (ColumnKey::VehicleTotal, "公务用车购置及运行维护费 小计"),
            (ColumnKey::VehiclePurchase, "公务用车购置费"),
            (ColumnKey::VehicleOperation, "公务用车运行维护费"),
            (ColumnKey::Reception, "公务接待费"),
        ];
        let mut columns = Vec::new();
        for (k, l) in items {
            for f in F::ALL {
                columns.push(Column {
                    figure: Some(f),
                    ..column(k, &format!("{l} {}", f.label()), None)
                });
            }
        }
        let wan = [
            "30.00", "25.50", "5.00", "4.00", "20.00", "18.50", "8.00", "8.00", "12.00", "10.50",
            "5.00", "3.00",
        ];
        let mut r = row(None, "", &wan.map(Some));
        r.kind = RowKind::Line;
        for c in &mut r.cells {
            c.column = columns[c.col].key;
        }
        let mut fin = Disclosure::default();
        fin.meta.year = Some(2024);
        fin.meta.kind = yusuan_model::DocKind::DepartmentFinalAccounts;
        fin.tables
            .push(table(TableKind::FinalThreePublic, columns, vec![r]));
        let f = Figures::of(&fin);
        let at_start = listed(&f, Role::AtStart);
        assert_eq!(at_start["“三公”经费"], "30.00", "{at_start:?}");
        assert_eq!(at_start["公务用车运行维护费"], "12.00", "{at_start:?}");
        assert_eq!(at_start.len(), 6, "{at_start:?}");
        let own = listed(&f, Role::Own);
        assert_eq!(own["“三公”经费"], "25.50", "{own:?}");
        assert_eq!(own["公务接待费"], "3.00", "{own:?}");

        // The budget of 2024: 三公 30.00, 接待 6.00 (the 决算's 年初预算 says 5.00).
        let mut budget = Disclosure::default();
        budget.meta.year = Some(2024);
        let cols = vec![
            column(ColumnKey::Total, "合计", None),
            column(ColumnKey::Overseas, "因公出国（境）费", None),
            column(ColumnKey::Reception, "公务接待费", None),
            column(ColumnKey::VehicleTotal, "公务用车购置及运行费", None),
        ];
        let mut r = row(
            None,
            "",
            &[Some("31.00"), Some("5.00"), Some("6.00"), Some("20.00")],
        );
        r.kind = RowKind::Line;
        for c in &mut r.cells {
            c.column = cols[c.col].key;
        }
        budget
            .tables
            .push(table(TableKind::ThreePublic, cols, vec![r]));
        let b = Figures::of(&budget);
        let cmp = compare_figures(Link::BudgetVsFinal, &b, &f);
        let by: BTreeMap<&str, bool> = cmp
            .iter()
            .map(|c| (c.subject.as_str(), c.agrees()))
            .collect();
        assert_eq!(by.len(), 4, "{cmp:?}");
        assert!(
            by["因公出国（境）费"] && by["公务用车购置及运行费"],
            "{cmp:?}"
        );
        assert!(!by["公务接待费"] && !by["“三公”经费"], "{cmp:?}");
    }

    /// A fact keyed by its words only gets a subject from words that name one, never from
    /// words of a change (its amount is the change's).
    #[test]
    fn words_of_a_change_give_no_subject() {
        let fact = |label: &str, text: &str| Fact {
            figure: None,
            key: FactKey::Other {
                label: label.into(),
            },
            amount: yusuan_model::parse_amount("0", MoneyUnit::WanYuan).unwrap(),
            change: None,
            text: text.into(),
            section: None,
            prov: Provenance::default(),
        };
        let names = RowNames(BTreeMap::new());
        let subject = |f: &Fact| worded(f, None, &names).map(|s| s.1);
        assert_eq!(
            subject(&fact(
                "政府性基金预算支出预算",
                "政府性基金预算支出预算0万元"
            )),
            Some("政府性基金预算支出".to_string())
        );
        assert_eq!(
            subject(&fact(
                "政府性基金预算支出预算",
                "政府性基金预算支出预算与上年相比增加（减少）0万元"
            )),
            None
        );
        // Words that are no role of a figure (预算, 执行, 决算): no subject.
        assert_eq!(
            subject(&fact("政府性基金支出", "政府性基金支出0万元")),
            None
        );
    }

    #[test]
    fn an_item_head_names_its_code() {
        let names = RowNames(BTreeMap::from([
            ("204".to_string(), "公共安全支出".to_string()),
            ("20406".to_string(), "司法".to_string()),
            ("2040601".to_string(), "行政运行".to_string()),
        ]));
        let code = |h: &str| code_in(h, &names).map(|(c, _)| c.as_str().to_string());
        assert_eq!(
            code("3、公共安全支出（204类）司法（06款）行政运行（01项）1672.67万元"),
            Some("2040601".into())
        );
        assert_eq!(
            code("1、公共安全支出（类）司法（款）行政运行（项）"),
            Some("2040601".into())
        );
        assert_eq!(
            code("2、2010101 行政运行 52.00万元"),
            Some("2010101".into())
        );
        assert_eq!(
            code("其中：公共安全支出（类）司法（款）行政运行（项）"),
            Some("2040601".into())
        );
        // Two codes, or an amount only: no code.
        assert_eq!(code("2010101 行政运行、2010102 一般行政管理事务"), None);
        assert_eq!(code("合计 205.00万元"), None);
        // A path out of order is no path.
        assert_eq!(code("司法（款）公共安全支出（类）"), None);
        assert_eq!(
            item_starts("其中：\n1、甲。乙\n12、丙。3.5万元"),
            vec!["其中：\n".len(), "其中：\n1、甲。乙\n".len()]
        );
        assert!(item_starts("合计 1.5万元").is_empty());
        assert_eq!(
            change_basis("2.00万元。主要用于：办公。比2024年预算执行数增加0.5万元"),
            Some("比2024年预算执行数")
        );
        assert_eq!(
            change_basis("2.00万元，与上年相比减少0.5万元"),
            Some("与上年相比")
        );
        assert_eq!(change_basis("2.00万元。主要用于：新增加的人员。"), None);
        assert_eq!(stated_year("2024年当年预算执行数为51.32"), Some(2024));
        assert_eq!(
            stated_year("根据2024年会议精神，2025年收入预算300"),
            Some(2025)
        );
        assert_eq!(stated_year("上年执行数为51.32"), None);
    }
}
