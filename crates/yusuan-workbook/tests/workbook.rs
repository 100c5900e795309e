//! The template reads back empty; a workbook written from the reference budget reads back to the
//! same budget, whatever the column order and money unit; bad cells are errors naming the cell.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use rust_xlsxwriter::{Workbook, Worksheet};
use std::path::Path;
use yusuan_model::{Budget, DocKind, Fen, FundSource, MoneyUnit, Region};
use yusuan_workbook::{
    looks_like_source_workbook, read_workbook, template, ErrorKind, NoteKind, WorkbookError,
};

fn reference() -> Budget {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/chongqing-jiangbeicheng-2025");
    let mut b = yusuan_native::read_budget(&dir).unwrap();
    b.clear_provenance();
    b
}

// ----- a workbook writer for the tests -------------------------------------------------------

#[derive(Clone, Copy)]
struct Style {
    /// Amounts in 万元, said by a （万元） suffix on each amount header.
    wan: bool,
    /// Amounts as numeric cells (else as text).
    numbers: bool,
    /// Columns in reverse order, and a title row and a blank row above the header.
    reorder: bool,
}

const PLAIN: Style = Style {
    wan: false,
    numbers: true,
    reorder: false,
};

#[derive(Clone)]
enum C {
    S(String),
    /// An amount.
    A(Fen),
    /// A number that is not money (a year, a count, a code).
    N(f64),
    E,
}

fn s(t: impl Into<String>) -> C {
    let t = t.into();
    if t.is_empty() {
        C::E
    } else {
        C::S(t)
    }
}

