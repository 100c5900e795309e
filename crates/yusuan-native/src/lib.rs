//! The native, human-editable source form of a budget: a folder of TOML and CSV files that
//! finance staff edit (in a text editor, Excel or WPS) and review in a git diff.
//!
//! ```text
//! budget-2025/
//! ├── budget.toml        unit, year, kind, region, display unit, 三公, 机关运行经费, 政府采购,
//! │                      assets, 类/款 names, prior-year figures, narrative texts
//! ├── income.csv         source,amount,carried_forward             (one row per source)
//! ├── expenditure.csv    code,name,source,basic,project            (one row per 功能分类 科目 and source)
//! ├── economic.csv       code,name,personnel,operating             (one row per 经济分类 款)
//! ├── projects.toml      [[project]] blocks: amount, 概况, 立项依据, goal, one indicator per line
//! └── overall-goal.toml  the overall performance goal (only when there is one)
//! ```
//!
//! # Conventions
//!
//! - **Amounts are 元 with two decimals**, written `36368000.00` (in TOML as a quoted string,
//!   `admin_cost = "1879100.00"`). 元 is exact for every amount, whatever unit the published
//!   tables use (`[display]` in `budget.toml` says that). On reading, thousands separators
//!   (`36,368,000.00`), 0–2 decimals, full-width digits and a leading minus are accepted; a blank
//!   CSV amount is zero. Unquoted TOML integers are read as whole 元; unquoted decimals are
//!   rejected, because TOML reads them as floating point. Money is never a float here.
//! - **Fund sources are written by their Chinese names** (`一般公共预算`, `政府性基金预算`,
//!   `国有资本经营预算`, `财政专户管理资金`, `事业收入`, `事业单位经营收入`, `上级补助收入`,
//!   `附属单位上缴收入`, `其他收入`). On reading, the snake_case keys (`general_budget` …) and the
//!   usual variants (`一般公共预算拨款`, `…资金`, `…收入`) are accepted too.
//! - **CSV**: UTF-8 with a byte-order mark (so Excel and WPS open it correctly), a header row,
//!   rows in the budget's order. Headers may also be Chinese (`科目编码,科目名称,资金来源,
//!   基本支出,项目支出`); a column headed `备注`/`note` or starting with `#` is ignored.
//!   `carried_forward` is `是` for 上年结转 and blank otherwise.
//! - **One line per fact.** `expenditure.csv` has each (code, source) once, at the deepest level
//!   (a code and a code under it from the same source would count money twice and are refused);
//!   `economic.csv` has each 款 once (a 类 only when it has no 款); `income.csv` each source once
//!   per 本年/上年结转. Totals are never stored: they are derived.
//! - **Indicators**: `{ name, weight, nature, value, unit, core }` on one line each; `weight` and
//!   `nature` are the text as printed (`"10"`, `"≥"`, `"定性"`) and are parsed to numbers and
//!   comparisons on reading.
//!
//! Reading checks every file before building the budget: an error anywhere returns a
//! [`NativeError`] naming the file, the line and what was expected, never half a budget. Values
//! read from CSV carry their provenance (`expenditure.csv:12`); indicators carry the line of
//! `projects.toml`. Writing replaces each file through a temporary file.

mod error;
mod read;
mod values;
mod write;

pub use error::NativeError;
pub use read::{read_budget, read_budget_with_catalog};
pub use values::{format_amount, parse_source};
pub use write::write_budget;

/// Unit, year, kind, region, display, 三公, 机关运行经费, 政府采购, assets, names, prior year,
/// narrative.
pub const BUDGET_FILE: &str = "budget.toml";
/// `source,amount,carried_forward`
pub const INCOME_FILE: &str = "income.csv";
/// `code,name,source,basic,project`
pub const EXPENDITURE_FILE: &str = "expenditure.csv";
/// `code,name,personnel,operating`
pub const ECONOMIC_FILE: &str = "economic.csv";
/// `[[project]]` blocks with goals and indicators (optional on reading).
pub const PROJECTS_FILE: &str = "projects.toml";
/// The overall performance goal (present only when the budget has one).
pub const OVERALL_GOAL_FILE: &str = "overall-goal.toml";
