"""The per-sender chain links of channel messages, and this device's own chain heads.

Rows are written by :mod:`liaison_client.channels.sender_chain` only: one per
content-version-2 message, received or sent (table ``message_chain``,
migration 0008), and this device's last chained message per channel
(``own_chain_heads``). What the links mean, and what a gap proves, is
docs/CRYPTO.md's "Per-sender chain".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from liaison_client.store.database import Connection

_COLUMNS = (
    "message_id, channel_id, sender_device_id, seq, prev_hash, message_hash, epoch,"
    " membership_head, kind, sent_at_ms, recorded_at_ms"
)


@dataclass(frozen=True)
class ChainLinkRecord:
    """One chained message: what its signature covers beyond the body, and its hash."""

    message_id: str
    channel_id: str
    sender_device_id: str
    seq: int
    prev_hash: str | None
    message_hash: str
    epoch: int
    membership_head: str
    kind: str
    sent_at_ms: int
    recorded_at_ms: int


@dataclass(frozen=True)
class OwnChainHead:
    """The last message this device chained in a channel (the next one's ``prev``)."""

    channel_id: str
    seq: int
    message_hash: str
    message_id: str


@dataclass(frozen=True)
class ChainBreak:
    """Two of one sender's links, adjacent in ``seq`` order, that do not follow each
    other: a seq skipped, a ``prev`` that is not ``before``'s hash, or a seq held twice."""

    before: ChainLinkRecord
    after: ChainLinkRecord


class MessageChainRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, link: ChainLinkRecord) -> bool:
        """Store ``link``; False (nothing written) when its message id already has one."""
        cursor = self._conn.execute(
            f"INSERT INTO message_chain ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (message_id) DO NOTHING",
            (link.message_id, link.channel_id, link.sender_device_id, link.seq,
             link.prev_hash, link.message_hash, link.epoch, link.membership_head, link.kind,
             link.sent_at_ms, link.recorded_at_ms),
        )
        return cursor.rowcount == 1

    def replace(self, link: ChainLinkRecord) -> None:
        """Store ``link`` in place of the message's earlier one: this device's own
        message sent again as a new link under a newer membership epoch
        (docs/CRYPTO.md, "Membership epochs"); its old link is a gap receivers
        were told about."""
        self._conn.execute("DELETE FROM message_chain WHERE message_id = ?",
                           (link.message_id,))
        self.add(link)

    def get(self, message_id: str) -> ChainLinkRecord | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM message_chain WHERE message_id = ?", (message_id,)
        ).fetchone()
        return None if row is None else _link(row)

    def at(self, channel_id: str, sender_device_id: str, seq: int) -> list[ChainLinkRecord]:
        """The sender's links holding ``seq`` (more than one only if the sender forked)."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM message_chain WHERE channel_id = ?"
            " AND sender_device_id = ? AND seq = ? ORDER BY message_id",
            (channel_id, sender_device_id, seq),
        ).fetchall()
        return [_link(row) for row in rows]

    def of_sender(self, channel_id: str, sender_device_id: str) -> list[ChainLinkRecord]:
        """A sender's links in a channel, in chain order (``seq``)."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM message_chain WHERE channel_id = ?"
            " AND sender_device_id = ? ORDER BY seq, message_id",
            (channel_id, sender_device_id),
        ).fetchall()
        return [_link(row) for row in rows]

    def breaks(self, channel_id: str) -> list[ChainBreak]:
        """Every place in the channel where a sender's next held link does not follow
        the one before it, per sender in ``seq`` order.

        One pass over the ``message_chain_by_sender`` index with ``LAG`` (SQLite
        window functions): only the breaks leave SQLite, however long the channel.
        """
        pairs = self._conn.execute(
            "SELECT before_id, message_id FROM ("
            " SELECT message_id, seq, prev_hash, sender_device_id,"
            "  LAG(message_id) OVER sender_order AS before_id,"
            "  LAG(seq) OVER sender_order AS before_seq,"
            "  LAG(message_hash) OVER sender_order AS before_hash"
            " FROM message_chain WHERE channel_id = ?"
            " WINDOW sender_order AS (PARTITION BY sender_device_id ORDER BY seq, message_id))"
            " WHERE before_id IS NOT NULL"
            " AND (seq != before_seq + 1 OR prev_hash IS NOT before_hash)"
            " ORDER BY sender_device_id, seq, message_id",
            (channel_id,),
        ).fetchall()
        found = []
        for before_id, after_id in pairs:
            before, after = self.get(before_id), self.get(after_id)
            assert before is not None
            assert after is not None
            found.append(ChainBreak(before, after))
        return found

    def own_head(self, channel_id: str) -> OwnChainHead | None:
        row = self._conn.execute(
            "SELECT channel_id, seq, message_hash, message_id FROM own_chain_heads"
            " WHERE channel_id = ?", (channel_id,)
        ).fetchone()
        return None if row is None else OwnChainHead(row[0], int(row[1]), row[2], row[3])

    def set_own_head(self, head: OwnChainHead) -> None:
        self._conn.execute(
            "INSERT INTO own_chain_heads (channel_id, seq, message_hash, message_id)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (channel_id) DO UPDATE"
            " SET seq = excluded.seq, message_hash = excluded.message_hash,"
            " message_id = excluded.message_id",
            (head.channel_id, head.seq, head.message_hash, head.message_id),
        )


def _link(row: Any) -> ChainLinkRecord:
    (message_id, channel_id, sender, seq, prev_hash, message_hash, epoch, head, kind,
     sent_at_ms, recorded_at_ms) = row
    return ChainLinkRecord(message_id, channel_id, sender, int(seq), prev_hash, message_hash,
                           int(epoch), head, kind, int(sent_at_ms), int(recorded_at_ms))
