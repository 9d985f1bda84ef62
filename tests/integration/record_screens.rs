//! Records the real app's answers to the window's read commands, in the states the screenshot
//! suite (ui/e2e) renders: a shop on all three channels with a reply sent and one of unknown
//! fate, then the same shop offline with a reply waiting. Run by `make record-screens`, which rewrites
//! ui/e2e/recorded/; ignored otherwise, as it writes into the source tree.

use std::path::PathBuf;

use serde_json::{json, Value};
use sportello_core::model::ChannelKind;
use sportello_core::secrets::SecretName;
use sportello_core::{AccountSecrets, Inbox, NewAccount};
use sportello_e2e::{conversation_named, eventually, shop_with_chats, wait_for, AppWindow, WAIT};
use sportello_sim::messenger::FbCustomer;
use sportello_sim::telegram::{Customer, Faults};
use sportello_sim::testkit::SimProcess;
use sportello_sim::whatsapp::WaCustomer;
use sportello_sim::{MessengerOptions, WhatsAppOptions};
use thirtyfour::prelude::*;

/// Calls every read command the window makes, for every chat, and hands back what each answered.
const RECORD: &str = r#"const done = arguments[arguments.length - 1];
const invoke = window.__TAURI_INTERNALS__.invoke;
const calls = [];
async function call(cmd, args = {}) {
  try {
    const ok = await invoke(cmd, args);
    calls.push({ cmd, args, ok });
    return ok;
  } catch (err) {
    calls.push({ cmd, args, err });
    return null;
  }
}
(async () => {
  const accounts = await call("list_accounts");
  for (const cmd of ["keyring_status", "sync_status", "account_states", "notification_settings", "autostart"]) await call(cmd);
  for (const cmd of ["list_labels", "list_quick_replies", "chat_counts"]) await call(cmd);
  for (const cmd of ["opening_hours", "hours_now", "auto_replies"]) await call(cmd);
  for (const days of [7, 30]) await call("figures", { days });
  await call("test_faq", { sample: "A che ora aprite domani?" });
  // Each view of the list, with the filter the window sends for it.
  const all = { channel: null, unread: false, archived: false, label: null, status: null, needs_reply: false, hide_snoozed: true };
  const labels = (await invoke("list_labels")) ?? [];
  const views = [
    all,
    { ...all, unread: true },
    { ...all, needs_reply: true },
    { ...all, status: "snoozed", hide_snoozed: false, archived: null },
    { ...all, status: "done" },
    { ...all, archived: true, hide_snoozed: false },
    ...labels.map((l) => ({ ...all, label: l.id })),
  ];
  for (const filter of views) await call("list_conversations", { limit: null, filter });
  const chats = await call("list_conversations", { limit: null, filter: { ...all, hide_snoozed: false, archived: null } });
  for (const c of chats) {
    await call("list_messages", { conversationId: c.id, limit: 5000, before: null });
    await call("first_unread", { conversationId: c.id });
    await call("contact_card", { conversationId: c.id });
    await call("conversation", { conversationId: c.id });
    await call("notes", { conversationId: c.id });
  }
  for (const a of accounts.filter((a) => a.channel === "whatsapp")) await call("list_templates", { accountId: a.id });
  for (const a of accounts.filter((a) => a.channel !== "telegram")) await call("webhook_setup", { id: a.id });
  await call("search_messages", { query: "torta" });
  await call("search_messages", { query: "sabato" });
  await call("search_notes", { query: "torta" });
  done(calls);
})();"#;

/// Asks every read the window makes, in the window itself, and writes what was answered.
/// (Tauri's `invoke` cannot be wrapped from a script, so the reads are asked again rather
/// than overheard; each chat's whole history is read, and the suite pages through it.)
async fn record(d: &WebDriver, name: &str) {
    let calls: Value = d
        .execute_async(RECORD, vec![])
        .await
        .expect("record the commands' answers")
        .json()
        .clone();
    assert!(calls.as_array().is_some_and(|c| c.len() > 20), "{calls}");
    let mut calls = calls;
    redact(&mut calls);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/e2e/recorded");
    std::fs::create_dir_all(&dir).unwrap();
    let text = serde_json::to_string_pretty(&json!({ "state": name, "calls": calls })).unwrap();
    std::fs::write(dir.join(format!("{name}.json")), text + "\n").unwrap();
}

