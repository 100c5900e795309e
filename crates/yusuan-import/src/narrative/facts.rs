//! Amounts, changes and reasons stated in the narrative text, with a semantic key for each
//! amount read from its subject words and the section it is in.

use super::lines::numbering;
use super::path;
use super::text::{
    at, char_before, chars_text, has_any, is_clause_delim, is_sentence_end, year_at, Para,
};
use crate::source::SourceText;
use yusuan_model::{
    parse_amount, Amount, Change, Code, Direction, Fact, FactKey, Figure, FundSource, Level,
    MoneyUnit, Provenance, Reason, Scheme,
};

/// What a paragraph's sections say about it.
#[derive(Clone, Debug, Default)]
pub struct SectionCx {
    pub index: Option<usize>,
    /// The innermost section as printed (`（一）收入预算`).
    pub display: Option<String>,
    /// Titles from the innermost section outwards.
    pub titles: Vec<String>,
    /// The unit's names the document prints (cover, headings, the tables' 编制单位).
    pub units: Vec<String>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Side {
    Income,
    Expenditure,
    Unknown,
}

impl SectionCx {
    fn any(&self, k: &str) -> bool {
        self.titles.iter().any(|t| t.contains(k))
    }

    fn inner(&self, k: &str) -> bool {
        self.titles.first().is_some_and(|t| t.contains(k))
    }

    /// Income or expenditure, from the nearest title that names exactly one of them.
    fn side(&self) -> Side {
        for t in &self.titles {
            match (t.contains("收入"), t.contains("支出")) {
                (true, false) => return Side::Income,
                (false, true) => return Side::Expenditure,
                _ => {}
            }
        }
        Side::Unknown
    }
}

/// An amount found in the text: `3636.80 万元`.
#[derive(Clone, Debug)]
struct MoneyHit {
    start: usize,
    end: usize,
    amount: Amount,
}

/// A stated change: `比 2024 年减少 84.30 万元`.
#[derive(Clone, Debug)]
struct ChangeHit {
    start: usize,
    end: usize,
    /// Where the change is stated: its amount, or the direction word when there is none.
    dir_pos: usize,
    direction: Direction,
    amount: Option<Amount>,
    year: Option<u16>,
    percent: Option<String>,
}

/// A reason clause after `主要是` / `主要原因是`.
#[derive(Clone, Debug)]
struct ReasonHit {
    marker: usize,
    end: usize,
    /// (label, direction, amount, position)
    items: Vec<(String, Direction, Option<Amount>, usize)>,
    prose: Option<String>,
}

#[derive(Clone, Debug)]
enum Tok {
    Money(MoneyHit),
    Change(ChangeHit),
    Reason(ReasonHit),
}

impl Tok {
    fn start(&self) -> usize {
        match self {
            Tok::Money(m) => m.start,
            Tok::Change(c) => c.start,
            Tok::Reason(r) => r.marker,
        }
    }
    fn end(&self) -> usize {
        match self {
            Tok::Money(m) => m.end,
            Tok::Change(c) => c.end,
            Tok::Reason(r) => r.end,
        }
    }
}

/// Where a fact's text lies, to extend it when a change is attached later.
#[derive(Clone, Debug)]
struct FactSpan {
    section: Option<usize>,
    para: usize,
    /// Start of the sentence the fact was read in.
    sentence: usize,
    start: usize,
    end: usize,
}

/// State within one sentence.
#[derive(Clone, Debug, Default)]
struct SentState {
    /// The sentence stated project money covered by goals (`涉及…资金 X 万元，Y 万元`).
    perf: bool,
    /// Procurement amounts of one fund source follow (`其中一般公共预算拨款政府采购 …`).
    proc_scope: bool,
    /// Amounts read before in the sentence.
    amounts_before: usize,
    /// No amount was read before in the paragraph.
    first_in_paragraph: bool,
}

/// Collects facts over the paragraphs of a narrative.
pub struct Extractor<'s> {
    src: &'s SourceText,
    /// The catalogue class names and paths are resolved against.
    catalog: &'s path::CatalogIndex<'s>,
    pub facts: Vec<Fact>,
    spans: Vec<FactSpan>,
    /// Amounts that could not be read: (line, message).
    pub problems: Vec<(u32, String)>,
}

const DIRECTIONS: [(&str, Direction); 14] = [
    ("基本持平", Direction::Flat),
    ("持平", Direction::Flat),
    ("一致", Direction::Flat),
    ("相同", Direction::Flat),
    ("不变", Direction::Flat),
    ("无变化", Direction::Flat),
    ("增加", Direction::Increase),
    ("增长", Direction::Increase),
    ("上升", Direction::Increase),
    ("提高", Direction::Increase),
    ("减少", Direction::Decrease),
    ("下降", Direction::Decrease),
    ("降低", Direction::Decrease),
    ("压减", Direction::Decrease),
];

const REASON_MARKERS: [&str; 11] = [
    "主要原因是",
    "主要原因为",
    "主要原因：",
    "主要原因:",
    "主要原因系",
    "主要是由于",
    "主要由于",
    "主要是",
    "主要系",
    "原因是",
    "原因为",
];

