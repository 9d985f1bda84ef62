//! The contact panel's read: how the platform names the customer, and the chat's media.

use rusqlite::{Connection, OptionalExtension};

use super::database::Store;
use super::rows::{self, MESSAGE_VIEW_COLUMNS as COLUMNS, MESSAGE_VIEW_FROM as FROM};
use crate::error::{Error, Result};
use crate::model::{ChannelKind, ContactCard, ConversationId, CustomerIdentity, IdentityKind};

/// Attachments that are not media the owner would look for again: places, contact cards, links,
/// ads the customer came from, templates.
const NOT_MEDIA: [&str; 7] = [
    "location", "venue", "contact", "link", "referral", "template", "postback",
];

impl Store {
    pub fn contact_card(
        &self,
        conversation: ConversationId,
        media_limit: u32,
    ) -> Result<ContactCard> {
        self.read(|c| {
            let identities = identities(c, conversation)?;
            // Our own constants, so inlining them is safe.
            let not_media = NOT_MEDIA.map(|k| format!("'{k}'")).join(", ");
            let mut media = c
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} {FROM}
                     WHERE m.conversation_id = ?1 AND m.deleted_at IS NULL
                       AND EXISTS (SELECT 1 FROM attachments x
                                   WHERE x.message_id = m.id AND x.kind NOT IN ({not_media}))
                     ORDER BY m.sent_at DESC, m.id DESC LIMIT ?2"
                ))?
                .query_map(
                    rusqlite::params![conversation, media_limit + 1],
                    rows::message_view,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let more_media = media.len() > media_limit as usize;
            media.truncate(media_limit as usize);
            rows::with_attachments(c, &mut media)?;
            for m in &mut media {
                m.attachments
                    .retain(|a| !NOT_MEDIA.contains(&a.kind.as_str()));
            }
            Ok(ContactCard {
                identities,
                media,
                more_media,
            })
        })
    }
}

