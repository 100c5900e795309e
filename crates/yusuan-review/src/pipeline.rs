//! The review: every disclosure under some paths checked into a workspace (issue 11).
//!
//! Files are found under the paths, identified by content hash; content the workspace already
//! holds is not read again. The rest are imported and checked on all cores (rayon) and each
//! result is sent, as it finishes, to the one writer (the calling thread), which commits it in
//! its own transaction: memory stays flat whatever the count, and a run killed at any moment
//! keeps every result committed and resumes where it stopped. A file the importer refuses
//! (hostile, over a limit, unreadable) is recorded as refused with the reason, and the batch
//! goes on. The two halves of one disclosure (情况说明 and tables published as two files) are
//! held until the end of the batch, paired as `yusuan check` pairs them, and checked as one.

use crate::intake::discover;
use crate::parts::{check_parts, import_disclosure, Checked};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::Duration;
use yusuan_check::{Config, Finding};
use yusuan_model::Catalog;
use yusuan_store::{FileRef, NewDocument, NewFinding, Status, Store, Target};

/// How to review.
pub struct Options<'a> {
    pub config: &'a Config,
    pub catalog: &'a Catalog,
    /// The profile chosen by the user; `None`: chosen by each document's content.
    pub profile: Option<&'static yusuan_profile::Profile>,
    /// Worker threads; `None`: all cores.
    pub jobs: Option<usize>,
    /// With several workers on one database: after how long a claim whose worker did not
    /// finish (it died) may be taken over.
    pub claim_timeout: Duration,
    /// How long reading and checking one file (or checking the two files of one disclosure)
    /// may take; over it, the file is refused and the batch goes on. `None`: no limit.
    pub time_limit: Option<Duration>,
}

/// The time limit per file `yusuan review` and the portal's uploads keep to by default: a real
/// disclosure takes well under a second, a hundred pages a few.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(120);

/// The worker threads for `-j`/`--jobs` (`jobs`): as many as asked, all cores when not asked,
/// at least one.
pub fn threads(jobs: Option<usize>) -> usize {
    jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1)
}

/// What the review tells its caller as it goes (a progress bar, a log), on the calling thread.
pub enum Event<'a> {
    /// The files found, before any is read.
    Found(u64),
    /// One file done (checked, skipped or refused).
    Done,
    /// A file refused, with why.
    Refused { path: &'a str, reason: &'a str },
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
    Half(FileRef, crate::halves::Aside),
}

/// What a review did.
#[derive(Debug, Default)]
pub struct Tally {
    pub files: usize,
    /// Unchanged content skipped.
    pub known: usize,
    /// Content another worker checked or is checking.
    pub elsewhere: usize,
    pub checked: usize,
    pub refused: usize,
    pub errors: i64,
    pub warnings: i64,
}

