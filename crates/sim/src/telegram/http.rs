//! The simulated Bot API over HTTP: `/bot<token>/<method>` and the file endpoint, with
//! Telegram's error shapes and the injected faults.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::bot::{bot_user, TelegramSim};
use crate::params;

/// A response whose body fails after the headers: the client sees the connection drop.
pub(crate) fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("simulated dropped connection"))
    });
    Response::new(axum::body::Body::from_stream(failing))
}

fn ok(result: Value) -> Response {
    Json(json!({ "ok": true, "result": result })).into_response()
}

fn error(status: u16, description: &str, retry_after: Option<u64>) -> Response {
    let mut body = json!({ "ok": false, "error_code": status, "description": description });
    if let Some(r) = retry_after {
        body["parameters"] = json!({ "retry_after": r });
    }
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(body)).into_response()
}

pub fn routes(sim: TelegramSim) -> Router {
    Router::new()
        .route("/{bot}/{method}", any(bot_method))
        .route("/file/{bot}/{*path}", axum::routing::get(download))
        .with_state(sim)
}

/// The Bot API's file endpoint: `/file/bot<token>/<file_path>`.
async fn download(
    State(sim): State<TelegramSim>,
    Path((bot, path)): Path<(String, String)>,
) -> Response {
    if !bot.strip_prefix("bot").is_some_and(|t| sim.token_is(t)) {
        return error(401, "Unauthorized", None);
    }
    match sim.file_bytes(&path) {
        Some(bytes) => bytes.into_response(),
        None => error(404, "Not Found", None),
    }
}

async fn bot_method(
    State(sim): State<TelegramSim>,
    Path((bot, method)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !bot.strip_prefix("bot").is_some_and(|t| sim.token_is(t)) {
        return error(401, "Unauthorized", None);
    }
    let delay = sim.delay();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    if sim.take(|f| &mut f.drop_before) {
        return dropped_connection();
    }
    if let Some(f) = sim.take_fault() {
        let retry_after = (f.status == 429).then_some(f.retry_after.unwrap_or(1));
        let description = match f.status {
            429 => format!(
                "Too Many Requests: retry after {}",
                retry_after.unwrap_or(1)
            ),
            s => format!("Simulated error {s}"),
        };
        return error(f.status, &description, retry_after);
    }
    let (p, uploads) = match params::collect_all(query.as_deref(), &headers, body).await {
        Ok(p) => p,
        Err(e) => return error(400, &e, None),
    };
    // Method names are case-insensitive in the Bot API.
    match method.to_ascii_lowercase().as_str() {
        "getme" => ok(bot_user()),
        "getupdates" if sim.webhook().is_some() => error(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            None,
        ),
        "getupdates" => ok(sim.get_updates(&p).await),
        "setwebhook" => {
            sim.set_webhook(params::string(&p, "url").filter(|u| !u.is_empty()));
            ok(json!(true))
        }
        "deletewebhook" => {
            sim.set_webhook(None);
            ok(json!(true))
        }
        "getwebhookinfo" => ok(json!({ "url": sim.webhook().unwrap_or_default(), "pending_update_count": 0 })),
        method @ ("sendmessage" | "sendphoto" | "senddocument") => {
            let upload = match method {
                "sendphoto" => Some("photo"),
                "senddocument" => Some("document"),
                _ => None,
            }
            .map(|kind| (kind, uploads.iter().find(|u| u.field == kind)));
            let upload = match upload {
                None => None,
                Some((kind, Some(u))) => Some((kind, u)),
                Some((kind, None)) => return error(400, &format!("Bad Request: there is no {kind} in the request"), None),
            };
            match sim.send_message(&p, upload) {
                Ok(_) if sim.take(|f| &mut f.drop_after_send) => dropped_connection(),
                Ok(m) => ok(m),
                Err((status, description)) => error(status, &description, None),
            }
        }
        "getfile" => match sim.get_file(&p) {
            Ok(f) => ok(f),
            Err((status, description)) => error(status, &description, None),
        },
        _ => error(404, "Not Found", None),
    }
}
