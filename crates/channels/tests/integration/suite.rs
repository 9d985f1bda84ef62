//! The scenarios, written once for every [`Platform`]. `conformance_tests!(Shop)` makes one
//! test of each for a channel.

use std::time::{Duration, Instant};

use sportello_core::model::{ConversationId, Direction, MessageStatus, MessageView};
use sportello_core::{AccountSync, Inbox};

use crate::platform::Platform;

/// How long a scenario waits for something asynchronous (a webhook, a poll) before failing.
const WAIT: Duration = Duration::from_secs(30);

macro_rules! conformance_tests {
    ($platform:ty) => {
        #[tokio::test(flavor = "multi_thread")]
        async fn receives_a_customer_message() {
            $crate::suite::receives::<$platform>().await
        }
        #[tokio::test(flavor = "multi_thread")]
        async fn stores_a_message_delivered_twice_once() {
            $crate::suite::dedupes::<$platform>().await
        }
        #[tokio::test(flavor = "multi_thread")]
        async fn sends_a_reply_once() {
            $crate::suite::sends::<$platform>().await
        }
        #[tokio::test(flavor = "multi_thread")]
        async fn statuses_only_move_forward() {
            $crate::suite::statuses_only_move_forward::<$platform>().await
        }
        #[tokio::test(flavor = "multi_thread")]
        async fn waits_as_long_as_a_429_asks() {
            $crate::suite::waits_out_a_429::<$platform>().await
        }
        #[tokio::test(flavor = "multi_thread")]
        async fn revoked_credentials_need_the_owner_and_lose_nothing() {
            $crate::suite::revoked_credentials::<$platform>().await
        }
        #[tokio::test(flavor = "multi_thread")]
        async fn sends_a_quick_reply_with_its_photo_filled_in() {
            $crate::suite::quick_reply_with_photo::<$platform>().await
        }
        #[tokio::test(flavor = "multi_thread")]
        async fn a_customer_writing_while_closed_gets_one_away_message() {
            $crate::away::away_once_per_closed_stretch::<$platform>().await
        }
        #[tokio::test(flavor = "multi_thread")]
        async fn no_away_message_while_open_or_after_a_person_replied() {
            $crate::away::no_away_while_open_or_answering::<$platform>().await
        }
        #[tokio::test(flavor = "multi_thread")]
        async fn an_away_message_of_unknown_fate_is_never_sent_twice() {
            $crate::away::away_of_unknown_fate_not_resent::<$platform>().await
        }
        #[tokio::test(flavor = "multi_thread")]
        async fn a_reply_sent_later_goes_at_its_time_once_across_a_restart() {
            $crate::suite::sent_later_across_a_restart::<$platform>().await
        }
    };
}

/// One `sync --once` pass; each account's result.
pub async fn sync_once(inbox: &Inbox) -> Vec<AccountSync> {
    let lock = inbox.lock_sync().unwrap();
    inbox.sync_once(&lock).await.unwrap()
}

/// Every message of every chat.
pub async fn all_messages(inbox: &Inbox) -> Vec<MessageView> {
    let mut out = Vec::new();
    for chat in inbox.conversations(100).await.unwrap() {
        out.extend(inbox.messages(chat.id, 500, None).await.unwrap());
    }
    out
}

pub fn with_text<'a>(messages: &'a [MessageView], text: &str) -> Vec<&'a MessageView> {
    messages.iter().filter(|m| m.text == text).collect()
}

