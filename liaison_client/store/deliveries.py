"""Per recipient, how far each of this device's group messages has got.

``sent`` (the relay stored it) → ``delivered`` (the recipient fetched and
acknowledged it) or ``expired`` (its TTL ran out first). The relay's status
call (``POST /v1/envelopes/states``) supplies the last two; a message's own
state in ``messages`` summarises its rows here.

Rows are written once, when the relay has accepted the envelope, not when it
is queued: until then the message itself is ``queued`` and its outbox row holds
the recipient list, so writing (and then updating) a row per recipient at
encryption would only double a 200-member channel's per-send writes. Profiles
from before that change may still hold ``queued`` rows; :meth:`add_sent`
promotes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from liaison_client.store.database import Connection


class LocalDeliveryState(StrEnum):
    """One recipient's copy as this device records it: not the wire's
    :class:`liaison_client.protocol.delivery.DeliveryState`, on purpose. It also
    knows ``queued`` (the relay has not accepted the envelope yet), and it calls
    the relay's ``pending`` ``sent``, the value stored rows have always held.
    ``liaison_client.sync.delivery`` maps the relay's answer onto it."""

    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Delivery:
    message_id: str
    recipient_device_id: str
    envelope_id: str
    state: LocalDeliveryState
    updated_at_ms: int


class DeliveryRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add_sent(self, message_id: str, envelope_id: str, recipients: Iterable[str],
                 at_ms: int) -> None:
        """Record that the relay holds ``envelope_id`` for each of ``recipients``.

        One statement, the rows made by SQLite itself (``json_each``), each row
        written once: the only per-recipient work a send does on this device.
        A row already there is left alone unless it is a ``queued`` one from an
        older profile, which becomes ``sent``.
        """
        self._conn.execute(
            "INSERT INTO message_deliveries (message_id, recipient_device_id, envelope_id,"
            " state, updated_at_ms) SELECT ?, value, ?, 'sent', ? FROM json_each(?)"
            " WHERE true ON CONFLICT (message_id, recipient_device_id) DO UPDATE"
            " SET state = 'sent', updated_at_ms = excluded.updated_at_ms"
            " WHERE state = 'queued'",
            (message_id, envelope_id, at_ms, json.dumps(list(recipients))),
        )

    def set_state(self, envelope_id: str, recipient_device_id: str,
                  state: LocalDeliveryState, at_ms: int) -> None:
        self._conn.execute(
            "UPDATE message_deliveries SET state = ?, updated_at_ms = ?"
            " WHERE envelope_id = ? AND recipient_device_id = ? AND state != ?",
            (str(state), at_ms, envelope_id, recipient_device_id, str(state)),
        )

    def awaiting_delivery(self, *, limit: int = 100) -> list[str]:
        """Envelope ids the relay still holds for at least one recipient."""
        rows = self._conn.execute(
            "SELECT DISTINCT envelope_id FROM message_deliveries WHERE state = 'sent'"
            " LIMIT ?",
            (limit,),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def for_message(self, message_id: str) -> list[Delivery]:
        rows = self._conn.execute(
            "SELECT message_id, recipient_device_id, envelope_id, state, updated_at_ms"
            " FROM message_deliveries WHERE message_id = ? ORDER BY recipient_device_id",
            (message_id,),
        ).fetchall()
        return [Delivery(m, r, e, LocalDeliveryState(s), t) for m, r, e, s, t in rows]

    def message_of(self, envelope_id: str) -> str | None:
        row = self._conn.execute(
            "SELECT message_id FROM message_deliveries WHERE envelope_id = ? LIMIT 1",
            (envelope_id,),
        ).fetchone()
        return None if row is None else str(row[0])
