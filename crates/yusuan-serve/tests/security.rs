//! The portal's signed-in part attacked for real: the server on a loopback port with accounts
//! in a workspace (SQLite, then a throwaway PostgreSQL server), requests as a plain HTTP/1.1
//! client writes them. Writes without a session, without a CSRF token, from another origin or
//! by the wrong role are refused; markup in an uploaded unit name, narrative and file name
//! comes back escaped; SQL-injection probes change nothing; path-traversal probes read nothing;
//! sign-in is rate limited; uploads are capped and sniffed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use yusuan_model::Catalog;
use yusuan_serve::auth::{Accounts, Settings};
use yusuan_store::testing::TempPostgres;
use yusuan_store::{RateLimit, Role, Store, Target};

fn corpus(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus")
        .join(p)
}

#[test]
fn sqlite() {
    let dir = temp("sqlite");
    attack(&Target::Sqlite(dir.join("ws.sqlite")), &dir);
}

#[test]
fn postgres() {
    let Some(pg) = TempPostgres::start().unwrap() else {
        return;
    };
    let dir = temp("postgres");
    attack(&Target::Postgres(pg.new_database().unwrap()), &dir);
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("yusuan-security-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---------------------------------------------------------------------------------------------
// A plain HTTP/1.1 client

struct Reply {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

struct Client {
    addr: SocketAddr,
}

impl Client {
    fn send(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        let mut head = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        s.write_all(head.as_bytes()).unwrap();
        // The server may answer (413) before reading all of a large body.
        let _ = s.write_all(body);
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("{method} {target}: no header block"));
        let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut body = raw[split + 4..].to_vec();
        if headers
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            body = dechunk(&body);
        }
        let status = headers
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap();
        Reply {
            status,
            headers,
            body,
        }
    }

    fn get(&self, target: &str, cookie: Option<&str>) -> Reply {
        let c = cookie.map(|c| format!("yusuan_session={c}"));
        let h: Vec<(&str, &str)> = c.iter().map(|c| ("Cookie", c.as_str())).collect();
        self.send("GET", target, &h, b"")
    }

    /// A form POST (urlencoded) with the session cookie, if any.
    fn form(&self, target: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        let c = cookie.map(|c| format!("yusuan_session={c}"));
        let mut h = vec![("Content-Type", "application/x-www-form-urlencoded")];
        if let Some(c) = &c {
            h.push(("Cookie", c));
        }
        self.send("POST", target, &h, body.as_bytes())
    }

    /// The upload form: `csrf` (when given) and the file.
    fn upload(&self, cookie: Option<&str>, csrf: Option<&str>, name: &str, bytes: &[u8]) -> Reply {
        let boundary = "----yusuanboundary7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        if let Some(t) = csrf {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{t}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let ct = format!("multipart/form-data; boundary={boundary}");
        let c = cookie.map(|c| format!("yusuan_session={c}"));
        let mut h = vec![("Content-Type", ct.as_str())];
        if let Some(c) = &c {
            h.push(("Cookie", c));
        }
        self.send("POST", "/upload", &h, &body)
    }

    /// Sign in with the form; the session token from the cookie.
    fn sign_in(&self, name: &str, password: &str) -> String {
        let r = self.form("/login", None, &[("name", name), ("password", password)]);
        assert_eq!(r.status, 303, "{name}: {}", r.text());
        let cookie = r.header("set-cookie").unwrap();
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert!(cookie.contains("Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"), "not told of TLS: {cookie}");
        cookie
            .split(';')
            .next()
            .unwrap()
            .strip_prefix("yusuan_session=")
            .unwrap()
            .to_string()
    }

    /// The CSRF token the upload page gives a session.
    fn csrf(&self, cookie: &str) -> String {
        let t = self.get("/upload", Some(cookie)).text();
        between(&t, "name=\"csrf\" value=\"", "\"").unwrap()
    }
}

fn between(t: &str, a: &str, b: &str) -> Option<String> {
    let i = t.find(a)? + a.len();
    let j = t[i..].find(b)? + i;
    Some(t[i..j].to_string())
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(line_end) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..line_end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[line_end + 2..line_end + 2 + size]);
        b = &b[line_end + 2 + size + 2..];
    }
}

// ---------------------------------------------------------------------------------------------

