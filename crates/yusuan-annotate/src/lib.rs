//! Mark a checker's findings on the published PDF itself.
//!
//! [`annotate`] takes the bytes of a disclosure PDF and the findings the checker made on it, and
//! returns the same PDF with one annotation per place involved:
//!
//! * every location with a box on a page (a table cell, a sentence's line, a row) gets a
//!   **Square** annotation around that box, on that page;
//! * a finding none of whose locations has a box gets a **Text** annotation (a sticky note) at
//!   the top-left of the page of its first location (page 1 when no location names a page).
//!
//! Each annotation's `/Contents` is the finding's rule code and Chinese message (`YS301 说明中的…`)
//! as a PDF text string in UTF-16BE with a byte-order mark, its `/T` (author) is `yusuan`, its
//! `/Subj` the rule code, its colour the severity (red: error, orange: warning, blue: info).
//! Every annotation carries its own appearance stream, so viewers that do not draw annotations
//! themselves still show it.
//!
//! The PDF is updated **incrementally**: the original bytes are kept unchanged and the new
//! annotation objects, the changed pages (or `/Annots` arrays) and a new cross-reference section
//! are appended, as a PDF editor saving comments does.
//!
//! Boxes are in the coordinates `yusuan-pdf` reports (points, origin at the bottom-left of the
//! displayed page's crop box, after `/Rotate`); they are mapped back to each page's own user
//! space here.

use lopdf::{dictionary, Dictionary, Document, IncrementalDocument, Object, ObjectId, Stream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use yusuan_check::{Finding, Severity};
use yusuan_model::provenance::BBox;

/// Why a PDF could not be annotated.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum AnnotateError {
    /// The bytes are not a PDF lopdf can read.
    #[error("PDF 无法读取，不能添加批注 (cannot read the PDF): {0}")]
    Read(String),
    /// Encrypted PDFs are not changed.
    #[error("PDF 已加密，不能添加批注 (the PDF is encrypted)")]
    Encrypted,
    /// A finding names a page the PDF does not have: the findings are not from this PDF.
    #[error("检查结果指向第 {page} 页，但 PDF 只有 {pages} 页：检查结果与该 PDF 不对应 (a finding is on page {page}, the PDF has {pages} pages)")]
    NoSuchPage { page: u32, pages: u32 },
    /// The page object could not be changed.
    #[error("第 {page} 页无法添加批注 (cannot annotate page {page}): {detail}")]
    Page { page: u32, detail: String },
    /// Writing the updated PDF failed.
    #[error("无法写出带批注的 PDF (cannot write the annotated PDF): {0}")]
    Write(String),
}

/// What is drawn for a finding.
#[derive(Clone, Debug, PartialEq)]
pub enum MarkKind {
    /// A rectangle around a box on the page (displayed-page coordinates, as `yusuan-pdf` gives).
    Box(BBox),
    /// A sticky note at the top-left of the page.
    Note,
}

/// One annotation to add.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// 1-based page.
    pub page: u32,
    pub kind: MarkKind,
    pub rule: &'static str,
    pub severity: Severity,
    /// The annotation's text: rule code and Chinese message.
    pub contents: String,
}

/// The text an annotation shows for a finding: its rule code and Chinese message.
pub fn contents(f: &Finding) -> String {
    format!("{} {}", f.rule, f.message)
}

/// The annotations [`annotate`] adds for the findings, in order: for each finding a box for every
/// location with a page and a box (the same box once), else one note on the page of its first
/// location that names a page (page 1 when none does).
pub fn marks(findings: &[Finding]) -> Vec<Mark> {
    let mut out = Vec::new();
    for f in findings {
        let mut boxes: Vec<(u32, BBox)> = Vec::new();
        for l in &f.locations {
            if let (Some(page), Some(b)) = (l.page, l.bbox) {
                if !boxes.contains(&(page, b)) {
                    boxes.push((page, b));
                }
            }
        }
        let mark = |page: u32, kind: MarkKind| Mark {
            page,
            kind,
            rule: f.rule,
            severity: f.severity,
            contents: contents(f),
        };
        if boxes.is_empty() {
            let page = f.locations.iter().find_map(|l| l.page).unwrap_or(1);
            out.push(mark(page, MarkKind::Note));
        } else {
            out.extend(boxes.into_iter().map(|(p, b)| mark(p, MarkKind::Box(b))));
        }
    }
    out
}

