//! For tests in other crates: run `sportello-sim` as a separate process, find the workspace's
//! built binaries, and drive the control API over HTTP.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

use crate::messenger::FbCustomer;
use crate::telegram::{BusinessAccount, Customer, Faults, SentMessage};
use crate::whatsapp::{Faults as WaFaults, WaCustomer};

/// A binary built from this workspace (`sportello-sim`, `sportello-cli`, `sportello`), next to
/// the running test executable's target dir.
pub fn workspace_bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/<test> → target/<profile>/<name>
    let dir = exe.parent().and_then(|d| d.parent()).expect("target dir");
    let path = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} is not built; run `make test` (or `cargo build --workspace`) first",
        path.display()
    );
    path
}

/// `sportello-cli --data-dir DIR`, quiet, with a stdin to write secrets to: how the
/// process tests run it.
pub fn cli_on(data_dir: &std::path::Path) -> Command {
    let mut c = Command::new(workspace_bin("sportello-cli"));
    c.arg("--data-dir")
        .arg(data_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// A TCP port on 127.0.0.1 that was free a moment ago (for a server that must be restarted on
/// the same port).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// The authentic payloads in `../shared/fixtures/<platform>/` whose names start with `prefix`,
/// sorted by name, as (file name, JSON).
pub fn shared_fixtures(platform: &str, prefix: &str) -> Vec<(String, Value)> {
    // Where the running test's package is (cargo sets it at run time): a binary reused from a
    // warm target dir by another checkout still reads this checkout's neighbour `shared/`.
    let dir = PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../../../shared/fixtures")
    .join(platform);
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the shared fixtures are missing at {}: {e}", dir.display()))
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
            let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, json)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// `sportello-sim` running in its own process; killed when dropped.
pub struct SimProcess {
    child: Child,
    pub url: String,
}

impl SimProcess {
    pub fn spawn(token: &str) -> SimProcess {
        Self::spawn_on(token, 0, &[])
    }

    /// On a given port (0: any free one), already knowing `customers`: a stand-in for the
    /// same Telegram coming back after the network was down.
    pub fn spawn_on(token: &str, port: u16, customers: &[Customer]) -> SimProcess {
        let mut args = vec![
            "--port".to_owned(),
            port.to_string(),
            "--token".to_owned(),
            token.to_owned(),
        ];
        for c in customers {
            args.push("--customer".into());
            args.push(format!("{}:{}", c.chat_id, c.first_name));
        }
        Self::spawn_with(&args)
    }

    /// With the simulated WhatsApp delivering webhooks to `webhook_url`.
    pub fn spawn_whatsapp(webhook_url: &str) -> SimProcess {
        Self::spawn_with(&["--whatsapp-webhook".to_owned(), webhook_url.to_owned()])
    }

    pub fn spawn_with(args: &[String]) -> SimProcess {
        let mut command = Command::new(workspace_bin("sportello-sim"));
        command.args(args);
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start sportello-sim");
        let stdout = child.stdout.take().expect("sim stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the sim's address");
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .filter(|u| u.starts_with("http://"))
            .unwrap_or_else(|| panic!("unexpected first line from sportello-sim: {line:?}"))
            .to_owned();
        SimProcess { child, url }
    }

    pub fn port(&self) -> u16 {
        self.url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port in url")
    }

    pub fn control(&self) -> Control {
        Control::new(&self.url)
    }

    /// The simulated Page's Graph API base URL, as a Messenger account's API base.
    pub fn messenger_graph_url(&self) -> String {
        format!("{}/messenger-graph", self.url)
    }

    /// The simulated Graph API's base URL, as a WhatsApp account's API base.
    pub fn graph_url(&self) -> String {
        format!("{}/graph", self.url)
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The control API as seen from a test.
#[derive(Clone)]
pub struct Control {
    http: reqwest::Client,
    base: String,
}

impl Control {
    pub fn new(base: &str) -> Control {
        Control {
            http: reqwest::Client::new(),
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .unwrap_or_else(|e| panic!("control {path}: {e}"))
            .json()
            .await
            .expect("control answer")
    }

    /// A customer writes `text` to the bot; returns the message id Telegram gave it.
    pub async fn customer_says(&self, customer: &Customer, text: &str) -> i64 {
        let mut body = serde_json::to_value(customer).expect("customer json");
        body["text"] = json!(text);
        self.post("/control/telegram/customer-message", body).await["message_id"]
            .as_i64()
            .expect("message_id")
    }

    /// Many customers' messages in one call, queued in the given order.
    pub async fn customers_say(&self, messages: &[(Customer, String)]) {
        let body: Vec<Value> = messages
            .iter()
            .map(|(c, text)| {
                let mut m = serde_json::to_value(c).expect("customer json");
                m["text"] = json!(text);
                m
            })
            .collect();
        self.post("/control/telegram/customer-messages", Value::Array(body))
            .await;
    }

    pub async fn connect_business(&self, business: &BusinessAccount) {
        self.post(
            "/control/telegram/business-connection",
            serde_json::to_value(business).unwrap(),
        )
        .await;
    }

    pub async fn customer_says_to_business(
        &self,
        connection: &str,
        customer: &Customer,
        text: &str,
    ) -> i64 {
        let mut body = serde_json::to_value(customer).expect("customer json");
        body["text"] = json!(text);
        body["business_connection_id"] = json!(connection);
        self.post("/control/telegram/customer-message", body).await["message_id"]
            .as_i64()
            .expect("message_id")
    }

    /// A customer sends a photo or document whose content is `content`.
    pub async fn customer_sends_file(
        &self,
        customer: &Customer,
        kind: &str,
        file_name: &str,
        content: &str,
    ) {
        let mut body = serde_json::to_value(customer).expect("customer json");
        body["kind"] = json!(kind);
        body["file_name"] = json!(file_name);
        body["content"] = json!(content);
        self.post("/control/telegram/customer-file", body).await;
    }

    /// A raw Messenger webhook body, delivered (signed) as the Page's (a referral, say).
    pub async fn messenger_deliver(&self, body: Value) {
        self.post("/control/messenger/deliver", body).await;
    }

    /// These Telegram customers block the bot.
    pub async fn block(&self, chat_ids: &[i64]) {
        self.post("/control/telegram/block", json!({ "chat_ids": chat_ids }))
            .await;
    }

    /// WhatsApp's per-user marketing cap holds messages to these customers back (131049).
    pub async fn cap_marketing(&self, wa_ids: &[String]) {
        self.post(
            "/control/whatsapp/marketing-cap",
            json!({ "wa_ids": wa_ids }),
        )
        .await;
    }

    pub async fn set_faults(&self, faults: &Faults) {
        self.post(
            "/control/telegram/faults",
            serde_json::to_value(faults).unwrap(),
        )
        .await;
    }

    pub async fn revoke_token(&self, new_token: &str) {
        self.post("/control/telegram/token", json!({ "token": new_token }))
            .await;
    }

    pub async fn set_webhook(&self, url: Option<&str>) {
        self.post("/control/telegram/webhook", json!({ "url": url }))
            .await;
    }

    pub async fn push_raw_update(&self, update: Value) -> i64 {
        self.post("/control/telegram/updates", update).await["update_id"]
            .as_i64()
            .expect("update_id")
    }

    pub async fn fail_next(&self, calls: u32, status: u16) {
        self.post(
            "/control/telegram/faults",
            json!({ "fail_next": calls, "status": status }),
        )
        .await;
    }

    /// WhatsApp customers write, in order; each message is one webhook delivery (or part of
    /// a batch, with the `batch` fault).
    pub async fn whatsapp_customers_say(&self, messages: &[(WaCustomer, String)]) {
        let body: Vec<Value> = messages
            .iter()
            .map(|(c, text)| json!({ "wa_id": c.wa_id, "name": c.name, "text": text }))
            .collect();
        self.post("/control/whatsapp/customer-messages", Value::Array(body))
            .await;
    }

    /// One WhatsApp customer message, written at `timestamp` (Unix seconds; None: now).
    /// Facebook customers write to the Page, in order.
    pub async fn messenger_customers_say(&self, messages: &[(FbCustomer, String)]) {
        let body: Vec<Value> = messages
            .iter()
            .map(|(c, text)| json!({ "psid": c.psid, "name": c.name, "text": text }))
            .collect();
        self.post("/control/messenger/customer-messages", Value::Array(body))
            .await;
    }

    /// What the app sent through the simulated Send API, as JSON.
    pub async fn messenger_sent(&self) -> Vec<Value> {
        self.http
            .get(format!("{}/control/messenger/sent", self.base))
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .expect("control /messenger/sent")
            .json()
            .await
            .expect("sent json")
    }

    pub async fn whatsapp_customer_says(
        &self,
        customer: &WaCustomer,
        text: &str,
        timestamp: Option<i64>,
    ) -> String {
        let body = json!({ "wa_id": customer.wa_id, "name": customer.name, "text": text, "timestamp": timestamp });
        self.post("/control/whatsapp/customer-message", body).await["id"]
            .as_str()
            .expect("wamid")
            .to_owned()
    }

    /// What the app sent through the simulated Graph API, as JSON.
    pub async fn whatsapp_sent(&self) -> Vec<Value> {
        self.http
            .get(format!("{}/control/whatsapp/sent", self.base))
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .expect("control /whatsapp/sent")
            .json()
            .await
            .expect("sent json")
    }

    pub async fn whatsapp_faults(&self, faults: &WaFaults) {
        self.post(
            "/control/whatsapp/faults",
            serde_json::to_value(faults).unwrap(),
        )
        .await;
    }

    /// (acknowledged deliveries, deliveries waiting, refused or failed attempts).
    pub async fn whatsapp_deliveries(&self) -> (u64, u64, u64) {
        let v: Value = self
            .http
            .get(format!("{}/control/whatsapp/deliveries", self.base))
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .expect("control /deliveries")
            .json()
            .await
            .expect("deliveries json");
        let n = |k: &str| v[k].as_u64().unwrap_or(0);
        (n("acknowledged"), n("waiting"), n("failed_attempts"))
    }

    pub async fn sent(&self) -> Vec<SentMessage> {
        self.http
            .get(format!("{}/control/telegram/sent", self.base))
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .expect("control /sent")
            .json()
            .await
            .expect("sent json")
    }
}
