//! `yusuan review PATH…`: check every disclosure under the paths into a workspace (issue 11).
//!
//! Files are found under the paths, identified by content hash; content the workspace already
//! holds is not read again. The rest are imported and checked on all cores (rayon) and each
//! result is sent, as it finishes, to the one writer (this thread), which commits it in its own
//! transaction: memory stays flat whatever the count, and a run killed at any moment keeps
//! every result committed and resumes where it stopped. A file the importer refuses (hostile,
//! over a limit, unreadable) is recorded as refused with the reason, and the batch goes on.
//! The two halves of one disclosure (情况说明 and tables published as two files) are held until
//! the end of the batch, paired as `yusuan check` pairs them, and checked as one.

use crate::input::{check_parts, import_disclosure, Checked};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use yusuan_check::{Config, Finding};
use yusuan_model::{Catalog, Disclosure};
use yusuan_store::{FileRef, NewDocument, NewFinding, Status, Store, Target};

/// Where the workspace is: shared by `review`, `mark` and `report`.
#[derive(Args, Clone)]
pub struct WorkspaceArgs {
    /// 工作区文件（SQLite，默认当前目录的 yusuan-review.sqlite） / the workspace file (SQLite;
    /// default ./yusuan-review.sqlite)
    #[arg(long, value_name = "FILE", conflicts_with = "database")]
    pub workspace: Option<PathBuf>,
    /// PostgreSQL 数据库（postgres://…），代替工作区文件 / a PostgreSQL database URL instead
    /// of the workspace file
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
}

impl WorkspaceArgs {
    pub fn open(&self) -> Result<Store, String> {
        let target = Target::choose(self.workspace.clone(), self.database.clone());
        Store::open(&target).map_err(|e| e.to_string())
    }
}

#[derive(Args)]
#[command(help_template = crate::HELP_TEMPLATE, next_help_heading = "选项 (options)")]
pub struct ReviewArgs {
    /// 公开文件或文件夹（递归查找 PDF、DOCX、XLSX、XLS、HTML、TXT） / disclosure files or
    /// folders (searched recursively)
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    workspace: WorkspaceArgs,
    /// 规则配置文件（默认读取当前目录的 yusuan.toml） / rule configuration (default:
    /// ./yusuan.toml if present)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 按此规范检查（默认由内容判断） / the kind of disclosure (profile) to check against
    #[arg(long, value_name = "ID")]
    profile: Option<String>,
    /// 并行线程数（默认全部核心） / worker threads (default: all cores)
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// 多台机器共同审查时，一个文件被占用多久（秒）后可由其他进程接手（其进程已中断） / with
    /// several workers on one database: after how many seconds another worker may take over a
    /// file a worker claimed and did not finish (it died)
    #[arg(long, value_name = "SECS", default_value = "600")]
    claim_timeout: u64,
}

/// The extensions of files taken from a folder (a file named on the command line is taken
/// whatever its name: the importer tells the format by content).
const EXTENSIONS: &[&str] = &["pdf", "docx", "xlsx", "xls", "html", "htm", "txt"];

pub fn run(args: ReviewArgs, catalog: &Catalog) -> ExitCode {
    match review(&args, catalog) {
        Ok(summary) => {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("yusuan: {e}");
            ExitCode::from(2)
        }
    }
}

/// What one file came to, sent from a worker to the writer.
enum Outcome {
    /// Content the workspace holds already, or another worker is checking.
    Known {
        path: String,
        hash: String,
        elsewhere: bool,
    },
    /// The workspace could not be asked.
    Failed(String),
    /// Checked, or refused.
    Done(Box<NewDocument>),
    /// One half of a disclosure published as two files: checked with its other half at the end.
    Half(FileRef, Box<Disclosure>),
}

#[derive(Default)]
struct Tally {
    files: usize,
    known: usize,
    elsewhere: usize,
    checked: usize,
    refused: usize,
    errors: i64,
    warnings: i64,
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "审查完毕：{} 个文件，新检查 {}，未变跳过 {}，由其他进程检查 {}，拒收 {}；\
             新发现错误 {}、警告 {}。用 `yusuan report --out 目录` 写出报告。\n\
             (reviewed {} files: {} checked, {} unchanged, {} checked by another worker, \
             {} refused; {} errors, {} warnings found)",
            self.files,
            self.checked,
            self.known,
            self.elsewhere,
            self.refused,
            self.errors,
            self.warnings,
            self.files,
            self.checked,
            self.known,
            self.elsewhere,
            self.refused,
            self.errors,
            self.warnings
        )
    }
}

