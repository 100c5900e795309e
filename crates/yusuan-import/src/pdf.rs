//! PDFs with a text layer.
//!
//! `yusuan-pdf` gives every word with its box. The words of each page are laid out as
//! monospaced text lines — each word at the column of its left edge, so that numbers that are
//! right-aligned in a table column end in the same text column — and the result goes through
//! the same pipeline as `pdftotext -layout` text ([`crate::layout`] infers the table columns,
//! [`crate::narrative`] rejoins paragraphs). Afterwards every value's provenance is mapped back
//! to its page, its line on that page and a box on the page: for a table cell the box of its
//! word, for anything else (a sentence, a row, a title) the box of its line. A name that wraps
//! inside its table cell is joined back into its row before the layout (`join_wrapped_cells`).
//!
//! Laying the words out as text rather than writing a second table reader keeps one code path
//! for both forms a Shanghai-style disclosure reaches users in (the PDF and its text), so both
//! import to the same budget.

use crate::lattice::{BoxWord, Geometry, Segment};
use crate::limits::Limits;
use crate::source::SourceText;
use crate::{import_source, ImportError, Options, TextFormat};
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

/// Import a PDF's text layer, against the embedded catalogue. A PDF without one (a scan) is an
/// error that says so; nothing is half-imported.
pub fn import_pdf(file: &str, bytes: &[u8]) -> Result<Disclosure, ImportError> {
    import_pdf_with(file, bytes, &Options::default())
}

