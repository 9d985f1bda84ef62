//! The simulated Telegram Bot API: getMe, getUpdates (offset confirmation and long polling as
//! documented), sendMessage, with Telegram's own error shapes and injectable faults.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use tokio::sync::Notify;

use crate::params;

const BOT_ID: i64 = 7_000_001;
/// Telegram answers getUpdates with at most 100 updates.
const MAX_UPDATES: usize = 100;
/// Telegram caps the long-poll timeout; so do we, so a bad client cannot park a connection forever.
const MAX_LONG_POLL_SECS: u64 = 50;

/// A real 2×2 PNG, served as every photo's thumbnail so a window can show it.
pub const THUMBNAIL_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xfd, 0xd4, 0x9a,
    0x73, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xdf, 0xc0, 0x00,
    0x44, 0x0c, 0x10, 0x0a, 0x00, 0x2d, 0xee, 0x05, 0xfd, 0x8b, 0x3f, 0x6e, 0x84, 0x00, 0x00, 0x00,
    0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// A customer as the simulator plays them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Customer {
    pub chat_id: i64,
    pub first_name: String,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
}

impl Customer {
    /// A customer known by first name only, as many Telegram users are.
    pub fn new(chat_id: i64, first_name: &str) -> Self {
        Customer {
            chat_id,
            first_name: first_name.to_owned(),
            last_name: None,
            username: None,
        }
    }
}

/// A message the bot sent, as recorded for tests to read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SentMessage {
    pub chat_id: i64,
    pub message_id: i64,
    /// The text, or a file's caption.
    pub text: String,
    /// "text", "photo" or "document".
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub file_name: Option<String>,
    #[serde(default)]
    pub file_size: Option<usize>,
    pub date: i64,
    #[serde(default)]
    pub business_connection_id: Option<String>,
    #[serde(default)]
    pub reply_to_message_id: Option<i64>,
}

/// A shop owner's Telegram Business account, connected to the bot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BusinessAccount {
    pub id: String,
    pub owner: Customer,
    #[serde(default = "yes")]
    pub can_reply: bool,
    #[serde(default = "yes")]
    pub is_enabled: bool,
}

fn yes() -> bool {
    true
}

/// Faults the next calls will meet.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Faults {
    /// How many Bot API calls fail next.
    #[serde(default)]
    pub fail_next: u32,
    /// The HTTP status they fail with (429 carries retry_after, like Telegram).
    #[serde(default = "default_fault_status")]
    pub status: u16,
    #[serde(default)]
    pub retry_after: Option<u64>,
    /// Latency added to every Bot API call while set.
    #[serde(default)]
    pub delay_ms: u64,
    /// How many calls have their connection dropped before the server does anything.
    #[serde(default)]
    pub drop_before: u32,
    /// How many sendMessage calls are carried out and then have their connection dropped, so
    /// the client cannot know the message went out.
    #[serde(default)]
    pub drop_after_send: u32,
    /// How many of the next customer messages are delivered twice (two updates, one message),
    /// as an at-least-once platform may.
    #[serde(default)]
    pub duplicate_next: u32,
}

fn default_fault_status() -> u16 {
    500
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            fail_next: 0,
            status: default_fault_status(),
            retry_after: None,
            delay_ms: 0,
            drop_before: 0,
            drop_after_send: 0,
            duplicate_next: 0,
        }
    }
}

#[derive(Default)]
struct State_ {
    /// The token the bot answers to; BotFather can revoke it.
    token: String,
    /// Set while another receiver (a webhook) takes the bot's updates.
    webhook: Option<String>,
    pending: VecDeque<Value>,
    next_update_id: i64,
    next_message_id: HashMap<i64, i64>,
    customers: HashMap<i64, Customer>,
    businesses: HashMap<String, BusinessAccount>,
    /// Files customers sent, by file_id: the bytes, and the size Telegram reports.
    files: HashMap<String, (Vec<u8>, u64)>,
    sent: Vec<SentMessage>,
    faults: Faults,
}

/// The simulated bot. Cheap to clone; all clones share state.
#[derive(Clone)]
pub struct TelegramSim {
    state: Arc<Mutex<State_>>,
    arrived: Arc<Notify>,
    customers_answer: bool,
}

