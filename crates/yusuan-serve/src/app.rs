//! Routes: the public pages, the downloads and the JSON API.

use crate::figures::{wan, Figures};
use crate::library::{file_name, region_key, Entry, Library, Original, Query as Search};
use crate::workspace::{Reloaded, Workspace};
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use minijinja::{context, Environment};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use yusuan_model::{Fen, Region};
use yusuan_review::originals;

/// What every handler shares: the disclosures and the page templates, and the review
/// workspace they were read from, if any (read again by [`Portal::reload`], in `workspace.rs`).
pub struct Portal {
    current: RwLock<Arc<Loaded>>,
    templates: Environment<'static>,
    pub(crate) workspace: Option<Mutex<crate::workspace::Workspace>>,
}

/// One state of the library and the answers made from it. A reload puts a new one in place
/// (with an empty cache); requests under way finish with the one they started with.
pub(crate) struct Loaded {
    library: Arc<Library>,
    cache: Cache,
}

impl Portal {
    /// A portal over a library (its entries indexed anew).
    pub fn new(library: Library) -> Arc<Portal> {
        Arc::new(Portal::with(library, None))
    }

    pub(crate) fn with(
        mut library: Library,
        workspace: Option<crate::workspace::Workspace>,
    ) -> Portal {
        library.reindex();
        let templates = templates().unwrap_or_else(|e| {
            // Not reached: the templates are tested. A page without its template says so.
            eprintln!("yusuan serve: 模板有误 (template error): {e}");
            Environment::new()
        });
        Portal {
            current: RwLock::new(Arc::new(Loaded {
                library: Arc::new(library),
                cache: Cache::default(),
            })),
            templates,
            workspace: workspace.map(Mutex::new),
        }
    }

    /// The library as it is now.
    pub fn library(&self) -> Arc<Library> {
        self.loaded().library.clone()
    }

    fn loaded(&self) -> Arc<Loaded> {
        match self.current.read() {
            Ok(l) => l.clone(),
            // A writer panicked while swapping: the value is still whole (a swap is one store).
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Serve `library` from now on, with no answer made from the one before.
    pub fn replace(&self, mut library: Library) {
        library.reindex();
        let next = Arc::new(Loaded {
            library: Arc::new(library),
            cache: Cache::default(),
        });
        match self.current.write() {
            Ok(mut l) => *l = next,
            Err(poisoned) => *poisoned.into_inner() = next,
        }
    }
}

/// Responses already made, by request target, for one state of the library: a page or an
/// API answer made once is the answer until the library is replaced; rendering a disclosure
/// page costs ~0.3 ms, answering from here a few µs, which is what keeps p99 low under many
/// clients (benches/load.rs). Bounded in bytes; once full, further answers are made each time.
#[derive(Default)]
struct Cache {
    entries: RwLock<HashMap<String, Cached>>,
    bytes: AtomicUsize,
}

#[derive(Clone)]
struct Cached {
    headers: HeaderMap,
    body: axum::body::Bytes,
}

/// The cache holds at most this many bytes of bodies, and no single body over the second.
const CACHE_BYTES: usize = 256 << 20;
const CACHE_ONE: usize = 1 << 20;

type Shared = State<Arc<Portal>>;

const ECHARTS: &str = include_str!("../assets/echarts.min.js");
const PORTAL_JS: &str = include_str!("../assets/portal.js");
const PORTAL_CSS: &str = include_str!("../assets/portal.css");
const OPENAPI: &str = include_str!("../assets/openapi.json");

/// The page templates, part of the binary (a test proves every one parses).
fn templates() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    // A path segment: everything but unreserved characters percent-encoded (minijinja's
    // urlencode leaves `/`, which would split a unit's name across segments).
    env.add_filter("segment", |s: String| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    });
    for (name, src) in [
        ("base.html", include_str!("../templates/base.html")),
        ("index.html", include_str!("../templates/index.html")),
        ("unit.html", include_str!("../templates/unit.html")),
        (
            "disclosure.html",
            include_str!("../templates/disclosure.html"),
        ),
        ("compare.html", include_str!("../templates/compare.html")),
        ("rankings.html", include_str!("../templates/rankings.html")),
        ("error.html", include_str!("../templates/error.html")),
    ] {
        env.add_template(name, src)?;
    }
    Ok(env)
}

/// The portal's routes over a library.
pub fn router(library: Library) -> Router {
    routes(Portal::new(library))
}