/// Syncs until the customer's `text` is stored; its chat.
pub async fn arrives<P: Platform>(p: &P, text: &str) -> ConversationId {
    let deadline = Instant::now() + WAIT;
    loop {
        for done in sync_once(p.inbox()).await {
            done.result.expect("a sync pass");
        }
        if let Some(m) = with_text(&all_messages(p.inbox()).await, text).first() {
            return m.conversation_id;
        }
        assert!(Instant::now() < deadline, "{text:?} never arrived");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The shop's reply, queued and sent; the message as it then stands.
pub async fn replied<P: Platform>(p: &P, chat: ConversationId, text: &str) -> MessageView {
    let queued = p.inbox().send_text(chat, text.into(), None).await.unwrap();
    assert_eq!(queued.len(), 1, "a short reply is one message");
    for done in sync_once(p.inbox()).await {
        done.result.expect("a sync pass that sends");
    }
    p.inbox().message(queued[0].id).await.unwrap()
}

pub async fn receives<P: Platform>() {
    let p = P::open().await;
    let text = "Buongiorno, avete il pane di segale?";
    p.customer_writes(text).await;
    arrives(&p, text).await;
    let messages = all_messages(p.inbox()).await;
    let stored = with_text(&messages, text);
    assert_eq!(stored.len(), 1, "{messages:?}");
    assert_eq!(stored[0].direction, Direction::In);
    assert_eq!(stored[0].status, MessageStatus::Received);
    assert!(stored[0].remote_id.is_some(), "kept with the platform's id");
    let chats = p.inbox().conversations(10).await.unwrap();
    assert_eq!(chats.len(), 1);
    assert_eq!(chats[0].unread, 1, "news is unread");
}

pub async fn dedupes<P: Platform>() {
    let p = P::open().await;
    let text = "Due filoni, per favore";
    p.deliver_next_twice().await;
    p.customer_writes(text).await;
    arrives(&p, text).await;
    p.delivered_twice().await;
    for done in sync_once(p.inbox()).await {
        done.result.unwrap();
    }
    let messages = all_messages(p.inbox()).await;
    assert_eq!(with_text(&messages, text).len(), 1, "{messages:?}");
    assert_eq!(p.inbox().conversations(10).await.unwrap()[0].unread, 1);
}

pub async fn sends<P: Platform>() {
    let p = P::open().await;
    p.customer_writes("Siete aperti domenica?").await;
    let chat = arrives(&p, "Siete aperti domenica?").await;
    let reply = "Sì, dalle 8 alle 13";
    let sent = replied(&p, chat, reply).await;
    assert_eq!(sent.status, MessageStatus::Sent, "{sent:?}");
    assert!(sent.remote_id.is_some(), "the platform's id is kept");
    for done in sync_once(p.inbox()).await {
        done.result.unwrap();
    }
    let on_platform = p.sent_texts().await;
    assert_eq!(
        on_platform.iter().filter(|t| *t == reply).count(),
        1,
        "{on_platform:?}"
    );
    assert_eq!(with_text(&all_messages(p.inbox()).await, reply).len(), 1);
}

pub async fn statuses_only_move_forward<P: Platform>() {
    let p = P::open().await;
    p.customer_writes("Mi tenete una torta?").await;
    let chat = arrives(&p, "Mi tenete una torta?").await;
    let sent = replied(&p, chat, "Certo, a nome?").await;
    let remote = sent.remote_id.clone().expect("sent");
    if !p.reports_statuses() {
        for done in sync_once(p.inbox()).await {
            done.result.unwrap();
        }
        let now = p.inbox().message(sent.id).await.unwrap();
        assert_eq!(now.status, MessageStatus::Sent, "nothing moves it back");
        return;
    }
    // Every report has reached the shop when this returns; read came first, and the late
    // delivered and sent must not undo it.
    p.report_backwards(&remote).await;
    for done in sync_once(p.inbox()).await {
        done.result.unwrap();
    }
    let now = p.inbox().message(sent.id).await.unwrap();
    assert_eq!(now.status, MessageStatus::Read, "{now:?}");
}

pub async fn waits_out_a_429<P: Platform>() {
    let p = P::open().await;
    p.customer_writes("Quanto costa il panettone?").await;
    let chat = arrives(&p, "Quanto costa il panettone?").await;
    let reply = "25 euro al chilo";
    let queued = p.inbox().send_text(chat, reply.into(), None).await.unwrap()[0].clone();
    let wait = Duration::from_secs(2);
    p.slow_down_next(wait.as_secs()).await;
    let lock = p.inbox().lock_sync().unwrap();
    let asked = Instant::now();
    let pass = p.inbox().flush_outbox(&lock, p.account()).await.unwrap();
    assert_eq!(pass.sent, 0);
    let held = p.inbox().message(queued.id).await.unwrap();
    assert_eq!(
        held.status,
        MessageStatus::Pending,
        "waiting, not failed: {held:?}"
    );
    // Asked again before the wait is over, the outbox still holds it back.
    let again = p.inbox().flush_outbox(&lock, p.account()).await.unwrap();
    if asked.elapsed() < wait {
        assert_eq!(again.sent, 0, "sent before the platform's wait was over");
        assert!(!p.sent_texts().await.contains(&reply.to_owned()));
        tokio::time::sleep(wait.saturating_sub(asked.elapsed()) + Duration::from_millis(200)).await;
        let after = p.inbox().flush_outbox(&lock, p.account()).await.unwrap();
        assert_eq!(after.sent, 1);
    }
    let now = p.inbox().message(queued.id).await.unwrap();
    assert_eq!(now.status, MessageStatus::Sent, "{now:?}");
    let on_platform = p.sent_texts().await;
    assert_eq!(
        on_platform.iter().filter(|t| *t == reply).count(),
        1,
        "once: {on_platform:?}"
    );
}

pub async fn revoked_credentials<P: Platform>() {
    let p = P::open().await;
    p.customer_writes("C'è ancora la focaccia?").await;
    let chat = arrives(&p, "C'è ancora la focaccia?").await;
    p.revoke().await;
    let reply = "Sì, fino a stasera";
    let queued = p.inbox().send_text(chat, reply.into(), None).await.unwrap()[0].clone();
    let results = sync_once(p.inbox()).await;
    let failed = results[0]
        .result
        .as_ref()
        .expect_err("a revoked token cannot sync");
    assert_eq!(failed.code(), "AuthExpired", "{failed}");
    let held = p.inbox().message(queued.id).await.unwrap();
    assert_eq!(
        held.status,
        MessageStatus::Pending,
        "kept for after the reconnect"
    );
    assert!(!p.sent_texts().await.contains(&reply.to_owned()));
    assert_eq!(
        with_text(&all_messages(p.inbox()).await, "C'è ancora la focaccia?").len(),
        1,
        "nothing lost"
    );
}

/// Sent, and maybe delivered or read already (a platform that reports statuses is quick).
pub fn gone_out(m: &MessageView) -> bool {
    m.status.delivery_rank() >= MessageStatus::Sent.delivery_rank()
        && m.status != MessageStatus::Failed
}

/// A small PNG, written to `dir`.
fn photo(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("menu-natale.png");
    std::fs::write(&path, sportello_sim::telegram::THUMBNAIL_PNG).unwrap();
    path
}

pub async fn quick_reply_with_photo<P: Platform>() {
    let p = P::open().await;
    p.customer_writes("Avete il menù di Natale?").await;
    let chat = arrives(&p, "Avete il menù di Natale?").await;
    let files = tempfile::tempdir().unwrap();
    p.inbox()
        .save_quick_reply(sportello_core::QuickReplyDraft {
            shortcut: "natale".into(),
            text: "Ciao {first_name|cliente}, ecco il menù di {shop}!".into(),
            file: Some(photo(files.path())),
            ..Default::default()
        })
        .await
        .unwrap();
    let rendered = p
        .inbox()
        .render_quick_reply(chat, "/natale".into())
        .await
        .unwrap();
    assert!(rendered.missing.is_empty(), "{rendered:?}");
    assert!(!rendered.text.contains('{'), "filled in: {}", rendered.text);
    let shop = p.inbox().accounts().await.unwrap()[0].name.clone();
    assert!(
        rendered.text.ends_with(&format!("ecco il menù di {shop}!")),
        "{}",
        rendered.text
    );
    let queued = p
        .inbox()
        .send_quick_reply(chat, "natale".into())
        .await
        .unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].kind, "photo");
    for done in sync_once(p.inbox()).await {
        done.result.unwrap();
    }
    let sent = p.inbox().message(queued[0].id).await.unwrap();
    assert!(gone_out(&sent), "{sent:?}");
    assert_eq!(p.sent_photo_captions().await, [rendered.text]);
}

