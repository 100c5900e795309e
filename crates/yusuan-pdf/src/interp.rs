//! The content-stream interpreter: runs a page's operators and emits every visible glyph
//! with its position in page space, the pieces of its ruling lines (straight strokes and
//! filled rectangles), and the problems met on the way.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::font::{DecodedGlyph, Font};
use crate::lexer::{Lexer, Operand, Token};
use crate::obj;
use crate::rules::{RawRule, THIN_FILL};
use crate::{CutGlyph, Problem, ProblemKind, Unmapped};

/// Deepest nesting of Form XObjects followed.
const MAX_FORM_DEPTH: usize = 12;
/// Deepest `q` nesting kept (further `q`s are counted but not stored).
const MAX_GSTATE_DEPTH: usize = 512;
/// Operators run per page before giving up (guards against XObject fan-out bombs).
const MAX_OPS_PER_PAGE: usize = 20_000_000;
/// Glyphs kept per page.
const MAX_GLYPHS_PER_PAGE: usize = 2_000_000;
/// Pieces of ruling lines kept per page.
pub(crate) const MAX_RULE_PIECES: usize = 200_000;
/// Points kept per path (a path is painted as far as it was kept).
const MAX_PATH_POINTS: usize = 50_000;
/// A glyph is visible when the centre of its box is inside the clip widened by this (points).
const CLIP_TOLERANCE: f64 = 0.5;
/// Problems kept per page.
const MAX_PROBLEMS: usize = 100;
/// Glyphs cut by the clip kept per page.
const MAX_CUT_GLYPHS: usize = 100_000;
/// The share of a glyph's box, on each side, left out of its core when telling whether the
/// clip cuts it: a glyph's box runs from the font's descent to its ascent and over its whole
/// advance, and its ink lies inside with a margin (an ideograph's ink spans about 80–90% of
/// the em). A clip edge within the margin cuts nothing one can see.
pub(crate) const CORE_MARGIN: f64 = 0.15;

/// A glyph with at least this share of its core displayed is not cut: a sliver of a
/// twentieth (half a point of a 12-point glyph) is within the rounding of the clip
/// rectangles exporters write (pdftocairo's row clips take 2–5% off the core of a title's
/// 目 that shows whole), not something a reader sees; a cell's border taking 9% off the feet
/// of a wrapped line is seen.
pub(crate) const WHOLE_ENOUGH: f64 = 0.95;

/// An affine matrix `[a b c d e f]`, mapping `(x, y)` to `(a x + c y + e, b x + d y + f)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Matrix {
    pub(crate) a: f64,
    pub(crate) b: f64,
    pub(crate) c: f64,
    pub(crate) d: f64,
    pub(crate) e: f64,
    pub(crate) f: f64,
}

impl Matrix {
    pub(crate) const IDENTITY: Matrix = Matrix {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 1.0,
        e: 0.0,
        f: 0.0,
    };

    pub(crate) fn new(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64) -> Matrix {
        Matrix { a, b, c, d, e, f }
    }

    fn from_operands(ops: &[Operand]) -> Option<Matrix> {
        match ops {
            [a, b, c, d, e, f] => Some(Matrix::new(
                a.as_f64()?,
                b.as_f64()?,
                c.as_f64()?,
                d.as_f64()?,
                e.as_f64()?,
                f.as_f64()?,
            )),
            _ => None,
        }
    }

    fn translate(tx: f64, ty: f64) -> Matrix {
        Matrix::new(1.0, 0.0, 0.0, 1.0, tx, ty)
    }

    /// `self` then `other`: the matrix that first applies `self`, then `other`.
    pub(crate) fn then(&self, o: &Matrix) -> Matrix {
        Matrix {
            a: self.a * o.a + self.b * o.c,
            b: self.a * o.b + self.b * o.d,
            c: self.c * o.a + self.d * o.c,
            d: self.c * o.b + self.d * o.d,
            e: self.e * o.a + self.f * o.c + o.e,
            f: self.e * o.b + self.f * o.d + o.f,
        }
    }

    pub(crate) fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.a * x + self.c * y + self.e,
            self.b * x + self.d * y + self.f,
        )
    }

    pub(crate) fn apply_vec(&self, x: f64, y: f64) -> (f64, f64) {
        (self.a * x + self.c * y, self.b * x + self.d * y)
    }

    pub(crate) fn is_finite(&self) -> bool {
        [self.a, self.b, self.c, self.d, self.e, self.f]
            .iter()
            .all(|v| v.is_finite())
    }
}

/// A glyph as placed on the page (page space: points, origin bottom-left of the
/// displayed page).
#[derive(Debug, Clone)]
pub(crate) struct RawGlyph {
    pub(crate) text: String,
    /// Text direction: 0 left-to-right, 1 bottom-to-top, 2 right-to-left (upside down),
    /// 3 top-to-bottom.
    pub(crate) dir: u8,
    /// The glyph origin (on the baseline; for vertical fonts, the top centre).
    pub(crate) origin: (f64, f64),
    pub(crate) bbox: [f64; 4],
    /// Font size in page space.
    pub(crate) size: f64,
}

/// A box `[x0, y0, x1, y1]` in page space; empty when `x0 > x1` or `y0 > y1`.
pub(crate) type BBox = [f64; 4];

fn intersect(a: &BBox, b: &BBox) -> BBox {
    [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ]
}

/// The bounding box of points.
fn bbox_of(points: impl IntoIterator<Item = (f64, f64)>) -> BBox {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for (x, y) in points {
        b[0] = b[0].min(x);
        b[1] = b[1].min(y);
        b[2] = b[2].max(x);
        b[3] = b[3].max(y);
    }
    b
}