impl<'s> Extractor<'s> {
    pub fn new(src: &'s SourceText, catalog: &'s path::CatalogIndex<'s>) -> Extractor<'s> {
        Extractor {
            src,
            catalog,
            facts: Vec::new(),
            spans: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn prov(&self, line: u32) -> Provenance {
        let page = self.src.line(line).and_then(|l| l.page);
        Provenance::at_line(&self.src.file, line, page)
    }

    /// Read the facts of one paragraph (`para_no` numbers paragraphs in document order).
    pub fn paragraph(&mut self, para_no: usize, para: &Para, cx: &SectionCx) {
        let chars = &para.chars;
        if chars.is_empty() {
            return;
        }
        let money = self.scan_money(para);

        let changes = scan_changes(chars, &money);
        let reasons = scan_reasons(chars, &money, &changes);
        let mut toks: Vec<Tok> = Vec::new();
        let covered = |pos: usize| {
            changes.iter().any(|c| c.start <= pos && pos < c.end)
                || reasons.iter().any(|r| r.marker <= pos && pos < r.end)
        };
        for m in &money {
            if !covered(m.start) {
                toks.push(Tok::Money(m.clone()));
            }
        }
        for c in &changes {
            if !reasons
                .iter()
                .any(|r| r.marker <= c.start && c.start < r.end)
            {
                toks.push(Tok::Change(c.clone()));
            }
        }
        for r in reasons {
            toks.push(Tok::Reason(r));
        }
        toks.sort_by_key(|t| t.start());

        let first_new = self.facts.len();
        let mut prev_end = 0usize;
        let mut cur_sentence = usize::MAX;
        let mut st = SentState::default();
        let mut last_fact: Option<(usize, usize)> = None; // (fact index, sentence start)
        let mut last_change: Option<(usize, usize)> = None; // (fact index, sentence start)
        let mut amounts_in_para = 0usize;
        for tok in &toks {
            let start = tok.start();
            let ss = sentence_start(chars, start);
            if ss != cur_sentence {
                cur_sentence = ss;
                st = SentState::default();
            }
            st.first_in_paragraph = amounts_in_para == 0;
            let cs = clause_start(chars, start).max(prev_end).max(ss);
            let before: String = para.slice(ss, cs);
            match tok {
                Tok::Money(m) => {
                    let label_raw = para.slice(cs, m.start);
                    let end = clause_end(chars, m.end);
                    // `住房保障支出增加466.32万元`: the amount is a change, not the figure.
                    let fact = match direction_before(&label_raw) {
                        Some((subject, direction)) => {
                            let key = classify(subject, &before, cx, &mut st.clone(), self.catalog);
                            Fact {
                                figure: None,
                                key,
                                amount: None,
                                change: Some(Change {
                                    direction,
                                    amount: Some(m.amount),
                                    percent: None,
                                    versus_year: None,
                                    reasons: Vec::new(),
                                    reason_text: None,
                                    prov: self.prov(para.line_at(m.start)),
                                }),
                                text: String::new(),
                                section: cx.display.clone(),
                                prov: self.prov(para.line_at(m.start)),
                            }
                        }
                        None => {
                            let key = classify(&label_raw, &before, cx, &mut st, self.catalog);
                            // The amount before it in the sentence, for a figure whose subject
                            // that one named (`…年初预算为 X 万元，支出决算为 Y 万元`).
                            let previous = last_fact
                                .filter(|(_, s)| *s == ss)
                                .and_then(|(f, _)| self.facts.get(f))
                                .filter(|f| f.change.is_none());
                            let (key, figure) = three_public_figure(key, &label_raw, cx, previous);
                            Fact {
                                figure,
                                key,
                                amount: Some(m.amount),
                                change: None,
                                text: String::new(),
                                section: cx.display.clone(),
                                prov: self.prov(para.line_at(m.start)),
                            }
                        }
                    };
                    let is_change = fact.change.is_some();
                    self.facts.push(fact);
                    self.spans.push(FactSpan {
                        section: cx.index,
                        para: para_no,
                        sentence: ss,
                        start: cs,
                        end,
                    });
                    if is_change {
                        last_change = Some((self.facts.len() - 1, ss));
                    } else {
                        last_fact = Some((self.facts.len() - 1, ss));
                    }
                    st.amounts_before += 1;
                    amounts_in_para += 1;
                }
                Tok::Change(c) => {
                    let subject_raw = para.slice(cs, c.start);
                    let subject = clean_subject(&subject_raw);
                    let change = Change {
                        direction: c.direction,
                        amount: if c.direction == Direction::Flat {
                            None
                        } else {
                            c.amount
                        },
                        percent: c.percent.clone(),
                        versus_year: c.year,
                        reasons: Vec::new(),
                        reason_text: None,
                        prov: self.prov(para.line_at(c.dir_pos)),
                    };
                    let end = clause_end(chars, c.end);
                    let mut key_for_new: Option<FactKey> = None;
                    let target = if subject.is_empty() {
                        last_fact
                            .map(|(f, _)| f)
                            .or_else(|| self.last_in_section(cx.index, |_| true))
                            .filter(|&f| self.facts.get(f).is_some_and(|x| x.change.is_none()))
                    } else {
                        let key =
                            classify(&subject_raw, &before, cx, &mut st.clone(), self.catalog);
                        if matches!(key, FactKey::Other { .. }) {
                            let t = last_fact
                                .filter(|(_, s)| *s == ss)
                                .map(|(f, _)| f)
                                .filter(|&f| self.facts.get(f).is_some_and(|x| x.change.is_none()));
                            if t.is_none() {
                                key_for_new = Some(key);
                            }
                            t
                        } else {
                            let t = self
                                .last_in_section(cx.index, |f| f.key == key && f.change.is_none());
                            if t.is_none() {
                                key_for_new = Some(key);
                            }
                            t
                        }
                    };
                    let fi = match target {
                        Some(f) => {
                            if let Some((fact, span)) = self.fact_mut(f) {
                                fact.change = Some(change);
                                if span.para == para_no && span.sentence == ss {
                                    span.end = span.end.max(end);
                                }
                            }
                            f
                        }
                        None => {
                            // A change stated on its own (`公务用车购置费比 2024 年持平`).
                            let key = key_for_new.unwrap_or_else(|| FactKey::Other {
                                label: cx.display.clone().unwrap_or_default(),
                            });
                            self.facts.push(Fact {
                                figure: None,
                                key,
                                amount: None,
                                change: Some(change),
                                text: String::new(),
                                section: cx.display.clone(),
                                prov: self.prov(para.line_at(c.start)),
                            });
                            self.spans.push(FactSpan {
                                section: cx.index,
                                para: para_no,
                                sentence: ss,
                                start: cs,
                                end,
                            });
                            self.facts.len() - 1
                        }
                    };
                    last_change = Some((fi, ss));
                }
                Tok::Reason(r) => {
                    let subject = para.slice(cs, r.marker);
                    let mut targets: Vec<usize> = Vec::new();
                    match last_change {
                        Some((f, s)) if s == ss => targets.push(f),
                        _ => {
                            if has_any(&subject, CHANGE_WORDS) {
                                for key in keys_for_subject(&subject, cx, self.catalog) {
                                    if let Some(f) = self.last_in_section(cx.index, |f| {
                                        f.key == key
                                            && f.change.as_ref().is_some_and(|c| {
                                                c.reasons.is_empty() && c.reason_text.is_none()
                                            })
                                    }) {
                                        targets.push(f);
                                    }
                                }
                            }
                            if targets.is_empty() {
                                if let Some((f, _)) = last_change {
                                    targets.push(f);
                                }
                            }
                        }
                    }
                    for f in targets {
                        let reasons: Vec<Reason> = r
                            .items
                            .iter()
                            .map(|(label, direction, amount, pos)| Reason {
                                label: label.clone(),
                                direction: *direction,
                                amount: *amount,
                                prov: self.prov(para.line_at(*pos)),
                            })
                            .collect();
                        let Some((fact, span)) = self.fact_mut(f) else {
                            continue;
                        };
                        if let Some(c) = fact.change.as_mut() {
                            if reasons.is_empty() {
                                if c.reason_text.is_none() {
                                    c.reason_text = r.prose.clone();
                                }
                            } else {
                                c.reasons.extend(reasons);
                            }
                        }
                        if span.para == para_no && span.sentence == ss {
                            span.end = span.end.max(r.end);
                        }
                    }
                }
            }
            prev_end = tok.end();
        }
        for (fact, sp) in self.facts.iter_mut().zip(&self.spans).skip(first_new) {
            fact.text = trim_clause(&para.slice(sp.start, sp.end));
        }
        // Texts of earlier facts extended by this paragraph keep their own paragraph's text.
    }

    /// The last fact of a section that satisfies `pred`, among the last [`MAX_LOOKBACK`] facts.
    fn last_in_section(
        &self,
        section: Option<usize>,
        pred: impl Fn(&Fact) -> bool,
    ) -> Option<usize> {
        self.facts
            .iter()
            .zip(&self.spans)
            .enumerate()
            .rev()
            .take(MAX_LOOKBACK)
            .find(|(_, (f, sp))| sp.section == section && pred(f))
            .map(|(i, _)| i)
    }

    /// Fact `f` and its span (the two lists are kept side by side).
    fn fact_mut(&mut self, f: usize) -> Option<(&mut Fact, &mut FactSpan)> {
        Some((self.facts.get_mut(f)?, self.spans.get_mut(f)?))
    }

    fn scan_money(&mut self, para: &Para) -> Vec<MoneyHit> {
        let chars = &para.chars;
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            let boundary = !matches!(char_before(chars, i), Some('0'..='9' | '.' | ','));
            if !(c.is_ascii_digit() && boundary) {
                i += 1;
                continue;
            }
            let mut j = i;
            while chars
                .get(j)
                .is_some_and(|c| matches!(c, '0'..='9' | '.' | ','))
            {
                j += 1;
            }
            let mut e = j;
            while e > i && matches!(char_before(chars, e), Some('.' | ',')) {
                e -= 1;
            }
            let (unit, end) = if at(chars, e, "万元") {
                (MoneyUnit::WanYuan, e + 2)
            } else if at(chars, e, "元") {
                (MoneyUnit::Yuan, e + 1)
            } else {
                i = j;
                continue;
            };
            let threshold = (i >= 2
                && ["单价", "超过", "低于"].iter().any(|w| at(chars, i - 2, w)))
                || [
                    "以上",
                    "以下",
                    "及以下",
                    "及以上",
                    "（含）以上",
                    "(含)以上",
                    "以内",
                ]
                .iter()
                .any(|w| at(chars, end, w));
            if !threshold {
                let num = chars_text(chars, i, e);
                match parse_amount(&num, unit) {
                    Ok(Some(amount)) => out.push(MoneyHit {
                        start: i,
                        end,
                        amount,
                    }),
                    Ok(None) => {}
                    Err(err) => self.problems.push((para.line_at(i), err.to_string())),
                }
            }
            i = end;
        }
        out
    }
}

/// `住房保障支出增加` before an amount: the subject and the direction of a change stated without
/// the year compared with.
fn direction_before(label: &str) -> Option<(&str, Direction)> {
    let t = label.trim_end();
    let t = t.strip_suffix('了').unwrap_or(t);
    DIRECTIONS
        .iter()
        .filter(|(_, d)| *d != Direction::Flat)
        .find_map(|(w, d)| t.strip_suffix(w).map(|rest| (rest, *d)))
}

/// How many facts back a change or reason looks for the figure it is about: far more than a
/// section of any real narrative states (a few dozen), so that a narrative of pasted or hostile
/// text, with many thousands of facts, costs time in proportion to its length.
const MAX_LOOKBACK: usize = 500;

const CHANGE_WORDS: &[&str] = &[
    "增加", "减少", "增长", "下降", "变化", "变动", "持平", "增减",
];

fn sentence_start(chars: &[char], pos: usize) -> usize {
    (0..pos.min(chars.len()))
        .rev()
        .find(|&i| is_sentence_end(chars, i))
        .map_or(0, |i| i + 1)
}

fn clause_start(chars: &[char], pos: usize) -> usize {
    (0..pos.min(chars.len()))
        .rev()
        .find(|&i| is_clause_delim(chars, i))
        .map_or(0, |i| i + 1)
}

/// Where the clause with `pos` ends: at the next delimiter, or [`MAX_CLAUSE_TAIL`] characters on
/// (the text kept with each fact must not grow with a paragraph that has no delimiters).
fn clause_end(chars: &[char], pos: usize) -> usize {
    let limit = pos.saturating_add(MAX_CLAUSE_TAIL).min(chars.len());
    (pos..limit)
        .find(|&i| is_clause_delim(chars, i) || chars.get(i) == Some(&'、'))
        .unwrap_or(limit)
}

/// The most characters a fact's clause runs on after its figure without a delimiter: far more
/// than any written clause.
const MAX_CLAUSE_TAIL: usize = 300;

fn trim_clause(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '，' | '；' | '：' | '。' | '、'))
        .to_string()
}

