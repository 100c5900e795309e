use crate::arith::{check_sum, Operand};
use crate::rules::wording::Wording;
use crate::rules::ys503_section_numbering::number_value;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo, Severity};
use yusuan_model::{parse_amount, Amount, Fen, MoneyUnit, Provenance};

declare_rule! {
    /// 增减额按来源或构成列出的分项（“其中：…增加…”）之和等于增减总额。
    ///
    /// ## 检查什么
    /// A change is often broken down right after it is stated: `比上年增加100万元，其中：一般公共
    /// 预算拨款增加60万元，政府性基金增加30万元`, or part by part, each with its own amount and
    /// change (`…减少84.30万元。其中：基本支出1330.33万元，比2024年增加21.70万元，…；项目支出
    /// 2304.00万元，比2024年减少106.00万元，…`). The signed changes of the parts add up to the
    /// change they break down.
    ///
    /// Severity: an error when every figure is read with certainty and the parts are clearly
    /// all of the whole (基本支出 and 项目支出 where the document has no 预留机动经费; 人员经费
    /// and 公用经费; the three budgets 一般公共预算, 政府性基金 and 国有资本经营); otherwise a
    /// warning, since `其中` may list only the notable parts. A list whose end cannot be told
    /// (a reason with its own amounts inside it) is not added up.
    ///
    /// ## 为什么
    /// The parts are typed separately from the total; a part updated without the total (or
    /// the reverse) leaves a breakdown that tells the reader two different stories.
    ///
    /// ## 示例
    /// Fails: `比上年增加100万元，其中：一般公共预算拨款增加60万元，政府性基金增加30万元`
    /// (60 + 30 ≠ 100). Passes: `…增加90万元，其中：一般公共预算拨款增加60万元，政府性基金增加
    /// 30万元`.
    pub ChangeParts, "YS708", "change-parts-add-up", Narrative, Warning
}

/// Words of a change and their sign.
const DIRECTIONS: [(&str, i64); 4] = [("增加", 1), ("增长", 1), ("减少", -1), ("下降", -1)];

/// Sets of parts that make up their whole; each part names one of the words.
const WHOLES: [&[&str]; 3] = [
    &["基本支出", "项目支出"],
    &["人员经费", "公用经费"],
    &["一般公共预算", "政府性基金", "国有资本经营"],
];

/// An amount written at `pos` (`1,330.33万元`, `60元`) and where it ends.
fn amount_at(w: &Wording, pos: usize) -> Option<(Amount, usize)> {
    if pos
        .checked_sub(1)
        .and_then(|p| w.get(p))
        .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let mut k = pos;
    let mut s = String::new();
    while let Some(c) = w.get(k) {
        if c.is_ascii_digit() || c == '.' || (c == ',' && !s.is_empty()) {
            s.push(c);
            k += 1;
        } else {
            break;
        }
    }
    if !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (unit, end) = if w.at(k, "万元") {
        (MoneyUnit::WanYuan, k + 2)
    } else if w.at(k, "元") {
        (MoneyUnit::Yuan, k + 1)
    } else {
        return None;
    };
    let a = parse_amount(&s, unit).ok().flatten()?;
    Some((a, end))
}

/// A change word with its amount at `pos`: its sign, amount and end.
fn change_at(w: &Wording, pos: usize) -> Option<(i64, Amount, usize)> {
    let (word, sign) = DIRECTIONS.iter().find(|(d, _)| w.at(pos, d))?;
    let (a, end) = amount_at(w, pos + word.chars().count())?;
    Some((*sign, a, end))
}

fn is_separator(w: &Wording, k: usize) -> bool {
    match w.get(k) {
        Some('，' | '；' | ';' | '。') => true,
        Some(',') => {
            !(k.checked_sub(1)
                .and_then(|p| w.get(p))
                .is_some_and(|c| c.is_ascii_digit())
                && w.get(k + 1).is_some_and(|c| c.is_ascii_digit()))
        }
        _ => false,
    }
}

/// One part of a breakdown: its label and its signed change, once stated.
struct Part {
    label: String,
    change: Option<(i64, Amount, usize)>,
}

/// What a clause of the list says.
enum Clause {
    /// `一般公共预算拨款增加60万元`, `基本支出1330.33万元，比…`: a part, with its change when stated.
    Part(Part),
    /// `比2024年增加21.70万元`, `与上年持平`: the change of the part before.
    Change(Option<(i64, Amount, usize)>),
    /// A reason or a use: the rest of the part until `；`.
    Prose,
    /// Nothing to add up (a percentage, a description).
    Nothing,
    /// Something that cannot be placed: the list is not added up.
    Unknown,
}

