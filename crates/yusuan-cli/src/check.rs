//! `yusuan check FILE…`: run the rule catalogue over one or more disclosures.

use crate::input::read_disclosure;
use clap::{Args, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use yusuan_check::output::{self, Lang};
use yusuan_check::{Config, FileReport, Severity};

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// 可读文本，按表分组 (readable, grouped by table)
    Text,
    Json,
    /// SARIF 2.1.0
    Sarif,
    Csv,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Args)]
pub struct CheckArgs {
    /// 公开文件 / disclosure files
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value = "text")]
    format: CheckFormat,
    /// 消息语言 / message language
    #[arg(long, value_enum, default_value = "zh")]
    lang: LangArg,
    /// 规则配置文件（默认读取当前目录的 yusuan.toml） / rule configuration (default: ./yusuan.toml if present)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 不显示提示级别（如取舍差异） / hide info-level findings (such as rounding differences)
    #[arg(long)]
    no_info: bool,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let config = match load_config(args.config.as_ref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("yusuan: {e}");
            return ExitCode::from(2);
        }
    };
    let lang = match args.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let mut reports = Vec::new();
    for f in &args.files {
        let name = f.display().to_string();
        match read_disclosure(f) {
            Ok(d) => {
                let mut findings = yusuan_check::check(&d, &config);
                if args.no_info {
                    findings.retain(|f| f.severity != Severity::Info);
                }
                reports.push(FileReport {
                    file: name,
                    unit: d.meta.unit.name.clone(),
                    year: d.meta.year,
                    findings,
                    error: None,
                });
            }
            Err(e) => reports.push(FileReport {
                file: name,
                unit: None,
                year: None,
                findings: Vec::new(),
                error: Some(e),
            }),
        }
    }
    let out = match args.format {
        CheckFormat::Text => output::text(&reports, lang, std::io::stdout().is_terminal()),
        CheckFormat::Json => output::json(&reports, lang),
        CheckFormat::Sarif => output::sarif(&reports, lang),
        CheckFormat::Csv => output::csv(&reports, lang),
    };
    print!("{out}");
    if !out.ends_with('\n') {
        println!();
    }
    let summary = output::summarize(&reports);
    if summary.unreadable > 0 {
        ExitCode::from(2)
    } else if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn load_config(path: Option<&PathBuf>) -> Result<Config, String> {
    let (path, required) = match path {
        Some(p) => (p.clone(), true),
        None => (PathBuf::from("yusuan.toml"), false),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Config::parse(&text, &path.display().to_string()).map_err(|e| e.to_string()),
        Err(_) if !required => Ok(Config::default()),
        Err(e) => Err(format!(
            "{}: 无法读取配置文件 (cannot read config): {e}",
            path.display()
        )),
    }
}