/// `比 2024 年减少 84.30 万元`, `较 2024 年减少`, `比上年减少 4.81 万元`, `与2024年预算持平`,
/// `与2024年预算一致0万元`, `同比增长 5%`.
fn scan_changes(chars: &[char], money: &[MoneyHit]) -> Vec<ChangeHit> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if !matches!(c, '比' | '较' | '与' | '同') {
            i += 1;
            continue;
        }
        let mut k = i + 1;
        let mut year = None;
        let mut ok = false;
        if c == '同' {
            if at(chars, k, "比") {
                k += 1;
                ok = true;
            }
        } else {
            for w in ["上一年度", "上年度", "上一年", "上年", "去年"] {
                if at(chars, k, w) {
                    k += w.chars().count();
                    ok = true;
                    break;
                }
            }
            if let Some(y) = year_at(chars, k).filter(|_| !ok) {
                year = Some(y);
                k += 5;
                if at(chars, k, "度") {
                    k += 1;
                }
                ok = true;
            }
        }
        if !ok {
            i += 1;
            continue;
        }
        for _ in 0..4 {
            let m = [
                "年初预算数",
                "年初预算",
                "预算数",
                "预算",
                "决算数",
                "决算",
                "执行数",
                "同期",
                "相比",
                "数",
            ]
            .into_iter()
            .find(|m| at(chars, k, m));
            match m {
                Some(m) => k += m.chars().count(),
                None => break,
            }
        }
        let Some((w, direction)) = DIRECTIONS.iter().find(|(w, _)| at(chars, k, w)) else {
            i += 1;
            continue;
        };
        let dir_pos = k;
        k += w.chars().count();
        if at(chars, k, "了") {
            k += 1;
        }
        let mut amount = None;
        let mut amount_pos = dir_pos;
        if let Some(m) = money.iter().find(|m| m.start == k) {
            amount = Some(m.amount);
            amount_pos = m.start;
            k = m.end;
        }
        // `，增长 5.2%`
        let mut percent = None;
        let mut p = k;
        if matches!(chars.get(p), Some('，' | ',')) {
            p += 1;
        }
        for w in ["增长", "下降", "增幅", "降幅", "上升", "减少"] {
            if at(chars, p, w) {
                p += w.chars().count();
                break;
            }
        }
        let q = p + chars
            .iter()
            .skip(p)
            .take_while(|c| c.is_ascii_digit() || **c == '.')
            .count();
        if q > p && matches!(chars.get(q), Some('%' | '％')) {
            percent = Some(format!("{}%", chars_text(chars, p, q)));
            k = q + 1;
        }
        out.push(ChangeHit {
            start: i,
            end: k,
            dir_pos: if direction == &Direction::Flat {
                dir_pos
            } else {
                amount_pos
            },
            direction: *direction,
            amount,
            year,
            percent,
        });
        i = k.max(i + 1);
    }
    out
}

