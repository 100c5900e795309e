use crate::rules::wording::Wording;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::DocKind;

declare_rule! {
    /// 说明对文件的称谓与文件种类相符：单位预算不称“部门预算”，部门预算不称“单位预算”，预算不称“决算”。
    ///
    /// ## 检查什么
    /// The narrative names the document it is part of: `2025年部门预算安排购置车辆…`. The
    /// name must be the document's kind:
    /// - a 单位预算 does not speak of its `部门预算` (`YYYY年部门预算`, `YYYY年度部门预算`,
    ///   `部门预算安排`), and a 部门预算 not of its `单位预算` (`YYYY年单位预算`);
    /// - a budget of Y does not call itself the 决算 of Y, and final accounts of Y not the
    ///   预算 of Y (`YYYY年部门预算` in a 决算 of Y: final accounts compare with the budget, so
    ///   only `YYYY年部门决算`/`单位决算` of another kind is reported there).
    ///
    /// - in a region that publishes both kinds with their own tables (上海), a title naming
    ///   one kind over the tables of the other.
    ///
    /// Names of classifications (`部门预算支出经济分类`) and of the budgeting unit
    /// (`预算主管部门`) are not the document's name and pass. Warnings: the publisher's
    /// template may word it otherwise, but a reviewer should look.
    ///
    /// ## 为什么
    /// A unit's budget is written over its department's, or one year's kind over another's;
    /// the word left unchanged tells the reader the wrong document (`2025年部门预算安排购置车辆0辆`
    /// in the 单位预算 of 上海市财政局).
    ///
    /// ## 示例
    /// Fails, in a 单位预算: `2025年部门预算安排购置车辆0辆`. Passes: `2025年单位预算安排购置车辆0辆`.
    pub DocumentWording, "YS705", "document-wording", Narrative, Warning
}

impl DocumentWording {
    /// The title names one kind and the tables are those of another, in a region that publishes
    /// both (上海: 部门预算 and 单位预算, each with its own tables).
    fn title_against_tables(cx: &Cx, out: &mut Vec<Finding>) {
        let meta = &cx.doc.meta;
        let named = yusuan_profile::for_region(meta.region, meta.kind);
        if meta.kind == cx.profile.kind
            || named.id == cx.profile.id
            || named.kind != meta.kind
            || cx.profile.region != Some(meta.region)
        {
            return;
        }
        let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
        let title = meta.title.as_deref().map(squash).unwrap_or_default();
        let line = cx
            .doc
            .source
            .text
            .iter()
            .find(|l| !title.is_empty() && squash(&l.text).contains(&title))
            .or_else(|| cx.doc.source.text.first());
        let Some(line) = line else { return };
        let zh = format!(
            "标题称{}，表格却是{}的格式（{}）：「{}」",
            meta.kind.label(),
            cx.profile.kind.label(),
            cx.profile.name,
            line.text.trim()
        );
        let en = format!(
            "the title says {} but the tables are those of a {} ({}): \"{}\"",
            meta.kind.label(),
            cx.profile.kind.label(),
            cx.profile.name_en,
            line.text.trim()
        );
        out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&line.prov));
    }
}

impl Rule for DocumentWording {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        Self::title_against_tables(cx, out);
        let kind = cx.doc.meta.kind;
        // The wordings that name another kind of document than this one.
        let wrong: &[&str] = match kind {
            DocKind::UnitBudget => &["部门预算", "部门决算", "单位决算"],
            DocKind::DepartmentBudget => &["单位预算", "部门决算", "单位决算"],
            DocKind::UnitFinalAccounts => &["部门决算"],
            DocKind::DepartmentFinalAccounts => &["单位决算"],
        };
        let w = Wording::of(cx.doc);
        for word in wrong {
            for p in w.find_all(word) {
                let after = p + word.chars().count();
                // The document's own name: `2025年部门预算`, `2025年度部门预算` (of the document's
                // year), or `部门预算安排` (this budget arranges).
                let year_before = [5usize, 6].iter().any(|&back| {
                    p.checked_sub(back).is_some_and(|s| {
                        w.year_at(s).is_some_and(|(y, end)| {
                            y == cx.year
                                && (w.at(end, "年") && end + 1 == p
                                    || w.at(end, "年度") && end + 2 == p)
                        })
                    })
                });
                let arranges = word.ends_with("预算") && w.at(after, "安排");
                // A classification's name follows: 部门预算支出经济分类.
                let classification = w.at(after, "支出经济") || w.at(after, "经济分类");
                if !(year_before || arranges) || classification {
                    continue;
                }
                let Some(prov) = w.prov(p) else { continue };
                let quote = w.excerpt(p, 6, 14);
                let zh = format!(
                    "本文件是{}，说明中却称「{word}」：「{quote}」",
                    kind.label()
                );
                let en = format!(
                    "the document is a {} but the text calls it {word}: \"{quote}\"",
                    kind.label()
                );
                out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(prov));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::lines;
    use crate::rules::wording::test::narrative;
    use yusuan_model::{Catalog, Region};

    fn found(kind: DocKind, text: &[&str]) -> Vec<u32> {
        let mut d = narrative(text);
        d.meta.kind = kind;
        d.meta.year = Some(2025);
        let profile = crate::profile::for_region(Region::Shanghai);
        let cx = Cx::new(&d, Catalog::embedded(), 2025, profile);
        let mut out = Vec::new();
        DocumentWording.check(&cx, &mut out);
        lines(&out)
    }

    #[test]
    fn department_wording_in_a_unit_budget_fails() {
        assert_eq!(
            found(
                DocKind::UnitBudget,
                &[
                    "2025年部门预算安排购置车辆0辆。",
                    "预算主管部门：上海市财政局",
                    "2025年预算单位一般公共预算基本支出部门预算经济分类预算表",
                    "是市级预算主管部门及所属预算单位本年度从本级财政部门取得的财政拨款。",
                ]
            ),
            vec![1]
        );
    }

    #[test]
    fn each_kind_in_its_own_words_passes() {
        assert!(found(
            DocKind::DepartmentBudget,
            &["2025年部门预算安排购置车辆0辆。"]
        )
        .is_empty());
        assert!(found(DocKind::UnitBudget, &["2025年单位预算安排购置车辆0辆。"]).is_empty());
        assert_eq!(
            found(
                DocKind::DepartmentBudget,
                &["2025年单位预算安排购置车辆0辆。"]
            ),
            vec![1]
        );
    }
}
