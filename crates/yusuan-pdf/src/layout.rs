//! From placed glyphs to words, and from words to lines.
//!
//! Everything works in a "local" frame per text direction, in which text runs left to
//! right and `v` grows upwards, so one algorithm serves horizontal, rotated and vertical
//! text. Glyphs are grouped into lines by baseline (tolerance relative to the font size),
//! sorted along the line, de-duplicated (fake bold drawn twice), and merged into words
//! while the gap between neighbours stays under [`WORD_GAP_EM`].

use crate::interp::RawGlyph;
use crate::{Line, Word};

/// Neighbouring glyphs on one baseline belong to one word while the gap between them is
/// smaller than this fraction of the font size (em).
pub const WORD_GAP_EM: f64 = 0.25;
/// Two baselines belong to one line when they differ by at most this fraction of the
/// smaller font size.
pub const LINE_TOLERANCE_EM: f64 = 0.3;
/// Inside a word, a baseline shift larger than this fraction of the font size starts a
/// new word (a superscript, or the next line of a tightly set cell).
const BASELINE_SHIFT_EM: f64 = 0.2;

/// `(u, v)` of a page point in the local frame of direction `dir`.
fn to_local(dir: u8, x: f64, y: f64) -> (f64, f64) {
    match dir {
        1 => (y, -x),
        2 => (-x, -y),
        3 => (-y, x),
        _ => (x, y),
    }
}

/// The `u` range of a page box in the local frame of `dir`.
fn u_range(dir: u8, b: [f64; 4]) -> (f64, f64) {
    let [x0, y0, x1, y1] = b;
    match dir {
        1 => (y0, y1),
        2 => (-x1, -x0),
        3 => (-y1, -y0),
        _ => (x0, x1),
    }
}

fn dir_to_rotation(dir: u8) -> u16 {
    u16::from(dir % 4) * 90
}

fn rotation_to_dir(rotation: u16) -> u8 {
    ((rotation / 90) % 4) as u8
}

/// The page coordinate that carries the baseline: y for horizontal text, x for vertical.
fn baseline_of(dir: u8, origin: (f64, f64)) -> f64 {
    match dir {
        1 | 3 => origin.0,
        _ => origin.1,
    }
}

/// The local `v` of a baseline coordinate.
fn v_of_baseline(dir: u8, baseline: f64) -> f64 {
    match dir {
        1 | 2 => -baseline,
        _ => baseline,
    }
}

struct Item {
    u0: f64,
    u1: f64,
    v: f64,
    size: f64,
    index: usize,
}

/// Groups items into lines: top line first (largest `v`), each sorted along `u`.
fn cluster_lines(mut items: Vec<Item>) -> Vec<Vec<Item>> {
    items.sort_by(|a, b| b.v.total_cmp(&a.v).then(a.u0.total_cmp(&b.u0)));
    let mut lines: Vec<Vec<Item>> = Vec::new();
    let mut reference: Option<(f64, f64)> = None;
    for it in items {
        let joins = reference
            .is_some_and(|(v, size)| (v - it.v).abs() <= LINE_TOLERANCE_EM * size.min(it.size));
        match lines.last_mut() {
            Some(line) if joins => line.push(it),
            _ => {
                reference = Some((it.v, it.size));
                lines.push(vec![it]);
            }
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.u0.total_cmp(&b.u0).then(a.index.cmp(&b.index)));
    }
    lines
}

fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Builds the words of a page from its glyphs, in reading order (lines top to bottom,
/// words left to right; horizontal text first, then other directions).
pub(crate) fn build_words(glyphs: &[RawGlyph]) -> Vec<Word> {
    let mut words = Vec::new();
    for dir in 0..4u8 {
        let items: Vec<Item> = glyphs
            .iter()
            .enumerate()
            .filter(|(_, g)| g.dir == dir)
            .map(|(index, g)| {
                let (u0, u1) = u_range(dir, g.bbox);
                let (_, v) = to_local(dir, g.origin.0, g.origin.1);
                Item {
                    u0,
                    u1,
                    v,
                    size: g.size,
                    index,
                }
            })
            .collect();
        if items.is_empty() {
            continue;
        }
        for line in cluster_lines(items) {
            words_of_line(dir, glyphs, &line, &mut words);
        }
    }
    words
}

struct Building {
    word: Word,
    last_u1: f64,
    last_v: f64,
    last_size: f64,
}

fn words_of_line(dir: u8, glyphs: &[RawGlyph], line: &[Item], out: &mut Vec<Word>) {
    let mut kept: Vec<&Item> = Vec::with_capacity(line.len());
    let mut current: Option<Building> = None;
    // The right end of a space glyph just after the current word.
    let mut space: Option<f64> = None;
    for it in line {
        let Some(g) = glyphs.get(it.index) else {
            continue;
        };
        // Fake bold: the same glyph drawn again at (almost) the same place.
        let duplicate = kept
            .iter()
            .rev()
            .take_while(|k| k.u0 >= it.u0 - it.size)
            .any(|k| {
                (k.u0 - it.u0).abs() < 0.15 * it.size
                    && (k.v - it.v).abs() < 0.15 * it.size
                    && glyphs.get(k.index).is_some_and(|kg| kg.text == g.text)
            });
        if duplicate {
            continue;
        }
        kept.push(it);
        if is_blank(&g.text) {
            // One space set right after a word may be the word's own (`重庆市委 重庆市人民政府`):
            // decided by the glyph that follows. A second blank ends the word.
            match (&current, space) {
                (Some(b), None) if it.u0 - b.last_u1 < WORD_GAP_EM * it.size => {
                    space = Some(it.u1);
                }
                _ => {
                    if let Some(b) = current.take() {
                        out.push(b.word);
                    }
                    space = None;
                }
            }
            continue;
        }
        let space_before = space.take();
        if let Some(b) = current.as_mut() {
            let em = b.last_size.max(it.size);
            let gap = it.u0 - space_before.unwrap_or(b.last_u1);
            let same_baseline = (it.v - b.last_v).abs() <= BASELINE_SHIFT_EM * em;
            // A space is kept inside a word between two CJK characters only: beside a number
            // or a Latin word it separates cells set one space apart (`189,767,551 一、…`).
            let cjk = |c: Option<char>| c.is_some_and(|c| c as u32 >= 0x2E80 && c != '\u{fffd}');
            let joins = space_before.is_none()
                || (cjk(b.word.text.chars().last()) && cjk(g.text.chars().next()));
            if gap < WORD_GAP_EM * em && same_baseline && joins {
                if space_before.is_some() {
                    b.word.text.push(' ');
                }
                b.word.text.push_str(&g.text);
                b.word.x0 = b.word.x0.min(g.bbox[0]);
                b.word.y0 = b.word.y0.min(g.bbox[1]);
                b.word.x1 = b.word.x1.max(g.bbox[2]);
                b.word.y1 = b.word.y1.max(g.bbox[3]);
                b.word.font_size = b.word.font_size.max(g.size);
                b.last_u1 = b.last_u1.max(it.u1);
                b.last_v = it.v;
                b.last_size = it.size;
                continue;
            }
            if let Some(b) = current.take() {
                out.push(b.word);
            }
        }
        current = Some(Building {
            word: Word {
                text: g.text.clone(),
                x0: g.bbox[0],
                y0: g.bbox[1],
                x1: g.bbox[2],
                y1: g.bbox[3],
                font_size: g.size,
                baseline: baseline_of(dir, g.origin),
                rotation: dir_to_rotation(dir),
            },
            last_u1: it.u1,
            last_v: it.v,
            last_size: it.size,
        });
    }
    if let Some(b) = current {
        out.push(b.word);
    }
}

/// Groups words into lines (see [`crate::Page::lines`]).
pub(crate) fn build_lines(words: &[Word]) -> Vec<Line> {
    let mut lines = Vec::new();
    for dir in 0..4u8 {
        let items: Vec<Item> = words
            .iter()
            .enumerate()
            .filter(|(_, w)| rotation_to_dir(w.rotation) == dir)
            .map(|(index, w)| {
                let (u0, u1) = u_range(dir, [w.x0, w.y0, w.x1, w.y1]);
                Item {
                    u0,
                    u1,
                    v: v_of_baseline(dir, w.baseline),
                    size: w.font_size,
                    index,
                }
            })
            .collect();
        for group in cluster_lines(items) {
            let line_words: Vec<Word> = group
                .iter()
                .filter_map(|it| words.get(it.index).cloned())
                .collect();
            let Some(first) = line_words.first() else {
                continue;
            };
            let mut line = Line {
                baseline: first.baseline,
                x0: first.x0,
                y0: first.y0,
                x1: first.x1,
                y1: first.y1,
                rotation: dir_to_rotation(dir),
                words: Vec::new(),
            };
            for w in &line_words {
                line.x0 = line.x0.min(w.x0);
                line.y0 = line.y0.min(w.y0);
                line.x1 = line.x1.max(w.x1);
                line.y1 = line.y1.max(w.y1);
            }
            line.words = line_words;
            lines.push(line);
        }
    }
    lines
}
