"""The outbox and the inbox: the two places where nothing may be lost.

The outbox holds envelopes accepted from the user until the relay accepts
them; the inbox holds envelopes fetched from the relay until they have been
processed, so the relay can be acknowledged as soon as they are stored.
"""

from __future__ import annotations

import json
from typing import Any

from liaison_client.store.database import Connection
from liaison_client.store.records import InboxItem, OutboxItem, now_ms


class OutboxRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def put(self, item: OutboxItem) -> None:
        """Queue an envelope; queuing the same ``envelope_id`` twice keeps the first."""
        self._conn.execute(
            "INSERT INTO outbox (envelope_id, message_id, recipients, payload, created_at_ms)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (envelope_id) DO NOTHING",
            (item.envelope_id, item.message_id, json.dumps(list(item.recipients)),
             item.payload, item.created_at_ms or now_ms()),
        )

    def due(self, *, limit: int = 100, at_ms: int | None = None) -> list[OutboxItem]:
        """Envelopes whose next attempt is due, oldest first (none set aside)."""
        rows = self._conn.execute(
            "SELECT envelope_id, recipients, payload, message_id, attempts,"
            " next_attempt_at_ms, last_error, created_at_ms FROM outbox"
            " WHERE set_aside_at_ms IS NULL AND next_attempt_at_ms <= ? ORDER BY seq LIMIT ?",
            (now_ms() if at_ms is None else at_ms, limit),
        ).fetchall()
        return [_outbox_item(row) for row in rows]

    def count(self) -> int:
        """Envelopes still to go out (the ones set aside will not go by themselves)."""
        return int(self._conn.execute(
            "SELECT count(*) FROM outbox WHERE set_aside_at_ms IS NULL").fetchone()[0])

    def set_aside(self, envelope_id: str, reason: str, at_ms: int) -> None:
        """Stop retrying an envelope the relay refused for good; it stays, with why."""
        self._conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, set_aside_at_ms = ?"
            " WHERE envelope_id = ?",
            (reason, at_ms, envelope_id),
        )

    def set_aside_channel(self, channel_id: str, reason: str, at_ms: int) -> int:
        """Set aside every waiting envelope of ``channel_id``'s messages (the channel
        closed before they left); control envelopes (no message) still go."""
        cursor = self._conn.execute(
            "UPDATE outbox SET last_error = ?, set_aside_at_ms = ?"
            " WHERE set_aside_at_ms IS NULL AND message_id IN"
            " (SELECT message_id FROM messages WHERE channel_id = ?)",
            (reason, at_ms, channel_id),
        )
        return int(cursor.rowcount)

    def remove_channel_messages(self, channel_id: str) -> int:
        """Drop the envelopes of ``channel_id``'s messages (its history was deleted)."""
        cursor = self._conn.execute(
            "DELETE FROM outbox WHERE message_id IN"
            " (SELECT message_id FROM messages WHERE channel_id = ?)", (channel_id,))
        return int(cursor.rowcount)

    def set_aside_reason(self, message_id: str) -> str | None:
        """Why the relay refused ``message_id``'s envelope for good, if it did."""
        row = self._conn.execute(
            "SELECT last_error FROM outbox WHERE message_id = ? AND set_aside_at_ms IS NOT NULL"
            " LIMIT 1", (message_id,)).fetchone()
        return None if row is None else str(row[0] or "")

    def retry_message(self, message_id: str, at_ms: int) -> int:
        """The officer asked to send ``message_id`` again: its envelopes (set aside or
        waiting out a back-off) are due at ``at_ms``. Returns how many envelopes."""
        cursor = self._conn.execute(
            "UPDATE outbox SET set_aside_at_ms = NULL, next_attempt_at_ms = ?"
            " WHERE message_id = ?", (at_ms, message_id))
        return int(cursor.rowcount)

    def remove_message(self, message_id: str) -> int:
        """Drop ``message_id``'s envelopes (the officer deleted it before it left)."""
        cursor = self._conn.execute("DELETE FROM outbox WHERE message_id = ?", (message_id,))
        return int(cursor.rowcount)

    def recipients_of(self, message_id: str) -> list[str]:
        """The devices ``message_id``'s waiting envelope is encrypted for."""
        row = self._conn.execute(
            "SELECT recipients FROM outbox WHERE message_id = ? ORDER BY seq LIMIT 1",
            (message_id,)).fetchone()
        return [] if row is None else [str(device) for device in json.loads(row[0])]

    def record_failure(self, envelope_id: str, error: str, retry_at_ms: int) -> None:
        self._conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at_ms = ?"
            " WHERE envelope_id = ?",
            (error, retry_at_ms, envelope_id),
        )

    def remove(self, envelope_ids: list[str]) -> None:
        self._conn.executemany(
            "DELETE FROM outbox WHERE envelope_id = ?", [(e,) for e in envelope_ids]
        )


class InboxRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def put_many(self, items: list[InboxItem]) -> int:
        """Store fetched envelopes; ones already held are ignored. Returns how many were new."""
        received = now_ms()
        added = 0
        for item in items:
            cursor = self._conn.execute(
                "INSERT INTO inbox (envelope_id, sender_device_id, payload, received_at_ms)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (envelope_id) DO NOTHING",
                (item.envelope_id, item.sender_device_id, item.payload,
                 item.received_at_ms or received),
            )
            added += cursor.rowcount
        return added

    def pending(self, *, limit: int = 500) -> list[InboxItem]:
        rows = self._conn.execute(
            "SELECT envelope_id, sender_device_id, payload, received_at_ms FROM inbox"
            " ORDER BY received_at_ms, rowid LIMIT ?",
            (limit,),
        ).fetchall()
        return [InboxItem(e, s, bytes(p), r) for e, s, p, r in rows]

    def remove(self, envelope_ids: list[str]) -> None:
        self._conn.executemany(
            "DELETE FROM inbox WHERE envelope_id = ?", [(e,) for e in envelope_ids]
        )


def _outbox_item(row: Any) -> OutboxItem:
    envelope_id, recipients, payload, message_id, attempts, next_at, error, created = row
    return OutboxItem(
        envelope_id=envelope_id, recipients=tuple(json.loads(recipients)), payload=bytes(payload),
        message_id=message_id, attempts=attempts, next_attempt_at_ms=next_at, last_error=error,
        created_at_ms=created,
    )
