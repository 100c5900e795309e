//! `yusuan serve --create-user` and the portal served with a workspace: an account made from
//! the command line signs in, uploads a disclosure, and the upload is still on the portal
//! after the server restarts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn yusuan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
}

fn create(ws: &std::path::Path, args: &[&str], password: &str) -> std::process::Output {
    let mut child = yusuan()
        .args(["serve", "--workspace"])
        .arg(ws)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn create_user_reads_the_password_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite");
    let out = create(
        &ws,
        &["--create-user", "张审核", "--role", "reviewer"],
        "correct horse",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("已建立账户「张审核」（审核）"));
    // The password is not in the workspace; its argon2id hash is.
    let raw = String::from_utf8_lossy(&std::fs::read(&ws).unwrap()).into_owned();
    assert!(!raw.contains("correct horse"));
    assert!(raw.contains("$argon2id$"));
    for (args, password, says) in [
        (
            vec!["--create-user", "张审核", "--role", "admin"],
            "another password",
            "已存在",
        ),
        (
            vec!["--create-user", "短", "--role", "admin"],
            "short",
            "至少 8 个字符",
        ),
        (
            vec!["--create-user", "某单位", "--role", "unit"],
            "unit password",
            "--unit",
        ),
        (
            vec!["--create-user", "某人", "--role", "boss"],
            "a password",
            "未知角色",
        ),
    ] {
        let out = create(&ws, &args, password);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(says),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = create(
        &ws,
        &[
            "--create-user",
            "万里",
            "--role",
            "unit",
            "--unit",
            "上海市普陀区人民政府万里街道办事处",
        ],
        "unit password",
    );
    assert!(out.status.success());
    // A new password replaces the old one.
    let out = create(&ws, &["--set-password", "张审核"], "battery staple");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = yusuan_store::Store::open(&yusuan_store::Target::Sqlite(ws.clone())).unwrap();
    let limit = yusuan_store::RateLimit::default();
    assert!(matches!(
        store
            .login("张审核", "battery staple", "::1", limit)
            .unwrap(),
        yusuan_store::Login::SignedIn(_)
    ));
    assert_eq!(
        store
            .login("张审核", "correct horse", "::1", limit)
            .unwrap(),
        yusuan_store::Login::Refused
    );
    store.close();
    let out = create(&ws, &["--set-password", "nobody"], "battery staple");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有账户"));
}

struct Served {
    child: Child,
    addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(ws: &std::path::Path) -> Served {
    let mut child = yusuan()
        .args(["serve", "--addr", "127.0.0.1:0", "--workspace"])
        .arg(ws)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server says where it listens")
            .unwrap();
        if let Some(at) = line.find("http://") {
            break line[at + 7..].trim_end_matches('/').to_string();
        }
    };
    // Keep reading stderr so the server never blocks on it.
    std::thread::spawn(move || for _ in lines {});
    Served { child, addr }
}

fn send(addr: &str, head: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    write!(
        s,
        "{head}\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, text)
}

#[test]
fn an_upload_stays_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite");
    let out = create(
        &ws,
        &["--create-user", "审核员", "--role", "reviewer"],
        "reviewer password",
    );
    assert!(out.status.success());
    let wanli = std::fs::read(format!(
        "{}/../../corpus/shanghai-putuo-wanli-2025-budget.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    {
        let s = serve(&ws);
        let (status, text) = send(&s.addr, "GET / HTTP/1.1", b"");
        assert_eq!(status, 200);
        assert!(text.contains("登录 (sign in)"));
        assert!(!text.contains("万里街道"));
        let login = r#"{"name":"审核员","password":"reviewer password"}"#;
        let (status, text) = send(
            &s.addr,
            "POST /api/session HTTP/1.1\r\nContent-Type: application/json",
            login.as_bytes(),
        );
        assert_eq!(status, 200, "{text}");
        let token = text
            .split("\"token\":\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let (status, text) = send(
            &s.addr,
            &format!(
                "POST /api/disclosures?name=wanli.txt HTTP/1.1\r\nAuthorization: Bearer {token}"
            ),
            &wanli,
        );
        assert_eq!(status, 201, "{text}");
        assert!(send(&s.addr, "GET / HTTP/1.1", b"").1.contains("万里街道"));
    }
    // Kept beside the workspace, by hash.
    let kept = dir
        .path()
        .join("yusuan-uploads")
        .join(yusuan_store::content_hash(&wanli));
    assert!(kept.is_file(), "{}", kept.display());
    let s = serve(&ws);
    assert!(send(&s.addr, "GET / HTTP/1.1", b"").1.contains("万里街道"));
}
