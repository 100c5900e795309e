//! Classification paths written in the narrative, and resolving them to a code with certainty.
//!
//! Documents name the line of the tables an amount is about in several ways:
//! - with level markers: `“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”科目`, brackets
//!   full-width, half-width or mixed (`（类）…（款)…`), the code sometimes inside the marker
//!   (`公共安全支出（204类）司法（06款）其他司法支出（99项）`), sometimes starting at the 款 under a
//!   heading that names the 类 (`1.政协事务（款）行政运行（项）支出`: the 款's name, unique among
//!   the printed lines, places it);
//! - with `-` between the levels inside quotes: `“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目`;
//! - a 类 name alone in quotes: `“一般公共服务支出”科目`.
//!
//! A path resolves against the document's own tables first (the codes and names they print), then
//! the catalogue. A path resolves only when every level it names is found, each under the one
//! before, and exactly one code fits: anything else is unresolved and gives nothing to compare.

use super::text::chars_text;
use std::collections::HashMap;
use yusuan_model::catalog::normalize_name;
use yusuan_model::text::squash;
use yusuan_model::{Catalog, Code, Disclosure, Level, Scheme};

/// One level of a written path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub level: Level,
    pub name: String,
    /// The digits printed in the marker (`（204类）` → `204`, `（06款）` → `06`).
    pub digits: Option<String>,
}

/// A path as written: its levels in order (the first may be a 款 when the 类 is named elsewhere).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenPath {
    pub segments: Vec<Segment>,
}

const DASHES: [char; 5] = ['-', '－', '—', '‐', '–'];
const OPEN_QUOTES: [char; 5] = ['“', '"', '「', '《', '‘'];
const CLOSE_QUOTES: [char; 5] = ['”', '"', '」', '》', '’'];

/// Words that may follow a path before the amount (`”科目`, `支出`, `预算数为`).
fn is_path_tail(s: &str) -> bool {
    let mut t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !CLOSE_QUOTES.contains(c) && !OPEN_QUOTES.contains(c))
        .collect();
    for w in ["为", "是", "共计", "合计"] {
        if let Some(r) = t.strip_suffix(w) {
            t = r.to_string();
        }
    }
    for w in [
        "科目",
        "支出",
        "预算数",
        "预算",
        "安排",
        "拨款",
        "资金",
        "经费",
    ] {
        t = t.replace(w, "");
    }
    t.is_empty()
}

/// Unify the brackets of level markers: `(类)`, `（类)`, `(类）` → `（类）`.
fn unify_brackets(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            _ => c,
        })
        .collect()
}

/// Does the text carry level markers (`（类）`, `（01款）`, `（项)`)?
pub fn has_markers(s: &str) -> bool {
    !split_markers(&unify_brackets(s)).0.is_empty()
}

/// Split text at level markers: the segments before each marker, and the text after the last.
fn split_markers(s: &str) -> (Vec<Segment>, String) {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut name = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '（' {
            let digits: String = chars
                .iter()
                .skip(i + 1)
                .take_while(|d| d.is_ascii_digit())
                .collect();
            let after = i + 1 + digits.chars().count();
            let level = chars.get(after).and_then(|k| match k {
                '类' => Some(Level::Class),
                '款' => Some(Level::Section),
                '项' => Some(Level::Item),
                _ => None,
            });
            if let (Some(level), Some('）')) = (level, chars.get(after + 1)) {
                out.push(Segment {
                    level,
                    name: std::mem::take(&mut name),
                    digits: (!digits.is_empty()).then_some(digits),
                });
                i = after + 2;
                continue;
            }
        }
        name.push(c);
        i += 1;
    }
    (out, name)
}

/// The name of a path's first level: the words after the last quote or clause mark.
fn first_name(s: &str) -> String {
    let start = s
        .char_indices()
        .filter(|(_, c)| OPEN_QUOTES.contains(c) || matches!(c, '，' | '、' | '：' | ':' | '；'))
        .map(|(i, c)| i + c.len_utf8())
        .next_back()
        .unwrap_or(0);
    let t = s.get(start..).unwrap_or_default();
    let t = super::lines::numbering(t).map_or(t.to_string(), |n| n.rest);
    t.trim_matches(|c: char| c.is_whitespace() || CLOSE_QUOTES.contains(&c))
        .to_string()
}

