//! The simulated bot: its state (customers, updates waiting, what the shop sent, faults)
//! and the Bot API methods that change it.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};
use tokio::sync::Notify;

use super::model::{BusinessAccount, Customer, Faults, SentMessage};
use crate::params;

const BOT_ID: i64 = 7_000_001;
/// Telegram answers getUpdates with at most 100 updates.
const MAX_UPDATES: usize = 100;
/// Telegram caps the long-poll timeout; so do we, so a bad client cannot park a connection forever.
const MAX_LONG_POLL_SECS: u64 = 50;

#[derive(Default)]
pub(super) struct State_ {
    /// The token the bot answers to; BotFather can revoke it.
    pub(super) token: String,
    /// Set while another receiver (a webhook) takes the bot's updates.
    pub(super) webhook: Option<String>,
    pub(super) pending: VecDeque<Value>,
    pub(super) next_update_id: i64,
    pub(super) next_message_id: HashMap<i64, i64>,
    pub(super) customers: HashMap<i64, Customer>,
    pub(super) businesses: HashMap<String, BusinessAccount>,
    /// Files customers sent, by file_id: the bytes, and the size Telegram reports.
    pub(super) files: HashMap<String, (Vec<u8>, u64)>,
    pub(super) sent: Vec<SentMessage>,
    pub(super) faults: Faults,
    /// Customers who blocked the bot: sending to them answers 403, as Telegram does.
    pub(super) blocked: HashSet<i64>,
}

/// The simulated bot. Cheap to clone; all clones share state.
#[derive(Clone)]
pub struct TelegramSim {
    pub(super) state: Arc<Mutex<State_>>,
    pub(super) arrived: Arc<Notify>,
    /// Every message the shop sent, as it is accepted (the demo's customers answer them).
    pub(super) replies: tokio::sync::broadcast::Sender<SentMessage>,
}

pub fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl TelegramSim {
    pub fn new(token: &str) -> Self {
        TelegramSim {
            state: Arc::new(Mutex::new(State_ {
                token: token.to_owned(),
                // Real update ids are large and only increase; start where a restarted demo
                // cannot fall behind an offset an earlier run confirmed.
                next_update_id: now_secs(),
                ..Default::default()
            })),
            arrived: Arc::new(Notify::new()),
            replies: tokio::sync::broadcast::channel(64).0,
        }
    }

    /// These customers block the bot (or, with `blocked` false, unblock it).
    pub fn block(&self, chat_ids: &[i64], blocked: bool) {
        let mut s = self.lock();
        for id in chat_ids {
            if blocked {
                s.blocked.insert(*id);
            } else {
                s.blocked.remove(id);
            }
        }
    }

    /// The shop's messages as the bot accepts them, for whoever plays the customers.
    pub fn replies(&self) -> tokio::sync::broadcast::Receiver<SentMessage> {
        self.replies.subscribe()
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, State_> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The owner revokes the token in BotFather and gets a new one; the old one stops working.
    pub fn revoke_token(&self, new_token: &str) {
        self.lock().token = new_token.to_owned();
    }

    /// Another program sets a webhook: getUpdates now answers 409, as Telegram does.
    pub fn set_webhook(&self, url: Option<String>) {
        self.lock().webhook = url;
    }

    pub(super) fn token_is(&self, token: &str) -> bool {
        self.lock().token == token
    }

    pub(super) fn webhook(&self) -> Option<String> {
        self.lock().webhook.clone()
    }

    pub fn sent(&self) -> Vec<SentMessage> {
        self.lock().sent.clone()
    }

    pub fn set_faults(&self, faults: Faults) {
        self.lock().faults = faults;
    }

    pub(super) fn take_fault(&self) -> Option<Faults> {
        let mut s = self.lock();
        if s.faults.fail_next == 0 {
            return None;
        }
        s.faults.fail_next -= 1;
        Some(s.faults.clone())
    }

    pub(super) fn take(&self, pick: fn(&mut Faults) -> &mut u32) -> bool {
        let mut s = self.lock();
        let n = pick(&mut s.faults);
        if *n == 0 {
            return false;
        }
        *n -= 1;
        true
    }

    pub(super) fn delay(&self) -> Duration {
        Duration::from_millis(self.lock().faults.delay_ms)
    }

    /// The unconfirmed updates from `offset` on, as getUpdates documents: an offset confirms
    /// (forgets) every update below it; a negative one keeps only the last -offset updates.
    pub(super) fn updates_from(&self, offset: Option<i64>, limit: usize) -> Vec<Value> {
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

    pub(super) async fn get_updates(&self, p: &Map<String, Value>) -> Value {
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
    pub(super) fn get_file(&self, p: &Map<String, Value>) -> Result<Value, (u16, String)> {
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

    pub(super) fn file_bytes(&self, path: &str) -> Option<Vec<u8>> {
        let id = path.strip_prefix("files/")?;
        self.lock().files.get(id).map(|(b, _)| b.clone())
    }

    /// sendMessage, sendPhoto and sendDocument: `upload` is the file for the latter two.
    pub(super) fn send_message(
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
        if s.blocked.contains(&chat_id) {
            return Err((403, "Forbidden: bot was blocked by the user".into()));
        }
        let customer = s
            .customers
            .get(&chat_id)
            .cloned()
            .ok_or((400, "Bad Request: chat not found".to_owned()))?;
        let message_id = next_message_id(&mut s, chat_id);
        let date = now_secs();
        let sent = SentMessage {
            chat_id,
            message_id,
            text: text.clone(),
            kind: upload.map_or("text", |(k, _)| k).to_owned(),
            file_name: upload.and_then(|(_, u)| u.file_name.clone()),
            file_size: upload.map(|(_, u)| u.bytes.len()),
            date,
            business_connection_id: connection,
            reply_to_message_id,
        };
        s.sent.push(sent.clone());
        drop(s);
        // Nobody listening (no demo) is fine.
        let _ = self.replies.send(sent);
        Ok(json!({
            "message_id": message_id,
            "from": bot_user(),
            "chat": { "id": chat_id, "type": "private", "first_name": customer.first_name },
            "date": date,
            "text": text,
        }))
    }
}

pub(super) fn next_message_id(s: &mut State_, chat_id: i64) -> i64 {
    // Per chat and increasing, as in Telegram; started from the clock so a restarted demo
    // simulator never reuses an id the cache already holds.
    let first = s.next_update_id;
    let next = s.next_message_id.entry(chat_id).or_insert(first);
    let id = *next;
    *next += 1;
    id
}

pub(super) fn push_update(s: &mut State_, mut update: Value) -> i64 {
    let id = s.next_update_id;
    s.next_update_id += 1;
    update["update_id"] = json!(id);
    s.pending.push_back(update);
    id
}

pub(super) fn user_json(c: &Customer) -> Value {
    let mut u = json!({ "id": c.chat_id, "is_bot": false, "first_name": c.first_name });
    if let Some(l) = &c.last_name {
        u["last_name"] = json!(l);
    }
    if let Some(n) = &c.username {
        u["username"] = json!(n);
    }
    if let Some(l) = &c.language_code {
        u["language_code"] = json!(l);
    }
    u
}

pub(super) fn private_chat_json(c: &Customer) -> Value {
    let mut chat = user_json(c);
    if let Some(o) = chat.as_object_mut() {
        o.remove("is_bot");
        o.remove("language_code");
    }
    chat["type"] = json!("private");
    chat
}

pub(super) fn bot_user() -> Value {
    json!({ "id": BOT_ID, "is_bot": true, "first_name": "Sportello Sim", "username": "sportello_sim_bot" })
}