struct Sheet {
    name: &'static str,
    /// Headers; an amount header gets the unit suffix when `wan`.
    headers: Vec<(&'static str, bool)>,
    rows: Vec<Vec<C>>,
}

fn write_sheet(ws: &mut Worksheet, sh: &Sheet, st: Style) {
    ws.set_name(sh.name).unwrap();
    let n = sh.headers.len();
    let order: Vec<usize> = if st.reorder {
        (0..n).rev().collect()
    } else {
        (0..n).collect()
    };
    let mut r0 = 0u32;
    if st.reorder {
        ws.write_string(0, 0, format!("{}（测试）", sh.name))
            .unwrap();
        r0 = 2;
    }
    for (out_c, &c) in order.iter().enumerate() {
        let (h, amount) = sh.headers[c];
        let h = if amount && st.wan {
            format!("{h}（万元）")
        } else {
            h.to_string()
        };
        ws.write_string(r0, out_c as u16, h).unwrap();
    }
    for (i, row) in sh.rows.iter().enumerate() {
        let r = r0 + 1 + i as u32;
        for (out_c, &c) in order.iter().enumerate() {
            let col = out_c as u16;
            match row.get(c).cloned().unwrap_or(C::E) {
                C::S(t) => {
                    ws.write_string(r, col, t).unwrap();
                }
                C::N(v) => {
                    ws.write_number(r, col, v).unwrap();
                }
                C::A(f) => {
                    let (per, text) = if st.wan {
                        (1_000_000.0, f.format(MoneyUnit::WanYuan, 6, false))
                    } else {
                        (100.0, f.format(MoneyUnit::Yuan, 2, false))
                    };
                    if st.numbers {
                        ws.write_number(r, col, f.0 as f64 / per).unwrap();
                    } else {
                        ws.write_string(r, col, text).unwrap();
                    }
                }
                C::E => {}
            }
        }
    }
}

fn yes_no(b: Option<bool>) -> C {
    match b {
        Some(true) => s("是"),
        Some(false) => s("否"),
        None => C::E,
    }
}

fn reason_label(subject: &str) -> String {
    match subject {
        "income_total" => "收入合计",
        "expenditure_total" => "支出合计",
        "basic" => "基本支出",
        "project" => "项目支出",
        "general_budget" => "一般公共预算",
        "gov_fund" => "政府性基金预算",
        "state_capital" => "国有资本经营预算",
        "three_public" => "三公经费",
        "admin_cost" => "机关运行经费",
        other => other,
    }
    .to_string()
}

fn note_label(key: &str) -> String {
    match key {
        "admin_cost" => "机关运行经费",
        "procurement" => "政府采购",
        "performance" => "绩效目标",
        "assets" => "国有资产",
        other => other,
    }
    .to_string()
}

fn sheets(b: &Budget) -> Vec<Sheet> {
    let kv = |k: &str, v: C| vec![s(k), v];
    let mut unit = vec![
        kv("单位编码", s(b.unit.code.clone().unwrap_or_default())),
        kv("单位名称", s(b.unit.name.clone().unwrap_or_default())),
        kv("预算年度", C::N(f64::from(b.year))),
        kv("文件种类", s(b.kind.label())),
        kv(
            "地区",
            s(match b.region {
                Region::Chongqing => "重庆",
                Region::Shanghai => "上海",
                Region::National => "全国",
            }),
        ),
        kv("公开金额单位", s(b.display.unit.label())),
        kv("公开小数位数", C::N(f64::from(b.display.decimals))),
        kv("联系人", s(b.unit.contact.clone().unwrap_or_default())),
    ];
    for u in &b.unit.subordinate_units {
        unit.push(kv("下属单位", s(u.clone())));
    }
    for u in &b.unit.internal_departments {
        unit.push(kv("内设机构", s(u.clone())));
    }
    let income = b
        .income
        .iter()
        .map(|l| {
            vec![
                s(l.source.label()),
                C::A(l.amount),
                if l.carried_forward { s("是") } else { C::E },
            ]
        })
        .collect();
    let expenditure = b
        .expenditure
        .iter()
        .map(|l| {
            vec![
                // Codes as numbers, as Excel keeps them when typed.
                C::N(l.code.as_str().parse::<f64>().unwrap()),
                s(l.name.clone()),
                s(l.source.label()),
                C::A(l.basic),
                C::A(l.project),
            ]
        })
        .collect();
    let economic = b
        .economic
        .iter()
        .map(|l| {
            vec![
                s(l.code.as_str()),
                s(l.name.clone()),
                C::A(l.personnel),
                C::A(l.operating),
            ]
        })
        .collect();
    let t = &b.three_public;
    let mut three = vec![
        vec![s("因公出国（境）费"), C::A(t.overseas)],
        vec![s("公务用车购置费"), C::A(t.vehicle_purchase)],
        vec![s("公务用车运行维护费"), C::A(t.vehicle_operation)],
        vec![s("公务接待费"), C::A(t.reception)],
    ];
    if let Some(a) = b.admin_cost {
        three.push(vec![s("机关运行经费"), C::A(a)]);
    }
    let p = &b.procurement;
    let mut procurement = vec![
        vec![s("货物"), C::A(p.goods)],
        vec![s("工程"), C::A(p.works)],
        vec![s("服务"), C::A(p.services)],
    ];
    if let Some(a) = p.sme_reserved {
        procurement.push(vec![s("面向中小企业预留"), C::A(a)]);
    }
    if let Some(a) = p.small_micro_reserved {
        procurement.push(vec![s("其中：预留给小型和微型企业"), C::A(a)]);
    }
    let a = &b.assets;
    let mut assets = Vec::new();
    if let Some(t) = &a.as_of {
        assets.push(vec![s("统计截止时间"), s(t.clone())]);
    }
    if let Some(n) = a.vehicles {
        assets.push(vec![s("车辆总数"), C::N(n as f64)]);
    }
    for (k, n) in &a.vehicles_by_kind {
        assets.push(vec![s(k.clone()), C::N(*n as f64)]);
    }
    if let Some(n) = a.vehicles_to_buy {
        assets.push(vec![s("拟购置车辆"), C::N(n as f64)]);
    }
    if let Some(n) = a.expensive_equipment {
        assets.push(vec![s("单价100万元以上设备"), C::N(n as f64)]);
    }
    let projects = b
        .projects
        .iter()
        .map(|p| {
            vec![
                s(p.name.clone()),
                s(p.department.clone().unwrap_or_default()),
                C::A(p.amount),
                if p.key { s("是") } else { C::E },
                s(p.overview.clone()),
                s(p.basis.clone()),
                s(p.goal.text.clone()),
            ]
        })
        .collect();
    let goals = b
        .overall_goal
        .iter()
        .map(|g| ("整体绩效目标".to_string(), g))
        .chain(b.projects.iter().map(|p| (p.name.clone(), &p.goal)));
    let mut indicators = Vec::new();
    for (name, g) in goals {
        for i in &g.indicators {
            indicators.push(vec![
                s(name.clone()),
                s(i.category.clone().unwrap_or_default()),
                s(i.name.clone()),
                s(i.weight_text.clone()),
                s(i.nature_text.clone()),
                s(i.value.clone()),
                s(i.unit.clone()),
                yes_no(i.core),
            ]);
        }
    }
    let py = &b.prior_year;
    let mut prior = Vec::new();
    for (label, v) in [
        ("收入合计", py.income_total),
        ("支出合计", py.expenditure_total),
        ("基本支出", py.basic),
        ("项目支出", py.project),
        ("机关运行经费", py.admin_cost),
    ] {
        if let Some(v) = v {
            prior.push(vec![s(label), C::A(v)]);
        }
    }
    for (src, v) in &py.by_source {
        prior.push(vec![s(src.label()), C::A(*v)]);
    }
    for (code, v) in &py.by_class {
        prior.push(vec![s(code.as_str()), C::A(*v)]);
    }
    if let Some(t) = &py.three_public {
        prior.push(vec![s("因公出国（境）费"), C::A(t.overseas)]);
        prior.push(vec![s("公务用车购置费"), C::A(t.vehicle_purchase)]);
        prior.push(vec![s("公务用车运行维护费"), C::A(t.vehicle_operation)]);
        prior.push(vec![s("公务接待费"), C::A(t.reception)]);
    }
    let n = &b.narrative;
    let mut narrative = vec![
        vec![s("职能职责"), C::E, s(n.functions.clone())],
        vec![s("机构设置"), C::E, s(n.organisation.clone())],
    ];
    if let Some(g) = &b.overall_goal {
        narrative.push(vec![s("整体绩效目标"), C::E, s(g.text.clone())]);
    }
    for r in &n.reasons {
        narrative.push(vec![
            s("增减原因"),
            s(reason_label(&r.subject)),
            s(r.text.clone()),
        ]);
    }
    for (term, text) in &n.glossary {
        narrative.push(vec![s("名词解释"), s(term.clone()), s(text.clone())]);
    }
    for (k, text) in &n.notes {
        narrative.push(vec![s("情况说明"), s(note_label(k)), s(text.clone())]);
    }

    vec![
        Sheet {
            name: "单位信息",
            headers: vec![("项目", false), ("内容", false)],
            rows: unit,
        },
        Sheet {
            name: "收入",
            headers: vec![("资金来源", false), ("金额", true), ("上年结转", false)],
            rows: income,
        },
        Sheet {
            name: "支出",
            headers: vec![
                ("功能分类科目编码", false),
                ("科目名称", false),
                ("资金来源", false),
                ("基本支出", true),
                ("项目支出", true),
            ],
            rows: expenditure,
        },
        Sheet {
            name: "基本支出经济分类",
            headers: vec![
                ("经济分类科目编码", false),
                ("科目名称", false),
                ("人员经费", true),
                ("日常公用经费", true),
            ],
            rows: economic,
        },
        Sheet {
            name: "三公经费",
            headers: vec![("项目", false), ("金额", true)],
            rows: three,
        },
        Sheet {
            name: "政府采购",
            headers: vec![("项目", false), ("金额", true)],
            rows: procurement,
        },
        Sheet {
            name: "国有资产",
            headers: vec![("项目", false), ("内容", false)],
            rows: assets,
        },
        Sheet {
            name: "项目",
            headers: vec![
                ("项目名称", false),
                ("主管部门", false),
                ("当年预算", true),
                ("重点专项", false),
                ("项目概况", false),
                ("立项依据", false),
                ("绩效目标", false),
            ],
            rows: projects,
        },
        Sheet {
            name: "绩效指标",
            headers: vec![
                ("项目名称", false),
                ("指标类别", false),
                ("指标名称", false),
                ("权重", false),
                ("性质", false),
                ("指标值", false),
                ("计量单位", false),
                ("是否核心", false),
            ],
            rows: indicators,
        },
        Sheet {
            name: "上年数",
            headers: vec![("项目", false), ("金额", true)],
            rows: prior,
        },
        Sheet {
            name: "说明",
            headers: vec![("项目", false), ("对象", false), ("内容", false)],
            rows: narrative,
        },
    ]
}

fn write(sheets: &[Sheet], st: Style) -> Vec<u8> {
    let mut wb = Workbook::new();
    for sh in sheets {
        write_sheet(wb.add_worksheet(), sh, st);
    }
    wb.save_to_buffer().unwrap()
}

fn read_back(bytes: &[u8]) -> Budget {
    let (mut b, _notes) = match read_workbook("test.xlsx", bytes) {
        Ok(x) => x,
        Err(e) => panic!("{e}"),
    };
    b.clear_provenance();
    b
}

/// Set one cell of a sheet (by header) in row `row` (0-based data row) before writing.
fn set(sheets: &mut [Sheet], sheet: &str, row: usize, header: &str, v: C) {
    let sh = sheets.iter_mut().find(|s| s.name == sheet).unwrap();
    let c = sh.headers.iter().position(|h| h.0 == header).unwrap();
    sh.rows[row][c] = v;
}

fn err(bytes: &[u8]) -> WorkbookError {
    match read_workbook("bad.xlsx", bytes) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

// ----- the tests -----------------------------------------------------------------------------

#[test]
fn template_reads_as_empty_budget() {
    let bytes = template();
    assert!(bytes.len() > 1000);
    assert!(looks_like_source_workbook(&bytes));
    let (b, notes) = read_workbook("模板.xlsx", &bytes).unwrap();
    assert_eq!(b, Budget::default());
    assert!(notes.iter().any(|n| n.kind == NoteKind::Empty), "{notes:?}");
    // Every sheet is there: no sheet is reported missing or unknown.
    assert!(
        !notes
            .iter()
            .any(|n| matches!(n.kind, NoteKind::MissingSheet | NoteKind::UnknownSheet)),
        "{notes:?}"
    );
}

#[test]
fn template_sheets_and_headers() {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(template())).unwrap();
    let names = wb.sheet_names();
    assert_eq!(
        names,
        [
            "填表说明",
            "单位信息",
            "收入",
            "支出",
            "基本支出经济分类",
            "三公经费",
            "政府采购",
            "国有资产",
            "项目",
            "绩效指标",
            "上年数",
            "说明"
        ]
    );
    let r = wb.worksheet_range("支出").unwrap();
    let header: Vec<String> = r
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        &header[..5],
        [
            "功能分类科目编码",
            "科目名称",
            "资金来源",
            "基本支出",
            "项目支出"
        ]
    );
    let r = wb.worksheet_range("绩效指标").unwrap();
    let header: Vec<String> = r
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    for h in [
        "项目名称",
        "指标名称",
        "权重",
        "性质",
        "指标值",
        "计量单位",
        "是否核心",
    ] {
        assert!(header.iter().any(|x| x == h), "{h} in {header:?}");
    }
    let help = wb.worksheet_range("填表说明").unwrap();
    let text: String = help.cells().map(|(_, _, c)| c.to_string()).collect();
    for h in [
        "单位信息",
        "功能分类科目编码",
        "日常公用经费",
        "因公出国（境）费",
        "是否核心",
    ] {
        assert!(text.contains(h), "{h}");
    }
}

