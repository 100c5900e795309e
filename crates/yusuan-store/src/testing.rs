//! A throwaway PostgreSQL server for tests: `initdb` into a fresh folder, `postgres` listening
//! on a Unix socket in that folder only (no TCP port to collide with), stopped and deleted on
//! drop. Never assumes a server is running. As root (PostgreSQL refuses to run as root) the
//! server runs as the `postgres` user (Debian's package makes it), else `nobody`, through
//! `setpriv`.
//!
//! Where PostgreSQL is not installed, [`TempPostgres::start`] gives `Ok(None)` (the test skips
//! with a message), unless the environment sets `YUSUAN_REQUIRE_TOOLS`, where it is an error
//! (CI installs PostgreSQL and must not skip).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A running throwaway server.
pub struct TempPostgres {
    dir: PathBuf,
    bin: PathBuf,
    child: Option<Child>,
    user: Option<String>,
    next_db: AtomicUsize,
}

const PORT: u16 = 5432;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TempPostgres {
    /// Start a server; `Ok(None)` when PostgreSQL is not installed and
    /// `YUSUAN_REQUIRE_TOOLS` is not set.
    pub fn start() -> Result<Option<TempPostgres>, String> {
        let Some(bin) = find_bin() else {
            if std::env::var_os("YUSUAN_REQUIRE_TOOLS").is_some() {
                return Err("PostgreSQL (initdb, postgres) is not installed, and \
                            YUSUAN_REQUIRE_TOOLS is set: install Debian's `postgresql`"
                    .to_string());
            }
            eprintln!("PostgreSQL is not installed: skipping the PostgreSQL tests");
            return Ok(None);
        };
        let dir = std::env::temp_dir().join(format!(
            "yusuan-pg-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let user = if is_root() {
            let user = ["postgres", "nobody"]
                .into_iter()
                .find(|u| user_ids(u).is_some())
                .ok_or(
                    "running as root, and no `postgres` or `nobody` user to run PostgreSQL as",
                )?;
            let (uid, gid) = user_ids(user).ok_or("no such user")?;
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid))
                .map_err(|e| format!("chown {}: {e}", dir.display()))?;
            Some(user.to_string())
        } else {
            None
        };
        let mut pg = TempPostgres {
            dir,
            bin,
            child: None,
            user,
            next_db: AtomicUsize::new(0),
        };
        let data = pg.dir.join("data");
        let out = pg
            .command("initdb")
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "postgres",
                "-A",
                "trust",
                "-N",
                "-E",
                "UTF8",
                "--locale=C",
            ])
            .output()
            .map_err(|e| format!("initdb: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "initdb failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let log = std::fs::File::create(pg.dir.join("log")).map_err(|e| e.to_string())?;
        let child = pg
            .command("postgres")
            .arg("-D")
            .arg(&data)
            .arg("-k")
            .arg(&pg.dir)
            .args(["-c", "listen_addresses=", "-p", &PORT.to_string()])
            .args(["-c", "fsync=off", "-c", "max_connections=50"])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("postgres: {e}"))?;
        pg.child = Some(child);
        let socket = pg.dir.join(format!(".s.PGSQL.{PORT}"));
        let start = Instant::now();
        loop {
            let ready = socket.exists()
                && Command::new(pg.bin.join("pg_isready"))
                    .arg("-h")
                    .arg(&pg.dir)
                    .args(["-p", &PORT.to_string(), "-q"])
                    .status()
                    .is_ok_and(|s| s.success());
            if ready {
                break;
            }
            if start.elapsed() > Duration::from_secs(60) {
                let log = std::fs::read_to_string(pg.dir.join("log")).unwrap_or_default();
                return Err(format!("PostgreSQL did not start within 60 s: {log}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(Some(pg))
    }

    /// A new empty database on the server; its URL.
    pub fn new_database(&self) -> Result<String, String> {
        let name = format!("t{}", self.next_db.fetch_add(1, Ordering::Relaxed));
        let out = Command::new(self.bin.join("createdb"))
            .arg("-h")
            .arg(&self.dir)
            .args(["-p", &PORT.to_string(), "-U", "postgres", &name])
            .output()
            .map_err(|e| format!("createdb: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "createdb failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(self.url(&name))
    }

    /// The URL of a database on the server.
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://postgres@localhost/{database}?host={}&port={PORT}",
            self.dir.display()
        )
    }

    /// A command of PostgreSQL's, run as the server's user.
    fn command(&self, program: &str) -> Command {
        let exe = self.bin.join(program);
        match &self.user {
            Some(user) => {
                let mut c = Command::new("setpriv");
                c.args([
                    &format!("--reuid={user}"),
                    &format!("--regid={user}"),
                    "--init-groups",
                ])
                .arg(exe);
                c
            }
            None => Command::new(exe),
        }
    }
}

impl Drop for TempPostgres {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if let Some(mut child) = self.child.take() {
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// PostgreSQL's programs: `YUSUAN_PG_BIN`, else Debian's newest `/usr/lib/postgresql/N/bin`,
/// else wherever `initdb` is on the path.
fn find_bin() -> Option<PathBuf> {
    let has = |d: &Path| d.join("initdb").is_file() && d.join("postgres").is_file();
    if let Some(d) = std::env::var_os("YUSUAN_PG_BIN") {
        let d = PathBuf::from(d);
        return has(&d).then_some(d);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((v, e.path().join("bin")))
        })
        .filter(|(_, d)| has(d))
        .collect();
    versions.sort();
    if let Some((_, d)) = versions.pop() {
        return Some(d);
    }
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .find(|d| has(d))
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// A user's (uid, gid) from /etc/passwd.
fn user_ids(name: &str) -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        if f.next()? != name {
            return None;
        }
        let _ = f.next();
        let uid = f.next()?.parse().ok()?;
        let gid = f.next()?.parse().ok()?;
        Some((uid, gid))
    })
}
