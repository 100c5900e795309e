//! The kind of disclosure (profile) a document is checked against: which tables and narrative
//! parts it must have, how it numbers its tables, how its empty-table notes read. The profiles
//! are data of the `yusuan-profile` crate, shared with the importer and the generator.

use yusuan_model::{Disclosure, DocKind, Region};
pub use yusuan_profile::{Presence, Profile, SectionSpec, TableSpec};

/// The profile a disclosure is checked against: the one its meta names (chosen by the importer
/// from what it read, or by the user with `--profile`), else the one its content points to.
pub fn of(doc: &Disclosure) -> &'static Profile {
    doc.meta
        .profile
        .as_deref()
        .and_then(yusuan_profile::by_id)
        .unwrap_or_else(|| yusuan_profile::detect(doc).profile)
}

/// The profile of a region's departmental budgets (重庆, 上海 部门预算, the national template).
pub fn for_region(region: Region) -> &'static Profile {
    yusuan_profile::for_region(region, DocKind::DepartmentBudget)
}