#[test]
fn reference_budget_round_trips() {
    let b = reference();
    assert!(!b.expenditure.is_empty() && !b.projects.is_empty() && b.overall_goal.is_some());
    let bytes = write(&sheets(&b), PLAIN);
    assert!(looks_like_source_workbook(&bytes));
    assert_eq!(read_back(&bytes), b);
}

#[test]
fn amounts_as_text_round_trip() {
    let b = reference();
    let st = Style {
        numbers: false,
        ..PLAIN
    };
    assert_eq!(read_back(&write(&sheets(&b), st)), b);
}

#[test]
fn reordered_columns_in_wan_yuan_round_trip() {
    let b = reference();
    for numbers in [true, false] {
        let st = Style {
            wan: true,
            numbers,
            reorder: true,
        };
        assert_eq!(read_back(&write(&sheets(&b), st)), b, "numbers: {numbers}");
    }
}

#[test]
fn workbook_unit_from_unit_sheet() {
    // 金额单位 = 万元 in 单位信息, no suffix on the headers.
    let b = reference();
    let mut sh = sheets(&b);
    sh[0].rows.push(vec![s("金额单位"), s("万元")]);
    let mut wb = Workbook::new();
    for sheet in &sh {
        // Amounts as 万元 text, headers without a unit suffix.
        let plain = Sheet {
            name: sheet.name,
            headers: sheet.headers.iter().map(|h| (h.0, false)).collect(),
            rows: sheet
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            C::A(f) => s(f.format(MoneyUnit::WanYuan, 6, false)),
                            other => other.clone(),
                        })
                        .collect()
                })
                .collect(),
        };
        write_sheet(wb.add_worksheet(), &plain, PLAIN);
    }
    assert_eq!(read_back(&wb.save_to_buffer().unwrap()), b);
}

