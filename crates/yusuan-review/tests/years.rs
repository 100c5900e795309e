//! Year over year on real documents: the prior-year figures a document states against the
//! prior year's document of the same unit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;
use yusuan_model::{Catalog, Disclosure};
use yusuan_review::years::{compare, wan};

fn read(names: &[&str]) -> Disclosure {
    let catalog = Catalog::embedded();
    let parts: Vec<Disclosure> = names
        .iter()
        .map(|n| {
            let p = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../corpus/pdf/jiangsu")
                .join(n);
            yusuan_review::import_disclosure(n, &std::fs::read(p).unwrap(), catalog).unwrap()
        })
        .collect();
    yusuan_import::combine_with_catalog(parts, catalog).unwrap()
}

/// 江苏省政协办公厅 2018 → 2019: every prior-year figure the 2019 budget states is what the
/// 2018 budget states (classes, items, sources, 三公, 机关运行经费), within rounding.
#[test]
fn a_consistent_pair_agrees_throughout() {
    let prior = read(&[
        "jiangsu-cppcc-office-2018-budget-text.pdf",
        "jiangsu-cppcc-office-2018-budget-tables.pdf",
    ]);
    let later = read(&[
        "jiangsu-cppcc-office-2019-budget-text.pdf",
        "jiangsu-cppcc-office-2019-budget-tables.pdf",
    ]);
    let all = compare(&prior, &later);
    assert!(all.len() >= 20, "{all:#?}");
    assert!(all.iter().all(|c| c.agrees()), "{all:#?}");
    let admin = all.iter().find(|c| c.subject == "机关运行经费").unwrap();
    assert_eq!(wan(admin.stated), "1,115.85");
    assert_eq!((admin.page, admin.prior_page), (Some(17), Some(15)));
    // 委员视察 426 万元, 减少 3.3 万元: last year 429.30, as the 2018 budget says.
    assert!(all
        .iter()
        .any(|c| c.subject.starts_with("2010205") && wan(c.prior) == "429.30"));
}

/// 江苏省人大常委会办公厅 2017 → 2018: the 2018 budget's 行政运行 (6372.32 万元, up 1826.38) puts
/// last year at 4545.94 万元; the 2017 budget said 10528.33 万元. The one subject that differs.
#[test]
fn a_stated_prior_year_figure_that_differs_is_shown_with_both_pages() {
    let prior = read(&["jiangsu-npc-office-2017-budget.pdf"]);
    let later = read(&["jiangsu-npc-office-2018-budget.pdf"]);
    let all = compare(&prior, &later);
    let differ: Vec<_> = all.iter().filter(|c| !c.agrees()).collect();
    assert_eq!(differ.len(), 1, "{differ:#?}");
    let c = differ[0];
    assert!(c.subject.starts_with("2010101"), "{c:?}");
    assert_eq!(
        (wan(c.stated), wan(c.prior)),
        ("4,545.94".into(), "10,528.33".into())
    );
    assert_eq!(wan(c.difference), "-5,982.39");
    assert_eq!((c.page, c.prior_page), (Some(24), Some(26)));
    assert!(all.iter().filter(|c| c.agrees()).count() >= 5, "{all:#?}");
}