fn clean_name(s: &str) -> String {
    s.trim_matches(|c: char| {
        c.is_whitespace() || CLOSE_QUOTES.contains(&c) || OPEN_QUOTES.contains(&c)
    })
    .to_string()
}

/// Read a path from the words before an amount, or `None` when they do not write one.
pub fn parse(label: &str) -> Option<WrittenPath> {
    let l = unify_brackets(label);
    let (mut segments, tail) = split_markers(&l);
    if !segments.is_empty() {
        if !is_path_tail(&tail) {
            return None;
        }
        if let Some(first) = segments.first_mut() {
            first.name = first_name(&first.name);
        }
        for s in segments.iter_mut().skip(1) {
            s.name = clean_name(&s.name);
        }
        // Levels go down: 类 → 款 → 项 (a level written with the wrong marker, `行政事业单位离退休
        // （类）…（项）`, is kept as written and resolves to nothing).
        let ordered = segments
            .iter()
            .zip(segments.iter().skip(1))
            .all(|(a, b)| level_rank(b.level) > level_rank(a.level));
        if !ordered || segments.iter().any(|s| s.name.is_empty()) {
            return None;
        }
        return Some(WrittenPath { segments });
    }
    // `“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目`, `“住房保障支出”科目`: a
    // quoted name followed by 科目.
    let (_, quoted) = l.rsplit_once(|c: char| OPEN_QUOTES.contains(&c))?;
    let (inner, after) = quoted.split_once(|c: char| CLOSE_QUOTES.contains(&c))?;
    if !squash(after).starts_with("科目") || !is_path_tail(after) {
        return None;
    }
    let parts: Vec<String> = inner.split(&DASHES[..]).map(clean_name).collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let levels = [Level::Class, Level::Section, Level::Item];
    Some(WrittenPath {
        segments: parts
            .into_iter()
            .zip(levels)
            .map(|(name, level)| Segment {
                level,
                name,
                digits: None,
            })
            .collect(),
    })
}

fn level_rank(l: Level) -> u8 {
    match l {
        Level::Class => 0,
        Level::Section => 1,
        Level::Item => 2,
    }
}

impl WrittenPath {
    /// The path with its markers, as [`yusuan_model::FactKey::ExpenditureByName`] keeps it:
    /// `一般公共服务支出（类）商贸事务（款）行政运行（项）`.
    pub fn written(&self) -> String {
        self.segments
            .iter()
            .map(|s| format!("{}（{}）", s.name, s.level.label()))
            .collect()
    }

    /// The deepest level's name.
    pub fn last_name(&self) -> &str {
        self.segments.last().map_or("", |s| s.name.as_str())
    }

    /// Read back a path kept by [`WrittenPath::written`].
    pub fn from_written(s: &str) -> Option<WrittenPath> {
        let (segments, tail) = split_markers(&unify_brackets(s));
        (!segments.is_empty() && tail.trim().is_empty()).then_some(WrittenPath { segments })
    }

    /// The code printed in the markers (`（204类）司法（06款）其他司法支出（99项）` → 2040699).
    pub fn printed_code(&self) -> Option<Code> {
        let first = self.segments.first()?;
        if first.level != Level::Class {
            return None;
        }
        let mut s = String::new();
        for seg in &self.segments {
            let d = seg.digits.as_deref()?;
            let want = if seg.level == Level::Class { 3 } else { 2 };
            // `（1款）` for 01.
            let d = if d.len() < want {
                format!("{d:0>want$}")
            } else {
                d.to_string()
            };
            if d.len() != want {
                return None;
            }
            s.push_str(&d);
        }
        Code::parse(&s)
    }
}

/// Names compare after unifying spaces, brackets and `其它`/`其他`.
pub fn loose(s: &str) -> String {
    normalize_name(s)
        .replace("其它", "其他")
        .trim_matches(|c: char| CLOSE_QUOTES.contains(&c) || OPEN_QUOTES.contains(&c))
        .to_string()
}

/// A written name and a printed one name the same line. Names are often written without their
/// last word (`一般公共服务（类）` for 一般公共服务支出, `机关事业单位基本养老保险缴费（项）` for
/// 机关事业单位基本养老保险缴费支出).
fn same_name(written: &str, printed: &str, _level: Level) -> bool {
    same_loose(&loose(written), &loose(printed))
}

/// [`same_name`] of two names already made [`loose`].
fn same_loose(w: &str, p: &str) -> bool {
    if w.is_empty() || p.is_empty() {
        return false;
    }
    w == p || p.strip_suffix("支出") == Some(w) || w.strip_suffix("支出") == Some(p)
}

