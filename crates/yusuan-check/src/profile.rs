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

/// The profile a disclosure is checked as, and why: for reports.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Choice {
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub reason: String,
    pub reason_en: String,
}

/// The profile a disclosure is checked as ([`of`]) and why: chosen by the user
/// (`chosen_by_user`), else detected from the document's content.
pub fn choice(doc: &Disclosure, chosen_by_user: bool) -> Choice {
    let p = of(doc);
    let (reason, reason_en) = if chosen_by_user {
        (
            "由 --profile 指定".to_string(),
            "chosen with --profile".to_string(),
        )
    } else {
        let d = yusuan_profile::detect(doc);
        if d.profile.id == p.id {
            (d.reason, d.reason_en)
        } else {
            (
                "文件的元数据指定".to_string(),
                "named by the document's metadata".to_string(),
            )
        }
    };
    Choice {
        id: p.id.clone(),
        name: p.name.clone(),
        name_en: p.name_en.clone(),
        reason,
        reason_en,
    }
}
