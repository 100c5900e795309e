//! `yusuan mark FINGERPRINT 确认|不是问题|已整改 --note …`: a reviewer's decision on a finding.
//!
//! The decision is kept by the finding's fingerprint (unit, year, kind, rule, subject,
//! figures), so it holds in every later review of the same document and of a corrected
//! re-publication of it: the finding is shown with the decision, not raised again.

use crate::review::WorkspaceArgs;
use clap::Args;
use std::process::ExitCode;
use yusuan_store::Decision;

#[derive(Args)]
#[command(help_template = crate::HELP_TEMPLATE, next_help_heading = "选项 (options)")]
pub struct MarkArgs {
    /// 检查结果的编号（报告中的「编号」列，可只写开头几位） / the finding's fingerprint (the
    /// reports' 编号 column; a unique prefix will do)
    fingerprint: String,
    /// 审核意见：确认、不是问题、已整改（或 confirmed、not-an-issue、fixed） / the decision
    decision: String,
    /// 说明 / a note
    #[arg(long, default_value = "")]
    note: String,
    /// 审核人（默认为当前用户） / who decided (default: the current user)
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
    #[command(flatten)]
    workspace: WorkspaceArgs,
}

pub fn run(args: MarkArgs) -> ExitCode {
    let Some(decision) = Decision::parse(&args.decision) else {
        eprintln!(
            "yusuan: 未知的审核意见「{}」，可选：确认、不是问题、已整改 (unknown decision; \
             use confirmed, not-an-issue or fixed)",
            args.decision
        );
        return ExitCode::from(2);
    };
    let store = match args.workspace.open() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("yusuan: {e}");
            return ExitCode::from(2);
        }
    };
    let by = args
        .by
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default();
    let marked = store
        .resolve_fingerprint(&args.fingerprint)
        .and_then(|fp| store.mark(&fp, decision, &args.note, &by).map(|()| fp));
    store.close();
    match marked {
        Ok(fp) => {
            println!(
                "{fp}：{}（{}） (marked {})",
                decision.label(),
                if args.note.is_empty() {
                    "无说明"
                } else {
                    &args.note
                },
                decision.as_str()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("yusuan: {e}");
            ExitCode::from(2)
        }
    }
}
