//! The control API: tests and the demo play the customer (and the shop owner's phone), read
//! what the app sent, and break things on purpose. Not part of any platform; under `/control/`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::telegram::{BusinessAccount, Customer, Faults, SentMessage, TelegramSim};

#[derive(Deserialize)]
struct CustomerMessage {
    #[serde(flatten)]
    customer: Customer,
    text: String,
    /// Unix seconds; now if absent.
    date: Option<i64>,
    /// Written to the owner's business account rather than to the bot.
    business_connection_id: Option<String>,
}

#[derive(Deserialize)]
struct OwnerMessage {
    business_connection_id: String,
    customer: Customer,
    text: String,
}

#[derive(Deserialize)]
struct Edit {
    customer: Customer,
    message_id: i64,
    text: String,
    business_connection_id: Option<String>,
}

#[derive(Deserialize)]
struct Deleted {
    business_connection_id: String,
    customer: Customer,
    message_ids: Vec<i64>,
}

pub fn routes(sim: TelegramSim) -> Router {
    Router::new()
        .route("/control/health", get(|| async { "ok" }))
        .route("/control/telegram/customer-message", post(customer_message))
        .route(
            "/control/telegram/customer-messages",
            post(customer_messages),
        )
        .route("/control/telegram/owner-message", post(owner_message))
        .route(
            "/control/telegram/business-connection",
            post(business_connection),
        )
        .route("/control/telegram/edit", post(edit))
        .route("/control/telegram/business-deleted", post(business_deleted))
        .route("/control/telegram/updates", post(raw_update))
        .route("/control/telegram/sent", get(sent))
        .route("/control/telegram/faults", post(faults))
        .route("/control/telegram/block", post(block))
        .route("/control/telegram/token", post(token))
        .route("/control/telegram/customer-file", post(customer_file))
        .route("/control/telegram/webhook", post(webhook))
        .with_state(sim)
}

fn say(sim: &TelegramSim, m: &CustomerMessage) -> Value {
    let (update_id, message_id) = match &m.business_connection_id {
        Some(c) => sim.customer_says_to_business(c, &m.customer, &m.text),
        None => sim.customer_says(&m.customer, &m.text, m.date),
    };
    json!({ "update_id": update_id, "message_id": message_id })
}

async fn customer_message(
    State(sim): State<TelegramSim>,
    Json(m): Json<CustomerMessage>,
) -> Json<Value> {
    Json(say(&sim, &m))
}

/// Many customer messages in one call, in order (for load and loss tests).
async fn customer_messages(
    State(sim): State<TelegramSim>,
    Json(list): Json<Vec<CustomerMessage>>,
) -> Json<Value> {
    Json(Value::Array(list.iter().map(|m| say(&sim, m)).collect()))
}

async fn owner_message(
    State(sim): State<TelegramSim>,
    Json(m): Json<OwnerMessage>,
) -> Result<Json<Value>, (StatusCode, &'static str)> {
    let (update_id, message_id) = sim
        .owner_says(&m.business_connection_id, &m.customer, &m.text)
        .ok_or((StatusCode::NOT_FOUND, "no such business connection"))?;
    Ok(Json(
        json!({ "update_id": update_id, "message_id": message_id }),
    ))
}

async fn business_connection(
    State(sim): State<TelegramSim>,
    Json(b): Json<BusinessAccount>,
) -> Json<Value> {
    Json(json!({ "update_id": sim.connect_business(&b) }))
}

async fn edit(State(sim): State<TelegramSim>, Json(e): Json<Edit>) -> Json<Value> {
    let id = sim.edit(
        &e.customer,
        e.message_id,
        &e.text,
        e.business_connection_id.as_deref(),
    );
    Json(json!({ "update_id": id }))
}

async fn business_deleted(State(sim): State<TelegramSim>, Json(d): Json<Deleted>) -> Json<Value> {
    let id = sim.delete_business_messages(&d.business_connection_id, &d.customer, &d.message_ids);
    Json(json!({ "update_id": id }))
}

async fn raw_update(State(sim): State<TelegramSim>, Json(update): Json<Value>) -> Json<Value> {
    Json(json!({ "update_id": sim.push_raw_update(update) }))
}

async fn sent(State(sim): State<TelegramSim>) -> Json<Vec<SentMessage>> {
    Json(sim.sent())
}

#[derive(Deserialize)]
struct Block {
    chat_ids: Vec<i64>,
    #[serde(default = "yes")]
    blocked: bool,
}

fn yes() -> bool {
    true
}

async fn block(State(sim): State<TelegramSim>, Json(b): Json<Block>) -> Json<Value> {
    sim.block(&b.chat_ids, b.blocked);
    Json(json!({ "ok": true }))
}

async fn faults(State(sim): State<TelegramSim>, Json(f): Json<Faults>) -> Json<Value> {
    sim.set_faults(f);
    Json(json!({ "ok": true }))
}

#[derive(Deserialize)]
struct Token {
    token: String,
}

/// The owner revokes the bot's token in BotFather.
async fn token(State(sim): State<TelegramSim>, Json(t): Json<Token>) -> Json<Value> {
    sim.revoke_token(&t.token);
    Json(json!({ "ok": true }))
}

#[derive(Deserialize)]
struct Webhook {
    url: Option<String>,
}

/// Another program sets (or clears) a webhook on the bot.
async fn webhook(State(sim): State<TelegramSim>, Json(w): Json<Webhook>) -> Json<Value> {
    sim.set_webhook(w.url);
    Json(json!({ "ok": true }))
}

#[derive(Deserialize)]
struct CustomerFile {
    #[serde(flatten)]
    customer: Customer,
    /// "photo" or "document".
    kind: String,
    file_name: String,
    /// The file's content, as text (tests need no binary).
    content: String,
    #[serde(default)]
    caption: String,
    /// The size Telegram reports, to play files over the bot download limit.
    declared_size: Option<u64>,
}

async fn customer_file(State(sim): State<TelegramSim>, Json(f): Json<CustomerFile>) -> Json<Value> {
    let (update_id, message_id) = sim.customer_sends_file(
        &f.customer,
        &f.kind,
        &f.file_name,
        f.content.as_bytes(),
        &f.caption,
        f.declared_size,
    );
    Json(json!({ "update_id": update_id, "message_id": message_id }))
}
