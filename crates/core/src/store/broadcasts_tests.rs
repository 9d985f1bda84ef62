//! Reach on a real cache file through the real ingest path: the pre-flight's every reason, a
//! broadcast queued once whatever happens, STOP withdrawing and confirming once, and posters
//! tagging the chats that arrive through them.

use crate::inbound::{AttachmentMeta, DeliveryStatus, Inbound, InboundMessage};
use crate::model::{
    Audience, ChannelKind, ConsentBasis, ConversationId, ExclusionReason, MessageStatus, Poster,
    ShopChange, TemplateChoice,
};
use crate::store::broadcasts::NewBroadcast;
use crate::store::database::Store;
use crate::store::reach_ingest;
use crate::store::test_support::{account_on, customer_msg, ingest_events, record, temp_store};
use crate::time_fmt::now_ms;

const DAY: i64 = 86_400_000;

fn ingest(store: &Store, account: i64, events: Vec<Inbound>) {
    ingest_events(store, account, events);
}

fn chat(store: &Store, account: i64, remote: &str, at: i64) -> ConversationId {
    ingest(
        store,
        account,
        vec![Inbound::Message(customer_msg(remote, "first", "Ciao", at))],
    );
    store
        .conversations(1000)
        .unwrap()
        .into_iter()
        .find(|c| c.account_id == account && store.conversation_remote_id(c.id).unwrap() == remote)
        .unwrap()
        .id
}

fn consent(store: &Store, conversation: ConversationId, topic: &str) {
    record(
        store,
        ShopChange::ConsentGiven {
            id: uuid::Uuid::now_v7().to_string(),
            conversation: store.conversation_key(conversation).unwrap(),
            topic: topic.into(),
            basis: ConsentBasis::Consent,
            given_at_ms: now_ms() - 1000,
            source: "paper form at the counter".into(),
            wording: "Sì, voglio ricevere le offerte della Forneria".into(),
            wording_version: Some("1".into()),
            proof: None,
        },
    );
}

fn broadcast(store: &Store, ids: &[ConversationId], template: bool) -> i64 {
    let t = TemplateChoice {
        name: "natale".into(),
        language: "it".into(),
        parameters: vec![],
    };
    store
        .create_broadcast(
            &NewBroadcast {
                topic: "Offers",
                audience: &Audience::Conversations { ids: ids.to_vec() },
                text: "Il panettone è arrivato!",
                template: template.then_some(&t),
            },
            now_ms(),
        )
        .unwrap()
        .id
}

fn reasons(store: &Store, id: i64) -> Vec<(ConversationId, Option<ExclusionReason>)> {
    let p = store.preflight(id, now_ms()).unwrap();
    let mut all: Vec<_> = p
        .recipients
        .iter()
        .chain(&p.excluded)
        .map(|r| (r.conversation_id, r.reason))
        .collect();
    all.sort_by_key(|r| r.0);
    all
}

#[test]
fn the_preflight_names_every_reason_and_the_queue_sends_each_recipient_once() {
    let (_dir, store) = temp_store();
    let tg = account_on(&store, ChannelKind::Telegram);
    let wa = account_on(&store, ChannelKind::Whatsapp);
    let ms = account_on(&store, ChannelKind::Messenger);
    let now = now_ms();
    let ok_tg = chat(&store, tg, "1", now - 3 * DAY);
    let no_consent = chat(&store, tg, "2", now);
    let withdrawn = chat(&store, tg, "3", now);
    let blocked = chat(&store, tg, "4", now);
    let wa_open = chat(&store, wa, "3900000001", now - 3_600_000);
    let wa_closed = chat(&store, wa, "3900000002", now - 2 * DAY);
    let wa_capped = chat(&store, wa, "3900000003", now);
    let messenger = chat(&store, ms, "psid-1", now);
    for c in [
        ok_tg, withdrawn, blocked, wa_open, wa_closed, wa_capped, messenger,
    ] {
        consent(&store, c, "offers");
    }
    consent(&store, no_consent, "order updates");
    record(
        &store,
        ShopChange::ConsentWithdrawn {
            conversation: store.conversation_key(withdrawn).unwrap(),
            topic: Some("offers".into()),
            how: "asked at the counter".into(),
            proof: None,
        },
    );
    store
        .write(|tx| {
            reach_ingest::send_failed(tx, blocked, "blocked", now)?;
            reach_ingest::send_failed(tx, wa_capped, "131049", now)
        })
        .unwrap();
    let all = [
        ok_tg, no_consent, withdrawn, blocked, wa_open, wa_closed, wa_capped, messenger,
    ];
    let id = broadcast(&store, &all, false);
    use ExclusionReason::*;
    assert_eq!(
        reasons(&store, id),
        vec![
            (ok_tg, None),
            (no_consent, Some(NoConsent)),
            (withdrawn, Some(Withdrawn)),
            (blocked, Some(Blocked)),
            (wa_open, None),
            (wa_closed, Some(WindowClosedNeedsTemplate)),
            (wa_capped, Some(MarketingCap)),
            (messenger, Some(MessengerMarketingNotAllowed)),
        ]
    );
    // With an approved template, the closed WhatsApp window is no reason.
    let with_template = broadcast(&store, &all, true);
    assert_eq!(reasons(&store, with_template)[5], (wa_closed, None));

    // Queued twice (a crash, a second click): one message per recipient.
    store.queue_broadcast(id, now_ms()).unwrap();
    store.queue_broadcast(id, now_ms()).unwrap();
    let report = store.broadcast_report(id).unwrap();
    assert_eq!(report.recipients.len(), 2);
    assert_eq!(report.excluded.len(), 6);
    assert_eq!(report.waiting, 2);
    for c in [ok_tg, wa_open] {
        let sent: Vec<_> = store
            .messages(c, 100, None)
            .unwrap()
            .into_iter()
            .filter(|m| m.text.starts_with("Il panettone"))
            .collect();
        assert_eq!(sent.len(), 1);
        assert!(sent[0].broadcast && !sent[0].automated);
        assert!(sent[0].text.ends_with("rispondi STOP.") || sent[0].text.ends_with("reply STOP."));
    }
    for c in [
        no_consent, withdrawn, blocked, wa_closed, wa_capped, messenger,
    ] {
        assert!(store
            .messages(c, 100, None)
            .unwrap()
            .iter()
            .all(|m| !m.text.starts_with("Il panettone")));
    }
    // The broadcast does not move the chat up the list nor answer the customer.
    let row = store
        .conversations(100)
        .unwrap()
        .into_iter()
        .find(|c| c.id == ok_tg)
        .unwrap();
    assert_eq!(row.last_message_preview.as_deref(), Some("Ciao"));
}

