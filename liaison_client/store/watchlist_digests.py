"""Watch-list digests sent and heard, and what was forwarded for them (migration 0012).

A ``watchlist.digest`` summarises the op ids a member holds (anti-entropy,
docs/WATCHLISTS.md "Anti-entropy: finding what a snapshot left out"). This
module keeps each digest this device sent or compared (so a replay is refused
and ``liaison watchlist status`` can say whether the logs matched) and which
operations it forwarded to which member (so the same operation is not forwarded
to the same member again and again).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from liaison_client.store.database import Connection


@dataclass(frozen=True)
class DigestRecord:
    message_id: str
    channel_id: str
    sender_device_id: str
    own: bool
    digest_id: str
    reply_to: str | None
    op_count: int
    ids_hash: str
    #: For a received digest: the two logs held the same ids when it was compared.
    matched: bool | None
    #: Operations here the announcer lacked, how many were forwarded (the rest: sent
    #: to it within the last day already, or unforwardable), how many could not be
    #: (no signed message kept), and how many the announcer held that this device lacked.
    they_lack: int | None
    forwarded: int | None
    unforwardable: int | None
    we_lack: int | None
    recorded_at_ms: int


_COLUMNS = ("message_id, channel_id, sender_device_id, own, digest_id, reply_to, op_count,"
            " ids_hash, matched, they_lack, forwarded, unforwardable, we_lack, recorded_at_ms")


class WatchlistDigestRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, record: DigestRecord) -> bool:
        """Record a digest; False if its message id is already here (a replay)."""
        cursor = self._conn.execute(
            f"INSERT OR IGNORE INTO watchlist_digests ({_COLUMNS})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record.message_id, record.channel_id, record.sender_device_id, int(record.own),
             record.digest_id, record.reply_to, record.op_count, record.ids_hash,
             None if record.matched is None else int(record.matched), record.they_lack,
             record.forwarded, record.unforwardable, record.we_lack, record.recorded_at_ms))
        return bool(cursor.rowcount)

    def has(self, message_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM watchlist_digests WHERE message_id = ?",
                                  (message_id,)).fetchone() is not None

    def in_channel(self, channel_id: str) -> list[DigestRecord]:
        """Every digest of the channel, oldest first."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM watchlist_digests WHERE channel_id = ?"
            " ORDER BY recorded_at_ms, rowid", (channel_id,)).fetchall()
        return [DigestRecord(row[0], row[1], row[2], bool(row[3]), row[4], row[5], row[6],
                             row[7], None if row[8] is None else bool(row[8]), *row[9:])
                for row in rows]

    def last_own_root_at(self, channel_id: str) -> int | None:
        """When this device last announced a digest of its own accord (not a reply)."""
        row = self._conn.execute(
            "SELECT max(recorded_at_ms) FROM watchlist_digests WHERE channel_id = ?"
            " AND own = 1 AND reply_to IS NULL", (channel_id,)).fetchone()
        return None if row[0] is None else int(row[0])

    def forwarded_since(self, channel_id: str, to_device_id: str, since_ms: int) -> set[str]:
        """Op ids forwarded to ``to_device_id`` because of a digest at or after ``since_ms``."""
        rows = self._conn.execute(
            "SELECT op_id FROM watchlist_digest_forwards WHERE channel_id = ?"
            " AND to_device_id = ? AND forwarded_at_ms >= ?",
            (channel_id, to_device_id, since_ms)).fetchall()
        return {row[0] for row in rows}

    def record_forwards(self, channel_id: str, to_device_id: str, op_ids: Iterable[str],
                        at_ms: int) -> None:
        self._conn.executemany(
            "INSERT INTO watchlist_digest_forwards (channel_id, to_device_id, op_id,"
            " forwarded_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT (channel_id, to_device_id,"
            " op_id) DO UPDATE SET forwarded_at_ms = excluded.forwarded_at_ms",
            [(channel_id, to_device_id, op_id, at_ms) for op_id in op_ids])
