use crate::rules::wording::Wording;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo, Severity};

declare_rule! {
    /// 说明中比较的年份与文件的年度相符；部分标题、表题的年度与文件一致。
    ///
    /// ## 检查什么
    /// The years the narrative compares with, against the document's year Y:
    /// - in a budget (预算) of Y, a sentence about Y (it names Y or no year before the
    ///   comparison) compares with an earlier year: `比2025年预算增加` in a 2026 budget, never
    ///   `比2026年预算` or a later year (error);
    /// - in final accounts (决算) of Y the comparison with Y's own budget is right
    ///   (`决算数比2024年预算…`), with a later year it is not (error);
    /// - a comparison with a year before Y − 1 (a 2025 budget quoting 2023 执行数) is shown as
    ///   a warning: it is unusual, and sometimes meant;
    /// - final accounts of Y state assets `截至Y年12月31日` (error otherwise);
    /// - the titles of the narrative's parts and of the tables that begin with a year carry Y
    ///   (error otherwise).
    ///
    /// A sentence about another year (`2025年执行数为…，比2025年预算增加…` in a 2026 budget)
    /// is left alone: it compares that year's figures.
    ///
    /// ## 为什么
    /// Each year's disclosure is written over last year's; a year not updated makes a
    /// comparison that means nothing (this year's budget against itself) and reviewers mark
    /// every one (`预算编制说明中存在5处与…年预算比较的描述`).
    ///
    /// ## 示例
    /// Fails, in a 2026 budget: `财政拨款收入9628.22万元，比2026年预算增加793.14万元`.
    /// Passes: `比2025年预算增加793.14万元`.
    pub ComparisonYear, "YS702", "comparison-year", Narrative, Error
}

const SENTENCE_REACH: usize = 200;

/// Words that lead a comparison with a year.
const COMPARE: [char; 4] = ['比', '较', '与', '同'];
/// What a compared year is a year of.
const OF_YEAR: [&str; 11] = [
    "预算", "执行", "决算", "实际", "年初", "相比", "增加", "减少", "增长", "下降", "持平",
];

/// Where the sentence of `pos` starts (at most [`SENTENCE_REACH`] characters back: a text
/// without full stops must not make every comparison read it all).
fn sentence_start(w: &Wording, pos: usize) -> usize {
    let mut k = pos;
    while k > pos.saturating_sub(SENTENCE_REACH) {
        if matches!(w.get(k - 1), Some('。' | '！' | '？')) {
            break;
        }
        k -= 1;
    }
    k
}

/// Every 4-digit year followed by 年 in `from..to`: (position, year, is it compared with).
fn years_in(w: &Wording, from: usize, to: usize) -> Vec<(usize, u16, bool)> {
    let mut v = Vec::new();
    let mut k = from;
    while k < to {
        match w.year_at(k) {
            Some((y, end)) if w.get(end) == Some('年') => {
                let compared = k
                    .checked_sub(1)
                    .and_then(|p| w.get(p))
                    .is_some_and(|c| COMPARE.contains(&c));
                v.push((k, y, compared));
                k = end;
            }
            _ => k += 1,
        }
    }
    v
}

