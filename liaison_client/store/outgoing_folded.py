"""Folded-kind messages this device composed and has not yet encrypted.

The counterpart of :mod:`.outgoing` for kinds that never become a timeline row
(docs/CRYPTO.md, "Message kinds"): the body waits here, committed with the
state it changes (a watch-list operation with its op-log row), until the sync
engine signs and encrypts it and removes the row in the outbox's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.store.database import Connection


@dataclass(frozen=True)
class OutgoingFolded:
    message_id: str
    channel_id: str
    kind: str
    #: The canonical body (what the signature will cover).
    content: str
    composed_at_ms: int


class OutgoingFoldedRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, message: OutgoingFolded) -> None:
        self._conn.execute(
            "INSERT INTO outgoing_folded (message_id, channel_id, kind, content, composed_at_ms)"
            " VALUES (?, ?, ?, ?, ?)",
            (message.message_id, message.channel_id, message.kind, message.content,
             message.composed_at_ms),
        )

    def all(self, *, limit: int = 1000) -> list[OutgoingFolded]:
        """Oldest first, so operations leave in the order they were made."""
        rows = self._conn.execute(
            "SELECT message_id, channel_id, kind, content, composed_at_ms FROM outgoing_folded"
            " ORDER BY composed_at_ms, rowid LIMIT ?", (limit,),
        ).fetchall()
        return [OutgoingFolded(*row) for row in rows]

    def remove(self, message_id: str) -> None:
        self._conn.execute("DELETE FROM outgoing_folded WHERE message_id = ?", (message_id,))

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM outgoing_folded").fetchone()[0])
