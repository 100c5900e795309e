//! `yusuan serve`: the portal over the disclosures under the given paths.

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use yusuan_model::Catalog;

#[derive(Args)]
#[command(help_template = crate::HELP_TEMPLATE, next_help_heading = "选项 (options)")]
pub struct ServeArgs {
    /// 公开文件或目录（PDF、DOCX、XLSX、HTML、文本，或原生预算目录） / disclosure files or folders
    paths: Vec<PathBuf>,
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
    if paths.is_empty() {
        eprintln!("yusuan: 请给出公开文件或目录，或用 --demo (give files or folders, or --demo)");
        return ExitCode::from(2);
    }
    eprintln!("yusuan: 正在读取公开文件 (reading disclosures) …");
    let library = yusuan_serve::Library::load(&paths, catalog);
    for r in &library.refused {
        eprintln!("yusuan: 未载入 (not loaded) {}: {}", r.file, r.reason);
    }
    let n = library.entries.len();
    let ready = move |addr: SocketAddr| {
        eprintln!("yusuan: {n} 份公开文件，门户网站已启动 (portal ready): http://{addr}/");
    };
    match yusuan_serve::serve_blocking(library, args.addr, ready) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("yusuan: 无法在 {} 上启动 (cannot serve): {e}", args.addr);
            ExitCode::from(2)
        }
    }
}
