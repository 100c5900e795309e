//! The HTML renderer on disclosures built by yusuan-build from the reference budget.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use yusuan_model::{Disclosure, Region};

fn built(region: Region) -> Disclosure {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/chongqing-jiangbeicheng-2025");
    let budget = yusuan_native::read_budget(&dir).unwrap();
    yusuan_build::build(&budget, region).unwrap().disclosure
}

#[test]
fn built_disclosures_render() {
    for region in [Region::Chongqing, Region::Shanghai, Region::National] {
        let d = built(region);
        let html = yusuan_render_html::render(&d).unwrap();
        assert_eq!(
            html.matches("<table").count(),
            d.tables.len() + d.performance.len()
        );
        for (i, t) in d.tables.iter().enumerate() {
            let title = yusuan_render::escape_xml(&t.display_name()).into_owned();
            assert!(html.contains(&format!("href=\"#t{}\"", i + 1)));
            assert!(
                html.contains(&format!(">{title}</h2>")),
                "{region:?}: {title}"
            );
        }
        assert_eq!(html.matches("<tr>").count(), html.matches("</tr>").count());
    }
}
