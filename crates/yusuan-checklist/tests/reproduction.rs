//! The checklist of the 司法局 2026 PDF against the real reviewer's checklist of it
//! (corpus/review/): every item the reviewer marked 否 is 否 with the same problems, every 是
//! is 是, except the differences listed here, each with its reason. A listed difference is
//! asserted to still be there, so this test fails the day it is resolved (move it then).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use calamine::{open_workbook, Data, Reader, Xlsx};
use yusuan_checklist::{Checklist, Item, Verdict};

const REVIEW: &str = "review/shanghai-putuo-justice-bureau-2026-budget-review.xlsx";

/// The reviewer's items: (item, 是/否, problems as written, one a line).
fn reviewer() -> Vec<(String, String, Vec<String>)> {
    let mut wb: Xlsx<_> = open_workbook(support::corpus(REVIEW)).unwrap();
    let sheet = wb.sheet_names().first().cloned().unwrap();
    let range = wb.worksheet_range(&sheet).unwrap();
    let cell = |r: u32, c: u32| -> String {
        match range.get_value((r, c)) {
            Some(Data::String(s)) => s.trim().to_string(),
            Some(Data::Empty) | None => String::new(),
            Some(other) => other.to_string(),
        }
    };
    let mut out = Vec::new();
    // Items start on the row after the header (符合要求 in column D).
    let header = (0..30).find(|&r| cell(r, 3) == "符合要求").unwrap();
    for r in header + 1..header + 40 {
        let (name, verdict) = (cell(r, 1), cell(r, 3));
        if name.is_empty() || verdict.is_empty() {
            continue;
        }
        let problems = cell(r, 4)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        out.push((name, verdict, problems));
    }
    out
}

/// Our item for the reviewer's: the same name, or a table's name without its 部门 prefix
/// (the reviewer writes 《国有资本经营预算支出功能分类预算表》), or the timeliness item.
fn ours<'a>(c: &'a Checklist, name: &str) -> &'a Item {
    let bare = |s: &str| s.trim_matches(['《', '》']).to_string();
    c.items
        .iter()
        .find(|i| i.name == name || bare(&i.name).strip_prefix("部门") == Some(bare(name).as_str()))
        .unwrap_or_else(|| panic!("no item for the reviewer's {name}"))
}

/// A reviewer's problem and how yusuan reports it: the words it is known by in the reviewer's
/// text, and the rule, page and words of our remarks (how many of them).
struct Found {
    reviewer: &'static str,
    rule: &'static str,
    page: u32,
    words: &'static str,
    count: usize,
}

const fn found(
    reviewer: &'static str,
    rule: &'static str,
    page: u32,
    words: &'static str,
) -> Found {
    Found {
        reviewer,
        rule,
        page,
        words,
        count: 1,
    }
}

fn remarks_with(item: &Item, rule: &str, page: u32, words: &str) -> usize {
    item.remarks
        .iter()
        .filter(|r| r.rule == rule && r.pages.first() == Some(&page) && r.message.contains(words))
        .count()
}

