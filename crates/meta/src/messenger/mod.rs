//! The Facebook Messenger channel: a Page's inbox. Live through the shared webhook receiver
//! when Meta can reach it, and caught up by reading the inbox back (on start, on reconnect and
//! every few minutes), so a laptop that was closed all weekend still gets every message.

mod normalize;
mod poll;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value};
use sportello_core::channel::{AccountProfile, ChannelConfig};
use sportello_core::deliveries::DeliveryQueue;
use sportello_core::inbound::{Inbound, InboundBatch, InboundMessage};
use sportello_core::secrets::SecretName;
use sportello_core::{Channel, ChannelError, OutgoingMessage, SentReceipt};

pub use normalize::{delivery as normalize_delivery, page_ids};
pub use poll::parse_time;

use crate::graph::{CallKind, GraphApi};

pub(crate) const SERVICE: &str = "Messenger";
/// How often the inbox is read back while webhooks may be silent.
const POLL_EVERY: Duration = Duration::from_secs(300);
/// A new account imports this much of the Page's history.
const FIRST_IMPORT_MS: i64 = 30 * 24 * 3600 * 1000;
/// In the first import, what a customer wrote this recently is news (unread, notified), not
/// history: it arrived while the Page was being connected, and its webhook copy may come only
/// after the import (then it is a duplicate, and must not be what makes it news).
const JUST_WRITTEN_MS: i64 = 2 * 60 * 1000;
const MAX_MEDIA_BYTES: u64 = 25 * 1024 * 1024;

/// Where the account's receive stream stands: the last webhook delivery processed, and the
/// newest inbox update read back.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
struct Cursor {
    delivery: i64,
    /// None until the first catch-up; that one is history, not news.
    polled: Option<i64>,
}

impl Cursor {
    fn parse(s: Option<&str>) -> Cursor {
        match s {
            None => Cursor::default(),
            Some(s) => serde_json::from_str(s).unwrap_or_else(|_| Cursor {
                delivery: s.parse().unwrap_or(0),
                polled: None,
            }),
        }
    }
}

pub struct MessengerChannel {
    api: GraphApi,
    page_id: String,
    deliveries: Option<DeliveryQueue>,
    last_poll: Mutex<Option<Instant>>,
    /// Customers' names from their profiles, asked once per customer while the app runs (a
    /// customer's picture link comes with it, and is downloaded once).
    names: Mutex<HashMap<String, String>>,
}

impl MessengerChannel {
    pub fn new(config: &ChannelConfig) -> Result<Self, ChannelError> {
        let token = config
            .secrets
            .get(SecretName::PageAccessToken)
            .ok_or_else(|| {
                ChannelError::InvalidConfig(
                    "This Messenger account has no Page access token; reconnect it.".into(),
                )
            })?;
        let page_id = config
            .ids
            .remote_id
            .clone()
            .map(|id| id.trim().to_owned())
            .filter(|id| !id.is_empty())
            .ok_or_else(|| {
                ChannelError::InvalidConfig(
                    "Give the Page id (Page → About → Page transparency, or the Meta dashboard)."
                        .into(),
                )
            })?;
        Ok(MessengerChannel {
            api: GraphApi::new(
                config
                    .api_base
                    .as_deref()
                    .unwrap_or(crate::graph::GRAPH_BASE),
                token.clone(),
                SERVICE,
            )?,
            page_id,
            deliveries: config.deliveries.clone(),
            last_poll: Mutex::new(None),
            names: Mutex::default(),
        })
    }

    fn poll_due(&self) -> Option<Duration> {
        let last = *self.last_poll.lock().unwrap_or_else(|p| p.into_inner());
        match last {
            None => None,
            Some(at) => POLL_EVERY.checked_sub(at.elapsed()),
        }
    }

