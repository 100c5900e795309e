//! Line breaking for Chinese text with Latin words and numbers in it: a line may break between
//! any two CJK characters and at spaces; a Latin word or a number is never split (unless it is
//! wider than the line); closing punctuation never starts a line and opening punctuation never
//! ends one (禁则).

use crate::fonts::{is_invisible, Fonts};

/// A wrapped line.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Line {
    pub text: String,
    /// Natural width in points.
    pub width: f32,
    /// True for a line that a later line of the same paragraph follows (it may be justified).
    pub more: bool,
}

/// Must not start a line.
pub(crate) fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '］'
            | '｝'
            | '”'
            | '’'
            | '…'
            | '·'
            | '%'
            | '％'
            | '‰'
            | '℃'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
            | '〗'
            | '｠'
            | '〙'
            | '〛'
            | 'ー'
            | '々'
    )
}

/// Must not end a line.
pub(crate) fn is_opening(c: char) -> bool {
    matches!(
        c,
        '（' | '《'
            | '「'
            | '『'
            | '【'
            | '〔'
            | '〈'
            | '［'
            | '｛'
            | '“'
            | '‘'
            | '('
            | '['
            | '{'
            | '〖'
            | '｟'
            | '〘'
            | '〚'
    )
}

/// A character after which and before which a line may break (ideographs, kana, CJK symbols
/// and full-width forms).
fn is_cjk(c: char) -> bool {
    let u = c as u32;
    (0x2E80..=0x9FFF).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0xFF00..=0xFFEF).contains(&u)
        || (0x20000..=0x3FFFF).contains(&u)
        || c == '—'
        || c == '…'
        || c == '“'
        || c == '”'
        || c == '‘'
        || c == '’'
}

/// An unbreakable piece of text.
#[derive(Debug)]
struct Unit {
    text: String,
    width: f32,
    space: bool,
}

fn units(fonts: &mut Fonts, text: &str, size: f32) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    // A unit still open to the next character: a Latin word, or opening punctuation.
    let mut open = false;
    let mut glue_next = false;
    for c in text.chars() {
        if is_invisible(c) && c != '\t' {
            continue;
        }
        let w = fonts.em(c) * size;
        if c == ' ' || c == '\t' || c == '\u{3000}' {
            let c = if c == '\t' { ' ' } else { c };
            if c == ' ' && out.last().is_some_and(|u| u.space) {
                continue;
            }
            out.push(Unit {
                text: c.to_string(),
                width: fonts.em(c) * size,
                space: true,
            });
            open = false;
            glue_next = false;
            continue;
        }
        let cjk = is_cjk(c);
        let attach = match out.last() {
            None => false,
            Some(last) if last.space => false,
            Some(_) => glue_next || is_closing(c) || (!cjk && open),
        };
        if attach {
            if let Some(last) = out.last_mut() {
                last.text.push(c);
                last.width += w;
            }
        } else {
            out.push(Unit {
                text: c.to_string(),
                width: w,
                space: false,
            });
        }
        glue_next = is_opening(c);
        // A Latin word or number (`3,634.33`, `5.2%`) stays open to the next non-CJK character.
        open = !cjk;
    }
    out
}

/// Wraps a paragraph into lines no wider than `width` (the first line `first_indent` narrower).
pub(crate) fn wrap(
    fonts: &mut Fonts,
    text: &str,
    size: f32,
    width: f32,
    first_indent: f32,
) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0.0f32;
    let mut avail = (width - first_indent).max(size);
    let push = |lines: &mut Vec<Line>, cur: &mut String, cur_w: &mut f32| {
        lines.push(Line {
            text: cur.trim_end_matches([' ', '\u{3000}']).to_string(),
            width: *cur_w,
            more: true,
        });
        cur.clear();
        *cur_w = 0.0;
    };
    for u in units(fonts, text, size) {
        if u.space && cur.is_empty() {
            continue;
        }
        if cur_w + u.width <= avail + 0.01 || (u.space && cur_w <= avail) {
            cur.push_str(&u.text);
            cur_w += u.width;
            continue;
        }
        if u.space {
            push(&mut lines, &mut cur, &mut cur_w);
            avail = width;
            continue;
        }
        if !cur.is_empty() {
            push(&mut lines, &mut cur, &mut cur_w);
            avail = width;
        }
        if u.width <= avail + 0.01 {
            cur.push_str(&u.text);
            cur_w = u.width;
        } else {
            // Wider than a line: break it by characters.
            for c in u.text.chars() {
                let w = fonts.em(c) * size;
                if cur_w + w > avail + 0.01 && !cur.is_empty() {
                    push(&mut lines, &mut cur, &mut cur_w);
                    avail = width;
                }
                cur.push(c);
                cur_w += w;
            }
        }
    }
    if !cur.trim().is_empty() {
        push(&mut lines, &mut cur, &mut cur_w);
    }
    // Recompute widths of trimmed lines exactly.
    for l in &mut lines {
        l.width = fonts.width(&l.text, size);
    }
    if let Some(last) = lines.last_mut() {
        last.more = false;
    }
    lines
}

/// The widest unbreakable piece of a text, in points.
pub(crate) fn min_width(fonts: &mut Fonts, text: &str, size: f32) -> f32 {
    units(fonts, text, size)
        .iter()
        .filter(|u| !u.space)
        .map(|u| u.width)
        .fold(0.0, f32::max)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::font::{Face, BUNDLED};

    fn fonts() -> Fonts<'static> {
        Fonts::new(Face::parse(BUNDLED, None, "bundled").unwrap())
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        let mut f = fonts();
        let text = "收入预算：2025年年初预算数3636.80万元，其中：一般公共预算拨款3634.33万元，国有资本经营预算收入2.47万元。收入较2024年减少91.13万元，主要是一般公共服务经费拨款增加420.34万元（含“三公”经费）。";
        for width in (60..400).step_by(7) {
            let lines = wrap(&mut f, text, 10.0, width as f32, 0.0);
            let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(joined, text, "width {width}");
            for (i, l) in lines.iter().enumerate() {
                let first = l.text.chars().next().unwrap();
                assert!(!is_closing(first), "width {width} line {i}: {}", l.text);
                let last = l.text.chars().last().unwrap();
                assert!(!is_opening(last), "width {width} line {i}: {}", l.text);
                assert!(l.width <= width as f32 + 0.5 || l.text.chars().count() <= 3);
            }
        }
    }

    #[test]
    fn numbers_stay_whole() {
        let mut f = fonts();
        let lines = wrap(&mut f, "金额为3,634.33万元和1,248.18万元", 10.0, 70.0, 0.0);
        assert!(lines.iter().any(|l| l.text.contains("3,634.33")));
        assert!(lines.iter().any(|l| l.text.contains("1,248.18")));
    }
}
