use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use std::collections::HashMap;
use yusuan_model::text::squash;
use yusuan_model::{Fact, Provenance, Section};

declare_rule! {
    /// 情况说明中没有重复粘贴的句子或段落。
    ///
    /// ## 检查什么
    /// The same sentence — at least 20 Chinese characters, compared after removing all
    /// whitespace — does not appear twice in one part of the narrative (a top-level section
    /// with everything under it: parallel parts such as 财政拨款支出 and 一般公共预算支出 say
    /// the same on purpose). A reason on its own (`主要原因是…`) may serve several changes.
    /// Consecutive repeated sentences are reported together, once, at the first repeated one,
    /// with the place of the original.
    ///
    /// ## 为什么
    /// A repeated passage is almost always a copy-and-paste slip: items listed twice make the
    /// reader add them twice, and they often hide an item that should have been there
    /// instead. Reviewers mark them as 文字重复.
    ///
    /// ## 示例
    /// Fails: a list of 财政拨款支出主要内容 numbered 1–11 followed again by items 7–11 word
    /// for word. Passes: each item once.
    pub DuplicateParagraph, "YS506", "duplicate-paragraph", Narrative, Warning
}

/// A reason on its own (`主要原因是政策性增资…`): several changes have the same reason, and
/// saying so twice is no slip.
/// Also one led by what it explains (`决算数小于全年预算数的主要原因：…`).
fn is_reason(sentence: &str) -> bool {
    let lead = sentence
        .split(['：', ':'])
        .next()
        .filter(|l| l.len() < sentence.len() && l.chars().count() <= 20);
    ["主要原因", "原因是", "主要是", "增减原因"]
        .iter()
        .any(|p| sentence.starts_with(p))
        || lead.is_some_and(|l| l.ends_with("原因"))
}

/// Sentences shorter than this (in Chinese characters) are left alone: short phrases
/// (`与2024年预算持平。`) repeat legitimately.
const MIN_CJK: usize = 20;

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Split text into sentences, each with its closing mark.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        cur.push(c);
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            out.push(std::mem::take(&mut cur));
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| squash(&s))
        .filter(|s| !s.is_empty())
        .collect()
}

fn quote(s: &str) -> String {
    const N: usize = 40;
    if s.chars().count() > N {
        format!("{}…", s.chars().take(N).collect::<String>())
    } else {
        s.to_string()
    }
}

/// One sentence of the narrative.
struct Piece<'a> {
    text: String,
    /// The part of the narrative it is in.
    group: usize,
    section: &'a Section,
    /// How many times the same sentence came before it in the same section.
    nth: usize,
}

/// The narrative's facts, indexed to tell quickly which of them a sentence contains: one pass
/// over the sentence whatever the number of facts (comparing every located sentence with every
/// fact made the rule grow with the square of the narrative).
struct FactIndex<'a> {
    facts: &'a [Fact],
    /// The distinct texts (whitespace removed) of the facts read from at least 6 characters.
    texts: Option<AhoCorasick>,
    /// For each text, the facts with that text and a line: (line, index in `facts`), sorted.
    by_text: Vec<Vec<(u32, usize)>>,
}

impl<'a> FactIndex<'a> {
    fn new(facts: &'a [Fact]) -> Self {
        let mut id: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut by_text: Vec<Vec<(u32, usize)>> = Vec::new();
        for (i, f) in facts.iter().enumerate() {
            let Some(line) = f.prov.line else { continue };
            let t = squash(&f.text);
            if t.chars().count() < 6 {
                continue;
            }
            let k = *id.entry(t).or_insert_with_key(|t| {
                patterns.push(t.clone());
                by_text.push(Vec::new());
                patterns.len() - 1
            });
            if let Some(v) = by_text.get_mut(k) {
                v.push((line, i));
            }
        }
        for v in &mut by_text {
            v.sort_unstable();
        }
        Self {
            facts,
            // A contiguous NFA: quick to build; a DFA's construction over CJK bytes costs more
            // than all the searches of a document.
            texts: AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&patterns)
                .ok(),
            by_text,
        }
    }

    /// Where a sentence is: the line of the fact read from it when there is one (the n-th copy
    /// of a sentence goes with the n-th copy of its fact), else its section's first line. The
    /// facts looked at are those on the section's lines; of those the sentence contains, the
    /// first by line (then by order read) names the text whose copies are counted.
    fn locate(&self, p: &Piece) -> Provenance {
        let s = p.section;
        let (from, to) = (
            s.prov.line.unwrap_or(0),
            s.end_line.max(s.prov.line.unwrap_or(0)),
        );
        let within = |k: usize| {
            let v = self.by_text.get(k).map_or(&[][..], Vec::as_slice);
            let lo = v.partition_point(|&(l, _)| l < from);
            let hi = v.partition_point(|&(l, _)| l <= to);
            v.get(lo..hi).unwrap_or_default()
        };
        let mut first: Option<((u32, usize), usize)> = None;
        if let Some(ac) = &self.texts {
            for m in ac.find_overlapping_iter(p.text.as_str()) {
                let k = m.pattern().as_usize();
                if let Some(&at) = within(k).first() {
                    if first.is_none_or(|(best, _)| at < best) {
                        first = Some((at, k));
                    }
                }
            }
        }
        first
            .and_then(|(_, k)| within(k).get(p.nth))
            .and_then(|&(_, i)| self.facts.get(i))
            .map(|f| f.prov.clone())
            .unwrap_or_else(|| s.prov.clone())
    }
}

