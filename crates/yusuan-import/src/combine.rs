//! Two files, one disclosure: some departments publish the 情况说明 and the tables as separate
//! files. Checked together they are one disclosure, so the narrative is compared with the tables
//! and neither file is reported as missing the other's half.

use yusuan_model::{Catalog, Disclosure, DocumentMeta};

/// Join the parts of one disclosure, in the order given. `None` for no parts. Every value keeps
/// the provenance of its own file; the document's facts (year, kind) come from the first part
/// that states them; the unit from the part that names it most fully (the table pages' `部门：
/// 中共江苏省委办公厅` over the cover's `江苏省委办公厅`). The kind of disclosure (profile) is chosen
/// again from the whole. Names are resolved against the embedded catalogue
/// ([`combine_with_catalog`] for another).
pub fn combine(parts: Vec<Disclosure>) -> Option<Disclosure> {
    combine_with_catalog(parts, Catalog::embedded())
}

/// [`combine`], the narrative's classification paths resolved against `catalog` (and the
/// tables of every part).
pub fn combine_with_catalog(parts: Vec<Disclosure>, catalog: &Catalog) -> Option<Disclosure> {
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
        whole.source.text.extend(p.source.text);
        whole.source.cut_text.extend(p.source.cut_text);
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
    // The narrative of one file may name lines only the other file's tables print.
    crate::narrative::resolve_subjects(&mut whole, catalog);
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

/// One disclosure published as two files: which half a file is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Half {
    /// The 情况说明: narrative and no tables.
    Narrative,
    /// The tables, with little or no narrative.
    Tables,
}

/// Which half of a two-file disclosure `d` can be, if any. A file with the tables and a
/// narrative of its own (the usual single-file disclosure) is neither.
pub fn half(d: &Disclosure) -> Option<Half> {
    let long = d
        .narrative
        .sections
        .iter()
        .filter(|s| s.text.chars().count() >= 50)
        .count();
    let facts = d.narrative.facts.len();
    let tables = d.tables.len() + d.performance.len();
    if tables == 0 && (facts > 0 || long > 0) {
        Some(Half::Narrative)
    } else if tables > 0 && facts <= 2 && long <= 2 {
        Some(Half::Tables)
    } else {
        None
    }
}

/// A unit's name with the usual long forms shortened (`中国共产党…委员会` → `中共…委`) and the
/// leading `中共` dropped, for comparing names a cover and a table page write differently.
fn unit_core(name: &str) -> String {
    let s: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.replace("中国共产党", "中共").replace("委员会", "委");
    s.strip_prefix("中共").unwrap_or(&s).to_string()
}

/// The whole text a disclosure states about itself: its title and narrative.
fn own_text(d: &Disclosure) -> String {
    let mut t: String = d.meta.title.clone().unwrap_or_default();
    for s in &d.narrative.sections {
        t.push_str(&s.title);
        t.push_str(&s.text);
    }
    unit_core(&t)
}

/// What pairing needs of a file, so that the halves of many files can be paired without
/// holding every disclosure (a batch keeps these and puts the disclosures aside).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HalfKey {
    pub half: Option<Half>,
    pub year: Option<u16>,
    pub final_accounts: bool,
    /// The unit's name shortened for comparing ([`unit_core`]).
    pub unit: Option<String>,
    /// The title and narrative, shortened the same way: a file that names no unit is matched
    /// by the other's name standing in it.
    pub own_text: String,
}

impl HalfKey {
    pub fn of(d: &Disclosure) -> HalfKey {
        HalfKey {
            half: half(d),
            year: d.meta.year,
            final_accounts: d.meta.kind.is_final_accounts(),
            unit: d.meta.unit.name.as_deref().map(unit_core),
            own_text: own_text(d),
        }
    }
}

