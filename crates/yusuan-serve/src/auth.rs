//! Signing in, sessions, CSRF and roles (issue 12): the portal's signed-in pages in front of
//! the public ones.
//!
//! - Accounts live in the review workspace (`yusuan_store::accounts`): argon2id password
//!   hashes, roles 审核 (reviewer), 单位 (unit, with its unit's name) and 管理 (admin).
//! - A browser signs in at `/login` and gets a session cookie (`yusuan_session`: 256 random
//!   bits; the workspace keeps only its SHA-256), `HttpOnly`, `SameSite=Strict`, `Path=/`,
//!   `Max-Age` the session's life, and `Secure` when the portal is told it is behind TLS.
//! - Every form POST of a signed-in browser carries a CSRF token in a hidden field `csrf`;
//!   API writes with the cookie carry it in the header `X-CSRF-Token`. The token is bound to
//!   the session (SHA-256 of a label and the session token: nobody without the cookie can
//!   make it) and compared in constant time. A program may instead sign in at
//!   `POST /api/session` and send `Authorization: Bearer TOKEN`: a browser never adds that
//!   header on its own, so such requests need no CSRF token. A POST whose `Origin` names
//!   another host is refused whatever it carries.
//! - Sign-in is rate limited per account and per client address (5 failures in 15 minutes by
//!   default: [`yusuan_store::RateLimit`]); the address is the TCP peer's (behind a reverse
//!   proxy every client is the proxy: limit there too).
//! - A write without a session is answered 401, with a session of the wrong role 403, without
//!   a valid CSRF token 403.
//!
//! The public pages are made and cached without knowing who asks (`app.rs`); the line in the
//! page header that shows who is signed in is filled in here, on the way out, in place of the
//! comment `<!--yusuan:who-->` of `base.html`.

use crate::app::Portal;
use crate::library::{Entry, Original};
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form, Json, Router};
use minijinja::{context, Environment};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;
use yusuan_model::Catalog;
use yusuan_review::originals;
use yusuan_review::report::write_reports;
use yusuan_store::{Decision, Login, RateLimit, Role, Store, User};

/// The session cookie's name.
pub const COOKIE: &str = "yusuan_session";

/// How the signed-in part of the portal behaves.
pub struct Settings {
    /// Mark the cookie `Secure` (the portal is reached over HTTPS, through a proxy).
    pub secure_cookie: bool,
    /// How long a session lasts.
    pub session_ttl: Duration,
    pub rate_limit: RateLimit,
    /// The largest upload accepted, in bytes.
    pub max_upload: usize,
    /// How long reading and checking an upload may take before the answer gives up.
    pub upload_timeout: Duration,
    /// Where uploaded files are kept, each named by its SHA-256.
    pub uploads_dir: PathBuf,
    /// The classification catalogue uploads are read and checked with.
    pub catalog: Catalog,
}

impl Settings {
    /// Sessions of 12 hours, 5 failed sign-ins per 15 minutes, uploads up to 50 MB read within
    /// 5 minutes, no `Secure` cookie.
    pub fn new(uploads_dir: PathBuf, catalog: Catalog) -> Settings {
        Settings {
            secure_cookie: false,
            session_ttl: Duration::from_secs(12 * 3600),
            rate_limit: RateLimit::default(),
            max_upload: 50 << 20,
            upload_timeout: Duration::from_secs(300),
            uploads_dir,
            catalog,
        }
    }
}

/// The accounts' workspace and the settings.
pub struct Accounts {
    pub store: Arc<Store>,
    pub settings: Settings,
}

/// The signed-in site: the accounts, and the public portal it serves in front of.
pub struct Site {
    pub accounts: Accounts,
    /// The public portal (its library replaced whole on a reload: an upload or a decision
    /// shows at once).
    pub portal: Arc<Portal>,
    pub(crate) router: Router,
    pub(crate) templates: Environment<'static>,
}

/// The workspace owns a runtime of its own, which may not be dropped on an async worker (tokio
/// panics waiting for its blocking pool there). Handlers drop their handles on blocking
/// threads; the site's own is handed to a thread of its own when the site goes with the server.
impl Drop for Site {
    fn drop(&mut self) {
        if tokio::runtime::Handle::try_current().is_err() {
            return;
        }
        let store = self.accounts.store.clone();
        std::thread::spawn(move || {
            // The site's handle goes right after this; the last one is dropped here.
            while Arc::strong_count(&store) > 1 {
                std::thread::sleep(Duration::from_millis(5));
            }
            drop(store);
        });
    }
}

type Shared = State<Arc<Site>>;

