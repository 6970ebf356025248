"""The relay as an adversary: edits to its database while the real process runs.

The relay is zero-trust: whatever it does to the queued ciphertexts — hold
one back, reorder, alter bytes, deliver a copy again under a new id — must
never produce a message an officer takes for genuine. These helpers do
exactly those things to the live relay's SQLite database (WAL mode, so the
running relay process sees the changes on its next read).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tests.relay.relay_process import RelayProcess


@dataclass(frozen=True)
class QueuedCopy:
    """One envelope as it waits in one recipient's queue."""

    cursor: int
    envelope_seq: int
    envelope_id: str
    sender_device_id: str
    recipient_device_id: str
    ciphertext: bytes

    @property
    def algorithm(self) -> str:
        return str(json.loads(self.ciphertext)["alg"])


class HostileRelay:
    """Edits in the relay's own layout (``liaison_client.relay.sqlite_queues``):
    an envelope is one row read by every member of its recipient set; a
    recipient's queue is its sets' envelopes after its cursor, plus any
    per-recipient ``deliveries`` row still pending (the layout before schema 5,
    which the relay keeps serving, and which these edits use to put one
    recipient's copy wherever they like)."""

    def __init__(self, relay: RelayProcess) -> None:
        self._path = Path(relay.data_dir) / "relay.sqlite3"

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._path, isolation_level=None, timeout=10)
        conn.execute("PRAGMA busy_timeout = 10000")
        return conn

    def pending_for(self, recipient: str) -> list[QueuedCopy]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT e.envelope_seq, e.envelope_seq, e.envelope_id, e.sender_device_id,"
                " m.device_id, e.ciphertext FROM set_members m"
                " JOIN envelopes e ON e.set_id = m.set_id"
                " WHERE m.device_id = :r AND e.ciphertext IS NOT NULL AND e.envelope_seq >"
                " coalesce((SELECT acked_seq FROM device_cursors WHERE device_id = :r), 0)"
                " AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.envelope_seq ="
                "   e.envelope_seq AND x.recipient_device_id = :r)"
                " UNION ALL"
                " SELECT d.delivery_id, e.envelope_seq, e.envelope_id, e.sender_device_id,"
                " d.recipient_device_id, e.ciphertext FROM deliveries d"
                " JOIN envelopes e ON e.envelope_seq = d.envelope_seq"
                " WHERE d.recipient_device_id = :r AND d.state = 'pending'"
                " AND e.ciphertext IS NOT NULL ORDER BY 1", {"r": recipient}).fetchall()
        return [QueuedCopy(int(d), int(seq), str(e), str(s), str(r), bytes(c))
                for d, seq, e, s, r, c in rows]

    def withhold(self, copy: QueuedCopy) -> None:
        """Take one recipient's copy out of its queue (to deliver it later, or never):
        the envelope now names a set without that recipient."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("DELETE FROM deliveries WHERE delivery_id = ? AND state = 'pending'",
                         (copy.cursor,))
            (set_id,) = conn.execute("SELECT set_id FROM envelopes WHERE envelope_seq = ?",
                                     (copy.envelope_seq,)).fetchone()
            if set_id is not None:
                # A set of the hostile relay's own (its digest matches no real list).
                (narrower,) = conn.execute(
                    "INSERT INTO recipient_sets (members_sha256) VALUES (randomblob(32))"
                    " RETURNING set_id").fetchone()
                conn.execute("INSERT INTO set_members SELECT device_id, ? FROM set_members"
                             " WHERE set_id = ? AND device_id != ?",
                             (narrower, set_id, copy.recipient_device_id))
                conn.execute("UPDATE envelopes SET set_id = ? WHERE envelope_seq = ?",
                             (narrower, copy.envelope_seq))
            conn.execute("COMMIT")

    def deliver_later(self, copy: QueuedCopy) -> None:
        """Queue a withheld copy again, now at the end of the recipient's queue."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            self._queue_at_end(conn, copy.envelope_seq, copy.recipient_device_id)
            conn.execute("COMMIT")

    @staticmethod
    def _queue_at_end(conn: sqlite3.Connection, envelope_seq: int, recipient: str) -> None:
        """A pending row for one recipient, its cursor after every cursor handed out
        (the envelope sequence moves past it, so later envelopes still come after)."""
        (cursor,) = conn.execute(
            "SELECT max(seq) + 1 FROM sqlite_sequence WHERE name IN ('envelopes', 'deliveries')"
        ).fetchone()
        conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'envelopes'", (cursor,))
        conn.execute("INSERT INTO deliveries (delivery_id, envelope_seq, recipient_device_id,"
                     " state) VALUES (?, ?, ?, 'pending')", (cursor, envelope_seq, recipient))

    def tamper(self, copy: QueuedCopy, ciphertext: bytes) -> None:
        with self._connect() as conn:
            conn.execute("UPDATE envelopes SET ciphertext = ? WHERE envelope_seq = ?",
                         (ciphertext, copy.envelope_seq))

    def replay(self, copy: QueuedCopy, new_envelope_id: str) -> None:
        """Deliver the same ciphertext again under a fresh envelope id, as its sender."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            cursor = conn.execute(
                "INSERT INTO envelopes (sender_device_id, envelope_id, ciphertext, sent_at_ms,"
                " expires_at_ms) SELECT sender_device_id, ?, ciphertext, sent_at_ms,"
                " expires_at_ms FROM envelopes WHERE envelope_seq = ?",
                (new_envelope_id, copy.envelope_seq))
            assert cursor.lastrowid is not None
            self._queue_at_end(conn, cursor.lastrowid, copy.recipient_device_id)
            conn.execute("COMMIT")

    def rename_device(self, device_id: str, name: str) -> None:
        """Change the name in a device's stored profile, keeping the device's signature."""
        with self._connect() as conn:
            conn.execute("UPDATE devices SET profile_name = ?, name_folded = ?"
                         " WHERE device_id = ?", (name, name.casefold(), device_id))

    def drop_profile(self, device_id: str) -> None:
        """Forget a device's profile, as a relay database from before profiles holds none."""
        with self._connect() as conn:
            conn.execute("UPDATE devices SET profile_name = NULL, profile_agency = NULL,"
                         " profile_issued_at_ms = NULL, profile_signature = NULL,"
                         " name_folded = NULL WHERE device_id = ?", (device_id,))
