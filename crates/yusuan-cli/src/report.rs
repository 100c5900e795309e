//! `yusuan report --out DIR`: the reports of a workspace (issue 11); what they hold is said
//! in [`yusuan_review::report`].

use crate::review::WorkspaceArgs;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use yusuan_review::workspace::report_workspace;

#[derive(Args)]
#[command(help_template = crate::HELP_TEMPLATE, next_help_heading = "选项 (options)")]
pub struct ReportArgs {
    /// 输出文件夹（整个替换） / output folder (replaced as a whole)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    workspace: WorkspaceArgs,
}

pub fn run(args: ReportArgs) -> ExitCode {
    // Relative paths the review recorded are also looked for beside an SQLite workspace.
    let base = args
        .workspace
        .workspace
        .as_deref()
        .and_then(|w| w.parent())
        .map(Path::to_path_buf);
    let written = args.workspace.open().and_then(|store| {
        let r = report_workspace(&args.out, &store, base.as_deref());
        store.close();
        r
    });
    match written {
        Ok(summary) => {
            println!(
                "{}：{} 个单位，{} 份文件，错误 {}、警告 {}，待审核 {}；检查表 {} 份；上年数核对 {} 项，\
                 不一致 {} 项 (reports written)",
                args.out.display(),
                summary.league.len(),
                summary.documents,
                summary.errors,
                summary.warnings,
                summary.pending,
                summary.checklists,
                summary.years_compared,
                summary.years_differing
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("yusuan: {e}");
            ExitCode::from(2)
        }
    }
}
