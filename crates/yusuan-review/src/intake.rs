//! Intake: the files a review takes from the paths it is given.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The extensions of files taken from a folder (a file named on the command line is taken
/// whatever its name: the importer tells the format by content).
pub const EXTENSIONS: &[&str] = &["pdf", "docx", "xlsx", "xls", "html", "htm", "txt"];

/// Every file under the paths: a file named is taken as it is; a folder is searched
/// (recursively, in name order, hidden entries skipped) for files with a disclosure's
/// extension. The workspace file itself is never taken.
pub fn discover(paths: &[PathBuf], workspace: Option<&Path>) -> Result<Vec<PathBuf>, String> {
    let skip = workspace.and_then(|w| w.canonicalize().ok());
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for p in paths {
        let meta = std::fs::metadata(p)
            .map_err(|e| format!("{}: 无法读取 (cannot read): {e}", p.display()))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    out.retain(|p| {
        let c = p.canonicalize().ok();
        (skip.is_none() || c != skip) && seen.insert(c.unwrap_or_else(|| p.clone()))
    });
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| {
            format!(
                "{}: 无法读取文件夹 (cannot read folder): {e}",
                dir.display()
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    entries.sort();
    for p in entries {
        // Not following links to folders: no cycles.
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            walk(&p, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(p);
        }
    }
    Ok(())
}
