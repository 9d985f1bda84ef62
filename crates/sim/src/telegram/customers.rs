//! The control side of the simulated Telegram: playing the customers, the shop owner's phone
//! and business account, and pushing updates as the platform would.

use serde_json::{json, Value};

use super::bot::{
    next_message_id, now_secs, private_chat_json, push_update, user_json, TelegramSim,
};
use super::model::{BusinessAccount, Customer, THUMBNAIL_PNG};

impl TelegramSim {
    /// A customer the bot has met, by their chat id.
    pub fn customer(&self, chat_id: i64) -> Option<Customer> {
        self.lock().customers.get(&chat_id).cloned()
    }

    /// The bot has met this customer before (it may message them).
    pub fn know_customer(&self, customer: &Customer) {
        self.lock()
            .customers
            .insert(customer.chat_id, customer.clone());
    }

    /// A customer writes to the bot. Returns the new update's id and the message id.
    pub fn customer_says(&self, customer: &Customer, text: &str, date: Option<i64>) -> (i64, i64) {
        self.deliver(customer, customer, None, text, date)
    }

    /// A customer writes to the shop owner's business account, which the bot serves.
    pub fn customer_says_to_business(
        &self,
        connection: &str,
        customer: &Customer,
        text: &str,
    ) -> (i64, i64) {
        self.deliver(customer, customer, Some(connection), text, None)
    }

    /// The shop owner answers a customer from their own phone; the bot sees it too.
    pub fn owner_says(
        &self,
        connection: &str,
        customer: &Customer,
        text: &str,
    ) -> Option<(i64, i64)> {
        let owner = self.lock().businesses.get(connection)?.owner.clone();
        Some(self.deliver(&owner, customer, Some(connection), text, None))
    }

    /// A customer sends a photo or a document. `declared_size` is what Telegram reports
    /// (to play files over the 20 MB bot download limit without holding them).
    pub fn customer_sends_file(
        &self,
        customer: &Customer,
        kind: &str,
        file_name: &str,
        content: &[u8],
        caption: &str,
        declared_size: Option<u64>,
    ) -> (i64, i64) {
        let size = declared_size.unwrap_or(content.len() as u64);
        let mut s = self.lock();
        let n = s.files.len();
        let file_id = format!("sim-file-{n}");
        s.files.insert(file_id.clone(), (content.to_vec(), size));
        let media = if kind == "photo" {
            let thumb_id = format!("sim-file-{n}-thumb");
            s.files.insert(
                thumb_id.clone(),
                (THUMBNAIL_PNG.to_vec(), THUMBNAIL_PNG.len() as u64),
            );
            json!([
                { "file_id": thumb_id, "file_unique_id": format!("{thumb_id}u"), "file_size": THUMBNAIL_PNG.len(), "width": 2, "height": 2 },
                { "file_id": file_id, "file_unique_id": format!("{file_id}u"), "file_size": size, "width": 1280, "height": 960 },
            ])
        } else {
            json!({ "file_id": file_id, "file_unique_id": format!("{file_id}u"), "file_name": file_name, "file_size": size })
        };
        drop(s);
        let mut content = json!({ kind: media });
        if !caption.is_empty() {
            content["caption"] = json!(caption);
        }
        self.deliver_content(customer, customer, None, content, None)
    }

    fn deliver(
        &self,
        from: &Customer,
        chat_with: &Customer,
        connection: Option<&str>,
        text: &str,
        date: Option<i64>,
    ) -> (i64, i64) {
        self.deliver_content(from, chat_with, connection, json!({ "text": text }), date)
    }

    fn deliver_content(
        &self,
        from: &Customer,
        chat_with: &Customer,
        connection: Option<&str>,
        content: Value,
        date: Option<i64>,
    ) -> (i64, i64) {
        let mut s = self.lock();
        s.customers.insert(chat_with.chat_id, chat_with.clone());
        let message_id = next_message_id(&mut s, chat_with.chat_id);
        let mut message = json!({
            "message_id": message_id,
            "from": user_json(from),
            "chat": private_chat_json(chat_with),
            "date": date.unwrap_or_else(now_secs),
        });
        if let (Some(m), Value::Object(c)) = (message.as_object_mut(), content) {
            m.extend(c);
        }
        let kind = match connection {
            Some(c) => {
                message["business_connection_id"] = json!(c);
                "business_message"
            }
            None => "message",
        };
        let copies = if s.faults.duplicate_next > 0 {
            s.faults.duplicate_next -= 1;
            2
        } else {
            1
        };
        let mut update_id = 0;
        for _ in 0..copies {
            update_id = push_update(&mut s, json!({ kind: message.clone() }));
        }
        drop(s);
        self.arrived.notify_waiters();
        (update_id, message_id)
    }

    /// The owner connects (or changes, or disconnects) the bot on their business account.
    pub fn connect_business(&self, business: &BusinessAccount) -> i64 {
        let mut s = self.lock();
        s.businesses.insert(business.id.clone(), business.clone());
        let update = json!({ "business_connection": {
            "id": business.id,
            "user": user_json(&business.owner),
            "user_chat_id": business.owner.chat_id,
            "date": now_secs(),
            // Bot API 9.0 and later: rights instead of the deprecated can_reply.
            "rights": { "can_reply": business.can_reply },
            "is_enabled": business.is_enabled,
        }});
        let id = push_update(&mut s, update);
        drop(s);
        self.arrived.notify_waiters();
        id
    }

    /// A message in a chat is edited (by the customer).
    pub fn edit(
        &self,
        customer: &Customer,
        message_id: i64,
        text: &str,
        connection: Option<&str>,
    ) -> i64 {
        let mut s = self.lock();
        let now = now_secs();
        let mut message = json!({
            "message_id": message_id, "from": user_json(customer), "chat": private_chat_json(customer),
            "date": now, "edit_date": now, "text": text,
        });
        let kind = match connection {
            Some(c) => {
                message["business_connection_id"] = json!(c);
                "edited_business_message"
            }
            None => "edited_message",
        };
        let id = push_update(&mut s, json!({ kind: message }));
        drop(s);
        self.arrived.notify_waiters();
        id
    }

    /// Messages in a business chat are deleted.
    pub fn delete_business_messages(
        &self,
        connection: &str,
        customer: &Customer,
        message_ids: &[i64],
    ) -> i64 {
        let mut s = self.lock();
        let id = push_update(
            &mut s,
            json!({ "deleted_business_messages": {
                "business_connection_id": connection,
                "chat": private_chat_json(customer),
                "message_ids": message_ids,
            }}),
        );
        drop(s);
        self.arrived.notify_waiters();
        id
    }

    /// Queues a raw update (e.g. a payload from Telegram's docs); its update_id is replaced by
    /// the next one in sequence.
    pub fn push_raw_update(&self, mut update: Value) -> i64 {
        if let Some(obj) = update.as_object_mut() {
            obj.remove("update_id");
        }
        let mut s = self.lock();
        let id = push_update(&mut s, update);
        drop(s);
        self.arrived.notify_waiters();
        id
    }
}