#[test]
fn stop_withdraws_every_topic_confirms_once_and_holds_back_a_queued_broadcast() {
    let (_dir, store) = temp_store();
    let tg = account_on(&store, ChannelKind::Telegram);
    let c = chat(&store, tg, "9", now_ms());
    consent(&store, c, "offers");
    consent(&store, c, "news");
    let id = broadcast(&store, &[c], false);
    store.queue_broadcast(id, now_ms()).unwrap();
    // "non stop" is a sentence, not a request.
    ingest(
        &store,
        tg,
        vec![Inbound::Message(customer_msg(
            "9",
            "s0",
            "non stop",
            now_ms(),
        ))],
    );
    assert!(store
        .consents(None)
        .unwrap()
        .iter()
        .all(|k| k.withdrawn_at.is_none()));
    ingest(
        &store,
        tg,
        vec![Inbound::Message(customer_msg("9", "s1", "STOP", now_ms()))],
    );
    ingest(
        &store,
        tg,
        vec![Inbound::Message(customer_msg("9", "s1", "STOP", now_ms()))],
    );
    ingest(
        &store,
        tg,
        vec![Inbound::Message(customer_msg("9", "s2", "Stop!", now_ms()))],
    );
    let ledger = store.consents(None).unwrap();
    assert_eq!(ledger.len(), 2, "withdrawal deletes nothing");
    assert!(ledger.iter().all(|k| k.withdrawn_at.is_some()));
    assert!(ledger[0].withdrawn_how.as_deref().unwrap().contains("STOP"));
    assert_eq!(ledger[0].withdrawn_proof.as_deref(), Some("9:s1"));
    let confirmations = store
        .messages(c, 100, None)
        .unwrap()
        .into_iter()
        .filter(|m| m.automated)
        .count();
    assert_eq!(confirmations, 1);
    // The broadcast queued before the STOP must not leave.
    let queue = store.outbox_queue(tg).unwrap();
    let held: Vec<_> = queue.iter().filter(|i| i.broadcast).collect();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].now_excluded, Some(ExclusionReason::Withdrawn));
    let csv = store.consents_csv().unwrap();
    assert_eq!(csv.lines().count(), 3);
    assert!(csv.contains("paper form at the counter"));
}

