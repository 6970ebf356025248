-- The per-sender chain of content-version-2 channel messages (docs/CRYPTO.md,
-- "Per-sender chain"). One row per chained message, received or our own, of
-- every kind (a folded kind is a link too, though it has no `messages` row):
-- what its signature covers beyond the body (`seq`, `prev_hash`, the sender's
-- membership `epoch` and `membership_head`) and its own hash (`message_hash`,
-- SHA-256 of the signed bytes), so the next link can be checked against it
-- and gaps found per sender. A message without a row here was signed under
-- content version 1 (older client, or stored before this migration):
-- unchained. No foreign key to `messages`: folded kinds have no row there,
-- and a gap must stay explicable after a message row is deleted.
CREATE TABLE message_chain (
    message_id        TEXT PRIMARY KEY,
    channel_id        TEXT NOT NULL REFERENCES channels (channel_id) ON DELETE CASCADE,
    sender_device_id  TEXT NOT NULL,
    seq               INTEGER NOT NULL CHECK (seq >= 0),
    prev_hash         TEXT CHECK ((prev_hash IS NULL) = (seq = 0)),
    message_hash      TEXT NOT NULL,
    epoch             INTEGER NOT NULL,
    membership_head   TEXT NOT NULL,
    kind              TEXT NOT NULL,
    sent_at_ms        INTEGER NOT NULL,
    recorded_at_ms    INTEGER NOT NULL
);
CREATE INDEX message_chain_by_sender
    ON message_chain (channel_id, sender_device_id, seq, message_id);

-- This device's own chain head per channel: the last message it chained
-- (committed with that message's outbox envelope, so it survives a crash or a
-- restart, and a rolled-back encryption leaves it unchanged). Kept apart from
-- `message_chain` so deleting history never rewinds the chain.
CREATE TABLE own_chain_heads (
    channel_id        TEXT PRIMARY KEY REFERENCES channels (channel_id) ON DELETE CASCADE,
    seq               INTEGER NOT NULL CHECK (seq >= 0),
    message_hash      TEXT NOT NULL,
    message_id        TEXT NOT NULL
);
