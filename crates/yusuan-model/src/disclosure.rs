//! A published disclosure as the document states it: every table with its rows and cells, the
//! performance tables, the narrative with the facts it states, and what the importer could not
//! read. Nothing here is derived or corrected: the checker compares these values with each other.

use crate::code::Code;

use crate::money::{Amount, Fen, MoneyUnit};
use crate::provenance::Provenance;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// 部门预算 / 单位预算 / 部门决算 / 单位决算.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    #[default]
    DepartmentBudget,
    UnitBudget,
    DepartmentFinalAccounts,
    UnitFinalAccounts,
}

impl DocKind {
    pub fn label(self) -> &'static str {
        match self {
            DocKind::DepartmentBudget => "部门预算",
            DocKind::UnitBudget => "单位预算",
            DocKind::DepartmentFinalAccounts => "部门决算",
            DocKind::UnitFinalAccounts => "单位决算",
        }
    }

    pub fn is_final_accounts(self) -> bool {
        matches!(
            self,
            DocKind::DepartmentFinalAccounts | DocKind::UnitFinalAccounts
        )
    }
}

/// Regional layout of a disclosure; selects a region profile for completeness checks.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// 重庆: 表一–表十二, 万元.
    Chongqing,
    /// 上海: 9 tables, 元, codes split over columns.
    Shanghai,
    /// Only the national minimum (财预〔2016〕143号) is known.
    #[default]
    National,
}

/// The families of tables a disclosure contains (see docs/domain.md). Which families a kind of
/// disclosure publishes, under which titles and numbers, is data of the profile crate
/// (`yusuan-profile`); this enum only names them.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// 部门收支总表 / 部门财务收支预算总表 / 收支预算总表
    DepartmentSummary,
    /// 部门收入总表 / 部门收入预算总表 / 收入预算总表
    DepartmentIncome,
    /// 部门支出总表 / 部门支出预算总表 / 支出预算总表
    DepartmentExpenditure,
    /// 财政拨款收支总表 / 财政拨款收支预算总表
    FiscalSummary,
    /// 一般公共预算（财政拨款）支出表, by 功能分类 类/款/项
    GeneralBudgetExpenditure,
    /// 一般公共预算（财政拨款）基本支出表, by 经济分类
    GeneralBudgetBasicEconomic,
    /// “三公”经费表 (上海 adds 机关运行经费; the national template adds 会议费 and 培训费)
    ThreePublic,
    /// 政府性基金预算支出表
    GovFundExpenditure,
    /// 国有资本经营预算支出表
    StateCapitalExpenditure,
    /// 政府采购预算明细表 / 政府采购预算表
    Procurement,
    /// 财政拨款支出预算表（功能科目）: the national template's expenditure of all fiscal
    /// appropriations (一般公共预算 + 政府性基金) by 功能分类.
    FiscalExpenditure,
    /// 财政拨款基本支出预算表（经济科目）: basic expenditure of all fiscal appropriations by
    /// 经济分类.
    FiscalBasicEconomic,
    /// 一般公共预算机关运行经费支出预算表: 机关运行经费 by 经济分类.
    AdminCost,
    /// 收入支出决算总表 (部门决算)
    FinalSummary,
    /// 收入决算表
    FinalIncome,
    /// 支出决算表
    FinalExpenditure,
    /// 财政拨款收入支出决算总表
    FinalFiscalSummary,
    /// 一般公共预算财政拨款支出决算表
    FinalGeneralBudgetExpenditure,
    /// 一般公共预算财政拨款基本支出决算表
    FinalGeneralBudgetBasicEconomic,
    /// 财政拨款“三公”经费支出决算表
    FinalThreePublic,
    /// 政府性基金预算财政拨款收入支出决算表
    FinalGovFund,
    /// 国有资本经营预算财政拨款收入支出决算表
    FinalStateCapital,
}

impl TableKind {
    pub const ALL: [TableKind; 22] = [
        TableKind::DepartmentSummary,
        TableKind::DepartmentIncome,
        TableKind::DepartmentExpenditure,
        TableKind::FiscalSummary,
        TableKind::GeneralBudgetExpenditure,
        TableKind::GeneralBudgetBasicEconomic,
        TableKind::ThreePublic,
        TableKind::GovFundExpenditure,
        TableKind::StateCapitalExpenditure,
        TableKind::Procurement,
        TableKind::FiscalExpenditure,
        TableKind::FiscalBasicEconomic,
        TableKind::AdminCost,
        TableKind::FinalSummary,
        TableKind::FinalIncome,
        TableKind::FinalExpenditure,
        TableKind::FinalFiscalSummary,
        TableKind::FinalGeneralBudgetExpenditure,
        TableKind::FinalGeneralBudgetBasicEconomic,
        TableKind::FinalThreePublic,
        TableKind::FinalGovFund,
        TableKind::FinalStateCapital,
    ];

