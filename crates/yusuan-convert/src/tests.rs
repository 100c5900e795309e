//! The conversion on small hand-made disclosures, and on random tables (it never panics).

use crate::assets::as_of;
use crate::narrative::{split_term, strip_numbering};
use crate::{budget_from_disclosure, ConversionNote};
use std::collections::BTreeSet;
use std::sync::Arc;
use yusuan_model::budget::{Budget, ChangeReason, Display, ExpenditureLine, ThreePublic};
use yusuan_model::catalog::Catalog;
use yusuan_model::code::Code;
use yusuan_model::disclosure::{
    AmountFact, Change, Column, CountFact, Direction, DocumentMeta, Indicator, Narrative, Nature,
    Note, PerformanceTable, Region, TextField, UnitIdentity, Weight,
};
use yusuan_model::disclosure::{
    Cell, ColumnKey, CountKey, Disclosure, Fact, FactKey, FundSource, Funding, PerformanceKind,
    ProcurementCategory, Row, RowKind, Section, SectionKind, Side, Table, TableKind,
};
use yusuan_model::money::parse_amount;
use yusuan_model::money::{Amount, Fen, MoneyUnit};
use yusuan_model::provenance::Provenance;

fn file() -> Arc<str> {
    Arc::from("test.txt")
}

fn convert(d: &Disclosure) -> (Budget, Vec<ConversionNote>) {
    budget_from_disclosure(d, Catalog::embedded())
}

