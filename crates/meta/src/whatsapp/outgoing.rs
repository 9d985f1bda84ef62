//! What the shop sends, as the Cloud API's `/messages` bodies, and approved templates as the
//! Graph API lists them.
//! <https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages>

use serde_json::{json, Map, Value};
use sportello_core::channel::MessageTemplate;
use sportello_core::OutgoingMessage;

fn envelope(to: &str) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("messaging_product".into(), json!("whatsapp"));
    body.insert("recipient_type".into(), json!("individual"));
    body.insert("to".into(), json!(to));
    body
}

/// A text, an uploaded image or document, or a template; with the message replied to as
/// context. Links in a text get a preview.
pub fn message_body(m: &OutgoingMessage, media_id: Option<&str>) -> Value {
    let mut body = envelope(&m.conversation_remote_id);
    if let Some(reply_to) = &m.reply_to_remote_id {
        body.insert("context".into(), json!({ "message_id": reply_to }));
    }
    match (&m.template, &m.file, media_id) {
        (Some(t), _, _) => {
            let parameters: Vec<Value> = t
                .parameters
                .iter()
                .map(|p| json!({ "type": "text", "text": p }))
                .collect();
            let mut template = json!({ "name": t.name, "language": { "code": t.language } });
            if !parameters.is_empty() {
                template["components"] = json!([{ "type": "body", "parameters": parameters }]);
            }
            body.insert("type".into(), json!("template"));
            body.insert("template".into(), template);
        }
        (None, Some(file), Some(id)) => {
            let kind = if file.kind == "photo" {
                "image"
            } else {
                "document"
            };
            let mut media = json!({ "id": id });
            if !m.text.is_empty() {
                media["caption"] = json!(m.text);
            }
            if kind == "document" {
                media["filename"] = json!(file.file_name);
            }
            body.insert("type".into(), json!(kind));
            body.insert(kind.into(), media);
        }
        _ => {
            let preview = m.text.contains("https://") || m.text.contains("http://");
            body.insert("type".into(), json!("text"));
            body.insert(
                "text".into(),
                json!({ "body": m.text, "preview_url": preview }),
            );
        }
    }
    Value::Object(body)
}

pub fn reaction_body(to: &str, message_id: &str, emoji: &str) -> Value {
    let mut body = envelope(to);
    body.insert("type".into(), json!("reaction"));
    body.insert(
        "reaction".into(),
        json!({ "message_id": message_id, "emoji": emoji }),
    );
    Value::Object(body)
}

/// One entry of `GET /<WABA>/message_templates`; templates whose body needs more than text
/// values (media headers, buttons with variables) are still listed, by their body.
pub fn template_of(v: &Value) -> Option<MessageTemplate> {
    let name = v.get("name")?.as_str()?.to_owned();
    let language = v.get("language")?.as_str()?.to_owned();
    if v.get("status")
        .and_then(Value::as_str)
        .is_some_and(|s| s != "APPROVED")
    {
        return None;
    }
    let body = v
        .get("components")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|c| c.get("type").and_then(Value::as_str) == Some("BODY"))
        .and_then(|c| c.get("text"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    Some(MessageTemplate {
        parameter_count: count_placeholders(&body),
        name,
        language,
        category: v
            .get("category")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        body,
    })
}

/// The highest {{n}} in a template body.
fn count_placeholders(body: &str) -> u32 {
    let mut max = 0;
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        rest = &rest[start + 2..];
        if let Some(end) = rest.find("}}") {
            if let Ok(n) = rest[..end].trim().parse::<u32>() {
                max = max.max(n);
            }
            rest = &rest[end + 2..];
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_counted_by_their_highest_number() {
        assert_eq!(count_placeholders("Ciao {{1}}, a {{2}} alle {{3}}"), 3);
        assert_eq!(count_placeholders("Nessun valore"), 0);
        assert_eq!(count_placeholders("{{1}} e ancora {{1}}"), 1);
    }

    #[test]
    fn a_listed_template_keeps_its_body() {
        let t = template_of(&json!({
            "name": "ritiro_pronto", "language": "it", "status": "APPROVED", "category": "UTILITY",
            "components": [{ "type": "HEADER", "format": "TEXT", "text": "Panificio" },
                           { "type": "BODY", "text": "Ciao {{1}}, il tuo ordine è pronto." }]
        }))
        .unwrap();
        assert_eq!(t.parameter_count, 1);
        assert_eq!(
            t.render(&["Marco".into()]),
            "Ciao Marco, il tuo ordine è pronto."
        );
    }
}
