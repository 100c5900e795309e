//! How a disclosure is printed: the ways real publishers differ within one kind of disclosure,
//! as knobs chosen per document.
//!
//! A [`Style`] is part of the render input. Some knobs change what the generator writes into
//! the disclosure (`yusuan_build::build_styled`): the money unit, the table numbers, where the
//! 合计 row stands, how zeros print, the summary table's expenditure columns, the narrative's
//! item list and its unit. The others change how a renderer prints the same disclosure: code
//! columns, group headers, the unit line's label, thousands separators, and, in PDF, the
//! contents page, table number placement, borders, continued pages, label wrapping and row
//! spacing. [`Style::default()`] is the output yusuan printed before the knobs existed.
//!
//! Every knob copies something seen in published documents (corpus/CORPUS.md):
//!
//! | knob | values | seen in |
//! |---|---|---|
//! | [`unit`](Style::unit) | the profile's, 元, 万元 | 上海 元, 重庆 and 江苏 万元 |
//! | [`numbering`](Style::numbering) | the profile's, `表一`, `1.`, `公开01表`, none | 重庆 表一; 上海 1.; 江苏 公开01表, 表一 or none |
//! | [`total_row`](Style::total_row) | the profile's, first, last | 江苏 and 重庆 合计 first, 上海 last |
//! | [`zero_blank`](Style::zero_blank) | the profile's, blank, `0` | 重庆 blank, 上海 `0.00` in coded tables |
//! | [`summary_split`](Style::summary_split) | 预算数, or 合计 / 基本支出 / 项目支出 | 上海 单位预算 财务收支预算总表 |
//! | [`narrative_items`](Style::narrative_items) | the profile's, （类）（款）（项）, `-`, 类 alone, none | 上海 普陀 (both forms), 上海市财政局 |
//! | [`narrative_unit`](Style::narrative_unit) | the tables', 万元 | 上海: tables in 元, text in 万元 |
//! | [`codes`](Style::codes) | one column `2010301`, three `201 03 01` | 重庆, 江苏 one; 上海 类/款/项 |
//! | [`amount_group`](Style::amount_group) | a group header over the amounts, or none | `2025年预算数`, `收入预算`, `一般公共预算支出` |
//! | [`side_group`](Style::side_group) | the profile's, 收入/支出, 本年收入/本年支出 | 重庆 and 江苏 收入/支出, 上海 本年收入/本年支出 |
//! | [`compiler_label`](Style::compiler_label) | 编制单位, 编制部门, 部门, 部门名称 | 重庆, 上海, 江苏 2019, 江苏 2018 |
//! | [`thousands`](Style::thousands) | `15,897.44` or `15897.44` | 江苏 2018 prints none |
//! | [`contents`](Style::contents) | dot leaders and pages, a plain list, none | 重庆; 上海 (`1. 2025年…表`); 江苏 tables files |
//! | [`number_place`](Style::number_place) | a line above the title, before it | 江苏 `公开 01 表` above; 上海 `1.` in the contents |
//! | [`borders`](Style::borders) | every cell, no vertical rules, none | ruled and unruled 上海/江苏 tables |
//! | [`repeat_header`](Style::repeat_header), [`continued_line`](Style::continued_line) | continued pages with the header again (and a `（续）` line) or not | 上海 repeats the header without a title |
//! | [`label_chars`](Style::label_chars) | labels wrap inside a narrow column | 上海 `其他政府办公厅（室）及相关机构事` / `务支出` |
//! | [`spacing`](Style::spacing) | compact rows, or airy rows that run tables over pages | 上海 |

use yusuan_model::MoneyUnit;
use yusuan_profile::Numbering;

/// A choice that may defer to the profile.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Choice<T> {
    /// What the profile says (the output before the knobs existed).
    #[default]
    Profile,
    Set(T),
}

impl<T: Copy> Choice<T> {
    /// The chosen value, or `profile`'s.
    pub fn or(self, profile: T) -> T {
        match self {
            Choice::Profile => profile,
            Choice::Set(v) => v,
        }
    }
}

/// Where a table's 合计 row stands.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum TotalRow {
    First,
    Last,
}

/// How a narrative lists the 项 the 一般公共预算 spends on (上海's 预算编制说明).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ItemForm {
    /// `“一般公共服务支出（类）人大事务（款）行政运行（项）”科目12.50万元`
    Levels,
    /// `“一般公共服务支出-人大事务-行政运行”科目12.50万元`
    Dashes,
    /// One item per 类: `“一般公共服务支出”科目12.50万元`
    ClassOnly,
    /// No list.
    None,
}

