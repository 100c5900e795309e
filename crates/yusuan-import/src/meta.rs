//! Document type, year, region and unit, read from the content (never from the file name).
//!
//! Sources, in order of trust: the cover (title line, `预算主管部门：…`), the performance tables
//! (`部门(单位)名称`, `编制单位`, `主管部门`: `806—重庆市江北区人民政府江北城街道办事处`), the tables'
//! `编制部门`, then the narrative (`单位构成` / `机构设置`, `内设机构5个：…`). When the table readers
//! give nothing, the same labelled lines are read from the source text; the national template
//! states the unit on every table page (`部门：中共江苏省委办公厅`). Last, the kind of disclosure
//! (profile) is chosen from all of it ([`yusuan_profile::detect_in`]).

use crate::context::Context;
use crate::narrative::lines::{
    contents_entry, is_contents_line, is_contents_title, is_unit_line, numbering,
};
use crate::narrative::text::{char_before, squash, year_at};
use crate::titles::{classify_title, is_cn_digit, strip_number};
use yusuan_model::{
    DocKind, DocumentMeta, Narrative, PerformanceKind, PerformanceTable, Region, Table,
    UnitIdentity,
};

pub fn read(
    ctx: &mut Context,
    tables: &[Table],
    performance: &[PerformanceTable],
    narrative: &Narrative,
) -> DocumentMeta {
    let src = ctx.src;
    let lines: Vec<&str> = src.body().iter().map(|l| l.text.as_str()).collect();
    let title = read_title(&lines);
    let narrative_text: String = narrative
        .sections
        .iter()
        .flat_map(|s| [s.title.as_str(), "\n", s.text.as_str(), "\n"])
        .collect();
    let table_titles: Vec<&str> = tables
        .iter()
        .map(|t| t.title.as_str())
        .chain(performance.iter().map(|p| p.title.as_str()))
        .collect();

    let mut unit = read_unit(&lines, tables, performance, narrative);
    if unit.name.is_none() {
        unit.name = title.as_deref().and_then(unit_in_title);
    }
    let kind = read_kind(title.as_deref(), &narrative_text, &table_titles);
    let year = read_year(title.as_deref(), narrative, &table_titles);
    let region = read_region(
        title.as_deref(),
        unit.name.as_deref(),
        tables,
        &narrative_text,
    );
    let contents = read_contents(src.body());
    let mut meta = DocumentMeta {
        kind,
        year,
        region,
        unit,
        title,
        contents,
        profile: None,
    };
    let detected = yusuan_profile::detect_in(yusuan_profile::Evidence {
        meta: &meta,
        tables,
        performance,
        narrative,
    });
    meta.profile = Some(detected.profile.id.clone());
    // A document that names no region is from the region of its kind, when the kind has one
    // (重庆's tables are numbered 表一…, but so are the national template's: the numbering
    // alone says nothing).
    if meta.region == Region::National {
        if let Some(r) = detected.profile.region {
            meta.region = r;
        }
    }
    meta
}

