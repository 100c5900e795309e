//! The text renderers on the reference disclosure and the two Shanghai budgets.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used)]

use yusuan_model::Disclosure;

fn fixture(name: &str) -> Disclosure {
    let path = format!("{}/../../corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    yusuan_import::import_text(name, &text).unwrap()
}

const REFERENCE: &str = "chongqing-jiangbeicheng-2025-budget.txt";
const SHANGHAI: [&str; 2] = [
    "shanghai-putuo-wanli-2025-budget.txt",
    "shanghai-putuo-finance-bureau-2025-budget.txt",
];

#[test]
fn markdown_of_the_reference() {
    let d = fixture(REFERENCE);
    let md = yusuan_render_text::render_markdown(&d).unwrap();
    insta::assert_snapshot!("reference_markdown", md);
}

#[test]
fn markdown_has_every_table_and_total() {
    for name in std::iter::once(REFERENCE).chain(SHANGHAI) {
        let d = fixture(name);
        let md = yusuan_render_text::render(&d).unwrap();
        for t in &d.tables {
            assert!(
                md.contains(&format!("## {}", t.display_name())),
                "{name}: {}",
                t.title
            );
        }
        for s in &d.narrative.sections {
            assert!(md.contains(s.title.trim()), "{name}: {}", s.title);
        }
    }
    let md = yusuan_render_text::render(&fixture(REFERENCE)).unwrap();
    assert!(md.contains("|  | **合计** | **3,634.33** | **1,330.33** | **2,304.00** |"));
    assert!(md.contains("| 2010301 | 行政运行 | 442.61 | 442.61 |  |"));
    // `<` from the data is escaped.
    assert!(md.contains("\\<重庆市贯彻"));
}

#[test]
fn csv_one_file_per_table_with_bom_and_headers() {
    let d = fixture(REFERENCE);
    let files = yusuan_render_text::render_csv(&d);
    assert_eq!(files.len(), d.tables.len() + 2);
    for (name, body) in &files {
        assert!(name.ends_with(".csv"));
        assert!(body.starts_with('\u{feff}'), "{name}");
        assert!(!name.contains(['/', '\\', ':']));
    }
    let (name, t2) = &files[1];
    assert_eq!(name, "02-表二-一般公共预算财政拨款支出预算表.csv");
    let lines: Vec<&str> = t2.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(lines[0], "功能分类科目,,2025年预算数,,");
    assert_eq!(
        lines[1],
        "科目编码,科目名称,总计（万元）,基本支出（万元）,项目支出（万元）"
    );
    assert_eq!(lines[2], ",合计,3634.33,1330.33,2304.00");
    assert!(lines.contains(&"2010301,行政运行,442.61,442.61,"));
    // 三公: three header rows, leaves in the last.
    let t4 = &files[3].1;
    let lines: Vec<&str> = t4.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(lines[0], "2025年预算数,,,,,");
    assert_eq!(lines[1], ",,公务用车购置及运行费,,,");
    assert!(lines[2].starts_with("合计（万元）,因公出国（境）费（万元）,小计（万元）"));
    assert_eq!(lines[3], "33.50,3.00,27.50,,27.50,3.00");
    let indicators = &files.last().unwrap().1;
    assert!(indicators.contains("民族团结进步周系列活动完成率,5,=,100,%,否"));
}

#[test]
fn csv_of_shanghai_writes_whole_yuan() {
    let d = fixture(SHANGHAI[0]);
    let files = yusuan_render_text::render_csv(&d);
    assert_eq!(files.len(), d.tables.len());
    let summary = &files[0].1;
    assert!(summary.contains("189767551"), "{summary}");
}

#[test]
fn json_keeps_codes_in_full_and_round_trips() {
    let d = fixture(REFERENCE);
    let json = yusuan_render_text::render_json(&d).unwrap();
    assert!(json.contains("\"code\": \"2010301\""));
    let back: Disclosure = serde_json::from_str(&json).unwrap();
    // The source's lines as read are not serialised (SourceInfo::text).
    let mut want = d.clone();
    want.source.text.clear();
    assert_eq!(back, want);
}

#[test]
fn empty_disclosure_renders() {
    let d = Disclosure::default();
    assert!(yusuan_render_text::render(&d).unwrap().starts_with("# "));
    assert!(yusuan_render_text::render_csv(&d).is_empty());
    assert!(yusuan_render_text::render_json(&d).is_ok());
}
