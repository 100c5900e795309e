use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::{Note, PerformanceTable, Table};

declare_rule! {
    /// 没有数据的表附有说明（如“本部门无政府性基金收支，故此表无数据”）。
    ///
    /// ## 检查什么
    /// A table (or performance-goal table) that shows no amount other than blank or zero — or,
    /// for a performance table, no indicator — must carry a sentence that says why it is
    /// empty: `本部门无…，故此表无数据`, `…故本表为空表`, `本部门无此项收支`.
    ///
    /// ## 为什么
    /// 《地方预决算公开操作规程》 requires a table without data to be published anyway, with an
    /// explanation. An empty table without one cannot be told apart from a table whose data
    /// was lost when the document was put together.
    ///
    /// ## 示例
    /// Fails: 表五 政府性基金预算支出表 with only a blank 合计 row and no note. Passes: the same
    /// table followed by `（备注：本部门无政府性基金收支，故此表无数据。）`.
    pub EmptyTableExplained, "YS504", "empty-table-explained", Completeness, Error
}

/// Does a note say that its table is empty, in the usual words or in the words of this kind of
/// disclosure (the profile's: the national template's `注：本部门无该项目`)?
pub(crate) fn says_empty_in(text: &str, profile: &crate::profile::Profile) -> bool {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    says_empty(&t)
        || profile
            .empty_note_words
            .iter()
            .any(|w| t.contains(w.as_str()))
}

/// Does a note say that its table is empty?
pub(crate) fn says_empty(text: &str) -> bool {
    const MARKS: [&str; 11] = [
        "无数据",
        "无此项",
        "没有数据",
        "空表",
        "此表为空",
        "本表为空",
        "不涉及",
        "无相关数据",
        "未安排",
        "无相关收支",
        "无此类",
    ];
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    if MARKS.iter().any(|m| t.contains(m)) {
        return true;
    }
    // `本部门无政府性基金预算拨款，故本表…`: 无 … 故 ….
    match (t.find('无'), t.rfind('故')) {
        (Some(a), Some(b)) => a < b,
        _ => false,
    }
}

/// True when some cell shows a non-zero amount.
pub(crate) fn table_has_data(t: &Table) -> bool {
    t.rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .any(|c| c.amount.is_some_and(|a| !a.fen.is_zero()))
}

/// `表十二 一般性项目绩效目标表（统战及民族宗教工作经费）`, for messages.
pub(crate) fn perf_display(p: &PerformanceTable) -> String {
    let mut s = match &p.number {
        Some(n) => format!("{n} {}", p.title),
        None => p.title.clone(),
    };
    if let Some(name) = p.name.as_ref().filter(|n| !n.text.trim().is_empty()) {
        s.push_str(&format!("（{}）", name.text.trim()));
    }
    s
}

pub(crate) fn perf_has_data(p: &PerformanceTable) -> bool {
    !p.indicators.is_empty() || p.budget.as_ref().is_some_and(|b| !b.amount.fen.is_zero())
}

/// The note that explains why a table is empty: the one the importer set apart, else any of
/// its notes that says so.
pub(crate) fn empty_explanation<'t>(
    t: &'t Table,
    profile: &crate::profile::Profile,
) -> Option<&'t Note> {
    t.empty_note
        .as_ref()
        .or_else(|| t.notes.iter().find(|n| says_empty_in(&n.text, profile)))
}

/// The narrative's own section on the table says there is nothing (`七、政府性基金支出预算表
/// 情况说明 本部门无政府性基金预算`; `…政府性基金支出预算支出0万元`): the table is explained
/// there, as 江苏's departments do.
fn narrative_explains(doc: &yusuan_model::Disclosure, t: &yusuan_model::Table) -> bool {
    const SUBJECTS: [&str; 5] = [
        "政府性基金",
        "国有资本经营",
        "三公",
        "机关运行经费",
        "政府采购",
    ];
    let Some(subject) = SUBJECTS.iter().find(|s| t.title.contains(*s)) else {
        return false;
    };
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    doc.narrative.sections.iter().any(|sec| {
        let (title, text) = (squash(&sec.title), squash(&sec.text));
        title.contains(subject)
            && (text.contains(&format!("无{subject}"))
                || ["没有", "未安排", "不涉及", "为0万元", "0万元", "为0元"]
                    .iter()
                    .any(|w| text.contains(w)))
    })
}

