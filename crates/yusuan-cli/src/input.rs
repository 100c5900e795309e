//! Reading an input path into a disclosure, whatever its form.

use std::path::Path;
use yusuan_model::{Catalog, Disclosure};

/// Read a file into a disclosure: text, DOCX, XLSX/XLS or HTML, told apart by content, codes and
/// names compared with `catalog`. The error names the file and what went wrong.
pub fn read_disclosure(path: &Path, catalog: &Catalog) -> Result<Disclosure, String> {
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| format!("{name}: 无法读取文件 (cannot read): {e}"))?;
    yusuan_review::import_disclosure(&name, &bytes, catalog)
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