/// The portal's routes over a portal (one read from a workspace: [`Portal::from_workspace`]).
pub fn routes(portal: Arc<Portal>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/units/{name}", get(unit))
        .route("/d/{id}", get(disclosure))
        .route("/d/{id}/view", get(disclosure_html))
        .route("/d/{id}/original/{n}", get(original))
        .route("/d/{id}/export/{format}", get(export))
        .route("/d/{id}/tables/{file}", get(table_file))
        .route("/compare", get(compare))
        .route("/rankings", get(rankings))
        .route(
            "/assets/echarts.min.js",
            get(|| async { asset(ECHARTS, "text/javascript") }),
        )
        .route(
            "/assets/portal.js",
            get(|| async { asset(PORTAL_JS, "text/javascript") }),
        )
        .route(
            "/assets/portal.css",
            get(|| async { asset(PORTAL_CSS, "text/css") }),
        )
        .route(
            "/api/openapi.json",
            get(|| async { asset(OPENAPI, "application/json") }),
        )
        // Browsers ask for it on pages that name no icon (the JSON ones).
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route("/api/units", get(api_units))
        .route("/api/disclosures", get(api_disclosures))
        .route("/api/disclosures/{id}", get(api_disclosure))
        .route("/api/disclosures/{id}/figures", get(api_figures))
        .route("/api/disclosures/{id}/findings", get(api_findings))
        .route("/api/disclosures/{id}/tables", get(api_tables))
        .route("/api/disclosures/{id}/tables/{n}", get(api_table))
        .route("/api/rankings", get(api_rankings))
        .route("/api/refused", get(api_refused))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(portal.clone(), cached))
        .with_state(portal)
}

/// Answer a GET from the cache, or make the answer and keep it when it is a 200 of bounded
/// size. `If-None-Match` is honoured on cached answers as on fresh ones.
async fn cached(
    State(p): Shared,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if req.method() != axum::http::Method::GET {
        return next.run(req).await;
    }
    let key = req.uri().to_string();
    let wanted = req.headers().get(header::IF_NONE_MATCH).cloned();
    // The state this request started with: its answer is kept for that state only.
    let loaded = p.loaded();
    let hit = loaded
        .cache
        .entries
        .read()
        .ok()
        .and_then(|m| m.get(&key).cloned());
    if let Some(c) = hit {
        let same = wanted.is_some() && c.headers.get(header::ETAG) == wanted.as_ref();
        let mut r = if same {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            Response::new(Body::from(c.body))
        };
        for (k, v) in &c.headers {
            if !same || k == header::ETAG {
                r.headers_mut().insert(k, v.clone());
            }
        }
        return r;
    }
    let r = next.run(req).await;
    // Only answers of a known, bounded size are kept (large files go out as they are). The
    // body's exact size: a handler's answer has no Content-Length header yet (hyper writes it).
    let small = usize::try_from(
        axum::body::HttpBody::size_hint(r.body())
            .upper()
            .unwrap_or(u64::MAX),
    )
    .is_ok_and(|n| n <= CACHE_ONE);
    // An answer that must be made each time (an original read from disk) says so.
    let no_store = r
        .headers()
        .get(header::CACHE_CONTROL)
        .is_some_and(|v| v.as_bytes().starts_with(b"no-store"));
    if r.status() != StatusCode::OK || !small || no_store {
        return r;
    }
    let (parts, body) = r.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, CACHE_ONE).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "响应不完整 (response incomplete)",
        )
            .into_response();
    };
    if loaded.cache.bytes.load(Ordering::Relaxed) + bytes.len() <= CACHE_BYTES {
        if let Ok(mut m) = loaded.cache.entries.write() {
            loaded.cache.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
            m.insert(
                key,
                Cached {
                    headers: parts.headers.clone(),
                    body: bytes.clone(),
                },
            );
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Serve the portal on `addr` until the process ends. `ready` is called with the address
/// bound (port 0 picks a free one).
pub async fn serve(
    library: Library,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    serve_portal(Portal::new(library), addr, ready).await
}

/// [`serve`] for a portal made already (one read from a workspace).
pub async fn serve_portal(
    portal: Arc<Portal>,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    axum::serve(listener, routes(portal)).await
}

/// [`serve`] on a runtime of its own, for a program that has none (the command line).
pub fn serve_blocking(
    library: Library,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    serve_portal_blocking(Portal::new(library), addr, ready)
}

/// [`serve_portal`] on a runtime of its own, for a program that has none (the command line).
pub fn serve_portal_blocking(
    portal: Arc<Portal>,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve_portal(portal, addr, ready))
}

// ---------------------------------------------------------------------------------------------
// Responses

/// Headers every page and file gets: no sniffing, scripts only from the portal itself (inline
/// styles are allowed: ECharts sizes its elements with them).
fn secure(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'",
        ),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    r
}

fn asset(body: &'static str, mime: &'static str) -> Response {
    secure(
        (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            body,
        )
            .into_response(),
    )
}

