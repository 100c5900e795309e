//! The import, code, completeness and performance rules (YS0xx, YS4xx–YS6xx) on the three
//! real budget disclosures in `corpus/`: the real defects are found where they
//! are, and the correct parts raise no error.
//!
//! Each document is checked with its region's profile (重庆 / 上海) even when the importer
//! cannot yet tell the region from the content, so that these rules are tested on their own.

use yusuan_check::{rules, Cx, Finding, Severity};
use yusuan_model::{Catalog, Disclosure, Region};

const CHONGQING: &str = "chongqing-jiangbeicheng-2025-budget.txt";
const FINANCE: &str = "shanghai-putuo-finance-bureau-2025-budget.txt";
const WANLI: &str = "shanghai-putuo-wanli-2025-budget.txt";

/// The rules this file covers.
fn mine(code: &str) -> bool {
    ["YS0", "YS4", "YS5", "YS6"]
        .iter()
        .any(|p| code.starts_with(p))
}

fn import(file: &str) -> Option<Disclosure> {
    let path = format!("{}/../../corpus/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).ok()?;
    match yusuan_import::import_text(file, &text) {
        Ok(d) => Some(d),
        Err(e) => {
            eprintln!("{file}: not imported ({e}); its assertions are skipped");
            None
        }
    }
}

/// Run YS0xx and YS4xx–YS6xx with the document's region profile; print every finding.
fn findings(doc: &Disclosure, region: Region) -> Vec<Finding> {
    let profile = yusuan_check::profile::for_region(region);
    let cx = Cx::new(
        doc,
        Catalog::embedded(),
        doc.meta.year.unwrap_or(2025),
        profile,
    );
    let mut out = Vec::new();
    for r in rules::all().iter().filter(|r| mine(r.info().code)) {
        r.check(&cx, &mut out);
    }
    for f in &out {
        let at: Vec<String> = f
            .locations
            .iter()
            .take(3)
            .map(|p| p.line.map(|l| l.to_string()).unwrap_or_else(|| "-".into()))
            .collect();
        eprintln!(
            "{} {:<7} {} [{}] {}",
            f.rule,
            f.severity.label_en(),
            doc.source.file,
            at.join(","),
            f.message
        );
    }
    out
}

fn of<'a>(f: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    f.iter().filter(|x| x.rule == rule).collect()
}

fn line(f: &Finding) -> Option<u32> {
    f.primary().and_then(|p| p.line)
}

/// Rules whose errors would be false on these three correct-in-form documents.
const NO_ERRORS: [&str; 16] = [
    "YS001", "YS401", "YS402", "YS404", "YS501", "YS502", "YS503", "YS504", "YS506", "YS507",
    "YS601", "YS602", "YS603", "YS604", "YS605", "YS606",
];

fn assert_no_false_errors(f: &[Finding], except: &[(&str, u32)]) {
    for x in f {
        if x.severity != Severity::Error || !NO_ERRORS.contains(&x.rule) {
            continue;
        }
        let expected = except
            .iter()
            .any(|(r, l)| *r == x.rule && line(x) == Some(*l));
        assert!(
            expected,
            "unexpected error: {} {:?} {}",
            x.rule,
            line(x),
            x.message
        );
    }
}

