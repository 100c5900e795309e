//! Where a value came from: file, page, line, table, row, column (and a box on a PDF page).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// A rectangle on a page, in PDF points from the page's bottom-left corner.
#[derive(Copy, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// The origin of one value. Lines and pages are 1-based. Every field but `file` is optional
/// because not every source has pages (text) or tables (narrative).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    pub file: Arc<str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The table as the document names it (`表二 一般公共预算财政拨款支出预算表`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<Arc<str>>,
    /// The row's code, or its label when it has no code (`2010301`, `合计`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// The column's header as the document writes it (`基本支出`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// Where the value is in a structured source, as a reader would look for it: an amount's
    /// cell (`工作表「表一」C5`, `第 3 个表格第 4 行第 2 列`), else its row or paragraph
    /// (`工作表「表一」第 5 行`, `第 12 段`, `第 3 个表格第 4 行`). For DOCX, XLSX and HTML sources
    /// `line` numbers the importer's own text lines, so this is the place to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

impl Provenance {
    pub fn new(file: &Arc<str>) -> Provenance {
        Provenance {
            file: file.clone(),
            ..Default::default()
        }
    }

    pub fn at_line(file: &Arc<str>, line: u32, page: Option<u32>) -> Provenance {
        Provenance {
            file: file.clone(),
            line: Some(line),
            page,
            ..Default::default()
        }
    }

    pub fn with_table(mut self, table: &Arc<str>) -> Provenance {
        self.table = Some(table.clone());
        self
    }

    pub fn with_row(mut self, row: impl Into<String>) -> Provenance {
        self.row = Some(row.into());
        self
    }

    pub fn with_column(mut self, column: impl Into<String>) -> Provenance {
        self.column = Some(column.into());
        self
    }
}

impl fmt::Display for Provenance {
    /// `file:line` style, then page, table, row and column: `a.txt:98 (第 3 页) 表二 合计 基本支出`.
    /// A structured source shows its place instead of the line:
    /// `a.xlsx 工作表「表二」第 6 行 表二 合计 基本支出`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(place) = &self.place {
            write!(f, " {place}")?;
        } else if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(p) = self.page {
            write!(f, " (第 {p} 页)")?;
        }
        for part in [
            self.table.as_deref(),
            self.row.as_deref(),
            self.column.as_deref(),
        ]
        .into_iter()
        .flatten()
        {
            write!(f, " {part}")?;
        }
        Ok(())
    }
}