/// `主要是一般公共服务经费拨款增加 420.34 万元，…` and `主要原因是人员调薪等`.
fn scan_reasons(chars: &[char], money: &[MoneyHit], changes: &[ChangeHit]) -> Vec<ReasonHit> {
    let mut out = Vec::new();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let Some(m) = REASON_MARKERS.iter().find(|m| at(chars, i, m)) else {
            i += 1;
            continue;
        };
        let marker = i;
        let body = i + m.chars().count();
        if at(chars, body, "指") {
            i = body;
            continue;
        }
        // Only a reason when a change precedes it in the paragraph, or its subject names one
        // (`财政拨款收入支出增加的主要原因是…`).
        let cs = clause_start(chars, marker);
        let subject = chars_text(chars, cs, marker);
        let active = changes.iter().any(|c| c.start < marker) || has_any(&subject, CHANGE_WORDS);
        if !active {
            i = body;
            continue;
        }
        let seg_end = (body..n).find(|&k| is_sentence_end(chars, k)).unwrap_or(n);
        let mut items = Vec::new();
        let mut prose: Vec<String> = Vec::new();
        let mut end = body;
        let mut k = body;
        while k < seg_end {
            // A comma between digits groups thousands (`6,130,700元`): it ends no item.
            let digit = |x: Option<&char>| x.is_some_and(char::is_ascii_digit);
            let item_end = (k..seg_end)
                .find(|&x| match chars.get(x) {
                    Some('，' | '；' | ';') => true,
                    Some(',') => {
                        !(digit(char_before(chars, x).as_ref()) && digit(chars.get(x + 1)))
                    }
                    _ => false,
                })
                .unwrap_or(seg_end);
            let item = chars_text(chars, k, item_end);
            let delim = chars.get(item_end).copied();
            // `增减相抵后项目支出预算数增加125.62万元`: the change itself restated ends the list.
            let restated = ["增减相抵", "相抵后", "综上", "合计", "共计", "总计"]
                .iter()
                .any(|w| item.starts_with(w));
            if item.starts_with("主要用于")
                || item.starts_with("用于")
                || item.starts_with("主要包括")
                || item.starts_with("其中")
                || restated
                || changes.iter().any(|c| c.start >= k && c.start < item_end)
            {
                break;
            }
            let hits: Vec<&MoneyHit> = money
                .iter()
                .filter(|m| m.start >= k && m.start < item_end)
                .collect();
            if let Some(h) = hits.first() {
                let dir = DIRECTIONS
                    .iter()
                    .filter(|(_, d)| *d != Direction::Flat)
                    .find_map(|(w, d)| {
                        let len = w.chars().count();
                        let p = h.start.checked_sub(len)?;
                        at(chars, p, w).then_some((p, *d))
                    })
                    .or_else(|| {
                        // `增加了 5 万元`
                        let p = h.start.checked_sub(3)?;
                        DIRECTIONS
                            .iter()
                            .find(|(w, _)| {
                                w.chars().count() == 2 && at(chars, p, w) && at(chars, p + 2, "了")
                            })
                            .map(|(_, d)| (p, *d))
                    });
                let Some((dp, d)) = dir.filter(|(dp, _)| *dp >= k) else {
                    break;
                };
                let label = chars_text(chars, k, dp);
                items.push((clean_reason_label(&label), d, Some(h.amount), h.start));
            } else if let Some((dp, d)) = DIRECTIONS
                .iter()
                .filter(|(_, d)| *d != Direction::Flat)
                .find_map(|(w, d)| {
                    let (before, after) = item.split_once(w)?;
                    let quantified = after
                        .trim_start_matches('了')
                        .starts_with(|c: char| c.is_ascii_digit());
                    quantified.then_some((before.len(), *d))
                })
            {
                // `运转类项目经费统一压减10%`, `综合管理费专项增加209万用于办公用房租赁`: a reason
                // whose amount is not read: the list cannot be added up.
                let label = item.get(..dp).unwrap_or_default().to_string();
                items.push((clean_reason_label(&label), d, None, k));
            } else {
                if !items.is_empty() {
                    break;
                }
                let t = ["，主要用于", "主要用于"]
                    .iter()
                    .filter_map(|w| item.find(w))
                    .min()
                    .and_then(|cut| item.get(..cut))
                    .unwrap_or(&item)
                    .trim()
                    .to_string();
                if !t.is_empty() {
                    prose.push(t);
                }
                if matches!(delim, Some('；' | ';')) {
                    end = item_end;
                    break;
                }
            }
            end = item_end;
            k = item_end + 1;
        }
        if end == body && items.is_empty() && prose.is_empty() {
            i = body;
            continue;
        }
        out.push(ReasonHit {
            marker,
            end: end.max(body),
            items,
            prose: (!prose.is_empty()).then(|| prose.join("，")),
        });
        i = end.max(body);
    }
    out
}

fn clean_reason_label(s: &str) -> String {
    let t = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '、' | '，' | '；'));
    let t = t.strip_prefix("由于").unwrap_or(t);
    t.to_string()
}

/// Keys a reason's subject names: `财政拨款收入支出增加的` → both fiscal totals.
fn keys_for_subject(subject: &str, cx: &SectionCx, cat: &path::CatalogIndex) -> Vec<FactKey> {
    let s = clean_subject(subject);
    if s.contains("收入支出") || s.contains("收支") {
        if s.contains("财政拨款") {
            return vec![FactKey::FiscalIncome, FactKey::FiscalExpenditure];
        }
        return vec![FactKey::IncomeTotal, FactKey::ExpenditureTotal];
    }
    let key = classify(&s, "", cx, &mut SentState::default(), cat);
    if matches!(key, FactKey::Other { .. }) {
        Vec::new()
    } else {
        vec![key]
    }
}

