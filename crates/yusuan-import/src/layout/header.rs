//! Reading a header spread over several lines: which words head an amount column (some split
//! over two lines: `事业单位` / `经营收入`), and which head a group of columns (`收入预算`,
//! `公务用车购置及运行费`).
//!
//! Positions are estimates (see [`super::words`]), so the reading relies on what holds whatever
//! the spacing: the lowest words of the header are the columns' own names; a word above that
//! stands over two or more columns, or over one column whose name is complete on its own, heads a
//! group; a group header is centred over the columns it spans, spans whole sub-groups, and does
//! not split columns that stand at the same height.

use crate::columns::column_key;
use crate::titles::squash;

/// Cost (in character columns) of a group span that splits columns standing at the same height:
/// positions of centred words are off by several columns at times, this much is not.
const SPLIT_SIBLINGS: f64 = 10.0;
/// Cost of a group span that takes in, at its edge, a column whose name spans more lines.
const TALLER_COLUMN: f64 = 4.0;
/// A group span's preference for more columns, per column.
const PER_COLUMN: f64 = 0.5;

/// One word of a header line.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct HeaderWord {
    /// Its source line (lines count downwards, so a larger line is lower in the header).
    pub line: u32,
    pub text: String,
    /// Estimated extent in character columns.
    pub lo: f64,
    pub hi: f64,
}

impl HeaderWord {
    pub fn center(&self) -> f64 {
        (self.lo + self.hi) / 2.0
    }
}

/// One amount column as the header names it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct HeaderColumn {
    /// The words of its own name, top to bottom (a name split over lines has several).
    pub words: Vec<HeaderWord>,
    pub lo: f64,
    pub hi: f64,
}

impl HeaderColumn {
    fn new(w: HeaderWord) -> HeaderColumn {
        HeaderColumn {
            lo: w.lo,
            hi: w.hi,
            words: vec![w],
        }
    }

    /// Its name, pieces joined (`事业单位经营收入`).
    pub fn text(&self) -> String {
        join_pieces(self.words.iter().map(|w| w.text.as_str()))
    }

    pub fn center(&self) -> f64 {
        (self.lo + self.hi) / 2.0
    }

    /// The line of its highest word.
    fn top(&self) -> u32 {
        self.words.iter().map(|w| w.line).min().unwrap_or(0)
    }

    /// Its vertical middle (mean line of its words).
    fn vmid(&self) -> f64 {
        if self.words.is_empty() {
            return 0.0;
        }
        self.words.iter().map(|w| w.line as f64).sum::<f64>() / self.words.len() as f64
    }

    fn prepend(&mut self, w: HeaderWord) {
        self.lo = self.lo.min(w.lo);
        self.hi = self.hi.max(w.hi);
        let at = self
            .words
            .iter()
            .position(|x| x.line > w.line)
            .unwrap_or(self.words.len());
        self.words.insert(at, w);
    }
}

/// A header over several columns.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct GroupHeader {
    pub word: HeaderWord,
    /// First and last column it spans.
    pub first: usize,
    pub last: usize,
}

impl GroupHeader {
    fn covers(&self, c: usize) -> bool {
        self.first <= c && c <= self.last
    }

    fn contains(&self, o: &GroupHeader) -> bool {
        self.first <= o.first && o.last <= self.last
    }

    fn disjoint(&self, first: usize, last: usize) -> bool {
        last < self.first || self.last < first
    }
}

/// The amount part of a header.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct AmountHeader {
    /// Amount columns, left to right.
    pub columns: Vec<HeaderColumn>,
    pub groups: Vec<GroupHeader>,
}

