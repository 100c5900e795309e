use crate::rules::wording::{is_cjk, Wording};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo, Severity};

declare_rule! {
    /// 说明中没有模板遗留文字、空白或占位的原因、缺少数字的金额。
    ///
    /// ## 检查什么
    /// The narrative's wording, read across line breaks:
    /// - a reason left empty or as a placeholder: `主要原因是。`, `主要原因是qq。`,
    ///   `主要原因是11。` (原因是/原因为/原因： followed by nothing, or only by a few letters or
    ///   digits, before the sentence ends);
    /// - a figure missing before its unit: `为万元`, `增加万元`, `减少%`, `执行数为。`
    ///   (not `单位为万元`, which states the unit);
    /// - template wording left in: `增加（减少）`, `增长（下降）`, `增（减）` (a warning: the
    ///   sentence is not false, but leaves the reader to choose);
    /// - placeholders for names or figures, anywhere in the document: `XX局`, `××年`, `某某单位`
    ///   (two or more of X, x, ×, ＊ next to a Chinese character).
    ///
    /// ## 为什么
    /// Disclosures are written from a template; what the writer forgot to fill in is published
    /// as is. A reason that says nothing, a sentence that names no figure or a unit called
    /// `XX局` is certainly wrong, and no arithmetic finds it: reviewers mark each one.
    ///
    /// ## 示例
    /// Fails: `公务用车购置及运行费6.40万元，与2023年预算持平，主要原因是。`;
    /// `比上年增加（减少）12.5万元`; `编制部门：XX局`. Passes: `主要原因是人员调整。`;
    /// `本表金额单位为万元。`
    pub PlaceholderText, "YS701", "placeholder-text", Narrative, Error
}

/// Words after which a figure is stated.
const BEFORE_FIGURE: [&str; 8] = ["增加", "减少", "增长", "下降", "共计", "合计", "安排", "为"];
/// Units a figure is stated in.
const UNITS: [&str; 4] = ["万元", "亿元", "元", "%"];
/// Template wording offering both directions.
const TEMPLATE: [&str; 6] = [
    "增加（减少）",
    "增加(减少)",
    "增长（下降）",
    "增长(下降)",
    "增（减）",
    "减少（增加）",
];

fn ends_sentence(c: Option<char>) -> bool {
    matches!(c, None | Some('。' | '；' | ';' | '！' | '!' | '？'))
}

impl PlaceholderText {
    fn report(w: &Wording, pos: usize, what: (&str, &str), out: &mut Vec<Finding>) {
        Self::report_as(w, pos, what, Self::INFO.severity, out);
    }

    fn report_as(
        w: &Wording,
        pos: usize,
        what: (&str, &str),
        severity: Severity,
        out: &mut Vec<Finding>,
    ) {
        let Some(prov) = w.prov(pos) else { return };
        let quote = w.excerpt(pos, 12, 14);
        let zh = format!("{}：「{}」", what.0, quote);
        let en = format!("{}: \"{}\"", what.1, quote);
        out.push(Finding::new(Self::INFO.code, severity, zh, en).at(prov));
    }

    /// `原因是` followed by nothing, or by a few letters or digits only, before the end.
    fn empty_reasons(w: &Wording, out: &mut Vec<Finding>) {
        for lead in ["原因是", "原因为", "原因：", "原因:"] {
            for p in w.find_all(lead) {
                let from = p + lead.chars().count();
                let mut k = from;
                while w.get(k).is_some_and(|c| c.is_ascii_alphanumeric()) && k - from <= 4 {
                    k += 1;
                }
                let filler = k - from <= 4;
                if filler && (ends_sentence(w.get(k)) || (k > from && w.get(k) == Some('，'))) {
                    Self::report(
                        w,
                        p,
                        (
                            "原因未填写或为占位文字",
                            "the reason is empty or a placeholder",
                        ),
                        out,
                    );
                }
            }
        }
    }