/// The cover title: the short lines before the contents or the first heading
/// (`上海市普陀区2025年区级部门预算`; `上海市 XX 局` + `2024 年度部门决算`).
fn read_title(lines: &[&str]) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for raw in lines {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        if is_contents_title(t)
            || is_contents_line(t)
            || numbering(t).is_some()
            || t.contains('\t')
            || parts.len() >= 3
        {
            break;
        }
        if is_unit_line(t) {
            continue;
        }
        let s = squash(t);
        if s.chars().count() > 40 || s.chars().any(|c| matches!(c, '，' | '。' | '；' | '：')) {
            break;
        }
        parts.push(t.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    let title = parts.join(" ");
    let s = squash(&title);
    (["预算", "决算", "公开"].iter().any(|w| s.contains(w))).then_some(title)
}

fn read_kind(title: Option<&str>, narrative: &str, table_titles: &[&str]) -> DocKind {
    let pick = |s: &str| -> Option<DocKind> {
        let s = squash(s);
        let fin = s.contains("决算");
        let unit = s.contains("单位预算") || s.contains("单位决算");
        let dept = s.contains("部门预算") || s.contains("部门决算");
        if !(s.contains("预算") || fin) {
            return None;
        }
        Some(match (fin, unit && !dept) {
            (true, true) => DocKind::UnitFinalAccounts,
            (true, false) => DocKind::DepartmentFinalAccounts,
            (false, true) => DocKind::UnitBudget,
            (false, false) => DocKind::DepartmentBudget,
        })
    };
    if let Some(k) = title.and_then(pick) {
        return k;
    }
    let mut hay = squash(narrative);
    for t in table_titles {
        hay.push_str(&squash(t));
        hay.push('\n');
    }
    let count = |w: &str| hay.matches(w).count();
    let (db, ub, df, uf) = (
        count("部门预算"),
        count("单位预算"),
        count("部门决算"),
        count("单位决算"),
    );
    let fin = df + uf + count("决算表") > db + ub;
    match (fin, ub > db || uf > df) {
        (true, true) if uf > df => DocKind::UnitFinalAccounts,
        (true, _) => DocKind::DepartmentFinalAccounts,
        (false, true) if ub > db => DocKind::UnitBudget,
        _ => DocKind::DepartmentBudget,
    }
}

/// A 4-digit year written before `年` (`2025年`, `2025 年`).
fn years_in(s: &str) -> Vec<(usize, u16)> {
    let cs: Vec<char> = squash(s).chars().collect();
    let mut out = Vec::new();
    for i in 0..cs.len() {
        if char_before(&cs, i).is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        if let Some(y) = year_at(&cs, i) {
            if (1990..=2100).contains(&y) {
                out.push((i, y));
            }
        }
    }
    out
}

fn read_year(title: Option<&str>, narrative: &Narrative, table_titles: &[&str]) -> Option<u16> {
    if let Some(y) = title.and_then(|t| years_in(t).first().map(|p| p.1)) {
        return Some(y);
    }
    // `2025 年年初预算数`, `2025年部门预算编制说明`, `2025 年一般公共预算…`
    for s in &narrative.sections {
        for text in [s.title.as_str(), s.text.as_str()] {
            let sq = squash(text);
            for (i, y) in years_in(&sq) {
                let after: String = sq.chars().skip(i + 5).take(8).collect();
                if [
                    "年初预算",
                    "部门预算",
                    "单位预算",
                    "部门决算",
                    "度部门决算",
                    "度部门预算",
                    "度单位预算",
                    "预算",
                ]
                .iter()
                .any(|w| after.starts_with(w))
                {
                    return Some(y);
                }
            }
        }
    }
    if let Some(y) = table_titles
        .iter()
        .find_map(|t| years_in(t).first().map(|p| p.1))
    {
        return Some(y);
    }
    // The year a budget's changes compare with, plus one.
    narrative
        .facts
        .iter()
        .filter_map(|f| f.change.as_ref().and_then(|c| c.versus_year))
        .max()
        .map(|y| y + 1)
}

fn read_region(
    title: Option<&str>,
    unit: Option<&str>,
    tables: &[Table],
    narrative: &str,
) -> Region {
    for s in [title, unit].into_iter().flatten() {
        if s.contains("重庆") {
            return Region::Chongqing;
        }
        if s.contains("上海") {
            return Region::Shanghai;
        }
    }
    // 上海's template names its first table 部门财务收支预算总表.
    if tables.iter().any(|t| t.title.contains("财务收支预算总表")) {
        return Region::Shanghai;
    }
    let (cq, sh) = (
        narrative.matches("重庆").count(),
        narrative.matches("上海").count(),
    );
    if cq > sh {
        Region::Chongqing
    } else if sh > cq {
        Region::Shanghai
    } else {
        Region::National
    }
}

/// `806—重庆市江北区人民政府江北城街道办事处` → (`806`, name); stops at a tab, a wide gap or
/// `单位：万元`.
pub fn parse_code_name(s: &str) -> Option<(Option<String>, String)> {
    let mut t = s.trim();
    for cut in ["\t", "   ", "单位：", "单位:"] {
        if let Some((before, _)) = t.split_once(cut).filter(|(b, _)| !b.is_empty()) {
            t = before;
        }
    }
    let t = t.trim();
    if t.starts_with("单位：") || t.starts_with("单位:") {
        return None;
    }
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let (code, rest) = if !digits.is_empty() && digits.len() <= 12 {
        let mut r = t
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start()
            .chars();
        match r.next() {
            Some('—' | '-' | '－' | '–' | '―' | '_') => (
                Some(digits),
                r.as_str().trim_start_matches(['—', '-']).trim(),
            ),
            _ => (None, t),
        }
    } else {
        (None, t)
    };
    let name = rest.trim().to_string();
    let cjk = name.chars().filter(|c| *c as u32 >= 0x4e00).count();
    (cjk >= 2).then_some((code, name))
}

/// Labelled identity lines in the source: `预算主管部门：…`, `编制部门：…`, `编制单位：…`,
/// `部门(单位)名称<tab>…`, `主管部门<tab>…`. Returns (label, value) in document order.
fn labelled_lines<'a>(lines: &[&'a str]) -> Vec<(&'static str, &'a str)> {
    const LABELS: [&str; 6] = [
        "预算主管部门",
        "编制部门",
        "编制单位",
        "部门(单位)名称",
        "部门（单位）名称",
        "主管部门",
    ];
    let mut out = Vec::new();
    for raw in lines {
        for label in LABELS {
            for (start, _) in raw.match_indices(label) {
                let Some((before, after)) = raw
                    .split_at_checked(start)
                    .and_then(|(b, from_label)| Some((b, from_label.strip_prefix(label)?)))
                else {
                    continue;
                };
                // A label starts a cell and is followed by a colon or a cell break.
                let starts_cell = before.chars().next_back().is_none_or(|c| c.is_whitespace());
                let ends_label = after
                    .chars()
                    .next()
                    .is_some_and(|c| matches!(c, ':' | '：' | '\t' | ' '));
                if !(starts_cell && ends_label) {
                    continue;
                }
                let rest = after.trim_start_matches([':', '：', '\t', ' ']);
                if !rest.is_empty() {
                    out.push((label, rest));
                }
            }
        }
    }
    out
}

