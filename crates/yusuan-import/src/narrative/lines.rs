//! What one narrative line is: a heading, body text, a contents entry, a page number, a cover
//! line, or table content that reached the narrative.

use super::text::{chars_text, squash};
use crate::titles::is_cn_digit;

/// How a heading or list item is numbered.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum NumStyle {
    /// 第一部分
    Part,
    /// 一、
    Cn,
    /// （一）
    ParenCn,
    /// 1. / 1、 / 1．
    Arabic,
    /// （1）
    ParenArabic,
}

impl NumStyle {
    pub fn level(self) -> u8 {
        match self {
            NumStyle::Part => 0,
            NumStyle::Cn => 1,
            NumStyle::ParenCn => 2,
            NumStyle::Arabic => 3,
            NumStyle::ParenArabic => 4,
        }
    }
}

/// A numbering at the start of a line.
#[derive(Clone, Debug, PartialEq)]
pub struct Numbering {
    pub style: NumStyle,
    /// As [`yusuan_model::Section::number`] stores it: `一`, `（二）`, `1.`.
    pub number: String,
    /// The numbering as printed, with its punctuation (`一、`, `（二）`, `1．`).
    pub printed: String,
    /// The text after the numbering.
    pub rest: String,
}

/// Read a numbering at the start of a trimmed line.
pub fn numbering(t: &str) -> Option<Numbering> {
    let cs: Vec<char> = t.chars().collect();
    // The characters before `end`, and those from `start` on.
    let head = |end: usize| chars_text(&cs, 0, end);
    let rest_from = |start: usize| chars_text(&cs, start, cs.len()).trim().to_string();
    // 第一部分
    if cs.first() == Some(&'第') {
        let n = cs.iter().skip(1).take_while(|c| is_cn_digit(**c)).count();
        if n > 0 && cs.get(1 + n) == Some(&'部') && cs.get(2 + n) == Some(&'分') {
            let printed = head(3 + n);
            return Some(Numbering {
                style: NumStyle::Part,
                number: printed.clone(),
                printed,
                rest: rest_from(3 + n),
            });
        }
        return None;
    }
    // （一） （1）
    if matches!(cs.first(), Some('（' | '(')) {
        let inner: Vec<char> = cs
            .iter()
            .skip(1)
            .take_while(|c| is_cn_digit(**c) || c.is_ascii_digit())
            .copied()
            .collect();
        let n = inner.len();
        if n > 0 && n <= 3 && matches!(cs.get(1 + n), Some('）' | ')')) {
            let digits: String = inner.iter().collect();
            let style = if inner.iter().all(|c| c.is_ascii_digit()) {
                NumStyle::ParenArabic
            } else if inner.iter().all(|c| is_cn_digit(*c)) {
                NumStyle::ParenCn
            } else {
                return None;
            };
            return Some(Numbering {
                style,
                number: format!("（{digits}）"),
                printed: head(2 + n),
                rest: rest_from(2 + n),
            });
        }
        return None;
    }
    // 一、
    let n = cs.iter().take_while(|c| is_cn_digit(**c)).count();
    if n > 0 && n <= 3 && matches!(cs.get(n), Some('、' | '．')) {
        return Some(Numbering {
            style: NumStyle::Cn,
            number: head(n),
            printed: head(n + 1),
            rest: rest_from(n + 1),
        });
    }
    // 1. 1、 1．  (but not a decimal like 3.5, nor 2025年)
    let n = cs.iter().take_while(|c| c.is_ascii_digit()).count();
    if n > 0 && n <= 2 && matches!(cs.get(n), Some('.' | '、' | '．')) {
        if cs.get(n + 1).is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        let printed = head(n + 1);
        let digits = head(n);
        return Some(Numbering {
            style: NumStyle::Arabic,
            number: format!("{digits}."),
            printed,
            rest: rest_from(n + 1),
        });
    }
    None
}

/// A heading read from a line: its numbering (if any), title, and the body text that follows the
/// title on the same line (`（一）收入预算：2025 年…`).
#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    pub numbering: Option<Numbering>,
    pub level: u8,
    pub title: String,
    /// Body text after an inline title, if any.
    pub inline_body: Option<String>,
}

impl Heading {
    /// The heading as printed: `四、“三公”经费情况说明`, `（一）收入预算`.
    pub fn display(&self) -> String {
        match &self.numbering {
            Some(n) if n.style == NumStyle::Part => format!("{} {}", n.printed, self.title),
            Some(n) => format!("{}{}", n.printed, self.title),
            None => self.title.clone(),
        }
    }
}

pub(crate) const SENTENCE_PUNCT: [char; 6] = ['，', '。', '；', ',', ';', '！'];

