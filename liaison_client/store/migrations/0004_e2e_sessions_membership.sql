-- End-to-end encryption state (docs/CRYPTO.md). Every pickle is a vodozemac
-- pickle encrypted with the profile's pickle key, and lives only here, inside
-- SQLCipher.

-- Olm pairwise sessions (Double Ratchet), several per peer device possible:
-- the newest one used or received on is preferred for sending.
CREATE TABLE olm_sessions (
    session_id        TEXT PRIMARY KEY,
    peer_device_id    TEXT NOT NULL,
    peer_curve25519   TEXT NOT NULL,
    pickle            TEXT NOT NULL,
    created_at_ms     INTEGER NOT NULL,
    last_used_at_ms   INTEGER NOT NULL
);
CREATE INDEX olm_sessions_by_peer ON olm_sessions (peer_curve25519, last_used_at_ms);

-- This device's outbound Megolm session per channel. Replaced, never
-- restored from an older copy: reusing a ratchet index would reuse a key.
CREATE TABLE megolm_outbound (
    channel_id        TEXT PRIMARY KEY,
    session_id        TEXT NOT NULL UNIQUE,
    epoch             INTEGER NOT NULL,
    pickle            TEXT NOT NULL,
    messages_sent     INTEGER NOT NULL,
    created_at_ms     INTEGER NOT NULL
);

-- Inbound Megolm sessions, bound when their key share arrived over Olm to
-- (channel, sender device, sender Ed25519 key, epoch). A group message is
-- accepted only from the sender its session is bound to.
CREATE TABLE megolm_inbound (
    session_id        TEXT PRIMARY KEY,
    channel_id        TEXT NOT NULL,
    sender_device_id  TEXT NOT NULL,
    sender_ed25519    TEXT NOT NULL,
    epoch             INTEGER NOT NULL,
    pickle            TEXT NOT NULL,
    received_at_ms    INTEGER NOT NULL
);
CREATE INDEX megolm_inbound_by_channel ON megolm_inbound (channel_id, sender_device_id);

-- Megolm decrypts a replayed ciphertext again: this key makes a repeat fail.
CREATE TABLE megolm_replay (
    session_id     TEXT NOT NULL,
    message_index  INTEGER NOT NULL,
    message_id     TEXT NOT NULL,
    PRIMARY KEY (session_id, message_index)
) WITHOUT ROWID;

-- Group messages that arrived before their session's key share; decrypted
-- when the share arrives.
CREATE TABLE megolm_pending (
    envelope_id       TEXT PRIMARY KEY,
    session_id        TEXT NOT NULL,
    sender_device_id  TEXT NOT NULL,
    payload           BLOB NOT NULL,
    received_at_ms    INTEGER NOT NULL
);
CREATE INDEX megolm_pending_by_session ON megolm_pending (session_id);

-- Each channel's hash-chained, coordinator-signed membership log.
CREATE TABLE membership_events (
    channel_id   TEXT NOT NULL,
    epoch        INTEGER NOT NULL,
    event_hash   TEXT NOT NULL,
    event        BLOB NOT NULL,
    PRIMARY KEY (channel_id, epoch)
) WITHOUT ROWID;

-- Every envelope handled once: duplicates from an at-least-once relay are
-- dropped by id, and rejected ones stay listed so the user can see them.
CREATE TABLE processed_envelopes (
    envelope_id       TEXT PRIMARY KEY,
    sender_device_id  TEXT NOT NULL,
    outcome           TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
    reason            TEXT,
    detail            TEXT,
    processed_at_ms   INTEGER NOT NULL
);
CREATE INDEX processed_envelopes_rejected
    ON processed_envelopes (processed_at_ms) WHERE outcome = 'rejected';