/// The PDF with every finding marked on its page (see the [crate documentation](crate)).
/// Findings without any page go to page 1. The input is not changed: the result is the input's
/// bytes followed by an incremental update.
pub fn annotate(pdf: &[u8], findings: &[Finding]) -> Result<Vec<u8>, AnnotateError> {
    let marks = marks(findings);
    match catch_unwind(AssertUnwindSafe(|| annotate_marks(pdf, &marks))) {
        Ok(r) => r,
        Err(_) => Err(AnnotateError::Read(
            "内部错误：读取或写出 PDF 时中断 (internal error while reading or writing)".into(),
        )),
    }
}

/// A page's geometry: its crop box in user space and its rotation, to map displayed
/// coordinates back.
#[derive(Clone, Copy, Debug)]
struct Geometry {
    crop: [f64; 4],
    /// Quarter turns clockwise (`/Rotate` / 90).
    quarter: u8,
}

impl Geometry {
    /// The displayed page's width and height.
    fn displayed(self) -> (f64, f64) {
        let (w, h) = (self.crop[2] - self.crop[0], self.crop[3] - self.crop[1]);
        if self.quarter % 2 == 1 {
            (h, w)
        } else {
            (w, h)
        }
    }

    /// A displayed point in user space: the inverse of the mapping `yusuan-pdf` applies (shift
    /// to the crop box's corner, then turn the page).
    fn to_user(self, x: f64, y: f64) -> (f64, f64) {
        let (w, h) = (self.crop[2] - self.crop[0], self.crop[3] - self.crop[1]);
        let (ux, uy) = match self.quarter {
            1 => (w - y, x),
            2 => (w - x, h - y),
            3 => (y, h - x),
            _ => (x, y),
        };
        (ux + self.crop[0], uy + self.crop[1])
    }

    /// A displayed rectangle in user space, as `[x0 y0 x1 y1]` with x0 < x1, y0 < y1.
    fn rect(self, x0: f64, y0: f64, x1: f64, y1: f64) -> [f64; 4] {
        let (ax, ay) = self.to_user(x0, y0);
        let (bx, by) = self.to_user(x1, y1);
        [ax.min(bx), ay.min(by), ax.max(bx), ay.max(by)]
    }
}

fn num(doc: &Document, o: &Object) -> Option<f64> {
    let o = doc.dereference(o).ok()?.1;
    o.as_float().ok().map(f64::from)
}

fn rect_of(doc: &Document, o: &Object) -> Option<[f64; 4]> {
    let arr = doc.dereference(o).ok()?.1.as_array().ok()?;
    let v: Vec<f64> = arr.iter().filter_map(|o| num(doc, o)).collect();
    match v.as_slice() {
        [a, b, c, d] => Some([a.min(*c), b.min(*d), a.max(*c), b.max(*d)]),
        _ => None,
    }
}

/// A page attribute, walking `/Parent` for inheritable ones.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(v) = node.get(key) {
            return Some(v);
        }
        let parent = node.get(b"Parent").ok()?;
        node = doc.dereference(parent).ok()?.1.as_dict().ok()?;
    }
    None
}

fn geometry(doc: &Document, page: &Dictionary) -> Geometry {
    let media = inherited(doc, page, b"MediaBox")
        .and_then(|o| rect_of(doc, o))
        .filter(|r| r[2] > r[0] && r[3] > r[1])
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let crop = inherited(doc, page, b"CropBox")
        .and_then(|o| rect_of(doc, o))
        .map(|c| {
            [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ]
        })
        .filter(|r| r[2] > r[0] && r[3] > r[1])
        .unwrap_or(media);
    let quarter = inherited(doc, page, b"Rotate")
        .and_then(|o| num(doc, o))
        .map_or(0, |r| ((r / 90.0).round() as i64).rem_euclid(4) as u8);
    Geometry { crop, quarter }
}

/// A PDF text string: UTF-16BE with a byte-order mark.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

fn colour(s: Severity) -> [f32; 3] {
    match s {
        Severity::Error => [0.86, 0.08, 0.08],
        Severity::Warning => [0.95, 0.55, 0.0],
        Severity::Info => [0.15, 0.4, 0.85],
    }
}

fn reals(v: &[f64]) -> Object {
    Object::Array(v.iter().map(|x| Object::Real(*x as f32)).collect())
}

