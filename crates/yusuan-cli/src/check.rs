//! `yusuan check FILE…`: run the rule catalogue over one or more disclosures.

use crate::input::read_disclosure;
use clap::{Args, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use yusuan_check::output::{self, Lang};
use yusuan_check::{Config, FileReport};
use yusuan_model::{Catalog, Disclosure};
use yusuan_review::check_parts;

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// 可读文本，按表分组 (readable, grouped by table)
    Text,
    Json,
    /// SARIF 2.1.0
    Sarif,
    Csv,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Args)]
#[command(help_template = crate::HELP_TEMPLATE, next_help_heading = "选项 (options)")]
pub struct CheckArgs {
    /// 公开文件 / disclosure files
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value = "text")]
    format: CheckFormat,
    /// 消息语言 / message language
    #[arg(long, value_enum, default_value = "zh")]
    lang: LangArg,
    /// 规则配置文件（默认读取当前目录的 yusuan.toml） / rule configuration (default: ./yusuan.toml if present)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 不显示提示级别（如取舍差异） / hide info-level findings (such as rounding differences)
    #[arg(long)]
    no_info: bool,
    /// 另存一份 PDF，在页面上标出每条检查结果（仅限一个 PDF 输入） / write a copy of the PDF with every finding marked on its page (exactly one PDF input)
    #[arg(long, value_name = "OUT.pdf")]
    annotate: Option<PathBuf>,
    /// 写出公开情况检查表（XLSX：逐项“是/否”、问题及页码、PDF 问题截图；仅限一份公开文件） /
    /// write the disclosure review checklist (XLSX: each item 是/否, the problems with their
    /// pages, screenshots from the PDF; exactly one disclosure)
    #[arg(long, value_name = "OUT.xlsx")]
    checklist: Option<PathBuf>,
    /// 按此规范检查（默认由内容判断；`yusuan profiles` 列出可选的规范） / the kind of disclosure
    /// (profile) to check against (default: told by each file's content)
    #[arg(long, value_name = "ID")]
    profile: Option<String>,
}

