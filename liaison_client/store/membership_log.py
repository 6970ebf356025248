"""Each channel's membership log: the signed control events, in epoch order.

Rows are written only after :mod:`liaison_client.channels.membership` has
validated the event against the chain; the stored bytes are the event's
canonical encoding, so the chain can be re-verified (or handed to a new
member) exactly as it was signed.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.store.database import Connection


@dataclass(frozen=True)
class StoredControlEvent:
    channel_id: str
    epoch: int
    event_hash: str
    event: bytes


class MembershipLogRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def append(self, event: StoredControlEvent) -> None:
        """Add the next event; the (channel, epoch) key refuses a second event per epoch."""
        self._conn.execute(
            "INSERT INTO membership_events (channel_id, epoch, event_hash, event)"
            " VALUES (?, ?, ?, ?)",
            (event.channel_id, event.epoch, event.event_hash, event.event),
        )

    def chain(self, channel_id: str) -> list[StoredControlEvent]:
        rows = self._conn.execute(
            "SELECT channel_id, epoch, event_hash, event FROM membership_events"
            " WHERE channel_id = ? ORDER BY epoch",
            (channel_id,),
        ).fetchall()
        return [StoredControlEvent(c, e, h, bytes(b)) for c, e, h, b in rows]

    def head_epoch(self, channel_id: str) -> int | None:
        row = self._conn.execute(
            "SELECT max(epoch) FROM membership_events WHERE channel_id = ?", (channel_id,)
        ).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def channel_ids(self) -> list[str]:
        rows = self._conn.execute(
            "SELECT DISTINCT channel_id FROM membership_events ORDER BY channel_id"
        ).fetchall()
        return [str(row[0]) for row in rows]
