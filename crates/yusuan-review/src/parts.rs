//! One disclosure read and checked the way `yusuan check` does it: the importer within its
//! limits, the halves of a disclosure published as two files joined, the profile chosen, the
//! rules run. Shared by `yusuan check`, `yusuan review` and the portal's uploads.

use yusuan_model::{Catalog, Disclosure};

/// Import a file's bytes (named `name` in messages and provenance) into a disclosure, within
/// the importer's limits in force (`yusuan_import::limits`). The error names the file.
pub fn import_disclosure(
    name: &str,
    bytes: &[u8],
    catalog: &Catalog,
) -> Result<Disclosure, String> {
    let options = yusuan_import::Options::with_catalog(catalog);
    yusuan_import::import_file_with(name, bytes, &options).map_err(|e| e.to_string())
}

/// A disclosure checked: its report as `yusuan check` gives it, and the disclosure.
pub struct Checked {
    pub report: yusuan_check::FileReport,
    pub kind: yusuan_model::DocKind,
    pub disclosure: Disclosure,
}

/// Check one disclosure made of `parts` (one file, or the halves of one published apart, as
/// [`yusuan_import::pair_halves`] groups them) named `names`, the way `yusuan check` does:
/// the parts joined, the profile chosen by the user (`chosen`) or by the content, the rules
/// of `config` run. `None` for no parts.
pub fn check_parts(
    parts: Vec<Disclosure>,
    names: &[String],
    config: &yusuan_check::Config,
    catalog: &Catalog,
    chosen: Option<&yusuan_profile::Profile>,
    no_info: bool,
) -> Option<Checked> {
    let mut d = yusuan_import::combine_with_catalog(parts, catalog)?;
    if let Some(p) = chosen {
        d.meta.profile = Some(p.id.clone());
    }
    let mut findings = yusuan_check::check_with_catalog(&d, config, catalog);
    if no_info {
        findings.retain(|f| f.severity != yusuan_check::Severity::Info);
    }
    let report = yusuan_check::FileReport {
        file: if names.len() > 1 {
            d.source.file.to_string()
        } else {
            names.first().cloned().unwrap_or_default()
        },
        unit: d.meta.unit.name.clone(),
        year: d.meta.year,
        profile: Some(yusuan_check::profile::choice(&d, chosen.is_some())),
        parts: if names.len() > 1 {
            names.to_vec()
        } else {
            Vec::new()
        },
        findings,
        error: None,
    };
    Some(Checked {
        report,
        kind: d.meta.kind,
        disclosure: d,
    })
}
