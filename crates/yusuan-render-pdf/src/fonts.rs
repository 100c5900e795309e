//! The document's font in use: measures text and hands out the subset's glyph ids as characters
//! are drawn. Every distinct character gets its own glyph id, so the ToUnicode map is exact even
//! where two characters share an outline or the font lacks one (`.notdef` copies).

use crate::font::Face;
use std::collections::{BTreeSet, HashMap};

pub(crate) struct Fonts {
    pub face: Face,
    /// Character → glyph id in the subset.
    used: HashMap<char, u16>,
    /// Subset glyph id → original glyph id (index 0 is .notdef).
    pub glyphs: Vec<u16>,
    /// Subset glyph id → the character it stands for.
    pub chars: Vec<Option<char>>,
    missing: BTreeSet<char>,
    /// Advance widths per em, cached by character.
    widths: HashMap<char, f32>,
}

/// Characters that are never drawn: controls and invisible formatting marks.
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}'
        )
}

impl Fonts {
    pub fn new(face: Face) -> Fonts {
        Fonts {
            face,
            used: HashMap::new(),
            glyphs: vec![0],
            chars: vec![None],
            missing: BTreeSet::new(),
            widths: HashMap::new(),
        }
    }

    /// Advance of a character in em.
    pub fn em(&mut self, c: char) -> f32 {
        if let Some(&w) = self.widths.get(&c) {
            return w;
        }
        let w = if is_invisible(c) {
            0.0
        } else {
            let g = self.face.glyph(c).unwrap_or(0);
            self.face.advance(g) as f32 / self.face.units_per_em as f32
        };
        self.widths.insert(c, w);
        w
    }

    /// Width of a string in points at `size`.
    pub fn width(&mut self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.em(c)).sum::<f32>() * size
    }

    /// The text as 2-byte glyph ids (Identity-H), allocating subset glyphs; returns the bytes
    /// and the number of glyphs.
    pub fn encode(&mut self, s: &str) -> (Vec<u8>, usize) {
        let mut out = Vec::with_capacity(s.len() * 2);
        let mut n = 0;
        for c in s.chars() {
            if is_invisible(c) {
                continue;
            }
            let gid = match self.used.get(&c) {
                Some(&g) => g,
                None => {
                    let orig = match self.face.glyph(c) {
                        Some(g) => g,
                        None => {
                            self.missing.insert(c);
                            0
                        }
                    };
                    if self.glyphs.len() >= 0xFFF0 {
                        self.missing.insert(c);
                        0
                    } else {
                        let g = self.glyphs.len() as u16;
                        self.glyphs.push(orig);
                        self.chars.push(Some(c));
                        self.used.insert(c, g);
                        g
                    }
                }
            };
            out.extend_from_slice(&gid.to_be_bytes());
            n += 1;
        }
        (out, n)
    }

    pub fn missing(&self) -> impl Iterator<Item = char> + '_ {
        self.missing.iter().copied()
    }

    pub fn glyph_count(&self) -> usize {
        self.glyphs.len()
    }
}
