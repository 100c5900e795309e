//! Paragraph text: lines rejoined into one string of characters, each character remembering the
//! source line it came from, so that every amount found in the text keeps its provenance.

/// Text rejoined from one or more source lines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Para {
    /// The characters, normalised: full-width digits become ASCII, runs of whitespace are
    /// dropped (a CJK line break is not a space) except one space between two ASCII words.
    pub chars: Vec<char>,
    /// The 1-based source line of each character.
    pub lines: Vec<u32>,
    /// Source lines that make up the paragraph, in order.
    pub source_lines: Vec<u32>,
    /// The section the paragraph belongs to (index into the section list).
    pub section: Option<usize>,
}

impl Para {
    pub fn new(section: Option<usize>) -> Para {
        Para {
            section,
            ..Default::default()
        }
    }

    /// Append (part of) one source line.
    pub fn push_line(&mut self, line: u32, text: &str) {
        let from = self.chars.len().saturating_sub(1);
        let mut pending_space = !self.chars.is_empty();
        for c in text.chars() {
            let c = normalize_char(c);
            if c.is_whitespace() {
                pending_space = true;
                continue;
            }
            if pending_space {
                if let Some(&p) = self.chars.last() {
                    if p.is_ascii_alphanumeric() && c.is_ascii_alphanumeric() {
                        self.chars.push(' ');
                        self.lines.push(line);
                    }
                }
                pending_space = false;
            }
            self.chars.push(c);
            self.lines.push(line);
        }
        if self.source_lines.last() != Some(&line) {
            self.source_lines.push(line);
        }
        self.fix_decimal_points(from);
    }