/// Line width of the boxes, and how far they stand outside the marked word.
const LINE: f64 = 1.2;
const PAD: f64 = 1.5;
/// Size of a note's icon and the gap between notes.
const NOTE: f64 = 18.0;
const NOTE_GAP: f64 = 4.0;
const NOTE_MARGIN: f64 = 8.0;

/// The appearance of a box: a stroked rectangle inside the annotation's rectangle.
fn box_appearance(w: f64, h: f64, c: [f32; 3]) -> Stream {
    let inset = LINE / 2.0;
    let content = format!(
        "q {} {} {} RG {LINE} w {inset} {inset} {:.3} {:.3} re S Q",
        c[0],
        c[1],
        c[2],
        (w - LINE).max(0.0),
        (h - LINE).max(0.0)
    );
    form(w, h, content)
}

/// The appearance of a note: a filled square with a folded corner and three lines of "text".
fn note_appearance(c: [f32; 3]) -> Stream {
    let s = NOTE;
    let content = format!(
        "q {r} {g} {b} rg 0 0 0 RG 0.8 w 0.4 0.4 {e} {e} re B \
         1 1 1 RG 1.2 w 4 5 m 14 5 l 4 9 m 14 9 l 4 13 m 11 13 l S Q",
        r = c[0],
        g = c[1],
        b = c[2],
        e = s - 0.8
    );
    form(s, s, content)
}

fn form(w: f64, h: f64, content: String) -> Stream {
    Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => reals(&[0.0, 0.0, w, h]),
        },
        content.into_bytes(),
    )
}

fn annotate_marks(pdf: &[u8], marks: &[Mark]) -> Result<Vec<u8>, AnnotateError> {
    let mut inc: IncrementalDocument = pdf
        .try_into()
        .map_err(|e: lopdf::Error| AnnotateError::Read(e.to_string()))?;
    if inc.get_prev_documents().is_encrypted()
        || inc.get_prev_documents().encryption_state.is_some()
    {
        return Err(AnnotateError::Encrypted);
    }
    let pages = inc.get_prev_documents().get_pages();
    let page_count = pages.len() as u32;
    if let Some(m) = marks.iter().find(|m| !pages.contains_key(&m.page)) {
        return Err(AnnotateError::NoSuchPage {
            page: m.page,
            pages: page_count,
        });
    }
    let mut by_page: std::collections::BTreeMap<u32, Vec<&Mark>> = Default::default();
    for m in marks {
        by_page.entry(m.page).or_default().push(m);
    }
    for (page_no, page_marks) in by_page {
        let Some(&page_id) = pages.get(&page_no) else {
            continue;
        };
        let page_err = |detail: String| AnnotateError::Page {
            page: page_no,
            detail,
        };
        let geo = {
            let prev = inc.get_prev_documents();
            let dict = prev
                .get_object(page_id)
                .and_then(Object::as_dict)
                .map_err(|e| page_err(e.to_string()))?;
            geometry(prev, dict)
        };
        let (dw, dh) = geo.displayed();
        let per_row = (((dw - 2.0 * NOTE_MARGIN) / (NOTE + NOTE_GAP)).floor() as usize).max(1);
        let mut notes = 0usize;
        let mut refs: Vec<Object> = Vec::new();
        for (i, m) in page_marks.iter().enumerate() {
            let c = colour(m.severity);
            let (rect, ap, subtype) = match &m.kind {
                MarkKind::Box(b) => {
                    let r = geo.rect(
                        f64::from(b.x0) - PAD,
                        f64::from(b.y0) - PAD,
                        f64::from(b.x1) + PAD,
                        f64::from(b.y1) + PAD,
                    );
                    let ap = box_appearance(r[2] - r[0], r[3] - r[1], c);
                    (r, ap, "Square")
                }
                MarkKind::Note => {
                    let (col, row) = (notes % per_row, notes / per_row);
                    notes += 1;
                    let x = NOTE_MARGIN + col as f64 * (NOTE + NOTE_GAP);
                    let y = dh - NOTE_MARGIN - row as f64 * (NOTE + NOTE_GAP);
                    // Displayed top-left corner, mapped to user space; the icon is upright in
                    // user space, which is what viewers draw for notes (NoRotate).
                    let (ux, uy) = geo.to_user(x, y);
                    let r = match geo.quarter {
                        1 => [ux, uy, ux + NOTE, uy + NOTE],
                        2 => [ux - NOTE, uy, ux, uy + NOTE],
                        3 => [ux - NOTE, uy - NOTE, ux, uy],
                        _ => [ux, uy - NOTE, ux + NOTE, uy],
                    };
                    (r, note_appearance(c), "Text")
                }
            };
            let ap_id = inc.new_document.add_object(ap);
            let mut annot = dictionary! {
                "Type" => "Annot",
                "Subtype" => subtype,
                "Rect" => reals(&rect),
                "Contents" => text_string(&m.contents),
                "T" => Object::string_literal("yusuan"),
                "Subj" => Object::string_literal(m.rule),
                "NM" => Object::string_literal(format!("yusuan-{page_no}-{}", i + 1)),
                "C" => Object::Array(c.iter().map(|v| Object::Real(*v)).collect()),
                "F" => 4,
                "P" => page_id,
                "AP" => dictionary! { "N" => ap_id },
            };
            match subtype {
                "Square" => {
                    annot.set(
                        "BS",
                        dictionary! { "W" => Object::Real(LINE as f32), "S" => "S" },
                    );
                }
                _ => {
                    annot.set("Name", "Comment");
                    annot.set("Open", false);
                    // No zoom, no rotation: a note keeps its size and stands upright.
                    annot.set("F", 4 | 8 | 16);
                }
            }
            refs.push(inc.new_document.add_object(annot).into());
        }
        add_to_annots(&mut inc, page_id, refs).map_err(page_err)?;
    }
    let mut out = Vec::with_capacity(pdf.len() + 4096 + marks.len() * 600);
    inc.save_to(&mut out)
        .map_err(|e| AnnotateError::Write(e.to_string()))?;
    Ok(out)
}