pub fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl TelegramSim {
    pub fn new(token: &str, customers_answer: bool) -> Self {
        TelegramSim {
            state: Arc::new(Mutex::new(State_ {
                token: token.to_owned(),
                // Real update ids are large and only increase; start where a restarted demo
                // cannot fall behind an offset an earlier run confirmed.
                next_update_id: now_secs(),
                ..Default::default()
            })),
            arrived: Arc::new(Notify::new()),
            customers_answer,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State_> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The bot has met this customer before (it may message them).
    pub fn know_customer(&self, customer: &Customer) {
        self.lock()
            .customers
            .insert(customer.chat_id, customer.clone());
    }

    /// A customer writes to the bot. Returns the new update's id and the message id.
    pub fn customer_says(&self, customer: &Customer, text: &str, date: Option<i64>) -> (i64, i64) {
        self.deliver(customer, customer, None, text, date)
    }

    /// A customer writes to the shop owner's business account, which the bot serves.
    pub fn customer_says_to_business(
        &self,
        connection: &str,
        customer: &Customer,
        text: &str,
    ) -> (i64, i64) {
        self.deliver(customer, customer, Some(connection), text, None)
    }

    /// The shop owner answers a customer from their own phone; the bot sees it too.
    pub fn owner_says(
        &self,
        connection: &str,
        customer: &Customer,
        text: &str,
    ) -> Option<(i64, i64)> {
        let owner = self.lock().businesses.get(connection)?.owner.clone();
        Some(self.deliver(&owner, customer, Some(connection), text, None))
    }

    /// A customer sends a photo or a document. `declared_size` is what Telegram reports
    /// (to play files over the 20 MB bot download limit without holding them).
    pub fn customer_sends_file(
        &self,
        customer: &Customer,
        kind: &str,
        file_name: &str,
        content: &[u8],
        caption: &str,
        declared_size: Option<u64>,
    ) -> (i64, i64) {
        let size = declared_size.unwrap_or(content.len() as u64);
        let mut s = self.lock();
        let n = s.files.len();
        let file_id = format!("sim-file-{n}");
        s.files.insert(file_id.clone(), (content.to_vec(), size));
        let media = if kind == "photo" {
            let thumb_id = format!("sim-file-{n}-thumb");
            s.files.insert(
                thumb_id.clone(),
                (THUMBNAIL_PNG.to_vec(), THUMBNAIL_PNG.len() as u64),
            );
            json!([
                { "file_id": thumb_id, "file_unique_id": format!("{thumb_id}u"), "file_size": THUMBNAIL_PNG.len(), "width": 2, "height": 2 },
                { "file_id": file_id, "file_unique_id": format!("{file_id}u"), "file_size": size, "width": 1280, "height": 960 },
            ])
        } else {
            json!({ "file_id": file_id, "file_unique_id": format!("{file_id}u"), "file_name": file_name, "file_size": size })
        };
        drop(s);
        let mut content = json!({ kind: media });
        if !caption.is_empty() {
            content["caption"] = json!(caption);
        }
        self.deliver_content(customer, customer, None, content, None)
    }

    fn deliver(
        &self,
        from: &Customer,
        chat_with: &Customer,
        connection: Option<&str>,
        text: &str,
        date: Option<i64>,
    ) -> (i64, i64) {
        self.deliver_content(from, chat_with, connection, json!({ "text": text }), date)
    }

    fn deliver_content(
        &self,
        from: &Customer,
        chat_with: &Customer,
        connection: Option<&str>,
        content: Value,
        date: Option<i64>,
    ) -> (i64, i64) {
        let mut s = self.lock();
        s.customers.insert(chat_with.chat_id, chat_with.clone());
        let message_id = next_message_id(&mut s, chat_with.chat_id);
        let mut message = json!({
            "message_id": message_id,
            "from": user_json(from),
            "chat": private_chat_json(chat_with),
            "date": date.unwrap_or_else(now_secs),
        });
        if let (Some(m), Value::Object(c)) = (message.as_object_mut(), content) {
            m.extend(c);
        }
        let kind = match connection {
            Some(c) => {
                message["business_connection_id"] = json!(c);
                "business_message"
            }
            None => "message",
        };
        let copies = if s.faults.duplicate_next > 0 {
            s.faults.duplicate_next -= 1;
            2
        } else {
            1
        };
        let mut update_id = 0;
        for _ in 0..copies {
            update_id = push_update(&mut s, json!({ kind: message.clone() }));
        }
        drop(s);
        self.arrived.notify_waiters();
        (update_id, message_id)
    }

    /// The owner connects (or changes, or disconnects) the bot on their business account.
    pub fn connect_business(&self, business: &BusinessAccount) -> i64 {
        let mut s = self.lock();
        s.businesses.insert(business.id.clone(), business.clone());
        let update = json!({ "business_connection": {
            "id": business.id,
            "user": user_json(&business.owner),
            "user_chat_id": business.owner.chat_id,
            "date": now_secs(),
            // Bot API 9.0 and later: rights instead of the deprecated can_reply.
            "rights": { "can_reply": business.can_reply },
            "is_enabled": business.is_enabled,
        }});
        let id = push_update(&mut s, update);
        drop(s);
        self.arrived.notify_waiters();
        id
    }

    /// A message in a chat is edited (by the customer).
    pub fn edit(
        &self,
        customer: &Customer,
        message_id: i64,
        text: &str,
        connection: Option<&str>,
    ) -> i64 {
        let mut s = self.lock();
        let now = now_secs();
        let mut message = json!({
            "message_id": message_id, "from": user_json(customer), "chat": private_chat_json(customer),
            "date": now, "edit_date": now, "text": text,
        });
        let kind = match connection {
            Some(c) => {
                message["business_connection_id"] = json!(c);
                "edited_business_message"
            }
            None => "edited_message",
        };
        let id = push_update(&mut s, json!({ kind: message }));
        drop(s);
        self.arrived.notify_waiters();
        id
    }

    /// Messages in a business chat are deleted.
    pub fn delete_business_messages(
        &self,
        connection: &str,
        customer: &Customer,
        message_ids: &[i64],
    ) -> i64 {
        let mut s = self.lock();
        let id = push_update(
            &mut s,
            json!({ "deleted_business_messages": {
                "business_connection_id": connection,
                "chat": private_chat_json(customer),
                "message_ids": message_ids,
            }}),
        );
        drop(s);
        self.arrived.notify_waiters();
        id
    }

    /// Queues a raw update (e.g. a payload from Telegram's docs); its update_id is replaced by
    /// the next one in sequence.
    pub fn push_raw_update(&self, mut update: Value) -> i64 {
        if let Some(obj) = update.as_object_mut() {
            obj.remove("update_id");
        }
        let mut s = self.lock();
        let id = push_update(&mut s, update);
        drop(s);
        self.arrived.notify_waiters();
        id
    }

    /// The owner revokes the token in BotFather and gets a new one; the old one stops working.
    pub fn revoke_token(&self, new_token: &str) {
        self.lock().token = new_token.to_owned();
    }

    /// Another program sets a webhook: getUpdates now answers 409, as Telegram does.
    pub fn set_webhook(&self, url: Option<String>) {
        self.lock().webhook = url;
    }

    fn token_is(&self, token: &str) -> bool {
        self.lock().token == token
    }

    fn webhook(&self) -> Option<String> {
        self.lock().webhook.clone()
    }

    pub fn sent(&self) -> Vec<SentMessage> {
        self.lock().sent.clone()
    }

    pub fn set_faults(&self, faults: Faults) {
        self.lock().faults = faults;
    }

    fn take_fault(&self) -> Option<Faults> {
        let mut s = self.lock();
        if s.faults.fail_next == 0 {
            return None;
        }
        s.faults.fail_next -= 1;
        Some(s.faults.clone())
    }

    fn take(&self, pick: fn(&mut Faults) -> &mut u32) -> bool {
        let mut s = self.lock();
        let n = pick(&mut s.faults);
        if *n == 0 {
            return false;
        }
        *n -= 1;
        true
    }

    fn delay(&self) -> Duration {
        Duration::from_millis(self.lock().faults.delay_ms)
    }

    /// The unconfirmed updates from `offset` on, as getUpdates documents: an offset confirms
    /// (forgets) every update below it; a negative one keeps only the last -offset updates.
    fn updates_from(&self, offset: Option<i64>, limit: usize) -> Vec<Value> {
        let mut s = self.lock();
        match offset {
            Some(o) if o < 0 => {
                let keep = o.unsigned_abs() as usize;
                let len = s.pending.len();
                s.pending.drain(..len.saturating_sub(keep));
            }
            Some(o) => {
                while s
                    .pending
                    .front()
                    .and_then(|u| u["update_id"].as_i64())
                    .is_some_and(|id| id < o)
                {
                    s.pending.pop_front();
                }
            }
            None => {}
        }
        s.pending.iter().take(limit).cloned().collect()
    }

    async fn get_updates(&self, p: &Map<String, Value>) -> Value {
        let offset = params::int(p, "offset");
        let limit = params::int(p, "limit")
            .map_or(MAX_UPDATES, |l| l.clamp(1, MAX_UPDATES as i64) as usize);
        let timeout = params::int(p, "timeout")
            .unwrap_or(0)
            .clamp(0, MAX_LONG_POLL_SECS as i64) as u64;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
        loop {
            let arrived = self.arrived.notified();
            tokio::pin!(arrived);
            arrived.as_mut().enable();
            let updates = self.updates_from(offset, limit);
            if !updates.is_empty() || tokio::time::Instant::now() >= deadline {
                return Value::Array(updates);
            }
            tokio::select! {
                _ = arrived => {}
                _ = tokio::time::sleep_until(deadline) => {}
            }
        }
    }

    /// getFile: where to download a file, or Telegram's refusal past the bot limit of 20 MB.
    fn get_file(&self, p: &Map<String, Value>) -> Result<Value, (u16, String)> {
        let file_id = params::string(p, "file_id")
            .ok_or((400, "Bad Request: file_id is empty".to_owned()))?;
        let s = self.lock();
        let (_, size) = s
            .files
            .get(&file_id)
            .ok_or((400, "Bad Request: invalid file_id".to_owned()))?;
        if *size > 20 * 1024 * 1024 {
            return Err((400, "Bad Request: file is too big".into()));
        }
        Ok(json!({
            "file_id": file_id, "file_unique_id": format!("{file_id}u"),
            "file_size": size, "file_path": format!("files/{file_id}"),
        }))
    }

    fn file_bytes(&self, path: &str) -> Option<Vec<u8>> {
        let id = path.strip_prefix("files/")?;
        self.lock().files.get(id).map(|(b, _)| b.clone())
    }

    /// sendMessage, sendPhoto and sendDocument: `upload` is the file for the latter two.
    fn send_message(
        &self,
        p: &Map<String, Value>,
        upload: Option<(&str, &params::Upload)>,
    ) -> Result<Value, (u16, String)> {
        let chat_id =
            params::int(p, "chat_id").ok_or((400, "Bad Request: chat_id is empty".to_owned()))?;
        let text = match upload {
            None => params::string(p, "text").unwrap_or_default(),
            Some(_) => params::string(p, "caption").unwrap_or_default(),
        };
        if upload.is_none() && text.trim().is_empty() {
            return Err((400, "Bad Request: message text is empty".into()));
        }
        let limit = if upload.is_some() { 1024 } else { 4096 };
        if text.encode_utf16().count() > limit {
            return Err((400, "Bad Request: message is too long".into()));
        }
        let connection = params::string(p, "business_connection_id");
        let reply_to_message_id = p
            .get("reply_parameters")
            .and_then(|r| r.get("message_id"))
            .and_then(Value::as_i64)
            .or_else(|| params::int(p, "reply_to_message_id"));
        let mut s = self.lock();
        if let Some(c) = &connection {
            match s.businesses.get(c) {
                None => return Err((400, "Bad Request: BUSINESS_CONNECTION_INVALID".into())),
                Some(b) if !b.is_enabled || !b.can_reply => {
                    return Err((
                        403,
                        "Forbidden: bot can't reply on behalf of the business account".into(),
                    ))
                }
                Some(_) => {}
            }
        }
        let customer = s
            .customers
            .get(&chat_id)
            .cloned()
            .ok_or((400, "Bad Request: chat not found".to_owned()))?;
        let message_id = next_message_id(&mut s, chat_id);
        let date = now_secs();
        s.sent.push(SentMessage {
            chat_id,
            message_id,
            text: text.clone(),
            kind: upload.map_or("text", |(k, _)| k).to_owned(),
            file_name: upload.and_then(|(_, u)| u.file_name.clone()),
            file_size: upload.map(|(_, u)| u.bytes.len()),
            date,
            business_connection_id: connection,
            reply_to_message_id,
        });
        drop(s);
        if self.customers_answer {
            crate::demo::answer_later(self.clone(), customer.clone());
        }
        Ok(json!({
            "message_id": message_id,
            "from": bot_user(),
            "chat": { "id": chat_id, "type": "private", "first_name": customer.first_name },
            "date": date,
            "text": text,
        }))
    }
}

fn next_message_id(s: &mut State_, chat_id: i64) -> i64 {
    // Per chat and increasing, as in Telegram; started from the clock so a restarted demo
    // simulator never reuses an id the cache already holds.
    let first = s.next_update_id;
    let next = s.next_message_id.entry(chat_id).or_insert(first);
    let id = *next;
    *next += 1;
    id
}

fn push_update(s: &mut State_, mut update: Value) -> i64 {
    let id = s.next_update_id;
    s.next_update_id += 1;
    update["update_id"] = json!(id);
    s.pending.push_back(update);
    id
}

fn user_json(c: &Customer) -> Value {
    let mut u = json!({ "id": c.chat_id, "is_bot": false, "first_name": c.first_name });
    if let Some(l) = &c.last_name {
        u["last_name"] = json!(l);
    }
    if let Some(n) = &c.username {
        u["username"] = json!(n);
    }
    u
}

fn private_chat_json(c: &Customer) -> Value {
    let mut chat = user_json(c);
    if let Some(o) = chat.as_object_mut() {
        o.remove("is_bot");
    }
    chat["type"] = json!("private");
    chat
}

/// A response whose body fails after the headers: the client sees the connection drop.
fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("simulated dropped connection"))
    });
    Response::new(axum::body::Body::from_stream(failing))
}

fn bot_user() -> Value {
    json!({ "id": BOT_ID, "is_bot": true, "first_name": "Sportello Sim", "username": "sportello_sim_bot" })
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
