//! The reports of a workspace (issue 11), as `yusuan report --out DIR` writes them:
//!
//! - `league.xlsx`, `league.csv`: the league table of units (one row per unit, year and kind:
//!   errors, warnings, files refused, findings awaiting a decision), most errors first;
//! - `findings.xlsx`, `findings.csv`: every finding with its fingerprint and decision, grouped
//!   by unit, document and table;
//! - `years.xlsx`, `years.csv`: every figure a document states about another of its unit
//!   compared with what that one states (一致 / 不一致, both pages), each row with its kind of
//!   link: 上年预算 / 上年决算 (prior-year figures), 年初预算 vs 决算 (a 决算's budget at the
//!   start of the year against the budget), 上年执行数 vs 决算 (a budget's 执行数 against last
//!   year's 决算);
//! - `checklists/`: each read document's 公开情况检查表 (XLSX, with page crops);
//! - `summary.json`: the totals and the league table, for programs;
//! - `report.html`: one self-contained page (ECharts bundled, works offline) with charts and the
//!   league table.
//!
//! CSV files carry a UTF-8 byte order mark and Chinese headers, so that Excel opens them
//! right. The folder is written beside its place and renamed into it: a reader never sees half
//! a report.

use rust_xlsxwriter::{Format, Workbook};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use yusuan_store::{Decision, DocumentRow, FindingRow};

/// Apache ECharts (npm `echarts` 6.1.0, `dist/echarts.min.js`), bundled: the page works
/// offline. The copy the portal serves (with its LICENSE and NOTICE beside it), not a second one.
const ECHARTS: &str = include_str!("../../yusuan-serve/assets/echarts.min.js");

/// One row of the league table: a unit's documents of one year and kind.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LeagueRow {
    pub unit: String,
    pub year: Option<i64>,
    pub kind: String,
    pub documents: i64,
    /// Errors, less those decided 不是问题 (not an issue).
    pub errors: i64,
    /// Warnings, less those decided 不是问题.
    pub warnings: i64,
    pub infos: i64,
    /// Files refused (unreadable, hostile, over a limit).
    pub refused: i64,
    /// Errors and warnings with no decision yet.
    pub pending: i64,
    pub confirmed: i64,
    pub not_an_issue: i64,
    pub fixed: i64,
    pub files: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub documents: i64,
    pub refused: i64,
    pub errors: i64,
    pub warnings: i64,
    pub infos: i64,
    pub pending: i64,
    pub by_rule: BTreeMap<String, i64>,
    pub league: Vec<LeagueRow>,
    /// Figures compared across a unit's linked documents, every kind of link ([`crate::years`]).
    pub years_compared: i64,
    /// Of those, figures that differ: each a question for the reviewer (`years.csv`).
    pub years_differing: i64,
    /// The same two counts per kind of link (`prior_budget`, `prior_final`, `budget_vs_final`,
    /// `execution_vs_final`), every kind listed.
    pub years_by_link: BTreeMap<String, LinkCount>,
    /// The checklists written (`checklists/`), one per document read.
    pub checklists: i64,
}

/// Comparisons of one kind of link, for `summary.json`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LinkCount {
    /// 上年预算, 年初预算 vs 决算 …
    pub label: String,
    pub compared: i64,
    pub differing: i64,
}

/// One figure compared: what the stating document says of its reference (last year's figure,
/// the year's 年初预算, last year's 执行数) against the reference document's own figure.
#[derive(Clone, Debug, Serialize)]
pub struct YearRow {
    pub link: crate::years::Link,
    pub unit: String,
    /// The stating document.
    pub kind: String,
    pub year: i64,
    pub document: String,
    /// The document it states figures of.
    pub reference_kind: String,
    pub reference_year: i64,
    pub reference_document: String,
    #[serde(flatten)]
    pub comparison: crate::years::Comparison,
}

