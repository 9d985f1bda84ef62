//! The control API for the simulated Messenger Page: play customers and the Page's other
//! inboxes, register the webhook, read what was sent, break things.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::page::{Faults, FbCustomer, MessengerSim, SentMessenger};

#[derive(Deserialize)]
struct CustomerText {
    #[serde(flatten)]
    customer: FbCustomer,
    text: String,
    /// Unix ms; now if absent.
    at_ms: Option<i64>,
}

#[derive(Deserialize)]
struct PageText {
    psid: String,
    text: String,
}

#[derive(Deserialize)]
struct Psid {
    psid: String,
}

#[derive(Deserialize)]
struct Url {
    url: Option<String>,
}

#[derive(Deserialize)]
struct Token {
    token: String,
}

pub fn routes(sim: MessengerSim) -> Router {
    Router::new()
        .route(
            "/control/messenger/customer-messages",
            post(customer_messages),
        )
        .route("/control/messenger/page-message", post(page_message))
        .route("/control/messenger/read", post(read))
        .route("/control/messenger/deliver", post(deliver))
        .route("/control/messenger/webhook", post(webhook))
        .route("/control/messenger/faults", post(faults))
        .route("/control/messenger/token", post(token))
        .route("/control/messenger/sent", get(sent))
        .route("/control/messenger/deliveries", get(deliveries))
        .with_state(sim)
}

/// Customers write, in order.
async fn customer_messages(
    State(sim): State<MessengerSim>,
    Json(list): Json<Vec<CustomerText>>,
) -> Json<Value> {
    Json(Value::Array(
        list.iter()
            .map(|m| json!(sim.customer_says(&m.customer, &m.text, m.at_ms)))
            .collect(),
    ))
}

async fn page_message(State(sim): State<MessengerSim>, Json(m): Json<PageText>) -> Json<Value> {
    Json(json!({ "id": sim.page_says_elsewhere(&m.psid, &m.text) }))
}

async fn read(State(sim): State<MessengerSim>, Json(p): Json<Psid>) -> Json<Value> {
    sim.customer_reads(&p.psid);
    Json(json!({ "ok": true }))
}

async fn deliver(State(sim): State<MessengerSim>, Json(body): Json<Value>) -> Json<Value> {
    sim.deliver(body);
    Json(json!({ "ok": true }))
}

async fn webhook(State(sim): State<MessengerSim>, Json(u): Json<Url>) -> Json<Value> {
    sim.set_webhook(u.url);
    Json(json!({ "ok": true }))
}

async fn faults(State(sim): State<MessengerSim>, Json(f): Json<Faults>) -> Json<Value> {
    sim.set_faults(f);
    Json(json!({ "ok": true }))
}

async fn token(State(sim): State<MessengerSim>, Json(t): Json<Token>) -> Json<Value> {
    sim.revoke_token(&t.token);
    Json(json!({ "ok": true }))
}

async fn sent(State(sim): State<MessengerSim>) -> Json<Vec<SentMessenger>> {
    Json(sim.sent())
}

async fn deliveries(State(sim): State<MessengerSim>) -> Json<Value> {
    let (acknowledged, waiting, failed_attempts) = sim.delivery_counts();
    Json(
        json!({ "acknowledged": acknowledged, "waiting": waiting, "failed_attempts": failed_attempts }),
    )
}
