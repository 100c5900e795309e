//! The PDF file: the catalogue, the pages' content streams, the outline, and the font as a
//! Type0 font over a subset of the face (CIDFontType2 with a `FontFile2` for TrueType outlines,
//! CIDFontType0 with a `FontFile3`/`CIDFontType0C` for CFF outlines), its widths (`/W`) from
//! the face's advances, and a ToUnicode map.
//!
//! Text is drawn in 2-byte codes, one per distinct character (`fonts.rs`); the subset's glyph
//! ids are the CIDs. Where every code is its glyph's CID (no two characters share a glyph and
//! none is missing) the encoding is `Identity-H`; otherwise an embedded encoding CMap maps the
//! codes to CIDs, so that the ToUnicode map stays exact per character.

use crate::doc::{Doc, Mark, A4_H};
use crate::error::RenderError;
use crate::font::Outlines;
use crate::fonts::Fonts;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;
use yusuan_model::Disclosure;

const FLATE_LEVEL: u32 = 6;

/// Writes the PDF of a laid-out document.
pub(crate) fn pdf(doc: Doc<'_>, d: &Disclosure) -> Result<Vec<u8>, RenderError> {
    let Doc {
        fonts,
        pages,
        marks,
        ..
    } = doc;
    let mut alloc = Ref::new(1);
    let mut next = || alloc.bump();
    let catalog_id = next();
    let tree_id = next();
    let font_ids = FontIds {
        type0: next(),
        cid: next(),
        descriptor: next(),
        file: next(),
        to_unicode: next(),
        encoding: next(),
    };
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
        .count(i32::try_from(page_ids.len()).unwrap_or(i32::MAX));

    for (page, (pid, cid)) in pages.into_iter().zip(&page_ids) {
        let mut p = pdf.page(*pid);
        p.parent(tree_id);
        p.media_box(Rect::new(0.0, 0.0, page.w, page.h));
        p.contents(*cid);
        p.resources().fonts().pair(Name(b"F1"), font_ids.type0);
        p.finish();
        let raw = page.content.finish();
        let data = deflate(raw.as_slice());
        pdf.stream(*cid, &data).filter(Filter::FlateDecode);
    }

    write_font(&mut pdf, &fonts, &font_ids)?;

    // Outline (bookmarks): level-1 entries at the top, level-2 under the one before.
    if !marks.is_empty() {
        write_outline(&mut pdf, outline_id, &marks, &mark_ids, &page_ids, &heights);
    }
    Ok(pdf.finish())
}

struct FontIds {
    type0: Ref,
    cid: Ref,
    descriptor: Ref,
    file: Ref,
    to_unicode: Ref,
    /// Used only when the codes are not the CIDs.
    encoding: Ref,
}

const SYSTEM_INFO: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

fn write_font(pdf: &mut Pdf, fonts: &Fonts<'_>, ids: &FontIds) -> Result<(), RenderError> {
    let face = &fonts.face;
    // The subset's glyphs in the order of the codes that first use them (.notdef first): the
    // new glyph id of each is its CID.
    let mut remapper = GlyphRemapper::new();
    let cids: Vec<u16> = fonts.glyphs.iter().map(|&g| remapper.remap(g)).collect();
    let program = face.subset(&remapper)?;
    let glyphs: Vec<u16> = remapper.remapped_gids().collect();
    let base = format!("{}+{}", subset_tag(&glyphs), face.postscript_name);
    let scale = 1000.0 / f32::from(face.units_per_em);
    let identity = cids
        .iter()
        .enumerate()
        .all(|(code, &cid)| usize::from(cid) == code);
    {
        let mut type0 = pdf.type0_font(ids.type0);
        type0.base_font(Name(base.as_bytes()));
        if identity {
            type0.encoding_predefined(Name(b"Identity-H"));
        } else {
            type0.encoding_cmap(ids.encoding);
        }
        type0.descendant_font(ids.cid).to_unicode(ids.to_unicode);
    }
    {
        let mut cid = pdf.cid_font(ids.cid);
        match face.outlines {
            Outlines::TrueType => {
                cid.subtype(CidFontType::Type2);
                cid.cid_to_gid_map_predefined(Name(b"Identity"));
            }
            Outlines::Cff => {
                cid.subtype(CidFontType::Type0);
            }
        }
        cid.base_font(Name(base.as_bytes()));
        cid.system_info(SYSTEM_INFO);
        cid.font_descriptor(ids.descriptor);
        cid.default_width(1000.0);
        let widths: Vec<f32> = glyphs
            .iter()
            .map(|&g| (f32::from(face.advance(g)) * scale).round())
            .collect();
        cid.widths().consecutive(0, widths);
    }
    {
        let [x0, y0, x1, y1] = face.bbox.map(|v| f32::from(v) * scale);
        let mut descriptor = pdf.font_descriptor(ids.descriptor);
        descriptor
            .name(Name(base.as_bytes()))
            .flags(FontFlags::SYMBOLIC)
            .bbox(Rect::new(x0, y0, x1, y1))
            .italic_angle(0.0)
            .ascent(f32::from(face.ascent) * scale)
            .descent(f32::from(face.descent) * scale)
            .cap_height(f32::from(face.cap_height) * scale)
            .stem_v(80.0);
        match face.outlines {
            Outlines::TrueType => descriptor.font_file2(ids.file),
            Outlines::Cff => descriptor.font_file3(ids.file),
        };
    }
    let data = deflate(&program);
    let mut file = pdf.stream(ids.file, &data);
    file.filter(Filter::FlateDecode);
    match face.outlines {
        Outlines::TrueType => {
            file.pair(
                Name(b"Length1"),
                i32::try_from(program.len()).unwrap_or(i32::MAX),
            );
        }
        Outlines::Cff => {
            file.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
        }
    }
    file.finish();

    let mut to_unicode = UnicodeCmap::new(Name(b"Custom"), SYSTEM_INFO);
    for (code, c) in fonts.chars.iter().enumerate() {
        if let (Ok(code), Some(c)) = (u16::try_from(code), c) {
            to_unicode.pair(code, *c);
        }
    }
    let data = deflate(to_unicode.finish().as_slice());
    pdf.cmap(ids.to_unicode, &data).filter(Filter::FlateDecode);
    if !identity {
        let data = deflate(encoding_cmap(&cids).as_bytes());
        pdf.cmap(ids.encoding, &data)
            .name(Name(ENCODING_NAME.as_bytes()))
            .system_info(SYSTEM_INFO)
            .filter(Filter::FlateDecode);
    }
    Ok(())
}

