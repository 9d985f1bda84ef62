//! Media against the simulator: downloads on first view, thumbnails, offline reuse, the 20 MB
//! limit, and uploads of photos and documents.

use crate::common::*;
use sportello_core::model::MessageStatus;

#[tokio::test(flavor = "multi_thread")]
async fn media_is_fetched_on_first_view_and_kept_for_offline() {
    let sim = sim_on(0).await;
    let shop = shop(&sim).await;
    let tg = sim.telegram();
    tg.customer_sends_file(
        &marco(),
        "photo",
        "torta.jpg",
        b"JPEG-BYTES",
        "Questa torta?",
        None,
    );
    tg.customer_sends_file(
        &marco(),
        "document",
        "video.mov",
        b"",
        "",
        Some(25 * 1024 * 1024),
    );
    let lock = shop.inbox.lock_sync().unwrap();
    for r in shop.inbox.sync_once(&lock).await.unwrap() {
        r.result.unwrap();
    }
    let conv = shop.inbox.conversations(1).await.unwrap().remove(0);
    let msgs = shop.inbox.messages(conv.id, 10, None).await.unwrap();
    let photo = &msgs[0];
    assert_eq!(
        (photo.kind.as_str(), photo.text.as_str()),
        ("photo", "Questa torta?")
    );
    let attachment = &photo.attachments[0];
    assert!(!attachment.downloaded);

    let thumb = shop
        .inbox
        .attachment_file(attachment.id, true)
        .await
        .unwrap();
    assert_eq!(
        std::fs::read(&thumb).unwrap(),
        sportello_sim::telegram::THUMBNAIL_PNG
    );
    let full = shop
        .inbox
        .attachment_file(attachment.id, false)
        .await
        .unwrap();
    assert_eq!(std::fs::read(&full).unwrap(), b"JPEG-BYTES");
    assert!(
        full.starts_with(shop.inbox.data_dir()),
        "kept in the data dir"
    );
    assert!(shop.inbox.message(photo.id).await.unwrap().attachments[0].downloaded);

    let big = &msgs[1].attachments[0];
    let err = shop.inbox.attachment_file(big.id, false).await.unwrap_err();
    assert!(err.to_string().contains("20 MB"), "{err}");

    drop(sim);
    let again = shop
        .inbox
        .attachment_file(attachment.id, false)
        .await
        .unwrap();
    assert_eq!(again, full, "media already seen opens offline");
}

#[tokio::test(flavor = "multi_thread")]
async fn photos_and_documents_are_uploaded_with_their_captions() {
    let sim = sim_on(0).await;
    let shop = shop(&sim).await;
    let conv = chat_with_marco(&sim, &shop).await;
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("vetrina.png");
    std::fs::write(&photo, b"PNG-BYTES").unwrap();
    let menu = dir.path().join("Menù di Natale.pdf");
    std::fs::write(&menu, b"%PDF-1.4 listino").unwrap();

    let queued = shop
        .inbox
        .send_file(conv, photo.clone(), "La vetrina di oggi".into())
        .await
        .unwrap();
    assert_eq!(
        (queued.kind.as_str(), queued.status),
        ("photo", MessageStatus::Pending)
    );
    shop.inbox
        .send_file(conv, menu, String::new())
        .await
        .unwrap();
    std::fs::remove_file(&photo).unwrap(); // the outbox kept its own copy
    let lock = shop.inbox.lock_sync().unwrap();
    let pass = shop
        .inbox
        .flush_outbox(&lock, queued.account_id)
        .await
        .unwrap();
    assert_eq!(pass.sent, 2);
    let sent = sim.telegram().sent();
    assert_eq!(sent[0].kind, "photo");
    assert_eq!(sent[0].text, "La vetrina di oggi");
    assert_eq!(sent[0].file_size, Some(9));
    assert_eq!(sent[1].kind, "document");
    assert_eq!(sent[1].file_name.as_deref(), Some("Menù di Natale.pdf"));

    let missing = shop
        .inbox
        .send_file(conv, dir.path().join("nope.jpg"), String::new())
        .await
        .unwrap_err();
    assert_eq!(missing.code(), "InvalidInput");
}
