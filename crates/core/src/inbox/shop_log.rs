//! The one way the shop's own state changes through the [`Inbox`]: a change is recorded in the
//! log of shop changes and applied (store/shop_log.rs), then the window is told what it touched.

use super::handle::Inbox;
use crate::bus::{CoreEvent, ShopArea};
use crate::error::Result;
use crate::model::{ConversationId, ConversationKey, ShopChange};
use crate::store::{Applied, RecordedChange};
use crate::time_fmt::now_ms;

impl Inbox {
    /// Records and applies one change made on this computer.
    pub(crate) async fn change(&self, change: ShopChange) -> Result<Applied> {
        let applied = self
            .blocking(move |s| {
                let recorded = RecordedChange {
                    id: uuid::Uuid::now_v7().to_string(),
                    at_ms: now_ms(),
                    device: s.device_id()?,
                    change,
                };
                s.record_change(&recorded)
            })
            .await?;
        self.publish_applied(applied);
        Ok(applied)
    }

    /// Applies a change recorded elsewhere (another desktop of the shop); one already in the
    /// log changes nothing.
    pub async fn apply_change(&self, recorded: RecordedChange) -> Result<()> {
        let applied = self.blocking(move |s| s.record_change(&recorded)).await?;
        self.publish_applied(applied);
        Ok(())
    }

    /// How every desktop names a conversation (changes are about keys, not local ids).
    pub(crate) async fn key(&self, conversation: ConversationId) -> Result<ConversationKey> {
        self.blocking(move |s| s.conversation_key(conversation))
            .await
    }

    fn publish_applied(&self, applied: Applied) {
        let (area, conversation_id) = match applied {
            Applied::QuickReplies => (ShopArea::QuickReplies, None),
            Applied::Labels => (ShopArea::Labels, None),
            Applied::Conversation(id) => (ShopArea::Conversation, Some(id)),
            Applied::Notes(id) => (ShopArea::Notes, Some(id)),
            Applied::Hours => (ShopArea::Hours, None),
            Applied::AutoReplies => (ShopArea::AutoReplies, None),
            Applied::Customer(id) => (ShopArea::Customer, Some(id)),
            Applied::Posters => (ShopArea::Posters, None),
            Applied::Nothing => return,
        };
        self.publish(CoreEvent::ShopChanged {
            area,
            conversation_id,
        });
    }
}