pub fn run(args: CheckArgs, catalog: &Catalog) -> ExitCode {
    if let Some(out) = &args.annotate {
        if let Err(e) = annotate_args(&args.files, out) {
            eprintln!("yusuan: {e}");
            return ExitCode::from(2);
        }
    }
    let config = match load_config(args.config.as_ref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("yusuan: {e}");
            return ExitCode::from(2);
        }
    };
    let lang = match args.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let chosen = match crate::profiles::chosen(args.profile.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("yusuan: {e}");
            return ExitCode::from(2);
        }
    };
    // Read every file, then check the two halves of one disclosure (情况说明 and tables
    // published as two files) as one.
    let read: Vec<(String, Result<Disclosure, String>)> = args
        .files
        .iter()
        .map(|f| {
            // The text report names each file once, relative; the machine formats keep the path
            // as given.
            let f = if args.format == CheckFormat::Text {
                shown_path(f)
            } else {
                f.clone()
            };
            (f.display().to_string(), read_disclosure(&f, catalog))
        })
        .collect();
    let mut docs: Vec<Option<Disclosure>> = Vec::new();
    let mut at: Vec<Option<usize>> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut reports = Vec::new();
    let mut slots: Vec<Option<FileReport>> = Vec::new();
    // The checked disclosures, kept for --checklist.
    let mut kept: Vec<(Disclosure, Vec<yusuan_check::Finding>)> = Vec::new();
    for (name, r) in read {
        match r {
            Ok(d) => {
                at.push(Some(docs.len()));
                docs.push(Some(d));
                names.push(name);
                slots.push(None);
            }
            Err(e) => {
                at.push(None);
                slots.push(Some(FileReport {
                    file: name,
                    error: Some(e),
                    ..FileReport::default()
                }));
            }
        }
    }
    let groups = {
        let all: Vec<Disclosure> = docs.iter().flatten().cloned().collect();
        yusuan_import::pair_halves(&all)
    };
    for group in groups {
        let parts: Vec<Disclosure> = group
            .iter()
            .filter_map(|&i| docs.get_mut(i).and_then(Option::take))
            .collect();
        let group_names: Vec<String> = group
            .iter()
            .filter_map(|&i| names.get(i).cloned())
            .collect();
        let Some(done) = check_parts(parts, &group_names, &config, catalog, chosen, args.no_info)
        else {
            continue;
        };
        if args.checklist.is_some() {
            kept.push((done.disclosure.clone(), done.report.findings.clone()));
        }
        let report = done.report;
        // In the place of the group's file given first.
        if let Some(slot) = at
            .iter()
            .position(|a| a.is_some_and(|i| group.contains(&i)))
            .and_then(|s| slots.get_mut(s))
        {
            *slot = Some(report);
        }
    }
    reports.extend(slots.into_iter().flatten());
    let out = match args.format {
        CheckFormat::Text => output::text(&reports, lang, std::io::stdout().is_terminal()),
        CheckFormat::Json => output::json(&reports, lang),
        CheckFormat::Sarif => output::sarif(&reports, lang),
        CheckFormat::Csv => output::csv(&reports, lang),
    };
    print!("{out}");
    if !out.ends_with('\n') {
        println!();
    }
    if let (Some(out), [input], [report]) =
        (&args.annotate, args.files.as_slice(), reports.as_slice())
    {
        if report.error.is_none() {
            match write_annotated(input, out, &report.findings) {
                Ok(n) => eprintln!(
                    "yusuan: 已写出带批注的 PDF：{}（{n} 处批注） (annotated PDF written, {n} annotations)",
                    out.display()
                ),
                Err(e) => {
                    eprintln!("yusuan: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    }
    if let Some(out) = &args.checklist {
        let [(d, findings)] = kept.as_slice() else {
            eprintln!(
                "yusuan: --checklist 只能用于一份公开文件（可由情况说明和表格两个文件组成），现有 {} 份 (--checklist needs exactly one disclosure, got {})",
                kept.len(),
                kept.len()
            );
            return ExitCode::from(2);
        };
        match write_checklist(&args.files, out, d, findings) {
            Ok(n) => eprintln!(
                "yusuan: 已写出公开情况检查表：{}（{n} 张截图） (review checklist written, {n} screenshots)",
                out.display()
            ),
            Err(e) => {
                eprintln!("yusuan: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let summary = output::summarize(&reports);
    if summary.unreadable > 0 {
        ExitCode::from(2)
    } else if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A path as the report shows it: relative to the current folder when it lies inside it (the report
/// names each file once, and an absolute path repeats the same long prefix on every file).
fn shown_path(path: &std::path::Path) -> PathBuf {
    if path.is_absolute() {
        if let Ok(here) = std::env::current_dir() {
            if let Ok(rel) = path.strip_prefix(&here) {
                if !rel.as_os_str().is_empty() {
                    return rel.to_path_buf();
                }
            }
        }
    }
    path.to_path_buf()
}

pub fn load_config(path: Option<&PathBuf>) -> Result<Config, String> {
    let (path, required) = match path {
        Some(p) => (p.clone(), true),
        None => (PathBuf::from("yusuan.toml"), false),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Config::parse(&text, &path.display().to_string()).map_err(|e| e.to_string()),
        Err(_) if !required => Ok(Config::default()),
        Err(e) => Err(format!(
            "{}: 无法读取配置文件 (cannot read config): {e}",
            path.display()
        )),
    }
}

/// `--annotate` takes exactly one input, a PDF (told by its content), and never overwrites it.
fn annotate_args(files: &[PathBuf], out: &std::path::Path) -> Result<(), String> {
    let [input] = files else {
        return Err(format!(
            "--annotate 只能用于一个 PDF 输入文件，现有 {} 个 (--annotate needs exactly one PDF input, got {})",
            files.len(),
            files.len()
        ));
    };
    let name = input.display();
    let mut head = [0u8; 1024];
    let n = std::fs::File::open(input)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .map_err(|e| format!("{name}: 无法读取文件 (cannot read): {e}"))?;
    if !head
        .get(..n)
        .unwrap_or_default()
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(format!(
            "{name}: 不是 PDF 文件，--annotate 只能标注 PDF (--annotate needs a PDF input)"
        ));
    }
    let same = match (input.canonicalize(), out.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(format!(
            "{}: --annotate 的输出不能覆盖输入文件 (the annotated copy must not overwrite the input)",
            out.display()
        ));
    }
    Ok(())
}

/// Write the review checklist of one disclosure; screenshots are rendered from the inputs that
/// are PDFs (matched to the findings' locations by file name). Returns the number of
/// screenshots.
fn write_checklist(
    files: &[PathBuf],
    out: &std::path::Path,
    d: &Disclosure,
    findings: &[yusuan_check::Finding],
) -> Result<usize, String> {
    if files
        .iter()
        .any(|f| matches!((f.canonicalize(), out.canonicalize()), (Ok(a), Ok(b)) if a == b))
    {
        return Err(format!(
            "{}: --checklist 的输出不能覆盖输入文件 (the checklist must not overwrite an input)",
            out.display()
        ));
    }
    let mut checklist = yusuan_checklist::Checklist::new(d, findings);
    // Each input's bytes under the names the findings may give it (as given, as shown).
    let mut pdfs: Vec<(String, std::sync::Arc<Vec<u8>>)> = Vec::new();
    for f in files {
        if let Ok(bytes) = std::fs::read(f) {
            if bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
                let bytes = std::sync::Arc::new(bytes);
                pdfs.push((f.display().to_string(), bytes.clone()));
                pdfs.push((shown_path(f).display().to_string(), bytes));
            }
        }
    }
    checklist.render(
        &|name: &str| pdfs.iter().find(|(n, _)| n == name).map(|(_, b)| b.clone()),
        &yusuan_checklist::render::Limits::default(),
    );
    let shots: usize = checklist
        .items
        .iter()
        .flat_map(|i| &i.remarks)
        .map(|r| r.screenshots.len())
        .sum();
    let bytes = yusuan_checklist::xlsx::to_bytes(&checklist).map_err(|e| {
        format!(
            "{}: 无法生成检查表 (cannot build the checklist): {e}",
            out.display()
        )
    })?;
    write_atomically(out, &bytes)?;
    Ok(shots)
}

/// Written beside its place and renamed: renaming replaces the name, so a name that is a hard
/// link to another file leaves that file as it was, and nobody reads a half-written copy.
fn write_atomically(out: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    let file = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = out.with_file_name(format!(".{file}.{}.tmp", std::process::id()));
    let written = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, out));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(format!(
            "{}: 无法写出文件 (cannot write): {e}",
            out.display()
        ));
    }
    Ok(())
}

/// Mark the findings on a copy of the PDF; returns the number of annotations.
fn write_annotated(
    input: &std::path::Path,
    out: &std::path::Path,
    findings: &[yusuan_check::Finding],
) -> Result<usize, String> {
    let bytes = std::fs::read(input)
        .map_err(|e| format!("{}: 无法读取文件 (cannot read): {e}", input.display()))?;
    let annotated = yusuan_annotate::annotate(&bytes, findings)
        .map_err(|e| format!("{}: {e}", input.display()))?;
    // Written beside its place and renamed: renaming replaces the name, so a name that is a hard
    // link to the input (or to anything else) leaves that file as it was, and nobody reads a
    // half-written copy.
    let file = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = out.with_file_name(format!(".{file}.{}.tmp", std::process::id()));
    let written = std::fs::write(&temp, annotated).and_then(|()| std::fs::rename(&temp, out));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(format!(
            "{}: 无法写出文件 (cannot write): {e}",
            out.display()
        ));
    }
    Ok(yusuan_annotate::marks(findings).len())
}
