//! `yusuan review` of the corpus PDFs repeated to N files (each copy made distinct), into a fresh workspace, against
//! one-core `yusuan check` of the same files, measured in the same run (issue 11). The two
//! are run in turns, R rounds (each review into a fresh workspace), and the best time of each
//! compared: on a shared virtual machine the host takes CPU time from the guest now and then
//! (steal time, printed), which slows one run or another by up to a third; the best of a few
//! runs is what the program itself costs. Prints every round, the best times, their ratio, each
//! one's peak memory (`/usr/bin/time -f %M` where present), and whether every disclosure's
//! findings (rule, severity, page and message of each) are the same in both.
//!
//! `YUSUAN_BENCH_FILES=1000 cargo bench -p yusuan-cli --bench review` (default 200 files;
//! `YUSUAN_BENCH_ROUNDS`, default 3).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn pdfs(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            pdfs(&p, out);
        } else if p.extension().is_some_and(|e| e == "pdf") {
            out.push(p);
        }
    }
}

/// Run a command; its wall time in seconds, its peak resident memory in MiB when it can be
/// measured, and its standard output.
fn measure(mut cmd: Command) -> (f64, Option<f64>, Vec<u8>) {
    let time = Path::new("/usr/bin/time");
    let rss_file = std::env::temp_dir().join(format!("yusuan-bench-rss-{}", std::process::id()));
    let mut run = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-f").arg("%M").arg("-o").arg(&rss_file);
        c.arg(cmd.get_program());
        c.args(cmd.get_args());
        if let Some(d) = cmd.get_current_dir() {
            c.current_dir(d);
        }
        c
    } else {
        std::mem::replace(&mut cmd, Command::new("true"))
    };
    let start = Instant::now();
    let out = run.output().unwrap();
    let secs = start.elapsed().as_secs_f64();
    assert!(
        out.status.code().is_some_and(|c| c <= 2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rss = std::fs::read_to_string(&rss_file)
        .ok()
        .and_then(|s| s.lines().last()?.trim().parse::<f64>().ok())
        .map(|kib| kib / 1024.0);
    let _ = std::fs::remove_file(&rss_file);
    (secs, rss, out.stdout)
}

/// The machine's CPU time so far, in clock ticks: (all, stolen by the host), from /proc/stat.
fn cpu_ticks() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let cpu: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal …
    Some((cpu.iter().take(8).sum(), *cpu.get(7)?))
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let n = env_number("YUSUAN_BENCH_FILES", 200);
    let rounds = env_number("YUSUAN_BENCH_ROUNDS", 3).max(1);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/pdf");
    let mut sources = Vec::new();
    pdfs(&corpus, &mut sources);
    let dir = tempfile::tempdir().unwrap();
    let files_dir = dir.path().join("files");
    std::fs::create_dir(&files_dir).unwrap();
    let mut files = Vec::new();
    for i in 0..n {
        let src = &sources[i % sources.len()];
        let dst = files_dir.join(format!(
            "{i:05}-{}",
            src.file_name().unwrap().to_string_lossy()
        ));
        // Each copy its own content (a comment after the end of the PDF), so that the review
        // checks every file as check does, rather than recognising a content it has seen.
        let mut bytes = std::fs::read(src).unwrap();
        bytes.extend_from_slice(format!("\n% copy {i}\n").as_bytes());
        std::fs::write(&dst, bytes).unwrap();
        files.push(dst);
    }
    // The copies on disk before anything is timed (their write-back would fall in a run).
    let _ = Command::new("sync").status();
    let exe = env!("CARGO_BIN_EXE_yusuan");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    let ws = dir.path().join("ws.sqlite");
    let mut checks: Vec<(f64, Option<f64>)> = Vec::new();
    let mut reviews: Vec<(f64, Option<f64>)> = Vec::new();
    let mut json = Vec::new();
    let before = cpu_ticks();
    for round in 1..=rounds {
        let mut check = Command::new(exe);
        check
            .arg("check")
            .arg("-j")
            .arg("1")
            .arg("--format")
            .arg("json")
            .args(&files);
        let (secs, rss, out) = measure(check);
        checks.push((secs, rss));
        json = out;

        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", ws.display()));
        }
        let mut review = Command::new(exe);
        review
            .arg("review")
            .arg(&files_dir)
            .arg("--workspace")
            .arg(&ws);
        let (secs, rss, _) = measure(review);
        reviews.push((secs, rss));
        println!(
            "round {round}: check {:.2} s, review {:.2} s ({:.2}x)",
            checks[round - 1].0,
            secs,
            checks[round - 1].0 / secs
        );
    }
    let steal = match (before, cpu_ticks()) {
        (Some((all0, steal0)), Some((all1, steal1))) if all1 > all0 => {
            format!(
                "{:.1}%",
                100.0 * (steal1 - steal0) as f64 / (all1 - all0) as f64
            )
        }
        _ => "?".to_string(),
    };
    let best = |runs: &[(f64, Option<f64>)]| {
        let secs = runs.iter().map(|r| r.0).fold(f64::INFINITY, f64::min);
        let rss = runs
            .iter()
            .filter_map(|r| r.1)
            .fold(None, |m: Option<f64>, r| Some(m.map_or(r, |m| m.max(r))));
        (secs, rss)
    };
    let (check_secs, check_rss) = best(&checks);
    let (review_secs, review_rss) = best(&reviews);

    // File by file: the errors, warnings and infos `check` gives against the workspace's.
    // File by file (a pair of halves as one): the findings `check` gives (rule, severity, page,
    // message) against the workspace's, as multisets.
    type Found = BTreeMap<(String, String, Option<i64>, String), usize>;
    let report: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let mut document_of: BTreeMap<String, String> = BTreeMap::new();
    let mut by_check: BTreeMap<String, Found> = BTreeMap::new();
    for f in report["files"].as_array().unwrap() {
        let mut parts: Vec<String> = match f["parts"].as_array() {
            Some(p) if !p.is_empty() => p.iter().map(|s| s.as_str().unwrap().to_string()).collect(),
            _ => vec![f["file"].as_str().unwrap().to_string()],
        };
        parts.sort();
        let key = parts.join("; ");
        for p in parts {
            document_of.insert(p, key.clone());
        }
        by_check.insert(key, Found::new());
    }
    for f in report["findings"].as_array().unwrap() {
        let location = &f["locations"][0];
        let file = location["file"].as_str().unwrap_or_default();
        let Some(key) = document_of.get(file) else {
            panic!("a finding of no file checked: {f}");
        };
        let found = (
            f["rule"].as_str().unwrap_or_default().to_string(),
            f["severity"].as_str().unwrap_or_default().to_string(),
            location["page"].as_i64(),
            f["message"].as_str().unwrap_or_default().to_string(),
        );
        *by_check
            .entry(key.clone())
            .or_default()
            .entry(found)
            .or_default() += 1;
    }
    let store = yusuan_store::Store::open(&yusuan_store::Target::Sqlite(ws)).unwrap();
    let mut key_of: BTreeMap<String, String> = BTreeMap::new();
    let mut by_review: BTreeMap<String, Found> = BTreeMap::new();
    for d in store.current_documents().unwrap() {
        let mut parts: Vec<&str> = d.paths.split("; ").collect();
        parts.sort_unstable();
        let key = parts.join("; ");
        key_of.insert(d.id.clone(), key.clone());
        by_review.insert(key, Found::new());
    }
    for f in store.findings(false).unwrap() {
        let key = key_of[&f.document_id].clone();
        let found = (f.rule, f.severity, f.page, f.message);
        *by_review.entry(key).or_default().entry(found).or_default() += 1;
    }
    store.close();
    let findings: usize = by_check.values().flat_map(|f| f.values()).sum();
    let differ = by_check
        .iter()
        .filter(|(p, c)| by_review.get(*p) != Some(c))
        .count()
        + by_review
            .keys()
            .filter(|p| !by_check.contains_key(*p))
            .count();

    let mib = |r: Option<f64>| r.map_or("?".to_string(), |m| format!("{m:.0} MiB"));
    println!(
        "files: {n} (corpus PDFs repeated), cores: {cores}, rounds: {rounds}, \
         CPU time stolen by the host meanwhile: {steal}"
    );
    println!(
        "yusuan check (one core):  best {check_secs:.2} s, peak memory {} (highest of the rounds)",
        mib(check_rss)
    );
    println!(
        "yusuan review (all cores): best {review_secs:.2} s, peak memory {} (highest of the rounds)",
        mib(review_rss)
    );
    println!(
        "ratio check/review (best times): {:.2}x",
        check_secs / review_secs
    );
    println!(
        "disclosures whose findings (rule, severity, page, message) differ between check and \
         review: {differ} of {} ({findings} findings)",
        by_check.len()
    );
}
