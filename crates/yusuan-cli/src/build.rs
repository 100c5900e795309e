//! `yusuan build BUDGET -o OUT/`: the whole disclosure a unit publishes, in every format.

use crate::input::read_budget;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use yusuan_build::report::NoteLevel;
use yusuan_model::{Catalog, Region};

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    Html,
    Pdf,
    Docx,
    Xlsx,
    Md,
    Csv,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum RegionArg {
    /// 重庆：表一–表十二，万元
    Chongqing,
    /// 上海：9 张表，元
    Shanghai,
    /// 全国通用模板（财预〔2016〕143号的八张表）
    National,
}

#[derive(Args)]
#[command(help_template = crate::HELP_TEMPLATE, next_help_heading = "选项 (options)")]
pub struct BuildArgs {
    /// 预算：原生预算目录、单位预算数据工作簿（XLSX）或已公开的文件
    /// budget: a native budget folder, a source workbook, or a published disclosure
    budget: PathBuf,
    /// 输出目录 / output folder
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// 只生成这些格式（默认全部） / formats to write (default: all)
    #[arg(long, value_enum, value_delimiter = ',')]
    format: Vec<OutFormat>,
    /// 地区格式（默认取预算中的地区） / regional layout (default: the budget's region)
    #[arg(long, value_enum)]
    region: Option<RegionArg>,
    /// 按此规范生成（优先于 --region；`yusuan profiles` 列出可选的规范） / the kind of disclosure
    /// (profile) to build (over --region; `yusuan profiles` lists them)
    #[arg(long, value_name = "ID")]
    profile: Option<String>,
    /// PDF 使用的中文字体文件（默认使用内置字体）：TrueType（.ttf）、OpenType（.otf，CFF 字形）或
    /// 字体集（.ttc/.otc：默认取简体中文字形集，FILE#N 取第 N 个，从 0 数起） / CJK font file for
    /// the PDF (default: the bundled one): TrueType (.ttf), OpenType (.otf, CFF outlines) or a
    /// collection (.ttc/.otc: the Simplified Chinese face, or face N with FILE#N, counted from 0;
    /// e.g. /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#2)
    #[arg(long, value_name = "FILE[#N]")]
    font: Option<PathBuf>,
    /// 版式文件（TOML：金额单位、表号、科目编码分列、表格线、目录……） / print style file (TOML:
    /// money unit, table numbers, split codes, rules, contents …; see README)
    #[arg(long, value_name = "FILE.toml")]
    style: Option<PathBuf>,
}

/// A print style from a TOML file (`yusuan_render::style`).
fn read_style(path: &std::path::Path) -> Result<yusuan_build::Style, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: 无法读取 (cannot read): {e}", path.display()))?;
    toml::from_str(&text)
        .map_err(|e| format!("{}: 版式文件有误 (bad style file): {e}", path.display()))
}

pub fn run(args: BuildArgs, catalog: &Catalog) -> ExitCode {
    if let Err(e) = crate::profiles::chosen(args.profile.as_deref()) {
        eprintln!("yusuan: {e}");
        return ExitCode::from(2);
    }
    match build(&args, catalog) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("yusuan: {e}");
            ExitCode::from(2)
        }
    }
}

