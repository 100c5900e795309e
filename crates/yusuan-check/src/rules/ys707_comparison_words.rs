use crate::rules::wording::Wording;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};

declare_rule! {
    /// 说明中的比较词与所述数字相符：“决算数大于/小于/等于预算数”、为 0 的金额“比上年增加”。
    ///
    /// ## 检查什么
    /// Final accounts explain each item's 决算数 against its 预算数 in words:
    /// `全年预算为 17.68 万元，支出决算为 11.31 万元。决算数小于全年预算数的主要原因：…`. When
    /// the same passage states both figures, the word (大于, 小于, 等于, 持平) must fit them.
    /// Where the passage states several budgets (年初预算, 全年预算) and the sentence does not
    /// say which, it is reported only when the word fits none of them.
    ///
    /// In any disclosure, an amount of 0 said to have grown (`事业收入0万元，比2024年预算增加
    /// 12.00万元`) would have been negative the year before: the change belongs to another
    /// line or the amount is missing. Reported when no other amount stands between the 0 and
    /// its change.
    ///
    /// ## 为什么
    /// The words are written over last year's text and the figures exported afresh: a 大于
    /// left in front of a smaller 决算数 tells the reader the opposite of the table.
    ///
    /// ## 示例
    /// Fails: `全年预算为 9.00 万元，支出决算为 6.18 万元。决算数大于全年预算数的主要原因：…`.
    /// Passes: `…决算数小于全年预算数…`.
    pub ComparisonWords, "YS707", "comparison-words", Narrative, Error
}

#[derive(Copy, Clone, PartialEq, Debug)]
enum Relation {
    Greater,
    Less,
    Equal,
}

/// How far back (characters) the figures of a comparison are looked for.
const REACH: usize = 120;

/// An amount written at `pos` (`17.68`, `1,202.95`) in hundredths, and where it ends; it must be
/// followed by 万元 or 元 (the unit is returned: 0 for 元, 1 for 万元).
fn amount_at(w: &Wording, pos: usize) -> Option<(i64, u8, usize)> {
    let mut k = pos;
    let mut int: i64 = 0;
    let mut frac: i64 = 0;
    let mut frac_digits = 0;
    let mut point = false;
    let mut digits = 0;
    while let Some(c) = w.get(k) {
        if let Some(d) = c.to_digit(10) {
            if point {
                if frac_digits >= 2 {
                    return None;
                }
                frac = frac * 10 + i64::from(d);
                frac_digits += 1;
            } else {
                int = int.checked_mul(10)?.checked_add(i64::from(d))?;
            }
            digits += 1;
        } else if c == '.' && !point {
            point = true;
        } else if c != ',' {
            break;
        }
        k += 1;
    }
    if digits == 0 {
        return None;
    }
    for _ in frac_digits..2 {
        frac *= 10;
    }
    let value = int.checked_mul(100)?.checked_add(frac)?;
    if w.at(k, "万元") {
        Some((value, 1, k + 2))
    } else if w.at(k, "元") {
        Some((value, 0, k + 1))
    } else {
        None
    }
}

/// The figures stated after any of `leads` in `from..to`.
fn figures(w: &Wording, from: usize, to: usize, leads: &[&str]) -> Vec<(i64, u8)> {
    let mut v = Vec::new();
    for k in from..to {
        for lead in leads {
            if w.at(k, lead) {
                if let Some((a, u, _)) = amount_at(w, k + lead.chars().count()) {
                    v.push((a, u));
                }
            }
        }
    }
    v
}

impl ComparisonWords {
    /// `0万元，比上年增加12.00万元`.
    fn growth_from_nothing(w: &Wording, out: &mut Vec<Finding>) {
        for p in 0..w.chars.len() {
            let starts = p
                .checked_sub(1)
                .and_then(|q| w.get(q))
                .is_none_or(|c| !c.is_ascii_digit() && c != '.' && c != ',');
            if w.get(p) != Some('0') || !starts {
                continue;
            }
            let Some((0, unit, end)) = amount_at(w, p) else {
                continue;
            };
            // The change of the same clause chain, before the sentence ends.
            let mut k = end;
            let mut compared = false;
            let mut grew: Option<i64> = None;
            while k < end + 40 {
                match w.get(k) {
                    None | Some('。' | '；' | ';') => break,
                    Some('比' | '较') => compared = true,
                    Some(c) if c.is_ascii_digit() && !compared => break,
                    _ => {}
                }
                if compared && (w.at(k, "增加") || w.at(k, "增长")) {
                    grew = amount_at(w, k + 2)
                        .filter(|&(a, u, _)| a > 0 && u == unit)
                        .map(|(a, _, _)| a);
                    break;
                }
                // Another amount first: the change is of something else.
                if compared && w.get(k).is_some_and(|c| c.is_ascii_digit()) {
                    let year = w.year_at(k).is_some_and(|(_, e)| w.get(e) == Some('年'));
                    if !year && amount_at(w, k).is_some() {
                        break;
                    }
                }
                k += 1;
            }
            let Some(d) = grew else { continue };
            let Some(prov) = w.prov(p) else { continue };
            let quote = w.excerpt(p, 8, 24);
            let unit_name = if unit == 1 { "万元" } else { "元" };
            let zh = format!(
                "金额为 0 却称比上年增加 {}.{:02} {unit_name}（上年应为负数）：「{quote}」",
                d / 100,
                d % 100
            );
            let en = format!(
                "an amount of 0 is said to have grown by {}.{:02} {unit_name} (last year would be negative): \"{quote}\"",
                d / 100,
                d % 100
            );
            out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(prov));
        }
    }
}

