//! The drawing surface: pages, the cursor, text and lines drawn in the document's font,
//! wrapped paragraphs, and the marks the contents and the outline are made from. Knows nothing
//! of tables, forms or the order of a disclosure's parts (`flow.rs`), nor of PDF objects
//! (`write.rs`).

use crate::fonts::Fonts;
use crate::text::{wrap, Line};
use pdf_writer::types::TextRenderingMode;
use pdf_writer::{Content, Name, Str};

pub(crate) const A4_W: f32 = 595.28;
pub(crate) const A4_H: f32 = 841.89;
pub(crate) const MARGIN_X: f32 = 56.0;
pub(crate) const MARGIN_TOP: f32 = 56.0;
pub(crate) const MARGIN_BOTTOM: f32 = 62.0;

pub(crate) const BODY_SIZE: f32 = 11.0;
pub(crate) const BODY_LEADING: f32 = 1.8;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

pub(crate) struct Page {
    pub w: f32,
    pub h: f32,
    pub content: Content,
    /// Page number shown in the footer (`None`: no footer, the cover).
    pub numbered: bool,
}

/// A contents / outline entry.
pub(crate) struct Mark {
    pub title: String,
    pub level: u8,
    pub page: usize,
    pub y: f32,
}

pub(crate) struct Doc<'a> {
    pub fonts: Fonts<'a>,
    /// How the disclosure is printed.
    pub style: yusuan_render::Style,
    pub pages: Vec<Page>,
    /// Cursor: distance from the top of the current page.
    pub y: f32,
    pub marks: Vec<Mark>,
}

impl<'a> Doc<'a> {
    pub fn new(fonts: Fonts<'a>, style: yusuan_render::Style) -> Doc<'a> {
        Doc {
            fonts,
            style,
            pages: Vec::new(),
            y: MARGIN_TOP,
            marks: Vec::new(),
        }
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    pub fn new_page(&mut self, landscape: bool) {
        let (w, h) = if landscape {
            (A4_H, A4_W)
        } else {
            (A4_W, A4_H)
        };
        self.pages.push(Page {
            w,
            h,
            content: Content::new(),
            numbered: true,
        });
        self.y = MARGIN_TOP;
    }

    pub fn page_w(&self) -> f32 {
        self.pages.last().map_or(A4_W, |p| p.w)
    }

    pub fn page_h(&self) -> f32 {
        self.pages.last().map_or(A4_H, |p| p.h)
    }

    pub fn is_landscape(&self) -> bool {
        self.page_w() > self.page_h()
    }

    /// Width between the side margins.
    pub fn content_w(&self) -> f32 {
        self.page_w() - 2.0 * MARGIN_X
    }

    /// Space left above the bottom margin.
    pub fn space_left(&self) -> f32 {
        self.page_h() - MARGIN_BOTTOM - self.y
    }

    /// Starts a new page (same orientation) unless `h` points fit.
    pub fn ensure(&mut self, h: f32) {
        if self.pages.is_empty() || self.space_left() < h {
            let l = self.is_landscape();
            self.new_page(l);
        }
    }

    pub fn mark(&mut self, title: &str, level: u8) {
        self.marks.push(Mark {
            title: title.to_string(),
            level,
            page: self.pages.len().saturating_sub(1),
            y: self.y,
        });
    }

    /// Draws text with its baseline `baseline` points below the top of the page.
    #[allow(clippy::too_many_arguments)]
    pub fn text_at(
        &mut self,
        x: f32,
        baseline: f32,
        size: f32,
        bold: bool,
        s: &str,
        char_spacing: f32,
    ) {
        if s.is_empty() {
            return;
        }
        let (bytes, _) = self.fonts.encode(s);
        let Some(page) = self.pages.last_mut() else {
            return;
        };
        let y = page.h - baseline;
        let c = &mut page.content;
        c.begin_text();
        c.set_font(Name(b"F1"), size);
        if bold {
            c.set_text_rendering_mode(TextRenderingMode::FillStroke);
            c.set_line_width(size * 0.04);
        }
        if char_spacing != 0.0 {
            c.set_char_spacing(char_spacing);
        }
        c.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y]);
        c.show(Str(&bytes));
        if char_spacing != 0.0 {
            c.set_char_spacing(0.0);
        }
        if bold {
            c.set_text_rendering_mode(TextRenderingMode::Fill);
        }
        c.end_text();
    }

    /// Draws text aligned in the box `x .. x + w`.
    #[allow(clippy::too_many_arguments)]
    pub fn text_in(
        &mut self,
        x: f32,
        w: f32,
        baseline: f32,
        size: f32,
        bold: bool,
        s: &str,
        align: Align,
    ) {
        let tw = self.fonts.width(s, size);
        let x = match align {
            Align::Left => x,
            Align::Center => x + (w - tw) / 2.0,
            Align::Right => x + w - tw,
        };
        self.text_at(x, baseline, size, bold, s, 0.0);
    }

    /// A line from (x1, y1) to (x2, y2), coordinates from the top left.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        let Some(page) = self.pages.last_mut() else {
            return;
        };
        let h = page.h;
        let c = &mut page.content;
        c.set_line_width(width);
        c.move_to(x1, h - y1);
        c.line_to(x2, h - y2);
        c.stroke();
    }

    /// A paragraph of wrapped lines from the cursor, breaking pages as needed.
    pub fn paragraph(&mut self, text: &str, size: f32, indent_chars: f32, bold: bool) {
        let w = self.content_w();
        let indent = indent_chars * size;
        let lines = wrap(&mut self.fonts, text, size, w, indent);
        let lh = size * BODY_LEADING;
        for (i, l) in lines.iter().enumerate() {
            self.ensure(lh);
            let x = MARGIN_X + if i == 0 { indent } else { 0.0 };
            let avail = if i == 0 { w - indent } else { w };
            let spacing = justify(l, avail, size);
            let baseline = self.y + size * 1.25;
            self.text_at(x, baseline, size, bold, &l.text, spacing);
            self.y += lh;
        }
    }

    /// Starts a titled part (a table or a form) on a new page and records it for the contents.
    pub fn start_part(&mut self, title: &str, landscape: bool) {
        self.new_page(landscape);
        self.mark(title, 1);
    }

    /// Page numbers in the footer of every numbered page.
    pub fn footers(&mut self) {
        let total = self.pages.len();
        for i in 0..total {
            if !self.pages.get(i).is_some_and(|p| p.numbered) {
                continue;
            }
            let s = format!("第 {} 页 共 {} 页", i + 1, total);
            let (bytes, _) = self.fonts.encode(&s);
            let w = self.fonts.width(&s, 9.0);
            if let Some(p) = self.pages.get_mut(i) {
                let x = (p.w - w) / 2.0;
                let c = &mut p.content;
                c.begin_text();
                c.set_font(Name(b"F1"), 9.0);
                c.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, 30.0]);
                c.show(Str(&bytes));
                c.end_text();
            }
        }
    }
}

/// Char spacing that justifies a line to `avail` (0 for a paragraph's last line or where the
/// gaps would grow too large).
fn justify(l: &Line, avail: f32, size: f32) -> f32 {
    if !l.more {
        return 0.0;
    }
    let n = l.text.chars().count();
    if n < 2 {
        return 0.0;
    }
    let extra = avail - l.width;
    let s = extra / (n - 1) as f32;
    if s > 0.0 && s < size * 0.25 {
        s
    } else {
        0.0
    }
}
