//! Remarks: what a stage (the importer's conversion to a budget, the workbook reader, the
//! builder) says about its input without stopping: a choice it made, a disagreement it met, a
//! part it left out. One shape for all of them: how much it matters, what kind of remark it is
//! (each stage has its own kind enum: the kinds are data a caller can act on), where it is, if
//! anywhere, and the message in Chinese.
//!
//! Not a finding of the checker (those have rule ids and severities of their own), and not a
//! table's printed note (`disclosure::Note`, a 备注 the document itself states).

use crate::provenance::Provenance;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How much a remark matters.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Worth knowing: a choice made, a default taken.
    Info,
    /// Worth a person's look: the result may not be what they meant.
    Warning,
}

impl fmt::Display for Level {
    /// `提示` or `警告`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Info => "提示",
            Level::Warning => "警告",
        })
    }
}

/// A remark of kind `K` about a place of type `P`: a value's [`Provenance`] (the default), or
/// another stage's own place (a workbook's cell).
///
/// In JSON the kind is flattened into the remark (a kind enum tagged `kind` gives
/// `{"level": "info", "kind": "rounding", "family": …, "message": …}`); no place, no `place`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remark<K, P = Provenance> {
    pub level: Level,
    #[serde(flatten)]
    pub kind: K,
    /// Where the remark is about, when it is about one place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<P>,
    /// What was chosen or found, in Chinese.
    pub message: String,
}

impl<K, P> Remark<K, P> {
    /// A remark worth knowing.
    pub fn info(kind: K, message: impl Into<String>) -> Self {
        Remark {
            level: Level::Info,
            kind,
            place: None,
            message: message.into(),
        }
    }

    /// A remark worth a person's look.
    pub fn warning(kind: K, message: impl Into<String>) -> Self {
        Remark {
            level: Level::Warning,
            ..Remark::info(kind, message)
        }
    }

    /// The remark about `place` (none when `None`).
    pub fn at(mut self, place: Option<P>) -> Self {
        self.place = place;
        self
    }
}

impl<K, P: fmt::Display> fmt::Display for Remark<K, P> {
    /// `place: message`, or the message alone. The level is the caller's to show (`Level`'s own
    /// Display, or words of its own), as it is the caller that knows how it lists remarks.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Some(p) => write!(f, "{p}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Kind {
        Choice,
        Missing { part: String },
    }

    #[test]
    fn display_names_the_place_first() {
        let file: Arc<str> = Arc::from("a.txt");
        let r = Remark::info(Kind::Choice, "采用表").at(Some(Provenance::at_line(&file, 3, None)));
        assert_eq!(r.to_string(), "a.txt:3: 采用表");
        let r: Remark<Kind> = Remark::warning(Kind::Choice, "采用表");
        assert_eq!(r.to_string(), "采用表");
        assert_eq!(format!("{}：{r}", r.level), "警告：采用表");
    }

    #[test]
    fn json_flattens_the_kind_and_round_trips() {
        let r: Remark<Kind> = Remark::warning(
            Kind::Missing {
                part: "收入".into(),
            },
            "没有收入表",
        );
        let json = serde_json::to_string(&r).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"level":"warning","kind":"missing","part":"收入","message":"没有收入表"}"#
        );
        let back: Result<Remark<Kind>, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(r));
    }
}
