//! write_budget → read_budget gives the same budget; hand edits in the usual spreadsheet forms
//! are read; the reference disclosure survives import → budget → folder → budget.

mod common;

use common::{plain, sample};
use proptest::prelude::*;
use yusuan_model::budget::{
    Assets, ChangeReason, Display, EconomicLine, ExpenditureLine, Goal, IncomeLine,
    NarrativeInputs, PriorYear, Procurement, Project, ThreePublic,
};
use yusuan_model::{
    Budget, Catalog, Code, DocKind, Fen, FundSource, Indicator, MoneyUnit, Nature, Provenance,
    Region, UnitIdentity, Weight,
};
use yusuan_native::{read_budget, read_budget_with_catalog, write_budget};

#[test]
fn sample_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let b = sample();
    write_budget(&b, dir.path()).unwrap();
    let back = read_budget(dir.path()).unwrap();
    assert_eq!(plain(back), plain(b));
    // Writing what was read gives the same files.
    let first = std::fs::read_to_string(dir.path().join("budget.toml")).unwrap();
    let again = tempfile::tempdir().unwrap();
    write_budget(&read_budget(dir.path()).unwrap(), again.path()).unwrap();
    for f in [
        "budget.toml",
        "income.csv",
        "expenditure.csv",
        "economic.csv",
        "projects.toml",
        "overall-goal.toml",
    ] {
        assert_eq!(
            std::fs::read(dir.path().join(f)).unwrap(),
            std::fs::read(again.path().join(f)).unwrap(),
            "{f}"
        );
    }
    assert!(first.contains("admin_cost = \"1879100.00\""), "{first}");
}

#[test]
fn files_are_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    write_budget(&sample(), dir.path()).unwrap();
    let exp = std::fs::read_to_string(dir.path().join("expenditure.csv")).unwrap();
    let mut lines = exp.lines();
    assert_eq!(lines.next(), Some("\u{feff}code,name,source,basic,project"));
    assert_eq!(
        lines.next(),
        Some("2010301,行政运行,一般公共预算,4426100.00,0.00")
    );
    assert!(exp.contains("2120104,\"城管执法, \"\"综合\"\"\",一般公共预算,402000.00,6483000.00"));
    let income = std::fs::read_to_string(dir.path().join("income.csv")).unwrap();
    assert!(income.contains("一般公共预算,123.45,是"), "{income}");
    let projects = std::fs::read_to_string(dir.path().join("projects.toml")).unwrap();
    assert!(projects.contains(
        "  { name = \"辖区少数民族暴力发生率\", weight = \"25\", nature = \"≤\", value = \"1\", unit = \"%\", core = true },"
    ));
    // The hand-built indicator keeps its number and its (different) text.
    assert!(
        projects.contains("weight = \"12.5\", weight_text = \"\""),
        "{projects}"
    );
    let toml = std::fs::read_to_string(dir.path().join("budget.toml")).unwrap();
    assert!(toml.contains("\n[three_public]\noverseas = \"30000.00\"\n"));
    assert!(toml.contains("functions = \"\"\"\n第一段。\n"), "{toml}");
}

#[test]
fn provenance_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write_budget(&sample(), dir.path()).unwrap();
    let b = read_budget(dir.path()).unwrap();
    let p = b.expenditure[2].prov.as_ref().unwrap();
    assert!(p.file.ends_with("expenditure.csv"), "{p}");
    assert_eq!(p.line, Some(4));
    assert_eq!(p.row.as_deref(), Some("2120104"));
    let p = b.income[0].prov.as_ref().unwrap();
    assert!(p.file.ends_with("income.csv"));
    assert_eq!(p.line, Some(2));
    assert_eq!(b.economic[1].prov.as_ref().unwrap().line, Some(3));
    let ind = &b.projects[0].goal.indicators[0];
    assert!(ind.prov.file.ends_with("projects.toml"));
    let projects = std::fs::read_to_string(dir.path().join("projects.toml")).unwrap();
    let line = ind.prov.line.unwrap() as usize;
    assert!(projects
        .lines()
        .nth(line - 1)
        .unwrap()
        .contains("辖区少数民族暴力发生率"));
}

