-- A platform's time for a message that cannot be right (before 1970, or more than a day ahead
-- of when it arrived) is stored as the time it arrived, and marked.
ALTER TABLE messages ADD COLUMN sent_at_unsure INTEGER NOT NULL DEFAULT 0;

-- Caches written before the check may hold such times (a WhatsApp timestamp of
-- 9223372036854775807 made every read of the chat list overflow): repaired the same way.
UPDATE messages SET sent_at = stored_at, sent_at_unsure = 1
WHERE status <> 'scheduled' AND (sent_at < 0 OR sent_at > stored_at + 86400000);
UPDATE conversations SET
    last_message_at = (SELECT MAX(sent_at) FROM messages m WHERE m.conversation_id = conversations.id),
    last_customer_message_at = (SELECT MAX(sent_at) FROM messages m
                                WHERE m.conversation_id = conversations.id AND m.direction = 'in')
WHERE last_message_at > CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 86400000
   OR last_customer_message_at > CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 86400000
   OR last_message_at < 0 OR last_customer_message_at < 0;
UPDATE conversations SET waiting_since = NULL
WHERE waiting_since > CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 86400000 OR waiting_since < 0;
UPDATE conversations SET last_shop_reply_at = NULL
WHERE last_shop_reply_at > CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 86400000
   OR last_shop_reply_at < 0;