/// Strip numbering, `其中`, a leading year and trailing change words from a change's subject.
fn clean_subject(s: &str) -> String {
    let mut t = clean_label(s);
    loop {
        let before = t.clone();
        for p in ["同比", "全年", "本年", "其中"] {
            if let Some(r) = t.strip_prefix(p) {
                t = r.to_string();
            }
        }
        t = strip_year(&t);
        for w in ["的", "增加", "减少", "增长", "下降", "变化", "变动"] {
            if let Some(r) = t.strip_suffix(w) {
                t = r.to_string();
            }
        }
        if t == before {
            break;
        }
    }
    t
}

/// `2025年` / `2025年度` at the start.
fn strip_year(s: &str) -> String {
    let cs: Vec<char> = s.chars().collect();
    if year_at(&cs, 0).is_some() {
        let mut k = 5;
        if cs.get(k) == Some(&'度') {
            k += 1;
        }
        let r = chars_text(&cs, k, cs.len());
        return r.trim_start_matches(['，', ',']).to_string();
    }
    s.to_string()
}

/// The words before an amount, without numbering, `其中`, and a trailing `为`.
pub fn clean_label(s: &str) -> String {
    let mut t = s
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '、' | '，' | '；' | '：' | ':'))
        .to_string();
    loop {
        let before = t.clone();
        if let Some(n) = numbering(&t) {
            t = n.rest;
        }
        for p in ["其中", "包括", "分别为", "分别是", "另有", "、", "：", "“"] {
            if let Some(r) = t.strip_prefix(p) {
                t = r.to_string();
            }
        }
        for w in ["约为", "为", "是", "共计", "达到", "约"] {
            if let Some(r) = t.strip_suffix(w) {
                t = r.to_string();
            }
        }
        t = t
            .trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, '、' | '，' | '；' | '：' | ':')
            })
            .to_string();
        if t == before {
            break;
        }
    }
    t
}

fn has_source(l: &str) -> bool {
    has_any(l, &["一般公共预算", "政府性基金", "国有资本经营"])
}

/// Words that name an organisation at the end of a unit's name (`上海市普陀区财政局`,
/// `江苏省政协办公厅`): a total's label may start with the unit's name.
const ORG_SUFFIXES: [&str; 22] = [
    "办公室",
    "办公厅",
    "办事处",
    "委员会",
    "常委会",
    "街道",
    "人民政府",
    "政府",
    "管理局",
    "局",
    "厅",
    "委",
    "院",
    "部",
    "中心",
    "所",
    "站",
    "馆",
    "队",
    "处",
    "社",
    "校",
];

/// Words of budget vocabulary: a prefix holding one is not a unit's name.
const BUDGET_WORDS: [&str; 12] = [
    "支出", "收入", "经费", "费", "资金", "拨款", "预算", "事务", "保障", "补助", "项目", "采购",
];

/// Take qualifiers that do not change which figure is meant off a label: years, the unit's
/// name, `本年`/`本部门`, a leading `，`.
fn strip_qualifiers(s: &str) -> String {
    let mut t = s.to_string();
    // Years anywhere: `江苏省政协办公厅2017年度…`.
    loop {
        let cs: Vec<char> = t.chars().collect();
        let Some(i) = (0..cs.len()).find(|&i| year_at(&cs, i).is_some()) else {
            break;
        };
        let mut k = i + 5;
        if cs.get(k) == Some(&'度') {
            k += 1;
        }
        t = cs.iter().take(i).chain(cs.iter().skip(k)).collect();
    }
    for w in ["本年", "当年", "本部门", "本单位", "部门", "单位", "本级"] {
        t = t.replace(w, "");
    }
    // The unit's name: the longest prefix ending in an organisation word without budget words.
    let cut = ORG_SUFFIXES
        .iter()
        .filter_map(|suf| t.rfind(suf).map(|i| i + suf.len()))
        .filter(|&end| {
            t.get(..end).is_some_and(|prefix| {
                prefix.chars().count() >= 4 && !BUDGET_WORDS.iter().any(|w| prefix.contains(w))
            })
        })
        .max();
    if let Some(rest) = cut.and_then(|end| t.get(end..)) {
        t = rest.to_string();
    }
    t.trim_matches(|c: char| c.is_whitespace() || matches!(c, '，' | ',' | '、' | '：'))
        .to_string()
}

/// What is left of a label without the words every total's label may carry.
fn total_residue(s: &str) -> String {
    let mut t = strip_qualifiers(s);
    for w in [
        "预算数",
        "预算",
        "决算数",
        "决算",
        "总计",
        "合计",
        "总额",
        "总数",
        "安排",
        "年初",
        "数",
        "总",
    ] {
        t = t.replace(w, "");
    }
    t
}

/// The label without a leading year and unit's name.
fn strip_unit(l: &str, units: &[String]) -> String {
    let t = strip_year(l);
    units
        .iter()
        .filter(|u| u.chars().count() >= 2)
        .find_map(|u| t.strip_prefix(u.as_str()))
        .map_or_else(|| l.to_string(), str::to_string)
}

/// A label that is a unit's name followed by a total's wording (`测试单位收入预算`, once the unit's
/// name is known from the cover or the tables): the total it names.
pub fn unit_total(label: &str, unit: &str) -> Option<FactKey> {
    let unit = unit.trim();
    if unit.chars().count() < 3 {
        return None;
    }
    let l = strip_year(label);
    let rest = l.strip_prefix(unit)?;
    match total_wording(rest)? {
        Side::Income => Some(FactKey::IncomeTotal),
        _ => Some(FactKey::ExpenditureTotal),
    }
}

/// `江苏省委办公厅本年支出预算合计`, `支出预算`, `（一）收入预算总计`: the side a total's wording
/// names, or `None` when the label names something more.
fn total_wording(l: &str) -> Option<Side> {
    match total_residue(l).as_str() {
        "收入" => Some(Side::Income),
        "支出" => Some(Side::Expenditure),
        _ => None,
    }
}

/// A label that names no figure of its own (`2025年年初预算数`, `预算总额`, ``).
fn is_bare(l: &str) -> bool {
    total_residue(l).is_empty()
}

/// The source a label names when it names the source's total and nothing more
/// (`一般公共预算拨款支出预算`, `国有资本经营预算收入`).
fn source_total(l: &str) -> Option<FundSource> {
    let sources = [
        ("国有资本经营预算", FundSource::StateCapital),
        ("国有资本经营", FundSource::StateCapital),
        ("政府性基金预算", FundSource::GovFund),
        ("政府性基金", FundSource::GovFund),
        ("一般公共预算", FundSource::GeneralBudget),
    ];
    let (w, source) = sources.iter().find(|(w, _)| l.contains(w))?;
    let mut rest = l.replacen(w, "", 1);
    for x in ["财政拨款", "拨款", "资金", "收入", "支出"] {
        rest = rest.replace(x, "");
    }
    is_bare(&rest).then_some(*source)
}