fn page(p: &Portal, name: &str, ctx: minijinja::Value) -> Response {
    let html = p.templates.get_template(name).and_then(|t| t.render(ctx));
    match html {
        Ok(h) => secure(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], h).into_response()),
        Err(e) => {
            eprintln!("yusuan serve: {name}: {e:#}");
            secure(
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "页面生成失败 (page could not be rendered)",
                )
                    .into_response(),
            )
        }
    }
}

fn error_page(p: &Portal, status: StatusCode, message: &str) -> Response {
    let mut r = page(
        p,
        "error.html",
        context! { message, status => status.as_u16() },
    );
    *r.status_mut() = status;
    r
}

async fn not_found(State(p): Shared) -> Response {
    error_page(&p, StatusCode::NOT_FOUND, "没有这个页面 (no such page)")
}

fn missing(p: &Portal) -> Response {
    error_page(
        p,
        StatusCode::NOT_FOUND,
        "没有这份公开文件 (no such disclosure)",
    )
}

/// A JSON body with a strong ETag; `304 Not Modified` when the client has it already.
fn json<T: Serialize>(headers: &HeaderMap, value: &T) -> Response {
    let body = match serde_json::to_vec(value) {
        Ok(b) => b,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let tag = format!("\"{}\"", short_hash(&body));
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag));
    let mut r = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response()
    };
    if let Ok(v) = HeaderValue::from_str(&tag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    secure(r)
}

fn api_missing() -> Response {
    secure(
        (
            StatusCode::NOT_FOUND,
            axum::Json(serde_json::json!({"error": "没有这份公开文件 (no such disclosure)"})),
        )
            .into_response(),
    )
}

fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A download: the file name (Chinese names as RFC 5987 `filename*`), never taken from the
/// request.
fn download(name: &str, mime: &str, body: Vec<u8>) -> Response {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut r = Response::new(Body::from(body));
    if let Ok(v) = HeaderValue::from_str(mime) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    secure(r)
}

// ---------------------------------------------------------------------------------------------
// What pages and the API show of an entry

pub fn region_label(r: Region) -> &'static str {
    match r {
        Region::Chongqing => "重庆",
        Region::Shanghai => "上海",
        Region::National => "全国通用",
    }
}

/// One disclosure as lists show it.
#[derive(Serialize)]
struct Summary<'a> {
    id: &'a str,
    unit: &'a str,
    year: u16,
    kind: &'static str,
    region: &'static str,
    region_label: &'static str,
    expenditure_total: Fen,
    expenditure_shown: String,
    three_public: Fen,
    admin_cost: Option<Fen>,
    errors: usize,
    warnings: usize,
}

fn summary(e: &Entry) -> Summary<'_> {
    Summary {
        id: &e.id,
        unit: &e.unit,
        year: e.year,
        kind: e.kind.label(),
        region: region_key(e.region),
        region_label: region_label(e.region),
        expenditure_total: e.figures.expenditure_total,
        expenditure_shown: wan(e.figures.expenditure_total),
        three_public: e.figures.three_public,
        admin_cost: e.figures.admin_cost,
        errors: e.errors(),
        warnings: e.warnings(),
    }
}

#[derive(Serialize)]
struct FindingView<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    message_en: &'a str,
    page: Option<u32>,
    table: Option<&'a str>,
    /// The review's fingerprint (`yusuan mark` takes it), in a workspace.
    #[serde(skip_serializing_if = "Option::is_none")]
    fingerprint: Option<&'a str>,
    /// The reviewer's decision, in a workspace: null while none is made.
    #[serde(skip_serializing_if = "Option::is_none")]
    decision: Option<Option<DecisionView<'a>>>,
}

/// A reviewer's decision as pages and the API show it.
#[derive(Serialize)]
struct DecisionView<'a> {
    /// `confirmed`, `not_an_issue` or `fixed`.
    decision: &'static str,
    /// 确认, 不是问题 or 已整改.
    label: &'static str,
    note: &'a str,
    by: &'a str,
    /// Unix seconds, and as the page shows it (UTC).
    at: i64,
    at_shown: String,
}

fn findings(e: &Entry) -> Vec<FindingView<'_>> {
    let reviewed = e.document_id.is_some();
    e.findings
        .iter()
        .map(|f| FindingView {
            rule: &f.rule,
            severity: f.severity.label(),
            message: &f.message,
            message_en: &f.message_en,
            page: f.page,
            table: f.table.as_deref(),
            fingerprint: f.fingerprint.as_deref(),
            decision: reviewed.then(|| {
                f.decision.as_ref().map(|d| DecisionView {
                    decision: d.decision.as_str(),
                    label: d.decision.label(),
                    note: &d.note,
                    by: &d.by,
                    at: d.at,
                    at_shown: crate::workspace::utc(d.at),
                })
            }),
        })
        .collect()
}

