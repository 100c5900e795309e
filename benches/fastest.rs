//! The runs of each benchmark, kept for the summary a bench prints after divan's table (the
//! ratio against a recorded baseline, a goal, or a TSV for a script).
//!
//! Why by hand: divan 0.1 prints its statistics and hands none back (`divan::main` returns
//! `()`, its `Stats` are private), and its counters give throughput, not a ratio against a
//! constant. So the benched closure times itself as well, inside divan's own runs: two
//! `Instant::now` and an uncontended lock per run, well under a microsecond against runs of
//! milliseconds. The summary is of the same runs divan measured, not a second measurement.
//! Shared by the benches of several crates (`#[path]`), kept outside them at the workspace root.

// Each bench that includes it uses a part.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What one benchmark's runs came to.
#[derive(Clone, Copy, Debug)]
pub struct Runs {
    pub fastest: Duration,
    pub total: Duration,
    pub count: u32,
}

impl Runs {
    pub fn mean(&self) -> Duration {
        self.total / self.count.max(1)
    }
}

static RUNS: Mutex<BTreeMap<String, Runs>> = Mutex::new(BTreeMap::new());

/// `f`, run once, its time recorded under `key`.
pub fn timed<T>(key: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = f();
    let took = start.elapsed();
    if let Ok(mut runs) = RUNS.lock() {
        match runs.get_mut(key) {
            Some(r) => {
                r.fastest = r.fastest.min(took);
                r.total += took;
                r.count += 1;
            }
            None => {
                runs.insert(
                    key.to_string(),
                    Runs {
                        fastest: took,
                        total: took,
                        count: 1,
                    },
                );
            }
        }
    }
    value
}

/// The runs recorded under `key`, if that benchmark ran (a filter may have left it out).
pub fn runs(key: &str) -> Option<Runs> {
    RUNS.lock().ok()?.get(key).copied()
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
