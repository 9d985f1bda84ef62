//! The simulated Messenger Graph API over HTTP, under `/messenger-graph/<version>/…` (the
//! account's API base), with Meta's `{"error": {...}}` shapes and the injected faults.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;

use super::page::{now_ms, Message, MessengerSim, SentMessenger};
use crate::params;

const DAY_MS: i64 = 24 * 3600 * 1000;

fn graph_error(status: u16, code: i64, subcode: Option<i64>, message: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut error = json!({ "message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AsimFB" });
    if let Some(s) = subcode {
        error["error_subcode"] = json!(s);
    }
    (status, Json(json!({ "error": error }))).into_response()
}

/// Graph API times: `2024-05-01T10:15:00+0000`.
fn graph_time(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(ms / 1000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let f = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]+0000");
    t.format(f).unwrap_or_default()
}

pub fn routes(sim: MessengerSim) -> Router {
    Router::new()
        .route("/messenger-graph/{version}/{id}", get(object))
        .route(
            "/messenger-graph/{version}/{id}/conversations",
            get(conversations),
        )
        .route(
            "/messenger-graph/{version}/{id}/messages",
            get(messages).post(send),
        )
        .route("/messenger-graph/picture/{psid}", get(picture))
        .with_state(sim)
}

/// Every customer's picture is the same small PNG.
async fn picture(State(sim): State<MessengerSim>, Path(psid): Path<String>) -> Response {
    if sim.lock().customers.contains_key(&psid) {
        crate::telegram::THUMBNAIL_PNG.into_response()
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}

fn refused(sim: &MessengerSim, headers: &HeaderMap) -> Option<Response> {
    let token = headers
        .get("authorization")
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "));
    if token != Some(sim.options().page_access_token.as_str()) {
        return Some(graph_error(400, 190, None, "Invalid OAuth access token."));
    }
    let mut s = sim.lock();
    if s.faults.fail_next > 0 {
        s.faults.fail_next -= 1;
        let f = s.faults.clone();
        let error = graph_error(
            f.status.max(400),
            f.code,
            f.subcode,
            &format!("Simulated error {}", f.code),
        );
        return Some(crate::meta_webhooks::with_retry_after(error, f.retry_after));
    }
    None
}

async fn object(
    State(sim): State<MessengerSim>,
    Path((_v, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = refused(&sim, &headers) {
        return r;
    }
    let o = sim.options();
    if id == o.page_id {
        return Json(json!({ "id": o.page_id, "name": o.page_name })).into_response();
    }
    match sim.lock().customers.get(&id) {
        Some(c) => {
            let (first, last) = c.name.split_once(' ').unwrap_or((&c.name, ""));
            let host = headers
                .get("host")
                .and_then(|h| h.to_str().ok())
                .unwrap_or("127.0.0.1");
            Json(json!({
                "id": c.psid, "name": c.name, "first_name": first, "last_name": last,
                // A CDN link, as Meta gives: no token needed, valid for a while.
                "profile_pic": format!("http://{host}/messenger-graph/picture/{}", c.psid),
            }))
            .into_response()
        }
        None => graph_error(
            400,
            100,
            Some(33),
            "Unsupported get request. Object does not exist.",
        ),
    }
}

/// Paging as the Graph API does it: `after` is an opaque cursor (here, an offset).
fn page_of<T: Clone>(
    items: &[T],
    q: &HashMap<String, String>,
    default_limit: usize,
) -> (Vec<T>, Value) {
    let start = q
        .get("after")
        .and_then(|a| a.parse::<usize>().ok())
        .unwrap_or(0)
        .min(items.len());
    let limit = q
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(default_limit)
        .clamp(1, 100);
    let end = (start + limit).min(items.len());
    let mut paging =
        json!({ "cursors": { "before": start.to_string(), "after": end.to_string() } });
    if end < items.len() {
        paging["next"] = json!("https://graph.facebook.com/next");
    }
    (items[start..end].to_vec(), paging)
}

async fn conversations(
    State(sim): State<MessengerSim>,
    Path((_v, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = refused(&sim, &headers) {
        return r;
    }
    let o = sim.options();
    if id != o.page_id {
        return graph_error(400, 100, None, "Unsupported get request.");
    }
    let s = sim.lock();
    let mut list: Vec<(i64, Value)> = s
        .conversations
        .iter()
        .map(|c| {
            let updated = c.messages.iter().map(|m| m.at_ms).max().unwrap_or(0);
            let name = s
                .customers
                .get(&c.psid)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            (
                updated,
                json!({
                    "id": format!("t_{}", c.psid),
                    "updated_time": graph_time(updated),
                    "participants": { "data": [
                        { "name": name, "id": c.psid },
                        { "name": o.page_name, "id": o.page_id },
                    ]},
                }),
            )
        })
        .collect();
    list.sort_by_key(|x| std::cmp::Reverse(x.0));
    let all: Vec<Value> = list.into_iter().map(|(_, v)| v).collect();
    let (data, paging) = page_of(&all, &q, 25);
    Json(json!({ "data": data, "paging": paging })).into_response()
}

async fn messages(
    State(sim): State<MessengerSim>,
    Path((_v, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = refused(&sim, &headers) {
        return r;
    }
    let o = sim.options();
    let Some(psid) = id.strip_prefix("t_") else {
        return graph_error(400, 100, None, "Unsupported get request.");
    };
    let s = sim.lock();
    let Some(conversation) = s.conversations.iter().find(|c| c.psid == psid) else {
        return graph_error(400, 100, None, "Unsupported get request.");
    };
    let customer = json!({ "id": psid, "name": s.customers.get(psid).map(|c| c.name.clone()).unwrap_or_default() });
    let page = json!({ "id": o.page_id, "name": o.page_name });
    // Newest first, as the inbox lists them.
    let mut list: Vec<&Message> = conversation.messages.iter().collect();
    list.sort_by(|a, b| b.at_ms.cmp(&a.at_ms).then(b.id.cmp(&a.id)));
    let all: Vec<Value> = list
        .into_iter()
        .map(|m| {
            let (from, to) = if m.from_page {
                (&page, &customer)
            } else {
                (&customer, &page)
            };
            json!({ "id": m.id, "created_time": graph_time(m.at_ms), "from": from,
                    "to": { "data": [to] }, "message": m.text })
        })
        .collect();
    let (data, paging) = page_of(&all, &q, 25);
    Json(json!({ "data": data, "paging": paging })).into_response()
}

async fn send(
    State(sim): State<MessengerSim>,
    Path((_v, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(r) = refused(&sim, &headers) {
        return r;
    }
    let o = sim.options();
    if id != o.page_id && id != "me" {
        return graph_error(400, 100, None, "Unsupported post request.");
    }
    let (p, uploads) = match params::collect_all(None, &headers, body).await {
        Ok(x) => x,
        Err(e) => return graph_error(400, 100, None, &e),
    };
    let field = |k: &str| -> Value {
        match p.get(k) {
            Some(Value::String(s)) => serde_json::from_str(s).unwrap_or(Value::String(s.clone())),
            Some(v) => v.clone(),
            None => Value::Null,
        }
    };
    let Some(to) = field("recipient")
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return graph_error(400, 100, None, "(#100) The parameter recipient is required");
    };
    if let Some(action) = field("sender_action").as_str() {
        sim.lock().sent.push(SentMessenger {
            id: String::new(),
            to: to.clone(),
            kind: action.to_owned(),
            text: String::new(),
            messaging_type: None,
            tag: None,
        });
        return Json(json!({ "recipient_id": to })).into_response();
    }
    let messaging_type = field("messaging_type").as_str().map(str::to_owned);
    let tag = field("tag").as_str().map(str::to_owned);
    let allowed_ms = match (messaging_type.as_deref(), tag.as_deref()) {
        (Some("MESSAGE_TAG"), Some("HUMAN_AGENT")) => 7 * DAY_MS,
        (Some("MESSAGE_TAG"), _) => {
            return graph_error(400, 100, None, "(#100) Tag is not supported")
        }
        _ => DAY_MS,
    };
    if sim
        .since_customer_wrote(&to)
        .is_none_or(|since| since > allowed_ms)
    {
        return graph_error(
            400,
            10,
            Some(2018278),
            "(#10) This message is sent outside of allowed window.",
        );
    }
    let message = field("message");
    let (kind, text) = match (
        message.get("text").and_then(Value::as_str),
        message.pointer("/attachment/type").and_then(Value::as_str),
    ) {
        (Some(text), _) if !text.trim().is_empty() => ("text".to_owned(), text.to_owned()),
        (_, Some(kind @ ("image" | "file" | "video" | "audio"))) => {
            if !uploads.iter().any(|u| u.field == "filedata") {
                return graph_error(400, 100, None, "(#100) Upload attachment failure.");
            }
            (kind.to_owned(), String::new())
        }
        _ => {
            return graph_error(
                400,
                100,
                None,
                "(#100) Param message must be a text or an attachment",
            )
        }
    };
    let mid = sim.new_mid();
    let at = now_ms();
    sim.record(
        &to,
        Message {
            id: mid.clone(),
            at_ms: at,
            from_page: true,
            text: text.clone(),
        },
    );
    sim.lock().sent.push(SentMessenger {
        id: mid.clone(),
        to: to.clone(),
        kind,
        text: text.clone(),
        messaging_type,
        tag,
    });
    // As Meta does: the Page's own message comes back as an echo.
    sim.deliver(sim.entry(json!({
        "sender": { "id": o.page_id }, "recipient": { "id": to }, "timestamp": at,
        "message": { "mid": mid, "is_echo": true, "app_id": 1, "text": text },
    })));
    let dropped = {
        let mut s = sim.lock();
        let drop = s.faults.drop_after_send > 0;
        if drop {
            s.faults.drop_after_send -= 1;
        }
        drop
    };
    if dropped {
        return crate::telegram::dropped_connection();
    }
    Json(json!({ "recipient_id": to, "message_id": mid })).into_response()
}
