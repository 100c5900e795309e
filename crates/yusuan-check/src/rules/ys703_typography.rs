use crate::rules::wording::{is_cjk, Wording};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::{Provenance, TextLine};

declare_rule! {
    /// 说明中的标点：没有重复的标点、不成对的引号或括号、半角全角混排的数字、漏掉的句号。
    ///
    /// ## 检查什么
    /// The narrative's punctuation, as a reviewer reads it:
    /// - two sentence or clause marks in a row: `。。`, `，，`, `，。`;
    /// - quotes and brackets that do not pair within a paragraph: a closing `”` with no
    ///   opening one (`开展“人民调解协议书检查”、优秀调解案例”活动`), an opening `“` never
    ///   closed, the same for `（）` and `《》` (list markers such as `1）` are not brackets);
    /// - one number written with both half-width and full-width digits (`２025`);
    /// - a sentence left without its full stop where the next paragraph or numbered item
    ///   begins (`…主要原因是工作量增加` followed by a new paragraph).
    ///
    /// All are warnings: the text is still readable, but a reviewer marks each.
    ///
    /// ## 为什么
    /// Published text is read by the public; reviewers list every slip of punctuation
    /// (`存在连续两个句号`, `多了一个右引号`, `漏了个句号`) and ask for it to be corrected.
    ///
    /// ## 示例
    /// Fails: `主要用于：信息化建设及运行维护等方面的支出。。2025年…`. Passes: each sentence
    /// with one full stop, each quote opened and closed.
    pub Typography, "YS703", "typography", Narrative, Warning
}

/// Marks that never come two in a row.
const MARKS: [char; 5] = ['。', '，', '、', '；', '：'];
/// Marks that end a paragraph's last line.
const LINE_END: [char; 9] = ['。', '；', '：', '！', '？', ':', ';', '!', '”'];

/// Opening and closing marks that pair (a half-width bracket pairs with a full-width one).
fn pair_of(c: char) -> Option<(usize, bool)> {
    match c {
        '“' => Some((0, true)),
        '”' => Some((0, false)),
        '（' | '(' => Some((1, true)),
        '）' | ')' => Some((1, false)),
        '《' => Some((2, true)),
        '》' => Some((2, false)),
        _ => None,
    }
}

const PAIR_NAMES: [(&str, &str); 3] = [
    ("引号", "quote"),
    ("括号", "bracket"),
    ("书名号", "title mark"),
];

fn indent(text: &str) -> usize {
    text.chars()
        .take_while(|c| c.is_whitespace() || *c == '\u{3000}')
        .count()
}

/// Does a line begin with list or heading numbering (`一、`, `（一）`, `1、`, `1.`, `(1)`)?
fn numbered(text: &str) -> bool {
    let t: Vec<char> = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
        .chars()
        .take(6)
        .collect();
    let numeral = |c: &char| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c);
    let lead = t.iter().take_while(|c| numeral(c)).count();
    if lead > 0 {
        // `1、`, `12.`, `一、`, `1）`, but not an amount (`1690.69万元`).
        let digit_after = t.get(lead + 1).is_some_and(char::is_ascii_digit);
        return lead <= 2
            && !digit_after
            && matches!(t.get(lead), Some('、' | '.' | '．' | ')' | '）'));
    }
    if matches!(t.first(), Some('（' | '(')) {
        let n = t.iter().skip(1).take_while(|c| numeral(c)).count();
        return n > 0 && matches!(t.get(1 + n), Some('）' | ')'));
    }
    false
}