/// Review every file under `paths` into the workspace at `target` (the workspace file itself,
/// if under the paths, is never taken). Each result is committed as it finishes.
pub fn review(
    target: &Target,
    paths: &[PathBuf],
    options: &Options,
    on: &mut dyn FnMut(Event),
) -> Result<Tally, String> {
    let store = Store::open(target).map_err(|e| e.to_string())?;
    let skip = match target {
        Target::Sqlite(file) => Some(file.as_path()),
        Target::Postgres(_) => None,
    };
    let files = largest_first(discover(paths, skip)?);
    let known = store.known_hashes().map_err(|e| e.to_string())?;
    let given: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let run = store.begin_run(&given).map_err(|e| e.to_string())?;
    // Claims: each content is claimed before it is read, so that workers sharing the
    // workspace (several machines on one PostgreSQL database) never check one twice. Claims
    // of this host's workers that died are released now; others' expire after the timeout.
    // An SQLite workspace is one machine's: its files are not claimed (a claim there is a
    // write waiting on the writer's lock for every file, ~4% of a run); two reviews run at once
    // on one SQLite file may both check a content, which is still recorded once.
    let host = yusuan_store::hostname();
    let worker = format!("{host}:{}", std::process::id());
    if Path::new("/proc/self").exists() {
        store
            .release_dead_claims(&host, |pid| Path::new(&format!("/proc/{pid}")).exists())
            .map_err(|e| e.to_string())?;
    }
    let claims = match target {
        Target::Postgres(_) => Some(std::sync::Mutex::new(
            Store::open(target).map_err(|e| e.to_string())?,
        )),
        Target::Sqlite(_) => None,
    };

    let threads = threads(options.jobs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    on(Event::Found(files.len() as u64));
    let mut tally = Tally {
        files: files.len(),
        ..Tally::default()
    };
    // Put aside on disk (by the worker that read each), not in memory, until every file is read.
    let shelf = Arc::new(crate::halves::Shelf::default());
    let mut halves: crate::halves::Held<FileRef> = crate::halves::Held::default();
    // Bounded: workers wait while the writer is behind, so results never pile up in memory.
    let (tx, rx) = mpsc::sync_channel::<Outcome>(threads * 2);
    let work = Work {
        known: &known,
        config: Arc::new(options.config.clone()),
        catalog: Arc::new(options.catalog.clone()),
        time_limit: options.time_limit,
        chosen: options.profile,
        claims: claims.as_ref(),
        worker: &worker,
        timeout: options.claim_timeout,
        shelf: Some(shelf.clone()),
    };
    let written: Result<(), String> = std::thread::scope(|s| {
        s.spawn(|| {
            pool.install(|| {
                // Taken one at a time in order (largest first), not split into ranges.
                files.iter().par_bridge().for_each_with(tx, |tx, f| {
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
                        on(Event::Refused {
                            path: doc.files.first().map_or("", |f| f.path.as_str()),
                            reason: doc.reason.as_deref().unwrap_or_default(),
                        });
                    }
                    r
                }
                Outcome::Half(file, aside) => {
                    halves.keep(aside, file);
                    Ok(())
                }
            };
            // Dropping the receiver stops the workers' sends from blocking.
            r.map_err(|e| e.to_string())?;
            on(Event::Done);
        }
        Ok(())
    });
    written?;
    // The halves: paired as `yusuan check` pairs files given together, each pair (or a half
    // left alone) read back and checked as one disclosure on all cores, each result recorded
    // as it comes, as above.
    let mut groups = halves.groups();
    groups.sort_by_key(|g| std::cmp::Reverse(g.parts.iter().map(|(_, f)| f.bytes).sum::<i64>()));
    let (tx, rx) = mpsc::sync_channel::<NewDocument>(threads * 2);
    let recorded: Result<(), String> = std::thread::scope(|s| {
        s.spawn(|| {
            pool.install(|| {
                groups
                    .into_iter()
                    .par_bridge()
                    .for_each_with(tx, |tx, group| {
                        let _ = tx.send(work.check_group(group));
                    })
            })
        });
        // Each half was counted done when it was put aside.
        for doc in rx {
            tally.add(&doc);
            store
                .record_document(&run, &doc)
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    });
    recorded?;
    store.finish_run(&run).map_err(|e| e.to_string())?;
    store.close();
    if let Some(Ok(c)) = claims.map(std::sync::Mutex::into_inner) {
        c.close();
    }
    Ok(tally)
}

/// The files in the order to read them: largest first (the path's order among equals). The
/// workers take the next file as each finishes, so the run ends on small files and no core
/// waits long for the last large one (a large file takes longest to read and check).
fn largest_first(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut sized: Vec<(u64, PathBuf)> = files
        .into_iter()
        .map(|p| (std::fs::metadata(&p).map_or(0, |m| m.len()), p))
        .collect();
    // Stable: equal sizes keep the order they were found in.
    sized.sort_by_key(|(len, _)| std::cmp::Reverse(*len));
    sized.into_iter().map(|(_, p)| p).collect()
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
    /// Shared with the threads that read under a time limit (and may outlive the file).
    config: Arc<Config>,
    catalog: Arc<Catalog>,
    time_limit: Option<Duration>,
    chosen: Option<&'static yusuan_profile::Profile>,
    /// Where contents are claimed (none for one file reviewed alone).
    claims: Option<&'a std::sync::Mutex<Store>>,
    worker: &'a str,
    timeout: Duration,
    /// Where halves are put aside (none for one file reviewed alone: a half is then checked
    /// alone).
    shelf: Option<Arc<crate::halves::Shelf>>,
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
        let claimed = match self.claims.map(|c| c.lock()) {
            None => Ok(true),
            Some(Ok(store)) => store.claim(&file.hash, self.worker, self.timeout),
            Some(Err(_)) => return Outcome::Failed("claims lock poisoned".to_string()),
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
        self.read_and_check(file, bytes)
    }

    /// Import and check one file (or put it aside, when it is a half and there is a shelf), on
    /// this worker's helper thread under the time limit, the document to record (its JSON
    /// too) made there as well: one hand-over a file, and the file's memory taken and given
    /// back on one thread. A panic, or the time limit, is a refusal of this file, not the end
    /// of the batch.
    fn read_and_check(&self, file: FileRef, bytes: Vec<u8>) -> Outcome {
        let (config, catalog, chosen) = (self.config.clone(), self.catalog.clone(), self.chosen);
        let shelf = self.shelf.clone();
        let given = file.clone();
        let ran = within(self.time_limit, move || {
            let d = match import_disclosure(&given.path, &bytes, &catalog) {
                Ok(d) => d,
                Err(e) => return Outcome::Done(Box::new(refused(given, e))),
            };
            drop(bytes);
            if let Some(shelf) = shelf.filter(|_| yusuan_import::half(&d).is_some()) {
                return match shelf.put(&d) {
                    Ok(a) => Outcome::Half(given, a),
                    Err(e) => Outcome::Failed(e),
                };
            }
            let names = [given.path.clone()];
            let c = check_parts(vec![d], &names, &config, &catalog, chosen, false);
            Outcome::Done(Box::new(checked(c, vec![given])))
        });
        let name = file.path.clone();
        match ran {
            Ok(outcome) => outcome,
            Err(Stop::Panicked) => Outcome::Done(Box::new(refused(
                file,
                format!("{name}: 读取或检查时内部错误 (internal error while reading or checking)"),
            ))),
            Err(Stop::OverTime(limit)) => {
                Outcome::Done(Box::new(refused(file, over_time(&name, limit))))
            }
        }
    }

    /// Read back and check the halves of one disclosure (a pair, or a half alone), on the
    /// helper thread under the time limit, as [`Work::read_and_check`].
    fn check_group(&self, group: crate::halves::Group<FileRef>) -> NewDocument {
        let files: Vec<FileRef> = group.parts.iter().map(|(_, f)| f.clone()).collect();
        let names: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        let (config, catalog, chosen) = (self.config.clone(), self.catalog.clone(), self.chosen);
        let (given, listed) = (files.clone(), names.clone());
        let ran = within(self.time_limit, move || match group.load() {
            Ok((parts, files)) => checked(
                check_parts(parts, &listed, &config, &catalog, chosen, false),
                files,
            ),
            // The copy put aside could not be read back: refused with why.
            Err(e) => refused_all(given, e),
        });
        let names = names.join(" + ");
        match ran {
            Ok(doc) => doc,
            Err(Stop::Panicked) => refused_all(
                files,
                format!("{names}: 检查时内部错误 (internal error while checking)"),
            ),
            Err(Stop::OverTime(limit)) => refused_all(files, over_time(&names, limit)),
        }
    }
}

/// The document to record of a check (`None`: nothing to check).
fn checked(c: Option<Checked>, files: Vec<FileRef>) -> NewDocument {
    match c {
        Some(c) => document(c, files),
        None => refused_all(files, "没有内容 (nothing to check)".to_string()),
    }
}

/// Why a run of the importer or the checker gave nothing.
enum Stop {
    Panicked,
    OverTime(Duration),
}

/// Run `f` and wait for it at most `limit`: on this thread's helper thread when there is a
/// limit, on this thread otherwise. A panic is caught. A run over the limit cannot be stopped
/// from outside (Rust has no safe way to kill a thread): its helper is left to finish it
/// unseen and the result is dropped, while the batch goes on with a new helper; the importers'
/// own limits on size, pages and depth keep such runs rare and bounded.
fn within<T: Send + 'static>(
    limit: Option<Duration>,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Stop> {
    let Some(limit) = limit else {
        return std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
            .map_err(|_| Stop::Panicked);
    };
    let (tx, rx) = mpsc::sync_channel(1);
    let job: Job = Box::new(move || {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        // The waiter gone (over time): nobody wants the result.
        let _ = tx.send(r);
    });
    if !HELPER.with(|h| h.run(job)) {
        return Err(Stop::Panicked);
    }
    match rx.recv_timeout(limit) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(_)) => Err(Stop::Panicked),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            // Its helper is busy for good: the next file gets a new one.
            HELPER.with(Helper::abandon);
            Err(Stop::OverTime(limit))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Stop::Panicked),
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// A thread that runs one worker's files under the time limit, one at a time, reused from
/// file to file (a thread per file cost ~10% of a review, and with it the allocator's
/// per-thread memory each time).
struct Helper {
    jobs: std::cell::RefCell<Option<mpsc::Sender<Job>>>,
}

thread_local! {
    static HELPER: Helper = const { Helper { jobs: std::cell::RefCell::new(None) } };
}

impl Helper {
    /// Hand `job` to the helper, started if there is none. False when no thread can be made.
    fn run(&self, job: Job) -> bool {
        let mut jobs = self.jobs.borrow_mut();
        if jobs.is_none() {
            let (tx, rx) = mpsc::channel::<Job>();
            let spawned = std::thread::Builder::new()
                .name("yusuan-file".into())
                // The importers recurse (within their depth limits): the main thread's stack.
                .stack_size(8 << 20)
                .spawn(move || {
                    // Ends when its worker lets it go (the sender dropped).
                    while let Ok(job) = rx.recv() {
                        job();
                    }
                });
            if spawned.is_err() {
                return false;
            }
            *jobs = Some(tx);
        }
        jobs.as_ref().is_some_and(|tx| tx.send(job).is_ok())
    }

    fn abandon(&self) {
        self.jobs.borrow_mut().take();
    }
}

fn over_time(name: &str, limit: Duration) -> String {
    let secs = limit.as_secs_f64();
    format!(
        "{name}: 超过每个文件的时间限制 {secs} 秒，未读完（可用 --time-limit 放宽） \
         (over the time limit of {secs} s per file; raise it with --time-limit)"
    )
}

pub(crate) fn refused(file: FileRef, reason: String) -> NewDocument {
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

pub(crate) fn document(c: Checked, files: Vec<FileRef>) -> NewDocument {
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
        // What the portal shows of it (yusuan serve --workspace).
        disclosure: yusuan_store::PackedJson::pack(&c.disclosure).ok(),
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

/// One file reviewed on its own (an upload): its document and what became of it.
#[derive(Debug)]
pub struct Reviewed {
    /// The document's id in the workspace (its content hash; two hashes joined by `+` when the
    /// content was recorded before as one half of a disclosure).
    pub id: String,
    /// The workspace held the content already: nothing was read.
    pub known: bool,
    pub status: Status,
    /// Why it was refused.
    pub reason: Option<String>,
    pub errors: i64,
    pub warnings: i64,
}

/// Review one file's bytes, named `name` (its path or an upload's file name, for messages and
/// provenance), into `store`: the same import, limits and check as [`review`], committed in one
/// transaction. A half of a two-file disclosure given alone is checked alone.
pub fn review_bytes(
    store: &Store,
    name: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<Reviewed, String> {
    let hash = yusuan_store::content_hash(bytes);
    if let Some(id) = store.document_of(&hash).map_err(|e| e.to_string())? {
        return Ok(Reviewed {
            id,
            known: true,
            status: Status::Imported,
            reason: None,
            errors: 0,
            warnings: 0,
        });
    }
    let file = FileRef {
        path: name.to_string(),
        hash,
        bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
    };
    let work = Work {
        known: &HashSet::new(),
        config: Arc::new(options.config.clone()),
        catalog: Arc::new(options.catalog.clone()),
        time_limit: options.time_limit,
        chosen: options.profile,
        claims: None,
        worker: "",
        timeout: options.claim_timeout,
        shelf: None,
    };
    let doc = match work.read_and_check(file, bytes.to_vec()) {
        Outcome::Done(doc) => *doc,
        Outcome::Failed(e) => return Err(e),
        // Nothing is put aside without a shelf.
        Outcome::Known { .. } | Outcome::Half(..) => {
            return Err(format!("{name}: 内部错误 (internal error)"))
        }
    };
    let run = store
        .begin_run(&[name.to_string()])
        .map_err(|e| e.to_string())?;
    store
        .record_document(&run, &doc)
        .map_err(|e| e.to_string())?;
    store.finish_run(&run).map_err(|e| e.to_string())?;
    let count = |s: &str| {
        i64::try_from(doc.findings.iter().filter(|f| f.severity == s).count()).unwrap_or(i64::MAX)
    };
    Ok(Reviewed {
        id: doc.id(),
        known: false,
        status: doc.status.unwrap_or(Status::Imported),
        reason: doc.reason.clone(),
        errors: count("error"),
        warnings: count("warning"),
    })
}
