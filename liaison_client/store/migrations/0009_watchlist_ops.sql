-- Watch-list operations (issue 14, docs/WATCHLISTS.md "Sync"): the op log every
-- member folds into the channel's lists. One row per operation, received or
-- this device's own, stored in the transaction that decrypted (or composed) it.
-- `body` is the canonical operation JSON (RFC 8785), exactly the signed body
-- of the `watchlist.op` message that carried it; `message_id` is that message
-- (a replay of it is refused by the UNIQUE constraint). The lists themselves
-- are not stored: they are the deterministic fold of these rows.
CREATE TABLE watchlist_ops (
    op_id           TEXT PRIMARY KEY,
    message_id      TEXT NOT NULL UNIQUE,
    channel_id      TEXT NOT NULL REFERENCES channels (channel_id) ON DELETE CASCADE,
    device_id       TEXT NOT NULL,
    lamport         INTEGER NOT NULL CHECK (lamport >= 1),
    body            TEXT NOT NULL,
    recorded_at_ms  INTEGER NOT NULL
);
CREATE INDEX watchlist_ops_by_channel ON watchlist_ops (channel_id, lamport);

-- Messages of a FOLDED kind (docs/CRYPTO.md "Message kinds") composed by this
-- device and not yet encrypted: the folded counterpart of `outgoing_messages`,
-- which needs a `messages` (timeline) row. `content` is the canonical body;
-- the sync engine signs, encrypts and removes the row in one transaction.
CREATE TABLE outgoing_folded (
    message_id      TEXT PRIMARY KEY,
    channel_id      TEXT NOT NULL REFERENCES channels (channel_id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    content         TEXT NOT NULL,
    composed_at_ms  INTEGER NOT NULL
);
