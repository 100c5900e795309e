//! Every bad input gives an error that names the file and the line and says what was expected;
//! nothing half-read is returned.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use tempfile::TempDir;
use yusuan_native::{read_budget, write_budget, NativeError};

/// A valid folder, then `file` replaced by `text`; the error of reading it.
fn error_with(file: &str, text: &str) -> (TempDir, NativeError) {
    let dir = tempfile::tempdir().unwrap();
    write_budget(&common::sample(), dir.path()).unwrap();
    std::fs::write(dir.path().join(file), text).unwrap();
    let err = match read_budget(dir.path()) {
        Ok(_) => panic!("{file} with {text:?} was accepted"),
        Err(e) => e,
    };
    (dir, err)
}

/// The error's text starts with `DIR/file:line:`.
fn assert_at(dir: &Path, err: &NativeError, file: &str, line: usize) {
    let prefix = format!("{}:{line}:", dir.join(file).display());
    let s = err.to_string();
    assert!(s.starts_with(&prefix), "expected {prefix} in: {s}");
    assert_eq!(err.line(), Some(line), "{s}");
    assert!(err.file().ends_with(file));
}

const EXP_HEADER: &str = "code,name,source,basic,project\n";

#[test]
fn bad_amount_in_csv() {
    let text = format!(
        "{EXP_HEADER}2010301,行政运行,一般公共预算,100.00,0\n2010302,x,一般公共预算,12a,0\n"
    );
    let (dir, err) = error_with("expenditure.csv", &text);
    assert_at(dir.path(), &err, "expenditure.csv", 3);
    assert!(
        matches!(&err, NativeError::BadAmount { field, text, .. } if field == "basic" && text == "12a")
    );
    assert!(err.to_string().contains("最多两位小数"), "{err}");

    let (dir, err) = error_with(
        "economic.csv",
        "code,name,personnel,operating\n30101,基本工资,1.234,0\n",
    );
    assert_at(dir.path(), &err, "economic.csv", 2);
    assert!(matches!(err, NativeError::BadAmount { .. }));

    let (dir, err) = error_with("income.csv", "source,amount\n一般公共预算,3.6E+07\n");
    assert_at(dir.path(), &err, "income.csv", 2);
    assert!(err.to_string().contains("科学计数法"), "{err}");
}

#[test]
fn unknown_source() {
    let (dir, err) = error_with(
        "income.csv",
        "source,amount,carried_forward\n一般公共预算,1.00,\n财政拨款,2.00,\n",
    );
    assert_at(dir.path(), &err, "income.csv", 3);
    assert!(matches!(&err, NativeError::UnknownSource { text, .. } if text == "财政拨款"));
    assert!(err.to_string().contains("general_budget"));

    let text = format!("{EXP_HEADER}2010301,行政运行,,1.00,0\n");
    let (dir, err) = error_with("expenditure.csv", &text);
    assert_at(dir.path(), &err, "expenditure.csv", 2);
    assert!(matches!(err, NativeError::UnknownSource { .. }));
}

#[test]
fn bad_code() {
    let text =
        format!("{EXP_HEADER}2010301,行政运行,一般公共预算,1,0\n201030,x,一般公共预算,1,0\n");
    let (dir, err) = error_with("expenditure.csv", &text);
    assert_at(dir.path(), &err, "expenditure.csv", 3);
    assert!(matches!(&err, NativeError::BadCode { text, .. } if text == "201030"));
    // 经济分类 has no 7-digit codes.
    let (dir, err) = error_with(
        "economic.csv",
        "code,name,personnel,operating\n3010101,x,1,0\n",
    );
    assert_at(dir.path(), &err, "economic.csv", 2);
    assert!(matches!(err, NativeError::BadCode { .. }));
    // budget.toml: a 7-digit code in code_names.
    let dir = tempfile::tempdir().unwrap();
    write_budget(&common::sample(), dir.path()).unwrap();
    let p = dir.path().join("budget.toml");
    let t = std::fs::read_to_string(&p).unwrap();
    let t = t.replace("201 = \"一般公共预算服务支出\"", "2010301 = \"x\"");
    std::fs::write(&p, &t).unwrap();
    let err = read_budget(dir.path()).unwrap_err();
    let line = t.lines().position(|l| l.starts_with("2010301 = ")).unwrap() + 1;
    assert_at(dir.path(), &err, "budget.toml", line);
    assert!(matches!(err, NativeError::BadCode { .. }));
}