#[derive(Debug, Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    h_scale: f64,
    leading: f64,
    rise: f64,
    /// Text render mode (`Tr`); 3 and 7 draw nothing.
    render_mode: u8,
    /// Line width (`w`) in user space.
    line_width: f64,
    /// The clip as a box in page space (a rectangle approximation: see [`crate::Page::hidden_glyphs`]).
    clip: BBox,
    /// Whether the stroke and the fill colour can be seen on white paper (not white).
    stroke_visible: bool,
    fill_visible: bool,
}

/// What one page yields.
#[derive(Debug, Default)]
pub(crate) struct PageScan {
    pub(crate) glyphs: Vec<RawGlyph>,
    pub(crate) unmapped: Vec<Unmapped>,
    pub(crate) images: usize,
    pub(crate) rules: Vec<RawRule>,
    pub(crate) diagonal_segments: usize,
    pub(crate) hidden_glyphs: usize,
    /// The box around the glyphs hidden by the clip or the page's edge.
    pub(crate) hidden_box: Option<BBox>,
    pub(crate) cut_glyphs: Vec<CutGlyph>,
    pub(crate) problems: Vec<Problem>,
}

/// The current path, in page space (the CTM cannot change while a path is built).
#[derive(Debug, Default)]
struct Path {
    points: Vec<(f64, f64)>,
    /// Start index in `points` of each subpath, and whether it was closed (`h`, `re`).
    subpaths: Vec<(usize, bool)>,
    /// Bounding box of every point, curve control points included (a curve lies within
    /// them), for clipping.
    bbox: BBox,
    /// Points were dropped (over [`MAX_PATH_POINTS`]).
    overflow: bool,
    /// The path has a curve (`c`, `v`, `y`): it draws a shape or glyph outlines (faux-bold
    /// text exported as stroked outlines, a chart, a seal), never a table's borders.
    curved: bool,
}

impl Path {
    fn clear(&mut self) {
        self.points.clear();
        self.subpaths.clear();
        self.bbox = bbox_of([]);
        self.curved = false;
    }

    fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    fn grow_box(&mut self, p: (f64, f64)) {
        self.bbox = [
            self.bbox[0].min(p.0),
            self.bbox[1].min(p.1),
            self.bbox[2].max(p.0),
            self.bbox[3].max(p.1),
        ];
    }

    fn push(&mut self, p: (f64, f64)) -> bool {
        if !(p.0.is_finite() && p.1.is_finite()) {
            return false;
        }
        if self.points.len() >= MAX_PATH_POINTS {
            self.overflow = true;
            return false;
        }
        self.points.push(p);
        self.grow_box(p);
        true
    }

    fn move_to(&mut self, p: (f64, f64)) {
        // A subpath of a lone point followed by another `m` is dropped.
        if let Some(&(start, _)) = self.subpaths.last() {
            if start + 1 == self.points.len() {
                self.points.pop();
                self.subpaths.pop();
            }
        }
        let start = self.points.len();
        if self.push(p) {
            self.subpaths.push((start, false));
        }
    }

    fn line_to(&mut self, p: (f64, f64)) {
        if self.subpaths.is_empty() {
            // No current point: start one here (lenient, as viewers are).
            self.move_to(p);
        } else {
            self.push(p);
        }
    }

    fn close(&mut self) {
        if let Some(last) = self.subpaths.last_mut() {
            last.1 = true;
        }
    }

    /// The points of each subpath, and whether it is closed.
    fn subpaths(&self) -> impl Iterator<Item = (&[(f64, f64)], bool)> {
        let n = self.subpaths.len();
        (0..n).filter_map(move |i| {
            let (start, closed) = *self.subpaths.get(i)?;
            let end = self
                .subpaths
                .get(i + 1)
                .map_or(self.points.len(), |next| next.0);
            Some((self.points.get(start..end)?, closed))
        })
    }
}

/// The axis-aligned rectangle a closed subpath draws, if it is one: four corners joined by
/// horizontal and vertical sides (a fifth point back at the start is allowed).
fn as_rectangle(points: &[(f64, f64)]) -> Option<BBox> {
    const EPS: f64 = 0.01;
    let same = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() <= EPS && (a.1 - b.1).abs() <= EPS;
    let pts = match points {
        [a, b, c, d, e] if same(*a, *e) => [*a, *b, *c, *d],
        [a, b, c, d] => [*a, *b, *c, *d],
        _ => return None,
    };
    let [a, b, c, d] = pts;
    let horizontal = |p: (f64, f64), q: (f64, f64)| (p.1 - q.1).abs() <= EPS;
    let vertical = |p: (f64, f64), q: (f64, f64)| (p.0 - q.0).abs() <= EPS;
    let h_first = horizontal(a, b) && vertical(b, c) && horizontal(c, d) && vertical(d, a);
    let v_first = vertical(a, b) && horizontal(b, c) && vertical(c, d) && horizontal(d, a);
    (h_first || v_first).then(|| bbox_of(pts))
}

/// Whether a colour given by operands (gray, RGB or CMYK by count) is white: a stroke or
/// fill in it does not show on paper.
fn is_white(operands: &[Operand]) -> bool {
    let n: Vec<f64> = operands.iter().filter_map(Operand::as_f64).collect();
    if n.len() != operands.len() {
        return false; // a pattern, or junk
    }
    match n.as_slice() {
        [g] => *g >= 0.995,
        [r, g, b] => *r >= 0.995 && *g >= 0.995 && *b >= 0.995,
        [c, m, y, k] => [c, m, y, k].iter().all(|v| **v <= 0.005),
        _ => false,
    }
}

