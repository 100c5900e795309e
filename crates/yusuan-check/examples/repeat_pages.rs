//! Writes a PDF made of another's pages repeated: `repeat_pages IN.pdf TIMES OUT.pdf` (the
//! documents the scaling benchmark measures, for a profiler or the command line).
#[path = "../benches/support/repeat.rs"]
mod repeat;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let (Some(input), Some(times), Some(output)) = (a.get(1), a.get(2), a.get(3)) else {
        eprintln!("usage: repeat_pages IN.pdf TIMES OUT.pdf");
        std::process::exit(2);
    };
    let Ok(times) = times.parse::<usize>() else {
        eprintln!("TIMES must be a whole number: {times}");
        std::process::exit(2);
    };
    let result = std::fs::read(input)
        .map_err(|e| e.to_string())
        .and_then(|bytes| {
            repeat::repeat_pages(&bytes, times).ok_or_else(|| "lopdf cannot rewrite it".into())
        })
        .and_then(|out| std::fs::write(output, out).map_err(|e| e.to_string()));
    if let Err(e) = result {
        eprintln!("{input}: {e}");
        std::process::exit(2);
    }
}
