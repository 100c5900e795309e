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
