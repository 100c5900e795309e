//! Tables as grids of text cells, and building model tables from them.
//!
//! Every reader (the tab-separated text form, `pdftotext -layout` text, PDF, DOCX, XLSX, HTML)
//! turns a table into a [`GridTable`]: header rows and data rows that share one column grid, so
//! cell `i` of every row is grid column `i` (blank cells are kept as `""`, never shifted).
//! [`build`] then reads the grid into a model [`Table`] or [`PerformanceTable`], with one
//! code path for every source format.

use crate::context::Context;
use crate::titles::TitleKind;
use yusuan_model::{MoneyUnit, PerformanceTable, Table};

/// One source line (or PDF text row) split into grid cells.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GridRow {
    /// 1-based line of the source (for PDFs: the line number in the page-ordered text).
    pub line: u32,
    pub page: Option<u32>,
    /// Cell texts by grid column; `""` for a blank cell.
    pub cells: Vec<String>,
}

/// A table as a grid, before its columns are understood.
#[derive(Clone, Debug, PartialEq)]
pub struct GridTable {
    pub kind: TitleKind,
    /// `表二`, `5` …
    pub number: Option<String>,
    pub title: String,
    pub title_line: u32,
    /// From `单位：万元` / `单位：元`.
    pub unit: Option<MoneyUnit>,
    /// From `编制单位：…` / `编制部门：…`, with its line.
    pub compiler: Option<(String, u32)>,
    /// Header rows, top to bottom.
    pub header: Vec<GridRow>,
    /// Data rows in document order (a table continued over pages is one grid).
    pub rows: Vec<GridRow>,
    /// Notes printed with the table (`备注：…`, `注：…`), with their lines.
    pub notes: Vec<(String, u32)>,
    /// Last line that belongs to the table.
    pub end_line: u32,
}

/// What reading one table produced.
#[derive(Clone, Debug, PartialEq)]
pub enum Built {
    Table(Table),
    Performance(PerformanceTable),
}

/// Read a grid into a model table. Problems (a cell that is not a number, a row with more
/// cells than columns …) become diagnostics in `ctx`; this never panics.
pub fn build(ctx: &mut Context, grid: &GridTable) -> Option<Built> {
    let _ = (ctx, grid);
    None
}
