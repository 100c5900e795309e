//! The content-stream text interpreter: runs a page's operators and emits every glyph
//! with its position in page space.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::font::{DecodedGlyph, Font};
use crate::lexer::{Lexer, Operand, Token};
use crate::obj;
use crate::Unmapped;

/// Deepest nesting of Form XObjects followed.
const MAX_FORM_DEPTH: usize = 12;
/// Deepest `q` nesting kept (further `q`s are counted but not stored).
const MAX_GSTATE_DEPTH: usize = 512;
/// Operators run per page before giving up (guards against XObject fan-out bombs).
const MAX_OPS_PER_PAGE: usize = 20_000_000;
/// Glyphs kept per page.
const MAX_GLYPHS_PER_PAGE: usize = 2_000_000;

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

    fn apply_vec(&self, x: f64, y: f64) -> (f64, f64) {
        (self.a * x + self.c * y, self.b * x + self.d * y)
    }

    fn is_finite(&self) -> bool {
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
}

/// What one page yields.
#[derive(Debug, Default)]
pub(crate) struct PageScan {
    pub(crate) glyphs: Vec<RawGlyph>,
    pub(crate) unmapped: Vec<Unmapped>,
    pub(crate) images: usize,
    pub(crate) problems: Vec<String>,
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
        }
    }

    /// Runs one page's content with the given initial matrix (user space → page space).
    pub(crate) fn run_page(
        &mut self,
        page_number: usize,
        width: f64,
        height: f64,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        ctm: Matrix,
    ) -> PageScan {
        self.scan = PageScan::default();
        self.page_number = page_number;
        self.page_width = width;
        self.page_height = height;
        self.ops = 0;
        self.budget_exhausted = false;
        self.form_stack.clear();
        self.run(content, resources, ctm, 0);
        std::mem::take(&mut self.scan)
    }

    fn problem(&mut self, msg: String) {
        if self.scan.problems.len() < 100 && !self.scan.problems.contains(&msg) {
            self.scan.problems.push(msg);
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
                    match obj::get_dict(doc, fonts, name) {
                        Some(dict) => {
                            let f = Rc::new(Font::load(doc, dict, name));
                            if let Some(id) = id {
                                self.fonts.insert(id, f.clone());
                            }
                            f
                        }
                        None => Rc::new(Font::missing(name)),
                    }
                }
            }
            None => Rc::new(Font::missing(name)),
        };
        let key = obj::get_ref(fonts.unwrap_or(&Dictionary::new()), name);
        let first_time = key.is_none_or(|id| self.reported_font_problems.insert(id));
        if first_time {
            for p in font.problems.clone() {
                self.problem(p);
            }
        }
        local.insert(name.to_vec(), font.clone());
        font
    }

    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        ctm: Matrix,
        depth: usize,
    ) {
        let mut lx = Lexer::new(content);
        let mut operands: Vec<Operand> = Vec::new();
        let mut gs = GState {
            ctm,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut stack: Vec<GState> = Vec::new();
        let mut dropped_pushes = 0usize;
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        let mut local_fonts: HashMap<Vec<u8>, Rc<Font>> = HashMap::new();
        let mut warned_no_font = false;

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
                    self.problem(format!(
                        "page {}: more than {MAX_OPS_PER_PAGE} operators; the rest was not read",
                        self.page_number
                    ));
                }
                return;
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
                b"BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                b"ET" => {}
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
                        self.do_xobject(resources, name, &gs.ctm, depth);
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
                    }
                }
                _ => {}
            }
            operands.clear();
        }
    }

    fn do_xobject(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        ctm: &Matrix,
        depth: usize,
    ) {
        let doc = self.doc;
        let Some(xobjects) = resources.and_then(|r| obj::get_dict(doc, r, b"XObject")) else {
            return;
        };
        let id = obj::get_ref(xobjects, name);
        let Some(Object::Stream(stream)) = obj::get(doc, xobjects, name) else {
            return;
        };
        match obj::get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Image") => self.scan.images += 1,
            Some(b"Form") => {
                if depth >= MAX_FORM_DEPTH {
                    self.problem(format!(
                        "page {}: Form XObjects nested deeper than {MAX_FORM_DEPTH}; not followed",
                        self.page_number
                    ));
                    return;
                }
                if let Some(id) = id {
                    if self.form_stack.contains(&id) {
                        self.problem(format!(
                            "page {}: Form XObject {} {} R draws itself; not followed",
                            self.page_number, id.0, id.1
                        ));
                        return;
                    }
                }
                let data = match obj::stream_data(stream) {
                    Ok(d) => d,
                    Err(e) => {
                        self.problem(format!(
                            "page {}: Form XObject /{} unreadable: {e}",
                            self.page_number,
                            String::from_utf8_lossy(name)
                        ));
                        return;
                    }
                };
                let matrix = obj::get_array(doc, &stream.dict, b"Matrix")
                    .map(|m| obj::numbers(doc, m))
                    .and_then(|n| match n.as_slice() {
                        [a, b, c, d, e, f] => Some(Matrix::new(*a, *b, *c, *d, *e, *f)),
                        _ => None,
                    })
                    .filter(Matrix::is_finite)
                    .unwrap_or(Matrix::IDENTITY);
                let form_resources = obj::get_dict(doc, &stream.dict, b"Resources").or(resources);
                if let Some(id) = id {
                    self.form_stack.push(id);
                }
                self.run(&data, form_resources, matrix.then(ctm), depth + 1);
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
                    self.problem(format!(
                        "page {}: text shown before any font was selected (Tf)",
                        self.page_number
                    ));
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
                self.emit(&font, g, &trm, (0.0, -1.0), corners);
                let ty = font.vertical_advance * size + spacing;
                *tm = Matrix::translate(0.0, ty).then(tm);
            } else {
                let trm = Matrix::new(size * th, 0.0, 0.0, size, 0.0, gs.rise)
                    .then(tm)
                    .then(&gs.ctm);
                let corners = [(0.0, font.descent), (g.width, font.ascent)];
                self.emit(&font, g, &trm, (1.0, 0.0), corners);
                let tx = (g.width * size + spacing) * th;
                *tm = Matrix::translate(tx, 0.0).then(tm);
            }
        }
        self.decoded = decoded;
    }

    /// Places one glyph given its text rendering matrix and its box in em units.
    fn emit(
        &mut self,
        font: &Font,
        g: &DecodedGlyph,
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
        let pts = [
            trm.apply(x0, y0),
            trm.apply(x1, y0),
            trm.apply(x0, y1),
            trm.apply(x1, y1),
        ];
        let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for (x, y) in pts {
            bbox[0] = bbox[0].min(x);
            bbox[1] = bbox[1].min(y);
            bbox[2] = bbox[2].max(x);
            bbox[3] = bbox[3].max(y);
        }
        // Like poppler's text extraction, drop glyphs whose origin lies off the page (text
        // that overflows a page in WPS exports is drawn again, clipped, on the next one).
        let (dx, dy) = trm.apply_vec(advance_dir.0, advance_dir.1);
        let (ax, ay) = (dx * g.width, dy * g.width);
        if origin.0 + ax.max(0.0) < 0.0
            || origin.0 + ax.min(0.0) > self.page_width
            || origin.1 + ay.max(0.0) < 0.0
            || origin.1 + ay.min(0.0) > self.page_height
        {
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
