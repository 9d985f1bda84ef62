//! WhatsApp end to end, minus the window: the simulator plays Meta (Graph API and signed
//! webhook deliveries), the real receiver stores, the sync engine processes and sends.

use crate::common::*;
use serde_json::json;
use sportello_core::model::{MessageStatus, ReplyWindow};
use sportello_core::secrets::SecretName;
use sportello_core::{AccountSecrets, AccountState};
use sportello_sim::whatsapp::Faults;

#[tokio::test(flavor = "multi_thread")]
async fn a_customer_writes_the_shop_replies_and_sees_it_read() {
    let shop = live_shop().await;
    let conv = giulia_writes(&shop, "Avete la torta di mele?").await;
    let chat = &shop.conversations().await[0];
    assert_eq!(chat.title, "Giulia Bianchi");
    assert_eq!(chat.unread, 1);
    assert!(matches!(chat.reply_window, ReplyWindow::ClosesAt { .. }));

    let reply = shop
        .inbox
        .send_text(
            conv,
            "Sì, fino alle 19! https://panificio.example/torte".into(),
            None,
        )
        .await
        .unwrap()
        .remove(0);
    status_becomes(&shop, conv, reply.id, MessageStatus::Read).await;
    let sent = shop.sim.whatsapp().sent();
    let text: Vec<_> = sent.iter().filter(|s| s.kind == "text").collect();
    assert_eq!(text.len(), 1, "sent once");
    assert_eq!(text[0].to, giulia().wa_id);
    assert_eq!(text[0].preview_url, Some(true), "a link gets a preview");
}

