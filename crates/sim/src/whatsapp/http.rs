//! The simulated Graph API over HTTP, under `/graph/<version>/…` (so it shares a port with the
//! Bot API): Meta's answers, `{"error": {...}}` shapes and codes, and the injected faults.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;

use super::model::SentWhatsApp;
use super::number::WhatsAppSim;
use crate::params;

fn graph_error(status: u16, code: i64, message: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let body = json!({ "error": {
        "message": message, "type": "OAuthException", "code": code,
        "error_data": { "messaging_product": "whatsapp", "details": message },
        "fbtrace_id": "AsimTRACE",
    }});
    (status, Json(body)).into_response()
}

pub fn routes(sim: WhatsAppSim) -> Router {
    Router::new()
        .route("/graph/{version}/{id}", get(object))
        .route("/graph/{version}/{id}/messages", post(messages))
        .route("/graph/{version}/{id}/media", post(upload))
        .route("/graph/{version}/{id}/message_templates", get(templates))
        .route("/graph/media-download/{id}", get(download))
        .with_state(sim)
}

/// The bearer token, and the injected fault if one is due: what every Graph call checks first.
/// Some(answer) when the call is refused.
fn refused(sim: &WhatsAppSim, headers: &HeaderMap) -> Option<Response> {
    let token = headers
        .get("authorization")
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "));
    if token != Some(sim.options().access_token.as_str()) {
        return Some(graph_error(
            401,
            190,
            "Error validating access token: The session has been invalidated.",
        ));
    }
    let mut s = sim.lock();
    if s.faults.fail_next > 0 {
        s.faults.fail_next -= 1;
        let (status, code) = (s.faults.status.max(400), s.faults.code);
        let error = graph_error(status, code, &format!("Simulated error {code}"));
        return Some(crate::meta_webhooks::with_retry_after(
            error,
            s.faults.retry_after,
        ));
    }
    None
}

