use super::ys504_empty_table_explained::{
    empty_explanation, perf_display, perf_has_data, table_has_data,
};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::text::squash;
use yusuan_model::{Note, PerformanceKind, Provenance, TableKind};

declare_rule! {
    /// 空表说明与所在的表相符：表确实没有数据，说明所指的预算与本表一致。
    ///
    /// ## 检查什么
    /// A sentence that says a table is empty (`本部门无…，故本表为空表`) must sit on a table that
    /// really has no data, and it must name the budget of that table: the note of a
    /// 国有资本经营预算 table speaks of 国有资本经营, not of 政府性基金; the note of a “三公”
    /// table of 三公经费 … A note that names another table's budget and not its own is
    /// reported.
    ///
    /// ## 为什么
    /// Explanations of empty tables are copied from table to table; a note copied without
    /// being edited says something false about the table it explains (and nothing about the
    /// budget it should explain), and a note left on a table that has data contradicts it.
    ///
    /// ## 示例
    /// Fails: under `2025年部门国有资本经营预算支出功能分类预算表`, the note
    /// `注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。`. Passes:
    /// `注:本部门2025年无国有资本经营预算财政拨款安排的预算，故本表为空表。`.
    pub EmptyNoteMatchesTable, "YS505", "empty-note-matches-table", Completeness, Error
}

const GOV_FUND: &str = "政府性基金";
const STATE_CAPITAL: &str = "国有资本经营";
const THREE_PUBLIC: &str = "三公";
const PROCUREMENT: &str = "政府采购";
const GENERAL: &str = "一般公共预算";

/// The words that name a table's own budget, and those that name another table's.
fn words_of_table(kind: TableKind) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match kind {
        TableKind::GovFundExpenditure => (
            &[GOV_FUND],
            &[STATE_CAPITAL, THREE_PUBLIC, PROCUREMENT, GENERAL],
        ),
        TableKind::StateCapitalExpenditure => (
            &[STATE_CAPITAL],
            &[GOV_FUND, THREE_PUBLIC, PROCUREMENT, GENERAL],
        ),
        TableKind::ThreePublic => (
            &[THREE_PUBLIC, "因公出国", "公务用车", "公务接待", "机关运行"],
            &[GOV_FUND, STATE_CAPITAL, PROCUREMENT],
        ),
        TableKind::Procurement => (
            &[PROCUREMENT, "采购"],
            &[GOV_FUND, STATE_CAPITAL, THREE_PUBLIC],
        ),
        TableKind::GeneralBudgetExpenditure | TableKind::GeneralBudgetBasicEconomic => (
            &[GENERAL, "基本支出", "财政拨款"],
            &[GOV_FUND, STATE_CAPITAL, THREE_PUBLIC, PROCUREMENT],
        ),
        _ => return None,
    })
}

fn words_of_performance(
    kind: PerformanceKind,
) -> (&'static [&'static str], &'static [&'static str]) {
    let own: &'static [&'static str] = match kind {
        PerformanceKind::KeyProject => &["重点专项", "专项资金"],
        PerformanceKind::Project => &["项目"],
        PerformanceKind::Overall => &["整体"],
    };
    (own, &[GOV_FUND, STATE_CAPITAL, THREE_PUBLIC, PROCUREMENT])
}

/// The other budgets a note names when it names none of its own table's.
fn wrong_words(note: &str, own: &[&str], foreign: &[&'static str]) -> Vec<&'static str> {
    let t = squash(note);
    if own.iter().any(|w| t.contains(w)) {
        return Vec::new();
    }
    foreign.iter().copied().filter(|w| t.contains(w)).collect()
}

fn check_note(
    info: &'static RuleInfo,
    table: &str,
    table_prov: &Provenance,
    note: &Note,
    has_data: bool,
    words: (&[&str], &[&'static str]),
    out: &mut Vec<Finding>,
) {
    if has_data {
        let zh = format!(
            "{table}有数据，但所附说明称本表为空：「{}」",
            note.text.trim()
        );
        let en = format!(
            "{table} has data, but its note says the table is empty: \"{}\"",
            note.text.trim()
        );
        out.push(
            Finding::new(info.code, info.severity, zh, en)
                .at(&note.prov)
                .at(table_prov),
        );
    }
    let wrong = wrong_words(&note.text, words.0, words.1);
    if !wrong.is_empty() {
        let zh = format!(
            "{table}的空表说明写的是「{}」，与本表不符（应说明{}）：「{}」",
            wrong.join("」「"),
            words.0.first().copied().unwrap_or(""),
            note.text.trim()
        );
        let en = format!(
            "the note explaining why {table} is empty speaks of {} rather than this table's budget: \"{}\"",
            wrong.join(", "),
            note.text.trim()
        );
        out.push(
            Finding::new(info.code, info.severity, zh, en)
                .at(&note.prov)
                .at(table_prov),
        );
    }
}

impl Rule for EmptyNoteMatchesTable {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for t in &cx.doc.tables {
            let Some(note) = empty_explanation(t, cx.profile) else {
                continue;
            };
            let words = words_of_table(t.kind).unwrap_or((&[], &[]));
            check_note(
                &Self::INFO,
                &t.display_name(),
                &t.prov,
                note,
                table_has_data(t),
                words,
                out,
            );
        }
        for p in &cx.doc.performance {
            let Some(note) = &p.empty_note else { continue };
            let name = perf_display(p);
            check_note(
                &Self::INFO,
                &name,
                &p.prov,
                note,
                perf_has_data(p),
                words_of_performance(p.kind),
                out,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, lines, perf, run, table};
    use yusuan_model::Region;

    #[test]
    fn note_of_another_budget_or_on_a_full_table_fails() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::StateCapitalExpenditure, 314)
                .title("2025年部门国有资本经营预算支出功能分类预算表")
                .total(&[""])
                .empty_note("注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。")
                .build(),
        );
        d.tables.push(
            table(TableKind::GovFundExpenditure, 400)
                .coded("229", "其他支出", &["5.00"])
                .total(&["5.00"])
                .empty_note("（备注：本部门无政府性基金收支，故此表无数据。）")
                .build(),
        );
        let f = run(&EmptyNoteMatchesTable, &d, Region::Shanghai);
        assert_eq!(lines(&f), vec![316, 403]);
        assert!(
            f[0].message.starts_with(
                "2025年部门国有资本经营预算支出功能分类预算表的空表说明写的是「政府性基金」"
            ),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].locations[1].line, Some(314));
        assert!(f[1].message.contains("有数据"), "{}", f[1].message);
    }

    #[test]
    fn matching_notes_pass() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::StateCapitalExpenditure, 314)
                .total(&[""])
                .empty_note("注:本部门2025年无国有资本经营预算财政拨款安排的预算，故本表为空表。")
                .build(),
        );
        d.tables.push(
            table(TableKind::GovFundExpenditure, 252)
                .total(&["", "", ""])
                .empty_note("（备注：本部门无政府性基金收支，故此表无数据。）")
                .build(),
        );
        d.performance.push(
            perf(PerformanceKind::KeyProject, 492)
                .empty_note("（备注：本部门无此项收支，故此表无数据。）")
                .build(),
        );
        assert!(run(&EmptyNoteMatchesTable, &d, Region::Chongqing).is_empty());
    }
}