/// A table as the API gives it: its title and the cells as printed, with the amounts in 分.
#[derive(Serialize)]
struct TableView<'a> {
    index: usize,
    kind: yusuan_model::TableKind,
    title: &'a str,
    columns: Vec<&'a str>,
    rows: Vec<RowView<'a>>,
    page: Option<u32>,
}

#[derive(Serialize)]
struct RowView<'a> {
    code: Option<&'a str>,
    label: &'a str,
    /// One per column: the amount in 分, or null for a blank or text cell.
    amounts: Vec<Option<Fen>>,
    page: Option<u32>,
}

fn table_view(i: usize, t: &yusuan_model::Table) -> TableView<'_> {
    TableView {
        index: i + 1,
        kind: t.kind,
        title: &t.title,
        columns: t.columns.iter().map(|c| c.label.as_str()).collect(),
        rows: t
            .rows
            .iter()
            .map(|r| RowView {
                code: r.code.as_ref().map(|c| c.as_str()),
                label: &r.label,
                amounts: (0..t.columns.len())
                    .map(|i| {
                        r.cells
                            .iter()
                            .find(|c| c.col == i)
                            .and_then(|c| c.amount)
                            .map(|a| a.fen)
                    })
                    .collect(),
                page: r.prov.page,
            })
            .collect(),
        page: t.prov.page,
    }
}

// ---------------------------------------------------------------------------------------------
// Pages

async fn index(State(p): Shared, Query(q): Query<Search>) -> Response {
    let lib = p.library();
    let found: Vec<Summary> = lib.search(&q).into_iter().map(summary).collect();
    let years: BTreeSet<u16> = lib.entries.iter().map(|e| e.year).collect();
    let regions: BTreeSet<(&str, &str)> = lib
        .entries
        .iter()
        .map(|e| (region_key(e.region), region_label(e.region)))
        .collect();
    page(
        &p,
        "index.html",
        context! {
            found,
            q => q.q.unwrap_or_default(),
            year => q.year,
            region => q.region.unwrap_or_default(),
            years => years.into_iter().rev().collect::<Vec<_>>(),
            regions => regions.into_iter().collect::<Vec<_>>(),
            units => lib.units().len(),
            total => lib.entries.len(),
            workspace => lib.workspace.as_deref(),
            refused => lib.refused.iter()
                .map(|r| (file_names(&r.file), r.reason.as_str()))
                .collect::<Vec<_>>(),
        },
    )
}

async fn unit(State(p): Shared, Path(name): Path<String>) -> Response {
    let lib = p.library();
    let units = lib.units();
    let Some(entries) = units.get(name.as_str()) else {
        return error_page(&p, StatusCode::NOT_FOUND, "没有这个单位 (no such unit)");
    };
    let list: Vec<Summary> = entries.iter().map(|e| summary(e)).collect();
    // Year over year: the total and the 类 of each year, for the chart.
    let series: Vec<(u16, Fen, String)> = entries
        .iter()
        .map(|e| {
            (
                e.year,
                e.figures.expenditure_total,
                wan(e.figures.expenditure_total),
            )
        })
        .collect();
    page(&p, "unit.html", context! { unit => name, list, series })
}

async fn disclosure(State(p): Shared, Path(id): Path<String>) -> Response {
    let lib = p.library();
    let Some(e) = lib.get(&id) else {
        return missing(&p);
    };
    let f = &e.figures;
    let others: Vec<Summary> = lib
        .entries
        .iter()
        .filter(|o| o.unit == e.unit && o.id != e.id)
        .map(summary)
        .collect();
    let tables: Vec<(usize, String)> = e
        .disclosure
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (i + 1, t.display_name()))
        .collect();
    // (number, name, what to say of a file that cannot be given out: "" when it can).
    let originals: Vec<(usize, &str, &str)> = e
        .originals
        .iter()
        .enumerate()
        .map(|(i, o)| (i + 1, o.name(), o.state().label()))
        .collect();
    page(
        &p,
        "disclosure.html",
        context! {
            d => summary(e),
            income_total => wan(f.income_total),
            expenditure_total => wan(f.expenditure_total),
            basic => wan(f.basic),
            project => wan(f.project),
            three_public => wan(f.three_public),
            admin_cost => f.admin_cost.map(wan),
            findings => findings(e),
            reviewed => e.document_id.is_some(),
            tables,
            originals,
            others,
        },
    )
}

