//! The canonical budget: the data a unit keeps, from which every table and the narrative are
//! derived. Each number is kept once; a total is never stored beside its parts.
//!
//! The generator (`yusuan-build`) derives a disclosure from a budget; `yusuan-convert` derives
//! a budget from a published disclosure.

use crate::code::Code;
use crate::disclosure::{DocKind, FundSource, Indicator, Region, UnitIdentity};
use crate::money::{Fen, MoneyUnit};
use crate::provenance::Provenance;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How the published tables show money.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Display {
    pub unit: MoneyUnit,
    pub decimals: u8,
}

impl Default for Display {
    fn default() -> Display {
        Display {
            unit: MoneyUnit::WanYuan,
            decimals: 2,
        }
    }
}

/// Income of the year from one source (本年收入), or carried forward (上年结转).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IncomeLine {
    pub source: FundSource,
    pub amount: Fen,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub carried_forward: bool,
    #[serde(default, skip)]
    pub prov: Option<Provenance>,
}

/// Expenditure of one 功能分类 项 from one source, split into 基本支出 and 项目支出.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExpenditureLine {
    pub code: Code,
    pub name: String,
    pub source: FundSource,
    pub basic: Fen,
    pub project: Fen,
    #[serde(default, skip)]
    pub prov: Option<Provenance>,
}

impl ExpenditureLine {
    pub fn total(&self) -> Fen {
        self.basic + self.project
    }
}

/// General-budget basic expenditure of one 经济分类 款, split into 人员经费 and 日常公用经费.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EconomicLine {
    pub code: Code,
    pub name: String,
    pub personnel: Fen,
    pub operating: Fen,
    #[serde(default, skip)]
    pub prov: Option<Provenance>,
}

impl EconomicLine {
    pub fn total(&self) -> Fen {
        self.personnel + self.operating
    }
}

/// “三公”经费 (general-budget appropriation).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreePublic {
    pub overseas: Fen,
    pub vehicle_purchase: Fen,
    pub vehicle_operation: Fen,
    pub reception: Fen,
}

impl ThreePublic {
    pub fn vehicles(&self) -> Fen {
        self.vehicle_purchase + self.vehicle_operation
    }

    pub fn total(&self) -> Fen {
        self.overseas + self.vehicles() + self.reception
    }
}

/// 政府采购预算.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procurement {
    pub goods: Fen,
    pub works: Fen,
    pub services: Fen,
    /// 面向中小企业预留
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sme_reserved: Option<Fen>,
    /// 其中预留给小型和微型企业
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_micro_reserved: Option<Fen>,
}

impl Procurement {
    pub fn total(&self) -> Fen {
        self.goods + self.works + self.services
    }
}

/// 国有资产占有使用情况.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assets {
    /// The date the counts are as of, as written (`2024年12月`, `2024年8月31日`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicles: Option<i64>,
    /// Vehicles by kind (一般公务用车, 执法执勤用车, 其他用车 …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub vehicles_by_kind: BTreeMap<String, i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicles_to_buy: Option<i64>,
    /// 单价 100 万元（含）以上设备
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expensive_equipment: Option<i64>,
}

/// A performance goal: the overall one, or a project's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub text: String,
    pub indicators: Vec<Indicator>,
}

/// A project with its performance goal (表十二 / 项目经费情况说明).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub name: String,
    /// 主管部门
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// 当年预算
    pub amount: Fen,
    /// 重点专项 (表十一) rather than 一般性项目 (表十二).
    #[serde(default)]
    pub key: bool,
    #[serde(default)]
    pub overview: String,
    /// 立项依据
    #[serde(default)]
    pub basis: String,
    pub goal: Goal,
}

/// Last year's figures, where known (from last year's budget or stated in this one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorYear {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income_total: Option<Fen>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expenditure_total: Option<Fen>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_source: BTreeMap<FundSource, Fen>,
    /// Expenditure by 功能分类 类.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_class: BTreeMap<Code, Fen>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic: Option<Fen>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Fen>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub three_public: Option<ThreePublic>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_cost: Option<Fen>,
}

