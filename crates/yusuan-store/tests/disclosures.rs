//! What the portal reads of the workspace (disclosures, files, findings with whole
//! decisions, the change stamp), on SQLite and on a throwaway PostgreSQL server.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use yusuan_store::testing::TempPostgres;
use yusuan_store::{Decision, FileRef, NewDocument, NewFinding, Status, Store, Target};

#[test]
fn sqlite() {
    let dir = tempfile::tempdir().unwrap();
    portal_reads(&Target::Sqlite(dir.path().join("ws.sqlite")));
}

#[test]
fn postgres() {
    let Some(pg) = TempPostgres::start().unwrap() else {
        return;
    };
    portal_reads(&Target::Postgres(pg.new_database().unwrap()));
}

fn file(path: &str, content: &str) -> FileRef {
    FileRef {
        path: path.to_string(),
        hash: yusuan_store::content_hash(content.as_bytes()),
        bytes: content.len() as i64,
    }
}

fn finding(rule: &str, figures: &str) -> NewFinding {
    NewFinding {
        fingerprint: yusuan_store::fingerprint(&["某某局", "2024", rule, figures]),
        rule: rule.to_string(),
        severity: "error".to_string(),
        message: format!("{rule} 消息"),
        message_en: format!("{rule} message"),
        page: Some(3),
        table: Some("部门收支总表".to_string()),
        detail: "{}".to_string(),
        ..NewFinding::default()
    }
}

fn portal_reads(t: &Target) {
    let s = Store::open(t).unwrap();
    let empty = s.stamp().unwrap();
    let run = s.begin_run(&[]).unwrap();
    let (a, b) = (file("dir/a-说明.pdf", "A"), file("dir/a-表.pdf", "B"));
    // A disclosure in two files, with its JSON (any text: the store does not read it).
    let json = r#"{"meta":{"unit":{"name":"某某局"}},"tables":[]}"#;
    s.record_document(
        &run,
        &NewDocument {
            status: Some(Status::Imported),
            unit: Some("某某局".to_string()),
            year: Some(2024),
            files: vec![a.clone(), b.clone()],
            findings: vec![finding("YS101", "1"), finding("YS201", "2")],
            disclosure: Some(yusuan_store::PackedJson::of_json(json).unwrap()),
            ..NewDocument::default()
        },
    )
    .unwrap();
    let refused = file("bad.html", "<<<");
    s.record_document(
        &run,
        &NewDocument {
            status: Some(Status::Refused),
            reason: Some("嵌套过深".to_string()),
            files: vec![refused.clone()],
            ..NewDocument::default()
        },
    )
    .unwrap();
    let id = format!("{}+{}", a.hash, b.hash);
    assert_eq!(s.disclosure_json(&id).unwrap().as_deref(), Some(json));
    assert_eq!(s.disclosure_json(&refused.hash).unwrap(), None);
    assert_eq!(s.disclosure_json("nothing").unwrap(), None);
    let files = s.document_files().unwrap();
    assert_eq!(files.len(), 3);
    let mine: Vec<&str> = files
        .iter()
        .filter(|f| f.document_id == id)
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(mine.len(), 2);
    assert!(mine.contains(&"dir/a-说明.pdf") && mine.contains(&"dir/a-表.pdf"));

    // Findings come with the whole decision: who and when too.
    let before = s.stamp().unwrap();
    assert_ne!(before, empty);
    let rows = s.findings(false).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| r.decision.is_none() && r.decided_by.is_none()));
    assert_eq!(rows[0].seq, 0);
    assert_eq!(rows[0].table_name.as_deref(), Some("部门收支总表"));
    s.mark(
        &rows[1].fingerprint,
        Decision::NotAnIssue,
        "表内已说明",
        "审核员甲",
    )
    .unwrap();
    assert_ne!(s.stamp().unwrap(), before, "a decision changes the stamp");
    let rows = s.findings(false).unwrap();
    assert_eq!(rows[1].decision.as_deref(), Some("not_an_issue"));
    assert_eq!(rows[1].note.as_deref(), Some("表内已说明"));
    assert_eq!(rows[1].decided_by.as_deref(), Some("审核员甲"));
    assert!(rows[1].decided_at.unwrap() > 1_700_000_000);
    assert!(rows[0].decision.is_none());

    // A changed file: the old document is history; its findings are no longer read.
    let run2 = s.begin_run(&[]).unwrap();
    let a2 = file("dir/a-说明.pdf", "A2");
    s.record_document(
        &run2,
        &NewDocument {
            status: Some(Status::Imported),
            files: vec![a2.clone()],
            findings: vec![finding("YS301", "3")],
            disclosure: Some(yusuan_store::PackedJson::of_json("{}").unwrap()),
            ..NewDocument::default()
        },
    )
    .unwrap();
    let rows = s.findings(false).unwrap();
    // The first document still has b.pdf under its path: both are current.
    assert_eq!(rows.len(), 3);
    s.record_seen(&run2, "dir/a-表.pdf", &a2.hash).unwrap();
    let rows = s.findings(false).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].rule, "YS301");
    // The history's disclosure stays.
    assert!(s.disclosure_json(&id).unwrap().is_some());
    s.close();
}
