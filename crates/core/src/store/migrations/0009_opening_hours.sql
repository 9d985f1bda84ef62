-- Opening hours and the messages Sportello sends on its own (away, greeting, FAQ answers).
-- The hours and the answers themselves are shop settings (the `settings` table, written by
-- the log of shop changes); these are what deciding an automatic message needs.

-- The customer's language as the platform tells it (Telegram's language_code), so an
-- automatic message can be in it.
ALTER TABLE contacts ADD COLUMN language TEXT;

-- When a person last marked the chat done: an away message must not follow within minutes.
-- (status_changed_at also moves when a customer's message reopens the chat.)
ALTER TABLE conversations ADD COLUMN done_at INTEGER;

-- One row per automatic message decided: at most one per conversation, kind and period (the
-- closed stretch for away, the gap in contact for greeting, card and day for FAQ). Written in
-- the transaction that stores the customer's message, so a redelivery or a crash can never
-- decide it twice.
CREATE TABLE automated_replies (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,
    period          TEXT    NOT NULL,
    message_id      INTEGER,
    at              INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, kind, period)
) WITHOUT ROWID;
