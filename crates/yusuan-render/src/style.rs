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
//! | [`narrative_items`](Style::narrative_items) | the profile's, （类）（款）（项）, the code in the marker （204类）, `-`, 类 alone, none | 上海 普陀 (both forms), 上海市财政局, 江苏 |
//! | [`half_width_brackets`](Style::half_width_brackets) | `（类）` or `(类)` | 上海 普陀商务委 `（款)` |
//! | [`narrative_unit`](Style::narrative_unit) | the tables', 万元, 元 | 上海: tables in 元, text in 万元 |
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

//!
//! ## As a file
//!
//! A style is data: `yusuan build --style FILE.toml` reads one (serde, TOML). Every key is
//! optional; a key left out keeps the profile's (or the default's) choice. Values are the
//! snake_case names of the variants below, units `{ unit = "万元", decimals = 2 }`:
//!
//! ```toml
//! unit = { unit = "元", decimals = 2 }   # the tables' money unit
//! numbering = "open"                    # chinese | arabic | open | none
//! total_row = "last"                    # first | last
//! zero_blank = false
//! summary_split = true
//! narrative_items = "dashes"            # levels | coded_levels | dashes | class_only | none
//! half_width_brackets = true
//! narrative_unit = { unit = "万元", decimals = 2 }
//! codes = "split"                       # one | split
//! amount_group = true
//! side_group = "this_year"              # plain | this_year
//! compiler_label = "department_name"    # compiled_by | compiling_department | department | department_name
//! thousands = false
//! contents = "plain"                    # leaders | plain | none
//! number_place = "inline"               # above | inline
//! borders = "horizontal"                # all | horizontal | none
//! repeat_header = false
//! continued_line = false
//! label_chars = 10
//! spacing = "airy"                      # compact | airy
//! ```

use serde::{Deserialize, Deserializer, Serialize, Serializer};
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

    /// Is this the profile's choice (a key left out of a style file)?
    pub fn is_profile(&self) -> bool {
        matches!(self, Choice::Profile)
    }
}

/// As an optional value: absent (or none) is the profile's choice.
impl<T: Serialize> Serialize for Choice<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Choice::Profile => s.serialize_none(),
            Choice::Set(v) => s.serialize_some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Choice<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(d)?.map_or(Choice::Profile, Choice::Set))
    }
}

/// A money unit and the decimals amounts show (`{ unit = "万元", decimals = 2 }`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shown {
    pub unit: MoneyUnit,
    pub decimals: u8,
}

impl Shown {
    pub const YUAN: Shown = Shown {
        unit: MoneyUnit::Yuan,
        decimals: 0,
    };
    pub const YUAN_FEN: Shown = Shown {
        unit: MoneyUnit::Yuan,
        decimals: 2,
    };
    pub const WAN_YUAN: Shown = Shown {
        unit: MoneyUnit::WanYuan,
        decimals: 2,
    };

    /// As the `(unit, decimals)` pair the generator works with.
    pub fn pair(self) -> (MoneyUnit, u8) {
        (self.unit, self.decimals)
    }
}

/// Where a table's 合计 row stands.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TotalRow {
    First,
    Last,
}

/// How a narrative lists the 项 the 一般公共预算 spends on (上海's 预算编制说明).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemForm {
    /// `“一般公共服务支出（类）人大事务（款）行政运行（项）”科目12.50万元`
    Levels,
    /// The code in each level's marker: `“一般公共服务支出（201类）人大事务（01款）行政运行（01项）”科目12.50万元`
    CodedLevels,
    /// `“一般公共服务支出-人大事务-行政运行”科目12.50万元`
    Dashes,
    /// One item per 类: `“一般公共服务支出”科目12.50万元`
    ClassOnly,
    /// No list.
    None,
}

/// How classification codes are printed.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeColumns {
    /// One column: `2010301`.
    #[default]
    One,
    /// 类 | 款 | 项 under `科目编码`: `201 | 03 | 01`.
    Split,
}

/// The group words over the two halves of a two-sided table.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SideGroup {
    /// `收入` / `支出`
    Plain,
    /// `本年收入` / `本年支出`
    ThisYear,
}

/// The label of the line that names who compiled a table.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberPlace {
    /// On its own line above the title, at the left (`公开01表`).
    #[default]
    Above,
    /// Before the title on the title line (`表一 2025年部门收支总表`).
    Inline,
}

/// Which rules a table draws.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Spacing {
    #[default]
    Compact,
    /// Rows twice as tall: long tables run over pages.
    Airy,
}

