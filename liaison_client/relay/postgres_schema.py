"""The PostgreSQL relay schema: numbered migrations and the check that runs them.

Numbered on their own (not the SQLite ``user_version`` numbers): the two
backends' schemas differ where the engines do (cursor allocation, nonce
uniqueness), and a PostgreSQL deployment upgrades through these steps only.
``relay_schema_migrations`` lists every applied step. A relay applies the
missing steps at start under a transaction-scoped advisory lock, so two
instances starting together do not both migrate; a relay that finds a step
newer than it knows refuses to start (``storage.SchemaTooNewError``): it
would otherwise write rows a newer relay's invariants do not expect.

Migration 3 added fan-out on read (issue 13, item 1; ``postgres_queues.py``)
without moving data: the ciphertext already lived once in ``envelopes``;
rows queued before it keep their per-recipient ``deliveries`` rows and are
served beside the new ones, whose queue is a recipient set and a position.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    sql: str


#: Advisory lock key (any constant bigint) serialising migrations across instances.
MIGRATION_LOCK_KEY = 0x4C52_0001
#: Advisory lock key of the purge: one instance at a time runs it.
PURGE_LOCK_KEY = 0x4C52_0002

_VERSION_1 = """
-- Identifiers compare byte-wise (COLLATE "C"), as on SQLite: the directory's
-- order and cursors, and the order queue rows are locked in, must not depend
-- on the server's locale.
CREATE TABLE enrollment_tokens (
    token_sha256   text COLLATE "C" PRIMARY KEY,
    agency         text NOT NULL,
    uses_left      integer NOT NULL CHECK (uses_left >= 0),
    expires_at_ms  bigint NOT NULL,
    created_at_ms  bigint NOT NULL,
    revoked_at_ms  bigint
);
CREATE TABLE devices (
    device_id              text COLLATE "C" PRIMARY KEY,
    agency                 text NOT NULL,
    ed25519_key            text NOT NULL UNIQUE,
    curve25519_key         text NOT NULL,
    registration_signature text NOT NULL,
    registered_at_ms       bigint NOT NULL,
    profile_name           text,
    profile_agency         text,
    profile_issued_at_ms   bigint,
    profile_signature      text,
    -- str.casefold() of the name, computed by the relay (Unicode-aware, as on SQLite).
    name_folded            text,
    revoked_at_ms          bigint,
    revoked_reason         text
);
CREATE INDEX devices_by_agency ON devices (agency, device_id);
CREATE TABLE one_time_keys (
    device_id  text COLLATE "C" NOT NULL REFERENCES devices (device_id),
    key_id     text COLLATE "C" NOT NULL,
    key        text NOT NULL,
    signature  text NOT NULL,
    PRIMARY KEY (device_id, key_id)
);
CREATE TABLE fallback_keys (
    device_id  text COLLATE "C" PRIMARY KEY REFERENCES devices (device_id),
    key_id     text COLLATE "C" NOT NULL,
    key        text NOT NULL,
    signature  text NOT NULL
);
-- One row per device's queue. last_cursor: the cursor counter. A sender takes
-- the row lock (SELECT ... FOR UPDATE, in device id order) and keeps it to its
-- commit, so a recipient's cursors become visible in increasing order even with
-- many relay instances: a sequence would not (PostgreSQL sequences do not
-- commit in order, and a reader would skip a cursor committed late).
-- pending: the queue's depth (the 507 check), exact across instances.
-- revoked: copied from devices here so the locked row itself says it.
CREATE TABLE device_queues (
    device_id    text COLLATE "C" PRIMARY KEY REFERENCES devices (device_id),
    last_cursor  bigint NOT NULL DEFAULT 0,
    pending      integer NOT NULL DEFAULT 0 CHECK (pending >= 0),
    revoked      boolean NOT NULL DEFAULT false
);
CREATE TABLE envelopes (
    envelope_seq      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sender_device_id  text COLLATE "C" NOT NULL,
    envelope_id       text NOT NULL,
    ciphertext        bytea,
    sent_at_ms        bigint NOT NULL,
    expires_at_ms     bigint NOT NULL,
    UNIQUE (sender_device_id, envelope_id)
);
CREATE INDEX envelopes_by_expiry ON envelopes (expires_at_ms);
CREATE TABLE deliveries (
    recipient_device_id  text COLLATE "C" NOT NULL,
    queue_cursor         bigint NOT NULL,
    envelope_seq         bigint NOT NULL REFERENCES envelopes (envelope_seq),
    state                text NOT NULL CHECK (state IN ('pending', 'delivered', 'expired')),
    PRIMARY KEY (recipient_device_id, queue_cursor)
);
CREATE INDEX deliveries_pending ON deliveries (recipient_device_id, queue_cursor)
    WHERE state = 'pending';
