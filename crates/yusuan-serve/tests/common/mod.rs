//! The portal served for real on a loopback port, shared by the HTTP and browser tests, and a
//! plain HTTP/1.1 client (a real client's bytes; no client library).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use yusuan_model::Catalog;
use yusuan_serve::{Library, Portal};
use yusuan_store::Target;

pub fn corpus(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus")
        .join(p)
}

/// A disclosure whose unit name and narrative carry markup, made from the reference text.
fn hostile(dir: &std::path::Path) -> PathBuf {
    let text = std::fs::read_to_string(corpus("chongqing-jiangbeicheng-2025-budget.txt")).unwrap();
    let evil = "<script>alert(1)</script>江北城街道办事处";
    assert!(text.contains("江北城街道办事处"));
    let text = text.replace("江北城街道办事处", evil);
    let path = dir.join("hostile.txt");
    std::fs::write(&path, text).unwrap();
    path
}

pub struct Server {
    pub addr: SocketAddr,
    /// Ids by (unit contains, year).
    pub ids: Vec<(String, u16, String)>,
    /// What serves: `memory`, `sqlite` or `postgres`.
    pub backend: &'static str,
    /// A portal over a workspace: to reload it.
    pub portal: Option<Arc<Portal>>,
    /// The workspace, and the folder holding the reviewed files (copies of the corpus's).
    pub target: Option<Target>,
    pub files: PathBuf,
}

impl Server {
    pub fn get(&self, target: &str) -> Reply {
        request_to(self.addr, "GET", target, "")
    }

    pub fn request(&self, method: &str, target: &str, extra: &str) -> Reply {
        request_to(self.addr, method, target, extra)
    }

    pub fn id(&self, unit: &str, year: u16) -> String {
        let lib = self.ids();
        lib.iter()
            .find(|(u, y, _)| u.contains(unit) && *y == year)
            .unwrap_or_else(|| panic!("{}: no {unit} {year} in {lib:?}", self.backend))
            .2
            .clone()
    }

    /// Ids by (unit, year) as the portal holds them now.
    pub fn ids(&self) -> Vec<(String, u16, String)> {
        match &self.portal {
            Some(p) => ids_of(&p.library()),
            None => self.ids.clone(),
        }
    }
}

fn ids_of(lib: &Library) -> Vec<(String, u16, String)> {
    lib.entries
        .iter()
        .map(|e| (e.unit.clone(), e.year, e.id.clone()))
        .collect()
}

/// The files the workspace servers review: copies of corpus documents (two years of one unit,
/// a disclosure in two files, a 上海 one, the reference text), the hostile one, and a broken
/// PDF the review refuses.
fn reviewed_files(dir: &std::path::Path) -> PathBuf {
    let files = dir.join("files");
    std::fs::create_dir_all(files.join("jiangsu")).unwrap();
    for f in [
        "pdf/jiangsu/jiangsu-npc-office-2017-budget.pdf",
        "pdf/jiangsu/jiangsu-npc-office-2018-budget.pdf",
        "pdf/jiangsu/jiangsu-npc-office-2019-budget-text.pdf",
        "pdf/jiangsu/jiangsu-npc-office-2019-budget-tables.pdf",
    ] {
        let name = std::path::Path::new(f).file_name().unwrap();
        std::fs::copy(corpus(f), files.join("jiangsu").join(name)).unwrap();
    }
    for f in [
        "pdf/shanghai-putuo-wanli-2025-budget.pdf",
        "chongqing-jiangbeicheng-2025-budget.txt",
    ] {
        let name = std::path::Path::new(f).file_name().unwrap();
        std::fs::copy(corpus(f), files.join(name)).unwrap();
    }
    let evil = hostile(dir);
    std::fs::rename(&evil, files.join("hostile.txt")).unwrap();
    std::fs::write(files.join("broken.pdf"), b"%PDF-1.7\n1 0 obj\n<<").unwrap();
    files
}

