//! Writing a budget as a folder. The TOML is written by hand (not by a serializer) so the layout
//! is stable and reviewable: one key per line, one indicator per line, comments saying what the
//! sections hold and which unit amounts are in.

use crate::values::{format_amount, region_key, toml_key, toml_str, toml_text};
use crate::{
    NativeError, BUDGET_FILE, ECONOMIC_FILE, EXPENDITURE_FILE, INCOME_FILE, OVERALL_GOAL_FILE,
    PROJECTS_FILE,
};
use std::fmt::Write as _;
use std::path::Path;
use yusuan_model::budget::{Goal, ThreePublic};
use yusuan_model::{Budget, Fen, Indicator, Nature, Weight};

/// Write `budget` into `dir` (created if missing). Each file is written to a temporary name and
/// renamed, so a reader never sees half a file. `overall-goal.toml` is removed when the budget
/// has no overall goal. Other files in the folder are left alone.
pub fn write_budget(budget: &Budget, dir: &Path) -> Result<(), NativeError> {
    std::fs::create_dir_all(dir).map_err(|source| NativeError::Write {
        path: dir.display().to_string(),
        source,
    })?;
    let files = [
        (BUDGET_FILE, budget_toml(budget)),
        (INCOME_FILE, income_csv(budget)?),
        (EXPENDITURE_FILE, expenditure_csv(budget)?),
        (ECONOMIC_FILE, economic_csv(budget)?),
        (PROJECTS_FILE, projects_toml(budget)),
    ];
    for (name, text) in &files {
        write_file(&dir.join(name), text)?;
    }
    let goal_path = dir.join(OVERALL_GOAL_FILE);
    match &budget.overall_goal {
        Some(g) => write_file(&goal_path, &overall_goal_toml(g))?,
        None => {
            if goal_path.exists() {
                std::fs::remove_file(&goal_path).map_err(|source| NativeError::Write {
                    path: goal_path.display().to_string(),
                    source,
                })?;
            }
        }
    }
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<(), NativeError> {
    let err = |source| NativeError::Write {
        path: path.display().to_string(),
        source,
    };
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    std::fs::write(&tmp, text).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}

/// `key = "123.45"` for an amount.
fn amount_line(out: &mut String, key: &str, f: Fen) {
    let _ = writeln!(out, "{key} = {}", toml_str(&format_amount(f)));
}

fn opt_amount_line(out: &mut String, key: &str, f: Option<Fen>) {
    if let Some(f) = f {
        amount_line(out, key, f);
    }
}

fn three_public_lines(out: &mut String, t: &ThreePublic) {
    amount_line(out, "overseas", t.overseas);
    amount_line(out, "vehicle_purchase", t.vehicle_purchase);
    amount_line(out, "vehicle_operation", t.vehicle_operation);
    amount_line(out, "reception", t.reception);
}

fn string_array(out: &mut String, key: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{key} = [");
    for i in items {
        let _ = writeln!(out, "  {},", toml_str(i));
    }
    out.push_str("]\n");
}

fn budget_toml(b: &Budget) -> String {
    let mut o = String::new();
    o.push_str(
        "# yusuan 预算源文件 (native budget source), see crates/yusuan-native/README.md.\n\
         # 金额：元，两位小数，写成带引号的字符串，如 \"36368000.00\" (amounts: yuan, 2 decimals, quoted).\n\
         format = 1\n",
    );
    let _ = writeln!(o, "year = {}", b.year);
    let _ = writeln!(o, "kind = {}", toml_str(crate::values::kind_label(b.kind)));
    let _ = writeln!(o, "region = {}", toml_str(region_key(b.region)));
    if let Some(a) = b.admin_cost {
        o.push_str("# 机关运行经费\n");
        amount_line(&mut o, "admin_cost", a);
    }

    o.push_str("\n# 单位\n[unit]\n");
    if let Some(c) = &b.unit.code {
        let _ = writeln!(o, "code = {}", toml_str(c));
    }
    if let Some(n) = &b.unit.name {
        let _ = writeln!(o, "name = {}", toml_str(n));
    }
    if let Some(c) = &b.unit.contact {
        let _ = writeln!(o, "contact = {}", toml_str(c));
    }
    string_array(&mut o, "subordinate_units", &b.unit.subordinate_units);
    string_array(&mut o, "internal_departments", &b.unit.internal_departments);

    o.push_str("\n# 公开表的金额单位和小数位 (how the published tables show money)\n[display]\n");
    let _ = writeln!(o, "unit = {}", toml_str(b.display.unit.label()));
    let _ = writeln!(o, "decimals = {}", b.display.decimals);

    o.push_str("\n# “三公”经费\n[three_public]\n");
    three_public_lines(&mut o, &b.three_public);

    o.push_str("\n# 政府采购预算\n[procurement]\n");
    amount_line(&mut o, "goods", b.procurement.goods);
    amount_line(&mut o, "works", b.procurement.works);
    amount_line(&mut o, "services", b.procurement.services);
    opt_amount_line(&mut o, "sme_reserved", b.procurement.sme_reserved);
    opt_amount_line(
        &mut o,
        "small_micro_reserved",
        b.procurement.small_micro_reserved,
    );

    o.push_str("\n# 国有资产占有使用情况\n[assets]\n");
    let a = &b.assets;
    if let Some(d) = &a.as_of {
        let _ = writeln!(o, "as_of = {}", toml_str(d));
    }
    for (k, v) in [
        ("vehicles", a.vehicles),
        ("vehicles_to_buy", a.vehicles_to_buy),
        ("expensive_equipment", a.expensive_equipment),
    ] {
        if let Some(v) = v {
            let _ = writeln!(o, "{k} = {v}");
        }
    }
    if !a.vehicles_by_kind.is_empty() {
        o.push_str("\n[assets.vehicles_by_kind]\n");
        for (k, v) in &a.vehicles_by_kind {
            let _ = writeln!(o, "{} = {v}", toml_key(k));
        }
    }

    if !b.code_names.is_empty() {
        o.push_str("\n# 与科目目录不同（或目录中没有）的类、款名称 (names of 类/款 as the unit writes them)\n[code_names]\n");
        for (c, n) in &b.code_names {
            let _ = writeln!(o, "{} = {}", toml_key(c.as_str()), toml_str(n));
        }
    }

    let p = &b.prior_year;
    o.push_str("\n# 上年数 (last year's figures)\n[prior_year]\n");
    opt_amount_line(&mut o, "income_total", p.income_total);
    opt_amount_line(&mut o, "expenditure_total", p.expenditure_total);
    opt_amount_line(&mut o, "basic", p.basic);
    opt_amount_line(&mut o, "project", p.project);
    opt_amount_line(&mut o, "admin_cost", p.admin_cost);
    if !p.by_source.is_empty() {
        o.push_str("\n[prior_year.by_source]\n");
        for (s, f) in &p.by_source {
            let _ = writeln!(
                o,
                "{} = {}",
                toml_key(s.label()),
                toml_str(&format_amount(*f))
            );
        }
    }
    if !p.by_class.is_empty() {
        o.push_str("\n# 按功能分类类级\n[prior_year.by_class]\n");
        for (c, f) in &p.by_class {
            let _ = writeln!(
                o,
                "{} = {}",
                toml_key(c.as_str()),
                toml_str(&format_amount(*f))
            );
        }
    }
    if let Some(t) = &p.three_public {
        o.push_str("\n[prior_year.three_public]\n");
        three_public_lines(&mut o, t);
    }

    let n = &b.narrative;
    o.push_str("\n# 说明文字 (narrative inputs)\n[narrative]\n");
    let _ = writeln!(o, "functions = {}", toml_text(&n.functions));
    let _ = writeln!(o, "organisation = {}", toml_text(&n.organisation));
    if !n.notes.is_empty() {
        o.push_str("\n[narrative.notes]\n");
        for (k, v) in &n.notes {
            let _ = writeln!(o, "{} = {}", toml_key(k), toml_text(v));
        }
    }
    for r in &n.reasons {
        o.push_str("\n# 增减原因\n[[narrative.reasons]]\n");
        let _ = writeln!(o, "subject = {}", toml_str(&r.subject));
        let _ = writeln!(o, "text = {}", toml_text(&r.text));
    }
    for (term, text) in &n.glossary {
        o.push_str("\n# 名词解释\n[[narrative.glossary]]\n");
        let _ = writeln!(o, "term = {}", toml_str(term));
        let _ = writeln!(o, "text = {}", toml_text(text));
    }
    o
}

/// An indicator as one inline table on one line.
fn indicator_line(i: &Indicator) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(c) = &i.category {
        parts.push(format!("category = {}", toml_str(c)));
    }
    parts.push(format!("name = {}", toml_str(&i.name)));
    // `weight` is the text as written; it is parsed back to the number. Only when the text does
    // not parse to the number (a hand-built indicator) is the text kept separately.
    let weight = if Weight::parse(&i.weight_text) == i.weight {
        i.weight_text.clone()
    } else {
        i.weight.map(|w| w.to_string()).unwrap_or_default()
    };
    parts.push(format!("weight = {}", toml_str(&weight)));
    if weight != i.weight_text {
        parts.push(format!("weight_text = {}", toml_str(&i.weight_text)));
    }
    let nature = if Nature::parse(&i.nature_text) == i.nature {
        i.nature_text.clone()
    } else {
        i.nature.map(|n| n.symbol().to_string()).unwrap_or_default()
    };
    parts.push(format!("nature = {}", toml_str(&nature)));
    if nature != i.nature_text {
        parts.push(format!("nature_text = {}", toml_str(&i.nature_text)));
    }
    parts.push(format!("value = {}", toml_str(&i.value)));
    parts.push(format!("unit = {}", toml_str(&i.unit)));
    if let Some(c) = i.core {
        parts.push(format!("core = {c}"));
    }
    format!("{{ {} }}", parts.join(", "))
}

fn indicators(o: &mut String, list: &[Indicator]) {
    if list.is_empty() {
        o.push_str("indicators = []\n");
        return;
    }
    o.push_str("indicators = [\n");
    for i in list {
        let _ = writeln!(o, "  {},", indicator_line(i));
    }
    o.push_str("]\n");
}

fn projects_toml(b: &Budget) -> String {
    let mut o = String::from(
        "# 项目及其绩效目标 (projects with their performance goals), see crates/yusuan-native/README.md.\n\
         # amount：元，两位小数；key = true 为重点专项。每个指标一行：name 指标名称，weight 权重，\n\
         # nature 指标性质（≥ ≤ = > < 定性），value 指标值，unit 计量单位，core 是否核心。\n",
    );
    for p in &b.projects {
        o.push_str("\n[[project]]\n");
        let _ = writeln!(o, "name = {}", toml_str(&p.name));
        if let Some(d) = &p.department {
            let _ = writeln!(o, "department = {}", toml_str(d));
        }
        amount_line(&mut o, "amount", p.amount);
        if p.key {
            o.push_str("key = true\n");
        }
        let _ = writeln!(o, "overview = {}", toml_text(&p.overview));
        let _ = writeln!(o, "basis = {}", toml_text(&p.basis));
        let _ = writeln!(o, "goal = {}", toml_text(&p.goal.text));
        indicators(&mut o, &p.goal.indicators);
    }
    o
}

fn overall_goal_toml(g: &Goal) -> String {
    let mut o = String::from("# 部门（单位）整体绩效目标 (the overall performance goal)\n");
    let _ = writeln!(o, "text = {}", toml_text(&g.text));
    indicators(&mut o, &g.indicators);
    o
}

fn csv_text(
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<String, NativeError> {
    let err = |e: csv::Error| NativeError::Write {
        path: "csv".into(),
        source: std::io::Error::other(e.to_string()),
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(header).map_err(err)?;
    for r in rows {
        w.write_record(&r).map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| NativeError::Write {
        path: "csv".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    // A byte-order mark lets Excel and WPS open the file as UTF-8.
    let mut s = String::from("\u{feff}");
    s.push_str(&String::from_utf8_lossy(&bytes));
    Ok(s)
}

fn income_csv(b: &Budget) -> Result<String, NativeError> {
    csv_text(
        &["source", "amount", "carried_forward"],
        b.income.iter().map(|l| {
            vec![
                l.source.label().to_string(),
                format_amount(l.amount),
                if l.carried_forward { "是" } else { "" }.to_string(),
            ]
        }),
    )
}

fn expenditure_csv(b: &Budget) -> Result<String, NativeError> {
    csv_text(
        &["code", "name", "source", "basic", "project"],
        b.expenditure.iter().map(|l| {
            vec![
                l.code.as_str().to_string(),
                l.name.clone(),
                l.source.label().to_string(),
                format_amount(l.basic),
                format_amount(l.project),
            ]
        }),
    )
}

fn economic_csv(b: &Budget) -> Result<String, NativeError> {
    csv_text(
        &["code", "name", "personnel", "operating"],
        b.economic.iter().map(|l| {
            vec![
                l.code.as_str().to_string(),
                l.name.clone(),
                format_amount(l.personnel),
                format_amount(l.operating),
            ]
        }),
    )
}