fn build(args: &BuildArgs, catalog: &Catalog) -> Result<ExitCode, String> {
    let budget = read_budget(&args.budget, catalog)?;
    let region = match args.region {
        Some(RegionArg::Chongqing) => Region::Chongqing,
        Some(RegionArg::Shanghai) => Region::Shanghai,
        Some(RegionArg::National) => Region::National,
        None => budget.region,
    };
    let profile = match crate::profiles::chosen(args.profile.as_deref())? {
        Some(p) => p,
        None => yusuan_profile::for_region(region, budget.kind),
    };
    let style = match &args.style {
        Some(path) => read_style(path)?,
        None => yusuan_build::Style::default(),
    };
    let built = yusuan_build::build_styled(&budget, profile, &style, catalog)
        .map_err(|e| format!("{}: {e}", args.budget.display()))?;
    eprintln!("规范 (profile): {} ({})", profile.name, profile.id);
    for n in &built.report {
        // A family whose amounts all rounded the usual way says nothing worth a line.
        if let yusuan_build::report::NoteKind::Rounding {
            changed: 0,
            unsatisfied,
            ..
        } = &n.kind
        {
            if unsatisfied.is_empty() {
                continue;
            }
        }
        let tag = match n.level {
            NoteLevel::Info => "说明",
            NoteLevel::Warning => "注意",
        };
        eprintln!("{tag}：{}", n.message);
    }
    let d = &built.disclosure;
    let stem = file_stem(d);
    let want = |f: OutFormat| args.format.is_empty() || args.format.contains(&f);
    // Every output is made in memory first and written only when all are made: a render that
    // fails leaves the folder as it was, not a mix of new and old files.
    let mut outputs: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let name = |ext: &str| PathBuf::from(format!("{stem}.{ext}"));
    let render_err = |what: &str, e: &dyn std::fmt::Display| format!("{what}: {e}");
    if want(OutFormat::Html) {
        let html =
            yusuan_render_html::render_styled(d, &style).map_err(|e| render_err("HTML", &e))?;
        outputs.push((name("html"), html.into_bytes()));
    }
    if want(OutFormat::Pdf) {
        let font = match &args.font {
            Some(p) => yusuan_render_pdf::FontSource::from_arg(p),
            None => yusuan_render_pdf::FontSource::Bundled,
        };
        let options = yusuan_render_pdf::Options {
            style: style.clone(),
            ..Default::default()
        };
        let pdf = yusuan_render_pdf::render_with(d, &font, &options)
            .map_err(|e| render_err("PDF", &e))?;
        outputs.push((name("pdf"), pdf.pdf));
    }
    if want(OutFormat::Docx) {
        let docx =
            yusuan_render_docx::render_styled(d, &style).map_err(|e| render_err("DOCX", &e))?;
        outputs.push((name("docx"), docx));
    }
    if want(OutFormat::Xlsx) {
        let xlsx =
            yusuan_render_xlsx::render_styled(d, &style).map_err(|e| render_err("XLSX", &e))?;
        outputs.push((name("xlsx"), xlsx));
    }
    if want(OutFormat::Md) {
        let md = yusuan_render_text::render_markdown(d).map_err(|e| render_err("Markdown", &e))?;
        outputs.push((name("md"), md.into_bytes()));
    }
    if want(OutFormat::Csv) {
        let dir = PathBuf::from(format!("{stem}-csv"));
        for (file, text) in yusuan_render_text::render_csv(d) {
            outputs.push((dir.join(file), text.into_bytes()));
        }
    }
    if want(OutFormat::Json) {
        let v = serde_json::json!({ "schema": "yusuan/build/1", "budget": &budget, "disclosure": d, "notes": &built.report });
        let s = serde_json::to_string_pretty(&v).map_err(|e| render_err("JSON", &e))?;
        outputs.push((name("json"), s.into_bytes()));
    }
    let written = write_all(&args.output, &outputs)?;
    // The generated disclosure is checked like any published one: it must be clean.
    let findings = yusuan_check::check_with_catalog(d, &yusuan_check::Config::default(), catalog);
    let errors = findings
        .iter()
        .filter(|f| f.severity == yusuan_check::Severity::Error)
        .count();
    for f in findings
        .iter()
        .filter(|f| f.severity != yusuan_check::Severity::Info)
    {
        eprintln!("自检 {} {}：{}", f.rule, f.severity.label(), f.message);
    }
    for p in &written {
        println!("{}", p.display());
    }
    eprintln!(
        "已生成 {} 个文件；自检：错误 {errors}，警告 {} (wrote {} files; self-check: {errors} errors)",
        written.len(),
        findings.iter().filter(|f| f.severity == yusuan_check::Severity::Warning).count(),
        written.len()
    );
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Write the outputs into `dir`: each into a temporary file beside its place, then all renamed
/// into place, so that a reader never sees a half-written file and a failed write leaves no
/// new file. A lock on `dir/.yusuan-build.lock` (released when the process ends, however it
/// ends) keeps two builds into one folder from interleaving.
fn write_all(dir: &Path, outputs: &[(PathBuf, Vec<u8>)]) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: 无法创建输出目录 (cannot create): {e}", dir.display()))?;
    let lock_path = dir.join(".yusuan-build.lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| format!("{}: 无法写入 (cannot write): {e}", lock_path.display()))?;
    lock.lock()
        .map_err(|e| format!("{}: 无法锁定 (cannot lock): {e}", lock_path.display()))?;
    let pid = std::process::id();
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
    let cleanup = |temps: &[(PathBuf, PathBuf)]| {
        for (t, _) in temps {
            let _ = std::fs::remove_file(t);
        }
    };
    for (rel, bytes) in outputs {
        let path = dir.join(rel);
        let result = (|| {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let temp = path.with_file_name(format!(".{file}.{pid}.tmp"));
            std::fs::write(&temp, bytes)?;
            Ok::<PathBuf, std::io::Error>(temp)
        })();
        match result {
            Ok(temp) => temps.push((temp, path)),
            Err(e) => {
                cleanup(&temps);
                return Err(format!("{}: 无法写入 (cannot write): {e}", path.display()));
            }
        }
    }
    let mut written = Vec::new();
    for (temp, path) in &temps {
        // Renaming over an existing file replaces the name, never the file another name (a hard
        // link) points at.
        if let Err(e) = std::fs::rename(temp, path) {
            cleanup(&temps);
            return Err(format!("{}: 无法写入 (cannot write): {e}", path.display()));
        }
        written.push(path.clone());
    }
    drop(lock);
    Ok(written)
}

/// `806-重庆市江北区…办事处-2025-部门预算`, safe as a file name.
fn file_stem(d: &yusuan_model::Disclosure) -> String {
    let m = &d.meta;
    let mut parts = Vec::new();
    if let Some(n) = &m.unit.name {
        parts.push(n.clone());
    }
    if let Some(y) = m.year {
        parts.push(format!("{y}年"));
    }
    parts.push(m.kind.label().to_string());
    let s: String = parts
        .join("-")
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    s
}