impl Rule for ComparisonWords {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let w = Wording::of(cx.doc);
        Self::growth_from_nothing(&w, out);
        if !cx.doc.meta.kind.is_final_accounts() {
            return;
        }
        let phrases: [(&str, Relation); 8] = [
            ("决算数大于全年预算数", Relation::Greater),
            ("决算数大于预算数", Relation::Greater),
            ("决算数小于全年预算数", Relation::Less),
            ("决算数小于预算数", Relation::Less),
            ("决算数等于全年预算数", Relation::Equal),
            ("决算数等于预算数", Relation::Equal),
            ("决算数与全年预算数持平", Relation::Equal),
            ("决算数与预算数持平", Relation::Equal),
        ];
        let mut all: Vec<usize> = phrases.iter().flat_map(|(ph, _)| w.find_all(ph)).collect();
        all.sort_unstable();
        for (phrase, relation) in phrases {
            for p in w.find_all(phrase) {
                let from = p.saturating_sub(REACH);
                // Only the passage of this item: from the last comparison sentence before it.
                let from = all
                    .get(..all.partition_point(|&q| q < p))
                    .and_then(<[usize]>::last)
                    .filter(|&&q| q >= from)
                    .map_or(from, |&q| q + 1);
                let outturn = figures(&w, from, p, &["决算为", "决算数为"]);
                // `全年预算数` names its budget; `预算数` alone may be either.
                let leads: &[&str] = if phrase.contains("全年") {
                    &["全年预算为", "全年预算数为"]
                } else {
                    &["全年预算为", "全年预算数为", "年初预算为", "预算数为"]
                };
                let budgets = figures(&w, from, p, leads);
                let (Some(&(actual, unit)), false) = (outturn.last(), budgets.is_empty()) else {
                    continue;
                };
                let fits = |b: i64| match relation {
                    Relation::Greater => actual > b,
                    Relation::Less => actual < b,
                    Relation::Equal => actual == b,
                };
                let same_unit: Vec<i64> = budgets
                    .iter()
                    .filter(|(_, u)| *u == unit)
                    .map(|(b, _)| *b)
                    .collect();
                if same_unit.is_empty() || same_unit.iter().any(|&b| fits(b)) {
                    continue;
                }
                let Some(prov) = w.prov(p) else { continue };
                let show = |v: i64| format!("{}.{:02}", v / 100, v % 100);
                let unit_name = if unit == 1 { "万元" } else { "元" };
                let budgets_shown: Vec<String> = same_unit.iter().map(|&b| show(b)).collect();
                let zh = format!(
                    "说明称「{phrase}」，但所述决算数 {} {unit_name}、预算数 {} {unit_name}",
                    show(actual),
                    budgets_shown.join("、")
                );
                let en = format!(
                    "the text says \"{phrase}\" but states 决算 {} and 预算 {} ({unit_name})",
                    show(actual),
                    budgets_shown.join(", ")
                );
                out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(prov));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::lines;
    use crate::rules::wording::test::narrative;
    use yusuan_model::{Catalog, DocKind, Region};

    fn found(text: &[&str]) -> Vec<u32> {
        let mut d = narrative(text);
        d.meta.kind = DocKind::DepartmentFinalAccounts;
        d.meta.year = Some(2024);
        let profile = crate::profile::for_region(Region::Shanghai);
        let cx = Cx::new(&d, Catalog::embedded(), 2024, profile);
        let mut out = Vec::new();
        ComparisonWords.check(&cx, &mut out);
        lines(&out)
    }

    #[test]
    fn a_word_against_its_figures_fails() {
        assert_eq!(
            found(&[
                "主要用于：事业单位人员支出。全年预算为 17.68 万元，支出决算",
                "为11.31 万元。决算数大于全年预算数的主要原因：单位新成立。",
                "全年预算为 9.00 万元，支出决算为 6.18 万",
                "元。决算数小于全年预算数的主要原因：人员变动。",
                "全年预算为 11.72 万元，支出决算为11.72 万元。决算数与全年预算数持平。",
            ]),
            vec![2]
        );
    }

    #[test]
    fn growth_from_nothing_fails() {
        assert_eq!(
            found(&[
                "事业收入0万元，比2024年预算增加1421.25万元。",
                "政府性基金拨款支出预算0万元，与2024年预算持平。",
                "收入0万元，其中：财政拨款收入10万元，比2024年预算增加10万元。",
                "公务用车购置费0万元，比2023年减少12.00万元。",
            ]),
            vec![1]
        );
    }

    #[test]
    fn a_word_that_fits_one_of_two_budgets_passes() {
        assert!(found(&[
            "一般公共预算财政拨款支出年初预算为 0 万元，全年预算为",
            "321.02 万元，支出决算为 307.82 万元，完成年初预算的 95.89%。",
            "决算数小于预算数的主要原因：人员经费支出数小于预算数。",
        ])
        .is_empty());
    }
}
