//! The 决算's 三公 table checked end to end: the 上海 template as `pdftotext -layout` text with
//! its 三公 table and section 七 filled in (the fixture of yusuan-import's tests), imported and
//! checked. Right, it raises nothing about 三公; a figure changed in the table or the narrative is
//! one error, of the rule that owns it.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::panic)]

use yusuan_check::{check, Config, Finding, Severity};

const FIXTURE: &str = "shanghai-2024-final-accounts-three-public.txt";

fn text() -> String {
    let path = format!(
        "{}/../yusuan-import/tests/data/{FIXTURE}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The errors about 三公 (the template's other tables and placeholders raise their own).
fn three_public_errors(text: &str) -> Vec<Finding> {
    let d = yusuan_import::import_text(FIXTURE, text).unwrap_or_else(|e| panic!("{e}"));
    check(&d, &Config::default())
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        // The template's placeholders (XX) are YS7xx's.
        .filter(|f| ["YS1", "YS2", "YS3"].iter().any(|p| f.rule.starts_with(p)))
        .filter(|f| {
            f.message.contains("三公")
                || f.message.contains("公务")
                || f.message.contains("因公出国")
        })
        .collect()
}

#[test]
fn the_filled_template_is_right() {
    let f = three_public_errors(&text());
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn a_wrong_final_total_in_the_table_is_one_error() {
    // 决算数 合计 25.50 printed 26.50: the table no longer foots (YS107); the narrative's 25.50,
    // what the table's arithmetic wants, is not wrong for differing from the suspect cell.
    let t = text().replacen("      25.50  5.00", "      26.50  5.00", 1);
    let f = three_public_errors(&t);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].rule, "YS107");
    assert!(f[0].message.contains("合计 决算数"), "{}", f[0].message);
}

#[test]
fn a_wrong_figure_in_the_narrative_is_one_error() {
    // The 年初预算 stated 31.00 instead of 30.00.
    let t = text().replacen("年初预算为 30.00 万元", "年初预算为 31.00 万元", 1);
    let f = three_public_errors(&t);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].rule, "YS301");
    assert!(
        f[0].message.contains("“三公”经费预算数"),
        "{}",
        f[0].message
    );
    // The 公务用车运行维护 决算 stated 11.50 instead of 10.50.
    let t = text().replacen(
        "公务用车运行维护支出 10.50 万元",
        "公务用车运行维护支出 11.50 万元",
        1,
    );
    let f = three_public_errors(&t);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].message.contains("公务用车运行费决算数"),
        "{}",
        f[0].message
    );
}
