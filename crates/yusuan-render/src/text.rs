//! Headings, anchors, names and escaping shared by the renderers.

use std::borrow::Cow;
use unicode_width::UnicodeWidthChar;
use yusuan_model::money::is_blank_cell;
use yusuan_model::{Amount, PerformanceKind, PerformanceTable, Section, Table};

/// Escape text for XML and HTML (text and attribute values), and drop the characters XML 1.0
/// does not allow (control characters other than tab, line feed and carriage return).
pub fn escape_xml(s: &str) -> Cow<'_, str> {
    let needs = s
        .chars()
        .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'') || !is_xml_char(c));
    if !needs {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if !is_xml_char(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// True for the characters XML 1.0 allows.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || ('\u{20}'..='\u{D7FF}').contains(&c)
        || ('\u{E000}'..='\u{FFFD}').contains(&c)
        || c >= '\u{10000}'
}

/// Remove the spaces a header picked up where the published table wrapped it
/// (`政府性基金预 算拨款收入` → `政府性基金预算拨款收入`): whitespace next to a CJK character
/// goes, other runs of whitespace become one space.
pub fn clean_label(s: &str) -> String {
    let mut chars = s.trim().chars().peekable();
    let mut out = String::with_capacity(s.len());
    // The last character kept before a run of whitespace (the text is trimmed, so a run always
    // has one).
    let mut before: Option<char> = None;
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            let after = chars.peek().copied();
            let cjk_side = before.is_some_and(is_wide) || after.is_some_and(is_wide);
            if !cjk_side {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
        before = Some(c);
    }
    out
}

/// A character that takes a full-width cell: wide in East Asian text, and the ambiguous ones
/// (curly quotes, …, —, ·, ①) too, as Chinese fonts draw them (unicode-width's CJK widths).
pub fn is_wide(c: char) -> bool {
    c.width_cjk() == Some(2)
}

/// The display width of a text in half-width units (a CJK character counts 2, a combining mark
/// or control character 0).
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| c.width_cjk().unwrap_or(0)).sum()
}

/// A section's heading with its numbering as printed: `一、单位基本情况`, `（一）职能职责`,
/// `1.…`.
pub fn section_heading(s: &Section) -> String {
    let title = s.title.trim();
    match s.number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        None => title.to_string(),
        Some(n) => {
            let closed = n.ends_with(['、', '.', '．', ')', '）']) || n.starts_with(['（', '(']);
            if closed {
                format!("{n}{title}")
            } else if n.chars().all(|c| c.is_ascii_digit()) {
                format!("{n}.{title}")
            } else {
                format!("{n}、{title}")
            }
        }
    }
}

/// The paragraphs of a section's text (one per non-blank line).
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// Anchor of the `i`-th (0-based) narrative section.
pub fn section_anchor(i: usize) -> String {
    format!("s{}", i + 1)
}

/// Anchor of the `i`-th (0-based) table.
pub fn table_anchor(i: usize) -> String {
    format!("t{}", i + 1)
}

/// Anchor of the `i`-th (0-based) performance table.
pub fn performance_anchor(i: usize) -> String {
    format!("p{}", i + 1)
}

/// The name of a table as the table of contents lists it (`表二 一般公共预算财政拨款支出预算表`).
pub fn table_heading(t: &Table) -> String {
    t.display_name()
}

/// The heading of a performance table (`表十 部门（单位）整体绩效目标表`).
pub fn performance_heading(p: &PerformanceTable) -> String {
    match &p.number {
        Some(n) => format!("{n} {}", p.title),
        None => p.title.clone(),
    }
}

/// The project a performance table is about, for the table of contents (`统战及民族宗教工作经费`).
pub fn performance_subject(p: &PerformanceTable) -> Option<&str> {
    match p.kind {
        PerformanceKind::Overall => None,
        _ => p
            .name
            .as_ref()
            .map(|f| f.text.trim())
            .filter(|s| !s.is_empty()),
    }
}

