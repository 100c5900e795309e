//! The portal in a real browser: Debian's headless Chromium, started by the test and driven
//! over the DevTools protocol. Search, open a disclosure, drill down its chart and see it
//! change, compare two years, download a CSV; no console error on any page. Screenshots of the
//! disclosure page and of its chart are kept in `target/test-artefacts/`.
//!
//! Without Chromium the test is skipped with a note, unless `YUSUAN_REQUIRE_TOOLS` or `CI` is
//! set (as `.ci/run` does, which installs it): then it fails.

// Test code: a failure is reported by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use base64::Engine;
use common::{id, server};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        })
}

/// A headless browser and one page of it, over the DevTools protocol.
struct Browser {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next: u64,
    /// Console errors, uncaught exceptions and failed loads seen so far.
    errors: Vec<String>,
    _profile: TempDir,
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    fn start(exe: &Path) -> Browser {
        let profile = std::env::temp_dir().join(format!("yusuan-chromium-{}", std::process::id()));
        std::fs::create_dir_all(&profile).unwrap();
        let mut child = Command::new(exe)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--hide-scrollbars",
                "--window-size=1280,2000",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Chromium says where its DevTools listen on stderr.
        let stderr = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        let browser_ws = loop {
            let line = lines
                .next()
                .expect("Chromium ended before listening")
                .unwrap();
            if let Some(url) = line.strip_prefix("DevTools listening on ") {
                break url.trim().to_string();
            }
        };
        // Keep draining stderr so Chromium never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let port = browser_ws
            .trim_start_matches("ws://")
            .split(['/', ':'])
            .nth(1)
            .unwrap()
            .to_string();
        // The page opened at start.
        let list = http_get(&format!("127.0.0.1:{port}"), "/json/list");
        let targets: Value = serde_json::from_str(&list).unwrap();
        let page_ws = targets
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            .unwrap()
            .to_string();
        let (ws, _) = tungstenite::connect(page_ws.as_str()).unwrap();
        if let MaybeTlsStream::Plain(s) = ws.get_ref() {
            // A command Chromium never answers fails the test instead of hanging it.
            s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        }
        let mut b = Browser {
            child,
            ws,
            next: 0,
            errors: Vec::new(),
            _profile: TempDir(profile),
        };
        for m in ["Page.enable", "Runtime.enable", "Log.enable"] {
            b.call(m, json!({}));
        }
        b
    }

    /// Send a command and wait for its answer, noting the events that come meanwhile.
    fn call(&mut self, method: &str, params: Value) -> Value {
        match self.try_call(method, params.clone()) {
            Ok(v) => v,
            Err(e) => panic!("{method} {params}: {e}"),
        }
    }

    /// [`Browser::call`], with Chromium's error as a value (an evaluation can be refused while
    /// the page navigates).
    fn try_call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        if std::env::var_os("YUSUAN_TRACE_BROWSER").is_some() {
            eprintln!("> {method} {params}");
        }
        self.next += 1;
        let id = self.next;
        let msg = json!({"id": id, "method": method, "params": params});
        self.ws.send(Message::text(msg.to_string())).unwrap();
        loop {
            let v = self.read();
            if v["id"] == id {
                if let Some(e) = v.get("error") {
                    return Err(e.clone());
                }
                return Ok(v["result"].clone());
            }
        }
    }

    fn read(&mut self) -> Value {
        loop {
            let m = self.ws.read().unwrap();
            let Message::Text(t) = m else { continue };
            let v: Value = serde_json::from_str(&t).unwrap();
            match v["method"].as_str() {
                Some("Runtime.exceptionThrown") => self
                    .errors
                    .push(format!("exception: {}", v["params"]["exceptionDetails"])),
                Some("Runtime.consoleAPICalled") if v["params"]["type"] == "error" => self
                    .errors
                    .push(format!("console.error: {}", v["params"]["args"])),
                Some("Log.entryAdded") if v["params"]["entry"]["level"] == "error" => {
                    self.errors.push(format!("log: {}", v["params"]["entry"]))
                }
                _ => {}
            }
            return v;
        }
    }

    fn goto(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
        self.wait_for("document.readyState === 'complete'");
    }

    /// Evaluate an expression in the page (promises awaited) and return its value.
    fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expr, "awaitPromise": true, "returnByValue": true}),
        );
        if let Some(e) = r.get("exceptionDetails") {
            panic!("{expr}: {e}");
        }
        r["result"]["value"].clone()
    }

    fn wait_for(&mut self, cond: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            // While a page navigates, an evaluation may be refused: not yet.
            let r = self.try_call(
                "Runtime.evaluate",
                json!({"expression": format!("!!({cond})"), "returnByValue": true}),
            );
            if r.is_ok_and(|r| r["result"]["value"] == true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("timed out waiting for {cond}");
    }

    fn click_at(&mut self, x: f64, y: f64) {
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }

    /// A PNG of the page, or of a region of it (CSS pixels of the document).
    fn screenshot(&mut self, clip: Option<Value>) -> Vec<u8> {
        let mut params = json!({"format": "png", "captureBeyondViewport": true});
        if let Some(c) = clip {
            params["clip"] = c;
        }
        let r = self.call("Page.captureScreenshot", params);
        base64::engine::general_purpose::STANDARD
            .decode(r["data"].as_str().unwrap())
            .unwrap()
    }
}

/// A GET to Chromium's DevTools HTTP endpoint, which keeps the connection open whatever the
/// request says: the body is read to its Content-Length.
fn http_get(host: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = TcpStream::connect(host).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
    let mut r = BufReader::new(s);
    let mut length = 0;
    loop {
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap();
            }
        }
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body).unwrap();
    String::from_utf8(body).unwrap()
}

