//! What a build reports: errors that stop it, and notes about what it chose or could not do.

use crate::rounding::Method;
use serde::{Deserialize, Serialize};
use yusuan_model::remark::Remark;
use yusuan_model::{Code, DocKind, Fen};

/// Why a budget cannot be turned into a disclosure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// Only budgets (部门预算 / 单位预算) are built; final accounts have other tables.
    #[error("暂不支持生成{}（只支持部门预算和单位预算）(unsupported document kind)", .0.label())]
    UnsupportedKind(DocKind),
    /// The profile has no generator layout (`build` in its data).
    #[error("规范 {0} 暂不支持生成 (the generator does not build this profile)")]
    NotBuilt(String),
    /// The budget year is 0 (unknown): every title and sentence names the year.
    #[error("预算年度未填写（year = 0），标题和说明都需要年度 (the budget year is missing)")]
    MissingYear,
    /// A line's code is an ancestor of another line's code: the parent row would hold money of
    /// its own beside its children's and could not equal their sum.
    #[error("支出科目 {parent} 既有本级支出，又有下级科目 {child} 的支出；表中无法列示，请把本级支出列到具体的项级科目 (a line's code is an ancestor of another line's code)")]
    NestedLines { parent: Code, child: Code },
    /// The same for 经济分类.
    #[error("经济分类科目 {parent} 既有本级金额，又有下级科目 {child} 的金额；请只列款级科目 (an economic line's code is an ancestor of another's)")]
    NestedEconomic { parent: Code, child: Code },
    /// A 功能分类 line with an 经济分类 code, or the other way round.
    #[error("科目 {code} 不属于{expected}（功能分类以 2 开头，经济分类以 3 开头，经济分类没有 7 位编码）(code of the wrong classification)")]
    WrongScheme { code: Code, expected: &'static str },
    /// A negative amount: budget figures are never below zero.
    #[error("{at}{}{what} 为负数 {}：预算金额不能小于 0 (a negative amount)", if .at.is_empty() { "" } else { ": " }, .amount.format(yusuan_model::MoneyUnit::Yuan, 2, false))]
    Negative {
        what: String,
        amount: Fen,
        at: String,
    },
    /// A code whose name the catalogue does not know for the year and the budget does not give:
    /// the tables would print its 科目名称 blank.
    #[error("{at}{}科目 {code}{} 不在本年度的科目目录中，预算中也没有它的名称：请填写科目名称（原生预算的 code_names 或支出行的 name；工作簿中加一行编码和名称），或用 --catalog 加载当年的科目目录 (a code needs its name)", if .at.is_empty() { "" } else { ": " }, .line.as_ref().map(|l| format!("（{l} 的上级科目）")).unwrap_or_default())]
    Unnamed {
        code: Code,
        line: Option<Code>,
        at: String,
    },
    /// Amounts so large their sums would overflow.
    #[error("金额过大，合计会溢出 (amounts too large to add up)")]
    TooLarge,
}

/// How much a note matters (the one level of every stage's remarks).
pub use yusuan_model::remark::Level as NoteLevel;

/// What a note is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoteKind {
    /// How one family of amounts was rounded: how many leaves had a remainder, how many were
    /// rounded against the nearest rounding so that every table foots, by which method, and
    /// which aggregates (if any) could not be kept within one unit of their exact value.
    Rounding {
        family: String,
        leaves: usize,
        fractional: usize,
        changed: usize,
        method: Method,
        unsatisfied: Vec<String>,
    },
    /// A change against last year with no reason: only a person can say why.
    MissingReason { subject: String },
    /// A reason text of the budget was not used (it states amounts, which must come from the
    /// budget's figures; the figures give the breakdown where they can).
    ReasonNotUsed { subject: String },
    /// Sentences of a `narrative.notes` text that state amounts or counts were left out: the
    /// generated text states them from the budget's figures.
    NoteSentencesDropped { key: String },
    /// The budget contradicts itself (income ≠ expenditure, 经济分类 total ≠ 基本支出 …).
    Inconsistent,
    /// The budget does not say something a table needs; an assumption was made.
    Assumption,
    /// Something the disclosure should state is missing from the budget.
    MissingData,
    /// The budget's display unit differs from the region's layout, which wins.
    Layout,
    /// A quantity was used that the rounding did not see (a defect of the builder).
    Internal,
}

/// A note about the build, in Chinese: a [`Remark`] of the builder's [`NoteKind`] (with no
/// place: the builder's input is the budget as a whole).
pub type BuildNote = Remark<NoteKind>;
