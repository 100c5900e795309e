//! The XLSX renderer on disclosures built by yusuan-build from the reference budget.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used)]

use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;
use std::path::Path;
use yusuan_model::{Disclosure, Region, TableKind};

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
        let bytes = yusuan_render_xlsx::render(&d).unwrap();
        let mut x = Xlsx::new(Cursor::new(bytes)).unwrap();
        let names = x.sheet_names();
        assert_eq!(names.len(), 1 + d.tables.len() + d.performance.len());
        if region == Region::Chongqing {
            // 表二's 合计 as a number.
            let i = d
                .tables
                .iter()
                .position(|t| t.kind == TableKind::GeneralBudgetExpenditure)
                .unwrap();
            let r = x.worksheet_range(&names[i + 1]).unwrap();
            let values: Vec<&Data> = r.used_cells().map(|(_, _, v)| v).collect();
            assert!(values.contains(&&Data::Float(3634.33)), "{}", names[i + 1]);
        }
    }
}
