//! Importers: read a published disclosure into the yusuan model.
//!
//! The pipeline is the same for every text form:
//! 1. [`source`]: the text as numbered lines with pages (form feeds).
//! 2. [`segment`]: split into narrative and table blocks by recognising table titles
//!    ([`titles`]), not by position.
//! 3. A format reader turns each table block into a grid of cells: [`tsv`] for the
//!    tab-separated form, [`layout`] for `pdftotext -layout` text.
//! 4. [`built::build`] reads a grid into a model table, recognising columns by their headers
//!    ([`columns`]).
//! 5. [`narrative`] reads sections and stated facts; [`meta`] reads year, unit and kind.
//! 6. [`context`] keeps track of every line, so the coverage report lists each line that was
//!    not understood.
//!
//! DOCX ([`docx`]), XLSX/XLS ([`xlsx`]) and HTML ([`html`]) are read into paragraphs and tables
//! ([`structured::Block`]). Titles and the narrative are found in their text, written out as
//! numbered lines; each table's grid is built from the cells themselves, merged cells and all
//! ([`structured::read_table`]), and every line and cell is mapped back to its paragraph, sheet
//! cell or table cell. [`import_file`] tells the formats apart by their content; [`limits`] are
//! the bounds a hostile file meets.

pub mod built;
pub mod certainty;
pub mod columns;
pub mod combine;
pub mod context;
pub mod docx;
pub mod figures;
pub mod grid;
pub mod html;
pub mod labels;
pub mod lattice;
pub mod layout;
pub mod limits;
pub mod meta;
pub mod narrative;
pub mod pdf;
pub mod perf;
pub mod segment;
pub mod source;
pub mod structured;
pub mod titles;
pub mod tsv;
pub mod xlsx;

use built::Built;
pub use combine::{
    combine, combine_with_catalog, half, pair_halves, pair_keys, unit_core, Half, HalfKey,
};
use context::Context;
use limits::Limits;
use segment::Block;
use source::SourceText;
use yusuan_model::{Catalog, Disclosure, SourceInfo, Table};

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: 不是部门预算公开文件：没有找到任何预算表或预算说明 (not a budget disclosure: no tables or narrative amounts found)")]
    NotADisclosure { file: String },
    #[error("{file}: 文件不是 UTF-8 文本 (not UTF-8 text): {detail}")]
    NotText { file: String, detail: String },
    /// A format that is recognised but not read (yet): PDF, DOC, encrypted Office files …
    #[error("{file}: 暂不支持读取 {what} 文件 (not supported: {what})")]
    Unsupported { file: String, what: String },
    #[error("{file}: {detail}")]
    Pdf { file: String, detail: String },
    /// The file is of a known format (`DOCX`, `XLSX`, `XLS`, `ZIP`) but cannot be read.
    #[error("{file}: {format} 文件已损坏或无法读取，应为完整的 {format} 文件 (damaged {format} file): {detail}")]
    Damaged {
        file: String,
        format: String,
        detail: String,
    },
    /// The file was read but holds no text and no tables (a scanned image, an empty sheet).
    #[error("{file}: {format} 文件中没有文字或表格 (no text or tables in the {format} file)")]
    NoContent { file: String, format: String },
    /// The file goes over one of the [`limits`]: the message names it and how to raise it.
    #[error("{file}: {exceeded}")]
    TooLarge {
        file: String,
        exceeded: limits::Exceeded,
    },
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

/// How to import: the classification catalogue codes and names are compared with, and the
/// limits on every input. [`Options::default`]: the embedded catalogue, the limits in force
/// (the defaults, raised by their environment variables).
#[derive(Clone, Debug)]
pub struct Options<'a> {
    pub catalog: &'a Catalog,
    pub limits: Limits,
}

impl Default for Options<'static> {
    fn default() -> Options<'static> {
        Options::with_catalog(Catalog::embedded())
    }
}