/// The unit a cover title names before the year: `中共上海市普陀区委 社会工作部 2024 年度 部门决算`,
/// `江苏省委办公厅2019年度部门预算公开`. Not a place (`上海市普陀区2025年区级部门预算`: the
/// district's collection of 部门预算; the unit is stated below it).
fn unit_in_title(title: &str) -> Option<String> {
    let t = squash(title);
    let (at, _) = *years_in(&t).first()?;
    let before: String = t.chars().take(at).collect();
    let after: String = t.chars().skip(at + 5).collect();
    let after = after.strip_prefix('度').unwrap_or(&after);
    if ["区级", "市级", "省级", "县级", "本级"]
        .iter()
        .any(|w| after.starts_with(w))
    {
        return None;
    }
    if before.chars().count() < 4 || before.ends_with(['市', '区', '县', '省', '州']) {
        return None;
    }
    Some(before)
}

/// The unit stated on the table pages of the national template: `部门：中共江苏省委办公厅    单位：万元`
/// (`部 门:…` on a cover). The name printed most often wins: a narrow cell may cut it short on
/// one page (`中国共产党江苏省委员会办`).
fn department_line(lines: &[&str]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for raw in lines {
        let t = raw.trim_start();
        let Some(rest) = t.strip_prefix('部') else {
            continue;
        };
        let rest = rest.trim_start().strip_prefix('门').map(str::trim_start);
        let Some(rest) = rest.and_then(|r| r.strip_prefix([':', '：'])) else {
            continue;
        };
        let Some((_, name)) = parse_code_name(rest.trim_start()) else {
            continue;
        };
        match counts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, c)) => *c += 1,
            None => counts.push((name, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|(n, c)| (*c, n.chars().count()))
        .map(|(n, _)| n)
}

fn read_unit(
    lines: &[&str],
    tables: &[Table],
    performance: &[PerformanceTable],
    narrative: &Narrative,
) -> UnitIdentity {
    let mut candidates: Vec<(u8, Option<String>, String)> = Vec::new(); // (rank, code, name)
    let mut push = |rank: u8, s: &str| {
        if let Some((code, name)) = parse_code_name(s) {
            candidates.push((rank, code, name));
        }
    };
    let mut perf: Vec<&PerformanceTable> = performance.iter().collect();
    perf.sort_by_key(|p| p.kind != PerformanceKind::Overall);
    for p in perf {
        if p.kind == PerformanceKind::Overall {
            if let Some(n) = &p.name {
                push(1, &n.text);
            }
        }
        for f in [&p.compiler, &p.department].into_iter().flatten() {
            push(2, &f.text);
        }
    }
    for t in tables {
        if let Some(c) = &t.compiler {
            push(3, c);
        }
    }
    if let Some(name) = department_line(lines) {
        push(2, &name);
    }
    for (label, value) in labelled_lines(lines) {
        let rank = match label {
            "预算主管部门" => 0,
            "部门(单位)名称" | "部门（单位）名称" => 1,
            "编制单位" | "主管部门" => 2,
            _ => 3,
        };
        push(rank, value);
    }
    candidates.sort_by_key(|c| c.0);
    let name = candidates.first().map(|c| c.2.clone());
    // The code printed with the chosen name, else any code printed with a name.
    let code = candidates
        .iter()
        .find(|c| c.1.is_some() && Some(&c.2) == name.as_ref())
        .or_else(|| candidates.iter().find(|c| c.1.is_some()))
        .and_then(|c| c.1.clone());
    let contact = lines.iter().find_map(|raw| {
        let t = raw.trim();
        let i = t.find("联系人").or_else(|| t.find("联系电话"))?;
        let rest = t.get(i..)?;
        let rest = rest
            .strip_prefix("联系人")
            .unwrap_or(rest)
            .trim_start_matches([':', '：', ' ']);
        let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
        (!rest.is_empty()).then_some(rest)
    });
    UnitIdentity {
        code,
        name,
        subordinate_units: subordinate_units(narrative),
        internal_departments: internal_departments(narrative),
        contact,
    }
}

