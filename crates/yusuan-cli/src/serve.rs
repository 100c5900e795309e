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
    /// 建立账户后退出，密码从标准输入读取（终端上不回显） / create an account and exit; the
    /// password is read from standard input (not echoed on a terminal)
    #[arg(long, value_name = "NAME", requires = "role")]
    create_user: Option<String>,
    /// 账户角色：reviewer（审核）、unit（单位）、admin（管理） / the account's role
    #[arg(long, value_name = "ROLE", requires = "create_user")]
    role: Option<String>,
    /// 单位账户所属单位的名称（与公开文件中的单位名称一致） / a unit account's unit, as its
    /// disclosures name it
    #[arg(long, value_name = "单位名", requires = "create_user")]
    unit: Option<String>,
    /// 重设账户密码后退出（该账户的会话全部结束），新密码从标准输入读取 / set an account's
    /// password and exit (its sessions end); read as for --create-user
    #[arg(long, value_name = "NAME", conflicts_with = "create_user")]
    set_password: Option<String>,
    /// 门户经 HTTPS 提供（反向代理之后）：会话 Cookie 加 Secure / the portal is reached over
    /// HTTPS (behind a proxy): the session cookie is marked Secure
    #[arg(long)]
    behind_tls: bool,
    /// 上传文件的保存目录（默认：工作区旁的 yusuan-uploads） / where uploads are kept (default:
    /// yusuan-uploads beside the workspace)
    #[arg(long, value_name = "DIR")]
    uploads: Option<PathBuf>,
}

/// The password of a new account: twice without echo on a terminal, else one line of stdin.
fn read_password() -> Result<String, String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let a = rpassword::prompt_password("密码 (password): ").map_err(|e| e.to_string())?;
        let b = rpassword::prompt_password("再输入一次 (again): ").map_err(|e| e.to_string())?;
        if a != b {
            return Err("两次输入的密码不同 (the passwords differ)".to_string());
        }
        Ok(a)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

fn open_store(args: &ServeArgs) -> Result<yusuan_store::Store, ExitCode> {
    let target = Target::choose(args.workspace.clone(), args.database.clone());
    yusuan_store::Store::open(&target).map_err(|e| {
        eprintln!("yusuan: {e}");
        ExitCode::from(2)
    })
}

fn create_user(args: &ServeArgs, name: &str) -> ExitCode {
    let role = args.role.as_deref().unwrap_or_default();
    let Some(role) = yusuan_store::Role::parse(role) else {
        eprintln!(
            "yusuan: 未知角色「{role}」，可选 reviewer（审核）、unit（单位）、admin（管理） (unknown role)"
        );
        return ExitCode::from(2);
    };
    let password = match read_password() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("yusuan: 无法读取密码 (cannot read the password): {e}");
            return ExitCode::from(2);
        }
    };
    let store = match open_store(args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let made = store.create_user(name, &password, role, args.unit.as_deref());
    store.close();
    match made {
        Ok(u) => {
            println!(
                "已建立账户「{}」（{}{}） (account created: {})",
                u.name,
                u.role.label(),
                u.unit.map(|u| format!(" · {u}")).unwrap_or_default(),
                u.role.as_str()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("yusuan: {e}");
            ExitCode::from(2)
        }
    }
}

fn set_password(args: &ServeArgs, name: &str) -> ExitCode {
    let password = match read_password() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("yusuan: 无法读取密码 (cannot read the password): {e}");
            return ExitCode::from(2);
        }
    };
    let store = match open_store(args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let set = store.set_password(name, &password);
    store.close();
    match set {
        Ok(true) => {
            println!("已重设「{name}」的密码，其会话均已结束 (password set; sessions ended)");
            ExitCode::SUCCESS
        }
        Ok(false) => {
            eprintln!("yusuan: 没有账户「{name}」(no such account)");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("yusuan: {e}");
            ExitCode::from(2)
        }
    }
}

/// The accounts of the workspace the portal serves: its own connection to it, and uploads kept
/// beside it.
fn accounts(
    args: &ServeArgs,
    target: &Target,
    catalog: &Catalog,
) -> Result<yusuan_serve::auth::Accounts, String> {
    let store = yusuan_store::Store::open(target).map_err(|e| e.to_string())?;
    let uploads = args.uploads.clone().unwrap_or_else(|| match target {
        Target::Sqlite(file) => file
            .parent()
            .map(|p| p.join("yusuan-uploads"))
            .unwrap_or_else(|| PathBuf::from("yusuan-uploads")),
        Target::Postgres(_) => PathBuf::from("yusuan-uploads"),
    });
    // Absolute: the workspace records each upload under this path.
    let uploads =
        std::path::absolute(&uploads).map_err(|e| format!("{}: {e}", uploads.display()))?;
    let mut settings = yusuan_serve::auth::Settings::new(uploads, catalog.clone());
    settings.secure_cookie = args.behind_tls;
    Ok(yusuan_serve::auth::Accounts {
        store: std::sync::Arc::new(store),
        settings,
    })
}