/// Who is asking: the signed-in user of a valid session, if any.
#[derive(Clone, Debug)]
pub struct Signed {
    pub user: User,
    /// The session token (from the cookie or the `Authorization` header).
    token: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// Signed in by `Authorization: Bearer` (no CSRF token needed).
    pub bearer: bool,
}

/// The request's viewer, put in its extensions by [`session_layer`].
#[derive(Clone, Debug, Default)]
pub struct Viewer(pub Option<Signed>);

/// The CSRF token of a session: SHA-256 of a label and the session token, hex.
pub fn csrf_token(session_token: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"yusuan-csrf\x1f");
    h.update(session_token.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Equal strings, compared in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The session token a request carries: `Authorization: Bearer …` first, else the cookie.
fn token_of(headers: &HeaderMap) -> Option<(String, bool)> {
    if let Some(v) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let v = v.trim();
        if let Some(t) = v
            .strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))
        {
            return Some((t.trim().to_string(), true));
        }
    }
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == COOKIE && !v.is_empty()).then(|| (v.to_string(), false))
        })
}

/// Run a blocking store call off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    tokio::task::spawn_blocking(f).await.map_err(|_| {
        plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "内部错误 (internal error)",
        )
    })
}

fn plain(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message.to_string(),
    )
        .into_response()
}

/// The client's address, for the rate limit.
fn address(req_ext: &axum::http::Extensions) -> String {
    req_ext
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

pub(crate) fn templates() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    for (name, src) in [
        ("base.html", include_str!("../templates/base.html")),
        ("who.html", include_str!("../templates/auth/who.html")),
        ("login.html", include_str!("../templates/auth/login.html")),
        (
            "message.html",
            include_str!("../templates/auth/message.html"),
        ),
        ("upload.html", include_str!("../templates/auth/upload.html")),
        ("review.html", include_str!("../templates/auth/review.html")),
        ("users.html", include_str!("../templates/auth/users.html")),
    ] {
        env.add_template(name, src)?;
    }
    Ok(env)
}

/// The public portal's answer.
pub(crate) async fn dispatch(State(site): Shared, req: Request) -> Response {
    match site.router.clone().oneshot(req).await {
        Ok(r) => r,
        Err(never) => match never {},
    }
}

/// Find the session a request carries (no database call without a token), refuse a POST from
/// another origin, and fill the page header's line on who is signed in.
pub(crate) async fn session_layer(
    State(site): Shared,
    mut req: Request,
    next: axum::middleware::Next,
) -> Response {
    let mut viewer = Viewer(None);
    if let Some((token, bearer)) = token_of(req.headers()) {
        let store = site.accounts.store.clone();
        let t = token.clone();
        if let Ok(Ok(Some(s))) = blocking(move || store.session(&t)).await {
            viewer = Viewer(Some(Signed {
                user: s.user,
                csrf: csrf_token(&token),
                token,
                bearer,
            }));
        }
    }
    if req.method() != Method::GET && req.method() != Method::HEAD && !same_origin(req.headers()) {
        return plain(
            StatusCode::FORBIDDEN,
            "请求来自其他网站，已拒绝 (cross-origin request refused)",
        );
    }
    req.extensions_mut().insert(viewer.clone());
    let r = next.run(req).await;
    fill_who(&site, &viewer, r).await
}

/// A POST's `Origin`, when sent, names this host.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
    !host.is_empty() && origin_host.trim_end_matches('/') == host
}

/// Pages (HTML of bounded size) get the header line on who is signed in.
const PLACEHOLDER: &[u8] = b"<!--yusuan:who-->";

async fn fill_who(site: &Site, viewer: &Viewer, r: Response) -> Response {
    let html = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let small = {
        use axum::body::HttpBody;
        r.body().size_hint().upper().is_some_and(|n| n <= 4 << 20)
    };
    // A download (an uploaded original named .html, say) is never touched: the line names
    // the viewer and carries their CSRF token.
    let download = r.headers().contains_key(header::CONTENT_DISPOSITION);
    if !html || !small || download {
        return r;
    }
    let (mut parts, body) = r.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 << 20).await else {
        return plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "响应不完整 (response incomplete)",
        );
    };
    let Some(at) = bytes
        .windows(PLACEHOLDER.len())
        .position(|w| w == PLACEHOLDER)
    else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let who = who_line(site, viewer);
    let mut out = Vec::with_capacity(bytes.len() + who.len());
    out.extend_from_slice(bytes.get(..at).unwrap_or_default());
    out.extend_from_slice(who.as_bytes());
    out.extend_from_slice(bytes.get(at + PLACEHOLDER.len()..).unwrap_or_default());
    parts.headers.remove(header::CONTENT_LENGTH);
    if viewer.0.is_some() {
        // A page naming its viewer is not for shared caches.
        parts.headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    Response::from_parts(parts, Body::from(out))
}

