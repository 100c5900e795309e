use crate::quantity::strip_numbering;
use crate::rules::wording::Wording;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo, Severity};
use yusuan_model::catalog::normalize_name;
use yusuan_model::{Provenance, Scheme};

declare_rule! {
    /// 说明和表格没有使用已经更名的科目名称（如 2019 年起 210 类为「卫生健康支出」）。
    ///
    /// ## 检查什么
    /// The names the catalogue knows a 功能分类 code had in earlier years only (210
    /// 医疗卫生与计划生育支出 until 2018, 卫生健康支出 since 2019; 207 文化体育与传媒支出 until
    /// 2018) are looked for in the narrative and in the rows printed without a code (the
    /// summary tables' `三、医疗卫生与计划生育支出`) of a document of a later year. Rows with
    /// a code are compared with the catalogue by YS403. Without the document's year nothing is
    /// reported. In the first year after a rename the old name is a warning (a document
    /// prepared the year before may carry it); later, an error.
    ///
    /// ## 为什么
    /// Documents are written over the previous year's; a class renamed years ago survives in
    /// the text while the tables, exported from the finance system, carry the new name, and
    /// the reader finds two names for one class. Reviewers mark it as 科目名称前后不一致.
    ///
    /// ## 示例
    /// Fails, in a 2026 budget: `11、医疗卫生与计划生育支出（210类）行政事业单位医疗（11款）…`.
    /// Passes: `卫生健康支出（210类）…`; the old name in a 2018 document.
    pub RetiredName, "YS704", "retired-class-name", Narrative, Error
}

impl RetiredName {
    fn report(
        cx: &Cx,
        old: &yusuan_model::catalog::CatalogEntry,
        now: &yusuan_model::catalog::CatalogEntry,
        prov: &Provenance,
        out: &mut Vec<Finding>,
    ) {
        let zh = format!(
            "「{}」是 {} 在 {} 年及以前的名称，{} 年应为「{}」",
            old.name, old.code, old.last_year, cx.year, now.name
        );
        let en = format!(
            "\"{}\" is the name {} had until {}; in {} it is \"{}\"",
            old.name, old.code, old.last_year, cx.year, now.name
        );
        // In the year after the rename a document prepared the year before may still carry
        // the old name (the 2019 tables of 江苏 printed 2018's class names): a warning.
        let severity = if cx.year > old.last_year.saturating_add(1) {
            Self::INFO.severity
        } else {
            Severity::Warning
        };
        out.push(Finding::new(Self::INFO.code, severity, zh, en).at(prov));
    }
}

impl Rule for RetiredName {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        if cx.doc.meta.year.is_none() {
            return;
        }
        let retired = cx.catalog.retired_names(Scheme::Function, cx.year);
        if retired.is_empty() {
            return;
        }
        let w = Wording::of(cx.doc);
        for (old, now) in &retired {
            let name = normalize_name(&old.name);
            // An old name inside the new one is no old name.
            if normalize_name(&now.name).contains(&name) || name.chars().count() < 4 {
                continue;
            }
            let pattern: String = name.chars().map(crate::rules::wording::normalize).collect();
            for p in w.find_all(&pattern) {
                if let Some(prov) = w.prov(p) {
                    Self::report(cx, old, now, prov, out);
                }
            }
            for t in &cx.doc.tables {
                for r in t.rows.iter().filter(|r| r.code.is_none()) {
                    if normalize_name(strip_numbering(&r.label)) == name {
                        Self::report(cx, old, now, &r.prov, out);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{lines, table};
    use crate::rules::wording::test::narrative;
    use yusuan_model::{Catalog, Region, TableKind};

    fn check(year: u16, d: &mut yusuan_model::Disclosure) -> Vec<Finding> {
        d.meta.year = Some(year);
        let profile = crate::profile::for_region(Region::Shanghai);
        let cx = Cx::new(d, Catalog::embedded(), year, profile);
        let mut out = Vec::new();
        RetiredName.check(&cx, &mut out);
        out
    }

    #[test]
    fn the_2018_name_in_a_later_document_fails() {
        let mut d = narrative(&[
            " 11、医疗卫生与计划生育支出（210类）行政事业单位医疗（11款）行政单位医疗（01项）114.97万元。",
            " 12、卫生健康支出（210类）。",
        ]);
        d.tables.push(
            table(TableKind::DepartmentSummary, 10)
                .line("三、医疗卫生与计划生育支出", &["1.00"])
                .line("四、卫生健康支出", &["1.00"])
                .build(),
        );
        let f = check(2026, &mut d);
        assert_eq!(lines(&f), vec![1, 11], "{f:?}");
        assert!(f[0].message.contains("卫生健康支出"));
    }

    #[test]
    fn the_old_name_in_its_own_years_passes() {
        let mut d = narrative(&["五、医疗卫生与计划生育支出（类）12.00万元。"]);
        assert!(check(2018, &mut d).is_empty());
    }
}
