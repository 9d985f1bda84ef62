//! Customers and reach in the real window: the same person writing on Telegram and WhatsApp is
//! suggested as one customer in the contact panel, merged there and the merge undone; a
//! broadcast's pre-flight names who receives it and why the others do not, and sending it
//! reaches exactly those; Settings → Posters shows the poster's QR codes.

use sportello_core::model::Poster;
use sportello_core::{AccountSecrets, Inbox, NewAccount};
use sportello_e2e::{
    click, conversation_named, eventually, text_in, wait_for, AppWindow, TOKEN, WAIT,
};
use sportello_sim::telegram::Customer;
use sportello_sim::testkit::{free_port, SimProcess};
use sportello_sim::whatsapp::WaCustomer;
use sportello_sim::WhatsAppOptions;
use thirtyfour::prelude::*;

const NEWS: &str = "Il panettone è arrivato!";

fn customer(chat: i64, first: &str, last: &str) -> Customer {
    let mut c = Customer::new(chat, first);
    c.last_name = Some(last.into());
    c
}

#[tokio::test(flavor = "multi_thread")]
async fn one_customer_a_lawful_broadcast_and_a_poster_in_the_window() {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let sim = SimProcess::spawn_with(&[
        "--token".into(),
        TOKEN.into(),
        "--whatsapp-webhook".into(),
        format!("http://{listen}/webhooks/meta"),
    ]);
    let control = sim.control();
    let data = tempfile::tempdir().unwrap();
    let o = WhatsAppOptions::default();
    {
        let inbox = Inbox::open(data.path(), sportello_channels::connect).unwrap();
        inbox
            .add_account(NewAccount::telegram("Forno Rossi", TOKEN).at(Some(sim.url.clone())))
            .await
            .expect("the Telegram bot (needs the session keyring)");
        inbox
            .add_account(
                NewAccount::whatsapp(
                    "Forno Rossi WhatsApp",
                    AccountSecrets::whatsapp(&o.access_token, &o.app_secret, Some("v")),
                    &o.phone_number_id,
                    Some(&o.business_account_id),
                )
                .at(Some(sim.graph_url())),
            )
            .await
            .expect("the WhatsApp number");
        inbox
            .save_poster(Poster {
                code: "vetrina-natale".into(),
                text: "Vorrei ordinare".into(),
                consent_topic: Some("offers".into()),
                consent_wording: Some("Scrivendoci accetti di ricevere le nostre offerte.".into()),
                consent_version: Some("1".into()),
            })
            .await
            .unwrap();
        inbox
            .save_label(None, "Clienti".into(), None, None)
            .await
            .unwrap();
        control
            .customer_says(&customer(801, "Giulia", "Neri"), "/start vetrina-natale")
            .await;
        control
            .customer_says(&customer(802, "Marco", "Verdi"), "Buongiorno")
            .await;
        let lock = inbox.lock_sync().unwrap();
        for done in inbox.sync_once(&lock).await.unwrap() {
            done.result.expect("initial sync");
        }
    }
    let app = AppWindow::launch_receiving_on(data.path(), &listen).await;
    let d = &app.driver;
    control
        .whatsapp_customer_says(
            &WaCustomer::new("393471234567", "Giulia Neri"),
            "Ciao! #vetrina-natale",
            None,
        )
        .await;
    eventually("both of Giulia's chats are listed", WAIT, || async {
        let mut n = 0;
        for row in d
            .find_all(By::Css("[data-testid=conversation-title]"))
            .await
            .ok()?
        {
            let title = row.prop("textContent").await.ok()??.trim().to_owned();
            if title == "Giulia Neri" {
                n += 1;
            }
        }
        (n == 2).then_some(())
    })
    .await;

    // The contact panel suggests they are one person; merged, then undone.
    conversation_named(d, "Giulia Neri")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click(d, "contact-button").await;
    wait_for(d, "the suggestion", "[data-testid=merge-suggestion]").await;
    assert!(text_in(d, "[data-testid=customer-source]")
        .await
        .contains("vetrina-natale"));
    click(d, "merge-customers").await;
    wait_for(d, "the other channel", "[data-testid=customer-channels]").await;
    wait_for(d, "how they were linked", "[data-testid=customer-merge]").await;
    assert!(d
        .find(By::Css("[data-testid=merge-suggestion]"))
        .await
        .is_err());
    app.screenshot("customer-merged").await;
    click(d, "undo-merge").await;
    eventually("the merge is undone", WAIT, || async {
        d.find(By::Css("[data-testid=customer-channels]"))
            .await
            .is_err()
            .then_some(())
    })
    .await;
    wait_for(d, "the suggestion again", "[data-testid=merge-suggestion]").await;
    click(d, "close-contact").await;

    // Everyone labelled Clienti gets the news, if they agreed: the pre-flight says who.
    {
        let inbox = Inbox::open(data.path(), sportello_channels::connect).unwrap();
        for c in inbox.conversations(100).await.unwrap() {
            inbox.label(c.id, vec!["Clienti".into()]).await.unwrap();
        }
    }
    click(d, "open-broadcasts").await;
    click(d, "new-broadcast").await;
    d.find(By::Css("[data-testid=broadcast-text]"))
        .await
        .unwrap()
        .send_keys(NEWS)
        .await
        .unwrap();
    click(d, "check-recipients").await;
    wait_for(d, "the pre-flight", "[data-testid=preflight]").await;
    assert_eq!(
        d.find_all(By::Css("[data-testid=recipient]"))
            .await
            .unwrap()
            .len(),
        2
    );
    let excluded = d.find_all(By::Css("[data-testid=excluded]")).await.unwrap();
    assert_eq!(excluded.len(), 1);
    assert!(excluded[0]
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default()
        .contains("Marco Verdi"));
    wait_for(d, "why Marco is left out", "[data-reason=no_consent]").await;
    app.screenshot("broadcast-preflight").await;
    click(d, "send-broadcast").await;
    wait_for(d, "the report", "[data-testid=broadcast-report]").await;
    eventually("the news reaches both of Giulia's chats", WAIT, || async {
        let telegram = control
            .sent()
            .await
            .into_iter()
            .filter(|s| s.text.starts_with(NEWS))
            .count();
        let whatsapp = control
            .whatsapp_sent()
            .await
            .into_iter()
            .filter(|s| s["text"].as_str().is_some_and(|t| t.starts_with(NEWS)))
            .count();
        (telegram == 1 && whatsapp == 1).then_some(())
    })
    .await;
    assert!(control
        .sent()
        .await
        .iter()
        .all(|s| s.chat_id != 802 || !s.text.starts_with(NEWS)));

    // Picked by hand: Marco alone, who never agreed: nobody to send to.
    click(d, "new-broadcast").await;
    click(d, "broadcast-by-pick").await;
    let picks = wait_for(d, "the chats to pick", "[data-testid=broadcast-pick]").await;
    for label in picks.find_all(By::Css("label")).await.unwrap() {
        let said = label.prop("textContent").await.unwrap().unwrap_or_default();
        if said.contains("Marco Verdi") {
            label
                .find(By::Css("input"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        }
    }
    d.find(By::Css("[data-testid=broadcast-text]"))
        .await
        .unwrap()
        .send_keys("Solo per Marco")
        .await
        .unwrap();
    click(d, "check-recipients").await;
    eventually("the second pre-flight", WAIT, || async {
        let excluded = d.find_all(By::Css("[data-testid=excluded]")).await.ok()?;
        let recipients = d.find_all(By::Css("[data-testid=recipient]")).await.ok()?;
        (excluded.len() == 1 && recipients.is_empty()).then_some(())
    })
    .await;
    let send = d
        .find(By::Css("[data-testid=send-broadcast]"))
        .await
        .unwrap();
    assert!(!send.is_enabled().await.unwrap(), "nobody to send to");
    click(d, "close-broadcasts").await;

    // The poster's QR codes, drawn.
    click(d, "open-settings").await;
    click(d, "settings-posters").await;
    wait_for(d, "the poster", "[data-testid=poster]").await;
    assert!(text_in(d, "[data-testid=poster-arrivals]")
        .await
        .contains('2'));
    let qrs = d
        .find_all(By::Css("[data-testid=poster-qr]"))
        .await
        .unwrap();
    assert_eq!(qrs.len(), 2, "one per connected channel that has a link");
    eventually("the QR images load", WAIT, || async {
        let w = qrs[0].prop("naturalWidth").await.ok()??;
        (w.parse::<f64>().ok()? > 0.0).then_some(())
    })
    .await;
    app.screenshot("posters").await;
    app.quit().await;
}