/// [`import_pdf`] with the given catalogue and limits (on the PDF's size and pages).
pub fn import_pdf_with(
    file: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<Disclosure, ImportError> {
    let catalog = options.catalog;
    let pdf = read_within_limits(file, bytes, &options.limits)?;
    let running = running_lines(&pdf);
    let (text, places) = lay_out(&pdf, &running);
    let geometry = geometry(&pdf, &places);
    let text = narrative_indents(file, &text, &geometry);
    let src = SourceText::new(file, &text);
    let mut d = import_source(&src, TextFormat::Layout, "pdf", Some(&geometry), catalog)?;
    d.source.pages = Some(pdf.pages.len() as u32);
    // Running headers, footers and page numbers are recognised and left out of the text.
    d.coverage.total_lines += running.len() as u32;
    d.coverage.ignored_lines += running.len() as u32;
    relocate(&mut d, &places);
    report_problems(&mut d, &pdf);
    report_unmapped(&mut d, &pdf);
    report_hidden(&mut d, &pdf);
    d.source.cut_text = cut_text(&d.source.file, &pdf, &places);
    Ok(d)
}

/// The text a PDF is read as: every page's words laid out as monospaced lines, pages
/// separated by form feeds (the form `pdftotext -layout` gives). For inspecting what the
/// importer saw.
pub fn layout_text(file: &str, bytes: &[u8]) -> Result<String, ImportError> {
    let pdf = read_within_limits(file, bytes, &Limits::from_env())?;
    let (text, places) = lay_out(&pdf, &running_lines(&pdf));
    Ok(narrative_indents(file, &text, &geometry(&pdf, &places)))
}

/// The PDF's text layer, within the [`Limits`] on its size and pages
/// (refused before its pages are read), and with a text layer.
fn read_within_limits(
    file: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<yusuan_pdf::PdfText, ImportError> {
    use crate::limits::{Exceeded, Limit};
    let too_large = |exceeded| ImportError::TooLarge {
        file: file.to_string(),
        exceeded,
    };
    limits
        .check(Limit::Pdf, bytes.len() as u64, "")
        .map_err(too_large)?;
    let max_pages = usize::try_from(limits.pdf_pages).unwrap_or(usize::MAX);
    let pdf = match yusuan_pdf::read_pdf_pages(bytes, max_pages) {
        Ok(pdf) => pdf,
        Err(yusuan_pdf::PdfError::TooManyPages { pages, max }) => {
            return Err(too_large(Exceeded {
                limit: Limit::PdfPages,
                found: pages as u64,
                max: max as u64,
                what: String::new(),
            }))
        }
        Err(e) => {
            return Err(ImportError::Pdf {
                file: file.to_string(),
                detail: e.to_string(),
            })
        }
    };
    pdf.check_text_layer().map_err(|e| ImportError::Pdf {
        file: file.to_string(),
        detail: e.to_string(),
    })?;
    Ok(pdf)
}

/// Table lines are laid out at half an em per text column (so digits line up), but the
/// narrative reader, like `pdftotext -layout`, expects one column per em: a centred heading
/// (`名词解释`) at half-em columns would stand as far right as a table cell. Lines that no table
/// reads — outside every table block, or handed back by the table reader — get their leading
/// indent halved. Line numbers do not change.
fn narrative_indents(file: &str, text: &str, geometry: &Geometry) -> String {
    use crate::segment::{segment, Block};
    let src = SourceText::new(file, text);
    let mut ctx = crate::context::Context::new(&src);
    let mut narrative: std::collections::HashSet<u32> = std::collections::HashSet::new();
    for block in segment(&src, &mut ctx) {
        match block {
            Block::Narrative(lines) => narrative.extend(lines),
            Block::Table(tb) => narrative.extend(
                crate::read_table_block(&mut ctx, &tb, TextFormat::Layout, Some(geometry)).1,
            ),
        }
    }
    let mut out = String::with_capacity(text.len());
    for (i, raw) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let no = i as u32 + 1;
        let body = raw.trim_start_matches('\u{c}');
        let rest = body.trim_start_matches(' ');
        let indent = body.len() - rest.len();
        if indent == 0 || !narrative.contains(&no) {
            out.push_str(raw);
            continue;
        }
        out.extend(std::iter::repeat_n('\u{c}', raw.len() - body.len()));
        out.extend(std::iter::repeat_n(' ', indent.div_ceil(2)));
        out.push_str(rest);
    }
    out
}

/// The boxes of the words behind every text line, and the rules of every page, for the
/// ruled-table reader.
fn geometry(pdf: &yusuan_pdf::PdfText, places: &[LinePlace]) -> Geometry {
    let lines = places
        .iter()
        .map(|p| {
            let words = p
                .words
                .iter()
                .map(|(text, b)| BoxWord {
                    text: text.clone(),
                    x0: f64::from(b.x0),
                    y0: f64::from(b.y0),
                    x1: f64::from(b.x1),
                    y1: f64::from(b.y1),
                })
                .collect();
            (p.page, words)
        })
        .collect();
    let rules = pdf
        .pages
        .iter()
        .map(|page| {
            let segs = page
                .rules
                .iter()
                .map(|r| Segment {
                    horizontal: r.is_horizontal(),
                    at: r.at,
                    start: r.start,
                    end: r.end,
                })
                .collect();
            (page.number as u32, segs)
        })
        .collect();
    Geometry::new(lines, rules)
}

/// A line's text with digit runs folded to `#` and spaces removed, so that `第 3 页 共 40 页`
/// on every page has one key.
fn running_key(line: &yusuan_pdf::Line) -> String {
    let mut k = String::new();
    for c in yusuan_pdf::normalize(&line.text())
        .chars()
        .filter(|c| !c.is_whitespace())
    {
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
    matches!(
        key,
        "#" | "-#-" | "—#—" | "第#页" | "第#页共#页" | "#/#" | "共#页第#页" | "Page#" | "page#"
    )
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
fn lay_out(
    pdf: &yusuan_pdf::PdfText,
    running: &std::collections::HashSet<(usize, usize)>,
) -> (String, Vec<LinePlace>) {
    let mut text = String::new();
    let mut places = Vec::new();
    for (pi, page) in pdf.pages.iter().enumerate() {
        let mut lines = page.lines();
        join_wrapped_cells(&mut lines);
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

/// A word that is a number: an amount (`1,234.56`, `-3`, `(12.5)`, `5%`) or a code (`201`);
/// not an item's number (`1.`, `2．`: a label's enumerator).
fn is_number_word(text: &str) -> bool {
    let t = yusuan_pdf::normalize(text);
    if t.ends_with(['.', '．']) {
        return false;
    }
    let t = t
        .trim_start_matches(['-', '(', '+'])
        .trim_end_matches([')', '%']);
    t.bytes().any(|b| b.is_ascii_digit())
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
}

/// How a text-only line may be part of a wrapped cell.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Part {
    /// Not a part: a number, a sentence, a header word, a row of its own (`合计`, `注：…`).
    No,
    /// Short text: the second (or first) line of a wrapped cell.
    Text,
    /// A numbered label (`一、社会保障和就业支`): a row of its own with its amounts left blank
    /// (`二、事业收入`), unless it is the first line of the label of a row with amounts and
    /// without a label of its own on that side.
    Numbered,
}

/// Words of a line that may be the second (or first) line of a wrapped cell: short text, no
/// number, not a sentence, not a row of its own (`合计`, `注：…`) and not a header word.
fn may_be_wrapped_part(words: &[yusuan_pdf::Word]) -> Part {
    if words.is_empty() || words.iter().any(|w| is_number_word(&w.text)) {
        return Part::No;
    }
    let t: String = words
        .iter()
        .flat_map(|w| w.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    // A numbered row (`一、`, `（一）`, `1.`, `(1)`), not words that start with a numeral (`一次性`).
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let after_numerals = t.trim_start_matches(numeral);
    let numbered = (after_numerals.len() < t.len()
        && after_numerals.starts_with(['、', '.', '．', ')', '）']))
        || (t.starts_with(['（', '(']) && t.chars().nth(1).is_some_and(numeral));
    let row_of_its_own = ["合计", "总计", "小计", "无", "类", "款", "项"].contains(&t.as_str())
        || ["注", "备注", "说明", "其中"]
            .iter()
            .any(|p| t.starts_with(p));
    let header = ["科目", "编码", "名称", "项目"]
        .iter()
        .any(|k| t.contains(k));
    let sentence = t.contains(['，', '。', '；', '：', ':', '！', '？']);
    if t.chars().count() > 30 || row_of_its_own || header || sentence {
        Part::No
    } else if numbered {
        Part::Numbered
    } else {
        Part::Text
    }
}

/// The label word of a table row: its first word that is not a number (codes come first).
fn label_word(line: &yusuan_pdf::Line) -> Option<&yusuan_pdf::Word> {
    line.words.iter().find(|w| !is_number_word(&w.text))
}

/// Join text across a wrap: CJK runs on directly, Latin words get a space.
fn join_wrapped(a: &str, b: &str) -> String {
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if alnum(a.chars().last()) && alnum(b.chars().next()) {
        format!("{a} {b}")
    } else {
        format!("{a}{b}")
    }
}

/// A long name wraps inside its cell onto a second line. With the cell centred vertically (as
/// WPS and Excel export), the name's lines stand above and below the row's codes and amounts;
/// with it top-aligned, the second line stands below. Either way the parts are lines of their
/// own that a table reader would take for rows with a label and no amounts. A text-only run of
/// words (a line, or one side of it in a two-sided table: runs are apart by more than two
/// characters) is joined into the nearest amount row when it is within a line's height of it,
/// starts where the page's row labels start, and lies over none of the row's other words. The
/// part's words move into the row (the label word grows to cover both parts).
fn join_wrapped_cells(lines: &mut [yusuan_pdf::Line]) {
    const NEAR_EM: f64 = 1.35;
    const ALIGN_EM: f64 = 0.6;
    const RUN_GAP_EM: f64 = 2.0;
    let has_number =
        |l: &yusuan_pdf::Line| l.rotation == 0 && l.words.iter().any(|w| is_number_word(&w.text));
    // A page footer (`第 12 页 共 17 页`) has numbers but no row label.
    let footer = |l: &yusuan_pdf::Line| {
        let t: String = l.words.iter().map(|w| w.text.as_str()).collect();
        t.contains('页') && t.chars().filter(|c| !c.is_whitespace()).count() <= 12
    };
    // Where the rows' labels start: the first label of a row, and in a two-sided table the
    // label after the amounts of the first side.
    let label_starts: Vec<f64> = lines
        .iter()
        .filter(|l| has_number(l) && !footer(l))
        .flat_map(|l| {
            let first = label_word(l).map(|w| w.x0);
            let after_numbers = l
                .words
                .iter()
                .zip(l.words.iter().skip(1))
                .filter(|(a, b)| is_number_word(&a.text) && !is_number_word(&b.text))
                .map(|(_, b)| b.x0);
            first.into_iter().chain(after_numbers)
        })
        .collect();
    for fi in 0..lines.len() {
        let Some(f) = lines.get(fi).filter(|l| l.rotation == 0) else {
            continue;
        };
        // The runs of the line, right to left (so that taking one keeps the others' places).
        let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
        for (i, w) in f.words.iter().enumerate() {
            let em = w.font_size.max(1.0);
            match runs.last_mut() {
                // The run's last word is the word before this one.
                Some(r)
                    if r.end
                        .checked_sub(1)
                        .and_then(|k| f.words.get(k))
                        .is_some_and(|last| w.x0 - last.x1 <= RUN_GAP_EM * em) =>
                {
                    r.end = i + 1
                }
                _ => runs.push(i..i + 1),
            }
        }
        for run in runs.into_iter().rev() {
            join_run(lines, fi, run, &label_starts, NEAR_EM, ALIGN_EM);
        }
    }
}

/// Join the words `run` of line `fi` into the amount row they wrap around, if they do.
fn join_run(
    lines: &mut [yusuan_pdf::Line],
    fi: usize,
    run: std::ops::Range<usize>,
    label_starts: &[f64],
    near_em: f64,
    align_em: f64,
) {
    let has_number =
        |l: &yusuan_pdf::Line| l.rotation == 0 && l.words.iter().any(|w| is_number_word(&w.text));
    let Some(f) = lines.get(fi) else { return };
    let Some(words) = f.words.get(run.clone()) else {
        return;
    };
    let part = may_be_wrapped_part(words);
    if part == Part::No {
        return;
    }
    let em = words
        .iter()
        .map(|w| w.font_size)
        .fold(0.0, f64::max)
        .max(1.0);
    let fx0 = words.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min);
    let fx1 = words.iter().map(|w| w.x1).fold(f64::NEG_INFINITY, f64::max);
    let y0 = words.iter().map(|w| w.y0).fold(f64::INFINITY, f64::min);
    let y1 = words.iter().map(|w| w.y1).fold(f64::NEG_INFINITY, f64::max);
    let baseline = f.baseline;
    let Some(ri) = (0..lines.len())
        .filter(|&i| i != fi && lines.get(i).is_some_and(has_number))
        .min_by(|&a, &b| {
            let d = |i: usize| {
                lines
                    .get(i)
                    .map_or(f64::INFINITY, |l| (l.baseline - baseline).abs())
            };
            d(a).total_cmp(&d(b))
        })
    else {
        return;
    };
    let Some(r) = lines.get(ri) else { return };
    let dist = (r.baseline - baseline).abs();
    let label = r
        .words
        .iter()
        .position(|w| !is_number_word(&w.text) && (w.x0 - fx0).abs() <= align_em * em);
    // The row's words nearest the part on either side: a part in a row's empty label slot
    // stands between its codes (or the row's start) and its amounts.
    let left = r
        .words
        .iter()
        .filter(|w| w.x1 <= fx0)
        .max_by(|a, b| a.x1.total_cmp(&b.x1));
    let right = r
        .words
        .iter()
        .filter(|w| w.x0 >= fx1)
        .min_by(|a, b| a.x0.total_cmp(&b.x0));
    let number = |w: &&yusuan_pdf::Word| is_number_word(&w.text);
    let in_slot = label.is_none()
        && left.is_none_or(|w| number(&w))
        && right.is_none_or(|w| number(&w))
        && (left.is_some() || right.is_some());
    // A row with its code and no amounts (left blank): its label's parts join it all the same.
    let coded = left.is_some_and(|w| number(&w));
    // Where the page has no other labelled row (a row alone on a continued page), there is
    // nothing to align with; a label indented by its level may be the only one of its level.
    if dist > near_em * em
        || !(label_starts.is_empty()
            || in_slot
            || label.is_some()
            || label_starts
                .iter()
                .any(|x| (x - fx0).abs() <= align_em * em))
    {
        return;
    }
    let clear = r
        .words
        .iter()
        .enumerate()
        .all(|(i, w)| Some(i) == label || w.x0 >= fx1 || w.x1 <= fx0);
    let numbers_right = r
        .words
        .iter()
        .any(|w| is_number_word(&w.text) && w.x0 >= fx1);
    // A numbered label joins a row only where the row has no label on that side, and its
    // amounts follow right after or the label's other part stands on the other side of the
    // row, as far from it and where it starts (a cell centred over three lines); else it is a
    // row of its own, its amounts left blank.
    let amounts_follow = right.is_some_and(|w| is_number_word(&w.text));
    let mirror = 2.0 * r.baseline - baseline;
    let other_part = lines.iter().enumerate().any(|(i, l)| {
        i != fi
            && i != ri
            && (l.baseline - mirror).abs() <= 0.3 * em
            && l.words
                .iter()
                .any(|w| !is_number_word(&w.text) && (w.x0 - fx0).abs() <= align_em * em)
    });
    if !clear
        || !(numbers_right || (coded && (in_slot || label.is_some())))
        || (part == Part::Numbered && (label.is_some() || !(amounts_follow || other_part)))
    {
        return;
    }
    let above = baseline > r.baseline;
    let text = words
        .iter()
        .fold(String::new(), |acc, w| join_wrapped(&acc, &w.text));
    if let Some(f) = lines.get_mut(fi) {
        f.words.drain(run);
        if let (Some(a), Some(b)) = (f.words.first(), f.words.last()) {
            (f.x0, f.x1) = (a.x0, b.x1);
        }
    }
    let Some(r) = lines.get_mut(ri) else { return };
    match label.and_then(|i| r.words.get_mut(i)) {
        Some(w) => {
            w.text = if above {
                join_wrapped(&text, &w.text)
            } else {
                join_wrapped(&w.text, &text)
            };
            w.x0 = w.x0.min(fx0);
            w.x1 = w.x1.max(fx1);
            w.y0 = w.y0.min(y0);
            w.y1 = w.y1.max(y1);
        }
        None => {
            let at = r
                .words
                .iter()
                .position(|w| w.x0 > fx0)
                .unwrap_or(r.words.len());
            let word = yusuan_pdf::Word {
                text,
                x0: fx0,
                y0,
                x1: fx1,
                y1,
                font_size: em,
                baseline: r.baseline,
                rotation: 0,
            };
            r.words.insert(at, word);
        }
    }
    r.y0 = r.y0.min(y0);
    r.y1 = r.y1.max(y1);
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
            // Whatever is not a cell with a word of its own (a sentence of the narrative, a row,
            // a title, a blank cell) is marked by the box of its whole line.
            if p.bbox.is_none() {
                p.bbox = place.words.iter().map(|(_, b)| *b).reduce(|a, b| BBox {
                    x0: a.x0.min(b.x0),
                    y0: a.y0.min(b.y0),
                    x1: a.x1.max(b.x1),
                    y1: a.y1.max(b.y1),
                });
            }
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
        // The box around every such glyph of the page.
        prov.bbox = page
            .display_report()
            .unmapped_box
            .map(|[x0, y0, x1, y1]| BBox {
                x0: x0 as f32,
                y0: y0 as f32,
                x1: x1 as f32,
                y1: y1 as f32,
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

/// What a reading problem means for the reader, in Chinese.
fn problem_zh(kind: yusuan_pdf::ProblemKind) -> &'static str {
    use yusuan_pdf::ProblemKind as K;
    match kind {
        K::ContentUnreadable => "内容流无法完整解码（数据损坏或不完整），本页文字可能缺失",
        K::ContentTruncated => "内容流在中途截断，本页文字可能缺失",
        K::BadOperators => "内容流中有无法解析的指令或字节（文件可能损坏），本页文字可能缺失或有误",
        K::MissingObject => "本页引用的对象缺失或类型不对（文件可能损坏），本页内容可能缺失",
        K::DamagedEntry => "对象中有损坏的条目（键名已损坏），本页内容可能读错或缺失",
        K::FontUnreadable => "字体缺失或无法完整读取，本页文字可能缺失或有误",
        K::LimitReached => "内容超出读取上限，其余部分未读取，本页文字可能缺失",
        K::RulesIncomplete => "表格线过多，只读取了一部分（文字不受影响）",
        K::XrefRebuilt => "文件的交叉引用表损坏，已通过扫描文件重建，部分对象可能缺失或是旧版本，读出的内容可能不全",
        K::XrefOffsetCorrected => "文件的交叉引用表位置有误，已就近修正（未发现内容缺失）",
        K::ObjectsMissing => "文件中有对象无法读取（文件损坏），引用它们的页面内容可能缺失",
        K::PagesMissing => "页面树声明的页数多于实际找到的页数，有页面缺失",
    }
}

/// An English detail fit for the `中文 (English)` form of a message: ASCII, no parentheses.
fn plain_ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '(' => '[',
            ')' => ']',
            c if c.is_ascii() && !c.is_ascii_control() => c,
            _ => '?',
        })
        .collect()
}

/// Problems met while reading the PDF (a damaged content stream, a missing object or font, a
/// repaired file): text may be missing or wrong, and nothing else would say so. One reading
/// diagnostic per page and kind of problem (and per kind for the file as a whole); an error
/// when text may have been lost, a warning otherwise.
fn report_problems(d: &mut Disclosure, pdf: &yusuan_pdf::PdfText) {
    use std::collections::BTreeMap;
    let mut grouped: BTreeMap<(Option<usize>, yusuan_pdf::ProblemKind), Vec<&str>> =
        BTreeMap::new();
    for p in pdf.all_problems() {
        grouped
            .entry((p.page, p.kind))
            .or_default()
            .push(p.detail.as_str());
    }
    for ((page, kind), details) in grouped {
        let mut english: Vec<String> = details.iter().take(3).map(|s| plain_ascii(s)).collect();
        if details.len() > 3 {
            english.push(format!("and {} more", details.len() - 3));
        }
        let english = english.join("; ");
        let mut prov = Provenance::new(&d.source.file);
        let message = match page {
            Some(n) => {
                prov.page = Some(n as u32);
                format!("第 {n} 页：{} (page {n}: {english})", problem_zh(kind))
            }
            None => format!("PDF 文件：{} (the PDF file: {english})", problem_zh(kind)),
        };
        d.diagnostics.push(yusuan_model::Diagnostic {
            severity: if kind.may_lose_text() {
                DiagnosticSeverity::Error
            } else {
                DiagnosticSeverity::Warning
            },
            message,
            prov,
        });
    }
}

/// Text drawn but invisible (clipped away, off the page, or in an invisible render mode) is
/// not read; say how much, so that nobody wonders where it went.
fn report_hidden(d: &mut Disclosure, pdf: &yusuan_pdf::PdfText) {
    for page in pdf.pages.iter().filter(|p| p.hidden_glyphs > 0) {
        let mut prov = Provenance::new(&d.source.file);
        prov.page = Some(page.number as u32);
        d.diagnostics.push(yusuan_model::Diagnostic {
            severity: DiagnosticSeverity::Info,
            message: format!(
                "第 {} 页有 {} 个不可见的字符（在裁剪区域或页面之外，或设为不可见），未读取 (page {}: {} characters of invisible text were ignored)",
                page.number, page.hidden_glyphs, page.number, page.hidden_glyphs
            ),
            prov,
        });
    }
}

/// Characters cut by the clip, a run of them on one line at a time, with their page, box and
/// line (the page's line they are on, else the nearest above them, else the first): for the
/// rule on text not wholly displayed.
fn cut_text(
    file: &std::sync::Arc<str>,
    pdf: &yusuan_pdf::PdfText,
    places: &[LinePlace],
) -> Vec<yusuan_model::CutText> {
    let mut out = Vec::new();
    for page in &pdf.pages {
        let number = page.number as u32;
        // The page's lines with their vertical extent, top to bottom.
        let lines: Vec<(u32, f32, f32)> = places
            .iter()
            .filter(|p| p.page == number)
            .filter_map(|p| {
                let bottom = p.words.iter().map(|w| w.1.y0).reduce(f32::min)?;
                let top = p.words.iter().map(|w| w.1.y1).reduce(f32::max)?;
                Some((p.line_in_page, bottom, top))
            })
            .collect();
        for run in page.display_report().cut_runs {
            let mut prov = Provenance::new(file);
            prov.page = Some(number);
            let middle = ((run.bbox[1] + run.bbox[3]) / 2.0) as f32;
            prov.line = lines
                .iter()
                .find(|(_, bottom, top)| (*bottom..=*top).contains(&middle))
                .or_else(|| lines.iter().rev().find(|(_, bottom, _)| *bottom >= middle))
                .or(lines.first())
                .map(|(line, ..)| *line);
            let [x0, y0, x1, y1] = run.bbox;
            prov.bbox = Some(BBox {
                x0: x0 as f32,
                y0: y0 as f32,
                x1: x1 as f32,
                y1: y1 as f32,
            });
            out.push(yusuan_model::CutText {
                text: run.text,
                glyphs: u32::try_from(run.glyphs).unwrap_or(u32::MAX),
                // Strictly between 0 and 1, shown as 1–99 %.
                least_visible_percent: (run.least_visible * 100.0).round().clamp(1.0, 99.0) as u8,
                prov,
            });
        }
    }
    out
}

/// Every table block of a PDF as the table readers read it: header and data rows as grid cells
/// (`|` between cells, `<n` after a cell spanning n columns). For inspecting a reading.
pub fn table_grids(file: &str, bytes: &[u8]) -> Result<String, ImportError> {
    use crate::segment::{segment, Block};
    use std::fmt::Write as _;
    let err = |e: yusuan_pdf::PdfError| ImportError::Pdf {
        file: file.to_string(),
        detail: e.to_string(),
    };
    let pdf = yusuan_pdf::read_pdf(bytes).map_err(err)?;
    let (text, places) = lay_out(&pdf, &running_lines(&pdf));
    let geometry = geometry(&pdf, &places);
    let text = narrative_indents(file, &text, &geometry);
    let src = SourceText::new(file, &text);
    let mut ctx = crate::context::Context::new(&src);
    let mut out = String::new();
    for block in segment(&src, &mut ctx) {
        let Block::Table(tb) = block else { continue };
        let page = places
            .get(tb.title_line as usize - 1)
            .map(|p| p.page)
            .unwrap_or(0);
        let _ = writeln!(out, "== p.{page} {} ({:?})", tb.title, tb.kind);
        let (grid, _) = crate::read_table_block(&mut ctx, &tb, TextFormat::Layout, Some(&geometry));
        let Some(g) = grid else {
            let _ = writeln!(out, "   (no table)");
            continue;
        };
        let row = |r: &crate::grid::GridRow| {
            r.cells
                .iter()
                .enumerate()
                .map(|(i, c)| match r.spans.get(i) {
                    Some(&n) if n > 1 && !c.is_empty() => format!("{c}<{n}"),
                    _ => c.clone(),
                })
                .collect::<Vec<_>>()
                .join(" | ")
        };
        let _ = writeln!(
            out,
            "   unit {:?} compiler {:?}",
            g.unit,
            g.compiler.as_ref().map(|c| &c.0)
        );
        for h in &g.header {
            let _ = writeln!(out, "   H {}", row(h));
        }
        for r in &g.rows {
            let _ = writeln!(out, "   R {}", row(r));
        }
        for (n, _) in &g.notes {
            let _ = writeln!(out, "   N {n}");
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of words `(x0, text)` at baseline `y`, 9 pt, each character 9 pt wide.
    fn line(y: f64, words: &[(f64, &str)]) -> yusuan_pdf::Line {
        let words: Vec<yusuan_pdf::Word> = words
            .iter()
            .map(|&(x0, t)| yusuan_pdf::Word {
                text: t.to_string(),
                x0,
                y0: y - 2.0,
                x1: x0 + 9.0 * t.chars().count() as f64 * if t.is_ascii() { 0.5 } else { 1.0 },
                y1: y + 7.0,
                font_size: 9.0,
                baseline: y,
                rotation: 0,
            })
            .collect();
        yusuan_pdf::Line {
            baseline: y,
            x0: words.first().map_or(0.0, |w| w.x0),
            x1: words.last().map_or(0.0, |w| w.x1),
            y0: y - 2.0,
            y1: y + 7.0,
            rotation: 0,
            words,
        }
    }

    fn texts(lines: &[yusuan_pdf::Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.text())
            .filter(|t| !t.is_empty())
            .collect()
    }

    #[test]
    fn a_wrapped_label_on_the_second_side_of_a_two_sided_table_joins_its_row() {
        // 收入 | 支出 side by side; the expenditure label `一、社会保障和就业支出` wraps around the
        // row's line (centred), the next row keeps its own.
        let mut lines = vec![
            line(500.0, &[(250.0, "一、社会保障和就业支")]),
            line(
                488.3,
                &[
                    (40.0, "一、一般公共预算资金"),
                    (180.0, "4,463,996"),
                    (400.0, "2,816,216"),
                ],
            ),
            line(476.6, &[(250.0, "出")]),
            line(
                460.0,
                &[
                    (40.0, "二、政府性基金"),
                    (190.0, "0"),
                    (250.0, "二、卫生健康支出"),
                    (400.0, "1,647,780"),
                ],
            ),
        ];
        join_wrapped_cells(&mut lines);
        assert_eq!(
            texts(&lines),
            [
                "一、一般公共预算资金 4,463,996 一、社会保障和就业支出 2,816,216",
                "二、政府性基金 0 二、卫生健康支出 1,647,780"
            ]
        );
    }

    #[test]
    fn labels_wrapped_on_both_sides_of_one_line_join_their_rows() {
        // `3. 国有资本经营预|算` and `四、社会保障和就|业支出` wrap around the same row: their
        // parts share the lines above and below it. `1. 一般公共预算资|金` is numbered `1.`.
        let mut lines = vec![
            line(530.0, &[(69.5, "1."), (79.0, "一般公共预算资")]),
            line(
                524.2,
                &[
                    (150.0, "24,893,430.80"),
                    (250.0, "二、公共安全支出"),
                    (400.0, "3,777,296.12"),
                ],
            ),
            line(518.4, &[(69.5, "金")]),
            line(
                500.0,
                &[
                    (69.5, "2."),
                    (79.0, "政府性基金"),
                    (150.0, "2,918,535.94"),
                    (250.0, "三、教育支出"),
                    (400.0, "228,672.80"),
                ],
            ),
            line(
                485.0,
                &[
                    (69.5, "3."),
                    (79.0, "国有资本经营预"),
                    (250.0, "四、社会保障和就"),
                ],
            ),
            line(479.2, &[(400.0, "758,784.58")]),
            line(473.4, &[(69.5, "算"), (250.0, "业支出")]),
        ];
        join_wrapped_cells(&mut lines);
        assert_eq!(
            texts(&lines),
            [
                "1.一般公共预算资金 24,893,430.80 二、公共安全支出 3,777,296.12",
                "2. 政府性基金 2,918,535.94 三、教育支出 228,672.80",
                "3.国有资本经营预算 四、社会保障和就业支出 758,784.58"
            ]
        );
    }

    #[test]
    fn a_wrapped_label_indented_deeper_than_any_other_joins_its_row() {
        // Codes split over 类 | 款 | 项, names indented by level: the only 项 on the page wraps
        // (`其他城乡社区住宅支|出`), so no other row's label starts where its parts do.
        let mut lines = vec![
            line(
                560.0,
                &[(60.5, "221"), (143.8, "住房保障支出"), (273.0, "476.20")],
            ),
            line(
                532.5,
                &[
                    (60.5, "221"),
                    (92.4, "03"),
                    (157.7, "城乡社区住宅"),
                    (273.0, "476.20"),
                ],
            ),
            line(510.85, &[(166.0, "其他城乡社区住宅支")]),
            line(
                505.0,
                &[
                    (60.5, "221"),
                    (92.4, "03"),
                    (120.2, "99"),
                    (273.0, "476.20"),
                ],
            ),
            line(499.15, &[(166.0, "出")]),
        ];
        join_wrapped_cells(&mut lines);
        assert_eq!(texts(&lines)[2], "221 03 99 其他城乡社区住宅支出 476.20");
    }

    #[test]
    fn a_wrapped_label_of_a_coded_row_without_amounts_joins_it() {
        // `2230105 国有企业退休人员社会化管理补|助支出`, its amounts left blank.
        let mut lines = vec![
            line(
                560.0,
                &[
                    (60.5, "22301"),
                    (120.0, "解决历史遗留问题"),
                    (300.0, "5.00"),
                ],
            ),
            line(540.85, &[(120.0, "国有企业退休人员社会化管理补")]),
            line(535.0, &[(60.5, "2230105")]),
            line(529.15, &[(120.0, "助支出")]),
        ];
        join_wrapped_cells(&mut lines);
        assert_eq!(
            texts(&lines)[1],
            "2230105 国有企业退休人员社会化管理补助支出"
        );
    }

    #[test]
    fn a_numbered_label_alone_is_a_row_of_its_own() {
        // `二、事业收入` with its amount left blank, above a row with a label of its own, or
        // above a row whose income side is blank (its expenditure label follows, not amounts).
        let mut lines = vec![
            line(
                500.0,
                &[
                    (40.0, "一、一般公共预算资金"),
                    (180.0, "100"),
                    (250.0, "一、教育支出"),
                    (400.0, "100"),
                ],
            ),
            line(486.0, &[(40.0, "二、事业收入")]),
            line(476.6, &[(250.0, "二、科学技术支出"), (400.0, "0")]),
        ];
        let before = texts(&lines);
        join_wrapped_cells(&mut lines);
        assert_eq!(texts(&lines), before);
    }
}
