//! The rule catalogue, one file per rule. Codes are stable: never reuse a retired code.
//!
//! | range | category |
//! |---|---|
//! | YS1xx | arithmetic within a table |
//! | YS2xx | the same quantity across tables |
//! | YS3xx | narrative against tables |
//! | YS4xx | classification codes |
//! | YS5xx | completeness against the region profile |
//! | YS6xx | performance goals |

mod subject;
mod util;

mod ys101_parent_equals_children;
mod ys102_total_equals_rows;
mod ys103_basic_plus_project;
mod ys104_personnel_plus_operating;
mod ys105_total_equals_sources;
mod ys106_income_equals_expenditure;
mod ys107_three_public_parts;
mod ys108_summary_lines_add_up;
mod ys201_totals_agree;
mod ys202_rows_agree;
mod ys301_narrative_matches_tables;
mod ys302_changes_agree;
mod ys303_reasons_add_up;

pub use ys101_parent_equals_children::ParentEqualsChildren;
pub use ys102_total_equals_rows::TotalEqualsRows;
pub use ys103_basic_plus_project::BasicPlusProject;
pub use ys104_personnel_plus_operating::PersonnelPlusOperating;
pub use ys105_total_equals_sources::TotalEqualsSources;
pub use ys106_income_equals_expenditure::IncomeEqualsExpenditure;
pub use ys107_three_public_parts::ThreePublicParts;
pub use ys108_summary_lines_add_up::SummaryLinesAddUp;
pub use ys201_totals_agree::TotalsAgree;
pub use ys202_rows_agree::RowsAgree;
pub use ys301_narrative_matches_tables::NarrativeMatchesTables;
pub use ys302_changes_agree::ChangesAgree;
pub use ys303_reasons_add_up::ReasonsAddUp;

use crate::Rule;

/// Every rule, in code order.
pub fn all() -> &'static [&'static dyn Rule] {
    &[
        &ParentEqualsChildren,
        &TotalEqualsRows,
        &BasicPlusProject,
        &PersonnelPlusOperating,
        &TotalEqualsSources,
        &IncomeEqualsExpenditure,
        &ThreePublicParts,
        &SummaryLinesAddUp,
        &TotalsAgree,
        &RowsAgree,
        &NarrativeMatchesTables,
        &ChangesAgree,
        &ReasonsAddUp,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_documented() {
        let rules = all();
        for w in rules.windows(2) {
            assert!(w[0].info().code < w[1].info().code, "{} before {}", w[0].info().code, w[1].info().code);
        }
        for r in rules {
            let i = r.info();
            assert!(i.code.starts_with("YS") && i.code.len() == 5, "{}", i.code);
            let doc = i.doc_text();
            for part in ["## 检查什么", "## 为什么", "## 示例"] {
                assert!(doc.contains(part), "{} doc lacks {part}", i.code);
            }
        }
    }
}