pub async fn sent_later_across_a_restart<P: Platform>() {
    let mut p = P::open().await;
    p.customer_writes("Mi ricordate il ritiro?").await;
    let chat = arrives(&p, "Mi ricordate il ritiro?").await;
    let reply = "Ricordati: ritiro domani alle 10";
    let wait = Duration::from_secs(3);
    let at = sportello_core::time_fmt::now_ms() + wait.as_millis() as i64;
    let asked = Instant::now();
    let scheduled = p.inbox().schedule(chat, reply.into(), at).await.unwrap();
    assert!(!scheduled.window_closed_by_then);
    assert_eq!(scheduled.message.status, MessageStatus::Scheduled);
    for done in sync_once(p.inbox()).await {
        done.result.unwrap();
    }
    if asked.elapsed() < wait {
        assert!(
            !p.sent_texts().await.contains(&reply.to_owned()),
            "sent before its time"
        );
    }
    p.reopen();
    tokio::time::sleep(wait.saturating_sub(asked.elapsed()) + Duration::from_millis(100)).await;
    for done in sync_once(p.inbox()).await {
        done.result.unwrap();
    }
    for done in sync_once(p.inbox()).await {
        done.result.unwrap();
    }
    let sent = p.inbox().message(scheduled.message.id).await.unwrap();
    assert!(gone_out(&sent), "{sent:?}");
    let on_platform = p.sent_texts().await;
    assert_eq!(
        on_platform.iter().filter(|t| *t == reply).count(),
        1,
        "{on_platform:?}"
    );
}