/// The disclosure as the HTML renderer prints it (shown in a frame of the disclosure page).
async fn disclosure_html(State(p): Shared, Path(id): Path<String>) -> Response {
    let lib = p.library();
    let Some(e) = lib.get(&id) else {
        return missing(&p);
    };
    match yusuan_render_html::render(&e.disclosure) {
        Ok(h) => {
            let mut r =
                secure(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], h).into_response());
            // The rendered document carries its own style sheet and no script.
            r.headers_mut().insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
                ),
            );
            r
        }
        Err(err) => error_page(&p, StatusCode::INTERNAL_SERVER_ERROR, &err.to_string()),
    }
}

/// An original file, by the disclosure's id and the file's number: never a path from the
/// request. A reviewed file is read from where the workspace recorded it and given out only
/// when its content is still the one reviewed; otherwise the page says what became of it.
async fn original(State(p): Shared, Path((id, n)): Path<(String, usize)>) -> Response {
    let lib = p.library();
    let Some(o) = lib
        .get(&id)
        .and_then(|e| e.originals.get(n.wrapping_sub(1)))
    else {
        return missing(&p);
    };
    match o {
        Original::Held { name, bytes } => download(name, mime_of(name), bytes.to_vec()),
        Original::OnDisk {
            name, path, hash, ..
        } => {
            let (name, path, hash) = (name.clone(), path.clone(), hash.clone());
            let read = tokio::task::spawn_blocking(move || {
                crate::workspace::read_original(path.as_deref(), &hash)
            })
            .await;
            match read {
                Ok(Ok(bytes)) => {
                    // Read and checked anew at every request: the file may move or change.
                    let mut r = download(&name, mime_of(&name), bytes);
                    r.headers_mut()
                        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                    r
                }
                Ok(Err(state)) => {
                    let status = match state {
                        originals::State::Changed => StatusCode::CONFLICT,
                        _ => StatusCode::GONE,
                    };
                    error_page(
                        &p,
                        status,
                        &format!("{}: {}", file_name(&name), state.label()),
                    )
                }
                Err(_) => error_page(
                    &p,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "读取原文件时内部错误 (internal error while reading the original)",
                ),
            }
        }
    }
}

fn mime_of(name: &str) -> &'static str {
    let lower = name.to_lowercase();
    match lower.rsplit('.').next().unwrap_or_default() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xls" => "application/vnd.ms-excel",
        "html" | "htm" => "text/html; charset=utf-8",
        "json" => "application/json",
        _ => "text/plain; charset=utf-8",
    }
}

/// The whole disclosure in a generated format.
async fn export(State(p): Shared, Path((id, format)): Path<(String, String)>) -> Response {
    let lib = p.library();
    let Some(e) = lib.get(&id) else {
        return missing(&p);
    };
    let stem = format!("{}-{}-{}", e.unit, e.year, e.kind.label());
    let disclosure = e.disclosure.clone();
    // PDF and DOCX are laid out anew each time (tens of milliseconds): off the async threads.
    let made = tokio::task::spawn_blocking(move || -> Option<Result<_, String>> {
        let d = &disclosure;
        Some(match format.as_str() {
            "pdf" => yusuan_render_pdf::render(d, &yusuan_render_pdf::FontSource::Bundled)
                .map(|b| (format!("{stem}.pdf"), mime_of("x.pdf"), b))
                .map_err(|e| e.to_string()),
            "docx" => yusuan_render_docx::render(d)
                .map(|b| (format!("{stem}.docx"), mime_of("x.docx"), b))
                .map_err(|e| e.to_string()),
            "xlsx" => yusuan_render_xlsx::render(d)
                .map(|b| (format!("{stem}.xlsx"), mime_of("x.xlsx"), b))
                .map_err(|e| e.to_string()),
            "json" => yusuan_render_text::render_json(d)
                .map(|s| (format!("{stem}.json"), mime_of("x.json"), s.into_bytes()))
                .map_err(|e| e.to_string()),
            "html" => yusuan_render_html::render(d)
                .map(|s| (format!("{stem}.html"), mime_of("x.html"), s.into_bytes()))
                .map_err(|e| e.to_string()),
            _ => return None,
        })
    })
    .await;
    let made = match made {
        Ok(Some(made)) => made,
        Ok(None) => {
            return error_page(
                &p,
                StatusCode::NOT_FOUND,
                "没有这种格式 (no such format: pdf, docx, xlsx, json, html)",
            )
        }
        Err(_) => Err("生成时内部错误 (internal error while rendering)".to_string()),
    };
    match made {
        Ok((name, mime, body)) => download(&name, mime, body),
        Err(err) => error_page(&p, StatusCode::INTERNAL_SERVER_ERROR, &err),
    }
}

