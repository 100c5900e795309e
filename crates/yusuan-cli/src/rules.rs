//! `yusuan rules`: the rule reference, generated from the rules' own documentation.

use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
#[command(help_template = crate::HELP_TEMPLATE, next_help_heading = "选项 (options)")]
pub struct RulesArgs {
    /// 输出完整 Markdown 参考（docs/rules.md 即由此生成） / print the full Markdown reference
    #[arg(long)]
    markdown: bool,
    /// 只显示这条规则 / show one rule by code or name
    rule: Option<String>,
}

pub fn run(args: RulesArgs) -> ExitCode {
    if args.markdown {
        print!("{}", yusuan_check::reference_markdown());
        return ExitCode::SUCCESS;
    }
    if let Some(want) = &args.rule {
        let known = yusuan_check::rules::all()
            .iter()
            .any(|r| r.info().code.eq_ignore_ascii_case(want) || r.info().name == want);
        if !known {
            eprintln!(
                "没有规则「{want}」；`yusuan rules` 列出全部规则 (no rule {want}; `yusuan rules` lists them)"
            );
            return ExitCode::from(2);
        }
    }
    for r in yusuan_check::rules::all() {
        let i = r.info();
        if let Some(want) = &args.rule {
            if !i.code.eq_ignore_ascii_case(want) && i.name != want {
                continue;
            }
            println!(
                "{} {} [{} · {}]\n\n{}\n",
                i.code,
                i.name,
                i.category.label(),
                i.severity.label(),
                i.doc_text()
            );
            continue;
        }
        println!(
            "{}  {:<7} {:<6} {:<36} {}",
            i.code,
            i.severity.label_en(),
            i.category.label(),
            i.name,
            i.summary()
        );
    }
    ExitCode::SUCCESS
}
