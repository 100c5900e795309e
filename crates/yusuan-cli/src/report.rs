//! `yusuan report --out DIR`.

use crate::review::WorkspaceArgs;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
#[command(help_template = crate::HELP_TEMPLATE, next_help_heading = "选项 (options)")]
pub struct ReportArgs {
    /// 输出文件夹 / output folder
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    workspace: WorkspaceArgs,
}

pub fn run(args: ReportArgs) -> ExitCode {
    let _ = (&args.out, &args.workspace);
    ExitCode::SUCCESS
}
