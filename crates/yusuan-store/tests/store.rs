//! The same tests on SQLite and on a throwaway PostgreSQL server.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use yusuan_store::testing::TempPostgres;
use yusuan_store::{Decision, FileRef, NewDocument, NewFinding, Status, Store, Target};

type Body = fn(&Target);

const BODIES: &[(&str, Body)] = &[
    ("records_and_skips", records_and_skips),
    ("changed_file_keeps_history", changed_file_keeps_history),
    ("decisions_by_fingerprint", decisions_by_fingerprint),
    ("reopen_migrates_once", reopen_migrates_once),
    ("claims", claims),
    ("many_findings", many_findings),
];

#[test]
fn sqlite() {
    for (name, body) in BODIES {
        let dir = tempfile::tempdir().unwrap();
        eprintln!("sqlite: {name}");
        body(&Target::Sqlite(dir.path().join("ws.sqlite")));
    }
}

#[test]
fn postgres() {
    let Some(pg) = TempPostgres::start().unwrap() else {
        return;
    };
    for (name, body) in BODIES {
        eprintln!("postgres: {name}");
        body(&Target::Postgres(pg.new_database().unwrap()));
    }
}

fn file(path: &str, content: &str) -> FileRef {
    FileRef {
        path: path.to_string(),
        hash: yusuan_store::content_hash(content.as_bytes()),
        bytes: content.len() as i64,
    }
}

fn finding(rule: &str, severity: &str, figures: &str) -> NewFinding {
    NewFinding {
        fingerprint: yusuan_store::fingerprint(&["单位", "2024", rule, figures]),
        rule: rule.to_string(),
        severity: severity.to_string(),
        message: format!("{rule} 消息"),
        message_en: format!("{rule} message"),
        page: Some(3),
        detail: "{}".to_string(),
        ..NewFinding::default()
    }
}

fn doc(files: Vec<FileRef>, findings: Vec<NewFinding>) -> NewDocument {
    NewDocument {
        status: Some(Status::Imported),
        unit: Some("某某局".to_string()),
        year: Some(2024),
        kind: Some("department_budget".to_string()),
        profile: Some("national".to_string()),
        files,
        findings,
        ..NewDocument::default()
    }
}

fn records_and_skips(t: &Target) {
    let s = Store::open(t).unwrap();
    assert!(s.known_hashes().unwrap().is_empty());
    let run = s.begin_run(&["a".to_string()]).unwrap();
    let a = file("a.pdf", "A");
    s.record_document(
        &run,
        &doc(
            vec![a.clone()],
            vec![
                finding("YS101", "error", "1"),
                finding("YS201", "warning", "2"),
            ],
        ),
    )
    .unwrap();
    // A refused file: no findings, a reason.
    let bad = file("bad.html", "<<<");
    s.record_document(
        &run,
        &NewDocument {
            status: Some(Status::Refused),
            reason: Some("嵌套过深 (nested too deep)".to_string()),
            files: vec![bad.clone()],
            ..NewDocument::default()
        },
    )
    .unwrap();
    // Recording the same content again (a second copy in one run) only adds its path.
    let copy = FileRef {
        path: "copy/a.pdf".to_string(),
        ..a.clone()
    };
    s.record_document(&run, &doc(vec![copy], vec![finding("YS101", "error", "1")]))
        .unwrap();
    s.finish_run(&run).unwrap();
    let known = s.known_hashes().unwrap();
    assert!(known.contains(&a.hash) && known.contains(&bad.hash));
    let docs = s.current_documents().unwrap();
    assert_eq!(docs.len(), 2);
    let d = docs.iter().find(|d| d.id == a.hash).unwrap();
    assert_eq!((d.errors, d.warnings, d.infos), (1, 1, 0));
    assert_eq!(d.paths, "a.pdf; copy/a.pdf");
    let r = docs.iter().find(|d| d.id == bad.hash).unwrap();
    assert_eq!(r.status, "refused");
    assert_eq!(r.reason.as_deref(), Some("嵌套过深 (nested too deep)"));
    let f = s.findings(false).unwrap();
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].rule, "YS101");
    assert_eq!(f[0].unit.as_deref(), Some("某某局"));
    // Two halves of one disclosure: one document, id of both hashes.
    let n = file("n.pdf", "N");
    let tb = file("t.pdf", "T");
    let pair = doc(vec![n.clone(), tb.clone()], vec![]);
    s.record_document(&run, &pair).unwrap();
    assert_eq!(pair.id(), format!("{}+{}", n.hash, tb.hash));
    assert_eq!(s.current_documents().unwrap().len(), 3);
    // Documents naming no unit or year come after those that do, on both databases (SQLite
    // puts NULL first by itself, PostgreSQL last), and their findings likewise.
    let no_year = file("no-year.pdf", "Y");
    s.record_document(
        &run,
        &NewDocument {
            year: None,
            ..doc(vec![no_year.clone()], vec![finding("YS302", "error", "3")])
        },
    )
    .unwrap();
    let no_unit = file("no-unit.pdf", "U");
    s.record_document(
        &run,
        &NewDocument {
            unit: None,
            year: None,
            ..doc(vec![no_unit.clone()], vec![finding("YS301", "error", "4")])
        },
    )
    .unwrap();
    let mut named = vec![a.hash.clone(), pair.id()];
    named.sort();
    let ids: Vec<String> = s
        .current_documents()
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    // The refused file names no kind either: after the unnamed document that does.
    let want: Vec<String> = named
        .into_iter()
        .chain([no_year.hash, no_unit.hash, bad.hash])
        .collect();
    assert_eq!(ids, want);
    let rules: Vec<String> = s
        .findings(false)
        .unwrap()
        .into_iter()
        .map(|f| f.rule)
        .collect();
    assert_eq!(rules, ["YS101", "YS201", "YS302", "YS301"]);
    s.close();
}