#[test]
fn missing_and_unknown_columns() {
    let (dir, err) = error_with(
        "expenditure.csv",
        "code,name,source,basic\n2010301,x,一般公共预算,1\n",
    );
    assert_at(dir.path(), &err, "expenditure.csv", 1);
    assert!(matches!(&err, NativeError::MissingColumn { column, .. } if column == "project"));
    let (dir, err) = error_with("expenditure.csv", "");
    assert_at(dir.path(), &err, "expenditure.csv", 1);
    assert!(matches!(err, NativeError::MissingColumn { .. }));
    let (dir, err) = error_with("income.csv", "source,amount,amonut\n");
    assert_at(dir.path(), &err, "income.csv", 1);
    assert!(matches!(&err, NativeError::UnknownColumn { column, .. } if column == "amonut"));
    let (dir, err) = error_with("income.csv", "source,amount\n一般公共预算,1,2\n");
    assert_at(dir.path(), &err, "income.csv", 2);
}

#[test]
fn duplicate_lines() {
    let text = format!(
        "{EXP_HEADER}2010301,行政运行,一般公共预算,1,0\n2010302,x,一般公共预算,1,0\n2010301,行政运行,general_budget,2,0\n"
    );
    let (dir, err) = error_with("expenditure.csv", &text);
    assert_at(dir.path(), &err, "expenditure.csv", 4);
    assert!(
        matches!(err, NativeError::Duplicate { first_line: 2, .. }),
        "{err}"
    );
    // The same code from another source is fine; a code and its sub-code from one source is not.
    let text = format!("{EXP_HEADER}2010301,行政运行,一般公共预算,1,0\n20103,x,一般公共预算,1,0\n");
    let (dir, err) = error_with("expenditure.csv", &text);
    assert_at(dir.path(), &err, "expenditure.csv", 3);
    assert!(err.to_string().contains("重复计算"), "{err}");

    let (dir, err) = error_with(
        "income.csv",
        "source,amount,carried_forward\n一般公共预算,1,\n一般公共预算,1,是\n一般公共预算拨款,2,否\n",
    );
    assert_at(dir.path(), &err, "income.csv", 4);
    assert!(matches!(err, NativeError::Duplicate { first_line: 2, .. }));

    let (dir, err) = error_with(
        "economic.csv",
        "code,name,personnel,operating\n302,x,0,1\n30201,y,0,1\n",
    );
    assert_at(dir.path(), &err, "economic.csv", 3);
    let (dir, err) = error_with(
        "economic.csv",
        "code,name,personnel,operating\n30201,x,0,1\n30201,y,0,1\n",
    );
    assert_at(dir.path(), &err, "economic.csv", 3);
    assert!(matches!(err, NativeError::Duplicate { .. }));
}

#[test]
fn bad_yes_no() {
    let (dir, err) = error_with(
        "income.csv",
        "source,amount,carried_forward\n一般公共预算,1,也许\n",
    );
    assert_at(dir.path(), &err, "income.csv", 2);
    assert!(err.to_string().contains("是"), "{err}");
}

#[test]
fn not_utf8() {
    // 行政运行 in GBK, as Excel saves a CSV on a Chinese Windows.
    let mut bytes = b"code,name,source,basic,project\n2010301,".to_vec();
    bytes.extend([0xd0, 0xd0, 0xd5, 0xfe, 0xd4, 0xcb, 0xd0, 0xd0]);
    bytes.extend(b",x,1,0\n");
    let dir = tempfile::tempdir().unwrap();
    write_budget(&common::sample(), dir.path()).unwrap();
    std::fs::write(dir.path().join("expenditure.csv"), bytes).unwrap();
    let err = read_budget(dir.path()).unwrap_err();
    assert_at(dir.path(), &err, "expenditure.csv", 2);
    assert!(err.to_string().contains("UTF-8"));
}

/// Replace `from` in budget.toml by `to`; the error and the line `to` is on.
fn toml_error(file: &str, from: &str, to: &str) -> (TempDir, NativeError, usize) {
    let dir = tempfile::tempdir().unwrap();
    write_budget(&common::sample(), dir.path()).unwrap();
    let p = dir.path().join(file);
    let t = std::fs::read_to_string(&p).unwrap();
    assert!(t.contains(from), "{from} not in {t}");
    let t = t.replacen(from, to, 1);
    std::fs::write(&p, &t).unwrap();
    let first = to.lines().next().unwrap_or(to);
    let line = t.lines().position(|l| l.contains(first)).unwrap() + 1;
    let err = read_budget(dir.path()).unwrap_err();
    (dir, err, line)
}