#[test]
fn whatsapp_s_own_stop_withdraws_through_a_failed_status_and_the_preferences_webhook() {
    let (_dir, store) = temp_store();
    let wa = account_on(&store, ChannelKind::Whatsapp);
    let c = chat(&store, wa, "3900000009", now_ms());
    let d = chat(&store, wa, "3900000010", now_ms());
    consent(&store, c, "offers");
    consent(&store, d, "offers");
    let id = broadcast(&store, &[c], false);
    store.queue_broadcast(id, now_ms()).unwrap();
    let item = store.outbox_queue(wa).unwrap().remove(0);
    store.outbox_begin_send(&item).unwrap();
    store
        .outbox_settle(
            &item,
            &crate::store::SendOutcome::Sent {
                remote_id: "wamid.1".into(),
                sent_at_ms: now_ms(),
            },
        )
        .unwrap();
    ingest(
        &store,
        wa,
        vec![Inbound::Status(DeliveryStatus {
            remote_id: "wamid.1".into(),
            status: MessageStatus::Failed,
            error: Some("User stopped marketing messages".into()),
            closes_reply_window: false,
            platform_code: Some("131050".into()),
            at_ms: now_ms(),
        })],
    );
    ingest(
        &store,
        wa,
        vec![Inbound::MarketingPreference {
            customer_remote_id: "3900000010".into(),
            stop: true,
            at_ms: now_ms(),
        }],
    );
    let ledger = store.consents(Some("offers")).unwrap();
    assert!(
        ledger.iter().all(|k| k.withdrawn_at.is_some()),
        "{ledger:?}"
    );
    let report = store.broadcast_report(id).unwrap();
    assert_eq!(report.failed, 1);
}

fn poster(store: &Store, code: &str, consent: bool) {
    record(
        store,
        ShopChange::PosterSaved {
            poster: Poster {
                code: code.into(),
                text: "Vorrei ordinare".into(),
                consent_topic: consent.then(|| "offers".into()),
                consent_wording: consent.then(|| "Scrivendoci accetti le offerte di Natale".into()),
                consent_version: consent.then(|| "2026-12".into()),
            },
        },
    );
}

#[test]
fn arrivals_through_a_poster_tag_the_chat_on_each_channel_and_record_its_consent() {
    let (_dir, store) = temp_store();
    let tg = account_on(&store, ChannelKind::Telegram);
    let wa = account_on(&store, ChannelKind::Whatsapp);
    let ms = account_on(&store, ChannelKind::Messenger);
    poster(&store, "vetrina-natale", true);
    poster(&store, "banco", false);
    ingest(
        &store,
        tg,
        vec![Inbound::Message(customer_msg(
            "5",
            "1",
            "/start vetrina-natale",
            now_ms(),
        ))],
    );
    ingest(
        &store,
        wa,
        vec![Inbound::Message(customer_msg(
            "3900000005",
            "1",
            "Vorrei ordinare #banco",
            now_ms(),
        ))],
    );
    let mut referral: InboundMessage =
        customer_msg("psid-5", "r1", "SHORTLINK · vetrina-natale", now_ms());
    referral.kind = "referral".into();
    referral.attachments = vec![AttachmentMeta {
        kind: "referral".into(),
        meta: Some(r#"{"ref":"vetrina-natale","source":"SHORTLINK","type":"OPEN_THREAD"}"#.into()),
        ..Default::default()
    }];
    ingest(&store, ms, vec![Inbound::Backfill(referral)]);
    // An unknown code tags nothing.
    ingest(
        &store,
        tg,
        vec![Inbound::Message(customer_msg(
            "6",
            "1",
            "/start sconosciuto",
            now_ms(),
        ))],
    );
    let posters = store.posters().unwrap();
    let count = |code: &str| {
        posters
            .iter()
            .find(|p| p.poster.code == code)
            .unwrap()
            .arrivals
    };
    assert_eq!(count("vetrina-natale"), 2);
    assert_eq!(count("banco"), 1);
    let sources: Vec<Option<String>> = store
        .conversations(100)
        .unwrap()
        .iter()
        .map(|c| store.customer(c.id).unwrap().source)
        .collect();
    assert_eq!(
        sources
            .iter()
            .filter(|s| s.as_deref() == Some("vetrina-natale"))
            .count(),
        2
    );
    assert_eq!(sources.iter().filter(|s| s.is_none()).count(), 1);
    let ledger = store.consents(None).unwrap();
    assert_eq!(ledger.len(), 2, "{ledger:?}");
    assert!(ledger.iter().all(|k| k.source == "poster:vetrina-natale"
        && k.wording_version.as_deref() == Some("2026-12")
        && k.proof.is_some()));
}

#[test]
fn a_customer_who_blocks_the_bot_is_left_out_until_they_unblock_it() {
    let (_dir, store) = temp_store();
    let tg = account_on(&store, ChannelKind::Telegram);
    let c = chat(&store, tg, "77", now_ms());
    consent(&store, c, "offers");
    let reach = |blocked: bool| Inbound::Reachability {
        conversation_remote_id: "77".into(),
        blocked,
        at_ms: now_ms(),
    };
    ingest(&store, tg, vec![reach(true)]);
    let id = broadcast(&store, &[c], false);
    assert_eq!(
        reasons(&store, id),
        vec![(c, Some(ExclusionReason::Blocked))]
    );
    ingest(&store, tg, vec![reach(false)]);
    assert_eq!(reasons(&store, id), vec![(c, None)]);
}