/// Review `paths` into the workspace, as `yusuan review` does.
pub fn review(target: &Target, paths: &[PathBuf]) {
    let config = yusuan_check::Config::default();
    let options = yusuan_review::Options {
        config: &config,
        catalog: Catalog::embedded(),
        profile: None,
        jobs: Some(2),
        claim_timeout: std::time::Duration::from_secs(600),
        time_limit: Some(yusuan_review::pipeline::DEFAULT_TIME_LIMIT),
    };
    yusuan_review::review(target, paths, &options, &mut |_| {}).unwrap();
}

/// A decision recorded before the portal starts: on the first finding of 万里 2025 (the one
/// the tests look for).
pub const DECIDED_NOTE: &str = "表内已说明<b>";
pub const DECIDED_BY: &str = "审核员甲";

/// The portal over a workspace the review filled (on `target`, in `dir`), served for real on
/// a loopback port, with one decision made.
pub fn workspace_server(backend: &'static str, target: Target, dir: &std::path::Path) -> Server {
    let files = reviewed_files(dir);
    review(&target, std::slice::from_ref(&files));
    let store = yusuan_store::Store::open(&target).unwrap();
    let wanli = store
        .current_documents()
        .unwrap()
        .into_iter()
        .find(|d| d.paths.contains("wanli"))
        .expect("万里 reviewed");
    // The review kept the disclosure as read: the portal shows it, not a reading of its own.
    assert!(store.disclosure_json(&wanli.id).unwrap().is_some());
    let first = store
        .findings(false)
        .unwrap()
        .into_iter()
        .find(|f| f.document_id == wanli.id)
        .expect("万里 has findings");
    store
        .mark(
            &first.fingerprint,
            yusuan_store::Decision::NotAnIssue,
            DECIDED_NOTE,
            DECIDED_BY,
        )
        .unwrap();
    store.close();
    let ws = yusuan_serve::Workspace::open(&target, Catalog::embedded()).unwrap();
    let portal = Portal::from_workspace(ws).unwrap();
    let ids = ids_of(&portal.library());
    let addr = start(portal.clone());
    Server {
        addr,
        ids,
        backend,
        portal: Some(portal),
        target: Some(target),
        files,
    }
}

/// Serve the portal on a free loopback port, on a thread of its own; its address.
pub fn start(portal: Arc<Portal>) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = yusuan_serve::serve_portal_blocking(portal, "127.0.0.1:0".parse().unwrap(), |a| {
            tx.send(a).unwrap();
        });
    });
    rx.recv_timeout(std::time::Duration::from_secs(60)).unwrap()
}

pub fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("yusuan-portal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let paths = vec![
            corpus("pdf/jiangsu/jiangsu-npc-office-2017-budget.pdf"),
            corpus("pdf/jiangsu/jiangsu-npc-office-2018-budget.pdf"),
            corpus("pdf/jiangsu/jiangsu-npc-office-2019-budget-text.pdf"),
            corpus("pdf/jiangsu/jiangsu-npc-office-2019-budget-tables.pdf"),
            corpus("pdf/shanghai-putuo-wanli-2025-budget.pdf"),
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../examples/chongqing-jiangbeicheng-2025"),
            hostile(&dir),
        ];
        let lib = yusuan_serve::Library::load(&paths, Catalog::embedded());
        assert!(lib.refused.is_empty(), "{:?}", lib.refused);
        let ids = ids_of(&lib);
        let addr = start(Portal::new(lib));
        Server {
            addr,
            ids,
            backend: "memory",
            portal: None,
            target: None,
            files: dir,
        }
    })
}

pub fn id(unit: &str, year: u16) -> String {
    server()
        .ids
        .iter()
        .find(|(u, y, _)| u.contains(unit) && *y == year)
        .unwrap_or_else(|| panic!("no {unit} {year} in {:?}", server().ids))
        .2
        .clone()
}

pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

/// One HTTP/1.1 request to the in-memory portal.
pub fn request(method: &str, target: &str, extra: &str) -> Reply {
    request_to(server().addr, method, target, extra)
}

/// One HTTP/1.1 request over a fresh connection (a real client's bytes; no client library).
pub fn request_to(addr: SocketAddr, method: &str, target: &str, extra: &str) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{extra}\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
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

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..line_end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[line_end + 2..line_end + 2 + size]);
        b = &b[line_end + 2 + size + 2..];
    }
}

pub fn get(target: &str) -> Reply {
    request("GET", target, "")
}
