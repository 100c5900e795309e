//! Document type, year, region and unit, read from the content (never from the file name).

use crate::context::Context;
use yusuan_model::{DocumentMeta, Narrative, PerformanceTable, Table};

pub fn read(
    ctx: &mut Context,
    tables: &[Table],
    performance: &[PerformanceTable],
    narrative: &Narrative,
) -> DocumentMeta {
    let _ = (ctx, tables, performance, narrative);
    DocumentMeta::default()
}
