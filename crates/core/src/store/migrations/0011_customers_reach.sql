-- One customer across channels, the consent ledger, broadcasts and click-to-chat posters.

-- A customer is a group of identities (contacts, one per channel account). A contact with no
-- customer_id is a customer of its own (its own id); merging points every identity of one
-- group at the other's id. Nothing is deleted by a merge: undoing it clears the pointers.
ALTER TABLE contacts ADD COLUMN customer_id INTEGER;
CREATE INDEX contacts_by_customer ON contacts (customer_id) WHERE customer_id IS NOT NULL;

-- Every merge, so it can be shown with its evidence and undone.
CREATE TABLE customer_merges (
    id         TEXT    PRIMARY KEY,
    kept       INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    joined     INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    how        TEXT    NOT NULL CHECK (how IN ('verified', 'confirmed')),
    evidence   TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    undone_at  INTEGER
);
CREATE INDEX customer_merges_by_joined ON customer_merges (joined);

-- Suggestions the owner declined are not offered again.
CREATE TABLE customer_merge_declined (
    a INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;

-- The consent ledger (GDPR Art. 7(1): the shop must be able to show who agreed, when, to
-- what wording, how, and when they withdrew). Per identity (a channel) and topic; withdrawal
-- fills the withdrawal columns and never deletes the row.
CREATE TABLE consents (
    id              TEXT    PRIMARY KEY,
    contact_id      INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    topic           TEXT    NOT NULL,
    basis           TEXT    NOT NULL CHECK (basis IN ('consent', 'customer')),
    given_at        INTEGER NOT NULL,
    source          TEXT    NOT NULL,
    wording         TEXT    NOT NULL,
    wording_version TEXT,
    proof           TEXT,
    recorded_by     TEXT    NOT NULL,
    withdrawn_at    INTEGER,
    withdrawn_how   TEXT,
    withdrawn_proof TEXT
);
CREATE INDEX consents_by_contact ON consents (contact_id, topic, given_at);

-- Reachability the platforms told us about, for the broadcast pre-flight.
ALTER TABLE conversations ADD COLUMN blocked_at INTEGER;
ALTER TABLE conversations ADD COLUMN marketing_capped_at INTEGER;
-- The poster the customer arrived through (its code), if any.
ALTER TABLE conversations ADD COLUMN source TEXT;

CREATE TABLE posters (
    code            TEXT    PRIMARY KEY,
    text            TEXT    NOT NULL DEFAULT '',
    consent_topic   TEXT,
    consent_wording TEXT,
    consent_version TEXT,
    created_at      INTEGER NOT NULL
);

CREATE TABLE poster_arrivals (
    code            TEXT    NOT NULL,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id      INTEGER REFERENCES messages (id) ON DELETE SET NULL,
    at              INTEGER NOT NULL,
    PRIMARY KEY (code, conversation_id)
) WITHOUT ROWID;

CREATE TABLE broadcasts (
    id                INTEGER PRIMARY KEY,
    topic             TEXT    NOT NULL,
    text              TEXT    NOT NULL,
    audience          TEXT    NOT NULL,
    template_name     TEXT,
    template_language TEXT,
    -- The chosen template as the outbox sends it (JSON), for customers outside WhatsApp's window.
    template          TEXT,
    created_at        INTEGER NOT NULL,
    queued_at         INTEGER
);

-- Who a broadcast was for once it was queued: each conversation once (the primary key is what
-- makes a second `send` after a crash queue nobody twice), with its message or why not.
CREATE TABLE broadcast_recipients (
    broadcast_id    INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id      INTEGER REFERENCES messages (id) ON DELETE SET NULL,
    excluded        TEXT,
    PRIMARY KEY (broadcast_id, conversation_id)
) WITHOUT ROWID;

ALTER TABLE messages ADD COLUMN broadcast_id INTEGER;