#[derive(Serialize)]
struct UserView<'a> {
    name: &'a str,
    role: &'static str,
    role_label: &'static str,
    unit: Option<&'a str>,
    can_upload: bool,
    admin: bool,
}

fn user_view(u: &User) -> UserView<'_> {
    UserView {
        name: &u.name,
        role: u.role.as_str(),
        role_label: u.role.label(),
        unit: u.unit.as_deref(),
        can_upload: true,
        admin: u.role == Role::Admin,
    }
}

fn who_line(site: &Site, viewer: &Viewer) -> String {
    let (user, csrf) = match &viewer.0 {
        Some(s) => (Some(user_view(&s.user)), s.csrf.as_str()),
        None => (None, ""),
    };
    site.templates
        .get_template("who.html")
        .and_then(|t| t.render(context! { user, csrf }))
        .unwrap_or_default()
}

/// A page of the signed-in site (the header line is filled on the way out).
pub(crate) fn page(site: &Site, name: &str, ctx: minijinja::Value) -> Response {
    match site
        .templates
        .get_template(name)
        .and_then(|t| t.render(ctx))
    {
        Ok(h) => {
            let mut r = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], h).into_response();
            secure_headers(&mut r);
            r
        }
        Err(e) => {
            eprintln!("yusuan serve: {name}: {e:#}");
            plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "页面生成失败 (page could not be rendered)",
            )
        }
    }
}

pub(crate) fn secure_headers(r: &mut Response) {
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
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
}

/// A page saying something, with a status.
pub(crate) fn message(
    site: &Site,
    status: StatusCode,
    title: &str,
    text: &str,
    ok: bool,
) -> Response {
    let mut r = page(
        site,
        "message.html",
        context! { title, message => text, class => if ok { "ok" } else { "error" } },
    );
    *r.status_mut() = status;
    r
}

/// A refusal: JSON for the API, a page for a browser.
pub(crate) fn refuse(site: &Site, api: bool, status: StatusCode, text: &str) -> Response {
    if api {
        let mut r = (status, Json(serde_json::json!({ "error": text }))).into_response();
        secure_headers(&mut r);
        r
    } else {
        let title = match status {
            StatusCode::UNAUTHORIZED => "请先登录 (sign in first)",
            StatusCode::FORBIDDEN => "无权操作 (forbidden)",
            StatusCode::PAYLOAD_TOO_LARGE => "文件过大 (too large)",
            StatusCode::TOO_MANY_REQUESTS => "尝试次数过多 (too many attempts)",
            _ => "未能完成 (not done)",
        };
        let (link, link_text) = if status == StatusCode::UNAUTHORIZED {
            ("/login", "登录 (sign in)")
        } else {
            ("", "")
        };
        let mut r = page(
            site,
            "message.html",
            context! { title, message => text, class => "error", link, link_text },
        );
        *r.status_mut() = status;
        r
    }
}

/// The signed-in user, if their role is one of `roles`: else 401 (nobody signed in) or 403.
pub(crate) fn require<'a>(
    site: &Site,
    viewer: &'a Viewer,
    roles: &[Role],
    api: bool,
) -> Result<&'a Signed, Response> {
    match &viewer.0 {
        None => Err(refuse(
            site,
            api,
            StatusCode::UNAUTHORIZED,
            "需要登录 (sign in first)",
        )),
        Some(s) if roles.contains(&s.user.role) => Ok(s),
        Some(s) => Err(refuse(
            site,
            api,
            StatusCode::FORBIDDEN,
            &format!(
                "「{}」角色无权进行此操作 (the role {} may not do this)",
                s.user.role.label(),
                s.user.role.as_str()
            ),
        )),
    }
}

/// A form's fields, read after the caller is known (a refusal for want of a session or role
/// comes first, whatever the body).
async fn form_of<T: serde::de::DeserializeOwned>(site: &Site, req: Request) -> Result<T, Response> {
    Form::<T>::from_request(req, &())
        .await
        .map(|Form(f)| f)
        .map_err(|_| {
            refuse(
                site,
                false,
                StatusCode::BAD_REQUEST,
                "表单不完整 (incomplete form)",
            )
        })
}

/// A signed-in user's form post: its fields, once the CSRF token it carries (the form's own
/// field, `csrf` of `f`, else the `X-CSRF-Token` header) is the session's.
async fn signed_form<T: serde::de::DeserializeOwned>(
    site: &Site,
    signed: &Signed,
    req: Request,
    csrf: impl Fn(&T) -> Option<&str>,
) -> Result<T, Response> {
    let headers = req.headers().clone();
    let f: T = form_of(site, req).await?;
    check_csrf(site, signed, csrf(&f), &headers, false)?;
    Ok(f)
}