async fn object(
    State(sim): State<WhatsAppSim>,
    Path((_version, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = refused(&sim, &headers) {
        return r;
    }
    let o = sim.options();
    if id == o.phone_number_id {
        return Json(json!({
            "id": o.phone_number_id, "verified_name": o.verified_name,
            "display_phone_number": o.display_phone_number, "quality_rating": "GREEN",
        }))
        .into_response();
    }
    match sim.lock().media.get(&id) {
        Some((bytes, mime)) => Json(json!({
            "messaging_product": "whatsapp", "id": id, "mime_type": mime,
            "sha256": "", "file_size": bytes.len(),
            // Relative to this server; Meta's are on lookaside.fbsbx.com and live minutes.
            "url": format!("{}/graph/media-download/{id}", base_url(&headers)),
        }))
        .into_response(),
        None => graph_error(
            400,
            100,
            "Unsupported get request. Object with ID does not exist",
        ),
    }
}

fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

async fn download(
    State(sim): State<WhatsAppSim>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = refused(&sim, &headers) {
        return r;
    }
    match sim.lock().media.get(&id) {
        Some((bytes, _)) => bytes.clone().into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn upload(
    State(sim): State<WhatsAppSim>,
    Path((_version, phone)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(r) = refused(&sim, &headers) {
        return r;
    }
    if phone != sim.options().phone_number_id {
        return graph_error(400, 100, "Invalid phone number id");
    }
    let (p, uploads) = match params::collect_all(None, &headers, body).await {
        Ok(x) => x,
        Err(e) => return graph_error(400, 100, &e),
    };
    if params::string(&p, "messaging_product").as_deref() != Some("whatsapp") {
        return graph_error(400, 100, "The parameter messaging_product is required.");
    }
    let Some(file) = uploads.iter().find(|u| u.field == "file") else {
        return graph_error(400, 100, "The parameter file is required.");
    };
    let mime = params::string(&p, "type").unwrap_or_default();
    let id = sim.new_id("");
    sim.lock()
        .media
        .insert(id.clone(), (file.bytes.to_vec(), mime));
    Json(json!({ "id": id })).into_response()
}

async fn templates(
    State(sim): State<WhatsAppSim>,
    Path((_version, waba)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = refused(&sim, &headers) {
        return r;
    }
    if waba != sim.options().business_account_id {
        return graph_error(400, 100, "Unsupported get request.");
    }
    let wanted = q.get("status").cloned();
    let data: Vec<Value> = sim
        .lock()
        .templates
        .iter()
        .filter(|t| wanted.as_deref().is_none_or(|w| t["status"] == w))
        .cloned()
        .collect();
    Json(json!({ "data": data, "paging": { "cursors": { "before": "b", "after": "a" } } }))
        .into_response()
}

async fn messages(
    State(sim): State<WhatsAppSim>,
    Path((_version, phone)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = refused(&sim, &headers) {
        return r;
    }
    if phone != sim.options().phone_number_id {
        return graph_error(400, 100, "Invalid phone number id");
    }
    if body["messaging_product"] != "whatsapp" {
        return graph_error(400, 100, "The parameter messaging_product is required.");
    }
    // A read receipt: `{"status": "read", "message_id": …}`.
    if body["status"] == "read" {
        let Some(message_id) = body["message_id"].as_str() else {
            return graph_error(400, 100, "The parameter message_id is required.");
        };
        sim.lock().sent.push(SentWhatsApp {
            id: message_id.into(),
            to: String::new(),
            kind: "read".into(),
            text: String::new(),
            reply_to: None,
            template_parameters: vec![],
            file_size: None,
            preview_url: None,
        });
        return Json(json!({ "success": true })).into_response();
    }
    let Some(to) = body["to"].as_str().map(str::to_owned) else {
        return graph_error(400, 100, "The parameter to is required.");
    };
    let kind = body["type"].as_str().unwrap_or("text").to_owned();
    let (text, parameters, file_size, preview) = match kind.as_str() {
        "text" => {
            let text = body["text"]["body"].as_str().unwrap_or("").to_owned();
            if text.trim().is_empty() {
                return graph_error(400, 100, "The parameter text['body'] is required.");
            }
            if text.chars().count() > 4096 {
                return graph_error(
                    400,
                    100,
                    "Param text['body'] must be at most 4096 characters long.",
                );
            }
            (text, vec![], None, body["text"]["preview_url"].as_bool())
        }
        "image" | "document" => {
            let id = body[&kind]["id"].as_str().unwrap_or("");
            let Some(size) = sim.lock().media.get(id).map(|(b, _)| b.len()) else {
                return graph_error(400, 131053, "Media upload error: unknown media id");
            };
            (
                body[&kind]["caption"].as_str().unwrap_or("").to_owned(),
                vec![],
                Some(size),
                None,
            )
        }
        "template" => {
            let name = body["template"]["name"].as_str().unwrap_or("").to_owned();
            let language = body["template"]["language"]["code"].as_str().unwrap_or("");
            let known = sim.lock().templates.iter().any(|t| {
                t["name"] == name.as_str() && t["language"] == language && t["status"] == "APPROVED"
            });
            if !known {
                return graph_error(
                    404,
                    132001,
                    "Template name does not exist in the translation",
                );
            }
            let parameters = body["template"]["components"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|c| c["parameters"].as_array().cloned().unwrap_or_default())
                .filter_map(|p| p["text"].as_str().map(str::to_owned))
                .collect();
            (name, parameters, None, None)
        }
        "reaction" => (
            body["reaction"]["emoji"].as_str().unwrap_or("").to_owned(),
            vec![],
            None,
            None,
        ),
        other => return graph_error(400, 100, &format!("Unsupported message type {other}")),
    };
    let id = sim.new_id("wamid.out.");
    sim.lock().sent.push(SentWhatsApp {
        id: id.clone(),
        to: to.clone(),
        kind: kind.clone(),
        text,
        reply_to: body["context"]["message_id"].as_str().map(str::to_owned),
        template_parameters: parameters,
        file_size,
        preview_url: preview,
    });
    // As Meta does: the call succeeds, and what became of the message comes by webhook. A
    // free-form message outside the customer service window fails with 131047.
    if kind != "reaction" {
        if kind == "template" && sim.marketing_capped(&to) {
            // Meta's per-user marketing limit (marketing templates): accepted, then not
            // delivered.
            let error = json!({
                "code": 131049,
                "title": "This message was not delivered to maintain healthy ecosystem engagement.",
                "message": "This message was not delivered to maintain healthy ecosystem engagement.",
                "error_data": { "details": "In order to maintain a healthy ecosystem engagement, the message failed to be delivered." },
            });
            sim.report_statuses(&id, &to, &["failed"], Some(error));
        } else if kind != "template" && !sim.within_window(&to) {
            let error = json!({
                "code": 131047, "title": "Re-engagement message",
                "message": "Re-engagement message",
                "error_data": { "details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number." },
            });
            sim.report_statuses(&id, &to, &["failed"], Some(error));
        } else {
            sim.report_statuses(&id, &to, &["sent", "delivered", "read"], None);
        }
    }
    let dropped = {
        let mut s = sim.lock();
        let drop = s.faults.drop_after_send > 0;
        if drop {
            s.faults.drop_after_send -= 1;
        }
        drop
    };
    if dropped {
        // Carried out, but the app never hears so: its fate is unknown to the app.
        return crate::telegram::dropped_connection();
    }
    Json(json!({
        "messaging_product": "whatsapp",
        "contacts": [{ "input": to, "wa_id": to }],
        "messages": [{ "id": id }],
    }))
    .into_response()
}
