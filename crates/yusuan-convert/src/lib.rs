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
//! | procurement | 政府采购表 lines of each category (货物/工程/服务, A/B/C); else narrative facts (中小企业预留 always from the narrative) |
//! | assets | narrative counts (车辆, 单价 100 万元以上设备 …) |
//! | overall_goal, projects | performance tables (整体 → overall goal; 项目/重点专项 → projects) |
//! | prior_year | narrative facts with a stated change: last year = this year − signed change; 三公 also from a table column headed with last year |
//! | code_names | 类/款 rows whose printed name differs from (or is missing in) the catalogue, except codes that are a line's own code |
//! | narrative | the sections of 职能职责, 机构设置, 名词解释 and the notes of 机关运行经费, 政府采购, 绩效目标, 国有资产; change reasons from the facts |
//!
//! It reads the facts the importer typed (row kinds, column keys, [`Row::funding`] and
//! [`Row::carried_forward`] of income lines, [`Row::procurement`], [`Section::kind`], narrative
//! facts and counts by key), never a label. Still read from prose, as no stage types them: the
//! date the 国有资产 counts are as of (in the sentence that states them), and the terms of the
//! 名词解释 section (its `term：explanation` lines and subsections).
//!
//! [`Row::funding`]: yusuan_model::Row::funding
//! [`Row::carried_forward`]: yusuan_model::Row::carried_forward
//! [`Row::procurement`]: yusuan_model::Row::procurement
//! [`Section::kind`]: yusuan_model::Section::kind
//!
//! Every choice between sources, every disagreement met on the way and every allocation the
//! tables do not determine is reported as a [`ConversionNote`]. Nothing here panics: sums
//! saturate, missing tables give empty parts with a note.

mod admin_cost;
mod assets;
mod checks;
mod code_names;
mod conv;
mod display;
mod economic;
mod expenditure;
mod income;
mod narrative;
mod performance;
mod prior_year;
mod procurement;
#[cfg(test)]
mod tests;
mod three_public;

use conv::Conv;
use serde::{Deserialize, Serialize};
use yusuan_model::budget::Budget;
use yusuan_model::catalog::Catalog;
use yusuan_model::disclosure::Disclosure;
use yusuan_model::remark::Remark;

/// A choice made or an inconsistency met while deriving a budget from a disclosure: a
/// [`Remark`] of [`ConversionKind`] about the value it names (its
/// [`Provenance`](yusuan_model::provenance::Provenance)), if any. All are
/// of level info: the document is what it is; the checker says what is wrong with it.
pub type ConversionNote = Remark<ConversionKind>;

/// What kind of remark a [`ConversionNote`] is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConversionKind {
    /// Two figures of the document for one thing differ (two tables, a table and the
    /// narrative, a total and its parts); the note says which one the budget took.
    Disagreement,
    /// The document does not determine something; a default or an allocation was taken (a
    /// column not split, a unit not stated, amounts shared out in an order).
    Assumption,
    /// A row, a table or a value was not used (a repeat, not a code, not last year's).
    LeftOut,
    /// A part of the budget could not be derived: what it needs is not in the document.
    Missing,
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