/// Can `a` and `b` be the same unit's? Both named: one name contains the other (after
/// shortening). One named: the name stands in the other's title or narrative. Neither: yes.
fn same_unit(a: &HalfKey, b: &HalfKey) -> bool {
    match (a.unit.as_deref(), b.unit.as_deref()) {
        (Some(x), Some(y)) => !x.is_empty() && !y.is_empty() && (x.contains(y) || y.contains(x)),
        (Some(x), None) => b.own_text.contains(x),
        (None, Some(y)) => a.own_text.contains(y),
        (None, None) => true,
    }
}

/// Can a narrative half and a tables half be one disclosure? Same year (stated in both), both
/// budgets or both final accounts, the same unit.
pub fn halves_match(narrative: &Disclosure, tables: &Disclosure) -> bool {
    keys_match(&HalfKey::of(narrative), &HalfKey::of(tables))
}

fn keys_match(narrative: &HalfKey, tables: &HalfKey) -> bool {
    let year = matches!((narrative.year, tables.year), (Some(a), Some(b)) if a == b);
    year && narrative.final_accounts == tables.final_accounts && same_unit(narrative, tables)
}

/// Among files given together, the halves of one disclosure: groups of indices into `docs`,
/// each either one file or a pair (narrative half first, then tables half), in the order of
/// their first file. A half is paired only when exactly one other file matches it (same unit,
/// year and kind, the other half) and it is that file's only match: two candidates for one
/// half leave all of them unpaired, rather than guess.
pub fn pair_halves(docs: &[Disclosure]) -> Vec<Vec<usize>> {
    let keys: Vec<HalfKey> = docs.iter().map(HalfKey::of).collect();
    pair_keys(&keys)
}