    /// The families of a budget (预算) as opposed to final accounts (决算).
    pub const BUDGET: [TableKind; 13] = [
        TableKind::DepartmentSummary,
        TableKind::DepartmentIncome,
        TableKind::DepartmentExpenditure,
        TableKind::FiscalSummary,
        TableKind::GeneralBudgetExpenditure,
        TableKind::GeneralBudgetBasicEconomic,
        TableKind::ThreePublic,
        TableKind::GovFundExpenditure,
        TableKind::StateCapitalExpenditure,
        TableKind::Procurement,
        TableKind::FiscalExpenditure,
        TableKind::FiscalBasicEconomic,
        TableKind::AdminCost,
    ];

    /// The family's usual Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            TableKind::DepartmentSummary => "部门收支总表",
            TableKind::DepartmentIncome => "部门收入总表",
            TableKind::DepartmentExpenditure => "部门支出总表",
            TableKind::FiscalSummary => "财政拨款收支总表",
            TableKind::GeneralBudgetExpenditure => "一般公共预算财政拨款支出表",
            TableKind::GeneralBudgetBasicEconomic => "一般公共预算财政拨款基本支出表",
            TableKind::ThreePublic => "“三公”经费支出表",
            TableKind::GovFundExpenditure => "政府性基金预算支出表",
            TableKind::StateCapitalExpenditure => "国有资本经营预算支出表",
            TableKind::Procurement => "政府采购预算明细表",
            TableKind::FiscalExpenditure => "财政拨款支出预算表（功能科目）",
            TableKind::FiscalBasicEconomic => "财政拨款基本支出预算表（经济科目）",
            TableKind::AdminCost => "一般公共预算机关运行经费支出预算表",
            TableKind::FinalSummary => "收入支出决算总表",
            TableKind::FinalIncome => "收入决算表",
            TableKind::FinalExpenditure => "支出决算表",
            TableKind::FinalFiscalSummary => "财政拨款收入支出决算总表",
            TableKind::FinalGeneralBudgetExpenditure => "一般公共预算财政拨款支出决算表",
            TableKind::FinalGeneralBudgetBasicEconomic => "一般公共预算财政拨款基本支出决算表",
            TableKind::FinalThreePublic => "财政拨款“三公”经费支出决算表",
            TableKind::FinalGovFund => "政府性基金预算财政拨款收入支出决算表",
            TableKind::FinalStateCapital => "国有资本经营预算财政拨款收入支出决算表",
        }
    }

    /// A table of final accounts (决算).
    pub fn is_final_accounts(self) -> bool {
        !TableKind::BUDGET.contains(&self)
    }
}

/// Which half of a two-sided table (收入 | 支出) a row belongs to.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    #[default]
    Single,
    Income,
    Expenditure,
}

/// Where money comes from (收入来源 / 资金来源).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundSource {
    /// 一般公共预算拨款
    GeneralBudget,
    /// 政府性基金预算拨款
    GovFund,
    /// 国有资本经营预算拨款
    StateCapital,
    /// 财政专户管理资金
    SpecialAccount,
    /// 事业收入
    OperatingRevenue,
    /// 事业单位经营收入
    BusinessRevenue,
    /// 上级补助收入
    HigherSubsidy,
    /// 附属单位上缴收入
    SubordinateRemittance,
    /// 其他收入
    OtherRevenue,
}

impl FundSource {
    pub const ALL: [FundSource; 9] = [
        FundSource::GeneralBudget,
        FundSource::GovFund,
        FundSource::StateCapital,
        FundSource::SpecialAccount,
        FundSource::OperatingRevenue,
        FundSource::BusinessRevenue,
        FundSource::HigherSubsidy,
        FundSource::SubordinateRemittance,
        FundSource::OtherRevenue,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FundSource::GeneralBudget => "一般公共预算",
            FundSource::GovFund => "政府性基金预算",
            FundSource::StateCapital => "国有资本经营预算",
            FundSource::SpecialAccount => "财政专户管理资金",
            FundSource::OperatingRevenue => "事业收入",
            FundSource::BusinessRevenue => "事业单位经营收入",
            FundSource::HigherSubsidy => "上级补助收入",
            FundSource::SubordinateRemittance => "附属单位上缴收入",
            FundSource::OtherRevenue => "其他收入",
        }
    }

    /// 财政拨款 (the three fiscal budgets) as opposed to the unit's own income.
    pub fn is_fiscal(self) -> bool {
        matches!(
            self,
            FundSource::GeneralBudget | FundSource::GovFund | FundSource::StateCapital
        )
    }

    pub fn column(self) -> ColumnKey {
        match self {
            FundSource::GeneralBudget => ColumnKey::GeneralBudget,
            FundSource::GovFund => ColumnKey::GovFund,
            FundSource::StateCapital => ColumnKey::StateCapital,
            FundSource::SpecialAccount => ColumnKey::SpecialAccount,
            FundSource::OperatingRevenue => ColumnKey::OperatingRevenue,
            FundSource::BusinessRevenue => ColumnKey::BusinessRevenue,
            FundSource::HigherSubsidy => ColumnKey::HigherSubsidy,
            FundSource::SubordinateRemittance => ColumnKey::SubordinateRemittance,
            FundSource::OtherRevenue => ColumnKey::OtherRevenue,
        }
    }
}

