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
