use super::ys504_empty_table_explained::perf_display;
use crate::arith::{compare, Operand};
use crate::finding::Money;
use crate::quantity::Quantity;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo, Severity};
use yusuan_model::catalog::normalize_name;
use yusuan_model::{FactKey, Fen, PerformanceKind, PerformanceTable, Provenance};

declare_rule! {
    /// 项目绩效目标表覆盖的项目支出，与说明中的项目金额、“均实行绩效目标管理”的表述一致。
    ///
    /// ## 检查什么
    /// Three things about the project performance-goal tables (一般性项目 and 重点专项):
    /// - (info) the share of 项目支出 (部门支出总表, else 一般公共预算支出表) that the disclosed
    ///   project tables cover, by their 当年预算;
    /// - (error) a project whose table states a budget that differs from the amount the
    ///   narrative states for the same project name;
    /// - (warning) the narrative says every project has goals (`项目支出均实行了绩效目标管理`,
    ///   or amounts under 绩效目标 that add up to all of 项目支出) while the disclosed project
    ///   tables cover less.
    ///
    /// ## 为什么
    /// Goals are disclosed so that readers can see what project money is for. A narrative that
    /// claims full coverage which the tables do not bear out, or a project amount that differs
    /// between the narrative and its table, misstates what the document discloses.
    ///
    /// ## 示例
    /// Fails: `2025 年项目支出均实行了绩效目标管理` with 项目支出 2,306.47 万元 while the 17
    /// project tables add up to 2,083.80 万元 (warning); `中介机构服务费 418.80 万元` in the
    /// narrative and `当年预算 481.80` in its table (error). Passes: the tables add up to
    /// 2,306.47 and each project's amounts agree.
    pub ProjectGoalsCoverage, "YS606", "project-goals-coverage", Performance, Error
}

/// Phrases that say every project has performance goals.
const ALL_COVERED: [&str; 8] = [
    "均实行了绩效目标管理",
    "均实行绩效目标管理",
    "全部实行了绩效目标管理",
    "全部实行绩效目标管理",
    "均编报了绩效目标",
    "全部编报了绩效目标",
    "均编制了绩效目标",
    "全部纳入绩效目标管理",
];

fn is_project(p: &PerformanceTable) -> bool {
    matches!(
        p.kind,
        PerformanceKind::Project | PerformanceKind::KeyProject
    )
}

/// A project name compared without spaces, brackets' widths and quotation marks.
fn project_key(s: &str) -> String {
    normalize_name(s)
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '《' | '》' | '「' | '」'))
        .collect()
}

/// The project table a narrative name refers to: the same name, else the one table whose
/// name contains it or is contained in it (names of at least four characters).
fn table_for<'a>(tables: &[&'a PerformanceTable], name: &str) -> Option<&'a PerformanceTable> {
    let key = project_key(name);
    let named = |p: &&&PerformanceTable| p.name.as_ref().map(|n| project_key(&n.text));
    if let Some(p) = tables
        .iter()
        .find(|p| named(p).as_deref() == Some(key.as_str()))
    {
        return Some(p);
    }
    let close: Vec<&&PerformanceTable> = tables
        .iter()
        .filter(|p| {
            named(p).is_some_and(|n| {
                let shorter = n.chars().count().min(key.chars().count());
                shorter >= 4 && (n.contains(key.as_str()) || key.contains(n.as_str()))
            })
        })
        .collect();
    match close.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// Where the narrative says every project has goals.
fn claim_of_full_coverage(cx: &Cx, total: &Operand) -> Option<Provenance> {
    let n = &cx.doc.narrative;
    let says = |s: &str| {
        let s = normalize_name(s);
        ALL_COVERED.iter().any(|p| s.contains(p))
    };
    if let Some(f) = n.facts.iter().find(|f| says(&f.text)) {
        return Some(f.prov.clone());
    }
    if let Some(s) = n.sections.iter().find(|s| says(&s.title) || says(&s.text)) {
        return Some(s.prov.clone());
    }
    // Covered amounts that add up to all of 项目支出.
    let covered: Vec<Operand> = n
        .facts
        .iter()
        .filter(|f| f.key == FactKey::PerformanceCovered)
        .filter_map(|f| f.amount.as_ref().map(|a| Operand::from_amount(a, &f.prov)))
        .collect();
    let first = covered.first()?;
    let sum: Fen = covered.iter().map(|o| o.fen).sum();
    let bound: i64 = total.bound + covered.iter().map(|o| o.bound).sum::<i64>();
    ((sum - total.fen).0.abs() <= bound).then(|| first.prov.clone())
}