/// What a column holds, independent of how a region words its header.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKey {
    /// A single amount column (预算数 / 决算数).
    Amount,
    /// 合计 / 总计 / 小计
    Total,
    /// 基本支出
    Basic,
    /// 项目支出
    Project,
    /// 人员经费
    Personnel,
    /// 日常公用经费 / 公用经费
    Operating,
    /// 财政拨款 (the three fiscal budgets together, as Shanghai's 收入预算总表 shows them)
    Fiscal,
    GeneralBudget,
    GovFund,
    StateCapital,
    SpecialAccount,
    OperatingRevenue,
    BusinessRevenue,
    HigherSubsidy,
    SubordinateRemittance,
    OtherRevenue,
    /// 上年结转
    CarriedForward,
    /// 因公出国（境）费
    Overseas,
    /// 公务用车购置及运行（维护）费 小计
    VehicleTotal,
    /// 公务用车购置费
    VehiclePurchase,
    /// 公务用车运行（维护）费
    VehicleOperation,
    /// 公务接待费
    Reception,
    /// 机关运行经费
    AdminCost,
    /// 会议费 (the national template's “三公”经费、会议费、培训费 table)
    Meeting,
    /// 培训费
    Training,
    /// 单位预留机动经费
    Reserve,
    /// 结转下年 (money carried into next year)
    CarriedOut,
    /// A column whose header the reader did not understand: its cells are kept as read, but
    /// nothing is derived from what the column might mean.
    Unknown,
    /// “三公”经费 小计, where the table also shows other expenses (会议费, 培训费) beside them
    ThreePublicTotal,
    /// 上缴上级支出 (决算: expenditure besides 基本支出 and 项目支出)
    RemitToHigher,
    /// 经营支出 (决算)
    BusinessExpenditure,
    /// 对附属单位补助支出 (决算)
    SubsidyToSubordinate,
}

impl ColumnKey {
    pub fn fund_source(self) -> Option<FundSource> {
        FundSource::ALL.into_iter().find(|s| s.column() == self)
    }

    pub fn label(self) -> &'static str {
        match self {
            ColumnKey::Amount => "预算数",
            ColumnKey::Fiscal => "财政拨款",
            ColumnKey::Total => "合计",
            ColumnKey::Basic => "基本支出",
            ColumnKey::Project => "项目支出",
            ColumnKey::Personnel => "人员经费",
            ColumnKey::Operating => "日常公用经费",
            ColumnKey::CarriedForward => "上年结转",
            ColumnKey::Overseas => "因公出国（境）费",
            ColumnKey::VehicleTotal => "公务用车购置及运行费",
            ColumnKey::VehiclePurchase => "公务用车购置费",
            ColumnKey::VehicleOperation => "公务用车运行费",
            ColumnKey::Reception => "公务接待费",
            ColumnKey::AdminCost => "机关运行经费",
            ColumnKey::Meeting => "会议费",
            ColumnKey::Training => "培训费",
            ColumnKey::Reserve => "单位预留机动经费",
            ColumnKey::CarriedOut => "结转下年",
            ColumnKey::Unknown => "（未识别的列）",
            ColumnKey::ThreePublicTotal => "“三公”经费小计",
            ColumnKey::RemitToHigher => "上缴上级支出",
            ColumnKey::BusinessExpenditure => "经营支出",
            ColumnKey::SubsidyToSubordinate => "对附属单位补助支出",
            other => other.fund_source().map(FundSource::label).unwrap_or("?"),
        }
    }
}

/// Which figure of a 决算 a column holds, where a table shows both for each item: the budget
/// (预算数: the budget at the start of the year, 年初预算) or the final figure (决算数). The
/// 财政拨款“三公”经费支出决算表 heads its items 预算数 | 决算数 (上海: each item over its two
/// figures; the national template: 预算数 over all items, then 决算数 over them again).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// 预算数 (年初预算数)
    Budget,
    /// 决算数
    Final,
}

impl Figure {
    pub const ALL: [Figure; 2] = [Figure::Budget, Figure::Final];

    pub fn label(self) -> &'static str {
        match self {
            Figure::Budget => "预算数",
            Figure::Final => "决算数",
        }
    }
}

/// One column of a table: what it holds and how the document heads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub key: ColumnKey,
    /// The header text, joined across split header rows (`一般公共预算 财政拨款收入`).
    pub label: String,
    #[serde(default, skip_serializing_if = "is_single")]
    pub side: Side,
    /// The year a column is for, when the header names one that is not the budget year
    /// (`2024年预算数`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Which breakdown of its side the column belongs to, where a side is shown two ways: the
    /// national template's 收支预算总表 shows 支出 by 功能分类 (part 0) and by 支出用途 (part 1,
    /// 基本支出 / 项目支出 / 单位预留机动经费) side by side.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub part: u8,
    /// Which figure the column holds where the table shows a 预算数 and a 决算数 of each item
    /// (the 决算's 三公 table): `key` is the item, this the figure. `None` elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<Figure>,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