fn classify(w: &Wording, from: usize, to: usize) -> Clause {
    let text: String = (from..to).filter_map(|k| w.get(k)).collect();
    let text = text
        .trim_start_matches(['：', ':', '（', '(', ')', '）'])
        .to_string();
    if ["主要", "原因", "用于", "是因为", "由于"]
        .iter()
        .any(|p| text.starts_with(p))
    {
        return Clause::Prose;
    }
    let compared = ["比", "较", "与", "同比", "相比"]
        .iter()
        .any(|p| text.starts_with(p));
    let change = (from..to).find_map(|k| change_at(w, k).map(|c| (k, c)));
    let amount = (from..to).find_map(|k| amount_at(w, k).map(|a| (k, a)));
    let flat = text.contains("持平") || text.contains("一致");
    let label_to = |k: usize| -> String {
        (from..k)
            .filter_map(|x| w.get(x))
            .take_while(|c| !c.is_ascii_digit())
            .collect::<String>()
            .trim_start_matches(['：', ':', '（', '(', ')', '）'])
            .to_string()
    };
    match (change, amount) {
        (Some((_, c)), _) if compared => Clause::Change(Some(c)),
        (Some((k, c)), Some((ak, _))) => {
            let label = label_to(ak.min(k));
            if label.is_empty() {
                Clause::Unknown
            } else {
                Clause::Part(Part {
                    label,
                    change: Some(c),
                })
            }
        }
        (Some(_), None) => Clause::Unknown,
        (None, Some((ak, _))) if !compared => {
            let label = label_to(ak);
            if label.is_empty() || text.contains('%') {
                Clause::Unknown
            } else {
                Clause::Part(Part {
                    label,
                    change: None,
                })
            }
        }
        (None, Some(_)) => Clause::Unknown,
        (None, None) if flat && compared => Clause::Change(None),
        (None, None) if flat => Clause::Part(Part {
            label: text,
            change: None,
        })
        .with_flat(),
        (None, None) => Clause::Nothing,
    }
}

impl Clause {
    /// A part stated as unchanged (`国有资本经营预算拨款与上年持平`): a change of zero.
    fn with_flat(self) -> Clause {
        match self {
            Clause::Part(p) => Clause::Part(Part {
                label: p.label,
                change: Some(zero()),
            }),
            c => c,
        }
    }
}

/// A list marker at `pos` (`（二）`, `(2)`, `2.`, `2、`, `二、`): its style, value and end. A
/// number that goes on (`1.5万元`) is no marker.
fn marker_at(w: &Wording, pos: usize) -> Option<(u8, u32, usize)> {
    let numeral = |c: char| c.is_ascii_digit() || "〇零一二三四五六七八九十".contains(c);
    let paren = matches!(w.get(pos), Some('（' | '('));
    let from = if paren { pos + 1 } else { pos };
    let mut k = from;
    while w.get(k).is_some_and(numeral) {
        k += 1;
    }
    let digits: String = (from..k).filter_map(|x| w.get(x)).collect();
    let ascii = digits.starts_with(|c: char| c.is_ascii_digit());
    if digits.is_empty() || digits.chars().any(|c| c.is_ascii_digit() != ascii) {
        return None;
    }
    let value = number_value(&digits)?;
    let close = w.get(k)?;
    let style = match (paren, ascii, close) {
        (true, false, '）' | ')') => 0,
        (true, true, '）' | ')') => 1,
        (false, true, '.' | '、') if !w.get(k + 1).is_some_and(|c| c.is_ascii_digit()) => 2,
        (false, false, '、') => 3,
        _ => return None,
    };
    Some((style, value, k + 1))
}

fn zero() -> (i64, Amount, usize) {
    (1, Amount::new(Fen::ZERO, MoneyUnit::WanYuan, 2), 0)
}

