//! Wording: amounts, changes against last year, percentages.

use yusuan_model::{Amount, Direction, Fen, MoneyUnit};

/// An amount as the narrative writes it: `3636.80万元`, `189,767,551元`.
pub fn money(a: Amount) -> String {
    let thousands = a.unit == MoneyUnit::Yuan;
    format!(
        "{}{}",
        a.fen.format(a.unit, a.decimals, thousands),
        a.unit.label()
    )
}

/// `2.44%` (hundredths of a percent, rounded half away from zero); `None` when last year was 0.
pub fn percent(delta: Fen, prior: Fen) -> Option<String> {
    if prior.0 == 0 {
        return None;
    }
    let num = i128::from(delta.0.abs()) * 10_000;
    let den = i128::from(prior.0.abs());
    let q = (num * 2 + den) / (2 * den);
    let whole = q / 100;
    let frac = q % 100;
    Some(format!("{whole}.{frac:02}%"))
}

/// `比2024年增加91.13万元，增长2.50%` / `与2024年持平`.
/// `exact` is the change the percentage is computed from (the written `delta` before a
/// narrative's own rounding, else the same).
pub fn change_words(delta: Amount, exact: Fen, prior: Fen, versus: u16) -> String {
    match Direction::of(delta.fen) {
        Direction::Flat => format!("与{versus}年持平"),
        d => {
            let verb = if d == Direction::Increase {
                "增长"
            } else {
                "下降"
            };
            let abs = Amount::new(delta.fen.abs(), delta.unit, delta.decimals);
            match percent(exact, prior) {
                Some(p) => format!("比{versus}年{}{}，{verb}{p}", d.label(), money(abs)),
                None => format!("比{versus}年{}{}", d.label(), money(abs)),
            }
        }
    }
}

/// Does a text state an amount of money (digits followed by 万元 or 元)?
pub fn states_money(text: &str) -> bool {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_digit(c) {
            continue;
        }
        while chars
            .next_if(|&c| is_digit(c) || matches!(c, '.' | ',' | '，' | '．'))
            .is_some()
        {}
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next_if_eq(&'元').is_some()
            || (chars.next_if_eq(&'万').is_some() && chars.peek() == Some(&'元'))
        {
            return true;
        }
    }
    false
}

/// Does a sentence state a count of things (`5辆`, `8台（套）`, `49个`)?
pub fn states_count(text: &str) -> bool {
    text.chars().zip(text.chars().skip(1)).any(|(a, b)| {
        (a.is_ascii_digit() || ('０'..='９').contains(&a))
            && matches!(b, '辆' | '台' | '个' | '家' | '人' | '套' | '项')
    })
}

/// Split text into sentences, each with its closing mark.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        cur.push(c);
        if matches!(c, '。' | '！' | '？' | '\n') {
            let s = cur.trim().to_string();
            if !s.is_empty() {
                out.push(s);
            }
            cur.clear();
        }
    }
    let s = cur.trim().to_string();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// A reason as written, without a trailing full stop.
pub fn clause(text: &str) -> String {
    text.trim()
        .trim_end_matches(['。', '；', ';', '，', ','])
        .trim()
        .to_string()
}

/// A count in Chinese numerals as headings number their parts: 一 … 九十九 (larger in digits).
pub fn chinese(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let d = |k: usize| D.get(k).copied().unwrap_or("");
    match n {
        1..=9 => d(n).to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", d(n - 10)),
        20..=99 => format!("{}十{}", d(n / 10), d(n % 10)),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording() {
        let w = |f: i64| Amount::new(Fen(f), MoneyUnit::WanYuan, 2);
        assert_eq!(money(w(3_636_800_000)), "3636.80万元");
        assert_eq!(
            money(Amount::new(Fen(18_976_755_100), MoneyUnit::Yuan, 0)),
            "189,767,551元"
        );
        assert_eq!(
            change_words(w(-91_130_000), Fen(-91_130_000), Fen(3_727_930_000), 2024),
            "比2024年减少91.13万元，下降2.44%"
        );
        assert_eq!(change_words(w(0), Fen(0), Fen(5), 2024), "与2024年持平");
        assert_eq!(percent(Fen(1), Fen(3)), Some("33.33%".into()));
        assert_eq!(percent(Fen(1), Fen(0)), None);
    }

    #[test]
    fn money_and_counts_in_text() {
        assert!(states_money("比上年减少4.81万元"));
        assert!(states_money("预算 189,767,551 元"));
        assert!(!states_money("2025年一般公共预算无购置车辆计划。"));
        assert!(states_count("本单位共有车辆5辆"));
        assert!(!states_count("主要用于办公费、印刷费。"));
    }
}
