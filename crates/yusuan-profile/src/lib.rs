//! The kinds of disclosure, as data: one place that says, for each kind of published
//! disclosure (重庆 部门预算, 上海 部门预算 and 单位预算, the national template most provinces use,
//! the 部门决算), which tables it has under which titles and numbers, which of them must be
//! there and which may be empty (and how their empty-table notes read), which narrative parts
//! it requires under which titles, the money unit it usually uses, how the generator lays it out,
//! and the cues that tell a document of this kind.
//!
//! The data lives in `data/profiles/*.toml` and `data/titles.toml`, embedded in the binary,
//! parsed once and checked by the tests of this crate. Every stage reads it from here: the
//! importer recognises table titles with [`titles`], picks the profile of a document with
//! [`detect`], the checker takes the required tables and parts from the chosen [`Profile`],
//! the generator its table set and titles. A new kind of disclosure is a new data file plus
//! tests on its real documents.

pub mod detect;
pub mod reference;
pub mod titles;

pub use detect::{detect, detect_in, Detection, Evidence};
pub use titles::{classify_words, TitleKind};

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use yusuan_model::{DocKind, MoneyUnit, PerformanceKind, Region, TableKind};

/// The embedded profile files, in the order detection prefers them on a tie.
const FILES: [(&str, &str); 5] = [
    (
        "chongqing.toml",
        include_str!("../data/profiles/chongqing.toml"),
    ),
    (
        "shanghai-department.toml",
        include_str!("../data/profiles/shanghai-department.toml"),
    ),
    (
        "shanghai-unit.toml",
        include_str!("../data/profiles/shanghai-unit.toml"),
    ),
    (
        "national.toml",
        include_str!("../data/profiles/national.toml"),
    ),
    (
        "final-accounts.toml",
        include_str!("../data/profiles/final-accounts.toml"),
    ),
];

/// Must a table or a narrative part be there?
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Every document of this kind has it: missing is an error.
    #[default]
    Required,
    /// The rules ask for it but documents of this kind are known to leave it out: missing is a
    /// warning.
    Expected,
    /// Some documents have it: nothing is said when it is missing.
    Optional,
}

impl Presence {
    pub fn label(self) -> &'static str {
        match self {
            Presence::Required => "必有",
            Presence::Expected => "应有",
            Presence::Optional => "可有",
        }
    }
}

/// How a kind of disclosure numbers its tables.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Numbering {
    /// `表一`, `表十二`
    Chinese,
    /// `1.`, `9．`, `表3`
    Arabic,
    /// `公开01表`
    Open,
    /// No number printed.
    None,
}

impl Numbering {
    /// The style of a printed table number (`表一`, `5`, `公开01表`); `None` for no number.
    pub fn of(number: Option<&str>) -> Numbering {
        let Some(n) = number.map(str::trim).filter(|n| !n.is_empty()) else {
            return Numbering::None;
        };
        if n.starts_with("公开") {
            return Numbering::Open;
        }
        let rest = n.strip_prefix('表').unwrap_or(n);
        if rest.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            Numbering::Arabic
        } else {
            Numbering::Chinese
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Numbering::Chinese => "表一…",
            Numbering::Arabic => "1.…",
            Numbering::Open => "公开01表…",
            Numbering::None => "不编号",
        }
    }
}

/// One table family of a kind of disclosure.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// The family (for the tables of amounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<TableKind>,
    /// The family (for the performance-goal tables).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performance: Option<PerformanceKind>,
    /// The number this kind prints and the generator writes (`表一`, `1`); none when it does not
    /// number its tables, or numbers them in more than one way (see `numbers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The table's name as findings and the generator write it (the generator puts the year in
    /// front).
    pub name: String,
    /// The titles documents of this kind print (without number and year): for recognising the
    /// kind of a document.
    #[serde(default)]
    pub titles: Vec<String>,
    /// Numbers seen printed (`表五`, `公开05表`), where they vary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numbers: Vec<String>,
    #[serde(default)]
    pub presence: Presence,
    /// The table may legitimately have no data (it is then published with a note).
    #[serde(default)]
    pub may_be_empty: bool,
    /// Empty-table notes seen printed under it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub empty_notes: Vec<String>,
    /// What the generator's empty-table note says there is none of (`政府性基金收支`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_what: Option<String>,
    /// The generator prints zero amounts blank (else `0`); default: the profile's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zero_blank: Option<bool>,
    /// Whether the generator builds this table (it builds the families it knows by default).
    #[serde(default = "yes")]
    pub generate: bool,
}

