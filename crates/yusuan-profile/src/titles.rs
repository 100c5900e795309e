//! Which family a table title names, by the words it contains (`data/titles.toml`). The
//! importer decides what a title *looks* like (a short line ending in 表, its number); this
//! decides what it *says*.

use serde::Deserialize;
use std::sync::OnceLock;
use yusuan_model::{PerformanceKind, TableKind};

const TITLES: &str = include_str!("../data/titles.toml");

/// What a title line names.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum TitleKind {
    Table(TableKind),
    Performance(PerformanceKind),
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    #[serde(default)]
    kind: Option<TableKind>,
    #[serde(default)]
    performance: Option<PerformanceKind>,
    #[serde(default)]
    all: Vec<String>,
    #[serde(default)]
    any: Vec<String>,
    #[serde(default)]
    not: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rules {
    rule: Vec<Rule>,
}

fn rules() -> &'static Result<Vec<(TitleKind, Rule)>, String> {
    static RULES: OnceLock<Result<Vec<(TitleKind, Rule)>, String>> = OnceLock::new();
    RULES.get_or_init(|| {
        let parsed: Rules = toml::from_str(TITLES).map_err(|e| format!("titles.toml: {e}"))?;
        parsed
            .rule
            .into_iter()
            .map(|r| {
                let kind = match (r.kind, r.performance) {
                    (Some(k), None) => TitleKind::Table(k),
                    (None, Some(p)) => TitleKind::Performance(p),
                    _ => {
                        return Err(format!(
                            "titles.toml: a rule must name one family ({:?})",
                            r.all
                        ))
                    }
                };
                if r.all.is_empty() && r.any.is_empty() {
                    return Err(format!("titles.toml: a rule for {kind:?} has no words"));
                }
                let norm = |v: Vec<String>| v.iter().map(|w| normalize(w)).collect();
                Ok((
                    kind,
                    Rule {
                        all: norm(r.all),
                        any: norm(r.any),
                        not: norm(r.not),
                        ..r
                    },
                ))
            })
            .collect()
    })
}

pub(crate) fn data_errors() -> Vec<crate::DataError> {
    match rules() {
        Ok(_) => Vec::new(),
        Err(e) => vec![crate::DataError(e.clone())],
    }
}

/// A title as compared: no whitespace, no quotes (`“三公”`, `"三公"`, `「三公」` alike), brackets
/// full-width.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '\u{3000}' | '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' | '《' | '》'
                )
        })
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ':' => '：',
            _ => c,
        })
        .collect()
}

/// A title without its year (`2025年`, `2025年度`) and unit kind (`部门`, `预算单位`, `单位`) in
/// front, for comparing wordings across years.
pub fn without_year(title: &str) -> &str {
    let rest = title.trim_start_matches(|c: char| c.is_ascii_digit());
    // Four ASCII digits: four bytes.
    if title.len() - rest.len() == 4 {
        if let Some(r) = rest.strip_prefix("年度") {
            return r;
        }
        if let Some(r) = rest.strip_prefix('年') {
            return r;
        }
    }
    title
}

