use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::Section;

declare_rule! {
    /// 情况说明各级编号连续，无跳号、无重号。
    ///
    /// ## 检查什么
    /// At each level of the narrative's numbering (`一、`, `（一）`, `1.`) the numbered
    /// sections under one heading run 1, 2, 3 … without a gap or a repeat. A list that starts
    /// again at 1 under a new heading is a new list (documents restart their numbering in each
    /// part); a higher-level or unnumbered heading ends the lists below it. Only the
    /// narrative's headings are read: the contents page and the tables number on their own.
    ///
    /// An item the reader took for body text (one long sentence, or listed inside a line:
    /// `具体包括：1.本部`) is not missing. One misnumbered item is reported once: in
    /// `（一）（二）（二）（四）` the second （二） is reported, not （四） after it.
    ///
    /// ## 为什么
    /// A skipped number usually means a paragraph was deleted (or never written) after the
    /// document was numbered; a repeated number means paragraphs were pasted twice. Either way
    /// the reader is left wondering what is missing, and reviewers mark it.
    ///
    /// ## 示例
    /// Fails: 其他重要事项 numbered `（一）机关运行经费`, `（二）政府采购情况`,
    /// `（四）绩效目标设置情况`, `（五）国有资产占有使用情况` — （三） is missing. Passes:
    /// `（一）（二）（三）（四）`.
    pub SectionNumbering, "YS503", "section-numbering", Completeness, Warning
}

const CN: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

fn cn_digit(c: char) -> Option<u32> {
    match c {
        '零' => Some(0),
        _ => CN.iter().position(|x| *x == c).map(|v| v as u32),
    }
}

/// Chinese numeral (一 … 九十九) to a number.
fn cn_number(s: &str) -> Option<u32> {
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        ['十'] => Some(10),
        [a] => cn_digit(*a),
        ['十', b] => Some(10 + cn_digit(*b)?),
        [a, '十'] => Some(cn_digit(*a)? * 10),
        [a, '十', b] => Some(cn_digit(*a)? * 10 + cn_digit(*b)?),
        _ => None,
    }
}

fn to_cn(n: u32) -> String {
    // `v % 10` is a digit, always in the table.
    let d = |v: u32| CN.get((v % 10) as usize).copied().unwrap_or('〇');
    match (n / 10, n % 10) {
        (0, ones) => d(ones).to_string(),
        (1, 0) => "十".into(),
        (1, ones) => format!("十{}", d(ones)),
        (tens @ 2..=9, 0) => format!("{}十", d(tens)),
        (tens @ 2..=9, ones) => format!("{}十{}", d(tens), d(ones)),
        _ => n.to_string(),
    }
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '十' || cn_digit(c).is_some()
}

/// The value of a printed section number: `一` → 1, `（十二）` → 12, `3.` → 3, `第二` → 2.
pub(crate) fn number_value(printed: &str) -> Option<u32> {
    let core: String = printed
        .trim()
        .trim_start_matches('第')
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '（' | '）' | '(' | ')' | '、' | '.' | '．' | ' ' | '\u{3000}'
            )
        })
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    if core.is_empty() {
        None
    } else if core.chars().all(|c| c.is_ascii_digit()) {
        core.parse().ok()
    } else {
        cn_number(&core)
    }
}

