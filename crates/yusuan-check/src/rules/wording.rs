//! The narrative's wording as one run of characters, for the rules that read it the way a
//! reviewer does (placeholders, years, typography, old names): every narrative line of the
//! source in order, whitespace removed (a CJK line break is not a space), full-width digits and
//! letters made ASCII, each character remembering its line. Sentences run across line breaks,
//! so a pattern split by the extractor (`主要原因是` at a line's end, `。` on the next) is still
//! one pattern.

use yusuan_model::{Disclosure, Provenance, TextLine};

/// The narrative's characters and where each came from.
pub struct Wording<'a> {
    pub lines: Vec<&'a TextLine>,
    pub chars: Vec<char>,
    /// For each character, its line (index into `lines`).
    line_of: Vec<usize>,
}

/// Full-width digits, letters and the full-width percent sign as ASCII; everything else as is.
pub fn normalize(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '．' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        c => c,
    }
}

pub fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

impl<'a> Wording<'a> {
    /// The narrative lines of a disclosure (none when it was not read from a source).
    pub fn of(doc: &'a Disclosure) -> Self {
        Self::from_lines(doc.source.text.iter().filter(|l| l.narrative))
    }

    /// Every line of a disclosure, tables' included.
    pub fn all(doc: &'a Disclosure) -> Self {
        Self::from_lines(doc.source.text.iter())
    }

    fn from_lines(it: impl Iterator<Item = &'a TextLine>) -> Self {
        let mut w = Wording {
            lines: Vec::new(),
            chars: Vec::new(),
            line_of: Vec::new(),
        };
        for l in it {
            let i = w.lines.len();
            w.lines.push(l);
            for c in l.text.chars() {
                if c.is_whitespace() || c == '\u{3000}' {
                    continue;
                }
                w.chars.push(normalize(c));
                w.line_of.push(i);
            }
        }
        w
    }

    /// The place of the character at `pos` (its line's).
    pub fn prov(&self, pos: usize) -> Option<&'a Provenance> {
        let i = self
            .line_of
            .get(pos)
            .or_else(|| self.line_of.last())
            .copied()?;
        self.lines.get(i).map(|l| &l.prov)
    }

    /// Does the text at `pos` read `pat`?
    pub fn at(&self, pos: usize, pat: &str) -> bool {
        let mut k = pos;
        for p in pat.chars() {
            match self.chars.get(k) {
                Some(&c) if c == p => k += 1,
                _ => return false,
            }
        }
        true
    }

    /// Every position where `pat` starts.
    pub fn find_all(&self, pat: &str) -> Vec<usize> {
        let Some(first) = pat.chars().next() else {
            return Vec::new();
        };
        (0..self.chars.len())
            .filter(|&i| self.chars.get(i) == Some(&first) && self.at(i, pat))
            .collect()
    }

    /// The line (index into `lines`) of the character at `pos`.
    pub fn line_index(&self, pos: usize) -> Option<usize> {
        self.line_of.get(pos).copied()
    }

    pub fn get(&self, pos: usize) -> Option<char> {
        self.chars.get(pos).copied()
    }

    /// The text around `pos`: up to `before` characters before it and `after` from it, within
    /// the sentence (stopping after a sentence end).
    pub fn excerpt(&self, pos: usize, before: usize, after: usize) -> String {
        let ends = |c: char| matches!(c, '。' | '！' | '？');
        let mut start = pos;
        while start > 0 && pos - start < before {
            match self.chars.get(start - 1) {
                Some(&c) if !ends(c) => start -= 1,
                _ => break,
            }
        }
        let mut end = pos;
        while end < self.chars.len() && end - pos < after {
            end += 1;
            if self.chars.get(end - 1).is_some_and(|&c| ends(c)) && end - pos > 1 {
                break;
            }
        }
        self.chars.get(start..end).unwrap_or(&[]).iter().collect()
    }

    /// A run of ASCII digits starting at `pos` as a number (at most 4 digits read as a year).
    pub fn year_at(&self, pos: usize) -> Option<(u16, usize)> {
        let mut n: u32 = 0;
        let mut k = pos;
        while let Some(c) = self.get(k).filter(char::is_ascii_digit) {
            n = n * 10 + c.to_digit(10)?;
            k += 1;
            if k - pos > 4 {
                return None;
            }
        }
        (k - pos == 4
            && pos
                .checked_sub(1)
                .and_then(|p| self.get(p))
                .is_none_or(|c| !c.is_ascii_digit()))
        .then(|| (u16::try_from(n).ok(), k))
        .and_then(|(y, k)| y.map(|y| (y, k)))
    }
}

#[cfg(test)]
pub mod test {
    use super::*;
    use std::sync::Arc;

    /// A disclosure whose narrative is these lines, each on its own page when `paged`.
    pub fn narrative(lines: &[&str]) -> Disclosure {
        let file: Arc<str> = Arc::from(crate::rules::testutil::FILE);
        let mut d = crate::rules::testutil::doc();
        d.source.text = lines
            .iter()
            .enumerate()
            .map(|(i, t)| TextLine {
                text: t.to_string(),
                narrative: true,
                prov: Provenance::at_line(&file, i as u32 + 1, Some(1)),
            })
            .collect();
        d
    }

    #[test]
    fn joins_lines_and_knows_each_place() {
        let d = narrative(&["主要原因是", "。２０２５年 预算"]);
        let w = Wording::of(&d);
        assert_eq!(w.find_all("主要原因是。"), vec![0]);
        assert_eq!(w.prov(5).and_then(|p| p.line), Some(2));
        assert_eq!(w.year_at(6), Some((2025, 10)));
        assert_eq!(w.excerpt(6, 3, 8), "2025年预算");
    }
}
