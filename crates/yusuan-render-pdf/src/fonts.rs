//! The document's font in use: measures text and hands out character codes as characters are
//! drawn. Every distinct character gets its own 2-byte code, so the ToUnicode map is exact even
//! where two characters share a glyph or the font lacks one (drawn as `.notdef`); the PDF maps
//! codes to the subset's glyphs (`write.rs`).

use crate::font::Face;
use std::collections::{BTreeSet, HashMap};

pub(crate) struct Fonts<'a> {
    pub face: Face<'a>,
    /// Character → its code.
    used: HashMap<char, u16>,
    /// Code → the font's glyph id (code 0 is .notdef, 0).
    pub glyphs: Vec<u16>,
    /// Code → the character it stands for.
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

impl<'a> Fonts<'a> {
    pub fn new(face: Face<'a>) -> Fonts<'a> {
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
            f32::from(self.face.advance(g)) / f32::from(self.face.units_per_em)
        };
        self.widths.insert(c, w);
        w
    }

    /// Width of a string in points at `size`.
    pub fn width(&mut self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.em(c)).sum::<f32>() * size
    }

    /// The text as 2-byte codes, allocating codes to new characters; returns the bytes and the
    /// number of codes.
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
                    match u16::try_from(self.glyphs.len()) {
                        Ok(g) if g < 0xFFF0 => {
                            self.glyphs.push(orig);
                            self.chars.push(Some(c));
                            self.used.insert(c, g);
                            g
                        }
                        // More distinct characters than 2-byte codes: drawn as .notdef.
                        _ => {
                            self.missing.insert(c);
                            0
                        }
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

    /// Distinct glyphs used, `.notdef` included.
    pub fn glyph_count(&self) -> usize {
        self.glyphs.iter().collect::<BTreeSet<_>>().len()
    }
}