#[test]
fn overall_goal_file_follows_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = sample();
    write_budget(&b, dir.path()).unwrap();
    assert!(dir.path().join("overall-goal.toml").exists());
    b.overall_goal = None;
    b.projects.clear();
    write_budget(&b, dir.path()).unwrap();
    assert!(!dir.path().join("overall-goal.toml").exists());
    let back = read_budget(dir.path()).unwrap();
    assert_eq!(back.overall_goal, None);
    assert!(back.projects.is_empty());
    // projects.toml may be deleted by hand.
    std::fs::remove_file(dir.path().join("projects.toml")).unwrap();
    assert_eq!(plain(read_budget(dir.path()).unwrap()), plain(b));
}

#[test]
fn reads_spreadsheet_edits() {
    let dir = tempfile::tempdir().unwrap();
    write_budget(&sample(), dir.path()).unwrap();
    // As Excel saves it: no byte-order mark, CRLF, Chinese headers, separators, blanks for zero,
    // snake_case and variant source names, a comment column, trailing empty rows.
    std::fs::write(
        dir.path().join("expenditure.csv"),
        "科目编码,科目名称,资金来源,基本支出,项目支出,备注\r\n\
         201 03 01,行政运行,general_budget,\"4,426,100.00\",,核对过\r\n\
         2010302,,一般公共预算拨款,,4850500\r\n\
         ,,,,\r\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("income.csv"),
        "来源,金额\n一般公共预算资金,\"93,765,600\"\n",
    )
    .unwrap();
    let b = read_budget(dir.path()).unwrap();
    assert_eq!(b.expenditure.len(), 2);
    assert_eq!(b.expenditure[0].code.as_str(), "2010301");
    assert_eq!(b.expenditure[0].basic, Fen(442_610_000));
    assert_eq!(b.expenditure[0].project, Fen::ZERO);
    assert_eq!(b.expenditure[1].source, FundSource::GeneralBudget);
    assert_eq!(b.expenditure[1].project, Fen(485_050_000));
    assert_eq!(b.expenditure[1].name, "");
    assert_eq!(b.income[0].amount, Fen(9_376_560_000));
    assert!(!b.income[0].carried_forward);
    // With the catalogue, a blank name is filled.
    let b = read_budget_with_catalog(dir.path(), Catalog::embedded()).unwrap();
    assert_eq!(b.expenditure[1].name, "一般行政管理事务");
}

#[test]
fn unquoted_integers_are_whole_yuan() {
    let dir = tempfile::tempdir().unwrap();
    write_budget(&sample(), dir.path()).unwrap();
    let path = dir.path().join("budget.toml");
    let t = std::fs::read_to_string(&path)
        .unwrap()
        .replace("admin_cost = \"1879100.00\"", "admin_cost = 1879100");
    std::fs::write(&path, t).unwrap();
    assert_eq!(
        read_budget(dir.path()).unwrap().admin_cost,
        Some(Fen::from_yuan(1_879_100))
    );
}

/// The reference disclosure: import → budget → folder → budget gives the same budget.
#[test]
fn reference_disclosure_survives_the_native_form() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/chongqing-jiangbeicheng-2025-budget.txt"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        panic!("missing {path}");
    };
    let d = yusuan_import::import_text("chongqing-jiangbeicheng-2025-budget.txt", &text)
        .expect("the reference imports");
    let (b, _notes) = yusuan_convert::budget_from_disclosure(&d, yusuan_model::Catalog::embedded());
    let dir = tempfile::tempdir().unwrap();
    write_budget(&b, dir.path()).unwrap();
    let back = read_budget(dir.path()).unwrap();
    assert_eq!(plain(back), plain(b));
}

// ----- generated budgets ---------------------------------------------------------------------

/// Any text, control characters, quotes, commas and line breaks included.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,12}",
        proptest::collection::vec(any::<char>(), 0..10).prop_map(String::from_iter),
        Just("a,\"b\"\r\n\\c".to_string()),
        Just("\n".to_string()),
    ]
}

fn fen() -> impl Strategy<Value = Fen> {
    prop_oneof![
        (-1_000_000_000_000_000i64..1_000_000_000_000_000).prop_map(Fen),
        (0i64..10_000_000).prop_map(Fen),
        Just(Fen::ZERO),
    ]
}

