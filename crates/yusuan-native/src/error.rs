//! What can go wrong reading or writing a budget folder. Every error about a file's content
//! names the file and the 1-based line, and says what was expected.

/// An error reading or writing the native form.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NativeError {
    /// A file exists but could not be read.
    #[error("{path}: 无法读取 (cannot read): {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A file or the folder could not be written.
    #[error("{path}: 无法写入 (cannot write): {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A required file is missing.
    #[error("{path}: 缺少文件 (missing file: a budget folder has budget.toml, income.csv, expenditure.csv and economic.csv)")]
    MissingFile { path: String },
    /// An amount that is not a number of 元 with at most two decimals.
    #[error("{file}:{line}: {field} 的金额不对：「{text}」— {reason}")]
    BadAmount {
        file: String,
        line: usize,
        field: String,
        text: String,
        reason: String,
    },
    /// A fund source that is none of the nine.
    #[error("{file}:{line}: 未知的资金来源「{text}」(unknown source; expected one of 一般公共预算, 政府性基金预算, 国有资本经营预算, 财政专户管理资金, 事业收入, 事业单位经营收入, 上级补助收入, 附属单位上缴收入, 其他收入, or general_budget, gov_fund, state_capital, special_account, operating_revenue, business_revenue, higher_subsidy, subordinate_remittance, other_revenue)")]
    UnknownSource {
        file: String,
        line: usize,
        text: String,
    },
    /// A classification code of the wrong form.
    #[error("{file}:{line}: 科目编码不对：「{text}」(expected {expected})")]
    BadCode {
        file: String,
        line: usize,
        text: String,
        expected: String,
    },
    /// A CSV header without a required column.
    #[error(
        "{file}:{line}: 表头缺少列「{column}」(missing column; the header must be {expected})"
    )]
    MissingColumn {
        file: String,
        line: usize,
        column: String,
        expected: String,
    },
    /// A CSV header with a column this file does not have.
    #[error("{file}:{line}: 未知的列「{column}」(unknown column; the header must be {expected})")]
    UnknownColumn {
        file: String,
        line: usize,
        column: String,
        expected: String,
    },
    /// The same line twice (same code and source, same source …).
    #[error("{file}:{line}: 重复的行：{what}，第 {first_line} 行已有 (duplicate line)")]
    Duplicate {
        file: String,
        line: usize,
        first_line: usize,
        what: String,
    },
    /// Anything else wrong in a file: TOML syntax, an unknown key, a bad value.
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
}

impl NativeError {
    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            NativeError::Read { path, .. }
            | NativeError::Write { path, .. }
            | NativeError::MissingFile { path } => path,
            NativeError::BadAmount { file, .. }
            | NativeError::UnknownSource { file, .. }
            | NativeError::BadCode { file, .. }
            | NativeError::MissingColumn { file, .. }
            | NativeError::UnknownColumn { file, .. }
            | NativeError::Duplicate { file, .. }
            | NativeError::Invalid { file, .. } => file,
        }
    }

    /// The 1-based line the error is about, when it is about a file's content.
    pub fn line(&self) -> Option<usize> {
        match self {
            NativeError::Read { .. }
            | NativeError::Write { .. }
            | NativeError::MissingFile { .. } => None,
            NativeError::BadAmount { line, .. }
            | NativeError::UnknownSource { line, .. }
            | NativeError::BadCode { line, .. }
            | NativeError::MissingColumn { line, .. }
            | NativeError::UnknownColumn { line, .. }
            | NativeError::Duplicate { line, .. }
            | NativeError::Invalid { line, .. } => Some(*line),
        }
    }
}
