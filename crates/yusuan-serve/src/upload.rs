//! Uploads (issue 12): `POST /upload` (the page's multipart form, with its CSRF field) and
//! `POST /api/disclosures` (the file's bytes as the body; `?name=` the file's name, shown
//! only), by 审核 and 管理 for any unit, by 单位 for its own unit only.
//!
//! - The size is capped (`Settings::max_upload`, 50 MB by default): a larger body is
//!   answered 413 before it is read whole.
//! - What a file is, is told by its content, never its name: the importers tell PDF, DOCX,
//!   XLSX/XLS, HTML and text apart, within their limits (`yusuan_import::limits`); anything
//!   else, or a file in which no budget table is found, is refused (422) with a Chinese
//!   message. A unit's budget workbook (`yusuan_workbook::looks_like_source_workbook`) is
//!   built into its disclosure (yusuan-build) and that is checked.
//! - The file is reviewed into the workspace by the pipeline of `yusuan review`
//!   (`yusuan_review::review_bytes`), within `Settings::upload_timeout`, one upload at a time.
//! - The bytes of an accepted file are kept under `Settings::uploads_dir`, named by their
//!   SHA-256: no path is ever made from the name the client sent; a refused file is not kept. Every upload, accepted or refused, is recorded
//!   (`uploads` table) with who sent it.
//! - The portal then reads the workspace again (`Portal::reload`): the disclosure is on it.

use crate::auth::{check_csrf, page, refuse, require, Settings, Signed, Site, Viewer};
use axum::body::Bytes;
use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use minijinja::context;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use yusuan_model::Disclosure;
use yusuan_store::{Role, Store, UploadRecord};

type Shared = State<Arc<Site>>;

const UPLOADERS: &[Role] = &[Role::Reviewer, Role::Unit, Role::Admin];

/// One upload at a time: reading a large PDF takes a core for seconds.
static SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

pub(crate) async fn form(State(site): Shared, Extension(v): Extension<Viewer>) -> Response {
    let s = match require(&site, &v, UPLOADERS, false) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let unit = if s.user.role == Role::Unit {
        s.user.unit.clone()
    } else {
        None
    };
    page(
        &site,
        "upload.html",
        context! {
            csrf => s.csrf,
            unit,
            max_mb => site.accounts.settings.max_upload >> 20,
        },
    )
}

fn too_large(site: &Site, api: bool) -> Response {
    refuse(
        site,
        api,
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!(
            "文件超过 {} MB，未接收 (the file is over {} MB)",
            site.accounts.settings.max_upload >> 20,
            site.accounts.settings.max_upload >> 20
        ),
    )
}

/// `POST /upload`: the page's form (fields `csrf` and `file`).
pub(crate) async fn upload(
    State(site): Shared,
    Extension(v): Extension<Viewer>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let s = match require(&site, &v, UPLOADERS, false) {
        Ok(s) => s.clone(),
        Err(r) => return r,
    };
    let Ok(mut multipart) = multipart else {
        return refuse(
            &site,
            false,
            StatusCode::BAD_REQUEST,
            "请用上传页面的表单提交文件 (send the file with the upload page's form)",
        );
    };
    let mut csrf = None;
    let mut file: Option<(String, Bytes)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return too_large(&site, false)
            }
            Err(_) => {
                return refuse(
                    &site,
                    false,
                    StatusCode::BAD_REQUEST,
                    "表单数据不完整 (the form's data is incomplete)",
                )
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let data = match field.bytes().await {
            Ok(d) => d,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return too_large(&site, false)
            }
            Err(_) => {
                return refuse(
                    &site,
                    false,
                    StatusCode::BAD_REQUEST,
                    "表单数据不完整 (the form's data is incomplete)",
                )
            }
        };
        match name.as_str() {
            "csrf" => csrf = Some(String::from_utf8_lossy(&data).into_owned()),
            "file" => file = Some((file_name.unwrap_or_default(), data)),
            _ => {}
        }
    }
    if let Err(r) = check_csrf(&site, &s, csrf.as_deref(), &headers, false) {
        return r;
    }
    let Some((name, bytes)) = file else {
        return refuse(
            &site,
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
            "请选择要上传的文件 (choose a file)",
        );
    };
    match accept(&site, &s, name, bytes).await {
        Ok(done) => match &done.id {
            Some(id) => Redirect::to(&format!("/d/{id}")).into_response(),
            None => crate::auth::message(
                &site,
                StatusCode::OK,
                "已接收 (accepted)",
                &format!(
                    "已接收并检查：{} 个错误，{} 个警告 (accepted and checked)",
                    done.errors, done.warnings
                ),
                true,
            ),
        },
        Err((status, text)) => refuse(&site, false, status, &text),
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct ApiUploadQuery {
    #[serde(default)]
    name: Option<String>,
}

/// `POST /api/disclosures?name=FILE`: the body is the file.
pub(crate) async fn api_upload(
    State(site): Shared,
    Extension(v): Extension<Viewer>,
    headers: HeaderMap,
    Query(q): Query<ApiUploadQuery>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let s = match require(&site, &v, UPLOADERS, true) {
        Ok(s) => s.clone(),
        Err(r) => return r,
    };
    if let Err(r) = check_csrf(&site, &s, None, &headers, true) {
        return r;
    }
    let bytes = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large(&site, true),
        Err(_) => {
            return refuse(
                &site,
                true,
                StatusCode::BAD_REQUEST,
                "请求内容不完整 (incomplete body)",
            )
        }
    };
    match accept(&site, &s, q.name.unwrap_or_default(), bytes).await {
        Ok(done) => {
            let mut r = (
                StatusCode::CREATED,
                Json(serde_json::json!({
                    "id": done.id,
                    "url": done.id.as_ref().map(|id| format!("/d/{id}")),
                    "workspace_id": done.workspace_id,
                    "unit": done.unit,
                    "year": done.year,
                    "errors": done.errors,
                    "warnings": done.warnings,
                    "known": done.known,
                })),
            )
                .into_response();
            crate::auth::secure_headers(&mut r);
            r
        }
        Err((status, text)) => refuse(&site, true, status, &text),
    }
}