fn wan(s: &str) -> Fen {
    parse_amount(s, MoneyUnit::WanYuan)
        .ok()
        .flatten()
        .map(|a| a.fen)
        .unwrap_or(Fen::ZERO)
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

/// The facts the importer types from a line's label.
#[derive(Default)]
struct Typed {
    funding: Option<Funding>,
    carried_forward: bool,
    procurement: Option<ProcurementCategory>,
}

/// Builds a table row by row: `row(code, label, cells)` fills the table's single-sided (or
/// expenditure-side) columns in order, `income_row` its income-side columns.
struct Tb {
    t: Table,
    line: u32,
}

fn col(key: ColumnKey) -> Column {
    Column {
        figure: None,
        key,
        label: key.label().to_string(),
        side: Side::Single,
        year: None,
        part: 0,
    }
}

fn col_side(key: ColumnKey, side: Side) -> Column {
    Column { side, ..col(key) }
}

fn col_year(key: ColumnKey, year: u16) -> Column {
    Column {
        figure: None,
        year: Some(year),
        ..col(key)
    }
}

fn table(kind: TableKind, number: &str, unit: MoneyUnit, columns: Vec<Column>) -> Tb {
    let name = table_name_of(number, kind.label());
    Tb {
        t: Table {
            kind,
            number: Some(number.to_string()),
            title: kind.label().to_string(),
            unit: Some(unit),
            compiler: None,
            columns,
            rows: Vec::new(),
            notes: Vec::new(),
            empty_note: None,
            prov: Provenance::at_line(&file(), 1, None).with_table(&name),
            end_line: 1,
            doubt: None,
        },
        line: 1,
    }
}

fn table_name_of(number: &str, title: &str) -> Arc<str> {
    yusuan_model::disclosure::table_name(Some(number), title)
}

fn cols(keys: &[ColumnKey]) -> Vec<Column> {
    keys.iter().map(|k| col(*k)).collect()
}

impl Tb {
    fn push(self, side: Side, code: &str, label: &str, vals: &[&str]) -> Tb {
        self.push_typed(side, code, label, Typed::default(), vals)
    }

    /// A row with the facts the importer types from its label.
    fn push_typed(
        mut self,
        side: Side,
        code: &str,
        label: &str,
        typed: Typed,
        vals: &[&str],
    ) -> Tb {
        self.line += 1;
        let unit = self.t.unit.unwrap_or_default();
        let name = table_name_of(self.t.number.as_deref().unwrap_or(""), &self.t.title);
        let prov = Provenance::at_line(&file(), self.line, None).with_table(&name);
        let wanted = |c: &Column| match side {
            Side::Income => c.side == Side::Income,
            _ => c.side != Side::Income,
        };
        let positions: Vec<usize> = (0..self.t.columns.len())
            .filter(|&i| wanted(&self.t.columns[i]))
            .collect();
        let cells = vals
            .iter()
            .zip(positions)
            .map(|(v, i)| Cell {
                column: self.t.columns[i].key,
                col: i,
                amount: parse_amount(v, unit).unwrap(),
                text: v.to_string(),
                prov: prov.clone().with_column(self.t.columns[i].label.clone()),
                doubtful: false,
            })
            .collect();
        let code = Code::parse(code);
        let kind = if label.contains("合计") || label.contains("总计") {
            RowKind::Total
        } else if code.is_some() {
            RowKind::Coded
        } else {
            RowKind::Line
        };
        self.t.rows.push(Row {
            kind,
            side,
            code,
            label: label.to_string(),
            cells,
            prov: prov.with_row(label),
            catalog: None,
            malformed_code: None,
            part: 0,
            funding: typed.funding,
            carried_forward: typed.carried_forward,
            procurement: typed.procurement,
        });
        self.t.end_line = self.line;
        self
    }

    fn row(self, code: &str, label: &str, vals: &[&str]) -> Tb {
        self.push(Side::Single, code, label, vals)
    }

    /// An income line naming `funding` (`None`: no money the model knows), carried forward or
    /// not, as the importer types it.
    fn income_row(
        self,
        label: &str,
        funding: Option<Funding>,
        carried_forward: bool,
        vals: &[&str],
    ) -> Tb {
        let typed = Typed {
            funding,
            carried_forward,
            ..Typed::default()
        };
        self.push_typed(Side::Income, "", label, typed, vals)
    }

    /// A line of a 政府采购 table of the category.
    fn procurement_row(self, label: &str, category: ProcurementCategory, vals: &[&str]) -> Tb {
        let typed = Typed {
            procurement: Some(category),
            ..Typed::default()
        };
        self.push_typed(Side::Single, "", label, typed, vals)
    }

    fn empty_note(mut self, text: &str) -> Tb {
        self.t.empty_note = Some(Note {
            text: text.to_string(),
            prov: Provenance::at_line(&file(), self.line + 1, None),
        });
        self
    }

    fn done(self) -> Table {
        self.t
    }
}

fn fact(key: FactKey, amount: &str, change: Option<(Direction, &str)>) -> Fact {
    fact_with_reason(key, amount, change, None)
}

fn fact_with_reason(
    key: FactKey,
    amount: &str,
    change: Option<(Direction, &str)>,
    reason: Option<&str>,
) -> Fact {
    let prov = Provenance::at_line(&file(), 100, None);
    Fact {
        figure: None,
        key,
        amount: parse_amount(amount, MoneyUnit::WanYuan).unwrap(),
        change: change.map(|(direction, a)| Change {
            direction,
            amount: parse_amount(a, MoneyUnit::WanYuan).unwrap(),
            percent: None,
            versus_year: Some(2024),
            reasons: Vec::new(),
            reason_text: reason.map(str::to_string),
            prov: prov.clone(),
        }),
        text: String::new(),
        section: None,
        prov,
    }
}

fn count(key: CountKey, value: i64, text: &str) -> CountFact {
    CountFact {
        key,
        value,
        text: text.to_string(),
        prov: Provenance::at_line(&file(), 90, None),
    }
}

fn section(level: u8, title: &str, kind: Option<SectionKind>, text: &str) -> Section {
    Section {
        number: None,
        level,
        title: title.to_string(),
        text: text.to_string(),
        kind,
        prov: Provenance::at_line(&file(), 10, None),
        end_line: 10,
    }
}

fn indicator(name: &str, weight: &str, nature: &str, value: &str) -> Indicator {
    Indicator {
        category: None,
        name: name.to_string(),
        weight: Weight::parse(weight),
        weight_text: weight.to_string(),
        nature: Nature::parse(nature),
        nature_text: nature.to_string(),
        value: value.to_string(),
        unit: "%".to_string(),
        core: Some(true),
        prov: Provenance::at_line(&file(), 200, None),
    }
}

fn text_field(s: &str) -> Option<TextField> {
    Some(TextField {
        text: s.to_string(),
        prov: Provenance::at_line(&file(), 150, None),
    })
}

fn perf(kind: PerformanceKind, name: &str, budget: Option<&str>) -> PerformanceTable {
    PerformanceTable {
        kind,
        number: None,
        title: "绩效目标表".to_string(),
        unit: Some(MoneyUnit::WanYuan),
        compiler: None,
        name: if name.is_empty() {
            None
        } else {
            text_field(name)
        },
        department: text_field("806-某街道办事处"),
        budget: budget.map(|b| AmountFact {
            amount: parse_amount(b, MoneyUnit::WanYuan).unwrap().unwrap(),
            prov: Provenance::at_line(&file(), 151, None),
        }),
        overview: text_field("项目概况"),
        basis: text_field("立项依据"),
        goal: text_field("当年绩效目标"),
        indicators: vec![indicator("完成率", "100", "≥", "95")],
        empty_note: None,
        prov: Provenance::at_line(&file(), 150, None),
        end_line: 160,
        doubt: None,
    }
}

fn disclosure(tables: Vec<Table>) -> Disclosure {
    Disclosure {
        meta: DocumentMeta {
            year: Some(2025),
            region: Region::Chongqing,
            unit: UnitIdentity {
                code: Some("806".into()),
                name: Some("某街道办事处".into()),
                ..UnitIdentity::default()
            },
            ..DocumentMeta::default()
        },
        tables,
        ..Disclosure::default()
    }
}

fn has_note(notes: &[ConversionNote], needle: &str) -> bool {
    notes.iter().any(|n| n.message.contains(needle))
}

fn line<'b>(b: &'b Budget, c: &str, s: FundSource) -> &'b ExpenditureLine {
    b.expenditure
        .iter()
        .find(|l| l.code.as_str() == c && l.source == s)
        .unwrap_or_else(|| panic!("no line {c} {s:?} in {:#?}", b.expenditure))
}

use ColumnKey as K;
use FundSource as S;

