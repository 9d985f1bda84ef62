-- The shop's counter: the log of shop changes, quick replies, labels, customer notes,
-- conversation status and who waits on whom, and scheduled sends.

-- Every change to the shop's own state, as applied by core's one function (store/shop_log.rs).
-- `id` is the change's own id (unique across desktops); `seq` the order it was applied here.
CREATE TABLE shop_changes (
    seq     INTEGER PRIMARY KEY,
    id      TEXT    NOT NULL UNIQUE,
    at      INTEGER NOT NULL,
    device  TEXT    NOT NULL,
    kind    TEXT    NOT NULL,
    payload TEXT    NOT NULL
);

-- Snippets typed with a shortcut (`/orari`). The attachment is a copy in the data folder.
CREATE TABLE quick_replies (
    id                TEXT    PRIMARY KEY,
    shortcut          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    text              TEXT    NOT NULL,
    attachment_path   TEXT,
    attachment_kind   TEXT,
    attachment_name   TEXT,
    template_name     TEXT,
    template_language TEXT,
    position          INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);

-- Labels; those in the same group are exclusive on a conversation (an order's state).
CREATE TABLE labels (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    color      TEXT    NOT NULL,
    group_name TEXT,
    position   INTEGER NOT NULL
);

CREATE TABLE conversation_labels (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    label_id        TEXT    NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    at              INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, label_id)
) WITHOUT ROWID;
CREATE INDEX conversation_labels_by_label ON conversation_labels (label_id, conversation_id);

-- Notes about the customer of a conversation. Every version is kept: an edit adds a row with
-- the same note id and a higher version; a removal adds one with removed = 1.
CREATE TABLE customer_notes (
    note_id         TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    text            TEXT    NOT NULL,
    removed         INTEGER NOT NULL DEFAULT 0,
    at              INTEGER NOT NULL,
    device          TEXT    NOT NULL,
    PRIMARY KEY (note_id, version)
);
CREATE INDEX customer_notes_by_conversation ON customer_notes (conversation_id, note_id, version);

-- Search finds notes too (accents and case ignored, as for messages).
CREATE VIRTUAL TABLE note_search USING fts5 (
    text,
    content = 'customer_notes',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER customer_notes_search_insert AFTER INSERT ON customer_notes BEGIN
    INSERT INTO note_search (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER customer_notes_search_delete AFTER DELETE ON customer_notes BEGIN
    INSERT INTO note_search (note_search, rowid, text) VALUES ('delete', old.rowid, old.text);
END;

-- Open, snoozed (until a time; by default a customer's message ends it early) or done.
ALTER TABLE conversations ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE conversations ADD COLUMN snoozed_until INTEGER;
ALTER TABLE conversations ADD COLUMN snooze_unless_reply INTEGER NOT NULL DEFAULT 1;
-- Why it was snoozed: a plain snooze, or a follow-up the shop asked to be reminded of.
ALTER TABLE conversations ADD COLUMN snooze_reason TEXT;
ALTER TABLE conversations ADD COLUMN status_changed_at INTEGER;
-- Who waits on whom: the first customer message the shop has not answered yet, and the
-- shop's latest reply (written by a person; automated messages do not answer).
ALTER TABLE conversations ADD COLUMN waiting_since INTEGER;
ALTER TABLE conversations ADD COLUMN last_shop_reply_at INTEGER;
CREATE INDEX conversations_waiting ON conversations (status, waiting_since)
    WHERE waiting_since IS NOT NULL;
CREATE INDEX conversations_snoozed ON conversations (snoozed_until)
    WHERE snoozed_until IS NOT NULL;

-- Who waits: filled from the history already there (the customer's messages after the shop's
-- last one).
UPDATE conversations SET last_shop_reply_at = (
    SELECT MAX(sent_at) FROM messages m
    WHERE m.conversation_id = conversations.id AND m.direction = 'out'
);
UPDATE conversations SET waiting_since = (
    SELECT MIN(sent_at) FROM messages m
    WHERE m.conversation_id = conversations.id AND m.direction = 'in'
      AND m.sent_at > COALESCE(conversations.last_shop_reply_at, 0)
);

-- A reply to send later: it waits in the outbox until then (not_before), shown as scheduled.
ALTER TABLE outbox ADD COLUMN scheduled_at INTEGER;
-- Automated messages (away, greeting, FAQ) are marked as such and do not answer the customer.
ALTER TABLE messages ADD COLUMN automated INTEGER NOT NULL DEFAULT 0;
-- Why a message did not go, as a stable code the window translates (the text stays as detail).
ALTER TABLE messages ADD COLUMN error_code TEXT;
