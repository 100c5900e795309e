//! One file's bytes reviewed alone (the portal's uploads) into a workspace: recorded as the
//! batch review records it, known content not read again, a damaged file refused with why.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;
use std::time::Duration;
use yusuan_review::{review_bytes, Options};
use yusuan_store::{Status, Store, Target};

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../corpus")
            .join(name),
    )
    .unwrap()
}

#[test]
fn an_upload_is_recorded_once_and_a_damaged_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&Target::Sqlite(dir.path().join("ws.sqlite"))).unwrap();
    let catalog = yusuan_model::Catalog::embedded();
    let config = yusuan_check::Config::default();
    let options = Options {
        config: &config,
        catalog,
        profile: None,
        jobs: None,
        claim_timeout: Duration::from_secs(600),
        time_limit: Some(yusuan_review::pipeline::DEFAULT_TIME_LIMIT),
    };
    let pdf = corpus("pdf/shanghai-putuo-district-office-2025-unit-budget.pdf");
    let first = review_bytes(&store, "上传.pdf", &pdf, &options).unwrap();
    assert_eq!(first.status, Status::Imported, "{:?}", first.reason);
    assert!(!first.known);
    assert_eq!(first.id, yusuan_store::content_hash(&pdf));
    let docs = store.current_documents().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].errors, first.errors);
    assert!(
        docs[0].unit.as_deref().is_some_and(|u| u.contains("普陀")),
        "{:?}",
        docs[0].unit
    );

    let again = review_bytes(&store, "again.pdf", &pdf, &options).unwrap();
    assert!(again.known);
    assert_eq!(again.id, first.id);
    assert_eq!(store.current_documents().unwrap().len(), 1);

    let cut = &pdf[..pdf.len() / 3];
    let damaged = review_bytes(&store, "cut.pdf", cut, &options).unwrap();
    assert_eq!(damaged.status, Status::Refused);
    let reason = damaged.reason.unwrap_or_default();
    assert!(reason.contains("cut.pdf"), "{reason}");
    store.close();
}

/// A file that takes longer than the time limit is refused with the limit named, and the
/// workspace records it as it records any refusal.
#[test]
fn a_file_over_the_time_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&Target::Sqlite(dir.path().join("ws.sqlite"))).unwrap();
    let config = yusuan_check::Config::default();
    let options = Options {
        config: &config,
        catalog: yusuan_model::Catalog::embedded(),
        profile: None,
        jobs: None,
        claim_timeout: Duration::from_secs(600),
        // No import finishes in a nanosecond.
        time_limit: Some(Duration::from_nanos(1)),
    };
    let pdf = corpus("pdf/shanghai-putuo-district-office-2025-unit-budget.pdf");
    let r = review_bytes(&store, "slow.pdf", &pdf, &options).unwrap();
    assert_eq!(r.status, Status::Refused);
    let reason = r.reason.unwrap_or_default();
    assert!(
        reason.contains("slow.pdf") && reason.contains("时间限制"),
        "{reason}"
    );
    let docs = store.current_documents().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].status, "refused");
    store.close();
}
