//! Each document's 公开情况检查表 (issue 10's checklist) as the reports and the portal give it:
//! from the disclosure as read, its findings, and its original files for the page crops.

use std::sync::Arc;
use yusuan_check::Finding;
use yusuan_model::Disclosure;

/// The checklist as XLSX bytes. `originals` are the document's files by the names its findings
/// give them (a PDF among them gives the screenshots; without one, the remarks stand alone).
/// Also the number of screenshots.
pub fn checklist_xlsx(
    d: &Disclosure,
    findings: &[Finding],
    originals: &[(String, Arc<Vec<u8>>)],
) -> Result<(Vec<u8>, usize), String> {
    let mut checklist = yusuan_checklist::Checklist::new(d, findings);
    let pdfs: Vec<&(String, Arc<Vec<u8>>)> = originals
        .iter()
        .filter(|(_, b)| b.windows(5).take(1024).any(|w| w == b"%PDF-"))
        .collect();
    // A finding names its file as the check was given it; an original may be known by another
    // path to the same file (relative, absolute, moved with its folder): the name as given
    // first, else the same file name.
    let file_name = |p: &str| {
        std::path::Path::new(p)
            .file_name()
            .map(|n| n.to_os_string())
    };
    checklist.render(
        &|name: &str| {
            pdfs.iter()
                .find(|(n, _)| n == name)
                .or_else(|| {
                    let wanted = file_name(name)?;
                    let mut same = pdfs
                        .iter()
                        .filter(|(n, _)| file_name(n).as_ref() == Some(&wanted));
                    let one = same.next()?;
                    // Two different files of that name: which one is meant is unknown.
                    same.all(|(_, b)| Arc::ptr_eq(b, &one.1)).then_some(one)
                })
                .map(|(_, b)| b.clone())
        },
        &yusuan_checklist::render::Limits::default(),
    );
    let shots = checklist
        .items
        .iter()
        .flat_map(|i| &i.remarks)
        .map(|r| r.screenshots.len())
        .sum();
    let bytes = yusuan_checklist::xlsx::to_bytes(&checklist)
        .map_err(|e| format!("无法生成检查表 (cannot build the checklist): {e}"))?;
    Ok((bytes, shots))
}

/// A file name made of a unit's name, year and kind (`上海市普陀区财政局-2025-部门预算`): the
/// characters a file system or a download may not take replaced, the length bounded. Names
/// come from documents, so nothing of them is trusted as a path.
pub fn file_stem(unit: Option<&str>, year: Option<i64>, kind: &str) -> String {
    let unit: String = unit
        .unwrap_or("未识别单位")
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '（' | '）' | '(' | ')' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let year = year
        .map(|y| y.to_string())
        .unwrap_or_else(|| "年度未知".into());
    format!("{unit}-{year}-{kind}")
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn a_file_stem_takes_nothing_of_a_path() {
        assert_eq!(
            file_stem(Some("上海市普陀区财政局"), Some(2025), "部门预算"),
            "上海市普陀区财政局-2025-部门预算"
        );
        let s = file_stem(Some("../../etc/passwd\u{0}<x>"), None, "决算");
        assert!(
            !s.contains('/') && !s.contains('.') && !s.contains('<'),
            "{s}"
        );
        assert_eq!(
            file_stem(Some(&"长".repeat(500)), Some(1), "k")
                .chars()
                .count(),
            60 + 4
        );
    }
}