#[test]
fn reviewers_checklist_is_reproduced() {
    let (c, _) = support::checklist(support::JUSTICE);
    let review = reviewer();
    assert_eq!(review.len(), 18, "{review:#?}");

    // Each reviewer's problem, by item, and the remarks that are the same problem.
    let expected: &[(&str, &[Found])] = &[
        ("目录", &[found("空表页", "YS706", 3, "空白页")]),
        // Item （八） drawn across the foot of page 4, cut by the text frame's clip: the tops
        // of its characters show (and the item again on page 5).
        ("主要职能", &[found("未正常显示", "YS711", 4, "（八）")]),
        (
            "预算编制说明",
            &[
                Found {
                    count: 5,
                    ..found("5处与2025年预算比较", "YS702", 8, "与2026年")
                },
                found("漏了个句号", "YS703", 8, "工作量增加"),
                found("连续两个句号", "YS703", 8, "。。"),
                found("43269.3", "YS305", 9, "43,269.3"),
                found(
                    "医疗卫生与计划生育支出",
                    "YS704",
                    9,
                    "医疗卫生与计划生育支出",
                ),
                // 208.8 in the heading, 201.50 in the text (the stated +5.27% fits 208.8, so it
                // is not reported again as a wrong percentage).
                found("208.8", "YS712", 9, "标题为 208.8 万元，正文为 201.50 万元"),
            ],
        ),
        ("项目经费情况说明", &[found("右引号", "YS703", 23, "”")]),
    ];

    // Known differences, each asserted below.
    // 1. 及时性 (reviewer 是): the tool cannot know when the document was published; left to
    //    the reviewer by design.
    const REVIEWER_ONLY: &str = "及时公开部门预算";

    // Real defects yusuan finds that the reviewer did not note (listed as defects in
    // corpus/expected/shanghai-putuo-justice-bureau-2026-budget.toml): 77.99 → 91.97 万元 is
    // +17.93%, the text says 17.66% (copied from the item above).
    const BEYOND_REVIEWER: &[(&str, &str, u32, &str)] = &[("预算编制说明", "YS305", 9, "77.99")];

    let mut matched = Vec::new();
    for (name, verdict, problems) in &review {
        let item = ours(&c, name);
        if name == REVIEWER_ONLY {
            assert_eq!(verdict, "是");
            assert_eq!(item.verdict, Verdict::ForReviewer);
            continue;
        }
        match verdict.as_str() {
            "是" => assert_eq!(
                item.verdict,
                Verdict::Yes,
                "{name}: the reviewer found nothing, yusuan says {:?}",
                item.remarks
            ),
            "否" => {
                assert_eq!(item.verdict, Verdict::No, "{name}");
                let (_, founds) = expected
                    .iter()
                    .find(|(n, _)| n == name)
                    .unwrap_or_else(|| panic!("{name}: reviewer's 否 with no expectation"));
                let all = problems.join("\n");
                assert_eq!(
                    founds.len(),
                    problems.len(),
                    "{name}: each reviewer's problem has its expectation: {problems:#?}"
                );
                for f in *founds {
                    assert!(
                        all.contains(f.reviewer),
                        "{name}: reviewer's text has no {}",
                        f.reviewer
                    );
                    assert_eq!(
                        remarks_with(item, f.rule, f.page, f.words),
                        f.count,
                        "{name}: {} ({} p.{} {}) in {:#?}",
                        f.reviewer,
                        f.rule,
                        f.page,
                        f.words,
                        item.remarks
                    );
                }
                // Every remark of ours that is an error or warning is one of the reviewer's, or
                // a real defect the reviewer did not note.
                let beyond: usize = BEYOND_REVIEWER
                    .iter()
                    .filter(|(n, ..)| n == name)
                    .map(|&(_, rule, page, words)| {
                        let n = remarks_with(item, rule, page, words);
                        assert_eq!(n, 1, "{name}: {rule} p.{page} {words}");
                        n
                    })
                    .sum();
                let ours_counted: usize = founds.iter().map(|f| f.count).sum::<usize>() + beyond;
                let ours_all = item
                    .remarks
                    .iter()
                    .filter(|r| r.severity >= yusuan_check::Severity::Warning)
                    .count();
                assert_eq!(ours_counted, ours_all, "{name}: {:#?}", item.remarks);
            }
            other => panic!("{name}: reviewer's verdict {other}"),
        }
        matched.push(name.clone());
    }
    assert_eq!(matched.len(), 17, "{matched:?}");
    // One defect, one error: the 住房公积金 slip is YS712's alone (its percentage fits the
    // heading's amount), not also a wrong percentage.
    let budget_notes = ours(&c, "预算编制说明");
    assert!(
        !budget_notes
            .remarks
            .iter()
            .any(|r| r.rule == "YS305" && r.message.contains("201.50")),
        "{:#?}",
        budget_notes.remarks
    );
}
