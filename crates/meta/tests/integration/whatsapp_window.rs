//! WhatsApp's 24-hour customer service window: free text refused after it, a template sent,
//! and WhatsApp's own "window closed" (131047) treated the same, as an API error or a status.

use crate::common::*;
use serde_json::json;
use sportello_core::model::{MessageStatus, ReplyBlock, ReplyWindow, TemplateChoice};
use sportello_core::Error;
use sportello_sim::whatsapp::Faults;

#[tokio::test(flavor = "multi_thread")]
async fn after_24_hours_only_a_template_goes_out() {
    let shop = live_shop().await;
    let yesterday = sportello_sim::telegram::now_secs() - 25 * 3600;
    shop.sim.whatsapp().customer_says(
        &giulia(),
        json!({ "type": "text", "text": { "body": "Grazie!" } }),
        Some(yesterday),
    );
    let conv = eventually("the old message", || async {
        shop.conversations().await.first().map(|c| c.id)
    })
    .await;
    assert_eq!(
        shop.conversations().await[0].reply_window,
        ReplyWindow::Closed {
            reason: ReplyBlock::TemplateOnly
        }
    );
    let refused = shop
        .inbox
        .send_text(conv, "Ci sei?".into(), None)
        .await
        .unwrap_err();
    assert!(matches!(
        refused,
        Error::ReplyWindowClosed(ReplyBlock::TemplateOnly)
    ));
    assert!(refused.to_string().contains("template"), "{refused}");

    let templates = shop.inbox.templates(shop.account.id).await.unwrap();
    let names: Vec<&str> = templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["order_ready", "ordine_pronto"],
        "approved ones only"
    );
    let sent = shop
        .inbox
        .send_template(
            conv,
            TemplateChoice {
                name: "ordine_pronto".into(),
                language: "it".into(),
                parameters: vec!["Giulia".into(), "domani".into()],
            },
        )
        .await
        .unwrap();
    assert_eq!(
        sent.text,
        "Ciao Giulia, il tuo ordine è pronto. Ti aspettiamo domani!"
    );
    status_becomes(&shop, conv, sent.id, MessageStatus::Read).await;
    let on_the_wire = shop.sim.whatsapp().sent();
    assert_eq!(on_the_wire[0].kind, "template");
    assert_eq!(on_the_wire[0].template_parameters, ["Giulia", "domani"]);
    assert!(
        on_the_wire.iter().all(|s| s.kind != "text"),
        "no free text went out"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn whatsapp_saying_the_window_is_closed_gets_the_same_treatment() {
    // As an API error…
    let shop = live_shop().await;
    let conv = giulia_writes(&shop, "Ciao").await;
    shop.sim.whatsapp().set_faults(Faults {
        fail_next: 1,
        status: 400,
        code: 131047,
        ..Default::default()
    });
    let reply = shop
        .inbox
        .send_text(conv, "Eccomi".into(), None)
        .await
        .unwrap()
        .remove(0);
    status_becomes(&shop, conv, reply.id, MessageStatus::Failed).await;
    assert_eq!(
        shop.conversations().await[0].reply_window,
        ReplyWindow::Closed {
            reason: ReplyBlock::TemplateOnly
        }
    );

    // …and as a failed status after the send was accepted (what Meta usually does): here the
    // customer's message reached the shop but WhatsApp no longer counts it.
    let shop = live_shop().await;
    let o = options();
    shop.sim.whatsapp().deliver(json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": o.business_account_id, "changes": [{ "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": o.display_phone_number, "phone_number_id": o.phone_number_id },
            "contacts": [{ "profile": { "name": "Luca" }, "wa_id": "393331112222" }],
            "messages": [{ "from": "393331112222", "id": "wamid.luca1",
                           "timestamp": sportello_sim::telegram::now_secs().to_string(),
                           "type": "text", "text": { "body": "Ciao" } }]
        }}]}]
    }));
    let conv = eventually("Luca's chat", || async {
        shop.conversations().await.first().map(|c| c.id)
    })
    .await;
    let reply = shop
        .inbox
        .send_text(conv, "Buongiorno".into(), None)
        .await
        .unwrap()
        .remove(0);
    status_becomes(&shop, conv, reply.id, MessageStatus::Failed).await;
    let failed = shop
        .messages(conv)
        .await
        .into_iter()
        .find(|m| m.id == reply.id)
        .unwrap();
    assert!(failed.error.unwrap().contains("Re-engagement"));
    eventually("the window closed", || async {
        matches!(
            shop.conversations().await[0].reply_window,
            ReplyWindow::Closed { .. }
        )
        .then_some(())
    })
    .await;
}

/// A reply sent later is checked when it is due: if the customer's 24 hours ran out meanwhile,
/// it is held (failed, saying the window closed, the chat offering templates), never sent.
#[tokio::test(flavor = "multi_thread")]
async fn a_reply_sent_later_is_held_when_the_window_closed_before_its_time() {
    let shop = shop().await;
    // Giulia wrote 24 hours ago less 4 seconds: the window is open, for 4 more seconds.
    let almost_a_day = sportello_sim::telegram::now_secs() - 24 * 3600 + 4;
    shop.sim.whatsapp().customer_says(
        &giulia(),
        json!({ "type": "text", "text": { "body": "Posso passare domani?" } }),
        Some(almost_a_day),
    );
    let conv = eventually("Giulia's message", || async {
        shop.sync_once().await;
        shop.conversations().await.first().map(|c| c.id)
    })
    .await;
    let at = sportello_core::time_fmt::now_ms() + 8_000;
    let scheduled = shop
        .inbox
        .schedule(conv, "Certo, ti aspettiamo!".into(), at)
        .await
        .unwrap();
    assert!(
        scheduled.window_closed_by_then,
        "the owner is told when scheduling"
    );
    tokio::time::sleep(std::time::Duration::from_millis(
        (at - sportello_core::time_fmt::now_ms()).max(0) as u64 + 200,
    ))
    .await;
    shop.sync_once().await;
    let held = shop.inbox.message(scheduled.message.id).await.unwrap();
    assert_eq!(held.status, MessageStatus::Failed, "{held:?}");
    assert_eq!(
        held.error_code.map(|c| c.as_str()),
        Some("ReplyWindowClosed")
    );
    assert!(
        shop.sim.whatsapp().sent().iter().all(|m| m.kind != "text"),
        "nothing sent against the window: {:?}",
        shop.sim.whatsapp().sent()
    );
    assert_eq!(
        shop.conversations().await[0].reply_window,
        ReplyWindow::Closed {
            reason: ReplyBlock::TemplateOnly
        },
        "the chat offers templates"
    );
}
