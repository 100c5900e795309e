//! Prints the narrative as the importer read it: every fact (its key, amount, change and reasons,
//! page and clause), every count, and the reading diagnostics. For looking at what the narrative
//! reader understood.
//!
//! `cargo run -p yusuan-import --example facts -- FILE [FILE2]` (two files are one disclosure).

use std::process::ExitCode;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: facts FILE [FILE2]");
        return ExitCode::from(2);
    }
    let mut parts = Vec::new();
    for path in &paths {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::from(2);
            }
        };
        match yusuan_import::import_file(path, &bytes) {
            Ok(d) => parts.push(d),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let Some(d) = yusuan_import::combine(parts) else {
        return ExitCode::FAILURE;
    };
    for f in &d.narrative.facts {
        let page = f.prov.page.map(|p| p.to_string()).unwrap_or_default();
        let amount = f.amount.map(|a| a.to_string()).unwrap_or_default();
        let change = f
            .change
            .as_ref()
            .map(|c| {
                let mut s = format!(
                    " {}{}{}",
                    c.direction.label(),
                    c.amount.map(|a| a.to_string()).unwrap_or_default(),
                    c.percent.as_deref().unwrap_or("")
                );
                for r in &c.reasons {
                    s.push_str(&format!(
                        " [{}{}{}]",
                        r.label,
                        r.direction.label(),
                        r.amount.map(|a| a.to_string()).unwrap_or_default()
                    ));
                }
                s
            })
            .unwrap_or_default();
        println!(
            "p{page:<3} {:?} = {amount}{change}\n      「{}」",
            f.key, f.text
        );
    }
    for c in &d.narrative.counts {
        let page = c.prov.page.map(|p| p.to_string()).unwrap_or_default();
        println!("p{page:<3} {:?} = {} 「{}」", c.key, c.value, c.text);
    }
    if std::env::var_os("SECTIONS").is_some() {
        for s in &d.narrative.sections {
            let page = s.prov.page.map(|p| p.to_string()).unwrap_or_default();
            println!(
                "section p{page:<3} L{} {}{}",
                s.level,
                s.number.as_deref().unwrap_or(""),
                s.title
            );
        }
    }
    if std::env::var_os("TABLES").is_some() {
        for t in &d.tables {
            let page = t.prov.page.map(|p| p.to_string()).unwrap_or_default();
            println!(
                "table p{page} {:?} {} doubt={:?}",
                t.kind,
                t.display_name(),
                t.doubt
            );
            for r in &t.rows {
                let cells: Vec<String> = r
                    .cells
                    .iter()
                    .map(|c| {
                        format!(
                            "{:?}={}{}",
                            c.column,
                            c.amount
                                .map(|a| a.to_string())
                                .unwrap_or_else(|| "_".into()),
                            if c.doubtful { "?" } else { "" }
                        )
                    })
                    .collect();
                let code = r.code.as_ref().map(|c| c.to_string()).unwrap_or_default();
                println!(
                    "   {:?}/{:?} {code} {} | {}",
                    r.kind,
                    r.side,
                    r.label,
                    cells.join(" ")
                );
            }
        }
    }
    for g in &d.diagnostics {
        let page = g.prov.page.map(|p| p.to_string()).unwrap_or_default();
        println!("diag p{page} {:?} {}", g.severity, g.message);
    }
    ExitCode::SUCCESS
}