/// The table of contents entry of a performance table: its heading, and the project.
pub fn performance_toc(p: &PerformanceTable) -> String {
    match performance_subject(p) {
        Some(s) => format!("{}（{s}）", performance_heading(p)),
        None => performance_heading(p),
    }
}

/// The text of an amount cell: the amount as shown, or the printed text when it is not an
/// amount; a blank cell (nothing, or a dash) is empty.
pub fn amount_text(amount: Option<&Amount>, printed: &str) -> String {
    match amount {
        Some(a) => a.shown(),
        None if is_blank_cell(printed) => String::new(),
        None => printed.trim().to_string(),
    }
}

/// `单位：万元`
pub fn unit_line(unit: Option<yusuan_model::MoneyUnit>) -> Option<String> {
    unit.map(|u| format!("单位：{}", u.label()))
}

/// `编制单位：…`
pub fn compiler_line(compiler: Option<&str>) -> Option<String> {
    compiler.map(|c| format!("编制单位：{c}"))
}

/// A name that is safe as a file name on every system: characters that are not allowed
/// (`\ / : * ? " < > |` and control characters) become `_`, and the length is bounded.
pub fn file_name_part(s: &str, max_chars: usize) -> String {
    let cleaned: String = s
        .trim()
        .chars()
        .map(|c| {
            if matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else if c.is_whitespace() {
                '-'
            } else {
                c
            }
        })
        .take(max_chars)
        .collect();
    cleaned.trim_matches(['.', '-', ' ']).to_string()
}

/// Excel's rules for a sheet name: at most 31 characters, none of `[ ] : * ? / \`, not
/// starting or ending with an apostrophe, not blank, not `History`, unique ignoring case.
/// `taken` holds the names already used (lower-cased).
pub fn sheet_name(wanted: &str, taken: &mut Vec<String>) -> String {
    let mut base: String = wanted
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    base = base.trim().trim_matches('\'').trim().to_string();
    if base.is_empty() || base.eq_ignore_ascii_case("history") {
        base = format!("Sheet{}", taken.len() + 1);
    }
    let truncate = |s: &str, n: usize| -> String { s.chars().take(n).collect() };
    let mut name = truncate(&base, 31).trim_end_matches('\'').to_string();
    let mut k = 2;
    while taken.contains(&name.to_lowercase()) {
        let suffix = format!("({k})");
        let keep = 31 - suffix.chars().count();
        name = format!("{}{suffix}", truncate(&base, keep).trim_end_matches('\''));
        k += 1;
    }
    taken.push(name.to_lowercase());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_drops_invalid_characters() {
        assert_eq!(escape_xml("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert!(matches!(escape_xml("纯文本"), Cow::Borrowed(_)));
    }

    #[test]
    fn cleans_wrapped_headers() {
        assert_eq!(
            clean_label("政府性基金预 算拨款收入"),
            "政府性基金预算拨款收入"
        );
        assert_eq!(
            clean_label("公务用车购置及运行费 小计"),
            "公务用车购置及运行费小计"
        );
        assert_eq!(clean_label("Total  amount"), "Total amount");
    }

    #[test]
    fn sheet_names_follow_excel_rules() {
        let mut taken = Vec::new();
        assert_eq!(sheet_name("表一", &mut taken), "表一");
        assert_eq!(sheet_name("表一", &mut taken), "表一(2)");
        assert_eq!(sheet_name("a/b:c", &mut taken), "a_b_c");
        let long = "表十二 2025年一般性项目绩效目标表（一级项目）统战及民族宗教工作经费";
        let n = sheet_name(long, &mut taken);
        assert_eq!(n.chars().count(), 31);
        let n2 = sheet_name(long, &mut taken);
        assert!(n2.ends_with("(2)") && n2.chars().count() == 31);
        assert_eq!(sheet_name("''", &mut taken), "Sheet6");
    }
}
