"""The watch-list op log: every operation this device holds, per channel.

Rows are written by the ``watchlist.op`` handler inside the decryption's
transaction and by the watch-list service when it composes its own; the
service folds them (liaison_client.watchlists.merge) and never stores lists.
Each row also keeps the complete signed message that carried the operation
(migration 0011), so the operation can be forwarded to a late joiner, who checks
the author's signature itself (docs/WATCHLISTS.md, "Late joiners: the snapshot").
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
    #: The signed channel message (canonical JSON) that carried it; None before it is
    #: signed (an own operation still in the outbox) or for a row older than 0011.
    signed_message: str | None = None


@dataclass(frozen=True)
class ForwardableOperation:
    """An operation as a snapshot forwards it: its id and its signed message."""

    op_id: str
    lamport: int
    signed_message: str


class WatchlistOpRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, op: StoredOperation) -> bool:
        """Store ``op``; False if its op id or message id is already here (a replay)."""
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO watchlist_ops (op_id, message_id, channel_id, device_id,"
            " lamport, body, recorded_at_ms, signed_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (op.op_id, op.message_id, op.channel_id, op.device_id, op.lamport, op.body,
             op.recorded_at_ms, op.signed_message),
        )
        return bool(cursor.rowcount)

    def has(self, op_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM watchlist_ops WHERE op_id = ?",
                                  (op_id,)).fetchone() is not None

    def set_signed(self, message_id: str, signed_message: str, at_ms: int) -> bool:
        """Keep the signed message of an own operation once the sync engine signed it
        (a message id of another folded kind changes nothing: False)."""
        cursor = self._conn.execute(
            "UPDATE watchlist_ops SET signed_message = ?, signed_at_ms = ? WHERE message_id = ?",
            (signed_message, at_ms, message_id))
        return bool(cursor.rowcount)

    def signed_since(self, channel_id: str, since_ms: int) -> list[ForwardableOperation]:
        """This device's own operations of the channel signed at or after ``since_ms``."""
        rows = self._conn.execute(
            "SELECT op_id, lamport, signed_message FROM watchlist_ops"
            " WHERE channel_id = ? AND signed_at_ms >= ? AND signed_message IS NOT NULL"
            " ORDER BY lamport, device_id, op_id", (channel_id, since_ms),
        ).fetchall()
        return [ForwardableOperation(*row) for row in rows]

    def fill_signed(self, op_id: str, message_id: str, signed_message: str) -> None:
        """Keep a verified signed message for a row that lacks it (stored before 0011)."""
        self._conn.execute(
            "UPDATE watchlist_ops SET signed_message = ? WHERE op_id = ? AND message_id = ?"
            " AND signed_message IS NULL", (signed_message, op_id, message_id))

    def forwardable(self, channel_id: str) -> list[ForwardableOperation]:
        """The channel's operations that can be forwarded (their signed message is
        kept), in the fold's order."""
        rows = self._conn.execute(
            "SELECT op_id, lamport, signed_message FROM watchlist_ops"
            " WHERE channel_id = ? AND signed_message IS NOT NULL"
            " ORDER BY lamport, device_id, op_id", (channel_id,),
        ).fetchall()
        return [ForwardableOperation(*row) for row in rows]

    def unforwardable_count(self, channel_id: str) -> int:
        """Operations without a kept signed message (stored before migration 0011, or
        own ones not yet signed): a snapshot cannot carry them."""
        row = self._conn.execute(
            "SELECT count(*) FROM watchlist_ops WHERE channel_id = ? AND signed_message IS NULL",
            (channel_id,)).fetchone()
        return int(row[0])

    def op_ids(self, channel_id: str) -> list[str]:
        """Every op id of the channel this device holds (what a digest summarises)."""
        rows = self._conn.execute("SELECT op_id FROM watchlist_ops WHERE channel_id = ?",
                                  (channel_id,)).fetchall()
        return [row[0] for row in rows]

    def without_signed(self, channel_id: str) -> set[str]:
        """Op ids of the channel held without their signed message (not forwardable)."""
        rows = self._conn.execute(
            "SELECT op_id FROM watchlist_ops WHERE channel_id = ? AND signed_message IS NULL",
            (channel_id,)).fetchall()
        return {row[0] for row in rows}

    def in_channel(self, channel_id: str) -> list[StoredOperation]:
        rows = self._conn.execute(
            "SELECT op_id, message_id, channel_id, device_id, lamport, body, recorded_at_ms,"
            " signed_message FROM watchlist_ops WHERE channel_id = ?"
            " ORDER BY lamport, device_id, op_id",
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
