//! Every Telegram payload in ../shared/fixtures, delivered by the simulator exactly as given,
//! through the real sync path into a real store. Each fixture gets a fresh store: several reuse
//! the same chat and message ids.

use serde_json::Value;
use sportello_core::model::ChannelKind;
use sportello_core::{AccountSecrets, Inbox, NewAccount, DEMO_BOT_TOKEN};
use sportello_sim::{Sim, SimOptions};

fn fixtures() -> Vec<(String, Value)> {
    let all = sportello_sim::testkit::shared_fixtures("telegram", "update_");
    assert!(all.len() >= 10, "the shared Telegram fixtures are missing");
    all
}

#[tokio::test(flavor = "multi_thread")]
async fn every_update_fixture_lands_where_it_belongs() {
    for (name, update) in fixtures() {
        let sim = Sim::start(SimOptions {
            telegram_token: DEMO_BOT_TOKEN.into(),
            ..Default::default()
        })
        .await
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let inbox = Inbox::open(dir.path(), sportello_telegram::TelegramChannel::connect).unwrap();
        inbox
            .add_account(NewAccount {
                channel: ChannelKind::Telegram,
                name: "Fixtures".into(),
                api_base: Some(sim.url()),
                secrets: AccountSecrets::default(),
                is_demo: true,
                ids: Default::default(),
            })
            .await
            .unwrap();
        sim.telegram().push_raw_update(update.clone());
        let lock = inbox.lock_sync().unwrap();
        for r in inbox.sync_once(&lock).await.unwrap() {
            r.result.unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let convs = inbox.conversations(10).await.unwrap();
        let stored = match convs.first() {
            Some(c) => inbox.messages(c.id, 10, None).await.unwrap(),
            None => vec![],
        };
        let kinds: Vec<&str> = stored.iter().map(|m| m.kind.as_str()).collect();
        let links = inbox.accounts().await.unwrap()[0].business_links.len();
        match name.as_str() {
            "update_business_connection.json" => assert_eq!(links, 1, "{name}"),
            "update_deleted_business_messages.json"
            | "update_callback_query.json"
            | "update_my_chat_member.json" => {
                assert!(stored.is_empty(), "{name}: {kinds:?}")
            }
            "update_edited_message.json" | "update_edited_business_message.json" => {
                assert_eq!(stored.len(), 1, "{name}");
                assert!(
                    stored[0].edited,
                    "{name}: an edit of an unseen message is stored, marked edited"
                );
            }
            _ => {
                assert_eq!(stored.len(), 1, "{name}: {kinds:?}");
                let expected = name.trim_start_matches("update_").trim_end_matches(".json");
                let kind = match expected {
                    "message_text_private" | "business_message" => "text",
                    k => k,
                };
                assert_eq!(kinds, [kind], "{name}");
            }
        }
    }
}
