//! The control API for the simulated WhatsApp: play customers and the owner's phone, register
//! the webhook, push authentic payloads, read what the app sent, and break things on purpose.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::model::{Faults, SentWhatsApp, WaCustomer};
use super::number::WhatsAppSim;

#[derive(Deserialize)]
struct CustomerText {
    #[serde(flatten)]
    customer: WaCustomer,
    text: String,
    /// Unix seconds; now if absent.
    timestamp: Option<i64>,
}

#[derive(Deserialize)]
struct CustomerMedia {
    #[serde(flatten)]
    customer: WaCustomer,
    /// image, video, audio, document or sticker.
    wa_type: String,
    mime_type: String,
    /// The file's content, as text (tests need no binary).
    content: String,
    #[serde(default)]
    caption: String,
}

#[derive(Deserialize)]
struct OwnerText {
    to: String,
    text: String,
}

#[derive(Deserialize)]
struct Url {
    url: Option<String>,
}

#[derive(Deserialize)]
struct Token {
    token: String,
}

pub fn routes(sim: WhatsAppSim) -> Router {
    Router::new()
        .route("/control/whatsapp/customer-message", post(customer_message))
        .route(
            "/control/whatsapp/customer-messages",
            post(customer_messages),
        )
        .route("/control/whatsapp/customer-media", post(customer_media))
        .route("/control/whatsapp/owner-message", post(owner_message))
        .route("/control/whatsapp/deliver", post(deliver))
        .route("/control/whatsapp/webhook", post(webhook))
        .route("/control/whatsapp/faults", post(faults))
        .route("/control/whatsapp/marketing-cap", post(marketing_cap))
        .route("/control/whatsapp/token", post(token))
        .route("/control/whatsapp/templates", post(templates))
        .route("/control/whatsapp/sent", get(sent))
        .route("/control/whatsapp/deliveries", get(deliveries))
        .with_state(sim)
}

fn say(sim: &WhatsAppSim, m: &CustomerText) -> String {
    sim.customer_says(
        &m.customer,
        json!({ "type": "text", "text": { "body": m.text } }),
        m.timestamp,
    )
}

async fn customer_message(
    State(sim): State<WhatsAppSim>,
    Json(m): Json<CustomerText>,
) -> Json<Value> {
    Json(json!({ "id": say(&sim, &m) }))
}

/// Many customer messages in one call, in order (for load and loss tests).
async fn customer_messages(
    State(sim): State<WhatsAppSim>,
    Json(list): Json<Vec<CustomerText>>,
) -> Json<Value> {
    Json(Value::Array(
        list.iter().map(|m| json!(say(&sim, m))).collect(),
    ))
}

async fn customer_media(
    State(sim): State<WhatsAppSim>,
    Json(m): Json<CustomerMedia>,
) -> Json<Value> {
    let id = sim.customer_sends_media(
        &m.customer,
        &m.wa_type,
        &m.mime_type,
        m.content.into_bytes(),
        &m.caption,
    );
    Json(json!({ "id": id }))
}

async fn owner_message(State(sim): State<WhatsAppSim>, Json(m): Json<OwnerText>) -> Json<Value> {
    Json(json!({ "id": sim.owner_says_from_phone(&m.to, &m.text) }))
}

/// Delivers any payload as Meta would: signed, retried until answered 200.
async fn deliver(State(sim): State<WhatsAppSim>, Json(body): Json<Value>) -> Json<Value> {
    sim.deliver(body);
    Json(json!({ "ok": true }))
}

async fn webhook(State(sim): State<WhatsAppSim>, Json(u): Json<Url>) -> Json<Value> {
    sim.set_webhook(u.url);
    Json(json!({ "ok": true }))
}

#[derive(Deserialize)]
struct Capped {
    wa_ids: Vec<String>,
}

async fn marketing_cap(State(sim): State<WhatsAppSim>, Json(c): Json<Capped>) -> Json<Value> {
    sim.cap_marketing(&c.wa_ids);
    Json(json!({ "ok": true }))
}

async fn faults(State(sim): State<WhatsAppSim>, Json(f): Json<Faults>) -> Json<Value> {
    sim.set_faults(f);
    Json(json!({ "ok": true }))
}

/// The owner generates a new access token; the old one stops working.
async fn token(State(sim): State<WhatsAppSim>, Json(t): Json<Token>) -> Json<Value> {
    sim.revoke_token(&t.token);
    Json(json!({ "ok": true }))
}

async fn templates(State(sim): State<WhatsAppSim>, Json(list): Json<Vec<Value>>) -> Json<Value> {
    sim.set_templates(list);
    Json(json!({ "ok": true }))
}

async fn sent(State(sim): State<WhatsAppSim>) -> Json<Vec<SentWhatsApp>> {
    Json(sim.sent())
}

async fn deliveries(State(sim): State<WhatsAppSim>) -> Json<Value> {
    let (acknowledged, waiting, failed_attempts) = sim.delivery_counts();
    Json(
        json!({ "acknowledged": acknowledged, "waiting": waiting, "failed_attempts": failed_attempts }),
    )
}
