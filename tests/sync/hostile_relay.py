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
    delivery_id: int
    envelope_seq: int
    envelope_id: str
    sender_device_id: str
    recipient_device_id: str
    ciphertext: bytes

    @property
    def algorithm(self) -> str:
        return str(json.loads(self.ciphertext)["alg"])


class HostileRelay:
    def __init__(self, relay: RelayProcess) -> None:
        self._path = Path(relay.data_dir) / "relay.sqlite3"

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._path, isolation_level=None, timeout=10)
        conn.execute("PRAGMA busy_timeout = 10000")
        return conn

    def pending_for(self, recipient: str) -> list[QueuedCopy]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT d.delivery_id, e.envelope_seq, e.envelope_id, e.sender_device_id,"
                " d.recipient_device_id, e.ciphertext FROM deliveries d"
                " JOIN envelopes e ON e.envelope_seq = d.envelope_seq"
                " WHERE d.recipient_device_id = ? AND d.state = 'pending'"
                " ORDER BY d.delivery_id", (recipient,)).fetchall()
        return [QueuedCopy(int(d), int(seq), str(e), str(s), str(r), bytes(c))
                for d, seq, e, s, r, c in rows]

    def withhold(self, copy: QueuedCopy) -> None:
        """Take one recipient's copy out of its queue (to deliver it later, or never)."""
        with self._connect() as conn:
            conn.execute("DELETE FROM deliveries WHERE delivery_id = ?", (copy.delivery_id,))

    def deliver_later(self, copy: QueuedCopy) -> None:
        """Queue a withheld copy again, now at the end of the recipient's queue."""
        with self._connect() as conn:
            conn.execute("INSERT INTO deliveries (envelope_seq, recipient_device_id, state)"
                         " VALUES (?, ?, 'pending')", (copy.envelope_seq,
                                                       copy.recipient_device_id))

    def tamper(self, copy: QueuedCopy, ciphertext: bytes) -> None:
        with self._connect() as conn:
            conn.execute("UPDATE envelopes SET ciphertext = ? WHERE envelope_seq = ?",
                         (ciphertext, copy.envelope_seq))

    def replay(self, copy: QueuedCopy, new_envelope_id: str) -> None:
        """Deliver the same ciphertext again under a fresh envelope id, as its sender."""
        with self._connect() as conn:
            cursor = conn.execute(
                "INSERT INTO envelopes (sender_device_id, envelope_id, ciphertext, sent_at_ms,"
                " expires_at_ms) SELECT sender_device_id, ?, ciphertext, sent_at_ms,"
                " expires_at_ms FROM envelopes WHERE envelope_seq = ?",
                (new_envelope_id, copy.envelope_seq))
            conn.execute("INSERT INTO deliveries (envelope_seq, recipient_device_id, state)"
                         " VALUES (?, ?, 'pending')", (cursor.lastrowid,
                                                       copy.recipient_device_id))

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