/// Join the pieces of a name split over lines: CJK pieces run on (`事业单位` + `经营收入`),
/// Latin letters and digits keep a space between them.
pub(super) fn join_pieces<'a>(pieces: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in pieces {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        let ascii_joint = out
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && p.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if ascii_joint {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// A header that names a column by itself (`经营收入`, `机关运行经费预算`), as opposed to a
/// fragment (`事业单位`, `数`).
fn complete(text: &str) -> bool {
    column_key(text, text).is_some()
}

/// Is a word above a column's name part of that name? Yes when either alone is no column name
/// (`事业单位` / `经营收入`, `机关运行经费预算` / `数`), or when reading them together names a
/// different column (`一般公共预算` / `财政拨款收入`); a group header (`收入预算` over `事业收入`)
/// leaves the column what it was.
pub(super) fn part_of_name(upper: &str, name: &str) -> bool {
    if !complete(upper) || !complete(name) {
        return true;
    }
    let joined = join_pieces([upper, name].into_iter());
    column_key(&joined, &joined) != column_key(name, name)
}

/// The figure a column's name is where it is nothing else (`预算数`, `决算数`): such a column is
/// one figure of an item named above it.
fn bare_figure(text: &str) -> Option<bool> {
    match squash(text).as_str() {
        "预算数" | "年初预算数" => Some(true),
        "决算数" => Some(false),
        _ => None,
    }
}

/// The two columns a word heads where it stands over the two figures of one item: adjacent
/// columns wholly below it named `预算数` and `决算数` alone, in that order, at the same height,
/// the word's middle within them (上海's 三公 决算表 centres each item over its pair, often over
/// the gap between them, where it stands over neither).
fn figure_pair(columns: &[HeaderColumn], w: &HeaderWord) -> Option<(usize, usize)> {
    let mut below: Vec<(usize, &HeaderColumn)> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.top() > w.line)
        .collect();
    below.sort_by(|(_, a), (_, b)| a.center().total_cmp(&b.center()));
    let mid = w.center();
    below
        .iter()
        .zip(below.iter().skip(1))
        .filter(|((_, a), (_, b))| {
            bare_figure(&a.text()) == Some(true)
                && bare_figure(&b.text()) == Some(false)
                && a.top() == b.top()
                && a.lo <= mid
                && mid <= b.hi
        })
        .map(|((i, _), (j, _))| (*i, *j))
        .next()
}

/// Does a word's middle stand in the gap between the two columns of a pair?
fn pair_gap(columns: &[HeaderColumn], (a, b): (usize, usize), w: &HeaderWord) -> bool {
    match (columns.get(a), columns.get(b)) {
        (Some(x), Some(y)) => x.hi <= w.center() && w.center() <= y.lo,
        _ => false,
    }
}

/// Does one word stand over the other: the middle of one lies within the other.
fn over(a: (f64, f64), b: (f64, f64)) -> bool {
    let (ca, cb) = ((a.0 + a.1) / 2.0, (b.0 + b.1) / 2.0);
    (b.0 <= ca && ca <= b.1) || (a.0 <= cb && cb <= a.1)
}

