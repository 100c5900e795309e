//! Errors and notes. Every error about a sheet's content names the sheet and the cell
//! (`支出!D5`: Excel row number and column letter) and says what was expected.

use std::fmt;
use yusuan_model::remark::Remark;

/// A place in the workbook: a sheet, a row (1-based, as Excel numbers it) and, where the
/// problem is in one cell, its column (0-based; shown as a letter).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub sheet: String,
    pub row: u32,
    pub col: Option<u32>,
}

impl Place {
    /// The cell as Excel writes it: `D5`, or `5` (the row) when there is no column.
    pub fn cell(&self) -> String {
        match self.col {
            Some(c) => format!("{}{}", column_letter(c), self.row),
            None => self.row.to_string(),
        }
    }
}

impl fmt::Display for Place {
    /// `支出!D5` (a sheet name with spaces or punctuation is quoted, as Excel does:
    /// `'基本 支出'!D5`); `支出!5` for a whole row.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = self
            .sheet
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || (!c.is_ascii() && !c.is_whitespace()));
        if plain && !self.sheet.is_empty() {
            write!(f, "{}!{}", self.sheet, self.cell())
        } else {
            write!(f, "'{}'!{}", self.sheet.replace('\'', "''"), self.cell())
        }
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_letter(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push(char::from(b'A' + r));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// What kind of problem a [`WorkbookError`] is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Not an XLSX file, or a damaged one.
    NotAWorkbook,
    /// None of the sheets this reader knows (单位信息, 收入, 支出 …).
    NotASourceWorkbook,
    /// A sheet the budget needs is missing (单位信息 when other sheets are filled), or two
    /// sheets are the same sheet under different names.
    Sheet,
    /// A header without a required column, or with the same column twice.
    Column,
    /// An amount that is not one.
    BadAmount,
    /// A fund source that is none of the nine.
    UnknownSource,
    /// A classification code of the wrong form.
    BadCode,
    /// A required value left blank (预算年度, 当年预算, 指标名称 …).
    MissingValue,
    /// A value that is not what the column holds (a year, a count, 是/否, a known item …).
    BadValue,
    /// The same line twice.
    Duplicate,
    /// A 合计/小计 row or column that does not equal its parts.
    Inconsistent,
}

/// Why a workbook could not be read. Reading stops at the first error and returns no budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkbookError {
    /// The workbook's name as given to [`crate::read_workbook`].
    pub file: String,
    /// Where, when the problem is in a sheet.
    pub place: Option<Place>,
    pub kind: ErrorKind,
    /// What is wrong and what was expected, in Chinese with an English gloss.
    pub message: String,
}

impl WorkbookError {
    pub(crate) fn at(place: Place, kind: ErrorKind, message: impl Into<String>) -> WorkbookError {
        WorkbookError {
            file: String::new(),
            place: Some(place),
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn whole(kind: ErrorKind, message: impl Into<String>) -> WorkbookError {
        WorkbookError {
            file: String::new(),
            place: None,
            kind,
            message: message.into(),
        }
    }

    /// The sheet the error is about.
    pub fn sheet(&self) -> Option<&str> {
        self.place.as_ref().map(|p| p.sheet.as_str())
    }

    /// The cell (`D5`) or row (`5`) the error is about.
    pub fn cell(&self) -> Option<String> {
        self.place.as_ref().map(Place::cell)
    }
}

impl fmt::Display for WorkbookError {
    /// `budget.xlsx: 支出!D5: 基本支出 的金额不对：「12a」— …`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Some(p) => write!(f, "{}: {}: {}", self.file, p, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for WorkbookError {}

/// What kind of remark a [`WorkbookNote`] is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoteKind {
    /// Nothing was filled in: the budget is empty.
    Empty,
    /// A sheet this reader does not know; it was not read.
    UnknownSheet,
    /// A known sheet is absent; it was read as empty.
    MissingSheet,
    /// A column (or a 单位信息 / 国有资产 row) this reader does not know; it was not read.
    Ignored,
    /// 合计 / 小计 rows (and 类/款 rows above their 项) were checked against their parts and
    /// not read as lines.
    Totals,
    /// A number a formula left with binary noise (`1234.5600000000001`) was rounded to 分.
    Rounded,
}

/// A remark about the workbook that did not stop reading it: a [`Remark`] of the reader's
/// [`NoteKind`] about a [`Place`] in the workbook.
pub type WorkbookNote = Remark<NoteKind, Place>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_places() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
        let p = Place {
            sheet: "支出".into(),
            row: 5,
            col: Some(3),
        };
        assert_eq!(p.to_string(), "支出!D5");
        let p = Place {
            sheet: "基本 支出".into(),
            row: 5,
            col: None,
        };
        assert_eq!(p.to_string(), "'基本 支出'!5");
    }
}
