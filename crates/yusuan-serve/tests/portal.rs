//! The portal served for real on a loopback port over corpus documents (published PDFs of two
//! years of one unit, a disclosure in two files, the example budget) and a hostile one, every
//! page and API route requested over HTTP.

// Test code: a failure is reported by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{get, id, request, server};

#[test]
fn front_page_lists_and_searches() {
    let r = get("/");
    assert_eq!(r.status, 200);
    let t = r.text();
    assert!(t.contains("江苏省人大常委会办公厅"), "{t}");
    assert!(t.contains("万里街道办事处"));
    let r = get("/?q=%E4%B8%87%E9%87%8C&year=2025");
    let t = r.text();
    assert!(t.contains("万里街道办事处"));
    assert!(!t.contains("江苏省人大常委会办公厅"));
    // A form's blank choices mean any.
    assert!(get("/?q=&year=&region=").text().contains("万里街道办事处"));
    let r = get("/?region=national");
    assert!(r.text().contains("江苏省人大常委会办公厅"));
    assert!(!r.text().contains("万里街道办事处"));
    assert_eq!(
        r.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert!(r
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'self'"));
}

#[test]
fn a_disclosure_page_its_document_and_downloads() {
    let id = id("万里", 2025);
    let r = get(&format!("/d/{id}"));
    assert_eq!(r.status, 200);
    let t = r.text();
    // The headline figures, in 万元 as the tables print them.
    assert!(t.contains("18,976.76"), "{t}");
    assert!(t.contains("/assets/echarts.min.js"));
    assert!(t.contains(&format!("/d/{id}/tables/1.csv")));
    // Made once, answered from the cache after: the same page, the same headers.
    let again = get(&format!("/d/{id}"));
    assert_eq!(again.body, r.body);
    assert_eq!(
        again.header("content-security-policy"),
        r.header("content-security-policy")
    );
    let view = get(&format!("/d/{id}/view"));
    assert_eq!(view.status, 200);
    assert!(view.text().contains("万里街道"));
    let orig = get(&format!("/d/{id}/original/1"));
    assert_eq!(orig.status, 200);
    assert!(orig.body.starts_with(b"%PDF"));
    assert!(orig
        .header("content-disposition")
        .unwrap()
        .contains("filename*=UTF-8''shanghai-putuo-wanli-2025-budget.pdf"));
    let csv = get(&format!("/d/{id}/tables/1.csv"));
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.starts_with("\u{feff}".as_bytes()),
        "a BOM for Excel"
    );
    assert!(csv.text().contains("合计") || csv.text().contains("总计"));
    let xlsx = get(&format!("/d/{id}/export/xlsx"));
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.body.starts_with(b"PK"));
    for f in ["json", "html"] {
        assert_eq!(get(&format!("/d/{id}/export/{f}")).status, 200, "{f}");
    }
    assert_eq!(get(&format!("/d/{id}/export/exe")).status, 404);
    let echarts = get("/assets/echarts.min.js");
    assert_eq!(echarts.status, 200);
    assert!(echarts.body.len() > 500_000);
    assert_eq!(get("/assets/portal.js").status, 200);
    assert_eq!(get("/assets/portal.css").status, 200);
}

#[test]
fn a_disclosure_in_two_files_is_one_with_both_originals() {
    let id = id("人大", 2019);
    let t = get(&format!("/d/{id}")).text();
    assert!(t.contains("original/1") && t.contains("original/2"), "{t}");
    assert_eq!(get(&format!("/d/{id}/original/3")).status, 404);
}

#[test]
fn figures_drill_down_from_class_to_item() {
    let id = id("万里", 2025);
    let f = get(&format!("/api/disclosures/{id}/figures")).json();
    let classes = f["by_function"].as_array().unwrap();
    assert!(!classes.is_empty());
    let total: i64 = classes.iter().map(|c| c["total"].as_i64().unwrap()).sum();
    assert_eq!(total, f["expenditure_total"].as_i64().unwrap());
    // Every level holds its children exactly.
    fn check(n: &serde_json::Value) {
        if let Some(ch) = n["children"].as_array() {
            let s: i64 = ch.iter().map(|c| c["total"].as_i64().unwrap()).sum();
            assert_eq!(s, n["total"].as_i64().unwrap(), "{}", n["code"]);
            ch.iter().for_each(check);
        }
    }
    classes.iter().for_each(check);
    let item = &classes[0]["children"][0]["children"][0];
    assert_eq!(item["code"].as_str().unwrap().len(), 7, "{item}");
}