/// The loose names [`same_loose`] accepts for a written one: itself, with 支出 added, and
/// without a final 支出.
fn loose_variants(w: &str) -> impl Iterator<Item = String> + '_ {
    let plain = (!w.is_empty()).then(|| w.to_string());
    let more = (!w.is_empty()).then(|| format!("{w}支出"));
    let less = w
        .strip_suffix("支出")
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    plain.into_iter().chain(more).chain(less)
}

/// `人大事务行政运行（项）`: a path whose first level was written without the marker of the level
/// above it. Every way to cut the first name in two, the front as the level above.
pub fn splits(path: &WrittenPath) -> Vec<WrittenPath> {
    let Some(first) = path.segments.first() else {
        return Vec::new();
    };
    let up = match first.level {
        Level::Item => Level::Section,
        Level::Section => Level::Class,
        Level::Class => return Vec::new(),
    };
    let cs: Vec<char> = first.name.chars().collect();
    (2..cs.len().saturating_sub(1))
        .map(|k| {
            let mut segments = vec![
                Segment {
                    level: up,
                    name: chars_text(&cs, 0, k),
                    digits: None,
                },
                Segment {
                    level: first.level,
                    name: chars_text(&cs, k, cs.len()),
                    digits: None,
                },
            ];
            segments.extend(path.segments.iter().skip(1).cloned());
            WrittenPath { segments }
        })
        .collect()
}

/// How a path resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Exactly one code fits every level written.
    Code(Scheme, Code),
    /// No code fits, or more than one does.
    Unresolved,
}

/// The codes and names a set of tables prints, by scheme, indexed by name and by code (every
/// narrative path was compared with every printed row: that grew with the square of the
/// document).
pub struct Printed<'a> {
    /// The catalogue, for codes the tables do not print.
    catalog: &'a Catalog,
    rows: Vec<(Scheme, &'a Code, &'a str)>,
    /// The rows of each [`loose`] name, in table order.
    by_name: HashMap<String, Vec<usize>>,
    /// The [`loose`] names printed for each code, in table order.
    names_of: HashMap<(Scheme, &'a Code), Vec<String>>,
}

impl<'a> Printed<'a> {
    pub fn of(doc: &'a Disclosure, catalog: &'a Catalog) -> Printed<'a> {
        let mut rows = Vec::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut names_of: HashMap<(Scheme, &'a Code), Vec<String>> = HashMap::new();
        for t in &doc.tables {
            for r in &t.rows {
                let Some(code) = &r.code else { continue };
                let scheme = if code.as_str().starts_with('3') {
                    Scheme::Economic
                } else {
                    Scheme::Function
                };
                let name = loose(&r.label);
                by_name.entry(name.clone()).or_default().push(rows.len());
                names_of.entry((scheme, code)).or_default().push(name);
                rows.push((scheme, code, r.label.as_str()));
            }
        }
        Printed {
            catalog,
            rows,
            by_name,
            names_of,
        }
    }

    /// Does the code's printed name (or, when the tables do not print the code, the catalogue's)
    /// match the written one?
    fn name_fits(&self, scheme: Scheme, code: &Code, written: &str, level: Level) -> bool {
        match self.names_of.get(&(scheme, code)) {
            Some(printed) => {
                let w = loose(written);
                printed.iter().any(|p| same_loose(&w, p))
            }
            None => catalog_fits(self.catalog, scheme, code, written, level),
        }
    }

