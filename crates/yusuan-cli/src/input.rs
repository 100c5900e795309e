//! Reading an input path into a disclosure, whatever its form.

use std::path::Path;
use yusuan_model::{Catalog, Disclosure};

/// Read a file into a disclosure: text, DOCX, XLSX/XLS or HTML, told apart by content, codes and
/// names compared with `catalog`. The error names the file and what went wrong.
pub fn read_disclosure(path: &Path, catalog: &Catalog) -> Result<Disclosure, String> {
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| format!("{name}: 无法读取文件 (cannot read): {e}"))?;
    import_disclosure(&name, &bytes, catalog)
}

/// Import a file's bytes (named `name` in messages and provenance) into a disclosure, within
/// the importer's limits in force (`yusuan_import::limits`).
pub fn import_disclosure(
    name: &str,
    bytes: &[u8],
    catalog: &Catalog,
) -> Result<Disclosure, String> {
    let options = yusuan_import::Options::with_catalog(catalog);
    yusuan_import::import_file_with(name, bytes, &options).map_err(|e| e.to_string())
}

/// Read a budget: a native budget folder, a unit's source workbook (XLSX), or any file the
/// importers read (converted with [`yusuan_convert::budget_from_disclosure`]).
pub fn read_budget(path: &Path, catalog: &Catalog) -> Result<yusuan_model::Budget, String> {
    if path.is_dir() {
        return yusuan_native::read_budget(path).map_err(|e| e.to_string());
    }
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| format!("{name}: 无法读取文件 (cannot read): {e}"))?;
    // A unit's own workbook exported from the finance platform holds the budget's line items.
    if yusuan_workbook::looks_like_source_workbook(&bytes) {
        let (budget, notes) = yusuan_workbook::read_workbook_with_catalog(&name, &bytes, catalog)
            .map_err(|e| e.to_string())?;
        for n in notes {
            eprintln!("说明：{n}");
        }
        return Ok(budget);
    }
    let options = yusuan_import::Options::with_catalog(catalog);
    let d = yusuan_import::import_file_with(&name, &bytes, &options).map_err(|e| e.to_string())?;
    let (budget, notes) = yusuan_convert::budget_from_disclosure(&d, catalog);
    for n in notes {
        eprintln!("说明：{n}");
    }
    Ok(budget)
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