#[test]
fn toml_errors_name_the_line() {
    // An unquoted decimal is a float: refused, never rounded.
    let (dir, err, line) = toml_error(
        "budget.toml",
        "reception = \"30000.00\"",
        "reception = 30000.5",
    );
    assert_at(dir.path(), &err, "budget.toml", line);
    assert!(
        matches!(&err, NativeError::BadAmount { field, .. } if field == "three_public.reception")
    );
    assert!(err.to_string().contains("引号"));

    let (dir, err, line) = toml_error(
        "budget.toml",
        "services = \"9545800.00\"",
        "services = \"9,545,800.001\"",
    );
    assert_at(dir.path(), &err, "budget.toml", line);
    assert!(matches!(err, NativeError::BadAmount { .. }));

    let (dir, err, line) = toml_error(
        "budget.toml",
        "region = \"chongqing\"",
        "region = \"chongqing\"\nregoin = 1",
    );
    assert_at(dir.path(), &err, "budget.toml", line + 1);
    assert!(err.to_string().contains("regoin"), "{err}");

    let (dir, err, line) = toml_error(
        "budget.toml",
        "region = \"chongqing\"",
        "region = \"重庆x\"",
    );
    assert_at(dir.path(), &err, "budget.toml", line);

    let (dir, err, line) = toml_error("budget.toml", "[three_public]", "[three_public");
    assert_at(dir.path(), &err, "budget.toml", line);
    assert!(err.to_string().contains("TOML"));

    let (dir, err, _) = toml_error("budget.toml", "year = 2025\n", "");
    assert_at(dir.path(), &err, "budget.toml", 1);
    assert!(err.to_string().contains("year"));

    let (dir, err, line) = toml_error("budget.toml", "vehicles = 5", "vehicles = -5");
    assert_at(dir.path(), &err, "budget.toml", line);

    let (dir, err, line) = toml_error(
        "budget.toml",
        "\"一般公共预算\" = \"3718630",
        "\"一般公共\" = \"1\"\n\"财政拨款\" = \"3718630",
    );
    assert_at(dir.path(), &err, "budget.toml", line + 1);
    assert!(matches!(err, NativeError::UnknownSource { .. }));
}

#[test]
fn projects_errors_name_the_line() {
    let (dir, err, line) = toml_error("projects.toml", "core = true }", "core = \"也许\" }");
    assert_at(dir.path(), &err, "projects.toml", line);
    assert!(err.to_string().contains("core"));

    let (dir, err, line) = toml_error("projects.toml", "weight = \"25\"", "weight = 25.5");
    assert_at(dir.path(), &err, "projects.toml", line);

    let (dir, err, line) = toml_error(
        "projects.toml",
        "amount = \"60000.00\"",
        "amount = \"六万\"",
    );
    assert_at(dir.path(), &err, "projects.toml", line);
    assert!(matches!(err, NativeError::BadAmount { .. }));

    let (dir, err, _) = toml_error("projects.toml", "amount = \"60000.00\"\n", "");
    assert!(err.to_string().contains("amount"), "{err}");
    assert!(err.file().ends_with("projects.toml"));
    assert!(dir.path().exists());

    let (dir, err, line) = toml_error(
        "overall-goal.toml",
        "{ name = \"非公两个覆盖率\", ",
        "{ nmae = \"非公两个覆盖率\", ",
    );
    assert_at(dir.path(), &err, "overall-goal.toml", line);
}

#[test]
fn missing_files() {
    for f in [
        "budget.toml",
        "income.csv",
        "expenditure.csv",
        "economic.csv",
    ] {
        let dir = tempfile::tempdir().unwrap();
        write_budget(&common::sample(), dir.path()).unwrap();
        std::fs::remove_file(dir.path().join(f)).unwrap();
        let err = read_budget(dir.path()).unwrap_err();
        assert!(matches!(err, NativeError::MissingFile { .. }), "{f}: {err}");
        assert!(err.to_string().contains(f));
        assert_eq!(err.line(), None);
    }
    let err = read_budget(Path::new("/nonexistent/yusuan")).unwrap_err();
    assert!(matches!(err, NativeError::MissingFile { .. }));
}

#[test]
fn a_bad_last_file_gives_no_budget() {
    // Everything valid except the last file read.
    let (_dir, err, _) = toml_error("overall-goal.toml", "text = ", "text = 1\nx = ");
    assert!(err.file().ends_with("overall-goal.toml"), "{err}");
}
