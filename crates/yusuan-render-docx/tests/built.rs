//! The DOCX renderer on disclosures built by yusuan-build from the reference budget.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used)]

use std::io::{Cursor, Read};
use std::path::Path;
use yusuan_model::{Disclosure, Region};

mod common;

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
        let bytes = yusuan_render_docx::render(&d).unwrap();
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut doc = String::new();
        z.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut doc)
            .unwrap();
        assert_eq!(
            doc.matches("<w:tbl>").count(),
            d.tables.len() + d.performance.len()
        );
        common::check_nesting(&doc);
        common::check_table_grids(&doc);
        if region == Region::Chongqing {
            assert!(doc.contains(">3,634.33<"));
        }
    }
}
