//! The limits the readers keep to, in one place.
//!
//! A hostile or broken file must end in a clear error (exit 2, naming the limit and how to raise
//! it), never in a stack overflow, an allocation abort or a run that does not end. Two kinds:
//!
//! **Limits** stop the import with [`crate::ImportError::TooLarge`]. They are far beyond any real
//! disclosure (a department's workbook unpacks to a few MiB, its web page is well under 5 MiB)
//! (a text disclosure is well under 1 MiB: the corpus's largest has 63 KB) and each can be
//! raised with an environment variable, in the unit shown:
//!
//! | limit | default | raised with |
//! |---|---|---|
//! | tables nested in tables (HTML, DOCX) | 64 levels | `YUSUAN_MAX_TABLE_NESTING` |
//! | one XML part of a DOCX or XLSX, unpacked | 64 MiB | `YUSUAN_MAX_PART_MIB` |
//! | all XML parts of an XLSX, unpacked | 256 MiB | `YUSUAN_MAX_UNPACKED_MIB` |
//! | an HTML file | 32 MiB | `YUSUAN_MAX_HTML_MIB` |
//! | a text file | 8 MiB | `YUSUAN_MAX_TEXT_MIB` |
//! | a PDF file | 512 MiB | `YUSUAN_MAX_PDF_MIB` |
//! | pages of a PDF | 10,000 | `YUSUAN_MAX_PDF_PAGES` |
//!
//! The unpacked sizes are checked before anything is unpacked, from the sizes the zip directory
//! declares; the zip reader then fails any part that unpacks to more than it declared, so a part
//! that lies about its size cannot get past the check either.
//!
//! **Caps** bound what one table may cost while it is laid out on its grid; they are not
//! errors, and only hostile input reaches them: [`MAX_GRID_COLUMNS`], [`MAX_SPAN`],
//! [`MAX_SPAN_CELLS`], [`MAX_SHEET_COLUMNS`], [`MAX_MERGE_WORK`].

use std::fmt;

/// Widest table grid a DOCX or HTML table is laid out on; cells beyond are dropped.
pub const MAX_GRID_COLUMNS: usize = 1024;
/// Largest span (`colspan`, `rowspan`, `w:gridSpan`) honoured for one cell.
pub const MAX_SPAN: usize = 1000;
/// Most grid cells a table's spans may add (a page of `colspan=1000` cells must not cost
/// gigabytes); past it, cells take one column each.
pub const MAX_SPAN_CELLS: usize = 4_000_000;
/// Widest worksheet grid laid out; text beyond it is kept as a paragraph after its row.
pub const MAX_SHEET_COLUMNS: usize = 1024;
/// Most merged cells blanked per sheet (hostile files declare huge overlapping regions).
pub const MAX_MERGE_WORK: usize = 20_000_000;

const MIB: u64 = 1024 * 1024;

/// The limits in force (see the module documentation).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Tables inside tables (a layout table holding a table is one level).
    pub table_nesting: usize,
    /// Bytes of one XML part of a DOCX or XLSX, unpacked.
    pub part_bytes: u64,
    /// Bytes of all XML parts of an XLSX, unpacked.
    pub unpacked_bytes: u64,
    /// Bytes of an HTML file.
    pub html_bytes: u64,
    /// Bytes of a text file (`pdftotext` output, the tab-separated layout).
    pub text_bytes: u64,
    /// Bytes of a PDF file (a disclosure's PDF is a few MiB; 2,000 pages read in about 2 s).
    pub pdf_bytes: u64,
    /// Pages of a PDF.
    pub pdf_pages: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            table_nesting: 64,
            part_bytes: 64 * MIB,
            unpacked_bytes: 256 * MIB,
            html_bytes: 32 * MIB,
            text_bytes: 8 * MIB,
            pdf_bytes: 512 * MIB,
            pdf_pages: 10_000,
        }
    }
}

impl Limits {
    /// The defaults, each replaced by its environment variable where that is set to a positive
    /// whole number (a value that is not one is ignored).
    pub fn from_env() -> Limits {
        let var = |limit: Limit| -> Option<u64> {
            std::env::var(limit.variable())
                .ok()?
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|&n| n > 0)
        };
        let d = Limits::default();
        Limits {
            table_nesting: var(Limit::TableNesting).map_or(d.table_nesting, |n| {
                usize::try_from(n).unwrap_or(usize::MAX)
            }),
            part_bytes: var(Limit::Part).map_or(d.part_bytes, |n| n.saturating_mul(MIB)),
            unpacked_bytes: var(Limit::Unpacked)
                .map_or(d.unpacked_bytes, |n| n.saturating_mul(MIB)),
            html_bytes: var(Limit::Html).map_or(d.html_bytes, |n| n.saturating_mul(MIB)),
            text_bytes: var(Limit::Text).map_or(d.text_bytes, |n| n.saturating_mul(MIB)),
            pdf_bytes: var(Limit::Pdf).map_or(d.pdf_bytes, |n| n.saturating_mul(MIB)),
            pdf_pages: var(Limit::PdfPages).unwrap_or(d.pdf_pages),
        }
    }

    /// The value of one limit (levels or bytes).
    pub fn of(&self, limit: Limit) -> u64 {
        match limit {
            Limit::TableNesting => self.table_nesting as u64,
            Limit::Part => self.part_bytes,
            Limit::Unpacked => self.unpacked_bytes,
            Limit::Html => self.html_bytes,
            Limit::Text => self.text_bytes,
            Limit::Pdf => self.pdf_bytes,
            Limit::PdfPages => self.pdf_pages,
        }
    }

    /// `Err` when `found` is over the limit. `what` names the thing measured (a part's name).
    pub fn check(&self, limit: Limit, found: u64, what: &str) -> Result<(), Exceeded> {
        let max = self.of(limit);
        if found > max {
            return Err(Exceeded {
                limit,
                found,
                max,
                what: what.to_string(),
            });
        }
        Ok(())
    }
}