/// A small document shaped like the 重庆 reference (表一–表十二).
fn chongqing_like() -> Disclosure {
    let w = MoneyUnit::WanYuan;
    let summary = table(
        TableKind::DepartmentSummary,
        "表六",
        w,
        vec![
            col_side(K::Amount, Side::Income),
            col_side(K::Amount, Side::Expenditure),
        ],
    )
    .income_row("合计", None, false, &["1,618.63"])
    .income_row(
        "一般公共预算资金",
        Some(Funding::Source(S::GeneralBudget)),
        false,
        &["1,616.16"],
    )
    .income_row(
        "政府性基金预算资金",
        Some(Funding::Source(S::GovFund)),
        false,
        &[""],
    )
    .income_row(
        "国有资本经营预算资金",
        Some(Funding::Source(S::StateCapital)),
        false,
        &["2.47"],
    )
    .income_row(
        "事业收入资金",
        Some(Funding::Source(S::OperatingRevenue)),
        false,
        &[""],
    )
    .push(Side::Expenditure, "", "合计", &["1,618.63"])
    .done();
    let gb = table(
        TableKind::GeneralBudgetExpenditure,
        "表二",
        w,
        cols(&[K::Total, K::Basic, K::Project]),
    )
    .row("", "合计", &["1,616.16", "482.81", "1,133.35"])
    .row(
        "201",
        "一般公共预算服务支出",
        &["927.66", "442.61", "485.05"],
    )
    .row(
        "20103",
        "政府办公厅（室）及相关机构事务",
        &["927.66", "442.61", "485.05"],
    )
    .row("2010301", "行政运行", &["442.61", "442.61", ""])
    .row("2010302", "一般行政管理事务", &["485.05", "", "485.05"])
    .row("208", "社会保障和就业支出", &["", "", ""])
    .row("20802", "民政管理事务", &["", "", ""])
    .row("2080208", "基层政权建设和社区治理", &["", "", ""])
    .row("212", "城乡社区支出", &["688.50", "40.20", "648.30"])
    .row("21201", "城乡社区管理事务", &["688.50", "40.20", "648.30"])
    .row("2120104", "城管执法", &["688.50", "40.20", "648.30"])
    .done();
    let econ = table(
        TableKind::GeneralBudgetBasicEconomic,
        "表三",
        w,
        cols(&[K::Total, K::Personnel, K::Operating]),
    )
    .row("", "合计", &["482.81", "442.61", "40.20"])
    .row("301", "工资福利支出", &["442.61", "442.61", ""])
    .row("30101", "基本工资", &["400.00", "400.00", ""])
    .row("30102", "津贴补贴", &["42.61", "42.61", ""])
    .row("302", "商品和服务支出", &["34.20", "", "34.20"])
    .row("30201", "办公费", &["34.20", "", "34.20"])
    .row("310", "资本性支出", &["6.00", "", "6.00"])
    .done();
    let three = table(
        TableKind::ThreePublic,
        "表四",
        w,
        cols(&[
            K::Total,
            K::Overseas,
            K::VehicleTotal,
            K::VehiclePurchase,
            K::VehicleOperation,
            K::Reception,
        ]),
    )
    .row("", "", &["33.50", "3.00", "27.50", "", "27.50", "3.00"])
    .done();
    let fund = table(
        TableKind::GovFundExpenditure,
        "表五",
        w,
        cols(&[K::Total, K::Basic, K::Project]),
    )
    .row("", "合计", &["", "", ""])
    .empty_note("（备注：本部门无政府性基金收支，故此表无数据。）")
    .done();
    let income = table(
        TableKind::DepartmentIncome,
        "表七",
        w,
        cols(&[
            K::Total,
            K::GeneralBudget,
            K::GovFund,
            K::StateCapital,
            K::OperatingRevenue,
        ]),
    )
    .row("", "合计", &["1,618.63", "1,616.16", "", "2.47", ""])
    .row("223", "国有资本经营预算支出", &["2.47", "", "", "2.47", ""])
    .row(
        "2230105",
        "国有企业退休人员社会化管理补助支出",
        &["2.47", "", "", "2.47", ""],
    )
    .done();
    let dept = table(
        TableKind::DepartmentExpenditure,
        "表八",
        w,
        cols(&[K::Total, K::Basic, K::Project]),
    )
    .row("", "合计", &["1,618.63", "482.81", "1,135.82"])
    .row("2010301", "行政运行", &["442.61", "442.61", ""])
    .row("2010302", "一般行政管理事务", &["485.05", "", "485.05"])
    .row("2120104", "城管执法", &["688.50", "40.20", "648.30"])
    .row("223", "国有资本经营预算支出", &["2.47", "", "2.47"])
    .row(
        "22301",
        "解决历史遗留问题及改革成本支出",
        &["2.47", "", "2.47"],
    )
    .row(
        "2230105",
        "国有企业退休人员社会化管理补助支出",
        &["2.47", "", "2.47"],
    )
    .done();
    let proc = table(
        TableKind::Procurement,
        "表九",
        w,
        cols(&[K::Total, K::GeneralBudget]),
    )
    .row("", "合计", &["954.58", "954.58"])
    .procurement_row(
        "C 服务",
        ProcurementCategory::Services,
        &["954.58", "954.58"],
    )
    .done();
    let mut d = disclosure(vec![summary, gb, econ, three, fund, income, dept, proc]);
    let mut overall = perf(
        PerformanceKind::Overall,
        "806—某街道办事处",
        Some("1,618.63"),
    );
    overall.goal = text_field("一是重实战；二是服好务。");
    let mut key = perf(PerformanceKind::KeyProject, "", None);
    key.indicators.clear();
    key.goal = None;
    d.performance = vec![
        overall,
        key,
        perf(PerformanceKind::Project, "统战工作经费", Some("6.00")),
    ];
    d.narrative = Narrative {
        sections: vec![
            section(1, "一、单位基本情况", None, ""),
            section(
                2,
                "（一）职能职责",
                Some(SectionKind::Functions),
                "负责辖区党建、治理和服务。",
            ),
            section(
                2,
                "（二）单位构成",
                Some(SectionKind::Organisation),
                "内设机构 5 个，下属 6 个二级预算单位。",
            ),
            section(1, "六、专业性名词解释", Some(SectionKind::Glossary), ""),
            section(
                2,
                "（一）财政拨款收入：指本年度从本级财政部门取得的财政拨款。",
                None,
                "",
            ),
            section(
                2,
                "基本支出",
                None,
                "指为保障机构正常运转而发生的人员经费和公用经费。",
            ),
            section(1, "七、其他", None, ""),
        ],
        facts: vec![
            fact(
                FactKey::IncomeTotal,
                "1618.63",
                Some((Direction::Decrease, "91.13")),
            ),
            fact_with_reason(
                FactKey::Basic,
                "482.81",
                Some((Direction::Increase, "21.70")),
                Some("主要原因是人员调薪等"),
            ),
            fact(
                FactKey::ThreePublicTotal,
                "33.5",
                Some((Direction::Flat, "")),
            ),
            fact(FactKey::Overseas, "3", Some((Direction::Flat, ""))),
            fact(FactKey::Reception, "3", Some((Direction::Flat, ""))),
            fact(
                FactKey::VehicleOperation,
                "27.5",
                Some((Direction::Flat, "")),
            ),
            fact(FactKey::VehiclePurchase, "0", Some((Direction::Flat, ""))),
            fact(
                FactKey::AdminCost,
                "187.91",
                Some((Direction::Decrease, "4.81")),
            ),
            fact(
                FactKey::ExpenditureByCode {
                    code: code("201"),
                    name: "一般公共服务支出".into(),
                },
                "927.66",
                Some((Direction::Increase, "420.34")),
            ),
            fact(FactKey::ProcurementServices, "954.58", None),
            fact(FactKey::ProcurementTotal, "954.58", None),
        ],
        counts: vec![
            count(
                CountKey::Vehicles,
                5,
                "截止 2024 年 12 月，本单位共有车辆 5 辆",
            ),
            count(
                CountKey::VehiclesOfKind {
                    kind: "一般公务用车".into(),
                },
                5,
                "其中一般公务用车 5 辆",
            ),
        ],
    };
    d
}

