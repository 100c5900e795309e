//! The words of one `pdftotext -layout` line, with the character columns they occupy.
//!
//! pdftotext places each word at a character column derived from its x position and then gives
//! every character one column, whatever its width. So the *start* of a word is a fair measure of
//! its position, a number's end is one too (digits are about one column wide, and numbers are
//! right-aligned in their cells), but a CJK word is physically wider than its character count:
//! its extent is estimated with a per-page width for wide characters.

use yusuan_model::money::{is_blank_cell, looks_like_amount};

/// What a word holds.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum WordKind {
    /// An amount (`189,767,551`, `0.95`, `0`) or a dash standing for a blank amount.
    Amount,
    Text,
}

/// One word of a line: text between runs of spaces (text words one space apart are one word:
/// `1. 一般公共预算资金`).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Word {
    pub text: String,
    /// Character column of the first character (0-based).
    pub start: usize,
    /// Character column after the last character.
    pub end: usize,
    /// How many of its characters are wide (CJK).
    pub wide: usize,
    pub kind: WordKind,
}

impl Word {
    pub fn is_amount(&self) -> bool {
        self.kind == WordKind::Amount
    }

    pub fn chars(&self) -> usize {
        self.end - self.start
    }

    /// Estimated extent on the page, in character columns, with wide characters `wide_w`
    /// columns wide.
    pub fn extent(&self, wide_w: f64) -> (f64, f64) {
        let narrow = self.chars().saturating_sub(self.wide) as f64;
        let lo = self.start as f64;
        (lo, lo + narrow + self.wide as f64 * wide_w)
    }

    /// Middle of the estimated extent.
    pub fn center(&self, wide_w: f64) -> f64 {
        let (lo, hi) = self.extent(wide_w);
        (lo + hi) / 2.0
    }

    /// Right end as printed (numbers are right-aligned, so this is where their column ends).
    pub fn right(&self) -> f64 {
        self.end as f64
    }
}

pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// Characters that take about two columns' width on the page: CJK ideographs and punctuation,
/// full-width forms, and the ambiguous ones (curly quotes, …, —) Chinese fonts draw full-width
/// (unicode-width's CJK widths, as the renderers measure them).
pub(super) fn is_wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width_cjk(c) == Some(2)
}

/// An amount as printed in a layout table: digits with optional grouping, decimals and sign, or a
/// dash for a blank. `1.` and `2.` (enumerators) are not amounts.
pub(super) fn is_amount_text(s: &str) -> bool {
    if s.ends_with('.') || s.ends_with('．') {
        return false;
    }
    looks_like_amount(s) || (is_blank_cell(s) && !s.trim().is_empty())
}

/// Only ASCII digits (a code part such as `201`, `05`).
pub(super) fn is_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

/// Split a line into words. Text words separated by a single space are one word; amounts are
/// always words of their own (`189,767,551 一、一般公共服务支出` is two words).
pub(super) fn words(line: &str) -> Vec<Word> {
    let mut raw: Vec<(usize, usize, String, usize)> = Vec::new();
    let mut cur: Option<(usize, String, usize)> = None;
    let mut col = 0usize;
    for c in line.chars() {
        if is_space(c) {
            if let Some((s, t, w)) = cur.take() {
                raw.push((s, col, t, w));
            }
        } else {
            let entry = cur.get_or_insert_with(|| (col, String::new(), 0));
            entry.1.push(c);
            if is_wide(c) {
                entry.2 += 1;
            }
        }
        col += 1;
    }
    if let Some((s, t, w)) = cur.take() {
        raw.push((s, col, t, w));
    }
    let mut out: Vec<Word> = Vec::with_capacity(raw.len());
    for (start, end, text, wide) in raw {
        let kind = if is_amount_text(&text) {
            WordKind::Amount
        } else {
            WordKind::Text
        };
        if kind == WordKind::Text {
            if let Some(prev) = out.last_mut() {
                if prev.kind == WordKind::Text && start == prev.end + 1 {
                    prev.text.push(' ');
                    prev.text.push_str(&text);
                    prev.end = end;
                    prev.wide += wide;
                    continue;
                }
            }
        }
        out.push(Word {
            text,
            start,
            end,
            wide,
            kind,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_amounts_from_text() {
        let w = words("一、财政拨款收入   189,767,551 一、一般公共服务支出   3,296,600");
        let t: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            t,
            [
                "一、财政拨款收入",
                "189,767,551",
                "一、一般公共服务支出",
                "3,296,600"
            ]
        );
        assert!(w[1].is_amount() && !w[0].is_amount());
        assert_eq!((w[1].start, w[1].end), (11, 22));
        let w = words("1. 一般公共预算资金      0.00");
        assert_eq!(w[0].text, "1. 一般公共预算资金");
        assert!(w[1].is_amount());
        assert_eq!(w[0].wide, 8);
    }

    #[test]
    fn extents_count_wide_characters() {
        let w = words("  合计  12");
        assert_eq!(w[0].extent(2.0), (2.0, 6.0));
        assert_eq!(w[1].right(), 8.0);
        assert!(!is_amount_text("1."));
        assert!(is_amount_text("—"));
        assert!(is_amount_text("87267272.44"));
    }
}
