//! A unit's own budget data as an XLSX workbook: what finance staff export from the finance
//! platform (or fill in from [`template`]), read into a [`Budget`].
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let bytes = std::fs::read("预算源数据.xlsx")?;
//! if yusuan_workbook::looks_like_source_workbook(&bytes) {
//!     let (budget, notes) = yusuan_workbook::read_workbook("预算源数据.xlsx", &bytes)?;
//!     for n in &notes {
//!         eprintln!("{n}");
//!     }
//!     # let _ = budget;
//! }
//! std::fs::write("模板.xlsx", yusuan_workbook::template())?;
//! # Ok(())
//! # }
//! ```
//!
//! # Layout
//!
//! Sheets and columns are found **by their names**, never by position (see the crate's
//! README.md for every sheet, column and accepted alternative name):
//!
//! | sheet | holds |
//! |---|---|
//! | 单位信息 | 项目 / 内容 rows: 单位编码, 单位名称, 预算年度 (required), 文件种类, 地区, 金额单位, 公开金额单位, 公开小数位数, 联系人, 下属单位, 内设机构 |
//! | 收入 | 资金来源, 金额, 上年结转 |
//! | 支出 | 功能分类科目编码, 科目名称, 资金来源, 基本支出 (or 人员经费 + 公用经费), 项目支出 [, 合计] |
//! | 基本支出经济分类 | 经济分类科目编码, 科目名称, 人员经费, 日常公用经费 [, 合计] |
//! | 三公经费 | 项目 / 金额 rows (or one column per item): 因公出国（境）费, 公务用车购置费, 公务用车运行维护费, 公务接待费, 机关运行经费 |
//! | 政府采购 | 项目 / 金额 rows (or columns): 货物, 工程, 服务, 面向中小企业预留, 预留给小型和微型企业 |
//! | 国有资产 | 项目 / 内容 rows: 统计截止时间, 车辆总数, 车辆分类, 拟购置车辆, 单价100万元以上设备 |
//! | 项目 | 项目名称, 主管部门, 当年预算, 重点专项, 项目概况, 立项依据, 绩效目标 |
//! | 绩效指标 | 项目名称 (or 整体绩效目标), 指标类别, 二级指标, 指标名称, 权重, 性质, 指标值, 计量单位, 是否核心 |
//! | 上年数 | 项目 / 金额 rows: 收入合计, 支出合计, 基本支出, 项目支出, a fund source, 机关运行经费, 三公 items, a 类 code |
//! | 说明 | 项目 / 对象 / 内容 rows: 职能职责, 机构设置, 整体绩效目标, 增减原因, 名词解释, 情况说明 |
//!
//! Headers are compared without spaces, with full-width brackets as half-width, without a `*`
//! marker, and with a unit suffix (`金额（万元）`, `基本支出(单位:元)`) taken as the column's
//! money unit. A sheet's money unit is, in order: the column header's suffix, a `单位：万元`
//! line above the header, 单位信息's 金额单位, else 元.
//!
//! # Exact amounts
//!
//! Money is never a float. A numeric cell (an `f64` in the XLSX) is written as the shortest
//! decimal that reads back to the same `f64` — the same method as the importer — and that text is
//! parsed exactly (see `cells.rs` for why this recovers every amount typed with up to 2 decimals
//! in 元, or 6 in 万元). A formula's binary noise (`0.30000000000000004`) is rounded to 分 on the
//! decimal digits, with a note. Codes typed as numbers (`2010301`, stored `2010301.0`) are read as
//! text.
//!
//! # Errors and notes
//!
//! [`read_workbook`] checks every sheet before returning: any problem is a [`WorkbookError`]
//! naming the sheet and cell (`支出!D5`) and what was expected, never part of a budget.
//! Remarks that do not stop reading — an unknown sheet or column, a 合计 row checked and
//! skipped, a workbook with nothing filled in — are [`WorkbookNote`]s.

mod cells;
mod error;
mod layout;
mod read;
mod template;

pub use error::{column_letter, ErrorKind, NoteKind, Place, WorkbookError, WorkbookNote};
pub use read::looks_like_source_workbook;

use yusuan_model::{Budget, Catalog};

/// Read a unit's source workbook. `name` is used in errors and provenance (normally the file
/// name). Returns the budget and the notes about reading it; a workbook with nothing filled in
/// (such as [`template`]) gives an empty budget and a [`NoteKind::Empty`] note. Names that
/// differ from the embedded catalogue's are kept as the budget's ([`read_workbook_with_catalog`]
/// for another catalogue).
pub fn read_workbook(
    name: &str,
    bytes: &[u8],
) -> Result<(Budget, Vec<WorkbookNote>), WorkbookError> {
    read::read_workbook(name, bytes, Catalog::embedded())
}

/// [`read_workbook`], names compared with `catalog` (the embedded one with a user's, say).
pub fn read_workbook_with_catalog(
    name: &str,
    bytes: &[u8],
    catalog: &Catalog,
) -> Result<(Budget, Vec<WorkbookNote>), WorkbookError> {
    read::read_workbook(name, bytes, catalog)
}

/// The blank template: every sheet [`read_workbook`] reads, with bold frozen headers, column
/// widths, drop-down lists (资金来源, 性质, 是否核心, 上年结转, 重点专项, and 单位信息's
/// 文件种类 / 地区 / 金额单位), the list-like sheets' rows labelled, and a 填表说明 sheet that
/// explains each sheet and column in Chinese.
///
/// Writing it cannot fail in practice (its content is fixed and tested); should the XLSX writer
/// ever refuse it, the result is empty.
pub fn template() -> Vec<u8> {
    template::template().unwrap_or_default()
}
