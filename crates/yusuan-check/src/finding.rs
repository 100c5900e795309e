//! What a rule reports.

use serde::{Deserialize, Serialize};
use std::fmt;
use yusuan_model::{Amount, Fen, MoneyUnit, Provenance};

/// How serious a finding is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "info" | "提示" => Some(Severity::Info),
            "warning" | "warn" | "警告" => Some(Severity::Warning),
            "error" | "错误" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_en())
    }
}

/// The families of rules.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 表内计算
    Arithmetic,
    /// 表间一致
    CrossTable,
    /// 说明与表格
    Narrative,
    /// 科目编码
    Codes,
    /// 完整性
    Completeness,
    /// 绩效目标
    Performance,
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::Arithmetic => "表内计算",
            Category::CrossTable => "表间一致",
            Category::Narrative => "说明与表格",
            Category::Codes => "科目编码",
            Category::Completeness => "完整性",
            Category::Performance => "绩效目标",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Category::Arithmetic => "arithmetic",
            Category::CrossTable => "cross-table",
            Category::Narrative => "narrative",
            Category::Codes => "codes",
            Category::Completeness => "completeness",
            Category::Performance => "performance",
        }
    }
}

/// An amount in a finding, shown in the unit of the values compared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Money {
    pub fen: Fen,
    pub unit: MoneyUnit,
    pub decimals: u8,
    /// As the document would show it (`3,636.80`).
    pub shown: String,
}

impl Money {
    pub fn new(fen: Fen, unit: MoneyUnit, decimals: u8) -> Money {
        Money {
            fen,
            unit,
            decimals,
            shown: fen.format(unit, decimals, true),
        }
    }

    pub fn like(fen: Fen, a: &Amount) -> Money {
        Money::new(fen, a.unit, a.decimals.max(default_decimals(a.unit)))
    }
}

fn default_decimals(u: MoneyUnit) -> u8 {
    match u {
        MoneyUnit::WanYuan => 2,
        MoneyUnit::Yuan => 0,
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.shown, self.unit)
    }
}

/// A rule's code (`YS101`). An alias, so that serde does not borrow it from the input (it
/// would for a written `&'static str`, tying every read to `'static` input): [`rule_code`]
/// reads it.
pub type RuleCode = &'static str;

/// One thing a rule found, with every place involved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    #[serde(deserialize_with = "rule_code")]
    pub rule: RuleCode,
    pub severity: Severity,
    /// Chinese message.
    pub message: String,
    /// English message.
    pub message_en: String,
    /// Every value involved; the first is the one to look at.
    pub locations: Vec<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<Money>,
    /// True when the difference is within the rounding of the amounts involved (取舍差异).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rounding: bool,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        message: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity,
            message: message.into(),
            message_en: message_en.into(),
            locations: Vec::new(),
            expected: None,
            actual: None,
            difference: None,
            rounding: false,
        }
    }

    pub fn at(mut self, p: &Provenance) -> Finding {
        self.locations.push(p.clone());
        self
    }

    pub fn at_all<'a>(mut self, ps: impl IntoIterator<Item = &'a Provenance>) -> Finding {
        self.locations.extend(ps.into_iter().cloned());
        self
    }

    pub fn values(mut self, expected: Money, actual: Money) -> Finding {
        let diff = Money::new(actual.fen - expected.fen, actual.unit, actual.decimals);
        self.expected = Some(expected);
        self.actual = Some(actual);
        self.difference = Some(diff);
        self
    }

    /// The primary location (first one).
    pub fn primary(&self) -> Option<&Provenance> {
        self.locations.first()
    }
}

/// A rule's code read back (a finding stored as JSON, say). Codes are `YS` and three digits:
/// each is kept once for the life of the program (at most a thousand of five bytes, so the
/// leak is bounded, and no other text is kept); anything else reads as [`UNKNOWN_RULE`]. The
/// rules are not consulted here (this module is below them), so a removed rule's code reads
/// back as itself.
fn rule_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CODES: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let code = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
    let well_formed = code.len() == 5
        && code.starts_with("YS")
        && code.bytes().skip(2).all(|b| b.is_ascii_digit());
    if !well_formed {
        return Ok(UNKNOWN_RULE);
    }
    let mut codes = CODES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(c) = codes.get(code.as_ref()) {
        return Ok(c);
    }
    let kept: &'static str = Box::leak(code.to_string().into_boxed_str());
    codes.insert(code.into_owned(), kept);
    Ok(kept)
}

/// The code of a stored finding whose rule code is not one (`YS` and three digits).
pub const UNKNOWN_RULE: &str = "YS???";

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod stored {
    use super::*;

    /// A finding written as JSON reads back whole, its rule the rule's own code.
    #[test]
    fn a_finding_reads_back_from_json() {
        let f = Finding::new("YS101", Severity::Error, "消息", "message");
        let json = serde_json::to_string(&f).unwrap();
        let back: Finding = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
        let other: Finding = serde_json::from_str(&json.replace("YS101", "YS999")).unwrap();
        assert_eq!(other.rule, "YS999");
        let odd: Finding = serde_json::from_str(&json.replace("YS101", "<script>")).unwrap();
        assert_eq!(odd.rule, UNKNOWN_RULE);
    }
}
