//! The checklist workbook: the form's layout (read back), its screenshots embedded, and
//! LibreOffice opens it (converted to PDF).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use std::io::{Cursor, Read};

fn justice_workbook() -> (yusuan_checklist::Checklist, Vec<u8>) {
    let (c, _) = support::justice_rendered();
    let bytes = yusuan_checklist::xlsx::to_bytes(c).unwrap();
    (c.clone(), bytes)
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn layout_of_the_form() {
    let (c, bytes) = justice_workbook();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let sheets = wb.sheet_names();
    assert_eq!(sheets, ["2026年部门预算"]);
    let range = wb.worksheet_range("2026年部门预算").unwrap();
    let cell = |r: u32, col: u32| match range.get_value((r, col)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    // As the reviewer's form: the district the unit belongs to.
    assert_eq!(cell(0, 0), "2026年度普陀区部门预算公开情况检查表");
    assert_eq!(cell(2, 0), "部门名称: 上海市普陀区司法局");
    assert!(cell(3, 0).starts_with("公开网址"));
    assert_eq!(
        [cell(4, 0), cell(4, 3), cell(4, 4)],
        ["2026年度部门预算公开检查内容", "符合要求", "问题截图"]
    );
    // One row per item: group, item, verdict, remarks.
    for (i, item) in c.items.iter().enumerate() {
        let r = 5 + i as u32;
        assert_eq!(cell(r, 1), item.name);
        assert_eq!(cell(r, 3), item.verdict.label());
    }
    assert_eq!(cell(5, 0), "及时性");
    assert_eq!(cell(6, 0), "内容规范性");
    assert!(
        cell(11, 4).contains("1.第8页：比较的年份有误"),
        "{}",
        cell(11, 4)
    );
    assert!(cell(11, 4).contains("（见图"), "{}", cell(11, 4));

    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    // The form's merges: title, name, code, address, header, the 内容规范性 group down its rows,
    // each part's B:C.
    for merge in ["A1:E1", "A4:E4", "A5:C5", "A7:A23", "B7:C7", "B12:C12"] {
        assert!(
            sheet.contains(&format!("ref=\"{merge}\"")),
            "no merge {merge}"
        );
    }
    // Column widths of the form.
    assert!(sheet.contains("width=\"60.8"), "{sheet}");
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("宋体"));
    assert!(styles.contains("FFFF0000"), "否 in red");
    // Every screenshot is in the workbook (the same picture twice is stored once: two findings
    // on one line of page 8 show the same crop).
    let mut pngs: Vec<&[u8]> = c
        .items
        .iter()
        .flat_map(|i| &i.remarks)
        .flat_map(|r| &r.screenshots)
        .map(|s| s.png.as_slice())
        .collect();
    pngs.sort();
    pngs.dedup();
    let shots = pngs.len();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let media = (0..zip.len())
        .filter(|&i| {
            zip.by_index(i)
                .unwrap()
                .name()
                .unwrap()
                .starts_with("xl/media/")
        })
        .count();
    assert!(shots > 0);
    assert_eq!(media, shots);
}

/// LibreOffice (soffice) converts the workbook to PDF. Without soffice the test is skipped
/// with a note, unless CI or YUSUAN_REQUIRE_TOOLS is set: then it fails.
#[test]
fn libreoffice_opens_it() {
    let soffice = std::process::Command::new("soffice")
        .arg("--version")
        .output();
    if !soffice.as_ref().is_ok_and(|o| o.status.success()) {
        let required = ["CI", "YUSUAN_REQUIRE_TOOLS"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()));
        assert!(
            !required,
            "soffice (LibreOffice) is not installed; CI needs it (apt-get install libreoffice-calc-nogui)"
        );
        eprintln!("note: soffice not installed, LibreOffice test skipped");
        return;
    }
    let (_, bytes) = justice_workbook();
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("checklist.xlsx");
    std::fs::write(&xlsx, &bytes).unwrap();
    // Its own profile folder: no clash with a running LibreOffice or another test.
    let profile = format!("file://{}", dir.path().join("profile").display());
    let out = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&xlsx)
        .output()
        .unwrap();
    let pdf = dir.path().join("checklist.pdf");
    let size = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 1000,
        "no PDF from soffice ({size} bytes): {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let head = std::fs::read(&pdf).unwrap();
    assert!(head.starts_with(b"%PDF-"));
}