/// One table as CSV (`3.csv`, UTF-8 with a BOM for Excel) or JSON (`3.json`).
async fn table_file(
    State(p): Shared,
    headers: HeaderMap,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    let lib = p.library();
    let Some(e) = lib.get(&id) else {
        return missing(&p);
    };
    let (n, ext) = file.split_once('.').unwrap_or((file.as_str(), ""));
    let Some(i) = n.parse::<usize>().ok().and_then(|n| n.checked_sub(1)) else {
        return missing(&p);
    };
    let Some(t) = e.disclosure.tables.get(i) else {
        return missing(&p);
    };
    match ext {
        "csv" => {
            let files = yusuan_render_text::csv::render(&e.disclosure);
            match files.into_iter().nth(i) {
                Some((name, body)) => download(
                    &format!("{}-{}-{name}", e.unit, e.year),
                    "text/csv; charset=utf-8",
                    body.into_bytes(),
                ),
                None => missing(&p),
            }
        }
        "json" => json(&headers, &table_view(i, t)),
        _ => missing(&p),
    }
}

#[derive(Deserialize)]
struct CompareQuery {
    a: Option<String>,
    b: Option<String>,
}

/// One 类 in two disclosures, with the reason the later one states for its change.
#[derive(Serialize)]
struct ClassChange {
    code: String,
    name: String,
    before: String,
    after: String,
    change: String,
    direction: &'static str,
    reason: Option<String>,
}

async fn compare(State(p): Shared, Query(q): Query<CompareQuery>) -> Response {
    let lib = p.library();
    let (Some(a), Some(b)) = (
        q.a.as_deref().and_then(|id| lib.get(id)),
        q.b.as_deref().and_then(|id| lib.get(id)),
    ) else {
        return error_page(
            &p,
            StatusCode::NOT_FOUND,
            "请选择两份公开文件 (choose two disclosures: ?a=ID&b=ID)",
        );
    };
    // The earlier year first.
    let (a, b) = if a.year <= b.year { (a, b) } else { (b, a) };
    let classes = class_changes(&a.figures, &b.figures, b);
    page(
        &p,
        "compare.html",
        context! { a => summary(a), b => summary(b), classes },
    )
}

fn class_changes(before: &Figures, after: &Figures, later: &Entry) -> Vec<ClassChange> {
    let mut all: BTreeMap<&str, (&str, Fen, Fen)> = BTreeMap::new();
    for n in &before.by_function {
        all.insert(&n.code, (&n.name, n.total, Fen::ZERO));
    }
    for n in &after.by_function {
        let e = all
            .entry(&n.code)
            .or_insert((&n.name, Fen::ZERO, Fen::ZERO));
        e.0 = &n.name;
        e.2 = n.total;
    }
    all.into_iter()
        .map(|(code, (name, x, y))| {
            let d = y - x;
            // The reason the later narrative states for this class (its subject names the
            // class by code or by name).
            let reason = later
                .budget
                .narrative
                .reasons
                .iter()
                .find(|r| r.subject == code || (!name.is_empty() && r.subject.contains(name)))
                .map(|r| r.text.clone());
            ClassChange {
                code: code.to_string(),
                name: name.to_string(),
                before: wan(x),
                after: wan(y),
                change: wan(d.abs()),
                direction: match d.0.signum() {
                    1 => "增加",
                    -1 => "减少",
                    _ => "持平",
                },
                reason,
            }
        })
        .collect()
}

#[derive(Deserialize, Default)]
struct RankQuery {
    #[serde(default)]
    by: Option<String>,
    #[serde(default, deserialize_with = "crate::library::blank_is_none")]
    year: Option<u16>,
    #[serde(default)]
    region: Option<String>,
}

/// The measures units are ranked by: key, label.
const MEASURES: [(&str, &str); 5] = [
    ("total", "支出总计"),
    ("three_public", "“三公”经费"),
    ("admin_cost", "机关运行经费"),
    ("growth", "支出增长"),
    ("errors", "检查发现的错误"),
];

#[derive(Serialize)]
struct Ranked<'a> {
    rank: usize,
    #[serde(flatten)]
    d: Summary<'a>,
    value: String,
}

