use crate::profile::Presence;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::text::squash;
use yusuan_model::Provenance;
use yusuan_profile::{classify_words, TitleKind};

declare_rule! {
    /// 目录所列的表与文件中的表一一对应：目录列出的表都在，文件中的表都列入目录。
    ///
    /// ## 检查什么
    /// Where the document has a table of contents, each table it lists is published, and
    /// each published table is listed. Tables are matched by what their titles name (the same
    /// families the importer reads tables by), so `政府性基金财政拨款支出预算表` in the contents
    /// and `财政拨款政府性基金支出预算表` over the table are one table; a title whose family is
    /// not known is matched by its words.
    ///
    /// A listed table that the document's profile requires (or expects) and that is missing
    /// is reported by YS501 alone; this rule reports the other listed tables that are missing
    /// and every table the contents leave out. Warnings: the contents or a table may have been
    /// read incompletely.
    ///
    /// ## 为什么
    /// The contents are the reviewer's checklist of what was published: a table listed but
    /// missing was left out after the contents were written; a table not listed is easily
    /// overlooked, and often means the contents come from another year's template.
    ///
    /// ## 示例
    /// Fails: a table `2025年部门“三公”经费和机关运行经费预算表` on page 21 that the contents do
    /// not list. Passes: the contents list all nine tables and all nine are published.
    pub ContentsMatchTables, "YS508", "contents-match-tables", Completeness, Warning
}

/// A title without its year in front, squashed, for comparing words.
fn words(title: &str) -> String {
    let t = squash(title);
    yusuan_profile::titles::without_year(&t).to_string()
}

impl Rule for ContentsMatchTables {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let doc = cx.doc;
        if doc.meta.contents.is_empty() {
            return;
        }
        // The contents page, where the source shows it.
        let contents_at: Option<&Provenance> = doc
            .source
            .text
            .iter()
            .find(|l| squash(&l.text) == "目录")
            .map(|l| &l.prov);
        let listed: Vec<(&str, Option<TitleKind>)> = doc
            .meta
            .contents
            .iter()
            .map(|c| (c.as_str(), classify_words(c)))
            .collect();
        // Every published table and performance table: its title, family and place.
        let mut published: Vec<(&str, Option<TitleKind>, &Provenance)> = Vec::new();
        for t in &doc.tables {
            published.push((&t.title, Some(TitleKind::Table(t.kind)), &t.prov));
        }
        for p in &doc.performance {
            published.push((&p.title, Some(TitleKind::Performance(p.kind)), &p.prov));
        }
        let same = |a: (&str, Option<TitleKind>), b: (&str, Option<TitleKind>)| match (a.1, b.1) {
            (Some(x), Some(y)) => x == y,
            _ => {
                let (x, y) = (words(a.0), words(b.0));
                !x.is_empty() && !y.is_empty() && (x.contains(&y) || y.contains(&x))
            }
        };
        // Listed, missing, and not YS501's to report.
        let required = |k: TitleKind| {
            cx.profile.tables.iter().any(|r| {
                let of = match k {
                    TitleKind::Table(t) => r.kind == Some(t),
                    TitleKind::Performance(p) => r.performance == Some(p),
                };
                of && r.presence != Presence::Optional
            })
        };
        let mut reported: Vec<Option<TitleKind>> = Vec::new();
        for &(title, kind) in &listed {
            let Some(k) = kind else { continue };
            if published
                .iter()
                .any(|&(t, pk, _)| same((title, kind), (t, pk)))
                || required(k)
                || reported.contains(&kind)
            {
                continue;
            }
            reported.push(kind);
            let zh = format!("目录列出的表「{title}」在文件中没有找到");
            let en = format!("the contents list a table that is not in the document: {title}");
            let mut f = Finding::new(Self::INFO.code, Self::INFO.severity, zh, en);
            if let Some(p) = contents_at {
                f = f.at(p);
            }
            out.push(f);
        }
        for &(title, kind, prov) in &published {
            if listed.iter().any(|&l| same(l, (title, kind))) || reported.contains(&kind) {
                continue;
            }
            reported.push(kind);
            let zh = format!("表「{title}」未列入目录");
            let en = format!("the table \"{title}\" is not listed in the contents");
            let mut f = Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(prov);
            if let Some(p) = contents_at {
                f = f.at(p);
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, lines, run, table};
    use yusuan_model::{Disclosure, Region, TableKind};

    fn shanghai(contents: &[&str], tables: &[(TableKind, &str, u32)]) -> Disclosure {
        let mut d = doc();
        d.meta.contents = contents.iter().map(|s| s.to_string()).collect();
        for &(k, title, line) in tables {
            let mut t = table(k, line).build();
            t.title = title.to_string();
            d.tables.push(t);
        }
        d
    }

    #[test]
    fn a_table_left_out_of_the_contents_is_reported() {
        let d = shanghai(
            &["2025年部门财务收支预算总表", "2025年部门收入预算总表"],
            &[
                (
                    TableKind::DepartmentSummary,
                    "2025年部门财务收支预算总表",
                    10,
                ),
                (TableKind::DepartmentIncome, "2025年部门收入预算总表", 20),
                (
                    TableKind::ThreePublic,
                    "2025年部门“三公”经费和机关运行经费预算表",
                    30,
                ),
            ],
        );
        let f = run(&ContentsMatchTables, &d, Region::Shanghai);
        assert_eq!(lines(&f), vec![30]);
        assert!(f[0].message.contains("未列入目录"), "{}", f[0].message);
    }

    #[test]
    fn the_same_table_in_other_words_passes() {
        // 江苏: the contents and the table word the 政府性基金 table differently.
        let d = shanghai(
            &["政府性基金财政拨款支出预算表", "政府采购支出预算表"],
            &[
                (
                    TableKind::GovFundExpenditure,
                    "财政拨款政府性基金支出预算表",
                    10,
                ),
                (TableKind::Procurement, "2018年政府采购预算表", 20),
            ],
        );
        assert!(run(&ContentsMatchTables, &d, Region::National).is_empty());
        // No contents: nothing to compare.
        let d = shanghai(&[], &[(TableKind::Procurement, "政府采购预算表", 20)]);
        assert!(run(&ContentsMatchTables, &d, Region::National).is_empty());
    }

    #[test]
    fn a_listed_table_missing_is_left_to_ys501_when_required() {
        // 上海 requires the 三公 table: YS501 reports it, not this rule.
        let d = shanghai(
            &[
                "2025年部门财务收支预算总表",
                "2025年部门“三公”经费和机关运行经费预算表",
            ],
            &[(
                TableKind::DepartmentSummary,
                "2025年部门财务收支预算总表",
                10,
            )],
        );
        assert!(run(&ContentsMatchTables, &d, Region::Shanghai).is_empty());
        // The national profile does not require a 政府采购 table: reported here.
        let d = shanghai(
            &["收支预算总表", "政府采购支出预算表"],
            &[(TableKind::DepartmentSummary, "收支预算总表", 10)],
        );
        let f = run(&ContentsMatchTables, &d, Region::National);
        assert_eq!(
            f.len(),
            1,
            "{:?}",
            f.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
        assert!(f[0].message.contains("没有找到"), "{}", f[0].message);
    }
}