/// Append annotation references to a page's `/Annots`: to the page's own array, or to the array
/// object it refers to, or to a new array.
fn add_to_annots(
    inc: &mut IncrementalDocument,
    page_id: ObjectId,
    refs: Vec<Object>,
) -> Result<(), String> {
    let annots_ref = inc
        .get_prev_documents()
        .get_object(page_id)
        .and_then(Object::as_dict)
        .ok()
        .and_then(|d| d.get(b"Annots").ok())
        .and_then(|o| o.as_reference().ok());
    if let Some(id) = annots_ref {
        let is_array = inc
            .get_prev_documents()
            .get_object(id)
            .is_ok_and(|o| o.as_array().is_ok());
        if is_array {
            inc.opt_clone_object_to_new_document(id)
                .map_err(|e| e.to_string())?;
            let arr = inc
                .new_document
                .get_object_mut(id)
                .and_then(Object::as_array_mut)
                .map_err(|e| e.to_string())?;
            arr.extend(refs);
            return Ok(());
        }
    }
    inc.opt_clone_object_to_new_document(page_id)
        .map_err(|e| e.to_string())?;
    let page = inc
        .new_document
        .get_object_mut(page_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| e.to_string())?;
    match page.get_mut(b"Annots") {
        Ok(Object::Array(arr)) => arr.extend(refs),
        // Missing, or a reference to something that is not an array: a new array.
        _ => page.set("Annots", Object::Array(refs)),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotated_pages_map_back() {
        let g = Geometry {
            crop: [10.0, 20.0, 610.0, 820.0],
            quarter: 1,
        };
        // Displayed page is 800 wide, 600 high; its bottom-left is user (610, 20).
        assert_eq!(g.displayed(), (800.0, 600.0));
        assert_eq!(g.to_user(0.0, 0.0), (610.0, 20.0));
        let g0 = Geometry {
            crop: [10.0, 20.0, 610.0, 820.0],
            quarter: 0,
        };
        assert_eq!(g0.to_user(5.0, 5.0), (15.0, 25.0));
        assert_eq!(g0.rect(3.0, 4.0, 1.0, 2.0), [11.0, 22.0, 13.0, 24.0]);
    }

    #[test]
    fn text_strings_are_utf16_with_bom() {
        let Object::String(b, _) = text_string("YS101 合计") else {
            panic!()
        };
        assert_eq!(&b[..4], &[0xFE, 0xFF, 0x00, b'Y']);
        assert_eq!(&b[b.len() - 4..], &[0x54, 0x08, 0x8B, 0xA1]);
    }

    #[test]
    fn not_a_pdf() {
        assert!(matches!(
            annotate(b"hello", &[]),
            Err(AnnotateError::Read(_))
        ));
    }
}
