//! The rule catalogue, one file per rule. Codes are stable: never reuse a retired code.
//!
//! | range | category |
//! |---|---|
//! | YS0xx | reading the document (import problems, lines not understood) |
//! | YS1xx | arithmetic within a table |
//! | YS2xx | the same quantity across tables |
//! | YS3xx | narrative against tables |
//! | YS4xx | classification codes |
//! | YS5xx | completeness against the region profile |
//! | YS6xx | performance goals |
//! | YS7xx | what human reviewers read (审阅): placeholders, years, typography, old names, wording, blank pages |

mod subject;
#[cfg(test)]
mod testutil;
mod util;
mod wording;

mod ys001_import_problems;
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
mod ys304_narrative_code_path;
mod ys305_percent_matches;
mod ys401_code_format;
mod ys402_child_without_parent;
mod ys403_name_matches_catalog;
mod ys404_disclosure_depth;
mod ys501_required_tables;
mod ys502_required_sections;
mod ys503_section_numbering;
mod ys504_empty_table_explained;
mod ys505_empty_note_matches_table;
mod ys506_duplicate_paragraph;
mod ys507_table_numbering;
mod ys508_contents_match_tables;
mod ys601_weights_sum_100;
mod ys602_nature_valid;
mod ys603_quantitative_value;
mod ys604_duplicate_indicator;
mod ys605_core_indicator;
mod ys606_project_goals_coverage;
mod ys701_placeholder_text;
mod ys702_comparison_year;
mod ys703_typography;
mod ys704_retired_name;
mod ys705_document_wording;
mod ys706_blank_page;
mod ys707_comparison_words;
mod ys708_change_parts;
mod ys709_reason_opposite_changes;
mod ys710_reason_against_change;
mod ys711_text_cut_off;
mod ys712_item_amount_restated;

pub use ys001_import_problems::ImportProblems;
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
pub use ys304_narrative_code_path::NarrativeCodePath;
pub use ys305_percent_matches::PercentMatches;
pub use ys401_code_format::CodeFormat;
pub use ys402_child_without_parent::ChildWithoutParent;
pub use ys403_name_matches_catalog::NameMatchesCatalog;
pub use ys404_disclosure_depth::DisclosureDepth;
pub use ys501_required_tables::RequiredTables;
pub use ys502_required_sections::RequiredSections;
pub use ys503_section_numbering::SectionNumbering;
pub use ys504_empty_table_explained::EmptyTableExplained;
pub use ys505_empty_note_matches_table::EmptyNoteMatchesTable;
pub use ys506_duplicate_paragraph::DuplicateParagraph;
pub use ys507_table_numbering::TableNumbering;
pub use ys508_contents_match_tables::ContentsMatchTables;
pub use ys601_weights_sum_100::WeightsSum100;
pub use ys602_nature_valid::NatureValid;
pub use ys603_quantitative_value::QuantitativeValue;
pub use ys604_duplicate_indicator::DuplicateIndicator;
pub use ys605_core_indicator::CoreIndicator;
pub use ys606_project_goals_coverage::ProjectGoalsCoverage;
pub use ys701_placeholder_text::PlaceholderText;
pub use ys702_comparison_year::ComparisonYear;
pub use ys703_typography::Typography;
pub use ys704_retired_name::RetiredName;
pub use ys705_document_wording::DocumentWording;
pub use ys706_blank_page::BlankPage;
pub use ys707_comparison_words::ComparisonWords;
pub use ys708_change_parts::ChangeParts;
pub use ys709_reason_opposite_changes::ReasonOppositeChanges;
pub use ys710_reason_against_change::ReasonAgainstChange;
pub use ys711_text_cut_off::TextCutOff;
pub use ys712_item_amount_restated::ItemAmountRestated;

use crate::Rule;

/// Every rule, in code order.
pub fn all() -> &'static [&'static dyn Rule] {
    &[
        &ImportProblems,
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
        &NarrativeCodePath,
        &PercentMatches,
        &CodeFormat,
        &ChildWithoutParent,
        &NameMatchesCatalog,
        &DisclosureDepth,
        &RequiredTables,
        &RequiredSections,
        &SectionNumbering,
        &EmptyTableExplained,
        &EmptyNoteMatchesTable,
        &DuplicateParagraph,
        &TableNumbering,
        &ContentsMatchTables,
        &WeightsSum100,
        &NatureValid,
        &QuantitativeValue,
        &DuplicateIndicator,
        &CoreIndicator,
        &ProjectGoalsCoverage,
        &PlaceholderText,
        &ComparisonYear,
        &Typography,
        &RetiredName,
        &DocumentWording,
        &BlankPage,
        &ComparisonWords,
        &ChangeParts,
        &ReasonOppositeChanges,
        &ReasonAgainstChange,
        &TextCutOff,
        &ItemAmountRestated,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_documented() {
        let rules = all();
        for w in rules.windows(2) {
            assert!(
                w[0].info().code < w[1].info().code,
                "{} before {}",
                w[0].info().code,
                w[1].info().code
            );
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
