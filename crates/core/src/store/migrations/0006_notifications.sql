-- Desktop notifications: a chat the shop owner muted stays silent; the owner's choices
-- (preview, sound, quiet hours, paused) are kept as one JSON value per setting.
ALTER TABLE conversations ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
