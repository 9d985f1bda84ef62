-- What the shop owner was typing in each chat, kept across restarts.
CREATE TABLE drafts (
    conversation_id INTEGER PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    text            TEXT    NOT NULL,
    updated_at      INTEGER NOT NULL
);