#[test]
fn reads_a_chongqing_shaped_document() {
    let (b, notes) = convert(&chongqing_like());
    let dump: Vec<String> = notes.iter().map(|n| n.to_string()).collect();
    assert_eq!(b.year, 2025);
    assert_eq!(b.region, Region::Chongqing);
    assert_eq!(b.unit.code.as_deref(), Some("806"));
    assert_eq!(
        b.display,
        Display {
            unit: MoneyUnit::WanYuan,
            decimals: 2
        }
    );
    // Income from 表六.
    let income: Vec<(FundSource, Fen, bool)> = b
        .income
        .iter()
        .map(|l| (l.source, l.amount, l.carried_forward))
        .collect();
    assert_eq!(
        income,
        vec![
            (S::GeneralBudget, wan("1616.16"), false),
            (S::StateCapital, wan("2.47"), false)
        ]
    );
    assert!(b.income[0].prov.as_ref().unwrap().table.is_some());
    // Expenditure: 表二's 项 rows (blank rows kept), 国有资本经营 from 表八 − 表二.
    let codes: Vec<(&str, FundSource)> = b
        .expenditure
        .iter()
        .map(|l| (l.code.as_str(), l.source))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("2010301", S::GeneralBudget),
            ("2010302", S::GeneralBudget),
            ("2080208", S::GeneralBudget),
            ("2120104", S::GeneralBudget),
            ("2230105", S::StateCapital),
        ]
    );
    let cg = line(&b, "2120104", S::GeneralBudget);
    assert_eq!((cg.basic, cg.project), (wan("40.20"), wan("648.30")));
    assert_eq!(cg.name, "城管执法");
    let sc = line(&b, "2230105", S::StateCapital);
    assert_eq!((sc.basic, sc.project), (Fen::ZERO, wan("2.47")));
    assert_eq!(sc.name, "国有企业退休人员社会化管理补助支出");
    assert_eq!(b.expenditure_total(), b.income_total(), "{dump:#?}");
    // Economic: 款 rows, and the 类 row where a 类 has no 款.
    let econ: Vec<(&str, Fen, Fen)> = b
        .economic
        .iter()
        .map(|l| (l.code.as_str(), l.personnel, l.operating))
        .collect();
    assert_eq!(
        econ,
        vec![
            ("30101", wan("400"), Fen::ZERO),
            ("30102", wan("42.61"), Fen::ZERO),
            ("30201", Fen::ZERO, wan("34.20")),
            ("310", Fen::ZERO, wan("6")),
        ]
    );
    // The disclosed 类 name that differs from the catalogue is kept; matching names are not.
    assert_eq!(
        b.code_names.get(&code("201")).map(String::as_str),
        Some("一般公共预算服务支出")
    );
    assert!(!b.code_names.contains_key(&code("20103")));
    assert!(!b.code_names.contains_key(&code("30201")));
    // 三公, 机关运行经费, 政府采购, assets.
    assert_eq!(
        b.three_public,
        ThreePublic {
            overseas: wan("3"),
            vehicle_purchase: Fen::ZERO,
            vehicle_operation: wan("27.5"),
            reception: wan("3"),
        }
    );
    assert_eq!(b.admin_cost, Some(wan("187.91")));
    assert_eq!(b.procurement.services, wan("954.58"));
    assert_eq!(b.procurement.total(), wan("954.58"));
    assert_eq!(b.assets.vehicles, Some(5));
    assert_eq!(b.assets.as_of.as_deref(), Some("2024年12月"));
    assert_eq!(b.assets.vehicles_by_kind.get("一般公务用车"), Some(&5));
    // Performance.
    let goal = b.overall_goal.as_ref().unwrap();
    assert!(goal.text.starts_with("一是"));
    assert_eq!(goal.indicators.len(), 1);
    assert_eq!(
        b.projects.len(),
        1,
        "the empty 重点专项 table gives no project"
    );
    let p = &b.projects[0];
    assert_eq!(p.name, "统战工作经费");
    assert_eq!(p.amount, wan("6"));
    assert!(!p.key);
    assert_eq!(p.department.as_deref(), Some("806-某街道办事处"));
    assert_eq!(p.goal.text, "当年绩效目标");
    // Prior year = this year − signed change.
    assert_eq!(b.prior_year.income_total, Some(wan("1709.76")));
    assert_eq!(b.prior_year.basic, Some(wan("461.11")));
    assert_eq!(b.prior_year.admin_cost, Some(wan("192.72")));
    assert_eq!(
        b.prior_year.by_class.get(&code("201")),
        Some(&wan("507.32"))
    );
    assert_eq!(b.prior_year.three_public, Some(b.three_public.clone()));
    // Narrative inputs.
    assert_eq!(b.narrative.functions, "负责辖区党建、治理和服务。");
    assert!(b.narrative.organisation.starts_with("内设机构"));
    assert_eq!(
        b.narrative.glossary,
        vec![
            (
                "财政拨款收入".to_string(),
                "指本年度从本级财政部门取得的财政拨款。".to_string()
            ),
            (
                "基本支出".to_string(),
                "指为保障机构正常运转而发生的人员经费和公用经费。".to_string()
            ),
        ]
    );
    assert_eq!(
        b.narrative.reasons,
        vec![ChangeReason {
            subject: "basic".into(),
            text: "主要原因是人员调薪等".into()
        }]
    );
    // A consistent document needs no choice between disagreeing sources.
    assert!(
        !notes.iter().any(|n| n.message.contains("不一致")
            || n.message.contains("采用表")
            || n.message.contains("不等于")),
        "{dump:#?}"
    );
}