/// A change reason the unit wrote (only a person knows why a number changed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeReason {
    /// What changed: `income_total`, `expenditure_total`, `general_budget`, `basic`, `project`,
    /// `state_capital`, `gov_fund`, `three_public`, `admin_cost`, or a 类 code.
    pub subject: String,
    pub text: String,
}

/// The narrative inputs that are not numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NarrativeInputs {
    /// 职能职责
    #[serde(default)]
    pub functions: String,
    /// 机构设置 / 单位构成, as written.
    #[serde(default)]
    pub organisation: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<ChangeReason>,
    /// 专业性名词解释: (term, explanation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub glossary: Vec<(String, String)>,
    /// 机关运行经费 usage text, 政府采购 notes … keyed by section.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
}

/// A unit's budget for one year: the single source every table and sentence is derived from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    pub unit: UnitIdentity,
    pub year: u16,
    pub kind: DocKind,
    pub region: Region,
    pub display: Display,
    pub income: Vec<IncomeLine>,
    pub expenditure: Vec<ExpenditureLine>,
    pub economic: Vec<EconomicLine>,
    /// Names of 类/款 codes as the unit writes them (where they differ from or are missing in
    /// the catalogue).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub code_names: BTreeMap<Code, String>,
    pub three_public: ThreePublic,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_cost: Option<Fen>,
    pub procurement: Procurement,
    pub assets: Assets,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall_goal: Option<Goal>,
    pub projects: Vec<Project>,
    pub prior_year: PriorYear,
    pub narrative: NarrativeInputs,
}

impl Budget {
    pub fn income_total(&self) -> Fen {
        self.income.iter().map(|l| l.amount).sum()
    }

    pub fn income_from(&self, source: FundSource) -> Fen {
        self.income
            .iter()
            .filter(|l| l.source == source)
            .map(|l| l.amount)
            .sum()
    }

    pub fn expenditure_total(&self) -> Fen {
        self.expenditure.iter().map(|l| l.total()).sum()
    }

    /// Expenditure under a code (any level) from the given sources (`None` = all).
    pub fn expenditure_under(&self, code: &Code, source: Option<FundSource>) -> (Fen, Fen) {
        self.expenditure
            .iter()
            .filter(|l| code.contains(&l.code) && source.is_none_or(|s| s == l.source))
            .fold((Fen::ZERO, Fen::ZERO), |(b, p), l| {
                (b + l.basic, p + l.project)
            })
    }

    pub fn basic_total(&self, source: Option<FundSource>) -> Fen {
        self.expenditure
            .iter()
            .filter(|l| source.is_none_or(|s| s == l.source))
            .map(|l| l.basic)
            .sum()
    }

    pub fn project_total(&self, source: Option<FundSource>) -> Fen {
        self.expenditure
            .iter()
            .filter(|l| source.is_none_or(|s| s == l.source))
            .map(|l| l.project)
            .sum()
    }

    /// Forget where every value came from (line `prov` fields and indicator provenance), so two
    /// budgets read from different places compare equal when their data is equal.
    pub fn clear_provenance(&mut self) {
        for l in &mut self.income {
            l.prov = None;
        }
        for l in &mut self.expenditure {
            l.prov = None;
        }
        for l in &mut self.economic {
            l.prov = None;
        }
        let goals = self
            .overall_goal
            .iter_mut()
            .chain(self.projects.iter_mut().map(|p| &mut p.goal));
        for g in goals {
            for i in &mut g.indicators {
                i.prov = Provenance::default();
            }
        }
    }

    pub fn economic_total(&self) -> (Fen, Fen) {
        self.economic
            .iter()
            .fold((Fen::ZERO, Fen::ZERO), |(p, o), l| {
                (p + l.personnel, o + l.operating)
            })
    }
}
