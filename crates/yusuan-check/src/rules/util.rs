//! Helpers shared by rules: walking tables, rows and columns.

use crate::arith::Operand;
use yusuan_model::{ColumnKey, Row, Side, Table};

/// Amount columns of a table on one side, in order.
pub fn amount_columns(t: &Table, side: Side) -> Vec<ColumnKey> {
    let mut v: Vec<ColumnKey> = Vec::new();
    for c in &t.columns {
        if c.side == side && c.year.is_none() && !v.contains(&c.key) {
            v.push(c.key);
        }
    }
    v
}

/// Operands of a set of rows in one column (rows without the column are skipped).
pub fn column_operands<'a>(
    rows: impl IntoIterator<Item = &'a Row>,
    key: ColumnKey,
) -> Vec<Operand> {
    rows.into_iter()
        .filter_map(|r| r.cell(key))
        .map(Operand::from_cell)
        .collect()
}

/// Fund-source columns that make up a total, without double counting: when a table has a
/// 财政拨款 column, it stands for the three fiscal budgets, which are then left out.
pub fn source_columns(cols: &[ColumnKey]) -> Vec<ColumnKey> {
    let has_fiscal = cols.contains(&ColumnKey::Fiscal);
    cols.iter()
        .copied()
        .filter(|k| {
            let src = k.fund_source();
            (*k == ColumnKey::Fiscal) || src.is_some_and(|s| !(has_fiscal && s.is_fiscal()))
        })
        .collect()
}

/// Compare every occurrence of a quantity with the first one. A blank cell counts as zero, but
/// a quantity printed blank everywhere is not compared.
pub fn agree(
    info: &'static crate::RuleInfo,
    q: &crate::quantity::Quantity,
    occ: &[crate::quantity::Occurrence],
) -> Vec<crate::Finding> {
    let mut out = Vec::new();
    let Some(first) = occ.iter().find(|o| o.op.present).or(occ.first()) else {
        return out;
    };
    for o in occ {
        if std::ptr::eq(o, first) || o.op.prov == first.op.prov {
            continue;
        }
        let zh = format!(
            "{}在各表中不一致：{} 与 {}",
            q.label(),
            o.place,
            first.place
        );
        let en = format!(
            "{} differs between tables: {} vs {}",
            q.label(),
            o.place,
            first.place
        );
        out.extend(crate::arith::compare(
            info,
            &o.op,
            first.op.fen,
            std::slice::from_ref(&first.op),
            (&zh, &en),
        ));
    }
    out
}
