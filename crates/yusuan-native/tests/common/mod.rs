//! A budget with every part filled, for the round-trip and error tests.
#![allow(dead_code)]
// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::expect_used)]

use std::collections::BTreeMap;
use yusuan_model::budget::{
    Assets, ChangeReason, Display, EconomicLine, ExpenditureLine, Goal, IncomeLine,
    NarrativeInputs, PriorYear, Procurement, Project, ThreePublic,
};
use yusuan_model::{
    Budget, Code, DocKind, Fen, FundSource, Indicator, MoneyUnit, Nature, Provenance, Region,
    UnitIdentity, Weight,
};

pub fn code(s: &str) -> Code {
    Code::parse(s).expect("test code")
}

pub fn yuan(y: i64) -> Fen {
    Fen::from_yuan(y)
}

pub fn indicator(
    name: &str,
    weight: &str,
    nature: &str,
    value: &str,
    core: Option<bool>,
) -> Indicator {
    Indicator {
        category: None,
        name: name.into(),
        weight: Weight::parse(weight),
        weight_text: weight.into(),
        nature: Nature::parse(nature),
        nature_text: nature.into(),
        value: value.into(),
        unit: "%".into(),
        core,
        prov: Provenance::default(),
    }
}

fn exp(c: &str, name: &str, source: FundSource, basic: i64, project: i64) -> ExpenditureLine {
    ExpenditureLine {
        code: code(c),
        name: name.into(),
        source,
        basic: Fen(basic),
        project: Fen(project),
        prov: None,
    }
}

fn econ(c: &str, name: &str, personnel: i64, operating: i64) -> EconomicLine {
    EconomicLine {
        code: code(c),
        name: name.into(),
        personnel: Fen(personnel),
        operating: Fen(operating),
        prov: None,
    }
}

/// A budget shaped like the 重庆 reference, with the odd cases a real one has: a carried-forward
/// line, a name with a comma and quotes, multi-line text, an indicator whose weight text does not
/// parse, a key project.
pub fn sample() -> Budget {
    let mut odd = indicator("群众安全感指数", "十", "定性", "高于全区平均值", None);
    odd.category = Some("效果指标".into());
    let mut hand_built = indicator("手工指标", "", "", "1", Some(true));
    hand_built.weight = Some(Weight(1250));
    hand_built.nature = Some(Nature::AtLeast);
    Budget {
        unit: UnitIdentity {
            code: Some("806".into()),
            name: Some("重庆市江北区人民政府江北城街道办事处".into()),
            subordinate_units: vec!["本级".into(), "便民服务中心（退役军人服务站）".into()],
            internal_departments: vec!["党的建设办公室".into()],
            contact: Some("张羽翔 电话：023-61967695".into()),
        },
        year: 2025,
        kind: DocKind::DepartmentBudget,
        region: Region::Chongqing,
        display: Display {
            unit: MoneyUnit::WanYuan,
            decimals: 2,
        },
        income: vec![
            IncomeLine {
                source: FundSource::GeneralBudget,
                amount: Fen(3_634_330_000),
                carried_forward: false,
                prov: None,
            },
            IncomeLine {
                source: FundSource::StateCapital,
                amount: Fen(2_470_000),
                carried_forward: false,
                prov: None,
            },
            IncomeLine {
                source: FundSource::GeneralBudget,
                amount: Fen(12_345),
                carried_forward: true,
                prov: None,
            },
        ],
        expenditure: vec![
            exp(
                "2010301",
                "行政运行",
                FundSource::GeneralBudget,
                442_610_000,
                0,
            ),
            exp(
                "2010302",
                "一般行政管理事务",
                FundSource::GeneralBudget,
                0,
                485_050_000,
            ),
            exp(
                "2120104",
                "城管执法, \"综合\"",
                FundSource::GeneralBudget,
                40_200_000,
                648_300_000,
            ),
            exp(
                "2080208",
                "基层政权建设和社区治理",
                FundSource::GeneralBudget,
                0,
                0,
            ),
            exp(
                "2230105",
                "国有企业退休人员社会化管理补助支出",
                FundSource::StateCapital,
                0,
                2_470_000,
            ),
            exp(
                "2230105",
                "国有企业退休人员社会化管理补助支出",
                FundSource::OtherRevenue,
                1,
                -5,
            ),
        ],
        economic: vec![
            econ("30101", "基本工资", 211_810_000, 0),
            econ("30201", "办公费", 0, 42_580_000),
            econ("310", "资本性支出", 0, 6_000_000),
        ],
        code_names: BTreeMap::from([(code("201"), "一般公共预算服务支出".to_string())]),
        three_public: ThreePublic {
            overseas: yuan(30_000),
            vehicle_purchase: Fen::ZERO,
            vehicle_operation: yuan(275_000),
            reception: yuan(30_000),
        },
        admin_cost: Some(yuan(1_879_100)),
        procurement: Procurement {
            goods: Fen::ZERO,
            works: yuan(1),
            services: yuan(9_545_800),
            sme_reserved: Some(yuan(100)),
            small_micro_reserved: None,
        },
        assets: Assets {
            as_of: Some("2024年12月".into()),
            vehicles: Some(5),
            vehicles_by_kind: BTreeMap::from([("一般公务用车".to_string(), 5)]),
            vehicles_to_buy: Some(0),
            expensive_equipment: None,
        },
        overall_goal: Some(Goal {
            text: "一是重实战。\n二是服好务。".into(),
            indicators: vec![
                indicator("非公两个覆盖率", "10", "≥", "92", Some(true)),
                odd,
            ],
        }),
        projects: vec![
            Project {
                name: "统战及民族宗教工作经费".into(),
                department: Some("806-重庆市江北区人民政府江北城街道办事处".into()),
                amount: yuan(60_000),
                key: false,
                overview: "开展统战方针政策宣传。".into(),
                basis: "《实施意见》".into(),
                goal: Goal {
                    text: "1.开展法制宣传教育；2.调解满意度达到90%".into(),
                    indicators: vec![
                        indicator("辖区少数民族暴力发生率", "25", "≤", "1", Some(true)),
                        hand_built,
                    ],
                },
            },
            Project {
                name: "重点专项".into(),
                department: None,
                amount: Fen(1),
                key: true,
                overview: String::new(),
                basis: String::new(),
                goal: Goal::default(),
            },
        ],
        prior_year: PriorYear {
            income_total: Some(Fen(3_727_930_000)),
            expenditure_total: Some(Fen(3_727_930_000)),
            by_source: BTreeMap::from([(FundSource::GeneralBudget, Fen(3_718_630_000))]),
            by_class: BTreeMap::from([(code("201"), Fen(1_149_750_000))]),
            basic: Some(Fen(1_308_630_000)),
            project: None,
            three_public: Some(ThreePublic::default()),
            admin_cost: Some(Fen(192_720_000)),
        },
        narrative: NarrativeInputs {
            functions: "第一段。\n第二段，含 \"引号\" 和 \\ 反斜杠。".into(),
            organisation: "内设机构5个。".into(),
            reasons: vec![ChangeReason {
                subject: "basic".into(),
                text: "人员调薪等".into(),
            }],
            glossary: vec![("基本支出".into(), "指人员经费和公用经费。".into())],
            notes: BTreeMap::from([("admin_cost".to_string(), "主要用于办公费。".to_string())]),
        },
    }
}

/// The budget without provenance, for comparing.
pub fn plain(mut b: Budget) -> Budget {
    b.clear_provenance();
    b
}