    /// Resolve against the printed codes: the deepest level's name picks the candidates, each
    /// level above must fit the candidate's ancestor.
    pub fn resolve(&self, path: &WrittenPath) -> Resolved {
        let Some(last) = path.segments.last() else {
            return Resolved::Unresolved;
        };
        // The rows whose name is the written one, in table order.
        let w = loose(&last.name);
        let mut named: Vec<usize> = loose_variants(&w)
            .filter_map(|n| self.by_name.get(&n))
            .flatten()
            .copied()
            .collect();
        named.sort_unstable();
        let mut found: Vec<(Scheme, &Code)> = Vec::new();
        for (scheme, code, _) in named.iter().filter_map(|&i| self.rows.get(i)) {
            if code.level(*scheme) != Some(last.level)
                || found.iter().any(|(s, c)| s == scheme && *c == *code)
            {
                continue;
            }
            if fits_ancestors(path, *scheme, code, |s, c, w, l| self.name_fits(s, c, w, l)) {
                found.push((*scheme, code));
            }
        }
        // Publishers mark levels wrongly (`行政事业单位离退休（类）未归口管理的行政单位离退休支出
        // （项）`: the 款 marked 类, the 类 left out). Where no code fits the levels as marked,
        // the names decide: the last names a printed line of that level and each name before
        // it one of the line's printed ancestors, top down; still exactly one code must fit.
        if found.is_empty() {
            for (scheme, code, _) in named.iter().filter_map(|&i| self.rows.get(i)) {
                if code.level(*scheme) != Some(last.level)
                    || found.iter().any(|(s, c)| s == scheme && *c == *code)
                {
                    continue;
                }
                if self.fits_printed_ancestors(path, *scheme, code) {
                    found.push((*scheme, code));
                }
            }
        }
        match found.as_slice() {
            [(s, c)] => Resolved::Code(*s, (*c).clone()),
            _ => Resolved::Unresolved,
        }
    }

    /// Every name before the last is one of the code's ancestors as the tables print them, each
    /// deeper than the one before, whatever level its marker says.
    fn fits_printed_ancestors(&self, path: &WrittenPath, scheme: Scheme, code: &Code) -> bool {
        let n = path.segments.len();
        let mut depth = 0;
        path.segments.iter().take(n.saturating_sub(1)).all(|seg| {
            let w = loose(&seg.name);
            let hit = [Level::Class, Level::Section]
                .into_iter()
                .filter(|l| l.digits() > depth && l.digits() < code.as_str().len())
                .find(|l| {
                    code.as_str()
                        .get(..l.digits())
                        .and_then(Code::parse)
                        .is_some_and(|anc| {
                            self.names_of
                                .get(&(scheme, &anc))
                                .is_some_and(|printed| printed.iter().any(|p| same_loose(&w, p)))
                        })
                });
            match hit {
                Some(l) => {
                    depth = l.digits();
                    true
                }
                None => false,
            }
        })
    }
}

fn catalog_fits(cat: &Catalog, scheme: Scheme, code: &Code, written: &str, level: Level) -> bool {
    cat.lookup(scheme, code, u16::MAX).is_some_and(|e| {
        same_name(written, &e.name, level)
            || e.alt_names.iter().any(|a| same_name(written, a, level))
    })
}

/// Every level above the last names the candidate's ancestor at that level.
fn fits_ancestors(
    path: &WrittenPath,
    scheme: Scheme,
    code: &Code,
    fits: impl Fn(Scheme, &Code, &str, Level) -> bool,
) -> bool {
    let n = path.segments.len();
    path.segments.iter().take(n.saturating_sub(1)).all(|seg| {
        let digits = seg.level.digits();
        code.as_str()
            .get(..digits)
            .and_then(Code::parse)
            .is_some_and(|anc| fits(scheme, &anc, &seg.name, seg.level))
    })
}

/// A catalogue with its codes by [`loose`] name (its name and every other spelling), per scheme
/// and level, as [`Catalog::all`] lists them: built once per import, since paths are resolved
/// against it many times per document.
pub struct CatalogIndex<'a> {
    catalog: &'a Catalog,
    codes: HashMap<(Scheme, Level, String), Vec<Code>>,
}

impl<'a> CatalogIndex<'a> {
    pub fn of(catalog: &'a Catalog) -> CatalogIndex<'a> {
        let mut codes: HashMap<(Scheme, Level, String), Vec<Code>> = HashMap::new();
        for scheme in [Scheme::Function, Scheme::Economic] {
            for level in [Level::Class, Level::Section, Level::Item] {
                for e in catalog.all(scheme, level) {
                    for name in std::iter::once(&e.name).chain(&e.alt_names) {
                        let v = codes.entry((scheme, level, loose(name))).or_default();
                        if !v.contains(&e.code) {
                            v.push(e.code.clone());
                        }
                    }
                }
            }
        }
        CatalogIndex { catalog, codes }
    }

    pub fn catalog(&self) -> &'a Catalog {
        self.catalog
    }

