//! The portal with its signed-in pages: the public routes behind the session layer, the
//! sign-in, review, account and upload routes in front (issue 12). Apart from [`crate::auth`]
//! and [`crate::upload`], which it puts together.

use crate::app::{routes, Portal};
use crate::auth::*;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use minijinja::Environment;
use std::net::SocketAddr;
use std::sync::Arc;

/// The signed-in routes in front of the public `portal`. Serve it with the client's address
/// ([`serve`], or `into_make_service_with_connect_info::<SocketAddr>()`): without it every
/// client counts as one address for the sign-in rate limit.
pub fn router(portal: Arc<Portal>, accounts: Accounts) -> Router {
    let templates = templates().unwrap_or_else(|e| {
        eprintln!("yusuan serve: 模板有误 (template error): {e}");
        Environment::new()
    });
    let max_upload = accounts.settings.max_upload;
    let site = Arc::new(Site {
        accounts,
        router: routes(portal.clone()),
        portal,
        templates,
    });
    let uploads = Router::new()
        .route(
            "/upload",
            get(crate::upload::form).post(crate::upload::upload),
        )
        .route(
            "/api/disclosures",
            post(crate::upload::api_upload).fallback(dispatch),
        )
        // Multipart framing and a form's fields on top of the file.
        .layer(DefaultBodyLimit::max(max_upload.saturating_add(64 << 10)));
    Router::new()
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/api/session", post(api_login).delete(api_logout))
        .route("/d/{id}/review", get(review_page))
        .route("/d/{id}/decisions", post(decide))
        .route("/api/decisions", post(api_decide))
        .route("/d/{id}/checklist.xlsx", get(checklist))
        .route("/league.xlsx", get(league))
        .route("/admin/users", get(users_page).post(create_user))
        .route("/admin/users/delete", post(delete_user))
        .layer(DefaultBodyLimit::max(64 << 10))
        .merge(uploads)
        .fallback(dispatch)
        .layer(axum::middleware::from_fn_with_state(
            site.clone(),
            session_layer,
        ))
        .with_state(site)
}

/// Serve the portal with its signed-in pages on `addr` until the process ends (the client's
/// address reaches the rate limit).
pub async fn serve(
    portal: Arc<Portal>,
    accounts: Accounts,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    axum::serve(
        listener,
        router(portal, accounts).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}

/// [`serve`] on a runtime of its own, for a program that has none (the command line).
pub fn serve_blocking(
    portal: Arc<Portal>,
    accounts: Accounts,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(portal, accounts, addr, ready))
}
