//! How single values are written and read: amounts, fund sources, document kinds, regions,
//! yes/no, and TOML strings.

use yusuan_model::{DocKind, Fen, FundSource, MoneyUnit, Region};

/// An amount as the native form writes it: 元 with two decimals, no separators (`36368000.00`).
pub fn format_amount(f: Fen) -> String {
    f.format(MoneyUnit::Yuan, 2, false)
}

/// Why an amount text is not an amount (`None` for a blank cell, which callers treat as zero
/// or absent).
pub fn parse_yuan(text: &str) -> Result<Option<Fen>, String> {
    match yusuan_model::parse_amount(text, MoneyUnit::Yuan) {
        Ok(a) => Ok(a.map(|a| a.fen)),
        Err(e) => {
            let hint = if text.contains(['e', 'E']) {
                "；不要用科学计数法，请把单元格设为文本或数值格式 (no scientific notation)"
            } else {
                ""
            };
            Err(format!(
                "{e}；应为元，最多两位小数，如 36368000.00 (expected 元 with at most 2 decimals){hint}"
            ))
        }
    }
}

/// The snake_case key of a source (as in JSON and the model's serde form).
pub fn source_key(s: FundSource) -> &'static str {
    match s {
        FundSource::GeneralBudget => "general_budget",
        FundSource::GovFund => "gov_fund",
        FundSource::StateCapital => "state_capital",
        FundSource::SpecialAccount => "special_account",
        FundSource::OperatingRevenue => "operating_revenue",
        FundSource::BusinessRevenue => "business_revenue",
        FundSource::HigherSubsidy => "higher_subsidy",
        FundSource::SubordinateRemittance => "subordinate_remittance",
        FundSource::OtherRevenue => "other_revenue",
    }
}

/// A source from its Chinese name (`一般公共预算`, also `一般公共预算拨款`, `…资金`, `…收入`)
/// or its snake_case key (`general_budget`).
pub fn parse_source(text: &str) -> Option<FundSource> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    let lower = t.to_ascii_lowercase();
    for s in FundSource::ALL {
        if lower == source_key(s) {
            return Some(s);
        }
    }
    for s in FundSource::ALL {
        let label = s.label();
        if t == label {
            return Some(s);
        }
        let stem = label
            .strip_suffix("收入")
            .or_else(|| label.strip_suffix("资金"))
            .or_else(|| label.strip_suffix("预算"))
            .unwrap_or(label);
        for suffix in [
            "",
            "预算",
            "拨款",
            "资金",
            "收入",
            "预算拨款",
            "预算资金",
            "拨款收入",
            "预算收入",
            "资金收入",
            "财政拨款",
            "财政拨款收入",
            "预算财政拨款",
            "预算拨款收入",
            "预算财政拨款收入",
        ] {
            if t.strip_prefix(stem) == Some(suffix) {
                return Some(s);
            }
        }
    }
    None
}

pub fn kind_label(k: DocKind) -> &'static str {
    k.label()
}

pub fn parse_kind(text: &str) -> Option<DocKind> {
    let t = text.trim();
    [
        DocKind::DepartmentBudget,
        DocKind::UnitBudget,
        DocKind::DepartmentFinalAccounts,
        DocKind::UnitFinalAccounts,
    ]
    .into_iter()
    .find(|k| {
        k.label() == t
            || match k {
                DocKind::DepartmentBudget => t == "department_budget",
                DocKind::UnitBudget => t == "unit_budget",
                DocKind::DepartmentFinalAccounts => t == "department_final_accounts",
                DocKind::UnitFinalAccounts => t == "unit_final_accounts",
            }
    })
}

pub fn region_key(r: Region) -> &'static str {
    match r {
        Region::Chongqing => "chongqing",
        Region::Shanghai => "shanghai",
        Region::National => "national",
    }
}

pub fn parse_region(text: &str) -> Option<Region> {
    match text.trim() {
        "chongqing" | "重庆" | "重庆市" => Some(Region::Chongqing),
        "shanghai" | "上海" | "上海市" => Some(Region::Shanghai),
        "national" | "全国" => Some(Region::National),
        _ => None,
    }
}

