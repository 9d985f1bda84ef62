//! Who waits on whom, kept per batch: the messages of one ingested batch are noted per
//! conversation and applied once at its end, in the same transaction. A history page brings
//! hundreds of messages of one chat; one update per chat instead of one per message keeps the
//! inbound path at its speed (`make bench`, the ingest row).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

use super::conversations;
use crate::error::Result;
use crate::model::{ConversationId, Direction};

#[derive(Default)]
struct Noted {
    /// The newest message the shop wrote (from its phone, the Page's inbox…).
    shop_replied: Option<i64>,
    /// When the customer's messages were sent.
    customer_wrote: Vec<i64>,
    /// One of them is news (not old history): it reopens a chat marked done.
    news: bool,
}

#[derive(Default)]
pub(super) struct WhoWaits(HashMap<ConversationId, Noted>);

impl WhoWaits {
    pub(super) fn note(
        &mut self,
        conversation: ConversationId,
        direction: Direction,
        sent_at: i64,
        is_news: bool,
    ) {
        let noted = self.0.entry(conversation).or_default();
        match direction {
            Direction::Out => {
                noted.shop_replied = noted.shop_replied.max(Some(sent_at));
            }
            Direction::In => {
                noted.customer_wrote.push(sent_at);
                noted.news |= is_news;
            }
        }
    }

    /// Applies what the batch said: the shop's newest reply first, then the oldest customer
    /// message after the shop's last reply, then a reopen for news.
    pub(super) fn apply(self, tx: &Connection, now: i64) -> Result<()> {
        for (conversation, noted) in self.0 {
            if let Some(at) = noted.shop_replied {
                conversations::shop_replied(tx, conversation, at)?;
            }
            if noted.customer_wrote.is_empty() {
                continue;
            }
            let last_reply: i64 = tx
                .prepare_cached(
                    "SELECT COALESCE(last_shop_reply_at, 0) FROM conversations WHERE id = ?1",
                )?
                .query_row([conversation], |r| r.get(0))
                .optional()?
                .unwrap_or(0);
            let first_unanswered = noted
                .customer_wrote
                .iter()
                .copied()
                .filter(|&at| at > last_reply)
                .min();
            conversations::customer_wrote(tx, conversation, first_unanswered, noted.news, now)?;
        }
        Ok(())
    }
}
