//! The narrative (情况说明): sections, and the amounts, changes and counts the text states.
//!
//! The lines handed in are those outside the tables, in document order. Each line is one of:
//! a contents entry (`一、部门主要职能 ……`), a page number, a cover line (title, `预算主管部门：…`),
//! a contact line, a heading (numbered `一、` / `（一）` / `1.`, or an unnumbered heading such as
//! `上海市…（部门）主要职能`), or body text. Body lines are rejoined into paragraphs — a line broken
//! by the extractor or a page break continues its sentence — and the paragraphs are read for
//! amounts ([`facts`]) and counts ([`counts`]). Everything is pattern-based on wording, never on
//! line numbers, so other regions' and years' documents read the same way.
//!
//! Section levels: 0 for unnumbered headings and `第一部分`, 1 for `一、`, 2 for `（一）`, 3 for
//! `1.`, 4 for `（1）`. Numbered lines after a paragraph ending in `：` (`主要职能包括：`, `其中：`)
//! are list items of that paragraph, not sections. A line that looks like table content is left
//! to the table readers and marked unexplained with [`TABLE_RESIDUE`].

pub mod counts;
pub mod facts;
pub mod lines;
pub mod path;
pub mod text;

use crate::context::Context;
use facts::{Extractor, SectionCx};
use lines::{
    indent_of, is_contact_line, is_contents_line, is_contents_title, is_page_number, is_unit_line,
    looks_tabular as line_looks_tabular, numbered_heading, numbering, unnumbered_heading, Heading,
    NumStyle,
};
use std::collections::HashSet;
use text::{squash, Para};
use yusuan_model::{Catalog, Disclosure, FactKey, Narrative, Scheme, Section, SectionKind};

pub use lines::looks_tabular;

/// Why a table line reached the narrative: left for the table readers.
pub const TABLE_RESIDUE: &str =
    "表格内容未被表格读取 (table content handed to the narrative: not read by a table reader)";

/// Characters that end a paragraph's last line when the paragraph is complete.
const TERMINATORS: [char; 8] = ['。', '；', '：', '！', '？', ':', ';', '!'];

struct SecBuild {
    heading: Heading,
    line: u32,
    parent: Option<usize>,
    paras: Vec<usize>,
}

struct Builder {
    sections: Vec<SecBuild>,
    paras: Vec<Para>,
    open: Option<Para>,
    current: Option<usize>,
    list_style: Option<NumStyle>,
    /// The last closed block was a paragraph ending with `：` (a list follows).
    last_colon: bool,
}

impl Builder {
    fn close(&mut self) {
        if let Some(p) = self.open.take() {
            if p.is_empty() {
                return;
            }
            self.last_colon = p.ends_with_any(&['：', ':']);
            let idx = self.paras.len();
            if let Some(s) = p.section {
                if let Some(sec) = self.sections.get_mut(s) {
                    sec.paras.push(idx);
                }
            }
            self.paras.push(p);
        }
    }

    fn open_para(&mut self, line: u32, text: &str) {
        self.close();
        let mut p = Para::new(self.current);
        p.push_line(line, text);
        self.open = Some(p);
    }

    fn colon_before(&self) -> bool {
        match &self.open {
            Some(p) => p.ends_with_any(&['：', ':']),
            None => self.last_colon,
        }
    }

    fn heading(&mut self, h: Heading, line: u32) {
        self.close();
        self.last_colon = false;
        self.list_style = None;
        let level = h.level;
        let mut parent = self.current;
        while let Some(p) = parent.and_then(|p| self.sections.get(p)) {
            if p.heading.level < level {
                break;
            }
            parent = p.parent;
        }
        let body = h.inline_body.clone();
        self.sections.push(SecBuild {
            heading: h,
            line,
            parent,
            paras: Vec::new(),
        });
        self.current = Some(self.sections.len() - 1);
        if let Some(b) = body {
            self.open_para(line, &b);
        }
    }
}