const LIMIT: i64 = 8;
const MAX_UPLOAD: usize = 1 << 20;

struct World {
    c: Client,
    store: Arc<Store>,
    dir: PathBuf,
    /// The unit a 单位 account speaks for (万里街道), and a disclosure of it.
    wanli_unit: String,
    wanli: Vec<u8>,
    /// A disclosure on the portal from the start (江北城街道).
    jiangbei_id: String,
}

fn attack(target: &Target, dir: &std::path::Path) {
    let store = Arc::new(Store::open(target).unwrap());
    let wanli = std::fs::read(corpus("shanghai-putuo-wanli-2025-budget.txt")).unwrap();
    let wanli_unit = yusuan_review::import_disclosure("wanli.txt", &wanli, Catalog::embedded())
        .unwrap()
        .meta
        .unit
        .name
        .unwrap();
    store
        .create_user("审核员", "reviewer password", Role::Reviewer, None)
        .unwrap();
    store
        .create_user("管理员", "admin password", Role::Admin, None)
        .unwrap();
    store
        .create_user("万里", "unit password", Role::Unit, Some(&wanli_unit))
        .unwrap();
    store
        .create_user("别的单位", "other password", Role::Unit, Some("某某局"))
        .unwrap();
    // The portal over the workspace, 江北城街道's disclosure reviewed into it.
    let jiangbei_path = corpus("chongqing-jiangbeicheng-2025-budget.txt");
    let config = yusuan_check::Config::default();
    let options = yusuan_review::Options {
        config: &config,
        catalog: Catalog::embedded(),
        profile: None,
        jobs: Some(1),
        claim_timeout: Duration::from_secs(60),
        time_limit: None,
    };
    yusuan_review::review_bytes(
        &store,
        &jiangbei_path.display().to_string(),
        &std::fs::read(&jiangbei_path).unwrap(),
        &options,
    )
    .unwrap();
    let portal = yusuan_serve::Portal::from_workspace(
        yusuan_serve::Workspace::open(target, Catalog::embedded()).unwrap(),
    )
    .unwrap();
    let library = portal.library();
    assert_eq!(library.entries.len(), 1, "{:?}", library.refused);
    let jiangbei_id = library.entries[0].id.clone();
    drop(library);
    let mut settings = Settings::new(dir.join("uploads"), Catalog::embedded().clone());
    settings.rate_limit = RateLimit {
        failures: LIMIT,
        window: Duration::from_secs(900),
    };
    settings.max_upload = MAX_UPLOAD;
    let addr = start(portal, store.clone(), settings);
    let w = World {
        c: Client { addr },
        store,
        dir: dir.to_path_buf(),
        wanli_unit,
        wanli,
        jiangbei_id,
    };
    no_write_without_a_session(&w);
    signed_in_pages_say_who(&w);
    csrf_is_checked(&w);
    roles_are_checked(&w);
    uploads_are_capped_and_sniffed(&w);
    markup_comes_back_escaped(&w);
    sql_injection_changes_nothing(&w);
    path_traversal_reads_nothing(&w);
    // Last: it locks this address out.
    sign_in_is_rate_limited(&w);
}

/// The server on a free loopback port, on a thread of its own.
fn start(portal: Arc<yusuan_serve::Portal>, store: Arc<Store>, settings: Settings) -> SocketAddr {
    let accounts = Accounts { store, settings };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = yusuan_serve::signed::serve_blocking(
            portal,
            accounts,
            "127.0.0.1:0".parse().unwrap(),
            |a| tx.send(a).unwrap(),
        );
    });
    rx.recv_timeout(Duration::from_secs(60)).unwrap()
}

/// An upload that takes longer than the limit is answered 503, saying so.
#[test]
fn uploads_have_a_time_limit() {
    let dir = temp("time-limit");
    let store = Arc::new(Store::open(&Target::Sqlite(dir.join("ws.sqlite"))).unwrap());
    store
        .create_user("审核员", "reviewer password", Role::Reviewer, None)
        .unwrap();
    let mut settings = Settings::new(dir.join("uploads"), Catalog::embedded().clone());
    settings.upload_timeout = Duration::ZERO;
    let c = Client {
        addr: start(
            yusuan_serve::Portal::new(yusuan_serve::Library::default()),
            store,
            settings,
        ),
    };
    let cookie = c.sign_in("审核员", "reviewer password");
    let csrf = c.csrf(&cookie);
    let wanli = std::fs::read(corpus("shanghai-putuo-wanli-2025-budget.txt")).unwrap();
    let r = c.upload(Some(&cookie), Some(&csrf), "w.txt", &wanli);
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(r.text().contains("超过 0 秒"), "{}", r.text());
}

