"""Messages and their full-text index.

The FTS table is contentless, so this repository keeps it in step with
``messages`` itself: every insert or delete of a message touches both in the
caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from liaison_client.store.database import Connection
from liaison_client.store.records import MessageRecord, MessageState, now_ms
from liaison_client.store.search_text import index_text, match_expression

_COLUMNS = (
    "seq, message_id, channel_id, sender_device_id, sent_at_ms, received_at_ms, kind, body,"
    " content, signature, state, read"
)


class MessageRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add_many(self, messages: Iterable[MessageRecord]) -> int:
        """Insert messages not yet stored (by ``message_id``); returns how many were new.

        Duplicates are skipped, not errors: the relay delivers at least once.
        """
        added = 0
        received = now_ms()
        for m in messages:
            cursor = self._conn.execute(
                "INSERT INTO messages (message_id, channel_id, sender_device_id, sent_at_ms,"
                " received_at_ms, kind, body, content, signature, state, read)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (message_id) DO NOTHING",
                (m.message_id, m.channel_id, m.sender_device_id, m.sent_at_ms,
                 m.received_at_ms or received, m.kind, m.body, m.content, m.signature,
                 str(m.state), int(m.read)),
            )
            if cursor.rowcount == 1:
                self._conn.execute(
                    "INSERT INTO messages_fts (rowid, body) VALUES (?, ?)",
                    (cursor.lastrowid, index_text(m.body)),
                )
                added += 1
        return added

    def add(self, message: MessageRecord) -> bool:
        return self.add_many([message]) == 1

    def get(self, message_id: str) -> MessageRecord | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM messages WHERE message_id = ?", (message_id,)
        ).fetchone()
        return None if row is None else _message(row)

    def in_channel(
        self, channel_id: str, *, after_seq: int = 0, limit: int | None = None,
        before_seq: int | None = None,
    ) -> list[MessageRecord]:
        """Oldest first, from ``after_seq`` on, up to ``before_seq`` (paging by local
        sequence)."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM messages WHERE channel_id = ? AND seq > ? AND seq < ?"
            " ORDER BY seq LIMIT ?",
            (channel_id, after_seq, (1 << 62) if before_seq is None else before_seq,
             -1 if limit is None else limit),
        ).fetchall()
        return [_message(row) for row in rows]

    def count(self, channel_id: str) -> int:
        return int(
            self._conn.execute(
                "SELECT count(*) FROM messages WHERE channel_id = ?", (channel_id,)
            ).fetchone()[0]
        )

    def search(
        self, query: str, *, channel_id: str | None = None, limit: int = 100
    ) -> list[MessageRecord]:
        """Messages matching every term of ``query``, newest first."""
        expression = match_expression(query)
        if expression is None:
            return []
        # FTS5 as the outer loop, walked in descending rowid (= seq) order, so
        # LIMIT stops the scan after the newest hits instead of sorting all
        # of them: CROSS JOIN fixes the join order for SQLite's planner.
        sql = (
            f"SELECT {', '.join('m.' + c.strip() for c in _COLUMNS.split(','))}"
            " FROM messages_fts CROSS JOIN messages AS m ON m.seq = messages_fts.rowid"
            " WHERE messages_fts MATCH ?"
        )
        params: list[object] = [expression]
        if channel_id is not None:
            sql += " AND m.channel_id = ?"
            params.append(channel_id)
        sql += " ORDER BY messages_fts.rowid DESC LIMIT ?"
        params.append(limit)
        return [_message(row) for row in self._conn.execute(sql, params).fetchall()]

    def unread_count(self, channel_id: str) -> int:
        """Received messages the officer has not opened yet."""
        return int(
            self._conn.execute(
                "SELECT count(*) FROM messages WHERE channel_id = ? AND read = 0"
                " AND state = 'received'", (channel_id,)
            ).fetchone()[0]
        )

    def unread_ids(self, channel_id: str) -> list[str]:
        """The ids of the channel's unread received messages, oldest first (what a
        read receipt names before :meth:`mark_read` marks them)."""
        rows = self._conn.execute(
            "SELECT message_id FROM messages WHERE channel_id = ? AND read = 0"
            " AND state = 'received' ORDER BY seq", (channel_id,),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def mark_read(self, channel_id: str, *, up_to_seq: int | None = None) -> int:
        """Mark received messages read (all, or up to ``up_to_seq``); returns how many.

        Only received messages are ever unread (the officer wrote the others), and
        the condition is the ``messages_unread`` partial index's, so SQLite walks
        the unread rows alone instead of the whole channel.
        """
        cursor = self._conn.execute(
            "UPDATE messages SET read = 1 WHERE channel_id = ? AND read = 0"
            " AND state = 'received' AND seq <= ?",
            (channel_id, (1 << 62) if up_to_seq is None else up_to_seq),
        )
        return int(cursor.rowcount)

    def latest(self, channel_id: str, limit: int, *,
               before_seq: int | None = None) -> list[MessageRecord]:
        """The newest ``limit`` messages (before ``before_seq``, if given), oldest first.

        A chat view opens at the bottom and pages backwards: ``before_seq`` is the
        oldest sequence number it already shows. The walk uses the
        ``(channel_id, seq)`` order, so a page costs the same at message 100 and at
        message 100,000.
        """
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM (SELECT {_COLUMNS} FROM messages WHERE channel_id = ?"
            " AND seq < ? ORDER BY seq DESC LIMIT ?) ORDER BY seq",
            (channel_id, (1 << 62) if before_seq is None else before_seq, limit),
        ).fetchall()
        return [_message(row) for row in rows]

    def latest_of_kind(self, channel_id: str, kind: str, limit: int) -> list[MessageRecord]:
        """The newest ``limit`` messages of ``kind`` in the channel, newest first (the
        report form's list of warnings a feedback can answer)."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM messages WHERE channel_id = ? AND kind = ?"
            " ORDER BY seq DESC LIMIT ?",
            (channel_id, kind, limit),
        ).fetchall()
        return [_message(row) for row in rows]

    def set_signature(self, message_id: str, signature: bytes) -> None:
        """Store the signature of one of this device's messages, made when it was
        encrypted (the signed content binds the membership epoch then current)."""
        self._conn.execute(
            "UPDATE messages SET signature = ? WHERE message_id = ?", (signature, message_id)
        )

    def set_state(self, message_id: str, state: MessageState) -> None:
        self._conn.execute(
            "UPDATE messages SET state = ? WHERE message_id = ?", (str(state), message_id)
        )

    def delete(self, message_id: str) -> None:
        row = self._conn.execute(
            "SELECT seq FROM messages WHERE message_id = ?", (message_id,)
        ).fetchone()
        if row is not None:
            self._conn.execute("DELETE FROM messages_fts WHERE rowid = ?", (row[0],))
            self._conn.execute("DELETE FROM messages WHERE seq = ?", (row[0],))

    def delete_channel(self, channel_id: str) -> int:
        """Delete every message of ``channel_id`` and its full-text row (retention);
        returns how many. The FTS table is contentless: its rows go by rowid."""
        self._conn.execute(
            "DELETE FROM messages_fts WHERE rowid IN"
            " (SELECT seq FROM messages WHERE channel_id = ?)", (channel_id,))
        cursor = self._conn.execute("DELETE FROM messages WHERE channel_id = ?", (channel_id,))
        return int(cursor.rowcount)


def _message(row: Any) -> MessageRecord:
    (seq, message_id, channel_id, sender, sent, received, kind, body, content, signature,
     state, read) = row
    return MessageRecord(
        message_id=message_id, channel_id=channel_id, sender_device_id=sender,
        sent_at_ms=sent, kind=kind, body=body, state=MessageState(state),
        received_at_ms=received, content=content,
        signature=None if signature is None else bytes(signature), read=bool(read), seq=seq,
    )