/// An upload accepted: the portal's id of the disclosure (when the portal shows it) and the
/// workspace's.
struct Accepted {
    id: Option<String>,
    workspace_id: String,
    unit: String,
    year: Option<u16>,
    errors: i64,
    warnings: i64,
    known: bool,
}

type Refusal = (StatusCode, String);

/// The name the client sent, as shown: its last part only, without control characters, at
/// most 100 characters. Never used as a path.
fn shown_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(100).collect();
    let clean = clean.trim().to_string();
    if clean.is_empty() || clean == "." || clean == ".." {
        "上传文件".to_string()
    } else {
        clean
    }
}

/// Keep bytes under their hash in `dir` (written beside and renamed: nobody reads half a
/// file); the path.
fn keep(dir: &Path, bytes: &[u8]) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let hash = yusuan_store::content_hash(bytes);
    let path = dir.join(&hash);
    if !path.is_file() {
        let temp = dir.join(format!(".{hash}.{}.tmp", std::process::id()));
        std::fs::write(&temp, bytes)
            .and_then(|()| std::fs::rename(&temp, &path))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(path)
}

/// What reading an upload made, before it is recorded.
struct Read {
    disclosure: Disclosure,
    /// The bytes to review into the workspace: the file, or the disclosure built from a
    /// workbook (rendered as XLSX).
    review: Vec<u8>,
    /// Besides them, the bytes kept for the record (the workbook a disclosure was built from).
    also_keep: Option<Vec<u8>>,
}

fn read_upload(settings: &Settings, shown: &str, bytes: &[u8]) -> Result<Read, Refusal> {
    let catalog = &settings.catalog;
    if yusuan_workbook::looks_like_source_workbook(bytes) {
        let (budget, _notes) = yusuan_workbook::read_workbook_with_catalog(shown, bytes, catalog)
            .map_err(|e| {
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "预算填报工作簿有误，未能生成公开文件 (the budget workbook has errors): {e}"
                ),
            )
        })?;
        let built = yusuan_build::build(&budget, budget.region).map_err(|e| {
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("未能由工作簿生成公开文件 (cannot build the disclosure): {e}"),
            )
        })?;
        let generated = yusuan_render_xlsx::render(&built.disclosure).map_err(|e| {
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("未能生成公开文件 (cannot render the disclosure): {e}"),
            )
        })?;
        return Ok(Read {
            disclosure: built.disclosure,
            review: generated,
            also_keep: Some(bytes.to_vec()),
        });
    }
    let d = yusuan_review::import_disclosure(shown, bytes, catalog).map_err(|e| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "不是可读的预算公开文件（可上传 PDF、DOCX、XLSX、HTML 或文本格式的部门预算、决算公开文件，或单位的预算填报工作簿）(not a readable disclosure): {e}"
            ),
        )
    })?;
    if d.tables.is_empty() {
        return Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            "文件中未找到预算表，不是预算公开文件 (no budget table found: not a disclosure)"
                .to_string(),
        ));
    }
    Ok(Read {
        disclosure: d,
        review: bytes.to_vec(),
        also_keep: None,
    })
}

fn record(
    store: &Store,
    s: &Signed,
    hash: &str,
    shown: &str,
    bytes: usize,
    outcome: Result<Option<&str>, &str>,
) {
    let (outcome, reason, unit) = match outcome {
        Ok(unit) => ("accepted", None, unit.map(str::to_string)),
        Err(reason) => ("refused", Some(reason.to_string()), s.user.unit.clone()),
    };
    let r = store.record_upload(&UploadRecord {
        hash: hash.to_string(),
        user: s.user.name.clone(),
        unit,
        file_name: shown.to_string(),
        bytes: i64::try_from(bytes).unwrap_or(i64::MAX),
        outcome: outcome.to_string(),
        reason,
    });
    if let Err(e) = r {
        eprintln!("yusuan serve: {e}");
    }
}

