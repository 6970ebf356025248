"""Who has read this device's own messages (read receipts, migration 0013).

Written by the ``receipt.read`` handler (``workspace/read_receipts.py``) inside
the decrypting transaction, read by "Message details". Only the first receipt
of a reader for a message counts: its time is when the officer first read it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from liaison_client.store.database import Connection


@dataclass(frozen=True)
class MessageRead:
    message_id: str
    reader_device_id: str
    #: The reader's signed time of the receipt.
    read_at_ms: int


class MessageReadRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def record(self, channel_id: str, reader_device_id: str, read_at_ms: int,
               message_ids: Iterable[str], *, own_device_id: str) -> int:
        """Record that ``reader_device_id`` read ``message_ids``; returns how many rows
        were new. Ids that are not this device's messages of ``channel_id`` (another
        member's, another operation's, one deleted here) are skipped, not errors:
        a receipt names everything its reader read."""
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO message_reads (message_id, reader_device_id, read_at_ms)"
            " SELECT m.message_id, ?, ? FROM messages m"
            " WHERE m.message_id IN (SELECT value FROM json_each(?))"
            " AND m.channel_id = ? AND m.sender_device_id = ? AND m.sender_device_id != ?",
            (reader_device_id, read_at_ms, json.dumps(list(message_ids)), channel_id,
             own_device_id, reader_device_id),
        )
        return int(cursor.rowcount)

    def for_message(self, message_id: str) -> list[MessageRead]:
        """Who read ``message_id``, first reader first."""
        rows = self._conn.execute(
            "SELECT message_id, reader_device_id, read_at_ms FROM message_reads"
            " WHERE message_id = ? ORDER BY read_at_ms, reader_device_id", (message_id,),
        ).fetchall()
        return [MessageRead(str(r[0]), str(r[1]), int(r[2])) for r in rows]