    /// A unit right after the word that should state its figure.
    fn missing_figures(w: &Wording, out: &mut Vec<Finding>) {
        for word in BEFORE_FIGURE {
            for p in w.find_all(word) {
                let after = p + word.chars().count();
                // `单位为万元` states the unit; `为` alone follows only a 数/额/费/入/出 word.
                if word == "为" {
                    let prev = p.checked_sub(1).and_then(|q| w.get(q));
                    if !matches!(prev, Some('数' | '额' | '费' | '入' | '出')) {
                        continue;
                    }
                }
                // `元` alone must not begin a word (`元旦`).
                let unit = UNITS.iter().any(|u| {
                    w.at(after, u) && (*u != "元" || !w.get(after + 1).is_some_and(is_cjk))
                });
                let empty = word == "为" && matches!(w.get(after), Some('。' | '；' | '，'));
                if unit || empty {
                    Self::report(
                        w,
                        p,
                        (
                            "缺少数字（金额或比例未填写）",
                            "a figure is missing before its unit",
                        ),
                        out,
                    );
                }
            }
        }
    }

    fn template(w: &Wording, out: &mut Vec<Finding>) {
        for t in TEMPLATE {
            for p in w.find_all(t) {
                // The text still says something true (the reader is left to choose): a
                // warning.
                Self::report_as(
                    w,
                    p,
                    (
                        "模板文字未改写（应写明增加或减少）",
                        "template wording left in (say which it is)",
                    ),
                    Severity::Warning,
                    out,
                );
            }
        }
    }

    /// `XX局`, `××年`, `某某单位`: anywhere in the document (a table's 编制部门 too).
    fn placeholders(cx: &Cx, out: &mut Vec<Finding>) {
        let w = Wording::all(cx.doc);
        let mark = |c: char| matches!(c, 'X' | 'x' | '×' | '＊');
        let mut i = 0;
        while i < w.chars.len() {
            let run = (i..w.chars.len())
                .take_while(|&k| w.get(k).is_some_and(mark))
                .count();
            let mouomou = w.at(i, "某某");
            let len = if mouomou { 2 } else { run };
            if len >= 2 {
                let before = i.checked_sub(1).and_then(|k| w.get(k));
                let after = w.get(i + len);
                let cjk_next = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
                // Not part of an ASCII word (`xxx.gov.cn`, `Excel`).
                let in_word = before.is_some_and(|c| c.is_ascii_alphanumeric())
                    || after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.');
                if cjk_next && !in_word {
                    Self::report(&w, i, ("占位文字未替换", "a placeholder left in"), out);
                }
                i += len;
            } else {
                i += 1;
            }
        }
    }
}

impl Rule for PlaceholderText {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let w = Wording::of(cx.doc);
        Self::empty_reasons(&w, out);
        Self::missing_figures(&w, out);
        Self::template(&w, out);
        Self::placeholders(cx, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{lines, run};
    use crate::rules::wording::test::narrative;
    use yusuan_model::Region;

    fn found(text: &[&str]) -> Vec<u32> {
        let mut v = lines(&run(&PlaceholderText, &narrative(text), Region::Shanghai));
        v.sort_unstable();
        v
    }

    #[test]
    fn empty_and_placeholder_reasons_fail() {
        assert_eq!(
            found(&[
                "（二）公务用车购置及运行费6.40万元，与2023年预算持平，主要原因是",
                "。其中：公务用车购置费0.00万元。",
                "公务接待费减少，主要原因是qq。",
                "培训费增加，主要原因是11。",
            ]),
            vec![1, 3, 4]
        );
    }

    #[test]
    fn missing_figures_and_template_wording_fail() {
        assert_eq!(
            found(&[
                "2025年执行数为。",
                "比上年增加万元。",
                "比上年增加（减少）12.5万元。",
                "编制部门：XX局",
            ]),
            vec![1, 2, 3, 4]
        );
    }

    #[test]
    fn filled_in_text_passes() {
        assert!(found(&[
            "主要原因是人员调整。本表金额单位为万元。",
            "主要原因是：",
            "1.人员增加；",
            "比上年增加12.50万元，增长3.2%。详见www.xxx.gov.cn。",
        ])
        .is_empty());
    }
}
