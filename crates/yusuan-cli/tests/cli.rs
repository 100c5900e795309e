//! The command line as a user runs it: exit codes, messages naming the file, and outputs.

use std::process::Command;

fn yusuan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
}

fn reference() -> String {
    format!(
        "{}/../../examples/chongqing-jiangbeicheng-2025-budget.txt",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn shared(name: &str) -> String {
    format!("{}/../../corpus/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn import_reports_every_table_and_full_coverage() {
    let out = yusuan().args(["import", &reference()]).output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("806 重庆市江北区人民政府江北城街道办事处"),
        "{s}"
    );
    assert!(s.contains("表二 一般公共预算财政拨款支出预算表"), "{s}");
    assert!(s.contains("项目 17"), "{s}");
    assert!(s.contains("未识别 0"), "{s}");
}

#[test]
fn import_json_has_full_codes_and_exact_money() {
    let out = yusuan()
        .args(["import", &reference(), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "yusuan/import/1");
    let t2 = v["disclosure"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["number"] == "表二")
        .unwrap();
    let row = t2["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "2120104")
        .unwrap();
    assert_eq!(row["cells"][0]["amount"]["fen"], 688_500_000);
    assert_eq!(row["cells"][0]["prov"]["line"], 169);
    assert_eq!(v["budget"]["year"], 2025);
}

#[test]
fn import_to_native_form_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("budget");
    let out = yusuan()
        .args(["import", &reference(), "-o"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let budget = yusuan_native::read_budget(&out_dir).unwrap();
    assert_eq!(budget.year, 2025);
    assert_eq!(budget.expenditure_total(), yusuan_model::Fen(3_636_800_000));
}

#[test]
fn check_exit_codes() {
    // The reference has real errors: exit 1.
    let out = yusuan().args(["check", &reference()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("YS302") && s.contains("YS303"), "{s}");
    // No errors in 万里街道 (only rounding information): exit 0.
    let out = yusuan()
        .args(["check", &shared("shanghai-putuo-wanli-2025-budget.txt")])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A missing file: exit 2, naming the file.
    let out = yusuan()
        .args(["check", "no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no/such/file.txt"));
}

#[test]
fn check_formats() {
    let r = reference();
    let json = yusuan()
        .args(["check", &r, "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let f = &v["findings"][0];
    for k in [
        "rule",
        "severity",
        "message",
        "locations",
        "expected",
        "actual",
        "difference",
    ] {
        assert!(f.get(k).is_some(), "missing {k}");
    }
    assert!(v["summary"]["errors"].as_u64().unwrap() >= 2);
    let sarif = yusuan()
        .args(["check", &r, "--format", "sarif"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(!v["runs"][0]["results"].as_array().unwrap().is_empty());
    let csv = yusuan()
        .args(["check", &r, "--format", "csv", "--lang", "en"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&csv.stdout);
    // A byte-order mark first, for Excel.
    assert!(s.starts_with(
        "\u{feff}rule,severity,file,page,line,table,row,column,expected,actual,difference,message"
    ));
    assert!(s.contains("YS302,error"));
    // Chinese by default: Chinese headers and severities, read back by a CSV reader.
    let csv = yusuan()
        .args(["check", &r, "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&csv.stdout);
    let body = text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.get(0), Some("规则"));
    assert_eq!(headers.get(11), Some("说明"));
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(records
        .iter()
        .any(|r| r.get(0) == Some("YS302") && r.get(1) == Some("错误")));
    assert!(records.iter().all(|r| r.len() == 12));
}

#[test]
fn config_turns_rules_off_and_bad_config_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("yusuan.toml");
    std::fs::write(
        &cfg,
        "[rules]\nYS302 = \"off\"\nreasons-add-up = \"warning\"\n",
    )
    .unwrap();
    let out = yusuan()
        .args(["check", &reference(), "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(!s.contains("YS302"), "{s}");
    assert!(s.contains("警告 YS303"), "{s}");
    std::fs::write(&cfg, "[rules]\nYS999 = \"off\"\n").unwrap();
    let out = yusuan()
        .args(["check", &reference(), "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YS999"));
}

#[test]
fn bad_inputs_are_named_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let not_text = dir.path().join("binary.txt");
    std::fs::write(&not_text, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let out = yusuan().args(["import"]).arg(&not_text).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary.txt"));
    let prose = dir.path().join("prose.txt");
    std::fs::write(&prose, "这是一封信，不是预算公开文件。\n").unwrap();
    let out = yusuan().args(["import"]).arg(&prose).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是部门预算公开文件"));
    let cat = dir.path().join("cat.csv");
    std::fs::write(&cat, "code,name,scheme\n20x,坏,function\n").unwrap();
    let out = yusuan()
        .args(["--catalog"])
        .arg(&cat)
        .args(["import", &reference()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cat.csv:2"));
}

#[test]
fn a_file_over_an_import_limit_exits_2_naming_the_limit() {
    // Tables nested 20,000 deep overflowed the stack (exit 134).
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.html");
    let html = format!(
        "<html><body>{}x{}</body></html>",
        "<table><tr><td>".repeat(20_000),
        "</td></tr></table>".repeat(20_000)
    );
    std::fs::write(&deep, html).unwrap();
    let out = yusuan().args(["import"]).arg(&deep).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("deep.html"), "{err}");
    assert!(err.contains("YUSUAN_MAX_TABLE_NESTING=20000"), "{err}");
    // Raised as the message says, the page is read (and is no disclosure).
    let out = yusuan()
        .env("YUSUAN_MAX_TABLE_NESTING", "20000")
        .args(["check"])
        .arg(&deep)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("不是部门预算公开文件"), "{said}");
}

#[test]
fn extra_catalogue_changes_the_expected_name() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("official-2025.csv");
    std::fs::write(
        &cat,
        "code,name,scheme,year\n2120104,城管执法（新名称）,function,2025\n21201,城乡社区管理事务（新）,function,2025\n",
    )
    .unwrap();
    let out = yusuan()
        .arg("--catalog")
        .arg(&cat)
        .args(["import", &reference(), "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let t2 = v["disclosure"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["number"] == "表二")
        .unwrap();
    let row = t2["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "2120104")
        .unwrap();
    assert_eq!(row["catalog"]["status"], "name_differs");
    assert_eq!(row["catalog"]["expected"], "城管执法（新名称）");
    // The one catalogue reaches the conversion (a 款 printed otherwise than it names it is kept
    // as the unit's name) and the checker.
    assert_eq!(v["budget"]["code_names"]["21201"], "城乡社区管理事务");
    let out = yusuan()
        .arg("--catalog")
        .arg(&cat)
        .args(["check", &reference()])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("2120104 应为「城管执法（新名称）」"),
        "{said}"
    );
}

#[test]
fn template_is_written_and_an_empty_one_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("t.xlsx");
    let out = yusuan()
        .args(["template", "-o"])
        .arg(&tpl)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(yusuan_workbook::looks_like_source_workbook(
        &std::fs::read(&tpl).unwrap()
    ));
    let out = yusuan()
        .arg("build")
        .arg(&tpl)
        .arg("-o")
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("预算年度"));
}

#[test]
fn build_writes_every_format_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let budget = format!(
        "{}/../../examples/chongqing-jiangbeicheng-2025",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = yusuan()
        .args(["build", &budget, "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for ext in [".html", ".pdf", ".docx", ".xlsx", ".md", ".json", "-csv"] {
        assert!(
            names.iter().any(|n| n.ends_with(ext)),
            "no {ext} in {names:?}"
        );
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("错误 0"));
}

#[test]
fn a_disclosure_published_as_two_files_is_checked_as_one() {
    let text = shared("pdf/jiangsu/jiangsu-party-office-2019-budget-text.pdf");
    let tables = shared("pdf/jiangsu/jiangsu-party-office-2019-budget-tables.pdf");
    let other = shared("pdf/jiangsu/jiangsu-npc-office-2018-budget.pdf");
    // The tables first: the pair is still 情况说明 + tables, and the third file stays apart.
    // Reports stream as files finish, so the pair (held until every file is read) comes last.
    let out = yusuan()
        .args(["check", &tables, &other, &text, "--format", "json"])
        .output()
        .unwrap();
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{files:#?}");
    let pair = &files[1];
    assert_eq!(pair["parts"], serde_json::json!([text, tables]));
    assert_eq!(pair["unit"], "中共江苏省委办公厅");
    assert_eq!(pair["year"], 2019);
    assert_eq!(pair["profile"]["id"], "national");
    assert!(files[0]["parts"].as_array().unwrap().is_empty());
    assert_eq!(files[0]["file"], serde_json::json!(other));
    // Checked as one, neither half is reported as missing the other's: no YS501/YS502 error.
    let halves_missing = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| (f["rule"] == "YS501" || f["rule"] == "YS502") && f["severity"] == "error")
        .count();
    assert_eq!(halves_missing, 0, "{:#?}", v["findings"]);
    // The text report says which files it paired and the profile.
    let out = yusuan()
        .args(["check", &tables, &text, "--no-info"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("jiangsu-party-office-2019-budget-text.pdf + ")
            && s.contains("合并检查 (checked as one disclosure): 2 个文件作为一份公开文件检查"),
        "{s}"
    );
    assert!(
        s.contains("规范 (profile): 全国通用 部门预算 (national)"),
        "{s}"
    );
    // One half alone misses the other's part.
    let out = yusuan()
        .args(["check", &tables, "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "YS502"),
        "the tables alone have no narrative"
    );
}

#[test]
fn the_profile_is_printed_and_can_be_chosen() {
    let unit = shared("pdf/shanghai-putuo-welfare-home-2024-unit-budget.pdf");
    let out = yusuan().args(["import", &unit]).output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("规范 (profile): 上海 单位预算 (shanghai-unit)"),
        "{s}"
    );
    let out = yusuan()
        .args([
            "import",
            &unit,
            "--format",
            "json",
            "--profile",
            "shanghai-department",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["profile"]["id"], "shanghai-department");
    assert_eq!(v["profile"]["reason"], "由 --profile 指定");
    assert_eq!(v["disclosure"]["meta"]["profile"], "shanghai-department");
    // Checked as a 部门预算, the unit budget lacks the 项目经费情况说明.
    let out = yusuan()
        .args([
            "check",
            &unit,
            "--profile",
            "shanghai-department",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "YS502"
            && f["message"]
                .as_str()
                .unwrap_or("")
                .contains("项目经费情况说明")));
    // An unknown id is refused with the known ones, by every command.
    for cmd in [
        vec!["import", unit.as_str()],
        vec!["check", unit.as_str()],
        vec!["build", "no-such-budget", "-o", "/tmp/never"],
    ] {
        let out = yusuan()
            .args(&cmd)
            .args(["--profile", "jiangsu"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd:?}");
        let e = String::from_utf8_lossy(&out.stderr);
        assert!(e.contains("jiangsu") && e.contains("shanghai-unit"), "{e}");
    }
    let out = yusuan().args(["profiles"]).output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    for id in [
        "chongqing",
        "shanghai-department",
        "shanghai-unit",
        "national",
        "final-accounts",
    ] {
        assert!(s.contains(id), "{s}");
    }
}

#[test]
fn build_with_a_profile() {
    let dir = tempfile::tempdir().unwrap();
    let budget = format!(
        "{}/../../examples/chongqing-jiangbeicheng-2025",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = yusuan()
        .args(["build", &budget, "-o"])
        .arg(dir.path())
        .args(["--format", "html", "--profile", "shanghai-unit"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "html"))
        .unwrap()
        .path();
    let out = yusuan()
        .args(["check"])
        .arg(&html)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["profile"]["id"], "shanghai-unit");
    // Final accounts are not built.
    let out = yusuan()
        .args(["build", &budget, "-o"])
        .arg(dir.path())
        .args(["--profile", "final-accounts"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn build_in_a_style_file() {
    let dir = tempfile::tempdir().unwrap();
    let budget = format!(
        "{}/../../examples/chongqing-jiangbeicheng-2025",
        env!("CARGO_MANIFEST_DIR")
    );
    let style = dir.path().join("style.toml");
    std::fs::write(
        &style,
        "unit = { unit = \"元\", decimals = 2 }\nnumbering = \"chinese\"\ncodes = \"split\"\ncompiler_label = \"department_name\"\nthousands = false\n",
    )
    .unwrap();
    let out = yusuan()
        .args(["build", &budget, "-o"])
        .arg(dir.path())
        .args(["--format", "html"])
        .arg("--style")
        .arg(&style)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "html"))
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("部门名称："), "no 部门名称 line");
    assert!(text.contains("单位：元"), "not in 元");
    assert!(
        text.contains(">类<") && text.contains(">款<"),
        "codes not split"
    );
    // The styled disclosure is checked clean like any other.
    let out = yusuan().arg("check").arg(&html).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A style file with an unknown key is refused, naming the file and the key.
    std::fs::write(&style, "colour = \"red\"\n").unwrap();
    let out = yusuan()
        .args(["build", &budget, "-o"])
        .arg(dir.path())
        .arg("--style")
        .arg(&style)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("style.toml") && err.contains("colour"),
        "{err}"
    );
}

#[test]
fn an_unknown_rule_is_an_error_and_an_image_is_named_as_one() {
    let out = yusuan().args(["rules", "YS999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有规则「YS999」"));
    let out = yusuan().args(["rules", "ys101"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("YS101"));

    let dir = std::env::temp_dir().join(format!("yusuan-jpeg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("scan.pdf");
    std::fs::write(&file, b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00").unwrap();
    let out = yusuan()
        .args(["check", file.to_str().unwrap()])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(2));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("JPEG 图片"), "{text}");
    assert!(!text.contains("UTF-8"), "{text}");
}

#[test]
fn a_build_that_fails_halfway_leaves_the_folder_as_it_was() {
    // The PDF cannot be made (no such font) after the HTML could: nothing is written.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.html"), "old").unwrap();
    let budget = format!(
        "{}/../../examples/chongqing-jiangbeicheng-2025",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = yusuan()
        .args(["build", &budget, "-o"])
        .arg(dir.path())
        .args(["--font", "/no/such/font.ttf"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".yusuan-build.lock")
        .collect();
    names.sort();
    assert_eq!(names, ["old.html"]);
    // A build that succeeds leaves no temporary file behind.
    let out = yusuan()
        .args(["build", &budget, "-o"])
        .arg(dir.path())
        .args(["--format", "html,md"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    assert_eq!(names.iter().filter(|n| n.ends_with(".html")).count(), 2);
}

/// Help is bilingual throughout: no command's help leaves clap's English-only lines.
#[test]
fn help_is_bilingual() {
    for cmd in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["build", "--help"],
        vec!["import", "--help"],
        vec!["template", "--help"],
        vec!["rules", "--help"],
        vec!["profiles", "--help"],
    ] {
        let out = yusuan().args(&cmd).output().unwrap();
        assert!(out.status.success(), "{cmd:?}");
        let s = String::from_utf8_lossy(&out.stdout);
        assert!(s.contains("用法 (usage)"), "{cmd:?}:\n{s}");
        assert!(s.contains("显示帮助 / print help"), "{cmd:?}:\n{s}");
        assert!(!s.contains("Print help"), "{cmd:?}:\n{s}");
    }
}

/// `yusuan check` on all cores writes what it writes on one, byte for byte, in the order the
/// files were given (reports stream in order as files finish, whichever thread read them).
#[test]
fn check_on_many_threads_writes_what_one_thread_writes() {
    let mut files: Vec<String> = std::fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/pdf"),
    )
    .unwrap()
    .map(|e| e.unwrap().path())
    .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
    .map(|p| p.display().to_string())
    .collect();
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    for format in ["json", "csv", "text", "sarif"] {
        let run = |jobs: &str| {
            yusuan()
                .args(["check", "--format", format, "-j", jobs])
                .args(&files)
                .output()
                .unwrap()
        };
        let (one, many) = (run("1"), run("3"));
        assert_eq!(one.status.code(), many.status.code());
        assert!(!one.stdout.is_empty());
        assert!(one.stdout == many.stdout, "{format}: -j 1 and -j 3 differ");
    }
}
