//! Two files, one disclosure: some departments publish the 情况说明 and the tables as separate
//! files. Checked together they are one disclosure, so the narrative is compared with the tables
//! and neither file is reported as missing the other's half.

use yusuan_model::{Disclosure, DocumentMeta};

/// Join the parts of one disclosure, in the order given. `None` for no parts. Every value keeps
/// the provenance of its own file; the document's facts (year, kind) come from the first part
/// that states them; the unit from the part that names it most fully (the table pages' `部门：
/// 中共江苏省委办公厅` over the cover's `江苏省委办公厅`). The kind of disclosure (profile) is chosen
/// again from the whole.
pub fn combine(parts: Vec<Disclosure>) -> Option<Disclosure> {
    let mut parts = parts.into_iter();
    let mut whole = parts.next()?;
    for p in parts {
        let unit = better_unit(&whole, &p);
        let files = format!("{} + {}", whole.source.file, p.source.file);
        whole.source.file = files.into();
        whole.source.format = if whole.source.format == p.source.format {
            whole.source.format
        } else {
            format!("{}+{}", whole.source.format, p.source.format)
        };
        whole.source.pages = match (whole.source.pages, p.source.pages) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
        whole.source.lines += p.source.lines;
        merge_meta(&mut whole.meta, p.meta);
        if unit.is_some() {
            whole.meta.unit.name = unit;
        }
        whole.tables.extend(p.tables);
        whole.performance.extend(p.performance);
        whole.narrative.sections.extend(p.narrative.sections);
        whole.narrative.facts.extend(p.narrative.facts);
        whole.narrative.counts.extend(p.narrative.counts);
        let c = &mut whole.coverage;
        c.total_lines += p.coverage.total_lines;
        c.understood_lines += p.coverage.understood_lines;
        c.blank_lines += p.coverage.blank_lines;
        c.ignored_lines += p.coverage.ignored_lines;
        c.unexplained.extend(p.coverage.unexplained);
        whole.diagnostics.extend(p.diagnostics);
    }
    let detected = yusuan_profile::detect(&whole);
    whole.meta.profile = Some(detected.profile.id.clone());
    Some(whole)
}

/// When two parts name the unit differently: the fuller name when one contains the other, else
/// the name the tables' part states (printed on every table page as `部门：…`).
fn better_unit(a: &Disclosure, b: &Disclosure) -> Option<String> {
    let (x, y) = (a.meta.unit.name.as_deref()?, b.meta.unit.name.as_deref()?);
    if x == y {
        return None;
    }
    if y.contains(x) {
        return Some(y.to_string());
    }
    if x.contains(y) {
        return Some(x.to_string());
    }
    let tables = |d: &Disclosure| !d.tables.is_empty();
    (tables(b) && !tables(a)).then(|| y.to_string())
}

fn merge_meta(a: &mut DocumentMeta, b: DocumentMeta) {
    a.year = a.year.or(b.year);
    a.title = a.title.take().or(b.title);
    if a.contents.is_empty() {
        a.contents = b.contents;
    }
    let (u, v) = (&mut a.unit, b.unit);
    u.code = u.code.take().or(v.code);
    u.name = u.name.take().or(v.name);
    u.contact = u.contact.take().or(v.contact);
    if u.subordinate_units.is_empty() {
        u.subordinate_units = v.subordinate_units;
    }
    if u.internal_departments.is_empty() {
        u.internal_departments = v.internal_departments;
    }
}