/// The demo's workspace: the example budget (built and laid out as a PDF, as `yusuan build`
/// does) and the corpus's published PDFs, reviewed into an SQLite workspace in a temporary
/// folder. Run from the repository's root.
fn demo_workspace(catalog: &Catalog) -> Result<(tempfile::TempDir, Target), String> {
    let example = PathBuf::from("examples/chongqing-jiangbeicheng-2025");
    let corpus = PathBuf::from("corpus/pdf");
    for p in [&example, &corpus] {
        if !p.is_dir() {
            return Err(format!(
                "--demo 需要在仓库根目录运行，找不到 {} (run --demo from the repository's root)",
                p.display()
            ));
        }
    }
    let dir = tempfile::Builder::new()
        .prefix("yusuan-demo-")
        .tempdir()
        .map_err(|e| format!("无法创建临时文件夹 (cannot create a temporary folder): {e}"))?;
    let budget = crate::input::read_budget(&example, catalog)?;
    let built = yusuan_build::build(&budget, budget.region).map_err(|e| e.to_string())?;
    let pdf = yusuan_render_pdf::render(&built.disclosure, &yusuan_render_pdf::FontSource::Bundled)
        .map_err(|e| e.to_string())?;
    let stem = yusuan_review::checklists::file_stem(
        budget.unit.name.as_deref(),
        Some(i64::from(budget.year)),
        "预算",
    );
    let example_pdf = dir.path().join(format!("{stem}.pdf"));
    std::fs::write(&example_pdf, pdf)
        .map_err(|e| format!("{}: 无法写出 (cannot write): {e}", example_pdf.display()))?;
    let target = Target::Sqlite(dir.path().join("demo.sqlite"));
    eprintln!("yusuan: 正在审查示例与语料库 (reviewing the example and the corpus) …");
    let config = yusuan_check::Config::default();
    let options = yusuan_review::Options {
        config: &config,
        catalog,
        profile: None,
        jobs: None,
        claim_timeout: std::time::Duration::from_secs(600),
        time_limit: Some(yusuan_review::pipeline::DEFAULT_TIME_LIMIT),
    };
    yusuan_review::review(&target, &[example_pdf, corpus], &options, &mut |_| {})?;
    Ok((dir, target))
}

pub fn run(args: ServeArgs, catalog: &Catalog) -> ExitCode {
    if let Some(name) = &args.create_user {
        return create_user(&args, name);
    }
    if let Some(name) = &args.set_password {
        return set_password(&args, name);
    }
    let paths = args.paths.clone();
    // --demo: a workspace in a temporary folder, gone when the portal stops.
    let mut demo: Option<(tempfile::TempDir, Target)> = None;
    if args.demo {
        if !paths.is_empty() || args.workspace.is_some() || args.database.is_some() {
            eprintln!("yusuan: --demo 不与文件或工作区同用 (--demo takes no files or workspace)");
            return ExitCode::from(2);
        }
        match demo_workspace(catalog) {
            Ok(d) => demo = Some(d),
            Err(e) => {
                eprintln!("yusuan: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let given = args.workspace.is_some() || args.database.is_some() || demo.is_some();
    if !paths.is_empty() && given {
        eprintln!(
            "yusuan: 请给出公开文件或审查工作区之一，不要同时给出 (give files or a workspace, not both)"
        );
        return ExitCode::from(2);
    }
    // Accounts, sign-in and uploads come with a workspace.
    let mut signed_in = None;
    let portal = if paths.is_empty() {
        if !given && !PathBuf::from(DEFAULT_WORKSPACE).is_file() {
            eprintln!(
                "yusuan: 当前目录没有审查工作区 {DEFAULT_WORKSPACE}：请给出公开文件或目录、--workspace FILE、--database URL，或用 --demo \
                 (no review workspace here: give files or folders, --workspace, --database, or --demo)"
            );
            return ExitCode::from(2);
        }
        let target = match &demo {
            Some((_, t)) => t.clone(),
            None => Target::choose(args.workspace.clone(), args.database.clone()),
        };
        match accounts(&args, &target, catalog) {
            Ok(a) => signed_in = Some(a),
            Err(e) => {
                eprintln!("yusuan: {e}");
                return ExitCode::from(2);
            }
        }
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
    let served = match signed_in {
        Some(accounts) => {
            eprintln!(
                "yusuan: 可登录、上传；上传的文件保存在 {} (sign-in and uploads; uploads kept there)",
                accounts.settings.uploads_dir.display()
            );
            yusuan_serve::signed::serve_blocking(portal, accounts, args.addr, ready)
        }
        None => yusuan_serve::serve_portal_blocking(portal, args.addr, ready),
    };
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("yusuan: 无法在 {} 上启动 (cannot serve): {e}", args.addr);
            ExitCode::from(2)
        }
    }
}