fn no_write_without_a_session(w: &World) {
    let id = &w.jiangbei_id;
    let json = [("Content-Type", "application/json")];
    for (method, target, body) in [
        ("POST", "/upload".to_string(), ""),
        ("POST", "/api/disclosures".to_string(), "%PDF-1.4"),
        (
            "POST",
            format!("/d/{id}/decisions"),
            "fingerprint=0&decision=confirmed",
        ),
        (
            "POST",
            "/api/decisions".to_string(),
            r#"{"fingerprint":"0","decision":"确认"}"#,
        ),
        (
            "POST",
            "/admin/users".to_string(),
            "name=x&password=12345678&role=admin",
        ),
        ("POST", "/admin/users/delete".to_string(), "name=审核员"),
        ("POST", "/logout".to_string(), ""),
        ("DELETE", "/api/session".to_string(), ""),
    ] {
        let r = w.c.send(method, &target, &json, body.as_bytes());
        assert!(
            r.status == 401 || r.status == 403,
            "{method} {target}: {}",
            r.status
        );
    }
    // Signed-in pages too.
    for target in [
        "/upload".to_string(),
        format!("/d/{id}/review"),
        format!("/d/{id}/checklist.xlsx"),
        "/league.xlsx".to_string(),
        "/admin/users".to_string(),
    ] {
        let r = w.c.get(&target, None);
        assert_eq!(r.status, 401, "{target}");
        assert!(r.text().contains("登录"), "{target}");
    }
    // A forged or stale cookie is nobody.
    for forged in [
        "0".repeat(64),
        "' OR 1=1 --".to_string(),
        "a".repeat(10_000),
    ] {
        let r = w.c.get("/admin/users", Some(&forged));
        assert_eq!(r.status, 401);
    }
    // The public API's GET of the same path is still the portal's.
    let r = w.c.get("/api/disclosures", None);
    assert_eq!(r.status, 200);
    assert!(r.text().contains(&w.jiangbei_id));
    assert_eq!(w.store.users().unwrap().len(), 4);
    assert!(w.store.decisions().unwrap().is_empty());
}

fn signed_in_pages_say_who(w: &World) {
    let t = w.c.get("/", None).text();
    assert!(t.contains("登录 (sign in)"), "{t}");
    let cookie = w.c.sign_in("审核员", "reviewer password");
    let r = w.c.get("/", Some(&cookie));
    assert!(
        r.text().contains("已登录 (signed in)：审核员（审核）"),
        "{}",
        r.text()
    );
    assert!(r.header("cache-control").unwrap().contains("no-store"));
    // The cached public page is still anonymous for others.
    assert!(!w.c.get("/", None).text().contains("审核员"));
    // Signing out ends the session in the workspace, not just in the browser.
    let csrf = w.c.csrf(&cookie);
    let r = w.c.form("/logout", Some(&cookie), &[("csrf", &csrf)]);
    assert_eq!(r.status, 303);
    assert!(r.header("set-cookie").unwrap().contains("Max-Age=0"));
    assert_eq!(w.c.get("/upload", Some(&cookie)).status, 401);
    // Wrong passwords (1 failure, counted against the limit below).
    let r =
        w.c.form("/login", None, &[("name", "审核员"), ("password", "wrong")]);
    assert_eq!(r.status, 401);
    assert!(r.header("set-cookie").is_none());
    assert!(r.text().contains("用户名或密码不正确"));
    // After signing in, only a local path.
    let r = w.c.form(
        "/login",
        None,
        &[
            ("name", "审核员"),
            ("password", "reviewer password"),
            ("next", "//evil.example/"),
        ],
    );
    assert_eq!(r.header("location").as_deref(), Some("/"));
}