pub(crate) fn kind_label(kind: Option<&str>) -> &'static str {
    match kind {
        Some("department_budget") => "部门预算",
        Some("unit_budget") => "单位预算",
        Some("department_final_accounts") => "部门决算",
        Some("unit_final_accounts") => "单位决算",
        _ => "",
    }
}

fn decision_label(d: Option<&str>) -> &'static str {
    Decision::ALL
        .into_iter()
        .find(|x| Some(x.as_str()) == d)
        .map_or("", Decision::label)
}

fn severity_label(s: &str) -> &'static str {
    match s {
        "error" => "错误",
        "warning" => "警告",
        "info" => "提示",
        _ => "",
    }
}

/// The league table and totals.
pub fn summarize(docs: &[DocumentRow], findings: &[FindingRow]) -> Summary {
    let mut rows: BTreeMap<(String, Option<i64>, String), LeagueRow> = BTreeMap::new();
    let mut of_doc: BTreeMap<&str, (String, Option<i64>, String)> = BTreeMap::new();
    let mut s = Summary::default();
    for d in docs {
        // A refused file has no unit: it stands as its own row, under its path.
        let unit = d.unit.clone().unwrap_or_else(|| d.paths.clone());
        let key = (
            unit.clone(),
            d.year,
            kind_label(d.kind.as_deref()).to_string(),
        );
        of_doc.insert(&d.id, key.clone());
        let row = rows.entry(key).or_insert_with(|| LeagueRow {
            unit,
            year: d.year,
            kind: kind_label(d.kind.as_deref()).to_string(),
            ..LeagueRow::default()
        });
        row.documents += 1;
        s.documents += 1;
        if d.status == "refused" {
            row.refused += 1;
            s.refused += 1;
        }
        row.files.extend(d.paths.split("; ").map(str::to_string));
    }
    for f in findings {
        let Some(row) = of_doc
            .get(f.document_id.as_str())
            .and_then(|k| rows.get_mut(k))
        else {
            continue;
        };
        let dismissed = f.decision.as_deref() == Some(Decision::NotAnIssue.as_str());
        match f.decision.as_deref() {
            Some("confirmed") => row.confirmed += 1,
            Some("not_an_issue") => row.not_an_issue += 1,
            Some("fixed") => row.fixed += 1,
            _ => {}
        }
        let serious = f.severity == "error" || f.severity == "warning";
        if serious && f.decision.is_none() {
            row.pending += 1;
            s.pending += 1;
        }
        if dismissed {
            continue;
        }
        match f.severity.as_str() {
            "error" => {
                row.errors += 1;
                s.errors += 1;
            }
            "warning" => {
                row.warnings += 1;
                s.warnings += 1;
            }
            _ => {
                row.infos += 1;
                s.infos += 1;
            }
        }
        if serious {
            *s.by_rule.entry(f.rule.clone()).or_default() += 1;
        }
    }
    let mut league: Vec<LeagueRow> = rows.into_values().collect();
    league.sort_by(|a, b| {
        (b.errors, b.warnings, b.refused)
            .cmp(&(a.errors, a.warnings, a.refused))
            .then_with(|| a.unit.cmp(&b.unit))
            .then_with(|| a.year.cmp(&b.year))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    s.league = league;
    s
}

const LEAGUE_HEADERS: &[&str] = &[
    "排名",
    "单位",
    "年度",
    "类型",
    "文件数",
    "错误",
    "警告",
    "提示",
    "无法读取",
    "待审核",
    "已确认",
    "不是问题",
    "已整改",
    "文件",
];

fn league_cells(rank: usize, r: &LeagueRow) -> Vec<Cell> {
    vec![
        Cell::N(rank as f64),
        Cell::S(r.unit.clone()),
        r.year.map_or(Cell::S(String::new()), |y| Cell::N(y as f64)),
        Cell::S(r.kind.clone()),
        Cell::N(r.documents as f64),
        Cell::N(r.errors as f64),
        Cell::N(r.warnings as f64),
        Cell::N(r.infos as f64),
        Cell::N(r.refused as f64),
        Cell::N(r.pending as f64),
        Cell::N(r.confirmed as f64),
        Cell::N(r.not_an_issue as f64),
        Cell::N(r.fixed as f64),
        Cell::S(r.files.join("; ")),
    ]
}

const FINDING_HEADERS: &[&str] = &[
    "编号",
    "单位",
    "年度",
    "类型",
    "规则",
    "级别",
    "说明",
    "文件",
    "页",
    "表",
    "行",
    "列",
    "应为",
    "实为",
    "差额",
    "审核意见",
    "审核说明",
];

fn finding_cells(f: &FindingRow) -> Vec<Cell> {
    let s = |v: &Option<String>| Cell::S(v.clone().unwrap_or_default());
    vec![
        Cell::S(f.fingerprint.clone()),
        s(&f.unit),
        f.year.map_or(Cell::S(String::new()), |y| Cell::N(y as f64)),
        Cell::S(kind_label(f.kind.as_deref()).to_string()),
        Cell::S(f.rule.clone()),
        Cell::S(severity_label(&f.severity).to_string()),
        Cell::S(f.message.clone()),
        s(&f.file),
        f.page.map_or(Cell::S(String::new()), |p| Cell::N(p as f64)),
        s(&f.table_name),
        s(&f.row_label),
        s(&f.column_label),
        s(&f.expected),
        s(&f.actual),
        s(&f.difference),
        Cell::S(decision_label(f.decision.as_deref()).to_string()),
        s(&f.note),
    ]
}

/// Each row: the stating document's figure (上年数, 年初预算数, 上年执行数) beside the
/// reference document's own.
const YEAR_HEADERS: &[&str] = &[
    "核对类型",
    "单位",
    "项目",
    "本文件类型",
    "本文件年度",
    "本文件所列",
    "页",
    "对照文件类型",
    "对照文件年度",
    "对照文件所列",
    "页",
    "差额",
    "核对",
    "本文件原文",
    "对照文件原文",
];

fn year_cells(y: &YearRow) -> Vec<Cell> {
    let c = &y.comparison;
    let page = |p: Option<u32>| p.map_or(Cell::S(String::new()), |p| Cell::N(f64::from(p)));
    vec![
        Cell::S(y.link.label().to_string()),
        Cell::S(y.unit.clone()),
        Cell::S(c.subject.clone()),
        Cell::S(kind_label(Some(&y.kind)).to_string()),
        Cell::N(y.year as f64),
        Cell::S(crate::years::wan(c.stated)),
        page(c.page),
        Cell::S(kind_label(Some(&y.reference_kind)).to_string()),
        Cell::N(y.reference_year as f64),
        Cell::S(crate::years::wan(c.prior)),
        page(c.prior_page),
        Cell::S(crate::years::wan(c.difference)),
        Cell::S(if c.agrees() { "一致" } else { "不一致" }.to_string()),
        Cell::S(c.text.clone()),
        Cell::S(c.prior_text.clone()),
    ]
}

enum Cell {
    S(String),
    N(f64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::S(s) => s.clone(),
            Cell::N(n) => format!("{n}"),
        }
    }
}

/// What a report's pass over the documents gives besides the files it writes: how many
/// checklists it wrote, and the year-over-year comparisons.
#[derive(Debug, Default)]
pub struct Read {
    pub checklists: usize,
    pub years: Vec<YearRow>,
}

/// Write every report into `out`, replacing it whole: the league table and findings from
/// `docs` and `findings`, and whatever `read` gives when it has written into the folder being
/// made (the checklists, and the year-over-year comparisons, made in one pass over the
/// documents).
pub fn write_reports(
    out: &Path,
    docs: &[DocumentRow],
    findings: &[FindingRow],
    read: impl FnOnce(&Path) -> Result<Read, String>,
) -> Result<Summary, String> {
    let mut summary = summarize(docs, findings);
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{}: 不是文件夹名 (not a folder name)", out.display()))?;
    let temp = parent.join(format!(".{name}.{}.tmp", std::process::id()));
    let _ = std::fs::remove_dir_all(&temp);
    let fail = |e: String| {
        let _ = std::fs::remove_dir_all(&temp);
        e
    };
    std::fs::create_dir_all(&temp)
        .map_err(|e| format!("{}: 无法创建 (cannot create): {e}", temp.display()))?;
    let Read { checklists, years } = read(&temp).map_err(fail)?;
    summary.checklists = i64::try_from(checklists).unwrap_or(i64::MAX);
    count_years(&mut summary, &years);
    write_all(&temp, &summary, findings, &years).map_err(fail)?;
    // Into place: the old folder moved aside first, removed after.
    let old = parent.join(format!(".{name}.{}.old", std::process::id()));
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old)
            .map_err(|e| fail(format!("{}: 无法替换 (cannot replace): {e}", out.display())))?;
    }
    if let Err(e) = std::fs::rename(&temp, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(fail(format!(
            "{}: 无法写出 (cannot write): {e}",
            out.display()
        )));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(summary)
}