/// The parts listed after `其中` from `from`, each with its change; `None` when the list cannot
/// be read with certainty. The list ends with its sentence, unless its parts are numbered
/// (`其中：（一）…。（二）…。`): then it runs on while the sentences that follow start with the
/// next number or belong to the part before (its change, its reasons, its own breakdown).
fn parts(w: &Wording, from: usize) -> Option<Vec<Part>> {
    let mut from = from;
    while matches!(w.get(from), Some('：' | ':' | '，' | ',')) {
        from += 1;
    }
    let mut numbered = marker_at(w, from).filter(|m| m.1 == 1);
    let mut out: Vec<Part> = Vec::new();
    let mut k = from;
    let mut prose = false;
    // A sentence of the part before that is no change of it: skipped to its end.
    let mut aside = false;
    let mut asides = 0;
    while let Some(end) = (k..w.chars.len()).find(|&x| is_separator(w, x)) {
        if !prose && !aside {
            let start = match numbered {
                Some((_, _, e)) if k == from => e,
                _ => k,
            };
            match classify(w, start, end) {
                Clause::Part(p) => {
                    if out.last().is_some_and(|l| l.change.is_none()) {
                        return None;
                    }
                    out.push(p);
                }
                Clause::Change(c) => {
                    let last = out.last_mut().filter(|l| l.change.is_none())?;
                    last.change = Some(c.unwrap_or_else(zero));
                }
                Clause::Prose => prose = true,
                Clause::Nothing => {}
                Clause::Unknown => return None,
            }
        }
        match w.get(end) {
            Some('。') | None => {
                let Some((style, n, _)) = numbered else { break };
                let next = end + 1;
                match marker_at(w, next) {
                    Some((st, v, e)) if st == style && v == n + 1 => {
                        // The next part: read on after its marker.
                        numbered = Some((style, v, e));
                        prose = false;
                        aside = false;
                        asides = 0;
                        k = e;
                        continue;
                    }
                    Some(_) => break,
                    None => {
                        // A sentence of the part before: its change when still missing,
                        // else its reasons or its own breakdown.
                        aside = out.last().is_some_and(|l| l.change.is_some());
                        prose = false;
                        // Past a few sentences with no next number, the list has ended.
                        asides += usize::from(aside);
                        if asides > 3 {
                            break;
                        }
                    }
                }
            }
            Some('；' | ';') => prose = false,
            _ => {}
        }
        k = end + 1;
    }
    Some(out)
}

/// Do the labels name every part of a known whole, once each?
fn exhaustive(w: &Wording, labels: &[&str]) -> bool {
    WHOLES.iter().any(|whole| {
        // 基本支出 and 项目支出 are not all where units keep a reserve (单位预留机动经费).
        if whole.contains(&"基本支出") && !w.find_all("机动经费").is_empty() {
            return false;
        }
        labels.len() == whole.len()
            && whole
                .iter()
                .all(|word| labels.iter().filter(|l| l.contains(word)).count() == 1)
            && labels
                .iter()
                .all(|l| whole.iter().filter(|word| l.contains(*word)).count() == 1)
    })
}

fn operand(sign: i64, a: &Amount, prov: &Provenance) -> Operand {
    let mut o = Operand::from_amount(a, prov);
    o.fen = Fen(o.fen.0 * sign);
    o
}

