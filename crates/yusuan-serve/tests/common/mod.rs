//! The portal served for real on a loopback port, shared by the HTTP and browser tests, and a
//! plain HTTP/1.1 client (a real client's bytes; no client library).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::OnceLock;
use yusuan_model::Catalog;

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
        let ids = lib
            .entries
            .iter()
            .map(|e| (e.unit.clone(), e.year, e.id.clone()))
            .collect();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = yusuan_serve::serve_blocking(lib, "127.0.0.1:0".parse().unwrap(), |a| {
                tx.send(a).unwrap();
            });
        });
        let addr = rx.recv_timeout(std::time::Duration::from_secs(60)).unwrap();
        Server { addr, ids }
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

/// One HTTP/1.1 request over a fresh connection (a real client's bytes; no client library).
pub fn request(method: &str, target: &str, extra: &str) -> Reply {
    let mut s = TcpStream::connect(server().addr).unwrap();
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
