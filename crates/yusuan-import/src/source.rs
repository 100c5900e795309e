//! The input as numbered lines with page numbers.
//!
//! Text extracted with `pdftotext -layout` marks pages with form feeds; the Chongqing text
//! form has none (pages are unknown there). Provenance headers that some fixtures carry
//! (`SOURCE: …`, `# …`, a `# ----` rule) are recognised and skipped.

use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// 1-based line number in the file.
    pub no: u32,
    /// 1-based page number, when the source has pages.
    pub page: Option<u32>,
    /// The text without the form feed and without trailing `\r`.
    pub text: String,
    /// The text without any whitespace ([`crate::titles::squash`]), made once: the segmenter
    /// asks every line several times whether it is a title.
    squashed: String,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.squashed.is_empty()
    }

    /// The text without any whitespace ([`crate::titles::squash`] of [`Line::text`]).
    pub fn squashed(&self) -> &str {
        &self.squashed
    }

    pub fn trimmed(&self) -> &str {
        self.text
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
    }
}

/// A source document as lines.
#[derive(Clone, Debug)]
pub struct SourceText {
    pub file: Arc<str>,
    pub lines: Vec<Line>,
    /// Number of pages when the text has form feeds.
    pub pages: Option<u32>,
    /// Lines of a provenance header at the top (`SOURCE:` / `#` lines) to ignore.
    pub header_lines: u32,
}

impl SourceText {
    pub fn new(file: &str, text: &str) -> SourceText {
        let has_ff = text.contains('\u{c}');
        let mut page = 1u32;
        let mut lines = Vec::new();
        for (i, raw) in text.split('\n').enumerate() {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let mut t = String::with_capacity(raw.len());
            for c in raw.chars() {
                if c == '\u{c}' {
                    page += 1;
                } else {
                    t.push(c);
                }
            }
            lines.push(Line {
                no: i as u32 + 1,
                page: has_ff.then_some(page),
                squashed: crate::titles::squash(&t),
                text: t,
            });
        }
        // A trailing newline does not make a line.
        if lines.last().is_some_and(|l| l.text.is_empty()) && text.ends_with('\n') {
            lines.pop();
        }
        let header_lines = provenance_header_len(&lines);
        SourceText {
            file: Arc::from(file),
            pages: has_ff.then_some(page),
            lines,
            header_lines,
        }
    }

    pub fn line(&self, no: u32) -> Option<&Line> {
        self.lines.get(no.checked_sub(1)? as usize)
    }

    /// The lines after the provenance header.
    pub fn body(&self) -> &[Line] {
        self.lines
            .get(self.header_lines as usize..)
            .unwrap_or_default()
    }
}

/// The fixtures' provenance header: `SOURCE: …` then `# …` lines ending with a `# ---` rule.
fn provenance_header_len(lines: &[Line]) -> u32 {
    let Some(first) = lines.first() else { return 0 };
    if !first.text.starts_with("SOURCE:") {
        return 0;
    }
    let mut n = 1;
    for l in lines.iter().skip(1) {
        if l.text.starts_with('#') {
            n += 1;
        } else {
            break;
        }
    }
    n
}