impl Rule for ChangeParts {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let w = Wording::of(cx.doc);
        for p in 0..w.chars.len() {
            let Some((sign, total, end)) = change_at(&w, p) else {
                continue;
            };
            // `…增加100万元，增长5.2%，其中：` or `…增加100万元。其中：`.
            let mut k = end;
            if matches!(w.get(k), Some('，' | ','))
                && DIRECTIONS.iter().any(|(d, _)| w.at(k + 1, d))
            {
                let Some(next) = (k + 1..w.chars.len()).find(|&x| is_separator(&w, x)) else {
                    continue;
                };
                if !(k + 1..next).any(|x| w.get(x) == Some('%')) {
                    continue;
                }
                k = next;
            }
            if !matches!(w.get(k), Some('，' | '。' | '；' | ',')) || !w.at(k + 1, "其中") {
                continue;
            }
            let Some(list) = parts(&w, k + 3) else {
                continue;
            };
            if list.len() < 2 {
                continue;
            }
            let mut ops = Vec::new();
            for part in &list {
                let Some((s, a, at)) = &part.change else {
                    break;
                };
                let Some(prov) = w.prov(*at).or_else(|| w.prov(p)) else {
                    break;
                };
                ops.push(operand(*s, a, prov));
            }
            let Some(prov) = w.prov(p) else { continue };
            if ops.len() != list.len() {
                continue;
            }
            let actual = operand(sign, &total, prov);
            let labels: Vec<&str> = list.iter().map(|p| p.label.as_str()).collect();
            let quote = w.excerpt(p, 12, 40);
            let zh = format!(
                "增减额的分项（{}）之和与增减总额不符：「{quote}」",
                labels.join("、")
            );
            let en = format!(
                "the parts of a change ({}) do not add up to it: \"{quote}\"",
                labels.join(", ")
            );
            if let Some(mut f) = check_sum(&Self::INFO, &actual, &ops, (&zh, &en)) {
                if !f.rounding && exhaustive(&w, &labels) {
                    f.severity = Severity::Error;
                }
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{lines, run};
    use crate::rules::wording::test::narrative;
    use yusuan_model::Region;

    fn found(text: &[&str]) -> Vec<Finding> {
        run(&ChangeParts, &narrative(text), Region::Shanghai)
    }

    #[test]
    fn parts_that_do_not_add_up_are_reported() {
        let f = found(&[
            "收入比上年增加100万元，其中：一般公共预算拨款增加60万元，政府性基金增加30万元。",
        ]);
        assert_eq!(lines(&f), vec![1]);
        // Two of three budgets may not be all: a warning.
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(
            f[0].message.contains("一般公共预算拨款、政府性基金"),
            "{}",
            f[0].message
        );
        assert!(found(&[
            "收入比上年增加90万元，其中：一般公共预算拨款增加60万元，政府性基金增加30万元。"
        ])
        .is_empty());
    }

    #[test]
    fn parts_with_their_own_amounts_and_reasons() {
        // 江北城 2025: the parts add up (21.70 − 106.00 = −84.30).
        let text = [
            "一般公共预算财政拨款支出3634.33万元，比2024年减少84.30万元。其中：基本支出",
            "1330.33万元，比2024年增加21.70万元，主要原因是人员调薪等，主要用于保障在职人员工资；",
            "项目支出2304.00万元，比2024年减少106.00万元，主要原因是减少夜间经济项目支出等，主要用于基层组织建设工作。",
        ];
        assert!(found(&text).is_empty());
        // With the basic part's change mistyped, an error: basic and project are all of it.
        let mut bad = text;
        bad[1] =
            "1330.33万元，比2024年增加12.70万元，主要原因是人员调薪等，主要用于保障在职人员工资；";
        let f = found(&bad);
        assert_eq!(lines(&f), vec![1]);
        assert_eq!(f[0].severity, Severity::Error);
        // Where units keep a reserve, basic and project are not all: a warning.
        let mut reserve = bad.to_vec();
        reserve.push("单位预留机动经费预算为0万元。");
        assert_eq!(found(&reserve)[0].severity, Severity::Warning);
    }

    #[test]
    fn lists_that_cannot_be_read_are_not_added_up() {
        // A reason with amounts of its own inside the list: where the list ends is unknown.
        assert!(found(&[
            "支出比上年增加100万元，其中：基本支出增加60万元，主要原因是调资增加10万元，",
            "项目支出增加20万元。",
        ])
        .is_empty());
        // One part is no breakdown; a rounding difference is not reported as an error.
        assert!(found(&["支出比上年增加100万元，其中：基本支出增加60万元。"]).is_empty());
        let f = found(&[
            "支出比上年增加100.01万元，其中：基本支出增加60.00万元，项目支出增加40.00万元。",
        ]);
        assert!(f
            .iter()
            .all(|f| f.rounding || f.severity == Severity::Warning));
    }

    #[test]
    fn a_percentage_and_an_unchanged_part() {
        assert!(found(&[
            "财政拨款收入比上年增加100万元，增长5.2%，其中：一般公共预算拨款增加100万元，",
            "政府性基金与上年持平，国有资本经营预算拨款与上年持平。",
        ])
        .is_empty());
        let f = found(&[
            "财政拨款收入比上年增加100万元，增长5.2%，其中：一般公共预算拨款增加90万元，",
            "政府性基金与上年持平，国有资本经营预算拨款与上年持平。",
        ]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn numbered_parts_over_several_sentences() {
        // 万里 2025: （一）0 持平, （二）−10 with a breakdown of its own, （三）持平 stated in the
        // next sentence; the list ends at the next heading.
        let text = [
            "“三公”经费预算合计46.91万元，比2024年预算减少10万元。其中：（一）因公出国（境）费0万元，",
            "比2024年预算持平。主要原因是因公出国（境）费保持不变。（二）公务用车购置及运行费36.56",
            "万元，比2024年预算减少10万元，主要原因是新增1辆公务用车购置。其中：公务用车购置费15万元，",
            "比2024年预算减少10万元，主要原因是类型不同；公务用车运行费21.56万元，比2024年预算持平。",
            "（三）公务接待费1.35万元。比2024年预算持平，主要原因是保持不变。二、机关运行经费预算为464.64万元。",
        ];
        assert!(found(&text).is_empty());
        let mut bad = text;
        bad[4] = "（三）公务接待费1.35万元。比2024年预算增加1.00万元，主要原因是接待增加。二、机关运行经费。";
        let f = found(&bad);
        assert_eq!(
            lines(&f),
            vec![1],
            "{:?}",
            f.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn markers() {
        let d = narrative(&["（二）a 2.b 1.5万元 十一、c (3)d"]);
        let w = Wording::of(&d);
        assert_eq!(marker_at(&w, 0).map(|m| (m.0, m.1)), Some((0, 2)));
        // Whitespace is not kept: `（二）a2.b1.5万元十一、c(3)d`.
        assert_eq!(marker_at(&w, 4).map(|m| (m.0, m.1)), Some((2, 2)));
        assert_eq!(marker_at(&w, 7), None);
        assert_eq!(marker_at(&w, 12).map(|m| (m.0, m.1)), Some((3, 11)));
        assert_eq!(marker_at(&w, 16).map(|m| (m.0, m.1)), Some((1, 3)));
    }
}
