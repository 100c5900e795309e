//! Pages, drawing, the flow of the document (cover, contents, narrative, tables, forms) and the
//! final PDF.

use crate::fonts::Fonts;
use crate::text::{wrap, Line};
use crate::{Options, RenderError};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use yusuan_model::Disclosure;

pub(crate) const A4_W: f32 = 595.28;
pub(crate) const A4_H: f32 = 841.89;
pub(crate) const MARGIN_X: f32 = 56.0;
pub(crate) const MARGIN_TOP: f32 = 56.0;
pub(crate) const MARGIN_BOTTOM: f32 = 62.0;

const BODY_SIZE: f32 = 11.0;
const BODY_LEADING: f32 = 1.8;

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
struct Mark {
    title: String,
    level: u8,
    page: usize,
    y: f32,
}

pub(crate) struct Doc {
    pub fonts: Fonts,
    /// How the disclosure is printed.
    pub style: yusuan_render::Style,
    pub pages: Vec<Page>,
    /// Cursor: distance from the top of the current page.
    pub y: f32,
    marks: Vec<Mark>,
}

impl Doc {
    pub fn new(fonts: Fonts, style: yusuan_render::Style) -> Doc {
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

    fn mark(&mut self, title: &str, level: u8) {
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

    pub fn layout_disclosure(&mut self, d: &Disclosure, options: &Options) {
        if options.cover {
            self.cover(d);
        }
        let contents_at = self.pages.len();
        self.narrative(d);
        for t in &d.tables {
            crate::table::table(self, d, t);
        }
        for p in &d.performance {
            crate::perf::performance(self, d, p);
        }
        if self.pages.is_empty() {
            self.new_page(false);
        }
        if options.contents
            && self.style.contents != yusuan_render::style::Contents::None
            && !self.marks.is_empty()
        {
            self.contents(contents_at);
        }
        self.footers();
    }

    fn cover(&mut self, d: &Disclosure) {
        self.new_page(false);
        if let Some(p) = self.pages.last_mut() {
            p.numbered = false;
        }
        let w = self.content_w();
        let mut y = 250.0;
        let name = d.meta.unit.name.clone().unwrap_or_default();
        let year = d.meta.year.map(|y| format!("{y}年")).unwrap_or_default();
        let kind = d.meta.kind.label();
        let mut lines: Vec<(String, f32)> = Vec::new();
        if !name.is_empty() {
            lines.push((name.clone(), 24.0));
        }
        lines.push((format!("{year}{kind}"), 26.0));
        for (s, size) in lines {
            for l in wrap(&mut self.fonts, &s, size, w, 0.0) {
                self.text_in(MARGIN_X, w, y, size, true, &l.text, Align::Center);
                y += size * 1.6;
            }
        }
        if let Some(t) = &d.meta.title {
            if !t.contains(&name) || name.is_empty() {
                y += 10.0;
                for l in wrap(&mut self.fonts, t, 15.0, w, 0.0) {
                    self.text_in(MARGIN_X, w, y, 15.0, false, &l.text, Align::Center);
                    y += 24.0;
                }
            }
        }
        let mut info = Vec::new();
        if let Some(code) = &d.meta.unit.code {
            info.push(format!("单位代码：{code}"));
        }
        if let Some(c) = &d.meta.unit.contact {
            info.push(format!("联系人：{c}"));
        }
        let mut y = A4_H - 200.0;
        for s in info {
            self.text_in(MARGIN_X, w, y, 12.0, false, &s, Align::Center);
            y += 20.0;
        }
    }

    fn narrative(&mut self, d: &Disclosure) {
        let sections = &d.narrative.sections;
        if sections.is_empty() {
            return;
        }
        self.new_page(false);
        let title = match (&d.meta.unit.name, d.meta.year) {
            (Some(n), Some(y)) => format!("{n}{y}年{}情况说明", d.meta.kind.label()),
            _ => format!("{}情况说明", d.meta.kind.label()),
        };
        self.mark(&title, 1);
        let w = self.content_w();
        for l in wrap(&mut self.fonts, &title, 16.0, w, 0.0) {
            self.text_in(
                MARGIN_X,
                w,
                self.y + 18.0,
                16.0,
                true,
                &l.text,
                Align::Center,
            );
            self.y += 26.0;
        }
        self.y += 10.0;
        for s in sections {
            let heading = match &s.number {
                Some(n) if n.starts_with('（') || n.starts_with('(') => format!("{n}{}", s.title),
                Some(n) if n.ends_with('.') || n.ends_with('．') => format!("{n}{}", s.title),
                Some(n) => format!("{n}、{}", s.title),
                None => s.title.clone(),
            };
            let (size, space) = match s.level {
                0 | 1 => (13.5, 10.0),
                _ => (BODY_SIZE, 4.0),
            };
            // Keep a heading with at least two lines of its text.
            self.ensure(space + size * 1.8 + BODY_SIZE * BODY_LEADING * 2.0);
            self.y += space;
            if s.level <= 1 {
                self.mark(&heading, 2);
            }
            let indent = if s.level <= 1 { 0.0 } else { 2.0 };
            self.paragraph(&heading, size, indent, true);
            for para in s.text.split('\n') {
                let para = para.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
                if para.is_empty() {
                    continue;
                }
                self.paragraph(para, BODY_SIZE, 2.0, false);
            }
        }
    }

    /// Starts a titled part (a table or a form) on a new page and records it for the contents.
    pub fn start_part(&mut self, title: &str, landscape: bool) {
        self.new_page(landscape);
        self.mark(title, 1);
    }

    /// The contents pages, inserted at `at`; marks after it move by the pages inserted.
    fn contents(&mut self, at: usize) {
        // Consecutive entries with the same title (one per project form) are listed once.
        let mut entries: Vec<(String, u8, usize)> = Vec::new();
        for m in &self.marks {
            if entries.last().is_some_and(|e| e.0 == m.title) {
                continue;
            }
            entries.push((m.title.clone(), m.level, m.page));
        }
        let line_h = 22.0;
        let per_page = ((A4_H - MARGIN_TOP - MARGIN_BOTTOM - 50.0) / line_h).floor() as usize;
        let per_page = per_page.max(1);
        let n_pages = entries.len().div_ceil(per_page);
        let at = at.min(self.pages.len());
        let after = self.pages.split_off(at);
        for m in &mut self.marks {
            if m.page >= at {
                m.page += n_pages;
            }
        }
        for chunk_i in 0..n_pages {
            self.new_page(false);
            let w = self.content_w();
            if chunk_i == 0 {
                self.text_in(
                    MARGIN_X,
                    w,
                    self.y + 20.0,
                    18.0,
                    true,
                    "目  录",
                    Align::Center,
                );
            }
            self.y += 50.0;
            let start = chunk_i * per_page;
            for (title, level, page) in entries.iter().skip(start).take(per_page) {
                let page_no = page + n_pages + 1;
                let size = 11.0;
                let indent = if *level >= 2 { 2.0 * size } else { 0.0 };
                let num = page_no.to_string();
                let num_w = self.fonts.width(&num, size);
                let max_title = w - indent - num_w - 3.0 * size;
                let mut t = title.clone();
                while self.fonts.width(&t, size) > max_title && t.chars().count() > 1 {
                    t.pop();
                    if self.fonts.width(&t, size) <= max_title - size {
                        t.push('…');
                        break;
                    }
                }
                let baseline = self.y + 14.0;
                self.text_at(MARGIN_X + indent, baseline, size, *level < 2, &t, 0.0);
                if self.style.contents == yusuan_render::style::Contents::Plain {
                    // Titles only: no leaders, no page numbers.
                    self.y += line_h;
                    continue;
                }
                let tw = self.fonts.width(&t, size);
                // Dotted leader.
                let dot_w = self.fonts.width("·", size).max(1.0);
                let from = MARGIN_X + indent + tw + size * 0.5;
                let to = MARGIN_X + w - num_w - size * 0.5;
                if to > from {
                    let n = ((to - from) / dot_w).floor() as usize;
                    let dots: String = std::iter::repeat_n('·', n).collect();
                    self.text_at(to - n as f32 * dot_w, baseline, size, false, &dots, 0.0);
                }
                self.text_in(MARGIN_X, w, baseline, size, false, &num, Align::Right);
                self.y += line_h;
            }
        }
        self.pages.extend(after);
    }

    fn footers(&mut self) {
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

    /// Writes the PDF.
    pub fn finish(self, d: &Disclosure) -> Result<Vec<u8>, RenderError> {
        let Doc {
            fonts,
            pages,
            marks,
            ..
        } = self;
        let mut alloc = Ref::new(1);
        let mut next = || alloc.bump();
        let catalog_id = next();
        let tree_id = next();
        let type0_id = next();
        let cid_id = next();
        let descriptor_id = next();
        let file_id = next();
        let cmap_id = next();
        let info_id = next();
        let outline_id = next();
        let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (next(), next())).collect();
        let heights: Vec<f32> = pages.iter().map(|p| p.h).collect();
        let mark_ids: Vec<Ref> = marks.iter().map(|_| next()).collect();

        let mut pdf = Pdf::new();
        pdf.set_version(1, 7);
        let title = d
            .meta
            .title
            .clone()
            .or_else(|| {
                d.meta.unit.name.as_ref().map(|n| {
                    format!(
                        "{n}{}{}",
                        d.meta.year.map(|y| format!("{y}年")).unwrap_or_default(),
                        d.meta.kind.label()
                    )
                })
            })
            .unwrap_or_else(|| d.meta.kind.label().to_string());
        {
            let mut cat = pdf.catalog(catalog_id);
            cat.pages(tree_id);
            cat.lang(TextStr("zh-CN"));
            if !marks.is_empty() {
                cat.outlines(outline_id);
                cat.page_mode(pdf_writer::types::PageMode::UseOutlines);
            }
            cat.viewer_preferences().display_doc_title(true);
        }
        pdf.document_info(info_id)
            .title(TextStr(&title))
            .producer(TextStr("yusuan"));
        pdf.pages(tree_id)
            .kids(page_ids.iter().map(|p| p.0))
            .count(page_ids.len() as i32);

        let level = flate_level();
        for (page, (pid, cid)) in pages.into_iter().zip(&page_ids) {
            let mut p = pdf.page(*pid);
            p.parent(tree_id);
            p.media_box(Rect::new(0.0, 0.0, page.w, page.h));
            p.contents(*cid);
            p.resources().fonts().pair(Name(b"F1"), type0_id);
            p.finish();
            let raw = page.content.finish();
            let data = deflate(raw.as_slice(), level);
            pdf.stream(*cid, &data).filter(Filter::FlateDecode);
        }

        // Font: Type0 / CIDFontType2 with a subset TrueType program, Identity-H, ToUnicode.
        let face = &fonts.face;
        let subset = face.subset(&fonts.glyphs)?;
        let tag = subset_tag(&fonts.glyphs);
        let base = format!("{tag}+{}", face.postscript_name);
        let scale = 1000.0 / face.units_per_em as f32;
        let system_info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };
        pdf.type0_font(type0_id)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_id)
            .to_unicode(cmap_id);
        {
            let mut cid = pdf.cid_font(cid_id);
            cid.subtype(CidFontType::Type2);
            cid.base_font(Name(base.as_bytes()));
            cid.system_info(system_info);
            cid.font_descriptor(descriptor_id);
            cid.default_width(1000.0);
            cid.cid_to_gid_map_predefined(Name(b"Identity"));
            let widths: Vec<f32> = fonts
                .glyphs
                .iter()
                .map(|&g| (face.advance(g) as f32 * scale).round())
                .collect();
            cid.widths().consecutive(0, widths);
        }
        pdf.font_descriptor(descriptor_id)
            .name(Name(base.as_bytes()))
            .flags(FontFlags::SYMBOLIC)
            .bbox(Rect::new(
                face.bbox[0] as f32 * scale,
                face.bbox[1] as f32 * scale,
                face.bbox[2] as f32 * scale,
                face.bbox[3] as f32 * scale,
            ))
            .italic_angle(0.0)
            .ascent(face.ascent as f32 * scale)
            .descent(face.descent as f32 * scale)
            .cap_height(face.cap_height as f32 * scale)
            .stem_v(80.0)
            .font_file2(file_id);
        let font_data = deflate(&subset, level);
        pdf.stream(file_id, &font_data)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), subset.len() as i32);
        let mut cmap = UnicodeCmap::new(Name(b"Custom"), system_info);
        for (gid, c) in fonts.chars.iter().enumerate() {
            if let Some(c) = c {
                cmap.pair(gid as u16, *c);
            }
        }
        let cmap_data = deflate(cmap.finish().as_slice(), level);
        pdf.cmap(cmap_id, &cmap_data).filter(Filter::FlateDecode);

        // Outline (bookmarks): level-1 entries at the top, level-2 under the one before.
        if !marks.is_empty() {
            write_outline(&mut pdf, outline_id, &marks, &mark_ids, &page_ids, &heights);
        }
        Ok(pdf.finish())
    }
}