/// The family a title names, from its words alone: `title` is the title without its number
/// (see the importer for what a title looks like). `None` when no family's words are there.
pub fn classify_words(title: &str) -> Option<TitleKind> {
    let t = normalize(title);
    let rules = rules().as_ref().ok()?;
    rules.iter().find_map(|(kind, r)| {
        let ok = r.all.iter().all(|w| t.contains(w.as_str()))
            && (r.any.is_empty() || r.any.iter().any(|w| t.contains(w.as_str())))
            && !r.not.iter().any(|w| t.contains(w.as_str()));
        ok.then_some(*kind)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use TableKind::*;

    fn t(s: &str) -> Option<TitleKind> {
        classify_words(s)
    }

    #[test]
    fn budget_titles_of_every_profile() {
        for (title, kind) in [
            ("财政拨款收支总表", FiscalSummary),
            ("一般公共预算财政拨款支出预算表", GeneralBudgetExpenditure),
            (
                "一般公共预算财政拨款基本支出预算表",
                GeneralBudgetBasicEconomic,
            ),
            ("一般公共预算“三公”经费支出表", ThreePublic),
            ("部门收支总表", DepartmentSummary),
            ("2025年部门财务收支预算总表", DepartmentSummary),
            ("2025年预算单位财务收支预算总表", DepartmentSummary),
            ("2025年部门收入预算总表", DepartmentIncome),
            ("2025年部门支出预算总表", DepartmentExpenditure),
            ("2025年部门财政拨款收支预算总表", FiscalSummary),
            (
                "2025年部门一般公共预算支出功能分类预算表",
                GeneralBudgetExpenditure,
            ),
            (
                "2025年部门一般公共预算基本支出部门预算经济分类预算表",
                GeneralBudgetBasicEconomic,
            ),
            ("2025年部门“三公”经费和机关运行经费预算表", ThreePublic),
            (
                "2025年部门国有资本经营预算支出功能分类预算表",
                StateCapitalExpenditure,
            ),
            // The national template (江苏 2017–2019).
            ("收支预算总表", DepartmentSummary),
            ("收入预算总表", DepartmentIncome),
            ("支出预算总表", DepartmentExpenditure),
            ("财政拨款收支预算总表", FiscalSummary),
            ("财政拨款支出预算表（功能科目）", FiscalExpenditure),
            ("财政拨款支出预算表", FiscalExpenditure),
            ("财政拨款基本支出预算表（经济科目）", FiscalBasicEconomic),
            (
                "一般公共预算支出预算表（功能科目）",
                GeneralBudgetExpenditure,
            ),
            (
                "一般公共预算基本支出预算表（经济科目）",
                GeneralBudgetBasicEconomic,
            ),
            (
                "“三公”经费、会议费、培训费支出预算表（一般公共预算）",
                ThreePublic,
            ),
            ("财政拨款政府性基金支出预算表", GovFundExpenditure),
            ("政府性基金预算财政拨款支出预算表", GovFundExpenditure),
            ("一般公共预算机关运行经费支出预算表", AdminCost),
            ("2019年政府采购预算表", Procurement),
            ("政府采购支出预算表", Procurement),
            ("政府采购预算明细表", Procurement),
        ] {
            assert_eq!(t(title), Some(TitleKind::Table(kind)), "{title}");
        }
    }

    #[test]
    fn final_accounts_titles() {
        for (title, kind) in [
            ("收入支出决算总表", FinalSummary),
            ("收入决算表", FinalIncome),
            ("支出决算表", FinalExpenditure),
            ("财政拨款收入支出决算总表", FinalFiscalSummary),
            (
                "一般公共预算财政拨款支出决算表",
                FinalGeneralBudgetExpenditure,
            ),
            (
                "一般公共预算财政拨款基本支出决算表",
                FinalGeneralBudgetBasicEconomic,
            ),
            ("财政拨款“三公”经费支出决算表", FinalThreePublic),
            ("一般公共预算财政拨款“三公”经费支出决算表", FinalThreePublic),
            ("政府性基金预算财政拨款收入支出决算表", FinalGovFund),
            ("国有资本经营预算财政拨款收入支出决算表", FinalStateCapital),
            ("国有资本经营预算财政拨款支出决算表", FinalStateCapital),
        ] {
            assert_eq!(t(title), Some(TitleKind::Table(kind)), "{title}");
        }
    }

    #[test]
    fn performance_and_none() {
        assert_eq!(
            t("部门（单位）整体绩效目标表"),
            Some(TitleKind::Performance(PerformanceKind::Overall))
        );
        assert_eq!(
            t("2025年重点专项资金绩效目标表（一级项目）"),
            Some(TitleKind::Performance(PerformanceKind::KeyProject))
        );
        assert_eq!(
            t("2025年一般性项目绩效目标表（一级项目）"),
            Some(TitleKind::Performance(PerformanceKind::Project))
        );
        assert_eq!(t("2019年度部门预算表"), None);
        assert_eq!(t("部门预算公开表"), None);
    }

    #[test]
    fn normal_forms() {
        assert_eq!(normalize(" “三公” 经费(一) "), "三公经费（一）");
        assert_eq!(without_year("2025年部门收入预算总表"), "部门收入预算总表");
        assert_eq!(without_year("2019年度部门预算"), "部门预算");
        assert_eq!(without_year("收支预算总表"), "收支预算总表");
    }
}