/// Read the amount columns and group headers from the header's amount words.
pub(super) fn read(mut words: Vec<HeaderWord>) -> AmountHeader {
    // Bottom line first: the lowest words are the columns' own names.
    words.sort_by(|a, b| b.line.cmp(&a.line).then(a.lo.total_cmp(&b.lo)));
    let mut columns: Vec<HeaderColumn> = Vec::new();
    let mut group_words: Vec<HeaderWord> = Vec::new();
    // Words over the two figures of one item (`合计` over `预算数 | 决算数`), with the pair.
    let mut pair_words: Vec<(HeaderWord, usize, usize)> = Vec::new();
    for w in words {
        let span = (w.lo, w.hi);
        let under: Vec<usize> = columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.top() > w.line && over(span, (c.lo, c.hi)))
            .map(|(i, _)| i)
            .collect();
        let over_group = group_words
            .iter()
            .chain(pair_words.iter().map(|(p, _, _)| p))
            .any(|g| g.line > w.line && over(span, (g.lo, g.hi)));
        if !over_group {
            if let Some((a, b)) = figure_pair(&columns, &w) {
                pair_words.push((w, a, b));
                continue;
            }
        }
        // A word over one item's name and no other (`因公出国` over `（境）费`, `公务用车` over
        // `购置费`) is more of that name.
        let mut items = pair_words
            .iter()
            .filter(|(p, _, _)| p.line > w.line && over(span, (p.lo, p.hi)))
            .map(|(_, a, b)| (*a, *b));
        if let (Some(pair), None) = (items.next(), items.next()) {
            let (a, b) = pair;
            let within = |c: usize| {
                columns
                    .get(c)
                    .is_some_and(|c| c.lo <= w.center() && w.center() <= c.hi)
            };
            let others = group_words
                .iter()
                .any(|g| g.line > w.line && over(span, (g.lo, g.hi)));
            // Reaching well over a column outside the pair, it heads more than the item.
            let beside = columns.iter().enumerate().any(|(i, c)| {
                i != a && i != b && c.top() > w.line && c.lo < w.hi - 1.0 && w.lo + 1.0 < c.hi
            });
            if !others && !beside && (within(a) || within(b) || pair_gap(&columns, pair, &w)) {
                pair_words.push((w, a, b));
                continue;
            }
        }
        match (under.as_slice(), over_group) {
            ([], false) => columns.push(HeaderColumn::new(w)),
            ([i], false)
                if columns
                    .get(*i)
                    .is_some_and(|c| part_of_name(&w.text, &c.text())) =>
            {
                if let Some(c) = columns.get_mut(*i) {
                    c.prepend(w);
                }
            }
            _ => group_words.push(w),
        }
    }
    // Columns left to right; a pair's indices follow its columns.
    let mut order: Vec<usize> = (0..columns.len()).collect();
    order.sort_by(|&a, &b| {
        let c = |i: usize| columns.get(i).map_or(0.0, HeaderColumn::center);
        c(a).total_cmp(&c(b))
    });
    let at = |i: usize| order.iter().position(|&o| o == i).unwrap_or(i);
    let pairs: Vec<GroupHeader> = pair_words
        .into_iter()
        .map(|(word, a, b)| {
            let (first, last) = (at(a).min(at(b)), at(a).max(at(b)));
            GroupHeader { word, first, last }
        })
        .collect();
    columns.sort_by(|a, b| a.center().total_cmp(&b.center()));

    let mut header = AmountHeader {
        columns,
        groups: pairs,
    };
    // Lower group headers first, so higher ones can be fitted around them.
    group_words.sort_by(|a, b| b.line.cmp(&a.line).then(a.lo.total_cmp(&b.lo)));
    let nearest: Vec<Option<usize>> = group_words
        .iter()
        .map(|g| header.nearest_below(g))
        .collect();
    for (gi, (g, &near)) in group_words.iter().zip(&nearest).enumerate() {
        let others: Vec<usize> = group_words
            .iter()
            .zip(&nearest)
            .enumerate()
            .filter(|(oi, (o, _))| *oi != gi && o.line == g.line)
            .filter_map(|(_, (_, &n))| n)
            .collect();
        match header.best_span(g, near, &others) {
            Some((first, last)) => header.groups.push(GroupHeader {
                word: g.clone(),
                first,
                last,
            }),
            None => {
                // Over one column only: part of that column's name.
                let target = near.or_else(|| header.nearest_any(g));
                match target.and_then(|t| header.columns.get_mut(t)) {
                    Some(c) => c.prepend(g.clone()),
                    None => header.columns.push(HeaderColumn::new(g.clone())),
                }
            }
        }
    }
    header
}

