//! `yusuan serve` over a review workspace: the command's choices and messages (the portal
//! itself is tested in yusuan-serve).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn yusuan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
}

#[test]
fn an_empty_workspace_is_served_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = yusuan()
        .current_dir(dir.path())
        .args(["serve", "--workspace", "空.sqlite", "--addr", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = String::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        said.push_str(&line);
        said.push('\n');
        if line.contains("portal ready") {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(said.contains("还没有公开文件"), "{said}");
    assert!(said.contains("0 份公开文件"), "{said}");
    assert!(dir.path().join("空.sqlite").is_file());
}

#[test]
fn no_workspace_here_and_no_files_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = yusuan()
        .current_dir(dir.path())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("yusuan-review.sqlite"), "{err}");
    // Nothing was created.
    assert!(!dir.path().join("yusuan-review.sqlite").exists());
    let out = yusuan()
        .current_dir(dir.path())
        .args(["serve", "a.pdf", "--workspace", "w.sqlite"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not both"));
}

/// `yusuan serve --demo` (from the repository's root) reviews the example budget, laid out as a
/// PDF, and the corpus's PDFs into a workspace in a temporary folder and serves it: the
/// example is on the portal beside the published documents, and the folder goes with the
/// portal.
#[test]
fn the_demo_serves_an_embedded_workspace() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut child = yusuan()
        .current_dir(&root)
        .args(["serve", "--demo", "--addr", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = String::new();
    let mut url = None;
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        said.push_str(&line);
        said.push('\n');
        if let Some(at) = line.find("http://") {
            url = Some(line[at..].trim_end_matches('/').to_string());
            break;
        }
    }
    let url = url.unwrap_or_else(|| panic!("not ready: {said}"));
    let addr = url.trim_start_matches("http://").to_string();
    let get = |path: &str| -> String {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut body = String::new();
        s.read_to_string(&mut body).unwrap();
        body
    };
    let list = get("/api/disclosures?per_page=100");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(said.contains("demo.sqlite"), "{said}");
    assert!(list.contains("江北城街道办事处"), "{list}");
    assert!(
        list.contains("上海市普陀区人民政府万里街道办事处"),
        "{list}"
    );
    let folder = said
        .lines()
        .find_map(|l| l.split_whitespace().find(|w| w.ends_with("demo.sqlite")))
        .map(|w| std::path::PathBuf::from(w).parent().unwrap().to_path_buf())
        .unwrap();
    // Killed, the portal cannot remove its folder; a stopped one does (TempDir's drop). The
    // workspace was there while it ran.
    let _ = std::fs::remove_dir_all(folder);
}
