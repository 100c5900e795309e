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

use common::{server, Server, DECIDED_BY, DECIDED_NOTE};
use yusuan_store::testing::TempPostgres;
use yusuan_store::Target;

fn front_page_lists_and_searches(s: &Server) {
    let r = s.get("/");
    assert_eq!(r.status, 200);
    let t = r.text();
    assert!(t.contains("江苏省人大常委会办公厅"), "{t}");
    assert!(t.contains("万里街道办事处"));
    let r = s.get("/?q=%E4%B8%87%E9%87%8C&year=2025");
    let t = r.text();
    assert!(t.contains("万里街道办事处"));
    assert!(!t.contains("江苏省人大常委会办公厅"));
    // A form's blank choices mean any.
    assert!(s
        .get("/?q=&year=&region=")
        .text()
        .contains("万里街道办事处"));
    let r = s.get("/?region=national");
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

fn a_disclosure_page_its_document_and_downloads(s: &Server) {
    let id = s.id("万里", 2025);
    let r = s.get(&format!("/d/{id}"));
    assert_eq!(r.status, 200);
    let t = r.text();
    // The headline figures, in 万元 as the tables print them.
    assert!(t.contains("18,976.76"), "{t}");
    assert!(t.contains("/assets/echarts.min.js"));
    assert!(t.contains(&format!("/d/{id}/tables/1.csv")));
    // Made once, answered from the cache after: the same page, the same headers.
    let again = s.get(&format!("/d/{id}"));
    assert_eq!(again.body, r.body);
    assert_eq!(
        again.header("content-security-policy"),
        r.header("content-security-policy")
    );
    let view = s.get(&format!("/d/{id}/view"));
    assert_eq!(view.status, 200);
    assert!(view.text().contains("万里街道"));
    let orig = s.get(&format!("/d/{id}/original/1"));
    assert_eq!(orig.status, 200);
    assert!(orig.body.starts_with(b"%PDF"));
    assert!(orig
        .header("content-disposition")
        .unwrap()
        .contains("filename*=UTF-8''shanghai-putuo-wanli-2025-budget.pdf"));
    let csv = s.get(&format!("/d/{id}/tables/1.csv"));
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.starts_with("\u{feff}".as_bytes()),
        "a BOM for Excel"
    );
    assert!(csv.text().contains("合计") || csv.text().contains("总计"));
    let xlsx = s.get(&format!("/d/{id}/export/xlsx"));
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.body.starts_with(b"PK"));
    for f in ["json", "html"] {
        assert_eq!(s.get(&format!("/d/{id}/export/{f}")).status, 200, "{f}");
    }
    // Generated anew: a PDF and a Word document of the disclosure as read.
    let pdf = s.get(&format!("/d/{id}/export/pdf"));
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF-") && pdf.body.len() > 10_000);
    let docx = s.get(&format!("/d/{id}/export/docx"));
    assert_eq!(docx.status, 200);
    assert!(docx.body.starts_with(b"PK"));
    assert_eq!(s.get(&format!("/d/{id}/export/exe")).status, 404);
    let echarts = s.get("/assets/echarts.min.js");
    assert_eq!(echarts.status, 200);
    assert!(echarts.body.len() > 500_000);
    assert_eq!(s.get("/assets/portal.js").status, 200);
    assert_eq!(s.get("/assets/portal.css").status, 200);
}

fn a_disclosure_in_two_files_is_one_with_both_originals(s: &Server) {
    let id = s.id("人大", 2019);
    let t = s.get(&format!("/d/{id}")).text();
    assert!(t.contains("original/1") && t.contains("original/2"), "{t}");
    assert_eq!(s.get(&format!("/d/{id}/original/3")).status, 404);
}

