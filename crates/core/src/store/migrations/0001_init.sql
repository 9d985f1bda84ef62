-- Sportello's local cache. Forward-only: never edit this file once shipped; add 0002_*.sql instead.

-- Non-secret metadata only: tokens and passwords live in the OS keyring, found by secret_ref.
CREATE TABLE accounts (
    id           INTEGER PRIMARY KEY,
    channel      TEXT    NOT NULL CHECK (channel IN ('telegram', 'whatsapp', 'messenger')),
    name         TEXT    NOT NULL,
    api_base     TEXT,
    remote_id    TEXT,
    display_name TEXT,
    secret_ref   TEXT    NOT NULL UNIQUE,
    is_demo      INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
);

-- A customer (or the shop itself, for echoes) as one channel account knows them.
CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    remote_id    TEXT    NOT NULL,
    display_name TEXT    NOT NULL,
    username     TEXT,
    phone        TEXT,
    updated_at   INTEGER NOT NULL,
    UNIQUE (account_id, remote_id)
);

CREATE TABLE conversations (
    id                       INTEGER PRIMARY KEY,
    account_id               INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    remote_id                TEXT    NOT NULL,
    kind                     TEXT    NOT NULL DEFAULT 'private',
    title                    TEXT    NOT NULL,
    contact_id               INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    unread                   INTEGER NOT NULL DEFAULT 0,
    -- Denormalised so the chat list is one indexed read, whatever the history size.
    last_message_id          INTEGER,
    last_message_at          INTEGER,
    last_customer_message_at INTEGER,
    pinned                   INTEGER NOT NULL DEFAULT 0,
    archived                 INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, remote_id)
);
CREATE INDEX conversations_by_recency ON conversations (last_message_at DESC, id DESC);

-- Times are Unix milliseconds (UTC). remote_id is NULL only for an outgoing message the
-- platform has not accepted yet; NULLs do not collide in the unique index.
CREATE TABLE messages (
    id                 INTEGER PRIMARY KEY,
    account_id         INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    conversation_id    INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    remote_id          TEXT,
    direction          TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    sender_contact_id  INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    kind               TEXT    NOT NULL DEFAULT 'text',
    text               TEXT    NOT NULL DEFAULT '',
    sent_at            INTEGER NOT NULL,
    stored_at          INTEGER NOT NULL,
    status             TEXT    NOT NULL,
    error              TEXT,
    reply_to_remote_id TEXT,
    edited_at          INTEGER,
    deleted_at         INTEGER
);
CREATE UNIQUE INDEX messages_by_remote_id ON messages (account_id, remote_id);
CREATE INDEX messages_by_conversation ON messages (conversation_id, sent_at DESC, id DESC);

CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    message_id    INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL,
    remote_ref    TEXT,
    mime_type     TEXT,
    file_name     TEXT,
    size_bytes    INTEGER,
    width         INTEGER,
    height        INTEGER,
    duration_secs INTEGER,
    local_path    TEXT,
    fetch_state   TEXT    NOT NULL DEFAULT 'remote'
);
CREATE INDEX attachments_by_message ON attachments (message_id);

-- Advanced only in the transaction that stores the rows the cursor covers.
CREATE TABLE sync_cursors (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    stream     TEXT    NOT NULL,
    cursor     TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, stream)
);

-- Messages waiting to go out. A row in 'sending' at start-up means the app stopped mid-send:
-- its fate is unknown and it is never resent without the shop owner's say.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER NOT NULL UNIQUE REFERENCES messages (id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    state           TEXT    NOT NULL CHECK (state IN ('queued', 'sending')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    not_before      INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL
);
CREATE INDEX outbox_by_account ON outbox (account_id, id);

-- Accent- and case-insensitive: "perche" finds "perché", "CAFE" finds "café".
CREATE VIRTUAL TABLE message_search USING fts5 (
    text,
    content = 'messages',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_search (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER messages_search_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO message_search (rowid, text) VALUES (new.id, new.text);
END;
