"""Snapshots of the watch-list op log this device received (migration 0011).

A ``watchlist.snapshot`` message forwards other members' signed operations to a
late joiner (docs/WATCHLISTS.md, "Late joiners: the snapshot"). Its operations
that verify go to :mod:`.watchlist_ops` like any received operation; this module
keeps what each part brought (so a replayed part is refused) and the operations
refused, with why, for the officer to see.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.store.database import Connection


@dataclass(frozen=True)
class SnapshotPart:
    message_id: str
    channel_id: str
    sender_device_id: str
    snapshot_id: str
    part: int
    parts: int
    #: Operations the part carried, how many were new here, how many were refused.
    operations: int
    added: int
    refused: int
    received_at_ms: int


@dataclass(frozen=True)
class SnapshotRefusal:
    """One operation of a snapshot refused here: never stored, never folded."""

    message_id: str
    position: int
    channel_id: str
    sender_device_id: str
    op_id: str | None
    #: A :class:`~liaison_client.crypto.rejection.Rejection` value (``bad-signature``...).
    reason: str
    detail: str
    recorded_at_ms: int


class WatchlistSnapshotRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add_part(self, part: SnapshotPart) -> bool:
        """Record a folded part; False if its message id is already here (a replay)."""
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO watchlist_snapshot_parts (message_id, channel_id,"
            " sender_device_id, snapshot_id, part, parts, operations, added, refused,"
            " received_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (part.message_id, part.channel_id, part.sender_device_id, part.snapshot_id,
             part.part, part.parts, part.operations, part.added, part.refused,
             part.received_at_ms),
        )
        return bool(cursor.rowcount)

    def has_part(self, message_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM watchlist_snapshot_parts WHERE message_id = ?",
                                  (message_id,)).fetchone() is not None

    def parts(self, channel_id: str) -> list[SnapshotPart]:
        rows = self._conn.execute(
            "SELECT message_id, channel_id, sender_device_id, snapshot_id, part, parts,"
            " operations, added, refused, received_at_ms FROM watchlist_snapshot_parts"
            " WHERE channel_id = ? ORDER BY received_at_ms, snapshot_id, part", (channel_id,),
        ).fetchall()
        return [SnapshotPart(*row) for row in rows]

    def progress(self, channel_id: str, sender_device_id: str,
                 snapshot_id: str) -> tuple[int, int]:
        """(parts folded, operations they added) of one sender's snapshot."""
        row = self._conn.execute(
            "SELECT count(*), coalesce(sum(added), 0) FROM watchlist_snapshot_parts"
            " WHERE channel_id = ? AND sender_device_id = ? AND snapshot_id = ?",
            (channel_id, sender_device_id, snapshot_id)).fetchone()
        return int(row[0]), int(row[1])

    def added_by_snapshots_like(self, channel_id: str, prefix: str) -> int:
        """Operations added here by the parts whose snapshot id starts with ``prefix``."""
        row = self._conn.execute(
            "SELECT coalesce(sum(added), 0) FROM watchlist_snapshot_parts"
            " WHERE channel_id = ? AND substr(snapshot_id, 1, ?) = ?",
            (channel_id, len(prefix), prefix)).fetchone()
        return int(row[0])

    def refuse(self, refusal: SnapshotRefusal) -> None:
        self._conn.execute(
            "INSERT OR IGNORE INTO watchlist_snapshot_refusals (message_id, position,"
            " channel_id, sender_device_id, op_id, reason, detail, recorded_at_ms)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (refusal.message_id, refusal.position, refusal.channel_id,
             refusal.sender_device_id, refusal.op_id, refusal.reason, refusal.detail[:500],
             refusal.recorded_at_ms),
        )

    def refusals(self, channel_id: str) -> list[SnapshotRefusal]:
        rows = self._conn.execute(
            "SELECT message_id, position, channel_id, sender_device_id, op_id, reason, detail,"
            " recorded_at_ms FROM watchlist_snapshot_refusals WHERE channel_id = ?"
            " ORDER BY recorded_at_ms, message_id, position", (channel_id,),
        ).fetchall()
        return [SnapshotRefusal(*row) for row in rows]
