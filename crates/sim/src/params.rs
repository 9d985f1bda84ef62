//! Bot API parameters arrive as a query string, a form or JSON; the Bot API accepts all three,
//! and numbers may come as strings. This turns any of them into one JSON object.

use axum::body::Bytes;
use axum::http::HeaderMap;
use serde_json::{Map, Value};

/// A file sent in a multipart upload (sendPhoto, sendDocument).
#[derive(Debug, Clone)]
pub struct Upload {
    pub field: String,
    pub file_name: Option<String>,
    pub bytes: Bytes,
}

/// Parameters from any of the Bot API's encodings, and the uploaded files if multipart.
pub async fn collect_all(
    query: Option<&str>,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<(Map<String, Value>, Vec<Upload>), String> {
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    if !content_type.starts_with("multipart/form-data") {
        return collect(query, headers, &body).map(|p| (p, Vec::new()));
    }
    let mut params = collect(query, headers, &Bytes::new())?;
    let request = axum::http::Request::builder()
        .header(axum::http::header::CONTENT_TYPE, content_type)
        .body(axum::body::Body::from(body))
        .map_err(|e| e.to_string())?;
    let bad = |_| "Bad Request: can't parse multipart".to_owned();
    let mut multipart =
        <axum::extract::Multipart as axum::extract::FromRequest<()>>::from_request(request, &())
            .await
            .map_err(|_| "Bad Request: can't parse multipart".to_owned())?;
    let mut uploads = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.map_err(bad)?;
        if file_name.is_some() {
            uploads.push(Upload {
                field: name,
                file_name,
                bytes,
            });
        } else {
            params.insert(
                name,
                Value::String(String::from_utf8_lossy(&bytes).into_owned()),
            );
        }
    }
    Ok((params, uploads))
}

pub fn collect(
    query: Option<&str>,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Map<String, Value>, String> {
    let mut params = Map::new();
    if let Some(q) = query {
        for (k, v) in form_pairs(q.as_bytes()) {
            params.insert(k, Value::String(v));
        }
    }
    if body.is_empty() {
        return Ok(params);
    }
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/json") {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => params.extend(map),
            Ok(_) => return Err("Bad Request: parameters must be a JSON object".into()),
            Err(_) => return Err("Bad Request: can't parse JSON".into()),
        }
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        for (k, v) in form_pairs(body) {
            params.insert(k, Value::String(v));
        }
    }
    Ok(params)
}

fn form_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(bytes).unwrap_or_default()
}

pub fn int(params: &Map<String, Value>, key: &str) -> Option<i64> {
    match params.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn string(params: &Map<String, Value>, key: &str) -> Option<String> {
    match params.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