/// The CSRF check of a write: by bearer token none is needed; else the form field or the
/// `X-CSRF-Token` header must be the session's token.
pub(crate) fn check_csrf(
    site: &Site,
    signed: &Signed,
    form: Option<&str>,
    headers: &HeaderMap,
    api: bool,
) -> Result<(), Response> {
    if signed.bearer {
        return Ok(());
    }
    let given = form.or_else(|| headers.get("x-csrf-token").and_then(|v| v.to_str().ok()));
    match given {
        Some(g) if same(g, &signed.csrf) => Ok(()),
        _ => Err(refuse(
            site,
            api,
            StatusCode::FORBIDDEN,
            "表单已失效或来源不明（CSRF 校验未通过），请刷新页面后重试 (CSRF check failed: reload the page and try again)",
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Signing in and out

#[derive(Deserialize, Default)]
pub(crate) struct NextQuery {
    #[serde(default)]
    next: Option<String>,
}

/// Only a path of this site (no `//host`, no scheme) is a place to go after signing in.
fn local_path(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

pub(crate) async fn login_form(
    State(site): Shared,
    axum::extract::Query(q): axum::extract::Query<NextQuery>,
) -> Response {
    let next = local_path(q.next.as_deref());
    page(
        &site,
        "login.html",
        context! { next, name => "", message => "" },
    )
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    name: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
}

enum SignIn {
    In(User, yusuan_store::NewSession),
    Refused,
    Limited,
}

async fn sign_in(
    site: &Site,
    name: String,
    password: String,
    addr: String,
) -> Result<SignIn, Response> {
    let store = site.accounts.store.clone();
    let limit = site.accounts.settings.rate_limit;
    let ttl = site.accounts.settings.session_ttl;
    let done = blocking(move || -> yusuan_store::Result<SignIn> {
        Ok(match store.login(&name, &password, &addr, limit)? {
            Login::SignedIn(u) => {
                let s = store.start_session(&u.name, ttl)?;
                SignIn::In(u, s)
            }
            Login::Refused => SignIn::Refused,
            Login::Limited => SignIn::Limited,
        })
    })
    .await?;
    done.map_err(|e| {
        eprintln!("yusuan serve: {e}");
        plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "工作区错误 (workspace error)",
        )
    })
}

fn limited_text(site: &Site) -> String {
    let l = site.accounts.settings.rate_limit;
    format!(
        "登录失败次数过多，请 {} 分钟后再试 (too many failed sign-ins: try again in {} minutes)",
        l.window.as_secs().div_ceil(60),
        l.window.as_secs().div_ceil(60)
    )
}

pub(crate) async fn login(
    State(site): Shared,
    Extension(_v): Extension<Viewer>,
    req: Request,
) -> Response {
    let addr = address(req.extensions());
    let Ok(Form(f)) = Form::<LoginForm>::from_request(req, &()).await else {
        return refuse(
            &site,
            false,
            StatusCode::BAD_REQUEST,
            "表单不完整 (incomplete form)",
        );
    };
    let next = local_path(f.next.as_deref());
    let name = f.name.trim().to_string();
    match sign_in(&site, name.clone(), f.password, addr).await {
        Err(r) => r,
        Ok(SignIn::In(_, s)) => {
            let mut r = Redirect::to(&next).into_response();
            if let Ok(v) = HeaderValue::from_str(&set_cookie(&site, &s.token)) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        }
        Ok(SignIn::Refused) => {
            let mut r = page(
                &site,
                "login.html",
                context! { next, name, message => "用户名或密码不正确 (wrong name or password)" },
            );
            *r.status_mut() = StatusCode::UNAUTHORIZED;
            r
        }
        Ok(SignIn::Limited) => {
            let mut r = page(
                &site,
                "login.html",
                context! { next, name, message => limited_text(&site) },
            );
            *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            r
        }
    }
}

use axum::extract::FromRequest;

fn set_cookie(site: &Site, token: &str) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        site.accounts.settings.session_ttl.as_secs(),
        if site.accounts.settings.secure_cookie {
            "; Secure"
        } else {
            ""
        }
    )
}

fn clear_cookie(site: &Site) -> String {
    format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if site.accounts.settings.secure_cookie {
            "; Secure"
        } else {
            ""
        }
    )
}

#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    csrf: Option<String>,
}