/// The year-over-year comparisons counted into the summary, in all and by kind of link.
fn count_years(summary: &mut Summary, years: &[YearRow]) {
    summary.years_compared = i64::try_from(years.len()).unwrap_or(i64::MAX);
    summary.years_differing =
        i64::try_from(years.iter().filter(|y| !y.comparison.agrees()).count()).unwrap_or(i64::MAX);
    for link in crate::years::Link::ALL {
        let of: Vec<&YearRow> = years.iter().filter(|y| y.link == link).collect();
        summary.years_by_link.insert(
            link.id().to_string(),
            LinkCount {
                label: link.label().to_string(),
                compared: i64::try_from(of.len()).unwrap_or(i64::MAX),
                differing: i64::try_from(of.iter().filter(|y| !y.comparison.agrees()).count())
                    .unwrap_or(i64::MAX),
            },
        );
    }
}

fn write_all(
    dir: &Path,
    s: &Summary,
    findings: &[FindingRow],
    years: &[YearRow],
) -> Result<(), String> {
    let league: Vec<Vec<Cell>> = s
        .league
        .iter()
        .enumerate()
        .map(|(i, r)| league_cells(i + 1, r))
        .collect();
    let rows: Vec<Vec<Cell>> = findings.iter().map(finding_cells).collect();
    let put = |file: &str, bytes: Vec<u8>| -> Result<(), String> {
        let p = dir.join(file);
        std::fs::write(&p, bytes)
            .map_err(|e| format!("{}: 无法写出 (cannot write): {e}", p.display()))
    };
    put("league.csv", csv(LEAGUE_HEADERS, &league)?)?;
    put("league.xlsx", xlsx("单位排名", LEAGUE_HEADERS, &league)?)?;
    put("findings.csv", csv(FINDING_HEADERS, &rows)?)?;
    put("findings.xlsx", xlsx("检查结果", FINDING_HEADERS, &rows)?)?;
    let year_rows: Vec<Vec<Cell>> = years.iter().map(year_cells).collect();
    put("years.csv", csv(YEAR_HEADERS, &year_rows)?)?;
    put("years.xlsx", xlsx("上年数核对", YEAR_HEADERS, &year_rows)?)?;
    put(
        "summary.json",
        serde_json::to_vec_pretty(s).map_err(|e| e.to_string())?,
    )?;
    put("report.html", html(s, years).into_bytes())
}

