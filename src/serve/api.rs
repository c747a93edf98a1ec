//! The server's routes: the page, `/api/config` (the limits, for the page to say them before
//! uploading), `/api/check` (upload, check, answer with report.json and the downloads) and
//! `/api/results/{id}/{name}` (one output, or all as a zip).
//!
//! Only requests addressed to 127.0.0.1 or localhost are answered, so that a web site cannot
//! reach the server through a name that resolves to this machine.

use super::results::{Download, Outputs};
use super::text::Text;
use super::upload::{self, Refused};
use super::{page, State};
use crate::job::Job;
use crate::report::messages::{self, Lang};
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Path, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;

type Shared = axum::extract::State<Arc<State>>;

pub fn router(state: Arc<State>) -> Router {
    let body_limit = state.config.limits.body_limit();
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/app.css", get(page::style))
        .route("/api/config", get(config))
        .route("/api/check", post(check).layer(DefaultBodyLimit::max(body_limit)))
        .route("/api/results/{id}/{name}", get(download))
        .layer(middleware::from_fn(local_only))
        .with_state(state)
}

/// Refuses requests whose Host is not this machine by a local name (DNS rebinding).
async fn local_only(request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
    if matches!(name, "127.0.0.1" | "localhost" | "[::1]") {
        next.run(request).await
    } else {
        problem(
            StatusCode::FORBIDDEN,
            Text::new(
                "请用 http://127.0.0.1 地址打开本页面。".to_string(),
                "Open this page at its http://127.0.0.1 address.".to_string(),
            ),
        )
    }
}

/// A refusal the page shows as it is, in its language.
fn problem(status: StatusCode, text: Text) -> Response {
    (status, Json(json!({ "error": text }))).into_response()
}

async fn config(state: Shared) -> Json<serde_json::Value> {
    let c = &state.config;
    Json(json!({
        "generator": crate::GENERATOR,
        "max_files": c.limits.max_files,
        "max_bytes": c.limits.max_bytes,
        "rules": c.rules.as_ref().map(|p| p.display().to_string()),
        "labels": { "zh": labels(Lang::Zh), "en": labels(Lang::En) },
    }))
}

/// The words the page shows for kinds, statuses and severities: the ones the other outputs use.
fn labels(lang: Lang) -> serde_json::Value {
    use crate::check::Status;
    use crate::finding::Severity;
    use crate::recognize::Kind;
    let kinds = Kind::REGISTERS.iter().chain([&Kind::Unknown]);
    let statuses = [Status::Pass, Status::Fail, Status::InProgress, Status::Exempt];
    let severities = [Severity::Error, Severity::Warning, Severity::Info];
    json!({
        "kind": kinds.map(|k| (k.as_str(), messages::register_label(k.as_str(), lang))).collect::<BTreeMap<_, _>>(),
        "status": statuses.iter().map(|s| (s.as_str(), messages::status_label(*s, lang))).collect::<BTreeMap<_, _>>(),
        "severity": severities.iter().map(|s| (s.as_str(), messages::severity_label(*s, lang))).collect::<BTreeMap<_, _>>(),
    })
}

/// Receives the files, checks them as `regcheck check` would, keeps the outputs and answers with
/// the result's id, its downloads and report.json.
async fn check(state: Shared, form: Result<Multipart, MultipartRejection>) -> Response {
    let form = match form {
        Ok(f) => f,
        Err(e) => return problem(StatusCode::BAD_REQUEST, Refused::Broken(e.body_text()).text()),
    };
    let upload = match upload::receive(form, state.config.limits, &std::env::temp_dir()).await {
        Ok(u) => u,
        Err(refused) => {
            let status = match refused {
                Refused::TooManyFiles(_) | Refused::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
                Refused::Storage(_) => StatusCode::INTERNAL_SERVER_ERROR,
                Refused::NoFiles | Refused::Broken(_) => StatusCode::BAD_REQUEST,
            };
            return problem(status, refused.text());
        }
    };
    let Ok(_turn) = state.checks.acquire().await else {
        return problem(StatusCode::SERVICE_UNAVAILABLE, stopping());
    };
    let config = &state.config;
    let job = Job {
        inputs: upload.inputs.clone(),
        rules: upload.rules.clone().or_else(|| config.rules.clone()),
        lang: config.lang,
        as_of: config.as_of,
        relative_to: Some(upload.root.clone()),
        show_personal_data: false,
    };
    // The check reads and writes files and is CPU-heavy: a blocking thread. The upload's folder
    // goes with it and is removed when it ends, whatever happened.
    let checked = tokio::task::spawn_blocking(move || {
        let out = upload.dir.path().join("out");
        let (run, written) = job.check_into(&out, None).map_err(|e| upload.unplace(&e))?;
        let inputs: Vec<String> = run.files.iter().map(|f| f.display()).collect();
        let outputs = Outputs::collect(&written, &inputs).map_err(|e| e.to_string())?;
        drop(upload);
        Ok::<_, String>(outputs)
    })
    .await;
    let outputs = match checked {
        Ok(Ok(outputs)) => outputs,
        Ok(Err(message)) => {
            return problem(
                StatusCode::BAD_REQUEST,
                Text::new(format!("无法检查：{message}"), format!("Cannot check: {message}")),
            )
        }
        Err(_) => {
            return problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                Text::new(
                    "检查时出现内部错误，请把这些文件发给维护人员。".to_string(),
                    "regcheck failed while checking these files; please send them to its maintainers.".to_string(),
                ),
            )
        }
    };
    let report = outputs
        .downloads
        .iter()
        .find(|d| d.kind == "report")
        .and_then(|d| serde_json::from_slice::<serde_json::Value>(&d.bytes).ok())
        .unwrap_or_default();
    let downloads = serde_json::to_value(&outputs.downloads).unwrap_or_default();
    let id = state.results.insert(outputs);
    Json(json!({ "id": id, "downloads": downloads, "report": report })).into_response()
}

fn stopping() -> Text {
    Text::new("服务正在停止。".to_string(), "The server is stopping.".to_string())
}

/// One output of a result, as an attachment.
async fn download(state: Shared, Path((id, name)): Path<(String, String)>) -> Response {
    let Some(outputs) = state.results.get(&id) else {
        return problem(
            StatusCode::NOT_FOUND,
            Text::new(
                "结果已不在（服务重启过，或结果太旧）。请重新检查。".to_string(),
                "This result is gone (the server restarted, or it is too old). Please check again.".to_string(),
            ),
        );
    };
    match outputs.get(&name) {
        Some(d) => attachment(d),
        None => problem(
            StatusCode::NOT_FOUND,
            Text::new(format!("没有文件“{name}”。"), format!("There is no file \"{name}\".")),
        ),
    }
}

fn attachment(d: &Download) -> Response {
    let content_type = match d.kind {
        "annotated" | "summary" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "report" => "application/json",
        _ => "application/zip",
    };
    let ascii: String =
        d.name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let encoded = percent_encoding::utf8_percent_encode(&d.name, percent_encoding::NON_ALPHANUMERIC);
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    (headers, d.bytes.clone()).into_response()
}