fn yes() -> bool {
    true
}

impl TableSpec {
    /// `表五 政府性基金预算支出表`, `7. 部门国有资本经营…`, `政府采购预算表`.
    pub fn display(&self) -> String {
        match &self.number {
            Some(n) if n.chars().all(|c| c.is_ascii_digit()) => format!("{n}. {}", self.name),
            Some(n) => format!("{n} {}", self.name),
            None => self.name.clone(),
        }
    }

    /// The title family this entry describes.
    pub fn title_kind(&self) -> Option<TitleKind> {
        match (self.kind, self.performance) {
            (Some(k), _) => Some(TitleKind::Table(k)),
            (None, Some(p)) => Some(TitleKind::Performance(p)),
            (None, None) => None,
        }
    }
}

/// One narrative part a kind of disclosure has.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub name: String,
    /// The part is there when a section title (or, failing that, the narrative text) contains
    /// one of these; `*` stands for any run of characters (`专项*经费情况说明`).
    pub titles: Vec<String>,
    #[serde(default)]
    pub presence: Presence,
}

impl SectionSpec {
    /// Does `text` name this part? Both sides are compared without spaces, with half-width
    /// brackets made full-width.
    pub fn named_in(&self, text: &str) -> bool {
        let text = titles::normalize(text);
        self.titles
            .iter()
            .any(|p| wildcard_contains(&text, &titles::normalize(p)))
    }
}

/// `haystack` contains `pattern`, where `*` in the pattern matches any run of characters.
pub fn wildcard_contains(haystack: &str, pattern: &str) -> bool {
    let mut parts = pattern.split('*').filter(|p| !p.is_empty());
    let Some(first) = parts.next() else {
        return false;
    };
    let Some((_, mut rest)) = haystack.split_once(first) else {
        return false;
    };
    for p in parts {
        match rest.split_once(p) {
            Some((_, after)) => rest = after,
            None => return false,
        }
    }
    true
}

/// Words that mark a document of this kind.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    /// Found in the document's title, table titles or contents.
    #[serde(default)]
    pub words: Vec<String>,
}

/// The table shapes the generator knows (columns, line labels, zero style), named after the
/// template that first used them. A new profile picks the one its documents resemble.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// 重庆's shapes: 总计 columns, income by every source, the 三公 table on its own.
    Chongqing,
    /// 上海's shapes: numbered summary lines, 合计 columns, the 三公 table with 机关运行经费.
    Shanghai,
}

/// How the generator lays out a disclosure of this kind.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildSpec {
    pub table_style: Style,
    pub narrative_style: Style,
    /// Unit and decimals of the tables and the narrative; absent: the budget's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<MoneyUnit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// Unit and decimals of the “三公” table, where it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub three_public_unit: Option<MoneyUnit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub three_public_decimals: Option<u8>,
    /// The note under an empty table: `{year}` and `{what}` are filled in.
    pub empty_note: String,
    /// Zero amounts print blank (else `0`), unless a table says otherwise.
    #[serde(default)]
    pub zero_blank: bool,
}

/// One kind of disclosure.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// `chongqing`, `shanghai-department`, `shanghai-unit`, `national`, `final-accounts`.
    pub id: String,
    /// `上海 单位预算`
    pub name: String,
    pub name_en: String,
    /// The region whose documents these are; none for a template used everywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    pub kind: DocKind,
    /// The money unit its tables usually use.
    pub money_unit: MoneyUnit,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default)]
    pub description: String,
    /// How its tables are numbered.
    #[serde(default)]
    pub numbering: Vec<Numbering>,
    /// Printed table numbers must run in the order of `tables` (YS507).
    #[serde(default)]
    pub numbered: bool,
    /// Words that, in this kind's documents, say a table is empty (besides the usual ones).
    #[serde(default)]
    pub empty_note_words: Vec<String>,
    #[serde(default)]
    pub cues: Cues,
    /// Its tables, in printed order.
    pub tables: Vec<TableSpec>,
    /// Its narrative parts.
    #[serde(default)]
    pub sections: Vec<SectionSpec>,
    /// How the generator builds it; none when it cannot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<BuildSpec>,
}

