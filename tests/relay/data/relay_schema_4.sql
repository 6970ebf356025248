-- A relay database of schema 4 (before fan-out on read), written by the
-- relay of commit 2898ded through its storage calls (tests/relay/test_sqlite_queue_upgrade.py
-- says what it holds). Nonces and WAL state are not part of it.
BEGIN TRANSACTION;
CREATE TABLE blobs (
    sha256             TEXT PRIMARY KEY,
    size               INTEGER NOT NULL,
    uploader_device_id TEXT NOT NULL,
    expires_at_ms      INTEGER NOT NULL
);
CREATE TABLE deliveries (
    -- AUTOINCREMENT: a cursor is never reused, even after the newest row is purged.
    delivery_id         INTEGER PRIMARY KEY AUTOINCREMENT,
    envelope_seq        INTEGER NOT NULL REFERENCES envelopes (envelope_seq),
    recipient_device_id TEXT NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'expired'))
);
INSERT INTO "deliveries" VALUES(1,1,'dev-anna','pending');
INSERT INTO "deliveries" VALUES(2,2,'dev-anna','pending');
INSERT INTO "deliveries" VALUES(3,1,'dev-bert','delivered');
INSERT INTO "deliveries" VALUES(4,3,'dev-bert','pending');
INSERT INTO "deliveries" VALUES(5,1,'dev-cleo','pending');
CREATE TABLE devices (
    device_id              TEXT PRIMARY KEY,
    agency                 TEXT NOT NULL,
    ed25519_key            TEXT NOT NULL UNIQUE,
    curve25519_key         TEXT NOT NULL,
    registration_signature TEXT NOT NULL,
    registered_at_ms       INTEGER NOT NULL,
    profile_name           TEXT,
    profile_agency         TEXT,
    profile_issued_at_ms   INTEGER,
    profile_signature      TEXT,
    -- casefold() of the name: what a directory search compares, Unicode-aware
    -- (SQLite's LIKE and lower() fold ASCII only).
    name_folded            TEXT,
    revoked_at_ms          INTEGER,
    revoked_reason         TEXT
);
INSERT INTO "devices" VALUES('dev-sender','Zoll Hamburg','ed-sender','cv-sender','reg-sender',1800000000000,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "devices" VALUES('dev-anna','Zoll Hamburg','ed-anna','cv-anna','reg-anna',1800000000000,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "devices" VALUES('dev-bert','Zoll Hamburg','ed-bert','cv-bert','reg-bert',1800000000000,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "devices" VALUES('dev-cleo','Zoll Hamburg','ed-cleo','cv-cleo','reg-cleo',1800000000000,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE enrollment_tokens (
    token_sha256   TEXT PRIMARY KEY,
    agency         TEXT NOT NULL,
    uses_left      INTEGER NOT NULL CHECK (uses_left >= 0),
    expires_at_ms  INTEGER NOT NULL,
    created_at_ms  INTEGER NOT NULL,
    revoked_at_ms  INTEGER
);
INSERT INTO "enrollment_tokens" VALUES('token-v4','Zoll Hamburg',6,1800003600000,1800000000000,NULL);
CREATE TABLE envelopes (
    envelope_seq     INTEGER PRIMARY KEY,
    sender_device_id TEXT NOT NULL,
    envelope_id      TEXT NOT NULL,
    ciphertext       BLOB,
    sent_at_ms       INTEGER NOT NULL,
    expires_at_ms    INTEGER NOT NULL,
    UNIQUE (sender_device_id, envelope_id)
);
INSERT INTO "envelopes" VALUES(1,'dev-sender','old-1',X'6F6C642D31',1800000000000,1800003600000);
INSERT INTO "envelopes" VALUES(2,'dev-sender','old-2',X'6F6C642D32',1800000000000,1800003600000);
INSERT INTO "envelopes" VALUES(3,'dev-sender','old-3',X'6F6C642D33',1800000000000,1800000000001);
CREATE TABLE fallback_keys (
    device_id  TEXT PRIMARY KEY REFERENCES devices (device_id),
    key_id     TEXT NOT NULL,
    key        TEXT NOT NULL,
    signature  TEXT NOT NULL
);
CREATE TABLE one_time_keys (
    device_id  TEXT NOT NULL REFERENCES devices (device_id),
    key_id     TEXT NOT NULL,
    key        TEXT NOT NULL,
    signature  TEXT NOT NULL,
    PRIMARY KEY (device_id, key_id)
) WITHOUT ROWID;
CREATE TABLE signature_nonces (
    expires_at_ms INTEGER NOT NULL,
    key_id        TEXT NOT NULL,
    nonce         TEXT NOT NULL
);
CREATE INDEX devices_by_agency ON devices (agency, device_id);
CREATE INDEX devices_revoked ON devices (revoked_at_ms)
    WHERE revoked_at_ms IS NOT NULL;
CREATE INDEX envelopes_by_expiry ON envelopes (expires_at_ms);
CREATE INDEX deliveries_queue
    ON deliveries (recipient_device_id, delivery_id) WHERE state = 'pending';
CREATE INDEX deliveries_by_envelope ON deliveries (envelope_seq);
CREATE INDEX blobs_by_uploader ON blobs (uploader_device_id, expires_at_ms, size);
CREATE INDEX signature_nonces_by_expiry ON signature_nonces (expires_at_ms);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('deliveries',5);
COMMIT;
PRAGMA user_version = 4;