    /// Resolve against the catalogue alone: the deepest level's name among the catalogue's
    /// codes of that level, each level above fitting. Used when reading, before the tables are
    /// known.
    pub fn resolve(&self, path: &WrittenPath) -> Resolved {
        let Some(last) = path.segments.last() else {
            return Resolved::Unresolved;
        };
        let w = loose(&last.name);
        let fits = |s: Scheme, c: &Code, w: &str, l: Level| catalog_fits(self.catalog, s, c, w, l);
        let mut found: Vec<(Scheme, &Code)> = Vec::new();
        for scheme in [Scheme::Function, Scheme::Economic] {
            for n in loose_variants(&w) {
                for code in self
                    .codes
                    .get(&(scheme, last.level, n))
                    .into_iter()
                    .flatten()
                {
                    if !found.contains(&(scheme, code)) && fits_ancestors(path, scheme, code, fits)
                    {
                        found.push((scheme, code));
                    }
                }
            }
        }
        match found.as_slice() {
            [(s, c)] => Resolved::Code(*s, (*c).clone()),
            _ => Resolved::Unresolved,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(p: &WrittenPath) -> Vec<(Level, &str)> {
        p.segments
            .iter()
            .map(|s| (s.level, s.name.as_str()))
            .collect()
    }

    #[test]
    fn paths_in_every_written_form() {
        use Level::*;
        let p =
            parse("1.“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”科目").unwrap();
        assert_eq!(
            seg(&p),
            vec![
                (Class, "一般公共服务支出"),
                (Section, "统计信息事务"),
                (Item, "专项普查活动")
            ]
        );
        // Mixed brackets.
        let p = parse("“卫生健康支出（类）行政事业单位医疗（款)事业单位医疗（项）”").unwrap();
        assert_eq!(
            p.written(),
            "卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）"
        );
        let p = parse("“住房保障支出（类)住房改革支出（款)住房公积金（项）”").unwrap();
        assert_eq!(p.last_name(), "住房公积金");
        // Dashes.
        let p = parse("“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目").unwrap();
        assert_eq!(
            seg(&p),
            vec![
                (Class, "一般公共服务支出"),
                (Section, "政府办公厅（室）及相关机构事务"),
                (Item, "行政运行")
            ]
        );
        // A 类 alone.
        let p = parse("1.“一般公共服务支出”科目").unwrap();
        assert_eq!(seg(&p), vec![(Class, "一般公共服务支出")]);
        // Starting at the 款, the amount after 支出.
        let p = parse("1.政协事务（款）行政运行（项）支出").unwrap();
        assert_eq!(seg(&p), vec![(Section, "政协事务"), (Item, "行政运行")]);
        // Codes in the markers.
        let p = parse("公共安全支出（204类）司法（06款）其他司法支出（99项）").unwrap();
        assert_eq!(p.printed_code(), Code::parse("2040699"));
        // Not paths.
        assert!(parse("一般公共预算拨款支出预算").is_none());
        assert!(parse("“三公”经费预算数").is_none());
        assert!(parse("一般公共服务（类）支出中的其他项目").is_none());
        let w = WrittenPath::from_written("社会福利（款）社会福利事业单位（项）").unwrap();
        assert_eq!(w.written(), "社会福利（款）社会福利事业单位（项）");
    }

    #[test]
    fn catalogue_resolution_needs_every_level_to_fit() {
        let code = |s: &str| Code::parse(s).unwrap();
        let ix = CatalogIndex::of(Catalog::embedded());
        let r = |s: &str| ix.resolve(&parse(s).unwrap());
        assert_eq!(
            r("“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”科目"),
            Resolved::Code(Scheme::Function, code("2010507"))
        );
        assert_eq!(
            r("“社会保障和就业支出-行政事业单位养老支出-行政单位离退休”科目"),
            Resolved::Code(Scheme::Function, code("2080501"))
        );
        assert_eq!(
            r("“住房保障支出”科目"),
            Resolved::Code(Scheme::Function, code("221"))
        );
        // Written without 支出.
        assert_eq!(
            r("1.住房保障（类）支出"),
            Resolved::Code(Scheme::Function, code("221"))
        );
        // A 款 that is not under the 类 written.
        assert_eq!(
            r("“卫生健康支出（类）卫生健康支出（款）计划生育事务（项）”科目"),
            Resolved::Unresolved
        );
        // 行政运行 is under many 款: without its 款 it is ambiguous.
        assert_eq!(r("“行政运行（项）”"), Resolved::Unresolved);
        // Economic classification.
        assert_eq!(
            r("1、工资福利支出（类）"),
            Resolved::Code(Scheme::Economic, code("301"))
        );
    }
}
