//! One grid read as what its title says it is: a budget table ([`crate::grid`]) or a performance
//! table ([`crate::perf`]). Kept apart from both so that each depends only on the grid types,
//! not on the other.

use crate::context::Context;
use crate::grid::GridTable;
use crate::titles::TitleKind;
use yusuan_model::{PerformanceTable, Table};

/// What reading one table produced.
// One value per table, moved straight into the disclosure: boxing the larger variant would
// only add an allocation and an unbox at every caller.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Built {
    Table(Table),
    Performance(PerformanceTable),
}

/// Read a grid into a model table. Problems (a cell that is not a number, a row with more
/// cells than columns …) become diagnostics in `ctx`; this never panics.
pub fn build(ctx: &mut Context, grid: &GridTable) -> Built {
    match grid.kind {
        TitleKind::Table(kind) => Built::Table(crate::grid::build_table(ctx, grid, kind)),
        TitleKind::Performance(kind) => Built::Performance(crate::perf::build(ctx, grid, kind)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::GridRow;
    use crate::source::SourceText;
    use yusuan_model::TableKind;

    fn source() -> SourceText {
        SourceText::new("t.txt", &"x\n".repeat(40))
    }

    proptest::proptest! {
        #[test]
        fn any_grid_builds_without_panic(
            header in proptest::collection::vec(proptest::collection::vec("[合计类款项编码名称收入支出预算数小计 ]{0,6}", 0..6), 0..3),
            rows in proptest::collection::vec(proptest::collection::vec("[0-9,.a合计一、C ]{0,8}", 0..8), 0..6),
        ) {
            let src = source();
            let to_row = |(i, cells): (usize, &Vec<String>)| GridRow { line: i as u32 + 2, page: None, cells: cells.clone(), spans: Vec::new() };
            for kind in [TitleKind::Table(TableKind::DepartmentSummary), TitleKind::Performance(yusuan_model::PerformanceKind::Project)] {
                let g = GridTable {
                    kind,
                    number: None,
                    title: "表".into(),
                    title_line: 1,
                    unit: None,
                    compiler: None,
                    header: header.iter().enumerate().map(to_row).collect(),
                    rows: rows.iter().enumerate().map(|(i, r)| to_row((i + 10, r))).collect(),
                    notes: Vec::new(),
                    end_line: 1,
                };
                let mut ctx = Context::new(&src);
                let built = build(&mut ctx, &g);
                let same_kind = matches!(
                    (&built, kind),
                    (Built::Table(_), TitleKind::Table(_)) | (Built::Performance(_), TitleKind::Performance(_))
                );
                proptest::prop_assert!(same_kind);
            }
        }
    }
}
