//! The flow of a disclosure over the pages: the cover, the narrative, every table and
//! performance form, the contents inserted after the cover, and the page numbers.

use crate::doc::{Align, Doc, A4_H, BODY_LEADING, BODY_SIZE, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X};
use crate::options::Options;
use crate::text::wrap;
use crate::{perf, table};
use yusuan_model::Disclosure;

pub(crate) fn layout(doc: &mut Doc<'_>, d: &Disclosure, options: &Options) {
    if options.cover {
        cover(doc, d);
    }
    let contents_at = doc.pages.len();
    narrative(doc, d);
    for t in &d.tables {
        table::table(doc, d, t);
    }
    for p in &d.performance {
        perf::performance(doc, d, p);
    }
    if doc.pages.is_empty() {
        doc.new_page(false);
    }
    if options.contents
        && doc.style.contents != yusuan_render::style::Contents::None
        && !doc.marks.is_empty()
    {
        contents(doc, contents_at);
    }
    doc.footers();
}

fn cover(doc: &mut Doc<'_>, d: &Disclosure) {
    doc.new_page(false);
    if let Some(p) = doc.pages.last_mut() {
        p.numbered = false;
    }
    let w = doc.content_w();
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
        for l in wrap(&mut doc.fonts, &s, size, w, 0.0) {
            doc.text_in(MARGIN_X, w, y, size, true, &l.text, Align::Center);
            y += size * 1.6;
        }
    }
    if let Some(t) = &d.meta.title {
        if !t.contains(&name) || name.is_empty() {
            y += 10.0;
            for l in wrap(&mut doc.fonts, t, 15.0, w, 0.0) {
                doc.text_in(MARGIN_X, w, y, 15.0, false, &l.text, Align::Center);
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
        doc.text_in(MARGIN_X, w, y, 12.0, false, &s, Align::Center);
        y += 20.0;
    }
}

fn narrative(doc: &mut Doc<'_>, d: &Disclosure) {
    let sections = &d.narrative.sections;
    if sections.is_empty() {
        return;
    }
    doc.new_page(false);
    let title = match (&d.meta.unit.name, d.meta.year) {
        (Some(n), Some(y)) => format!("{n}{y}年{}情况说明", d.meta.kind.label()),
        _ => format!("{}情况说明", d.meta.kind.label()),
    };
    doc.mark(&title, 1);
    let w = doc.content_w();
    for l in wrap(&mut doc.fonts, &title, 16.0, w, 0.0) {
        doc.text_in(
            MARGIN_X,
            w,
            doc.y + 18.0,
            16.0,
            true,
            &l.text,
            Align::Center,
        );
        doc.y += 26.0;
    }
    doc.y += 10.0;
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
        doc.ensure(space + size * 1.8 + BODY_SIZE * BODY_LEADING * 2.0);
        doc.y += space;
        if s.level <= 1 {
            doc.mark(&heading, 2);
        }
        let indent = if s.level <= 1 { 0.0 } else { 2.0 };
        doc.paragraph(&heading, size, indent, true);
        for para in s.text.split('\n') {
            let para = para.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
            if para.is_empty() {
                continue;
            }
            doc.paragraph(para, BODY_SIZE, 2.0, false);
        }
    }
}

/// The contents pages, inserted at `at`; marks after it move by the pages inserted.
fn contents(doc: &mut Doc<'_>, at: usize) {
    // Consecutive entries with the same title (one per project form) are listed once.
    let mut entries: Vec<(String, u8, usize)> = Vec::new();
    for m in &doc.marks {
        if entries.last().is_some_and(|e| e.0 == m.title) {
            continue;
        }
        entries.push((m.title.clone(), m.level, m.page));
    }
    let line_h = 22.0;
    let per_page = ((A4_H - MARGIN_TOP - MARGIN_BOTTOM - 50.0) / line_h).floor() as usize;
    let per_page = per_page.max(1);
    let n_pages = entries.len().div_ceil(per_page);
    let at = at.min(doc.pages.len());
    let after = doc.pages.split_off(at);
    for m in &mut doc.marks {
        if m.page >= at {
            m.page += n_pages;
        }
    }
    for chunk_i in 0..n_pages {
        doc.new_page(false);
        let w = doc.content_w();
        if chunk_i == 0 {
            doc.text_in(
                MARGIN_X,
                w,
                doc.y + 20.0,
                18.0,
                true,
                "目  录",
                Align::Center,
            );
        }
        doc.y += 50.0;
        let start = chunk_i * per_page;
        for (title, level, page) in entries.iter().skip(start).take(per_page) {
            let page_no = page + n_pages + 1;
            let size = 11.0;
            let indent = if *level >= 2 { 2.0 * size } else { 0.0 };
            let num = page_no.to_string();
            let num_w = doc.fonts.width(&num, size);
            let max_title = w - indent - num_w - 3.0 * size;
            let mut t = title.clone();
            while doc.fonts.width(&t, size) > max_title && t.chars().count() > 1 {
                t.pop();
                if doc.fonts.width(&t, size) <= max_title - size {
                    t.push('…');
                    break;
                }
            }
            let baseline = doc.y + 14.0;
            doc.text_at(MARGIN_X + indent, baseline, size, *level < 2, &t, 0.0);
            if doc.style.contents == yusuan_render::style::Contents::Plain {
                // Titles only: no leaders, no page numbers.
                doc.y += line_h;
                continue;
            }
            let tw = doc.fonts.width(&t, size);
            // Dotted leader.
            let dot_w = doc.fonts.width("·", size).max(1.0);
            let from = MARGIN_X + indent + tw + size * 0.5;
            let to = MARGIN_X + w - num_w - size * 0.5;
            if to > from {
                let n = ((to - from) / dot_w).floor() as usize;
                let dots: String = std::iter::repeat_n('·', n).collect();
                doc.text_at(to - n as f32 * dot_w, baseline, size, false, &dots, 0.0);
            }
            doc.text_in(MARGIN_X, w, baseline, size, false, &num, Align::Right);
            doc.y += line_h;
        }
    }
    doc.pages.extend(after);
}