CREATE INDEX deliveries_by_envelope ON deliveries (envelope_seq);
-- The replay check across instances: the primary key refuses a nonce seen by
-- any instance (the in-memory registry only saves a round trip for one seen here).
CREATE TABLE signature_nonces (
    key_id         text COLLATE "C" NOT NULL,
    nonce          text NOT NULL,
    expires_at_ms  bigint NOT NULL,
    PRIMARY KEY (key_id, nonce)
);
CREATE INDEX signature_nonces_by_expiry ON signature_nonces (expires_at_ms);
-- Attachment metadata; the bytes are files in the shared blob directory
-- (docs/RELAY_POSTGRES.md, "Attachments").
CREATE TABLE blobs (
    sha256              text PRIMARY KEY,
    size                bigint NOT NULL,
    uploader_device_id  text COLLATE "C" NOT NULL,
    expires_at_ms       bigint NOT NULL
);
"""

#: Per-device attachment quota (issue 10, item 4): summing a device's unexpired
#: blobs on each upload reads only its rows.
_VERSION_2 = """
CREATE INDEX blobs_by_uploader ON blobs (uploader_device_id, expires_at_ms) INCLUDE (size);
"""

#: Fan-out on read (issue 13, item 1; postgres_queues.py): an envelope names an
#: interned recipient set and carries a queue position; each device has one
#: acknowledged position. Additive: instances of schema 2 keep serving their
#: own rows during a rolling upgrade (docs/RELAY_POSTGRES.md, "Migrations").
_VERSION_3 = """
CREATE TABLE recipient_sets (
    set_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- SHA-256 of the sorted member ids joined by newlines (ids never hold one).
    members_sha256  bytea NOT NULL UNIQUE
);
CREATE TABLE set_members (
    device_id  text COLLATE "C" NOT NULL,
    set_id     bigint NOT NULL REFERENCES recipient_sets (set_id),
    PRIMARY KEY (device_id, set_id)
);
CREATE INDEX set_members_by_set ON set_members (set_id);
ALTER TABLE envelopes ADD COLUMN set_id bigint REFERENCES recipient_sets (set_id),
                      ADD COLUMN queue_position bigint;
-- A fetch, a depth count, an acknowledgement and the purge: each set's
-- envelopes someone still waits for, after a position (the rows kept only for
-- the status retention, most of the table, are not in it).
CREATE INDEX envelopes_live_by_set ON envelopes (set_id, queue_position)
    WHERE set_id IS NOT NULL AND ciphertext IS NOT NULL;
-- With the index above, the purge's question "does any retained envelope still
-- name this set?". Its complement, not an index of every row: a send counts a
-- set's held envelopes, and with statistics that still counted most rows as
-- held the planner chose a full index and filtered the retained rows one by one.
CREATE INDEX envelopes_done_by_set ON envelopes (set_id)
    WHERE set_id IS NOT NULL AND ciphertext IS NULL;
-- Moved only by the device's own acknowledgement: no contention between devices.
ALTER TABLE device_queues ADD COLUMN acked_position bigint NOT NULL DEFAULT 0;
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "devices, keys, queues, envelopes, nonces, blobs", _VERSION_1),
    Migration(2, "blobs by uploader (attachment quota)", _VERSION_2),
    Migration(3, "fan-out on read: recipient sets, queue positions, acknowledged positions",
              _VERSION_3),
)

LATEST_VERSION = MIGRATIONS[-1].version

CREATE_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS relay_schema_migrations (
    version     integer PRIMARY KEY,
    summary     text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
)
"""


def too_new_message(found: int) -> str:
    return (f"the relay database has schema {found}, newer than this relay's "
            f"{LATEST_VERSION}: run the newer liaison-relay (or restore a backup "
            "taken before the upgrade)")