impl<'a> Options<'a> {
    /// A given catalogue (the embedded one with a user's, say), the limits in force.
    pub fn with_catalog(catalog: &'a Catalog) -> Options<'a> {
        Options {
            catalog,
            limits: Limits::from_env(),
        }
    }
}

/// Mark every coded row with how its code and name compare with the catalogue.
/// Unknown codes are accepted: the catalogue is incomplete.
pub fn mark_catalog(tables: &mut [Table], year: Option<u16>, cat: &Catalog) {
    // Without a stated year, compare with the newest names the catalogue has.
    let year = year.unwrap_or(u16::MAX);
    for t in tables {
        let scheme = t.code_scheme();
        for r in &mut t.rows {
            if let Some(code) = &r.code {
                r.catalog = Some(cat.check_name(scheme, code, year, &r.label));
            }
        }
    }
}

/// Import a disclosure from bytes (checks that they are UTF-8 text first), against the
/// embedded catalogue.
pub fn import_bytes(file: &str, bytes: &[u8]) -> Result<Disclosure, ImportError> {
    bytes_with(file, bytes, Catalog::embedded())
}

fn bytes_with(file: &str, bytes: &[u8], catalog: &Catalog) -> Result<Disclosure, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::NotText {
        file: file.to_string(),
        detail: format!(
            "第 {} 字节 (byte {})",
            e.valid_up_to() + 1,
            e.valid_up_to() + 1
        ),
    })?;
    text_with(file, text.strip_prefix('\u{feff}').unwrap_or(text), catalog)
}

/// Import a disclosure from its text form. `file` is used for provenance only: nothing is read
/// from the file name. NUL characters (a damaged file, or UTF-16 read as bytes) are removed
/// first, with a warning: left in, they split titles and labels so that nothing is recognised.
/// Against the embedded catalogue.
pub fn import_text(file: &str, text: &str) -> Result<Disclosure, ImportError> {
    text_with(file, text, Catalog::embedded())
}

fn text_with(file: &str, text: &str, catalog: &Catalog) -> Result<Disclosure, ImportError> {
    let Some(first) = text.find('\0') else {
        let src = SourceText::new(file, text);
        let format = detect_format(&src);
        return import_source(&src, format, format.name(), None, catalog);
    };
    let count = text.bytes().filter(|&b| b == 0).count();
    let line = text.bytes().take(first).filter(|&b| b == b'\n').count() as u32 + 1;
    let cleaned = text.replace('\0', "");
    let src = SourceText::new(file, &cleaned);
    let format = detect_format(&src);
    let mut d = import_source(&src, format, format.name(), None, catalog)?;
    d.diagnostics
        .push(structured::nul_warning(file, count, Some(line), None));
    Ok(d)
}

/// Import a disclosure from a file's bytes, whatever its form: the format is told by the content
/// (never by the file name): PDF (its text layer), DOCX, XLSX, XLS, HTML, or UTF-8 text. With
/// [`Options::default`]: the embedded catalogue, the [`limits`] in force (the defaults, raised
/// by their environment variables).
pub fn import_file(path_name: &str, bytes: &[u8]) -> Result<Disclosure, ImportError> {
    import_file_with(path_name, bytes, &Options::default())
}