/// `财政拨款收入`, `江苏省政协办公厅2017年度财政拨款预算支出`: the three fiscal budgets' total.
fn fiscal_total(l: &str) -> bool {
    if !l.contains("财政拨款") {
        return false;
    }
    let mut rest = l.replacen("财政拨款", "", 1);
    for x in ["收、支", "收支", "收入", "支出"] {
        rest = rest.replace(x, "");
    }
    is_bare(&rest)
}

fn is_three_public(k: &FactKey) -> bool {
    matches!(
        k,
        FactKey::ThreePublicTotal
            | FactKey::Overseas
            | FactKey::VehicleTotal
            | FactKey::VehiclePurchase
            | FactKey::VehicleOperation
            | FactKey::Reception
    )
}

/// In the narrative of final accounts, which figure a 三公 amount is: the 决算's 三公 table shows
/// each item's 预算数 (the budget at the start of the year) beside its 决算数, and the narrative
/// states both (`“三公”经费财政拨款支出年初预算为 X 万元，支出决算为 Y 万元`). An amount named by
/// the budget's words is the 预算数, any other the 决算数; a budget other than the one at the
/// start of the year (全年预算, 调整预算) is neither, and compared with nothing. An amount named
/// only by its role (`支出决算`, `年初预算`) is the figure of the 三公 item named by the amount
/// before it in the sentence.
fn three_public_figure(
    key: FactKey,
    label_raw: &str,
    cx: &SectionCx,
    previous: Option<&Fact>,
) -> (FactKey, Option<Figure>) {
    if !cx.any("决算") {
        return (key, None);
    }
    let label = clean_label(label_raw);
    let l = label.as_str();
    let role = |l: &str| -> Option<Figure> {
        if has_any(l, &["全年预算", "调整预算", "调整后预算"]) {
            None
        } else if budget_figure(l) {
            Some(Figure::Budget)
        } else {
            Some(Figure::Final)
        }
    };
    if is_three_public(&key) {
        return match role(l) {
            Some(f) => (key, Some(f)),
            None => (FactKey::Other { label }, None),
        };
    }
    let FactKey::Other { .. } = &key else {
        return (key, None);
    };
    let Some(prev) = previous.filter(|p| is_three_public(&p.key) && p.figure.is_some()) else {
        return (key, None);
    };
    let mut rest = l.to_string();
    for w in [
        "财政拨款",
        "年初预算数",
        "年初预算",
        "决算数",
        "决算",
        "支出",
        "为",
        "数",
    ] {
        rest = rest.replace(w, "");
    }
    let named_role = has_any(l, &["年初预算", "决算"]);
    match role(l) {
        Some(f) if rest.is_empty() && named_role => (prev.key.clone(), Some(f)),
        _ => (key, None),
    }
}

/// Budget figures (`年初预算`, `全年预算`) in the narrative of final accounts are not the final
/// figures the tables print.
fn budget_figure(l: &str) -> bool {
    has_any(
        l,
        &[
            "年初预算",
            "全年预算",
            "调整预算",
            "预算数",
            "预算安排",
            "预算为",
        ],
    ) || l.ends_with("预算")
}

