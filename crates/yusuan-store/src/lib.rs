//! The review workspace (issue 11): every disclosure reviewed, by content hash, with its
//! findings and the reviewers' decisions, in embedded SQLite (a file, WAL) or PostgreSQL (by
//! URL). One schema and one set of statements for both (`migrations/`, embedded and applied on
//! open, versioned by sqlx's migrator).
//!
//! The API blocks: the store owns a single-threaded tokio runtime and runs each call on it, so
//! the command line (whose work is rayon's) needs no async code. One writer commits each
//! document in its own transaction: a run killed at any moment loses nothing committed.

pub mod testing;

use sha2::{Digest, Sha256};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::collections::HashSet;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// The workspace file used when none is named.
pub const DEFAULT_WORKSPACE: &str = "yusuan-review.sqlite";

/// The schema's migrations, embedded at compile time; the same files for both databases.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}: 无法打开工作区 (cannot open the workspace): {1}")]
    Open(String, String),
    #[error("工作区数据库错误 (workspace database error): {0}")]
    Db(#[from] sqlx::Error),
    #[error("工作区升级失败 (workspace migration failed): {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("无法启动数据库运行时 (cannot start the database runtime): {0}")]
    Runtime(#[from] std::io::Error),
    #[error("没有检查结果的编号以「{0}」开头 (no finding's fingerprint starts with it)")]
    NoSuchFingerprint(String),
    #[error("编号「{0}」不唯一，可指 {1} 条不同的检查结果，请写长一些 (the fingerprint prefix is ambiguous: {1} findings)")]
    AmbiguousFingerprint(String, usize),
    /// An account could not be made or changed (the message says why).
    #[error("{0}")]
    Account(String),
    /// What the workspace holds cannot be read back (the message says what).
    #[error("{0}")]
    Damaged(String),
}

pub type Result<T> = std::result::Result<T, Error>;

/// Where the workspace lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An SQLite file (created when missing).
    Sqlite(PathBuf),
    /// A PostgreSQL database URL (`postgres://…`).
    Postgres(String),
}

impl Target {
    /// `--database URL` when given, else `--workspace FILE`, else [`DEFAULT_WORKSPACE`] in the
    /// current folder.
    pub fn choose(workspace: Option<PathBuf>, database: Option<String>) -> Target {
        match (database, workspace) {
            (Some(url), _) => Target::Postgres(url),
            (None, Some(file)) => Target::Sqlite(file),
            (None, None) => Target::Sqlite(PathBuf::from(DEFAULT_WORKSPACE)),
        }
    }

    /// As shown to people: the file, or the URL without its password.
    pub fn name(&self) -> String {
        match self {
            Target::Sqlite(p) => p.display().to_string(),
            // The URL without its password.
            Target::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(s), Some(at)) if at > s => format!(
                    "{}://…@{}",
                    url.get(..s).unwrap_or_default(),
                    url.get(at + 1..).unwrap_or_default()
                ),
                _ => url.clone(),
            },
        }
    }
}

enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open workspace.
pub struct Store {
    rt: tokio::runtime::Runtime,
    pool: Pool,
}

/// Run the same statements on whichever database the store holds: `$p` is the pool. The body
/// is written once and compiled for each backend.
macro_rules! on_pool {
    ($store:expr, $p:ident => $body:expr) => {
        match &$store.pool {
            Pool::Sqlite($p) => $store.rt.block_on($body),
            Pool::Postgres($p) => $store.rt.block_on($body),
        }
    };
}

// After the macro: the portal's reads use it.
pub mod disclosures;
pub use disclosures::{PackedJson, StoredFile};
// After `on_pool!`, which it uses.
pub mod accounts;
pub use accounts::{Login, NewSession, RateLimit, Role, Session, UploadRecord, User};

/// How a writing transaction starts. SQLite: `BEGIN IMMEDIATE`, taking the write lock at once
/// (waiting for it under the busy timeout); a deferred transaction that reads and then writes
/// fails with SQLITE_BUSY_SNAPSHOT when another connection (the claims') wrote in between.
trait Begin {
    fn statement(&self) -> &'static str;
}

impl Begin for SqlitePool {
    fn statement(&self) -> &'static str {
        "BEGIN IMMEDIATE"
    }
}

