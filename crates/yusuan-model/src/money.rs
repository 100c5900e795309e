//! Exact money.
//!
//! Every amount is an integer number of 分 (1/100 元), never a float. An amount read from a
//! document also remembers how the document showed it — the display unit (万元 or 元) and the
//! number of decimals — so later code can tell a rounding difference from an error.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// An exact amount of money in 分 (1/100 元).
#[derive(
    Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);

    pub fn from_yuan(yuan: i64) -> Fen {
        Fen(yuan * 100)
    }

    pub fn from_wan(wan: i64) -> Fen {
        Fen(wan * 1_000_000)
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn abs(self) -> Fen {
        Fen(self.0.abs())
    }

    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    /// Round to a multiple of `quantum` fen, half away from zero (the rule Chinese finance
    /// systems use when they show 元 as 万元).
    pub fn round_to(self, quantum: i64) -> Fen {
        if quantum <= 1 {
            return self;
        }
        let q = quantum;
        let r = self.0.rem_euclid(q);
        let down = self.0 - r;
        // Half away from zero: for negatives, a remainder of exactly half rounds down (away).
        let up = if self.0 >= 0 { r * 2 >= q } else { r * 2 > q };
        Fen(if up { down + q } else { down })
    }

    /// Format in a display unit with a fixed number of decimals, with thousands separators
    /// (`3,636.80`). The value is rounded (half away from zero) when it has more precision.
    pub fn format(self, unit: MoneyUnit, decimals: u8, thousands: bool) -> String {
        let per_unit = unit.fen_per_unit();
        let dec = decimals.min(unit.max_decimals());
        let quantum = per_unit / 10i64.pow(dec as u32);
        let v = self.round_to(quantum).0;
        let neg = v < 0;
        let v = v.unsigned_abs();
        let int = v / per_unit as u64;
        let frac = (v % per_unit as u64) / quantum as u64;
        let mut s = String::new();
        if neg {
            s.push('-');
        }
        let digits = int.to_string();
        if thousands {
            for (i, ch) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    s.push(',');
                }
                s.push(ch);
            }
        } else {
            s.push_str(&digits);
        }
        if dec > 0 {
            s.push('.');
            s.push_str(&format!("{:0width$}", frac, width = dec as usize));
        }
        s
    }
}

impl Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        Fen(self.0 + o.0)
    }
}
impl Sub for Fen {
    type Output = Fen;
    fn sub(self, o: Fen) -> Fen {
        Fen(self.0 - o.0)
    }
}
impl Neg for Fen {
    type Output = Fen;
    fn neg(self) -> Fen {
        Fen(-self.0)
    }
}
impl AddAssign for Fen {
    fn add_assign(&mut self, o: Fen) {
        self.0 += o.0
    }
}
impl SubAssign for Fen {
    fn sub_assign(&mut self, o: Fen) {
        self.0 -= o.0
    }
}
impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        Fen(iter.map(|f| f.0).sum())
    }
}

impl fmt::Display for Fen {
    /// Shows the value in 元 with two decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(MoneyUnit::Yuan, 2, true))
    }
}

/// The unit a document shows money in.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum MoneyUnit {
    /// 元
    #[serde(rename = "元")]
    Yuan,
    /// 万元
    #[default]
    #[serde(rename = "万元")]
    WanYuan,
}

impl MoneyUnit {
    pub fn fen_per_unit(self) -> i64 {
        match self {
            MoneyUnit::Yuan => 100,
            MoneyUnit::WanYuan => 1_000_000,
        }
    }

    /// The most decimals that still name a whole number of 分.
    pub fn max_decimals(self) -> u8 {
        match self {
            MoneyUnit::Yuan => 2,
            MoneyUnit::WanYuan => 6,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::WanYuan => "万元",
        }
    }

    /// Reads `元` / `万元` (also inside `单位：万元`).
    pub fn from_label(s: &str) -> Option<MoneyUnit> {
        if s.contains("万元") {
            Some(MoneyUnit::WanYuan)
        } else if s.contains('元') {
            Some(MoneyUnit::Yuan)
        } else {
            None
        }
    }
}

impl fmt::Display for MoneyUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An amount as a document shows it: the exact value, its display unit and the decimals shown.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Amount {
    pub fen: Fen,
    pub unit: MoneyUnit,
    pub decimals: u8,
}