#[tokio::test(flavor = "multi_thread")]
async fn duplicates_and_reordered_statuses_change_nothing() {
    let shop = live_shop().await;
    shop.sim.whatsapp().set_faults(Faults {
        duplicate_deliveries: 50,
        reorder_statuses: 5,
        ..Default::default()
    });
    let conv = giulia_writes(&shop, "Prima").await;
    giulia_writes(&shop, "Seconda").await;
    let reply = shop
        .inbox
        .send_text(conv, "Eccomi".into(), None)
        .await
        .unwrap()
        .remove(0);
    status_becomes(&shop, conv, reply.id, MessageStatus::Read).await;
    // Read arrived first; the late "delivered" and "sent" must not undo it.
    eventually("all deliveries acknowledged", || async {
        (shop.sim.whatsapp().delivery_counts().1 == 0).then_some(())
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let messages = shop.messages(conv).await;
    assert_eq!(
        messages.len(),
        3,
        "each message once, however often delivered"
    );
    assert_eq!(
        messages.iter().find(|m| m.id == reply.id).unwrap().status,
        MessageStatus::Read
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn media_is_fetched_soon_after_it_arrives_and_a_failed_fetch_is_retried() {
    let shop = live_shop().await;
    // The first media lookup fails: the attachment shows why, then a later pass gets it.
    shop.sim.whatsapp().set_faults(Faults {
        fail_next: 1,
        status: 500,
        code: 2,
        ..Default::default()
    });
    shop.sim.whatsapp().customer_sends_media(
        &giulia(),
        "image",
        "image/jpeg",
        b"JPEGBYTES".to_vec(),
        "La torta",
    );
    let conv = eventually("the photo", || async {
        shop.conversations().await.first().map(|c| c.id)
    })
    .await;
    giulia_writes(&shop, "L'hai vista?").await;
    let attachment = eventually("downloaded without being opened", || async {
        shop.messages(conv)
            .await
            .into_iter()
            .flat_map(|m| m.attachments)
            .find(|a| a.downloaded)
    })
    .await;
    let path = shop
        .inbox
        .attachment_file(attachment.id, false)
        .await
        .unwrap();
    assert_eq!(std::fs::read(path).unwrap(), b"JPEGBYTES");
    assert!(
        attachment.fetch_error.is_none(),
        "the error goes once it worked"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn photos_go_out_by_upload_and_replies_keep_their_context() {
    let shop = live_shop().await;
    let conv = giulia_writes(&shop, "Mi mandi il menu?").await;
    let question = shop.messages(conv).await.remove(0);
    let file = shop.dir.path().join("menu.png");
    std::fs::write(&file, sportello_sim::telegram::THUMBNAIL_PNG).unwrap();
    let photo = shop
        .inbox
        .send_file(conv, file, "Ecco".into())
        .await
        .unwrap();
    status_becomes(&shop, conv, photo.id, MessageStatus::Read).await;
    let reply = shop
        .inbox
        .send_text(conv, "A domani".into(), Some(question.id))
        .await
        .unwrap()
        .remove(0);
    status_becomes(&shop, conv, reply.id, MessageStatus::Read).await;
    let sent = shop.sim.whatsapp().sent();
    let image = sent.iter().find(|s| s.kind == "image").unwrap();
    assert_eq!(image.text, "Ecco");
    assert_eq!(
        image.file_size,
        Some(sportello_sim::telegram::THUMBNAIL_PNG.len())
    );
    let text = sent.iter().find(|s| s.kind == "text").unwrap();
    assert_eq!(text.reply_to, question.remote_id);
}

#[tokio::test(flavor = "multi_thread")]
async fn opening_a_chat_marks_it_read_and_reactions_go_both_ways() {
    let shop = live_shop().await;
    let conv = giulia_writes(&shop, "Buongiorno!").await;
    let hers = shop.messages(conv).await.remove(0);
    shop.inbox.mark_read(conv).await.unwrap();
    eventually("a read receipt for her message", || async {
        shop.sim
            .whatsapp()
            .sent()
            .iter()
            .any(|s| s.kind == "read" && Some(&s.id) == hers.remote_id.as_ref())
            .then_some(())
    })
    .await;
    let reacted = shop.inbox.react(hers.id, "❤️".into()).await.unwrap();
    assert_eq!(reacted.reactions[0].emoji, "❤️");
    assert!(reacted.reactions[0].mine);
    assert!(shop
        .sim
        .whatsapp()
        .sent()
        .iter()
        .any(|s| s.kind == "reaction" && s.text == "❤️"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revoked_token_asks_for_a_new_one_and_the_queue_waits() {
    let shop = live_shop().await;
    let conv = giulia_writes(&shop, "Ciao").await;
    let mut events = shop.inbox.subscribe();
    shop.sim.whatsapp().revoke_token("EAAG-new-token");
    let reply = shop
        .inbox
        .send_text(conv, "Arrivo".into(), None)
        .await
        .unwrap()
        .remove(0);
    tokio::time::timeout(std::time::Duration::from_secs(30), async {
        loop {
            if let Ok(sportello_core::CoreEvent::AccountState {
                state: AccountState::NeedsAttention { code, .. },
                ..
            }) = events.recv().await
            {
                if code == "AuthExpired" {
                    return;
                }
            }
        }
    })
    .await
    .expect("the account asks for a new token");
    // The refusal may reach the account first from another call than the send (the send then
    // settles a moment later): the reply ends up waiting, not failed.
    status_becomes(&shop, conv, reply.id, MessageStatus::Pending).await;
    let o = options();
    shop.inbox
        .reconnect(
            shop.account.id,
            AccountSecrets::default()
                .with(SecretName::AccessToken, "EAAG-new-token")
                .with(SecretName::AppSecret, o.app_secret)
                .with(SecretName::VerifyToken, "torta-di-mele"),
        )
        .await
        .unwrap();
    status_becomes(&shop, conv, reply.id, MessageStatus::Read).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limits_back_off_and_keep_the_queue() {
    let shop = live_shop().await;
    let conv = giulia_writes(&shop, "Ciao").await;
    shop.sim.whatsapp().set_faults(Faults {
        fail_next: 1,
        status: 429,
        code: 130429,
        ..Default::default()
    });
    let reply = shop
        .inbox
        .send_text(conv, "Un attimo".into(), None)
        .await
        .unwrap()
        .remove(0);
    let waiting = eventually("held back", || async {
        shop.messages(conv)
            .await
            .into_iter()
            .find(|m| m.id == reply.id && m.status == MessageStatus::Pending && m.error.is_some())
    })
    .await;
    assert!(waiting.error.unwrap().contains("slow down"));
    assert!(shop.sim.whatsapp().sent().iter().all(|s| s.kind != "text"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_owners_phone_history_and_contacts_join_the_inbox() {
    let shop = live_shop().await;
    let conv = giulia_writes(&shop, "Ciao").await;
    shop.sim
        .whatsapp()
        .owner_says_from_phone(&giulia().wa_id, "Ti chiamo dopo");
    eventually("the owner's phone message, as the shop's", || async {
        shop.messages(conv)
            .await
            .iter()
            .any(|m| {
                m.text == "Ti chiamo dopo" && m.direction == sportello_core::model::Direction::Out
            })
            .then_some(())
    })
    .await;

    let o = options();
    let change = |field: &str, value: serde_json::Value| {
        let mut value = value;
        value["messaging_product"] = json!("whatsapp");
        value["metadata"] =
            json!({ "display_phone_number": "390212345678", "phone_number_id": o.phone_number_id });
        json!({ "object": "whatsapp_business_account",
                "entry": [{ "id": o.business_account_id, "changes": [{ "field": field, "value": value }] }] })
    };
    let thread = |from_id: &str, ids: [&str; 2]| {
        json!({ "history": [{ "metadata": { "phase": 0, "chunk_order": 1, "progress": 100 },
        "threads": [{ "id": "393330001111", "messages": [
            { "from": "393330001111", "id": ids[0], "timestamp": "1690000000", "type": "text",
              "text": { "body": "Old question" }, "history_context": { "status": "READ" } },
            { "from": from_id, "to": "393330001111", "id": ids[1], "timestamp": "1690000100",
              "type": "text", "text": { "body": "Old answer" }, "history_context": { "status": "READ" } }
        ]}]}]})
    };
    // The same chunk twice, and the newer half before the older one.
    shop.sim.whatsapp().deliver(change(
        "history",
        thread("390212345678", ["wamid.h1", "wamid.h2"]),
    ));
    shop.sim.whatsapp().deliver(change(
        "history",
        thread("390212345678", ["wamid.h1", "wamid.h2"]),
    ));
    shop.sim.whatsapp().deliver(change(
        "smb_app_state_sync",
        json!({ "state_sync": [{ "type": "contact", "action": "add",
            "contact": { "full_name": "Signora Neri", "first_name": "Anna", "phone_number": "393330001111" },
            "metadata": { "timestamp": "1700000000" } }]}),
    ));
    let old = eventually("the history chat, renamed", || async {
        shop.conversations()
            .await
            .into_iter()
            .find(|c| c.title == "Signora Neri")
    })
    .await;
    assert_eq!(old.unread, 0, "history is not news");
    let texts: Vec<String> = shop
        .messages(old.id)
        .await
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(texts, ["Old question", "Old answer"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_whose_answer_was_lost_is_marked_unknown_and_never_resent() {
    let shop = live_shop().await;
    let conv = giulia_writes(&shop, "Ciao").await;
    shop.sim.whatsapp().set_faults(Faults {
        drop_after_send: 1,
        ..Default::default()
    });
    let reply = shop
        .inbox
        .send_text(conv, "Arrivo subito".into(), None)
        .await
        .unwrap()
        .remove(0);
    status_becomes(&shop, conv, reply.id, MessageStatus::Unknown).await;
    // Later sends go on, and the lost one is not among them.
    let next = shop
        .inbox
        .send_text(conv, "Eccomi".into(), None)
        .await
        .unwrap()
        .remove(0);
    status_becomes(&shop, conv, next.id, MessageStatus::Read).await;
    let sent: Vec<String> = shop
        .sim
        .whatsapp()
        .sent()
        .into_iter()
        .filter(|s| s.kind == "text")
        .map(|s| s.text)
        .collect();
    assert_eq!(sent, ["Arrivo subito", "Eccomi"], "each went out once");
}

/// Coexistence history: a media message first comes as a `media_placeholder` in its thread;
/// its content (media id, caption) follows in a later `history` delivery with `messages[]`.
/// That later delivery fills in the placeholder (it was dropped, leaving the placeholder
/// forever); a redelivery of it changes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn a_history_media_placeholder_is_completed_by_the_later_delivery() {
    let shop = live_shop().await;
    let o = options();
    let change = |value: serde_json::Value| {
        let mut value = value;
        value["messaging_product"] = json!("whatsapp");
        value["metadata"] =
            json!({ "display_phone_number": "390212345678", "phone_number_id": o.phone_number_id });
        json!({ "object": "whatsapp_business_account",
                "entry": [{ "id": o.business_account_id, "changes": [{ "field": "history", "value": value }] }] })
    };
    shop.sim.whatsapp().deliver(change(json!({ "history": [{
        "metadata": { "phase": 0, "chunk_order": 1, "progress": 100 },
        "threads": [{ "id": "393330002222", "messages": [
            { "from": "393330002222", "id": "wamid.media1", "timestamp": "1690000000",
              "type": "media_placeholder", "history_context": { "status": "READ" } },
            { "from": "390212345678", "to": "393330002222", "id": "wamid.media2", "timestamp": "1690000050",
              "type": "media_placeholder", "history_context": { "status": "READ" } }
        ]}]}]})));
    let chat = eventually("the history chat", || async {
        shop.conversations().await.into_iter().next()
    })
    .await;
    let later = change(json!({ "messages": [
        { "from": "393330002222", "id": "wamid.media1", "timestamp": "1690000000", "type": "image",
          "image": { "id": "1400000001", "mime_type": "image/jpeg", "sha256": "abc", "caption": "La torta che vorrei" } },
        { "from": "390212345678", "to": "393330002222", "id": "wamid.media2", "timestamp": "1690000050",
          "type": "document", "document": { "id": "1400000002", "mime_type": "application/pdf", "filename": "listino.pdf" } }
    ]}));
    shop.sim.whatsapp().deliver(later.clone());
    shop.sim.whatsapp().deliver(later);
    let messages = eventually("both placeholders filled in", || async {
        let messages = shop.messages(chat.id).await;
        messages
            .iter()
            .all(|m| !m.kind.starts_with("unsupported"))
            .then_some(messages)
    })
    .await;
    // A marker after the redelivery: once it is in, the redelivery was processed too.
    shop.sim.whatsapp().deliver(json!({ "object": "whatsapp_business_account",
        "entry": [{ "id": o.business_account_id, "changes": [{ "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": "390212345678", "phone_number_id": o.phone_number_id },
            "messages": [{ "from": "393330002222", "id": "wamid.marker", "timestamp": "1700000000",
                           "type": "text", "text": { "body": "marker" } }] }}]}] }));
    let messages_now = eventually("the marker", || async {
        let messages = shop.messages(chat.id).await;
        messages
            .iter()
            .any(|m| m.text == "marker")
            .then_some(messages)
    })
    .await;
    assert_eq!(messages_now.len(), 3, "{messages_now:?}");
    assert_eq!(messages[0].kind, "photo");
    assert_eq!(messages[0].text, "La torta che vorrei");
    assert_eq!(
        messages_now[0].attachments.len(),
        1,
        "once, though delivered twice"
    );
    assert_eq!(messages_now[1].kind, "document");
    assert_eq!(
        messages_now[1].direction,
        sportello_core::model::Direction::Out
    );
    assert_eq!(messages_now[1].attachments.len(), 1);
}