#[test]
fn subtotal_and_total_rows_are_checked_and_skipped() {
    let b = reference();
    let mut sh = sheets(&b);
    let exp = &mut sh[2];
    let general: Vec<&yusuan_model::budget::ExpenditureLine> = b
        .expenditure
        .iter()
        .filter(|l| l.source == FundSource::GeneralBudget && l.code.as_str().starts_with("201"))
        .collect();
    let basic: Fen = general.iter().map(|l| l.basic).sum();
    let project: Fen = general.iter().map(|l| l.project).sum();
    exp.rows.insert(
        0,
        vec![
            s("201"),
            s("一般公共服务支出"),
            s("一般公共预算"),
            C::A(basic),
            C::A(project),
        ],
    );
    exp.rows.push(vec![
        C::E,
        s("合计"),
        C::E,
        C::A(b.basic_total(None)),
        C::A(b.project_total(None)),
    ]);
    let bytes = write(&sh, PLAIN);
    let (mut got, notes) = read_workbook("t.xlsx", &bytes).unwrap();
    got.clear_provenance();
    assert_eq!(got, b);
    assert!(
        notes.iter().any(|n| n.kind == NoteKind::Totals),
        "{notes:?}"
    );

    // A subtotal that does not add up is an error at its cell.
    let exp = &mut sh[2];
    exp.rows[0][3] = C::A(basic + Fen(100));
    let e = err(&write(&sh, PLAIN));
    assert_eq!(e.kind, ErrorKind::Inconsistent);
    assert!(e.to_string().contains("支出!D2"), "{e}");
}

