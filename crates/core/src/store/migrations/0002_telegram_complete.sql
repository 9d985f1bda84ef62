-- Telegram in full: business connections, edits and deletions, formatting, forwards, and the
-- gaps where a platform may have dropped messages while Sportello was away.

-- Formatting (bold, links…) as the platform's JSON, so it survives; the text stays plain.
ALTER TABLE messages ADD COLUMN entities TEXT;
-- Who the message was forwarded from, as shown to the shop ("Forwarded from …").
ALTER TABLE messages ADD COLUMN forwarded_from TEXT;

-- Coordinates, contact cards, venue names: kind-specific details of an attachment, as JSON.
ALTER TABLE attachments ADD COLUMN meta TEXT;

-- A conversation reached through the shop owner's own Telegram Business account: replies
-- must carry this connection's id to come from the owner's profile.
ALTER TABLE conversations ADD COLUMN business_connection_id TEXT;

CREATE TABLE business_connections (
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    connection_id   TEXT    NOT NULL,
    owner_remote_id TEXT    NOT NULL,
    owner_name      TEXT    NOT NULL,
    can_reply       INTEGER NOT NULL,
    is_enabled      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (account_id, connection_id)
);

-- Periods in which messages may be missing (Telegram forgets undelivered updates after 24 h).
CREATE TABLE sync_gaps (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    from_ms    INTEGER NOT NULL,
    to_ms      INTEGER NOT NULL,
    noticed_at INTEGER NOT NULL
);
CREATE INDEX sync_gaps_by_account ON sync_gaps (account_id, to_ms);

-- A reply to a given message, kept with the queued message until it is sent.
ALTER TABLE outbox ADD COLUMN reply_to_remote_id TEXT;