impl Begin for PgPool {
    fn statement(&self) -> &'static str {
        "BEGIN"
    }
}

/// Whether a document was read and checked, or refused.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Imported,
    Refused,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Imported => "imported",
            Status::Refused => "refused",
        }
    }
}

/// A reviewer's decision on a finding.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// 确认: a real defect.
    Confirmed,
    /// 不是问题: not a defect.
    NotAnIssue,
    /// 已整改: corrected by the unit.
    Fixed,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Confirmed, Decision::NotAnIssue, Decision::Fixed];

    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Confirmed => "confirmed",
            Decision::NotAnIssue => "not_an_issue",
            Decision::Fixed => "fixed",
        }
    }

    /// As a reviewer reads it.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Confirmed => "确认",
            Decision::NotAnIssue => "不是问题",
            Decision::Fixed => "已整改",
        }
    }

    /// From the Chinese word, the stored form or an English alias (`confirmed`,
    /// `not-an-issue`, `fixed`).
    pub fn parse(s: &str) -> Option<Decision> {
        let s = s.trim();
        Decision::ALL.into_iter().find(|d| {
            s == d.label()
                || s.eq_ignore_ascii_case(d.as_str())
                || s.eq_ignore_ascii_case(&d.as_str().replace('_', "-"))
        })
    }
}

/// One file of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRef {
    pub path: String,
    /// SHA-256 of the content, hex ([`content_hash`]).
    pub hash: String,
    pub bytes: i64,
}

/// A document to record, with its findings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewDocument {
    pub status: Option<Status>,
    pub reason: Option<String>,
    pub unit: Option<String>,
    pub year: Option<i64>,
    pub kind: Option<String>,
    pub profile: Option<String>,
    pub files: Vec<FileRef>,
    pub findings: Vec<NewFinding>,
    /// The disclosure as read, as deflated JSON (`yusuan_model::Disclosure`), for the portal;
    /// kept in the `disclosures` table ([`disclosures`]).
    pub disclosure: Option<PackedJson>,
}

impl NewDocument {
    /// The document's id: its file's hash, or its files' hashes joined by `+`.
    pub fn id(&self) -> String {
        self.files
            .iter()
            .map(|f| f.hash.as_str())
            .collect::<Vec<_>>()
            .join("+")
    }
}

/// A finding to record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewFinding {
    pub fingerprint: String,
    pub rule: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    pub message: String,
    pub message_en: String,
    pub file: Option<String>,
    pub page: Option<i64>,
    pub table: Option<String>,
    pub row: Option<String>,
    pub column: Option<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub difference: Option<String>,
    /// The finding as JSON.
    pub detail: String,
}

/// A document as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: String,
    pub status: String,
    pub reason: Option<String>,
    pub unit: Option<String>,
    pub year: Option<i64>,
    pub kind: Option<String>,
    pub profile: Option<String>,
    pub errors: i64,
    pub warnings: i64,
    pub infos: i64,
    /// The paths that hold it now, joined by `; ` (sorted).
    #[sqlx(skip)]
    pub paths: String,
}

/// A finding as stored, with its document's identity and the whole decision on its
/// fingerprint, if any (decision, note, who, when): what `yusuan report` lists and the portal
/// shows. Not the finding's whole JSON, which is read a document at a time
/// ([`Store::finding_details`]).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FindingRow {
    pub document_id: String,
    pub seq: i64,
    pub fingerprint: String,
    pub rule: String,
    pub severity: String,
    pub message: String,
    pub message_en: String,
    pub file: Option<String>,
    pub page: Option<i64>,
    pub table_name: Option<String>,
    pub row_label: Option<String>,
    pub column_label: Option<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub difference: Option<String>,
    pub unit: Option<String>,
    pub year: Option<i64>,
    pub kind: Option<String>,
    /// As stored ([`Decision::as_str`]).
    pub decision: Option<String>,
    pub note: Option<String>,
    pub decided_by: Option<String>,
    /// Unix seconds.
    pub decided_at: Option<i64>,
}

/// A decision as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DecisionRow {
    pub fingerprint: String,
    pub decision: String,
    pub note: String,
    pub decided_by: String,
}

