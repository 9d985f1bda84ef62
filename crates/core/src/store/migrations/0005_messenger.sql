-- Facebook Messenger: a Page's per-account choice to reply with the HUMAN_AGENT tag (up to 7
-- days after the customer's last message; only with Meta's permission for it).
ALTER TABLE accounts ADD COLUMN human_agent INTEGER NOT NULL DEFAULT 0;

-- A customer's profile picture (Messenger): where the platform serves it (links expire), and
-- the local copy the window shows, offline too.
ALTER TABLE contacts ADD COLUMN picture_url TEXT;
ALTER TABLE contacts ADD COLUMN picture_path TEXT;
