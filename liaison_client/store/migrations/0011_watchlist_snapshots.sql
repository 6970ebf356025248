-- Late joiners and re-sends of the watch-list op log (issue 14; docs/WATCHLISTS.md,
-- "Late joiners: the snapshot").
--
-- `signed_message`: the complete signed channel message that carried the
-- operation (the Megolm plaintext, RFC 8785: every field the author's device
-- signed plus the signature), so this member can forward the operation to a
-- member who never received it and that member can check the author's
-- signature itself. Written on receipt (the handler, in the decrypting
-- transaction), from a snapshot (the forwarded bytes), and for an own operation
-- when the sync engine signs it. NULL: an operation stored before this
-- migration (its signed message was not kept: it cannot be forwarded, and a
-- snapshot built here counts it as `unforwardable`), or an own operation not
-- yet signed (it is encrypted later, for the members of that moment).
ALTER TABLE watchlist_ops ADD COLUMN signed_message TEXT;
-- When this device signed its own operation (its clock; NULL for received ones):
-- after a membership change, own operations signed under the old epoch since
-- shortly before the change are re-sent under the new one (docs/WATCHLISTS.md,
-- "After a membership change").
ALTER TABLE watchlist_ops ADD COLUMN signed_at_ms INTEGER;

-- Each `watchlist.snapshot` message folded here (one row per part): what it
-- brought, so a replay of the same message id is refused and the officer can
-- see which snapshots arrived and how many of their operations stood.
CREATE TABLE watchlist_snapshot_parts (
    message_id        TEXT PRIMARY KEY,
    channel_id        TEXT NOT NULL REFERENCES channels (channel_id) ON DELETE CASCADE,
    sender_device_id  TEXT NOT NULL,
    snapshot_id       TEXT NOT NULL,
    part              INTEGER NOT NULL CHECK (part >= 0),
    parts             INTEGER NOT NULL CHECK (parts >= 1),
    operations        INTEGER NOT NULL,
    added             INTEGER NOT NULL,
    refused           INTEGER NOT NULL,
    received_at_ms    INTEGER NOT NULL
);
CREATE INDEX watchlist_snapshot_parts_by_channel
    ON watchlist_snapshot_parts (channel_id, snapshot_id);

-- An operation of a snapshot this member refused (a signature that does not
-- verify, an author who was no member at the message's epoch, a malformed or
-- mismatched operation): recorded, never stored in `watchlist_ops`, never folded.
-- The rest of the snapshot is applied. `op_id` is NULL when the operation did
-- not decode far enough to name one.
CREATE TABLE watchlist_snapshot_refusals (
    message_id        TEXT NOT NULL,
    position          INTEGER NOT NULL,
    channel_id        TEXT NOT NULL REFERENCES channels (channel_id) ON DELETE CASCADE,
    sender_device_id  TEXT NOT NULL,
    op_id             TEXT,
    reason            TEXT NOT NULL,
    detail            TEXT NOT NULL,
    recorded_at_ms    INTEGER NOT NULL,
    PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