/// Split a `、` list, keeping brackets whole: `A（B、C）、D` → [`A（B、C）`, `D`].
fn split_list(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '（' | '(' | '《' | '“' => depth += 1,
            '）' | ')' | '》' | '”' => depth -= 1,
            _ => {}
        }
        if (c == '、' || c == '；' || c == ';') && depth <= 0 {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|x| {
            x.trim()
                .trim_end_matches(['。', '；', '，'])
                .trim()
                .to_string()
        })
        .filter(|x| !x.is_empty())
        .collect()
}

/// The list that follows a marker up to the sentence end.
fn list_after(text: &str, markers: &[&str]) -> Option<Vec<String>> {
    for m in markers {
        if let Some((_, rest)) = text.split_once(m) {
            let rest = rest.trim_start_matches(['：', ':']);
            // Up to the sentence end.
            let sentence = rest.split(['。', '\n']).next().unwrap_or(rest);
            let items = split_list(sentence);
            if !items.is_empty() {
                return Some(items);
            }
        }
    }
    None
}

fn structure_sections(narrative: &Narrative) -> impl Iterator<Item = &yusuan_model::Section> {
    narrative.sections.iter().filter(|s| {
        [
            "机构设置",
            "单位构成",
            "决算单位构成",
            "部门构成",
            "基本情况",
            "机构情况",
        ]
        .iter()
        .any(|w| s.title.contains(w))
    })
}

/// 二级预算单位 / 下属单位 from the 单位构成 / 机构设置 text.
fn subordinate_units(narrative: &Narrative) -> Vec<String> {
    for s in structure_sections(narrative) {
        // `下属6个二级预算单位，分别是A、B、…。`
        if let Some(from) = s.text.find("下属").and_then(|i| s.text.get(i..)) {
            if let Some(items) = list_after(from, &["分别是", "分别为", "分别包括"]) {
                return items;
            }
        }
        // `具体包括：` then a numbered list `1. 上海市…（本部）。`
        let numbered: Vec<String> = s
            .text
            .lines()
            .filter_map(|l| {
                let n = numbering(l.trim())?;
                matches!(
                    n.style,
                    crate::narrative::lines::NumStyle::Arabic
                        | crate::narrative::lines::NumStyle::ParenArabic
                )
                .then(|| {
                    n.rest
                        .trim_end_matches(['。', '；', '，'])
                        .trim()
                        .to_string()
                })
            })
            .filter(|x| !x.is_empty())
            .collect();
        if !numbered.is_empty() {
            return numbered;
        }
        if let Some(items) = list_after(&s.text, &["具体包括", "分别是", "分别为"]) {
            return items;
        }
    }
    Vec::new()
}

/// 内设机构 from `内设机构5个：A、B、C。`.
fn internal_departments(narrative: &Narrative) -> Vec<String> {
    for s in &narrative.sections {
        let Some((_, rest)) = s.text.split_once("内设机构") else {
            continue;
        };
        // The list starts at a colon or 分别是/包括 close after the count.
        let head: String = rest.chars().take(12).collect();
        let start = ["：", ":", "分别是", "分别为", "包括"]
            .iter()
            .filter_map(|m| head.find(m).map(|k| k + m.len()))
            .min();
        // `head` is the start of `rest`: `k` is a character boundary of both.
        if let Some(list) = start.and_then(|k| rest.get(k..)) {
            let sentence = list.split(['。', '\n']).next().unwrap_or(list);
            let items = split_list(sentence);
            if !items.is_empty() {
                return items;
            }
        }
    }
    Vec::new()
}