/// `是` / `否` (also true/false, yes/no, 1/0, y/n); blank is `None`.
pub fn parse_yes_no(text: &str) -> Result<Option<bool>, ()> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" => Ok(None),
        "是" | "true" | "yes" | "y" | "1" | "√" => Ok(Some(true)),
        "否" | "false" | "no" | "n" | "0" => Ok(Some(false)),
        _ => Err(()),
    }
}

/// A TOML basic string on one line, every control character escaped.
pub fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c, false);
    }
    out.push('"');
    out
}

/// A TOML key: bare when it is ASCII letters, digits, `_` and `-`, else a quoted string.
pub fn toml_key(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        s.to_string()
    } else {
        toml_str(s)
    }
}

/// A TOML string for running text: a multi-line basic string when the text has line breaks
/// (so a reviewer sees one line of the file per line of text), else a one-line string.
pub fn toml_text(s: &str) -> String {
    if !s.contains('\n') {
        return toml_str(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    // The line break right after the opening quotes is not part of the string.
    out.push_str("\"\"\"\n");
    for c in s.chars() {
        push_escaped(&mut out, c, true);
    }
    out.push_str("\"\"\"");
    out
}

fn push_escaped(out: &mut String, c: char, multiline: bool) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' if multiline => out.push('\n'),
        '\n' => out.push_str("\\n"),
        '\t' if multiline => out.push('\t'),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        c if (c as u32) < 0x20 || c == '\u{7f}' => {
            out.push_str(&format!("\\u{:04X}", c as u32));
        }
        c => out.push(c),
    }
}

/// The 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        for s in FundSource::ALL {
            assert_eq!(parse_source(s.label()), Some(s));
            assert_eq!(parse_source(source_key(s)), Some(s));
        }
        assert_eq!(
            parse_source("一般公共预算拨款"),
            Some(FundSource::GeneralBudget)
        );
        assert_eq!(
            parse_source("一般公共预算资金"),
            Some(FundSource::GeneralBudget)
        );
        assert_eq!(parse_source("政府性基金"), Some(FundSource::GovFund));
        assert_eq!(
            parse_source("国有资本经营预算拨款收入"),
            Some(FundSource::StateCapital)
        );
        assert_eq!(
            parse_source("财政专户管理资金收入"),
            Some(FundSource::SpecialAccount)
        );
        assert_eq!(
            parse_source("事业单位经营收入"),
            Some(FundSource::BusinessRevenue)
        );
        assert_eq!(
            parse_source(" General_Budget "),
            Some(FundSource::GeneralBudget)
        );
        assert_eq!(parse_source("事业"), Some(FundSource::OperatingRevenue));
        assert_eq!(parse_source("财政拨款"), None);
        assert_eq!(parse_source("一般"), None);
        assert_eq!(parse_source(""), None);
    }

    #[test]
    fn amounts() {
        assert_eq!(format_amount(Fen(3_636_800_000)), "36368000.00");
        assert_eq!(format_amount(Fen(-5)), "-0.05");
        assert_eq!(parse_yuan("36,368,000.00"), Ok(Some(Fen(3_636_800_000))));
        assert_eq!(parse_yuan("12"), Ok(Some(Fen(1200))));
        assert_eq!(parse_yuan(""), Ok(None));
        assert!(parse_yuan("1.234").is_err());
        assert!(parse_yuan("3.6E+07").unwrap_err().contains("科学计数法"));
    }

    #[test]
    fn toml_strings_parse_back() {
        for s in [
            "",
            "a\"b\\c",
            "一\n二\r\n三\t",
            "\u{0}\u{1f}\u{7f}",
            "\n",
            "\"\"\"",
            "ends with quote\"",
            "ends with backslash\\",
        ] {
            for enc in [toml_str(s), toml_text(s)] {
                let doc = format!("v = {enc}\n");
                let t: toml::Table = toml::from_str(&doc).unwrap();
                assert_eq!(t["v"].as_str(), Some(s), "{doc}");
            }
        }
    }
}