#[test]
fn other_sources_are_split_basic_first_in_source_order() {
    let w = MoneyUnit::WanYuan;
    let gb = table(
        TableKind::GeneralBudgetExpenditure,
        "表二",
        w,
        cols(&[K::Total, K::Basic, K::Project]),
    )
    .row("", "合计", &["100.00", "100.00", ""])
    .row("2010301", "行政运行", &["100.00", "100.00", ""])
    .done();
    let dept = table(
        TableKind::DepartmentExpenditure,
        "表八",
        w,
        cols(&[K::Total, K::Basic, K::Project]),
    )
    .row("", "合计", &["160.00", "130.00", "30.00"])
    .row("2010301", "行政运行", &["160.00", "130.00", "30.00"])
    .done();
    let income = table(
        TableKind::DepartmentIncome,
        "表七",
        w,
        cols(&[
            K::Total,
            K::GeneralBudget,
            K::OperatingRevenue,
            K::OtherRevenue,
        ]),
    )
    .row("", "合计", &["160.00", "100.00", "40.00", "20.00"])
    .row(
        "2010301",
        "行政运行",
        &["160.00", "100.00", "40.00", "20.00"],
    )
    .done();
    let (b, notes) = convert(&disclosure(vec![gb, dept, income]));
    let op = line(&b, "2010301", S::OperatingRevenue);
    assert_eq!((op.basic, op.project), (wan("30"), wan("10")));
    let other = line(&b, "2010301", S::OtherRevenue);
    assert_eq!((other.basic, other.project), (Fen::ZERO, wan("20")));
    let gbl = line(&b, "2010301", S::GeneralBudget);
    assert_eq!((gbl.basic, gbl.project), (wan("100"), Fen::ZERO));
    assert!(has_note(&notes, "先分基本支出"), "{notes:#?}");
    // Income from the 合计 row of 部门收入总表 (no 收支总表 here).
    assert_eq!(b.income_from(S::OperatingRevenue), wan("40"));
    assert_eq!(b.income_total(), b.expenditure_total());
}

#[test]
fn one_other_source_needs_no_note() {
    let w = MoneyUnit::WanYuan;
    let dept = table(
        TableKind::DepartmentExpenditure,
        "表八",
        w,
        cols(&[K::Total, K::Basic, K::Project]),
    )
    .row("2050101", "行政运行", &["50.00", "20.00", "30.00"])
    .done();
    let income = table(
        TableKind::DepartmentIncome,
        "表七",
        w,
        cols(&[K::Total, K::OperatingRevenue]),
    )
    .row("", "合计", &["50.00", "50.00"])
    .row("2050101", "行政运行", &["50.00", "50.00"])
    .done();
    let (b, notes) = convert(&disclosure(vec![dept, income]));
    let l = line(&b, "2050101", S::OperatingRevenue);
    assert_eq!((l.basic, l.project), (wan("20"), wan("30")));
    assert!(!has_note(&notes, "先分基本支出"), "{notes:#?}");
}