    /// Names the batch's customers from their profile where the event did not (once per
    /// customer while the app runs), and brings their pictures' links along.
    async fn name_customers(&self, events: &mut Vec<Inbound>) {
        let mut pictures = Vec::new();
        for event in events.iter_mut() {
            let (Inbound::Message(m) | Inbound::Backfill(m)) = event else {
                continue;
            };
            let psid = m.conversation.remote_id.clone();
            let name = match self.known_name(&psid) {
                Some(n) => n,
                None => {
                    let (name, picture) = self.profile(&psid).await;
                    let name = if m.conversation.title.is_empty() {
                        name
                    } else {
                        m.conversation.title.clone()
                    };
                    self.remember(&psid, &name);
                    if let Some(url) = picture {
                        pictures.push(Inbound::ContactPicture {
                            remote_id: psid.clone(),
                            url,
                        });
                    }
                    name
                }
            };
            if m.conversation.title.is_empty() {
                set_name(m, &name);
            }
        }
        events.extend(pictures);
    }

    fn known_name(&self, psid: &str) -> Option<String> {
        self.names
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(psid)
            .cloned()
    }

    fn remember(&self, psid: &str, name: &str) {
        self.names
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(psid.to_owned(), name.to_owned());
    }

    /// A customer's name and picture link from their profile.
    async fn profile(&self, psid: &str) -> (String, Option<String>) {
        let profile: Option<Value> = self
            .api
            .get(psid, &[("fields", "first_name,last_name,name,profile_pic")])
            .await
            .ok();
        let picture = profile
            .as_ref()
            .and_then(|p| p.get("profile_pic"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let name = profile.and_then(|p| {
            p.get("name")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| {
                    let first = p.get("first_name").and_then(Value::as_str).unwrap_or("");
                    let last = p.get("last_name").and_then(Value::as_str).unwrap_or("");
                    Some(format!("{first} {last}").trim().to_owned()).filter(|n| !n.is_empty())
                })
        });
        // Without a profile (permission, deleted account) the chat still needs a title.
        let tail: String = psid
            .chars()
            .skip(psid.chars().count().saturating_sub(4))
            .collect();
        (name.unwrap_or_else(|| format!("Messenger {tail}")), picture)
    }

    async fn post_messages(&self, body: &Value, kind: CallKind) -> Result<Value, ChannelError> {
        self.api
            .post_json(&format!("{}/messages", self.page_id), body, kind)
            .await
    }

    fn receipt(answer: &Value) -> Result<SentReceipt, ChannelError> {
        answer
            .get("message_id")
            .and_then(Value::as_str)
            .map(|id| SentReceipt {
                remote_id: id.to_owned(),
                sent_at_ms: 0,
            })
            .ok_or_else(|| ChannelError::Uncertain {
                service: SERVICE.into(),
                detail: "the answer named no message id".into(),
            })
    }
}

fn set_name(m: &mut InboundMessage, name: &str) {
    m.conversation.title = name.to_owned();
    if let Some(sender) = &mut m.sender {
        if sender.display_name.is_empty() {
            sender.display_name = name.to_owned();
        }
    }
}

/// How a reply is allowed to go: within 24 hours as a response, after that only a person's
/// reply with the HUMAN_AGENT tag (core checked the account may and the 7 days).
fn messaging_type(m: &OutgoingMessage) -> Value {
    if m.after_standard_window {
        json!({ "messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT" })
    } else {
        json!({ "messaging_type": "RESPONSE" })
    }
}

#[async_trait]
impl Channel for MessengerChannel {
    async fn check(&self) -> Result<AccountProfile, ChannelError> {
        let page: Value = self
            .api
            .get(&self.page_id, &[("fields", "id,name")])
            .await?;
        Ok(AccountProfile {
            remote_id: page
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or(&self.page_id)
                .to_owned(),
            display_name: page
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(&self.page_id)
                .to_owned(),
            ..Default::default()
        })
    }