impl Rule for EmptyTableExplained {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for t in &cx.doc.tables {
            if table_has_data(t)
                || empty_explanation(t, cx.profile).is_some()
                || narrative_explains(cx.doc, t)
            {
                continue;
            }
            let zh = format!(
                "{}没有数据，但没有说明原因（应注明如“本部门无…，故此表无数据”）",
                t.display_name()
            );
            let en = format!(
                "{} has no data and no sentence explaining why",
                t.display_name()
            );
            out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&t.prov));
        }
        for p in &cx.doc.performance {
            if perf_has_data(p) || p.empty_note.is_some() {
                continue;
            }
            let name = perf_display(p);
            let zh = format!(
                "{name}没有数据，但没有说明原因（应注明如“本部门无此项收支，故此表无数据”）"
            );
            let en = format!("{name} has no data and no sentence explaining why");
            out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&p.prov));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, lines, perf, run, table};
    use yusuan_model::{PerformanceKind, Region, TableKind};

    #[test]
    fn empty_tables_without_a_note_fail() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::GovFundExpenditure, 252)
                .number("表五")
                .total(&["", ""])
                .build(),
        );
        d.tables.push(
            table(TableKind::StateCapitalExpenditure, 270)
                .total(&["0.00"])
                .note("备注：本表反映国有资本经营预算支出情况。")
                .build(),
        );
        d.performance
            .push(perf(PerformanceKind::KeyProject, 492).build());
        let f = run(&EmptyTableExplained, &d, Region::Chongqing);
        assert_eq!(lines(&f), vec![252, 270, 492]);
        assert!(
            f[0].message
                .starts_with("表五 政府性基金预算支出表没有数据"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn explained_or_filled_tables_pass() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::GovFundExpenditure, 252)
                .total(&[""])
                .empty_note("（备注：本部门无政府性基金收支，故此表无数据。）")
                .build(),
        );
        d.tables.push(
            table(TableKind::StateCapitalExpenditure, 300)
                .total(&[""])
                .note("注:本部门2025年无国有资本经营预算财政拨款安排的预算，故本表为空表。")
                .build(),
        );
        d.tables.push(
            table(TableKind::ThreePublic, 320)
                .line("", &["0.95"])
                .build(),
        );
        d.performance.push(
            perf(PerformanceKind::KeyProject, 492)
                .empty_note("（备注：本部门无此项收支，故此表无数据。）")
                .build(),
        );
        d.performance.push(
            perf(PerformanceKind::Project, 509)
                .indicator("完成率", "100", "=", "100", "%", "是")
                .build(),
        );
        assert!(run(&EmptyTableExplained, &d, Region::Chongqing).is_empty());
    }

    #[test]
    fn the_national_templates_wording_explains_an_empty_table() {
        let national = crate::profile::for_region(yusuan_model::Region::National);
        assert!(says_empty_in("注：本部门无该项目", national));
        assert!(says_empty_in("注：本部门无相关收支项目", national));
        assert!(!says_empty("注：本部门无该项目"));
    }

    #[test]
    fn recognises_explanations() {
        assert!(says_empty(
            "（备注：本部门无政府性基金收支，故此表无数据。）"
        ));
        assert!(says_empty(
            "注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"
        ));
        assert!(says_empty("本单位无国有资本经营预算拨款，故本表无内容。"));
        assert!(!says_empty(
            "备注：本表反映当年一般公共预算财政拨款支出情况。"
        ));
        assert!(!says_empty(
            "表格数据为系统自动导出，可能存在小数点取舍差异。"
        ));
    }
}
