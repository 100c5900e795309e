//! `yusuan import FILE`: read a disclosure, report what was read, optionally write JSON or the
//! native source form.

use crate::input::read_disclosure;
use crate::Format;
use clap::Args;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use yusuan_model::{Catalog, DiagnosticSeverity, Disclosure, Known, PerformanceKind};

#[derive(Args)]
#[command(help_template = crate::HELP_TEMPLATE, next_help_heading = "选项 (options)")]
pub struct ImportArgs {
    /// 公开文件（文本） / the disclosure file (text form)
    file: PathBuf,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// 写出原生预算目录（TOML + CSV） / write the budget in the native source form to DIR
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// 按此规范读（默认由内容判断；`yusuan profiles` 列出可选的规范） / the kind of disclosure
    /// (profile) to read it as (default: told by the content; `yusuan profiles` lists them)
    #[arg(long, value_name = "ID")]
    profile: Option<String>,
}

pub fn run(args: ImportArgs, catalog: &Catalog) -> ExitCode {
    let chosen = match crate::profiles::chosen(args.profile.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("yusuan: {e}");
            return ExitCode::from(2);
        }
    };
    let mut d = match read_disclosure(&args.file, catalog) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("yusuan: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(p) = chosen {
        d.meta.profile = Some(p.id.clone());
    }
    let profile = yusuan_check::profile::choice(&d, chosen.is_some());
    let (budget, notes) = yusuan_convert::budget_from_disclosure(&d, catalog);
    if let Some(dir) = &args.output {
        if let Err(e) = yusuan_native::write_budget(&budget, dir) {
            eprintln!("yusuan: {e}");
            return ExitCode::from(2);
        }
    }
    match args.format {
        Format::Json => {
            let out = serde_json::json!({
                "schema": "yusuan/import/1",
                "profile": &profile,
                "disclosure": &d,
                "budget": &budget,
                "conversion_notes": &notes,
            });
            match serde_json::to_string_pretty(&out) {
                Ok(s) => println!("{s}"),
                Err(e) => {
                    eprintln!("yusuan: JSON: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        Format::Text => print!("{}", summary(&d, &profile)),
    }
    if let Some(dir) = &args.output {
        eprintln!(
            "已写出原生预算目录 (wrote native budget): {}",
            dir.display()
        );
    }
    ExitCode::SUCCESS
}

/// A readable account of what was imported, ending with every line not understood.
pub fn summary(d: &Disclosure, profile: &yusuan_check::profile::Choice) -> String {
    let mut s = String::new();
    let m = &d.meta;
    let _ = writeln!(
        s,
        "文件 {} ({}，{} 行{})",
        d.source.file,
        d.source.format,
        d.source.lines,
        d.source
            .pages
            .map(|p| format!("，{p} 页"))
            .unwrap_or_default()
    );
    let _ = writeln!(
        s,
        "单位 {}{}  年度 {}  {}",
        m.unit
            .code
            .as_deref()
            .map(|c| format!("{c} "))
            .unwrap_or_default(),
        m.unit.name.as_deref().unwrap_or("（未识别）"),
        m.year
            .map(|y| y.to_string())
            .unwrap_or_else(|| "（未识别）".into()),
        m.kind.label()
    );
    let _ = writeln!(
        s,
        "规范 (profile): {} ({}) — {}",
        profile.name, profile.id, profile.reason
    );
    let _ = writeln!(s, "\n表格 {} 张：", d.tables.len());
    for t in &d.tables {
        let unknown = t
            .rows
            .iter()
            .filter(|r| matches!(r.catalog, Some(Known::Unknown)))
            .count();
        let differs = t
            .rows
            .iter()
            .filter(|r| matches!(r.catalog, Some(Known::NameDiffers { .. })))
            .count();
        let _ = write!(
            s,
            "  {:<40} {:>3} 行  第 {} 行起",
            t.display_name(),
            t.rows.len(),
            t.prov.line.unwrap_or(0)
        );
        if t.empty_note.is_some() {
            s.push_str("  （空表，有说明）");
        }
        if unknown > 0 {
            let _ = write!(s, "  目录外编码 {unknown}");
        }
        if differs > 0 {
            let _ = write!(s, "  名称与目录不同 {differs}");
        }
        s.push('\n');
    }
    let count = |k: PerformanceKind| d.performance.iter().filter(|p| p.kind == k).count();
    let indicators: usize = d.performance.iter().map(|p| p.indicators.len()).sum();
    let _ = writeln!(
        s,
        "\n绩效目标表：整体 {}，重点专项 {}，项目 {}（指标共 {} 个）",
        count(PerformanceKind::Overall),
        count(PerformanceKind::KeyProject),
        count(PerformanceKind::Project),
        indicators
    );
    let _ = writeln!(
        s,
        "说明：章节 {}，金额 {}，数量 {}",
        d.narrative.sections.len(),
        d.narrative.facts.len(),
        d.narrative.counts.len()
    );
    let c = &d.coverage;
    let _ = writeln!(
        s,
        "\n覆盖：共 {} 行，读入 {}，空行 {}，略过 {}，未识别 {}",
        c.total_lines,
        c.understood_lines,
        c.blank_lines,
        c.ignored_lines,
        c.unexplained.len()
    );
    for u in &c.unexplained {
        let _ = writeln!(
            s,
            "  {}:{}  {}  「{}」",
            d.source.file, u.line, u.reason, u.text
        );
    }
    if !d.diagnostics.is_empty() {
        let _ = writeln!(s, "\n导入问题 {} 个：", d.diagnostics.len());
        for g in &d.diagnostics {
            let sev = match g.severity {
                DiagnosticSeverity::Error => "错误",
                DiagnosticSeverity::Warning => "警告",
                DiagnosticSeverity::Info => "提示",
            };
            let _ = writeln!(s, "  {sev} {}  {}", g.prov, g.message);
        }
    }
    s
}