/// Every operator of the PDF content-stream language (ISO 32000-1, Annex A).
fn is_known_operator(op: &[u8]) -> bool {
    matches!(
        op,
        b"b" | b"B"
            | b"b*"
            | b"B*"
            | b"BDC"
            | b"BI"
            | b"BMC"
            | b"BT"
            | b"BX"
            | b"c"
            | b"cm"
            | b"CS"
            | b"cs"
            | b"d"
            | b"d0"
            | b"d1"
            | b"Do"
            | b"DP"
            | b"EI"
            | b"EMC"
            | b"ET"
            | b"EX"
            | b"f"
            | b"F"
            | b"f*"
            | b"G"
            | b"g"
            | b"gs"
            | b"h"
            | b"i"
            | b"ID"
            | b"j"
            | b"J"
            | b"K"
            | b"k"
            | b"l"
            | b"m"
            | b"M"
            | b"MP"
            | b"n"
            | b"q"
            | b"Q"
            | b"re"
            | b"RG"
            | b"rg"
            | b"ri"
            | b"s"
            | b"S"
            | b"SC"
            | b"sc"
            | b"SCN"
            | b"scn"
            | b"sh"
            | b"T*"
            | b"Tc"
            | b"Td"
            | b"TD"
            | b"Tf"
            | b"Tj"
            | b"TJ"
            | b"TL"
            | b"Tm"
            | b"Tr"
            | b"Ts"
            | b"Tw"
            | b"Tz"
            | b"v"
            | b"w"
            | b"W"
            | b"W*"
            | b"y"
            | b"'"
            | b"\""
    )
}

/// Whether an operator's operands have the shape the language requires (for the operators
/// whose operands are fixed); a wrong shape in a healthy file does not happen.
fn operands_fit(op: &[u8], ops: &[Operand]) -> bool {
    let numbers = |n: usize| ops.len() == n && ops.iter().all(|o| o.as_f64().is_some());
    match op {
        b"cm" | b"Tm" | b"c" | b"d1" => numbers(6),
        b"re" | b"v" | b"y" | b"K" | b"k" => numbers(4),
        b"RG" | b"rg" => numbers(3),
        b"m" | b"l" | b"Td" | b"TD" | b"d0" => numbers(2),
        b"w" | b"Tc" | b"Tw" | b"Tz" | b"TL" | b"Ts" | b"Tr" | b"g" | b"G" | b"i" | b"M" | b"j"
        | b"J" => numbers(1),
        b"q" | b"Q" | b"BT" | b"ET" | b"h" | b"n" | b"S" | b"s" | b"f" | b"F" | b"f*" | b"B"
        | b"B*" | b"b" | b"b*" | b"W" | b"W*" | b"T*" | b"EMC" | b"BX" | b"EX" => ops.is_empty(),
        b"Tf" => matches!(ops, [Operand::Name(_), Operand::Number(_)]),
        b"Tj" | b"'" => matches!(ops, [Operand::String(_)]),
        b"\"" => matches!(
            ops,
            [Operand::Number(_), Operand::Number(_), Operand::String(_)]
        ),
        b"TJ" => matches!(ops, [Operand::Array(_)]),
        b"Do" | b"gs" | b"CS" | b"cs" | b"sh" | b"ri" | b"BMC" | b"MP" => {
            matches!(ops, [Operand::Name(_)])
        }
        b"BDC" | b"DP" => matches!(ops, [Operand::Name(_), Operand::Dict | Operand::Name(_)]),
        b"d" => matches!(ops, [Operand::Array(_), Operand::Number(_)]),
        b"SC" | b"sc" => (1..=4).contains(&ops.len()) && ops.iter().all(|o| o.as_f64().is_some()),
        b"SCN" | b"scn" => match ops.split_last() {
            Some((Operand::Name(_), rest)) => rest.iter().all(|o| o.as_f64().is_some()),
            Some(_) => ops.len() <= 32 && ops.iter().all(|o| o.as_f64().is_some()),
            None => false,
        },
        _ => true,
    }
}

/// An operator name fit for a message: printable ASCII, at most 12 characters.
fn printable(op: &[u8]) -> String {
    op.iter()
        .take(12)
        .map(|&b| {
            if (0x21..0x7f).contains(&b) {
                char::from(b)
            } else {
                '?'
            }
        })
        .collect()
}

/// Runs content streams; one per document so fonts are loaded once.
pub(crate) struct Interpreter<'a> {
    doc: &'a Document,
    fonts: HashMap<ObjectId, Rc<Font>>,
    reported_font_problems: std::collections::HashSet<ObjectId>,
    scan: PageScan,
    page_number: usize,
    page_width: f64,
    page_height: f64,
    ops: usize,
    form_stack: Vec<ObjectId>,
    decoded: Vec<DecodedGlyph>,
    budget_exhausted: bool,
    /// Reused between paths.
    path: Path,
}

impl<'a> Interpreter<'a> {
    pub(crate) fn new(doc: &'a Document) -> Self {
        Interpreter {
            doc,
            fonts: HashMap::new(),
            reported_font_problems: Default::default(),
            scan: PageScan::default(),
            page_number: 0,
            page_width: 0.0,
            page_height: 0.0,
            ops: 0,
            form_stack: Vec::new(),
            decoded: Vec::new(),
            budget_exhausted: false,
            path: Path::default(),
        }
    }