#[test]
fn chongqing_reference() {
    let Some(doc) = import(CHONGQING) else { return };
    let f = findings(&doc, Region::Chongqing);

    // 表一 prints 一般公共预算服务支出 for 201 (一般公共服务支出).
    let names = of(&f, "YS403");
    assert!(
        names
            .iter()
            .any(|x| line(x) == Some(72) && x.message.contains("一般公共服务支出")),
        "{names:?}"
    );
    assert!(names.iter().all(|x| x.severity != Severity::Error));

    // The 重点专项资金绩效目标表 is printed without 表十一.
    let numbering = of(&f, "YS507");
    assert!(
        numbering
            .iter()
            .any(|x| line(x) == Some(492) && x.message.contains("表十一")),
        "{numbering:?}"
    );
    assert_eq!(numbering.len(), 1, "{numbering:?}");

    // 统战及民族宗教工作经费 lists 少数民族入户走访 twice (lines 519 and 520).
    let dup = of(&f, "YS604");
    assert_eq!(dup.len(), 1, "{dup:?}");
    assert_eq!(line(dup[0]), Some(520));
    assert_eq!(dup[0].locations[1].line, Some(519));

    // Every table is there, each empty one explained, every weight sum 100, every nature valid.
    for rule in [
        "YS401", "YS402", "YS404", "YS501", "YS504", "YS505", "YS601", "YS602", "YS603", "YS605",
    ] {
        assert!(of(&f, rule).is_empty(), "{rule}: {:?}", of(&f, rule));
    }

    // The project tables cover 2,083.80 of 项目支出 2,306.47 (表八).
    let cover = of(&f, "YS606");
    assert!(
        cover.iter().any(|x| x.severity == Severity::Info
            && x.message.contains("17 张")
            && x.message.contains("2,083.80")
            && x.message.contains("2,306.47")),
        "{cover:?}"
    );

    // The narrative (read by the narrative importer when it is there).
    if doc.narrative.sections.is_empty() {
        eprintln!("{CHONGQING}: no narrative sections imported; YS502/YS503/YS506/YS606 narrative checks skipped");
    } else {
        assert!(of(&f, "YS502").is_empty(), "{:?}", of(&f, "YS502"));
        // 其他重要事项 goes （一）（二）（四）（五）: （三） is missing before line 43.
        let gaps = of(&f, "YS503");
        assert!(
            gaps.iter()
                .any(|x| line(x) == Some(43) && x.message.contains("（三）")),
            "{gaps:?}"
        );
        assert!(of(&f, "YS506").is_empty(), "{:?}", of(&f, "YS506"));
        // 项目支出均实行了绩效目标管理 (line 43), but the tables cover less.
        assert!(
            cover
                .iter()
                .any(|x| x.severity == Severity::Warning && line(x) == Some(43)),
            "{cover:?}"
        );
    }
    assert_no_false_errors(&f, &[]);
}

#[test]
fn shanghai_finance_bureau() {
    let Some(doc) = import(FINANCE) else { return };
    let f = findings(&doc, Region::Shanghai);
    if doc.tables.is_empty() {
        eprintln!("{FINANCE}: no tables imported; table assertions skipped");
    } else {
        // The 国有资本经营 table's note speaks of 政府性基金 (line 327).
        let notes = of(&f, "YS505");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(line(notes[0]), Some(327));
        assert!(
            notes[0].message.contains("政府性基金"),
            "{}",
            notes[0].message
        );
        for rule in ["YS401", "YS402", "YS404", "YS501", "YS504", "YS507"] {
            assert!(of(&f, rule).is_empty(), "{rule}: {:?}", of(&f, rule));
        }
    }
    if doc.narrative.sections.is_empty() {
        eprintln!("{FINANCE}: no narrative sections imported; YS502/YS506 checks skipped");
    } else {
        assert!(of(&f, "YS502").is_empty(), "{:?}", of(&f, "YS502"));
        // Items 7–11 of 财政拨款支出主要内容 are printed twice (lines 117–125).
        let dup = of(&f, "YS506");
        assert_eq!(dup.len(), 1, "{dup:?}");
        assert_eq!(line(dup[0]), Some(117), "{dup:?}");
        // The original item 7 is printed on lines 107–108.
        let original = dup[0].locations.get(1).and_then(|p| p.line);
        assert!(matches!(original, Some(107..=108)), "{dup:?}");
        assert!(dup[0].message.contains("连续 5 句"), "{}", dup[0].message);
    }
    assert_no_false_errors(&f, &[]);
}

#[test]
fn shanghai_wanli() {
    let Some(doc) = import(WANLI) else { return };
    let f = findings(&doc, Region::Shanghai);
    if doc.tables.is_empty() {
        eprintln!("{WANLI}: no tables imported; table assertions skipped");
    } else {
        for rule in [
            "YS401", "YS402", "YS404", "YS501", "YS504", "YS505", "YS507",
        ] {
            assert!(of(&f, rule).is_empty(), "{rule}: {:?}", of(&f, rule));
        }
    }
    if !doc.narrative.sections.is_empty() {
        assert!(of(&f, "YS502").is_empty(), "{:?}", of(&f, "YS502"));
        assert!(of(&f, "YS506").is_empty(), "{:?}", of(&f, "YS506"));
    }
    assert_no_false_errors(&f, &[]);
}