/// Lines of a contents page without leaders: `目录`, then entries — short lines without sentence
/// punctuation, numbered when the first is — until the first that is not one (the text's first
/// heading, `上海市普陀区商务委员会主要职能`, or its first sentence) or that repeats an entry (the
/// first heading printed again as the start of the text).
fn contents_without_leaders(ctx: &Context, lines: &[u32]) -> HashSet<u32> {
    let src = ctx.src;
    let text_of = |no: u32| src.line(no).map(|l| l.trimmed().to_string());
    let mut out = HashSet::new();
    let Some(start) = lines
        .iter()
        .position(|&no| text_of(no).is_some_and(|t| is_contents_title(&t)))
    else {
        return out;
    };
    let rest: Vec<(u32, String)> = lines
        .iter()
        .skip(start + 1)
        .filter_map(|&no| text_of(no).map(|t| (no, t)))
        .filter(|(_, t)| !t.is_empty() && !is_page_number(t))
        .collect();
    let Some((_, first)) = rest.first() else {
        return out;
    };
    if is_contents_line(first) {
        return out;
    }
    let numbered = numbering(first).is_some();
    let mut seen: Vec<String> = Vec::new();
    for (no, t) in rest.iter().take(120) {
        let s = squash(t);
        let entry = s.chars().count() <= 40
            && !s
                .chars()
                .any(|c| matches!(c, '，' | '。' | '；' | '：' | ',' | ';'))
            && (!numbered || numbering(t).is_some());
        if !entry || seen.contains(&s) {
            break;
        }
        seen.push(s);
        out.insert(*no);
    }
    out
}

enum UnitRow {
    Header,
    Placeholder,
    Unit(String, String),
}

/// A list of units laid out as a table in the narrative (部门决算单位构成):
/// `序号  单位名称  备注`, then `1    上海市 XX 局（本级）`.
fn unit_table_line(t: &str, in_table: &mut bool) -> Option<UnitRow> {
    let s = squash(t);
    if s.contains("序号") && s.contains("名称") && s.chars().count() <= 20 {
        *in_table = true;
        return Some(UnitRow::Header);
    }
    if !*in_table {
        return None;
    }
    if !s.is_empty() && s.chars().all(|c| matches!(c, '。' | '…' | '.' | '、')) {
        return Some(UnitRow::Placeholder);
    }
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
    if digits.is_empty() || digits.len() > 3 || !rest.starts_with("  ") {
        *in_table = false;
        return None;
    }
    let name = rest.trim();
    let name = name.split("   ").next().unwrap_or(name).trim();
    let sq = squash(name);
    if sq.is_empty() || sq.chars().all(|c| matches!(c, '。' | '…' | '.' | '、')) {
        return Some(UnitRow::Placeholder);
    }
    Some(UnitRow::Unit(digits, sq))
}

/// Read the narrative from the given lines (in document order), classification paths resolved
/// against the embedded catalogue. Marks the lines it uses.
pub fn read(ctx: &mut Context, lines: &[u32]) -> Narrative {
    let catalog = path::CatalogIndex::of(yusuan_model::Catalog::embedded());
    read_with_units(ctx, lines, &[], &catalog)
}

/// Words that end a heading naming the unit (`上海市普陀区商务委员会主要职能`).
const UNIT_HEADINGS: [&str; 7] = [
    "主要职能",
    "机构设置",
    "职能职责",
    "部门职责",
    "基本情况",
    "概况",
    "单位构成",
];

/// The unit's name in a heading (`测试单位（部门）主要职能` → 测试单位), or `None`.
fn unit_in_heading(title: &str) -> Option<String> {
    let t = UNIT_HEADINGS.iter().find_map(|w| title.strip_suffix(w))?;
    let t = ["（部门）", "（单位）", "(部门)", "(单位)"]
        .iter()
        .find_map(|w| t.strip_suffix(w))
        .unwrap_or(t);
    usable_unit(t).then(|| t.to_string())
}

/// A name that can be the unit's: not a generic word.
fn usable_unit(t: &str) -> bool {
    let generic = ["部门", "单位", "本部门", "本单位"];
    t.chars().count() >= 3 && !generic.contains(&t) && !t.contains("预算")
}