#[test]
fn two_years_compared_with_stated_reasons() {
    let (a, b) = (id("人大", 2017), id("人大", 2018));
    let r = get(&format!("/compare?a={b}&b={a}"));
    assert_eq!(r.status, 200);
    let t = r.text();
    // The earlier year first, whichever order was asked.
    assert!(t.find("2017").unwrap() < t.find("2018").unwrap());
    assert!(t.contains("增加") || t.contains("减少"));
    assert_eq!(get("/compare?a=nothing").status, 404);
    let unit = get("/units/%E6%B1%9F%E8%8B%8F%E7%9C%81%E4%BA%BA%E5%A4%A7%E5%B8%B8%E5%A7%94%E4%BC%9A%E5%8A%9E%E5%85%AC%E5%8E%85");
    assert_eq!(unit.status, 200);
    assert!(unit.text().contains("/compare?a="), "{}", unit.text());
}

#[test]
fn rankings_by_every_measure() {
    for by in ["total", "three_public", "admin_cost", "growth", "errors"] {
        let r = get(&format!("/rankings?by={by}"));
        assert_eq!(r.status, 200, "{by}");
        let api = get(&format!("/api/rankings?by={by}")).json();
        assert_eq!(api["by"], by);
        let items = api["items"].as_array().unwrap();
        assert!(!items.is_empty(), "{by}");
        assert_eq!(items[0]["rank"], 1);
    }
    // Growth: 2018 against 2017 of the same unit.
    let g = get("/api/rankings?by=growth").json();
    assert!(g["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["year"] == 2018));
}

#[test]
fn api_lists_pages_and_etags() {
    let r = get("/api/disclosures?per_page=2&page=1");
    assert_eq!(r.status, 200);
    let j = r.json();
    assert_eq!(j["items"].as_array().unwrap().len(), 2);
    assert!(j["total"].as_u64().unwrap() >= 5);
    let page2 = get("/api/disclosures?per_page=2&page=2").json();
    assert_ne!(page2["items"][0]["id"], j["items"][0]["id"]);
    let tag = r.header("etag").unwrap();
    let again = request(
        "GET",
        "/api/disclosures?per_page=2&page=1",
        &format!("If-None-Match: {tag}\r\n"),
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let id = id("万里", 2025);
    for route in ["", "/figures", "/findings", "/tables", "/tables/1"] {
        let r = get(&format!("/api/disclosures/{id}{route}"));
        assert_eq!(r.status, 200, "{route}");
        r.json();
    }
    let t = get(&format!("/api/disclosures/{id}/tables/1")).json();
    assert!(t["rows"].as_array().unwrap().len() > 3);
    assert_eq!(get(&format!("/api/disclosures/{id}/tables/0")).status, 404);
    assert_eq!(
        get(&format!("/api/disclosures/{id}/tables/999")).status,
        404
    );
    assert_eq!(get("/api/disclosures/nothing").status, 404);
    let units = get("/api/units").json();
    assert!(units.as_array().unwrap().len() >= 4);
    let spec = get("/api/openapi.json").json();
    assert_eq!(spec["openapi"], "3.1.0");
    // Every API route the portal has is described.
    for path in [
        "/api/disclosures",
        "/api/disclosures/{id}",
        "/api/disclosures/{id}/figures",
        "/api/disclosures/{id}/findings",
        "/api/disclosures/{id}/tables",
        "/api/disclosures/{id}/tables/{n}",
        "/api/units",
        "/api/rankings",
    ] {
        assert!(spec["paths"].get(path).is_some(), "{path}");
    }
}

#[test]
fn markup_in_a_document_comes_back_escaped() {
    let (_, _, id) = server()
        .ids
        .iter()
        .find(|(u, _, _)| u.contains("<script>"))
        .expect("the hostile document was loaded");
    for target in [
        "/".to_string(),
        format!("/d/{id}"),
        "/rankings".to_string(),
        format!("/units/{}", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    ] {
        let t = get(&target).text();
        assert!(!t.contains("<script>alert(1)"), "{target}: {t}");
    }
    let t = get("/").text();
    assert!(t.contains("&lt;script&gt;alert(1)&lt;"), "{t}");
    // The rendered document escapes it too.
    let v = get(&format!("/d/{id}/view")).text();
    assert!(!v.contains("<script>alert(1)"));
}

#[test]
fn probes_find_nothing() {
    for target in [
        "/d/..%2F..%2Fetc%2Fpasswd",
        "/d/../../etc/passwd",
        "/d/x/original/0",
        "/d/x/original/18446744073709551615",
        "/d/x/tables/..%2F..%2Fetc%2Fpasswd",
        "/assets/..%2FCargo.toml",
        "/units/%27%20OR%201%3D1--",
        "/nothing",
    ] {
        let r = get(target);
        assert!(r.status == 404 || r.status == 400, "{target}: {}", r.status);
        assert!(!r.text().contains("root:"), "{target}");
    }
    assert_eq!(get("/?year=abc").status, 400);
    // No route writes: a POST anywhere is refused.
    assert_eq!(request("POST", "/", "Content-Length: 0\r\n").status, 405);
}