/// The tables a table of contents lists (`1. 2025年部门财务收支预算总表 ……`, or without leaders
/// `一、收支预算总表` one after another).
fn read_contents(lines: &[crate::source::Line]) -> Vec<String> {
    let leaderless = crate::segment::contents_lines(lines);
    let mut out = Vec::new();
    let mut i = 0;
    // Was the last non-blank line an entry of a contents without leaders?
    let mut after_entry = false;
    while let Some(l) = lines.get(i) {
        i += 1;
        if l.text.trim().is_empty() {
            continue;
        }
        let entry = after_entry;
        after_entry = false;
        if is_contents_line(&l.text) {
            let e = contents_entry(&l.text);
            let (_, title) = strip_number(&e);
            if classify_title(title).is_some() {
                out.push(title.to_string());
            }
        } else if leaderless.contains(&l.no) {
            if let Some((_, text, span)) = crate::segment::title_at(lines, i - 1) {
                let text = strip_entry_number(&text);
                out.push(strip_number(text).1.to_string());
                i += span - 1;
                after_entry = true;
            }
        } else if entry && strip_entry_number(l.text.trim()).len() < l.text.trim().len() {
            // A numbered entry wrapped over two lines between entries (`十一、一般公共预算“三公”
            // 经费、会议费、培训费支` / `出预算表`): a title once joined.
            let Some(next) = lines.get(i) else { continue };
            let joined = format!("{}{}", l.text.trim(), next.text.trim());
            let title = strip_entry_number(&joined);
            if !is_contents_line(&next.text) && classify_title(title).is_some() {
                out.push(strip_number(title).1.to_string());
                i += 1;
                after_entry = true;
            }
        }
    }
    out
}

/// `一、收支预算总表` → `收支预算总表`.
fn strip_entry_number(t: &str) -> &str {
    let after_numeral = t.trim_start_matches(is_cn_digit);
    if after_numeral.len() < t.len() {
        if let Some(r) = after_numeral.strip_prefix('、') {
            return r;
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contents_entry_wrapped_over_two_lines_is_read() {
        // 江苏省人大 2017: entry 十一 is broken after 支, across the page's end; 十二 follows it.
        let text = "目录\n一、收支预算总表\n二、收入预算总表\n三、支出预算总表\n十、一般公共预算机关运行经费支出预算表\n十一、一般公共预算“三公”经费、会议费、培训费支\n\u{c}           出预算表\n      十二、政府采购支出预算表\n第三部分 说明\n";
        let src = crate::source::SourceText::new("t.txt", text);
        let c = read_contents(src.body());
        assert_eq!(c.len(), 6, "{c:?}");
        assert_eq!(c[4], "一般公共预算“三公”经费、会议费、培训费支出预算表");
    }

    #[test]
    fn code_and_name() {
        assert_eq!(
            parse_code_name("806—重庆市江北区人民政府江北城街道办事处"),
            Some((
                Some("806".into()),
                "重庆市江北区人民政府江北城街道办事处".into()
            ))
        );
        assert_eq!(
            parse_code_name("806-重庆市江北区人民政府江北城街道办事处单位：万元"),
            Some((
                Some("806".into()),
                "重庆市江北区人民政府江北城街道办事处".into()
            ))
        );
        assert_eq!(
            parse_code_name("上海市普陀区财政局                 单位：元"),
            Some((None, "上海市普陀区财政局".into()))
        );
        assert_eq!(parse_code_name("单位：万元"), None);
        assert_eq!(
            department_line(&[
                "部门：中国共产党江苏省委员会办公厅                单位：万元",
                "  部门：中国共产党江苏省委员会办      单位：万元",
                "部 门:中国共产党江苏省委员会办公厅",
                "本部门：预算",
            ])
            .as_deref(),
            Some("中国共产党江苏省委员会办公厅")
        );
        assert_eq!(
            department_line(&["部门：          江苏省人大常委会办公厅             单位：万元"])
                .as_deref(),
            Some("江苏省人大常委会办公厅")
        );
        assert_eq!(
            strip_entry_number("十二、政府采购支出预算表"),
            "政府采购支出预算表"
        );
        assert_eq!(
            unit_in_title("中共上海市普陀区委 社会工作部 2024 年度 部门决算").as_deref(),
            Some("中共上海市普陀区委社会工作部")
        );
        assert_eq!(
            unit_in_title("江苏省委办公厅2019年度部门预算公开").as_deref(),
            Some("江苏省委办公厅")
        );
        assert_eq!(unit_in_title("上海市普陀区2025年区级部门预算"), None);
        assert_eq!(unit_in_title("上海市2025年市级单位预算"), None);
        assert_eq!(
            split_list("A（B、C）、D、E。"),
            vec!["A（B、C）".to_string(), "D".into(), "E".into()]
        );
    }
}
