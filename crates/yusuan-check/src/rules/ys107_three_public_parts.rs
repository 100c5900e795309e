use crate::arith::{check_sum, operand};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::{ColumnKey, TableKind};

declare_rule! {
    /// “三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费；公务用车 = 购置费 + 运行费。
    ///
    /// ## 检查什么
    /// In the 三公 table, the total equals its three parts, and the vehicle subtotal equals
    /// purchase plus operation.
    ///
    /// ## 为什么
    /// The 三公 figures are the most read and most compared numbers of a disclosure; each part
    /// is quoted on its own in the narrative.
    ///
    /// ## 示例
    /// Fails: `合计 33.50 | 出国 3.00 | 公务用车 27.50 | 接待 5.00`. Passes: `33.50 | 3.00 |
    /// 27.50 | 3.00`.
    pub ThreePublicParts, "YS107", "three-public-parts", Arithmetic, Error
}

impl Rule for ThreePublicParts {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for t in cx.doc.tables_of(TableKind::ThreePublic) {
            for r in &t.rows {
                let total = operand(r, ColumnKey::Total);
                let vehicles = operand(r, ColumnKey::VehicleTotal);
                if let (Some(total), Some(o), Some(v), Some(re)) = (
                    total,
                    operand(r, ColumnKey::Overseas),
                    vehicles.clone(),
                    operand(r, ColumnKey::Reception),
                ) {
                    let zh = format!("{}“三公”经费合计不等于三项之和", t.display_name());
                    let en = format!(
                        "{}: three public expenses total is not the sum of its parts",
                        t.display_name()
                    );
                    out.extend(check_sum(&Self::INFO, &total, &[o, v, re], (&zh, &en)));
                }
                if let (Some(v), Some(p), Some(op)) = (
                    vehicles,
                    operand(r, ColumnKey::VehiclePurchase),
                    operand(r, ColumnKey::VehicleOperation),
                ) {
                    let zh = format!(
                        "{}公务用车购置及运行费不等于购置费与运行费之和",
                        t.display_name()
                    );
                    let en = format!(
                        "{}: vehicle subtotal is not purchase + operation",
                        t.display_name()
                    );
                    out.extend(check_sum(&Self::INFO, &v, &[p, op], (&zh, &en)));
                }
            }
        }
    }
}
