//! The tab-separated text form (as text is copied out of a published file into a spreadsheet or
//! text: the reference 重庆 disclosure). Cells are separated by tabs and blank cells are kept.

use crate::context::Context;
use crate::grid::GridTable;
use crate::segment::TableBlock;

/// Read one table block into a grid. Returns the grid (None when the block holds no table) and
/// the body lines after the table's end that belong to the narrative.
pub fn read_table(ctx: &mut Context, block: &TableBlock) -> (Option<GridTable>, Vec<u32>) {
    let _ = ctx;
    (None, block.body.clone())
}
