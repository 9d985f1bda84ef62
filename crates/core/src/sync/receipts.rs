//! Read receipts: when the shop opens a WhatsApp chat, the customer's newest message is marked
//! read on the platform. Due receipts are stored, so one made offline goes out later.

use crate::channel::Channel;
use crate::inbox::Inbox;
use crate::model::AccountId;

/// Sends what is due; a failure leaves it due for the next pass.
pub async fn send_read_receipts(inbox: &Inbox, account: AccountId, channel: &dyn Channel) {
    let due = match inbox.blocking(move |s| s.read_receipts_due(account)).await {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(account, "cannot list read receipts: {e}");
            return;
        }
    };
    for (conversation, conversation_remote_id, message_remote_id) in due {
        match channel
            .mark_read(&conversation_remote_id, &message_remote_id)
            .await
        {
            Ok(()) => {
                let _ = inbox
                    .blocking(move |s| s.read_receipt_sent(conversation, &message_remote_id))
                    .await;
            }
            Err(e) => {
                tracing::info!(account, code = %e.code(), "read receipt not sent: {e}");
                return;
            }
        }
    }
}
