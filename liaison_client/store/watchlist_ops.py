"""The watch-list op log: every operation this device holds, per channel.

Rows are written by the ``watchlist.op`` handler inside the decryption's
transaction and by the watch-list service when it composes its own; the
service folds them (liaison_client.watchlists.merge) and never stores lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.store.database import Connection


@dataclass(frozen=True)
class StoredOperation:
    op_id: str
    message_id: str
    channel_id: str
    device_id: str
    lamport: int
    #: The canonical operation JSON (the signed message body).
    body: str
    recorded_at_ms: int


class WatchlistOpRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, op: StoredOperation) -> bool:
        """Store ``op``; False if its op id or message id is already here (a replay)."""
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO watchlist_ops (op_id, message_id, channel_id, device_id,"
            " lamport, body, recorded_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (op.op_id, op.message_id, op.channel_id, op.device_id, op.lamport, op.body,
             op.recorded_at_ms),
        )
        return bool(cursor.rowcount)

    def in_channel(self, channel_id: str) -> list[StoredOperation]:
        rows = self._conn.execute(
            "SELECT op_id, message_id, channel_id, device_id, lamport, body, recorded_at_ms"
            " FROM watchlist_ops WHERE channel_id = ? ORDER BY lamport, device_id, op_id",
            (channel_id,),
        ).fetchall()
        return [StoredOperation(*row) for row in rows]

    def version(self, channel_id: str) -> tuple[int, int]:
        """(row count, highest Lamport time) of a channel: changes whenever an op arrives."""
        row = self._conn.execute(
            "SELECT count(*), coalesce(max(lamport), 0) FROM watchlist_ops WHERE channel_id = ?",
            (channel_id,),
        ).fetchone()
        return int(row[0]), int(row[1])
