//! How sure a table's reading is, by its own arithmetic.
//!
//! A table read right satisfies its identities (parent = Σ children, 合计 = Σ rows,
//! 合计 = 基本支出 + 项目支出 …, see [`yusuan_model::identity`]); a document with a wrong figure fails the
//! identities that figure is in, and only those. So a table whose failures one cell explains
//! (the cell is in every failing identity and in none that holds) is read with certainty, and
//! the cell is the defect. Failures no single cell explains are far more often a misreading (a
//! column taken for another, a row split in two) than a document wrong in several independent
//! places; a failure that no other identity corroborates cannot be told from a misreading either.
//! Such a table is marked in doubt and said so once, with its page: the checker derives no error
//! from it.

use crate::context::Context;
use yusuan_model::identity::arithmetic;
use yusuan_model::Table;

/// Mark the table in doubt when its arithmetic says the reading is not to be trusted.
pub fn judge(ctx: &mut Context, t: &mut Table) {
    if t.doubt.is_some() {
        return;
    }
    if let Some(why) = mixed_schemes(t) {
        doubt(ctx, t, why);
        return;
    }
    let a = arithmetic(t);
    if a.failing.is_empty() {
        return;
    }
    let unknown_column = a.failing.iter().any(|(id, _)| {
        id.cells().any(|c| {
            t.rows
                .get(c.row)
                .and_then(|r| r.cells.get(c.cell))
                .is_some_and(|c| c.column == yusuan_model::ColumnKey::Unknown)
        })
    });
    let why = if unknown_column {
        format!(
            "{} 处勾稽关系不成立，涉及未能识别的列 ({} identities fail in a column the reader did not understand)",
            a.failing.len(),
            a.failing.len()
        )
    } else if a.holding == 0 && !a.failures_agree() {
        format!(
            "{} 处勾稽关系不成立，也没有成立的可以印证读取 ({} identities fail and none holds to confirm the reading)",
            a.failing.len(),
            a.failing.len()
        )
    } else if !a.explained_by_one_cell() {
        format!(
            "{} 处勾稽关系不成立（{} 处成立），不能由一处数字解释 ({} identities fail, {} hold: no single figure explains the failures)",
            a.failing.len(),
            a.holding,
            a.failing.len(),
            a.holding
        )
    } else {
        return;
    };
    doubt(ctx, t, why);
}

/// A table whose codes are of both classifications in numbers (功能分类 2xx and 经济分类 3xx) is
/// two tables read as one, not a table with a stray code.
fn mixed_schemes(t: &Table) -> Option<String> {
    let (mut function, mut economic) = (0usize, 0usize);
    for c in t.rows.iter().filter_map(|r| r.code.as_ref()) {
        match c.as_str().as_bytes().first() {
            Some(b'2') => function += 1,
            Some(b'3') => economic += 1,
            _ => {}
        }
    }
    let minority = function.min(economic);
    (minority >= 3 && minority * 5 >= function + economic).then(|| {
        format!(
            "表中既有 {function} 个功能分类编码又有 {economic} 个经济分类编码，可能是两张表读成了一张 ({function} function and {economic} economic codes: two tables read as one?)"
        )
    })
}

/// Say once why the table is in doubt, and mark it.
fn doubt(ctx: &mut Context, t: &mut Table, why: String) {
    ctx.warn(
        t.prov.clone(),
        format!(
            "{}：{why}；读取可能有误，未据此报错，请人工核对 (the reading is in doubt: no error is derived from it; check by hand)",
            t.display_name()
        ),
    );
    t.doubt = Some(why);
}
