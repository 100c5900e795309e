//! Cell values, and how headers and row labels are compared.
//!
//! # Numbers are never money as `f64`
//!
//! calamine gives a numeric cell as an `f64`. It is first written as the **shortest decimal
//! that reads back to the same `f64`** (Rust's `Display` for `f64`, which never uses an
//! exponent), the same first step as the importer (`yusuan_import::xlsx`); that text is then
//! read by [`yusuan_model::parse_amount`] like any typed amount. This is exact: an amount typed
//! with `d` decimals is `x = k / 10^d`; its `f64` is the double nearest `x`, and as long as
//! `|k| < 2^52` (4.5 × 10^13 元 at two decimals, far beyond any budget) no other decimal with
//! `d` or fewer decimals reads back to that double, so the shortest decimal *is* `x`.
//!
//! A formula can leave binary noise (`=0.1+0.2` gives `0.30000000000000004`): the shortest
//! decimal then needs 16 or 17 significant digits, which no typed amount has. Such a value is
//! rounded to 分 (half away from zero, on its decimal digits, never as a float) and a note says
//! so. A value with more decimals than 分 that is *not* noise (`1234.567` 元 typed as such) is an
//! error.

use calamine::Data;
use yusuan_model::{parse_amount, Fen, MoneyUnit};

/// One cell as this reader sees it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Empty,
    /// A text cell (never blank: blank text is [`Value::Empty`]); line breaks are `\n`.
    Text(String),
    /// A numeric cell, as its exact shortest decimal (`2010301`, `3636.8`, `-0.05`).
    Number(String),
    Bool(bool),
    /// A date cell as `2024年12月31日`.
    Date(String),
    /// An error value (`#N/A`, `#DIV/0!`).
    Error(String),
}

impl Value {
    pub(crate) fn from_data(d: &Data) -> Value {
        match d {
            Data::Empty => Value::Empty,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                if s.trim_matches(is_space).is_empty() {
                    Value::Empty
                } else {
                    Value::Text(s.replace("\r\n", "\n").replace('\r', "\n"))
                }
            }
            Data::Float(f) => number(*f),
            Data::Int(i) => Value::Number(i.to_string()),
            Data::Bool(b) => Value::Bool(*b),
            Data::DateTime(dt) if dt.is_datetime() => Value::Date(excel_date(dt.as_f64())),
            Data::DateTime(dt) => number(dt.as_f64()),
            Data::Error(e) => Value::Error(e.to_string()),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }

    /// The text the cell shows, trimmed; `Err` for an error value.
    pub(crate) fn text(&self) -> Result<String, String> {
        match self {
            Value::Empty => Ok(String::new()),
            Value::Text(s) => Ok(s.trim_matches(is_space).to_string()),
            Value::Number(s) | Value::Date(s) => Ok(s.clone()),
            Value::Bool(b) => Ok(if *b { "是" } else { "否" }.to_string()),
            Value::Error(e) => Err(format!(
                "单元格是错误值 {e}，请填写实际内容 (the cell holds the error value {e})"
            )),
        }
    }

    /// The text for matching (labels, headers): like [`Value::text`], errors as blank.
    pub(crate) fn label(&self) -> String {
        self.text().unwrap_or_default()
    }
}

fn number(f: f64) -> Value {
    if !f.is_finite() {
        return Value::Error(format!("{f}"));
    }
    // -0.0 writes as "-0".
    let s = if f == 0.0 {
        "0".to_string()
    } else {
        format!("{f}")
    };
    Value::Number(s)
}

pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}' || c == '\u{200b}'
}

/// An amount cell in `unit`: `Ok(None)` when blank; `Ok(Some((fen, rounded)))` where `rounded`
/// says a formula's binary noise was rounded to 分; `Err(reason)` otherwise.
pub(crate) fn amount(v: &Value, unit: MoneyUnit) -> Result<Option<(Fen, bool)>, String> {
    let expected = match unit {
        MoneyUnit::Yuan => {
            "应为元，最多两位小数，如 36368000.00 (expected 元 with at most 2 decimals)"
        }
        MoneyUnit::WanYuan => {
            "应为万元，最多六位小数，如 3636.80 (expected 万元 with at most 6 decimals)"
        }
    };
    match v {
        Value::Empty => Ok(None),
        Value::Text(s) => match parse_amount(s, unit) {
            Ok(a) => Ok(a.map(|a| (a.fen, false))),
            Err(e) => {
                let hint = if s.contains(['e', 'E']) && s.chars().any(|c| c.is_ascii_digit()) {
                    "；不要用科学计数法，请把单元格设为数值格式 (no scientific notation)"
                } else {
                    ""
                };
                Err(format!("{e}；{expected}{hint}"))
            }
        },
        Value::Number(s) => {
            let (text, rounded) = round_noise(s, unit.max_decimals());
            match parse_amount(&text, unit) {
                Ok(a) => Ok(a.map(|a| (a.fen, rounded))),
                Err(e) => Err(format!("{e}；{expected}")),
            }
        }
        Value::Bool(_) => Err(format!("是逻辑值，不是金额；{expected}")),
        Value::Date(d) => Err(format!(
            "是日期「{d}」，不是金额；请把单元格设为数值格式 (a date, not an amount)"
        )),
        Value::Error(e) => Err(format!(
            "单元格是错误值 {e} (the cell holds an error value)"
        )),
    }
}