const ENCODING_NAME: &str = "Yusuan-Codes-H";

/// An encoding CMap from 2-byte codes (the index into `cids`) to CIDs, as runs of consecutive
/// codes with consecutive CIDs (`begincidrange`, at most 100 to a block).
fn encoding_cmap(cids: &[u16]) -> String {
    // (first code, last code, first CID)
    let mut runs: Vec<(usize, usize, u16)> = Vec::new();
    for (code, &cid) in cids.iter().enumerate() {
        match runs.last_mut() {
            // A range's first and last code may differ only in their last byte (the CMap
            // rules): a run ends where the first byte changes.
            Some((first, last, first_cid))
                if *last + 1 == code
                    && code & 0xFF != 0
                    && usize::from(*first_cid) + (code - *first) == usize::from(cid) =>
            {
                *last = code;
            }
            _ => runs.push((code, code, cid)),
        }
    }
    let mut s = String::new();
    s.push_str(
        "%!PS-Adobe-3.0 Resource-CMap\n\
         %%DocumentNeededResources: ProcSet (CIDInit)\n\
         %%IncludeResource: ProcSet (CIDInit)\n\
         /CIDInit /ProcSet findresource begin\n\
         12 dict begin\n\
         begincmap\n\
         /CIDSystemInfo 3 dict dup begin\n\
         /Registry (Adobe) def\n\
         /Ordering (Identity) def\n\
         /Supplement 0 def\n\
         end def\n",
    );
    s.push_str(&format!("/CMapName /{ENCODING_NAME} def\n"));
    s.push_str(
        "/CMapType 1 def\n\
         /WMode 0 def\n\
         1 begincodespacerange\n\
         <0000> <FFFF>\n\
         endcodespacerange\n",
    );
    for block in runs.chunks(100) {
        s.push_str(&format!("{} begincidrange\n", block.len()));
        for (first, last, cid) in block {
            s.push_str(&format!("<{first:04X}> <{last:04X}> {cid}\n"));
        }
        s.push_str("endcidrange\n");
    }
    s.push_str(
        "endcmap\n\
         CMapName currentdict /CMap defineresource pop\n\
         end\n\
         end\n",
    );
    s
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
    let children = |p: Option<usize>| -> Vec<usize> {
        parent
            .iter()
            .enumerate()
            .filter(|(_, q)| **q == p)
            .map(|(i, _)| i)
            .collect()
    };
    let id = |i: usize| ids.get(i).copied();
    let top = children(None);
    {
        let mut o = pdf.outline(outline_id);
        if let (Some(f), Some(l)) = (
            top.first().and_then(|&f| id(f)),
            top.last().and_then(|&l| id(l)),
        ) {
            o.first(f);
            o.last(l);
        }
        o.count(i32::try_from(top.len()).unwrap_or(i32::MAX));
    }
    for ((i, m), &up) in marks.iter().enumerate().zip(&parent) {
        let Some(me) = id(i) else {
            continue;
        };
        let siblings = children(up);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let kids = children(Some(i));
        let mut item = pdf.outline_item(me);
        item.title(TextStr(&m.title));
        item.parent(up.and_then(id).unwrap_or(outline_id));
        if let Some(prev) = pos
            .checked_sub(1)
            .and_then(|p| siblings.get(p))
            .and_then(|&s| id(s))
        {
            item.prev(prev);
        }
        if let Some(n) = siblings.get(pos + 1).and_then(|&s| id(s)) {
            item.next(n);
        }
        if let (Some(f), Some(l)) = (
            kids.first().and_then(|&f| id(f)),
            kids.last().and_then(|&l| id(l)),
        ) {
            item.first(f);
            item.last(l);
            item.count(-i32::try_from(kids.len()).unwrap_or(i32::MAX));
        }
        if let Some(&(page_ref, _)) = pages.get(m.page) {
            let h = heights.get(m.page).copied().unwrap_or(A4_H);
            item.dest().page(page_ref).xyz(0.0, h - m.y + 10.0, None);
        }
    }
}

/// zlib-compressed data (flate2).
fn deflate(data: &[u8]) -> Vec<u8> {
    use flate2::write::ZlibEncoder;
    use std::io::Write;
    let mut e = ZlibEncoder::new(Vec::new(), flate2::Compression::new(FLATE_LEVEL));
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
        h ^= u64::from(*g);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + u8::try_from((h >> (i * 5)) % 26).unwrap_or(0)))
        .collect()
}
