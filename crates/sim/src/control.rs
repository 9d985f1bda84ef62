//! The control API: tests and the demo play the customer, read what the app sent, and break
//! things on purpose. Not part of any platform; lives under `/control/`.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::telegram::{Customer, Faults, SentMessage, TelegramSim};

#[derive(Deserialize)]
struct CustomerMessage {
    #[serde(flatten)]
    customer: Customer,
    text: String,
    /// Unix seconds; now if absent.
    date: Option<i64>,
}

pub fn routes(sim: TelegramSim) -> Router {
    Router::new()
        .route("/control/health", get(|| async { "ok" }))
        .route("/control/telegram/customer-message", post(customer_message))
        .route("/control/telegram/updates", post(raw_update))
        .route("/control/telegram/sent", get(sent))
        .route("/control/telegram/faults", post(faults))
        .with_state(sim)
}

async fn customer_message(
    State(sim): State<TelegramSim>,
    Json(m): Json<CustomerMessage>,
) -> Json<Value> {
    let (update_id, message_id) = sim.customer_says(&m.customer, &m.text, m.date);
    Json(json!({ "update_id": update_id, "message_id": message_id }))
}

async fn raw_update(State(sim): State<TelegramSim>, Json(update): Json<Value>) -> Json<Value> {
    Json(json!({ "update_id": sim.push_raw_update(update) }))
}

async fn sent(State(sim): State<TelegramSim>) -> Json<Vec<SentMessage>> {
    Json(sim.sent())
}

async fn faults(State(sim): State<TelegramSim>, Json(f): Json<Faults>) -> Json<Value> {
    sim.set_faults(f);
    Json(json!({ "ok": true }))
}