/// How classification codes are printed.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum CodeColumns {
    /// One column: `2010301`.
    #[default]
    One,
    /// 类 | 款 | 项 under `科目编码`: `201 | 03 | 01`.
    Split,
}

/// The group words over the two halves of a two-sided table.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SideGroup {
    /// `收入` / `支出`
    Plain,
    /// `本年收入` / `本年支出`
    ThisYear,
}

/// The label of the line that names who compiled a table.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum CompilerLabel {
    #[default]
    CompiledBy,
    CompilingDepartment,
    Department,
    DepartmentName,
}

impl CompilerLabel {
    pub const ALL: [CompilerLabel; 4] = [
        CompilerLabel::CompiledBy,
        CompilerLabel::CompilingDepartment,
        CompilerLabel::Department,
        CompilerLabel::DepartmentName,
    ];

    /// `编制单位`, `编制部门`, `部门`, `部门名称`
    pub fn label(self) -> &'static str {
        match self {
            CompilerLabel::CompiledBy => "编制单位",
            CompilerLabel::CompilingDepartment => "编制部门",
            CompilerLabel::Department => "部门",
            CompilerLabel::DepartmentName => "部门名称",
        }
    }
}

/// The contents page.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Contents {
    /// Titles, dot leaders and page numbers.
    #[default]
    Leaders,
    /// Titles only, one a line.
    Plain,
    /// No contents page.
    None,
}

/// Where a table's number is printed.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum NumberPlace {
    /// On its own line above the title, at the left (`公开01表`).
    #[default]
    Above,
    /// Before the title on the title line (`表一 2025年部门收支总表`).
    Inline,
}

/// Which rules a table draws.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Borders {
    /// Every cell boxed.
    #[default]
    All,
    /// Horizontal rules only (no vertical borders).
    Horizontal,
    /// No rules at all.
    None,
}

/// Row spacing of tables.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Spacing {
    #[default]
    Compact,
    /// Rows twice as tall: long tables run over pages.
    Airy,
}

/// How one disclosure is printed; see the [module documentation](self) for what each knob copies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Style {
    // What the generator writes.
    /// The tables' money unit and decimals (元 with 0 or 2, 万元 with 2); the profile's by
    /// default.
    pub unit: Choice<(MoneyUnit, u8)>,
    /// How tables are numbered; the profile's by default.
    pub numbering: Choice<Numbering>,
    /// Where the 合计 row of a coded table stands.
    pub total_row: Choice<TotalRow>,
    /// Zero amounts print blank (`true`) or as `0.00`.
    pub zero_blank: Choice<bool>,
    /// The summary table's expenditure side shows 合计 / 基本支出 / 项目支出 (else one 预算数).
    pub summary_split: bool,
    /// How the narrative lists 项 (the profile's: 上海 lists them with （类）（款）（项）).
    pub narrative_items: Choice<ItemForm>,
    /// The narrative's money unit and decimals; the tables' by default.
    pub narrative_unit: Choice<(MoneyUnit, u8)>,
    // How a renderer prints.
    pub codes: CodeColumns,
    /// A group header over the amount columns (`2025年预算数`); `false` prints them flat.
    pub amount_group: Choice<bool>,
    pub side_group: Choice<SideGroup>,
    pub compiler_label: CompilerLabel,
    /// Thousands separators in amounts (`15,897.44`); `false`: `15897.44`.
    pub thousands: Choice<bool>,
    pub contents: Contents,
    pub number_place: NumberPlace,
    pub borders: Borders,
    /// Continued pages repeat the table's header rows (default `true`).
    pub repeat_header: Choice<bool>,
    /// Continued pages start with `表名（续）` (default `true`).
    pub continued_line: Choice<bool>,
    /// Row labels wrap inside a column of at most this many characters.
    pub label_chars: Option<u8>,
    pub spacing: Spacing,
}

impl Style {
    /// Thousands separators in amounts.
    pub fn thousands(&self) -> bool {
        self.thousands.or(true)
    }

    /// An amount as this style prints it.
    pub fn amount_text(&self, a: &yusuan_model::Amount) -> String {
        a.fen.format(a.unit, a.decimals, self.thousands())
    }

    /// `编制单位：…` in this style's words.
    pub fn compiler_line(&self, compiler: Option<&str>) -> Option<String> {
        compiler.map(|c| format!("{}：{c}", self.compiler_label.label()))
    }
}