impl Profile {
    /// `上海 单位预算 (shanghai-unit)`
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.id)
    }

    /// The entry for a table family.
    pub fn table(&self, kind: TableKind) -> Option<&TableSpec> {
        self.tables.iter().find(|t| t.kind == Some(kind))
    }

    /// The entry for a performance-goal table family.
    pub fn performance(&self, kind: PerformanceKind) -> Option<&TableSpec> {
        self.tables.iter().find(|t| t.performance == Some(kind))
    }

    /// Is this a profile of final accounts (决算)?
    pub fn is_final_accounts(&self) -> bool {
        self.kind.is_final_accounts()
    }
}

/// Why the embedded data could not be read (a defect of the build, caught by the tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataError(pub String);

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DataError {}

fn parse_all() -> (Vec<Profile>, Vec<DataError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (file, text) in FILES {
        match toml::from_str::<Profile>(text) {
            Ok(p) => out.push(p),
            Err(e) => errors.push(DataError(format!("{file}: {e}"))),
        }
    }
    (out, errors)
}

fn loaded() -> &'static (Vec<Profile>, Vec<DataError>) {
    static ALL: OnceLock<(Vec<Profile>, Vec<DataError>)> = OnceLock::new();
    ALL.get_or_init(parse_all)
}

/// Every profile, in the order detection prefers them on a tie.
pub fn all() -> &'static [Profile] {
    &loaded().0
}

/// Problems with the embedded data: none in a correct build (a test checks this).
pub fn data_errors() -> Vec<DataError> {
    let mut errors = loaded().1.clone();
    errors.extend(titles::data_errors());
    errors.extend(validate(all()));
    errors
}

/// The profile with this id.
pub fn by_id(id: &str) -> Option<&'static Profile> {
    all().iter().find(|p| p.id == id)
}

/// The ids of every profile, for messages (`chongqing, shanghai-department, …`).
pub fn ids() -> Vec<&'static str> {
    all().iter().map(|p| p.id.as_str()).collect()
}

/// An empty profile, for the impossible case of embedded data that did not load: nothing is
/// required, so nothing is reported missing.
fn empty() -> &'static Profile {
    static EMPTY: OnceLock<Profile> = OnceLock::new();
    EMPTY.get_or_init(|| Profile {
        id: "none".into(),
        name: "（无）".into(),
        name_en: "none".into(),
        region: None,
        kind: DocKind::DepartmentBudget,
        money_unit: MoneyUnit::WanYuan,
        source: None,
        description: String::new(),
        numbering: Vec::new(),
        numbered: false,
        empty_note_words: Vec::new(),
        cues: Cues::default(),
        tables: Vec::new(),
        sections: Vec::new(),
        build: None,
    })
}

/// The national template: the profile of a budget that fits no other.
pub fn national() -> &'static Profile {
    by_id("national").unwrap_or_else(empty)
}

/// The profile of final accounts.
pub fn final_accounts() -> &'static Profile {
    by_id("final-accounts").unwrap_or_else(empty)
}

/// The profile of a region's disclosures of a kind (the coarse choice `--region` makes): 上海
/// 部门预算 or 单位预算, 重庆, the national template; final accounts whatever the region.
pub fn for_region(region: Region, kind: DocKind) -> &'static Profile {
    if kind.is_final_accounts() {
        return final_accounts();
    }
    let unit = matches!(kind, DocKind::UnitBudget);
    all()
        .iter()
        .filter(|p| !p.is_final_accounts() && p.region == Some(region))
        .min_by_key(|p| (p.kind == DocKind::UnitBudget) != unit)
        .unwrap_or_else(national)
}