fn figures_drill_down_from_class_to_item(s: &Server) {
    let id = s.id("万里", 2025);
    let f = s.get(&format!("/api/disclosures/{id}/figures")).json();
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

fn two_years_compared_with_stated_reasons(s: &Server) {
    let (a, b) = (s.id("人大", 2017), s.id("人大", 2018));
    let r = s.get(&format!("/compare?a={b}&b={a}"));
    assert_eq!(r.status, 200);
    let t = r.text();
    // The earlier year first, whichever order was asked.
    assert!(t.find("2017").unwrap() < t.find("2018").unwrap());
    assert!(t.contains("增加") || t.contains("减少"));
    assert_eq!(s.get("/compare?a=nothing").status, 404);
    let unit = s.get("/units/%E6%B1%9F%E8%8B%8F%E7%9C%81%E4%BA%BA%E5%A4%A7%E5%B8%B8%E5%A7%94%E4%BC%9A%E5%8A%9E%E5%85%AC%E5%8E%85");
    assert_eq!(unit.status, 200);
    assert!(unit.text().contains("/compare?a="), "{}", unit.text());
}

fn rankings_by_every_measure(s: &Server) {
    for by in ["total", "three_public", "admin_cost", "growth", "errors"] {
        let r = s.get(&format!("/rankings?by={by}"));
        assert_eq!(r.status, 200, "{by}");
        let api = s.get(&format!("/api/rankings?by={by}")).json();
        assert_eq!(api["by"], by);
        let items = api["items"].as_array().unwrap();
        assert!(!items.is_empty(), "{by}");
        assert_eq!(items[0]["rank"], 1);
    }
    // Growth: 2018 against 2017 of the same unit.
    let g = s.get("/api/rankings?by=growth").json();
    assert!(g["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["year"] == 2018));
}

fn api_lists_pages_and_etags(s: &Server) {
    let r = s.get("/api/disclosures?per_page=2&page=1");
    assert_eq!(r.status, 200);
    let j = r.json();
    assert_eq!(j["items"].as_array().unwrap().len(), 2);
    assert!(j["total"].as_u64().unwrap() >= 5);
    let page2 = s.get("/api/disclosures?per_page=2&page=2").json();
    assert_ne!(page2["items"][0]["id"], j["items"][0]["id"]);
    let tag = r.header("etag").unwrap();
    let again = s.request(
        "GET",
        "/api/disclosures?per_page=2&page=1",
        &format!("If-None-Match: {tag}\r\n"),
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let id = s.id("万里", 2025);
    for route in ["", "/figures", "/findings", "/tables", "/tables/1"] {
        let r = s.get(&format!("/api/disclosures/{id}{route}"));
        assert_eq!(r.status, 200, "{route}");
        r.json();
    }
    let t = s.get(&format!("/api/disclosures/{id}/tables/1")).json();
    assert!(t["rows"].as_array().unwrap().len() > 3);
    assert_eq!(
        s.get(&format!("/api/disclosures/{id}/tables/0")).status,
        404
    );
    assert_eq!(
        s.get(&format!("/api/disclosures/{id}/tables/999")).status,
        404
    );
    assert_eq!(s.get("/api/disclosures/nothing").status, 404);
    let units = s.get("/api/units").json();
    assert!(units.as_array().unwrap().len() >= 4);
    let spec = s.get("/api/openapi.json").json();
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
        "/api/refused",
    ] {
        assert!(spec["paths"].get(path).is_some(), "{path}");
    }
}

fn markup_in_a_document_comes_back_escaped(s: &Server) {
    let (_, _, id) = s
        .ids()
        .into_iter()
        .find(|(u, _, _)| u.contains("<script>"))
        .expect("the hostile document was loaded");
    for target in [
        "/".to_string(),
        format!("/d/{id}"),
        "/rankings".to_string(),
        format!("/units/{}", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    ] {
        let t = s.get(&target).text();
        assert!(!t.contains("<script>alert(1)"), "{target}: {t}");
    }
    let t = s.get("/").text();
    assert!(t.contains("&lt;script&gt;alert(1)&lt;"), "{t}");
    // The rendered document escapes it too.
    let v = s.get(&format!("/d/{id}/view")).text();
    assert!(!v.contains("<script>alert(1)"));
}

fn probes_find_nothing(s: &Server) {
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
        let r = s.get(target);
        assert!(r.status == 404 || r.status == 400, "{target}: {}", r.status);
        assert!(!r.text().contains("root:"), "{target}");
    }
    assert_eq!(s.get("/?year=abc").status, 400);
    // No route writes: a POST anywhere is refused.
    assert_eq!(s.request("POST", "/", "Content-Length: 0\r\n").status, 405);
}

type Body = fn(&Server);

/// Every page and API route, on every kind of portal.
const SHARED: &[(&str, Body)] = &[
    (
        "front_page_lists_and_searches",
        front_page_lists_and_searches,
    ),
    (
        "a_disclosure_page_its_document_and_downloads",
        a_disclosure_page_its_document_and_downloads,
    ),
    (
        "a_disclosure_in_two_files_is_one_with_both_originals",
        a_disclosure_in_two_files_is_one_with_both_originals,
    ),
    (
        "figures_drill_down_from_class_to_item",
        figures_drill_down_from_class_to_item,
    ),
    (
        "two_years_compared_with_stated_reasons",
        two_years_compared_with_stated_reasons,
    ),
    ("rankings_by_every_measure", rankings_by_every_measure),
    ("api_lists_pages_and_etags", api_lists_pages_and_etags),
    (
        "markup_in_a_document_comes_back_escaped",
        markup_in_a_document_comes_back_escaped,
    ),
    ("probes_find_nothing", probes_find_nothing),
];

/// What a portal over a review workspace shows besides (in this order: the last ones change
/// the workspace and its files).
const REVIEWED: &[(&str, Body)] = &[
    ("decisions_beside_findings", decisions_beside_findings),
    ("refused_files_listed", refused_files_listed),
    (
        "a_reload_shows_new_reviews_and_decisions",
        a_reload_shows_new_reviews_and_decisions,
    ),
    (
        "a_moved_or_changed_original_is_reported",
        a_moved_or_changed_original_is_reported,
    ),
];

fn run(s: &Server, bodies: &[(&str, Body)]) {
    for (name, body) in bodies {
        eprintln!("{}: {name}", s.backend);
        body(s);
    }
}

#[test]
fn in_memory() {
    run(server(), SHARED);
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("yusuan-portal-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn on_a_sqlite_workspace() {
    let dir = scratch("sqlite");
    let s = common::workspace_server("sqlite", Target::Sqlite(dir.join("ws.sqlite")), &dir);
    run(&s, SHARED);
    run(&s, REVIEWED);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn on_a_postgres_workspace() {
    // Skipped where PostgreSQL is not installed, unless YUSUAN_REQUIRE_TOOLS is set.
    let Some(pg) = TempPostgres::start().unwrap() else {
        return;
    };
    let dir = scratch("postgres");
    let s = common::workspace_server(
        "postgres",
        Target::Postgres(pg.new_database().unwrap()),
        &dir,
    );
    run(&s, SHARED);
    run(&s, REVIEWED);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_empty_workspace_says_so() {
    let dir = scratch("empty");
    let target = Target::Sqlite(dir.join("empty.sqlite"));
    let ws = yusuan_serve::Workspace::open(&target, yusuan_model::Catalog::embedded()).unwrap();
    let portal = yusuan_serve::Portal::from_workspace(ws).unwrap();
    assert!(portal.library().entries.is_empty());
    let addr = common::start(portal);
    let r = common::request_to(addr, "GET", "/", "");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("还没有公开文件"), "{}", r.text());
    assert!(r.text().contains("empty.sqlite"));
    let _ = std::fs::remove_dir_all(&dir);
}

fn decisions_beside_findings(s: &Server) {
    let id = s.id("万里", 2025);
    let t = s.get(&format!("/d/{id}")).text();
    // The decision, its note (escaped), who made it and when, beside the finding.
    assert!(t.contains("不是问题"), "{t}");
    assert!(t.contains("表内已说明&lt;b&gt;"), "{t}");
    assert!(!t.contains(DECIDED_NOTE));
    assert!(t.contains(DECIDED_BY));
    assert!(t.contains(" UTC"));
    let f = s.get(&format!("/api/disclosures/{id}/findings")).json();
    let f = f.as_array().unwrap();
    let decided: Vec<&serde_json::Value> = f.iter().filter(|x| !x["decision"].is_null()).collect();
    assert_eq!(decided.len(), 1, "{f:?}");
    let d = &decided[0]["decision"];
    assert_eq!(d["decision"], "not_an_issue");
    assert_eq!(d["label"], "不是问题");
    assert_eq!(d["note"], DECIDED_NOTE);
    assert_eq!(d["by"], DECIDED_BY);
    assert!(d["at"].as_i64().unwrap() > 1_700_000_000);
    // Every finding has its fingerprint (for `yusuan mark`), and says when none is decided.
    for x in f {
        assert_eq!(x["fingerprint"].as_str().unwrap().len(), 16, "{x}");
        assert!(x.get("decision").is_some(), "{x}");
    }
    if f.len() > 1 {
        assert!(t.contains("待审核"));
    }
}

fn refused_files_listed(s: &Server) {
    let t = s.get("/").text();
    assert!(t.contains("未能读取的文件"), "{t}");
    assert!(t.contains("broken.pdf"));
    let r = s.get("/api/refused").json();
    let r = r.as_array().unwrap();
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0]["file"], "broken.pdf");
    assert!(!r[0]["reason"].as_str().unwrap().is_empty());
}

fn a_reload_shows_new_reviews_and_decisions(s: &Server) {
    let portal = s.portal.as_ref().unwrap();
    let target = s.target.as_ref().unwrap();
    let id = s.id("万里", 2025);
    let before = s.get(&format!("/d/{id}")).text();
    let n = portal.library().entries.len();
    // A decision made and a file reviewed while the portal runs.
    let store = yusuan_store::Store::open(target).unwrap();
    let wanli = portal
        .library()
        .get(&id)
        .unwrap()
        .document_id
        .clone()
        .unwrap();
    let last = store
        .findings(false)
        .unwrap()
        .into_iter()
        .rfind(|f| f.document_id == wanli)
        .unwrap();
    store
        .mark(
            &last.fingerprint,
            yusuan_store::Decision::Fixed,
            "已更正",
            "审核员乙",
        )
        .unwrap();
    store.close();
    let new = s.files.join("new");
    std::fs::create_dir_all(&new).unwrap();
    std::fs::copy(
        common::corpus("pdf/shanghai-putuo-commerce-2025-dept-budget.pdf"),
        new.join("commerce.pdf"),
    )
    .unwrap();
    common::review(target, std::slice::from_ref(&s.files));
    // Not shown until the portal reads the workspace again (pages are answered from memory).
    assert_eq!(s.get(&format!("/d/{id}")).text(), before);
    let done = portal.reload_blocking().unwrap().unwrap();
    assert_eq!(done.entries, n + 1, "{done:?}");
    assert_eq!(done.new, 1);
    assert_eq!(done.refused, 1);
    let t = s.get(&format!("/d/{id}")).text();
    assert!(t.contains("已整改") && t.contains("审核员乙"), "{t}");
    assert!(t.contains(DECIDED_BY), "the earlier decision stays");
    let all = s.get("/api/disclosures?per_page=200").json();
    assert_eq!(all["total"].as_u64().unwrap() as usize, n + 1);
    // The same ids as before for the documents kept.
    assert_eq!(s.id("万里", 2025), id);
}

fn a_moved_or_changed_original_is_reported(s: &Server) {
    let portal = s.portal.as_ref().unwrap();
    let id = s.id("万里", 2025);
    let file = s.files.join("shanghai-putuo-wanli-2025-budget.pdf");
    let away = s.files.join("moved-away.bin");
    std::fs::rename(&file, &away).unwrap();
    portal.reload_blocking().unwrap();
    let t = s.get(&format!("/d/{id}")).text();
    assert!(t.contains("原文件已移动或删除"), "{t}");
    assert!(!t.contains(&format!("/d/{id}/original/1")));
    let r = s.get(&format!("/d/{id}/original/1"));
    assert_eq!(r.status, 410);
    assert!(r.text().contains("原文件已移动或删除"), "{}", r.text());
    // The disclosure itself is still shown, from the workspace.
    assert_eq!(s.get(&format!("/d/{id}/view")).status, 200);

    // Reviewed again where it is now: found there.
    let moved = s.files.join("moved");
    std::fs::create_dir_all(&moved).unwrap();
    std::fs::rename(&away, moved.join("wanli.pdf")).unwrap();
    common::review(s.target.as_ref().unwrap(), std::slice::from_ref(&s.files));
    portal.reload_blocking().unwrap();
    let r = s.get(&format!("/d/{id}/original/1"));
    assert_eq!(r.status, 200);
    assert!(r.body.starts_with(b"%PDF"));

    // Changed in place, same size: refused at download, and said so.
    let y2017 = s.id("人大", 2017);
    let path = s.files.join("jiangsu/jiangsu-npc-office-2017-budget.pdf");
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x20;
    std::fs::write(&path, &bytes).unwrap();
    let r = s.get(&format!("/d/{y2017}/original/1"));
    assert_eq!(r.status, 409);
    assert!(r.text().contains("原文件已被修改"), "{}", r.text());
    // Another size: the page says so after a reload.
    bytes.push(b'\n');
    std::fs::write(&path, &bytes).unwrap();
    portal.reload_blocking().unwrap();
    let t = s.get(&format!("/d/{y2017}")).text();
    assert!(t.contains("原文件已被修改"), "{t}");
}

#[test]
fn a_running_portal_follows_the_workspace() {
    let dir = scratch("watch");
    let target = Target::Sqlite(dir.join("ws.sqlite"));
    let text = dir.join("wanli.pdf");
    std::fs::copy(
        common::corpus("pdf/shanghai-putuo-wanli-2025-budget.pdf"),
        &text,
    )
    .unwrap();
    common::review(&target, std::slice::from_ref(&text));
    let ws = yusuan_serve::Workspace::open(&target, yusuan_model::Catalog::embedded()).unwrap();
    let portal = yusuan_serve::Portal::from_workspace(ws).unwrap();
    portal.watch(std::time::Duration::from_millis(100));
    let lib = portal.library();
    let e = &lib.entries[0];
    let id = e.id.clone();
    let addr = common::start(portal.clone());
    let page = || common::request_to(addr, "GET", &format!("/d/{id}"), "").text();
    assert!(!page().contains("审核员丙"));
    // A decision made by `yusuan mark` while the portal runs: shown within seconds.
    let store = yusuan_store::Store::open(&target).unwrap();
    let f = store.findings(false).unwrap();
    let f = f.first().expect("万里 2025 has findings");
    store
        .mark(
            &f.fingerprint,
            yusuan_store::Decision::Confirmed,
            "",
            "审核员丙",
        )
        .unwrap();
    store.close();
    let start = std::time::Instant::now();
    while !page().contains("审核员丙") {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "the decision did not show up"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    drop(lib);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A workspace written before it kept disclosures (or by a version whose form this one cannot
/// read): the portal reads the document again from its original, found by its recorded path
/// relative to the workspace's folder; with the original gone, the document is listed with
/// why it cannot be shown.
#[test]
fn a_document_without_its_disclosure_is_read_from_its_original() {
    use yusuan_store::{FileRef, NewDocument, Status, Store};
    let dir = scratch("old");
    let target = Target::Sqlite(dir.join("ws.sqlite"));
    std::fs::create_dir_all(dir.join("files")).unwrap();
    let mut paths = Vec::new();
    for (name, from) in [
        ("wanli.pdf", "pdf/shanghai-putuo-wanli-2025-budget.pdf"),
        ("gone.pdf", "pdf/jiangsu/jiangsu-npc-office-2017-budget.pdf"),
    ] {
        let bytes = std::fs::read(common::corpus(from)).unwrap();
        std::fs::write(dir.join("files").join(name), &bytes).unwrap();
        paths.push(FileRef {
            // Relative, as `yusuan review files/` run in the workspace's folder records it.
            path: format!("files/{name}"),
            hash: yusuan_store::content_hash(&bytes),
            bytes: bytes.len() as i64,
        });
    }
    let store = Store::open(&target).unwrap();
    let run = store.begin_run(&[]).unwrap();
    for f in &paths {
        store
            .record_document(
                &run,
                &NewDocument {
                    status: Some(Status::Imported),
                    files: vec![f.clone()],
                    disclosure: None,
                    ..NewDocument::default()
                },
            )
            .unwrap();
    }
    store.close();
    std::fs::remove_file(dir.join("files/gone.pdf")).unwrap();
    let ws = yusuan_serve::Workspace::open(&target, yusuan_model::Catalog::embedded()).unwrap();
    let lib = ws.read(None).unwrap();
    assert_eq!(lib.entries.len(), 1, "{:?}", lib.refused);
    let e = &lib.entries[0];
    assert!(e.unit.contains("万里"), "{}", e.unit);
    assert!(e.disclosure.tables.len() > 5);
    assert_eq!(
        e.originals[0].state(),
        yusuan_review::originals::State::Present
    );
    assert_eq!(lib.refused.len(), 1);
    assert!(lib.refused[0].file.contains("gone.pdf"));
    assert!(
        lib.refused[0].reason.contains("原文件已移动或删除"),
        "{}",
        lib.refused[0].reason
    );
    let _ = std::fs::remove_dir_all(&dir);
}