fn is_single(s: &Side) -> bool {
    *s == Side::Single
}

/// What a row is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// 合计 / 总计 / 收入合计 / 支出总计
    Total,
    /// A classification row (类/款/项 by the code's length).
    Coded,
    /// A heading row that groups lines (`一、本年收入`, `二、上年结转`).
    Heading,
    /// A labelled line without a code (`一般公共预算资金`, `服务`).
    Line,
}

/// The money a line on the income side of a two-sided table names, typed by the importer from
/// its label (`一般公共预算拨款收入`, `一、财政拨款收入`, `一、本年收入`), so that no later stage reads
/// the label again.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Funding {
    /// Income from one source (`一般公共预算资金`, `事业收入`).
    Source(FundSource),
    /// 财政拨款: the three fiscal budgets together (`一、财政拨款收入`).
    Fiscal,
    /// All the income of the line's part of the year, whatever its source: the heading of this
    /// year's income (`一、本年收入`), or of the money carried forward (`二、上年结转`).
    All,
}

/// 政府采购 categories: goods, works, services (货物 / 工程 / 服务).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcurementCategory {
    Goods,
    Works,
    Services,
}

impl ProcurementCategory {
    pub const ALL: [ProcurementCategory; 3] = [
        ProcurementCategory::Goods,
        ProcurementCategory::Works,
        ProcurementCategory::Services,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ProcurementCategory::Goods => "货物",
            ProcurementCategory::Works => "工程",
            ProcurementCategory::Services => "服务",
        }
    }
}

/// One cell: the value (None for a blank cell), the text as printed, and where it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub column: ColumnKey,
    /// Index into [`Table::columns`].
    pub col: usize,
    pub amount: Option<Amount>,
    /// The text as printed (empty for a blank cell).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    pub prov: Provenance,
    /// Set when the reader is not sure the text belongs to this row and column (a word it
    /// could place under two columns): rules derive no error from it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub doubtful: bool,
}

impl Cell {
    /// The amount, when the reader is sure of it.
    pub fn certain_amount(&self) -> Option<Fen> {
        if self.doubtful {
            None
        } else {
            self.amount.map(|a| a.fen)
        }
    }
}

/// One row of a table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub kind: RowKind,
    #[serde(default, skip_serializing_if = "is_single")]
    pub side: Side,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// The row's name or label as printed (`行政运行`, `合计`, `一、本年收入`).
    pub label: String,
    pub cells: Vec<Cell>,
    pub prov: Provenance,
    /// How a coded row's code and name compare with the catalogue (set after import; a code
    /// the incomplete catalogue does not know is accepted and marked `unknown`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<crate::catalog::Known>,
    /// The code as printed where it is no code of any classification (`7 11 02`: a 类 of one
    /// digit; `21011 0`), the row's `code` then being `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub malformed_code: Option<String>,
    /// Which breakdown of its side the row belongs to (see [`Column::part`]).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub part: u8,
    /// On the income side of a two-sided table: the money the line names, where its label
    /// names one the model knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding: Option<Funding>,
    /// On the income side of a two-sided table: the line's money was carried forward from last
    /// year (上年结转): its label says so, or it is listed under a line that does.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub carried_forward: bool,
    /// In a 政府采购 table: the category the line is (`货物`, `B 工程`, `C 服务`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procurement: Option<ProcurementCategory>,
}

impl Row {
    pub fn cell(&self, key: ColumnKey) -> Option<&Cell> {
        self.cells.iter().find(|c| c.column == key)
    }

    /// The amount in a column; a blank cell or a missing column gives `None`.
    pub fn amount(&self, key: ColumnKey) -> Option<Fen> {
        self.cell(key).and_then(|c| c.amount).map(|a| a.fen)
    }

    /// The amount in a column, with a blank cell counting as zero.
    pub fn value(&self, key: ColumnKey) -> Fen {
        self.amount(key).unwrap_or(Fen::ZERO)
    }

    /// True when every cell is blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.amount.is_none())
    }
}

/// A note printed with a table (`备注：…`, `注：…`), or the sentence that explains an empty table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub text: String,
    pub prov: Provenance,
}

/// A table as published.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub kind: TableKind,
    /// The table's number as printed (`表二`, `5`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<MoneyUnit>,
    /// 编制单位 / 编制部门
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compiler: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The sentence that says why the table is empty (`本部门无政府性基金收支，故此表无数据。`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_note: Option<Note>,
    /// The title's position; `prov.table` is the name used in every cell's provenance.
    pub prov: Provenance,
    /// Last line of the table (1-based).
    pub end_line: u32,
    /// Why the reader is not sure of the table as a whole (a header it does not understand,
    /// identities that fail in a way a misreading explains better than the document). Reported
    /// once as a reading diagnostic; rules raise no error from a table in doubt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doubt: Option<String>,
}