/// A number with more than `max` decimals whose shortest form has 16 or more significant digits
/// is binary noise from a formula: round it to `max` decimals, half away from zero, on the
/// digits. Anything else is returned as it is.
pub(crate) fn round_noise(s: &str, max: u8) -> (String, bool) {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let max = usize::from(max);
    if frac.len() <= max || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return (s.to_string(), false);
    }
    let significant = int
        .bytes()
        .chain(frac.bytes())
        .skip_while(|b| *b == b'0')
        .count();
    if significant < 16 {
        return (s.to_string(), false);
    }
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes().take(max)).collect();
    let round_up = frac.as_bytes().get(max).is_some_and(|b| *b >= b'5');
    if round_up {
        // Add one at the last digit: nines become zeros, the first other digit goes up, and a
        // number of nines only gains a leading one.
        let mut carry = true;
        for d in digits.iter_mut().rev() {
            if *d == b'9' {
                *d = b'0';
            } else {
                *d += 1;
                carry = false;
                break;
            }
        }
        if carry {
            digits.insert(0, b'1');
        }
    }
    // `frac` has more than `max` digits, so `digits` holds at least `max`.
    let Some((int_digits, frac_digits)) = digits.split_at_checked(digits.len() - max) else {
        return (s.to_string(), false);
    };
    let int_part = String::from_utf8_lossy(int_digits).to_string();
    let frac_part = String::from_utf8_lossy(frac_digits).to_string();
    let int_part = match int_part.trim_start_matches('0') {
        "" => "0".to_string(),
        t => t.to_string(),
    };
    let zero = int_part == "0" && frac_part.bytes().all(|b| b == b'0');
    let mut out = String::new();
    if neg && !zero {
        out.push('-');
    }
    out.push_str(&int_part);
    if max > 0 {
        out.push('.');
        out.push_str(&frac_part);
    }
    (out, true)
}

/// An Excel serial date (1900 date system) as `2024年12月31日`.
fn excel_date(serial: f64) -> String {
    match yusuan_model::date::from_excel_serial(serial) {
        Some(d) => format!("{}年{}月{}日", d.year, d.month, d.day),
        None => format!("{serial}"),
    }
}

/// A header or row label for comparison: no spaces, half-width brackets and colons, no quotes,
/// no `*` (a "required" marker), ASCII lower case.
pub(crate) fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !is_space(*c))
        .filter(|c| !matches!(c, '*' | '＊' | '"' | '“' | '”' | '\'' | '‘' | '’'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '【' | '[' | '［' => '(',
            '】' | ']' | '］' => ')',
            '：' => ':',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// A squashed header and the money unit its trailing parenthesis names:
/// `金额（万元）` → (`金额`, 万元); `基本支出(单位:元)` → (`基本支出`, 元).
pub(crate) fn header_unit(squashed: &str) -> (String, Option<MoneyUnit>) {
    if let Some(inner) = squashed.strip_suffix(')').and_then(|s| s.rsplit_once('(')) {
        let (head, inner) = inner;
        let bare: String = inner
            .replace("单位", "")
            .replace("金额", "")
            .replace("人民币", "")
            .replace(':', "");
        let unit = match bare.as_str() {
            "元" => Some(MoneyUnit::Yuan),
            "万元" => Some(MoneyUnit::WanYuan),
            _ => None,
        };
        if unit.is_some() {
            return (head.to_string(), unit);
        }
    }
    (squashed.to_string(), None)
}

/// The squashed text without a trailing parenthesis (`是否核心(是/否)` → `是否核心`).
pub(crate) fn without_paren(squashed: &str) -> Option<&str> {
    let (head, _) = squashed.strip_suffix(')')?.rsplit_once('(')?;
    (!head.is_empty()).then_some(head)
}

/// A row label for comparison: squashed, without a leading `其中:` and a leading enumerator
/// (`1.`, `（一）`, `一、`, `(1)`).
pub(crate) fn label_key(s: &str) -> String {
    let mut t = squash(s);
    loop {
        let before = t.len();
        if let Some(rest) = t.strip_prefix("其中:").or_else(|| t.strip_prefix("其中")) {
            t = rest.to_string();
        }
        // (1) / (一)
        if let Some((inner, rest)) = t.strip_prefix('(').and_then(|r| r.split_once(')')) {
            if !inner.is_empty() && inner.chars().all(is_enumerator_char) {
                t = rest.to_string();
            }
        }
        // 1. / 1、 / 一、
        let n = t.chars().take_while(|c| is_enumerator_char(*c)).count();
        if n > 0 {
            let rest: String = t.chars().skip(n).collect();
            if let Some(r) = rest
                .strip_prefix('、')
                .or_else(|| rest.strip_prefix('.'))
                .or_else(|| rest.strip_prefix('．'))
            {
                t = r.to_string();
            }
        }
        if t.len() == before {
            return t;
        }
    }
}

fn is_enumerator_char(c: char) -> bool {
    c.is_ascii_digit() || "一二三四五六七八九十".contains(c)
}

/// A sheet name for comparison: squashed, without leading numbering (`1.收入`, `01-支出`).
pub(crate) fn sheet_key(s: &str) -> String {
    let t = squash(s);
    t.trim_start_matches(|c: char| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '.' | '、' | '-' | '_')
    })
    .to_string()
}