/// SHA-256 of a file's bytes, hex: a document's identity.
pub fn content_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A finding's fingerprint: the first 16 hex digits of SHA-256 over the parts given (unit,
/// year, kind, rule, subject, figures: whatever identifies the finding apart from where it
/// was printed), each part's whitespace removed. 64 bits: short enough to type, and a
/// collision in one workspace is as good as impossible.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        let p: String = p.chars().filter(|c| !c.is_whitespace()).collect();
        h.update(p.as_bytes());
        h.update([0x1f]);
    }
    let mut s = hex(&h.finalize());
    s.truncate(16);
    s
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

const DOCUMENT_COLUMNS: &str =
    "d.id, d.status, d.reason, d.unit, d.year, d.kind, d.profile, d.errors, d.warnings, d.infos";

/// The documents some path holds now (not the history of changed files).
const CURRENT: &str = "EXISTS (SELECT 1 FROM document_files f JOIN paths p ON p.hash = f.hash \
                       WHERE f.document_id = d.id)";

impl Store {
    /// Open (creating when missing) the workspace and bring its schema up to date.
    pub fn open(target: &Target) -> Result<Store> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let name = target.name();
        let pool = match target {
            Target::Sqlite(path) => {
                let options = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    // WAL: readers (a report, `mark`) do not wait for a review's writer, and a
                    // killed writer leaves every committed transaction intact.
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(30));
                let pool = rt
                    .block_on(
                        SqlitePoolOptions::new()
                            .max_connections(1)
                            .connect_with(options),
                    )
                    .map_err(|e| Error::Open(name.clone(), e.to_string()))?;
                Pool::Sqlite(pool)
            }
            Target::Postgres(url) => {
                let options = PgConnectOptions::from_str(url)
                    .map_err(|e| Error::Open(name.clone(), e.to_string()))?;
                let pool = rt
                    .block_on(
                        PgPoolOptions::new()
                            .max_connections(2)
                            .acquire_timeout(Duration::from_secs(30))
                            .connect_with(options),
                    )
                    .map_err(|e| Error::Open(name.clone(), e.to_string()))?;
                Pool::Postgres(pool)
            }
        };
        let store = Store { rt, pool };
        on_pool!(store, p => MIGRATOR.run(p))?;
        Ok(store)
    }

    /// Which database this is: `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        }
    }

    /// Start a run; its id.
    pub fn begin_run(&self, paths: &[String]) -> Result<String> {
        let id = format!(
            "{}-{}-{:08x}",
            now(),
            std::process::id(),
            rand_u32(paths.len())
        );
        let worker = hostname();
        let joined = paths.join("\n");
        on_pool!(self, p => async {
            sqlx::query(
                "INSERT INTO runs (id, started_at, worker, paths) VALUES ($1, $2, $3, $4)",
            )
            .bind(&id)
            .bind(now())
            .bind(&worker)
            .bind(&joined)
            .execute(p)
            .await
            .map(|_| ())
        })?;
        Ok(id)
    }

    /// Mark a run finished.
    pub fn finish_run(&self, run: &str) -> Result<()> {
        on_pool!(self, p => async {
            sqlx::query("UPDATE runs SET finished_at = $1 WHERE id = $2")
                .bind(now())
                .bind(run)
                .execute(p)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// The content hashes already recorded as part of a document: a file with one of these is
    /// not read again.
    pub fn known_hashes(&self) -> Result<HashSet<String>> {
        let rows: Vec<(String,)> = on_pool!(self, p => async {
            sqlx::query_as("SELECT hash FROM document_files").fetch_all(p).await
        })?;
        Ok(rows.into_iter().map(|(h,)| h).collect())
    }

    /// The document a content belongs to, if it is recorded.
    pub fn document_of(&self, hash: &str) -> Result<Option<String>> {
        let row: Option<(String,)> = on_pool!(self, p => async {
            sqlx::query_as("SELECT document_id FROM document_files WHERE hash = $1")
                .bind(hash)
                .fetch_optional(p)
                .await
        })?;
        Ok(row.map(|(d,)| d))
    }

    /// A path seen holding a content already recorded: the path now points at it (the
    /// content it held before, if different, goes to the history).
    pub fn record_seen(&self, run: &str, path: &str, hash: &str) -> Result<()> {
        let t = now();
        on_pool!(self, p => async {
            let mut tx = p.begin_with(Begin::statement(p)).await?;
            let old: Option<(String,)> =
                sqlx::query_as("SELECT hash FROM paths WHERE path = $1")
                    .bind(path)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some((old,)) = old.filter(|(h,)| h != hash) {
                sqlx::query(
                    "INSERT INTO path_history (path, hash, replaced_at, run_id) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                )
                .bind(path)
                .bind(&old)
                .bind(t)
                .bind(run)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(
                "INSERT INTO paths (path, hash, run_id, seen_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, \
                 run_id = excluded.run_id, seen_at = excluded.seen_at",
            )
            .bind(path)
            .bind(hash)
            .bind(run)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            tx.commit().await
        })?;
        Ok(())
    }

    /// Record a checked (or refused) document with its findings and files, in one
    /// transaction, and point its files' paths at it. A document already recorded (the same
    /// content seen twice in one run) only gains the paths.
    pub fn record_document(&self, run: &str, doc: &NewDocument) -> Result<()> {
        let id = doc.id();
        let t = now();
        let count = |s: &str| {
            i64::try_from(doc.findings.iter().filter(|f| f.severity == s).count()).unwrap_or(0)
        };
        let (errors, warnings, infos) = (count("error"), count("warning"), count("info"));
        let status = doc.status.unwrap_or(Status::Imported).as_str();
        on_pool!(self, p => async {
            let mut tx = p.begin_with(Begin::statement(p)).await?;
            let exists: Option<(String,)> =
                sqlx::query_as("SELECT id FROM documents WHERE id = $1")
                    .bind(&id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if exists.is_none() {
                sqlx::query(
                    "INSERT INTO documents (id, status, reason, unit, year, kind, profile, \
                     errors, warnings, infos, run_id, checked_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(&id)
                .bind(status)
                .bind(&doc.reason)
                .bind(&doc.unit)
                .bind(doc.year)
                .bind(&doc.kind)
                .bind(&doc.profile)
                .bind(errors)
                .bind(warnings)
                .bind(infos)
                .bind(run)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                // Many rows a statement: a statement is a round trip to the database's thread
                // (SQLite) or server, and a document has ten findings on average. 64 rows of
                // 16 values stay under every database's limit on bound values.
                let numbered: Vec<(usize, &NewFinding)> = doc.findings.iter().enumerate().collect();
                for chunk in numbered.chunks(64) {
                    let mut insert = sqlx::QueryBuilder::new(
                        "INSERT INTO findings (document_id, seq, fingerprint, rule, severity, \
                         message, message_en, file, page, table_name, row_label, column_label, \
                         expected, actual, difference, detail) ",
                    );
                    insert.push_values(chunk, |mut row, (seq, f)| {
                        row.push_bind(&id)
                            .push_bind(i64::try_from(*seq).unwrap_or(i64::MAX))
                            .push_bind(&f.fingerprint)
                            .push_bind(&f.rule)
                            .push_bind(&f.severity)
                            .push_bind(&f.message)
                            .push_bind(&f.message_en)
                            .push_bind(&f.file)
                            .push_bind(f.page)
                            .push_bind(&f.table)
                            .push_bind(&f.row)
                            .push_bind(&f.column)
                            .push_bind(&f.expected)
                            .push_bind(&f.actual)
                            .push_bind(&f.difference)
                            .push_bind(&f.detail);
                    });
                    insert.build().execute(&mut *tx).await?;
                }
                if let Some(packed) = &doc.disclosure {
                    sqlx::query("INSERT INTO disclosures (document_id, deflated) VALUES ($1, $2)")
                        .bind(&id)
                        .bind(packed.as_bytes())
                        .execute(&mut *tx)
                        .await?;
                }
            }
            for f in &doc.files {
                sqlx::query("UPDATE claims SET done = 1 WHERE hash = $1")
                    .bind(&f.hash)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO document_files (hash, document_id, path, bytes) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING",
                )
                .bind(&f.hash)
                .bind(&id)
                .bind(&f.path)
                .bind(f.bytes)
                .execute(&mut *tx)
                .await?;
                let old: Option<(String,)> =
                    sqlx::query_as("SELECT hash FROM paths WHERE path = $1")
                        .bind(&f.path)
                        .fetch_optional(&mut *tx)
                        .await?;
                if let Some((old,)) = old.filter(|(h,)| *h != f.hash) {
                    sqlx::query(
                        "INSERT INTO path_history (path, hash, replaced_at, run_id) \
                         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    )
                    .bind(&f.path)
                    .bind(&old)
                    .bind(t)
                    .bind(run)
                    .execute(&mut *tx)
                    .await?;
                }
                sqlx::query(
                    "INSERT INTO paths (path, hash, run_id, seen_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, \
                     run_id = excluded.run_id, seen_at = excluded.seen_at",
                )
                .bind(&f.path)
                .bind(&f.hash)
                .bind(run)
                .bind(t)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await
        })?;
        Ok(())
    }

    /// Claim a content for this worker before reading it: true when the claim is this
    /// worker's (the content is not recorded yet, and nobody else holds a claim on it younger
    /// than `timeout`). The claim ends with the document's transaction
    /// ([`Store::record_document`]).
    pub fn claim(&self, hash: &str, worker: &str, timeout: Duration) -> Result<bool> {
        let t = now();
        let stale = t - i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX / 2);
        let got: Option<(String,)> = on_pool!(self, p => async {
            sqlx::query_as(
                "INSERT INTO claims (hash, worker, claimed_at) \
                 SELECT $1, $2, $3 WHERE NOT EXISTS \
                 (SELECT 1 FROM document_files WHERE hash = $1) \
                 ON CONFLICT (hash) DO UPDATE SET worker = excluded.worker, \
                 claimed_at = excluded.claimed_at \
                 WHERE claims.done = 0 AND \
                 (claims.claimed_at < $4 OR claims.worker = excluded.worker) \
                 RETURNING hash",
            )
            .bind(hash)
            .bind(worker)
            .bind(t)
            .bind(stale)
            .fetch_optional(p)
            .await
        })?;
        Ok(got.is_some())
    }

    /// Release the claims of workers on this host (`host:` prefix) whose process is gone
    /// (`alive` says which pids live): a resumed review need not wait for the timeout.
    pub fn release_dead_claims(&self, host: &str, alive: impl Fn(u32) -> bool) -> Result<usize> {
        let prefix = format!("{host}:");
        let rows: Vec<(String, String)> = on_pool!(self, p => async {
            sqlx::query_as("SELECT hash, worker FROM claims WHERE done = 0")
                .fetch_all(p)
                .await
        })?;
        let mut released = 0;
        for (hash, worker) in rows {
            let Some(pid) = worker
                .strip_prefix(&prefix)
                .and_then(|p| p.parse::<u32>().ok())
            else {
                continue;
            };
            if alive(pid) {
                continue;
            }
            on_pool!(self, p => async {
                sqlx::query("DELETE FROM claims WHERE hash = $1 AND worker = $2 AND done = 0")
                    .bind(&hash)
                    .bind(&worker)
                    .execute(p)
                    .await
                    .map(|_| ())
            })?;
            released += 1;
        }
        Ok(released)
    }

    /// The documents some path holds now, ordered by unit, year, kind and id (those naming no
    /// unit, year or kind after those that do, on either database), each with its paths.
    pub fn current_documents(&self) -> Result<Vec<DocumentRow>> {
        let sql = format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE {CURRENT} \
             ORDER BY d.unit NULLS LAST, d.year NULLS LAST, d.kind NULLS LAST, d.id"
        );
        let mut docs: Vec<DocumentRow> =
            on_pool!(self, p => async { sqlx::query_as(&sql).fetch_all(p).await })?;
        let paths: Vec<(String, String)> = on_pool!(self, p => async {
            sqlx::query_as(
                "SELECT f.document_id, p.path FROM paths p JOIN document_files f \
                 ON f.hash = p.hash ORDER BY f.document_id, p.path",
            )
            .fetch_all(p)
            .await
        })?;
        let mut by_doc: std::collections::HashMap<String, Vec<String>> = Default::default();
        for (d, path) in paths {
            by_doc.entry(d).or_default().push(path);
        }
        for d in &mut docs {
            if let Some(p) = by_doc.get(&d.id) {
                d.paths = p.join("; ");
            }
        }
        Ok(docs)
    }

    /// Every document ever recorded (history included), ordered by id.
    pub fn all_documents(&self) -> Result<Vec<DocumentRow>> {
        let sql = format!("SELECT {DOCUMENT_COLUMNS} FROM documents d ORDER BY d.id");
        Ok(on_pool!(self, p => async { sqlx::query_as(&sql).fetch_all(p).await })?)
    }

    /// The findings of the documents some path holds now (all recorded ones with
    /// `history`), each with the whole decision on its fingerprint; ordered by unit, year,
    /// document and place (each document's findings together, in their order; those of
    /// documents naming no unit or year after the others, on either database: SQLite puts
    /// NULL first by itself, PostgreSQL last).
    pub fn findings(&self, history: bool) -> Result<Vec<FindingRow>> {
        let filter = if history {
            String::new()
        } else {
            format!("WHERE {CURRENT}")
        };
        let sql = format!(
            "SELECT x.document_id, x.seq, x.fingerprint, x.rule, x.severity, x.message, \
             x.message_en, x.file, x.page, x.table_name, x.row_label, x.column_label, \
             x.expected, x.actual, x.difference, d.unit, d.year, d.kind, \
             c.decision, c.note, c.decided_by, c.decided_at \
             FROM findings x JOIN documents d ON d.id = x.document_id \
             LEFT JOIN decisions c ON c.fingerprint = x.fingerprint {filter} \
             ORDER BY d.unit NULLS LAST, d.year NULLS LAST, x.document_id, x.seq"
        );
        Ok(on_pool!(self, p => async { sqlx::query_as(&sql).fetch_all(p).await })?)
    }

    /// Every decision, by fingerprint.
    pub fn decisions(&self) -> Result<Vec<DecisionRow>> {
        Ok(on_pool!(self, p => async {
            sqlx::query_as(
                "SELECT fingerprint, decision, note, decided_by FROM decisions \
                 ORDER BY fingerprint",
            )
            .fetch_all(p)
            .await
        })?)
    }

    /// The full fingerprint a reviewer means by `prefix` (at least the start of one finding's
    /// fingerprint, and of only one).
    pub fn resolve_fingerprint(&self, prefix: &str) -> Result<String> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(Error::NoSuchFingerprint(prefix));
        }
        let like = format!("{prefix}%");
        let rows: Vec<(String,)> = on_pool!(self, p => async {
            sqlx::query_as("SELECT DISTINCT fingerprint FROM findings WHERE fingerprint LIKE $1")
                .bind(&like)
                .fetch_all(p)
                .await
        })?;
        match rows.as_slice() {
            [(one,)] => Ok(one.clone()),
            [] => Err(Error::NoSuchFingerprint(prefix)),
            many => Err(Error::AmbiguousFingerprint(prefix, many.len())),
        }
    }

    /// Record (or replace) the decision on a fingerprint.
    pub fn mark(&self, fingerprint: &str, decision: Decision, note: &str, by: &str) -> Result<()> {
        on_pool!(self, p => async {
            sqlx::query(
                "INSERT INTO decisions (fingerprint, decision, note, decided_by, decided_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (fingerprint) DO UPDATE SET \
                 decision = excluded.decision, note = excluded.note, \
                 decided_by = excluded.decided_by, decided_at = excluded.decided_at",
            )
            .bind(fingerprint)
            .bind(decision.as_str())
            .bind(note)
            .bind(by)
            .bind(now())
            .execute(p)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// The paths and what they held before they changed: (path, old hash), ordered.
    pub fn path_history(&self) -> Result<Vec<(String, String)>> {
        Ok(on_pool!(self, p => async {
            sqlx::query_as("SELECT path, hash FROM path_history ORDER BY path, replaced_at, hash")
                .fetch_all(p)
                .await
        })?)
    }

    /// Every path and the content it holds now, ordered by path.
    pub fn paths(&self) -> Result<Vec<(String, String)>> {
        Ok(on_pool!(self, p => async {
            sqlx::query_as("SELECT path, hash FROM paths ORDER BY path")
                .fetch_all(p)
                .await
        })?)
    }

    /// Close the pool (waits for its connections to finish).
    pub fn close(self) {
        on_pool!(self, p => p.close());
    }
}

/// The machine's name, to tell workers apart in `runs` and `claims`.
pub fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "localhost".to_string())
}

/// A few random bits for a run id (two runs started in the same second by one process id on
/// two machines must differ): the standard library's randomly keyed hasher.
fn rand_u32(salt: usize) -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_usize(salt);
    (h.finish() & 0xffff_ffff) as u32
}