impl Amount {
    pub fn new(fen: Fen, unit: MoneyUnit, decimals: u8) -> Amount {
        Amount {
            fen,
            unit,
            decimals,
        }
    }

    /// The value of one step in the last shown digit, in 分 (0.01 万元 = 10 000 分).
    pub fn quantum(&self) -> i64 {
        let dec = self.decimals.min(self.unit.max_decimals());
        self.unit.fen_per_unit() / 10i64.pow(dec as u32)
    }

    /// The largest amount by which the shown value can differ from the true value because of
    /// rounding: half a quantum.
    pub fn rounding_bound(&self) -> i64 {
        self.quantum() / 2
    }

    /// The text as the document would show it (`3,636.80`).
    pub fn shown(&self) -> String {
        self.fen.format(self.unit, self.decimals, true)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.shown(), self.unit)
    }
}

/// Why a cell could not be read as an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("不是金额：「{0}」(not an amount)")]
    NotANumber(String),
    #[error("金额小数位过多：「{0}」，{1}最多 {2} 位小数 (too many decimals)")]
    TooPrecise(String, MoneyUnit, u8),
    #[error("金额过大：「{0}」(amount out of range)")]
    Overflow(String),
    #[error("千分位逗号位置不对：「{0}」(misplaced thousands separator)")]
    BadGrouping(String),
}

/// Normalise one character the way NFKC would for the characters that occur in amounts:
/// full-width digits, comma, period and minus become ASCII.
fn normalize_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '，' => ',',
        '．' | '。' => '.',
        '－' | '−' | '﹣' => '-',
        '\u{3000}' | '\u{a0}' => ' ',
        _ => c,
    }
}

/// True when a cell means "nothing here": empty, whitespace, or a dash (`—`, `-`, `－`, `–`).
pub fn is_blank_cell(s: &str) -> bool {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    t.is_empty()
        || t.chars()
            .all(|c| matches!(c, '—' | '-' | '－' | '–' | '―' | '─' | '/' | '／'))
}

/// Parse one amount cell as real documents write it: `1,248.18`, `189,767,551`, full-width
/// digits and commas, `0.00`, a leading minus. Blank cells and dashes give `Ok(None)`.
/// Anything else is an error; this function never panics.
pub fn parse_amount(raw: &str, unit: MoneyUnit) -> Result<Option<Amount>, MoneyError> {
    if is_blank_cell(raw) {
        return Ok(None);
    }
    let s: String = raw
        .chars()
        .map(normalize_char)
        .filter(|c| !c.is_whitespace())
        .collect();
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int_part.is_empty() && frac_part.is_none() {
        return Err(MoneyError::NotANumber(raw.to_string()));
    }
    // Integer part: digits, optionally grouped by commas in threes.
    let mut digits = String::with_capacity(int_part.len());
    if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let first_ok = groups.first().is_some_and(|g| {
            !g.is_empty() && g.len() <= 3 && g.bytes().all(|b| b.is_ascii_digit())
        });
        let rest_ok = groups
            .iter()
            .skip(1)
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        if !(first_ok && rest_ok) {
            if int_part.bytes().all(|b| b.is_ascii_digit() || b == b',') {
                return Err(MoneyError::BadGrouping(raw.to_string()));
            }
            return Err(MoneyError::NotANumber(raw.to_string()));
        }
        for g in groups {
            digits.push_str(g);
        }
    } else {
        if !int_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::NotANumber(raw.to_string()));
        }
        digits.push_str(int_part);
    }
    let frac = frac_part.unwrap_or("");
    if !frac.bytes().all(|b| b.is_ascii_digit())
        || (frac_part.is_some() && frac.is_empty() && digits.is_empty())
    {
        return Err(MoneyError::NotANumber(raw.to_string()));
    }
    let decimals = frac.len();
    if decimals > unit.max_decimals() as usize {
        return Err(MoneyError::TooPrecise(
            raw.to_string(),
            unit,
            unit.max_decimals(),
        ));
    }
    let int_val: i64 = if digits.is_empty() {
        0
    } else {
        digits
            .parse()
            .map_err(|_| MoneyError::Overflow(raw.to_string()))?
    };
    let frac_val: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse()
            .map_err(|_| MoneyError::NotANumber(raw.to_string()))?
    };
    let per_unit = unit.fen_per_unit();
    let frac_fen = frac_val * (per_unit / 10i64.pow(decimals as u32));
    let fen = int_val
        .checked_mul(per_unit)
        .and_then(|v| v.checked_add(frac_fen))
        .ok_or_else(|| MoneyError::Overflow(raw.to_string()))?;
    Ok(Some(Amount {
        fen: Fen(if neg { -fen } else { fen }),
        unit,
        decimals: decimals as u8,
    }))
}

