"""Sent messages waiting to be encrypted into outbox envelopes.

A message the officer sends is stored at once (its ``messages`` row, state
``queued``) with a row here; the sync engine encrypts it when it can (a
pairwise session may first need a one-time key from the relay) and removes
the row in the transaction that writes the outbox envelopes. So a message is
never lost between the keyboard and the relay, and never encrypted twice.
A message with several encrypted files (a seizure's photos) lists them in
``outgoing_blobs`` (migration 0010), each removed once uploaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from liaison_client.store.database import Connection


@dataclass(frozen=True)
class OutgoingMessage:
    message_id: str
    channel_id: str
    #: SHA-256 of an encrypted attachment file still to upload, if any.
    blob_sha256: str | None
    created_at_ms: int


class OutgoingMessageRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, message: OutgoingMessage) -> None:
        self._conn.execute(
            "INSERT INTO outgoing_messages (message_id, channel_id, blob_sha256, created_at_ms)"
            " VALUES (?, ?, ?, ?)",
            (message.message_id, message.channel_id, message.blob_sha256,
             message.created_at_ms),
        )

    def all(self, *, limit: int = 1000) -> list[OutgoingMessage]:
        """Oldest first, so messages leave in the order they were written."""
        rows = self._conn.execute(
            "SELECT message_id, channel_id, blob_sha256, created_at_ms FROM outgoing_messages"
            " ORDER BY created_at_ms, rowid LIMIT ?",
            (limit,),
        ).fetchall()
        return [OutgoingMessage(*row) for row in rows]

    def clear_blob(self, message_id: str) -> None:
        """The attachment is on the relay: only the message remains to encrypt."""
        self._conn.execute(
            "UPDATE outgoing_messages SET blob_sha256 = NULL WHERE message_id = ?", (message_id,)
        )

    def add_blobs(self, message_id: str, blob_sha256s: Sequence[str]) -> None:
        """Several encrypted files the message must upload first (a seizure's photos;
        migration 0010), in the order given; call in the transaction of :meth:`add`."""
        self._conn.executemany(
            "INSERT INTO outgoing_blobs (message_id, blob_sha256, position) VALUES (?, ?, ?)",
            [(message_id, sha, position) for position, sha in enumerate(blob_sha256s)])

    def blobs(self, message_id: str) -> list[str]:
        """The files of :meth:`add_blobs` not yet on the relay, in their order."""
        rows = self._conn.execute(
            "SELECT blob_sha256 FROM outgoing_blobs WHERE message_id = ? ORDER BY position",
            (message_id,)).fetchall()
        return [str(row[0]) for row in rows]

    def clear_one_blob(self, message_id: str, blob_sha256: str) -> None:
        """One of :meth:`add_blobs`' files is on the relay."""
        self._conn.execute(
            "DELETE FROM outgoing_blobs WHERE message_id = ? AND blob_sha256 = ?",
            (message_id, blob_sha256))

    def remove(self, message_id: str) -> None:
        self._conn.execute("DELETE FROM outgoing_messages WHERE message_id = ?", (message_id,))

    def in_channel(self, channel_id: str) -> list[OutgoingMessage]:
        rows = self._conn.execute(
            "SELECT message_id, channel_id, blob_sha256, created_at_ms FROM outgoing_messages"
            " WHERE channel_id = ?", (channel_id,)).fetchall()
        return [OutgoingMessage(*row) for row in rows]

    def remove_channel(self, channel_id: str) -> None:
        """Forget every composed message of ``channel_id`` (its history was deleted)."""
        self._conn.execute("DELETE FROM outgoing_messages WHERE channel_id = ?", (channel_id,))

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM outgoing_messages").fetchone()[0])
