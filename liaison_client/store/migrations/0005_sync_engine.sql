-- The sync engine's state (docs/SYNC.md). Everything here lives inside
-- SQLCipher like the rest of the profile.

-- Messages the officer sent that are stored (as `queued` rows in `messages`)
-- but not yet encrypted into outbox envelopes: encryption may need a
-- pairwise session the relay must help set up, and the relay may be down.
-- A row leaves in the same transaction that puts the envelopes in `outbox`.
-- `blob_sha256` names an encrypted attachment file still to upload.
CREATE TABLE outgoing_messages (
    message_id    TEXT PRIMARY KEY REFERENCES messages (message_id) ON DELETE CASCADE,
    channel_id    TEXT NOT NULL,
    blob_sha256   TEXT,
    created_at_ms INTEGER NOT NULL
);

-- Group-key shares that arrived before this device reached their epoch (or
-- learned of their channel): decrypted from Olm (which cannot be replayed),
-- so their content is kept here and bound when the membership catches up.
CREATE TABLE held_key_shares (
    envelope_id       TEXT PRIMARY KEY,
    channel_id        TEXT NOT NULL,
    epoch             INTEGER NOT NULL,
    sender_device_id  TEXT NOT NULL,
    sender_ed25519    TEXT NOT NULL,
    share             BLOB NOT NULL,
    received_at_ms    INTEGER NOT NULL
);
CREATE INDEX held_key_shares_by_channel ON held_key_shares (channel_id, epoch);

-- Delivery of this device's group messages, per recipient device, from the
-- relay's status call.
CREATE TABLE message_deliveries (
    message_id           TEXT NOT NULL REFERENCES messages (message_id) ON DELETE CASCADE,
    recipient_device_id  TEXT NOT NULL,
    envelope_id          TEXT NOT NULL,
    state                TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'delivered', 'expired')),
    updated_at_ms        INTEGER NOT NULL,
    PRIMARY KEY (message_id, recipient_device_id)
) WITHOUT ROWID;
CREATE INDEX message_deliveries_by_envelope
    ON message_deliveries (envelope_id, recipient_device_id);
CREATE INDEX message_deliveries_awaiting ON message_deliveries (envelope_id)
    WHERE state = 'sent';

-- A refused envelope is shown in its channel when the channel is known
-- (a bound group session, a control event's channel).
ALTER TABLE processed_envelopes ADD COLUMN channel_id TEXT;
CREATE INDEX processed_envelopes_rejected_by_channel
    ON processed_envelopes (channel_id, processed_at_ms) WHERE outcome = 'rejected';