    /// Runs one page's content with the given initial matrix (user space → page space).
    /// `damaged`: the content is known to be incomplete (it could not be decoded in full),
    /// so that it ends mid-operator or holds junk is not reported again.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn run_page(
        &mut self,
        page_number: usize,
        width: f64,
        height: f64,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        ctm: Matrix,
        damaged: bool,
    ) -> PageScan {
        self.scan = PageScan::default();
        self.page_number = page_number;
        self.page_width = width;
        self.page_height = height;
        self.ops = 0;
        self.budget_exhausted = false;
        self.form_stack.clear();
        // Font problems are reported on every page that uses the font.
        self.reported_font_problems.clear();
        let gs = GState {
            ctm,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render_mode: 0,
            line_width: 1.0,
            // The crop box: the displayed page.
            clip: [0.0, 0.0, width, height],
            stroke_visible: true,
            fill_visible: true,
        };
        self.run(content, resources, gs, 0, damaged);
        std::mem::take(&mut self.scan)
    }

    fn problem(&mut self, kind: ProblemKind, detail: String) {
        let p = Problem {
            kind,
            page: Some(self.page_number),
            detail,
        };
        if self.scan.problems.len() < MAX_PROBLEMS && !self.scan.problems.contains(&p) {
            self.scan.problems.push(p);
        }
    }

    fn font(
        &mut self,
        resources: Option<&'a Dictionary>,
        local: &mut HashMap<Vec<u8>, Rc<Font>>,
        name: &[u8],
    ) -> Rc<Font> {
        if let Some(f) = local.get(name) {
            return f.clone();
        }
        let doc = self.doc;
        let fonts = resources.and_then(|r| obj::get_dict(doc, r, b"Font"));
        let font = match fonts {
            Some(fonts) => {
                let id = obj::get_ref(fonts, name);
                if let Some(f) = id.and_then(|id| self.fonts.get(&id)) {
                    f.clone()
                } else {
                    match obj::lookup(doc, fonts, name) {
                        obj::Lookup::Found(o) => match obj::as_dict(doc, o) {
                            Some(dict) => {
                                let f = Rc::new(Font::load(doc, dict, name));
                                if let Some(id) = id {
                                    self.fonts.insert(id, f.clone());
                                }
                                f
                            }
                            None => {
                                self.font_missing(name, "is not a font dictionary");
                                Rc::new(Font::missing(name))
                            }
                        },
                        obj::Lookup::Dangling(r) => {
                            self.font_missing(name, &format!("({} {} R) is missing", r.0, r.1));
                            Rc::new(Font::missing(name))
                        }
                        obj::Lookup::Absent => {
                            self.font_missing(name, "is not in the resources");
                            Rc::new(Font::missing(name))
                        }
                    }
                }
            }
            None => {
                self.font_missing(name, "is not in the resources (no /Font resources)");
                Rc::new(Font::missing(name))
            }
        };
        let key = obj::get_ref(fonts.unwrap_or(&Dictionary::new()), name);
        let first_time = key.is_none_or(|id| self.reported_font_problems.insert(id));
        if first_time {
            for p in font.problems.clone() {
                self.problem(ProblemKind::FontUnreadable, p);
            }
        }
        local.insert(name.to_vec(), font.clone());
        font
    }

    fn font_missing(&mut self, name: &[u8], what: &str) {
        self.problem(
            ProblemKind::FontUnreadable,
            format!("font /{} {what}", printable(name)),
        );
    }

    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        mut gs: GState,
        depth: usize,
        damaged: bool,
    ) {
        let mut lx = Lexer::new(content);
        let mut operands: Vec<Operand> = Vec::new();
        let mut stack: Vec<GState> = Vec::new();
        let mut dropped_pushes = 0usize;
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        let mut local_fonts: HashMap<Vec<u8>, Rc<Font>> = HashMap::new();
        let mut warned_no_font = false;
        let mut in_text = false;
        // Inside BX … EX unknown operators are allowed.
        let mut compat = 0usize;
        let mut pending_clip = false;
        let mut unknown: Vec<String> = Vec::new();
        let mut misfits: Vec<String> = Vec::new();
        let mut path = std::mem::take(&mut self.path);
        path.clear();

        while let Some(tok) = lx.next_token() {
            let op = match tok {
                Token::Operand(o) => {
                    if operands.len() < 4096 {
                        operands.push(o);
                    }
                    continue;
                }
                Token::Operator(op) => op,
            };
            self.ops += 1;
            if self.ops > MAX_OPS_PER_PAGE {
                if !self.budget_exhausted {
                    self.budget_exhausted = true;
                    self.problem(
                        ProblemKind::LimitReached,
                        format!("more than {MAX_OPS_PER_PAGE} operators; the rest was not read"),
                    );
                }
                self.path = path;
                return;
            }
            if !is_known_operator(op) {
                if compat == 0 && unknown.len() < 3 {
                    let name = printable(op);
                    if !unknown.contains(&name) {
                        unknown.push(name);
                    }
                }
                operands.clear();
                continue;
            }
            if misfits.len() < 3 && !operands_fit(op, &operands) {
                let name = printable(op);
                if !misfits.contains(&name) {
                    misfits.push(name);
                }
            }
            let nums = |i: usize| operands.get(i).and_then(Operand::as_f64);
            match op {
                b"q" => {
                    if stack.len() < MAX_GSTATE_DEPTH {
                        stack.push(gs.clone());
                    } else {
                        dropped_pushes += 1;
                    }
                }
                b"Q" => {
                    if dropped_pushes > 0 {
                        dropped_pushes -= 1;
                    } else if let Some(prev) = stack.pop() {
                        gs = prev;
                    }
                }
                b"cm" => {
                    if let Some(m) = Matrix::from_operands(&operands) {
                        let next = m.then(&gs.ctm);
                        if next.is_finite() {
                            gs.ctm = next;
                        }
                    }
                }
                b"w" => {
                    if let Some(w) = nums(0).filter(|w| w.is_finite() && *w >= 0.0) {
                        gs.line_width = w;
                    }
                }
                b"g" | b"rg" | b"k" | b"sc" | b"scn" => gs.fill_visible = !is_white(&operands),
                b"G" | b"RG" | b"K" | b"SC" | b"SCN" => gs.stroke_visible = !is_white(&operands),
                // A new colour space starts at its initial colour (black, for the usual ones).
                b"cs" => gs.fill_visible = true,
                b"CS" => gs.stroke_visible = true,
                b"m" | b"l" => {
                    if let (Some(x), Some(y)) = (nums(0), nums(1)) {
                        let p = gs.ctm.apply(x, y);
                        if op == b"m" {
                            path.move_to(p);
                        } else {
                            path.line_to(p);
                        }
                    }
                }
                b"c" | b"v" | b"y" => {
                    // A curve counts by its end point; its control points bound it (for
                    // the clip's box).
                    let n: Vec<f64> = operands.iter().filter_map(Operand::as_f64).collect();
                    let pairs: Vec<(f64, f64)> = n
                        .chunks_exact(2)
                        .filter_map(|c| match c {
                            [x, y] => Some(gs.ctm.apply(*x, *y)),
                            _ => None,
                        })
                        .collect();
                    if let Some((&end, controls)) = pairs.split_last() {
                        path.curved = true;
                        path.line_to(end);
                        for &c in controls {
                            if c.0.is_finite() && c.1.is_finite() {
                                path.grow_box(c);
                            }
                        }
                    }
                }
                b"re" => {
                    if let (Some(x), Some(y), Some(w), Some(h)) =
                        (nums(0), nums(1), nums(2), nums(3))
                    {
                        path.move_to(gs.ctm.apply(x, y));
                        path.line_to(gs.ctm.apply(x + w, y));
                        path.line_to(gs.ctm.apply(x + w, y + h));
                        path.line_to(gs.ctm.apply(x, y + h));
                        path.close();
                    }
                }
                b"h" => path.close(),
                b"W" | b"W*" => pending_clip = true,
                b"n" | b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                    if !path.is_empty() {
                        let stroke = matches!(op, b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*");
                        let fill = matches!(op, b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*");
                        if matches!(op, b"s" | b"b" | b"b*") {
                            path.close();
                        }
                        if stroke || fill {
                            self.paint(&path, &gs, stroke, fill);
                        }
                        if pending_clip {
                            // The clip applies to what is painted after this operator.
                            gs.clip = intersect(&gs.clip, &path.bbox);
                        }
                    }
                    if path.overflow {
                        path.overflow = false;
                        self.problem(
                            ProblemKind::RulesIncomplete,
                            format!("a path of more than {MAX_PATH_POINTS} points; the rest was not read"),
                        );
                    }
                    pending_clip = false;
                    path.clear();
                }
                b"BX" => compat += 1,
                b"EX" => compat = compat.saturating_sub(1),
                b"BT" => {
                    in_text = true;
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                b"ET" => in_text = false,
                b"Tf" => {
                    if let [Operand::Name(name), size] = operands.as_slice() {
                        gs.font = Some(self.font(resources, &mut local_fonts, name));
                        gs.font_size = size.as_f64().unwrap_or(0.0);
                    }
                }
                b"Tc" => gs.char_spacing = nums(0).unwrap_or(gs.char_spacing),
                b"Tw" => gs.word_spacing = nums(0).unwrap_or(gs.word_spacing),
                b"Tz" => gs.h_scale = nums(0).map_or(gs.h_scale, |v| v / 100.0),
                b"TL" => gs.leading = nums(0).unwrap_or(gs.leading),
                b"Ts" => gs.rise = nums(0).unwrap_or(gs.rise),
                b"Tr" => {
                    if let Some(m) = nums(0).filter(|m| (0.0..=7.0).contains(m)) {
                        gs.render_mode = m as u8;
                    }
                }
                b"Td" | b"TD" => {
                    if let (Some(tx), Some(ty)) = (nums(0), nums(1)) {
                        if op == b"TD" {
                            gs.leading = -ty;
                        }
                        tlm = Matrix::translate(tx, ty).then(&tlm);
                        tm = tlm;
                    }
                }
                b"Tm" => {
                    if let Some(m) = Matrix::from_operands(&operands) {
                        if m.is_finite() {
                            tlm = m;
                            tm = m;
                        }
                    }
                }
                b"T*" => {
                    tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" => {
                    if op == b"\"" {
                        if let (Some(aw), Some(ac)) = (nums(0), nums(1)) {
                            gs.word_spacing = aw;
                            gs.char_spacing = ac;
                        }
                    }
                    if op != b"Tj" {
                        tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                        tm = tlm;
                    }
                    if let Some(Operand::String(s)) = operands.last() {
                        self.show(&gs, &mut tm, s, &mut warned_no_font);
                    }
                }
                b"TJ" => {
                    if let Some(Operand::Array(items)) = operands.first() {
                        for item in items {
                            match item {
                                Operand::String(s) => {
                                    self.show(&gs, &mut tm, s, &mut warned_no_font)
                                }
                                Operand::Number(n) => {
                                    let vertical = gs.font.as_ref().is_some_and(|f| f.vertical);
                                    let adj = -n / 1000.0 * gs.font_size;
                                    tm = if vertical {
                                        Matrix::translate(0.0, adj).then(&tm)
                                    } else {
                                        Matrix::translate(adj * gs.h_scale, 0.0).then(&tm)
                                    };
                                }
                                _ => {}
                            }
                        }
                    }
                }
                b"Do" => {
                    if let Some(Operand::Name(name)) = operands.first() {
                        self.path = std::mem::take(&mut path);
                        self.do_xobject(resources, name, &gs, depth);
                        path = std::mem::take(&mut self.path);
                    }
                }
                b"BI" => {
                    operands.clear();
                    // Collect the inline image dictionary up to ID.
                    let mut dict_ops: Vec<Operand> = Vec::new();
                    let mut reached_id = false;
                    while let Some(t) = lx.next_token() {
                        match t {
                            Token::Operand(o) => {
                                if dict_ops.len() < 256 {
                                    dict_ops.push(o);
                                }
                            }
                            Token::Operator(b"ID") => {
                                reached_id = true;
                                break;
                            }
                            Token::Operator(_) => {
                                // `true`/`false` come through as operands; other words here
                                // (abbreviated names are /Names) mean a damaged image.
                            }
                        }
                    }
                    if reached_id {
                        lx.skip_inline_image_data(inline_image_len(&dict_ops));
                        self.scan.images += 1;
                    } else {
                        lx.unterminated = true;
                    }
                }
                _ => {}
            }
            operands.clear();
        }
        self.path = path;
        if damaged {
            return;
        }
        let what = if depth == 0 {
            "the page's content".to_owned()
        } else {
            "a Form XObject's content".to_owned()
        };
        if lx.unterminated || !operands.is_empty() || in_text {
            let at = if lx.unterminated {
                "inside a string, array, dictionary or inline image"
            } else if !operands.is_empty() {
                "with operands that no operator uses"
            } else {
                "inside a text object (BT without ET)"
            };
            self.problem(
                ProblemKind::ContentTruncated,
                format!("{what} ends {at}: it is cut off"),
            );
        }
        if !unknown.is_empty() {
            self.problem(
                ProblemKind::BadOperators,
                format!("{what} has unknown operators ({})", unknown.join(", ")),
            );
        }
        if !misfits.is_empty() {
            self.problem(
                ProblemKind::BadOperators,
                format!(
                    "{what} has operators with wrong operands ({})",
                    misfits.join(", ")
                ),
            );
        }
        if lx.junk > 0 {
            self.problem(
                ProblemKind::BadOperators,
                format!("{what} has {} bytes that are no PDF syntax", lx.junk),
            );
        }
    }

    /// Paints the current path: its straight horizontal and vertical strokes, and its
    /// filled rectangles, become pieces of rules (cut to the clip).
    fn paint(&mut self, path: &Path, gs: &GState, stroke: bool, fill: bool) {
        // A curve's chord is not a drawn line, and the straight pieces of a path with curves
        // are a shape's or a glyph's (the strokes of 一, 口), which laid over a table would
        // split its cells.
        if path.curved {
            return;
        }
        let stroke = stroke && gs.stroke_visible;
        let fill = fill && gs.fill_visible;
        if stroke {
            for (pts, closed) in path.subpaths() {
                let closing = if closed && pts.len() > 2 {
                    pts.last().copied().zip(pts.first().copied())
                } else {
                    None
                };
                let segments = pts
                    .windows(2)
                    .filter_map(|w| match w {
                        [a, b] => Some((*a, *b)),
                        _ => None,
                    })
                    .chain(closing);
                for (a, b) in segments {
                    let thickness = stroke_thickness(gs, a, b);
                    match RawRule::segment(a, b, thickness) {
                        Some(r) => self.add_rule(r, &gs.clip),
                        None => {
                            if (a.0 - b.0).hypot(a.1 - b.1) > 0.0 {
                                self.scan.diagonal_segments += 1;
                            }
                        }
                    }
                }
            }
        }
        if fill {
            for (pts, _) in path.subpaths() {
                let Some([x0, y0, x1, y1]) = as_rectangle(pts) else {
                    continue;
                };
                let (w, h) = (x1 - x0, y1 - y0);
                if w < THIN_FILL && h < THIN_FILL {
                    continue; // a dot
                }
                if w < THIN_FILL || h < THIN_FILL {
                    let (a, b, t) = if w < h {
                        let x = (x0 + x1) / 2.0;
                        ((x, y0), (x, y1), w)
                    } else {
                        let y = (y0 + y1) / 2.0;
                        ((x0, y), (x1, y), h)
                    };
                    if let Some(r) = RawRule::segment(a, b, t) {
                        self.add_rule(r, &gs.clip);
                    }
                } else if !stroke {
                    // A shaded area: its edges are boundaries (a stroke would have drawn
                    // them already).
                    let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
                    for w in corners.windows(2) {
                        if let [a, b] = w {
                            if let Some(mut r) = RawRule::segment(*a, *b, 0.0) {
                                r.from_fill = true;
                                self.add_rule(r, &gs.clip);
                            }
                        }
                    }
                }
            }
        }
    }

    fn add_rule(&mut self, r: RawRule, clip: &BBox) {
        let Some(r) = r.clip(clip) else { return };
        if self.scan.rules.len() < MAX_RULE_PIECES {
            self.scan.rules.push(r);
        } else if self.scan.rules.len() == MAX_RULE_PIECES {
            // Pushed once past the bound, so reported once.
            self.scan.rules.push(r);
            self.problem(
                ProblemKind::RulesIncomplete,
                format!(
                    "more than {MAX_RULE_PIECES} pieces of ruling lines; the rest was not read"
                ),
            );
        }
    }

    fn do_xobject(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        gs: &GState,
        depth: usize,
    ) {
        let doc = self.doc;
        let missing = |this: &mut Self, what: String| {
            this.problem(
                ProblemKind::MissingObject,
                format!("XObject /{} {what}", printable(name)),
            );
        };
        let Some(xobjects) = resources.and_then(|r| obj::get_dict(doc, r, b"XObject")) else {
            missing(
                self,
                "is not in the resources (no /XObject resources)".to_owned(),
            );
            return;
        };
        let id = obj::get_ref(xobjects, name);
        let stream = match obj::lookup(doc, xobjects, name) {
            obj::Lookup::Found(Object::Stream(stream)) => stream,
            obj::Lookup::Found(_) => {
                missing(self, "is not a stream".to_owned());
                return;
            }
            obj::Lookup::Dangling(r) => {
                missing(self, format!("({} {} R) is missing", r.0, r.1));
                return;
            }
            obj::Lookup::Absent => {
                missing(self, "is not in the resources".to_owned());
                return;
            }
        };
        match obj::get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Image") => self.scan.images += 1,
            Some(b"Form") => {
                if depth >= MAX_FORM_DEPTH {
                    self.problem(
                        ProblemKind::LimitReached,
                        format!("Form XObjects nested deeper than {MAX_FORM_DEPTH}; not followed"),
                    );
                    return;
                }
                if let Some(id) = id {
                    if self.form_stack.contains(&id) {
                        self.problem(
                            ProblemKind::LimitReached,
                            format!(
                                "Form XObject {} {} R draws itself; not followed",
                                id.0, id.1
                            ),
                        );
                        return;
                    }
                }
                let damaged = obj::damaged_keys(&stream.dict, obj::STREAM_KEYS);
                if !damaged.is_empty() {
                    self.problem(
                        ProblemKind::DamagedEntry,
                        format!(
                            "Form XObject /{} has damaged keys: {}",
                            printable(name),
                            damaged.join(", ")
                        ),
                    );
                }
                let decoded = obj::stream_data(stream);
                if let Some(e) = &decoded.error {
                    self.problem(
                        ProblemKind::ContentUnreadable,
                        format!("Form XObject /{} unreadable: {e}", printable(name)),
                    );
                }
                let matrix = obj::get_array(doc, &stream.dict, b"Matrix")
                    .map(|m| obj::numbers(doc, m))
                    .and_then(|n| match n.as_slice() {
                        [a, b, c, d, e, f] => Some(Matrix::new(*a, *b, *c, *d, *e, *f)),
                        _ => None,
                    })
                    .filter(Matrix::is_finite)
                    .unwrap_or(Matrix::IDENTITY);
                let form_resources = obj::get_dict(doc, &stream.dict, b"Resources").or(resources);
                // The form inherits the graphics state; its /BBox clips it.
                let mut form_gs = gs.clone();
                form_gs.ctm = matrix.then(&gs.ctm);
                if let Some([x0, y0, x1, y1]) =
                    obj::get(doc, &stream.dict, b"BBox").and_then(|b| obj::rect(doc, b))
                {
                    let m = form_gs.ctm;
                    let bbox = bbox_of([
                        m.apply(x0, y0),
                        m.apply(x1, y0),
                        m.apply(x1, y1),
                        m.apply(x0, y1),
                    ]);
                    if bbox.iter().all(|v| v.is_finite()) {
                        form_gs.clip = intersect(&form_gs.clip, &bbox);
                    }
                }
                if let Some(id) = id {
                    self.form_stack.push(id);
                }
                self.run(
                    &decoded.data,
                    form_resources,
                    form_gs,
                    depth + 1,
                    decoded.error.is_some(),
                );
                if id.is_some() {
                    self.form_stack.pop();
                }
            }
            _ => {}
        }
    }

    /// Shows a string: decodes its glyphs, places each one and advances the text matrix.
    fn show(&mut self, gs: &GState, tm: &mut Matrix, bytes: &[u8], warned_no_font: &mut bool) {
        let font = match &gs.font {
            Some(f) => f.clone(),
            None => {
                if !*warned_no_font {
                    *warned_no_font = true;
                    self.problem(
                        ProblemKind::BadOperators,
                        "text shown before any font was selected (Tf)".to_owned(),
                    );
                }
                Rc::new(Font::missing(b"(none)"))
            }
        };
        let mut decoded = std::mem::take(&mut self.decoded);
        decoded.clear();
        font.decode(bytes, &mut decoded);
        let size = gs.font_size;
        let th = gs.h_scale;
        for g in &decoded {
            let spacing = gs.char_spacing
                + if g.is_space_byte {
                    gs.word_spacing
                } else {
                    0.0
                };
            if font.vertical {
                let trm = Matrix::new(size * th, 0.0, 0.0, size, 0.0, gs.rise)
                    .then(tm)
                    .then(&gs.ctm);
                let half = g.width / 2.0;
                let corners = [(-half, font.descent - 0.88), (half, font.ascent - 0.88)];
                self.emit(&font, g, gs, &trm, (0.0, -1.0), corners);
                let ty = font.vertical_advance * size + spacing;
                *tm = Matrix::translate(0.0, ty).then(tm);
            } else {
                let trm = Matrix::new(size * th, 0.0, 0.0, size, 0.0, gs.rise)
                    .then(tm)
                    .then(&gs.ctm);
                let corners = [(0.0, font.descent), (g.width, font.ascent)];
                self.emit(&font, g, gs, &trm, (1.0, 0.0), corners);
                let tx = (g.width * size + spacing) * th;
                *tm = Matrix::translate(tx, 0.0).then(tm);
            }
        }
        self.decoded = decoded;
    }

    /// Places one glyph given its text rendering matrix and its box in em units; an
    /// invisible glyph is counted, not placed.
    fn emit(
        &mut self,
        font: &Font,
        g: &DecodedGlyph,
        gs: &GState,
        trm: &Matrix,
        advance_dir: (f64, f64),
        corners: [(f64, f64); 2],
    ) {
        if !trm.is_finite() || self.scan.glyphs.len() >= MAX_GLYPHS_PER_PAGE {
            return;
        }
        // Em height in page space (the length of the text-space y axis, scaled by size).
        let (vx, vy) = trm.apply_vec(0.0, 1.0);
        let size = vx.hypot(vy);
        if !size.is_finite() || size <= 1e-3 {
            return;
        }
        let origin = trm.apply(0.0, 0.0);
        let [(x0, y0), (x1, y1)] = corners;
        let bbox = bbox_of([
            trm.apply(x0, y0),
            trm.apply(x1, y0),
            trm.apply(x0, y1),
            trm.apply(x1, y1),
        ]);
        // Like poppler's text extraction, drop glyphs whose origin lies off the page (text
        // that overflows a page in WPS exports is drawn again, clipped, on the next one).
        let (dx, dy) = trm.apply_vec(advance_dir.0, advance_dir.1);
        let (ax, ay) = (dx * g.width, dy * g.width);
        let off_page = origin.0 + ax.max(0.0) < 0.0
            || origin.0 + ax.min(0.0) > self.page_width
            || origin.1 + ay.max(0.0) < 0.0
            || origin.1 + ay.min(0.0) > self.page_height;
        // Clipped away: the centre of its box lies outside the clip (and the crop box).
        let (cx, cy) = ((bbox[0] + bbox[2]) / 2.0, (bbox[1] + bbox[3]) / 2.0);
        let clip = &gs.clip;
        let clipped = cx < clip[0] - CLIP_TOLERANCE
            || cx > clip[2] + CLIP_TOLERANCE
            || cy < clip[1] - CLIP_TOLERANCE
            || cy > clip[3] + CLIP_TOLERANCE;
        let invisible_mode = matches!(gs.render_mode, 3 | 7);
        let blank = g
            .text
            .as_deref()
            .is_some_and(|t| t.chars().all(char::is_whitespace));
        // White on the page (white fill, or white stroke for the stroked modes) shows
        // nothing to cut.
        let painted = match gs.render_mode % 4 {
            0 => gs.fill_visible,
            1 => gs.stroke_visible,
            2 => gs.fill_visible || gs.stroke_visible,
            _ => false,
        };
        if painted && !blank && self.scan.cut_glyphs.len() < MAX_CUT_GLYPHS {
            // Cut by the clip: its core (the box less [`CORE_MARGIN`] on each side, where
            // the ink is) is partly inside the clip and partly outside it.
            let [cx0, cy0] = [x0 + (x1 - x0) * CORE_MARGIN, y0 + (y1 - y0) * CORE_MARGIN];
            let [cx1, cy1] = [x1 - (x1 - x0) * CORE_MARGIN, y1 - (y1 - y0) * CORE_MARGIN];
            let core = bbox_of([
                trm.apply(cx0, cy0),
                trm.apply(cx1, cy0),
                trm.apply(cx0, cy1),
                trm.apply(cx1, cy1),
            ]);
            let widened = [
                clip[0] - CLIP_TOLERANCE,
                clip[1] - CLIP_TOLERANCE,
                clip[2] + CLIP_TOLERANCE,
                clip[3] + CLIP_TOLERANCE,
            ];
            let shown = intersect(&core, &widened);
            let area = |b: &BBox| (b[2] - b[0]).max(0.0) * (b[3] - b[1]).max(0.0);
            let whole = area(&core);
            if whole > 0.0 {
                let visible = area(&shown) / whole;
                if visible > 0.0 && visible < WHOLE_ENOUGH {
                    self.scan.cut_glyphs.push(CutGlyph {
                        text: g.text.clone(),
                        bbox,
                        visible,
                        read: !(off_page || clipped),
                    });
                }
            }
        }
        if off_page || clipped || invisible_mode {
            if g.text
                .as_deref()
                .is_none_or(|t| !t.chars().all(char::is_whitespace))
            {
                self.scan.hidden_glyphs += 1;
                if !invisible_mode {
                    let h = &mut self.scan.hidden_box;
                    *h = Some(match *h {
                        None => bbox,
                        Some(b) => [
                            b[0].min(bbox[0]),
                            b[1].min(bbox[1]),
                            b[2].max(bbox[2]),
                            b[3].max(bbox[3]),
                        ],
                    });
                }
            }
            return;
        }
        let angle = dy.atan2(dx).to_degrees();
        let dir = (((angle / 90.0).round() as i64).rem_euclid(4)) as u8;
        let text = match &g.text {
            Some(t) => t.clone(),
            None => {
                self.scan.unmapped.push(Unmapped {
                    page: self.page_number,
                    x: origin.0,
                    y: origin.1,
                    font: font.name.clone(),
                    code: g.code,
                    code_len: g.code_len,
                    bbox,
                });
                char::REPLACEMENT_CHARACTER.to_string()
            }
        };
        self.scan.glyphs.push(RawGlyph {
            text,
            dir,
            origin,
            bbox,
            size,
        });
    }
}