#[test]
fn basic_from_personnel_and_operating() {
    let b = reference();
    let mut sh = sheets(&b);
    let exp = &mut sh[2];
    exp.headers[3] = ("人员经费", true);
    exp.headers.push(("公用经费", true));
    for (row, l) in exp.rows.iter_mut().zip(&b.expenditure) {
        // Split basic into two parts that add up.
        let half = Fen(l.basic.0 / 2);
        row[3] = C::A(half);
        row.push(C::A(l.basic - half));
    }
    assert_eq!(read_back(&write(&sh, PLAIN)), b);
}

#[test]
fn bad_cells_name_sheet_and_cell() {
    let b = reference();

    // Text in an amount column: 支出 row 3 (data row 2), 基本支出 is column D.
    let mut sh = sheets(&b);
    set(&mut sh, "支出", 1, "基本支出", s("12a"));
    let e = err(&write(&sh, PLAIN));
    assert_eq!(e.kind, ErrorKind::BadAmount);
    assert_eq!(e.sheet(), Some("支出"));
    assert_eq!(e.cell().as_deref(), Some("D3"));
    let msg = e.to_string();
    assert!(msg.starts_with("bad.xlsx: 支出!D3: "), "{msg}");
    assert!(msg.contains("12a"), "{msg}");

    // The same with the columns reversed: the letter follows the column.
    let e = err(&write(
        &sh,
        Style {
            reorder: true,
            ..PLAIN
        },
    ));
    // 5 columns reversed: 基本支出 is the 2nd column (B); title + blank + header rows above.
    assert_eq!(e.cell().as_deref(), Some("B5"), "{e}");

    // An unknown fund source.
    let mut sh = sheets(&b);
    set(&mut sh, "收入", 0, "资金来源", s("财政拨款"));
    let e = err(&write(&sh, PLAIN));
    assert_eq!(e.kind, ErrorKind::UnknownSource);
    assert!(e.to_string().contains("收入!A2"), "{e}");
    assert!(e.to_string().contains("财政拨款"), "{e}");

    // A 6-digit code.
    let mut sh = sheets(&b);
    set(&mut sh, "支出", 0, "功能分类科目编码", C::N(201030.0));
    let e = err(&write(&sh, PLAIN));
    assert_eq!(e.kind, ErrorKind::BadCode);
    assert!(e.to_string().contains("支出!A2"), "{e}");
    assert!(e.to_string().contains("201030"), "{e}");

    // A 7-digit economic code.
    let mut sh = sheets(&b);
    set(
        &mut sh,
        "基本支出经济分类",
        0,
        "经济分类科目编码",
        s("3010101"),
    );
    let e = err(&write(&sh, PLAIN));
    assert_eq!(e.kind, ErrorKind::BadCode);
    assert!(e.to_string().contains("基本支出经济分类!A2"), "{e}");

    // Too many decimals for 元.
    let mut sh = sheets(&b);
    set(&mut sh, "收入", 0, "金额", C::N(1234.567));
    let e = err(&write(&sh, PLAIN));
    assert_eq!(e.kind, ErrorKind::BadAmount);
    assert!(e.to_string().contains("收入!B2"), "{e}");

    // 是否核心 must be 是/否.
    let mut sh = sheets(&b);
    set(&mut sh, "绩效指标", 0, "是否核心", s("也许"));
    let e = err(&write(&sh, PLAIN));
    assert_eq!(e.kind, ErrorKind::BadValue);
    assert!(e.to_string().contains("绩效指标!H2"), "{e}");

    // An indicator of a project that is not on 项目.
    let mut sh = sheets(&b);
    set(&mut sh, "绩效指标", 0, "项目名称", s("不存在的项目"));
    let e = err(&write(&sh, PLAIN));
    assert!(e.to_string().contains("绩效指标!A2"), "{e}");

    // A duplicate line.
    let mut sh = sheets(&b);
    let first = sh[2].rows[0].clone();
    sh[2].rows.push(first);
    let e = err(&write(&sh, PLAIN));
    assert_eq!(e.kind, ErrorKind::Duplicate);
    let last = b.expenditure.len() + 2;
    assert!(e.to_string().contains(&format!("支出!A{last}")), "{e}");

    // A missing required column names the header row.
    let mut sh = sheets(&b);
    sh[2].headers[2] = ("来源地", false);
    let e = err(&write(&sh, PLAIN));
    assert_eq!(e.kind, ErrorKind::Column);
    assert!(e.to_string().contains("资金来源"), "{e}");

    // No year.
    let mut sh = sheets(&b);
    sh[0]
        .rows
        .retain(|r| !matches!(&r[0], C::S(k) if k == "预算年度"));
    let e = err(&write(&sh, PLAIN));
    assert_eq!(e.kind, ErrorKind::MissingValue);
    assert_eq!(e.sheet(), Some("单位信息"));
}