impl Rule for DuplicateParagraph {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let n = &cx.doc.narrative;
        let index = FactIndex::new(&n.facts);
        let mut pieces: Vec<Piece> = Vec::new();
        // Sentences are compared within one part of the narrative (a top-level section with
        // everything under it): parallel parts say the same on purpose (the national template's
        // 财政拨款支出 and 一般公共预算支出 list the same items; 名词解释 repeats what 机关运行经费
        // covers).
        let mut group = 0usize;
        for s in &n.sections {
            if s.level <= 1 {
                group += 1;
            }
            let mut seen_here: HashMap<String, usize> = HashMap::new();
            for text in sentences(&format!("{}{}", s.title, s.text)) {
                if text.chars().filter(|c| is_cjk(*c)).count() < MIN_CJK || is_reason(&text) {
                    continue;
                }
                let nth = seen_here.entry(text.clone()).or_insert(0);
                pieces.push(Piece {
                    text,
                    group,
                    section: s,
                    nth: *nth,
                });
                *nth += 1;
            }
        }
        // Each repeated sentence with the index of its first occurrence.
        let mut first: HashMap<(usize, &str), usize> = HashMap::new();
        let mut original: Vec<Option<usize>> = Vec::with_capacity(pieces.len());
        for (i, p) in pieces.iter().enumerate() {
            match first.get(&(p.group, p.text.as_str())) {
                Some(&j) => original.push(Some(j)),
                None => {
                    first.insert((p.group, &p.text), i);
                    original.push(None);
                }
            }
        }
        // Runs of consecutive repeats of consecutive sentences: (copies, originals).
        let mut runs: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
        for (i, o) in original.iter().enumerate() {
            let Some(j) = *o else { continue };
            let extends = i
                .checked_sub(1)
                .and_then(|k| original.get(k).copied().flatten())
                .is_some_and(|pj| pj + 1 == j);
            match runs.last_mut() {
                Some((copies, origs)) if extends && copies.last() == Some(&(i - 1)) => {
                    copies.push(i);
                    origs.push(j);
                }
                _ => runs.push((vec![i], vec![j])),
            }
        }
        for (copies, origs) in runs {
            let piece = |i: &usize| pieces.get(*i);
            let copy_prov: Vec<Provenance> = copies
                .iter()
                .filter_map(piece)
                .map(|p| index.locate(p))
                .collect();
            let orig_prov: Vec<Provenance> = origs
                .iter()
                .filter_map(piece)
                .map(|p| index.locate(p))
                .collect();
            let (Some(first_piece), Some(last_piece), Some(first_orig)) = (
                copies.first().and_then(piece),
                copies.last().and_then(piece),
                orig_prov.first(),
            ) else {
                continue;
            };
            let first_copy = &first_piece.text;
            let at_line = first_orig
                .line
                .map(|l| format!("第 {l} 行"))
                .unwrap_or_else(|| "前文".into());
            let at_line_en = first_orig
                .line
                .map(|l| format!("line {l}"))
                .unwrap_or_else(|| "earlier".into());
            let (zh, en) = if copies.len() == 1 {
                (
                    format!("这句话与{}重复：「{}」", at_line, quote(first_copy)),
                    format!(
                        "this sentence repeats one at {}: \"{}\"",
                        at_line_en,
                        quote(first_copy)
                    ),
                )
            } else {
                let last_copy = &last_piece.text;
                (
                    format!(
                        "以下连续 {} 句与{}起的内容重复：「{}」…「{}」",
                        copies.len(),
                        at_line,
                        quote(first_copy),
                        quote(last_copy)
                    ),
                    format!(
                        "{} consecutive sentences repeat the passage at {}: \"{}\" … \"{}\"",
                        copies.len(),
                        at_line_en,
                        quote(first_copy),
                        quote(last_copy)
                    ),
                )
            };
            // The first copy, then its original, then the other pairs.
            let locations = copy_prov.iter().zip(&orig_prov).flat_map(|(c, o)| [c, o]);
            let mut f = Finding::new(Self::INFO.code, Self::INFO.severity, zh, en);
            for l in locations {
                if !f.locations.contains(l) {
                    f = f.at(l);
                }
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, fact, lines, run, section};
    use yusuan_model::{FactKey, Region};

    const ITEM7: &str = "7.“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”887.36万元，主要用于缴纳职业年金支出。";
    const ITEM8: &str = "8.“社会保障和就业支出（类）行政事业单位养老支出（款）其它行政事业单位养老支出（项）”0.96万元，主要用于缴纳养老支出。";
    const ITEM6: &str = "6.“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）”174.83万元，主要用于缴纳基本养老保险支出。";

    fn with_items(items: &[&str]) -> yusuan_model::Disclosure {
        let mut d = doc();
        let text = items.join("\n");
        let mut s = section(None, 1, "2025年部门预算编制说明", &text, 87);
        s.end_line = 87 + items.len() as u32;
        d.narrative.sections.push(s);
        for (i, item) in items.iter().enumerate() {
            let key = FactKey::Other { label: "x".into() };
            let n = item.chars().count();
            let clause: String = item.chars().skip(n - 20).collect();
            d.narrative
                .facts
                .push(fact(key, "1.00", &clause, 88 + i as u32));
        }
        d
    }

    #[test]
    fn repeated_items_are_reported_once_at_the_copy() {
        let d = with_items(&[ITEM6, ITEM7, ITEM8, ITEM7, ITEM8]);
        let f = run(&DuplicateParagraph, &d, Region::Shanghai);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(lines(&f), vec![91]);
        assert_eq!(f[0].locations[1].line, Some(89));
        assert!(f[0].message.contains("连续 2 句"), "{}", f[0].message);
    }

    #[test]
    fn distinct_sentences_and_short_repeats_pass() {
        let mut d = with_items(&[ITEM6, ITEM7, ITEM8]);
        d.narrative.sections.push(section(
            Some("（一）"),
            2,
            "因公出国（境）费",
            "与2024年预算持平。与2024年预算持平。",
            200,
        ));
        assert!(run(&DuplicateParagraph, &d, Region::Shanghai).is_empty());
    }

    #[test]
    fn parallel_parts_and_shared_reasons_pass() {
        // The national template lists the same items under 财政拨款支出 and 一般公共预算支出,
        // and several changes share one reason.
        let mut d = doc();
        let reason = "主要原因是政策性增资、住房公积金和提租补贴基数及比例调整支出增加等。";
        for (i, title) in ["财政拨款支出预算情况说明", "一般公共预算支出预算情况说明"]
            .iter()
            .enumerate()
        {
            d.narrative.sections.push(section(
                Some(["五", "七"][i]),
                1,
                title,
                &format!("{ITEM7}\n{ITEM8}"),
                300 + 10 * i as u32,
            ));
        }
        d.narrative.sections.push(section(
            Some("（一）"),
            2,
            "收入",
            &format!("一般公共预算收入增加。{reason}\n政府性基金收入增加。{reason}"),
            330,
        ));
        let f = run(&DuplicateParagraph, &d, Region::Shanghai);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn reasons() {
        assert!(is_reason("主要原因是政策性增资等。"));
        assert!(is_reason(
            "决算数小于全年预算数的主要原因：单位2024年新成立，人员变动，按实际支出。"
        ));
        assert!(!is_reason(
            "用于单位购买按财务会计制度规定不符合固定资产确认标准的办公用品。"
        ));
        assert!(!is_reason(
            "其中：原因分析见下表所列各项内容，不再另行说明。"
        ));
    }

    #[test]
    fn splits_sentences() {
        assert_eq!(sentences("甲。乙 丙！\n丁"), vec!["甲。", "乙丙！", "丁"]);
    }
}
