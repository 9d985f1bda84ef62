//! What the WhatsApp and Messenger shops share: the real webhook receiver on 127.0.0.1 in
//! front of the shop, and waiting for Meta's deliveries to be answered.

use std::time::{Duration, Instant};

use sportello_core::model::Account;
use sportello_core::store::Store;
use sportello_core::{paths, Inbox, NewAccount};
use sportello_meta::{Receiver, ReceiverOptions, WEBHOOK_PATH};
use sportello_sim::Sim;

pub struct MetaShop {
    pub dir: tempfile::TempDir,
    pub inbox: Inbox,
    pub account: Account,
    pub receiver: Receiver,
    pub sim: Sim,
}

impl MetaShop {
    pub async fn open(sim: Sim, new: NewAccount) -> MetaShop {
        let dir = tempfile::tempdir().unwrap();
        let inbox = Inbox::open(dir.path(), sportello_channels::connect).unwrap();
        let account = inbox
            .add_account(new)
            .await
            .expect("the account (its secrets in the session keyring)");
        let receiver = Receiver::start(
            inbox.clone(),
            ReceiverOptions {
                listen: "127.0.0.1:0".parse().unwrap(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        MetaShop {
            dir,
            inbox,
            account,
            receiver,
            sim,
        }
    }

    /// The inbox opened again on the same data folder, as after a restart (the receiver goes
    /// on storing deliveries in the same file).
    pub fn reopen(&mut self) {
        self.inbox = Inbox::open(self.dir.path(), sportello_channels::connect).unwrap();
    }

    pub fn webhook_url(&self) -> String {
        format!("http://{}{WEBHOOK_PATH}", self.receiver.local_addr())
    }
}

/// Waits until the simulated platform has nothing left to deliver (each delivery answered 200,
/// so stored by the receiver). `counts` is the platform's (answered, waiting, failed).
pub async fn drained(counts: impl Fn() -> (u64, usize, u64)) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while counts().1 > 0 {
        assert!(Instant::now() < deadline, "deliveries never answered");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the receiver has stored at least `n` signed deliveries for the shop.
pub async fn stored_deliveries(shop: &MetaShop, n: i64) {
    let store = Store::open(&paths::cache_file(shop.dir.path())).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let stored: i64 = store
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM webhook_deliveries", [], |r| r.get(0))?))
            .unwrap();
        if stored >= n {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{stored} of {n} deliveries stored"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