fn review(args: &ReviewArgs, catalog: &Catalog) -> Result<Tally, String> {
    let config = crate::check::load_config(args.config.as_ref())?;
    let chosen = crate::profiles::chosen(args.profile.as_deref())?;
    let store = args.workspace.open()?;
    let skip = args
        .workspace
        .workspace
        .clone()
        .unwrap_or_else(|| PathBuf::from(yusuan_store::DEFAULT_WORKSPACE));
    let files = discover(&args.paths, &skip)?;
    let known = store.known_hashes().map_err(|e| e.to_string())?;
    let given: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let run = store.begin_run(&given).map_err(|e| e.to_string())?;
    // Claims: each content is claimed before it is read, so that workers sharing the
    // workspace (several machines on one PostgreSQL database) never check one twice. Claims
    // of this host's workers that died are released now; others' expire after the timeout.
    let host = yusuan_store::hostname();
    let worker = format!("{host}:{}", std::process::id());
    if Path::new("/proc/self").exists() {
        store
            .release_dead_claims(&host, |pid| Path::new(&format!("/proc/{pid}")).exists())
            .map_err(|e| e.to_string())?;
    }
    let claims = std::sync::Mutex::new(args.workspace.open()?);

    let threads = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    let progress = Progress::new(files.len() as u64);
    let mut tally = Tally {
        files: files.len(),
        ..Tally::default()
    };
    let mut halves: Vec<(FileRef, Disclosure)> = Vec::new();
    // Bounded: workers wait while the writer is behind, so results never pile up in memory.
    let (tx, rx) = mpsc::sync_channel::<Outcome>(threads * 2);
    let work = Work {
        known: &known,
        config: &config,
        catalog,
        chosen,
        claims: &claims,
        worker: &worker,
        timeout: Duration::from_secs(args.claim_timeout),
    };
    let written: Result<(), String> = std::thread::scope(|s| {
        s.spawn(|| {
            pool.install(|| {
                files.par_iter().for_each_with(tx, |tx, f| {
                    // The writer gone (it failed): nothing more to do.
                    let _ = tx.send(work.one(f));
                })
            })
        });
        for outcome in rx {
            let r = match outcome {
                Outcome::Known {
                    path,
                    hash,
                    elsewhere,
                } => {
                    if elsewhere {
                        tally.elsewhere += 1;
                    } else {
                        tally.known += 1;
                    }
                    store.record_seen(&run, &path, &hash)
                }
                Outcome::Failed(e) => return Err(e),
                Outcome::Done(doc) => {
                    tally.add(&doc);
                    let r = store.record_document(&run, &doc);
                    if doc.status == Some(Status::Refused) {
                        progress.println(&format!(
                            "拒收 (refused) {}: {}",
                            doc.files.first().map_or("", |f| f.path.as_str()),
                            doc.reason.as_deref().unwrap_or_default()
                        ));
                    }
                    r
                }
                Outcome::Half(file, d) => {
                    halves.push((file, *d));
                    Ok(())
                }
            };
            // Dropping the receiver stops the workers' sends from blocking.
            r.map_err(|e| e.to_string())?;
            progress.inc();
        }
        Ok(())
    });
    written?;
    // The halves: paired as `yusuan check` pairs files given together, each pair (or a half
    // left alone) checked as one disclosure.
    let (refs, docs): (Vec<FileRef>, Vec<Disclosure>) = halves.into_iter().unzip();
    let groups = yusuan_import::pair_halves(&docs);
    let mut docs: Vec<Option<Disclosure>> = docs.into_iter().map(Some).collect();
    let jobs: Vec<(Vec<Disclosure>, Vec<FileRef>)> = groups
        .iter()
        .map(|group| {
            let parts = group
                .iter()
                .filter_map(|&i| docs.get_mut(i).and_then(Option::take))
                .collect();
            let files = group.iter().filter_map(|&i| refs.get(i).cloned()).collect();
            (parts, files)
        })
        .collect();
    drop(docs);
    // Checked on all cores too, recorded one by one.
    let checked: Vec<NewDocument> = pool.install(|| {
        jobs.into_par_iter()
            .map(|(parts, files)| work.check(parts, files))
            .collect()
    });
    for doc in checked {
        tally.add(&doc);
        store
            .record_document(&run, &doc)
            .map_err(|e| e.to_string())?;
    }
    progress.finish();
    store.finish_run(&run).map_err(|e| e.to_string())?;
    store.close();
    if let Ok(c) = claims.into_inner() {
        c.close();
    }
    Ok(tally)
}

impl Tally {
    fn add(&mut self, doc: &NewDocument) {
        if doc.status == Some(Status::Refused) {
            self.refused += 1;
        } else {
            self.checked += doc.files.len();
        }
        for f in &doc.findings {
            match f.severity.as_str() {
                "error" => self.errors += 1,
                "warning" => self.warnings += 1,
                _ => {}
            }
        }
    }
}