impl AmountHeader {
    /// The column whose middle is nearest to a word, among the columns wholly below it.
    fn nearest_below(&self, w: &HeaderWord) -> Option<usize> {
        let c = w.center();
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, col)| col.top() > w.line)
            .min_by(|(_, a), (_, b)| (a.center() - c).abs().total_cmp(&(b.center() - c).abs()))
            .map(|(i, _)| i)
    }

    fn nearest_any(&self, w: &HeaderWord) -> Option<usize> {
        let c = w.center();
        self.columns
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| (a.center() - c).abs().total_cmp(&(b.center() - c).abs()))
            .map(|(i, _)| i)
    }

    /// Where each column's cell is taken to begin and end: halfway between neighbours.
    fn bounds(&self) -> Vec<f64> {
        let (Some(first), Some(last)) = (self.columns.first(), self.columns.last()) else {
            return Vec::new();
        };
        let neighbours = || self.columns.iter().zip(self.columns.iter().skip(1));
        let gaps: Vec<f64> = neighbours().map(|(a, b)| (b.lo - a.hi).max(1.0)).collect();
        let half_gap = if gaps.is_empty() {
            1.0
        } else {
            gaps.iter().sum::<f64>() / gaps.len() as f64 / 2.0
        };
        let mut b = Vec::with_capacity(self.columns.len() + 1);
        b.push(first.lo - half_gap);
        b.extend(neighbours().map(|(a, c)| (a.hi + c.lo) / 2.0));
        b.push(last.hi + half_gap);
        b
    }

    /// The columns a group header spans: a run of at least two columns below it, around the
    /// column nearest to it, fitted around the groups already placed, centred under it.
    fn best_span(
        &self,
        g: &HeaderWord,
        nearest: Option<usize>,
        others: &[usize],
    ) -> Option<(usize, usize)> {
        let n = nearest?;
        let cols = &self.columns;
        let below: Vec<bool> = cols.iter().map(|c| c.top() > g.line).collect();
        let bounds = self.bounds();
        let vmid = |c: usize| cols.get(c).map(HeaderColumn::vmid);
        let same_height = |a: usize, b: usize| {
            vmid(a)
                .zip(vmid(b))
                .is_some_and(|(x, y)| (x - y).abs() < 0.25)
        };
        let is_below = |c: usize| below.get(c).copied().unwrap_or(false);
        let mut first = n;
        while first > 0 && is_below(first - 1) {
            first -= 1;
        }
        let mut last = n;
        while last + 1 < cols.len() && is_below(last + 1) {
            last += 1;
        }
        let mut best: Option<(f64, usize, usize)> = None;
        for a in first..=n {
            for b in n..=last {
                if b == a {
                    continue;
                }
                if others.iter().any(|o| (a..=b).contains(o)) {
                    continue;
                }
                let fits = self.groups.iter().all(|h| {
                    if h.word.line == g.line {
                        h.disjoint(a, b)
                    } else {
                        h.disjoint(a, b) || (a <= h.first && h.last <= b)
                    }
                });
                if !fits {
                    continue;
                }
                let (Some(lo), Some(hi)) = (bounds.get(a), bounds.get(b + 1)) else {
                    continue;
                };
                let mid = (lo + hi) / 2.0;
                let mut cost = (mid - g.center()).abs() - PER_COLUMN * (b - a + 1) as f64;
                // Columns at the same height beside the run are its siblings: do not split them.
                if a > 0 && is_below(a - 1) && same_height(a - 1, a) {
                    cost += SPLIT_SIBLINGS;
                }
                if b + 1 < cols.len() && is_below(b + 1) && same_height(b, b + 1) {
                    cost += SPLIT_SIBLINGS;
                }
                // A column whose name stands higher than all the others in the run spans more
                // header lines: it is beside the group, not in it.
                for e in [a, b] {
                    let others_min = (a..=b)
                        .filter(|&c| c != e)
                        .filter_map(vmid)
                        .fold(f64::INFINITY, f64::min);
                    if vmid(e).is_some_and(|v| v < others_min - 0.5) {
                        cost += TALLER_COLUMN;
                    }
                }
                if best.is_none_or(|(c, _, _)| cost < c) {
                    best = Some((cost, a, b));
                }
            }
        }
        best.map(|(_, a, b)| (a, b))
    }

    /// The groups over a column, outermost first.
    pub fn groups_over(&self, col: usize) -> Vec<usize> {
        let mut g: Vec<(usize, &GroupHeader)> = self
            .groups
            .iter()
            .enumerate()
            .filter(|(_, h)| h.covers(col))
            .collect();
        g.sort_by_key(|(_, h)| h.word.line);
        g.into_iter().map(|(i, _)| i).collect()
    }

    /// How many groups stand above a group (its header row).
    pub fn group_depth(&self, gi: usize) -> usize {
        let Some(g) = self.groups.get(gi) else {
            return 0;
        };
        self.groups
            .iter()
            .enumerate()
            .filter(|(i, h)| *i != gi && h.word.line < g.word.line && h.contains(g))
            .count()
    }

    /// Header rows needed: one per level of groups, and one for the columns' own names.
    pub fn rows(&self) -> usize {
        if self.columns.is_empty() {
            return 0;
        }
        (0..self.columns.len())
            .map(|c| self.groups_over(c).len() + 1)
            .max()
            .unwrap_or(1)
    }

    /// The innermost group over a column.
    fn parent_of_column(&self, col: usize) -> Option<usize> {
        self.groups_over(col).last().copied()
    }

    /// The innermost group around a group.
    fn parent_of_group(&self, gi: usize) -> Option<usize> {
        let g = self.groups.get(gi)?;
        self.groups
            .iter()
            .enumerate()
            .filter(|(i, h)| *i != gi && h.word.line < g.word.line && h.contains(g))
            .max_by_key(|(_, h)| h.word.line)
            .map(|(i, _)| i)
    }

    /// The total column directly under a group (`小计` under `公务用车购置及运行费`).
    fn total_under(&self, gi: Option<usize>) -> Option<usize> {
        (0..)
            .zip(&self.columns)
            .find(|(c, col)| self.parent_of_column(*c) == gi && is_total_name(&col.text()))
            .map(|(c, _)| c)
    }

    /// Which columns add up to which: a 合计/小计 column is the sum of the other columns of its
    /// group, a sub-group counting by its own 小计 (`合计 = 因公出国 + 公务接待 + 公务用车小计`).
    pub fn sum_rules(&self) -> Vec<(usize, Vec<usize>)> {
        let mut rules = Vec::new();
        for (t, col) in self.columns.iter().enumerate() {
            if !is_total_name(&col.text()) {
                continue;
            }
            let parent = self.parent_of_column(t);
            let mut parts: Vec<usize> = (0..self.columns.len())
                .filter(|&c| c != t && self.parent_of_column(c) == parent)
                .collect();
            let mut complete_parts = true;
            for (gi, g) in self.groups.iter().enumerate() {
                if self.parent_of_group(gi) == parent && !g.covers(t) {
                    match self.total_under(Some(gi)) {
                        Some(c) => parts.push(c),
                        None => complete_parts = false,
                    }
                }
            }
            if complete_parts && !parts.is_empty() {
                parts.sort_unstable();
                rules.push((t, parts));
            }
        }
        rules
    }
}