    async fn receive(
        &self,
        cursor: Option<&str>,
        wait: Duration,
    ) -> Result<InboundBatch, ChannelError> {
        let mut at = Cursor::parse(cursor);
        let next_poll = self.poll_due();
        let wait = next_poll.map_or(Duration::ZERO, |left| wait.min(left));
        let mut events = Vec::new();
        if let Some(queue) = &self.deliveries {
            let found = queue
                .after(Some(&at.delivery.to_string()), wait)
                .await
                .map_err(|e| ChannelError::Protocol {
                    service: "Sportello's webhook inbox".into(),
                    detail: e.to_string(),
                })?;
            for d in found {
                match crate::json::parse(&d.body) {
                    Ok(body) => events.extend(normalize::delivery(&body, &self.page_id)),
                    Err(e) => tracing::warn!(delivery = d.id, "webhook delivery is not JSON: {e}"),
                }
                at.delivery = d.id;
            }
        }
        if self.poll_due().is_none() && events.is_empty() {
            let since = at
                .polled
                .unwrap_or_else(|| sportello_core::time_fmt::now_ms() - FIRST_IMPORT_MS);
            match poll::catch_up(&self.api, &self.page_id, since).await {
                Ok(found) => {
                    let first_import = at.polled.is_none();
                    let recent = sportello_core::time_fmt::now_ms() - JUST_WRITTEN_MS;
                    events.extend(found.messages.into_iter().map(|m| {
                        if first_import && m.sent_at_ms < recent {
                            Inbound::Backfill(m)
                        } else {
                            Inbound::Message(m)
                        }
                    }));
                    at.polled = Some(found.newest_update_ms.max(since));
                    *self.last_poll.lock().unwrap_or_else(|p| p.into_inner()) =
                        Some(Instant::now());
                }
                Err(e) => return Err(e),
            }
        }
        self.name_customers(&mut events).await;
        Ok(InboundBatch {
            events,
            cursor: Some(serde_json::to_string(&at).expect("a cursor serializes")),
        })
    }

    async fn send(&self, message: &OutgoingMessage) -> Result<SentReceipt, ChannelError> {
        if message.template.is_some() {
            return Err(ChannelError::Unsupported(
                "Messenger has no message templates.".into(),
            ));
        }
        let recipient = json!({ "id": message.conversation_remote_id });
        let Some(file) = &message.file else {
            let mut body = messaging_type(message);
            body["recipient"] = recipient;
            body["message"] = json!({ "text": message.text });
            return Self::receipt(&self.post_messages(&body, CallKind::Send).await?);
        };
        let kind = if file.kind == "photo" {
            "image"
        } else {
            "file"
        };
        let (part, _mime) = crate::graph::file_part(SERVICE, file).await?;
        let typed = messaging_type(message);
        let mut form = reqwest::multipart::Form::new()
            .text("recipient", recipient.to_string())
            .text(
                "message",
                json!({ "attachment": { "type": kind, "payload": { "is_reusable": false } } })
                    .to_string(),
            )
            .part("filedata", part);
        for (k, v) in typed.as_object().into_iter().flatten() {
            form = form.text(k.clone(), v.as_str().unwrap_or_default().to_owned());
        }
        let answer: Value = self
            .api
            .post_multipart_send(&format!("{}/messages", self.page_id), form)
            .await?;
        let receipt = Self::receipt(&answer)?;
        // Messenger attachments carry no caption: it follows as its own message.
        if !message.text.trim().is_empty() {
            let mut body = typed;
            body["recipient"] = json!({ "id": message.conversation_remote_id });
            body["message"] = json!({ "text": message.text });
            if let Err(e) = self.post_messages(&body, CallKind::Send).await {
                tracing::warn!(
                    code = %e.code(),
                    "the caption after a Messenger attachment was not sent: {e}"
                );
            }
        }
        Ok(receipt)
    }

    async fn fetch_media(&self, remote_ref: &str) -> Result<Vec<u8>, ChannelError> {
        self.api.download_public(remote_ref, MAX_MEDIA_BYTES).await
    }

    async fn mark_read(
        &self,
        conversation_remote_id: &str,
        _message: &str,
    ) -> Result<(), ChannelError> {
        let body =
            json!({ "recipient": { "id": conversation_remote_id }, "sender_action": "mark_seen" });
        self.post_messages(&body, CallKind::Read).await.map(|_| ())
    }

    async fn typing(&self, conversation_remote_id: &str) -> Result<(), ChannelError> {
        let body =
            json!({ "recipient": { "id": conversation_remote_id }, "sender_action": "typing_on" });
        self.post_messages(&body, CallKind::Read).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn cursors_keep_both_positions_and_read_old_plain_ones() {
        let c = Cursor {
            delivery: 7,
            polled: Some(1_700_000_000_000),
        };
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(Cursor::parse(Some(&text)), c);
        assert_eq!(
            Cursor::parse(Some("12")),
            Cursor {
                delivery: 12,
                polled: None
            }
        );
        assert_eq!(Cursor::parse(None), Cursor::default());
    }
}