fn ranked<'a>(lib: &'a Library, q: &RankQuery) -> (&'static str, Vec<Ranked<'a>>) {
    let by = MEASURES
        .iter()
        .find(|(k, _)| Some(*k) == q.by.as_deref())
        .copied()
        .unwrap_or(MEASURES[0]);
    let search = Search {
        q: None,
        region: q.region.clone(),
        year: q.year,
    };
    let mut rows: Vec<(i64, String, &Entry)> =
        lib.search(&search)
            .into_iter()
            .filter_map(|e| {
                let f = &e.figures;
                let v = match by.0 {
                    "total" => (f.expenditure_total.0, wan(f.expenditure_total)),
                    "three_public" => (f.three_public.0, wan(f.three_public)),
                    "admin_cost" => {
                        let a = f.admin_cost?;
                        (a.0, wan(a))
                    }
                    "growth" => {
                        // Against the same unit's disclosure of the year before, per mille.
                        let prior = lib.entries.iter().find(|o| {
                            o.unit == e.unit && o.kind == e.kind && o.year + 1 == e.year
                        })?;
                        let x = prior.figures.expenditure_total.0;
                        if x == 0 {
                            return None;
                        }
                        let permille = (f.expenditure_total.0 - x) * 1000 / x;
                        (permille, format!("{:.1}%", permille as f64 / 10.0))
                    }
                    _ => (e.errors() as i64, e.errors().to_string()),
                };
                Some((v.0, v.1, e))
            })
            .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.unit.cmp(&b.2.unit)));
    let list = rows
        .into_iter()
        .enumerate()
        .map(|(i, (_, value, e))| Ranked {
            rank: i + 1,
            d: summary(e),
            value,
        })
        .collect();
    (by.0, list)
}

async fn rankings(State(p): Shared, Query(q): Query<RankQuery>) -> Response {
    let lib = p.library();
    let (by, list) = ranked(&lib, &q);
    let years: BTreeSet<u16> = lib.entries.iter().map(|e| e.year).collect();
    page(
        &p,
        "rankings.html",
        context! {
            by,
            list,
            measures => MEASURES.to_vec(),
            year => q.year,
            region => q.region.unwrap_or_default(),
            years => years.into_iter().rev().collect::<Vec<_>>(),
        },
    )
}

// ---------------------------------------------------------------------------------------------
// API

#[derive(Deserialize)]
struct ListQuery {
    #[serde(flatten)]
    search: Search,
    #[serde(default, deserialize_with = "crate::library::blank_is_none")]
    page: Option<usize>,
    #[serde(default, deserialize_with = "crate::library::blank_is_none")]
    per_page: Option<usize>,
}

/// At most this many items per page of a list.
const MAX_PER_PAGE: usize = 200;

