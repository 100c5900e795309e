//! The `yusuan` command line. Thin: every command calls the library crates and prints.

// The importers and rules allocate many small strings and vectors; mimalloc makes that
// cheaper than the system allocator, and more so on many threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod build;
mod check;
mod import;
mod input;
mod mark;
mod profiles;
mod report;
mod review;
mod rules;
mod serve;

use clap::{ArgAction, Parser, Subcommand, ValueEnum};
use std::borrow::Cow;
use std::path::PathBuf;
use std::process::ExitCode;
use yusuan_model::Catalog;

/// yusuan（预算）：部门预算公开的导入、检查与生成。
/// Import, check and build Chinese departmental budget disclosures (部门预算公开).
#[derive(Parser)]
#[command(
    name = "yusuan",
    version,
    // Help in both languages: clap's own help flag, version flag and help subcommand speak
    // English only, so they are replaced by these.
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "命令 (commands)",
    subcommand_value_name = "命令 (COMMAND)",
    help_template = HELP_TEMPLATE,
    next_help_heading = "选项 (options)"
)]
struct Cli {
    /// 显示帮助 / print help
    #[arg(short, long, global = true, action = ArgAction::Help)]
    help: Option<bool>,
    /// 显示版本 / print version
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,

    /// 追加的科目目录（CSV：code,name[,level,year,first_year,last_year,scheme,alt_names]）。
    /// Extra classification catalogue to load (for example the official one for a year).
    #[arg(long, global = true, value_name = "FILE")]
    catalog: Vec<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

/// Every command's help: the usage line headed in both languages.
pub const HELP_TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法 (usage): {usage}\n\n{all-args}{after-help}";

#[derive(Subcommand)]
enum Command {
    /// 导入一份公开文件，报告读到的内容和未识别的行。
    /// Import a published disclosure and report what was read and every line not understood.
    Import(import::ImportArgs),
    /// 检查公开文件：找出表内、表间、说明与表格之间的每一处不一致。
    /// Check disclosures against the rule catalogue. Exit 0: no errors; 1: errors; 2: unreadable.
    Check(check::CheckArgs),
    /// 批量审查：检查文件夹下的全部公开文件，结果存入工作区，可中断后继续。
    /// Review every disclosure under the paths into a workspace (resumable).
    Review(review::ReviewArgs),
    /// 记录对一条检查结果的审核意见：确认、不是问题、已整改。
    /// Record a reviewer's decision on a finding (by its fingerprint).
    Mark(mark::MarkArgs),
    /// 由工作区写出报告：单位排名表、全部检查结果（XLSX、CSV）、JSON 摘要、HTML 图表页。
    /// Write the reports of a workspace: league table, findings, summary, HTML page.
    Report(report::ReportArgs),
    /// 由预算数据生成完整的公开文件（HTML、PDF、Word、Excel、Markdown、CSV、JSON）。
    /// Build the whole disclosure from a budget, in every format units publish.
    Build(build::BuildArgs),
    /// 写出单位预算数据工作簿的空白模板（XLSX），填好后可用 `yusuan build` 生成公开文件。
    /// Write the blank workbook template for a unit's budget data.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项 (options)")]
    Template {
        /// 输出文件 / output file
        #[arg(short, long, default_value = "yusuan-预算数据模板.xlsx")]
        output: std::path::PathBuf,
    },
    /// 列出检查规则及其说明 / list the rules and their documentation
    Rules(rules::RulesArgs),
    /// 列出公开规范（各地区、各类公开文件的表、标题、章节） / list the profiles (kinds of disclosure)
    Profiles(profiles::ProfilesArgs),
    /// 启动门户网站：公开文件、图表、比较、排名与下载（HTTP）。
    /// Serve the portal: disclosures, charts, comparisons, rankings and downloads over HTTP.
    Serve(serve::ServeArgs),
}

/// Output format of a report.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 可读文本 (human-readable text)
    Text,
    /// JSON
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The one catalogue of the run, passed to every command that compares codes and names.
    let catalog = match load_catalog(&cli.catalog) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("yusuan: {e}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Import(args) => import::run(args, &catalog),
        Command::Check(args) => check::run(args, &catalog),
        Command::Build(args) => build::run(args, &catalog),
        Command::Review(args) => review::run(args, &catalog),
        Command::Mark(args) => mark::run(args),
        Command::Report(args) => report::run(args),
        Command::Template { output } => {
            match std::fs::write(&output, yusuan_workbook::template()) {
                Ok(()) => {
                    println!("{}", output.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("yusuan: {}: 无法写入 (cannot write): {e}", output.display());
                    ExitCode::from(2)
                }
            }
        }
        Command::Rules(args) => rules::run(args),
        Command::Profiles(args) => profiles::run(args),
        Command::Serve(args) => serve::run(args, &catalog),
    }
}

/// The catalogue of the run: the embedded one, with the user's files (`--catalog`) loaded on
/// top of a copy of it. A file that cannot be read or has a bad row is an error naming it.
fn load_catalog(paths: &[PathBuf]) -> Result<Cow<'static, Catalog>, String> {
    if paths.is_empty() {
        return Ok(Cow::Borrowed(Catalog::embedded()));
    }
    let mut cat = Catalog::embedded().clone();
    for p in paths {
        let name = p.display().to_string();
        let text = std::fs::read_to_string(p)
            .map_err(|e| format!("{name}: 无法读取科目目录 (cannot read catalogue): {e}"))?;
        cat.load_csv(&text, &name, None)
            .map_err(|e| e.to_string())?;
    }
    Ok(Cow::Owned(cat))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
