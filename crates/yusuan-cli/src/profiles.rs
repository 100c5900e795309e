//! `yusuan profiles`: the kinds of disclosure (profiles), from the profile crate's data; and the
//! `--profile ID` choice shared by `import`, `check` and `build`.

use clap::Args;
use std::process::ExitCode;
use yusuan_profile::{Presence, Profile};

#[derive(Args)]
#[command(help_template = crate::HELP_TEMPLATE, next_help_heading = "选项 (options)")]
pub struct ProfilesArgs {
    /// 输出完整 Markdown 参考（docs/profiles.md 即由此生成） / print the full Markdown reference
    #[arg(long)]
    markdown: bool,
    /// 只显示这个规范 / show one profile by id
    profile: Option<String>,
}

/// The profile `--profile ID` names; an unknown id is an error that lists the known ones.
pub fn chosen(id: Option<&str>) -> Result<Option<&'static Profile>, String> {
    let Some(id) = id else { return Ok(None) };
    yusuan_profile::by_id(id).map(Some).ok_or_else(|| {
        format!(
            "未知的规范 (unknown profile) `{id}`；可选 (known): {}",
            yusuan_profile::ids().join(", ")
        )
    })
}

pub fn run(args: ProfilesArgs) -> ExitCode {
    if args.markdown {
        print!("{}", yusuan_profile::reference::reference_markdown());
        return ExitCode::SUCCESS;
    }
    if let Some(id) = &args.profile {
        let p = match chosen(Some(id)) {
            Ok(Some(p)) => p,
            Ok(None) => return ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("yusuan: {e}");
                return ExitCode::from(2);
            }
        };
        print!("{}", describe(p));
        return ExitCode::SUCCESS;
    }
    for p in yusuan_profile::all() {
        let required = p
            .tables
            .iter()
            .filter(|t| t.presence == Presence::Required)
            .count();
        println!(
            "{:<20} {:<14} {:<6} 表 {:>2}（必有 {:>2}）  章节 {:>2}  {}",
            p.id,
            p.name,
            p.money_unit.label(),
            p.tables.len(),
            required,
            p.sections.len(),
            p.description
        );
    }
    ExitCode::SUCCESS
}

fn describe(p: &Profile) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "{} — {} ({})", p.id, p.name, p.name_en);
    if !p.description.is_empty() {
        let _ = writeln!(s, "{}", p.description);
    }
    let _ = writeln!(s, "\n表 (tables):");
    for t in &p.tables {
        let _ = writeln!(
            s,
            "  {} {:<36} {}",
            t.presence.label(),
            t.display(),
            if t.titles.is_empty() {
                String::new()
            } else {
                format!("（{}）", t.titles.join("；"))
            }
        );
    }
    let _ = writeln!(s, "\n情况说明 (narrative parts):");
    for sec in &p.sections {
        let _ = writeln!(
            s,
            "  {} {:<24} 「{}」",
            sec.presence.label(),
            sec.name,
            sec.titles.join("」「")
        );
    }
    s
}