/// [`read`], knowing names the unit goes by elsewhere in the document (the tables' 编制单位).
pub fn read_with_units(
    ctx: &mut Context,
    lines: &[u32],
    known_units: &[String],
    catalog: &path::CatalogIndex,
) -> Narrative {
    let mut units: Vec<String> = Vec::new();
    for u in known_units {
        let u = squash(u);
        if usable_unit(&u) && !units.contains(&u) {
            units.push(u);
        }
    }
    let src = ctx.src;
    let body_lines: Vec<&crate::source::Line> = lines
        .iter()
        .filter_map(|&no| src.line(no))
        .filter(|l| !l.is_blank() && !line_looks_tabular(&l.text))
        .collect();
    // Layout text starts paragraphs indented and continues them at the margin.
    let indented = body_lines
        .iter()
        .filter(|l| indent_of(&l.text) >= 2)
        .count();
    let doc_indented = !body_lines.is_empty() && indented * 5 >= body_lines.len();
    let toc = contents_without_leaders(ctx, lines);

    let mut b = Builder {
        sections: Vec::new(),
        paras: Vec::new(),
        open: None,
        current: None,
        list_style: None,
        last_colon: false,
    };
    let mut seen_structure = false;
    // Inside a list of units laid out as a table (`序号  单位名称  备注`).
    let mut unit_table = false;
    // The line before was a heading with nothing after it on its line.
    let mut after_heading = false;
    for &no in lines {
        let Some(line) = src.line(no) else { continue };
        if line.is_blank() || !ctx.is_unused(no) {
            continue;
        }
        let raw = line.text.as_str();
        let t = line.trimmed();
        // A heading too long for its line wraps, and where paragraphs start indented its tail
        // starts at the margin: `九、一般公共预算“三公”经费、会议费、培训费支出预算` +
        // `情况说明`.
        if std::mem::take(&mut after_heading)
            && doc_indented
            && indent_of(raw) < 2
            && numbering(t).is_none()
            && t.chars().count() <= 20
            && !t
                .chars()
                .any(|c| lines::SENTENCE_PUNCT.contains(&c) || c == '：')
            && !line_looks_tabular(raw)
        {
            // Only a heading long enough to have run to the line's end.
            if let Some(sec) = b
                .current
                .and_then(|i| b.sections.get_mut(i))
                .filter(|s| s.heading.title.chars().count() >= 14)
            {
                sec.heading.title.push_str(&squash(t));
                ctx.understood(no);
                after_heading = true;
                continue;
            }
        }
        if toc.contains(&no) || is_contents_line(t) {
            ctx.ignored(no, "目录 (contents)");
            seen_structure = true;
            continue;
        }
        if is_contents_title(t) {
            ctx.ignored(no, "目录标题 (contents heading)");
            seen_structure = true;
            b.close();
            continue;
        }
        if is_page_number(t) {
            ctx.ignored(no, "页码 (page number)");
            continue;
        }
        if is_contact_line(t) {
            // Read by meta (联系人 / 电话).
            ctx.understood(no);
            b.close();
            continue;
        }
        if !seen_structure {
            if is_unit_line(t) {
                // Read by meta (预算主管部门); its name qualifies the totals.
                if let Some((_, name)) = t.split_once(['：', ':']) {
                    let name = squash(name);
                    if usable_unit(&name) && !units.contains(&name) {
                        units.push(name);
                    }
                }
                ctx.understood(no);
                continue;
            }
            let s = squash(t);
            if numbering(t).is_none()
                && s.chars().count() <= 40
                && !s.chars().any(|c| matches!(c, '，' | '。' | '；' | '：'))
                && !raw.contains('\t')
                && !t.contains("   ")
                && unnumbered_heading(t, indent_of(raw), false).is_none()
            {
                ctx.ignored(no, "文件标题 (document title)");
                continue;
            }
        }
        if let Some(row) = unit_table_line(t, &mut unit_table) {
            match row {
                UnitRow::Header => ctx.understood(no),
                UnitRow::Placeholder => ctx.ignored(no, "模板占位 (template placeholder)"),
                UnitRow::Unit(n, name) => {
                    ctx.understood(no);
                    b.open_para(no, &format!("{n}. {name}"));
                    b.close();
                }
            }
            seen_structure = true;
            continue;
        }
        let indent = indent_of(raw);
        let open_unfinished = b
            .open
            .as_ref()
            .is_some_and(|p| !p.ends_with_any(&TERMINATORS));
        let unnumbered = unnumbered_heading(t, indent, open_unfinished);
        if line_looks_tabular(raw) && unnumbered.is_none() {
            ctx.unexplained(no, TABLE_RESIDUE);
            b.close();
            continue;
        }
        seen_structure = true;
        ctx.understood(no);
        if let Some(num) = numbering(t) {
            let in_list = b.list_style == Some(num.style) || b.colon_before();
            if in_list {
                b.list_style = Some(num.style);
                b.open_para(no, t);
                continue;
            }
            if let Some(h) = numbered_heading(&num) {
                after_heading = h.inline_body.is_none();
                b.heading(h, no);
                continue;
            }
            b.open_para(no, t);
            continue;
        }
        if let Some(h) = unnumbered {
            after_heading = h.inline_body.is_none();
            b.heading(h, no);
            continue;
        }
        let continuation = match &b.open {
            Some(p) => !p.ends_with_any(&TERMINATORS) || (doc_indented && indent < 2),
            None => false,
        };
        if continuation {
            if let Some(p) = b.open.as_mut() {
                p.push_line(no, t);
            }
        } else {
            b.open_para(no, t);
        }
    }
    b.close();

    // Sections. A subsection of 名词解释 is a term being defined (`1.机关运行经费：…`), not the
    // part of that name, so it takes no kind: the stack holds the enclosing sections' levels
    // and kinds.
    let mut sections = Vec::with_capacity(b.sections.len());
    let mut enclosing: Vec<(u8, Option<SectionKind>)> = Vec::new();
    for s in &b.sections {
        let level = s.heading.level;
        while enclosing.last().is_some_and(|&(l, _)| l >= level) {
            enclosing.pop();
        }
        let in_glossary = enclosing
            .iter()
            .any(|&(_, k)| k == Some(SectionKind::Glossary));
        let kind = if in_glossary {
            None
        } else {
            section_kind(&s.heading.title)
        };
        enclosing.push((level, kind));
        let paras = || s.paras.iter().filter_map(|&i| b.paras.get(i));
        let text: Vec<String> = paras().map(Para::text).collect();
        let end_line = paras()
            .filter_map(Para::last_line)
            .max()
            .unwrap_or(s.line)
            .max(s.line);
        sections.push(Section {
            number: s.heading.numbering.as_ref().map(|n| n.number.clone()),
            level: s.heading.level,
            title: s.heading.title.clone(),
            text: text.join("\n"),
            kind,
            prov: ctx.prov(s.line),
            end_line,
        });
    }

    for s in &b.sections {
        if let Some(u) = unit_in_heading(&s.heading.title) {
            if !units.contains(&u) {
                units.push(u);
            }
        }
    }
    // Facts and counts.
    let cx_of = |idx: Option<usize>| -> SectionCx {
        let mut titles = Vec::new();
        let mut cur = idx;
        while let Some(s) = cur.and_then(|i| b.sections.get(i)) {
            titles.push(s.heading.title.clone());
            cur = s.parent;
        }
        SectionCx {
            index: idx,
            display: idx
                .and_then(|i| b.sections.get(i))
                .map(|s| s.heading.display()),
            titles,
            units: units.clone(),
        }
    };
    let mut ex = Extractor::new(src, catalog);
    let mut counts = Vec::new();
    let mut para_no = 0;
    for p in &b.paras {
        let cx = cx_of(p.section);
        let mut read = |piece: &Para| {
            ex.paragraph(para_no, piece, &cx);
            counts.extend(counts::scan(src, piece));
            para_no += 1;
        };
        if p.chars.len() <= text::MAX_PIECE_CHARS {
            read(p);
        } else {
            p.pieces(text::MAX_PIECE_CHARS).iter().for_each(read);
        }
    }
    for (line, msg) in std::mem::take(&mut ex.problems) {
        let prov = ctx.prov(line);
        ctx.warn(
            prov,
            format!("说明中的金额无法读取 (narrative amount not readable): {msg}"),
        );
    }
    Narrative {
        sections,
        facts: ex.facts,
        counts,
    }
}