/// The customer's ids as their channel knows them; for a group, the group's own id.
pub(super) fn identities(
    c: &Connection,
    conversation: ConversationId,
) -> Result<Vec<CustomerIdentity>> {
    let row = c
        .prepare_cached(
            "SELECT a.channel, cv.kind, cv.remote_id, ct.remote_id, ct.username, ct.phone
             FROM conversations cv JOIN accounts a ON a.id = cv.account_id
             LEFT JOIN contacts ct ON ct.id = cv.contact_id
             WHERE cv.id = ?1",
        )?
        .query_row([conversation], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .optional()?
        .ok_or_else(|| Error::not_found("conversation", conversation))?;
    let (channel, kind, chat_id, customer_id, username, phone) = row;
    let channel = ChannelKind::parse(&channel).unwrap_or(ChannelKind::Telegram);
    let mut out = Vec::new();
    let mut add = |kind: IdentityKind, value: String| {
        let value = value.trim().to_owned();
        if !value.is_empty()
            && !out
                .iter()
                .any(|i: &CustomerIdentity| i.kind == kind && i.value == value)
        {
            out.push(CustomerIdentity { kind, value });
        }
    };
    if kind == "group" {
        add(IdentityKind::TelegramChatId, chat_id);
        return Ok(out);
    }
    let customer_id = customer_id.unwrap_or(chat_id);
    match channel {
        ChannelKind::Telegram => {
            if let Some(username) = username {
                add(
                    IdentityKind::Username,
                    format!("@{}", username.trim_start_matches('@')),
                );
            }
            if let Some(phone) = phone {
                add(IdentityKind::Phone, international(&phone));
            }
            add(IdentityKind::TelegramId, customer_id);
        }
        ChannelKind::Whatsapp => {
            // The wa_id is the customer's number without "+", unless WhatsApp gave a
            // business-scoped id instead (customers who hide their number).
            if customer_id.chars().all(|ch| ch.is_ascii_digit()) {
                add(IdentityKind::Phone, international(&customer_id));
            } else {
                add(IdentityKind::WhatsappId, customer_id);
            }
            if let Some(phone) = phone {
                add(IdentityKind::Phone, international(&phone));
            }
            if let Some(username) = username {
                add(IdentityKind::Username, username);
            }
        }
        ChannelKind::Messenger => add(IdentityKind::PageScopedId, customer_id),
    }
    Ok(out)
}

/// "393331234567" and "+39 333 1234567" both become "+393331234567".
fn international(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        phone.to_owned()
    } else {
        format!("+{digits}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inbound::{AttachmentMeta, Inbound, InboundBatch, InboundMessage, RemoteContact};
    use crate::store::test_support::temp_store;
    use crate::store::test_support::{account_on, customer_msg};

    fn attachment(kind: &str, name: Option<&str>) -> AttachmentMeta {
        AttachmentMeta {
            kind: kind.into(),
            remote_ref: Some(format!("ref-{kind}")),
            mime_type: None,
            file_name: name.map(Into::into),
            size_bytes: None,
            width: None,
            height: None,
            duration_secs: None,
            meta: None,
        }
    }

    fn ingest(store: &Store, account: i64, messages: Vec<InboundMessage>) -> ConversationId {
        let batch = InboundBatch {
            events: messages.into_iter().map(Inbound::Message).collect(),
            cursor: None,
        };
        store.ingest(account, "updates", &batch).unwrap();
        store.conversations(10).unwrap()[0].id
    }

    fn from(chat: &str, username: Option<&str>, phone: Option<&str>) -> InboundMessage {
        let mut m = customer_msg(chat, "1", "ciao", 1_000);
        m.sender = Some(RemoteContact {
            remote_id: chat.into(),
            display_name: "Giulia".into(),
            username: username.map(Into::into),
            phone: phone.map(Into::into),
            language: None,
        });
        m
    }

    fn ids(card: &ContactCard) -> Vec<(IdentityKind, &str)> {
        card.identities
            .iter()
            .map(|i| (i.kind, i.value.as_str()))
            .collect()
    }

    #[test]
    fn each_channel_names_the_customer_its_own_way() {
        let (_d, store) = temp_store();
        let telegram = account_on(&store, ChannelKind::Telegram);
        let chat = ingest(
            &store,
            telegram,
            vec![from("801", Some("giulia_r"), Some("39 333 123 4567"))],
        );
        assert_eq!(
            ids(&store.contact_card(chat, 10).unwrap()),
            [
                (IdentityKind::Username, "@giulia_r"),
                (IdentityKind::Phone, "+393331234567"),
                (IdentityKind::TelegramId, "801"),
            ]
        );

        let (_d, store) = temp_store();
        let whatsapp = account_on(&store, ChannelKind::Whatsapp);
        let chat = ingest(&store, whatsapp, vec![from("393331234567", None, None)]);
        assert_eq!(
            ids(&store.contact_card(chat, 10).unwrap()),
            [(IdentityKind::Phone, "+393331234567")]
        );

        let (_d, store) = temp_store();
        let messenger = account_on(&store, ChannelKind::Messenger);
        let chat = ingest(&store, messenger, vec![from("24023457", None, None)]);
        assert_eq!(
            ids(&store.contact_card(chat, 10).unwrap()),
            [(IdentityKind::PageScopedId, "24023457")]
        );
    }

    #[test]
    fn a_whatsapp_customer_without_a_number_shows_the_id_whatsapp_gave() {
        let (_d, store) = temp_store();
        let whatsapp = account_on(&store, ChannelKind::Whatsapp);
        let chat = ingest(
            &store,
            whatsapp,
            vec![from("IT.13491208655302741918", None, None)],
        );
        assert_eq!(
            ids(&store.contact_card(chat, 10).unwrap()),
            [(IdentityKind::WhatsappId, "IT.13491208655302741918")]
        );
    }

    #[test]
    fn media_is_newest_first_without_places_or_links_and_says_when_there_is_more() {
        let (_d, store) = temp_store();
        let telegram = account_on(&store, ChannelKind::Telegram);
        let mut messages = Vec::new();
        for (i, kind) in ["photo", "location", "document", "link", "voice", "video"]
            .iter()
            .enumerate()
        {
            let mut m = customer_msg("801", &i.to_string(), "", 1_000 + i as i64);
            m.kind = (*kind).into();
            m.attachments = vec![attachment(
                kind,
                (*kind == "document").then_some("menu.pdf"),
            )];
            messages.push(m);
        }
        messages.push(customer_msg("801", "text", "solo testo", 2_000));
        let chat = ingest(&store, telegram, messages);

        let card = store.contact_card(chat, 3).unwrap();
        let kinds: Vec<_> = card
            .media
            .iter()
            .map(|m| m.attachments[0].kind.as_str())
            .collect();
        assert_eq!(kinds, ["video", "voice", "document"]);
        assert!(card.more_media, "the photo is further back");

        let all = store.contact_card(chat, 10).unwrap();
        assert_eq!(all.media.len(), 4);
        assert!(!all.more_media);
        assert_eq!(
            all.media[2].attachments[0].file_name.as_deref(),
            Some("menu.pdf")
        );
    }

    #[test]
    fn an_unknown_chat_is_not_found() {
        let (_d, store) = temp_store();
        assert_eq!(store.contact_card(42, 10).unwrap_err().code(), "NotFound");
    }
}