/// Write `n` in the style of a printed number: `（四）` with 3 → `（三）`, `4.` with 3 → `3.`.
fn styled(printed: &str, n: u32) -> String {
    let ascii = printed
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let mut out = String::new();
    let mut done = false;
    for c in printed.trim().chars() {
        if is_numeral(c) {
            if !done {
                out.push_str(&if ascii { n.to_string() } else { to_cn(n) });
                done = true;
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The number a paragraph starts with, numbered in the style of `printed` (brackets or not,
/// digits or Chinese numerals) whatever its punctuation: `4、`, `4．` and `4.` are all 4.
fn leading_number(line: &str, printed: &str) -> Option<u32> {
    let t = line.trim_start();
    let paren = printed.starts_with(['（', '(']);
    let ascii = printed
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let body = if paren {
        t.strip_prefix(['（', '('])?
    } else {
        t
    };
    let digits: String = body
        .chars()
        .take_while(|&c| {
            if ascii {
                c.is_ascii_digit() || ('０'..='９').contains(&c)
            } else {
                c == '十' || cn_digit(c).is_some()
            }
        })
        .collect();
    let after = body.get(digits.len()..)?;
    let closed = if paren {
        after.starts_with(['）', ')'])
    } else {
        after.starts_with(['、', '.', '．'])
    };
    if digits.is_empty() || !closed {
        return None;
    }
    number_value(&digits)
}

/// Does `text` list item `n` inside a line, after a colon or a sentence's end (`具体包括：
/// 1.普陀区司法局本部`), numbered in the style of `printed`? A number inside a sentence (`1.5万元`,
/// `第1.`) is no item.
fn lists_inline(text: &str, printed: &str, n: u32) -> bool {
    text.char_indices()
        .filter(|&(_, c)| matches!(c, '：' | ':' | '；' | ';' | '。'))
        .any(|(i, c)| {
            let rest = text.get(i + c.len_utf8()..).unwrap_or_default();
            leading_number(rest, printed) == Some(n)
                && !rest
                    .trim_start()
                    .trim_start_matches(['（', '('])
                    .trim_start_matches(|c: char| is_numeral(c))
                    .chars()
                    .nth(1)
                    .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        })
}

fn shown(s: &Section) -> String {
    format!("{}{}", s.number.as_deref().unwrap_or(""), s.title)
}

impl Rule for SectionNumbering {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        // The last numbered section seen at each level (its value, its index), while its list
        // is open.
        let mut last: Vec<Option<(u32, usize, &Section)>> = Vec::new();
        // At each level, the number the last item should have had when it was reported: the
        // next item may follow either (`（一）（二）（二）（四）` and `（一）（二）（四）（四）` are one
        // misnumbered item each, reported once).
        let mut should: Vec<Option<u32>> = Vec::new();
        let sections = &cx.doc.narrative.sections;
        for (i, s) in sections.iter().enumerate() {
            let level = s.level as usize;
            if last.len() <= level {
                last.resize(level + 1, None);
                should.resize(level + 1, None);
            }
            // A section ends the lists below it; an unnumbered one ends its own level's too.
            for slot in last.iter_mut().skip(level + 1) {
                *slot = None;
            }
            for slot in should.iter_mut().skip(level + 1) {
                *slot = None;
            }
            let should_have = should.get_mut(level).and_then(Option::take);
            // Resized above to hold this level.
            let Some(slot) = last.get_mut(level) else {
                continue;
            };
            let Some(printed) = s.number.as_deref() else {
                *slot = None;
                continue;
            };
            let Some(v) = number_value(printed) else {
                continue;
            };
            let prev = slot.replace((v, i, s));
            // The missing items may be printed as paragraphs of the text in between (an item
            // written as one long sentence is read as body text, its siblings as headings):
            // then nothing is missing.
            let from = prev.map_or(i.saturating_sub(1), |(_, pi, _)| pi);
            let between = sections.get(from..i).unwrap_or_default();
            let first = prev.map_or(1, |(p, _, _)| p + 1);
            if v > first
                && (first..v).all(|n| {
                    between.iter().any(|x| {
                        x.text.lines().any(|l| {
                            leading_number(l, printed) == Some(n) || lists_inline(l, printed, n)
                        })
                    })
                })
            {
                continue;
            }
            let (zh, en, before) = match prev {
                None if v > 1 => {
                    let missing: Vec<String> = (1..v).map(|n| styled(printed, n)).collect();
                    (
                        format!("编号不连续：「{}」之前缺少{}", shown(s), missing.join("")),
                        format!(
                            "numbering gap: {} is missing before \"{}\"",
                            missing.join(""),
                            shown(s)
                        ),
                        None,
                    )
                }
                None => continue,
                Some((p, _, _))
                    if v == p + 1 || v == 1 || should_have.map(|n| n + 1) == Some(v) =>
                {
                    continue
                }
                Some((p, _, ps)) if v > p + 1 => {
                    let missing: Vec<String> = (p + 1..v).map(|n| styled(printed, n)).collect();
                    (
                        format!(
                            "编号不连续：「{}」之后是「{}」，缺少{}",
                            shown(ps),
                            shown(s),
                            missing.join("")
                        ),
                        format!(
                            "numbering gap: \"{}\" follows \"{}\"; {} is missing",
                            shown(s),
                            shown(ps),
                            missing.join("")
                        ),
                        Some(ps),
                    )
                }
                Some((p, _, ps)) => (
                    format!(
                        "编号重复或倒序：「{}」之后又是{}（前一个编号为{}）",
                        shown(ps),
                        styled(printed, v),
                        styled(printed, p)
                    ),
                    format!(
                        "numbering repeats or goes back: {} follows {} (\"{}\")",
                        styled(printed, v),
                        styled(printed, p),
                        shown(ps)
                    ),
                    Some(ps),
                ),
            };
            if let Some(slot) = should.get_mut(level) {
                *slot = Some(prev.map_or(1, |(p, _, _)| p + 1));
            }
            let mut f = Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&s.prov);
            if let Some(b) = before {
                f = f.at(&b.prov);
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, lines, run, section};
    use yusuan_model::Region;

    fn other_matters(numbers: &[&str]) -> yusuan_model::Disclosure {
        let mut d = doc();
        let s = &mut d.narrative.sections;
        s.push(section(Some("一"), 1, "单位基本情况", "", 3));
        s.push(section(Some("二"), 1, "部门收支总体情况", "", 17));
        s.push(section(Some("三"), 1, "部门预算情况说明", "", 23));
        s.push(section(Some("四"), 1, "“三公”经费情况说明", "", 31));
        s.push(section(Some("五"), 1, "其他重要事项的情况说明", "", 35));
        for (i, n) in numbers.iter().enumerate() {
            s.push(section(Some(n), 2, "事项", "", 37 + 2 * i as u32));
        }
        s.push(section(Some("六"), 1, "专业性名词解释", "", 47));
        s.push(section(Some("（一）"), 2, "财政拨款收入", "", 49));
        d
    }

    #[test]
    fn gap_is_found() {
        let f = run(
            &SectionNumbering,
            &other_matters(&["（一）", "（二）", "（四）", "（五）"]),
            Region::Chongqing,
        );
        assert_eq!(lines(&f), vec![41]);
        assert!(f[0].message.contains("缺少（三）"), "{}", f[0].message);
        assert_eq!(f[0].locations[1].line, Some(39));
    }

    #[test]
    fn items_read_as_body_text_are_not_missing() {
        // (一) is one long sentence, read as the text of the heading above; (三) is in the text
        // of (二): neither is missing.
        let mut d = doc();
        d.narrative.sections.push(section(
            Some("一"),
            1,
            "主要工作任务",
            "（一）认真贯彻会议精神，切实行使职权。",
            10,
        ));
        d.narrative.sections.push(section(
            Some("（二）"),
            2,
            "充分发挥立法作用",
            "全面贯彻。\n（三）做好交流工作，接待代表团。",
            12,
        ));
        d.narrative
            .sections
            .push(section(Some("（四）"), 2, "加强自身建设", "", 15));
        let f = run(&SectionNumbering, &d, Region::Chongqing);
        assert!(
            f.is_empty(),
            "{:?}",
            f.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
        // Without them in the text, both gaps are found.
        let mut d = doc();
        for (i, n) in ["（二）", "（四）"].iter().enumerate() {
            d.narrative
                .sections
                .push(section(Some(n), 2, "事项", "其他内容。", 10 + i as u32));
        }
        assert_eq!(run(&SectionNumbering, &d, Region::Chongqing).len(), 2);
    }

    #[test]
    fn repeat_is_found() {
        let mut d = doc();
        for (i, n) in ["1.", "2.", "3.", "2.", "3."].iter().enumerate() {
            d.narrative
                .sections
                .push(section(Some(n), 3, "科目", "", 100 + i as u32));
        }
        let f = run(&SectionNumbering, &d, Region::Shanghai);
        assert_eq!(lines(&f), vec![103]);
        assert!(f[0].message.contains("编号重复"), "{}", f[0].message);
    }

    #[test]
    fn one_misnumbered_item_is_reported_once() {
        for (numbers, message) in [
            (["（一）", "（二）", "（二）", "（四）"], "编号重复"),
            (["（一）", "（二）", "（四）", "（四）"], "缺少（三）"),
        ] {
            let f = run(
                &SectionNumbering,
                &other_matters(&numbers),
                Region::Chongqing,
            );
            assert_eq!(lines(&f), vec![41], "{numbers:?}");
            assert!(f[0].message.contains(message), "{}", f[0].message);
        }
        // Two misnumbered items are two findings.
        let f = run(
            &SectionNumbering,
            &other_matters(&["（一）", "（二）", "（二）", "（四）", "（六）"]),
            Region::Chongqing,
        );
        assert_eq!(lines(&f), vec![41, 45]);
    }

    #[test]
    fn items_listed_inside_a_line_are_not_missing() {
        // 司法局 2026: `具体包括：1.普陀区司法局本部` ends the text, `2.普陀区法律援助中心` is read
        // as a heading.
        let mut d = doc();
        d.narrative.sections.push(section(
            None,
            0,
            "机构设置",
            "本部门中，行政单位1家，参公单位1家，具体包括：1.普陀区司法局本部",
            10,
        ));
        d.narrative
            .sections
            .push(section(Some("2."), 3, "普陀区法律援助中心", "", 12));
        assert!(run(&SectionNumbering, &d, Region::Shanghai).is_empty());
        // An amount is no item.
        d.narrative.sections[0].text = "预算为：1.5万元".into();
        assert_eq!(run(&SectionNumbering, &d, Region::Shanghai).len(), 1);
        assert!(lists_inline("包括：1.本部", "2.", 1));
        assert!(!lists_inline("包括：1.5万元", "2.", 1));
        assert!(!lists_inline("共1.本部", "2.", 1));
    }

    #[test]
    fn sequences_and_restarts_pass() {
        let d = other_matters(&["（一）", "（二）", "（三）", "（四）"]);
        assert!(run(&SectionNumbering, &d, Region::Chongqing).is_empty());
        let mut d = doc();
        for (i, n) in ["一", "二", "三", "一", "二"].iter().enumerate() {
            d.narrative
                .sections
                .push(section(Some(n), 1, "部分", "", 10 + i as u32));
        }
        assert!(run(&SectionNumbering, &d, Region::Shanghai).is_empty());
    }

    #[test]
    fn numbers() {
        assert_eq!(number_value("（十二）"), Some(12));
        assert_eq!(number_value("二十一"), Some(21));
        assert_eq!(number_value("3."), Some(3));
        assert_eq!(number_value("１１．"), Some(11));
        assert_eq!(styled("（四）", 3), "（三）");
        assert_eq!(styled("12.", 10), "10.");
        assert_eq!(styled("十一", 12), "十二");
        assert_eq!(to_cn(20), "二十");
        assert_eq!(to_cn(21), "二十一");
        assert_eq!(to_cn(7), "七");
        assert_eq!(leading_number("  4、着力加强提案工作。", "3."), Some(4));
        assert_eq!(leading_number("1．负责督促检查", "6."), Some(1));
        assert_eq!(leading_number("九、政府采购", "十"), Some(9));
        assert_eq!(leading_number("九月份完成", "十"), None);
        assert_eq!(leading_number("（十）做好交流", "（九）"), Some(10));
        assert_eq!(leading_number("（10）做好交流", "（九）"), None);
        assert_eq!(leading_number("2019年预算", "3."), None);
    }
}