/// [`pair_halves`] on the files' [`HalfKey`]s.
pub fn pair_keys(keys: &[HalfKey]) -> Vec<Vec<usize>> {
    let is = |i: usize, h: Half| keys.get(i).is_some_and(|k| k.half == Some(h));
    let matches = |i: usize, j: usize| {
        is(i, Half::Narrative)
            && is(j, Half::Tables)
            && keys
                .get(i)
                .zip(keys.get(j))
                .is_some_and(|(n, t)| keys_match(n, t))
    };
    // Each file's partner: the pairs are symmetric (a narrative half and a tables half).
    let mut partner: Vec<Option<usize>> = vec![None; keys.len()];
    for i in 0..keys.len() {
        let tables: Vec<usize> = (0..keys.len()).filter(|&j| matches(i, j)).collect();
        let [j] = tables.as_slice() else { continue };
        let narratives = (0..keys.len()).filter(|&k| matches(k, *j)).count();
        if narratives == 1 {
            for (a, b) in [(i, *j), (*j, i)] {
                if let Some(p) = partner.get_mut(a) {
                    *p = Some(b);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (i, p) in partner.into_iter().enumerate() {
        match p {
            // Grouped already, with its partner given before it.
            Some(j) if j < i => {}
            Some(j) if is(i, Half::Narrative) => out.push(vec![i, j]),
            Some(j) => out.push(vec![j, i]),
            None => out.push(vec![i]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use yusuan_model::{DocKind, Provenance, Section, Table, TableKind};

    fn prov(file: &str) -> Provenance {
        Provenance::new(&Arc::from(file))
    }

    fn narrative(file: &str, unit: Option<&str>, year: u16, text: &str) -> Disclosure {
        let mut d = Disclosure::default();
        d.source.file = file.into();
        d.meta.unit.name = unit.map(str::to_string);
        d.meta.year = Some(year);
        d.narrative.sections.push(Section {
            number: Some("一".into()),
            level: 1,
            title: "收支预算总体情况说明".into(),
            text: text.repeat(3),
            kind: None,
            prov: prov(file),
            end_line: 1,
        });
        d
    }

    fn tables(file: &str, unit: &str, year: u16) -> Disclosure {
        let mut d = Disclosure::default();
        d.source.file = file.into();
        d.meta.unit.name = Some(unit.into());
        d.meta.year = Some(year);
        d.tables.push(Table {
            kind: TableKind::DepartmentSummary,
            number: None,
            title: "收支预算总表".into(),
            unit: None,
            compiler: None,
            columns: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
            empty_note: None,
            prov: prov(file),
            end_line: 1,
            doubt: None,
        });
        d
    }

    #[test]
    fn the_two_halves_of_each_year_are_paired() {
        let text = "江苏省委办公厅2019年度收入、支出预算总计27664.22万元，与上年相比增加。";
        let docs = vec![
            tables("2019-tables.pdf", "中共江苏省委办公厅", 2019),
            narrative("2018-text.pdf", Some("江苏省委办公厅"), 2018, text),
            narrative("2019-text.pdf", None, 2019, text),
            tables("2018-tables.pdf", "中国共产党江苏省委员会办公厅", 2018),
        ];
        assert_eq!(pair_halves(&docs), vec![vec![2, 0], vec![1, 3]]);
    }

    #[test]
    fn other_units_years_and_kinds_are_not_paired() {
        let text = "江苏省政协办公厅2019年度收入、支出预算总计9066.79万元，与上年相比增加。";
        // The narrative names another unit.
        let docs = vec![
            narrative("text.pdf", None, 2019, text),
            tables("tables.pdf", "中共江苏省委办公厅", 2019),
        ];
        assert_eq!(pair_halves(&docs), vec![vec![0], vec![1]]);
        // Another year.
        let docs = vec![
            narrative("text.pdf", Some("江苏省政协办公厅"), 2019, text),
            tables("tables.pdf", "江苏省政协办公厅", 2018),
        ];
        assert_eq!(pair_halves(&docs), vec![vec![0], vec![1]]);
        // Final accounts and a budget.
        let mut fin = tables("tables.pdf", "江苏省政协办公厅", 2019);
        fin.meta.kind = DocKind::DepartmentFinalAccounts;
        let docs = vec![
            narrative("text.pdf", Some("江苏省政协办公厅"), 2019, text),
            fin,
        ];
        assert_eq!(pair_halves(&docs), vec![vec![0], vec![1]]);
    }

    #[test]
    fn two_candidates_are_not_guessed_between() {
        let text = "本部门2019年度收入、支出预算总计9066.79万元，与上年相比增加。";
        let docs = vec![
            narrative("text.pdf", None, 2019, text),
            tables("a-tables.pdf", "江苏省政协办公厅", 2019),
            tables("b-tables.pdf", "江苏省政协办公厅", 2019),
        ];
        assert_eq!(pair_halves(&docs), vec![vec![0], vec![1], vec![2]]);
    }

    #[test]
    fn a_whole_disclosure_is_no_half() {
        let text = "本部门2019年度收入、支出预算总计9066.79万元，与上年相比增加。";
        let mut whole = tables("whole.pdf", "江苏省人大常委会办公厅", 2019);
        whole.narrative = narrative("whole.pdf", None, 2019, text).narrative;
        for _ in 0..3 {
            whole
                .narrative
                .sections
                .push(whole.narrative.sections[0].clone());
        }
        assert_eq!(half(&whole), None);
        let docs = vec![whole, tables("tables.pdf", "江苏省人大常委会办公厅", 2019)];
        assert_eq!(pair_halves(&docs), vec![vec![0], vec![1]]);
    }

    #[test]
    fn the_tables_unit_wins_when_combined() {
        let text = "江苏省委办公厅2019年度收入、支出预算总计27664.22万元，与上年相比增加。";
        let whole = combine(vec![
            narrative("text.pdf", Some("江苏省委办公厅"), 2019, text),
            tables("tables.pdf", "中共江苏省委办公厅", 2019),
        ])
        .expect("two parts");
        assert_eq!(whole.meta.unit.name.as_deref(), Some("中共江苏省委办公厅"));
        assert_eq!(&*whole.source.file, "text.pdf + tables.pdf");
        assert_eq!(whole.meta.profile.as_deref(), Some("national"));
    }
}