pub(crate) async fn logout(
    State(site): Shared,
    Extension(v): Extension<Viewer>,
    req: Request,
) -> Response {
    let Some(s) = &v.0 else {
        return refuse(
            &site,
            false,
            StatusCode::UNAUTHORIZED,
            "尚未登录 (not signed in)",
        );
    };
    if let Err(r) = signed_form(&site, s, req, |f: &CsrfForm| f.csrf.as_deref()).await {
        return r;
    }
    let store = site.accounts.store.clone();
    let token = s.token.clone();
    let _ = blocking(move || store.end_session(&token)).await;
    let mut r = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&clear_cookie(&site)) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

#[derive(Deserialize)]
pub(crate) struct ApiLogin {
    name: String,
    password: String,
}

/// `POST /api/session {"name", "password"}`: a bearer token for programs.
pub(crate) async fn api_login(State(site): Shared, req: Request) -> Response {
    let addr = address(req.extensions());
    let Ok(Json(f)) = Json::<ApiLogin>::from_request(req, &()).await else {
        return refuse(
            &site,
            true,
            StatusCode::BAD_REQUEST,
            "请求须为 JSON：{\"name\", \"password\"} (expected JSON name and password)",
        );
    };
    match sign_in(&site, f.name.trim().to_string(), f.password, addr).await {
        Err(r) => r,
        Ok(SignIn::In(u, s)) => {
            let mut r = Json(serde_json::json!({
                "token": s.token,
                "csrf": csrf_token(&s.token),
                "expires_at": s.expires_at,
                "user": user_view(&u),
            }))
            .into_response();
            secure_headers(&mut r);
            r
        }
        Ok(SignIn::Refused) => refuse(
            &site,
            true,
            StatusCode::UNAUTHORIZED,
            "用户名或密码不正确 (wrong name or password)",
        ),
        Ok(SignIn::Limited) => refuse(
            &site,
            true,
            StatusCode::TOO_MANY_REQUESTS,
            &limited_text(&site),
        ),
    }
}

/// `DELETE /api/session`: end the session of the bearer token (or of the cookie, with the
/// CSRF header).
pub(crate) async fn api_logout(
    State(site): Shared,
    Extension(v): Extension<Viewer>,
    headers: HeaderMap,
) -> Response {
    let Some(s) = &v.0 else {
        return refuse(
            &site,
            true,
            StatusCode::UNAUTHORIZED,
            "尚未登录 (not signed in)",
        );
    };
    if let Err(r) = check_csrf(&site, s, None, &headers, true) {
        return r;
    }
    let store = site.accounts.store.clone();
    let token = s.token.clone();
    let _ = blocking(move || store.end_session(&token)).await;
    StatusCode::NO_CONTENT.into_response()
}

// ---------------------------------------------------------------------------------------------
// 审核: decisions, checklists, the league table

const REVIEWERS: &[Role] = &[Role::Reviewer, Role::Admin];

/// A finding of a disclosure with its fingerprint (the workspace's, as `yusuan review` makes
/// it) and the decision on it.
#[derive(Serialize)]
struct Reviewable<'a> {
    fingerprint: &'a str,
    rule: &'a str,
    severity: &'static str,
    page: Option<u32>,
    message: &'a str,
    decision: Option<&'static str>,
    note: Option<String>,
    decided_by: Option<String>,
}

/// The fingerprints of a disclosure's findings (those read from the workspace have one).
fn fingerprints(e: &Entry) -> Vec<&str> {
    e.findings
        .iter()
        .filter_map(|f| f.fingerprint.as_deref())
        .collect()
}

fn no_disclosure(site: &Site) -> Response {
    message(
        site,
        StatusCode::NOT_FOUND,
        "404",
        "没有这份公开文件 (no such disclosure)",
        false,
    )
}

/// Show a decision at once (the portal would see it within seconds anyway).
async fn reload(site: &Site) {
    if let Err(e) = site.portal.reload().await {
        eprintln!("yusuan serve: {e}");
    }
}

pub(crate) async fn review_page(
    State(site): Shared,
    Extension(v): Extension<Viewer>,
    Path(id): Path<String>,
) -> Response {
    let s = match require(&site, &v, REVIEWERS, false) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let library = site.portal.library();
    let Some(e) = library.get(&id) else {
        return no_disclosure(&site);
    };
    let store = site.accounts.store.clone();
    let decisions = match blocking(move || store.decisions()).await {
        Ok(Ok(d)) => d,
        Ok(Err(err)) => {
            eprintln!("yusuan serve: {err}");
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "工作区错误 (workspace error)",
            );
        }
        Err(r) => return r,
    };
    let findings: Vec<Reviewable> = e
        .findings
        .iter()
        .filter_map(|f| {
            let fp = f.fingerprint.as_deref()?;
            let d = decisions.iter().find(|d| d.fingerprint == fp);
            Some(Reviewable {
                rule: &f.rule,
                severity: f.severity.label(),
                page: f.page,
                message: &f.message,
                decision: d
                    .and_then(|d| Decision::parse(&d.decision))
                    .map(Decision::label),
                note: d.map(|d| d.note.clone()),
                decided_by: d.map(|d| d.decided_by.clone()),
                fingerprint: fp,
            })
        })
        .collect();
    page(
        &site,
        "review.html",
        context! {
            id => e.id,
            unit => e.unit,
            year => e.year,
            kind => e.kind.label(),
            findings,
            csrf => s.csrf,
            decisions => Decision::ALL.iter().map(|d| d.label()).collect::<Vec<_>>(),
        },
    )
}

