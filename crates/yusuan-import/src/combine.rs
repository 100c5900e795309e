//! Two files, one disclosure: some departments publish the 情况说明 and the tables as separate
//! files. Checked together they are one disclosure, so the narrative is compared with the tables
//! and neither file is reported as missing the other's half.

use yusuan_model::{Disclosure, DocumentMeta};

/// Join the parts of one disclosure, in the order given. `None` for no parts. Every value keeps
/// the provenance of its own file; the document's facts (unit, year, kind) come from the first
/// part that states them.
pub fn combine(parts: Vec<Disclosure>) -> Option<Disclosure> {
    let mut parts = parts.into_iter();
    let mut whole = parts.next()?;
    for p in parts {
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
    // The narrative of one file may name lines only the other file's tables print.
    crate::narrative::resolve_subjects(&mut whole);
    Some(whole)
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