fn write_outline(
    pdf: &mut Pdf,
    outline_id: Ref,
    marks: &[Mark],
    ids: &[Ref],
    pages: &[(Ref, Ref)],
    heights: &[f32],
) {
    // Parent of each mark: None for level 1, the last level-1 mark before it for level 2.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(marks.len());
    let mut last_top = None;
    for (i, m) in marks.iter().enumerate() {
        if m.level <= 1 {
            parent.push(None);
            last_top = Some(i);
        } else {
            parent.push(last_top);
        }
    }
    let children =
        |p: Option<usize>| -> Vec<usize> { (0..marks.len()).filter(|&i| parent[i] == p).collect() };
    let top = children(None);
    {
        let mut o = pdf.outline(outline_id);
        if let (Some(&f), Some(&l)) = (top.first(), top.last()) {
            o.first(ids[f]);
            o.last(ids[l]);
        }
        o.count(top.len() as i32);
    }
    for (i, m) in marks.iter().enumerate() {
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let kids = children(Some(i));
        let mut item = pdf.outline_item(ids[i]);
        item.title(TextStr(&m.title));
        item.parent(parent[i].map_or(outline_id, |p| ids[p]));
        if pos > 0 {
            item.prev(ids[siblings[pos - 1]]);
        }
        if let Some(&n) = siblings.get(pos + 1) {
            item.next(ids[n]);
        }
        if let (Some(&f), Some(&l)) = (kids.first(), kids.last()) {
            item.first(ids[f]);
            item.last(ids[l]);
            item.count(-(kids.len() as i32));
        }
        if let Some(&(page_ref, _)) = pages.get(m.page) {
            let h = heights.get(m.page).copied().unwrap_or(A4_H);
            item.dest().page(page_ref).xyz(0.0, h - m.y + 10.0, None);
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

fn flate_level() -> u32 {
    6
}

fn deflate(data: &[u8], level: u32) -> Vec<u8> {
    miniz_oxide_compress(data, level)
}

fn miniz_oxide_compress(data: &[u8], level: u32) -> Vec<u8> {
    use flate2::write::ZlibEncoder;
    use std::io::Write;
    let mut e = ZlibEncoder::new(Vec::new(), flate2::Compression::new(level));
    // Writing to a Vec cannot fail.
    if e.write_all(data).is_err() {
        return Vec::new();
    }
    e.finish().unwrap_or_default()
}

/// Six capital letters from the glyph set, as PDF subset fonts are named (`ABCDEF+Name`).
fn subset_tag(glyphs: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for g in glyphs {
        h ^= *g as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    (0..6)
        .map(|i| (b'A' + ((h >> (i * 5)) % 26) as u8) as char)
        .collect()
}