#[derive(Deserialize)]
pub(crate) struct DecideForm {
    #[serde(default)]
    csrf: Option<String>,
    fingerprint: String,
    decision: String,
    #[serde(default)]
    note: String,
}

/// Notes are kept to this many characters.
const MAX_NOTE: usize = 2000;

async fn record_decision(
    site: &Site,
    s: &Signed,
    fingerprint: String,
    decision: &str,
    note: String,
    api: bool,
) -> Result<(), Response> {
    let Some(decision) = Decision::parse(decision) else {
        return Err(refuse(
            site,
            api,
            StatusCode::UNPROCESSABLE_ENTITY,
            "审核意见须为：确认、不是问题、已整改 (decision: confirmed, not-an-issue, fixed)",
        ));
    };
    if note.chars().count() > MAX_NOTE {
        return Err(refuse(
            site,
            api,
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("说明不超过 {MAX_NOTE} 字 (a note has at most {MAX_NOTE} characters)"),
        ));
    }
    let store = site.accounts.store.clone();
    let by = s.user.name.clone();
    match blocking(move || store.mark(&fingerprint, decision, &note, &by)).await? {
        Ok(()) => Ok(()),
        Err(e) => {
            eprintln!("yusuan serve: {e}");
            Err(plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "工作区错误 (workspace error)",
            ))
        }
    }
}

pub(crate) async fn decide(
    State(site): Shared,
    Extension(v): Extension<Viewer>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let s = match require(&site, &v, REVIEWERS, false) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let f: DecideForm = match signed_form(&site, s, req, |f: &DecideForm| f.csrf.as_deref()).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    // Only a finding of this disclosure.
    let known = site
        .portal
        .library()
        .get(&id)
        .map(|e| fingerprints(e).contains(&f.fingerprint.as_str()));
    match known {
        None => return no_disclosure(&site),
        Some(false) => {
            return refuse(
                &site,
                false,
                StatusCode::NOT_FOUND,
                "这份公开文件没有这条检查结果 (no such finding in this disclosure)",
            )
        }
        Some(true) => {}
    }
    match record_decision(&site, s, f.fingerprint, &f.decision, f.note, false).await {
        Ok(()) => {
            reload(&site).await;
            Redirect::to(&format!("/d/{id}/review")).into_response()
        }
        Err(r) => r,
    }
}

#[derive(Deserialize)]
pub(crate) struct ApiDecision {
    fingerprint: String,
    decision: String,
    #[serde(default)]
    note: String,
}

/// `POST /api/decisions {"fingerprint", "decision", "note"}`: a fingerprint (or a unique
/// prefix) of a finding in the workspace or on the portal.
pub(crate) async fn api_decide(
    State(site): Shared,
    Extension(v): Extension<Viewer>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let s = match require(&site, &v, REVIEWERS, true) {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Err(r) = check_csrf(&site, s, None, &headers, true) {
        return r;
    }
    let Ok(f) = serde_json::from_slice::<ApiDecision>(&body) else {
        return refuse(
            &site,
            true,
            StatusCode::BAD_REQUEST,
            "请求须为 JSON：{\"fingerprint\", \"decision\", \"note\"} (expected JSON)",
        );
    };
    let on_portal = site
        .portal
        .library()
        .entries
        .iter()
        .flat_map(fingerprints)
        .find(|fp| *fp == f.fingerprint)
        .map(str::to_string);
    let fingerprint = match on_portal {
        Some(fp) => fp,
        None => {
            let store = site.accounts.store.clone();
            let prefix = f.fingerprint.clone();
            match blocking(move || store.resolve_fingerprint(&prefix)).await {
                Ok(Ok(fp)) => fp,
                Ok(Err(e)) => return refuse(&site, true, StatusCode::NOT_FOUND, &e.to_string()),
                Err(r) => return r,
            }
        }
    };
    match record_decision(&site, s, fingerprint.clone(), &f.decision, f.note, true).await {
        Ok(()) => {
            reload(&site).await;
            Json(serde_json::json!({ "fingerprint": fingerprint, "decision": f.decision }))
                .into_response()
        }
        Err(r) => r,
    }
}

fn xlsx(name: &str, bytes: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(bytes));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    );
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
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"download.xlsx\"; filename*=UTF-8''{encoded}"
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    secure_headers(&mut r);
    r
}

