use crate::arith::{check_sum, Operand};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::{ColumnKey, Row, RowKind, Side, Table};

declare_rule! {
    /// 收支总表中，合计 = 各项（一、二、…）之和，各项 = 其下明细之和。
    ///
    /// ## 检查什么
    /// In tables whose rows are labelled lines rather than codes (the income and expenditure
    /// sides of 部门收支总表 and 财政拨款收支总表), the total equals the sum of the numbered
    /// items (`一、本年收入`, `二、上年结转`, or `一、一般公共服务支出` …), and a numbered item
    /// with lines under it (`一般公共预算资金`, `1. 一般公共预算资金`) equals their sum.
    ///
    /// ## 为什么
    /// These summary tables are what most readers look at; a line that does not add up there
    /// contradicts the detailed tables behind it.
    ///
    /// ## 示例
    /// Fails: `一、本年收入 3,636.80` over `一般公共预算资金 3,634.33` and
    /// `国有资本经营预算资金 2.74`. Passes: `… 2.47`.
    pub SummaryLinesAddUp, "YS108", "summary-lines-add-up", Arithmetic, Error
}

/// `一、…` `二、…`: a top-level numbered item.
fn is_numbered_item(label: &str) -> bool {
    let mut cs = label.trim().chars();
    let mut n = 0;
    for c in cs.by_ref() {
        if "一二三四五六七八九十".contains(c) {
            n += 1;
            continue;
        }
        return n > 0 && c == '、';
    }
    false
}

fn main_amount(r: &Row) -> Option<Operand> {
    [ColumnKey::Total, ColumnKey::Amount]
        .into_iter()
        .find_map(|k| r.cell(k))
        .map(Operand::from_cell)
}

fn check_side(t: &Table, side: Side, out: &mut Vec<Finding>) {
    let rows: Vec<&Row> = t
        .rows
        .iter()
        .filter(|r| r.side == side && r.code.is_none())
        .collect();
    let Some(total) = rows.iter().rev().find(|r| r.kind == RowKind::Total) else {
        return;
    };
    let lines: Vec<&Row> = rows
        .iter()
        .copied()
        .filter(|r| r.kind != RowKind::Total)
        .collect();
    let has_items = lines.iter().any(|r| is_numbered_item(&r.label));
    // Items and the lines under each.
    let mut groups: Vec<(&Row, Vec<&Row>)> = Vec::new();
    for r in &lines {
        if !has_items || is_numbered_item(&r.label) {
            groups.push((r, Vec::new()));
        } else if let Some(g) = groups.last_mut() {
            g.1.push(r);
        }
    }
    if groups.is_empty() {
        return;
    }
    let Some(tot) = main_amount(total) else {
        return;
    };
    let parts: Vec<Operand> = groups.iter().filter_map(|(r, _)| main_amount(r)).collect();
    let zh = format!("{}「{}」不等于各项之和", t.display_name(), total.label);
    let en = format!(
        "{}: {} is not the sum of its items",
        t.display_name(),
        total.label
    );
    out.extend(check_sum(
        &SummaryLinesAddUp::INFO,
        &tot,
        &parts,
        (&zh, &en),
    ));
    for (item, subs) in groups.iter().filter(|(_, s)| !s.is_empty()) {
        let Some(head) = main_amount(item) else {
            continue;
        };
        let parts: Vec<Operand> = subs.iter().filter_map(|r| main_amount(r)).collect();
        if !head.present && parts.iter().all(|p| !p.present) {
            continue;
        }
        let zh = format!("{}「{}」不等于其下各行之和", t.display_name(), item.label);
        let en = format!(
            "{}: {} is not the sum of the lines under it",
            t.display_name(),
            item.label
        );
        out.extend(check_sum(
            &SummaryLinesAddUp::INFO,
            &head,
            &parts,
            (&zh, &en),
        ));
    }
}

impl Rule for SummaryLinesAddUp {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for t in &cx.doc.tables {
            if t.rows.iter().all(|r| r.side == Side::Single) {
                continue;
            }
            for side in [Side::Income, Side::Expenditure] {
                check_side(t, side, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbered_items() {
        assert!(super::is_numbered_item("一、本年收入"));
        assert!(super::is_numbered_item("十二、住房保障支出"));
        assert!(!super::is_numbered_item("一般公共预算资金"));
        assert!(!super::is_numbered_item("1. 一般公共预算资金"));
    }
}