impl Table {
    /// True when the reader is sure of the table's structure.
    pub fn is_certain(&self) -> bool {
        self.doubt.is_none()
    }

    /// `表二 一般公共预算财政拨款支出预算表`
    pub fn display_name(&self) -> String {
        match &self.number {
            Some(n) => format!("{n} {}", self.title),
            None => self.title.clone(),
        }
    }

    pub fn column(&self, key: ColumnKey, side: Side) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.key == key && c.side == side && c.year.is_none())
    }

    /// The column of an item's figure (the 决算's 三公 table: `Overseas`, 决算数).
    pub fn figure_column(&self, key: ColumnKey, figure: Figure) -> Option<(usize, &Column)> {
        self.columns
            .iter()
            .enumerate()
            .find(|(_, c)| c.key == key && c.figure == Some(figure) && c.year.is_none())
    }

    /// The first total row on a side (`合计`, `收入合计`, `支出总计`).
    pub fn total_row(&self, side: Side) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.kind == RowKind::Total && r.side == side)
    }

    /// The classification the table's codes belong to, told by the codes themselves: 支出功能分类
    /// codes start with 2, 部门预算支出经济分类 codes with 3 (a table of economic codes is an
    /// economic table whatever its title). The codes most rows carry decide; a table without
    /// codes is a function table.
    pub fn code_scheme(&self) -> crate::code::Scheme {
        let (mut function, mut economic) = (0usize, 0usize);
        for c in self.rows.iter().filter_map(|r| r.code.as_ref()) {
            match c.as_str().as_bytes().first() {
                Some(b'2') => function += 1,
                Some(b'3') | Some(b'5') => economic += 1,
                _ => {}
            }
        }
        if economic > function {
            crate::code::Scheme::Economic
        } else {
            crate::code::Scheme::Function
        }
    }

    pub fn coded_rows(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.code.is_some())
    }

    pub fn row_by_code(&self, code: &Code) -> Option<&Row> {
        self.rows.iter().find(|r| r.code.as_ref() == Some(code))
    }

    /// True when the table has no amount anywhere (an empty table).
    pub fn has_no_data(&self) -> bool {
        self.rows.iter().all(|r| {
            r.cells
                .iter()
                .all(|c| c.amount.is_none_or(|a| a.fen.is_zero()))
        })
    }
}

/// A table's name for provenance: `表二 一般公共预算财政拨款支出预算表`.
pub fn table_name(number: Option<&str>, title: &str) -> Arc<str> {
    match number {
        Some(n) => Arc::from(format!("{n} {title}")),
        None => Arc::from(title),
    }
}

/// 指标性质: the comparison an indicator's target uses.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Nature {
    /// ≥
    AtLeast,
    /// ≤
    AtMost,
    /// =
    Equal,
    /// >
    Above,
    /// <
    Below,
    /// 定性
    Qualitative,
}

impl Nature {
    pub fn parse(s: &str) -> Option<Nature> {
        match s.trim() {
            "≥" | ">=" | "＞＝" | "≧" | "大于等于" => Some(Nature::AtLeast),
            "≤" | "<=" | "＜＝" | "≦" | "小于等于" => Some(Nature::AtMost),
            "=" | "＝" | "等于" => Some(Nature::Equal),
            ">" | "＞" | "大于" => Some(Nature::Above),
            "<" | "＜" | "小于" => Some(Nature::Below),
            "定性" => Some(Nature::Qualitative),
            _ => None,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Nature::AtLeast => "≥",
            Nature::AtMost => "≤",
            Nature::Equal => "=",
            Nature::Above => ">",
            Nature::Below => "<",
            Nature::Qualitative => "定性",
        }
    }
}

/// An exact decimal weight in hundredths (`12.5` → 1250): weights sum to 100 per table.
#[derive(
    Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(transparent)]
pub struct Weight(pub i64);

impl Weight {
    pub fn parse(s: &str) -> Option<Weight> {
        let t = s.trim().trim_end_matches('%').trim();
        let a = crate::money::parse_amount(t, MoneyUnit::Yuan).ok()??;
        Some(Weight(a.fen.0))
    }

    pub fn hundred() -> Weight {
        Weight(10_000)
    }
}

impl std::fmt::Display for Weight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = if self.0 % 100 == 0 {
            (self.0 / 100).to_string()
        } else {
            crate::money::Fen(self.0)
                .format(MoneyUnit::Yuan, 2, false)
                .trim_end_matches('0')
                .to_string()
        };
        f.write_str(&s)
    }
}

