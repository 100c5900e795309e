//! What the importer types from labels and titles, on real documents of three kinds: the money
//! each income line of a summary table names and whether it was carried forward, the category
//! of each 政府采购 line, the part of the budget a narrative section is. Nothing after the
//! importer reads those labels again.

// Test code: a failure is reported by panicking.
#![allow(clippy::panic)]

use yusuan_model::{
    Disclosure, FundSource, Funding, ProcurementCategory, RowKind, SectionKind, Side, TableKind,
};

fn import(path: &str) -> Disclosure {
    let full = format!("{}/../../corpus/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    yusuan_import::import_file(path, &bytes).unwrap_or_else(|e| panic!("{e}"))
}

/// (label, funding, carried forward) of the income lines of the first table of a kind.
fn income_lines(d: &Disclosure, kind: TableKind) -> Vec<(String, Option<Funding>, bool)> {
    let t = d.table(kind).unwrap_or_else(|| panic!("no {kind:?}"));
    t.rows
        .iter()
        .filter(|r| r.side == Side::Income && r.kind != RowKind::Total)
        .map(|r| (r.label.clone(), r.funding, r.carried_forward))
        .collect()
}

fn source(s: FundSource) -> Option<Funding> {
    Some(Funding::Source(s))
}

fn kinds(d: &Disclosure) -> Vec<(&str, SectionKind)> {
    d.narrative
        .sections
        .iter()
        .filter_map(|s| s.kind.map(|k| (s.title.as_str(), k)))
        .collect()
}

#[test]
fn chongqing_this_year_and_carried_forward() {
    use FundSource as S;
    let d = import("chongqing-jiangbeicheng-2025-budget.txt");
    let got = income_lines(&d, TableKind::FiscalSummary);
    let want: Vec<(String, Option<Funding>, bool)> = [
        ("一、本年收入", Some(Funding::All), false),
        ("一般公共预算资金", source(S::GeneralBudget), false),
        ("政府性基金预算资金", source(S::GovFund), false),
        ("国有资本经营预算资金", source(S::StateCapital), false),
        ("二、上年结转", Some(Funding::All), true),
        ("一般公共预算拨款", source(S::GeneralBudget), true),
        ("政府性基金预算拨款", source(S::GovFund), true),
        ("国有资本经营收入", source(S::StateCapital), true),
    ]
    .into_iter()
    .map(|(l, f, c)| (l.to_string(), f, c))
    .collect();
    assert_eq!(got, want);
    // 表六 names every source of a unit's money, each one line.
    let summary = income_lines(&d, TableKind::DepartmentSummary);
    let named: Vec<Option<Funding>> = summary.iter().map(|l| l.1).collect();
    let all: Vec<Option<Funding>> = FundSource::ALL.into_iter().map(source).collect();
    assert_eq!(named.len(), all.len());
    assert!(all.iter().all(|f| named.contains(f)), "{summary:?}");
    // 表九: the one category bought.
    let proc = d.table(TableKind::Procurement).expect("表九");
    let cats: Vec<(&str, Option<ProcurementCategory>)> = proc
        .rows
        .iter()
        .map(|r| (r.label.as_str(), r.procurement))
        .collect();
    assert!(
        cats.contains(&("服务", Some(ProcurementCategory::Services))),
        "{cats:?}"
    );
    assert!(cats.iter().all(|(l, c)| c.is_some() || l.contains("合计")));
    use SectionKind::*;
    assert_eq!(
        kinds(&d),
        vec![
            ("职能职责", Functions),
            ("单位构成", Organisation),
            ("机关运行经费", AdminCost),
            ("政府采购情况", Procurement),
            ("绩效目标设置情况", Performance),
            ("国有资产占有使用情况", Assets),
            ("专业性名词解释", Glossary),
        ]
    );
}

#[test]
fn shanghai_fiscal_appropriation_and_its_budgets() {
    use FundSource as S;
    let d = import("shanghai-putuo-wanli-2025-budget.txt");
    let got = income_lines(&d, TableKind::DepartmentSummary);
    let lines: Vec<(&str, Option<Funding>, bool)> =
        got.iter().map(|(l, f, c)| (l.as_str(), *f, *c)).collect();
    assert_eq!(
        lines,
        vec![
            ("一、财政拨款收入", Some(Funding::Fiscal), false),
            ("1. 一般公共预算资金", source(S::GeneralBudget), false),
            ("2. 政府性基金", source(S::GovFund), false),
            ("3. 国有资本经营预算", source(S::StateCapital), false),
            ("二、事业收入", source(S::OperatingRevenue), false),
            ("三、事业单位经营收入", source(S::BusinessRevenue), false),
            ("四、其他收入", source(S::OtherRevenue), false),
        ]
    );
    let k = kinds(&d);
    assert!(k
        .iter()
        .any(|(t, k)| t.ends_with("主要职能") && *k == SectionKind::Functions));
    assert!(k
        .iter()
        .any(|(t, k)| t.ends_with("机构设置") && *k == SectionKind::Organisation));
    assert!(k.contains(&("名词解释", SectionKind::Glossary)));
    // 名词解释 defines 机关运行经费 in a subsection of that title: a term, not the part. The one
    // 机关运行经费 section is the part, and its text states the amount.
    let admin: Vec<_> = d
        .narrative
        .sections
        .iter()
        .filter(|s| s.kind == Some(SectionKind::AdminCost))
        .collect();
    assert_eq!(admin.len(), 1, "{k:?}");
    assert!(admin
        .iter()
        .all(|s| s.title == "机关运行经费预算" && s.text.contains("机关运行经费预算为")));
    assert!(d
        .narrative
        .sections
        .iter()
        .any(|s| s.kind.is_none() && s.title.contains("机关运行经费")));
}

#[test]
fn national_template_letters_and_carried_lump() {
    let d = import("pdf/jiangsu/jiangsu-npc-office-2018-budget.pdf");
    let got = income_lines(&d, TableKind::DepartmentSummary);
    // `上年结转资金` names no source: all of last year's money, carried forward.
    assert!(
        got.contains(&("上年结转资金".to_string(), Some(Funding::All), true)),
        "{got:?}"
    );
    assert!(got.contains(&("一、财政拨款".to_string(), Some(Funding::Fiscal), false)));
    // `三、其他资金` is no source the model knows.
    assert!(got.contains(&("三、其他资金".to_string(), None, false)));
    let proc = d.table(TableKind::Procurement).expect("政府采购预算表");
    // The category lines (`一、货物 A`, `三、服务 C`) among the items bought under them.
    let cats: Vec<(&str, ProcurementCategory)> = proc
        .rows
        .iter()
        .filter_map(|r| r.procurement.map(|c| (r.label.as_str(), c)))
        .collect();
    assert_eq!(
        cats,
        vec![
            ("一、货物 A", ProcurementCategory::Goods),
            ("三、服务 C", ProcurementCategory::Services)
        ]
    );
}