#[test]
fn unknown_sheets_and_columns_are_notes() {
    let b = reference();
    let mut sh = sheets(&b);
    sh[1].headers.push(("经办人", false));
    for r in &mut sh[1].rows {
        r.push(s("张三"));
    }
    sh.push(Sheet {
        name: "草稿",
        headers: vec![("随便", false)],
        rows: vec![vec![s("x")]],
    });
    let (mut got, notes) = read_workbook("t.xlsx", &write(&sh, PLAIN)).unwrap();
    got.clear_provenance();
    assert_eq!(got, b);
    assert!(notes
        .iter()
        .any(|n| n.kind == NoteKind::UnknownSheet && n.message.contains("草稿")));
    assert!(notes
        .iter()
        .any(|n| n.kind == NoteKind::Ignored && n.message.contains("经办人")));
}

#[test]
fn three_public_by_columns_and_formula_noise() {
    let b = reference();
    let mut sh = sheets(&b);
    let t = &b.three_public;
    sh[4] = Sheet {
        name: "三公经费",
        headers: vec![
            ("因公出国（境）费", true),
            ("公务用车购置费", true),
            ("公务用车运行维护费", true),
            ("公务接待费", true),
            ("“三公”经费合计", true),
            ("机关运行经费", true),
        ],
        rows: vec![vec![
            C::A(t.overseas),
            C::A(t.vehicle_purchase),
            C::A(t.vehicle_operation),
            C::A(t.reception),
            C::A(t.total()),
            C::A(b.admin_cost.unwrap()),
        ]],
    };
    assert_eq!(read_back(&write(&sh, PLAIN)), b);

    // Binary noise from a formula is rounded to 分, with a note.
    let mut sh = sheets(&b);
    set(&mut sh, "收入", 1, "金额", C::N(0.1 + 0.2));
    let (got, notes) = read_workbook("t.xlsx", &write(&sh, PLAIN)).unwrap();
    assert_eq!(got.income[1].amount, Fen(30));
    assert!(
        notes.iter().any(|n| n.kind == NoteKind::Rounded),
        "{notes:?}"
    );
}

