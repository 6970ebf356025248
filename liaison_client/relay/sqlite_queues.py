"""Fan-out on read for the SQLite relay: each envelope stored once, one cursor per device.

Why (issue 13, item 1): with one queue row per recipient, a 200-recipient
envelope wrote 200 rows, each at the tail of its own recipient's index range,
so one send dirtied ~200 pages (0.2–1.1 MiB of WAL a commit) and cost 5–10×
a 2-recipient send. Here a send writes one ``envelopes`` row, whatever the
number of recipients:

- **Recipient sets** are interned (``recipient_sets``, ``set_members``): a
  channel's recipient list repeats from message to message, so its members
  are written once, when the set is first used. A pairwise message has a
  one-member set.
- **One cursor per device** (``device_cursors.acked_seq``): the envelope
  sequence number is the queue cursor on the wire, for every recipient. The
  single writer assigns it (``AUTOINCREMENT``: never reused, even after a
  purge) and commits in that order, so a reader never sees a smaller cursor
  appear after a larger one. A device's queue is every envelope of its sets
  after its cursor that still has ciphertext and has not expired.
- **Delivery states are computed**, not stored: a recipient has received an
  envelope when its cursor is at or past it. What cannot be computed is kept
  as an exception row in ``deliveries`` (state ``expired``): a recipient
  revoked at the send or afterwards, or one that had not acknowledged the
  envelope when it expired. Only undelivered recipients cost a row, and only
  when something went wrong.
- ``envelopes.waiting`` counts the recipients neither at the envelope yet nor
  given up on; at zero the ciphertext is deleted at once, as it was when the
  last delivery row turned ``delivered`` (issue 10, item 10).

Envelopes queued before schema 5 keep their per-recipient ``deliveries`` rows
(``set_id`` NULL) and are served, acknowledged and purged by the same calls;
the new sequence starts above every cursor those rows handed out, so a
client's stored cursor stays valid across the upgrade.

All functions run on the relay's one writer connection (or a reader, for
:func:`queued_after` and :func:`states_of`) and leave caching to the caller.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from liaison_client.relay.storage import DeliveryState, QueuedEnvelope

#: The fan-out-on-read tables (schema 5). ``envelopes_by_set`` answers a
#: fetch (each of the device's sets, after its cursor) and an acknowledgement;
#: it covers every retained envelope, so that the purge can also find sets no
#: envelope uses any more.
SCHEMA = """
CREATE TABLE IF NOT EXISTS recipient_sets (
    set_id          INTEGER PRIMARY KEY,
    -- SHA-256 of the sorted member ids joined by newlines (ids never hold one).
    members_sha256  BLOB NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS set_members (
    device_id  TEXT NOT NULL,
    set_id     INTEGER NOT NULL REFERENCES recipient_sets (set_id),
    PRIMARY KEY (device_id, set_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS set_members_by_set ON set_members (set_id);
CREATE TABLE IF NOT EXISTS device_cursors (
    device_id  TEXT PRIMARY KEY,
    acked_seq  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS envelopes_by_expiry ON envelopes (expires_at_ms);
CREATE INDEX IF NOT EXISTS envelopes_by_set ON envelopes (set_id, envelope_seq)
    WHERE set_id IS NOT NULL;
"""

#: ``envelopes`` as of schema 5: ``AUTOINCREMENT`` because the sequence number
#: is now every recipient's cursor and must never be handed out twice.
ENVELOPES_TABLE = """
CREATE TABLE IF NOT EXISTS {name} (
    envelope_seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    sender_device_id TEXT NOT NULL,
    envelope_id      TEXT NOT NULL,
    ciphertext       BLOB,
    sent_at_ms       INTEGER NOT NULL,
    expires_at_ms    INTEGER NOT NULL,
    -- NULL: queued before schema 5, through one ``deliveries`` row per recipient.
    set_id           INTEGER REFERENCES recipient_sets (set_id),
    -- Recipients not at it yet and not given up on; at 0 the ciphertext goes.
    waiting          INTEGER,
    UNIQUE (sender_device_id, envelope_id)
);
"""


def members_key(recipients: Collection[str]) -> tuple[str, ...]:
    """A recipient list as a set: sorted, each device once."""
    return tuple(sorted(set(recipients)))


def find_set(conn: sqlite3.Connection, members: tuple[str, ...]) -> int | None:
    row = conn.execute("SELECT set_id FROM recipient_sets WHERE members_sha256 = ?",
                       (_digest(members),)).fetchone()
    return None if row is None else int(row[0])


def create_set(conn: sqlite3.Connection, members: tuple[str, ...]) -> int:
    """Intern a new set; its members are written once, in one statement."""
    (set_id,) = conn.execute(
        "INSERT INTO recipient_sets (members_sha256) VALUES (?) RETURNING set_id",
        (_digest(members),)).fetchone()
    conn.execute("INSERT INTO set_members (device_id, set_id)"
                 " SELECT value, ? FROM json_each(?)", (set_id, json.dumps(members)))
    return int(set_id)


def _digest(members: tuple[str, ...]) -> bytes:
    return hashlib.sha256("\n".join(members).encode()).digest()


def device_cursor(conn: sqlite3.Connection, device_id: str) -> int:
    row = conn.execute("SELECT acked_seq FROM device_cursors WHERE device_id = ?",
                       (device_id,)).fetchone()
    return 0 if row is None else int(row[0])


def last_seq(conn: sqlite3.Connection) -> int:
    """The newest sequence number handed out (purged or not)."""
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'envelopes'").fetchone()
    return 0 if row is None else int(row[0])


def insert_envelope(conn: sqlite3.Connection, sender: str, envelope_id: str,
                    ciphertext: bytes, now_ms: int, expires_at_ms: int, set_id: int,
                    waiting: int) -> int | None:
    """The new envelope's sequence number; None for an id this sender used before."""
    row = conn.execute(
        "INSERT INTO envelopes (sender_device_id, envelope_id, ciphertext, sent_at_ms,"
        " expires_at_ms, set_id, waiting) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING RETURNING envelope_seq",
        (sender, envelope_id, ciphertext, now_ms, expires_at_ms, set_id, waiting)).fetchone()
    return None if row is None else int(row[0])


def record_expired(conn: sqlite3.Connection, rows: Sequence[tuple[str, int]]) -> None:
    """Exception rows: these ``(recipient, envelope_seq)`` will never be delivered."""
    conn.executemany("INSERT INTO deliveries (recipient_device_id, envelope_seq, state)"
                     " VALUES (?, ?, 'expired')", rows)


def queued_after(conn: sqlite3.Connection, device_id: str, after: int, limit: int,
                 now_ms: int) -> list[QueuedEnvelope]:
    """The device's queue after ``after`` (or its acknowledged cursor, if later):
    its sets' envelopes but those it has an exception row for (revoked), and
    rows queued before schema 5, in cursor order."""
    start = max(after, device_cursor(conn, device_id))
    rows = conn.execute(
        "SELECT e.envelope_seq, e.envelope_id, e.sender_device_id, e.ciphertext,"
        " e.sent_at_ms, e.expires_at_ms FROM set_members m"
        " JOIN envelopes e ON e.set_id = m.set_id"
        " WHERE m.device_id = ? AND e.envelope_seq > ? AND e.ciphertext IS NOT NULL"
        " AND e.expires_at_ms > ? AND NOT EXISTS (SELECT 1 FROM deliveries x"
        "   WHERE x.envelope_seq = e.envelope_seq AND x.recipient_device_id = m.device_id)"
        " UNION ALL"
        " SELECT d.delivery_id, e.envelope_id, e.sender_device_id, e.ciphertext,"
        " e.sent_at_ms, e.expires_at_ms FROM deliveries d"
        " JOIN envelopes e ON e.envelope_seq = d.envelope_seq"
        " WHERE d.recipient_device_id = ? AND d.state = 'pending' AND d.delivery_id > ?"
        " AND e.expires_at_ms > ? AND e.ciphertext IS NOT NULL"
        " ORDER BY 1 LIMIT ?",
        (device_id, start, now_ms, device_id, start, now_ms, limit)).fetchall()
    return [QueuedEnvelope(c, i, s, bytes(ct), sent, exp) for c, i, s, ct, sent, exp in rows]


def queue_depth(conn: sqlite3.Connection, device_id: str) -> int:
    """Envelopes waiting for the device (expired ones until the purge, as before)."""
    (depth,) = conn.execute(
        "SELECT (SELECT count(*) FROM set_members m JOIN envelopes e ON e.set_id = m.set_id"
        "        WHERE m.device_id = :d AND e.ciphertext IS NOT NULL AND e.envelope_seq >"
        "        coalesce((SELECT acked_seq FROM device_cursors WHERE device_id = :d), 0))"
        " + (SELECT count(*) FROM deliveries WHERE recipient_device_id = :d"
        "    AND state = 'pending')", {"d": device_id}).fetchone()
    return int(depth)


def sender_share(conn: sqlite3.Connection, recipient: str, sender: str) -> int:
    """The sender's envelopes waiting in the recipient's queue."""
    (share,) = conn.execute(
        "SELECT (SELECT count(*) FROM set_members m JOIN envelopes e ON e.set_id = m.set_id"
        "        WHERE m.device_id = :r AND e.sender_device_id = :s"
        "        AND e.ciphertext IS NOT NULL AND e.envelope_seq >"
        "        coalesce((SELECT acked_seq FROM device_cursors WHERE device_id = :r), 0))"
        " + (SELECT count(*) FROM deliveries d JOIN envelopes e"
        "    ON e.envelope_seq = d.envelope_seq WHERE d.recipient_device_id = :r"
        "    AND d.state = 'pending' AND e.sender_device_id = :s)",
        {"r": recipient, "s": sender}).fetchone()
    return int(share)


@dataclass(frozen=True)
class Passed:
    """Envelopes a device's cursor moved past (acknowledged, or given up on at revocation)."""

    #: ``(sender, expired)`` per envelope: expired ones were not received.
    envelopes: tuple[tuple[str, bool], ...]
    #: Sequence numbers of those left with nobody waiting (ciphertext deleted).
    finished: tuple[int, ...]


def pass_envelopes(conn: sqlite3.Connection, device_id: str, after: int, up_to: int | None,
                   now_ms: int, *, give_up: bool = False) -> Passed:
    """The device is done with its sets' envelopes in (``after``, ``up_to``]
    (None: all): each one's ``waiting`` drops by one; one that had expired (or
    every one, when ``give_up``: the device was revoked) gets an exception row
    instead of counting as received. The cursor itself is the caller's to move."""
    bound = "" if up_to is None else " AND e.envelope_seq <= :up_to"
    rows = conn.execute(
        "UPDATE envelopes SET waiting = waiting - 1 WHERE envelope_seq IN"
        " (SELECT e.envelope_seq FROM set_members m JOIN envelopes e ON e.set_id = m.set_id"
        "  WHERE m.device_id = :d AND e.envelope_seq > :after AND e.ciphertext IS NOT NULL"
        f" {bound})"
        " RETURNING envelope_seq, sender_device_id, waiting, expires_at_ms",
        {"d": device_id, "after": after, "up_to": up_to}).fetchall()
    lost = [(device_id, seq) for seq, _s, _w, exp in rows if give_up or exp <= now_ms]
    if lost:
        record_expired(conn, lost)
    finished = tuple(int(seq) for seq, _s, waiting, _e in rows if waiting <= 0)
    if finished:
        # Nobody waits: the ciphertext goes now, and the metadata's life ends
        # now too (kept only for the status retention from here, issue 10 item 10).
        conn.executemany(
            "UPDATE envelopes SET ciphertext = NULL, expires_at_ms = min(expires_at_ms, ?)"
            " WHERE envelope_seq = ?", [(now_ms, seq) for seq in finished])
    return Passed(tuple((str(sender), give_up or exp <= now_ms)
                        for _seq, sender, _w, exp in rows), finished)


def move_cursor(conn: sqlite3.Connection, device_id: str, to: int) -> None:
    conn.execute("INSERT INTO device_cursors (device_id, acked_seq) VALUES (?, ?)"
                 " ON CONFLICT (device_id) DO UPDATE SET"
                 " acked_seq = max(acked_seq, excluded.acked_seq)", (device_id, to))


def expire_undelivered(conn: sqlite3.Connection, now_ms: int) -> list[tuple[str, str]]:
    """The purge's part: every recipient still waiting for an envelope that has
    now expired gets its exception row. Returns ``(recipient, sender)`` per row."""
    rows = conn.execute(
        "SELECT m.device_id, e.envelope_seq, e.sender_device_id FROM envelopes e"
        " JOIN set_members m ON m.set_id = e.set_id"
        " WHERE e.set_id IS NOT NULL AND e.ciphertext IS NOT NULL AND e.expires_at_ms <= ?"
        " AND e.envelope_seq > coalesce((SELECT acked_seq FROM device_cursors c"
        "                                WHERE c.device_id = m.device_id), 0)"
        " AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.envelope_seq = e.envelope_seq"
        "                 AND x.recipient_device_id = m.device_id)", (now_ms,)).fetchall()
    record_expired(conn, [(recipient, seq) for recipient, seq, _sender in rows])
    return [(str(recipient), str(sender)) for recipient, _seq, sender in rows]


def drop_unused_sets(conn: sqlite3.Connection) -> int:
    """Forget sets no retained envelope uses (their members were who-sent-to-whom)."""
    unused = "SELECT set_id FROM recipient_sets r WHERE NOT EXISTS" \
             " (SELECT 1 FROM envelopes e WHERE e.set_id = r.set_id)"
    conn.execute(f"DELETE FROM set_members WHERE set_id IN ({unused})")
    return conn.execute(f"DELETE FROM recipient_sets WHERE set_id IN ({unused})").rowcount


def states_of(conn: sqlite3.Connection, envelope_seq: int, set_id: int, expires_at_ms: int,
              now_ms: int) -> dict[str, DeliveryState]:
    """Each member's state: an exception row says ``expired``; a cursor at or past
    the envelope, ``delivered``; otherwise pending until it expires."""
    rows = conn.execute(
        "SELECT m.device_id, coalesce(c.acked_seq, 0), x.state FROM set_members m"
        " LEFT JOIN device_cursors c ON c.device_id = m.device_id"
        " LEFT JOIN deliveries x ON x.envelope_seq = ? AND x.recipient_device_id = m.device_id"
        " WHERE m.set_id = ?", (envelope_seq, set_id)).fetchall()
    states: dict[str, DeliveryState] = {}
    for recipient, acked, exception in rows:
        if exception is not None:
            states[recipient] = DeliveryState(exception)
        elif acked >= envelope_seq:
            states[recipient] = DeliveryState.DELIVERED
        elif expires_at_ms <= now_ms:
            states[recipient] = DeliveryState.EXPIRED
        else:
            states[recipient] = DeliveryState.PENDING
    return states


def upgrade_envelopes_table(conn: sqlite3.Connection) -> None:
    """Schema ≤ 4 → 5: ``envelopes`` rebuilt with ``AUTOINCREMENT`` and the new
    columns (SQLite cannot add either in place; the documented 12-step table
    change, https://www.sqlite.org/lang_altertable.html#otheralter), atomically.
    The sequence restarts above every queue cursor the old delivery rows used."""
    if conn.execute("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'envelopes'"
                    ).fetchone() is None:
        return  # made whole by the schema script afterwards
    # Foreign keys off, and the new table renamed to the old name (not the old
    # one renamed away): renaming a table rewrites the other tables' references
    # to it (``deliveries``), which must keep naming ``envelopes``.
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.executescript(
            "BEGIN IMMEDIATE;"
            + ENVELOPES_TABLE.format(name="envelopes_5") +
            " INSERT INTO envelopes_5 (envelope_seq, sender_device_id, envelope_id, ciphertext,"
            "  sent_at_ms, expires_at_ms) SELECT envelope_seq, sender_device_id, envelope_id,"
            "  ciphertext, sent_at_ms, expires_at_ms FROM envelopes;"
            " DROP TABLE envelopes;"
            " ALTER TABLE envelopes_5 RENAME TO envelopes;"
            " DELETE FROM sqlite_sequence WHERE name IN ('envelopes', 'envelopes_5');"
            " INSERT INTO sqlite_sequence (name, seq) SELECT 'envelopes', max("
            "  coalesce((SELECT max(envelope_seq) FROM envelopes), 0),"
            "  coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'deliveries'), 0));"
            " COMMIT;")
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