/// CSV for Excel: a UTF-8 byte order mark, then the header row and the rows.
fn csv(headers: &[&str], rows: &[Vec<Cell>]) -> Result<Vec<u8>, String> {
    let mut w = ::csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(headers).map_err(|e| e.to_string())?;
    for r in rows {
        w.write_record(r.iter().map(Cell::text))
            .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

fn xlsx(sheet: &str, headers: &[&str], rows: &[Vec<Cell>]) -> Result<Vec<u8>, String> {
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(e)?;
    let bold = Format::new().set_bold();
    for (c, h) in headers.iter().enumerate() {
        let c = u16::try_from(c).map_err(|x| x.to_string())?;
        ws.write_string_with_format(0, c, *h, &bold).map_err(e)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|x| x.to_string())?;
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).map_err(|x| x.to_string())?;
            match cell {
                Cell::S(s) if s.is_empty() => {}
                Cell::S(s) => {
                    ws.write_string(r, c, s).map_err(e)?;
                }
                Cell::N(n) => {
                    ws.write_number(r, c, *n).map_err(e)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(e)?;
    ws.autofit();
    book.save_to_buffer().map_err(e)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// JSON safe inside a `<script>` element.
fn script_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v)
        .unwrap_or_else(|_| "null".to_string())
        .replace("</", "<\\/")
        .replace("<!--", "<\\!--")
}

fn html(s: &Summary, years: &[YearRow]) -> String {
    let mut differ = String::new();
    for y in years.iter().filter(|y| !y.comparison.agrees()) {
        let c = &y.comparison;
        let page = |p: Option<u32>| p.map(|p| format!("第{p}页")).unwrap_or_default();
        differ.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} {} {} {}</td><td>{} {} {} {}</td>\
             <td class=e>{}</td></tr>\n",
            y.link.label(),
            escape(&y.unit),
            escape(&c.subject),
            y.year,
            kind_label(Some(&y.kind)),
            crate::years::wan(c.stated),
            page(c.page),
            y.reference_year,
            kind_label(Some(&y.reference_kind)),
            crate::years::wan(c.prior),
            page(c.prior_page),
            crate::years::wan(c.difference),
        ));
    }
    if differ.is_empty() {
        differ = "<tr><td colspan=6>无不一致（或没有可对照的文件） (none)</td></tr>".into();
    }
    let mut by_link = String::new();
    for link in crate::years::Link::ALL {
        let Some(n) = s.years_by_link.get(link.id()) else {
            continue;
        };
        by_link.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=e>{}</td></tr>\n",
            link.label(),
            link.english(),
            n.compared,
            n.differing
        ));
    }
    // The chart shows the 30 units with most findings.
    let top: Vec<&LeagueRow> = s.league.iter().take(30).collect();
    let names: Vec<String> = top
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r.unit,
                r.year.map(|y| y.to_string()).unwrap_or_default(),
                r.kind
            )
        })
        .collect();
    let errors: Vec<i64> = top.iter().map(|r| r.errors).collect();
    let warnings: Vec<i64> = top.iter().map(|r| r.warnings).collect();
    let mut rules: Vec<(&String, &i64)> = s.by_rule.iter().collect();
    rules.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    rules.truncate(20);
    let rule_names: Vec<&String> = rules.iter().map(|r| r.0).collect();
    let rule_counts: Vec<&i64> = rules.iter().map(|r| r.1).collect();
    let mut table = String::new();
    for (i, r) in s.league.iter().enumerate() {
        table.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=e>{}</td>\
             <td class=w>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            i + 1,
            escape(&r.unit),
            r.year.map(|y| y.to_string()).unwrap_or_default(),
            escape(&r.kind),
            r.documents,
            r.errors,
            r.warnings,
            r.refused,
            r.pending,
            r.confirmed + r.not_an_issue + r.fixed
        ));
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>预算公开审查报告 (review report)</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; }}
.totals span {{ display: inline-block; margin-right: 2em; font-size: 1.2em; }}
.chart {{ width: 100%; height: 480px; }}
table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ccc; padding: 2px 8px; }}
td.e {{ color: #b00; }} td.w {{ color: #a60; }}
</style></head><body>
<h1>预算公开审查报告 <small>(review report)</small></h1>
<p class="totals"><span>文件 {docs}</span><span>无法读取 {refused}</span>
<span>错误 {errs}</span><span>警告 {warns}</span><span>待审核 {pending}</span></p>
<h2>问题最多的单位 (units with most findings)</h2>
<div id="units" class="chart"></div>
<h2>按规则 (by rule)</h2>
<div id="rules" class="chart" style="height:360px"></div>
<h2>上年数核对 (year over year)</h2>
<p>比较 {years_compared} 项，不一致 {years_differing} 项：一份文件所列的上年数、年初预算数或上年执行数与对照文件所列不同（调整预算、执行数为预计数时也会如此，请核实；全部见 years.xlsx）。</p>
<table><thead><tr><th>核对类型</th><th>(link)</th><th>比较</th><th>不一致</th></tr></thead><tbody>
{by_link}</tbody></table>
<p></p>
<table><thead><tr><th>核对类型</th><th>单位</th><th>项目</th><th>本文件所列</th><th>对照文件所列</th><th>差额</th></tr></thead><tbody>
{differ}</tbody></table>
<h2>单位排名 (league table)</h2>
<table><thead><tr><th>排名</th><th>单位</th><th>年度</th><th>类型</th><th>文件数</th><th>错误</th>
<th>警告</th><th>无法读取</th><th>待审核</th><th>已审核</th></tr></thead><tbody>
{table}</tbody></table>
<script>{echarts}</script>
<script>
var names = {names}, errors = {errors}, warnings = {warnings};
var units = echarts.init(document.getElementById('units'), null, {{ renderer: 'canvas' }});
units.setOption({{
  animation: false,
  tooltip: {{ trigger: 'axis' }},
  legend: {{ data: ['错误', '警告'] }},
  grid: {{ left: 260, right: 30 }},
  xAxis: {{ type: 'value' }},
  yAxis: {{ type: 'category', data: names, inverse: true }},
  series: [
    {{ name: '错误', type: 'bar', stack: 'n', data: errors, itemStyle: {{ color: '#c23531' }} }},
    {{ name: '警告', type: 'bar', stack: 'n', data: warnings, itemStyle: {{ color: '#e7a23b' }} }}
  ]
}});
var rules = echarts.init(document.getElementById('rules'), null, {{ renderer: 'canvas' }});
rules.setOption({{
  animation: false,
  tooltip: {{ trigger: 'axis' }},
  xAxis: {{ type: 'category', data: {rule_names} }},
  yAxis: {{ type: 'value' }},
  series: [{{ name: '错误与警告', type: 'bar', data: {rule_counts}, itemStyle: {{ color: '#5470c6' }} }}]
}});
window.addEventListener('resize', function () {{ units.resize(); rules.resize(); }});
// How much each chart drew (pixels not blank), on the chart's element: the test that opens
// this page in a headless browser reads it.
[['units', units], ['rules', rules]].forEach(function (c) {{
  var el = document.getElementById(c[0]), n = 0;
  el.querySelectorAll('canvas').forEach(function (cv) {{
    var d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
    for (var i = 3; i < d.length; i += 16) {{ if (d[i] > 0) n++; }}
  }});
  el.setAttribute('data-inked', n);
}});
</script>
</body></html>
"#,
        docs = s.documents,
        refused = s.refused,
        errs = s.errors,
        warns = s.warnings,
        pending = s.pending,
        table = table,
        differ = differ,
        by_link = by_link,
        years_compared = s.years_compared,
        years_differing = s.years_differing,
        echarts = ECHARTS,
        names = script_json(&names),
        errors = script_json(&errors),
        warnings = script_json(&warnings),
        rule_names = script_json(&rule_names),
        rule_counts = script_json(&rule_counts),
    )
}