/// What the tests check of every profile: ids unique and well-formed, every table names one
/// family, every listed title is recognised as its own family, numbers consistent.
pub fn validate(profiles: &[Profile]) -> Vec<DataError> {
    let mut errors = Vec::new();
    let mut err = |p: &Profile, what: String| errors.push(DataError(format!("{}: {what}", p.id)));
    let mut seen = std::collections::HashSet::new();
    for p in profiles {
        if !seen.insert(p.id.as_str()) {
            err(p, "id used twice".into());
        }
        if p.id.is_empty()
            || !p
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            err(p, "id must be lowercase ASCII words joined by -".into());
        }
        if p.name.trim().is_empty() {
            err(p, "no name".into());
        }
        let mut families = std::collections::HashSet::new();
        for t in &p.tables {
            let Some(family) = t.title_kind() else {
                err(p, format!("table {} names no family", t.name));
                continue;
            };
            if t.kind.is_some() && t.performance.is_some() {
                err(p, format!("table {} names two families", t.name));
            }
            if !families.insert(family) {
                err(p, format!("family {family:?} listed twice"));
            }
            if let Some(k) = t.kind {
                if k.is_final_accounts() != p.is_final_accounts() {
                    err(
                        p,
                        format!("table {} is not of this kind of document", t.name),
                    );
                }
            }
            for title in std::iter::once(&t.name).chain(&t.titles) {
                let got = classify_words(&titles::normalize(title));
                if got != Some(family) {
                    err(
                        p,
                        format!("title {title} is recognised as {got:?}, not {family:?}"),
                    );
                }
            }
            if t.titles.is_empty() {
                err(p, format!("table {} lists no title wording", t.name));
            }
        }
        if p.numbered && p.tables.iter().any(|t| t.number.is_none()) {
            err(p, "numbered, but a table has no number".into());
        }
        for s in &p.sections {
            if s.titles.is_empty() {
                err(p, format!("section {} lists no title", s.name));
            }
        }
        if let Some(b) = &p.build {
            if !b.empty_note.contains("{what}") {
                err(p, "build.empty_note has no {what}".into());
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_is_valid() {
        let errors = data_errors();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(
            ids(),
            [
                "chongqing",
                "shanghai-department",
                "shanghai-unit",
                "national",
                "final-accounts"
            ]
        );
    }

    #[test]
    fn table_counts() {
        let n = |id: &str| by_id(id).map(|p| p.tables.len()).unwrap_or(0);
        assert_eq!(n("chongqing"), 12);
        assert_eq!(n("shanghai-department"), 9);
        assert_eq!(n("shanghai-unit"), 9);
        assert_eq!(n("national"), 15);
        assert_eq!(n("final-accounts"), 9);
        // The national minimum of 143号: eight required tables.
        let required = national()
            .tables
            .iter()
            .filter(|t| t.presence == Presence::Required)
            .count();
        assert_eq!(required, 8);
    }

    #[test]
    fn a_bad_profile_is_caught() {
        let mut p = national().clone();
        p.tables[0].titles.push("政府采购预算表".into());
        p.tables.push(p.tables[1].clone());
        p.id = "Bad Id".into();
        let errors = validate(&[p]);
        assert!(
            errors.iter().any(|e| e.0.contains("政府采购预算表")),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|e| e.0.contains("listed twice")),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|e| e.0.contains("lowercase")),
            "{errors:?}"
        );
    }

    #[test]
    fn region_defaults() {
        assert_eq!(
            for_region(Region::Shanghai, DocKind::UnitBudget).id,
            "shanghai-unit"
        );
        assert_eq!(
            for_region(Region::Shanghai, DocKind::DepartmentBudget).id,
            "shanghai-department"
        );
        assert_eq!(
            for_region(Region::Chongqing, DocKind::UnitBudget).id,
            "chongqing"
        );
        assert_eq!(
            for_region(Region::National, DocKind::DepartmentBudget).id,
            "national"
        );
        assert_eq!(
            for_region(Region::Shanghai, DocKind::DepartmentFinalAccounts).id,
            "final-accounts"
        );
    }

    #[test]
    fn numbering_styles() {
        assert_eq!(Numbering::of(Some("表十二")), Numbering::Chinese);
        assert_eq!(Numbering::of(Some("9")), Numbering::Arabic);
        assert_eq!(Numbering::of(Some("表3")), Numbering::Arabic);
        assert_eq!(Numbering::of(Some("公开01表")), Numbering::Open);
        assert_eq!(Numbering::of(None), Numbering::None);
    }

    #[test]
    fn section_wildcards() {
        let s = SectionSpec {
            name: "项目经费情况说明".into(),
            titles: vec!["项目经费情况说明".into(), "专项*经费情况说明".into()],
            presence: Presence::Required,
        };
        assert!(s.named_in("生命健康专项（政策资金）经费情况说明"));
        assert!(s.named_in("人民调解项目经费情况说明"));
        assert!(!s.named_in("2025年“三公”经费预算情况说明"));
        assert!(!s.named_in("专项"));
    }
}