/// One performance indicator (绩效指标).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// 一级/二级指标 where the table has them (产出指标 / 数量指标 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub name: String,
    /// 指标权重; `None` when blank or unreadable (see `weight_text`).
    pub weight: Option<Weight>,
    pub weight_text: String,
    /// 指标性质; `None` when not one of ≥ ≤ = > < 定性 (see `nature_text`).
    pub nature: Option<Nature>,
    pub nature_text: String,
    /// 指标值 as printed (`92`, `高于全区安全感指数平均值`).
    pub value: String,
    /// 计量单位
    pub unit: String,
    /// 是否核心: `None` when blank.
    pub core: Option<bool>,
    pub prov: Provenance,
}

/// A text field of a performance table (项目概况, 立项依据, 当年绩效目标 …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextField {
    pub text: String,
    pub prov: Provenance,
}

/// 整体绩效目标表 / 重点专项资金绩效目标表 / 项目绩效目标表.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PerformanceKind {
    Overall,
    KeyProject,
    Project,
}

/// A performance-goal table: the unit's overall goals or one project's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PerformanceTable {
    pub kind: PerformanceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<MoneyUnit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compiler: Option<TextField>,
    /// 项目名称, or 部门(单位)名称 for the overall table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<TextField>,
    /// 主管部门
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<TextField>,
    /// 当年预算 / 部门支出预算数
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<AmountFact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overview: Option<TextField>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<TextField>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<TextField>,
    pub indicators: Vec<Indicator>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_note: Option<Note>,
    pub prov: Provenance,
    pub end_line: u32,
    /// Why the reader is not sure of the indicator columns (a weight that is not a number: a
    /// header wrapped so that two columns were read as one). Reported once as a reading
    /// diagnostic; rules raise no error from the indicators of a table in doubt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doubt: Option<String>,
}

impl PerformanceTable {
    /// True when the reader is sure of the indicator columns.
    pub fn is_certain(&self) -> bool {
        self.doubt.is_none()
    }
}

/// An amount with its origin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AmountFact {
    pub amount: Amount,
    pub prov: Provenance,
}

/// 增加 / 减少 / 持平.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Increase,
    Decrease,
    Flat,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Increase => "增加",
            Direction::Decrease => "减少",
            Direction::Flat => "持平",
        }
    }

    /// The direction of a signed change.
    pub fn of(delta: Fen) -> Direction {
        match delta.0.signum() {
            1 => Direction::Increase,
            -1 => Direction::Decrease,
            _ => Direction::Flat,
        }
    }
}

/// What a narrative amount is about. Keys are semantic, so facts from differently worded
/// documents compare with the same table cells.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "key", rename_all = "snake_case")]
pub enum FactKey {
    /// 收入预算 (all sources)
    IncomeTotal,
    /// Income from one source (一般公共预算拨款 3634.33).
    IncomeBySource {
        source: FundSource,
    },
    /// 财政拨款收入 (the three fiscal budgets together)
    FiscalIncome,
    /// 支出预算 (all sources)
    ExpenditureTotal,
    /// 财政拨款支出
    FiscalExpenditure,
    /// Expenditure of one fiscal budget (一般公共预算财政拨款支出 3634.33).
    ExpenditureBySource {
        source: FundSource,
    },
    /// Expenditure of one 功能分类 code (类, 款 or 项), across the sources the sentence covers.
    ExpenditureByCode {
        code: Code,
        name: String,
    },
    /// Expenditure named by a 类 name without a code that the catalogue could not resolve.
    ExpenditureByName {
        name: String,
    },
    /// 基本支出 (of the general budget, in the sentence's context)
    Basic,
    /// 项目支出
    Project,
    /// 人员经费
    Personnel,
    /// 日常公用经费 / 公用经费
    Operating,
    /// “三公”经费 total
    ThreePublicTotal,
    Overseas,
    VehicleTotal,
    VehiclePurchase,
    VehicleOperation,
    Reception,
    /// 机关运行经费
    AdminCost,
    /// 政府采购预算总额
    ProcurementTotal,
    ProcurementGoods,
    ProcurementWorks,
    ProcurementServices,
    /// 面向中小企业预留
    ProcurementSmeReserved,
    /// 预留给小型和微型企业
    ProcurementSmallMicro,
    /// Project money covered by performance goals (绩效目标 … 涉及项目预算资金).
    PerformanceCovered,
    /// A named project's amount (项目经费情况说明, 绩效目标 lists).
    ProjectAmount {
        name: String,
    },
    /// Anything else the text states with an amount; `label` is the words before it.
    Other {
        label: String,
    },
}

/// A stated change against last year (`比 2024 年减少 84.30 万元`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub direction: Direction,
    /// `None` for 持平 or when no amount is stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// A stated percentage as printed (`5.2%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<String>,
    /// The year compared with, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versus_year: Option<u16>,
    /// The listed reasons (`主要是 X 增加 a 万元，Y 减少 b 万元`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
    /// The reason text as written (`主要原因是人员调薪等`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_text: Option<String>,
    pub prov: Provenance,
}