struct Work<'a> {
    known: &'a HashSet<String>,
    config: &'a Config,
    catalog: &'a Catalog,
    chosen: Option<&'static yusuan_profile::Profile>,
    claims: &'a std::sync::Mutex<Store>,
    worker: &'a str,
    timeout: Duration,
}

impl Work<'_> {
    /// Read, hash, import and check one file.
    fn one(&self, path: &Path) -> Outcome {
        let name = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                // Unreadable: recorded under the hash of its name's error, so that a re-run
                // tries it again once it can be read (it is then other content).
                let reason = format!("{name}: 无法读取文件 (cannot read): {e}");
                return Outcome::Done(Box::new(refused(
                    FileRef {
                        path: name,
                        hash: yusuan_store::content_hash(reason.as_bytes()),
                        bytes: 0,
                    },
                    reason,
                )));
            }
        };
        let file = FileRef {
            path: name.clone(),
            hash: yusuan_store::content_hash(&bytes),
            bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        };
        if self.known.contains(&file.hash) {
            return Outcome::Known {
                path: file.path,
                hash: file.hash,
                elsewhere: false,
            };
        }
        let claimed = match self.claims.lock() {
            Ok(store) => store.claim(&file.hash, self.worker, self.timeout),
            Err(_) => return Outcome::Failed("claims lock poisoned".to_string()),
        };
        match claimed {
            Ok(true) => {}
            // Recorded meanwhile, or being checked by another worker: the path is noted, the
            // content is that worker's.
            Ok(false) => {
                return Outcome::Known {
                    path: file.path,
                    hash: file.hash,
                    elsewhere: true,
                }
            }
            Err(e) => return Outcome::Failed(e.to_string()),
        }
        // A panic in the importer is a refusal of this file, not the end of the batch.
        let imported = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            import_disclosure(&name, &bytes, self.catalog)
        }));
        drop(bytes);
        match imported {
            Ok(Ok(d)) => {
                if yusuan_import::half(&d).is_some() {
                    Outcome::Half(file, Box::new(d))
                } else {
                    Outcome::Done(Box::new(self.check(vec![d], vec![file])))
                }
            }
            Ok(Err(e)) => Outcome::Done(Box::new(refused(file, e))),
            Err(_) => Outcome::Done(Box::new(refused(
                file,
                format!("{name}: 读取时内部错误 (internal error while reading)"),
            ))),
        }
    }

    /// Check a disclosure of one or more parts into the document to record.
    fn check(&self, parts: Vec<Disclosure>, files: Vec<FileRef>) -> NewDocument {
        let names: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            check_parts(parts, &names, self.config, self.catalog, self.chosen, false)
        }));
        match checked {
            Ok(Some(c)) => document(c, files),
            Ok(None) => refused_all(files, "没有内容 (nothing to check)".to_string()),
            Err(_) => refused_all(
                files,
                format!(
                    "{}: 检查时内部错误 (internal error while checking)",
                    names.join(" + ")
                ),
            ),
        }
    }
}

fn refused(file: FileRef, reason: String) -> NewDocument {
    refused_all(vec![file], reason)
}

fn refused_all(files: Vec<FileRef>, reason: String) -> NewDocument {
    NewDocument {
        status: Some(Status::Refused),
        reason: Some(reason),
        files,
        ..NewDocument::default()
    }
}

