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

/// A unit's name with the usual long forms shortened (`中国共产党…委员会` → `中共…委`), the
/// leading `中共` and spaces dropped, for comparing names a cover and a table page, or two
/// years' documents, write differently.
pub fn unit_core(name: &str) -> String {
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
    /// by the other's name standing in it (empty for a file naming its unit).
    pub own_text: String,
}

impl HalfKey {
    pub fn of(d: &Disclosure) -> HalfKey {
        let unit = d.meta.unit.name.as_deref().map(unit_core);
        HalfKey {
            half: half(d),
            year: d.meta.year,
            final_accounts: d.meta.kind.is_final_accounts(),
            // Only a half naming no unit is matched by its text: a named one keeps none (a
            // batch holds a key per half to the end).
            own_text: if unit.is_none() {
                own_text(d)
            } else {
                String::new()
            },
            unit,
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
///
/// The rule compares each half with every other; done so literally, a national collection
/// (hundreds of thousands of halves of one year) would take hours. Here each half is compared
/// only with the halves of its year and kind that can name the same unit ([`Candidates`]): the
/// groups are the same.
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
    let candidates = Candidates::new(keys);
    // Each file's partner: the pairs are symmetric (a narrative half and a tables half).
    let mut partner: Vec<Option<usize>> = vec![None; keys.len()];
    for i in 0..keys.len() {
        if !is(i, Half::Narrative) {
            continue;
        }
        let tables: Vec<usize> = candidates
            .of(i)
            .into_iter()
            .filter(|&j| matches(i, j))
            .collect();
        let [j] = tables.as_slice() else { continue };
        let narratives = candidates
            .of(*j)
            .into_iter()
            .filter(|&k| matches(k, *j))
            .count();
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

/// For each half, the halves that may be the same disclosure's other half: of the same year
/// and kind, and either naming a unit whose name contains, or is contained in, its own, or
/// naming none or a short name (looked at always: such halves are few). A superset of
/// [`keys_match`]'s matches, which decides.
///
/// Names are found by their windows of [`GRAM`] characters: when `y` contains `x`, every
/// window of `x` is one of `y`'s, so the names holding `x`'s rarest window are enough to look
/// at; when `x` contains `y`, `y`'s own rarest window is one of `x`'s, so each name is also
/// filed under that one window, and `x`'s windows are looked up there. Windows are filed by
/// their hash: a collision only adds a candidate. (Hand-written: a substring index this small
/// is simpler than any crate's.)
struct Candidates<'a> {
    keys: &'a [HalfKey],
    /// Index of each half's group (year and kind), `None` for halves that match nothing.
    group: Vec<Option<usize>>,
    groups: Vec<Group>,
    /// Each half's name's windows (none for halves in no group, or naming no unit or a short
    /// name) and the rarest of them in its group: computed once, when filed.
    windows: Vec<Windows>,
}

#[derive(Clone, Default)]
struct Windows {
    all: Vec<u64>,
    rarest: Option<u64>,
}

/// Characters in a window: four keep the candidates of a name few even among thousands of
/// names alike but for a number (`第1234区财政局`).
const GRAM: usize = 4;

#[derive(Default)]
struct Group {
    /// Halves naming no unit, or one shorter than a window.
    always: Vec<usize>,
    /// Halves naming a unit, under each window of their name.
    by_window: std::collections::HashMap<u64, Vec<usize>>,
    /// Halves naming a unit, under their name's rarest window.
    by_rarest: std::collections::HashMap<u64, Vec<usize>>,
}

/// The hashes of a name's windows of [`GRAM`] characters, each once (none when shorter).
fn windows(name: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let chars: Vec<char> = name.chars().collect();
    let mut out: Vec<u64> = chars
        .windows(GRAM)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

impl Group {
    fn rarest(&self, windows: &[u64]) -> Option<u64> {
        windows
            .iter()
            .copied()
            .min_by_key(|w| (self.by_window.get(w).map_or(0, Vec::len), *w))
    }
}

impl<'a> Candidates<'a> {
    fn new(keys: &'a [HalfKey]) -> Candidates<'a> {
        let mut index: std::collections::HashMap<(u16, bool), usize> =
            std::collections::HashMap::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut group = vec![None; keys.len()];
        let mut of_half: Vec<Windows> = vec![Windows::default(); keys.len()];
        let mut named: Vec<(usize, usize)> = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            let (Some(year), Some(_)) = (k.year, k.half) else {
                continue;
            };
            let g = *index.entry((year, k.final_accounts)).or_insert_with(|| {
                groups.push(Group::default());
                groups.len() - 1
            });
            if let Some(slot) = group.get_mut(i) {
                *slot = Some(g);
            }
            let Some(grp) = groups.get_mut(g) else {
                continue;
            };
            let windows = k.unit.as_deref().map(windows).unwrap_or_default();
            if windows.is_empty() {
                // No name, an empty one (it stands in any text) or a short one.
                grp.always.push(i);
                continue;
            }
            for w in &windows {
                grp.by_window.entry(*w).or_default().push(i);
            }
            if let Some(slot) = of_half.get_mut(i) {
                slot.all = windows;
            }
            named.push((i, g));
        }
        // Once every name is filed: which window of each is rarest is known only then.
        for (i, g) in named {
            let (Some(grp), Some(w)) = (groups.get_mut(g), of_half.get_mut(i)) else {
                continue;
            };
            w.rarest = grp.rarest(&w.all);
            if let Some(r) = w.rarest {
                grp.by_rarest.entry(r).or_default().push(i);
            }
        }
        Candidates {
            keys,
            group,
            groups,
            windows: of_half,
        }
    }

    /// The halves that may pair with half `i`, each once, in order.
    fn of(&self, i: usize) -> Vec<usize> {
        let Some(grp) = self
            .group
            .get(i)
            .copied()
            .flatten()
            .and_then(|g| self.groups.get(g))
        else {
            return Vec::new();
        };
        let mut out: Vec<usize> = grp.always.clone();
        let name = self.keys.get(i).and_then(|k| k.unit.as_deref());
        let windows = self.windows.get(i);
        match (name, windows) {
            // Named, at least a window long: the names around it.
            (Some(_), Some(w)) if !w.all.is_empty() => {
                if let Some(r) = w.rarest {
                    out.extend(grp.by_window.get(&r).into_iter().flatten());
                }
                for x in &w.all {
                    out.extend(grp.by_rarest.get(x).into_iter().flatten());
                }
            }
            // An empty name matches no name, only the halves naming none.
            (Some(""), _) => {}
            // A short name, or none: every named half of its year and kind.
            _ => out.extend(grp.by_rarest.values().flatten()),
        }
        out.sort_unstable();
        out.dedup();
        out
    }
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

    /// The rule as written: every half against every other (what [`pair_keys`] must equal).
    fn pair_keys_literally(keys: &[HalfKey]) -> Vec<Vec<usize>> {
        let is = |i: usize, h: Half| keys[i].half == Some(h);
        let matches = |i: usize, j: usize| {
            is(i, Half::Narrative) && is(j, Half::Tables) && keys_match(&keys[i], &keys[j])
        };
        let mut partner: Vec<Option<usize>> = vec![None; keys.len()];
        for i in 0..keys.len() {
            let tables: Vec<usize> = (0..keys.len()).filter(|&j| matches(i, j)).collect();
            let [j] = tables.as_slice() else { continue };
            if (0..keys.len()).filter(|&k| matches(k, *j)).count() == 1 {
                partner[i] = Some(*j);
                partner[*j] = Some(i);
            }
        }
        let mut out = Vec::new();
        for (i, p) in partner.into_iter().enumerate() {
            match p {
                Some(j) if j < i => {}
                Some(j) if is(i, Half::Narrative) => out.push(vec![i, j]),
                Some(j) => out.push(vec![j, i]),
                None => out.push(vec![i]),
            }
        }
        out
    }

    fn key() -> impl proptest::strategy::Strategy<Value = HalfKey> {
        use proptest::prelude::*;
        // Few characters, short names: containment is common, as are ties and empty names.
        let name = "[甲乙丙丁]{0,6}";
        (
            prop_oneof![
                Just(None),
                Just(Some(Half::Narrative)),
                Just(Some(Half::Tables))
            ],
            prop_oneof![Just(None), Just(Some(2018u16)), Just(Some(2019u16))],
            any::<bool>(),
            proptest::option::of(name),
            "[甲乙丙丁]{0,8}",
        )
            .prop_map(|(half, year, final_accounts, unit, own_text)| HalfKey {
                half,
                year,
                final_accounts,
                unit,
                own_text,
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn pairing_through_the_index_is_the_rule(keys in proptest::collection::vec(key(), 0..24)) {
            proptest::prop_assert_eq!(pair_keys(&keys), pair_keys_literally(&keys));
        }
    }

    #[test]
    fn a_province_of_halves_pairs_each_unit() {
        // 5,000 units of one year, each publishing its 情况说明 and its tables apart, the
        // tables naming the unit more fully (`上海市第12区财政局`), fifty naming none.
        let unit = |i: usize| format!("第{i}区财政局");
        let mut keys = Vec::new();
        for i in 0..5000 {
            keys.push(HalfKey {
                half: Some(Half::Narrative),
                year: Some(2025),
                final_accounts: false,
                unit: Some(unit(i)),
                own_text: format!("{}2025年部门预算", unit(i)),
            });
            keys.push(HalfKey {
                half: Some(Half::Tables),
                year: Some(2025),
                final_accounts: false,
                unit: (i % 100 != 7).then(|| format!("上海市{}", unit(i))),
                own_text: String::new(),
            });
        }
        let groups = pair_keys(&keys);
        // `第1区财政局` stands in `上海市第1区财政局`, not in `上海市第11区财政局`: each named pair
        // is found; a tables half naming no unit is matched by its own text, empty here.
        let pairs: Vec<&Vec<usize>> = groups.iter().filter(|g| g.len() == 2).collect();
        assert_eq!(pairs.len(), 4950);
        assert!(pairs.iter().all(|g| g[1] == g[0] + 1));
        assert_eq!(groups.len(), 4950 + 100);
        // The same as the rule applied literally on a sample of the province (the literal
        // rule on all 10,000 halves takes minutes in a debug build).
        let sample: Vec<HalfKey> = keys.iter().take(600).cloned().collect();
        assert_eq!(pair_keys(&sample), pair_keys_literally(&sample));
    }
}
