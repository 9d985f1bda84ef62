//! No secret leaks: with a Telegram bot, a WhatsApp number and a Facebook Page connected and
//! working (messages in and out, a revoked token, a refused credential), none of their tokens
//! or app secrets appears in the SQLite files, in any log line (at TRACE), or in anything core
//! answers the window (accounts, chats, messages, states, errors). The webhook verify token is
//! the one exception by design: the owner must copy it into Meta's dashboard, so the window
//! shows it; it opens nothing.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::common::*;
use serde_json::json;
use sportello_core::model::ChannelKind;
use sportello_core::secrets::SecretName;
use sportello_core::{AccountIds, AccountSecrets, ErrorPayload, Inbox, NewAccount};
use sportello_sim::messenger::FbCustomer;
use sportello_sim::telegram::Customer;
use sportello_sim::{MessengerOptions, Sim, SimOptions, WhatsAppOptions};

const TG_TOKEN: &str = "7771234:LEAK-telegram-token-3f9a";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_secret_reaches_the_database_the_logs_or_the_window() {
    let logs = Captured::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let wa = WhatsAppOptions {
        access_token: "EAAG-LEAK-whatsapp-token-77".into(),
        app_secret: "LEAK-whatsapp-app-secret-12".into(),
        ..WhatsAppOptions::default()
    };
    let fb = MessengerOptions {
        page_access_token: "EAAP-LEAK-page-token-55".into(),
        app_secret: "LEAK-page-app-secret-34".into(),
        ..MessengerOptions::default()
    };
    let sim = Sim::start(SimOptions {
        telegram_token: TG_TOKEN.into(),
        whatsapp: wa.clone(),
        messenger: fb.clone(),
        ..SimOptions::default()
    })
    .await
    .unwrap();
    let secrets = [
        TG_TOKEN,
        &wa.access_token,
        &wa.app_secret,
        &fb.page_access_token,
        &fb.app_secret,
        "EAAG-LEAK-replacement-99",
    ];

    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(dir.path(), sportello_channels::connect).unwrap();
    let mut answers: Vec<String> = Vec::new();
    let add = |channel,
               api_base: String,
               secrets: AccountSecrets,
               remote_id: Option<String>,
               waba: Option<String>| NewAccount {
        channel,
        name: format!("{channel:?}"),
        api_base: Some(api_base),
        secrets,
        is_demo: false,
        ids: AccountIds {
            remote_id,
            business_account_id: waba,
        },
    };
    let accounts = [
        add(
            ChannelKind::Telegram,
            sim.url(),
            AccountSecrets::default().with(SecretName::BotToken, TG_TOKEN),
            None,
            None,
        ),
        add(
            ChannelKind::Whatsapp,
            sim.graph_url(),
            AccountSecrets::default()
                .with(SecretName::AccessToken, wa.access_token.clone())
                .with(SecretName::AppSecret, wa.app_secret.clone())
                .with(SecretName::VerifyToken, "shown-by-design"),
            Some(wa.phone_number_id.clone()),
            Some(wa.business_account_id.clone()),
        ),
        add(
            ChannelKind::Messenger,
            sim.messenger_graph_url(),
            AccountSecrets::default()
                .with(SecretName::PageAccessToken, fb.page_access_token.clone())
                .with(SecretName::AppSecret, fb.app_secret.clone())
                .with(SecretName::VerifyToken, "shown-by-design-too"),
            Some(fb.page_id.clone()),
            None,
        ),
    ];
    for new in accounts {
        answers.push(serde_json::to_string(&inbox.add_account(new).await.unwrap()).unwrap());
    }
    // A credential refused on add: its error is an answer to the window too.
    let refused = inbox
        .add_account(add(
            ChannelKind::Telegram,
            sim.url(),
            AccountSecrets::default().with(SecretName::BotToken, "7771234:LEAK-wrong-token"),
            None,
            None,
        ))
        .await
        .unwrap_err();
    answers.push(serde_json::to_string(&ErrorPayload::from(&refused)).unwrap());

    let receiver = sportello_meta::Receiver::start(
        inbox.clone(),
        sportello_meta::ReceiverOptions {
            listen: "127.0.0.1:0".parse().unwrap(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let url = format!(
        "http://{}{}",
        receiver.local_addr(),
        sportello_meta::WEBHOOK_PATH
    );
    sim.whatsapp().set_webhook(Some(url.clone()));
    sim.messenger().set_webhook(Some(url));
    let lock = inbox.lock_sync().unwrap();
    inbox.start_sync(lock).await.unwrap();

    sim.telegram()
        .customer_says(&Customer::new(51, "Tina"), "Ciao bot", None);
    sim.whatsapp().customer_says(
        &giulia(),
        json!({ "type": "text", "text": { "body": "Ciao WhatsApp" } }),
        None,
    );
    sim.messenger()
        .customer_says(&FbCustomer::new("61", "Fabio"), "Ciao Pagina", None);
    let chats = eventually("three chats", || async {
        let list = inbox.conversations(10).await.unwrap();
        (list.len() == 3).then_some(list)
    })
    .await;
    for chat in &chats {
        inbox
            .send_text(chat.id, "Buongiorno!".into(), None)
            .await
            .unwrap();
    }
    // A revoked WhatsApp token: the account asks for a new one, in words shown to the owner.
    sim.whatsapp().revoke_token("EAAG-LEAK-replacement-99");
    let wa_chat = chats
        .iter()
        .find(|c| c.channel == ChannelKind::Whatsapp)
        .unwrap();
    inbox
        .send_text(wa_chat.id, "Ancora io".into(), None)
        .await
        .unwrap();
    eventually("the account asks for a token", || async {
        inbox
            .account_states()
            .iter()
            .any(|s| {
                serde_json::to_string(&s.state)
                    .unwrap()
                    .contains("AuthExpired")
            })
            .then_some(())
    })
    .await;
    let wa_account = inbox
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.channel == ChannelKind::Whatsapp)
        .unwrap();
    inbox
        .replace_secret(
            wa_account.id,
            SecretName::AccessToken,
            "EAAG-LEAK-replacement-99".into(),
        )
        .await
        .unwrap();
    eventually("the queued reply goes out", || async {
        let messages = inbox.messages(wa_chat.id, 50, None).await.unwrap();
        messages
            .iter()
            .any(|m| m.text == "Ancora io" && m.remote_id.is_some())
            .then_some(())
    })
    .await;

    answers.push(serde_json::to_string(&inbox.accounts().await.unwrap()).unwrap());
    answers.push(serde_json::to_string(&inbox.account_states()).unwrap());
    answers.push(serde_json::to_string(&inbox.conversations(100).await.unwrap()).unwrap());
    for chat in inbox.conversations(100).await.unwrap() {
        answers.push(
            serde_json::to_string(&inbox.messages(chat.id, 100, None).await.unwrap()).unwrap(),
        );
    }
    answers.push(serde_json::to_string(&inbox.search("Ciao".into(), 50).await.unwrap()).unwrap());
    inbox.stop_sync().await;

    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    assert!(
        files.iter().any(|(p, _)| p.ends_with(".sqlite3")),
        "the cache file was read"
    );
    let logs = logs.0.lock().unwrap().clone();
    assert!(
        logs.len() > 1000,
        "the logs were captured ({} bytes)",
        logs.len()
    );
    for secret in secrets {
        let needle = secret.as_bytes();
        for (path, bytes) in &files {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{secret} in {path}"
            );
        }
        assert!(
            !logs.windows(needle.len()).any(|w| w == needle),
            "{secret} in the logs"
        );
        for answer in &answers {
            assert!(
                !answer.contains(secret),
                "{secret} in an answer to the window: {answer}"
            );
        }
    }
}
