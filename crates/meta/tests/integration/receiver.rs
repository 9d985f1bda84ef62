//! The webhook receiver, through real HTTP: every authentic WhatsApp payload is accepted and
//! lands as the right message or status; forged, unsigned, oversized and foreign deliveries are
//! refused or ignored and store nothing.

use crate::common::*;
use serde_json::json;
use sportello_core::model::MessageStatus;
use sportello_sim::WhatsAppOptions;

/// The fixtures' own phone number id, so they are posted exactly as published.
fn fixtures_number() -> WhatsAppOptions {
    WhatsAppOptions {
        phone_number_id: "1122334455667".into(),
        ..options()
    }
}

/// A message of the shop's with this id, sent from the owner's phone (a coexistence echo), so
/// statuses and reactions in the fixtures have something to land on.
fn echo(id: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "1", "changes": [{ "field": "smb_message_echoes", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": "972123456789", "phone_number_id": "1122334455667" },
            "message_echoes": [{ "from": "972123456789", "to": "972987654321", "id": id,
                                 "timestamp": "1689380000", "type": "text", "text": { "body": "Ordine confermato" } }]
        }}]}]
    }))
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_authentic_message_payload_lands_as_the_right_message() {
    let expected = [
        ("webhook_message_text.json", "text", Some("Body Text")),
        ("webhook_message_image.json", "photo", None),
        ("webhook_message_video.json", "video", None),
        ("webhook_message_audio.json", "audio", None),
        ("webhook_message_voice.json", "voice", None),
        ("webhook_message_document.json", "document", None),
        ("webhook_message_sticker.json", "sticker", None),
        ("webhook_message_location.json", "location", None),
        ("webhook_message_contacts.json", "contact", None),
        ("webhook_message_reply_context.json", "text", None),
        (
            "webhook_message_unsupported.json",
            "unsupported:unknown",
            None,
        ),
        (
            "webhook_message_unsupported_with_type.json",
            "unsupported:pool",
            None,
        ),
        (
            "webhook_interactive_button_reply.json",
            "button_reply",
            None,
        ),
        (
            "webhook_interactive_list_reply.json",
            "list_reply",
            Some("title\ndescription"),
        ),
        (
            "webhook_button_template_quick_reply.json",
            "button_reply",
            Some("title"),
        ),
    ];
    let names: Vec<String> = sportello_sim::testkit::shared_fixtures("whatsapp", "webhook_")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    for (file, kind, text) in expected {
        assert!(
            names.iter().any(|n| n == file),
            "{file} is not among the fixtures"
        );
        // Each in its own shop: the published payloads reuse the same message ids.
        let shop = shop_for(fixtures_number(), false).await;
        assert_eq!(post_signed(&shop, fixture_bytes(file)).await, 200, "{file}");
        shop.sync_once().await;
        let chats = shop.conversations().await;
        assert_eq!(chats.len(), 1, "{file}: one customer chat");
        let messages = shop.messages(chats[0].id).await;
        assert_eq!(messages.len(), 1, "{file}: stored once");
        assert_eq!(messages[0].kind, kind, "{file}");
        if let Some(text) = text {
            assert_eq!(messages[0].text, text, "{file}");
        }
        if file == "webhook_message_reply_context.json" {
            assert!(
                messages[0].reply_to_remote_id.is_some(),
                "{file}: keeps what it replies to"
            );
        }
        if ["photo", "video", "audio", "voice", "document", "sticker"].contains(&kind) {
            assert_eq!(messages[0].attachments.len(), 1, "{file}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_authentic_status_and_reaction_lands_on_its_message() {
    for (file, status) in [
        ("webhook_status_sent.json", MessageStatus::Sent),
        ("webhook_status_delivered.json", MessageStatus::Delivered),
        ("webhook_status_read.json", MessageStatus::Read),
        ("webhook_status_failed.json", MessageStatus::Failed),
    ] {
        let shop = shop_for(fixtures_number(), false).await;
        assert_eq!(post_signed(&shop, echo("wamid.xyzxyz")).await, 200);
        assert_eq!(post_signed(&shop, fixture_bytes(file)).await, 200, "{file}");
        shop.sync_once().await;
        let chat = shop.conversations().await[0].id;
        let message = shop.messages(chat).await.remove(0);
        // An echo starts as sent; a "sent" report leaves it there.
        assert_eq!(message.status, status, "{file}");
        if status == MessageStatus::Failed {
            let error = message.error.unwrap();
            assert!(
                error.contains("User's number is part of an experiment"),
                "{error}"
            );
            assert!(
                error.contains("Failed to send message"),
                "{error}: title and details"
            );
        }
    }

    let shop = shop_for(fixtures_number(), false).await;
    assert_eq!(post_signed(&shop, echo("wamid.yzxyzx=")).await, 200);
    assert_eq!(
        post_signed(&shop, fixture_bytes("webhook_message_reaction.json")).await,
        200
    );
    shop.sync_once().await;
    let chat = shop.conversations().await[0].id;
    let messages = shop.messages(chat).await;
    assert_eq!(messages.len(), 1, "a reaction is not a message of its own");
    assert_eq!(messages[0].reactions[0].emoji, "😮");
    assert!(!messages[0].reactions[0].mine);
}

#[tokio::test(flavor = "multi_thread")]
async fn forged_missing_and_oversized_deliveries_store_nothing() {
    let shop = shop().await;
    let body = serde_json::to_vec(&json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "1", "changes": [{ "field": "messages", "value": {
            "metadata": { "phone_number_id": options().phone_number_id },
            "messages": [{ "from": "39333", "id": "wamid.forged", "timestamp": "1700000000",
                           "type": "text", "text": { "body": "<script>alert(1)</script>" } }]
        }}]}]
    }))
    .unwrap();
    assert_eq!(post(&shop, body.clone(), None).await, 401, "no signature");
    assert_eq!(
        post(&shop, body.clone(), Some("not-the-app-secret")).await,
        403,
        "forged"
    );
    let mut tampered = body.clone();
    *tampered.last_mut().unwrap() = b' ';
    let signature = sportello_meta::signature::sign(&options().app_secret, &body);
    let status = reqwest::Client::new()
        .post(shop.webhook_url())
        .header("x-hub-signature-256", signature)
        .body(tampered)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 403, "a body changed after signing");
    // Over the size limit: refused from its Content-Length, before a byte of it is read (413,
    // and the connection closed, so a client still writing may see only the close).
    let huge = vec![b' '; 5 * 1024 * 1024];
    let signature = sportello_meta::signature::sign(&options().app_secret, &huge);
    let refused = reqwest::Client::new()
        .post(shop.webhook_url())
        .header("x-hub-signature-256", signature)
        .body(huge)
        .send()
        .await;
    match refused {
        Ok(answer) => assert_eq!(answer.status(), 413, "over the size limit"),
        Err(e) => assert!(e.is_request(), "closed before reading it: {e}"),
    }
    assert_eq!(post_signed(&shop, b"{not json".to_vec()).await, 400);

    shop.sync_once().await;
    assert!(
        shop.conversations().await.is_empty(),
        "nothing refused was stored"
    );
    let account = shop.inbox.accounts().await.unwrap().remove(0);
    assert!(
        account.webhook_seen_at.is_none(),
        "no verified delivery yet"
    );

    // The same delivery, properly signed, is taken, and its text stays text.
    assert_eq!(post_signed(&shop, body).await, 200);
    shop.sync_once().await;
    let chat = shop.conversations().await[0].id;
    assert_eq!(
        shop.messages(chat).await[0].text,
        "<script>alert(1)</script>"
    );
    let account = shop.inbox.accounts().await.unwrap().remove(0);
    assert!(account.webhook_seen_at.is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn deliveries_for_a_number_nobody_here_owns_are_acknowledged_not_stored() {
    let shop = shop().await;
    let other_number = serde_json::to_vec(&json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "1", "changes": [{ "field": "messages", "value": {
            "metadata": { "phone_number_id": "999999999" },
            "messages": [{ "from": "39333", "id": "wamid.elsewhere", "timestamp": "1700000000",
                           "type": "text", "text": { "body": "Hello?" } }]
        }}]}]
    }))
    .unwrap();
    assert_eq!(post_signed(&shop, other_number).await, 200);
    shop.sync_once().await;
    assert!(shop.conversations().await.is_empty());
    assert!(shop.inbox.accounts().await.unwrap()[0]
        .webhook_seen_at
        .is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_subscription_check_answers_only_the_right_verify_token() {
    let shop = shop().await;
    let check = |token: &str| {
        let url = format!(
            "{}?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=1158201444",
            shop.webhook_url()
        );
        async move { reqwest::get(url).await.unwrap() }
    };
    let ok = check("torta-di-mele").await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), "1158201444");
    assert_eq!(check("guessed").await.status(), 403);
    assert_eq!(
        reqwest::get(shop.webhook_url()).await.unwrap().status(),
        400
    );
}