/// Numbered line as a heading: a short title on its own (`四、“三公”经费情况说明`), or a short title
/// ended by `。`/`：` with the body after it (`（四）绩效目标设置情况。2025 年…`).
pub fn numbered_heading(num: &Numbering) -> Option<Heading> {
    let rest = num.rest.trim();
    // `二、政府性基金预算财政拨款收入      二、外交支出`: two cells of a table row.
    // A classification path (`1．党委办公厅（室）及相关机构事务（款）行政运行` broken before
    // `（项）支出 6106.99 万元`) is an item, not a title.
    if rest.is_empty() || super::path::has_markers(rest) || rest.contains("   ") {
        return None;
    }
    // `1、《普陀区加快贸易高质量发展实施意见》（普商务规范〔2023〕3号）。`: a list of the documents a
    // project rests on, not titles.
    if rest.starts_with('《') || cites_document_number(rest) {
        return None;
    }
    let level = num.style.level();
    let cs: Vec<char> = rest.chars().collect();
    // Whole line a title (a trailing 。 or ： allowed).
    let core: &[char] = match cs.split_last() {
        Some(('。' | '：' | ':', init)) => init,
        _ => &cs,
    };
    if !core.is_empty()
        && core.len() <= 32
        && !core
            .iter()
            .any(|c| SENTENCE_PUNCT.contains(c) || *c == '：' || *c == ':')
        && !states_amount(core)
    {
        return Some(Heading {
            numbering: Some(num.clone()),
            level,
            title: squash(&core.iter().collect::<String>()),
            inline_body: None,
        });
    }
    // Inline title.
    let k = cs
        .iter()
        .position(|c| matches!(c, '。' | '：' | ':' | '，' | '；' | ','))?;
    if !matches!(cs.get(k), Some('。' | '：' | ':')) || k == 0 || k > 16 {
        return None;
    }
    let title = chars_text(&cs, 0, k);
    if title
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        return None;
    }
    let body = chars_text(&cs, k + 1, cs.len());
    Some(Heading {
        numbering: Some(num.clone()),
        level,
        title: squash(&title),
        inline_body: (!body.trim().is_empty()).then(|| body.trim().to_string()),
    })
}

/// A document number (`〔2023〕3号`, `（2024）2号`) in the text.
fn cites_document_number(s: &str) -> bool {
    let cs: Vec<char> = s.chars().collect();
    cs.iter().enumerate().any(|(i, c)| {
        matches!(c, '〔' | '［' | '[')
            && cs
                .get(i + 1..i + 5)
                .is_some_and(|y| y.iter().all(char::is_ascii_digit))
            && matches!(cs.get(i + 5), Some('〕' | '］' | ']'))
    })
}

/// Does the text state an amount (`…1.35万元`)?
fn states_amount(cs: &[char]) -> bool {
    cs.iter()
        .zip(cs.iter().skip(1))
        .any(|(a, b)| a.is_ascii_digit() && (*b == '元' || *b == '万'))
}

/// Words that end an unnumbered section heading (`上海市…（部门）主要职能`, `名词解释` …).
const HEADING_SUFFIXES: [&str; 14] = [
    "主要职能",
    "机构设置",
    "单位构成",
    "名词解释",
    "编制说明",
    "情况说明",
    "基本情况",
    "概况",
    "职能职责",
    "部门职责",
    "预算说明",
    "公开说明",
    "决算说明",
    "其他事项",
];

/// An unnumbered heading: a short line without sentence punctuation that ends like a heading, or
/// that is centred on the page (`indent`: leading spaces in the layout text).
pub fn unnumbered_heading(t: &str, indent: usize, open_paragraph: bool) -> Option<Heading> {
    // Cells laid out in columns are a table row, not a heading.
    if t.trim().contains("   ") || t.contains('\t') {
        return None;
    }
    let s = squash(t);
    let n = s.chars().count();
    if !(2..=40).contains(&n) || s.chars().any(|c| SENTENCE_PUNCT.contains(&c) || c == '：') {
        return None;
    }
    let suffix = HEADING_SUFFIXES.iter().any(|h| s.ends_with(h));
    // A wrapped line of an open paragraph can end like a heading: only a centred line counts then.
    let centred = (8..40).contains(&indent);
    let ok = if suffix {
        !open_paragraph || centred
    } else {
        centred
            && indent >= 12
            && (4..=30).contains(&n)
            && !s.ends_with('表')
            && !s.ends_with('数')
            && !s.ends_with('计')
            && !s.chars().all(|c| c.is_ascii_digit())
    };
    ok.then_some(Heading {
        numbering: None,
        level: 0,
        title: s,
        inline_body: None,
    })
}

/// A contents entry: leaders `……` or `.......` (`一、部门主要职能 ……`).
pub fn is_contents_line(t: &str) -> bool {
    t.contains("……") || t.contains("......") || t.contains("·····") || t.contains("…………")
}

