//! The shared core of the yusuan renderers (HTML, Markdown/CSV/JSON, XLSX, DOCX).
//!
//! Every output family lays a disclosure out the same way, so the layout lives here once:
//!
//! - [`grid`]: a grid of cells with row and column spans (merged cells), and the header grid
//!   built from each column's header path (`2025年预算数` › `公务用车购置及运行费` › `小计`).
//! - [`table`]: a [`Table`](yusuan_model::Table) as displayed: its columns (code, name,
//!   amounts), the header grid with the group headers derived from the columns, and the rows,
//!   with the two halves of a two-sided table (收入 | 支出) side by side.
//! - [`form`]: a performance-goal table (绩效目标表) as the form the templates print.
//! - [`text`]: document and section headings, anchors, file and sheet names, escaping.
//! - [`style`]: how a disclosure is printed ([`Style`]): the ways real publishers differ
//!   (code columns, group headers, the unit line, separators, contents, borders …), chosen per
//!   document; the default is the output before the knobs existed.
//!
//! A renderer walks the disclosure in a fixed order: the narrative (情况说明), then every table,
//! then every performance table. Amounts stay in [`Fen`](yusuan_model::Fen) until the last
//! moment: the text shown is [`Amount::shown`](yusuan_model::Amount::shown).

pub mod form;
pub mod grid;
pub mod style;
pub mod table;
pub mod text;

pub use form::{performance_form, PerfFieldLabels};
pub use grid::{header_grid, Cell, CellRole, Grid, Slot};
pub use style::Style;
pub use table::{
    code_part, layout_table, layout_table_styled, ColRole, DisplayCell, DisplayColumn, DisplayRow,
    TableLayout,
};
pub use text::*;

/// Why a disclosure could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The output library refused something (a sheet name, a merge, the archive).
    #[error("{format}: {message}")]
    Backend {
        format: &'static str,
        message: String,
    },
}

impl RenderError {
    pub fn backend(format: &'static str, err: impl std::fmt::Display) -> RenderError {
        RenderError::Backend {
            format,
            message: err.to_string(),
        }
    }
}

/// The title of a whole document (`重庆市江北区人民政府江北城街道办事处2025年部门预算`).
pub fn document_title(d: &yusuan_model::Disclosure) -> String {
    if let Some(t) = &d.meta.title {
        if !t.trim().is_empty() {
            return t.trim().to_string();
        }
    }
    let name = d.meta.unit.name.as_deref().unwrap_or("");
    match d.meta.year {
        Some(y) => format!("{name}{y}年{}", d.meta.kind.label()),
        None => format!("{name}{}", d.meta.kind.label()),
    }
}

/// A line under the title naming the unit, when the title does not already name it.
pub fn document_subtitle(d: &yusuan_model::Disclosure) -> Option<String> {
    let name = d.meta.unit.name.as_deref()?.trim();
    if name.is_empty() || document_title(d).contains(name) {
        None
    } else {
        Some(name.to_string())
    }
}

/// What the tables are compiled by: the table's own 编制单位, else the unit's name.
pub fn compiler_of(d: &yusuan_model::Disclosure, own: Option<&str>) -> Option<String> {
    own.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .or_else(|| {
            d.meta
                .unit
                .name
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        })
}
