use crate::arith::{compare, Operand};
use crate::quantity::{Occurrence, Quantity};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use yusuan_model::{ColumnKey, FactKey, Fen, Figure, FundSource, Provenance};

declare_rule! {
    /// 情况说明中的金额与表格一致。
    ///
    /// ## 检查什么
    /// Every amount the narrative states about a figure that a table also shows — income and
    /// expenditure totals, each fund source, each 功能分类 类 (and 款/项 where named), 基本支出
    /// and 项目支出, 人员经费 and 公用经费, each part of the 三公 expenses, 机关运行经费, and
    /// 政府采购 with its goods/works/services — equals the table. A narrative in 万元 about a
    /// table in 元 is right when it is the correctly rounded value; one cut off instead of rounded
    /// (87.708 → 87.70) is a warning. In final accounts the 三公 amounts the narrative states
    /// as the budget at the start of the year (`“三公”经费财政拨款支出年初预算为 X 万元`) are
    /// compared with the 三公 table's 预算数, the others (`支出决算为 Y 万元`) with its 决算数.
    ///
    /// Only certainties are errors. An amount is compared only when the reader resolved its
    /// subject with certainty (a classification path or name that the tables or the catalogue
    /// resolve to one line; a total only for a total's own wording), and only with cells read with
    /// certainty (not a table in doubt, a doubtful cell, a row with two columns of one meaning,
    /// a blank where the table's own arithmetic wants a figure, or in the 决算's 三公 table a cell
    /// that arithmetic suspects). When the tables disagree among themselves the narrative
    /// is not judged (YS201/YS202 report the tables). A wrong cell that
    /// no other table confirms gives one error however many sentences state the figure it should
    /// hold; a wrong figure stated twice against confirmed tables gives two.
    ///
    /// ## 为什么
    /// The narrative is what most readers read; the tables are what auditors read. A sentence
    /// that contradicts a table is the commonest defect of published budgets.
    ///
    /// ## 示例
    /// Fails: ““三公”经费预算 35.5 万元” with 表四 合计 33.50. Passes: “33.5 万元”.
    pub NarrativeMatchesTables, "YS301", "narrative-matches-tables", Narrative, Error
}