/// One of the [`Limits`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Limit {
    TableNesting,
    Part,
    Unpacked,
    Html,
    Text,
    Pdf,
    PdfPages,
}

impl Limit {
    /// The environment variable that raises it.
    pub fn variable(self) -> &'static str {
        match self {
            Limit::TableNesting => "YUSUAN_MAX_TABLE_NESTING",
            Limit::Part => "YUSUAN_MAX_PART_MIB",
            Limit::Unpacked => "YUSUAN_MAX_UNPACKED_MIB",
            Limit::Html => "YUSUAN_MAX_HTML_MIB",
            Limit::Text => "YUSUAN_MAX_TEXT_MIB",
            Limit::Pdf => "YUSUAN_MAX_PDF_MIB",
            Limit::PdfPages => "YUSUAN_MAX_PDF_PAGES",
        }
    }

    /// The variable's value for `n` (levels, or bytes rounded up to MiB).
    fn in_variable_unit(self, n: u64) -> u64 {
        match self {
            Limit::TableNesting | Limit::PdfPages => n,
            _ => n.div_ceil(MIB),
        }
    }

    /// An amount of this limit, in Chinese and in English.
    fn amount(self, n: u64) -> (String, String) {
        match self {
            Limit::TableNesting => (format!("{n} 层"), format!("{n} levels")),
            Limit::PdfPages => (format!("{n} 页"), format!("{n} pages")),
            _ => (bytes(n), bytes(n)),
        }
    }
}

/// `3.0 GiB`, `64 MiB`, `512 KiB`, `100 B`.
fn bytes(n: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", MIB * 1024), ("MiB", MIB), ("KiB", 1024)];
    for (name, size) in UNITS {
        if n >= size {
            return if n.is_multiple_of(size) {
                format!("{} {name}", n / size)
            } else {
                format!("{:.1} {name}", n as f64 / size as f64)
            };
        }
    }
    format!("{n} B")
}

/// A limit a file went over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exceeded {
    pub limit: Limit,
    /// What was found (levels or bytes).
    pub found: u64,
    pub max: u64,
    /// The part measured (`xl/worksheets/sheet1.xml`), or empty.
    pub what: String,
}

impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ((found, found_en), (max, max_en)) =
            (self.limit.amount(self.found), self.limit.amount(self.max));
        let what = &self.what;
        let (zh, en) = match self.limit {
            Limit::TableNesting => (
                format!("表格嵌套 {found}，超过上限 {max}"),
                format!("tables nested {found_en} deep, over the limit of {max_en}"),
            ),
            Limit::Part => (
                format!("文件中的 {what} 解压后有 {found}，超过单个部分的上限 {max}"),
                format!(
                    "part {what} unpacks to {found_en}, over the limit of {max_en} for one part"
                ),
            ),
            Limit::Unpacked => (
                format!("文件中的各 XML 部分解压后共有 {found}，超过上限 {max}"),
                format!("the XML parts unpack to {found_en} in all, over the limit of {max_en}"),
            ),
            Limit::Html => (
                format!("HTML 文件有 {found}，超过上限 {max}"),
                format!("the HTML file has {found_en}, over the limit of {max_en}"),
            ),
            Limit::Text => (
                format!("文本文件有 {found}，超过上限 {max}"),
                format!("the text file has {found_en}, over the limit of {max_en}"),
            ),
            Limit::Pdf => (
                format!("PDF 文件有 {found}，超过上限 {max}"),
                format!("the PDF file has {found_en}, over the limit of {max_en}"),
            ),
            Limit::PdfPages => (
                format!("PDF 有 {found}，超过上限 {max}"),
                format!("the PDF has {found_en}, over the limit of {max_en}"),
            ),
        };
        let var = self.limit.variable();
        let need = self.limit.in_variable_unit(self.found).max(1);
        write!(
            f,
            "{zh}，未读取；如确需读取，请设环境变量 {var}={need} 或更大以提高上限 ({en}: not read; set {var}={need} or more to raise the limit)"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_limit_and_how_to_raise_it() {
        let l = Limits::default();
        assert!(l.check(Limit::Part, 64 * MIB, "x").is_ok());
        let e = l
            .check(Limit::Part, 3 * 1024 * MIB, "xl/worksheets/sheet1.xml")
            .unwrap_err();
        let m = e.to_string();
        assert!(m.contains("xl/worksheets/sheet1.xml"), "{m}");
        assert!(m.contains("3 GiB") && m.contains("64 MiB"), "{m}");
        assert!(m.contains("YUSUAN_MAX_PART_MIB=3072"), "{m}");
        let e = l.check(Limit::TableNesting, 20_000, "").unwrap_err();
        let m = e.to_string();
        assert!(m.contains("20000 层") && m.contains("64 层"), "{m}");
        assert!(m.contains("YUSUAN_MAX_TABLE_NESTING=20000"), "{m}");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes(200 * MIB + 1), "200.0 MiB");
    }
}
