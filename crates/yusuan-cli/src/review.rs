//! `yusuan review PATH…`: check every disclosure under the paths into a workspace (issue 11).
//! The work is [`yusuan_review::review`]'s; here are the arguments and the progress bar.

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use yusuan_model::Catalog;
use yusuan_review::{Event, Options, Tally};
use yusuan_store::{Store, Target};

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
    pub fn target(&self) -> Target {
        Target::choose(self.workspace.clone(), self.database.clone())
    }

    pub fn open(&self) -> Result<Store, String> {
        Store::open(&self.target()).map_err(|e| e.to_string())
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
    /// 每个文件读取（及检查）的时间上限（秒），超过即拒收、继续审查；0 为不限 / how long
    /// reading (and checking) one file may take, in seconds; over it the file is refused and the
    /// batch goes on (0: no limit)
    #[arg(long, value_name = "SECS", default_value_t = yusuan_review::pipeline::DEFAULT_TIME_LIMIT.as_secs())]
    time_limit: u64,
}

pub fn run(args: ReviewArgs, catalog: &Catalog) -> ExitCode {
    match review(&args, catalog) {
        Ok(tally) => {
            eprintln!("{}", summary(&tally));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("yusuan: {e}");
            ExitCode::from(2)
        }
    }
}

fn review(args: &ReviewArgs, catalog: &Catalog) -> Result<Tally, String> {
    let config = crate::check::load_config(args.config.as_ref())?;
    let profile = crate::profiles::chosen(args.profile.as_deref())?;
    let options = Options {
        config: &config,
        catalog,
        profile,
        jobs: args.jobs,
        claim_timeout: Duration::from_secs(args.claim_timeout),
        time_limit: (args.time_limit > 0).then(|| Duration::from_secs(args.time_limit)),
    };
    let mut progress: Option<Progress> = None;
    let tally = yusuan_review::review(
        &args.workspace.target(),
        &args.paths,
        &options,
        &mut |event| match event {
            Event::Found(n) => progress = Some(Progress::new(n)),
            Event::Done => {
                if let Some(p) = &progress {
                    p.inc();
                }
            }
            Event::Refused { path, reason } => {
                let line = format!("拒收 (refused) {path}: {reason}");
                match &progress {
                    Some(p) => p.println(&line),
                    None => eprintln!("{line}"),
                }
            }
        },
    );
    if let Some(p) = &progress {
        p.finish();
    }
    tally
}

fn summary(t: &Tally) -> String {
    let Tally {
        files,
        known,
        elsewhere,
        checked,
        refused,
        errors,
        warnings,
    } = t;
    format!(
        "审查完毕：{files} 个文件，新检查 {checked}，未变跳过 {known}，由其他进程检查 {elsewhere}，\
         拒收 {refused}；新发现错误 {errors}、警告 {warnings}。用 `yusuan report --out 目录` 写出报告。\n\
         (reviewed {files} files: {checked} checked, {known} unchanged, {elsewhere} checked by \
         another worker, {refused} refused; {errors} errors, {warnings} warnings found)"
    )
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