/// [`import_file`] with the given catalogue and limits.
pub fn import_file_with(
    path_name: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<Disclosure, ImportError> {
    use structured::Detected;
    let (limits, catalog) = (&options.limits, options.catalog);
    match structured::detect(bytes) {
        Detected::Pdf => pdf::import_pdf_with(path_name, bytes, options),
        Detected::Docx => {
            let blocks = docx::read(path_name, bytes, limits)?;
            structured_with(path_name, "docx", blocks, catalog)
        }
        Detected::Xlsx => {
            let blocks = xlsx::read_xlsx(path_name, bytes, limits)?;
            structured_with(path_name, "xlsx", blocks, catalog)
        }
        Detected::Xls => {
            let blocks = xlsx::read_xls(path_name, bytes)?;
            structured_with(path_name, "xls", blocks, catalog)
        }
        Detected::Html => {
            let blocks = html::read(path_name, bytes, limits)?;
            structured_with(path_name, "html", blocks, catalog)
        }
        Detected::Unsupported(what) => Err(ImportError::Unsupported {
            file: path_name.to_string(),
            what: what.to_string(),
        }),
        Detected::DamagedZip(format) => Err(ImportError::Damaged {
            file: path_name.to_string(),
            format: format.to_string(),
            detail: "ZIP 目录无法读取 (zip directory unreadable)".to_string(),
        }),
        Detected::Utf16Text(text) => {
            text_within(path_name, bytes, limits)?;
            text_with(path_name, &text, catalog)
        }
        Detected::Text => {
            text_within(path_name, bytes, limits)?;
            bytes_with(path_name, bytes, catalog)
        }
    }
}

/// A text file within [`Limits::text_bytes`] (what reading costs grows with the text: a file of
/// hundreds of megabytes, one line or many, is refused at once rather than read for minutes).
fn text_within(path_name: &str, bytes: &[u8], limits: &Limits) -> Result<(), ImportError> {
    limits
        .check(limits::Limit::Text, bytes.len() as u64, "")
        .map_err(|exceeded| ImportError::TooLarge {
            file: path_name.to_string(),
            exceeded,
        })
}

/// Import a disclosure read from a DOCX, XLSX/XLS or HTML file as paragraphs and tables. The
/// blocks are written out as numbered lines (a table row's cells joined by tabs) in which titles
/// and the narrative are found; each table's grid is read from its cells, with their spans
/// ([`structured::read_table`]). Provenance and coverage name the paragraph, sheet row or table
/// row each line came from, and each amount its cell. `format` names the source (`docx` …).
/// Against the embedded catalogue.
pub fn import_structured(
    file: &str,
    format: &str,
    blocks: Vec<structured::Block>,
) -> Result<Disclosure, ImportError> {
    structured_with(file, format, blocks, Catalog::embedded())
}

fn structured_with(
    file: &str,
    format: &str,
    blocks: Vec<structured::Block>,
    catalog: &Catalog,
) -> Result<Disclosure, ImportError> {
    let synthetic = structured::synthesize(&blocks);
    if synthetic.places.is_empty() {
        return Err(ImportError::NoContent {
            file: file.to_string(),
            format: format.to_uppercase(),
        });
    }
    let src = SourceText::new(file, &synthetic.text);
    let mut d = import_lines(&src, format, Tables::Cells(&synthetic), catalog)?;
    structured::place_provenance(&mut d, &synthetic.places);
    if synthetic.nuls > 0 {
        let place = synthetic.first_nul.as_ref().map(|p| p.to_string());
        d.diagnostics
            .push(structured::nul_warning(file, synthetic.nuls, None, place));
    }
    Ok(d)
}

/// How the table blocks of a source are read into grids.
#[derive(Copy, Clone)]
enum Tables<'a> {
    /// From the text lines, in their layout; through the ruled frames where the geometry behind
    /// the lines is known (a PDF).
    Text(TextFormat, Option<&'a lattice::Geometry>),
    /// From the cells of the structured source the lines were written from.
    Cells(&'a structured::Synthetic),
}

/// Read one table block into a grid, by the reader its source calls for: the tab-separated
/// reader, the ruled-table reader where the source has the geometry and the block lies in a
/// ruled frame, else the column reader of laid-out text. Returns the grid and the lines after
/// the table that go back to the narrative.
pub(crate) fn read_table_block(
    ctx: &mut Context,
    tb: &segment::TableBlock,
    format: TextFormat,
    geometry: Option<&lattice::Geometry>,
) -> (Option<grid::GridTable>, Vec<u32>) {
    match format {
        TextFormat::Tabbed => tsv::read_table(ctx, tb),
        TextFormat::Layout => geometry
            .and_then(|g| lattice::read_table(ctx, tb, g))
            .unwrap_or_else(|| layout::read_table(ctx, tb)),
    }
}

/// The pipeline over numbered lines, in the given layout; `format_name` goes into
/// [`SourceInfo::format`]. `geometry` gives the words' boxes and the page rules behind the
/// lines, where the source has them (a PDF). Codes and names are compared with `catalog`.
fn import_source(
    src: &SourceText,
    format: TextFormat,
    format_name: &str,
    geometry: Option<&lattice::Geometry>,
    catalog: &Catalog,
) -> Result<Disclosure, ImportError> {
    import_lines(src, format_name, Tables::Text(format, geometry), catalog)
}

/// The pipeline over numbered lines, its tables read as `tables` says.
fn import_lines(
    src: &SourceText,
    format_name: &str,
    tables_from: Tables,
    catalog: &Catalog,
) -> Result<Disclosure, ImportError> {
    let file: &str = &src.file;
    let mut ctx = Context::new(src);
    let blocks = segment::segment(src, &mut ctx);
    let mut tables = Vec::new();
    let mut performance = Vec::new();
    let mut narrative_lines: Vec<u32> = Vec::new();
    // The last grid read, kept until the next shows whether it goes on.
    let mut pending: Option<grid::GridTable> = None;
    let mut finish = |ctx: &mut Context, g: Option<grid::GridTable>| match g
        .as_ref()
        .map(|g| built::build(ctx, g))
    {
        Some(Built::Table(t)) => tables.push(t),
        Some(Built::Performance(p)) => performance.push(p),
        None => {}
    };
    for block in &blocks {
        match block {
            Block::Narrative(lines) => narrative_lines.extend(lines),
            Block::Table(tb) => {
                let (grid, tail) = match tables_from {
                    Tables::Text(format, geometry) => {
                        read_table_block(&mut ctx, tb, format, geometry)
                    }
                    Tables::Cells(synthetic) => structured::read_table(&mut ctx, tb, synthetic),
                };
                narrative_lines.extend(tail);
                let Some(grid) = grid else { continue };
                match pending.as_mut() {
                    Some(prev) if grid::continues(prev, &grid) => {
                        prev.rows.extend(grid.rows);
                        prev.notes.extend(grid.notes);
                        prev.end_line = prev.end_line.max(grid.end_line);
                    }
                    _ => {
                        let done = pending.replace(grid);
                        finish(&mut ctx, done);
                    }
                }
            }
        }
    }
    finish(&mut ctx, pending.take());
    for t in &mut tables {
        certainty::judge(&mut ctx, t);
    }
    let compilers: Vec<String> = tables.iter().filter_map(|t| t.compiler.clone()).collect();
    let in_catalog = narrative::path::CatalogIndex::of(catalog);
    let narrative = narrative::read_with_units(&mut ctx, &narrative_lines, &compilers, &in_catalog);
    let meta = meta::read(&mut ctx, &tables, &performance, &narrative);
    mark_catalog(&mut tables, meta.year, catalog);
    if tables.is_empty() && performance.is_empty() && narrative.facts.is_empty() {
        return Err(ImportError::NotADisclosure {
            file: file.to_string(),
        });
    }
    let coverage = ctx.coverage();
    let narrative_set: std::collections::HashSet<u32> = narrative_lines.iter().copied().collect();
    let text = src
        .lines
        .iter()
        .skip(src.header_lines as usize)
        .filter(|l| !l.is_blank())
        .map(|l| yusuan_model::TextLine {
            text: l.text.clone(),
            narrative: narrative_set.contains(&l.no),
            prov: yusuan_model::Provenance::at_line(&src.file, l.no, l.page),
        })
        .collect();
    let mut d = Disclosure {
        source: SourceInfo {
            file: src.file.clone(),
            format: format_name.to_string(),
            pages: src.pages,
            lines: src.lines.len() as u32,
            text,
            cut_text: Vec::new(),
        },
        meta,
        tables,
        performance,
        narrative,
        coverage,
        diagnostics: ctx.diagnostics,
    };
    narrative::resolve_subjects(&mut d, catalog);
    Ok(d)
}