/// Does this text look like an amount cell (digits with optional grouping and decimals)?
pub fn looks_like_amount(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && t.chars()
            .map(normalize_char)
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wan(s: &str) -> Option<Amount> {
        parse_amount(s, MoneyUnit::WanYuan).unwrap()
    }

    #[test]
    fn parses_real_cells() {
        assert_eq!(wan("1,248.18").unwrap().fen, Fen(1_248_180_000));
        assert_eq!(wan("3,636.80").unwrap().decimals, 2);
        assert_eq!(
            parse_amount("189,767,551", MoneyUnit::Yuan)
                .unwrap()
                .unwrap()
                .fen,
            Fen(18_976_755_100)
        );
        assert_eq!(
            parse_amount("31,214,205.80", MoneyUnit::Yuan)
                .unwrap()
                .unwrap()
                .fen,
            Fen(3_121_420_580)
        );
        assert_eq!(wan("１，２４８．１８").unwrap().fen, Fen(1_248_180_000));
        assert_eq!(wan("0.00").unwrap().fen, Fen(0));
        assert_eq!(wan("33.5").unwrap().decimals, 1);
        assert_eq!(wan("-6.83").unwrap().fen, Fen(-6_830_000));
        for blank in ["", "  ", "—", "-", "－", "——", "\u{3000}"] {
            assert_eq!(wan(blank), None, "{blank:?}");
        }
    }

    #[test]
    fn rejects_garbage() {
        assert!(matches!(
            parse_amount("12a", MoneyUnit::WanYuan),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            parse_amount("1,24.5", MoneyUnit::WanYuan),
            Err(MoneyError::BadGrouping(_))
        ));
        assert!(matches!(
            parse_amount("1.234", MoneyUnit::Yuan),
            Err(MoneyError::TooPrecise(..))
        ));
        assert!(matches!(
            parse_amount("99999999999999999999", MoneyUnit::Yuan),
            Err(MoneyError::Overflow(_))
        ));
        assert!(parse_amount("1.2.3", MoneyUnit::Yuan).is_err());
        assert!(parse_amount(".", MoneyUnit::Yuan).is_err());
    }

    #[test]
    fn formats_and_rounds() {
        let f = Fen(18_976_755_100); // 189,767,551 元
        assert_eq!(f.format(MoneyUnit::WanYuan, 2, true), "18,976.76");
        assert_eq!(f.format(MoneyUnit::Yuan, 0, true), "189,767,551");
        assert_eq!(Fen(-5_000).round_to(10_000), Fen(-10_000));
        assert_eq!(Fen(5_000).round_to(10_000), Fen(10_000));
        assert_eq!(Fen(4_999).round_to(10_000), Fen(0));
        assert_eq!(Fen(-4_999).round_to(10_000), Fen(0));
        let a = wan("3,636.80").unwrap();
        assert_eq!(a.quantum(), 10_000);
        assert_eq!(a.rounding_bound(), 5_000);
        assert_eq!(a.shown(), "3,636.80");
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,24}") {
            let _ = parse_amount(&s, MoneyUnit::WanYuan);
            let _ = parse_amount(&s, MoneyUnit::Yuan);
        }

        #[test]
        fn format_then_parse_is_exact(v in -10_000_000_000_000i64..10_000_000_000_000i64, wan_unit in proptest::bool::ANY) {
            let unit = if wan_unit { MoneyUnit::WanYuan } else { MoneyUnit::Yuan };
            let dec = unit.max_decimals();
            for thousands in [true, false] {
                let s = Fen(v).format(unit, dec, thousands);
                let back = parse_amount(&s, unit).unwrap().unwrap();
                proptest::prop_assert_eq!(back.fen, Fen(v));
            }
        }

        #[test]
        fn rounding_is_within_half_quantum(v in -1_000_000_000_000i64..1_000_000_000_000i64) {
            let r = Fen(v).round_to(10_000);
            proptest::prop_assert!((r.0 - v).abs() <= 5_000);
            proptest::prop_assert_eq!(r.0 % 10_000, 0);
        }
    }
}