/// Resolve the classification paths the reader could not resolve from the catalogue against the
/// codes and names the document's tables print (then the catalogue again): a path gets a code only
/// when exactly one printed line fits every level it names. A total named with the unit's name
/// (known now from the cover or the tables) is a total. Run once the tables are known (after
/// import, and after two files of one disclosure are combined).
pub fn resolve_subjects(doc: &mut Disclosure, catalog: &Catalog) {
    let mut keys: Vec<(usize, FactKey)> = Vec::new();
    {
        // The unit's name, from the cover or the tables' 编制单位: `测试单位收入预算` names the total
        // however the unit is called.
        let mut units: Vec<&str> = doc.meta.unit.name.iter().map(String::as_str).collect();
        for t in &doc.tables {
            if let Some(c) = t.compiler.as_deref() {
                if !units.contains(&c) {
                    units.push(c);
                }
            }
        }
        let printed = path::Printed::of(doc, catalog);
        let in_catalog = path::CatalogIndex::of(catalog);
        for (i, f) in doc.narrative.facts.iter().enumerate() {
            if let FactKey::Other { label } = &f.key {
                if let Some(k) = units.iter().find_map(|u| facts::unit_total(label, u)) {
                    keys.push((i, k));
                }
                continue;
            }
            let FactKey::ExpenditureByName { name } = &f.key else {
                continue;
            };
            let Some(p) = path::WrittenPath::from_written(name) else {
                continue;
            };
            let resolve = |p: &path::WrittenPath| match printed.resolve(p) {
                path::Resolved::Unresolved => in_catalog.resolve(p),
                r => r,
            };
            let mut resolved = resolve(&p);
            if resolved == path::Resolved::Unresolved {
                // A level written without its marker (`人大事务行政运行（项）`): resolved when
                // exactly one way to cut it resolves.
                let found: Vec<path::Resolved> = path::splits(&p)
                    .iter()
                    .map(resolve)
                    .filter(|r| *r != path::Resolved::Unresolved)
                    .collect();
                if let [r] = found.as_slice() {
                    resolved = r.clone();
                }
            }
            let key = match resolved {
                path::Resolved::Code(Scheme::Function, code) => FactKey::ExpenditureByCode {
                    code,
                    name: p.last_name().to_string(),
                },
                // An economic classification line: nothing in the narrative rules compares it.
                path::Resolved::Code(Scheme::Economic, _) => FactKey::Other {
                    label: name.clone(),
                },
                path::Resolved::Unresolved => continue,
            };
            keys.push((i, key));
        }
    }
    for (i, key) in keys {
        if let Some(f) = doc.narrative.facts.get_mut(i) {
            f.key = key;
        }
    }
}