/// `合计`, `小计`, `总计`.
pub(super) fn is_total_name(s: &str) -> bool {
    let t = squash(s);
    t.ends_with("合计") || t.ends_with("总计") || t.ends_with("小计")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(line: u32, text: &str, lo: f64, hi: f64) -> HeaderWord {
        HeaderWord {
            line,
            text: text.into(),
            lo,
            hi,
        }
    }

    #[test]
    fn split_names_and_one_group() {
        // 上海 收入预算总表: `事业单位` / `经营收入` straddle the line of the other names.
        let h = read(vec![
            w(1, "收入预算", 63.0, 71.0),
            w(3, "事业单位", 74.0, 82.0),
            w(4, "合计", 39.0, 43.0),
            w(4, "财政拨款收入", 50.0, 62.0),
            w(4, "事业收入", 63.0, 71.0),
            w(4, "其他收入", 85.0, 93.0),
            w(5, "经营收入", 74.0, 82.0),
        ]);
        let names: Vec<String> = h.columns.iter().map(HeaderColumn::text).collect();
        assert_eq!(
            names,
            [
                "合计",
                "财政拨款收入",
                "事业收入",
                "事业单位经营收入",
                "其他收入"
            ]
        );
        assert_eq!(h.groups.len(), 1);
        assert_eq!((h.groups[0].first, h.groups[0].last), (0, 4));
        assert_eq!(h.rows(), 2);
        assert_eq!(h.sum_rules(), vec![(0, vec![1, 2, 3, 4])]);
    }

    #[test]
    fn nested_groups_of_the_three_public_table() {
        // 万里 三公 table, extents with wide characters two columns wide.
        let h = read(vec![
            w(746, "“三公”经费预算数", 33.0, 51.0),
            w(748, "机关运行经费预算", 80.0, 96.0),
            w(749, "公务用车购置及运行费", 50.0, 70.0),
            w(750, "数", 84.0, 86.0),
            w(751, "合计", 3.0, 7.0),
            w(751, "因公出国(境)费", 16.0, 30.0),
            w(751, "公务接待费", 31.0, 41.0),
            w(752, "小计", 42.0, 46.0),
            w(752, "购置费", 55.0, 61.0),
            w(752, "运行费", 66.0, 72.0),
        ]);
        let names: Vec<String> = h.columns.iter().map(HeaderColumn::text).collect();
        assert_eq!(
            names,
            [
                "合计",
                "因公出国(境)费",
                "公务接待费",
                "小计",
                "购置费",
                "运行费",
                "机关运行经费预算数"
            ]
        );
        let spans: Vec<(&str, usize, usize)> = h
            .groups
            .iter()
            .map(|g| (g.word.text.as_str(), g.first, g.last))
            .collect();
        assert!(spans.contains(&("公务用车购置及运行费", 3, 5)), "{spans:?}");
        assert!(spans.contains(&("“三公”经费预算数", 0, 5)), "{spans:?}");
        assert_eq!(h.rows(), 3);
        assert_eq!(h.sum_rules(), vec![(0, vec![1, 2, 3]), (3, vec![4, 5])]);
    }
}