impl Change {
    /// The signed change in 分, when an amount is stated (持平 is zero).
    pub fn signed(&self) -> Option<Fen> {
        match self.direction {
            Direction::Flat => Some(Fen::ZERO),
            Direction::Increase => self.amount.map(|a| a.fen),
            Direction::Decrease => self.amount.map(|a| -a.fen),
        }
    }
}

/// One listed reason for a change: a subject, a direction and an amount.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub label: String,
    pub direction: Direction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    pub prov: Provenance,
}

impl Reason {
    pub fn signed(&self) -> Option<Fen> {
        match self.direction {
            Direction::Flat => Some(Fen::ZERO),
            Direction::Increase => self.amount.map(|a| a.fen),
            Direction::Decrease => self.amount.map(|a| -a.fen),
        }
    }
}

/// An amount the narrative states, with its subject and any stated change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    #[serde(flatten)]
    pub key: FactKey,
    /// `None` when the text states only a change (`比 2024 年持平`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// The words of the clause the amount was read from.
    pub text: String,
    /// The narrative section it was read in (`四、“三公”经费情况说明`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    pub prov: Provenance,
    /// In final accounts, where the words say which figure the amount is beside another of the
    /// same subject (`“三公”经费财政拨款支出年初预算为 X 万元，支出决算为 Y 万元`): the budget at
    /// the start of the year or the 决算. `None`: the document's own figure, as its kind has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<Figure>,
}

/// What a count the narrative states is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "key", rename_all = "snake_case")]
pub enum CountKey {
    /// 车辆 … 辆 (all vehicles held)
    Vehicles,
    /// A kind of vehicle (一般公务用车, 执法执勤用车 …)
    VehiclesOfKind {
        kind: String,
    },
    /// 安排购置车辆 … 辆
    VehiclesToBuy,
    /// 单价 100 万元以上设备 … 台（套）
    ExpensiveEquipment,
    /// 编报绩效目标的项目 … 个
    ProjectsWithGoals,
    /// 下属 … 家/个 预算单位
    SubordinateUnits,
    /// 内设机构 … 个
    InternalDepartments,
    Other {
        label: String,
    },
}

/// A count the narrative states (`共有车辆 5 辆`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountFact {
    #[serde(flatten)]
    pub key: CountKey,
    pub value: i64,
    pub text: String,
    pub prov: Provenance,
}

/// What a narrative section is about, for the parts whose text a budget keeps; typed by the
/// importer from the section's title.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// 职能职责 / 主要职能
    Functions,
    /// 机构设置 / 单位构成
    Organisation,
    /// 专业性名词解释
    Glossary,
    /// 机关运行经费
    AdminCost,
    /// 政府采购
    Procurement,
    /// 绩效目标
    Performance,
    /// 国有资产占有使用
    Assets,
}

/// A section of the narrative (情况说明) with its text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The numbering as printed (`一`, `（二）`, `1.`); `None` when unnumbered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// 1 for `一、`, 2 for `（一）`, 3 for `1.`.
    pub level: u8,
    pub title: String,
    /// The body, with lines broken by page or by the extractor rejoined.
    pub text: String,
    /// What the section is about, where it is a part whose text a budget keeps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SectionKind>,
    pub prov: Provenance,
    pub end_line: u32,
}

/// The narrative: its sections, the amounts and counts it states.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Narrative {
    pub sections: Vec<Section>,
    pub facts: Vec<Fact>,
    pub counts: Vec<CountFact>,
}

/// Who publishes: the unit's identity as the document states it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitIdentity {
    /// The unit code (`806`), where printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 二级预算单位 / 下属单位
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subordinate_units: Vec<String>,
    /// 内设机构
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub internal_departments: Vec<String>,
    /// 联系人 / 电话, where printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// Facts about the document itself, read from its content (never from the file name).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentMeta {
    pub kind: DocKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    pub region: Region,
    pub unit: UnitIdentity,
    /// The document's title line, where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The tables the table of contents lists, where there is one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<String>,
    /// The id of the kind of disclosure (profile) the document follows (`shanghai-unit`,
    /// `national` …): which tables and narrative parts it must have, how it words them. Set by
    /// the importer from what it read (or by the user); see the `yusuan-profile` crate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

/// How much of the source the importer understood.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub total_lines: u32,
    /// Non-blank lines that were read into the model.
    pub understood_lines: u32,
    pub blank_lines: u32,
    /// Lines deliberately skipped, with why (running headers, page numbers, contents dots …).
    pub ignored_lines: u32,
    /// Lines the importer did not understand: nothing is dropped silently.
    pub unexplained: Vec<UnexplainedLine>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnexplainedLine {
    pub line: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    pub text: String,
    pub reason: String,
}

/// An import problem: a cell that is not a number, a row with the wrong column count …
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: DiagnosticSeverity,
    pub message: String,
    pub prov: Provenance,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticSeverity {
    Info,
    Warning,
    Error,
}

