//! Build the reference budget (`examples/chongqing-jiangbeicheng-2025`) and print what the
//! disclosure contains: the build's notes, every table with its rows, the performance tables
//! and the narrative.
//!
//! ```sh
//! cargo run -p yusuan-build --example reference            # 重庆 layout
//! cargo run -p yusuan-build --example reference shanghai   # 上海 layout
//! cargo run -p yusuan-build --example reference national   # national minimum
//! ```

use std::path::Path;
use yusuan_model::Region;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/chongqing-jiangbeicheng-2025");
    let budget = yusuan_native::read_budget(&dir)?;
    let region = match std::env::args().nth(1).as_deref() {
        Some("shanghai") => Region::Shanghai,
        Some("national") => Region::National,
        _ => Region::Chongqing,
    };
    let built = yusuan_build::build(&budget, region)?;
    for n in &built.report {
        println!("{}：{n}", n.level);
    }
    let d = &built.disclosure;
    for t in &d.tables {
        println!();
        println!(
            "{}（单位：{}）",
            t.display_name(),
            t.unit.map(|u| u.label()).unwrap_or("")
        );
        let heads: Vec<&str> = t.columns.iter().map(|c| c.label.as_str()).collect();
        println!("  {}", heads.join(" | "));
        for r in &t.rows {
            let cells: Vec<&str> = r.cells.iter().map(|c| c.text.as_str()).collect();
            let code = r.code.as_ref().map(|c| c.as_str()).unwrap_or("");
            println!("  {code} {} | {}", r.label, cells.join(" | "));
        }
        if let Some(n) = &t.empty_note {
            println!("  （{}）", n.text);
        }
    }
    for p in &d.performance {
        println!();
        let name = p.name.as_ref().map(|n| n.text.as_str()).unwrap_or("");
        let budget = p
            .budget
            .as_ref()
            .map(|b| b.amount.shown())
            .unwrap_or_default();
        println!(
            "{} {} {name} {budget}（{} 个指标）",
            p.number.as_deref().unwrap_or(""),
            p.title,
            p.indicators.len()
        );
    }
    println!();
    for s in &d.narrative.sections {
        println!(
            "{}{}",
            s.number
                .as_deref()
                .map(|n| if s.level == 1 {
                    format!("{n}、")
                } else {
                    n.to_string()
                })
                .unwrap_or_default(),
            s.title
        );
        if !s.text.is_empty() {
            println!("{}", s.text);
        }
    }
    Ok(())
}
