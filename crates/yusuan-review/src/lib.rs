//! Batch review of budget disclosures (issue 11): the library behind `yusuan review`,
//! `yusuan report` and the portal's uploads.
//!
//! - [`parts`]: one disclosure imported and checked as `yusuan check` does it;
//! - [`intake`]: the files taken from the paths given;
//! - [`pipeline`]: the review into a workspace ([`yusuan_store`]) on all cores, resumable, and
//!   one file's bytes reviewed alone;
//! - [`originals`]: a reviewed document's original files found again, checked against their
//!   hashes (the reports' checklists, the portal's downloads);
//! - [`report`]: the league table, findings and a self-contained HTML page;
//! - [`workspace`]: every report of a workspace, checklists and year-over-year included;
//! - [`years`]: the same unit's documents of consecutive years linked, stated prior-year
//!   figures compared.

pub mod checklists;
pub mod halves;
pub mod intake;
pub mod originals;
pub mod parts;
pub mod pipeline;
pub mod report;
pub mod workspace;
pub mod years;

pub use parts::{check_parts, import_disclosure, Checked};
pub use pipeline::{
    finding_fingerprint, kind_id, review, review_bytes, severity_id, Event, Options, Reviewed,
    Tally,
};
