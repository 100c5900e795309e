use super::util::report_identities;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::identity::IdentityKind;

declare_rule! {
    /// “三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费；公务用车 = 购置费 + 运行费。
    ///
    /// ## 检查什么
    /// In the 三公 table, the total equals its three parts, and the vehicle subtotal equals
    /// purchase plus operation. Where the table also shows 会议费 and 培训费 (the national
    /// template's “三公”经费、会议费、培训费支出预算表), its 合计 is the 三公 subtotal plus those
    /// two, and the 三公 subtotal is the three parts. The 决算's 财政拨款“三公”经费支出决算表
    /// shows each item's 预算数 and 决算数 (上海: each item over its two figures; the national
    /// template: 预算数 over the items, then 决算数): each figure adds up on its own.
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
        report_identities(
            cx,
            &Self::INFO,
            &[IdentityKind::ThreePublic, IdentityKind::Vehicles],
            out,
            |w| {
                (
                    format!(
                        "{}「{}」{}不等于{}之和",
                        w.table.display_name(),
                        w.row,
                        w.column.label,
                        w.part_columns
                    ),
                    format!(
                        "{}: {} ({}) is not the sum of {}",
                        w.table.display_name(),
                        w.row,
                        w.column.key.label(),
                        w.part_columns
                    ),
                )
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, run, table};
    use yusuan_model::{ColumnKey as K, Region, TableKind};

    /// The national template's “三公”经费、会议费、培训费支出预算表 (江苏 2019).
    fn national(row: &[&str]) -> yusuan_model::Disclosure {
        let mut d = doc();
        d.tables.push(
            table(TableKind::ThreePublic, 10)
                .columns(&[
                    K::Total,
                    K::ThreePublicTotal,
                    K::Overseas,
                    K::VehicleTotal,
                    K::VehiclePurchase,
                    K::VehicleOperation,
                    K::Reception,
                    K::Meeting,
                    K::Training,
                ])
                .line("2019年预算数", row)
                .build(),
        );
        d
    }

    #[test]
    fn meetings_and_training_are_in_the_total_not_in_the_three() {
        let right = [
            "1,471.70", "508.20", "70.00", "411.20", "", "411.20", "27.00", "933.50", "30.00",
        ];
        assert!(run(&ThreePublicParts, &national(&right), Region::National).is_empty());
        // 合计 without the 培训费.
        let mut wrong = right;
        wrong[0] = "1,441.70";
        let f = run(&ThreePublicParts, &national(&wrong), Region::National);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message
                .contains("合计不等于“三公”经费小计、会议费、培训费之和"),
            "{}",
            f[0].message
        );
        // The three expenses' subtotal wrong.
        let mut wrong = right;
        wrong[1] = "518.20";
        wrong[0] = "1,481.70";
        let f = run(&ThreePublicParts, &national(&wrong), Region::National);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message.contains("“三公”经费小计不等于因公出国"),
            "{}",
            f[0].message
        );
    }

    /// The 决算's 三公 table in 上海's order (each item over its 预算数 and 决算数) or the
    /// national one (预算数 over the six items, then 决算数 over them).
    fn final_accounts(
        national: bool,
        budget: [&str; 6],
        fin: [&str; 6],
    ) -> yusuan_model::Disclosure {
        use yusuan_model::Figure::{Budget, Final};
        let items = [
            K::Total,
            K::Overseas,
            K::VehicleTotal,
            K::VehiclePurchase,
            K::VehicleOperation,
            K::Reception,
        ];
        let (cols, row): (Vec<_>, Vec<&str>) = if national {
            items
                .iter()
                .zip(budget)
                .map(|(&k, a)| ((k, Budget), a))
                .chain(items.iter().zip(fin).map(|(&k, a)| ((k, Final), a)))
                .unzip()
        } else {
            items
                .iter()
                .zip(budget.iter().zip(fin))
                .flat_map(|(&k, (&b, f))| [((k, Budget), b), ((k, Final), f)])
                .unzip()
        };
        let mut d = doc();
        d.tables.push(
            table(TableKind::FinalThreePublic, 10)
                .figure_columns(&cols)
                .line("", &row)
                .build(),
        );
        d
    }

    #[test]
    fn the_final_accounts_table_foots_each_figure_in_either_order() {
        let budget = ["30.00", "5.00", "20.00", "8.00", "12.00", "5.00"];
        let fin = ["25.50", "4.00", "18.50", "8.00", "10.50", "3.00"];
        for national in [false, true] {
            let d = final_accounts(national, budget, fin);
            assert!(run(&ThreePublicParts, &d, Region::National).is_empty());
            // The 决算数 合计 wrong: one finding, about the 决算数.
            let mut wrong = fin;
            wrong[0] = "26.50";
            let f = run(
                &ThreePublicParts,
                &final_accounts(national, budget, wrong),
                Region::National,
            );
            assert_eq!(f.len(), 1, "{f:?}");
            assert!(
                f[0].message.contains("合计 决算数不等于"),
                "{}",
                f[0].message
            );
            assert!(
                f[0].message.contains("公务接待费 决算数"),
                "{}",
                f[0].message
            );
            assert!(!f[0].message.contains("预算数"), "{}", f[0].message);
            // The vehicles' 预算数 not their parts.
            let mut wrong = budget;
            wrong[4] = "11.00";
            let f = run(
                &ThreePublicParts,
                &final_accounts(national, wrong, fin),
                Region::National,
            );
            assert_eq!(f.len(), 1, "{f:?}");
            assert!(
                f[0].message.contains("公务用车购置及运行费 预算数不等于"),
                "{}",
                f[0].message
            );
        }
    }

    #[test]
    fn without_a_subtotal_the_total_holding_more_is_not_compared_with_the_three() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::ThreePublic, 10)
                .columns(&[
                    K::Total,
                    K::Overseas,
                    K::VehicleTotal,
                    K::Reception,
                    K::Meeting,
                ])
                .line("预算数", &["100.00", "10.00", "20.00", "30.00", "40.00"])
                .build(),
        );
        assert!(run(&ThreePublicParts, &d, Region::National).is_empty());
    }
}