/// The key of an amount from the words before it, the sentence before them and the sections.
///
/// A key names a figure of the tables only when the words name it with certainty: a total only
/// for a total's own wording (never for words the reader cannot place), a classification line
/// only for a path or name that resolves. Anything else is [`FactKey::Other`], compared with
/// nothing.
fn classify(
    label_raw: &str,
    before: &str,
    cx: &SectionCx,
    st: &mut SentState,
    cat: &path::CatalogIndex,
) -> FactKey {
    let label = clean_label(label_raw);
    let l = label.as_str();
    let has = |k: &str| l.contains(k);
    let other = || FactKey::Other {
        label: label.clone(),
    };
    // `“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”科目`,
    // `“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目`, `“住房保障支出”科目`.
    if let Some(p) = path::parse(label_raw) {
        return path_key(p, &label, cat);
    }
    let qizhong = before.contains("其中") || label_raw.contains("其中");
    // Performance goals: money covered, and the projects listed after 其中.
    if cx.any("绩效") || has("绩效") || before.contains("绩效目标") {
        if !qizhong && (has("涉及") || has("覆盖") || st.perf) {
            st.perf = true;
            return FactKey::PerformanceCovered;
        }
        if qizhong && !l.is_empty() && !has_source(l) {
            return FactKey::ProjectAmount { name: label };
        }
    }
    // 项目经费情况说明 → 年度预算安排
    if cx.inner("预算安排") || cx.inner("资金安排") {
        if has("用款计划") || has("季度") || l.is_empty() {
            return other();
        }
        return FactKey::ProjectAmount { name: label };
    }
    // “三公”经费
    if has("因公出国") {
        return FactKey::Overseas;
    }
    if has("公务接待") {
        return FactKey::Reception;
    }
    if has("购置及运行") || has("购置和运行") || has("购置及运维") {
        return FactKey::VehicleTotal;
    }
    if has("购置") && (has("车") || (cx.any("三公") && has("费"))) {
        return FactKey::VehiclePurchase;
    }
    if has("车") && has("运行") {
        return FactKey::VehicleOperation;
    }
    if has("三公") {
        return FactKey::ThreePublicTotal;
    }
    if has("公务用车") {
        return FactKey::VehicleTotal;
    }
    if has("运行经费") || has("机关运行费") {
        return FactKey::AdminCost;
    }
    // 政府采购
    let proc_words = ["货物", "工程", "服务", "中小企业", "小型", "小微"];
    if has("采购") || (cx.any("采购") && proc_words.iter().any(|w| has(w))) {
        if has("小型和微型") || has("小微") || has("小型微型") {
            return FactKey::ProcurementSmallMicro;
        }
        if has("中小企业") {
            return FactKey::ProcurementSmeReserved;
        }
        if has_source(l) {
            st.proc_scope = true;
            return other();
        }
        if st.proc_scope {
            return other();
        }
        if has("货物") {
            return FactKey::ProcurementGoods;
        }
        if has("工程") {
            return FactKey::ProcurementWorks;
        }
        if has("服务") {
            return FactKey::ProcurementServices;
        }
        return FactKey::ProcurementTotal;
    }
    // The narrative of final accounts states budget figures beside the final ones.
    if cx.any("决算") && budget_figure(l) {
        return other();
    }
    // The words after the last 的 name the figure: `…一般公共预算拨款安排的会议费预算支出` is
    // about 会议费; the words before it only qualify it. A bare head (`…用于保障运转的支出`)
    // leaves the figure to the qualifier, which the reader does not place.
    let head = match l.rsplit_once('的') {
        Some((_, h)) => {
            if is_bare(h) || total_wording(h).is_some() {
                return other();
            }
            h.to_string()
        }
        None => l.to_string(),
    };
    // The unit's name before a figure (`测试单位收入预算`) qualifies it, whatever the name.
    let head = strip_unit(&head, &cx.units);
    let h = head.as_str();
    let hh = |k: &str| h.contains(k);
    let inc = hh("收入");
    let exp = hh("支出");
    let side = if exp && !inc {
        Side::Expenditure
    } else if inc && !exp {
        Side::Income
    } else {
        cx.side()
    };
    // Parts of expenditure, whichever source qualifies them (`一般公共预算财政拨款基本支出`).
    if hh("基本支出") {
        return FactKey::Basic;
    }
    if hh("项目支出") {
        return FactKey::Project;
    }
    if hh("人员经费") {
        return FactKey::Personnel;
    }
    if hh("公用经费") {
        return FactKey::Operating;
    }
    if let Some(source) = source_total(h) {
        return match side {
            Side::Income => FactKey::IncomeBySource { source },
            Side::Expenditure => FactKey::ExpenditureBySource { source },
            Side::Unknown => other(),
        };
    }
    let income_of = |source: FundSource| FactKey::IncomeBySource { source };
    if hh("财政专户") {
        return income_of(FundSource::SpecialAccount);
    }
    if hh("事业单位经营") || hh("经营收入") {
        return income_of(FundSource::BusinessRevenue);
    }
    if hh("事业收入") {
        return income_of(FundSource::OperatingRevenue);
    }
    if hh("上级补助") {
        return income_of(FundSource::HigherSubsidy);
    }
    if hh("附属单位上缴") {
        return income_of(FundSource::SubordinateRemittance);
    }
    if hh("其他收入") {
        return income_of(FundSource::OtherRevenue);
    }
    if fiscal_total(h) {
        return match side {
            Side::Income => FactKey::FiscalIncome,
            Side::Expenditure => FactKey::FiscalExpenditure,
            // `财政拨款收、支总预算`: the income and the expenditure, which are one figure.
            Side::Unknown if has_any(h, &["收、支", "收支"]) => FactKey::FiscalIncome,
            Side::Unknown => other(),
        };
    }
    if let Some(e) = class_by_name(h, cat) {
        return FactKey::ExpenditureByCode {
            code: e.code.clone(),
            name: e.name_written,
        };
    }
    // A total: its own wording (`支出预算`, `江苏省政协办公厅本年收入预算合计`) as the first amount of
    // its sentence, or no words of its own (`2025年年初预算数`) as the first amount of a paragraph
    // in a section about one side. Later amounts of a sentence whose subject was named before
    // (`一般公共预算财政拨款支出年初预算为0万元，全年预算为…，支出决算为…`) are that subject's.
    if st.amounts_before == 0 {
        if let Some(s) = total_wording(h) {
            return match s {
                Side::Income => FactKey::IncomeTotal,
                _ => FactKey::ExpenditureTotal,
            };
        }
    }
    // `2026年预算安排 X 万元` and `当年预算执行数为 X 万元` in a list of items are about the
    // item, not the total.
    let item_figure = has_any(h, &["安排", "执行"]);
    if st.first_in_paragraph && !item_figure && is_bare(h) && !inc && !exp {
        match cx.side() {
            Side::Income => return FactKey::IncomeTotal,
            Side::Expenditure => return FactKey::ExpenditureTotal,
            Side::Unknown => {}
        }
    }
    other()
}

struct Found {
    code: Code,
    name_written: String,
}

/// A 类 named in the text by its name alone (`一般公共服务支出预算` → 201, `住房保障支出增加` →
/// 221): the words, without qualifiers and a trailing `预算`/`科目`, are exactly the name.
fn class_by_name(l: &str, cat: &path::CatalogIndex) -> Option<Found> {
    let mut t = strip_qualifiers(l)
        .trim_matches(|c: char| matches!(c, '“' | '”' | '"' | '「' | '」'))
        .to_string();
    for w in ["预算数", "预算", "决算数", "决算", "科目", "（类）", "(类)"] {
        if let Some(r) = t.strip_suffix(w) {
            t = r.to_string();
        }
    }
    for w in ["一般公共预算", "财政拨款", "拨款"] {
        if let Some(r) = t.strip_prefix(w) {
            t = r.to_string();
        }
    }
    let t = t.trim_matches(|c: char| matches!(c, '“' | '”' | '"' | '「' | '」'));
    if t.chars().count() < 2 {
        return None;
    }
    let p = path::WrittenPath {
        segments: vec![path::Segment {
            level: Level::Class,
            name: t.to_string(),
            digits: None,
        }],
    };
    match cat.resolve(&p) {
        path::Resolved::Code(Scheme::Function, code) => Some(Found {
            code,
            name_written: t.to_string(),
        }),
        _ => None,
    }
}

/// The key of an amount whose words write a classification path: the code when the catalogue
/// resolves every level, the path as written when it does not (the tables may resolve it once
/// they are known, see [`super::resolve_subjects`]); an economic classification line is compared
/// with nothing.
fn path_key(p: path::WrittenPath, label: &str, cat: &path::CatalogIndex) -> FactKey {
    if let Some(code) = p.printed_code() {
        return FactKey::ExpenditureByCode {
            code,
            name: p.last_name().to_string(),
        };
    }
    match cat.resolve(&p) {
        path::Resolved::Code(Scheme::Function, code) => FactKey::ExpenditureByCode {
            code,
            name: p.last_name().to_string(),
        },
        path::Resolved::Code(Scheme::Economic, _) => FactKey::Other {
            label: label.to_string(),
        },
        path::Resolved::Unresolved => FactKey::ExpenditureByName { name: p.written() },
    }
}