fn artefacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/test-artefacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The number of distinct colours in a PNG: a drawn chart has many, a blank canvas one.
fn colours(png_bytes: &[u8]) -> usize {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.color_type.samples();
    let mut seen = std::collections::HashSet::new();
    for px in buf[..info.buffer_size()].chunks(step) {
        seen.insert(px.to_vec());
        if seen.len() > 64 {
            break;
        }
    }
    seen.len()
}

#[test]
fn search_open_drill_down_compare_download() {
    let Some(exe) = chromium() else {
        if std::env::var_os("YUSUAN_REQUIRE_TOOLS").is_some() || std::env::var_os("CI").is_some() {
            panic!("Chromium is required (YUSUAN_REQUIRE_TOOLS/CI) but not installed");
        }
        eprintln!("note: Chromium not installed; the browser test is skipped");
        return;
    };
    let base = format!("http://{}", server().addr);
    let mut b = Browser::start(&exe);

    // Search from the front page's form.
    b.goto(&format!("{base}/"));
    b.eval("document.querySelector('input[name=q]').value = '万里'; setTimeout(() => document.querySelector('form.search').submit(), 0); true");
    b.wait_for("location.search.includes('q=')");
    b.wait_for("document.readyState === 'complete'");
    let rows = b.eval("document.querySelector('#results tbody').innerText");
    let rows = rows.as_str().unwrap();
    assert!(rows.contains("万里街道办事处"), "{rows}");
    assert!(!rows.contains("江苏"), "{rows}");

    // Open the disclosure from the results.
    b.eval("setTimeout(() => document.querySelector('#results tbody a[href^=\"/d/\"]').click(), 0); true");
    b.wait_for("location.pathname.startsWith('/d/')");
    b.wait_for("document.readyState === 'complete'");
    b.wait_for("document.getElementById('function-chart').dataset.level === '0'");
    let before = b.eval("document.getElementById('function-chart').dataset.shown");
    // Click the first (largest) bar of the 类 chart.
    let at = b.eval(
        "(() => { const el = document.getElementById('function-chart'); \
         const c = echarts.getInstanceByDom(el); \
         const v = c.getOption().series[0].data[0]; \
         const p = c.convertToPixel({seriesIndex: 0}, [Number(v) / 2, 0]); \
         const r = el.getBoundingClientRect(); \
         el.scrollIntoView(); const r2 = el.getBoundingClientRect(); \
         return [r2.left + p[0], r2.top + p[1]]; })()",
    );
    b.click_at(at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
    b.wait_for("document.getElementById('function-chart').dataset.level === '1'");
    let after = b.eval("document.getElementById('function-chart').dataset.shown");
    assert_ne!(
        before, after,
        "the chart changed to the 款 of the class clicked"
    );
    let crumbs = b.eval("document.getElementById('crumbs').innerText");
    assert!(crumbs.as_str().unwrap().contains('›'), "{crumbs}");
    let shown = after.as_str().unwrap();
    assert!(
        shown
            .split('|')
            .all(|s| s.split(' ').next().unwrap().len() == 5),
        "款 codes: {shown}"
    );

    // Screenshots: the page, and the chart with more than a background drawn.
    b.eval("window.scrollTo(0, 0); true");
    let page = b.screenshot(None);
    std::fs::write(artefacts().join("portal-disclosure.png"), &page).unwrap();
    let rect = b.eval(
        "(() => { const r = document.getElementById('function-chart').getBoundingClientRect(); \
         return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height, scale: 1}; })()",
    );
    let chart = b.screenshot(Some(rect));
    std::fs::write(artefacts().join("portal-chart.png"), &chart).unwrap();
    assert!(colours(&chart) > 8, "the chart is drawn");

    // Download a table as CSV through its link.
    let dir = std::env::temp_dir().join(format!("yusuan-downloads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    b.call(
        "Page.setDownloadBehavior",
        json!({"behavior": "allow", "downloadPath": dir.display().to_string()}),
    );
    b.eval("document.querySelector('a[href$=\"/tables/1.csv\"]').click(); true");
    let start = Instant::now();
    let csv = loop {
        let done = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "csv"));
        if let Some(p) = done {
            break std::fs::read(p).unwrap();
        }
        assert!(start.elapsed() < Duration::from_secs(30), "no download");
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = std::fs::remove_dir_all(&dir);
    assert!(csv.starts_with("\u{feff}".as_bytes()));
    let csv = String::from_utf8_lossy(&csv);
    assert!(csv.contains("合计") || csv.contains("总计"), "{csv}");

    // Two years of one unit compared.
    let (a, c) = (id("人大", 2017), id("人大", 2018));
    b.goto(&format!("{base}/compare?a={a}&b={c}"));
    b.wait_for("echarts.getInstanceByDom(document.getElementById('compare-chart'))");
    let table = b.eval("document.getElementById('compare').innerText");
    assert!(table.as_str().unwrap().contains("2018"), "{table}");

    // Every other page, for console errors.
    for path in ["/rankings?by=three_public", "/api/openapi.json"] {
        b.goto(&format!("{base}{path}"));
    }
    b.goto(&format!("{base}/units/%E6%B1%9F%E8%8B%8F%E7%9C%81%E4%BA%BA%E5%A4%A7%E5%B8%B8%E5%A7%94%E4%BC%9A%E5%8A%9E%E5%85%AC%E5%8E%85"));
    b.wait_for("echarts.getInstanceByDom(document.getElementById('years'))");
    // Drain what is left of the events, then judge.
    b.call("Runtime.evaluate", json!({"expression": "1"}));
    assert!(b.errors.is_empty(), "browser errors: {:#?}", b.errors);
}