impl Typography {
    fn warn(prov: Option<&Provenance>, zh: String, en: String, out: &mut Vec<Finding>) {
        if let Some(p) = prov {
            out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(p));
        }
    }

    fn doubled(w: &Wording, out: &mut Vec<Finding>) {
        let mut i = 0;
        while i + 1 < w.chars.len() {
            let (Some(a), Some(b)) = (w.get(i), w.get(i + 1)) else {
                break;
            };
            if MARKS.contains(&a) && MARKS.contains(&b) {
                let quote = w.excerpt(i, 12, 4);
                Self::warn(
                    w.prov(i + 1),
                    format!("标点重复「{a}{b}」：「{quote}」"),
                    format!("doubled punctuation \"{a}{b}\": \"{quote}\""),
                    out,
                );
                i += 2;
            } else {
                i += 1;
            }
        }
    }

    /// Quotes and brackets, paired within a paragraph: the count starts again after a line
    /// that ends a sentence (a quote never runs over a paragraph's end).
    fn pairs(w: &Wording, out: &mut Vec<Finding>) {
        let mut open: [Vec<usize>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        let unclosed = |open: &mut [Vec<usize>; 3], out: &mut Vec<Finding>| {
            for (k, stack) in open.iter_mut().enumerate() {
                for &p in stack.iter() {
                    let (zh, en) = PAIR_NAMES.get(k).copied().unwrap_or(("", ""));
                    let quote = w.excerpt(p, 4, 16);
                    Self::warn(
                        w.prov(p),
                        format!("{zh}不成对（只有前半）：「{quote}」"),
                        format!("an opening {en} is never closed: \"{quote}\""),
                        out,
                    );
                }
                stack.clear();
            }
        };
        for i in 0..w.chars.len() {
            // A paragraph ends where a line ends with a sentence end.
            let new_line = i > 0 && w.line_index(i) != w.line_index(i - 1);
            if new_line
                && i.checked_sub(1)
                    .and_then(|p| w.get(p))
                    .is_some_and(|c| "。！？；：".contains(c))
            {
                unclosed(&mut open, out);
            }
            let Some(c) = w.get(i) else { break };
            let Some((k, opening)) = pair_of(c) else {
                continue;
            };
            let Some(stack) = open.get_mut(k) else {
                continue;
            };
            if opening {
                stack.push(i);
                continue;
            }
            if stack.pop().is_some() {
                continue;
            }
            // A list marker `1）`, `a)`, `一)` at a line's or clause's start is no bracket.
            let before: Vec<char> = (i.saturating_sub(3)..i).filter_map(|p| w.get(p)).collect();
            let marker = before
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric() || "一二三四五六七八九十".contains(*c))
                && (i < 3
                    || before
                        .iter()
                        .rev()
                        .skip(1)
                        .any(|c| !c.is_ascii_alphanumeric() && !is_cjk(*c))
                    || w.line_index(i.saturating_sub(2)) != w.line_index(i));
            if marker {
                continue;
            }
            let (zh, en) = PAIR_NAMES.get(k).copied().unwrap_or(("", ""));
            let quote = w.excerpt(i, 16, 4);
            Self::warn(
                w.prov(i),
                format!("{zh}不成对（多了后半「{c}」）：「{quote}」"),
                format!("a closing {en} \"{c}\" without its opening one: \"{quote}\""),
                out,
            );
        }
        unclosed(&mut open, out);
    }

    /// One number of half-width and full-width digits (the raw text: the wording has made
    /// them all half-width).
    fn mixed_width(lines: &[&TextLine], out: &mut Vec<Finding>) {
        for l in lines {
            let mut ascii = false;
            let mut wide = false;
            let mut reported = false;
            for c in l.text.chars().chain(std::iter::once(' ')) {
                if c.is_ascii_digit() {
                    ascii = true;
                } else if ('０'..='９').contains(&c) {
                    wide = true;
                } else {
                    if ascii && wide && !reported {
                        Self::warn(
                            Some(&l.prov),
                            format!("数字中半角、全角混排：「{}」", l.text.trim()),
                            format!(
                                "a number mixes half- and full-width digits: \"{}\"",
                                l.text.trim()
                            ),
                            out,
                        );
                        reported = true;
                    }
                    ascii = false;
                    wide = false;
                }
            }
        }
    }

    /// A sentence's last line without its full stop, where the next paragraph begins.
    fn missing_stop(cx: &Cx, lines: &[&TextLine], out: &mut Vec<Finding>) {
        let headings: Vec<String> = cx
            .doc
            .narrative
            .sections
            .iter()
            .map(|s| s.title.chars().filter(|c| !c.is_whitespace()).collect())
            .collect();
        // The lines of the paragraph so far.
        let mut para: String = String::new();
        for (i, l) in lines.iter().enumerate() {
            let text: String = l
                .text
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
                .collect();
            let starts = indent(&l.text) > 0 || numbered(&l.text);
            if starts || para.is_empty() {
                para.clear();
            }
            para.push_str(&text);
            let Some(next) = lines.get(i + 1) else { break };
            let consecutive = next.prov.file == l.prov.file
                && next.prov.page.unwrap_or(0) <= l.prov.page.unwrap_or(0) + 1;
            let next_starts =
                (indent(&next.text) > 0 && indent(&next.text) <= 8) || numbered(&next.text);
            let last = text.chars().last();
            if !consecutive
                || !next_starts
                || !last.is_some_and(is_cjk)
                || LINE_END.iter().any(|c| Some(*c) == last)
                || headings.iter().any(|h| *h == text || *h == para)
            {
                continue;
            }
            let cjk = para.chars().filter(|c| is_cjk(*c)).count();
            let sentence = ["，", "；", "原因是", "主要是", "用于"]
                .iter()
                .any(|m| para.contains(m));
            // An item of a list (`具体包括： 1. 普陀区司法局本部`) may go without its stop.
            let item = numbered(&l.text)
                || l.text
                    .rsplit(['：', ':'])
                    .next()
                    .is_some_and(|tail| tail.len() < l.text.len() && numbered(tail));
            if cjk < 10 || !sentence || item || para.ends_with("如下") {
                continue;
            }
            let quote: String = {
                let n = para.chars().count();
                para.chars().skip(n.saturating_sub(24)).collect()
            };
            Self::warn(
                Some(&l.prov),
                format!("句末缺少句号，下一段已开始：「{quote}」"),
                format!(
                    "a sentence ends without its full stop before the next paragraph: \"{quote}\""
                ),
                out,
            );
        }
    }
}