impl ProjectGoalsCoverage {
    fn amounts_agree(cx: &Cx, tables: &[&PerformanceTable], out: &mut Vec<Finding>) {
        for fact in &cx.doc.narrative.facts {
            let FactKey::ProjectAmount { name } = &fact.key else {
                continue;
            };
            let Some(stated) = &fact.amount else { continue };
            let Some(p) = table_for(tables, name) else {
                continue;
            };
            let Some(budget) = &p.budget else { continue };
            let table_op = Operand::from_amount(&budget.amount, &budget.prov);
            let stated_op = Operand::from_amount(stated, &fact.prov);
            let zh = format!(
                "项目「{}」：{}的当年预算与情况说明所列金额不一致",
                name,
                perf_display(p)
            );
            let en = format!(
                "project \"{}\": the budget in {} differs from the narrative",
                name,
                perf_display(p)
            );
            out.extend(compare(
                &Self::INFO,
                &table_op,
                stated_op.fen,
                std::slice::from_ref(&stated_op),
                (&zh, &en),
            ));
        }
    }
}

impl Rule for ProjectGoalsCoverage {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let tables: Vec<&PerformanceTable> = cx
            .doc
            .performance
            .iter()
            .filter(|p| is_project(p))
            .collect();
        Self::amounts_agree(cx, &tables, out);
        let budgets: Vec<Operand> = tables
            .iter()
            .filter_map(|p| p.budget.as_ref())
            .map(|b| Operand::from_amount(&b.amount, &b.prov))
            .collect();
        let Some(first) = budgets.first() else {
            return;
        };
        let covered: Fen = budgets.iter().map(|o| o.fen).sum();
        let total = [Quantity::Project, Quantity::GeneralProject]
            .iter()
            .flat_map(|q| cx.find(q).to_vec())
            .find(|o| o.op.present)
            .map(|o| (o.op, o.place));
        let (unit, dec) = (first.unit, first.decimals.max(2));
        let shown = |f: Fen| Money::new(f, unit, dec).to_string();
        let Some((total, place)) = total else {
            let zh = format!(
                "{} 张项目绩效目标表，当年预算合计 {}（表中没有项目支出合计可比）",
                budgets.len(),
                shown(covered)
            );
            let en = format!("{} project performance tables with budgets totalling {} (no 项目支出 total to compare with)", budgets.len(), shown(covered));
            out.push(
                Finding::new(Self::INFO.code, Severity::Info, zh, en)
                    .at_all(budgets.iter().map(|o| &o.prov)),
            );
            return;
        };
        // Goals covering all project expenditure are what the rules ask: nothing to report.
        if covered == total.fen {
            return;
        }
        let percent = if total.fen.is_zero() {
            String::from("—")
        } else {
            // Tenths of a percent, in integers (rounded half up).
            let permille = (covered.0 as i128 * 2000 / total.fen.0 as i128 + 1) / 2;
            format!("{}.{}%", permille / 10, (permille % 10).abs())
        };
        let zh = format!(
            "项目绩效目标表 {} 张，当年预算合计 {}，占项目支出 {}（{}）的 {}",
            budgets.len(),
            shown(covered),
            shown(total.fen),
            place,
            percent
        );
        let en = format!(
            "{} project performance tables cover {} of 项目支出 {} ({}): {}",
            budgets.len(),
            shown(covered),
            shown(total.fen),
            place,
            percent
        );
        out.push(
            Finding::new(Self::INFO.code, Severity::Info, zh, en)
                .at(&total.prov)
                .at_all(budgets.iter().map(|o| &o.prov)),
        );
        let bound: i64 = total.bound + budgets.iter().map(|o| o.bound).sum::<i64>();
        if (total.fen - covered).0 <= bound {
            return;
        }
        let Some(claim) = claim_of_full_coverage(cx, &total) else {
            return;
        };
        let zh = format!(
            "情况说明称项目支出均实行了绩效目标管理，但公开的项目绩效目标表只覆盖 {}，少于项目支出 {}（{}），相差 {}",
            shown(covered),
            shown(total.fen),
            place,
            shown(total.fen - covered)
        );
        let en = format!(
            "the narrative says every project has performance goals, but the disclosed project tables cover {} of 项目支出 {} ({}), {} less",
            shown(covered),
            shown(total.fen),
            place,
            shown(total.fen - covered)
        );
        out.push(
            Finding::new(Self::INFO.code, Severity::Warning, zh, en)
                .at(&claim)
                .at(&total.prov)
                .at_all(budgets.iter().map(|o| &o.prov))
                .values(
                    Money::new(total.fen, unit, dec),
                    Money::new(covered, unit, dec),
                ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, fact, lines, perf, run, section, table};
    use yusuan_model::{ColumnKey, Disclosure, Region, TableKind};

    fn with_projects(project_total: &str, budgets: &[(&str, &str)]) -> Disclosure {
        let mut d = doc();
        d.tables.push(
            table(TableKind::DepartmentExpenditure, 377)
                .number("表八")
                .columns(&[ColumnKey::Total, ColumnKey::Basic, ColumnKey::Project])
                .total(&["3,636.80", "1,330.33", project_total])
                .build(),
        );
        for (i, (name, b)) in budgets.iter().enumerate() {
            d.performance.push(
                perf(PerformanceKind::Project, 509 + 20 * i as u32)
                    .number("表十二")
                    .name(name)
                    .budget(b)
                    .indicator("年度预算执行率", "100", "≥", "80", "%", "是")
                    .build(),
            );
        }
        d
    }

    #[test]
    fn claim_of_full_coverage_with_less_in_tables_warns() {
        let mut d = with_projects(
            "2,306.47",
            &[
                ("统战及民族宗教工作经费", "6.00"),
                ("退役军人及武装工作经费", "17.00"),
            ],
        );
        d.narrative.sections.push(section(
            Some("（四）"),
            2,
            "绩效目标设置情况",
            "2025 年项目支出均实行了绩效目标管理，涉及一般公共预算当年财政拨款 2304 万元。",
            43,
        ));
        let f = run(&ProjectGoalsCoverage, &d, Region::Chongqing);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].severity, Severity::Info);
        assert!(f[0].message.contains("23.00 万元"), "{}", f[0].message);
        assert_eq!(f[1].severity, Severity::Warning);
        assert_eq!(lines(&f[1..]), vec![43]);
        assert_eq!(f[1].locations[1].line, Some(378));
    }

    #[test]
    fn covered_amounts_equal_to_all_projects_count_as_a_claim() {
        let mut d = with_projects("2,306.47", &[("统战及民族宗教工作经费", "6.00")]);
        d.narrative.facts.push(fact(
            FactKey::PerformanceCovered,
            "2304",
            "一般公共预算当年财政拨款 2304 万元",
            43,
        ));
        d.narrative.facts.push(fact(
            FactKey::PerformanceCovered,
            "2.47",
            "国有资本经营预算 2.47 万元",
            43,
        ));
        let f = run(&ProjectGoalsCoverage, &d, Region::Chongqing);
        assert_eq!(
            f.iter().filter(|f| f.severity == Severity::Warning).count(),
            1,
            "{f:?}"
        );
    }

    #[test]
    fn project_amount_differing_from_its_table_is_an_error() {
        let mut d = with_projects(
            "24.00",
            &[("中介机构服务费", "481.80"), ("财政业务费", "10.00")],
        );
        let key = |n: &str| FactKey::ProjectAmount { name: n.into() };
        d.narrative.facts.push(fact(
            key("中介机构服务费"),
            "418.80",
            "中介机构服务费418.80万元",
            412,
        ));
        d.narrative
            .facts
            .push(fact(key("财政业务费"), "10.00", "财政业务费10.00万元", 413));
        let f = run(&ProjectGoalsCoverage, &d, Region::Shanghai);
        let errors: Vec<&Finding> = f.iter().filter(|f| f.severity == Severity::Error).collect();
        assert_eq!(errors.len(), 1, "{f:?}");
        assert_eq!(errors[0].locations[0].line, Some(511));
        assert_eq!(errors[0].locations[1].line, Some(412));
    }

    #[test]
    fn full_coverage_and_agreeing_amounts_pass() {
        let mut d = with_projects(
            "23.00",
            &[
                ("统战及民族宗教工作经费", "6.00"),
                ("退役军人及武装工作经费", "17.00"),
            ],
        );
        d.narrative.sections.push(section(
            Some("（四）"),
            2,
            "绩效目标设置情况",
            "2025 年项目支出均实行了绩效目标管理。",
            43,
        ));
        let key = FactKey::ProjectAmount {
            name: "统战及民族宗教工作经费".into(),
        };
        d.narrative
            .facts
            .push(fact(key, "6.00", "统战及民族宗教工作经费 6.00 万元", 44));
        // Full coverage, agreeing amounts: nothing to report.
        let f = run(&ProjectGoalsCoverage, &d, Region::Chongqing);
        assert!(f.is_empty(), "{f:?}");
    }
}
