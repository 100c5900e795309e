//! `yusuan serve`: the portal over the review workspace, or over the disclosures under the
//! given paths.

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use yusuan_model::Catalog;
use yusuan_store::{Target, DEFAULT_WORKSPACE};

#[derive(Args)]
#[command(help_template = crate::HELP_TEMPLATE, next_help_heading = "选项 (options)")]
pub struct ServeArgs {
    /// 公开文件或目录（PDF、DOCX、XLSX、HTML、文本，或原生预算目录），启动时读入内存；不给则用审查工作区 / disclosure files or folders, read into memory at start; none: the review workspace
    paths: Vec<PathBuf>,
    /// 审查工作区（SQLite 文件，默认当前目录的 yusuan-review.sqlite） / the review workspace (an SQLite file; default yusuan-review.sqlite here)
    #[arg(long, value_name = "FILE", conflicts_with = "database")]
    workspace: Option<PathBuf>,
    /// PostgreSQL 审查工作区 / a PostgreSQL review workspace (postgres://…)
    #[arg(long, value_name = "URL")]
    database: Option<String>,
    /// 监听地址 / address to listen on
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// 载入示例：示例预算与语料库中的已发布 PDF（在仓库根目录运行） / serve the bundled
    /// example budget and the corpus's published PDFs (run from the repository's root)
    #[arg(long)]
    demo: bool,
}

pub fn run(args: ServeArgs, catalog: &Catalog) -> ExitCode {
    let mut paths = args.paths;
    if args.demo {
        for p in ["examples/chongqing-jiangbeicheng-2025", "corpus/pdf"] {
            let p = PathBuf::from(p);
            if p.is_dir() {
                paths.push(p);
            } else {
                eprintln!(
                    "yusuan: --demo 需要在仓库根目录运行，找不到 {} (run --demo from the repository's root)",
                    p.display()
                );
                return ExitCode::from(2);
            }
        }
    }
    let given = args.workspace.is_some() || args.database.is_some();
    if !paths.is_empty() && given {
        eprintln!(
            "yusuan: 请给出公开文件或审查工作区之一，不要同时给出 (give files or a workspace, not both)"
        );
        return ExitCode::from(2);
    }
    let portal = if paths.is_empty() {
        if !given && !PathBuf::from(DEFAULT_WORKSPACE).is_file() {
            eprintln!(
                "yusuan: 当前目录没有审查工作区 {DEFAULT_WORKSPACE}：请给出公开文件或目录、--workspace FILE、--database URL，或用 --demo \
                 (no review workspace here: give files or folders, --workspace, --database, or --demo)"
            );
            return ExitCode::from(2);
        }
        let target = Target::choose(args.workspace, args.database);
        eprintln!(
            "yusuan: 正在读取审查工作区 (reading the review workspace) {} …",
            target.name()
        );
        let portal = yusuan_serve::Workspace::open(&target, catalog)
            .and_then(yusuan_serve::Portal::from_workspace);
        match portal {
            Ok(p) => p,
            Err(e) => {
                eprintln!("yusuan: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        eprintln!("yusuan: 正在读取公开文件 (reading disclosures) …");
        yusuan_serve::Portal::new(yusuan_serve::Library::load(&paths, catalog))
    };
    let library = portal.library();
    for r in &library.refused {
        eprintln!("yusuan: 未载入 (not loaded) {}: {}", r.file, r.reason);
    }
    let n = library.entries.len();
    if let (Some(ws), 0) = (&library.workspace, n) {
        eprintln!(
            "yusuan: 审查工作区 {ws} 中还没有公开文件：先用 `yusuan review 目录` 审查 \
             (the workspace holds no disclosure yet: run `yusuan review FOLDER` first)"
        );
    }
    drop(library);
    let ready = move |addr: SocketAddr| {
        eprintln!("yusuan: {n} 份公开文件，门户网站已启动 (portal ready): http://{addr}/");
    };
    // A review or a decision made while the portal runs shows up within seconds.
    portal.watch(std::time::Duration::from_secs(5));
    match yusuan_serve::serve_portal_blocking(portal, args.addr, ready) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("yusuan: 无法在 {} 上启动 (cannot serve): {e}", args.addr);
            ExitCode::from(2)
        }
    }
}