/// Read, check and record an upload; then the portal reads the workspace again and shows it.
async fn accept(
    site: &Arc<Site>,
    s: &Signed,
    name: String,
    bytes: Bytes,
) -> Result<Accepted, Refusal> {
    if bytes.is_empty() {
        return Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            "文件是空的 (the file is empty)".to_string(),
        ));
    }
    let Ok(_slot) = SLOTS.acquire().await else {
        return Err((
            StatusCode::SERVICE_UNAVAILABLE,
            "服务正在关闭 (shutting down)".to_string(),
        ));
    };
    let site2 = site.clone();
    let signed = s.clone();
    let work = tokio::task::spawn_blocking(move || -> Result<Accepted, Refusal> {
        let site = site2;
        let s = signed;
        let settings = &site.accounts.settings;
        let store = &site.accounts.store;
        let shown = shown_name(&name);
        let hash = yusuan_store::content_hash(&bytes);
        let read = match read_upload(settings, &shown, &bytes) {
            Ok(r) => r,
            Err((status, reason)) => {
                record(store, &s, &hash, &shown, bytes.len(), Err(&reason));
                return Err((status, reason));
            }
        };
        let unit = read.disclosure.meta.unit.name.clone().unwrap_or_default();
        if s.user.role == Role::Unit && s.user.unit.as_deref() != Some(unit.as_str()) {
            let reason = format!(
                "本账户只能上传「{}」的文件，这份文件的单位是「{}」(this account uploads for its own unit only)",
                s.user.unit.as_deref().unwrap_or_default(),
                if unit.is_empty() { "未识别" } else { &unit }
            );
            record(store, &s, &hash, &shown, bytes.len(), Err(&reason));
            return Err((StatusCode::FORBIDDEN, reason));
        }
        // Kept only once accepted (a refused file takes no room); the workspace records the
        // reviewed file under the path it is kept at, where the portal reads it.
        let cannot_keep = |e: String| {
            eprintln!("yusuan serve: {e}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "无法保存上传的文件 (cannot keep the upload)".to_string(),
            )
        };
        let kept = keep(&settings.uploads_dir, &read.review).map_err(cannot_keep)?;
        if let Some(b) = &read.also_keep {
            keep(&settings.uploads_dir, b).map_err(cannot_keep)?;
        }
        let kept = kept.display().to_string();
        let config = yusuan_check::Config::default();
        let options = yusuan_review::Options {
            config: &config,
            catalog: &settings.catalog,
            profile: None,
            jobs: Some(1),
            claim_timeout: settings.upload_timeout,
            time_limit: Some(settings.upload_timeout),
        };
        let reviewed =
            yusuan_review::review_bytes(store, &kept, &read.review, &options).map_err(|e| {
                eprintln!("yusuan serve: {e}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "无法记入工作区 (cannot record in the workspace)".to_string(),
                )
            })?;
        if let Some(reason) = reviewed
            .reason
            .filter(|_| reviewed.status == yusuan_store::Status::Refused)
        {
            let reason = reason.replace(&kept, &shown);
            record(store, &s, &hash, &shown, bytes.len(), Err(&reason));
            return Err((StatusCode::UNPROCESSABLE_ENTITY, reason));
        }
        record(store, &s, &hash, &shown, bytes.len(), Ok(Some(&unit)));
        Ok(Accepted {
            id: None,
            workspace_id: reviewed.id,
            unit,
            year: read.disclosure.meta.year,
            errors: reviewed.errors,
            warnings: reviewed.warnings,
            known: reviewed.known,
        })
    });
    let mut done = match tokio::time::timeout(site.accounts.settings.upload_timeout, work).await {
        Ok(Ok(done)) => done?,
        Ok(Err(_)) => {
            return Err((
                StatusCode::INTERNAL_SERVER_ERROR,
                "处理上传时出错 (the upload failed)".to_string(),
            ))
        }
        Err(_) => {
            return Err((
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "读取与检查超过 {} 秒，未完成 (reading and checking took over {} s)",
                    site.accounts.settings.upload_timeout.as_secs(),
                    site.accounts.settings.upload_timeout.as_secs()
                ),
            ))
        }
    };
    // The portal reads the workspace again: the disclosure is on it from now on.
    if let Err(e) = site.portal.reload().await {
        eprintln!("yusuan serve: {e}");
    }
    done.id = site
        .portal
        .library()
        .entries
        .iter()
        .find(|e| e.document_id.as_deref() == Some(done.workspace_id.as_str()))
        .map(|e| e.id.clone());
    Ok(done)
}

#[cfg(test)]
mod tests {
    #[test]
    fn shown_names_are_last_parts_without_controls() {
        assert_eq!(super::shown_name("../../etc/passwd"), "passwd");
        assert_eq!(super::shown_name("C:\\x\\预算.pdf"), "预算.pdf");
        assert_eq!(super::shown_name(".."), "上传文件");
        assert_eq!(super::shown_name("a\u{0}b\nc.pdf"), "abc.pdf");
        assert_eq!(super::shown_name(""), "上传文件");
    }
}
