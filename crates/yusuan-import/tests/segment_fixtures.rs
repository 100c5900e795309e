//! Table titles are found in every fixture, in either layout.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used)]

use yusuan_import::context::Context;
use yusuan_import::segment::{segment, Block};
use yusuan_import::source::SourceText;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../corpus/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn titles(name: &str) -> Vec<(Option<String>, String)> {
    let text = fixture(name);
    let src = SourceText::new(name, &text);
    let mut ctx = Context::new(&src);
    segment(&src, &mut ctx)
        .into_iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some((t.number, t.title)),
            Block::Narrative(_) => None,
        })
        .collect()
}

#[test]
fn chongqing_has_twelve_table_families_and_every_project() {
    let t = titles("chongqing-jiangbeicheng-2025-budget.txt");
    let numbers: Vec<&str> = t.iter().filter_map(|(n, _)| n.as_deref()).collect();
    assert_eq!(
        &numbers[..10],
        [
            "表一", "表二", "表三", "表四", "表五", "表六", "表七", "表八", "表九", "表十"
        ]
    );
    // 表十一 is printed without its label; 表十二 repeats once per project (17 projects).
    assert!(t
        .iter()
        .any(|(n, title)| n.is_none() && title.contains("重点专项资金绩效目标表")));
    assert_eq!(
        t.iter()
            .filter(|(n, _)| n.as_deref() == Some("表十二"))
            .count(),
        17
    );
    assert_eq!(t.len(), 28);
}

#[test]
fn shanghai_has_nine_tables() {
    for f in [
        "shanghai-putuo-wanli-2025-budget.txt",
        "shanghai-putuo-finance-bureau-2025-budget.txt",
    ] {
        let t = titles(f);
        assert_eq!(t.len(), 9, "{f}: {t:?}");
    }
}