/// The contents heading (`目   录`).
pub fn is_contents_title(t: &str) -> bool {
    matches!(squash(t).as_str(), "目录" | "目次")
}

/// A contents entry without leaders and page number: `1. 2025年部门财务收支预算总表`.
pub fn contents_entry(t: &str) -> String {
    let s: String = t
        .chars()
        .filter(|c| !matches!(c, '…' | '·'))
        .collect::<String>();
    let s = s.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace() || c == '.');
    squash(s)
}

/// A page number line: `3`, `- 3 -`, `第 3 页`, `第3页 共20页`.
pub fn is_page_number(t: &str) -> bool {
    let s = squash(t);
    if s.is_empty() {
        return false;
    }
    let core = s.trim_matches(|c| matches!(c, '-' | '—' | '－' | '–'));
    if !core.is_empty() && core.len() <= 3 && core.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    if let Some(r) = s.strip_prefix('第') {
        let after = r.trim_start_matches(|c: char| c.is_ascii_digit());
        let has_digits = after.len() < r.len();
        if let Some(tail) = after.strip_prefix('页').filter(|_| has_digits) {
            return tail.is_empty()
                || (tail.starts_with('共') && tail.ends_with('页') && tail.chars().count() <= 6);
        }
    }
    false
}

/// A contact line: `单位预算公开联系人：张羽翔 电话：023-61967695`, or the heading over it
/// (`联系方式`), which would otherwise run on into the section before.
pub fn is_contact_line(t: &str) -> bool {
    let s = squash(t);
    let heading = s
        .trim_start_matches(|c: char| !matches!(c, '联'))
        .trim_end_matches(['：', ':']);
    ((s.contains("联系人") || s.contains("联系电话") || s.contains("咨询电话"))
        && s.chars().count() <= 80)
        || (matches!(heading, "联系方式" | "联系我们") && s.chars().count() <= 10)
}

/// A cover line naming the unit: `预算主管部门：上海市普陀区财政局`.
pub fn is_unit_line(t: &str) -> bool {
    let s = squash(t);
    [
        "预算主管部门",
        "主管部门：",
        "编制部门：",
        "编制单位：",
        "预算单位：",
    ]
    .iter()
    .any(|p| s.starts_with(p))
}

/// Leading spaces (a full-width space counts two).
pub fn indent_of(raw: &str) -> usize {
    raw.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\u{3000}' { 2 } else { 1 })
        .sum()
}

/// Does a line look like part of a table (cells separated by tabs or wide gaps, a row of numbers,
/// a classification code row, a unit line) rather than running text? Table lines reach the
/// narrative only when a table reader hands them back; the narrative leaves them to the tables.
pub fn looks_tabular(raw: &str) -> bool {
    if raw.contains('\t') {
        return true;
    }
    let t = raw.trim();
    if t.is_empty() {
        return false;
    }
    let s = squash(t);
    if s.contains("单位：元")
        || s.contains("单位：万元")
        || s.contains("单位:元")
        || s.contains("单位:万元")
    {
        return true;
    }
    if indent_of(raw) >= 40 {
        return true;
    }
    // A sentence with blanks filled in by hand (`一般公共预算收入 15897.44 万元，占      100    %；`,
    // `比增加（减少） 0         万元，增长（降低） 0      %。`) is prose: a cell of a table
    // holds no sentence punctuation between words.
    if t.chars()
        .filter(|c| matches!(c, '，' | '。' | '；'))
        .count()
        >= 1
        && t.chars().filter(|c| is_han(*c)).count() >= 6
        && (s.contains("万元，")
            || s.contains("万元。")
            || s.contains("%。")
            || s.contains("%；")
            || s.contains("%，"))
    {
        return false;
    }
    // A part heading spaced out to the page's width (`第一部分          部门概况`) is a heading,
    // whatever its spacing.
    if numbering(t).is_some_and(|n| n.style == NumStyle::Part) {
        return false;
    }
    // Cells: split on runs of 3+ spaces.
    let mut cells: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut spaces = 0usize;
    for c in t.chars() {
        if c == ' ' || c == '\u{3000}' {
            spaces += if c == ' ' { 1 } else { 2 };
            continue;
        }
        if spaces >= 3 && !cur.is_empty() {
            cells.push(std::mem::take(&mut cur));
        } else if spaces > 0 {
            cur.push(' ');
        }
        spaces = 0;
        cur.push(c);
    }
    if !cur.is_empty() {
        cells.push(cur);
    }
    let is_number = |c: &str| {
        let c = c.trim();
        !c.is_empty()
            && c.chars().any(|x| x.is_ascii_digit())
            && c.chars()
                .all(|x| x.is_ascii_digit() || matches!(x, ',' | '.' | '-' | '%' | ' '))
    };
    // A code row: `201   05   07   专项普查活动 …` or `302 05 水费 …`.
    let first_token: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    if first_token.len() == 3 && t.get(3..).is_some_and(|r| r.starts_with("  ")) {
        return true;
    }
    match cells.len() {
        0 | 1 => false,
        2 => {
            let short =
                |c: &str| c.chars().count() <= 8 && !c.chars().any(|x| SENTENCE_PUNCT.contains(&x));
            cells.iter().any(|c| is_number(c)) || cells.iter().all(|c| short(c))
        }
        _ => true,
    }
}