/// What a section is about, from its title, for the parts whose text a budget keeps: the first
/// of 职能, 机构 or 构成, 名词解释, 机关运行经费, 政府采购, 绩效目标, 国有资产 the title names.
pub fn section_kind(title: &str) -> Option<SectionKind> {
    let t = squash(title);
    let has = |k: &str| t.contains(k);
    let kind = if has("职能") {
        SectionKind::Functions
    } else if has("机构") || has("构成") {
        SectionKind::Organisation
    } else if has("名词解释") {
        SectionKind::Glossary
    } else if has("机关运行经费") {
        SectionKind::AdminCost
    } else if has("政府采购") {
        SectionKind::Procurement
    } else if has("绩效目标") {
        SectionKind::Performance
    } else if has("国有资产") {
        SectionKind::Assets
    } else {
        return None;
    };
    Some(kind)
}

#[cfg(test)]
mod kind_tests {
    use super::*;

    #[test]
    fn section_kinds() {
        let k = section_kind;
        assert_eq!(k("（一）部门主要职能"), Some(SectionKind::Functions));
        assert_eq!(
            k("上海市普陀区商务委员会（部门）机构设置"),
            Some(SectionKind::Organisation)
        );
        assert_eq!(k("单位构成"), Some(SectionKind::Organisation));
        assert_eq!(k("六、专业性名词解释"), Some(SectionKind::Glossary));
        assert_eq!(k("机关运行经费预算"), Some(SectionKind::AdminCost));
        assert_eq!(k("政府采购 情况"), Some(SectionKind::Procurement));
        assert_eq!(k("绩效目标设置情况"), Some(SectionKind::Performance));
        assert_eq!(k("国有资产占有使用情况"), Some(SectionKind::Assets));
        assert_eq!(k("“三公”经费情况说明"), None);
    }
}