/// `/d/{id}/checklist.xlsx`: the reviewer's checklist of a disclosure (as `yusuan check
/// --checklist`), crops of the PDF pages included.
pub(crate) async fn checklist(
    State(site): Shared,
    Extension(v): Extension<Viewer>,
    Path(id): Path<String>,
) -> Response {
    if let Err(r) = require(&site, &v, REVIEWERS, false) {
        return r;
    }
    let library = site.portal.library();
    if library.get(&id).is_none() {
        return no_disclosure(&site);
    }
    let catalog = site.accounts.settings.catalog.clone();
    let portal = site.portal.clone();
    let made = blocking(move || {
        let e = library.get(&id)?;
        // The findings as the review recorded them (with every box, for the crops); outside a
        // workspace, or for a document it has none of, as the check gives them.
        let stored: Option<Vec<yusuan_check::Finding>> = e.document_id.as_deref().and_then(|doc| {
            let ws = portal.workspace()?.lock().ok()?;
            let details = ws.store().finding_details(doc).ok()?;
            details
                .iter()
                .map(|d| serde_json::from_str(d).ok())
                .collect()
        });
        let findings = stored.unwrap_or_else(|| {
            yusuan_check::check_with_catalog(&e.disclosure, &Default::default(), &catalog)
        });
        // The PDF originals still in place and unchanged, by the names the findings may give them.
        let mut pdfs: Vec<(String, Arc<Vec<u8>>)> = Vec::new();
        for o in &e.originals {
            let (names, bytes) = match o {
                Original::Held { name, bytes } => (vec![name.clone()], bytes.to_vec()),
                Original::OnDisk {
                    name,
                    path: Some(path),
                    hash,
                    state: originals::State::Present,
                } => match crate::workspace::read_original(Some(path), hash) {
                    Ok(b) => (vec![name.clone(), path.display().to_string()], b),
                    Err(_) => continue,
                },
                Original::OnDisk { .. } => continue,
            };
            let bytes = Arc::new(bytes);
            for n in names {
                pdfs.push((n, bytes.clone()));
            }
        }
        let made = yusuan_review::checklists::checklist_xlsx(&e.disclosure, &findings, &pdfs);
        let name = format!("{}-{}-审核清单.xlsx", e.unit, e.year);
        Some(made.map(|(b, _)| (name, b)))
    })
    .await;
    match made {
        Ok(Some(Ok((name, bytes)))) => xlsx(&name, bytes),
        Ok(Some(Err(e))) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("无法生成审核清单 (cannot build the checklist): {e}"),
        ),
        Ok(None) => no_disclosure(&site),
        Err(r) => r,
    }
}

/// `/league.xlsx`: the workspace's league table (as `yusuan report`).
pub(crate) async fn league(State(site): Shared, Extension(v): Extension<Viewer>) -> Response {
    if let Err(r) = require(&site, &v, REVIEWERS, false) {
        return r;
    }
    let store = site.accounts.store.clone();
    let made = blocking(move || -> Result<Vec<u8>, String> {
        let docs = store.current_documents().map_err(|e| e.to_string())?;
        let findings = store.findings(false).map_err(|e| e.to_string())?;
        let dir = std::env::temp_dir().join(format!(
            "yusuan-league-{}-{}",
            std::process::id(),
            yusuan_store::content_hash(format!("{:?}", std::time::SystemTime::now()).as_bytes())
                .get(..12)
                .unwrap_or_default()
        ));
        let written = write_reports(&dir, &docs, &findings, |_| Ok(Default::default()))
            .and_then(|_| std::fs::read(dir.join("league.xlsx")).map_err(|e| e.to_string()));
        let _ = std::fs::remove_dir_all(&dir);
        written
    })
    .await;
    match made {
        Ok(Ok(bytes)) => xlsx("排名表-league.xlsx", bytes),
        Ok(Err(e)) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("无法生成排名表 (cannot build the league table): {e}"),
        ),
        Err(r) => r,
    }
}

// ---------------------------------------------------------------------------------------------
// 管理: accounts

pub(crate) async fn users_page(State(site): Shared, Extension(v): Extension<Viewer>) -> Response {
    users_answer(&site, &v, StatusCode::OK, "", true).await
}