/// How one disclosure is printed; see the [module documentation](self) for what each knob copies
/// and how a style is written as a file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Style {
    // What the generator writes.
    /// The tables' money unit and decimals (元 with 0 or 2, 万元 with 2); the profile's by
    /// default.
    #[serde(skip_serializing_if = "Choice::is_profile")]
    pub unit: Choice<Shown>,
    /// How tables are numbered; the profile's by default.
    #[serde(skip_serializing_if = "Choice::is_profile")]
    pub numbering: Choice<Numbering>,
    /// Where the 合计 row of a coded table stands.
    #[serde(skip_serializing_if = "Choice::is_profile")]
    pub total_row: Choice<TotalRow>,
    /// Zero amounts print blank (`true`) or as `0.00`.
    #[serde(skip_serializing_if = "Choice::is_profile")]
    pub zero_blank: Choice<bool>,
    /// The summary table's expenditure side shows 合计 / 基本支出 / 项目支出 (else one 预算数).
    pub summary_split: bool,
    /// How the narrative lists 项 (the profile's: 上海 lists them with （类）（款）（项）).
    #[serde(skip_serializing_if = "Choice::is_profile")]
    pub narrative_items: Choice<ItemForm>,
    /// Level markers in half-width brackets: `(类)`, `(201类)`.
    pub half_width_brackets: bool,
    /// The narrative's money unit and decimals; the tables' by default.
    #[serde(skip_serializing_if = "Choice::is_profile")]
    pub narrative_unit: Choice<Shown>,
    // How a renderer prints.
    /// Codes in one column (`2010301`) or over 类 | 款 | 项 (`201 | 03 | 01`).
    pub codes: CodeColumns,
    /// A group header over the amount columns (`2025年预算数`); `false` prints them flat.
    #[serde(skip_serializing_if = "Choice::is_profile")]
    pub amount_group: Choice<bool>,
    /// The words over the two halves of a two-sided table (`收入`/`支出` or
    /// `本年收入`/`本年支出`); the profile's by default.
    #[serde(skip_serializing_if = "Choice::is_profile")]
    pub side_group: Choice<SideGroup>,
    /// The label of the line naming who compiled a table (`编制单位：…`, `部门：…`).
    pub compiler_label: CompilerLabel,
    /// Thousands separators in amounts (`15,897.44`); `false`: `15897.44`.
    #[serde(skip_serializing_if = "Choice::is_profile")]
    pub thousands: Choice<bool>,
    /// The contents page (PDF; HTML prints a list or none).
    pub contents: Contents,
    /// Where a table's number stands (PDF).
    pub number_place: NumberPlace,
    /// Which rules tables draw (PDF, DOCX, HTML).
    pub borders: Borders,
    /// Continued pages repeat the table's header rows (default `true`).
    #[serde(skip_serializing_if = "Choice::is_profile")]
    pub repeat_header: Choice<bool>,
    /// Continued pages start with `表名（续）` (default `true`).
    #[serde(skip_serializing_if = "Choice::is_profile")]
    pub continued_line: Choice<bool>,
    /// Row labels wrap inside a column of at most this many characters.
    pub label_chars: Option<u8>,
    /// Row spacing of tables (PDF).
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the module documentation, every key set.
    const EXAMPLE: &str = r#"
unit = { unit = "元", decimals = 2 }
numbering = "open"
total_row = "last"
zero_blank = false
summary_split = true
narrative_items = "dashes"
half_width_brackets = true
narrative_unit = { unit = "万元", decimals = 2 }
codes = "split"
amount_group = true
side_group = "this_year"
compiler_label = "department_name"
thousands = false
contents = "plain"
number_place = "inline"
borders = "horizontal"
repeat_header = false
continued_line = false
label_chars = 10
spacing = "airy"
"#;

    #[test]
    fn a_style_file_sets_every_knob_and_round_trips() {
        let s: Style = toml::from_str(EXAMPLE).unwrap();
        assert_eq!(s.unit, Choice::Set(Shown::YUAN_FEN));
        assert_eq!(s.numbering, Choice::Set(Numbering::Open));
        assert_eq!(s.narrative_items, Choice::Set(ItemForm::Dashes));
        assert_eq!(s.narrative_unit, Choice::Set(Shown::WAN_YUAN));
        assert_eq!(s.codes, CodeColumns::Split);
        assert_eq!(s.compiler_label, CompilerLabel::DepartmentName);
        assert_eq!(s.borders, Borders::Horizontal);
        assert_eq!(s.label_chars, Some(10));
        assert_eq!(s.spacing, Spacing::Airy);
        assert!(s.half_width_brackets && s.summary_split);
        let again: Style = toml::from_str(&toml::to_string(&s).unwrap()).unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn keys_left_out_keep_the_profiles_choice_and_unknown_keys_are_refused() {
        let s: Style = toml::from_str("codes = \"split\"").unwrap();
        assert_eq!(
            s,
            Style {
                codes: CodeColumns::Split,
                ..Style::default()
            }
        );
        // The profile's choices are left out when written.
        let written = toml::to_string(&Style::default()).unwrap();
        assert!(
            !written.contains("unit") && !written.contains("numbering"),
            "{written}"
        );
        assert_eq!(toml::from_str::<Style>(&written).unwrap(), Style::default());
        let e = toml::from_str::<Style>("colour = \"red\"").unwrap_err();
        assert!(e.to_string().contains("colour"), "{e}");
        assert!(toml::from_str::<Style>("borders = \"dotted\"").is_err());
    }
}