/// The verify tokens the window shows for Meta's dashboard are made up per account; the
/// recording keeps their shape, not their value.
fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "verify_token" && v.is_string() {
                    *v = json!("sportello-0123456789abcdef0123456789abcdef");
                } else {
                    redact(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

async fn add(
    inbox: &Inbox,
    channel: ChannelKind,
    name: &str,
    api_base: String,
    secrets: AccountSecrets,
    ids: [Option<&str>; 2],
) {
    let mut new = NewAccount {
        channel,
        name: name.into(),
        api_base: Some(api_base),
        secrets,
        is_demo: false,
        ids: Default::default(),
    };
    new.ids.remote_id = ids[0].map(Into::into);
    new.ids.business_account_id = ids[1].map(Into::into);
    inbox.add_account(new).await.expect("add the account");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "rewrites ui/e2e/recorded: run with `make record-screens`"]
async fn record_the_screens_states() {
    let port = sportello_sim::testkit::free_port();
    let listen = format!("127.0.0.1:{port}");
    let sim = SimProcess::spawn_with(&[
        "--token".into(),
        sportello_e2e::TOKEN.into(),
        "--whatsapp-webhook".into(),
        format!("http://{listen}/webhooks/meta"),
    ]);
    let control = sim.control();
    let data = tempfile::tempdir().unwrap();

    // Telegram: a long chat beside the short ones of the window tests.
    let marco = Customer::new(803, "Marco Bellini");
    let long: Vec<_> = (1..=120)
        .map(|i| {
            (
                marco.clone(),
                format!("Ordine {i}: due filoni di pane e una torta di mele per sabato"),
            )
        })
        .collect();
    control.customers_say(&long).await;
    control
        .customers_say(&[(
            Customer::new(804, "Ana García"),
            "¿Tenéis tarta de chocolate sin gluten?".into(),
        )])
        .await;
    shop_with_chats(&sim, data.path()).await;

    // Messenger, read back from the Page; WhatsApp, delivered to the receiver once it runs.
    let fb = MessengerOptions::default();
    control
        .messenger_customers_say(&[(
            FbCustomer::new("5501", "Anna Verdi"),
            "Fate consegne a Testaccio?".into(),
        )])
        .await;
    let wa = WhatsAppOptions::default();
    {
        let inbox = Inbox::open(data.path(), sportello_channels::connect).unwrap();
        add(
            &inbox,
            ChannelKind::Messenger,
            "Forno Rossi (Facebook)",
            sim.messenger_graph_url(),
            AccountSecrets::default()
                .with(SecretName::PageAccessToken, &fb.page_access_token)
                .with(SecretName::AppSecret, &fb.app_secret),
            [Some(&fb.page_id), None],
        )
        .await;
        add(
            &inbox,
            ChannelKind::Whatsapp,
            "Forno Rossi (WhatsApp)",
            sim.graph_url(),
            AccountSecrets::default()
                .with(SecretName::AccessToken, &wa.access_token)
                .with(SecretName::AppSecret, &wa.app_secret),
            [Some(&wa.phone_number_id), Some(&wa.business_account_id)],
        )
        .await;
        let lock = inbox.lock_sync().unwrap();
        for done in inbox.sync_once(&lock).await.unwrap() {
            let _ = done.result;
        }
        drop(lock);
        the_shops_counter(&inbox).await;
    }

    let app = AppWindow::launch_receiving_on(data.path(), &listen).await;
    let d = &app.driver;
    control
        .whatsapp_customer_says(
            &WaCustomer::new("393339876543", "Luca Neri"),
            "Buongiorno, avete il pane senza glutine?",
            None,
        )
        .await;
    eventually("Luca's WhatsApp chat", WAIT, || {
        conversation_named(d, "Luca Neri")
    })
    .await;

    // A reply that goes out, and one whose fate is unknown (the connection dropped after
    // Telegram took it): the owner decides.
    reply(d, "Giulia", "Sì, è pronta! A domani ☕").await;
    wait_for(
        d,
        "the reply sent",
        "[data-direction=out][data-status=sent]",
    )
    .await;
    control
        .set_faults(&Faults {
            drop_after_send: 1,
            ..Faults::default()
        })
        .await;
    reply(d, "João", "Sim, entregamos no bairro").await;
    wait_for(
        d,
        "the reply of unknown fate",
        "[data-direction=out][data-status=unknown]",
    )
    .await;
    record(d, "online").await;

    // The network goes: a reply waits, with the banner.
    drop(sim);
    reply(d, "Giulia", "Ti aspettiamo alle 9").await;
    wait_for(d, "the offline banner", "[data-testid=offline-banner]").await;
    record(d, "offline").await;
    app.quit().await;
}

/// What a shop sets up at its counter: an order's states and a VIP label on chats, quick
/// replies (one linked to a template), a note about a customer, a snoozed chat, a done one and a
/// reply sent later; opening hours with a split shift (closed today for stocktaking, so the
/// customer who writes next gets the away message), the away and greeting texts and FAQ cards.
async fn the_shops_counter(inbox: &Inbox) {
    let chats = inbox.conversations(100).await.unwrap();
    let chat = |title: &str| {
        chats
            .iter()
            .find(|c| c.title == title)
            .unwrap_or_else(|| panic!("{title}'s chat"))
            .id
    };
    for (name, color, group) in [
        ("Nuovo ordine", "#53bdeb", Some("Ordine")),
        ("Pagato", "#25d366", Some("Ordine")),
        ("Pronto", "#ffd279", Some("Ordine")),
        ("VIP", "#a791ff", None),
    ] {
        inbox
            .save_label(None, name.into(), Some(color.into()), group.map(Into::into))
            .await
            .unwrap();
    }
    let label =
        |c: i64, names: &[&str]| inbox.label(c, names.iter().map(|n| n.to_string()).collect());
    label(chat("Giulia"), &["Nuovo ordine", "VIP"])
        .await
        .unwrap();
    label(chat("Marco Bellini"), &["Pagato"]).await.unwrap();
    label(chat("Anna Verdi"), &["Pronto"]).await.unwrap();
    for (shortcut, text, template) in [
        (
            "orari",
            "Ciao {first_name|cliente}! Siamo aperti dal martedì alla domenica, 7:30–13:30 e 16:30–19:30. {shop}",
            None,
        ),
        (
            "ritiro",
            "Il tuo ordine è pronto, {first_name|cliente}: passa quando vuoi 🥖",
            Some(("ordine_pronto", "it")),
        ),
        ("indirizzo", "Ci trovi in Via dei Fornai 12, Roma.", None),
    ] {
        inbox
            .save_quick_reply(sportello_core::QuickReplyDraft {
                id: None,
                shortcut: shortcut.into(),
                text: text.into(),
                file: None,
                keep_attachment: false,
                template: template.map(|(name, language)| sportello_core::model::TemplateRef {
                    name: name.into(),
                    language: language.into(),
                }),
            })
            .await
            .unwrap();
    }
    inbox
        .write_note(
            chat("Giulia"),
            None,
            "Ordina la torta di mele ogni sabato. Allergica alle noci.".into(),
        )
        .await
        .unwrap();
    let now = sportello_core::time_fmt::now_ms();
    const DAY: i64 = 24 * 3600 * 1000;
    inbox
        .snooze(chat("Ana García"), now + DAY, true)
        .await
        .unwrap();
    inbox.mark_done(chat("Anna Verdi")).await.unwrap();
    let mut hours = sportello_core::model::OpeningHours {
        week: sportello_core::hours::spec::parse_week(
            "tue-sat 07:30-13:30,16:30-19:30; sun 08:00-12:30",
        )
        .unwrap(),
        timezone: Some("Europe/Rome".into()),
        ..Default::default()
    };
    let today = sportello_core::hours::today(&hours).unwrap();
    hours.closed = vec![
        sportello_core::model::ClosedDates {
            from: today.clone(),
            until: today,
            note: Some("Inventario".into()),
        },
        sportello_core::model::ClosedDates {
            from: "2027-08-10".into(),
            until: "2027-08-24".into(),
            note: Some("Ferie estive".into()),
        },
    ];
    inbox.set_opening_hours(hours).await.unwrap();
    use sportello_core::model::{AutoKind, AutoMessage};
    inbox
        .set_auto_message(
            AutoKind::Away,
            AutoMessage {
                on: true,
                text: "Ciao {first_name}, oggi siamo chiusi per inventario. Riapriamo {opens}: ti rispondiamo appena possibile!".into(),
                translations: [(
                    "en".to_string(),
                    "Hi {first_name}, we are closed today for stocktaking. We open again {opens} and will answer you then!".to_string(),
                )]
                .into(),
                language: Some("it".into()),
                after_days: None,
            },
        )
        .await
        .unwrap();
    inbox
        .set_auto_message(
            AutoKind::Greeting,
            AutoMessage {
                on: false,
                text: "Benvenuto da {shop}, {first_name}! Come possiamo aiutarti?".into(),
                language: Some("it".into()),
                after_days: Some(14),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    for (keywords, answer) in [
        (
            "orari,quando aprite,a che ora,opening hours,horario",
            "Siamo aperti dal martedì al sabato 7:30–13:30 e 16:30–19:30, la domenica 8:00–12:30.",
        ),
        (
            "dove siete,indirizzo,where are you,dirección",
            "Ci trovi in Via dei Fornai 12, Roma.",
        ),
    ] {
        inbox
            .save_faq_card(sportello_core::FaqDraft {
                keywords: keywords.split(',').map(Into::into).collect(),
                answer: answer.into(),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    inbox.switch_faq(true).await.unwrap();
    inbox
        .schedule(
            chat("Marco Bellini"),
            "Buongiorno Marco, il pane è pronto da ritirare 🍞".into(),
            now + DAY,
        )
        .await
        .unwrap();
}

async fn reply(d: &WebDriver, customer: &str, text: &str) {
    eventually("the chat", WAIT, || conversation_named(d, customer))
        .await
        .click()
        .await
        .unwrap();
    let composer = wait_for(d, "the composer", "[data-testid=composer]").await;
    composer.send_keys(text).await.unwrap();
    composer.send_keys(Key::Enter).await.unwrap();
}