/// A document with more findings than one statement inserts (they go 64 rows a statement):
/// every one recorded, once, with its own number.
fn many_findings(t: &Target) {
    let s = Store::open(t).unwrap();
    let run = s.begin_run(&["m".to_string()]).unwrap();
    let m = file("m.pdf", "M");
    let findings: Vec<NewFinding> = (0..150)
        .map(|i| finding(&format!("YS{:03}", 100 + i), "error", &i.to_string()))
        .collect();
    s.record_document(&run, &doc(vec![m.clone()], findings.clone()))
        .unwrap();
    s.finish_run(&run).unwrap();
    let d = s.current_documents().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].errors, 150);
    let mut got: Vec<String> = s
        .findings(false)
        .unwrap()
        .into_iter()
        .map(|f| f.rule)
        .collect();
    got.sort();
    let mut want: Vec<String> = findings.into_iter().map(|f| f.rule).collect();
    want.sort();
    assert_eq!(got, want);
    s.close();
}

fn changed_file_keeps_history(t: &Target) {
    let s = Store::open(t).unwrap();
    let run = s.begin_run(&[]).unwrap();
    let v1 = file("x.pdf", "v1");
    s.record_document(
        &run,
        &doc(vec![v1.clone()], vec![finding("YS1", "error", "1")]),
    )
    .unwrap();
    let run2 = s.begin_run(&[]).unwrap();
    let v2 = file("x.pdf", "v2");
    s.record_document(&run2, &doc(vec![v2.clone()], vec![]))
        .unwrap();
    let current = s.current_documents().unwrap();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].id, v2.hash);
    assert!(s.findings(false).unwrap().is_empty());
    // The old content and its findings stay, as history.
    assert_eq!(s.all_documents().unwrap().len(), 2);
    assert_eq!(s.findings(true).unwrap().len(), 1);
    assert_eq!(
        s.path_history().unwrap(),
        vec![("x.pdf".to_string(), v1.hash.clone())]
    );
    // Back to the first version: known content, the path points at it again.
    s.record_seen(&run2, "x.pdf", &v1.hash).unwrap();
    assert_eq!(s.current_documents().unwrap()[0].id, v1.hash);
    assert_eq!(s.path_history().unwrap().len(), 2);
    s.close();
}