async fn api_disclosures(
    State(p): Shared,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Response {
    let lib = p.library();
    let per_page = q.per_page.unwrap_or(50).clamp(1, MAX_PER_PAGE);
    let page_no = q.page.unwrap_or(1).max(1);
    let all: Vec<&Entry> = lib.search(&q.search);
    let items: Vec<Summary> = all
        .iter()
        .skip((page_no - 1).saturating_mul(per_page))
        .take(per_page)
        .map(|e| summary(e))
        .collect();
    json(
        &headers,
        &serde_json::json!({
            "total": all.len(),
            "page": page_no,
            "per_page": per_page,
            "items": items,
        }),
    )
}

async fn api_units(State(p): Shared, headers: HeaderMap) -> Response {
    let lib = p.library();
    let units: Vec<serde_json::Value> = lib
        .units()
        .into_iter()
        .map(|(name, es)| {
            serde_json::json!({
                "name": name,
                "disclosures": es.iter().map(|e| summary(e)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json(&headers, &units)
}

async fn api_disclosure(State(p): Shared, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let lib = p.library();
    match lib.get(&id) {
        Some(e) => json(
            &headers,
            &serde_json::json!({
                "summary": summary(e),
                "tables": e.disclosure.tables.iter().enumerate()
                    .map(|(i, t)| serde_json::json!({"index": i + 1, "title": t.display_name(), "page": t.prov.page}))
                    .collect::<Vec<_>>(),
                "sections": e.disclosure.narrative.sections.iter()
                    .map(|s| serde_json::json!({"title": s.title, "text": s.text, "page": s.prov.page}))
                    .collect::<Vec<_>>(),
            }),
        ),
        None => api_missing(),
    }
}

async fn api_figures(State(p): Shared, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let lib = p.library();
    match lib.get(&id) {
        Some(e) => json(&headers, &e.figures),
        None => api_missing(),
    }
}

async fn api_findings(State(p): Shared, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let lib = p.library();
    match lib.get(&id) {
        Some(e) => json(&headers, &findings(e)),
        None => api_missing(),
    }
}

async fn api_tables(State(p): Shared, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let lib = p.library();
    match lib.get(&id) {
        Some(e) => {
            let all: Vec<TableView> = e
                .disclosure
                .tables
                .iter()
                .enumerate()
                .map(|(i, t)| table_view(i, t))
                .collect();
            json(&headers, &all)
        }
        None => api_missing(),
    }
}

async fn api_table(
    State(p): Shared,
    headers: HeaderMap,
    Path((id, n)): Path<(String, usize)>,
) -> Response {
    let lib = p.library();
    let t = lib.get(&id).and_then(|e| {
        let i = n.checked_sub(1)?;
        e.disclosure.tables.get(i).map(|t| table_view(i, t))
    });
    match t {
        Some(t) => json(&headers, &t),
        None => api_missing(),
    }
}

async fn api_rankings(
    State(p): Shared,
    headers: HeaderMap,
    Query(q): Query<RankQuery>,
) -> Response {
    let lib = p.library();
    let (by, list) = ranked(&lib, &q);
    json(&headers, &serde_json::json!({ "by": by, "items": list }))
}

/// The files the library holds but could not show (refused by the review, or unreadable),
/// with why.
async fn api_refused(State(p): Shared, headers: HeaderMap) -> Response {
    let lib = p.library();
    let list: Vec<serde_json::Value> = lib
        .refused
        .iter()
        .map(|r| serde_json::json!({"file": file_names(&r.file), "reason": r.reason}))
        .collect();
    json(&headers, &list)
}

/// The file names of a refused entry's files (`a/b.pdf; c/d.pdf`), without their folders:
/// the server's folders are not the public's business.
fn file_names(files: &str) -> String {
    files
        .split("; ")
        .map(file_name)
        .collect::<Vec<_>>()
        .join("; ")
}

// The portal over a review workspace: read, reloaded, watched.
impl Portal {
    /// A portal over the workspace, read now.
    pub fn from_workspace(workspace: Workspace) -> Result<Arc<Portal>, yusuan_store::Error> {
        let library = workspace.read(None)?;
        Ok(Arc::new(Portal::with(library, Some(workspace))))
    }

    /// The workspace the portal reads, if any (locked while a reload reads it).
    pub fn workspace(&self) -> Option<&Mutex<Workspace>> {
        self.workspace.as_ref()
    }

    /// Read the workspace again and serve what it holds now (answers made before are
    /// forgotten). Blocks: call it from a thread of its own or `spawn_blocking` (or use
    /// [`Portal::reload`]). A portal over files read at start has nothing to reload:
    /// `Ok(None)`.
    pub fn reload_blocking(&self) -> Result<Option<Reloaded>, yusuan_store::Error> {
        let Some(ws) = &self.workspace else {
            return Ok(None);
        };
        // One reload at a time; the library in service is kept until the new one is whole.
        let ws = ws.lock().unwrap_or_else(|p| p.into_inner());
        let before = self.library();
        let lib = ws.read(Some(&before))?;
        let known: std::collections::HashSet<&str> = before
            .entries
            .iter()
            .filter_map(|e| e.document_id.as_deref())
            .collect();
        let done = Reloaded {
            entries: lib.entries.len(),
            new: lib
                .entries
                .iter()
                .filter(|e| !e.document_id.as_deref().is_some_and(|d| known.contains(d)))
                .count(),
            refused: lib.refused.len(),
        };
        drop(known);
        self.replace(lib);
        Ok(Some(done))
    }

    /// [`Portal::reload_blocking`] from async code (an upload's handler): run on tokio's
    /// blocking threads.
    pub async fn reload(self: &Arc<Self>) -> Result<Option<Reloaded>, yusuan_store::Error> {
        let me = self.clone();
        match tokio::task::spawn_blocking(move || me.reload_blocking()).await {
            Ok(r) => r,
            Err(e) => Err(yusuan_store::Error::Runtime(std::io::Error::other(
                e.to_string(),
            ))),
        }
    }
}

impl Portal {
    /// Read the workspace again whenever it changes (a `yusuan review` or `yusuan mark` while
    /// the portal runs), looking every `every` on a thread of its own ([`Store::stamp`]: a
    /// few counts, cheap). The thread ends with the portal. Nothing to watch over files read
    /// at start.
    pub fn watch(self: &Arc<Self>, every: std::time::Duration) {
        let Some(ws) = &self.workspace else {
            return;
        };
        let stamp = |ws: &Mutex<Workspace>| {
            ws.lock()
                .unwrap_or_else(|p| p.into_inner())
                .store()
                .stamp()
                .ok()
        };
        let mut seen = stamp(ws);
        let portal = Arc::downgrade(self);
        std::thread::spawn(move || loop {
            std::thread::sleep(every);
            let Some(portal) = portal.upgrade() else {
                return;
            };
            let Some(ws) = &portal.workspace else {
                return;
            };
            let now = stamp(ws);
            if now.is_some() && now != seen {
                match portal.reload_blocking() {
                    Ok(_) => seen = now,
                    Err(e) => eprintln!(
                        "yusuan serve: 无法重新读取工作区 (cannot read the workspace again): {e}"
                    ),
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_parses() {
        if let Err(e) = super::templates() {
            panic!("{e:#}");
        }
    }
}