/// True when a label is a total: 合计, 总计, 小计, 收入合计, 本年支出合计 ….
pub(crate) fn is_total_label(s: &str) -> bool {
    let t = label_key(s);
    t.ends_with("合计") || t.ends_with("总计") || t.ends_with("小计")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_exact() {
        assert_eq!(number(2010301.0), Value::Number("2010301".into()));
        assert_eq!(number(3636.8), Value::Number("3636.8".into()));
        assert_eq!(number(-0.0), Value::Number("0".into()));
        assert_eq!(number(1e21), Value::Number("1000000000000000000000".into()));
        let y = MoneyUnit::Yuan;
        assert_eq!(
            amount(&number(36368000.0), y),
            Ok(Some((Fen(3_636_800_000), false)))
        );
        assert_eq!(amount(&number(0.1 + 0.2), y), Ok(Some((Fen(30), true))));
        assert_eq!(amount(&number(1.1 * 3.0), y), Ok(Some((Fen(330), true))));
        assert!(amount(&number(1234.567), y).is_err());
        assert_eq!(
            amount(&number(3636.801234), MoneyUnit::WanYuan),
            Ok(Some((Fen(3_636_801_234), false)))
        );
        // Every cent up to 100,000.00 and a spread beyond comes back exactly.
        for k in (0i64..10_000_000)
            .step_by(7)
            .chain((0..1_000_000_000_000i64).step_by(999_999_937))
        {
            let v = k as f64 / 100.0;
            assert_eq!(amount(&number(v), y), Ok(Some((Fen(k), false))), "{k}");
        }
        assert!(amount(&Value::Text("3.6E+07".into()), y)
            .unwrap_err()
            .contains("科学计数法"));
        assert!(amount(&Value::Text("12a".into()), y).is_err());
        assert_eq!(amount(&Value::Text("—".into()), y), Ok(None));
    }

    #[test]
    fn noise_rounding() {
        assert_eq!(round_noise("0.30000000000000004", 2), ("0.30".into(), true));
        assert_eq!(round_noise("9.9999999999999999", 2), ("10.00".into(), true));
        assert_eq!(
            round_noise(&format!("{}", 0.3 - 0.1 - 0.2), 2),
            ("0.00".into(), true)
        );
        assert_eq!(round_noise("1234.567", 2), ("1234.567".into(), false));
        assert_eq!(round_noise("12.5", 2), ("12.5".into(), false));
    }

    #[test]
    fn headers_and_labels() {
        assert_eq!(
            header_unit(&squash("金额（万元）")),
            ("金额".to_string(), Some(MoneyUnit::WanYuan))
        );
        assert_eq!(
            header_unit(&squash(" 基本支出 (单位：元)")),
            ("基本支出".to_string(), Some(MoneyUnit::Yuan))
        );
        assert_eq!(
            header_unit(&squash("因公出国（境）费")),
            ("因公出国(境)费".to_string(), None)
        );
        assert_eq!(without_paren("是否核心(是/否)"), Some("是否核心"));
        assert_eq!(label_key("其中：公务用车购置费"), "公务用车购置费");
        assert_eq!(label_key("（一）因公出国（境）费"), "因公出国(境)费");
        assert_eq!(label_key("1. 货物"), "货物");
        assert_eq!(label_key("三公经费"), "三公经费");
        assert_eq!(label_key("“三公”经费合计"), "三公经费合计");
        assert_eq!(sheet_key("1.收入"), "收入");
        assert_eq!(sheet_key(" 三公经费 "), "三公经费");
        assert!(is_total_label("本年支出合计"));
        assert!(!is_total_label("行政运行"));
        assert_eq!(excel_date(45657.0), "2024年12月31日");
    }
}
