//! Helpers shared by rules: walking tables, rows and columns.

use crate::arith::Operand;
use yusuan_model::Table;

/// Compare the occurrences of a quantity. The value most places print is the reference (on a
/// tie, the first printed); each place that differs is one finding, with the places that agree
/// as its related cells. One wrong figure is thus one error, however often the right one is
/// repeated. A blank cell counts as zero, but a quantity printed blank everywhere is not
/// compared.
pub fn agree(
    info: &'static crate::RuleInfo,
    q: &crate::quantity::Quantity,
    occ: &[crate::quantity::Occurrence],
) -> Vec<crate::Finding> {
    let mut out = Vec::new();
    if !occ.iter().any(|o| o.op.present) {
        return out;
    }
    // Distinct values in order of first appearance, with how many places print each.
    let mut values: Vec<(yusuan_model::Fen, usize)> = Vec::new();
    for o in occ {
        match values.iter_mut().find(|(v, _)| *v == o.op.fen) {
            Some((_, n)) => *n += 1,
            None => values.push((o.op.fen, 1)),
        }
    }
    let Some(&(reference, _)) = values
        .iter()
        .enumerate()
        .max_by(|(i, (_, a)), (j, (_, b))| a.cmp(b).then(j.cmp(i)))
        .map(|(_, v)| v)
    else {
        return out;
    };
    let agreeing: Vec<&crate::quantity::Occurrence> =
        occ.iter().filter(|o| o.op.fen == reference).collect();
    let Some(first) = agreeing.first() else {
        return out;
    };
    for o in occ.iter().filter(|o| o.op.fen != reference) {
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
        let parts: Vec<Operand> = agreeing.iter().map(|a| a.op.clone()).collect();
        out.extend(
            crate::arith::compare(
                info,
                &o.op,
                reference,
                std::slice::from_ref(&first.op),
                (&zh, &en),
            )
            .map(|f| {
                // The other places that print the reference value are related cells too.
                f.at_all(parts.iter().skip(1).map(|p| &p.prov))
            }),
        );
    }
    out
}

/// The words of an identity for a message.
pub struct Wording<'a> {
    pub table: &'a Table,
    /// The whole's row: `201 一般公共服务支出`, `合计`.
    pub row: String,
    /// The whole's column.
    pub column: &'a yusuan_model::Column,
    /// The parts' columns as the document heads them, joined with `、` (for identities across
    /// the columns of a row: `基本支出、项目支出`).
    pub part_columns: String,
}

/// Report every failing identity of the given kinds in the tables the reader is sure of.
/// `what` words the identity, in Chinese and English. Identities touching a doubtful cell are left out:
/// nothing is derived from what the reader is not sure of.
pub fn report_identities(
    cx: &crate::Cx,
    info: &'static crate::RuleInfo,
    kinds: &[yusuan_model::identity::IdentityKind],
    out: &mut Vec<crate::Finding>,
    what: impl Fn(&Wording) -> (String, String),
) {
    use yusuan_model::identity::Verdict;
    for (i, t) in cx
        .doc
        .tables
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_certain())
    {
        for id in cx.identities(i) {
            if !kinds.contains(&id.kind) || matches!(id.verdict(t), None | Some(Verdict::Holds)) {
                continue;
            }
            let cell = |r: yusuan_model::identity::CellRef| {
                t.rows.get(r.row).and_then(|row| row.cells.get(r.cell))
            };
            let Some(whole) = cell(id.whole) else {
                continue;
            };
            let parts: Option<Vec<&yusuan_model::Cell>> =
                id.parts.iter().map(|&p| cell(p)).collect();
            let Some(parts) = parts else { continue };
            if whole.doubtful || parts.iter().any(|c| c.doubtful) {
                continue;
            }
            let Some(row) = t.rows.get(id.whole.row) else {
                continue;
            };
            let Some(column) = t.columns.get(whole.col) else {
                continue;
            };
            let mut labels: Vec<&str> = Vec::new();
            for c in &parts {
                let l = t.columns.get(c.col).map_or("", |c| c.label.as_str());
                if !labels.contains(&l) {
                    labels.push(l);
                }
            }
            let (zh, en) = what(&Wording {
                table: t,
                row: crate::arith::row_name(row),
                column,
                part_columns: labels.join("、"),
            });
            let actual = Operand::from_cell(whole);
            let parts: Vec<Operand> = parts.into_iter().map(Operand::from_cell).collect();
            out.extend(crate::arith::check_sum(info, &actual, &parts, (&zh, &en)));
        }
    }
}