/// A Chinese character (CJK Unified Ideographs).
pub(crate) fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(t: &str) -> Option<Heading> {
        numbering(t).and_then(|n| numbered_heading(&n))
    }

    #[test]
    fn numbered_headings() {
        let x = h("一、单位基本情况").unwrap();
        assert_eq!((x.level, x.title.as_str()), (1, "单位基本情况"));
        assert_eq!(x.numbering.as_ref().unwrap().number, "一");
        let x = h("（一）收入预算：2025 年年初预算数 3636.80 万元").unwrap();
        assert_eq!((x.level, x.title.as_str()), (2, "收入预算"));
        assert_eq!(x.numbering.as_ref().unwrap().number, "（一）");
        assert!(x.inline_body.unwrap().starts_with("2025"));
        let x = h("（四）绩效目标设置情况。2025 年项目支出均实行了绩效目标管理").unwrap();
        assert_eq!(x.display(), "（四）绩效目标设置情况");
        let x = h("一、2025年“三公”经费预算情况说明").unwrap();
        assert_eq!(x.title, "2025年“三公”经费预算情况说明");
        assert!(h("（三）公务接待费1.35万元。比2024年预算持平").is_none());
        assert!(h("（一）因公出国（境）费0万元，比2024年预算持平。").is_none());
        assert!(
            h("1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”科目43.83万元")
                .is_none()
        );
        assert!(h("6.“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出 （项）").is_none());
        assert!(numbering("3,355.65万元；事业收入").is_none());
        assert!(numbering("10.00万元").is_none());
        assert!(numbering("2025年").is_none());
        assert_eq!(
            numbering("第一部分 上海市 XX 局概况").unwrap().style,
            NumStyle::Part
        );
        assert_eq!(numbering("11. “文化").unwrap().number, "11.");
        // The documents a project rests on are list items.
        assert!(h("1、《普陀区加快贸易高质量发展实施意见》（普商务规范〔2023〕3号）。").is_none());
        assert!(h("2、《普陀区加快发展生命健康产业实施意见》。").is_none());
        assert!(h("3、关于印发实施办法的通知（沪财预〔2024〕12号）").is_none());
    }

    #[test]
    fn unnumbered_and_other_lines() {
        assert!(unnumbered_heading(
            "上海市普陀区人民政府万里街道办事处（部门）主要职能",
            11,
            false
        )
        .is_some());
        assert!(unnumbered_heading("名词解释", 23, true).is_some());
        assert!(unnumbered_heading("2025年部门预算编制说明", 28, false).is_some());
        assert!(unnumbered_heading("其他相关情况说明", 29, false).is_some());
        assert!(unnumbered_heading("主要职能包括：", 3, false).is_none());
        assert!(unnumbered_heading("合计", 16, false).is_none());
        assert!(is_contents_line("一、部门主要职能    ……………………"));
        assert!(is_contents_title("  目   录"));
        assert_eq!(
            contents_entry("  1. 2025年部门财务收支预算总表   …………………… 3"),
            "1.2025年部门财务收支预算总表"
        );
        assert!(is_page_number(" - 12 - "));
        assert!(is_page_number("第 3 页"));
        assert!(!is_page_number("2025年"));
        assert!(looks_tabular("收入\t\t支出"));
        assert!(looks_tabular(
            "201   05   07   专项普查活动                  438,300"
        ));
        assert!(looks_tabular(
            "        37.91              0       1.35        36.56"
        ));
        assert!(looks_tabular(
            "                  本年收入                                   本年支出"
        ));
        assert!(!looks_tabular(
            "     2025年本部门政府采购预算4821.20万元，其中：政府采购货物预算57.43万元"
        ));
        assert!(!looks_tabular(
            "元 ， 财 政 业 务 费 10.00 万 元 ， 信 息 化"
        ));
        assert!(!looks_tabular("           第一部分      上海市 XX 局概况"));
        assert!(!looks_tabular("第一部分          部门概况"));
        assert!(!looks_tabular(
            "一般公共预算收入 15897.44 万元，占               100    %；"
        ));
        assert!(!looks_tabular(
            "比增加（减少） 0         万元，增长（降低） 0            %。主要原因是"
        ));
    }
}