/// The source a disclosure was read from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub file: Arc<str>,
    /// `chongqing-text`, `layout-text`, `pdf`, `docx`, `xlsx`, `html`, `native` …
    pub format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    pub lines: u32,
    /// The source's lines as read, for the rules that read the wording itself (typography,
    /// placeholders, years). Not serialised: a disclosure read back from JSON or built has none.
    #[serde(skip)]
    pub text: Vec<TextLine>,
    /// Text drawn on a page but cut by a clip path or the page's edge, so that a reader sees
    /// only part of its characters (a PDF's; other sources have none). Not serialised.
    #[serde(skip)]
    pub cut_text: Vec<CutText>,
}

/// Characters side by side on one line of a page, each cut by the clip: partly displayed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CutText {
    /// Their text (U+FFFD for a glyph that maps to no text).
    pub text: String,
    /// How many characters.
    pub glyphs: u32,
    /// The smallest share of one of them that is displayed, in percent (1–99).
    pub least_visible_percent: u8,
    /// The file, the page and the box of the whole characters.
    pub prov: Provenance,
}

/// One line of the source as read: a PDF page's line laid out as text, a text file's line, a
/// paragraph or table row of a structured file. Running headers and page numbers of a PDF are
/// not lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextLine {
    pub text: String,
    /// Handed to the narrative reader (not a table's line).
    pub narrative: bool,
    pub prov: Provenance,
}

/// A whole published disclosure as imported.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Disclosure {
    pub source: SourceInfo,
    pub meta: DocumentMeta,
    pub tables: Vec<Table>,
    pub performance: Vec<PerformanceTable>,
    pub narrative: Narrative,
    pub coverage: Coverage,
    pub diagnostics: Vec<Diagnostic>,
}

impl Disclosure {
    /// Visit every provenance in the document (tables, rows, cells, notes, performance tables,
    /// narrative sections, facts, changes, reasons, counts, diagnostics), for importers that
    /// re-map line numbers to the places of their source.
    pub fn for_each_provenance_mut(&mut self, mut f: impl FnMut(&mut Provenance)) {
        for t in &mut self.tables {
            f(&mut t.prov);
            for r in &mut t.rows {
                f(&mut r.prov);
                for c in &mut r.cells {
                    f(&mut c.prov);
                }
            }
            for n in t.notes.iter_mut().chain(t.empty_note.as_mut()) {
                f(&mut n.prov);
            }
        }
        for p in &mut self.performance {
            f(&mut p.prov);
            for t in [
                &mut p.compiler,
                &mut p.name,
                &mut p.department,
                &mut p.overview,
                &mut p.basis,
                &mut p.goal,
            ]
            .into_iter()
            .flatten()
            {
                f(&mut t.prov);
            }
            if let Some(b) = p.budget.as_mut() {
                f(&mut b.prov);
            }
            for i in &mut p.indicators {
                f(&mut i.prov);
            }
            if let Some(n) = p.empty_note.as_mut() {
                f(&mut n.prov);
            }
        }
        for s in &mut self.narrative.sections {
            f(&mut s.prov);
        }
        for l in &mut self.source.text {
            f(&mut l.prov);
        }
        for c in &mut self.source.cut_text {
            f(&mut c.prov);
        }
        for fact in &mut self.narrative.facts {
            f(&mut fact.prov);
            if let Some(ch) = fact.change.as_mut() {
                f(&mut ch.prov);
                for r in &mut ch.reasons {
                    f(&mut r.prov);
                }
            }
        }
        for c in &mut self.narrative.counts {
            f(&mut c.prov);
        }
        for d in &mut self.diagnostics {
            f(&mut d.prov);
        }
    }

    /// Tables of one kind, in document order.
    pub fn tables_of(&self, kind: TableKind) -> impl Iterator<Item = &Table> {
        self.tables.iter().filter(move |t| t.kind == kind)
    }

    pub fn table(&self, kind: TableKind) -> Option<&Table> {
        self.tables_of(kind).next()
    }

    pub fn facts(&self, key: &FactKey) -> impl Iterator<Item = &Fact> {
        let key = key.clone();
        self.narrative.facts.iter().filter(move |f| f.key == key)
    }

    pub fn fact(&self, key: &FactKey) -> Option<&Fact> {
        self.facts(key).next()
    }
}

#[cfg(test)]
mod figure_tests {
    use super::*;

    #[test]
    fn a_columns_figure_is_written_only_when_set_and_old_json_reads() {
        let old = r#"{"key":"overseas","label":"因公出国（境）费"}"#;
        let c: Column = serde_json::from_str(old).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.figure, None);
        assert_eq!(serde_json::to_string(&c).ok().as_deref(), Some(old));
        let c = Column {
            figure: Some(Figure::Budget),
            label: "因公出国（境）费 预算数".into(),
            ..c
        };
        let json = serde_json::to_string(&c).unwrap_or_default();
        assert!(json.contains(r#""figure":"budget""#), "{json}");
        let back: Column = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, c);
    }
}