async fn users_answer(
    site: &Site,
    v: &Viewer,
    status: StatusCode,
    text: &str,
    ok: bool,
) -> Response {
    let s = match require(site, v, &[Role::Admin], false) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let store = site.accounts.store.clone();
    let (users, uploads) =
        match blocking(move || Ok::<_, yusuan_store::Error>((store.users()?, store.uploads()?)))
            .await
        {
            Ok(Ok(x)) => x,
            Ok(Err(e)) => {
                eprintln!("yusuan serve: {e}");
                return plain(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "工作区错误 (workspace error)",
                );
            }
            Err(r) => return r,
        };
    let users: Vec<UserView> = users.iter().map(user_view).collect();
    let uploads: Vec<serde_json::Value> = uploads
        .iter()
        .map(|u| {
            serde_json::json!({
                "hash": u.hash, "user": u.user, "unit": u.unit, "file_name": u.file_name,
                "outcome": u.outcome, "reason": u.reason,
            })
        })
        .collect();
    let mut r = page(
        site,
        "users.html",
        context! {
            users, uploads, me => s.user.name, csrf => s.csrf,
            message => text, class => if ok { "ok" } else { "error" },
        },
    );
    *r.status_mut() = status;
    r
}

#[derive(Deserialize)]
pub(crate) struct NewUserForm {
    #[serde(default)]
    csrf: Option<String>,
    name: String,
    password: String,
    role: String,
    #[serde(default)]
    unit: Option<String>,
}

pub(crate) async fn create_user(
    State(site): Shared,
    Extension(v): Extension<Viewer>,
    req: Request,
) -> Response {
    let s = match require(&site, &v, &[Role::Admin], false) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let f: NewUserForm = match signed_form(&site, s, req, |f: &NewUserForm| f.csrf.as_deref()).await
    {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Some(role) = Role::parse(&f.role) else {
        return users_answer(
            &site,
            &v,
            StatusCode::UNPROCESSABLE_ENTITY,
            "未知角色 (unknown role)",
            false,
        )
        .await;
    };
    let store = site.accounts.store.clone();
    let name = f.name.trim().to_string();
    let made = blocking(move || {
        store.create_user(
            &name,
            &f.password,
            role,
            f.unit.as_deref().filter(|u| !u.trim().is_empty()),
        )
    })
    .await;
    match made {
        Ok(Ok(u)) => {
            users_answer(
                &site,
                &v,
                StatusCode::OK,
                &format!("已建立账户「{}」(account created)", u.name),
                true,
            )
            .await
        }
        Ok(Err(e)) => {
            users_answer(
                &site,
                &v,
                StatusCode::UNPROCESSABLE_ENTITY,
                &e.to_string(),
                false,
            )
            .await
        }
        Err(r) => r,
    }
}

#[derive(Deserialize)]
struct DeleteUserForm {
    #[serde(default)]
    csrf: Option<String>,
    name: String,
}

pub(crate) async fn delete_user(
    State(site): Shared,
    Extension(v): Extension<Viewer>,
    req: Request,
) -> Response {
    let s = match require(&site, &v, &[Role::Admin], false) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let f: DeleteUserForm =
        match signed_form(&site, s, req, |f: &DeleteUserForm| f.csrf.as_deref()).await {
            Ok(f) => f,
            Err(r) => return r,
        };
    if f.name == s.user.name {
        return users_answer(
            &site,
            &v,
            StatusCode::UNPROCESSABLE_ENTITY,
            "不能删除自己的账户 (you cannot delete your own account)",
            false,
        )
        .await;
    }
    let store = site.accounts.store.clone();
    let name = f.name.clone();
    match blocking(move || store.delete_user(&name)).await {
        Ok(Ok(true)) => {
            users_answer(
                &site,
                &v,
                StatusCode::OK,
                &format!("已删除账户「{}」(account deleted)", f.name),
                true,
            )
            .await
        }
        Ok(Ok(false)) => {
            users_answer(
                &site,
                &v,
                StatusCode::NOT_FOUND,
                "没有这个账户 (no such account)",
                false,
            )
            .await
        }
        Ok(Err(e)) => {
            users_answer(
                &site,
                &v,
                StatusCode::INTERNAL_SERVER_ERROR,
                &e.to_string(),
                false,
            )
            .await
        }
        Err(r) => r,
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

    #[test]
    fn only_local_paths_after_sign_in() {
        assert_eq!(super::local_path(Some("/d/abc")), "/d/abc");
        for bad in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil",
            "evil",
        ] {
            assert_eq!(super::local_path(Some(bad)), "/", "{bad}");
        }
    }

    #[test]
    fn csrf_tokens_differ_by_session() {
        let a = super::csrf_token(&"a".repeat(64));
        assert_eq!(a.len(), 64);
        assert_ne!(a, super::csrf_token(&"b".repeat(64)));
        assert!(super::same(&a, &a.clone()));
        assert!(!super::same(&a, &a[..63]));
    }
}