/// The table quantities a narrative subject may refer to, most likely first. In final accounts
/// a 三公 amount says which figure it is (预算数 / 决算数), and is that figure of the 决算's 三公
/// table.
pub fn candidates(key: &FactKey, figure: Option<Figure>) -> Vec<Quantity> {
    use Quantity as Q;
    if let Some(f) = figure {
        let item = match key {
            FactKey::ThreePublicTotal => Some(ColumnKey::Total),
            FactKey::Overseas => Some(ColumnKey::Overseas),
            FactKey::VehicleTotal => Some(ColumnKey::VehicleTotal),
            FactKey::VehiclePurchase => Some(ColumnKey::VehiclePurchase),
            FactKey::VehicleOperation => Some(ColumnKey::VehicleOperation),
            FactKey::Reception => Some(ColumnKey::Reception),
            _ => None,
        };
        if let Some(item) = item {
            return vec![Q::FinalThreePublic(item, f)];
        }
    }
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

/// A narrative amount that differs from the tables, before findings are grouped.
struct Miss {
    finding: Finding,
    /// The table cell it differs from.
    cell: Provenance,
    /// The quantity, the stated amount: statements of the same figure that differ from one cell.
    group: (Quantity, Fen),
    /// The cell agrees with every other place the tables print the quantity (at least one).
    corroborated: bool,
}

/// A figure cut off at its last digit instead of rounded (87.708 万元 stated as 87.70), against
/// a table that prints it finely (to the 元 or the 分): a convention some publishers follow, a
/// warning rather than an error.
fn truncated(stated: &Operand, table: &Operand) -> bool {
    let quantum = stated.bound * 2;
    if quantum <= 0 || table.bound * 2 * 100 > quantum || table.fen.0 < 0 {
        return false;
    }
    Fen(table.fen.0 - table.fen.0 % quantum) == stated.fen
}

/// Do two printed figures agree (equal, or within their rounding)?
fn agree(a: &Operand, b: &Operand) -> bool {
    crate::arith::agrees(a, b)
}

/// What the tables print for the quantities a fact's subject may be, worked out once per
/// subject: a long narrative states the same subjects again and again, and the tables print
/// each quantity in many places (comparing every statement with every place grew with the
/// square of the document).
struct Witness {
    /// Every distinct figure printed for any candidate quantity, as (amount, rounding bound).
    values: Vec<Operand>,
    /// The quantity that decides (the first printed with certainty), its best witness, and
    /// whether more than one certain place prints it; `None` when no quantity is printed with
    /// certainty or its certain places disagree among themselves.
    decides: Option<(Quantity, Occurrence, bool)>,
}

impl Witness {
    fn of(cx: &Cx, key: &FactKey, figure: Option<Figure>) -> Witness {
        let found: Vec<(Quantity, Rc<[Occurrence]>)> = candidates(key, figure)
            .into_iter()
            .map(|q| {
                let occ = cx.find(&q);
                (q, occ)
            })
            .filter(|(_, occ)| !occ.is_empty())
            .collect();
        let mut values: Vec<Operand> = Vec::new();
        for o in found.iter().flat_map(|(_, occ)| occ.iter()) {
            if !values
                .iter()
                .any(|v| v.fen == o.op.fen && v.bound == o.op.bound)
            {
                values.push(o.op.clone());
            }
        }
        // The first quantity printed with certainty decides.
        let decides = found
            .iter()
            .find_map(|(q, occ)| {
                let c: Vec<&Occurrence> = occ.iter().filter(|o| o.certain).collect();
                (!c.is_empty()).then_some((q, c))
            })
            .and_then(|(q, certain)| {
                // A present figure is a better witness than a blank.
                let first = certain
                    .iter()
                    .find(|o| o.op.present)
                    .or_else(|| certain.first())
                    .copied()?;
                certain
                    .iter()
                    .all(|o| agree(&o.op, &first.op))
                    .then(|| (q.clone(), first.clone(), certain.len() > 1))
            });
        Witness { values, decides }
    }
}

impl Rule for NarrativeMatchesTables {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    /// A stated amount is compared with the tables only when its subject is certain (the reader
    /// gives every other clause [`FactKey::Other`] or an unresolved name, which have no
    /// candidates) and only with cells read with certainty. It is an error when it matches no
    /// place the quantity is printed and the certain places agree among themselves (when they
    /// do not, the tables contradict each other: that is YS201/YS202's finding, and which of
    /// them the narrative should follow is not certain). One wrong cell gives one error however
    /// many sentences state the figure it should have held; a wrong figure stated in two places
    /// gives two errors when the tables confirm the cell.
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let mut misses: Vec<Miss> = Vec::new();
        let mut witnesses: HashMap<(&FactKey, Option<Figure>), Witness> = HashMap::new();
        for fact in &cx.doc.narrative.facts {
            let Some(amount) = &fact.amount else { continue };
            let stated = Operand::from_amount(amount, &fact.prov);
            let witness = witnesses
                .entry((&fact.key, fact.figure))
                .or_insert_with(|| Witness::of(cx, &fact.key, fact.figure));
            // Right when it matches any place (a rounding difference is not even information
            // here: the narrative rounds the tables' figures).
            if witness.values.iter().any(|v| agree(&stated, v)) {
                continue;
            }
            let Some((q, first, corroborated)) = &witness.decides else {
                continue;
            };
            let zh = format!("说明中的{}与表格不一致（{}）", q.label(), first.place);
            let en = format!(
                "the narrative's {} differs from the table ({})",
                q.label(),
                first.place
            );
            let Some(mut finding) = compare(
                &Self::INFO,
                &stated,
                first.op.fen,
                std::slice::from_ref(&first.op),
                (&zh, &en),
            ) else {
                continue;
            };
            if truncated(&stated, &first.op) {
                finding.severity = crate::Severity::Warning;
            }
            misses.push(Miss {
                finding,
                cell: first.op.prov.clone(),
                group: (q.clone(), amount.fen),
                corroborated: *corroborated,
            });
        }
        // Statements of the same figure that differ from the same lone cell: one finding, at
        // the cell and every statement.
        let mut rest: VecDeque<Miss> = misses.into();
        while let Some(m) = rest.pop_front() {
            let mut f = m.finding;
            if !m.corroborated {
                let (same, others): (VecDeque<Miss>, _) = rest
                    .into_iter()
                    .partition(|o| !o.corroborated && o.group == m.group && o.cell == m.cell);
                rest = others;
                for o in same {
                    if let Some(p) = o.finding.primary() {
                        f.locations.push(p.clone());
                    }
                }
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, fact, lines, run, table};
    use crate::Severity;
    use yusuan_model::{Code, Fact, Region, TableKind};

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap_or_else(|| panic!("{s}"))
    }

    fn by_code(c: &str) -> FactKey {
        FactKey::ExpenditureByCode {
            code: code(c),
            name: String::new(),
        }
    }

    #[test]
    fn a_wrong_figure_confirmed_by_the_tables_is_an_error_per_statement() {
        let mut d = doc();
        for line in [100, 200] {
            d.tables.push(
                table(TableKind::DepartmentExpenditure, line)
                    .coded("2080506", "机关事业单位职业年金缴费支出", &["887.36"])
                    .build(),
            );
        }
        d.narrative
            .facts
            .push(fact(by_code("2080506"), "87.36", "职业年金87.36万元", 7));
        d.narrative
            .facts
            .push(fact(by_code("2080506"), "87.36", "职业年金87.36万元", 8));
        d.narrative
            .facts
            .push(fact(by_code("2080506"), "887.36", "职业年金887.36万元", 9));
        let f = run(&NarrativeMatchesTables, &d, Region::Shanghai);
        assert_eq!(lines(&f), vec![7, 8]);
        assert!(f.iter().all(|f| f.severity == Severity::Error));
    }

    #[test]
    fn one_lone_wrong_cell_is_one_error() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::DepartmentExpenditure, 100)
                .coded("2010201", "行政运行", &["3,233.30"])
                .build(),
        );
        for line in [7, 8, 9] {
            d.narrative
                .facts
                .push(fact(by_code("2010201"), "3,233.03", "行政运行", line));
        }
        let f = run(&NarrativeMatchesTables, &d, Region::Shanghai);
        assert_eq!(f.len(), 1, "{f:?}");
        let ls: Vec<Option<u32>> = f[0].locations.iter().map(|p| p.line).collect();
        assert_eq!(ls, vec![Some(7), Some(101), Some(8), Some(9)]);
    }

    #[test]
    fn tables_that_disagree_or_are_in_doubt_decide_nothing() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::DepartmentExpenditure, 100)
                .coded("2010201", "行政运行", &["3,233.30"])
                .build(),
        );
        d.tables.push(
            table(TableKind::DepartmentIncome, 200)
                .coded("2010201", "行政运行", &["3,333.30"])
                .build(),
        );
        d.narrative
            .facts
            .push(fact(by_code("2010201"), "3,233.03", "行政运行", 7));
        assert!(run(&NarrativeMatchesTables, &d, Region::Shanghai).is_empty());

        let mut d = doc();
        let mut t = table(TableKind::DepartmentExpenditure, 100)
            .coded("2010201", "行政运行", &["3,233.30"])
            .build();
        t.doubt = Some("表头无法识别".into());
        d.tables.push(t);
        d.narrative
            .facts
            .push(fact(by_code("2010201"), "3,233.03", "行政运行", 7));
        assert!(run(&NarrativeMatchesTables, &d, Region::Shanghai).is_empty());

        // A doubtful cell.
        let mut d = doc();
        let mut t = table(TableKind::DepartmentExpenditure, 100)
            .coded("2010201", "行政运行", &["3,233.30"])
            .build();
        t.rows[0].cells[0].doubtful = true;
        d.tables.push(t);
        d.narrative
            .facts
            .push(fact(by_code("2010201"), "3,233.03", "行政运行", 7));
        assert!(run(&NarrativeMatchesTables, &d, Region::Shanghai).is_empty());
    }

    #[test]
    fn a_blank_where_the_table_holds_figures_is_not_a_zero() {
        // The procurement total read blank while the table's lines hold amounts.
        let mut d = doc();
        d.tables.push(
            table(TableKind::Procurement, 100)
                .columns(&[ColumnKey::Total, ColumnKey::Amount])
                .total(&["", ""])
                .line("一、货物A", &["", "496.20"])
                .build(),
        );
        d.narrative.facts.push(fact(
            FactKey::ProcurementTotal,
            "1,774.70",
            "政府采购预算总额",
            7,
        ));
        d.narrative
            .facts
            .push(fact(FactKey::ProcurementGoods, "496.20", "拟购买货物", 8));
        assert!(run(&NarrativeMatchesTables, &d, Region::Shanghai).is_empty());
        // A table that is empty is a certain zero.
        let mut d = doc();
        d.tables
            .push(table(TableKind::Procurement, 100).total(&[""]).build());
        d.narrative.facts.push(fact(
            FactKey::ProcurementTotal,
            "1,774.70",
            "政府采购预算总额",
            7,
        ));
        assert_eq!(
            lines(&run(&NarrativeMatchesTables, &d, Region::Shanghai)),
            vec![7]
        );
    }

    #[test]
    fn the_final_accounts_three_public_figures_each_with_its_column() {
        use yusuan_model::Figure::{Budget, Final};
        let items = [
            ColumnKey::Total,
            ColumnKey::Overseas,
            ColumnKey::VehicleTotal,
            ColumnKey::VehiclePurchase,
            ColumnKey::VehicleOperation,
            ColumnKey::Reception,
        ];
        let cols: Vec<(ColumnKey, Figure)> = items
            .iter()
            .flat_map(|&k| [(k, Budget), (k, Final)])
            .collect();
        let mut d = doc();
        d.tables.push(
            table(TableKind::FinalThreePublic, 100)
                .figure_columns(&cols)
                .line(
                    "",
                    &[
                        "30.00", "25.50", "5.00", "4.00", "20.00", "18.50", "8.00", "8.00",
                        "12.00", "10.50", "5.00", "3.00",
                    ],
                )
                .build(),
        );
        let stated = |key: FactKey, figure: Figure, amount: &str, line: u32| Fact {
            figure: Some(figure),
            ..fact(key, amount, "", line)
        };
        // Right: 年初预算 30.00 and 决算 25.50, 出国 决算 4.00; the 年初预算 is not the 决算.
        d.narrative.facts = vec![
            stated(FactKey::ThreePublicTotal, Budget, "30.00", 7),
            stated(FactKey::ThreePublicTotal, Final, "25.50", 8),
            stated(FactKey::Overseas, Final, "4.00", 9),
            stated(FactKey::VehicleOperation, Final, "10.50", 10),
        ];
        assert!(run(&NarrativeMatchesTables, &d, Region::Shanghai).is_empty());
        // The 年初预算 stated as the 决算 and the 接待 决算 as its 预算数: both wrong.
        d.narrative.facts = vec![
            stated(FactKey::ThreePublicTotal, Budget, "25.50", 7),
            stated(FactKey::Reception, Final, "5.00", 8),
        ];
        let f = run(&NarrativeMatchesTables, &d, Region::Shanghai);
        assert_eq!(lines(&f), vec![7, 8], "{f:?}");
        assert!(
            f[0].message.contains("“三公”经费预算数"),
            "{}",
            f[0].message
        );
        assert!(
            f[1].message.contains("公务接待费决算数"),
            "{}",
            f[1].message
        );
        // A 三公 amount with no figure said (a budget's) is not compared with the 决算 table.
        d.narrative.facts = vec![fact(FactKey::ThreePublicTotal, "99.00", "", 7)];
        assert!(run(&NarrativeMatchesTables, &d, Region::Shanghai).is_empty());
    }

    #[test]
    fn rounded_and_truncated_figures() {
        let mut d = doc();
        let mut t = table(TableKind::DepartmentExpenditure, 100)
            .coded("2080501", "行政单位离退休", &["877,080"])
            .build();
        t.unit = Some(yusuan_model::MoneyUnit::Yuan);
        for r in &mut t.rows {
            for c in &mut r.cells {
                c.amount = yusuan_model::parse_amount("877,080", yusuan_model::MoneyUnit::Yuan)
                    .ok()
                    .flatten();
            }
        }
        d.tables.push(t);
        // 87.708 万元 rounds to 87.71: right; cut to 87.70: a warning.
        d.narrative
            .facts
            .push(fact(by_code("2080501"), "87.71", "", 7));
        d.narrative
            .facts
            .push(fact(by_code("2080501"), "87.70", "", 8));
        let f = run(&NarrativeMatchesTables, &d, Region::Shanghai);
        assert_eq!(lines(&f), vec![8]);
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn subjects_that_are_not_certain_are_compared_with_nothing() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::DepartmentExpenditure, 100)
                .total(&["9,101.68"])
                .coded("2010301", "行政运行", &["1,202.95"])
                .build(),
        );
        for key in [
            FactKey::Other {
                label: "“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目".into(),
            },
            FactKey::ExpenditureByName {
                name: "一般公共服务支出（类）行政运行（项）".into(),
            },
        ] {
            d.narrative.facts.push(fact(key, "1,202.95", "", 7));
        }
        assert!(run(&NarrativeMatchesTables, &d, Region::Shanghai).is_empty());
    }
}