#[test]
fn disagreeing_income_tables_say_which_was_used() {
    let w = MoneyUnit::WanYuan;
    let summary = table(
        TableKind::DepartmentSummary,
        "表六",
        w,
        vec![col_side(K::Amount, Side::Income)],
    )
    .income_row(
        "一般公共预算资金",
        Some(Funding::Source(S::GeneralBudget)),
        false,
        &["100.00"],
    )
    .income_row("二、上年结转", Some(Funding::All), true, &[""])
    .income_row(
        "一般公共预算拨款",
        Some(Funding::Source(S::GeneralBudget)),
        true,
        &["5.00"],
    )
    .done();
    let income = table(
        TableKind::DepartmentIncome,
        "表七",
        w,
        cols(&[K::Total, K::GeneralBudget]),
    )
    .row("", "合计", &["90.00", "90.00"])
    .done();
    let (b, notes) = convert(&disclosure(vec![summary, income]));
    assert_eq!(b.income_from(S::GeneralBudget), wan("105"));
    assert!(b
        .income
        .iter()
        .any(|l| l.carried_forward && l.amount == wan("5")));
    let n = notes
        .iter()
        .find(|n| n.message.contains("表七"))
        .expect("a note on the disagreement");
    assert!(n.message.contains("采用表六"), "{n}");
    assert!(n.place.is_some());
    assert_eq!(n.kind, crate::ConversionKind::Disagreement);
}

#[test]
fn fiscal_lump_is_not_counted_twice() {
    // 上海: 收入预算总表 has one 财政拨款收入 column; 财务收支总表 lists the budgets.
    let y = MoneyUnit::Yuan;
    let summary = table(
        TableKind::DepartmentSummary,
        "1",
        y,
        vec![col_side(K::Amount, Side::Income)],
    )
    .income_row("一、财政拨款收入", Some(Funding::Fiscal), false, &["1,000"])
    .income_row(
        "1. 一般公共预算资金",
        Some(Funding::Source(S::GeneralBudget)),
        false,
        &["1,000"],
    )
    .income_row(
        "2. 政府性基金",
        Some(Funding::Source(S::GovFund)),
        false,
        &[""],
    )
    .income_row(
        "二、事业收入",
        Some(Funding::Source(S::OperatingRevenue)),
        false,
        &["300"],
    )
    .income_row("收入总计", None, false, &["1,300"])
    .done();
    let gb = table(
        TableKind::GeneralBudgetExpenditure,
        "5",
        y,
        cols(&[K::Total, K::Basic, K::Project]),
    )
    .row("2010301", "行政运行", &["1,000", "1,000", ""])
    .done();
    let income = table(
        TableKind::DepartmentIncome,
        "2",
        y,
        cols(&[K::Total, K::Fiscal, K::OperatingRevenue]),
    )
    .row("2010301", "行政运行", &["1,000", "1,000", "0"])
    .row("2050101", "行政运行", &["300", "0", "300"])
    .done();
    let dept = table(
        TableKind::DepartmentExpenditure,
        "3",
        y,
        cols(&[K::Total, K::Basic, K::Project]),
    )
    .row("2010301", "行政运行", &["1,000", "1,000", ""])
    .row("2050101", "行政运行", &["300", "", "300"])
    .done();
    let (b, notes) = convert(&disclosure(vec![summary, gb, income, dept]));
    assert_eq!(
        b.display,
        Display {
            unit: MoneyUnit::Yuan,
            decimals: 0
        }
    );
    assert_eq!(b.expenditure.len(), 2, "{:#?}", b.expenditure);
    let l = line(&b, "2050101", S::OperatingRevenue);
    assert_eq!(l.project, Fen::from_yuan(300));
    assert_eq!(b.income_from(S::GeneralBudget), Fen::from_yuan(1000));
    assert_eq!(b.income_from(S::OperatingRevenue), Fen::from_yuan(300));
    assert!(!has_note(&notes, "不一致"), "{notes:#?}");
}

#[test]
fn unsplit_fiscal_income_is_general_budget_with_a_note() {
    let income = table(
        TableKind::DepartmentIncome,
        "2",
        MoneyUnit::Yuan,
        cols(&[K::Total, K::Fiscal, K::OtherRevenue, K::CarriedForward]),
    )
    .row("", "合计", &["1,000", "900", "100", "50"])
    .done();
    let (b, notes) = convert(&disclosure(vec![income]));
    let got: Vec<(FundSource, Fen, bool)> = b
        .income
        .iter()
        .map(|l| (l.source, l.amount, l.carried_forward))
        .collect();
    assert_eq!(
        got,
        vec![
            (S::GeneralBudget, Fen::from_yuan(900), false),
            (S::OtherRevenue, Fen::from_yuan(100), false),
            (S::GeneralBudget, Fen::from_yuan(50), true),
        ]
    );
    assert!(
        has_note(&notes, "财政拨款收入 900.00 元 没有分来源"),
        "{notes:#?}"
    );
    assert!(
        has_note(&notes, "上年结转 50.00 元 没有分来源"),
        "{notes:#?}"
    );
}

#[test]
fn deepest_level_and_sum_checks() {
    let w = MoneyUnit::WanYuan;
    // Only 类 and 款 rows; 212 is off by 0.01 (rounding), 201 by 5 (an error).
    let gb = table(
        TableKind::GeneralBudgetExpenditure,
        "表二",
        w,
        cols(&[K::Total, K::Basic, K::Project]),
    )
    .row("", "合计", &["110.00", "60.00", "50.00"])
    .row("201", "一般公共服务支出", &["65.00", "35.00", "30.00"])
    .row(
        "20103",
        "政府办公厅（室）及相关机构事务",
        &["60.00", "30.00", "30.00"],
    )
    .row("212", "城乡社区支出", &["50.01", "30.01", "20.00"])
    .row("21201", "城乡社区管理事务", &["50.00", "30.00", "20.00"])
    .done();
    let (b, notes) = convert(&disclosure(vec![gb]));
    let codes: Vec<&str> = b.expenditure.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, vec!["20103", "21201"]);
    assert!(
        notes
            .iter()
            .any(|n| n.message.contains("201 的基本支出") && n.message.contains("下级科目")),
        "{notes:#?}"
    );
    assert!(has_note(&notes, "舍入误差以内"), "{notes:#?}");
}

