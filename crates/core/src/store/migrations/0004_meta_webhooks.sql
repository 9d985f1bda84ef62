-- WhatsApp Cloud (and later Messenger): raw webhook deliveries kept before they are answered,
-- delivery statuses that arrive before the message they describe, reactions, templates and
-- read receipts.

-- The platform's ids for a WhatsApp account: remote_id is the phone number id; these are the
-- WhatsApp Business Account it belongs to, the number as customers see it, and its quality.
ALTER TABLE accounts ADD COLUMN business_account_id TEXT;
ALTER TABLE accounts ADD COLUMN phone TEXT;
ALTER TABLE accounts ADD COLUMN quality_rating TEXT;
-- When the receiver last accepted a correctly signed delivery for this account.
ALTER TABLE accounts ADD COLUMN webhook_seen_at INTEGER;

-- Every correctly signed delivery, byte for byte, committed before the platform gets its 200.
-- Processing reads it back, so a crash between the two loses nothing.
CREATE TABLE webhook_deliveries (
    id          INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,
    body        BLOB    NOT NULL
);

-- Which accounts a delivery concerns; each account's cursor is the last delivery id it processed.
CREATE TABLE webhook_routes (
    delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, delivery_id)
) WITHOUT ROWID;

-- A status for a message whose id we do not know yet (the webhook beat the send's answer). It is
-- applied when a message with that id is recorded.
CREATE TABLE pending_statuses (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    remote_id  TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    error      TEXT,
    at         INTEGER NOT NULL,
    closes_window INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, remote_id)
);

-- One reaction per person per message; an empty emoji removes it. reactor is the customer's
-- remote id, or '' for the shop.
CREATE TABLE reactions (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    message_remote_id TEXT NOT NULL,
    reactor    TEXT    NOT NULL,
    emoji      TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    PRIMARY KEY (account_id, message_remote_id, reactor)
);

-- A template message waiting to go out: its name, language and parameters as JSON.
ALTER TABLE outbox ADD COLUMN template TEXT;

-- The customer's newest message the shop has seen but the platform was not yet told about.
ALTER TABLE conversations ADD COLUMN read_receipt_due TEXT;

-- Media the platform keeps only briefly (WhatsApp) is fetched in the background soon after it
-- arrives; a failed fetch is retried and its reason shown.
ALTER TABLE attachments ADD COLUMN fetch_error TEXT;
ALTER TABLE attachments ADD COLUMN fetch_attempts INTEGER NOT NULL DEFAULT 0;

-- When the platform last refused a free-text reply because its customer-service window was
-- closed (WhatsApp error 131047); a newer customer message opens the window again.
ALTER TABLE conversations ADD COLUMN window_refused_at INTEGER;

-- The name the shop owner saved for a customer in their phone (WhatsApp Business app); it wins
-- over the name the customer gave their own profile.
ALTER TABLE contacts ADD COLUMN saved_name TEXT;