/// The stored form of a kind of disclosure (`department_budget` …).
pub fn kind_id(kind: yusuan_model::DocKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn document(c: Checked, files: Vec<FileRef>) -> NewDocument {
    let kind = kind_id(c.kind);
    let unit = c.report.unit.clone();
    let year = c.report.year.map(i64::from);
    let findings = c
        .report
        .findings
        .iter()
        .map(|f| new_finding(f, unit.as_deref(), year, &kind))
        .collect();
    NewDocument {
        status: Some(Status::Imported),
        reason: None,
        unit,
        year,
        kind: Some(kind),
        profile: c.report.profile.map(|p| p.id),
        files,
        findings,
    }
}

/// A finding's fingerprint: the unit, year and kind of its document, its rule, its subject
/// (each value's table, row and column, as the document names them: not the page, line or
/// file) and its figures (exact, in 分). With no table, row or column to name the subject,
/// the message does. The same finding in a re-run, or in a corrected re-publication of the
/// same unit's document, has the same fingerprint; a reviewer's decision follows it.
pub fn finding_fingerprint(
    f: &Finding,
    unit: Option<&str>,
    year: Option<i64>,
    kind: &str,
) -> String {
    let year = year.map(|y| y.to_string()).unwrap_or_default();
    let mut parts: Vec<String> = vec![
        unit.unwrap_or_default().to_string(),
        year,
        kind.to_string(),
        f.rule.to_string(),
    ];
    let mut subject = false;
    for l in &f.locations {
        let t = l.table.as_deref().unwrap_or_default();
        let r = l.row.as_deref().unwrap_or_default();
        let c = l.column.as_deref().unwrap_or_default();
        subject |= !(t.is_empty() && r.is_empty() && c.is_empty());
        parts.push(format!("{t}\u{1e}{r}\u{1e}{c}"));
    }
    if !subject {
        parts.push(f.message.clone());
    }
    for m in [&f.expected, &f.actual, &f.difference] {
        parts.push(m.as_ref().map(|m| m.fen.0.to_string()).unwrap_or_default());
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    yusuan_store::fingerprint(&refs)
}

fn new_finding(f: &Finding, unit: Option<&str>, year: Option<i64>, kind: &str) -> NewFinding {
    let first = f.locations.first();
    let shown = |m: &Option<yusuan_check::finding::Money>| m.as_ref().map(|m| m.shown.clone());
    NewFinding {
        fingerprint: finding_fingerprint(f, unit, year, kind),
        rule: f.rule.to_string(),
        severity: severity_id(f.severity).to_string(),
        message: f.message.clone(),
        message_en: f.message_en.clone(),
        file: first.map(|l| l.file.to_string()),
        page: first.and_then(|l| l.page).map(i64::from),
        table: first.and_then(|l| l.table.as_deref().map(str::to_string)),
        row: first.and_then(|l| l.row.clone()),
        column: first.and_then(|l| l.column.clone()),
        expected: shown(&f.expected),
        actual: shown(&f.actual),
        difference: shown(&f.difference),
        detail: serde_json::to_string(f).unwrap_or_default(),
    }
}

/// A severity as stored: `error`, `warning` or `info`.
pub fn severity_id(s: yusuan_check::Severity) -> &'static str {
    match s {
        yusuan_check::Severity::Error => "error",
        yusuan_check::Severity::Warning => "warning",
        yusuan_check::Severity::Info => "info",
    }
}

/// Every file under the paths: a file named is taken as it is; a folder is searched
/// (recursively, in name order, hidden entries skipped) for files with a disclosure's
/// extension. The workspace file itself is never taken.
fn discover(paths: &[PathBuf], workspace: &Path) -> Result<Vec<PathBuf>, String> {
    let skip = workspace.canonicalize().ok();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for p in paths {
        let meta = std::fs::metadata(p)
            .map_err(|e| format!("{}: 无法读取 (cannot read): {e}", p.display()))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    out.retain(|p| {
        let c = p.canonicalize().ok();
        (skip.is_none() || c != skip) && seen.insert(c.unwrap_or_else(|| p.clone()))
    });
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| {
            format!(
                "{}: 无法读取文件夹 (cannot read folder): {e}",
                dir.display()
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    entries.sort();
    for p in entries {
        // Not following links to folders: no cycles.
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            walk(&p, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(p);
        }
    }
    Ok(())
}

/// The progress of a run: indicatif's bar on a terminal (count, rate, ETA), else a plain line
/// every 5% or 10 seconds.
struct Progress {
    bar: Option<ProgressBar>,
    total: u64,
    done: std::cell::Cell<u64>,
    start: Instant,
    last: std::cell::Cell<Instant>,
}

impl Progress {
    fn new(total: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{bar:40} {pos}/{len} 份 · {per_sec} · 剩余 (ETA) {eta} {wide_msg}",
            ) {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            total,
            done: std::cell::Cell::new(0),
            start: Instant::now(),
            last: std::cell::Cell::new(Instant::now()),
        }
    }

    fn inc(&self) {
        let done = self.done.get() + 1;
        self.done.set(done);
        if let Some(bar) = &self.bar {
            bar.inc(1);
            return;
        }
        let step = (self.total / 20).max(1);
        if done.is_multiple_of(step) || self.last.get().elapsed() >= Duration::from_secs(10) {
            self.last.set(Instant::now());
            let secs = self.start.elapsed().as_secs_f64();
            let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
            let left = if rate > 0.0 {
                (self.total.saturating_sub(done)) as f64 / rate
            } else {
                0.0
            };
            eprintln!(
                "{done}/{} 份 ({:.0}%) · {rate:.1} 份/秒 (files/s) · 剩余 (ETA) {left:.0} 秒",
                self.total,
                done as f64 * 100.0 / self.total.max(1) as f64
            );
        }
    }

    fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
