//! Drains one account's outbox through its channel: in order within each conversation, and
//! with every attempt's fate recorded before and after it, so nothing is sent twice.

use std::collections::HashSet;
use std::time::Duration;

use crate::bus::CoreEvent;
use crate::channel::{Channel, OutgoingMessage};
use crate::error::ChannelError;
use crate::error::Result;
use crate::inbox::Inbox;
use crate::model::{AccountId, ExclusionReason};
use crate::reach::pacing::{per_second, Pacer};
use crate::store::SendOutcome;
use crate::time_fmt::now_ms;

#[derive(Debug, Default)]
pub struct SendPass {
    pub sent: u64,
    pub failed: u64,
    /// When the earliest deferred message is due again (Unix ms), if any is waiting.
    pub next_due_ms: Option<i64>,
    /// Set when the pass stopped because the channel cannot send right now.
    pub stopped_by: Option<ChannelError>,
}

pub async fn send_due(
    inbox: &Inbox,
    account_id: AccountId,
    channel: &dyn Channel,
) -> Result<SendPass> {
    let queue = inbox.blocking(move |s| s.outbox_queue(account_id)).await?;
    let mut pass = SendPass::default();
    // A conversation whose earlier message is still waiting sends nothing after it.
    let mut held_back = HashSet::new();
    let mut pacer: Option<Pacer> = None;
    for item in queue {
        let scheduled = item.scheduled_at_ms.is_some();
        // A message sent later keeps to its own time: it neither waits for the chat's other
        // replies nor holds them back.
        if !scheduled && held_back.contains(&item.conversation_id) {
            continue;
        }
        if item.not_before_ms > now_ms() {
            if !scheduled {
                held_back.insert(item.conversation_id);
            }
            pass.next_due_ms = Some(
                pass.next_due_ms
                    .map_or(item.not_before_ms, |d| d.min(item.not_before_ms)),
            );
            continue;
        }
        if let Some(block) = item.now_blocked {
            // Its reply window closed while it waited: never sent against the platform's rules;
            // the chat offers what is allowed instead (a template on WhatsApp).
            let held = item.clone();
            let reason = crate::error::Error::ReplyWindowClosed(block).to_string();
            // Our clock said no, not the platform: the chat's window for a person's reply (a
            // HUMAN_AGENT reply on Messenger) stays as it is.
            let outcome = if item.automated {
                SendOutcome::Failed {
                    code: crate::error::ErrorCode::ReplyWindowClosed,
                    reason,
                }
            } else {
                SendOutcome::WindowClosed { reason }
            };
            settle_unsent(inbox, held, outcome, &mut pass).await?;
            continue;
        }
        if let Some(reason) = item.now_excluded {
            // The customer withdrew (or blocked the shop) after the broadcast was queued.
            let held = item.clone();
            let outcome = SendOutcome::Failed {
                code: if reason == ExclusionReason::Blocked {
                    crate::error::ErrorCode::CustomerUnreachable
                } else {
                    crate::error::ErrorCode::ConsentMissing
                },
                reason: format!(
                    "Not sent: {} since the broadcast was queued.",
                    reason.as_str()
                ),
            };
            settle_unsent(inbox, held, outcome, &mut pass).await?;
            continue;
        }
        if item.broadcast {
            // Kept below the platform's throughput (reach/pacing.rs). Whether a WhatsApp number
            // is also in the Business app is not known here, so its lower limit applies.
            let wait = pacer
                .get_or_insert_with(|| Pacer::new(per_second(item.channel, true)))
                .wait_ms(now_ms());
            if wait > 0 {
                tokio::time::sleep(Duration::from_millis(wait.unsigned_abs())).await;
            }
        }
        let begun = item.clone();
        let message = inbox
            .blocking(move |s| {
                s.outbox_begin_send(&begun)?;
                s.message(begun.message_id)
            })
            .await?;
        inbox.publish(CoreEvent::MessageChanged { message });

        let result = channel
            .send(&OutgoingMessage {
                conversation_remote_id: item.conversation_remote_id.clone(),
                text: item.text.clone(),
                reply_to_remote_id: item.reply_to_remote_id.clone(),
                business_connection_id: item.business_connection_id.clone(),
                file: item.file.clone(),
                template: item.template.clone(),
                after_standard_window: item.after_standard_window,
            })
            .await;
        let (outcome, stop) = outcome_of(result);
        match &outcome {
            SendOutcome::Sent { .. } => pass.sent += 1,
            SendOutcome::Failed { .. }
            | SendOutcome::WindowClosed { .. }
            | SendOutcome::Unknown { .. } => pass.failed += 1,
            SendOutcome::Retry { not_before_ms, .. } => {
                if !scheduled {
                    held_back.insert(item.conversation_id);
                }
                pass.next_due_ms = Some(
                    pass.next_due_ms
                        .map_or(*not_before_ms, |d| d.min(*not_before_ms)),
                );
            }
        }
        let settled = item.clone();
        let message = inbox
            .blocking(move |s| s.outbox_settle(&settled, &outcome))
            .await?;
        inbox.publish(CoreEvent::MessageChanged { message });
        if stop.is_some() {
            pass.stopped_by = stop;
            break;
        }
    }
    Ok(pass)
}

/// Records that a message was not sent because it may no longer go (and why), without trying.
async fn settle_unsent(
    inbox: &Inbox,
    held: crate::store::OutboxItem,
    outcome: SendOutcome,
    pass: &mut SendPass,
) -> Result<()> {
    let message = inbox
        .blocking(move |s| s.outbox_settle(&held, &outcome))
        .await?;
    pass.failed += 1;
    inbox.publish(CoreEvent::MessageChanged { message });
    Ok(())
}

/// Sorts a send result into what the outbox does next, and whether the whole pass must stop.
fn outcome_of(
    result: std::result::Result<crate::channel::SentReceipt, ChannelError>,
) -> (SendOutcome, Option<ChannelError>) {
    match result {
        Ok(receipt) => (
            SendOutcome::Sent {
                remote_id: receipt.remote_id,
                sent_at_ms: receipt.sent_at_ms,
            },
            None,
        ),
        Err(e @ ChannelError::RateLimited { retry_after, .. }) => (
            SendOutcome::Retry {
                not_before_ms: now_ms() + millis(retry_after),
                code: e.code(),
                reason: e.to_string(),
            },
            None,
        ),
        Err(
            e @ (ChannelError::Offline { .. }
            | ChannelError::Unauthorized { .. }
            | ChannelError::Conflict(_)),
        ) => (
            SendOutcome::Retry {
                not_before_ms: 0,
                code: e.code(),
                reason: e.to_string(),
            },
            Some(e),
        ),
        Err(e @ (ChannelError::Uncertain { .. } | ChannelError::Protocol { .. })) => (
            SendOutcome::Unknown {
                code: e.code(),
                reason: e.to_string(),
            },
            None,
        ),
        Err(e @ ChannelError::ReplyWindowClosed { .. }) => (
            SendOutcome::WindowClosed {
                reason: e.to_string(),
            },
            None,
        ),
        Err(
            e @ (ChannelError::Rejected { .. }
            | ChannelError::Unreachable { .. }
            | ChannelError::Unsupported(_)
            | ChannelError::InvalidConfig(_)),
        ) => (
            SendOutcome::Failed {
                code: e.code(),
                reason: e.to_string(),
            },
            None,
        ),
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 2)
}

/// Used by the account task to decide how long it may wait before the outbox needs it.
pub fn until(due_ms: Option<i64>) -> Option<Duration> {
    due_ms.map(|due| Duration::from_millis(u64::try_from(due - now_ms()).unwrap_or(0)))
}