#[test]
fn table_without_split_columns_is_basic_with_a_note() {
    let w = MoneyUnit::WanYuan;
    let gb = table(
        TableKind::GeneralBudgetExpenditure,
        "表二",
        w,
        cols(&[K::Amount]),
    )
    .row("2010301", "行政运行", &["12.00"])
    .done();
    let (b, notes) = convert(&disclosure(vec![gb]));
    let l = line(&b, "2010301", S::GeneralBudget);
    assert_eq!((l.basic, l.project), (wan("12"), Fen::ZERO));
    assert!(has_note(&notes, "全部记为基本支出"));
}

#[test]
fn narrative_only_document() {
    let mut d = Disclosure::default();
    d.narrative.facts = vec![
        fact(FactKey::Overseas, "1.00", None),
        fact(FactKey::VehicleTotal, "10.00", None),
        fact(FactKey::VehiclePurchase, "4.00", None),
        fact(FactKey::Reception, "2.00", None),
        fact(FactKey::AdminCost, "50.00", None),
        fact(FactKey::ProcurementGoods, "7.00", None),
        fact(FactKey::ProcurementSmeReserved, "3.00", None),
        fact(
            FactKey::IncomeBySource {
                source: S::GeneralBudget,
            },
            "80.00",
            Some((Direction::Increase, "5.00")),
        ),
    ];
    let (b, notes) = convert(&d);
    assert_eq!(b.year, 0);
    assert!(has_note(&notes, "年度"));
    assert_eq!(b.three_public.vehicle_operation, wan("6"));
    assert_eq!(b.three_public.total(), wan("13"));
    assert_eq!(b.admin_cost, Some(wan("50")));
    assert_eq!(b.procurement.goods, wan("7"));
    assert_eq!(b.procurement.sme_reserved, Some(wan("3")));
    assert_eq!(b.income_from(S::GeneralBudget), wan("80"));
    // With the year unknown, the stated comparison year cannot be checked: it is used.
    assert_eq!(
        b.prior_year.by_source.get(&S::GeneralBudget),
        Some(&wan("75"))
    );
}

#[test]
fn narrative_disagreeing_with_a_table_is_noted() {
    let w = MoneyUnit::WanYuan;
    let three = table(
        TableKind::ThreePublic,
        "9",
        w,
        vec![
            col(K::Total),
            col(K::Overseas),
            col(K::VehiclePurchase),
            col(K::VehicleOperation),
            col(K::Reception),
            col(K::AdminCost),
            col_year(K::Overseas, 2024),
            col_year(K::VehiclePurchase, 2024),
            col_year(K::VehicleOperation, 2024),
            col_year(K::Reception, 2024),
        ],
    )
    .row(
        "",
        "",
        &[
            "37.91", "0", "15", "21.56", "1.35", "464.64", "0", "25", "21.56", "1.35",
        ],
    )
    .done();
    let mut d = disclosure(vec![three]);
    d.narrative.facts = vec![
        fact(FactKey::Reception, "1.50", None),
        fact(FactKey::AdminCost, "464.64", None),
    ];
    let (b, notes) = convert(&d);
    assert_eq!(b.three_public.reception, wan("1.35"));
    assert_eq!(b.admin_cost, Some(wan("464.64")));
    assert_eq!(
        b.prior_year
            .three_public
            .as_ref()
            .map(|t| t.vehicle_purchase),
        Some(wan("25"))
    );
    let n = notes
        .iter()
        .find(|n| n.message.contains("公务接待费"))
        .expect("note");
    assert!(n.message.contains("采用表"), "{n}");
}

#[test]
fn the_only_class_223_takes_the_change_of_state_capital_spending() {
    // A unit that spends only 国有资本经营预算 money, under 223: the narrative's
    // `国有资本经营预算支出减少…` is the class's change as much as the source's.
    let w = MoneyUnit::WanYuan;
    let dept = table(
        TableKind::DepartmentExpenditure,
        "表三",
        w,
        cols(&[K::Total, K::Basic, K::Project]),
    )
    .row("", "合计", &["36.09", "", "36.09"])
    .row("223", "国有资本经营预算支出", &["36.09", "", "36.09"])
    .row(
        "2230105",
        "国有企业退休人员社会化管理补助支出",
        &["36.09", "", "36.09"],
    )
    .done();
    let mut d = disclosure(vec![dept]);
    d.narrative.facts = vec![fact(
        FactKey::ExpenditureBySource {
            source: S::StateCapital,
        },
        "36.09",
        Some((Direction::Decrease, "712.73")),
    )];
    let (b, _) = convert(&d);
    assert_eq!(
        b.prior_year.by_class.get(&code("223")),
        Some(&wan("748.82"))
    );
}

#[test]
fn empty_disclosure_gives_an_empty_budget() {
    let (b, notes) = convert(&Disclosure::default());
    assert!(b.income.is_empty() && b.expenditure.is_empty() && b.economic.is_empty());
    assert!(!notes.is_empty());
    assert!(notes.iter().all(|n| !n.message.is_empty()));
}

