//! The working state of one conversion ([`Conv`]) and what every part reads tables with:
//! cells of this year, coded rows each once, the sums of a table against its deepest rows,
//! saturating sums (a disclosure may hold absurd amounts).

use crate::{ConversionKind, ConversionNote};
use std::collections::BTreeSet;
use yusuan_model::budget::{Display, ExpenditureLine};
use yusuan_model::catalog::Catalog;
use yusuan_model::code::{Code, Scheme};
use yusuan_model::disclosure::{Cell, ColumnKey, Disclosure, Row, RowKind, Side, Table, TableKind};
use yusuan_model::money::{Amount, Fen};
use yusuan_model::provenance::Provenance;

pub(crate) fn sadd(a: Fen, b: Fen) -> Fen {
    Fen(a.0.saturating_add(b.0))
}

pub(crate) fn ssub(a: Fen, b: Fen) -> Fen {
    Fen(a.0.saturating_sub(b.0))
}

pub(crate) fn ssum(it: impl IntoIterator<Item = Fen>) -> Fen {
    it.into_iter().fold(Fen::ZERO, sadd)
}

/// [`ExpenditureLine::total`], saturating.
pub(crate) fn line_total(l: &ExpenditureLine) -> Fen {
    sadd(l.basic, l.project)
}

/// The working state of one conversion.
pub(crate) struct Conv<'a> {
    pub(crate) d: &'a Disclosure,
    pub(crate) catalog: &'a Catalog,
    pub(crate) year: u16,
    pub(crate) display: Display,
    pub(crate) notes: Vec<ConversionNote>,
}

