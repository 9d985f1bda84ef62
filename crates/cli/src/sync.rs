//! `sportello-cli sync` and `send`: the parts that talk to the platforms.

use std::net::SocketAddr;
use std::path::PathBuf;

use sportello_core::model::{MessageStatus, TemplateChoice};
use sportello_core::{CoreEvent, Error, Inbox};
use sportello_meta::{Receiver, ReceiverOptions, WEBHOOK_PATH};

use crate::print;

pub async fn run(inbox: &Inbox, once: bool, listen: SocketAddr) -> Result<(), Error> {
    let lock = inbox.lock_sync()?;
    if once {
        let mut failures = Vec::new();
        let results = inbox.sync_once(&lock).await?;
        let waiting = inbox.outbox_waiting().await?;
        for done in results {
            match done.result {
                Ok(r) => {
                    print::status(format_args!(
                        "{}: {} received, {} new, {} sent, {} not sent",
                        done.account.name, r.received, r.stored, r.sent, r.failed
                    ));
                    // What is still waiting, and for what (an account that failed says why
                    // in its error line).
                    for w in waiting.iter().filter(|w| w.account_id == done.account.id) {
                        print::status(format_args!("  {}", waiting_line(w)));
                    }
                }
                Err(e) => failures.push(format!("{}: {e}", done.account.name)),
            }
        }
        return match failures.len() {
            0 => Ok(()),
            1 => Err(Error::InvalidInput(failures.remove(0))),
            n => {
                for f in &failures {
                    print::status(format_args!("error: {f}"));
                }
                Err(Error::InvalidInput(format!(
                    "{n} accounts could not be synced (see above)."
                )))
            }
        };
    }

    let mut events = inbox.subscribe();
    // A long sync on a damaged store would only add to it: checked first (seconds on a big
    // store; the app checks in the background).
    inbox.quick_check_store().await?;
    inbox.start_sync(lock).await?;
    let options = ReceiverOptions {
        listen,
        ..Default::default()
    };
    let _receiver = match Receiver::start(inbox.clone(), options).await {
        Ok(r) => {
            print::status(format_args!(
                "Webhook receiver on http://{}{WEBHOOK_PATH}",
                r.local_addr()
            ));
            Some(r)
        }
        Err(e) if inbox.webhook_accounts().await?.is_empty() => {
            tracing::info!("no webhook receiver ({listen}: {e}); no account needs one");
            None
        }
        Err(e) => {
            inbox.stop_sync().await;
            return Err(Error::InvalidInput(format!(
                "Cannot receive WhatsApp messages on {listen}: {e}. Is another program using that port? Choose another with --listen."
            )));
        }
    };
    print::status("Syncing; press Ctrl+C to stop.");
    let stop = shutdown_signal();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => break,
            event = events.recv() => match event {
                Ok(CoreEvent::MessagesAdded { messages, conversations, .. }) => print::status(format_args!(
                    "{} new message(s) in {} conversation(s)", messages.len(), conversations.len()
                )),
                Ok(CoreEvent::AccountState { account_id, state }) => {
                    print::status(format_args!("account {account_id}: {}", serde_json::to_string(&state).unwrap_or_default()))
                }
                Ok(_) => {}
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    }
    inbox.stop_sync().await;
    print::status("Stopped.");
    Ok(())
}

/// What `send` sends.
pub enum Outgoing {
    Text(String, Option<i64>),
    File(PathBuf, String),
    Template(TemplateChoice),
    /// A quick reply by shortcut, filled in for the customer.
    QuickReply(String),
}

/// Queues the reply, then sends it at once unless another process is syncing (which will).
pub async fn send(
    inbox: &Inbox,
    conversation: i64,
    what: Outgoing,
    json: bool,
) -> Result<(), Error> {
    let queued = match what {
        Outgoing::File(path, caption) => vec![inbox.send_file(conversation, path, caption).await?],
        Outgoing::Text(text, reply_to) => inbox.send_text(conversation, text, reply_to).await?,
        Outgoing::Template(choice) => vec![inbox.send_template(conversation, choice).await?],
        Outgoing::QuickReply(shortcut) => inbox.send_quick_reply(conversation, shortcut).await?,
    };
    let messages = match inbox.lock_sync() {
        Ok(lock) => {
            let pass = inbox.flush_outbox(&lock, queued[0].account_id).await?;
            if let Some(e) = pass.stopped_by {
                print::status(format_args!("Queued, not sent yet: {e}"));
            }
            let mut now = Vec::new();
            for m in &queued {
                now.push(inbox.message(m.id).await?);
            }
            now
        }
        Err(Error::SyncBusy(_)) => {
            print::status("Queued; the running sync will send it.");
            queued
        }
        Err(e) => return Err(e),
    };
    print::messages(&messages, json)?;
    match messages
        .iter()
        .find(|m| matches!(m.status, MessageStatus::Failed | MessageStatus::Unknown))
    {
        Some(m) => Err(Error::InvalidInput(
            m.error
                .clone()
                .unwrap_or_else(|| "The message was not sent.".into()),
        )),
        None => Ok(()),
    }
}

/// What a message still in the outbox waits for, in a line.
fn waiting_line(w: &sportello_core::store::Waiting) -> String {
    match (&w.not_before, w.scheduled, &w.reason) {
        (Some(at), true, _) => format!("message {} is scheduled for {at}", w.message_id),
        (Some(at), false, Some(why)) => {
            format!("message {} waits until {at}: {why}", w.message_id)
        }
        (_, _, Some(why)) => format!("message {} waits: {why}", w.message_id),
        _ => format!("message {} waits to be sent", w.message_id),
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("install SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