fn source() -> impl Strategy<Value = FundSource> {
    proptest::sample::select(FundSource::ALL.to_vec())
}

/// Distinct codes of one length (so that none is under another).
fn codes(len: usize, first: char, max: usize) -> impl Strategy<Value = Vec<Code>> {
    let digits = len - 1;
    proptest::collection::btree_set(0u32..10u32.pow(digits as u32), 0..max).prop_map(move |s| {
        s.into_iter()
            .filter_map(|n| Code::parse(&format!("{first}{n:0digits$}")))
            .collect()
    })
}

fn indicator() -> impl Strategy<Value = Indicator> {
    (
        proptest::option::of(text()),
        text(),
        prop_oneof![
            Just("10".to_string()),
            Just("12.5".to_string()),
            Just(" 5 %".to_string()),
            Just(String::new()),
            text()
        ],
        proptest::option::of((-1_000_000i64..1_000_000).prop_map(Weight)),
        prop_oneof![
            Just("≥".to_string()),
            Just("定性".to_string()),
            Just("大于等于".to_string()),
            text()
        ],
        proptest::option::of(proptest::sample::select(vec![
            Nature::AtLeast,
            Nature::AtMost,
            Nature::Equal,
            Nature::Above,
            Nature::Below,
            Nature::Qualitative,
        ])),
        (
            text(),
            text(),
            proptest::option::of(any::<bool>()),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(category, name, weight_text, w, nature_text, n, (value, unit, core, consistent))| {
                Indicator {
                    category,
                    name,
                    weight: if consistent {
                        Weight::parse(&weight_text)
                    } else {
                        w
                    },
                    weight_text: weight_text.clone(),
                    nature: if consistent {
                        Nature::parse(&nature_text)
                    } else {
                        n
                    },
                    nature_text,
                    value,
                    unit,
                    core,
                    prov: Provenance::default(),
                }
            },
        )
}

fn goal() -> impl Strategy<Value = Goal> {
    (text(), proptest::collection::vec(indicator(), 0..3))
        .prop_map(|(text, indicators)| Goal { text, indicators })
}

fn three_public() -> impl Strategy<Value = ThreePublic> {
    (fen(), fen(), fen(), fen()).prop_map(|(a, b, c, d)| ThreePublic {
        overseas: a,
        vehicle_purchase: b,
        vehicle_operation: c,
        reception: d,
    })
}

fn count() -> impl Strategy<Value = Option<i64>> {
    proptest::option::of(0i64..1_000_000)
}

prop_compose! {
    fn lines()(
        fn_len in proptest::sample::select(vec![3usize, 5, 7]),
        econ_len in proptest::sample::select(vec![3usize, 5]),
    )(
        exp_codes in codes(fn_len, '2', 6),
        econ_codes in codes(econ_len, '3', 5),
        sources in proptest::collection::btree_set(source(), 0..4),
        income in proptest::collection::btree_map((source(), any::<bool>()), fen(), 0..5),
        names in proptest::collection::vec(text(), 12),
        amounts in proptest::collection::vec(fen(), 48),
    ) -> (Vec<IncomeLine>, Vec<ExpenditureLine>, Vec<EconomicLine>) {
        let mut a = amounts.into_iter().cycle();
        let mut n = names.into_iter().cycle();
        let mut exp = Vec::new();
        for c in &exp_codes {
            for s in &sources {
                exp.push(ExpenditureLine {
                    code: c.clone(),
                    name: n.next().unwrap_or_default(),
                    source: *s,
                    basic: a.next().unwrap_or_default(),
                    project: a.next().unwrap_or_default(),
                    prov: None,
                });
            }
        }
        let econ = econ_codes.iter().map(|c| EconomicLine {
            code: c.clone(),
            name: n.next().unwrap_or_default(),
            personnel: a.next().unwrap_or_default(),
            operating: a.next().unwrap_or_default(),
            prov: None,
        }).collect();
        let income = income.into_iter().map(|((source, carried_forward), amount)| IncomeLine {
            source, amount, carried_forward, prov: None,
        }).collect();
        (income, exp, econ)
    }
}

prop_compose! {
    fn budget()(
        (income, expenditure, economic) in lines(),
        unit in (proptest::option::of(text()), proptest::option::of(text()),
                 proptest::collection::vec(text(), 0..3), proptest::collection::vec(text(), 0..3),
                 proptest::option::of(text())),
        head in (any::<u16>(), proptest::sample::select(vec![DocKind::DepartmentBudget, DocKind::UnitBudget,
                 DocKind::DepartmentFinalAccounts, DocKind::UnitFinalAccounts]),
                 proptest::sample::select(vec![Region::Chongqing, Region::Shanghai, Region::National]),
                 any::<bool>(), 0u8..3),
        code_names in proptest::collection::btree_map(
            prop_oneof![codes(3, '2', 3), codes(5, '3', 3)].prop_map(|v| v.into_iter().next()), text(), 0..3),
        money in (three_public(), proptest::option::of(fen()), fen(), fen(), fen(),
                  proptest::option::of(fen()), proptest::option::of(fen())),
        assets in (proptest::option::of(text()), count(), count(), count(),
                   proptest::collection::btree_map(text(), 0i64..100, 0..3)),
        goals in (proptest::option::of(goal()),
                  proptest::collection::vec((text(), proptest::option::of(text()), fen(), any::<bool>(),
                                             text(), text(), goal()), 0..3)),
        prior in (proptest::option::of(fen()), proptest::option::of(fen()),
                  proptest::collection::btree_map(source(), fen(), 0..3),
                  proptest::collection::btree_map(codes(3, '2', 3).prop_map(|v| v.into_iter().next()), fen(), 0..3),
                  proptest::option::of(fen()), proptest::option::of(fen()),
                  proptest::option::of(three_public()), proptest::option::of(fen())),
        narrative in (text(), text(), proptest::collection::vec((text(), text()), 0..3),
                      proptest::collection::vec((text(), text()), 0..3),
                      proptest::collection::btree_map(text(), text(), 0..3)),
    ) -> Budget {
        let (year, kind, region, wan, dec) = head;
        let unit_kind = if wan { MoneyUnit::WanYuan } else { MoneyUnit::Yuan };
        let (tp, admin_cost, goods, works, services, sme, small) = money;
        let (overall_goal, projects) = goals;
        Budget {
            unit: UnitIdentity {
                code: unit.0, name: unit.1, subordinate_units: unit.2,
                internal_departments: unit.3, contact: unit.4,
            },
            year, kind, region,
            display: Display { unit: unit_kind, decimals: dec.min(unit_kind.max_decimals()) },
            income, expenditure, economic,
            code_names: code_names.into_iter().filter_map(|(k, v)| k.map(|k| (k, v))).collect(),
            three_public: tp,
            admin_cost,
            procurement: Procurement { goods, works, services, sme_reserved: sme, small_micro_reserved: small },
            assets: Assets {
                as_of: assets.0, vehicles: assets.1, vehicles_to_buy: assets.2,
                expensive_equipment: assets.3, vehicles_by_kind: assets.4,
            },
            overall_goal,
            projects: projects.into_iter().map(|(name, department, amount, key, overview, basis, goal)| Project {
                name, department, amount, key, overview, basis, goal,
            }).collect(),
            prior_year: PriorYear {
                income_total: prior.0, expenditure_total: prior.1, by_source: prior.2,
                by_class: prior.3.into_iter().filter_map(|(k, v)| k.map(|k| (k, v))).collect(),
                basic: prior.4, project: prior.5, three_public: prior.6, admin_cost: prior.7,
            },
            narrative: NarrativeInputs {
                functions: narrative.0,
                organisation: narrative.1,
                reasons: narrative.2.into_iter().map(|(subject, text)| ChangeReason { subject, text }).collect(),
                glossary: narrative.3,
                notes: narrative.4,
            },
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn generated_budgets_round_trip(b in budget()) {
        let dir = tempfile::tempdir().unwrap();
        write_budget(&b, dir.path()).unwrap();
        let back = read_budget(dir.path());
        prop_assert!(back.is_ok(), "{:?}", back.err().map(|e| e.to_string()));
        prop_assert_eq!(plain(back.unwrap()), plain(b));
    }
}