/// Used by the tests of this module and by callers that read a clause alone (against the
/// embedded catalogue).
pub fn classify_label(label: &str, section_titles: &[&str]) -> FactKey {
    let cx = SectionCx {
        index: None,
        display: section_titles.first().map(|s| s.to_string()),
        titles: section_titles.iter().map(|s| s.to_string()).collect(),
        units: Vec::new(),
    };
    let mut st = SentState {
        first_in_paragraph: true,
        ..SentState::default()
    };
    let cat = path::CatalogIndex::of(yusuan_model::Catalog::embedded());
    classify(label, "", &cx, &mut st, &cat)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other(l: &str) -> FactKey {
        FactKey::Other {
            label: l.to_string(),
        }
    }

    #[test]
    fn totals_only_for_a_total_s_own_wording() {
        let k = classify_label;
        // The unit's name, a year, 本年/部门, 预算/合计/总计: still the total.
        for l in [
            "上海市普陀区人民政府办公室收入预算",
            "江苏省政协办公厅本年收入预算合计",
            "（一）收入预算总计",
            "江苏省人大常委会办公厅部门本年收入预算合计",
        ] {
            assert_eq!(k(l, &[]), FactKey::IncomeTotal, "{l}");
        }
        assert_eq!(k("支出预算", &[]), FactKey::ExpenditureTotal);
        // Anything more is not the total, whatever side it is on.
        for l in [
            "1.“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目",
            "（1）基本工资（款）支出",
            "2.其他资金收入预算总计",
            "城乡社区支出预算",
            "江苏省委办公厅2018年度一般公共预算拨款安排的会议费预算支出",
            "用于保障机构正常运转的支出",
            "全年预算",
        ] {
            assert!(
                !matches!(k(l, &[]), FactKey::IncomeTotal | FactKey::ExpenditureTotal),
                "{l}: {:?}",
                k(l, &[])
            );
        }
        assert_eq!(
            k("城乡社区支出预算", &[]),
            FactKey::ExpenditureByCode {
                code: Code::parse("212").unwrap_or_else(|| panic!("212")),
                name: "城乡社区支出".into()
            }
        );
        // A unit's name the reader knows from the cover or the tables.
        let cx = SectionCx {
            units: vec!["测试单位".into()],
            ..SectionCx::default()
        };
        let mut st = SentState {
            first_in_paragraph: true,
            ..SentState::default()
        };
        assert_eq!(
            classify(
                "测试单位收入预算",
                "",
                &cx,
                &mut st,
                &path::CatalogIndex::of(yusuan_model::Catalog::embedded())
            ),
            FactKey::IncomeTotal
        );
        assert_eq!(k("测试单位收入预算", &[]), other("测试单位收入预算"));
        assert_eq!(
            unit_total("2025年测试单位收入预算", "测试单位"),
            Some(FactKey::IncomeTotal)
        );
        // Parts of expenditure before the source that qualifies them.
        assert_eq!(k("一般公共预算财政拨款基本支出", &[]), FactKey::Basic);
        assert_eq!(
            k("江苏省政协办公厅2017年度财政拨款预算支出", &[]),
            FactKey::FiscalExpenditure
        );
        assert_eq!(
            k("江苏省委办公厅2018年度财政拨款收、支总预算", &[]),
            FactKey::FiscalIncome
        );
        // Budget figures in final accounts.
        assert_eq!(
            k(
                "一般公共预算财政拨款支出年初预算",
                &["一般公共预算财政拨款支出决算具体情况"]
            ),
            other("一般公共预算财政拨款支出年初预算")
        );
    }

    #[test]
    fn a_direction_before_an_amount_is_a_change() {
        assert_eq!(
            direction_before("住房保障支出增加"),
            Some(("住房保障支出", Direction::Increase))
        );
        assert_eq!(direction_before("压减了"), Some(("", Direction::Decrease)));
        assert_eq!(direction_before("支出预算"), None);
    }

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn keys_from_labels() {
        let k = classify_label;
        assert_eq!(k("2025年年初预算数", &["收入预算"]), FactKey::IncomeTotal);
        assert_eq!(
            k("2025年年初预算数", &["支出预算"]),
            FactKey::ExpenditureTotal
        );
        assert_eq!(
            k("一般公共预算拨款", &["收入预算"]),
            FactKey::IncomeBySource {
                source: FundSource::GeneralBudget
            }
        );
        assert_eq!(
            k("一般公共服务支出预算", &["支出预算"]),
            FactKey::ExpenditureByCode {
                code: code("201"),
                name: "一般公共服务支出".into()
            }
        );
        assert_eq!(
            k(
                "“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”科目",
                &[]
            ),
            FactKey::ExpenditureByCode {
                code: code("2010507"),
                name: "专项普查活动".into()
            }
        );
        assert_eq!(
            k("“社会保障和就业支出（类）行政事业单位养老支出（款）其它行政事业单位养老支出（项）”", &[]),
            FactKey::ExpenditureByCode {
                code: code("2080599"),
                name: "其它行政事业单位养老支出".into()
            }
        );
        assert_eq!(
            k(
                "“卫生健康支出（类）卫生健康支出（款）计划生育事务（项）”科目",
                &[]
            ),
            FactKey::ExpenditureByName {
                name: "卫生健康支出（类）卫生健康支出（款）计划生育事务（项）".into()
            }
        );
        assert_eq!(
            k("2025年一般公共预算财政拨款运行经费", &[]),
            FactKey::AdminCost
        );
        assert_eq!(k("公务用车运行维护费", &[]), FactKey::VehicleOperation);
        assert_eq!(k("公务车用车运行费", &[]), FactKey::VehicleOperation);
        assert_eq!(k("公务车购置及运行费", &[]), FactKey::VehicleTotal);
        assert_eq!(k("公务用车购置费", &[]), FactKey::VehiclePurchase);
        assert_eq!(
            k("2025年“三公”经费预算数为", &[]),
            FactKey::ThreePublicTotal
        );
        assert_eq!(k("因公出国（境）费用", &[]), FactKey::Overseas);
        assert_eq!(k("街道政府采购预算总额", &[]), FactKey::ProcurementTotal);
        assert_eq!(k("政府采购工程预算", &[]), FactKey::ProcurementWorks);
        assert_eq!(
            k("2025年本部门面向中小企业预留政府采购项目预算金额", &[]),
            FactKey::ProcurementSmeReserved
        );
        assert_eq!(
            k("预留给小型和微型企业的政府采购项目预算为", &[]),
            FactKey::ProcurementSmallMicro
        );
        assert_eq!(k("财政拨款收入", &[]), FactKey::FiscalIncome);
        assert_eq!(k("财政拨款支出预算", &[]), FactKey::FiscalExpenditure);
        assert_eq!(
            k("事业单位经营收入", &[]),
            FactKey::IncomeBySource {
                source: FundSource::BusinessRevenue
            }
        );
        assert_eq!(
            k("国有资本经营预算拨款支出预算", &[]),
            FactKey::ExpenditureBySource {
                source: FundSource::StateCapital
            }
        );
        assert_eq!(
            k("第一季度用款计划", &["年度预算安排"]),
            FactKey::Other {
                label: "第一季度用款计划".into()
            }
        );
        assert_eq!(
            k("中介机构服务费", &["年度预算安排"]),
            FactKey::ProjectAmount {
                name: "中介机构服务费".into()
            }
        );
    }
}
