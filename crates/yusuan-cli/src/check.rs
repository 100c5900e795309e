//! `yusuan check FILE…`: run the rule catalogue over one or more disclosures.

use crate::input::read_disclosure;
use clap::{Args, ValueEnum};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use yusuan_check::output::{Format, Lang, ReportWriter};
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
    /// 并行线程数（默认全部核心） / worker threads (default: all cores)
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
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
    let format = match args.format {
        CheckFormat::Text => Format::Text {
            color: std::io::stdout().is_terminal(),
        },
        CheckFormat::Json => Format::Json,
        CheckFormat::Sarif => Format::Sarif,
        CheckFormat::Csv => Format::Csv,
    };
    // The text report names each file once, relative; the machine formats keep the path as
    // given.
    let files: Vec<PathBuf> = args
        .files
        .iter()
        .map(|f| {
            if args.format == CheckFormat::Text {
                shown_path(f)
            } else {
                f.clone()
            }
        })
        .collect();
    let work = Work {
        config: &config,
        catalog,
        chosen,
        no_info: args.no_info,
        keep: args.checklist.is_some() || args.annotate.is_some(),
        shelf: yusuan_review::halves::Shelf::default(),
    };
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let written =
        ReportWriter::new(stdout, format, lang).and_then(|w| stream(&files, &work, args.jobs, w));
    let (summary, kept) = match written {
        Ok(done) => done,
        // The reader went away (`| head`): nothing more to say.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("yusuan: 无法写出检查结果 (cannot write the report): {e}");
            return ExitCode::from(2);
        }
    };
    if let (Some(out), [input], [(_, findings)]) =
        (&args.annotate, args.files.as_slice(), kept.as_slice())
    {
        {
            match write_annotated(input, out, findings) {
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
    if summary.unreadable > 0 {
        ExitCode::from(2)
    } else if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What checking one disclosure needs.
struct Work<'a> {
    config: &'a Config,
    catalog: &'a Catalog,
    chosen: Option<&'static yusuan_profile::Profile>,
    no_info: bool,
    /// Keep each disclosure and its findings (for --checklist and --annotate, which take one).
    keep: bool,
    /// Where halves are put aside.
    shelf: yusuan_review::halves::Shelf,
}

/// A file read and, unless it is one half of a disclosure published as two files, checked.
// The common variant is the larger one; boxing it would only add an allocation per file.
#[allow(clippy::large_enum_variant)]
enum Read {
    Checked(
        FileReport,
        Option<Box<(Disclosure, Vec<yusuan_check::Finding>)>>,
    ),
    /// Put aside until every file is read, then paired with its other half.
    Half(String, Result<yusuan_review::halves::Aside, String>),
}

type Kept = Vec<(Disclosure, Vec<yusuan_check::Finding>)>;

impl Work<'_> {
    fn read(&self, path: &std::path::Path) -> Read {
        let name = path.display().to_string();
        match read_disclosure(path, self.catalog) {
            Ok(d) if yusuan_import::half(&d).is_some() => Read::Half(name, self.shelf.put(&d)),
            Ok(d) => self.check(vec![d], &[name]),
            Err(e) => Read::Checked(
                FileReport {
                    file: name,
                    error: Some(e),
                    ..FileReport::default()
                },
                None,
            ),
        }
    }

    fn check(&self, parts: Vec<Disclosure>, names: &[String]) -> Read {
        let file = names.join(" + ");
        match check_parts(
            parts,
            names,
            self.config,
            self.catalog,
            self.chosen,
            self.no_info,
        ) {
            Some(c) => {
                let kept = self
                    .keep
                    .then(|| Box::new((c.disclosure, c.report.findings.clone())));
                Read::Checked(c.report, kept)
            }
            None => Read::Checked(
                FileReport {
                    file,
                    error: Some("没有内容 (nothing to check)".to_string()),
                    ..FileReport::default()
                },
                None,
            ),
        }
    }
}

/// Check the files on `jobs` threads (default: all cores), each report written as soon as it
/// and every file before it are done: the report keeps the order the files were given in, and
/// memory holds at most a window of files ahead of the writer. The halves of disclosures
/// published as two files are held to the end, paired as the importer pairs them, and checked
/// as one (their reports come last).
fn stream<W: std::io::Write>(
    files: &[PathBuf],
    work: &Work,
    jobs: Option<usize>,
    mut writer: ReportWriter<W>,
) -> std::io::Result<(yusuan_check::Summary, Kept)> {
    // No more threads than files.
    let threads = yusuan_review::pipeline::threads(jobs).min(files.len().max(1));
    // How far ahead of the writer the workers may go: enough to keep every core busy behind
    // one slow file, few enough that the results waiting stay small.
    let window = threads * 4;
    let next = AtomicUsize::new(0);
    let written = (Mutex::new(0usize), Condvar::new());
    // Put aside on disk (by the thread that read each), not in memory, until every file is read.
    let mut halves: yusuan_review::halves::Held<String> = yusuan_review::halves::Held::default();
    let mut kept: Kept = Vec::new();
    let (tx, rx) = mpsc::channel::<(usize, Read)>();
    let result = std::thread::scope(|s| -> std::io::Result<()> {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, written) = (&next, &written);
            // Importers recurse (bounded by their depth limits): the main thread's stack size.
            let spawned = std::thread::Builder::new()
                .stack_size(8 << 20)
                .spawn_scoped(s, move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    {
                        let mut w = written.0.lock().unwrap_or_else(|e| e.into_inner());
                        while i >= *w + window {
                            w = written.1.wait(w).unwrap_or_else(|e| e.into_inner());
                        }
                    }
                    // A panic in the importer or a rule is this file's failure, not the run's.
                    let read =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work.read(path)))
                            .unwrap_or_else(|_| {
                                Read::Checked(
                                    FileReport {
                                        file: path.display().to_string(),
                                        error: Some("内部错误 (internal error)".to_string()),
                                        ..FileReport::default()
                                    },
                                    None,
                                )
                            });
                    if tx.send((i, read)).is_err() {
                        break;
                    }
                });
            spawned?;
        }
        drop(tx);
        let mut waiting: BTreeMap<usize, Read> = BTreeMap::new();
        let mut at = 0usize;
        for (i, read) in rx.iter() {
            waiting.insert(i, read);
            while let Some(read) = waiting.remove(&at) {
                match read {
                    Read::Checked(report, keep) => {
                        writer.file(&report)?;
                        kept.extend(keep.map(|k| *k));
                    }
                    Read::Half(name, aside) => {
                        halves.keep(aside.map_err(std::io::Error::other)?, name)
                    }
                }
                at += 1;
                *written.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
                written.1.notify_all();
            }
        }
        Ok(())
    });
    // On a failed write the workers stop once the receiver is gone (their next send fails).
    result?;
    // Checked a few groups at a time on all cores, written in order.
    let groups = halves.groups();
    let mut groups = groups.into_iter().peekable();
    while groups.peek().is_some() {
        let batch: Vec<_> = groups.by_ref().take(threads).collect();
        let reads: Vec<Read> = std::thread::scope(|s| {
            let handles: Vec<_> = batch
                .into_iter()
                .map(|group| {
                    s.spawn(move || {
                        let names: Vec<String> =
                            group.parts.iter().map(|(_, n)| n.clone()).collect();
                        let failed = |e: String| {
                            Read::Checked(
                                FileReport {
                                    file: names.join(" + "),
                                    error: Some(e),
                                    ..FileReport::default()
                                },
                                None,
                            )
                        };
                        // A panic in a rule is this disclosure's failure, not the run's.
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            match group.load() {
                                Ok((parts, names)) => work.check(parts, &names),
                                Err(e) => failed(e),
                            }
                        }))
                        .unwrap_or_else(|_| failed("内部错误 (internal error)".to_string()))
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for read in reads {
            if let Read::Checked(report, keep) = read {
                writer.file(&report)?;
                kept.extend(keep.map(|k| *k));
            }
        }
    }
    let (_, summary) = writer.finish()?;
    Ok((summary, kept))
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
    // Each input's bytes under the names the findings may give it (as given, as shown).
    let mut originals: Vec<(String, std::sync::Arc<Vec<u8>>)> = Vec::new();
    for f in files {
        if let Ok(bytes) = std::fs::read(f) {
            let bytes = std::sync::Arc::new(bytes);
            originals.push((f.display().to_string(), bytes.clone()));
            originals.push((shown_path(f).display().to_string(), bytes));
        }
    }
    let (bytes, shots) = yusuan_review::checklists::checklist_xlsx(d, findings, &originals)
        .map_err(|e| format!("{}: {e}", out.display()))?;
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
