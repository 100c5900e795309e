//! PDFs with a text layer.
//!
//! `yusuan-pdf` gives every word with its box. The words of each page are laid out as
//! monospaced text lines — each word at the column of its left edge, so that numbers that are
//! right-aligned in a table column end in the same text column — and the result goes through
//! the same pipeline as `pdftotext -layout` text ([`crate::layout`] infers the table columns,
//! [`crate::narrative`] rejoins paragraphs). Afterwards every value's provenance is mapped back
//! to its page, its line on that page and, for table cells, the box of the word on the page.
//!
//! Laying the words out as text rather than writing a second table reader keeps one code path
//! for both forms a Shanghai-style disclosure reaches users in (the PDF and its text), so both
//! import to the same budget.

use crate::source::SourceText;
use crate::{import_source, ImportError, TextFormat};
use yusuan_model::provenance::BBox;
use yusuan_model::{DiagnosticSeverity, Disclosure, Provenance};

/// Where a synthetic text line came from.
struct LinePlace {
    page: u32,
    /// 1-based line on its page.
    line_in_page: u32,
    /// The words written on the line, with their boxes.
    words: Vec<(String, BBox)>,
}

/// Import a PDF's text layer. A PDF without one (a scan) is an error that says so; nothing is
/// half-imported.
pub fn import_pdf(file: &str, bytes: &[u8]) -> Result<Disclosure, ImportError> {
    let err = |e: yusuan_pdf::PdfError| ImportError::Pdf {
        file: file.to_string(),
        detail: e.to_string(),
    };
    let pdf = yusuan_pdf::read_pdf(bytes).map_err(err)?;
    pdf.check_text_layer().map_err(err)?;
    let running = running_lines(&pdf);
    let (text, places) = lay_out(&pdf, &running);
    let src = SourceText::new(file, &text);
    let mut d = import_source(&src, TextFormat::Layout, "pdf")?;
    d.source.pages = Some(pdf.pages.len() as u32);
    // Running headers, footers and page numbers are recognised and left out of the text.
    d.coverage.total_lines += running.len() as u32;
    d.coverage.ignored_lines += running.len() as u32;
    relocate(&mut d, &places);
    report_unmapped(&mut d, &pdf);
    Ok(d)
}

/// The text a PDF is read as: every page's words laid out as monospaced lines, pages
/// separated by form feeds (the form `pdftotext -layout` gives). For inspecting what the
/// importer saw.
pub fn layout_text(file: &str, bytes: &[u8]) -> Result<String, ImportError> {
    let err = |e: yusuan_pdf::PdfError| ImportError::Pdf { file: file.to_string(), detail: e.to_string() };
    let pdf = yusuan_pdf::read_pdf(bytes).map_err(err)?;
    pdf.check_text_layer().map_err(err)?;
    Ok(lay_out(&pdf, &running_lines(&pdf)).0)
}

/// A line's text with digit runs folded to `#` and spaces removed, so that `第 3 页 共 40 页`
/// on every page has one key.
fn running_key(line: &yusuan_pdf::Line) -> String {
    let mut k = String::new();
    for c in yusuan_pdf::normalize(&line.text()).chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            if !k.ends_with('#') {
                k.push('#');
            }
        } else {
            k.push(c);
        }
    }
    k
}

/// Page numbers as documents print them: `3`, `- 3 -`, `第 3 页`, `第3页 共40页`, `3/40`.
fn is_page_number(key: &str) -> bool {
    matches!(key, "#" | "-#-" | "—#—" | "第#页" | "第#页共#页" | "#/#" | "共#页第#页" | "Page#" | "page#")
}

/// Lines in the top or bottom tenth of a page that repeat on at least half of the pages (at
/// least two), or that are page numbers: running headers and footers, not content.
fn running_lines(pdf: &yusuan_pdf::PdfText) -> std::collections::HashSet<(usize, usize)> {
    use std::collections::{HashMap, HashSet};
    let in_margin = |page: &yusuan_pdf::Page, l: &yusuan_pdf::Line| {
        let band = page.height * 0.1;
        l.baseline < band || l.baseline > page.height - band
    };
    let mut pages_with: HashMap<String, HashSet<usize>> = HashMap::new();
    for (pi, page) in pdf.pages.iter().enumerate() {
        for l in page.lines().iter().filter(|l| in_margin(page, l)) {
            pages_with.entry(running_key(l)).or_default().insert(pi);
        }
    }
    let repeat = (pdf.pages.len() / 2).max(2);
    let mut out = HashSet::new();
    for (pi, page) in pdf.pages.iter().enumerate() {
        for (li, l) in page.lines().iter().enumerate() {
            if !in_margin(page, l) {
                continue;
            }
            let key = running_key(l);
            if is_page_number(&key) || pages_with.get(&key).is_some_and(|p| p.len() >= repeat) {
                out.insert((pi, li));
            }
        }
    }
    out
}

