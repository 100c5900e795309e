//! The 决算's 财政拨款“三公”经费支出决算表: every column an item and a figure (预算数 | 决算数).
//! 上海 prints each item over its two figures, the header broken over up to six lines; read from
//! a PDF (the corpus's 普陀 决算, whose table is empty) and from `pdftotext -layout` text (the
//! 上海 template with figures filled in).

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::panic)]

use yusuan_import::{import_file, import_text};
use yusuan_model::{ColumnKey, Disclosure, FactKey, Figure, TableKind};

fn import(path: &str) -> Disclosure {
    let full = format!("{}/../../corpus/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    import_file(path, &bytes).unwrap_or_else(|e| panic!("{e}"))
}

/// The 上海 template (`corpus/shanghai-2024-final-accounts-template.txt`) with its 三公 table and
/// section 七 filled in (and the template's instructions to the compiler, `（如持平作持平表述）`,
/// taken out as a published document has them): 预算数 30.00 = 5.00 + 20.00 + 5.00, 20.00 = 8.00
/// + 12.00; 决算数 25.50 = 4.00 + 18.50 + 3.00, 18.50 = 8.00 + 10.50.
fn fixture() -> Disclosure {
    let path = format!(
        "{}/tests/data/shanghai-2024-final-accounts-three-public.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    import_text("shanghai-2024-final-accounts-three-public.txt", &text)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn columns(d: &Disclosure) -> Vec<(ColumnKey, Option<Figure>, String)> {
    let t = d
        .table(TableKind::FinalThreePublic)
        .unwrap_or_else(|| panic!("no 三公 table"));
    t.columns
        .iter()
        .map(|c| (c.key, c.figure, c.label.clone()))
        .collect()
}

/// 上海's twelve columns, each item over its 预算数 and 决算数.
fn shanghai() -> Vec<(ColumnKey, Option<Figure>, String)> {
    use ColumnKey::*;
    [
        (Total, "合计"),
        (Overseas, "因公出国（境）费"),
        (VehicleTotal, "公务用车购置及运行维护费 小计"),
        (VehiclePurchase, "公务用车购置费"),
        (VehicleOperation, "公务用车运行维护费"),
        (Reception, "公务接待费"),
    ]
    .into_iter()
    .flat_map(|(k, l)| {
        Figure::ALL
            .into_iter()
            .map(move |f| (k, Some(f), format!("{l} {}", f.label())))
    })
    .collect()
}

#[test]
fn a_pdf_header_over_six_lines() {
    let d = import("pdf/shanghai-putuo-social-work-dept-2024-final-accounts.pdf");
    assert_eq!(columns(&d), shanghai());
}

#[test]
fn the_template_as_text_with_figures() {
    let d = fixture();
    assert_eq!(columns(&d), shanghai());
    let t = d
        .table(TableKind::FinalThreePublic)
        .unwrap_or_else(|| panic!("no 三公 table"));
    assert!(t.is_certain(), "{:?}", t.doubt);
    let row = t.rows.first().unwrap_or_else(|| panic!("no row"));
    let fen = |k: ColumnKey, f: Figure| {
        let (i, _) = t.figure_column(k, f).unwrap_or_else(|| panic!("{k:?}"));
        row.cells
            .iter()
            .find(|c| c.col == i)
            .and_then(|c| c.amount)
            .map(|a| a.fen.0)
    };
    assert_eq!(fen(ColumnKey::Total, Figure::Budget), Some(30_000_000));
    assert_eq!(fen(ColumnKey::Total, Figure::Final), Some(25_500_000));
    assert_eq!(
        fen(ColumnKey::VehicleOperation, Figure::Final),
        Some(10_500_000)
    );
    // No reading diagnostic about the table.
    assert!(
        !d.diagnostics
            .iter()
            .any(|x| x.prov.table.as_deref() == Some("财政拨款“三公”经费支出决算表")),
        "{:?}",
        d.diagnostics
    );
}

#[test]
fn the_narrative_says_which_figure() {
    let d = fixture();
    let facts: Vec<(&FactKey, Option<Figure>, i64)> = d
        .narrative
        .facts
        .iter()
        .filter(|f| f.section.as_deref().is_some_and(|s| s.contains("三公")))
        .filter_map(|f| Some((&f.key, f.figure, f.amount?.fen.0)))
        .collect();
    assert!(
        facts.contains(&(&FactKey::ThreePublicTotal, Some(Figure::Budget), 30_000_000)),
        "{facts:?}"
    );
    assert!(
        facts.contains(&(&FactKey::ThreePublicTotal, Some(Figure::Final), 25_500_000)),
        "{facts:?}"
    );
    assert!(
        facts.contains(&(&FactKey::Overseas, Some(Figure::Final), 4_000_000)),
        "{facts:?}"
    );
    // Section （二）: the 决算's own figures, whatever the words.
    assert!(
        facts.contains(&(&FactKey::VehicleOperation, Some(Figure::Final), 10_500_000)),
        "{facts:?}"
    );
    assert!(facts.iter().all(|(_, f, _)| f.is_some()), "{facts:?}");
}

#[test]
fn a_header_that_cannot_be_told_is_not_guessed() {
    // The template's header with a figure word missing: the columns stay unknown, said once.
    let path = format!(
        "{}/tests/data/shanghai-2024-final-accounts-three-public.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("预算数") && l.contains("决算数"))
        .unwrap_or_else(|| panic!("no figure line"));
    let broken = line.replacen("决算数", "      ", 1);
    let text = text.replacen(line, &broken, 1);
    let d = import_text("broken.txt", &text).unwrap_or_else(|e| panic!("{e}"));
    let cols = columns(&d);
    assert!(
        cols.iter()
            .all(|(k, f, _)| *k == ColumnKey::Unknown && f.is_none()),
        "{cols:?}"
    );
    let said = d
        .diagnostics
        .iter()
        .filter(|x| x.message.contains("预算数/决算数无法确定"))
        .count();
    assert_eq!(said, 1, "{:?}", d.diagnostics);
}

/// A 三公 决算表 as tab-separated text (the common table path of XLSX, HTML and DOCX too).
fn tsv(header: &[&str]) -> Disclosure {
    let mut text = String::from("财政拨款“三公”经费支出决算表\n单位：万元\n");
    for h in header {
        text.push_str(h);
        text.push('\n');
    }
    text.push_str(DATA_ROW);
    text.push('\n');
    import_text("tsv.txt", &text).unwrap_or_else(|e| panic!("{e}"))
}

const DATA_ROW: &str =
    "30.00\t5.00\t20.00\t8.00\t12.00\t5.00\t25.50\t4.00\t18.50\t8.00\t10.50\t3.00";

#[test]
fn the_national_order_figures_over_the_items() {
    use ColumnKey::*;
    let d = tsv(&[
        "预算数\t\t\t\t\t\t决算数\t\t\t\t\t",
        "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费",
        "\t\t小计\t购置费\t运行（维护）费\t\t\t\t小计\t购置费\t运行（维护）费\t",
    ]);
    let items = [
        Total,
        Overseas,
        VehicleTotal,
        VehiclePurchase,
        VehicleOperation,
        Reception,
    ];
    let want: Vec<(ColumnKey, Option<Figure>)> = Figure::ALL
        .into_iter()
        .flat_map(|f| items.iter().map(move |&k| (k, Some(f))))
        .collect();
    let got: Vec<(ColumnKey, Option<Figure>)> =
        columns(&d).into_iter().map(|(k, f, _)| (k, f)).collect();
    assert_eq!(got, want);
    let labels: Vec<String> = columns(&d).into_iter().map(|(_, _, l)| l).collect();
    assert_eq!(labels[4], "运行（维护）费 预算数");
    assert_eq!(labels[8], "公务用车购置及运行费 小计 决算数");
    let t = d
        .table(TableKind::FinalThreePublic)
        .unwrap_or_else(|| panic!("no 三公 table"));
    assert!(t.is_certain(), "{:?}", t.doubt);
}

#[test]
fn the_shanghai_order_as_tab_separated_text() {
    // The same figures in 上海's order: items over 预算数 | 决算数.
    let d = {
        let mut text = String::from("财政拨款“三公”经费支出决算表\n单位：万元\n");
        text.push_str(
            "合计\t\t因公出国（境）费\t\t公务用车购置及运行维护费\t\t\t\t\t\t公务接待费\t\n",
        );
        text.push_str("\t\t\t\t小计\t\t公务用车购置费\t\t公务用车运行维护费\t\t\t\n");
        text.push_str(&["预算数\t决算数"; 6].join("\t"));
        text.push('\n');
        text.push_str(
            "30.00\t25.50\t5.00\t4.00\t20.00\t18.50\t8.00\t8.00\t12.00\t10.50\t5.00\t3.00\n",
        );
        import_text("tsv.txt", &text).unwrap_or_else(|e| panic!("{e}"))
    };
    let got: Vec<(ColumnKey, Option<Figure>)> =
        columns(&d).into_iter().map(|(k, f, _)| (k, f)).collect();
    let want: Vec<(ColumnKey, Option<Figure>)> =
        shanghai().into_iter().map(|(k, f, _)| (k, f)).collect();
    assert_eq!(got, want);
}