/// The fingerprints on a disclosure's review page.
fn fingerprints(w: &World, cookie: &str, id: &str) -> Vec<String> {
    let t = w.c.get(&format!("/d/{id}/review"), Some(cookie)).text();
    t.split("name=\"fingerprint\" value=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

fn csrf_is_checked(w: &World) {
    let id = &w.jiangbei_id;
    let cookie = w.c.sign_in("审核员", "reviewer password");
    let csrf = w.c.csrf(&cookie);
    let fps = fingerprints(w, &cookie, id);
    assert!(!fps.is_empty(), "江北城街道 has findings to decide on");
    let fp = fps[0].clone();
    let target = format!("/d/{id}/decisions");
    // No token, a wrong one, another session's: refused, nothing recorded.
    let other = w.c.sign_in("管理员", "admin password");
    let other_csrf = w.c.csrf(&other);
    for bad in [
        None,
        Some("0".repeat(64)),
        Some(other_csrf),
        Some(String::new()),
    ] {
        let mut fields = vec![
            ("fingerprint", fp.as_str()),
            ("decision", "确认"),
            ("note", "x"),
        ];
        if let Some(b) = &bad {
            fields.push(("csrf", b));
        }
        let r = w.c.form(&target, Some(&cookie), &fields);
        assert_eq!(r.status, 403, "{bad:?}: {}", r.text());
        assert!(r.text().contains("CSRF"));
    }
    assert!(w.store.decisions().unwrap().is_empty());
    // From another site, even with the token: refused.
    let body = format!("csrf={csrf}&fingerprint={fp}&decision=confirmed");
    let c = format!("yusuan_session={cookie}");
    let r = w.c.send(
        "POST",
        &target,
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &c),
            ("Origin", "https://evil.example"),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 403);
    assert!(w.store.decisions().unwrap().is_empty());
    // With the token: recorded, by fingerprint, with the reviewer's name.
    let r = w.c.form(
        &target,
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("fingerprint", &fp),
            ("decision", "不是问题"),
            ("note", "表内已说明"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let d = w.store.decisions().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(
        (
            d[0].decision.as_str(),
            d[0].note.as_str(),
            d[0].decided_by.as_str()
        ),
        ("not_an_issue", "表内已说明", "审核员")
    );
    assert!(w
        .c
        .get(&format!("/d/{id}/review"), Some(&cookie))
        .text()
        .contains("表内已说明"));
    // A fingerprint that is not this disclosure's: refused.
    let r = w.c.form(
        &target,
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("fingerprint", "0123456789abcdef"),
            ("decision", "确认"),
        ],
    );
    assert_eq!(r.status, 404);
    // The API with the cookie needs the header; with a bearer token it does not.
    let body = format!(r#"{{"fingerprint":"{fp}","decision":"确认","note":"api"}}"#);
    let r = w.c.send(
        "POST",
        "/api/decisions",
        &[("Content-Type", "application/json"), ("Cookie", &c)],
        body.as_bytes(),
    );
    assert_eq!(r.status, 403);
    let r = w.c.send(
        "POST",
        "/api/decisions",
        &[
            ("Content-Type", "application/json"),
            ("Cookie", &c),
            ("X-CSRF-Token", &csrf),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = w.c.send(
        "POST",
        "/api/session",
        &[("Content-Type", "application/json")],
        r#"{"name":"审核员","password":"reviewer password"}"#.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    let bearer = format!("Bearer {}", v["token"].as_str().unwrap());
    let body = format!(r#"{{"fingerprint":"{fp}","decision":"fixed","note":"bearer"}}"#);
    let r = w.c.send(
        "POST",
        "/api/decisions",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &bearer),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(w.store.decisions().unwrap()[0].note, "bearer");
    // Signing the bearer session out ends it.
    let r =
        w.c.send("DELETE", "/api/session", &[("Authorization", &bearer)], b"");
    assert_eq!(r.status, 204);
    let r = w.c.send(
        "POST",
        "/api/decisions",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &bearer),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 401);
    // The upload form without its token.
    let r = w.c.upload(Some(&cookie), None, "w.txt", &w.wanli);
    assert_eq!(r.status, 403);
    assert!(w.store.uploads().unwrap().is_empty());
}

fn roles_are_checked(w: &World) {
    let id = &w.jiangbei_id;
    let unit = w.c.sign_in("万里", "unit password");
    let unit_csrf = w.c.csrf(&unit);
    let reviewer = w.c.sign_in("审核员", "reviewer password");
    let reviewer_csrf = w.c.csrf(&reviewer);
    let admin = w.c.sign_in("管理员", "admin password");
    let admin_csrf = w.c.csrf(&admin);
    let fp = fingerprints(w, &reviewer, id)[0].clone();
    let before = w.store.decisions().unwrap();
    // 单位 records no decision, sees no review page, manages no account.
    let r = w.c.form(
        &format!("/d/{id}/decisions"),
        Some(&unit),
        &[
            ("csrf", &unit_csrf),
            ("fingerprint", &fp),
            ("decision", "确认"),
        ],
    );
    assert_eq!(r.status, 403);
    assert!(r.text().contains("单位"), "{}", r.text());
    assert_eq!(w.store.decisions().unwrap(), before);
    for target in [
        format!("/d/{id}/review"),
        format!("/d/{id}/checklist.xlsx"),
        "/league.xlsx".into(),
        "/admin/users".into(),
    ] {
        assert_eq!(w.c.get(&target, Some(&unit)).status, 403, "{target}");
    }
    // 审核 manages no account.
    assert_eq!(w.c.get("/admin/users", Some(&reviewer)).status, 403);
    let r = w.c.form(
        "/admin/users",
        Some(&reviewer),
        &[
            ("csrf", &reviewer_csrf),
            ("name", "new"),
            ("password", "12345678"),
            ("role", "admin"),
        ],
    );
    assert_eq!(r.status, 403);
    let r = w.c.form(
        "/admin/users/delete",
        Some(&unit),
        &[("csrf", &unit_csrf), ("name", "审核员")],
    );
    assert_eq!(r.status, 403);
    assert_eq!(w.store.users().unwrap().len(), 4);
    // 审核 downloads the checklist and the league table.
    let r = w.c.get(&format!("/d/{id}/checklist.xlsx"), Some(&reviewer));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.body.starts_with(b"PK"));
    let r = w.c.get("/league.xlsx", Some(&reviewer));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.body.starts_with(b"PK"));
    // 单位 uploads another unit's disclosure: refused, said why, not on the portal.
    let jiangbei = std::fs::read(corpus("chongqing-jiangbeicheng-2025-budget.txt")).unwrap();
    let other = w.c.sign_in("别的单位", "other password");
    let other_csrf = w.c.csrf(&other);
    let r =
        w.c.upload(Some(&other), Some(&other_csrf), "w.txt", &w.wanli);
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(
        r.text().contains("本账户只能上传「某某局」的文件"),
        "{}",
        r.text()
    );
    let r =
        w.c.upload(Some(&unit), Some(&unit_csrf), "j.txt", &jiangbei);
    assert_eq!(r.status, 403);
    assert!(!w.c.get("/", None).text().contains("万里街道"));
    // Its own: accepted, checked into the workspace, on the portal.
    let r =
        w.c.upload(Some(&unit), Some(&unit_csrf), "万里2025.txt", &w.wanli);
    assert_eq!(r.status, 303, "{}", r.text());
    let at = r.header("location").unwrap();
    let page = w.c.get(&at, None);
    assert_eq!(page.status, 200);
    assert!(page.text().contains(&w.wanli_unit));
    assert!(w.c.get("/", None).text().contains(&w.wanli_unit));
    let docs = w.store.current_documents().unwrap();
    assert_eq!(
        docs.iter()
            .filter(|d| d.unit.as_deref() == Some(w.wanli_unit.as_str()))
            .count(),
        1
    );
    // The review page's fingerprints are the workspace's: a decision made on the portal holds
    // for `yusuan review`, `mark` and `report`, and the other way round.
    let wanli_id = at.trim_start_matches("/d/");
    let mut on_portal = fingerprints(w, &reviewer, wanli_id);
    let mut in_workspace: Vec<String> = w
        .store
        .findings(false)
        .unwrap()
        .into_iter()
        .filter(|f| f.unit.as_deref() == Some(w.wanli_unit.as_str()))
        .map(|f| f.fingerprint)
        .collect();
    on_portal.sort();
    in_workspace.sort();
    assert!(!on_portal.is_empty());
    assert_eq!(on_portal, in_workspace);
    // Kept by content hash, never under the name sent.
    let hash = yusuan_store::content_hash(&w.wanli);
    assert!(w.dir.join("uploads").join(&hash).is_file());
    let ups = w.store.uploads().unwrap();
    assert!(ups
        .iter()
        .any(|u| u.outcome == "accepted" && u.user == "万里" && u.file_name == "万里2025.txt"));
    assert!(ups.iter().filter(|u| u.outcome == "refused").count() >= 2);
    // Refused files take no room (unless the same content was accepted for someone else).
    let accepted: Vec<&str> = ups
        .iter()
        .filter(|u| u.outcome == "accepted")
        .map(|u| u.hash.as_str())
        .collect();
    for u in ups
        .iter()
        .filter(|u| u.outcome == "refused" && !accepted.contains(&u.hash.as_str()))
    {
        assert!(!w.dir.join("uploads").join(&u.hash).exists());
    }
    // 管理 does everything: makes an account, the account signs in, 管理 deletes it.
    let r = w.c.form(
        "/admin/users",
        Some(&admin),
        &[
            ("csrf", &admin_csrf),
            ("name", "临时"),
            ("password", "temporary pw"),
            ("role", "reviewer"),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let temp = w.c.sign_in("临时", "temporary pw");
    let r = w.c.form(
        "/admin/users/delete",
        Some(&admin),
        &[("csrf", &admin_csrf), ("name", "临时")],
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        w.c.get("/upload", Some(&temp)).status,
        401,
        "a deleted account's session ends"
    );
    assert_eq!(
        w.c.get(&format!("/d/{id}/review"), Some(&admin)).status,
        200
    );
}

fn uploads_are_capped_and_sniffed(w: &World) {
    let cookie = w.c.sign_in("审核员", "reviewer password");
    let csrf = w.c.csrf(&cookie);
    let before = w.store.uploads().unwrap().len();
    // Over the cap: 413, from the form and the API, nothing kept.
    let big = vec![b'a'; MAX_UPLOAD + 200_000];
    let r = w.c.upload(Some(&cookie), Some(&csrf), "big.txt", &big);
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.text().contains("MB"), "{}", r.text());
    let c = format!("yusuan_session={cookie}");
    let r = w.c.send(
        "POST",
        "/api/disclosures?name=big.pdf",
        &[("Cookie", &c), ("X-CSRF-Token", &csrf)],
        &big,
    );
    assert_eq!(r.status, 413);
    assert_eq!(w.store.uploads().unwrap().len(), before);
    // Not a disclosure (an image, a zip, random bytes, a text without any table, an empty
    // file), whatever its name: 422 with a Chinese message.
    let png =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend_from_slice(&[0u8; 100]);
    let random: Vec<u8> = (0..4000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for (name, bytes) in [
        ("预算.pdf", png),
        ("预算.xlsx", zip),
        ("预算.docx", random),
        (
            "预算.txt",
            "这是一封信，没有任何预算表。\n谢谢。\n".as_bytes().to_vec(),
        ),
        ("空.pdf", Vec::new()),
        // A unit's budget workbook left blank: read as a workbook, refused for what is missing.
        ("预算填报.xlsx", yusuan_workbook::template()),
    ] {
        let r = w.c.upload(Some(&cookie), Some(&csrf), name, &bytes);
        assert_eq!(r.status, 422, "{name}: {}", r.text());
        let t = r.text();
        assert!(
            t.contains("不是") || t.contains("空") || t.contains("工作簿"),
            "{name}: {t}"
        );
    }
    // A unit's budget workbook: built into its disclosure, checked into the workspace, shown.
    let workbook = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/jiangbeicheng-2025-workbook.xlsx"),
    )
    .unwrap();
    let unit = w.c.sign_in("万里", "unit password");
    let unit_csrf = w.c.csrf(&unit);
    let r =
        w.c.upload(Some(&unit), Some(&unit_csrf), "预算.xlsx", &workbook);
    assert_eq!(r.status, 403, "another unit's workbook: {}", r.text());
    let documents = w.store.current_documents().unwrap().len();
    let r =
        w.c.upload(Some(&cookie), Some(&csrf), "江北城预算填报.xlsx", &workbook);
    assert_eq!(r.status, 303, "{}", r.text());
    let at = r.header("location").unwrap();
    let page = w.c.get(&at, None).text();
    assert!(page.contains("江北城街道办事处"), "{page}");
    // The generated disclosure is its original.
    let generated = w.c.get(&format!("{at}/original/1"), None);
    assert_eq!(generated.status, 200, "{}", generated.text());
    assert!(generated.body.starts_with(b"PK"));
    assert_eq!(w.store.current_documents().unwrap().len(), documents + 1);
    // The API says the same in JSON.
    let r = w.c.send(
        "POST",
        "/api/disclosures?name=x.pdf",
        &[("Cookie", &c), ("X-CSRF-Token", &csrf)],
        b"GIF89a\x01\x00\x01\x00",
    );
    assert_eq!(r.status, 422);
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert!(v["error"].as_str().unwrap().contains("不是"), "{v}");
    // The API accepts a disclosure (known already: the workspace's document is reused).
    let r = w.c.send(
        "POST",
        "/api/disclosures?name=wanli.txt",
        &[("Cookie", &c), ("X-CSRF-Token", &csrf)],
        &w.wanli,
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(v["known"], true);
    assert_eq!(v["unit"].as_str(), Some(w.wanli_unit.as_str()));
}

fn markup_comes_back_escaped(w: &World) {
    let cookie = w.c.sign_in("审核员", "reviewer password");
    let csrf = w.c.csrf(&cookie);
    let text = std::fs::read_to_string(corpus("chongqing-jiangbeicheng-2025-budget.txt")).unwrap();
    assert!(text.contains("江北城街道办事处"));
    let evil_unit = "<script>alert('unit')</script>江北城街道办事处";
    let evil_text = "<img src=x onerror=alert('narrative')>";
    let hostile = text
        .replacen("江北城街道办事处", evil_unit, usize::MAX)
        .replacen("有内设机构", &format!("{evil_text}有内设机构"), 1);
    let r = w.c.upload(
        Some(&cookie),
        Some(&csrf),
        "<script>alert('file')</script>.txt",
        hostile.as_bytes(),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let at = r.header("location").unwrap();
    let id = at.trim_start_matches("/d/").to_string();
    let admin = w.c.sign_in("管理员", "admin password");
    for (target, who) in [
        ("/".to_string(), None),
        (at.clone(), None),
        (at.clone(), Some(cookie.as_str())),
        (format!("/d/{id}/review"), Some(cookie.as_str())),
        (format!("/d/{id}/view"), None),
        ("/rankings".to_string(), None),
        ("/admin/users".to_string(), Some(admin.as_str())),
    ] {
        let r = w.c.get(&target, who);
        assert_eq!(r.status, 200, "{target}");
        let t = r.text();
        for raw in ["<script>alert(", "<img src=x"] {
            assert!(!t.contains(raw), "{target}: {raw} unescaped");
        }
    }
    // An original named .html that holds the page header's placeholder is sent as it is: the
    // viewer's name and CSRF token are not put into a download.
    let planted = hostile.replacen("有内设机构", "<!--yusuan:who-->有内设机构", 1);
    let r =
        w.c.upload(Some(&cookie), Some(&csrf), "page.html", planted.as_bytes());
    assert_eq!(r.status, 303, "{}", r.text());
    let planted_at = r.header("location").unwrap();
    let r = w.c.get(&format!("{planted_at}/original/1"), Some(&cookie));
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-disposition")
        .unwrap()
        .starts_with("attachment"));
    assert!(r.text().contains("<!--yusuan:who-->"));
    assert!(!r.text().contains(&csrf) && !r.text().contains("已登录"));
    // JSON carries the text as it is, as JSON, never sniffed as a page.
    let r = w.c.get(&format!("/api/disclosures/{id}"), None);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(
        r.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    let t = w.c.get("/", None).text();
    assert!(t.contains("&lt;script&gt;alert("), "{t}");
    let t = w.c.get("/admin/users", Some(&admin)).text();
    assert!(t.contains("&lt;script&gt;alert("), "the file name, escaped");
}

fn sql_injection_changes_nothing(w: &World) {
    let users = w.store.users().unwrap();
    // Sign-in probes (3 failures, counted against the limit below).
    for name in ["' OR '1'='1", "审核员' --", "审核员'; DROP TABLE users; --"] {
        let r = w.c.form(
            "/login",
            None,
            &[("name", name), ("password", "' OR '1'='1")],
        );
        assert_eq!(r.status, 401, "{name}");
        assert!(r.header("set-cookie").is_none());
    }
    // Search probes.
    let all = w.c.get("/api/disclosures", None).text();
    for q in [
        "%27%20OR%201%3D1%20--",
        "%27%3B%20DROP%20TABLE%20documents%3B%20--",
    ] {
        let r = w.c.get(&format!("/?q={q}"), None);
        assert_eq!(r.status, 200);
        let r = w.c.get(&format!("/api/disclosures?q={q}"), None);
        assert_eq!(r.status, 200);
        assert!(r.text().contains("\"total\":0"), "{}", r.text());
    }
    // A decision's note is kept as written.
    let cookie = w.c.sign_in("审核员", "reviewer password");
    let csrf = w.c.csrf(&cookie);
    let fp = fingerprints(w, &cookie, &w.jiangbei_id)[0].clone();
    let note = "x'); DELETE FROM decisions; DROP TABLE users; --";
    let r = w.c.form(
        &format!("/d/{}/decisions", w.jiangbei_id),
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("fingerprint", &fp),
            ("decision", "确认"),
            ("note", note),
        ],
    );
    assert_eq!(r.status, 303);
    let d = w.store.decisions().unwrap();
    assert!(d.iter().any(|d| d.note == note));
    assert_eq!(w.store.users().unwrap(), users);
    assert_eq!(w.c.get("/api/disclosures", None).text(), all);
}

fn path_traversal_reads_nothing(w: &World) {
    let cookie = w.c.sign_in("审核员", "reviewer password");
    let id = &w.jiangbei_id;
    let probes = [
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "..",
        "%2e%2e%2f%2e%2e%2fCargo.toml",
        "..%5C..%5Cwindows",
        "%00",
    ];
    let mut targets = Vec::new();
    for p in probes {
        targets.extend([
            format!("/d/{p}"),
            format!("/d/{p}/view"),
            format!("/d/{p}/original/1"),
            format!("/d/{id}/original/{p}"),
            format!("/d/{p}/export/xlsx"),
            format!("/d/{id}/export/{p}"),
            format!("/d/{p}/tables/1.csv"),
            format!("/d/{id}/tables/{p}"),
            format!("/units/{p}"),
            format!("/d/{p}/review"),
            format!("/d/{p}/checklist.xlsx"),
            format!("/api/disclosures/{p}"),
            format!("/api/disclosures/{p}/tables"),
            format!("/api/disclosures/{id}/tables/{p}"),
            format!("/assets/{p}"),
        ]);
    }
    for t in &targets {
        let r = w.c.get(t, Some(&cookie));
        // 400 where the parameter is a number and the probe is not one.
        assert!(r.status == 404 || r.status == 400, "{t}: {}", r.status);
        let body = r.text();
        assert!(
            !body.contains("root:") && !body.contains("[workspace]"),
            "{t}"
        );
    }
    // A decision on a disclosure that is not there.
    let csrf = w.c.csrf(&cookie);
    let r = w.c.form(
        "/d/..%2F..%2Fetc%2Fpasswd/decisions",
        Some(&cookie),
        &[("csrf", &csrf), ("fingerprint", "0"), ("decision", "确认")],
    );
    assert_eq!(r.status, 404);
    // The uploads folder holds only files named by their hash.
    for e in std::fs::read_dir(w.dir.join("uploads")).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(
            name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit()),
            "{name}"
        );
    }
}

fn sign_in_is_rate_limited(w: &World) {
    // From this address so far: 1 wrong password and 3 injection probes.
    let mut refused = 0;
    let mut limited = false;
    for _ in 0..LIMIT + 2 {
        let r =
            w.c.form("/login", None, &[("name", "审核员"), ("password", "guess")]);
        match r.status {
            401 => refused += 1,
            429 => {
                assert!(r.text().contains("分钟后再试"), "{}", r.text());
                limited = true;
                break;
            }
            s => panic!("{s}"),
        }
    }
    assert!(limited);
    assert_eq!(refused, LIMIT - 4);
    // Now even the right password is not checked, for any account from here, by the API too.
    let r = w.c.form(
        "/login",
        None,
        &[("name", "管理员"), ("password", "admin password")],
    );
    assert_eq!(r.status, 429);
    assert!(r.header("set-cookie").is_none());
    let r = w.c.send(
        "POST",
        "/api/session",
        &[("Content-Type", "application/json")],
        r#"{"name":"管理员","password":"admin password"}"#.as_bytes(),
    );
    assert_eq!(r.status, 429);
}
