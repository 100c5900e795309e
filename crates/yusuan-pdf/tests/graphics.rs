//! Ruling lines and visibility on real documents of `corpus/pdf`.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::panic)]

use yusuan_pdf::{read_pdf, Page, PdfText, Rule};

fn corpus(name: &str) -> PdfText {
    let path = format!("{}/../../corpus/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    read_pdf(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Distinct positions, rules within a point of each other counted once.
fn distinct(mut at: Vec<f64>) -> Vec<f64> {
    at.sort_by(f64::total_cmp);
    at.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    at
}

fn is_amount(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit()) && s.chars().all(|c| c.is_ascii_digit() || c == ',')
}

/// Every amount on the page lies inside one cell: no vertical rule crosses it, and it has a
/// vertical rule on either side.
fn amounts_sit_in_cells(page: &Page) {
    let verticals: Vec<&Rule> = page.rules.iter().filter(|r| !r.is_horizontal()).collect();
    let mut seen = 0;
    for w in page.words.iter().filter(|w| is_amount(&w.text)) {
        let cy = (w.y0 + w.y1) / 2.0;
        let here: Vec<f64> = verticals
            .iter()
            .filter(|r| r.start <= cy && cy <= r.end)
            .map(|r| r.at)
            .collect();
        assert!(
            !here.iter().any(|x| w.x0 < *x && *x < w.x1),
            "page {}: a rule crosses {} {here:?}",
            page.number,
            w.text
        );
        assert!(
            here.iter().any(|x| *x <= w.x0) && here.iter().any(|x| *x >= w.x1),
            "page {}: {} is not between two rules {here:?}",
            page.number,
            w.text
        );
        seen += 1;
    }
    assert!(seen > 10, "page {}: only {seen} amounts", page.number);
}

/// 上海市财政局 单位预算, page 7: 财务收支预算总表 with a two-level header (本年支出: 合计 /
/// 基本支出 (人员经费, 公用经费) / 项目支出), every cell border drawn twice (a 0.14 pt stroke
/// and a 0.96 pt filled rectangle beside it).
#[test]
fn ruled_grid_of_a_two_level_header() {
    let pdf = corpus("shanghai-finance-bureau-2025-unit-budget.pdf");
    let page = &pdf.pages[6];
    assert!(page.rules.iter().all(|r| !r.from_fill));
    let h: Vec<&Rule> = page.rules.iter().filter(|r| r.is_horizontal()).collect();
    let v: Vec<&Rule> = page.rules.iter().filter(|r| !r.is_horizontal()).collect();
    // One rule per border: the stroke and the fill beside it merged.
    assert_eq!(h.len(), 17, "{h:?}");
    assert_eq!(v.len(), 8, "{v:?}");
    assert_eq!(distinct(h.iter().map(|r| r.at).collect()).len(), 17);
    assert_eq!(distinct(v.iter().map(|r| r.at).collect()).len(), 8);
    for r in &page.rules {
        assert!((r.thickness - 0.97).abs() < 0.05, "{r:?}");
    }
    // The frame: from x 43.5 to 805.2, from y 94.7 to 465.8 (13 body rows of 23.2 pt and a
    // header of 4 rows).
    let (left, right) = (v[0], v[7]);
    assert!((left.at - 43.0).abs() < 0.5 && (right.at - 804.7).abs() < 0.5);
    assert!((h[0].at - 95.2).abs() < 0.5 && (h[16].at - 465.8).abs() < 0.5);
    let full_width = |r: &Rule| (r.start - 43.5).abs() < 1.0 && (r.end - 805.2).abs() < 1.0;
    assert_eq!(h.iter().filter(|r| full_width(r)).count(), 15);
    // The header's second and third levels: a rule under 本年支出 from 合计 rightwards, one
    // under 基本支出 over its two columns; the columns below start at their level.
    let partial: Vec<(f64, f64)> = h
        .iter()
        .filter(|r| !full_width(r))
        .map(|r| (r.start, r.end))
        .collect();
    assert_eq!(partial.len(), 2, "{partial:?}");
    assert!((partial[0].0 - 557.7).abs() < 1.0 && (partial[0].1 - 722.1).abs() < 1.0);
    assert!((partial[1].0 - 466.6).abs() < 1.0 && (partial[1].1 - 805.2).abs() < 1.0);
    let tops: Vec<(i64, i64)> = v
        .iter()
        .map(|r| (r.at.round() as i64, r.end.round() as i64))
        .collect();
    assert_eq!(
        tops,
        [
            (43, 466),
            (204, 442),
            (304, 465),
            (466, 442),
            (557, 419),
            (642, 396),
            (722, 419),
            (805, 465)
        ]
    );
    amounts_sit_in_cells(page);
}

/// Every table page of the 财政局 部门预算 has its grid, and every amount in a cell.
#[test]
fn amounts_lie_in_cells_on_every_table_page() {
    let pdf = corpus("shanghai-putuo-finance-bureau-2025-budget.pdf");
    let mut table_pages = 0;
    for page in &pdf.pages {
        let amounts = page.words.iter().filter(|w| is_amount(&w.text)).count();
        if page.rules.len() >= 6 && amounts > 10 {
            amounts_sit_in_cells(page);
            table_pages += 1;
        }
    }
    assert!(table_pages >= 8, "{table_pages}");
}

/// 普陀区商务委员会 部门预算: page 3's 主要职能 overflows its clip path: items 9–12 are
/// drawn below it, clipped away, and page 4 draws the text again from item 7, clipped away
/// down to the middle of item 9, where its visible part starts. Each item is read once, as a
/// reader sees the pages.
#[test]
fn clipped_overflow_is_read_once() {
    let pdf = corpus("shanghai-putuo-commerce-2025-dept-budget.pdf");
    let text: String = pdf.pages[2..4]
        .iter()
        .map(|p| p.text())
        .collect::<Vec<_>>()
        .join("\n");
    for item in [
        "7、组织推进本区工商业技术进步",
        "导本区相关企业技术创新",
        "应急机制，协调重要商品储备",
        "8、组织协调本区工商业、煤炭",
        "9、组织协调本区商品交易市场规划",
        "10、提供有关境外投资的法律法规",
        "11、负责依法管理本区外商投资企业",
        "12、负责贯彻执行有关粮食流通",
        "13、完成区委、区政府交办的其他任务",
    ] {
        assert_eq!(text.matches(item).count(), 1, "{item}\n{text}");
    }
    let (p3, p4) = (&pdf.pages[2], &pdf.pages[3]);
    assert!(
        p3.text().ends_with("负责建立健全生活必需品市场供应"),
        "{}",
        p3.text()
    );
    assert!(
        p4.text().starts_with("应急机制，协调重要商品储备"),
        "{}",
        p4.text()
    );
    // What was clipped is counted, not silently dropped.
    assert!(p3.hidden_glyphs > 300, "{}", p3.hidden_glyphs);
    assert!(p4.hidden_glyphs > 300, "{}", p4.hidden_glyphs);
    assert!(p3.problems.is_empty() && p4.problems.is_empty());
    // The frame's edges fall between lines: nothing is cut, a reader sees whole lines.
    assert!(p3.cut_glyphs.is_empty(), "{:?}", p3.cut_glyphs);
    assert!(p4.cut_glyphs.is_empty(), "{:?}", p4.cut_glyphs);
}

/// Page 4 of the 司法局 2026 PDF draws item （八） across the foot of its text frame: the clip
/// cuts the line, only the tops of its characters show (the item is drawn again on page 5).
/// The report names the line, its box and how little is shown; page 5, whose frame begins
/// between lines, has nothing cut.
#[test]
fn a_line_cut_by_the_frame_is_reported() {
    let pdf = corpus("shanghai-putuo-justice-bureau-2026-budget.pdf");
    let (p4, p5) = (&pdf.pages[3], &pdf.pages[4]);
    let report = p4.display_report();
    assert_eq!(report.page, 4);
    assert_eq!(report.cut_runs.len(), 1, "{report:?}");
    let run = &report.cut_runs[0];
    assert!(
        run.text.starts_with("（八）负责本系统警车管理工作"),
        "{}",
        run.text
    );
    assert_eq!(run.glyphs, report.cut);
    assert!(run.glyphs >= 50, "{}", run.glyphs);
    assert!(run.least_visible < 0.2, "{}", run.least_visible);
    // At the foot of the page, across the text's width.
    assert!(run.bbox[1] < 130.0 && run.bbox[3] < 140.0, "{:?}", run.bbox);
    assert!(run.bbox[2] - run.bbox[0] > 600.0, "{:?}", run.bbox);
    // Cut with its centre outside: not read on page 4 (page 5 has it), counted once.
    assert!(p4.cut_glyphs.iter().all(|g| !g.read));
    assert_eq!(report.hidden + report.cut, p4.hidden_glyphs);
    assert!(!p4.text().contains("警车"));
    assert!(p5.text().contains("（八）负责本系统警车管理工作"));
    assert!(p5.cut_glyphs.is_empty(), "{:?}", p5.cut_glyphs);
}

/// No healthy corpus document reports a problem.
#[test]
fn healthy_documents_have_no_problems() {
    let dir = format!("{}/../../corpus/pdf", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for d in [dir.clone(), format!("{dir}/jiangsu")] {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "pdf") {
                files.push(e.path());
            }
        }
    }
    assert!(files.len() >= 26);
    for f in files {
        let pdf = read_pdf(&std::fs::read(&f).unwrap()).unwrap();
        let problems: Vec<String> = pdf.all_problems().map(|p| p.to_string()).collect();
        assert!(problems.is_empty(), "{}: {problems:?}", f.display());
    }
}
