//! One history message as its platform delivers it: a Telegram Bot API update, a WhatsApp Cloud
//! API webhook body (the shop's own replies as coexistence echoes), or a Messenger webhook body
//! (the shop's replies as echoes). Shapes follow the platforms' documented payloads, the same
//! shapes as the shared fixtures.

use serde_json::{json, Value};

use super::chat::{Chat, HistoryChannel, Media};

/// The ids the generated accounts use.
pub const WHATSAPP_PHONE_NUMBER_ID: &str = "1098765432101";
pub const WHATSAPP_DISPLAY_NUMBER: &str = "390212345678";
pub const MESSENGER_PAGE_ID: &str = "104857600000001";

pub struct Message<'a> {
    pub chat: &'a Chat,
    /// Unique in the whole history (update ids, message ids are derived from it).
    pub serial: u64,
    pub at_ms: i64,
    pub from_shop: bool,
    pub text: String,
    pub media: Option<Media>,
}

pub fn payload(m: &Message<'_>) -> Value {
    match m.chat.channel {
        HistoryChannel::Telegram => telegram_update(m),
        HistoryChannel::WhatsApp => whatsapp_body(m),
        HistoryChannel::Messenger => messenger_body(m),
    }
}

/// Telegram bots never receive their own messages as updates: a bot chat's history is what
/// customers wrote.
fn telegram_update(m: &Message<'_>) -> Value {
    let chat_id = m.chat.remote_id.parse::<i64>().unwrap_or_default();
    let first_name = m.chat.name.split(' ').next().unwrap_or("");
    let mut message = json!({
        "message_id": m.serial,
        "from": { "id": chat_id, "is_bot": false, "first_name": first_name, "language_code": m.chat.lang_code() },
        "chat": { "id": chat_id, "first_name": first_name, "type": "private" },
        "date": m.at_ms / 1000,
    });
    let file = |kind: &str| format!("{kind}-{}-AgADBAAD", m.serial);
    match m.media {
        None => message["text"] = json!(m.text),
        Some(Media::Photo) => {
            message["photo"] = json!([
                { "file_id": file("small"), "file_unique_id": format!("s{}", m.serial), "width": 90, "height": 120, "file_size": 1800 },
                { "file_id": file("photo"), "file_unique_id": format!("p{}", m.serial), "width": 960, "height": 1280, "file_size": 142_000 },
            ]);
            message["caption"] = json!(m.text);
        }
        Some(Media::Voice) => {
            message["voice"] = json!({ "file_id": file("voice"), "file_unique_id": format!("v{}", m.serial), "duration": 7, "mime_type": "audio/ogg", "file_size": 21_000 });
        }
        Some(Media::Document) => {
            message["document"] = json!({ "file_id": file("doc"), "file_unique_id": format!("d{}", m.serial), "file_name": "ordine.pdf", "mime_type": "application/pdf", "file_size": 88_000 });
            message["caption"] = json!(m.text);
        }
    }
    json!({ "update_id": m.serial, "message": message })
}

fn whatsapp_body(m: &Message<'_>) -> Value {
    let customer = &m.chat.remote_id;
    let mut message = json!({
        "id": format!("wamid.HBgM{}", m.serial),
        "timestamp": (m.at_ms / 1000).to_string(),
    });
    match m.media {
        None => {
            message["type"] = json!("text");
            message["text"] = json!({ "body": m.text });
        }
        Some(media) => {
            let (kind, mime) = match media {
                Media::Photo => ("image", "image/jpeg"),
                Media::Voice => ("audio", "audio/ogg; codecs=opus"),
                Media::Document => ("document", "application/pdf"),
            };
            let mut object = json!({ "id": format!("{}", 900_000_000_000u64 + m.serial), "mime_type": mime, "sha256": "ZmFrZS1zaGEyNTY=" });
            if media != Media::Voice {
                object["caption"] = json!(m.text);
            }
            if media == Media::Voice {
                object["voice"] = json!(true);
            }
            message["type"] = json!(kind);
            message[kind] = object;
        }
    }
    let (field, value) = if m.from_shop {
        message["from"] = json!(WHATSAPP_DISPLAY_NUMBER);
        message["to"] = json!(customer);
        (
            "smb_message_echoes",
            json!({
                "messaging_product": "whatsapp",
                "metadata": { "display_phone_number": WHATSAPP_DISPLAY_NUMBER, "phone_number_id": WHATSAPP_PHONE_NUMBER_ID },
                "message_echoes": [message],
            }),
        )
    } else {
        message["from"] = json!(customer);
        (
            "messages",
            json!({
                "messaging_product": "whatsapp",
                "metadata": { "display_phone_number": WHATSAPP_DISPLAY_NUMBER, "phone_number_id": WHATSAPP_PHONE_NUMBER_ID },
                "contacts": [{ "profile": { "name": m.chat.name }, "wa_id": customer }],
                "messages": [message],
            }),
        )
    };
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "2093847561029384", "changes": [{ "value": value, "field": field }] }],
    })
}

fn messenger_body(m: &Message<'_>) -> Value {
    let psid = &m.chat.remote_id;
    let mut message = json!({ "mid": format!("m_{}AbCdEf", m.serial) });
    match m.media {
        None => message["text"] = json!(m.text),
        Some(media) => {
            let kind = match media {
                Media::Photo => "image",
                Media::Voice => "audio",
                Media::Document => "file",
            };
            message["attachments"] = json!([{
                "type": kind,
                "payload": { "url": format!("https://scontent.xx.fbcdn.net/v/t1.15752-9/{}_n.jpg", m.serial) },
            }]);
        }
    }
    let (sender, recipient) = if m.from_shop {
        message["is_echo"] = json!(true);
        message["app_id"] = json!(1_517_776_481_860_111u64);
        (MESSENGER_PAGE_ID, psid.as_str())
    } else {
        (psid.as_str(), MESSENGER_PAGE_ID)
    };
    json!({
        "object": "page",
        "entry": [{
            "id": MESSENGER_PAGE_ID,
            "time": m.at_ms,
            "messaging": [{
                "sender": { "id": sender },
                "recipient": { "id": recipient },
                "timestamp": m.at_ms,
                "message": message,
            }],
        }],
    })
}
