//! A reviewed document's originals found again from what the workspace records (the path each
//! file was first read from, the paths seen holding its content since), on SQLite and on a
//! throwaway PostgreSQL server: where `yusuan report`'s checklists and the portal get them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use yusuan_review::originals::{Originals, Outcome, State};
use yusuan_store::testing::TempPostgres;
use yusuan_store::{FileRef, NewDocument, Status, Store, Target};

#[test]
fn sqlite() {
    let dir = tempfile::tempdir().unwrap();
    moved_changed_gone(&Target::Sqlite(dir.path().join("ws.sqlite")));
}

#[test]
fn postgres() {
    let Some(pg) = TempPostgres::start().unwrap() else {
        return;
    };
    moved_changed_gone(&Target::Postgres(pg.new_database().unwrap()));
}

fn file(path: &str, content: &[u8]) -> FileRef {
    FileRef {
        path: path.to_string(),
        hash: yusuan_store::content_hash(content),
        bytes: content.len() as i64,
    }
}

fn moved_changed_gone(t: &Target) {
    // The files as a review run in `base` recorded them: relative paths.
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    std::fs::create_dir(base.join("报告")).unwrap();
    let (notes, tables) = (b"%PDF-1.7 notes".to_vec(), b"%PDF-1.7 tables!".to_vec());
    std::fs::write(base.join("报告/说明.pdf"), &notes).unwrap();
    std::fs::write(base.join("报告/表.pdf"), &tables).unwrap();
    let (n, tb) = (file("报告/说明.pdf", &notes), file("报告/表.pdf", &tables));
    let s = Store::open(t).unwrap();
    let run = s.begin_run(&[]).unwrap();
    let doc = NewDocument {
        status: Some(Status::Imported),
        files: vec![n.clone(), tb.clone()],
        ..NewDocument::default()
    };
    s.record_document(&run, &doc).unwrap();
    let id = doc.id();

    let found = Originals::of(&s, Some(base)).unwrap();
    let present = found.present(&id);
    let names: Vec<&str> = present.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["报告/说明.pdf", "报告/表.pdf"]);
    assert_eq!(*present[0].1, notes);
    // Without the base, relative paths are looked for from the current folder only.
    assert!(Originals::of(&s, None).unwrap().present(&id).is_empty());

    // The tables moved, and a later review saw them at their new path.
    std::fs::create_dir(base.join("归档")).unwrap();
    std::fs::rename(base.join("报告/表.pdf"), base.join("归档/表.pdf")).unwrap();
    let stale = Originals::of(&s, Some(base)).unwrap();
    assert_eq!(stale.read(&tb.hash), Outcome::Gone);
    let run2 = s.begin_run(&[]).unwrap();
    s.record_seen(&run2, "归档/表.pdf", &tb.hash).unwrap();
    let found = Originals::of(&s, Some(base)).unwrap();
    let l = found.locate(&tb.hash);
    assert_eq!(l.state, State::Present);
    assert_eq!(l.known_as.as_deref(), Some("报告/表.pdf"));
    assert_eq!(l.path.as_deref(), Some(base.join("归档/表.pdf").as_path()));
    assert_eq!(found.read(&tb.hash), Outcome::Present(tables.clone()));
    assert_eq!(found.present(&id).len(), 2);

    // The notes edited in place: changed, not given out.
    std::fs::write(base.join("报告/说明.pdf"), b"%PDF-1.7 edited notes").unwrap();
    assert_eq!(found.locate(&n.hash).state, State::Changed);
    assert_eq!(found.read(&n.hash), Outcome::Changed);
    let present = found.present(&id);
    assert_eq!(present.len(), 1);
    assert_eq!(present[0].0, "报告/表.pdf");

    // Deleted: gone.
    std::fs::remove_file(base.join("报告/说明.pdf")).unwrap();
    assert_eq!(found.read(&n.hash), Outcome::Gone);
    assert_eq!(found.locate(&n.hash).read(), Outcome::Gone);
    assert!(!Path::new("报告/说明.pdf").exists());
    s.close();
}
