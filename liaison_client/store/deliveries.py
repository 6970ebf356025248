"""Per recipient, how far each of this device's group messages has got.

``queued`` (in the outbox) → ``sent`` (the relay stored it) → ``delivered``
(the recipient fetched and acknowledged it) or ``expired`` (its TTL ran out
first). The relay's status call (``POST /v1/envelopes/states``) supplies the
last two; a message's own state in ``messages`` summarises its rows here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from liaison_client.store.database import Connection


class DeliveryState(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Delivery:
    message_id: str
    recipient_device_id: str
    envelope_id: str
    state: DeliveryState
    updated_at_ms: int


class DeliveryRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add_queued(self, message_id: str, envelope_id: str, recipients: Iterable[str],
                   at_ms: int) -> None:
        self._conn.executemany(
            "INSERT INTO message_deliveries (message_id, recipient_device_id, envelope_id,"
            " state, updated_at_ms) VALUES (?, ?, ?, 'queued', ?) ON CONFLICT DO NOTHING",
            [(message_id, r, envelope_id, at_ms) for r in recipients],
        )

    def mark_sent(self, envelope_ids: list[str], at_ms: int) -> None:
        self._conn.executemany(
            "UPDATE message_deliveries SET state = 'sent', updated_at_ms = ?"
            " WHERE envelope_id = ? AND state = 'queued'",
            [(at_ms, e) for e in envelope_ids],
        )

    def set_state(self, envelope_id: str, recipient_device_id: str, state: DeliveryState,
                  at_ms: int) -> None:
        self._conn.execute(
            "UPDATE message_deliveries SET state = ?, updated_at_ms = ?"
            " WHERE envelope_id = ? AND recipient_device_id = ? AND state != ?",
            (str(state), at_ms, envelope_id, recipient_device_id, str(state)),
        )

    def awaiting_delivery(self, *, limit: int = 100) -> list[str]:
        """Envelope ids the relay holds for at least one recipient, oldest first."""
        rows = self._conn.execute(
            "SELECT envelope_id FROM message_deliveries WHERE state = 'sent'"
            " GROUP BY envelope_id ORDER BY min(updated_at_ms) LIMIT ?",
            (limit,),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def for_message(self, message_id: str) -> list[Delivery]:
        rows = self._conn.execute(
            "SELECT message_id, recipient_device_id, envelope_id, state, updated_at_ms"
            " FROM message_deliveries WHERE message_id = ? ORDER BY recipient_device_id",
            (message_id,),
        ).fetchall()
        return [Delivery(m, r, e, DeliveryState(s), t) for m, r, e, s, t in rows]

    def message_of(self, envelope_id: str) -> str | None:
        row = self._conn.execute(
            "SELECT message_id FROM message_deliveries WHERE envelope_id = ? LIMIT 1",
            (envelope_id,),
        ).fetchone()
        return None if row is None else str(row[0])