impl<'a> Conv<'a> {
    pub(crate) fn new(d: &'a Disclosure, catalog: &'a Catalog) -> Conv<'a> {
        let mut cx = Conv {
            d,
            catalog,
            year: 0,
            display: Display::default(),
            notes: Vec::new(),
        };
        cx.year = match d.meta.year {
            Some(y) => y,
            None => {
                cx.note(
                    ConversionKind::Assumption,
                    "未能从文件内容确定预算年度，年度记为 0，请在预算源文件中填写",
                    None,
                );
                0
            }
        };
        cx.display = cx.choose_display();
        cx
    }

    pub(crate) fn note(
        &mut self,
        kind: ConversionKind,
        message: impl Into<String>,
        prov: Option<&Provenance>,
    ) {
        self.notes
            .push(ConversionNote::info(kind, message).at(prov.cloned()));
    }

    /// An amount for a message, in the display unit without losing precision.
    pub(crate) fn show(&self, f: Fen) -> String {
        let unit = self.display.unit;
        let mut s = f.format(unit, unit.max_decimals(), true);
        if let Some(dot) = s.find('.') {
            while s.len() > dot + 3 && s.ends_with('0') {
                s.pop();
            }
        }
        format!("{s} {}", unit.label())
    }

    /// The first table of a kind; a note when there are more.
    pub(crate) fn table(&mut self, kind: TableKind) -> Option<&'a Table> {
        let d = self.d;
        let mut it = d.tables_of(kind);
        let first = it.next()?;
        let more = it.filter(|t| !t.has_no_data()).count();
        if more > 0 && !self.noted_extra_tables(kind) {
            self.note(
                ConversionKind::LeftOut,
                format!(
                    "有 {} 张{}，只采用第一张「{}」",
                    more + 1,
                    kind.label(),
                    first.display_name()
                ),
                Some(&first.prov),
            );
        }
        Some(first)
    }

    pub(crate) fn noted_extra_tables(&self, kind: TableKind) -> bool {
        let needle = format!("张{}，只采用第一张", kind.label());
        self.notes.iter().any(|n| n.message.contains(&needle))
    }

    // ----- cells ---------------------------------------------------------------------------

    /// True when column `col` holds this year's figures (no year in its header, or this year).
    pub(crate) fn this_year(&self, t: &Table, col: usize) -> bool {
        t.columns
            .get(col)
            .is_none_or(|c| c.year.is_none() || c.year == Some(self.year))
    }

    pub(crate) fn has_col(&self, t: &Table, key: ColumnKey) -> bool {
        t.columns
            .iter()
            .any(|c| c.key == key && (c.year.is_none() || c.year == Some(self.year)))
    }

    pub(crate) fn cell<'r>(&self, t: &Table, r: &'r Row, key: ColumnKey) -> Option<&'r Cell> {
        r.cells
            .iter()
            .find(|c| c.column == key && self.this_year(t, c.col))
    }

    pub(crate) fn amount(&self, t: &Table, r: &Row, key: ColumnKey) -> Option<Amount> {
        self.cell(t, r, key).and_then(|c| c.amount)
    }

    /// The amount in a column, a blank cell counting as zero.
    pub(crate) fn fen(&self, t: &Table, r: &Row, key: ColumnKey) -> Fen {
        self.amount(t, r, key).map(|a| a.fen).unwrap_or(Fen::ZERO)
    }

    /// How far the shown value may be from the true one because of rounding.
    pub(crate) fn bound(&self, t: &Table, r: &Row, key: ColumnKey) -> i64 {
        self.amount(t, r, key)
            .map(|a| a.rounding_bound())
            .unwrap_or(0)
    }

    pub(crate) fn cell_prov(&self, t: &Table, r: &Row, key: ColumnKey) -> Provenance {
        self.cell(t, r, key)
            .map(|c| c.prov.clone())
            .unwrap_or_else(|| r.prov.clone())
    }

    /// The total of a row: its 合计 column, else its single amount column.
    pub(crate) fn row_total(&self, t: &Table, r: &Row) -> Option<Amount> {
        self.amount(t, r, ColumnKey::Total)
            .or_else(|| self.amount(t, r, ColumnKey::Amount))
    }

    // ----- coded rows ----------------------------------------------------------------------

    /// Rows with a code of `scheme` (not on the income side), each code once.
    pub(crate) fn coded(&mut self, t: &'a Table, scheme: Scheme) -> Vec<(Code, &'a Row)> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for r in t.rows.iter().filter(|r| r.side != Side::Income) {
            let Some(code) = &r.code else { continue };
            if code.level(scheme).is_none() {
                self.note(
                    ConversionKind::LeftOut,
                    format!(
                        "{}：「{}」不是{}编码，这一行未采用",
                        t.display_name(),
                        code,
                        scheme.label()
                    ),
                    Some(&r.prov),
                );
                continue;
            }
            if !seen.insert(code.clone()) {
                self.note(
                    ConversionKind::LeftOut,
                    format!("{}：科目 {} 出现多次，只采用第一行", t.display_name(), code),
                    Some(&r.prov),
                );
                continue;
            }
            out.push((code.clone(), r));
        }
        out
    }

    /// `row`'s amount in `key` against the sum of `parts`: `Some((shown, sum))` when they differ
    /// by more than the rounding of the printed figures allows; a difference within it is
    /// counted in `rounding`.
    fn differs_from_parts<'r>(
        &self,
        t: &Table,
        row: &Row,
        key: ColumnKey,
        parts: impl Iterator<Item = &'r Row>,
        rounding: &mut usize,
    ) -> Option<(Fen, Fen)> {
        let shown = self.fen(t, row, key);
        let mut sum = Fen::ZERO;
        let mut tol = self.bound(t, row, key);
        for r in parts {
            sum = sadd(sum, self.fen(t, r, key));
            tol = tol.saturating_add(self.bound(t, r, key));
        }
        let diff = ssub(shown, sum);
        if diff.is_zero() {
            return None;
        }
        if diff.0.saturating_abs() <= tol {
            *rounding += 1;
            return None;
        }
        Some((shown, sum))
    }

    /// Compare every parent row and the 合计 row with the sum of the deepest rows under it.
    pub(crate) fn check_sums(
        &mut self,
        t: &Table,
        rows: &[(Code, &Row)],
        leaves: &[usize],
        keys: &[ColumnKey],
    ) {
        let name = t.display_name();
        let mut rounding = 0usize;
        let keys: Vec<ColumnKey> = keys
            .iter()
            .copied()
            .filter(|k| self.has_col(t, *k))
            .collect();
        for (i, (code, row)) in rows.iter().enumerate() {
            if leaves.contains(&i) {
                continue;
            }
            for &key in &keys {
                let parts = leaves
                    .iter()
                    .filter_map(|&j| rows.get(j))
                    .filter(|(c, _)| code.contains(c))
                    .map(|(_, r)| *r);
                if let Some((shown, sum)) =
                    self.differs_from_parts(t, row, key, parts, &mut rounding)
                {
                    let prov = self.cell_prov(t, row, key);
                    self.note(
                        ConversionKind::Disagreement,
                        format!(
                            "{name}：科目 {code} 的{}为 {}，下级科目之和为 {}；本预算采用下级科目",
                            key.label(),
                            self.show(shown),
                            self.show(sum)
                        ),
                        Some(&prov),
                    );
                }
            }
        }
        if let Some(total) = t
            .rows
            .iter()
            .find(|r| r.kind == RowKind::Total && r.side != Side::Income)
        {
            for &key in &keys {
                let parts = leaves.iter().filter_map(|&j| rows.get(j)).map(|(_, r)| *r);
                if let Some((shown, sum)) =
                    self.differs_from_parts(t, total, key, parts, &mut rounding)
                {
                    let prov = self.cell_prov(t, total, key);
                    self.note(
                        ConversionKind::Disagreement,
                        format!(
                            "{name}：合计行的{}为 {}，明细科目之和为 {}；本预算采用明细科目",
                            key.label(),
                            self.show(shown),
                            self.show(sum)
                        ),
                        Some(&prov),
                    );
                }
            }
        }
        if rounding > 0 {
            self.note(ConversionKind::Disagreement,
                format!(
                    "{name}：有 {rounding} 处合计与明细之和相差在舍入误差以内；本预算采用最明细一级的数，由它们得出的合计可能与所印的差 0.01"
                ),
                Some(&t.prov),
            );
        }
    }
}

/// Indices of the rows with no other row below them (the deepest level printed per branch).
pub(crate) fn leaves(rows: &[(Code, &Row)]) -> Vec<usize> {
    (0..rows.len())
        .filter(|&i| {
            let Some((ci, _)) = rows.get(i) else {
                return false;
            };
            !rows.iter().any(|(c, _)| c != ci && ci.contains(c))
        })
        .collect()
}
