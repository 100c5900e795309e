//! A small, allocation-light tokenizer for PDF content streams and CMap programs.
//!
//! It never panics: every index is checked, nesting is bounded, and malformed input
//! degrades to skipped bytes rather than an error (a viewer keeps drawing too).

/// Deepest array/dictionary nesting kept; deeper input is skipped.
const MAX_DEPTH: usize = 32;

/// One operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Number(f64),
    Name(Vec<u8>),
    /// A literal or hexadecimal string, as bytes.
    String(Vec<u8>),
    Array(Vec<Operand>),
    /// A dictionary (inline, e.g. marked-content properties); contents are not kept.
    Dict,
    Bool(bool),
    /// `null` and anything else that is an operand but of no interest.
    Other,
}

impl Operand {
    pub(crate) fn as_f64(&self) -> Option<f64> {
        match self {
            Operand::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// A token: an operand, or an operator keyword.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token<'a> {
    Operand(Operand),
    Operator(&'a [u8]),
}

pub(crate) fn is_whitespace(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

pub(crate) fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_whitespace(b) && !is_delimiter(b)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    /// Bytes or tokens that are not PDF syntax and were skipped: stray closing delimiters,
    /// non-hex characters in a hex string, a sign or dot with no digits, an unknown
    /// keyword inside an array. A content stream of a healthy file has none.
    pub(crate) junk: usize,
    /// The data ended inside a string, array, dictionary or inline image.
    pub(crate) unterminated: bool,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Lexer {
            data,
            pos: 0,
            junk: 0,
            unterminated: false,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.data.get(self.pos.checked_add(offset)?).copied()
    }

    fn skip_whitespace_and_comments(&mut self) {
        while let Some(b) = self.peek() {
            if is_whitespace(b) {
                // NUL is whitespace to the letter of the standard, but no producer writes
                // it between tokens: it is the mark of zeroed (damaged) bytes.
                if b == 0 {
                    self.junk += 1;
                }
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or `None` at the end of the data.
    pub(crate) fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_whitespace_and_comments();
            let b = self.peek()?;
            match b {
                b'[' | b'<' | b'(' | b'/' | b'+' | b'-' | b'.' | b'0'..=b'9' => {
                    if let Some(op) = self.operand(0) {
                        return Some(Token::Operand(op));
                    }
                    // `operand` consumed something unusable (a stray `>`-less `<`…): go on.
                }
                b']' | b')' | b'>' | b'{' | b'}' => {
                    // Stray closing delimiter or PostScript procedure brace: skip it.
                    self.pos += 1;
                    self.junk += 1;
                }
                _ => {
                    let start = self.pos;
                    while let Some(c) = self.peek() {
                        if !is_regular(c) {
                            break;
                        }
                        self.pos += 1;
                    }
                    if self.pos == start {
                        self.pos += 1;
                        self.junk += 1;
                        continue;
                    }
                    let word = self.data.get(start..self.pos).unwrap_or_default();
                    return Some(match word {
                        b"true" => Token::Operand(Operand::Bool(true)),
                        b"false" => Token::Operand(Operand::Bool(false)),
                        b"null" => Token::Operand(Operand::Other),
                        _ => Token::Operator(word),
                    });
                }
            }
        }
    }

    /// Parses one operand starting at the current (non-whitespace) byte.
    fn operand(&mut self, depth: usize) -> Option<Operand> {
        let b = self.peek()?;
        match b {
            b'/' => {
                self.pos += 1;
                Some(Operand::Name(self.name_body()))
            }
            b'(' => {
                self.pos += 1;
                Some(Operand::String(self.literal_string()))
            }
            b'<' => {
                if self.peek_at(1) == Some(b'<') {
                    self.pos += 2;
                    self.skip_dict(depth);
                    Some(Operand::Dict)
                } else {
                    self.pos += 1;
                    Some(Operand::String(self.hex_string()))
                }
            }
            b'[' => {
                self.pos += 1;
                Some(Operand::Array(self.array(depth)))
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => Some(self.number()),
            _ => None,
        }
    }

    fn name_body(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            if !is_regular(c) {
                break;
            }
            if c == b'#' {
                if let (Some(h), Some(l)) = (
                    self.peek_at(1).and_then(hex_value),
                    self.peek_at(2).and_then(hex_value),
                ) {
                    out.push(h << 4 | l);
                    self.pos += 3;
                    continue;
                }
            }
            out.push(c);
            self.pos += 1;
        }
        out
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut nesting = 0usize;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'(' => {
                    nesting += 1;
                    out.push(c);
                }
                b')' => {
                    if nesting == 0 {
                        return out;
                    }
                    nesting -= 1;
                    out.push(c);
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v: u32 = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        b'\r' => {
                            // Line continuation: `\` CR LF or `\` CR.
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
        self.unterminated = true;
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        let mut closed = false;
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'>' {
                closed = true;
                break;
            }
            if let Some(v) = hex_value(c) {
                match high.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => high = Some(v),
                }
            } else if !is_whitespace(c) || c == 0 {
                // Junk inside a hex string is skipped (and counted); so is NUL, as between
                // tokens.
                self.junk += 1;
            }
        }
        if !closed {
            self.unterminated = true;
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn array(&mut self, depth: usize) -> Vec<Operand> {
        let mut items = Vec::new();
        loop {
            self.skip_whitespace_and_comments();
            let Some(b) = self.peek() else {
                self.unterminated = true;
                return items;
            };
            match b {
                b']' => {
                    self.pos += 1;
                    return items;
                }
                _ if depth >= MAX_DEPTH && b == b'[' => {
                    // Too deep: consume and drop.
                    self.pos += 1;
                    self.array_skip();
                }
                b'[' | b'<' | b'(' | b'/' | b'+' | b'-' | b'.' | b'0'..=b'9' => {
                    match self.operand(depth + 1) {
                        Some(op) => items.push(op),
                        None => {
                            self.pos += 1;
                            self.junk += 1;
                        }
                    }
                }
                _ => {
                    // A keyword inside an array (true/false/null, or junk).
                    let start = self.pos;
                    while let Some(c) = self.peek() {
                        if !is_regular(c) {
                            break;
                        }
                        self.pos += 1;
                    }
                    match self.data.get(start..self.pos) {
                        Some(b"true") => items.push(Operand::Bool(true)),
                        Some(b"false") => items.push(Operand::Bool(false)),
                        Some(b"null") => items.push(Operand::Other),
                        Some([]) | None => {
                            self.pos += 1;
                            self.junk += 1;
                        }
                        Some(_) => {
                            self.junk += 1;
                            items.push(Operand::Other);
                        }
                    }
                }
            }
        }
    }

    /// Skips the rest of an array without keeping anything (iteratively, no recursion).
    fn array_skip(&mut self) {
        let mut level = 1usize;
        while let Some(c) = self.peek() {
            match c {
                b'[' => {
                    level += 1;
                    self.pos += 1;
                }
                b']' => {
                    self.pos += 1;
                    level -= 1;
                    if level == 0 {
                        return;
                    }
                }
                b'(' => {
                    self.pos += 1;
                    let _ = self.literal_string();
                }
                _ => self.pos += 1,
            }
        }
        self.unterminated = true;
    }

    /// Skips a dictionary body after `<<`, nested dictionaries and strings included.
    fn skip_dict(&mut self, _depth: usize) {
        let mut level = 1usize;
        while let Some(c) = self.peek() {
            match c {
                b'(' => {
                    self.pos += 1;
                    let _ = self.literal_string();
                }
                b'<' if self.peek_at(1) == Some(b'<') => {
                    level += 1;
                    self.pos += 2;
                }
                b'<' => {
                    self.pos += 1;
                    let _ = self.hex_string();
                }
                b'>' if self.peek_at(1) == Some(b'>') => {
                    self.pos += 2;
                    level -= 1;
                    if level == 0 {
                        return;
                    }
                }
                _ => self.pos += 1,
            }
        }
        self.unterminated = true;
    }

    fn number(&mut self) -> Operand {
        let mut negative = false;
        let mut int_part: f64 = 0.0;
        let mut frac_part: f64 = 0.0;
        let mut frac_scale: f64 = 1.0;
        let mut in_frac = false;
        let mut digits = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'+' | b'-' if digits == 0 && !in_frac => {
                    // Tolerate repeated signs (`--5` reads as -5, as viewers do).
                    if c == b'-' {
                        negative = true;
                    }
                }
                b'0'..=b'9' => {
                    let d = f64::from(c - b'0');
                    if in_frac {
                        frac_scale *= 0.1;
                        frac_part += d * frac_scale;
                    } else {
                        int_part = int_part * 10.0 + d;
                    }
                    digits += 1;
                }
                b'.' if !in_frac => in_frac = true,
                _ => break,
            }
            self.pos += 1;
        }
        if digits == 0 {
            // A lone sign or dot: treat as junk operand.
            self.junk += 1;
            return Operand::Other;
        }
        let v = int_part + frac_part;
        let v = if negative { -v } else { v };
        Operand::Number(if v.is_finite() { v } else { 0.0 })
    }

    /// After the `ID` operator of an inline image: skips the image data and the `EI`.
    ///
    /// `exact_len` is the data length when it could be computed from the image
    /// dictionary (unfiltered data); otherwise the data is searched for a whitespace-
    /// delimited `EI` followed by something that looks like content-stream text.
    pub(crate) fn skip_inline_image_data(&mut self, exact_len: Option<usize>) {
        // One whitespace byte separates ID from the data.
        if self.peek().is_some_and(is_whitespace) {
            self.pos += 1;
        }
        if let Some(len) = exact_len {
            let end = self.pos.saturating_add(len);
            if end <= self.data.len() {
                let save = self.pos;
                self.pos = end;
                self.skip_whitespace_and_comments();
                if self.peek() == Some(b'E')
                    && self.peek_at(1) == Some(b'I')
                    && self.peek_at(2).is_none_or(|c| !is_regular(c))
                {
                    self.pos += 2;
                    return;
                }
                self.pos = save;
            }
        }
        let data = self.data;
        let mut i = self.pos;
        while i + 1 < data.len() {
            let is_ei = data.get(i) == Some(&b'E') && data.get(i + 1) == Some(&b'I');
            let before_ok = i == self.pos || data.get(i - 1).is_some_and(|&c| is_whitespace(c));
            let after = data.get(i + 2).copied();
            let after_ok = after.is_none_or(is_whitespace);
            if is_ei
                && before_ok
                && after_ok
                && looks_like_content(data.get(i + 2..).unwrap_or_default())
            {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.pos = data.len();
        self.unterminated = true;
    }
}

/// Whether the bytes after a candidate `EI` look like content-stream text (not binary image data).
fn looks_like_content(rest: &[u8]) -> bool {
    rest.iter()
        .take(24)
        .all(|&c| c == b'\n' || c == b'\r' || c == b'\t' || (0x20..0x7f).contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(data: &[u8]) -> Vec<Token<'_>> {
        let mut lx = Lexer::new(data);
        let mut out = Vec::new();
        while let Some(t) = lx.next_token() {
            out.push(t);
        }
        out
    }

    #[test]
    fn operators_separated_by_cr() {
        let t = tokens(b"1 0 0 -1 0 595.25 cm\rq\r54.64 66.16 re");
        assert_eq!(t.len(), 11);
        assert_eq!(t[6], Token::Operator(b"cm"));
        assert_eq!(t[7], Token::Operator(b"q"));
        assert_eq!(t[8], Token::Operand(Operand::Number(54.64)));
    }

    #[test]
    fn strings_and_arrays() {
        let t = tokens(b"[(a\\)b) -120 <4e2d 6>] TJ (x\\101\\\ny) Tj /F#201 12 Tf");
        assert_eq!(
            t[0],
            Token::Operand(Operand::Array(vec![
                Operand::String(b"a)b".to_vec()),
                Operand::Number(-120.0),
                Operand::String(vec![0x4e, 0x2d, 0x60]),
            ]))
        );
        assert_eq!(t[2], Token::Operand(Operand::String(b"xAy".to_vec())));
        assert_eq!(t[4], Token::Operand(Operand::Name(b"F 1".to_vec())));
    }

    #[test]
    fn numbers() {
        let t = tokens(b".5 -.25 5. --3 +7 -");
        assert_eq!(t[0], Token::Operand(Operand::Number(0.5)));
        assert_eq!(t[1], Token::Operand(Operand::Number(-0.25)));
        assert_eq!(t[2], Token::Operand(Operand::Number(5.0)));
        assert_eq!(t[3], Token::Operand(Operand::Number(-3.0)));
        assert_eq!(t[4], Token::Operand(Operand::Number(7.0)));
        assert_eq!(t[5], Token::Operand(Operand::Other));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut data = vec![b'['; 100_000];
        data.extend_from_slice(b" Tj");
        let _ = tokens(&data);
        let mut data = b"<<".repeat(100_000);
        data.extend_from_slice(b" BDC");
        let _ = tokens(&data);
    }

    #[test]
    fn inline_image_skip() {
        let data = b"ID \x00\xffEI\x01 EI Q BT";
        let mut lx = Lexer::new(data);
        assert_eq!(lx.next_token(), Some(Token::Operator(b"ID")));
        lx.skip_inline_image_data(None);
        assert_eq!(lx.next_token(), Some(Token::Operator(b"Q")));
        let data = b"ID \x45\x49\x20\x00 EI BT";
        let mut lx = Lexer::new(data);
        let _ = lx.next_token();
        lx.skip_inline_image_data(Some(4));
        assert_eq!(lx.next_token(), Some(Token::Operator(b"BT")));
    }
}
