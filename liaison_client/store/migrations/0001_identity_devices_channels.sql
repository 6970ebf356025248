-- This device's identity. The vodozemac Account pickle is encrypted (again)
-- with the profile's pickle key; the whole row lives inside SQLCipher.
CREATE TABLE identity (
    singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id       TEXT NOT NULL,
    name            TEXT NOT NULL,
    agency          TEXT NOT NULL,
    account_pickle  TEXT NOT NULL,
    created_at_ms   INTEGER NOT NULL
);

-- Other officers' devices: the contact book and key directory cache.
CREATE TABLE devices (
    device_id        TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    agency           TEXT NOT NULL,
    ed25519_key      TEXT NOT NULL,
    curve25519_key   TEXT NOT NULL,
    verified         INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    -- Set when a known device presents a different identity key; such a
    -- device is never trusted silently. Cleared only by verifying again.
    key_changed_at_ms INTEGER,
    first_seen_at_ms INTEGER NOT NULL,
    updated_at_ms    INTEGER NOT NULL
);

-- Channels (operations) and who is in them.
CREATE TABLE channels (
    channel_id              TEXT PRIMARY KEY,
    name                    TEXT NOT NULL,
    coordinator_device_id   TEXT NOT NULL,
    epoch                   INTEGER NOT NULL DEFAULT 0,
    closed                  INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
    created_at_ms           INTEGER NOT NULL,
    last_activity_at_ms     INTEGER NOT NULL
);

CREATE TABLE channel_members (
    channel_id    TEXT NOT NULL REFERENCES channels (channel_id) ON DELETE CASCADE,
    device_id     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('coordinator', 'member')),
    joined_epoch  INTEGER NOT NULL,
    PRIMARY KEY (channel_id, device_id)
) WITHOUT ROWID;
