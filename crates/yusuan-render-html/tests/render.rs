//! The HTML renderer on the reference disclosure and the two Shanghai budgets.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used)]

use yusuan_model::Disclosure;

fn fixture(name: &str) -> Disclosure {
    let path = format!("{}/../../corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    yusuan_import::import_text(name, &text).unwrap()
}

const FIXTURES: [&str; 3] = [
    "chongqing-jiangbeicheng-2025-budget.txt",
    "shanghai-putuo-wanli-2025-budget.txt",
    "shanghai-putuo-finance-bureau-2025-budget.txt",
];

const ELEMENTS: [&str; 29] = [
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p", "nav",
    "ol", "li", "a", "main", "section", "div", "span", "table", "colgroup", "col", "thead",
    "tbody", "tr", "th", "td", "br",
];
const VOID: [&str; 3] = ["meta", "col", "br"];

/// Every `<` starts a known element, and the elements nest properly: nothing from the data
/// was written as markup.
fn check_markup(html: &str) {
    let body = html.split("</style>").nth(1).unwrap();
    // The part after the style sheet: `<html>` and `<head>` are open.
    let mut stack: Vec<&str> = vec!["html", "head"];
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap();
        let tag = &rest[..end];
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split([' ', '\n'])
            .next()
            .unwrap();
        assert!(ELEMENTS.contains(&name), "unexpected markup <{tag}>");
        if VOID.contains(&name) {
            continue;
        }
        if closing {
            assert_eq!(stack.pop(), Some(name), "misnested </{name}>");
        } else {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
}

#[test]
fn reference_html_snapshot() {
    let d = fixture(FIXTURES[0]);
    let html = yusuan_render_html::render(&d).unwrap();
    insta::assert_snapshot!("reference_html", html);
}

#[test]
fn every_table_title_anchor_and_escaped_text() {
    for name in FIXTURES {
        let d = fixture(name);
        let html = yusuan_render_html::render(&d).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
        // Self-contained: no external resources.
        for bad in [
            "<link", "<script", "src=", "url(", "http://", "https://", "@import",
        ] {
            assert!(!html.contains(bad), "{name}: {bad}");
        }
        check_markup(&html);
        for (i, t) in d.tables.iter().enumerate() {
            let anchor = format!("t{}", i + 1);
            assert!(
                html.contains(&format!("href=\"#{anchor}\"")),
                "{name}: toc {anchor}"
            );
            assert!(
                html.contains(&format!("id=\"{anchor}\"")),
                "{name}: {anchor}"
            );
            let title = yusuan_render::escape_xml(&t.display_name()).into_owned();
            assert!(
                html.contains(&format!("id=\"{anchor}-h\">{title}</h2>")),
                "{name}: {title}"
            );
        }
        for i in 0..d.narrative.sections.len() {
            let anchor = format!("s{}", i + 1);
            assert!(
                html.contains(&format!("href=\"#{anchor}\"")),
                "{name}: toc {anchor}"
            );
            assert!(
                html.contains(&format!(" id=\"{anchor}\">")),
                "{name}: {anchor}"
            );
        }
        for i in 0..d.performance.len() {
            assert!(html.contains(&format!("href=\"#p{}\"", i + 1)));
        }
        assert_eq!(
            html.matches("<table").count(),
            d.tables.len() + d.performance.len()
        );
    }
}

#[test]
fn reference_tables_have_group_headers_and_numbers() {
    let d = fixture(FIXTURES[0]);
    let html = yusuan_render_html::render(&d).unwrap();
    // 表二: 功能分类科目 over code and name, 2025年预算数 over the amounts.
    assert!(html.contains(
        "<tr><th scope=\"colgroup\" colspan=\"2\">功能分类科目</th><th scope=\"colgroup\" colspan=\"3\">2025年预算数</th></tr>"
    ));
    // 表一: 收入 | 支出.
    assert!(html.contains(
        "<tr><th scope=\"colgroup\" colspan=\"2\">收入</th><th scope=\"colgroup\" colspan=\"5\">支出</th></tr>"
    ));
    // 表四: three header rows, 合计 reaching down two rows.
    assert!(html.contains("<th scope=\"col\" rowspan=\"2\">合计</th>"));
    assert!(html.contains("<th scope=\"colgroup\" colspan=\"3\">公务用车购置及运行费</th>"));
    assert!(html.contains("<td class=\"name em\">合计</td><td class=\"num em\">3,634.33</td>"));
    assert!(html.contains("<td class=\"code\">2010301</td><td class=\"name l2\">行政运行</td><td class=\"num\">442.61</td><td class=\"num\">442.61</td><td class=\"num\"></td>"));
    assert!(html
        .contains("<p class=\"empty-note\">（备注：本部门无政府性基金收支，故此表无数据。）</p>"));
    assert!(html.contains("单位：万元"));
    // `<` and `>` from the data are escaped.
    assert!(html.contains("&lt;重庆市贯彻《中国共产党统一战线工作条例》的具体举措&gt;"));
    assert!(!html.contains("<重庆市"));
    // Wide tables print landscape.
    assert!(html.contains("<section class=\"table-block wide\" id=\"t1\""));
    assert!(html.contains("@page wide { size: A4 landscape;"));
}

#[test]
fn empty_and_hostile_disclosures_render() {
    let html = yusuan_render_html::render(&Disclosure::default()).unwrap();
    check_markup(&html);
    let mut d = fixture(FIXTURES[0]);
    d.tables[1].title = "<script>alert(1)</script>\u{1}".into();
    d.tables[1].rows[0].label = "a & b < c".into();
    d.narrative.sections[0].title = "\"引号\" 'x'".into();
    let html = yusuan_render_html::render(&d).unwrap();
    check_markup(&html);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("a &amp; b &lt; c"));
}