impl Rule for Typography {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let w = Wording::of(cx.doc);
        Self::doubled(&w, out);
        Self::pairs(&w, out);
        Self::mixed_width(&w.lines, out);
        Self::missing_stop(cx, &w.lines, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{lines, run};
    use crate::rules::wording::test::narrative;
    use yusuan_model::Region;

    fn found(text: &[&str]) -> Vec<u32> {
        lines(&run(&Typography, &narrative(text), Region::Shanghai))
    }

    #[test]
    fn doubled_marks_fail() {
        assert_eq!(
            found(&[
                " 5、主要用于：信息化建设及运行维护等方面的支出。",
                "。2025年当年预算执行数为60.41万元。"
            ]),
            vec![2]
        );
    }

    #[test]
    fn a_stray_closing_quote_fails() {
        assert_eq!(
            found(&[
                "3.全年开展专题培训；",
                "4.开展“人民调解协议书检查”、优秀调解案例”活动。",
                "5.（一）“三公”经费：指“因公出国（境）费”。",
            ]),
            vec![2]
        );
    }

    #[test]
    fn list_markers_and_quotes_over_lines_pass() {
        assert!(found(&[
            "主要包括：1）人员经费；2)公用经费；",
            "“三公”经费是指因公出国（境）费、公务用车购置及运",
            "行费和公务接待费（含“接待",
            "费”）。",
        ])
        .is_empty());
    }

    #[test]
    fn mixed_width_digits_fail() {
        assert_eq!(found(&["收入２025.5万元。"]), vec![1]);
    }

    #[test]
    fn a_sentence_without_its_full_stop_fails() {
        assert_eq!(
            found(&[
                " 支出预算9628.22万元，比2025年预算增加793.14万元。",
                " 财政拨款收入支出增加的主要原因是工作量增加",
                " 财政拨款支出主要内容如下：",
                " 1、公共安全支出（204类）司法（06款）行政运行（01项）1672.67万元。",
                "三、实施主体",
                "上海市普陀区司法局",
                "四、实施方案",
            ]),
            vec![2]
        );
    }
}