/// A lone surrogate escape (half an emoji) in a signed delivery: refusing it made Meta retry
/// and finally drop every message batched with it. It is taken, the half shown as �, and the
/// other messages of the batch are stored too.
#[tokio::test(flavor = "multi_thread")]
async fn a_lone_surrogate_does_not_lose_the_batch() {
    let shop = shop().await;
    let number = options().phone_number_id;
    let body = format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"1","changes":[{{"field":"messages","value":{{
            "metadata":{{"phone_number_id":"{number}"}},
            "contacts":[{{"wa_id":"39333","profile":{{"name":"Ada \ud800"}}}}],
            "messages":[
              {{"from":"39333","id":"wamid.half","timestamp":"1700000000","type":"text","text":{{"body":"ciao \ud83d"}}}},
              {{"from":"39333","id":"wamid.whole","timestamp":"1700000001","type":"text","text":{{"body":"tutto bene \ud83d\ude00"}}}}
            ]}}}}]}}]}}"#
    );
    assert!(
        serde_json::from_str::<serde_json::Value>(&body).is_err(),
        "serde refuses it"
    );
    assert_eq!(post_signed(&shop, body.into_bytes()).await, 200);
    shop.sync_once().await;
    let chat = shop.conversations().await[0].id;
    let texts: Vec<String> = shop
        .messages(chat)
        .await
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(texts, ["ciao \u{fffd}", "tutto bene 😀"]);
}
