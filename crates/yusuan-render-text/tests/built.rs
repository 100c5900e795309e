//! The text renderers on disclosures built by yusuan-build from the reference budget, in each
//! region's layout.

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
        let md = yusuan_render_text::render_markdown(&d).unwrap();
        for t in &d.tables {
            assert!(
                md.contains(&format!("## {}", t.display_name())),
                "{region:?}: {}",
                t.title
            );
        }
        for s in &d.narrative.sections {
            assert!(md.contains(s.title.trim()), "{region:?}: {}", s.title);
        }
        let files = yusuan_render_text::render_csv(&d);
        assert!(files.len() >= d.tables.len());
        let json = yusuan_render_text::render_json(&d).unwrap();
        let back: Disclosure = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
        if region == Region::Chongqing {
            assert!(md.contains("3,634.33"));
        }
    }
}