impl ComparisonYear {
    fn comparisons(cx: &Cx, w: &Wording, out: &mut Vec<Finding>) {
        let y = cx.year;
        let final_accounts = cx.doc.meta.kind.is_final_accounts();
        for (pos, year, compared) in years_in(w, 0, w.chars.len()) {
            if !compared {
                continue;
            }
            // What the year is a year of: 预算, 执行数, 决算 … within a few characters.
            let after = pos + 5;
            let of_year = (after..after + 4).any(|k| OF_YEAR.iter().any(|o| w.at(k, o)));
            if !of_year {
                continue;
            }
            // The sentence's own year: the last year named before the comparison that is not
            // itself compared with.
            let start = sentence_start(w, pos);
            let subject = years_in(w, start, pos)
                .into_iter()
                .filter(|(_, _, c)| !c)
                .map(|(_, y, _)| y)
                .next_back();
            if subject.is_some_and(|s| s != y) {
                continue;
            }
            let wrong = if final_accounts { year > y } else { year >= y };
            let far = year.saturating_add(1) < y;
            let Some(prov) = w.prov(pos) else { continue };
            let quote = w.excerpt(pos, 16, 12);
            if wrong {
                let zh = format!(
                    "比较的年份有误：{y}年的{}与{year}年相比：「{quote}」",
                    if final_accounts { "决算" } else { "预算" }
                );
                let en = format!(
                    "the {} of {y} is compared with {year}: \"{quote}\"",
                    if final_accounts {
                        "final accounts"
                    } else {
                        "budget"
                    }
                );
                out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(prov));
            } else if far {
                let zh =
                    format!("{y}年的说明与{year}年比较（通常与上年比较），请核对：「{quote}」");
                let en = format!(
                    "{y} is compared with {year} (usually with the year before): \"{quote}\""
                );
                out.push(Finding::new(Self::INFO.code, Severity::Warning, zh, en).at(prov));
            }
        }
    }

    /// 截至Y年12月31日 in final accounts.
    fn balance_dates(cx: &Cx, w: &Wording, out: &mut Vec<Finding>) {
        if !cx.doc.meta.kind.is_final_accounts() {
            return;
        }
        for p in w.find_all("截至").into_iter().chain(w.find_all("截止")) {
            let Some((year, end)) = w.year_at(p + 2) else {
                continue;
            };
            if !w.at(end, "年12月31日") || year == cx.year {
                continue;
            }
            let Some(prov) = w.prov(p) else { continue };
            let quote = w.excerpt(p, 0, 14);
            let zh = format!(
                "{}年决算的资产应截至{}年12月31日：「{quote}」",
                cx.year, cx.year
            );
            let en = format!(
                "final accounts of {} state assets as of 31 December {}: \"{quote}\"",
                cx.year, cx.year
            );
            out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(prov));
        }
    }

    /// A title that begins with a year: `2026年部门预算编制说明`, `2026年部门收入预算总表`.
    fn titles(cx: &Cx, out: &mut Vec<Finding>) {
        let lead_year = |t: &str| -> Option<u16> {
            let t: String = t
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(crate::rules::wording::normalize)
                .collect();
            let digits: String = t.chars().take(4).collect();
            (digits.len() == 4
                && digits.chars().all(|c| c.is_ascii_digit())
                && t.chars().nth(4) == Some('年'))
            .then(|| digits.parse().ok())
            .flatten()
        };
        let sections = cx
            .doc
            .narrative
            .sections
            .iter()
            .map(|s| (s.title.as_str(), &s.prov));
        let tables = cx.doc.tables.iter().map(|t| (t.title.as_str(), &t.prov));
        for (title, prov) in sections.chain(tables) {
            let Some(year) = lead_year(title) else {
                continue;
            };
            if year == cx.year {
                continue;
            }
            let zh = format!("标题的年度与文件年度（{}年）不符：「{title}」", cx.year);
            let en = format!(
                "a title's year is not the document's ({}): \"{title}\"",
                cx.year
            );
            out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(prov));
        }
    }
}

impl Rule for ComparisonYear {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        if cx.doc.meta.year.is_none() {
            return;
        }
        let w = Wording::of(cx.doc);
        Self::comparisons(cx, &w, out);
        Self::balance_dates(cx, &w, out);
        Self::titles(cx, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::section;
    use crate::rules::wording::test::narrative;
    use yusuan_model::{DocKind, Region};

    fn check(kind: DocKind, year: u16, text: &[&str]) -> Vec<Finding> {
        let mut d = narrative(text);
        d.meta.kind = kind;
        d.meta.year = Some(year);
        let profile = crate::profile::for_region(Region::Shanghai);
        // The runner's year is the document's.
        let cx = Cx::new(&d, yusuan_model::Catalog::embedded(), year, profile);
        let mut out = Vec::new();
        ComparisonYear.check(&cx, &mut out);
        out
    }

    #[test]
    fn a_budget_compared_with_its_own_year_fails() {
        let f = check(
            DocKind::DepartmentBudget,
            2026,
            &[
                "2026年，收入预算9628.22万元，其中：财政拨款收入9628.22万元，比2026年预",
                "算增加793.14万元；事业收入0万元。",
                "支出预算9628.22万元，与2026年预算持平。",
                "2025年当年预算执行数为1690.69万元，2026年预算安排1672.67万元，比2025年预算执行数减少1.07%。",
            ],
        );
        let lines: Vec<_> = f.iter().filter_map(|f| f.primary()?.line).collect();
        assert_eq!(lines, vec![1, 3], "{f:?}");
        assert!(f.iter().all(|f| f.severity == Severity::Error));
    }

    #[test]
    fn another_years_sentence_and_final_accounts_pass() {
        assert!(check(
            DocKind::DepartmentBudget,
            2026,
            &["2025年执行数为10万元，比2025年预算增加1万元。"]
        )
        .is_empty());
        assert!(check(
            DocKind::DepartmentFinalAccounts,
            2024,
            &["2024年度支出决算10万元，比2024年预算减少1万元。截至2024年12月31日，共有车辆3辆。"]
        )
        .is_empty());
    }

    #[test]
    fn old_years_warn_and_wrong_balance_dates_fail() {
        let f = check(
            DocKind::DepartmentBudget,
            2025,
            &["财政拨款收入比2023年执行数增加1万元。"],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        let f = check(
            DocKind::DepartmentFinalAccounts,
            2024,
            &["截至2023年12月31日，共有车辆3辆。"],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn a_title_of_another_year_fails() {
        let mut d = narrative(&[]);
        d.meta.year = Some(2026);
        d.narrative
            .sections
            .push(section(None, 0, "2025年部门预算编制说明", "", 5));
        d.narrative
            .sections
            .push(section(None, 0, "2026年“三公”经费预算情况说明", "", 6));
        let profile = crate::profile::for_region(Region::Shanghai);
        let cx = Cx::new(&d, yusuan_model::Catalog::embedded(), 2026, profile);
        let mut out = Vec::new();
        ComparisonYear.check(&cx, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
    }
}
