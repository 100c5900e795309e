use crate::arith::{compare, Operand};
use crate::quantity::{find, Quantity};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::{FactKey, FundSource};

declare_rule! {
    /// 情况说明中的金额与表格一致。
    ///
    /// ## 检查什么
    /// Every amount the narrative states about a figure that a table also shows — income and
    /// expenditure totals, each fund source, each 功能分类 类 (and 款/项 where named), 基本支出
    /// and 项目支出, 人员经费 and 公用经费, each part of the 三公 expenses, 机关运行经费, and
    /// 政府采购 with its goods/works/services — equals the table. A narrative in 万元 about a
    /// table in 元 is right when it is the correctly rounded value.
    ///
    /// ## 为什么
    /// The narrative is what most readers read; the tables are what auditors read. A sentence
    /// that contradicts a table is the commonest defect of published budgets.
    ///
    /// ## 示例
    /// Fails: ““三公”经费预算 35.5 万元” with 表四 合计 33.50. Passes: “33.5 万元”.
    pub NarrativeMatchesTables, "YS301", "narrative-matches-tables", Narrative, Error
}

/// The table quantities a narrative subject may refer to, most likely first.
pub fn candidates(key: &FactKey) -> Vec<Quantity> {
    use Quantity as Q;
    match key {
        FactKey::IncomeTotal => vec![Q::IncomeTotal],
        FactKey::ExpenditureTotal => vec![Q::ExpenditureTotal],
        FactKey::FiscalIncome | FactKey::FiscalExpenditure => vec![Q::FiscalTotal],
        FactKey::IncomeBySource { source } | FactKey::ExpenditureBySource { source } => {
            let mut v = vec![Q::Source(*source)];
            if *source == FundSource::GeneralBudget {
                v.push(Q::FiscalTotal);
            }
            v
        }
        FactKey::ExpenditureByCode { code, .. } => {
            vec![Q::Code(code.clone()), Q::GeneralCode(code.clone())]
        }
        FactKey::Basic => vec![Q::GeneralBasic, Q::Basic],
        FactKey::Project => vec![Q::GeneralProject, Q::Project],
        FactKey::Personnel => vec![Q::Personnel],
        FactKey::Operating => vec![Q::Operating],
        FactKey::ThreePublicTotal => vec![Q::ThreePublicTotal],
        FactKey::Overseas => vec![Q::Overseas],
        FactKey::VehicleTotal => vec![Q::VehicleTotal],
        FactKey::VehiclePurchase => vec![Q::VehiclePurchase],
        FactKey::VehicleOperation => vec![Q::VehicleOperation],
        FactKey::Reception => vec![Q::Reception],
        FactKey::AdminCost => vec![Q::AdminCost],
        FactKey::ProcurementTotal => vec![Q::ProcurementTotal],
        FactKey::ProcurementGoods => vec![Q::ProcurementGoods],
        FactKey::ProcurementWorks => vec![Q::ProcurementWorks],
        FactKey::ProcurementServices => vec![Q::ProcurementServices],
        _ => vec![],
    }
}

impl Rule for NarrativeMatchesTables {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for fact in &cx.doc.narrative.facts {
            let Some(amount) = &fact.amount else { continue };
            let stated = Operand::from_amount(amount, &fact.prov);
            let mut first_miss: Option<Finding> = None;
            let mut matched = false;
            for q in candidates(&fact.key) {
                for o in find(cx.doc, &q) {
                    let zh = format!("说明中的{}与表格不一致（{}）", q.label(), o.place);
                    let en = format!(
                        "the narrative's {} differs from the table ({})",
                        q.label(),
                        o.place
                    );
                    match compare(
                        &Self::INFO,
                        &stated,
                        o.op.fen,
                        std::slice::from_ref(&o.op),
                        (&zh, &en),
                    ) {
                        None => matched = true,
                        Some(f) if f.rounding => matched = true,
                        Some(f) => {
                            first_miss.get_or_insert(f);
                        }
                    }
                }
                if matched {
                    break;
                }
            }
            if !matched {
                out.extend(first_miss);
            }
        }
    }
}
