//! Reading an input path into a disclosure, whatever its form.

use std::path::Path;
use yusuan_model::Disclosure;

/// Read a file into a disclosure: text, DOCX, XLSX/XLS or HTML, told apart by content. The error
/// names the file and what went wrong.
pub fn read_disclosure(path: &Path) -> Result<Disclosure, String> {
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| format!("{name}: 无法读取文件 (cannot read): {e}"))?;
    yusuan_import::import_file(&name, &bytes).map_err(|e| e.to_string())
}

/// Read a budget: a native budget folder, a unit's source workbook (XLSX), or any file the
/// importers read (converted with [`yusuan_convert::budget_from_disclosure`]).
pub fn read_budget(path: &std::path::Path) -> Result<yusuan_model::Budget, String> {
    if path.is_dir() {
        return yusuan_native::read_budget(path).map_err(|e| e.to_string());
    }
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| format!("{name}: 无法读取文件 (cannot read): {e}"))?;
    // A unit's own workbook exported from the finance platform holds the budget's line items.
    if yusuan_workbook::looks_like_source_workbook(&bytes) {
        let (budget, notes) =
            yusuan_workbook::read_workbook(&name, &bytes).map_err(|e| e.to_string())?;
        for n in notes {
            eprintln!("说明：{}", n.message);
        }
        return Ok(budget);
    }
    let d = yusuan_import::import_file(&name, &bytes).map_err(|e| e.to_string())?;
    let (budget, notes) =
        yusuan_convert::budget_from_disclosure(&d, yusuan_model::Catalog::active());
    for n in notes {
        eprintln!("说明：{n}");
    }
    Ok(budget)
}
