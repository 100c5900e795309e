//! Importers: read a published disclosure into the yusuan model.
//!
//! The pipeline is the same for every text form:
//! 1. [`source`]: the text as numbered lines with pages (form feeds).
//! 2. [`segment`]: split into narrative and table blocks by recognising table titles
//!    ([`titles`]), not by position.
//! 3. A format reader turns each table block into a grid of cells: [`tsv`] for the
//!    tab-separated form, [`layout`] for `pdftotext -layout` text.
//! 4. [`grid::build`] reads a grid into a model table, recognising columns by their headers
//!    ([`columns`]).
//! 5. [`narrative`] reads sections and stated facts; [`meta`] reads year, unit and kind.
//! 6. [`context`] keeps track of every line, so the coverage report lists each line that was
//!    not understood.

pub mod columns;
pub mod context;
pub mod grid;
pub mod layout;
pub mod meta;
pub mod narrative;
pub mod perf;
pub mod segment;
pub mod source;
pub mod titles;
pub mod tsv;

use context::Context;
use grid::Built;
use segment::Block;
use source::SourceText;
use yusuan_model::{Catalog, Disclosure, Scheme, SourceInfo, Table, TableKind};

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: 不是部门预算公开文件：没有找到任何预算表或预算说明 (not a budget disclosure: no tables or narrative amounts found)")]
    NotADisclosure { file: String },
    #[error("{file}: 文件不是 UTF-8 文本 (not UTF-8 text): {detail}")]
    NotText { file: String, detail: String },
}

/// The text layouts the importer knows.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum TextFormat {
    /// Cells separated by tabs (the reference 重庆 text form).
    Tabbed,
    /// Columns aligned with spaces (`pdftotext -layout`).
    Layout,
}

impl TextFormat {
    pub fn name(self) -> &'static str {
        match self {
            TextFormat::Tabbed => "tabbed-text",
            TextFormat::Layout => "layout-text",
        }
    }
}

/// Tabs between cells mean the tab-separated form; otherwise columns are laid out by spaces.
pub fn detect_format(src: &SourceText) -> TextFormat {
    let tabbed = src
        .lines
        .iter()
        .filter(|l| l.text.trim_end().contains('\t'))
        .count();
    if tabbed >= 3 {
        TextFormat::Tabbed
    } else {
        TextFormat::Layout
    }
}

/// Mark every coded row with how its code and name compare with the catalogue in force.
/// Unknown codes are accepted: the catalogue is incomplete.
pub fn mark_catalog(tables: &mut [Table], year: Option<u16>) {
    let cat = Catalog::active();
    // Without a stated year, compare with the newest names the catalogue has.
    let year = year.unwrap_or(u16::MAX);
    for t in tables {
        let scheme = match t.kind {
            TableKind::GeneralBudgetBasicEconomic => Scheme::Economic,
            _ => Scheme::Function,
        };
        for r in &mut t.rows {
            if let Some(code) = &r.code {
                r.catalog = Some(cat.check_name(scheme, code, year, &r.label));
            }
        }
    }
}

/// Import a disclosure from bytes (checks that they are UTF-8 text first).
pub fn import_bytes(file: &str, bytes: &[u8]) -> Result<Disclosure, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::NotText {
        file: file.to_string(),
        detail: format!(
            "第 {} 字节 (byte {})",
            e.valid_up_to() + 1,
            e.valid_up_to() + 1
        ),
    })?;
    import_text(file, text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Import a disclosure from its text form. `file` is used for provenance only: nothing is read
/// from the file name.
pub fn import_text(file: &str, text: &str) -> Result<Disclosure, ImportError> {
    let src = SourceText::new(file, text);
    let mut ctx = Context::new(&src);
    let format = detect_format(&src);
    let blocks = segment::segment(&src, &mut ctx);
    let mut tables = Vec::new();
    let mut performance = Vec::new();
    let mut narrative_lines: Vec<u32> = Vec::new();
    for block in &blocks {
        match block {
            Block::Narrative(lines) => narrative_lines.extend(lines),
            Block::Table(tb) => {
                let (grid, tail) = match format {
                    TextFormat::Tabbed => tsv::read_table(&mut ctx, tb),
                    TextFormat::Layout => layout::read_table(&mut ctx, tb),
                };
                match grid.as_ref().and_then(|g| grid::build(&mut ctx, g)) {
                    Some(Built::Table(t)) => tables.push(t),
                    Some(Built::Performance(p)) => performance.push(p),
                    None => {}
                }
                narrative_lines.extend(tail);
            }
        }
    }
    let narrative = narrative::read(&mut ctx, &narrative_lines);
    let meta = meta::read(&mut ctx, &tables, &performance, &narrative);
    mark_catalog(&mut tables, meta.year);
    if tables.is_empty() && performance.is_empty() && narrative.facts.is_empty() {
        return Err(ImportError::NotADisclosure {
            file: file.to_string(),
        });
    }
    let coverage = ctx.coverage();
    Ok(Disclosure {
        source: SourceInfo {
            file: src.file.clone(),
            format: format.name().to_string(),
            pages: src.pages,
            lines: src.lines.len() as u32,
        },
        meta,
        tables,
        performance,
        narrative,
        coverage,
        diagnostics: ctx.diagnostics,
    })
}
