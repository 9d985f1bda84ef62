//! Backups and damage on real files: a backup restores what it held and keeps the damaged
//! cache aside; overwritten bytes are found by the check; an emptied cache is refused, not
//! re-created.

use super::*;
use crate::store::test_support::{one_chat, temp_store};

fn data_dir_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&paths::cache_file(dir.path())).unwrap();
    (dir, store)
}

#[test]
fn a_backup_restores_what_it_held_and_the_damaged_cache_is_kept_aside() {
    let (dir, store) = data_dir_store();
    one_chat(&store, &["prima"]);
    let made = automatic_backup(&store, dir.path(), 86_400_000)
        .unwrap()
        .expect("the first backup");
    assert!(
        automatic_backup(&store, dir.path(), 86_400_000)
            .unwrap()
            .is_none(),
        "one a day"
    );
    let chat = store.conversations(10).unwrap()[0].id;
    store.enqueue(chat, "dopo il backup", None).unwrap();
    drop(store);

    let (restored, aside) = restore(dir.path(), None).unwrap();
    assert_eq!(restored, made);
    let aside = aside.expect("the old cache kept");
    assert!(aside.exists());
    let store = Store::open(&paths::cache_file(dir.path())).unwrap();
    let texts: Vec<String> = store
        .messages(chat, 10, None)
        .unwrap()
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(texts, ["prima"]);
    // What was kept aside still holds the later message.
    let old = Store::open(&aside).unwrap();
    assert_eq!(old.messages(chat, 10, None).unwrap().len(), 2);
}

#[test]
fn overwritten_bytes_are_found_and_said() {
    let (_dir, store) = temp_store();
    for i in 0..40 {
        one_chat_named(&store, i);
    }
    store.quick_check().unwrap();
    let path = store.path().to_owned();
    // Closing the last connection moves the journal into the file.
    drop(store);
    // Garbage over the middle pages (a disk or a program writing where it should not).
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 8192] {
        *b = 0x5a;
    }
    std::fs::write(&path, bytes).unwrap();
    let checked = Store::open(&path).and_then(|s| s.quick_check());
    let err = checked.expect_err("the damage is found");
    assert_eq!(err.code(), crate::error::ErrorCode::CacheDamaged, "{err}");
}

fn one_chat_named(store: &Store, i: usize) {
    use crate::inbound::InboundBatch;
    use crate::store::test_support::{account, customer_message};
    let acc = account(store);
    let text = "parole ".repeat(200);
    store
        .ingest(
            acc,
            "updates",
            &InboundBatch {
                events: (0..20)
                    .map(|j| customer_message(&i.to_string(), &j.to_string(), &text, 1_000 + j))
                    .collect(),
                cursor: None,
            },
        )
        .unwrap();
}

#[test]
fn an_emptied_or_vanished_cache_is_damage_not_a_first_start() {
    let (dir, store) = data_dir_store();
    one_chat(&store, &["ciao"]);
    automatic_backup(&store, dir.path(), 0).unwrap();
    drop(store);
    let cache = paths::cache_file(dir.path());
    std::fs::write(&cache, b"").unwrap();
    let err = suddenly_gone(dir.path()).expect("an empty file");
    assert_eq!(err.code(), crate::error::ErrorCode::CacheDamaged);
    std::fs::remove_file(&cache).unwrap();
    assert!(
        suddenly_gone(dir.path()).is_some(),
        "gone, with backups of it"
    );
    // A first start (no cache, no backups) is just that.
    let fresh = tempfile::tempdir().unwrap();
    assert!(suddenly_gone(fresh.path()).is_none());
    // A file that is not a database at all is damage too.
    std::fs::write(
        &cache,
        b"this is not SQLite, only some words typed into the file",
    )
    .unwrap();
    let err = Store::open(&cache).err().expect("refused");
    assert_eq!(err.code(), crate::error::ErrorCode::CacheDamaged, "{err}");
}

#[test]
fn only_the_newest_seven_are_kept() {
    let (dir, store) = data_dir_store();
    one_chat(&store, &["ciao"]);
    for _ in 0..9 {
        automatic_backup(&store, dir.path(), 0).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert_eq!(backups(dir.path()).len(), KEPT);
}
