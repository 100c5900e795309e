//! The checklist's content (items, 是/否, remarks) for corpus documents of two profiles.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

#[test]
fn justice_bureau_2026_department_budget() {
    let (c, _) = support::checklist(support::JUSTICE);
    insta::assert_snapshot!(c.summary());
}

#[test]
fn social_work_dept_2024_final_accounts() {
    let (c, _) = support::checklist("pdf/shanghai-putuo-social-work-dept-2024-final-accounts.pdf");
    insta::assert_snapshot!(c.summary());
}

#[test]
fn welfare_home_2024_unit_budget() {
    let (c, _) = support::checklist("pdf/shanghai-putuo-welfare-home-2024-unit-budget.pdf");
    insta::assert_snapshot!(c.summary());
}