/// A stroke's width across the segment `a`–`b`, in page space: the line width scaled by
/// the CTM perpendicular to the segment.
fn stroke_thickness(gs: &GState, a: (f64, f64), b: (f64, f64)) -> f64 {
    if gs.line_width <= 0.0 {
        return 0.0;
    }
    // The unit normal of the segment in page space, taken back to user space, tells how
    // long a line width of 1 is across the segment. Approximated by the CTM's scale along
    // the page-space normal: |M^T n| / |det M|.
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = dx.hypot(dy);
    let m = &gs.ctm;
    let det = (m.a * m.d - m.b * m.c).abs();
    if len <= 0.0 || det <= 0.0 || !det.is_finite() {
        return gs.line_width;
    }
    let (nx, ny) = (-dy / len, dx / len);
    // Transpose applied to the normal.
    let (ux, uy) = (m.a * nx + m.b * ny, m.c * nx + m.d * ny);
    let t = gs.line_width * det / ux.hypot(uy);
    if t.is_finite() {
        t
    } else {
        gs.line_width
    }
}

/// The byte length of an unfiltered inline image's data, from its dictionary.
fn inline_image_len(ops: &[Operand]) -> Option<usize> {
    let mut width = None;
    let mut height = None;
    let mut bpc = None;
    let mut comps = None;
    let mut mask = false;
    for pair in ops.chunks(2) {
        let [Operand::Name(key), value] = pair else {
            continue;
        };
        match (key.as_slice(), value) {
            (b"W" | b"Width", Operand::Number(n)) => width = Some(*n),
            (b"H" | b"Height", Operand::Number(n)) => height = Some(*n),
            (b"BPC" | b"BitsPerComponent", Operand::Number(n)) => bpc = Some(*n),
            (b"F" | b"Filter", _) => return None,
            (b"IM" | b"ImageMask", Operand::Bool(b)) => mask = *b,
            (b"CS" | b"ColorSpace", Operand::Name(cs)) => {
                comps = match cs.as_slice() {
                    b"G" | b"DeviceGray" | b"I" | b"Indexed" | b"CalGray" => Some(1.0),
                    b"RGB" | b"DeviceRGB" | b"CalRGB" => Some(3.0),
                    b"CMYK" | b"DeviceCMYK" => Some(4.0),
                    _ => None,
                }
            }
            (b"CS" | b"ColorSpace", Operand::Array(_)) => comps = Some(1.0),
            _ => {}
        }
    }
    let (w, h) = (width?, height?);
    let (bpc, comps) = if mask { (1.0, 1.0) } else { (bpc?, comps?) };
    let row = ((w * comps * bpc) / 8.0).ceil();
    let len = row * h;
    if (0.0..1e9).contains(&len) {
        Some(len as usize)
    } else {
        None
    }
}
