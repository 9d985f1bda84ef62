//! The webhook receiver under the attacks that once held it (issue 24, points 2 and 3), against
//! the real `sportello-cli sync --listen` process: 100 bodies of 3.9 MB sent but for their last
//! byte and 500 connections sending headers a byte at a time. The process's memory stays under
//! 100 MB, a real delivery still gets its 200, and the held connections are closed.

use std::time::{Duration, Instant};

use sportello_sim::testkit::{cli_on, free_port, SimProcess};
use sportello_sim::WhatsAppOptions;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::whatsapp_loss::add_account;

/// The process's resident memory, now and at its peak, in MB (Linux).
fn memory_mb(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (kb("VmRSS:") / 1024, kb("VmHWM:") / 1024)
}

/// Posts `body` signed with the app secret; the status code and how long it took.
async fn deliver(listen: &str, body: &[u8]) -> (u16, Duration) {
    let signature = sportello_meta::signature::sign(&WhatsAppOptions::default().app_secret, body);
    let started = Instant::now();
    let mut stream = TcpStream::connect(listen).await.unwrap();
    let head = format!(
        "POST /webhooks/meta HTTP/1.1\r\nHost: {listen}\r\nContent-Type: application/json\r\nX-Hub-Signature-256: {signature}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await;
    let status = String::from_utf8_lossy(&answer)
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, started.elapsed())
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread")]
async fn held_bodies_and_slow_headers_neither_fill_memory_nor_block_deliveries() {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let sim = SimProcess::spawn_whatsapp(&format!("http://{listen}/webhooks/meta"));
    let data = tempfile::tempdir().unwrap();
    add_account(data.path(), &sim.graph_url());
    let mut sync = cli_on(data.path())
        .args(["sync", "--listen", &listen])
        .spawn()
        .unwrap();
    let pid = sync.id();
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(&listen).await.is_err() {
        assert!(Instant::now() < deadline, "the receiver never listened");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (before, _) = memory_mb(pid);

    // 100 bodies of 3.9 MB, all but the last byte, held open.
    let mut held = Vec::new();
    for _ in 0..100 {
        let mut s = TcpStream::connect(&listen).await.unwrap();
        let head = "POST /webhooks/meta HTTP/1.1\r\nHost: x\r\nX-Hub-Signature-256: sha256=00\r\nContent-Length: 3900001\r\n\r\n";
        s.write_all(head.as_bytes()).await.unwrap();
        let chunk = vec![b'a'; 3_900_000];
        // The receiver may refuse early and close: that is the point.
        let _ = tokio::time::timeout(Duration::from_secs(2), s.write_all(&chunk)).await;
        held.push(s);
    }
    // 500 connections sending their headers a byte at a time (one byte, then nothing).
    let mut slow = Vec::new();
    for _ in 0..500 {
        if let Ok(mut s) = TcpStream::connect(&listen).await {
            let _ = s.write_all(b"P").await;
            slow.push(s);
        }
    }

    let body = serde_json::to_vec(&serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "1", "changes": [{ "field": "messages", "value": {
            "metadata": { "phone_number_id": WhatsAppOptions::default().phone_number_id },
            "messages": [{ "from": "39333", "id": "wamid.real", "timestamp": "1700000000",
                           "type": "text", "text": { "body": "Sono vera" } }]
        }}]}]
    }))
    .unwrap();
    let (status, took) = deliver(&listen, &body).await;
    assert_eq!(status, 200, "a real delivery during the attack");
    println!("a real delivery during the attack answered in {took:?}");
    let (now, peak) = memory_mb(pid);
    println!("receiver memory: {before} MB before, {now} MB during the attack, peak {peak} MB");
    assert!(peak < 100, "peak {peak} MB");

    // Headers a byte at a time are given up on: the server closes those connections.
    tokio::time::sleep(Duration::from_secs(12)).await;
    let mut closed = 0;
    for s in slow.iter_mut().take(20) {
        let mut buf = [0u8; 64];
        if let Ok(Ok(0) | Err(_)) =
            tokio::time::timeout(Duration::from_secs(1), s.read(&mut buf)).await
        {
            closed += 1;
        }
    }
    assert_eq!(
        closed, 20,
        "slow-header connections are closed by the server"
    );
    drop((held, slow));
    sync.kill().unwrap();
    let _ = sync.wait();
}