#[test]
fn helpers() {
    assert_eq!(
        as_of("截至2024年8月31日，共有车辆8辆").as_deref(),
        Some("2024年8月31日")
    );
    assert_eq!(as_of("共有车辆8辆"), None);
    assert_eq!(
        split_term("（三）基本支出：指保障运转的支出"),
        Some(("基本支出".into(), "指保障运转的支出".into()))
    );
    assert_eq!(strip_numbering("1. 一般公共预算资金"), "一般公共预算资金");
    assert_eq!(strip_numbering("二、事业收入"), "事业收入");
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    const CODES: [&str; 10] = [
        "201", "20103", "2010301", "2010302", "212", "21201", "2120104", "301", "30101", "99999",
    ];
    const KEYS: [ColumnKey; 12] = [
        K::Total,
        K::Amount,
        K::Basic,
        K::Project,
        K::Personnel,
        K::Operating,
        K::GeneralBudget,
        K::OperatingRevenue,
        K::Fiscal,
        K::VehicleTotal,
        K::AdminCost,
        K::CarriedForward,
    ];
    const LABELS: [&str; 8] = [
        "合计",
        "一般公共预算资金",
        "二、上年结转",
        "一、财政拨款收入",
        "事业收入",
        "服务",
        "行政运行",
        "",
    ];
    /// The facts the importer types from each of [`LABELS`].
    const TYPED: [(Option<Funding>, bool, Option<ProcurementCategory>); 8] = [
        (None, false, None),
        (Some(Funding::Source(S::GeneralBudget)), false, None),
        (Some(Funding::All), true, None),
        (Some(Funding::Fiscal), false, None),
        (Some(Funding::Source(S::OperatingRevenue)), true, None),
        (None, false, Some(ProcurementCategory::Services)),
        (None, false, None),
        (None, false, None),
    ];

    fn amount() -> impl Strategy<Value = Option<i64>> {
        prop_oneof![
            Just(None),
            (-1_000_000_000i64..1_000_000_000).prop_map(Some),
            any::<i64>().prop_map(Some),
        ]
    }

    type RawRow = (usize, usize, u8, Vec<Option<i64>>);

    fn raw_table() -> impl Strategy<Value = (usize, Vec<usize>, Vec<RawRow>)> {
        (
            0usize..TableKind::ALL.len(),
            proptest::collection::vec(0usize..KEYS.len(), 0..5),
            proptest::collection::vec(
                (
                    0usize..=CODES.len(),
                    0usize..LABELS.len(),
                    0u8..3,
                    proptest::collection::vec(amount(), 0..6),
                ),
                0..8,
            ),
        )
    }

    fn build((kind, keys, rows): (usize, Vec<usize>, Vec<RawRow>)) -> Table {
        let kind = TableKind::ALL[kind];
        let columns: Vec<Column> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| Column {
                figure: None,
                side: if i % 2 == 0 {
                    Side::Income
                } else {
                    Side::Single
                },
                year: if i == 3 { Some(2024) } else { None },
                ..col(KEYS[*k])
            })
            .collect();
        let mut t = table(kind, "表", MoneyUnit::WanYuan, columns.clone()).done();
        for (code, label, side, vals) in rows {
            let side = [Side::Single, Side::Income, Side::Expenditure][side as usize % 3];
            let cells = vals
                .iter()
                .enumerate()
                .map(|(i, v)| Cell {
                    column: columns.get(i).map(|c| c.key).unwrap_or(K::Total),
                    col: i,
                    amount: v.map(|f| Amount::new(Fen(f), MoneyUnit::WanYuan, 2)),
                    text: String::new(),
                    prov: Provenance::default(),
                    doubtful: false,
                })
                .collect();
            let (funding, carried_forward, procurement) = TYPED[label];
            t.rows.push(Row {
                kind: if LABELS[label] == "合计" {
                    RowKind::Total
                } else {
                    RowKind::Coded
                },
                side,
                code: CODES.get(code).and_then(|c| Code::parse(c)),
                label: LABELS[label].to_string(),
                cells,
                prov: Provenance::default(),
                catalog: None,
                malformed_code: None,
                part: 0,
                funding,
                carried_forward,
                procurement,
            });
        }
        t
    }

    proptest! {
        #[test]
        fn on_random_tables(tables in proptest::collection::vec(raw_table(), 0..8),
                            facts in proptest::collection::vec((0usize..6, amount(), amount()), 0..6)) {
            let mut d = disclosure(tables.into_iter().map(build).collect());
            let keys = [FactKey::IncomeTotal, FactKey::Basic, FactKey::Overseas,
                FactKey::VehicleTotal, FactKey::AdminCost, FactKey::ProcurementTotal];
            for (k, a, c) in facts {
                d.narrative.facts.push(Fact {
                    figure: None,
                    key: keys[k].clone(),
                    amount: a.map(|f| Amount::new(Fen(f), MoneyUnit::WanYuan, 2)),
                    change: Some(Change {
                        direction: Direction::Decrease,
                        amount: c.map(|f| Amount::new(Fen(f), MoneyUnit::WanYuan, 2)),
                        percent: None,
                        versus_year: None,
                        reasons: Vec::new(),
                        reason_text: None,
                        prov: Provenance::default(),
                    }),
                    text: String::new(),
                    section: None,
                    prov: Provenance::default(),
                });
            }
            let (b, _notes) = convert(&d);
            // Each (code, source) once.
            let mut keys = BTreeSet::new();
            for l in &b.expenditure {
                prop_assert!(keys.insert((l.code.clone(), l.source)));
            }
        }
    }
}