#[test]
fn not_a_workbook() {
    let e = err(b"not a zip");
    assert_eq!(e.kind, ErrorKind::NotAWorkbook);
    assert!(!looks_like_source_workbook(b"not a zip"));
    // An XLSX with none of the known sheets (a published disclosure, say).
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("表一 部门收支总表").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    assert!(!looks_like_source_workbook(&bytes));
    assert_eq!(err(&bytes).kind, ErrorKind::NotASourceWorkbook);
}

#[test]
fn reference_basics() {
    // Guard the reference's shape the tests rely on.
    let b = reference();
    assert_eq!(b.year, 2025);
    assert_eq!(b.kind, DocKind::DepartmentBudget);
    assert_eq!(b.region, Region::Chongqing);
}

#[test]
fn unit_sheet_without_header_or_by_columns() {
    let b = reference();
    // Label and value rows without a header row.
    let mut sh = sheets(&b);
    let rows = sh[0].rows.clone();
    let mut wb = Workbook::new();
    for (i, sheet) in sh.iter_mut().enumerate() {
        let ws = wb.add_worksheet();
        if i == 0 {
            ws.set_name("单位信息").unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    match v {
                        C::S(t) => ws.write_string(r as u32, c as u16, t).unwrap(),
                        C::N(n) => ws.write_number(r as u32, c as u16, *n).unwrap(),
                        _ => ws,
                    };
                }
            }
        } else {
            write_sheet(ws, sheet, PLAIN);
        }
    }
    assert_eq!(read_back(&wb.save_to_buffer().unwrap()), b);

    // One column per item, one data row; lists in one cell, a line each.
    let mut sh = sheets(&b);
    let mut headers = Vec::new();
    let mut values = Vec::new();
    let mut lists: Vec<(&'static str, Vec<String>)> =
        vec![("下属单位", vec![]), ("内设机构", vec![])];
    for row in &rows {
        let (C::S(k), v) = (&row[0], row[1].clone()) else {
            continue;
        };
        if let Some(l) = lists.iter_mut().find(|l| l.0 == k) {
            if let C::S(t) = v {
                l.1.push(t);
            }
            continue;
        }
        headers.push((Box::leak(k.clone().into_boxed_str()) as &'static str, false));
        values.push(v);
    }
    for (k, items) in lists {
        headers.push((k, false));
        values.push(s(items.join("\n")));
    }
    sh[0] = Sheet {
        name: "单位信息",
        headers,
        rows: vec![values],
    };
    assert_eq!(read_back(&write(&sh, PLAIN)), b);
}

#[test]
fn unit_line_above_header_sets_the_sheet_unit() {
    let b = reference();
    let mut sh = sheets(&b);
    let mut wb = Workbook::new();
    for (i, sheet) in sh.iter_mut().enumerate() {
        let ws = wb.add_worksheet();
        if i == 1 {
            // 收入: a title, then 单位：万元, then the header; amounts in 万元 as text.
            ws.set_name("收入").unwrap();
            ws.write_string(0, 0, "2025年部门收入预算表").unwrap();
            ws.write_string(1, 1, "单位：万元").unwrap();
            ws.write_string(2, 0, "资金来源").unwrap();
            ws.write_string(2, 1, "金额").unwrap();
            for (r, l) in b.income.iter().enumerate() {
                ws.write_string(3 + r as u32, 0, l.source.label()).unwrap();
                ws.write_string(
                    3 + r as u32,
                    1,
                    l.amount.format(MoneyUnit::WanYuan, 6, true),
                )
                .unwrap();
            }
            ws.write_string(3 + b.income.len() as u32, 0, "合计")
                .unwrap();
            ws.write_string(
                3 + b.income.len() as u32,
                1,
                b.income_total().format(MoneyUnit::WanYuan, 2, true),
            )
            .unwrap();
        } else {
            write_sheet(ws, sheet, PLAIN);
        }
    }
    assert_eq!(read_back(&wb.save_to_buffer().unwrap()), b);
}

/// Builder input the generator would publish wrongly is refused with its sheet and cell (issue 13):
/// a negative amount, a code the catalogue lacks without its name, a 项 whose 款 nobody names,
/// a project larger than all project spending; a line without amounts is a note, not silence.
#[test]
fn input_the_tables_would_publish_wrongly_is_refused() {
    let b = reference();
    let refused = |sh: &[Sheet]| err(&write(sh, PLAIN)).to_string();

    let mut sh = sheets(&b);
    set(&mut sh, "支出", 1, "基本支出", C::A(Fen(-500)));
    let e = refused(&sh);
    assert!(
        e.contains("支出!D3") && e.contains("不能为负数") && e.contains("-5.00"),
        "{e}"
    );
    let mut sh = sheets(&b);
    set(&mut sh, "收入", 0, "金额", C::A(Fen(-1)));
    assert!(refused(&sh).contains("收入!B2"));

    let mut sh = sheets(&b);
    set(&mut sh, "支出", 1, "功能分类科目编码", s("2019988"));
    set(&mut sh, "支出", 1, "科目名称", C::E);
    let e = refused(&sh);
    assert!(e.contains("支出!B3") && e.contains("请填写科目名称"), "{e}");

    let mut sh = sheets(&b);
    set(&mut sh, "支出", 1, "功能分类科目编码", s("2999988"));
    set(&mut sh, "支出", 1, "科目名称", s("某某支出"));
    let e = refused(&sh);
    assert!(e.contains("支出!A3") && e.contains("上级科目 29999"), "{e}");
    // Naming the parents in the workbook (rows with a code and a name, amounts blank) is enough.
    let exp = sh.iter_mut().find(|x| x.name == "支出").unwrap();
    for (code, name) in [("299", "其他支出"), ("29999", "其他支出")] {
        exp.rows.push(vec![s(code), s(name), C::E, C::E, C::E]);
    }
    let (built, _) = read_workbook("ok.xlsx", &write(&sh, PLAIN)).unwrap();
    assert_eq!(
        built
            .code_names
            .get(&yusuan_model::Code::parse("29999").unwrap())
            .map(String::as_str),
        Some("其他支出")
    );

    let mut sh = sheets(&b);
    set(
        &mut sh,
        "基本支出经济分类",
        0,
        "经济分类科目编码",
        s("39988"),
    );
    set(&mut sh, "基本支出经济分类", 0, "科目名称", C::E);
    let e = refused(&sh);
    assert!(
        e.contains("基本支出经济分类!B2") && e.contains("39988"),
        "{e}"
    );

    let mut sh = sheets(&b);
    set(&mut sh, "项目", 0, "当年预算", C::A(Fen(99_999_999_999)));
    let e = refused(&sh);
    assert!(
        e.contains("项目!C2") && e.contains("大于「支出」表的项目支出合计"),
        "{e}"
    );

    let mut sh = sheets(&b);
    set(&mut sh, "支出", 1, "基本支出", C::E);
    set(&mut sh, "支出", 1, "项目支出", C::E);
    let (_, notes) = read_workbook("ok.xlsx", &write(&sh, PLAIN)).unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.kind == NoteKind::Ignored && n.to_string().starts_with("支出!A3")),
        "{notes:?}"
    );
}
