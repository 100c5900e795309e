//! `yusuan report --out DIR`: the reports of a workspace (issue 11); what they hold is said
//! in [`yusuan_review::report`].

use crate::review::WorkspaceArgs;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use yusuan_review::report::write_reports;

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
    let written = args
        .workspace
        .open()
        .and_then(|store| {
            let docs = store.current_documents().map_err(|e| e.to_string());
            let findings = store.findings(false).map_err(|e| e.to_string());
            store.close();
            Ok((docs?, findings?))
        })
        .and_then(|(docs, findings)| write_reports(&args.out, &docs, &findings));
    match written {
        Ok(summary) => {
            println!(
                "{}：{} 个单位，{} 份文件，错误 {}、警告 {}，待审核 {} (reports written)",
                args.out.display(),
                summary.league.len(),
                summary.documents,
                summary.errors,
                summary.warnings,
                summary.pending
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("yusuan: {e}");
            ExitCode::from(2)
        }
    }
}