/// Lay every page's words out as monospaced lines, pages separated by form feeds; running
/// headers and footers are left out.
fn lay_out(pdf: &yusuan_pdf::PdfText, running: &std::collections::HashSet<(usize, usize)>) -> (String, Vec<LinePlace>) {
    let mut text = String::new();
    let mut places = Vec::new();
    for (pi, page) in pdf.pages.iter().enumerate() {
        let lines = page.lines();
        // One text column is half an em of the page's usual font size: the width of a digit,
        // so digits of right-aligned numbers line up column for column.
        let mut sizes: Vec<f64> = page
            .words
            .iter()
            .map(|w| w.font_size)
            .filter(|s| *s > 0.0)
            .collect();
        sizes.sort_by(|a, b| a.total_cmp(b));
        let em = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0).max(1.0);
        let col_width = em / 2.0;
        let left = page
            .words
            .iter()
            .map(|w| w.x0)
            .fold(f64::INFINITY, f64::min);
        let left = if left.is_finite() { left } else { 0.0 };
        if pi > 0 {
            text.push('\u{c}');
        }
        if lines.is_empty() {
            text.push('\n');
            places.push(LinePlace {
                page: page.number as u32,
                line_in_page: 0,
                words: Vec::new(),
            });
            continue;
        }
        for (li, line) in lines.iter().enumerate() {
            if running.contains(&(pi, li)) {
                continue;
            }
            let mut s = String::new();
            let mut cursor = 0usize;
            let mut words = Vec::new();
            let mut prev: Option<&yusuan_pdf::Word> = None;
            for w in &line.words {
                let want = ((w.x0 - left) / col_width).round().max(0.0) as usize;
                // Words of justified prose stand a little apart; a CJK character is two text
                // columns wide on the page but one in the text, so placing such words by their
                // x would open wide gaps inside sentences. Close gaps narrower than an em: cells
                // of a table stand further apart.
                let close = prev.is_some_and(|p| w.x0 - p.x1 < 0.9 * em);
                let col = match prev {
                    Some(p) if close => {
                        let cjk = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
                        cursor
                            + usize::from(
                                !(cjk(p.text.chars().last()) && cjk(w.text.chars().next())),
                            )
                    }
                    _ if cursor > 0 => want.max(cursor + 1),
                    _ => want,
                };
                prev = Some(w);
                s.extend(std::iter::repeat_n(' ', col - cursor));
                s.push_str(&w.text);
                cursor = col + w.text.chars().count();
                words.push((
                    w.text.clone(),
                    BBox {
                        x0: w.x0 as f32,
                        y0: w.y0 as f32,
                        x1: w.x1 as f32,
                        y1: w.y1 as f32,
                    },
                ));
            }
            text.push_str(&s);
            text.push('\n');
            places.push(LinePlace {
                page: page.number as u32,
                line_in_page: li as u32 + 1,
                words,
            });
        }
    }
    (text, places)
}

/// Map the importer's line numbers back to page and line on the page, and give table cells
/// the box of their word.
fn relocate(d: &mut Disclosure, places: &[LinePlace]) {
    // Cells first: a cell's text is a word (or several) on its line.
    let mut used: std::collections::HashSet<(u32, usize)> = std::collections::HashSet::new();
    for t in &mut d.tables {
        for r in &mut t.rows {
            for c in &mut r.cells {
                let Some(line) = c.prov.line else { continue };
                let Some(place) = line.checked_sub(1).and_then(|i| places.get(i as usize)) else {
                    continue;
                };
                if c.text.is_empty() {
                    continue;
                }
                let found = place
                    .words
                    .iter()
                    .enumerate()
                    .find(|(i, (w, _))| *w == c.text && !used.contains(&(line, *i)));
                if let Some((i, (_, bbox))) = found {
                    used.insert((line, i));
                    c.prov.bbox = Some(*bbox);
                }
            }
        }
    }
    let relocate_one = |p: &mut Provenance| {
        if let Some(place) = p
            .line
            .and_then(|l| l.checked_sub(1))
            .and_then(|i| places.get(i as usize))
        {
            p.page = Some(place.page);
            p.line = Some(place.line_in_page);
        }
    };
    d.for_each_provenance_mut(relocate_one);
    for u in &mut d.coverage.unexplained {
        if let Some(place) = u.line.checked_sub(1).and_then(|i| places.get(i as usize)) {
            u.page = Some(place.page);
            u.line = place.line_in_page;
        }
    }
}

/// Glyphs the PDF's fonts cannot turn into text: characters a reader cannot see or copy.
fn report_unmapped(d: &mut Disclosure, pdf: &yusuan_pdf::PdfText) {
    for page in &pdf.pages {
        if page.unmapped.is_empty() {
            continue;
        }
        let mut fonts: Vec<&str> = page.unmapped.iter().map(|u| u.font.as_str()).collect();
        fonts.sort_unstable();
        fonts.dedup();
        let mut prov = Provenance::new(&d.source.file);
        prov.page = Some(page.number as u32);
        prov.bbox = page.unmapped.first().map(|u| BBox {
            x0: u.x as f32,
            y0: u.y as f32,
            x1: u.x as f32,
            y1: u.y as f32,
        });
        d.diagnostics.push(yusuan_model::Diagnostic {
            severity: DiagnosticSeverity::Error,
            message: format!(
                "第 {} 页有 {} 个字符无法转换为文字（字体 {}），读者看不到或无法复制这些字 ({} glyphs on page {} map to no text)",
                page.number,
                page.unmapped.len(),
                fonts.join("、"),
                page.unmapped.len(),
                page.number
            ),
            prov,
        });
    }
}
