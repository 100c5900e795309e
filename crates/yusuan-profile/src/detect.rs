//! Which kind of disclosure a document is, from what the importer read: its table titles and
//! numbers, its contents, its narrative's section titles, its title line, the kind (预算/决算,
//! 部门/单位) and region it states.
//!
//! Every profile of the document's kind (budget or final accounts) is scored: a table title
//! printed exactly as the profile's documents print it counts most; a table family the profile
//! has counts a little, one it does not have counts against it; the numbering style, the
//! region, the kind (部门/单位) and the profile's cue words add to it. The best score wins (the
//! profile order breaks ties); a document that matches nothing in particular is read with the
//! national template (or the 决算 profile). The reason names what decided.

use crate::titles::{normalize, without_year};
use crate::{all, final_accounts, national, Numbering, Profile};
use yusuan_model::{
    Disclosure, DocKind, DocumentMeta, Narrative, PerformanceTable, Region, Table, TableKind,
};

/// What detection looks at: the parts of a disclosure the importer has read.
#[derive(Clone, Copy)]
pub struct Evidence<'a> {
    pub meta: &'a DocumentMeta,
    pub tables: &'a [Table],
    pub performance: &'a [PerformanceTable],
    pub narrative: &'a Narrative,
}

impl<'a> Evidence<'a> {
    pub fn of(doc: &'a Disclosure) -> Evidence<'a> {
        Evidence {
            meta: &doc.meta,
            tables: &doc.tables,
            performance: &doc.performance,
            narrative: &doc.narrative,
        }
    }
}

/// The chosen profile and why.
#[derive(Clone, Debug)]
pub struct Detection {
    pub profile: &'static Profile,
    /// Why, in Chinese (`表题与上海 单位预算相符（9/9 张）；文件标题含“单位预算”`).
    pub reason: String,
    /// Why, in English.
    pub reason_en: String,
}

/// What a score is made of, for the reason.
#[derive(Default)]
struct Score {
    total: i32,
    exact: usize,
    families: usize,
    foreign: Vec<TableKind>,
    numbering: bool,
    region: bool,
    kind: bool,
    cues: Vec<String>,
    sections: usize,
    /// Tables numbered as the profile numbers their family.
    numbers_own: usize,
    /// Tables numbered as the profile numbers another family.
    numbers_other: usize,
}

/// A title as a profile lists it: normalised, without year, number already gone.
fn key(title: &str) -> String {
    without_year(&normalize(title)).to_string()
}

fn score(p: &Profile, doc: Evidence, final_accounts: bool) -> Score {
    let mut s = Score::default();
    let wordings: Vec<String> = p
        .tables
        .iter()
        .flat_map(|t| t.titles.iter().map(|w| key(w)))
        .collect();
    for t in doc.tables {
        if wordings.contains(&key(&t.title)) {
            s.exact += 1;
        } else if p.table(t.kind).is_some() {
            s.families += 1;
        } else if t.kind.is_final_accounts() == final_accounts {
            s.foreign.push(t.kind);
        }
    }
    for t in doc.performance {
        if wordings.contains(&key(&t.title)) {
            s.exact += 1;
        } else if p.performance(t.kind).is_some() {
            s.families += 1;
        }
    }
    // The contents lists the tables of a file that has only the narrative.
    let contents_hits = doc
        .meta
        .contents
        .iter()
        .filter(|c| wordings.contains(&key(c)))
        .count();
    let numbers: Vec<Numbering> = doc
        .tables
        .iter()
        .map(|t| Numbering::of(t.number.as_deref()))
        .filter(|n| *n != Numbering::None)
        .collect();
    s.numbering = !numbers.is_empty() && numbers.iter().all(|n| p.numbering.contains(n));
    // A printed number the profile's documents print for that family (表一 部门收支总表 in the
    // national template) counts for the profile; a number they print for another family (重庆's
    // 表一 is 财政拨款收支总表) counts against it.
    for t in doc.tables {
        let (Some(n), Some(spec)) = (t.number.as_deref(), p.table(t.kind)) else {
            continue;
        };
        let n = normalize(n);
        let own: Vec<String> = spec
            .number
            .iter()
            .chain(&spec.numbers)
            .map(|x| normalize(x))
            .collect();
        if own.contains(&n) {
            s.numbers_own += 1;
        } else if p
            .tables
            .iter()
            .flat_map(|x| x.number.iter().chain(&x.numbers))
            .any(|x| normalize(x) == n)
        {
            s.numbers_other += 1;
        }
    }
    s.region = p
        .region
        .is_some_and(|r| r != Region::National && r == doc.meta.region);
    s.kind = p.kind == doc.meta.kind;
    // Titles, contents, the unit, and the tables' column headers (`决算数`).
    let mut hay: Vec<String> = doc
        .tables
        .iter()
        .map(|t| normalize(&t.title))
        .chain(
            doc.tables
                .iter()
                .flat_map(|t| t.columns.iter().map(|c| normalize(&c.label))),
        )
        .chain(doc.meta.title.iter().map(|t| normalize(t)))
        .chain(doc.meta.contents.iter().map(|t| normalize(t)))
        .collect();
    if let Some(u) = &doc.meta.unit.name {
        hay.push(normalize(u));
    }
    for w in &p.cues.words {
        let w = normalize(w);
        if hay.iter().any(|h| h.contains(&w)) {
            s.cues.push(w);
        }
    }
    s.sections = p
        .sections
        .iter()
        .filter(|sec| {
            doc.narrative
                .sections
                .iter()
                .any(|x| sec.named_in(&x.title))
        })
        .count();
    s.total = 3 * s.exact as i32 + s.families as i32 - 2 * s.foreign.len() as i32
        + contents_hits as i32
        + if s.numbering { 2 } else { 0 }
        + s.numbers_own as i32
        - 2 * s.numbers_other as i32
        + if s.region { 5 } else { 0 }
        + if s.kind { 2 } else { 0 }
        + 2 * s.cues.len() as i32
        + s.sections as i32;
    s
}

/// Is the document final accounts? Its stated kind, or most of its tables.
fn is_final_accounts(doc: Evidence) -> bool {
    if doc.meta.kind.is_final_accounts() {
        return true;
    }
    let fin = doc
        .tables
        .iter()
        .filter(|t| t.kind.is_final_accounts())
        .count();
    fin * 2 > doc.tables.len() && fin > 0
}

/// Pick the profile of a document.
pub fn detect(doc: &Disclosure) -> Detection {
    detect_in(Evidence::of(doc))
}

/// Pick the profile of a document from its parts (for the importer, before the disclosure is
/// put together).
pub fn detect_in(doc: Evidence) -> Detection {
    let fin = is_final_accounts(doc);
    let mut best: Option<(&'static Profile, Score)> = None;
    for p in all().iter().filter(|p| p.is_final_accounts() == fin) {
        let s = score(p, doc, fin);
        if best.as_ref().is_none_or(|(_, b)| s.total > b.total) {
            best = Some((p, s));
        }
    }
    let fallback = if fin { final_accounts() } else { national() };
    let Some((profile, s)) = best else {
        return Detection {
            profile: fallback,
            reason: "没有可选的规范".into(),
            reason_en: "no profile to choose from".into(),
        };
    };
    // Nothing particular matched: the template used everywhere.
    if s.exact == 0 && !s.region && s.cues.is_empty() && profile.id != fallback.id {
        let (zh, en) = if fin {
            ("文件为部门决算", "the document is final accounts")
        } else {
            (
                "没有找到地区模板的表题或特征，按全国通用模板",
                "no region's table titles or marks found: the national template",
            )
        };
        return Detection {
            profile: fallback,
            reason: zh.into(),
            reason_en: en.into(),
        };
    }
    let (zh, en) = reason(profile, doc, &s, fin);
    Detection {
        profile,
        reason: zh,
        reason_en: en,
    }
}

fn reason(p: &Profile, doc: Evidence, s: &Score, fin: bool) -> (String, String) {
    let mut zh: Vec<String> = Vec::new();
    let mut en: Vec<String> = Vec::new();
    if fin {
        zh.push("文件为决算".into());
        en.push("final accounts".into());
    }
    let n = doc.tables.len() + doc.performance.len();
    if s.exact > 0 {
        zh.push(format!("表题与{}的表题相符 {}/{} 张", p.name, s.exact, n));
        en.push(format!(
            "{} of {n} table titles are {}'s",
            s.exact, p.name_en
        ));
    }
    if !s.foreign.is_empty() {
        let names: Vec<&str> = s.foreign.iter().map(|k| k.label()).collect();
        zh.push(format!("另有本规范没有的表：{}", names.join("、")));
        en.push(format!("{} tables it does not list", s.foreign.len()));
    }
    if s.region {
        zh.push(format!("地区为{}", region_name(doc.meta.region)));
        en.push(format!("region {:?}", doc.meta.region));
    }
    if s.kind && !fin && doc.meta.kind != DocKind::DepartmentBudget {
        zh.push(format!("文件为{}", doc.meta.kind.label()));
        en.push(format!("the document says {}", doc.meta.kind.label()));
    }
    if !s.cues.is_empty() {
        zh.push(format!("文中有“{}”", s.cues.join("”“")));
        en.push(format!("wording: {}", s.cues.join(", ")));
    }
    if s.numbering {
        let style = doc
            .tables
            .iter()
            .map(|t| Numbering::of(t.number.as_deref()))
            .find(|n| *n != Numbering::None)
            .unwrap_or(Numbering::None);
        zh.push(format!("表号为{}", style.label()));
        en.push(format!("tables numbered {}", style.label()));
    }
    if zh.is_empty() {
        zh.push(format!("最接近{}", p.name));
        en.push(format!("closest to {}", p.name_en));
    }
    (zh.join("；"), en.join("; "))
}

fn region_name(r: Region) -> &'static str {
    match r {
        Region::Chongqing => "重庆",
        Region::Shanghai => "上海",
        Region::National => "全国",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::{DocumentMeta, Provenance, Table};

    fn table(kind: TableKind, number: Option<&str>, title: &str) -> Table {
        Table {
            kind,
            number: number.map(str::to_string),
            title: title.into(),
            unit: None,
            compiler: None,
            columns: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
            empty_note: None,
            prov: Provenance::new(&std::sync::Arc::from("t.pdf")),
            end_line: 0,
            doubt: None,
        }
    }

    fn doc(kind: DocKind, region: Region, tables: Vec<Table>) -> Disclosure {
        Disclosure {
            meta: DocumentMeta {
                kind,
                region,
                ..DocumentMeta::default()
            },
            tables,
            ..Disclosure::default()
        }
    }

    #[test]
    fn shanghai_unit_by_its_titles() {
        let d = doc(
            DocKind::UnitBudget,
            Region::Shanghai,
            vec![
                table(
                    TableKind::DepartmentSummary,
                    None,
                    "2025年预算单位财务收支预算总表",
                ),
                table(
                    TableKind::DepartmentIncome,
                    None,
                    "2025年预算单位收入预算总表",
                ),
                table(
                    TableKind::ThreePublic,
                    None,
                    "2025年单位“三公”经费和机关运行经费预算表",
                ),
            ],
        );
        let got = detect(&d);
        assert_eq!(got.profile.id, "shanghai-unit", "{}", got.reason);
        assert!(got.reason.contains("3/3"), "{}", got.reason);
        // The same tables titled 部门…: the department budget, even if the kind was misread.
        let d = doc(
            DocKind::UnitBudget,
            Region::Shanghai,
            vec![
                table(
                    TableKind::DepartmentSummary,
                    None,
                    "2025年部门财务收支预算总表",
                ),
                table(TableKind::DepartmentIncome, None, "2025年部门收入预算总表"),
                table(
                    TableKind::DepartmentExpenditure,
                    None,
                    "2025年部门支出预算总表",
                ),
                table(
                    TableKind::ThreePublic,
                    None,
                    "2025年部门“三公”经费和机关运行经费预算表",
                ),
            ],
        );
        assert_eq!(detect(&d).profile.id, "shanghai-department");
    }

    #[test]
    fn national_template_and_chongqing() {
        let jiangsu = doc(
            DocKind::DepartmentBudget,
            Region::National,
            vec![
                table(TableKind::DepartmentSummary, Some("表一"), "收支预算总表"),
                table(
                    TableKind::FiscalSummary,
                    Some("表四"),
                    "财政拨款收支预算总表",
                ),
                table(
                    TableKind::FiscalExpenditure,
                    Some("表五"),
                    "财政拨款支出预算表",
                ),
                table(
                    TableKind::AdminCost,
                    Some("表十"),
                    "一般公共预算机关运行经费支出预算表",
                ),
            ],
        );
        let got = detect(&jiangsu);
        assert_eq!(got.profile.id, "national", "{}", got.reason);
        let chongqing = doc(
            DocKind::DepartmentBudget,
            Region::National,
            vec![
                table(TableKind::FiscalSummary, Some("表一"), "财政拨款收支总表"),
                table(
                    TableKind::GeneralBudgetExpenditure,
                    Some("表二"),
                    "一般公共预算财政拨款支出预算表",
                ),
                table(TableKind::DepartmentSummary, Some("表六"), "部门收支总表"),
                table(TableKind::Procurement, Some("表九"), "政府采购预算明细表"),
            ],
        );
        let got = detect(&chongqing);
        assert_eq!(got.profile.id, "chongqing", "{}", got.reason);
        // The Ministry of Finance's sample tables: the titles 重庆 uses too, but numbered as
        // the national template numbers them (重庆's 表一 is 财政拨款收支总表).
        let sample = doc(
            DocKind::DepartmentBudget,
            Region::National,
            vec![
                table(TableKind::DepartmentSummary, Some("表一"), "部门收支总表"),
                table(TableKind::DepartmentIncome, Some("表二"), "部门收入总表"),
                table(
                    TableKind::DepartmentExpenditure,
                    Some("表三"),
                    "部门支出总表",
                ),
                table(TableKind::FiscalSummary, Some("表四"), "财政拨款收支总表"),
            ],
        );
        let got = detect(&sample);
        assert_eq!(got.profile.id, "national", "{}", got.reason);
    }

    #[test]
    fn nothing_particular_is_national_and_final_accounts_by_kind() {
        let d = doc(DocKind::DepartmentBudget, Region::National, Vec::new());
        let got = detect(&d);
        assert_eq!(got.profile.id, "national");
        assert!(got.reason.contains("全国通用"), "{}", got.reason);
        let d = doc(
            DocKind::DepartmentFinalAccounts,
            Region::Shanghai,
            Vec::new(),
        );
        assert_eq!(detect(&d).profile.id, "final-accounts");
        // A budget-kind document whose tables are all 决算 tables is final accounts.
        let d = doc(
            DocKind::DepartmentBudget,
            Region::Shanghai,
            vec![
                table(TableKind::FinalSummary, None, "收入支出决算总表"),
                table(TableKind::FinalIncome, None, "收入决算表"),
            ],
        );
        assert_eq!(detect(&d).profile.id, "final-accounts");
    }
}