    /// `３６．８` → `36.8`: a full-width point between digits is a decimal point. Only the
    /// characters from `from` on can have changed (the last one before the appended text gets a
    /// new neighbour): looking again at the whole paragraph for every line appended grew with
    /// the square of its length.
    fn fix_decimal_points(&mut self, from: usize) {
        // Each point at `from` or after with a character on both sides: (before, point, after).
        for k in from.max(1) - 1..self.chars.len().saturating_sub(2) {
            if let Some([before, point, after]) = self.chars.get_mut(k..k + 3) {
                if *point == '．' && before.is_ascii_digit() && after.is_ascii_digit() {
                    *point = '.';
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// The text of a character range (clamped).
    pub fn slice(&self, start: usize, end: usize) -> String {
        chars_text(&self.chars, start, end)
    }

    /// The source line of a character position (the last line for a position past the end).
    pub fn line_at(&self, pos: usize) -> u32 {
        self.lines
            .get(pos)
            .or_else(|| self.lines.last())
            .copied()
            .unwrap_or(0)
    }

    pub fn first_line(&self) -> Option<u32> {
        self.source_lines.first().copied()
    }

    pub fn last_line(&self) -> Option<u32> {
        self.source_lines.last().copied()
    }

    pub fn ends_with_any(&self, set: &[char]) -> bool {
        self.chars.last().is_some_and(|c| set.contains(c))
    }

    /// The paragraph cut into pieces of at most `max` characters, each ending at a sentence end
    /// where one is within reach (else at a clause delimiter, else at `max`). Facts are read
    /// from one piece at a time, so that what reading a paragraph costs grows with its length,
    /// not with its square, whatever text it is made of. No real paragraph comes near the
    /// limit used ([`MAX_PIECE_CHARS`]); only pasted or hostile text is cut.
    pub fn pieces(&self, max: usize) -> Vec<Para> {
        let max = max.max(1);
        let n = self.chars.len();
        let mut out = Vec::with_capacity(n / max + 1);
        let mut start = 0;
        while start < n {
            let limit = (start + max).min(n);
            let end = if limit == n {
                n
            } else {
                let window = start..limit;
                window
                    .clone()
                    .rev()
                    .find(|&i| is_sentence_end(&self.chars, i))
                    .or_else(|| window.rev().find(|&i| is_clause_delim(&self.chars, i)))
                    .map_or(limit, |i| i + 1)
            };
            let lines = self.lines.get(start..end).unwrap_or_default().to_vec();
            let mut source_lines: Vec<u32> = Vec::new();
            for &l in &lines {
                if source_lines.last() != Some(&l) {
                    source_lines.push(l);
                }
            }
            out.push(Para {
                chars: self.chars.get(start..end).unwrap_or_default().to_vec(),
                lines,
                source_lines,
                section: self.section,
            });
            start = end;
        }
        out
    }
}

/// The longest piece of a paragraph read at once ([`Para::pieces`]): more than a page of dense
/// text, well above any real paragraph (the longest in the corpus has 619 characters).
pub const MAX_PIECE_CHARS: usize = 1_500;

fn normalize_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '\u{a0}' | '\u{3000}' | '\t' => ' ',
        _ => c,
    }
}

/// The text of the characters `start..end` (clamped to the text).
pub fn chars_text(chars: &[char], start: usize, end: usize) -> String {
    let end = end.min(chars.len());
    chars
        .get(start.min(end)..end)
        .unwrap_or_default()
        .iter()
        .collect()
}

/// The character before position `i`, if any.
pub fn char_before(chars: &[char], i: usize) -> Option<char> {
    i.checked_sub(1).and_then(|k| chars.get(k)).copied()
}

/// A year written as four digits and `年` at `k` (`2025年`): the year.
pub fn year_at(chars: &[char], k: usize) -> Option<u16> {
    match chars.get(k..k.checked_add(5)?)? {
        [digits @ .., '年'] if digits.iter().all(char::is_ascii_digit) => {
            digits.iter().collect::<String>().parse().ok()
        }
        _ => None,
    }
}

/// Does `chars[i..]` start with `pat`?
pub fn at(chars: &[char], i: usize, pat: &str) -> bool {
    let mut k = i;
    for p in pat.chars() {
        match chars.get(k) {
            Some(&c) if c == p => k += 1,
            _ => return false,
        }
    }
    true
}

/// The first position ≥ `from` (and < `to`) where `pat` starts.
pub fn find(chars: &[char], from: usize, to: usize, pat: &str) -> Option<usize> {
    let to = to.min(chars.len());
    (from..to).find(|&i| at(chars, i, pat))
}

/// Does `s` contain any of the patterns?
pub fn has_any(s: &str, pats: &[&str]) -> bool {
    pats.iter().any(|p| s.contains(p))
}

/// Sentence ends.
pub const SENTENCE_END: [char; 4] = ['。', '！', '？', '!'];

/// Clause separators inside a sentence.
pub fn is_clause_delim(chars: &[char], i: usize) -> bool {
    match chars.get(i) {
        Some('，' | '；' | '：' | ';' | ':') => true,
        Some(',') => {
            // A comma between digits groups thousands.
            let before = char_before(chars, i).is_some_and(|c| c.is_ascii_digit());
            let after = chars.get(i + 1).is_some_and(|c| c.is_ascii_digit());
            !(before && after)
        }
        Some(c) => SENTENCE_END.contains(c),
        None => false,
    }
}

pub fn is_sentence_end(chars: &[char], i: usize) -> bool {
    chars.get(i).is_some_and(|c| SENTENCE_END.contains(c))
}

pub use yusuan_model::text::squash;

/// A numeral written in digits (ASCII after normalisation) as a count.
pub fn parse_count(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejoins_lines_without_spaces_between_cjk() {
        let mut p = Para::new(None);
        p.push_line(1, "    2025年，收入预算18,976.76万元，比2024年预算增加");
        p.push_line(2, "3,355.65万元；事业收入 0.00 万 元");
        p.push_line(3, "W060701 单元 and more");
        assert_eq!(
            p.text(),
            "2025年，收入预算18,976.76万元，比2024年预算增加3,355.65万元；事业收入0.00万元W060701单元and more"
        );
        let pos = p.text().chars().position(|c| c == '3').unwrap_or(0);
        assert_eq!(p.line_at(pos), 2);
        assert_eq!(p.source_lines, vec![1, 2, 3]);
    }

    #[test]
    fn full_width_digits() {
        let mut p = Para::new(None);
        p.push_line(1, "３６．８万元");
        assert_eq!(p.text(), "36.8万元");
        // A point at the join of two lines.
        let mut p = Para::new(None);
        p.push_line(1, "收入３６");
        p.push_line(2, "．８万元");
        assert_eq!(p.text(), "收入36.8万元");
    }

    #[test]
    fn pieces_end_at_sentence_ends_and_keep_their_lines() {
        let mut p = Para::new(Some(3));
        for line in 1..=40 {
            p.push_line(line, "收入增加1.00万元，支出增加2.00万元。");
        }
        let pieces = p.pieces(50);
        assert!(pieces.len() > 1);
        let joined: String = pieces.iter().map(Para::text).collect();
        assert_eq!(joined, p.text());
        for piece in &pieces {
            assert!(piece.chars.len() <= 50);
            assert!(piece.ends_with_any(&SENTENCE_END), "{}", piece.text());
            assert_eq!(piece.section, Some(3));
            assert_eq!(piece.lines.len(), piece.chars.len());
            assert_eq!(piece.first_line(), piece.lines.first().copied());
        }
        assert_eq!(pieces.last().and_then(Para::last_line), Some(40));
        // Without any delimiter, pieces of exactly the limit.
        let mut q = Para::new(None);
        q.push_line(1, &"1元".repeat(100));
        let pieces = q.pieces(30);
        let sizes: Vec<usize> = pieces.iter().map(|p| p.chars.len()).collect();
        assert_eq!(sizes, [30, 30, 30, 30, 30, 30, 20]);
        // A paragraph within the limit is one piece.
        assert_eq!(p.pieces(10_000), vec![p.clone()]);
    }
}