fn decisions_by_fingerprint(t: &Target) {
    let s = Store::open(t).unwrap();
    let run = s.begin_run(&[]).unwrap();
    let f = finding("YS101", "error", "1");
    s.record_document(&run, &doc(vec![file("a.pdf", "A")], vec![f.clone()]))
        .unwrap();
    let full = s.resolve_fingerprint(&f.fingerprint[..6]).unwrap();
    assert_eq!(full, f.fingerprint);
    assert!(s.resolve_fingerprint("zz").is_err());
    assert!(s.resolve_fingerprint("ffffffffffffffff0").is_err());
    s.mark(&full, Decision::NotAnIssue, "表内已说明", "审核员")
        .unwrap();
    s.mark(&full, Decision::Confirmed, "确有错误", "审核员")
        .unwrap();
    let d = s.decisions().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].decision, "confirmed");
    assert_eq!(d[0].note, "确有错误");
    // A corrected re-publication (other content, same finding) shows the decision.
    s.record_document(&run, &doc(vec![file("b.pdf", "B")], vec![f.clone()]))
        .unwrap();
    let rows = s.findings(false).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| r.decision.as_deref() == Some("confirmed")));
    // The whole decision: who and when too.
    assert!(rows
        .iter()
        .all(|r| r.decided_by.as_deref() == Some("审核员") && r.decided_at.is_some()));
    s.close();
}

fn reopen_migrates_once(t: &Target) {
    let s = Store::open(t).unwrap();
    let run = s.begin_run(&[]).unwrap();
    s.record_document(&run, &doc(vec![file("a.pdf", "A")], vec![]))
        .unwrap();
    s.close();
    let s = Store::open(t).unwrap();
    assert_eq!(s.current_documents().unwrap().len(), 1);
    s.close();
}

fn claims(t: &Target) {
    use std::time::Duration;
    let s = Store::open(t).unwrap();
    let long = Duration::from_secs(600);
    assert!(s.claim("h1", "a:1", long).unwrap());
    // Held by a live worker: not another's; the holder may claim again.
    assert!(!s.claim("h1", "b:2", long).unwrap());
    assert!(s.claim("h1", "a:1", long).unwrap());
    // Recorded: the claim ends, and nobody claims a recorded content.
    let run = s.begin_run(&[]).unwrap();
    let mut f = file("x.pdf", "X");
    f.hash = "h1".to_string();
    s.record_document(&run, &doc(vec![f], vec![])).unwrap();
    assert!(!s.claim("h1", "b:2", long).unwrap());
    // A claim older than the timeout is taken over.
    assert!(s.claim("h2", "a:1", long).unwrap());
    std::thread::sleep(Duration::from_millis(1100));
    assert!(!s.claim("h2", "b:2", long).unwrap());
    assert!(s.claim("h2", "b:2", Duration::ZERO).unwrap());
    // The dead workers of a host are released; the living kept; other hosts untouched.
    assert!(s.claim("h3", "here:10", long).unwrap());
    assert!(s.claim("h4", "here:11", long).unwrap());
    assert!(s.claim("h5", "there:10", long).unwrap());
    assert_eq!(s.release_dead_claims("here", |pid| pid == 11).unwrap(), 1);
    assert!(s.claim("h3", "b:2", long).unwrap());
    assert!(!s.claim("h4", "b:2", long).unwrap());
    assert!(!s.claim("h5", "b:2", long).unwrap());
    s.close();
}

#[test]
fn decision_words() {
    assert_eq!(Decision::parse("确认"), Some(Decision::Confirmed));
    assert_eq!(Decision::parse("不是问题"), Some(Decision::NotAnIssue));
    assert_eq!(Decision::parse("not-an-issue"), Some(Decision::NotAnIssue));
    assert_eq!(Decision::parse("Fixed"), Some(Decision::Fixed));
    assert_eq!(Decision::parse("已整改"), Some(Decision::Fixed));
    assert_eq!(Decision::parse("maybe"), None);
}

#[test]
fn fingerprints_ignore_whitespace_and_differ_by_part() {
    let a = yusuan_store::fingerprint(&["某 局", "2024", "YS101"]);
    assert_eq!(a, yusuan_store::fingerprint(&["某局", "2024", "YS101"]));
    assert_ne!(a, yusuan_store::fingerprint(&["某局", "2025", "YS101"]));
    // The part boundary counts: ("ab","c") is not ("a","bc").
    assert_ne!(
        yusuan_store::fingerprint(&["ab", "c"]),
        yusuan_store::fingerprint(&["a", "bc"])
    );
    assert_eq!(a.len(), 16);
}
