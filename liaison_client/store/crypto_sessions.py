"""Olm and Megolm session state: pickles, bindings, replay marks, pending messages.

The pickles stored here are already encrypted by vodozemac with the profile's
pickle key; the rows also live inside SQLCipher, so a session key is never on
disk in the clear. These repositories only store and fetch: the rules (when to
rotate, which binding to accept) live in :mod:`liaison_client.crypto`, which
defines the session records and the Protocols implemented here
(:class:`~liaison_client.crypto.stores.OlmSessionStore`,
:class:`~liaison_client.crypto.stores.GroupSessionStore`). The pending-message
and held-share queues are the channel service's, not crypto's.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.crypto.stores import (
    InboundGroupSessionRow,
    OlmSessionRow,
    OutboundGroupSessionRow,
)
from liaison_client.store.database import Connection

__all__ = [
    "GroupSessionRepository",
    "HeldKeyShare",
    "InboundGroupSessionRow",
    "OlmSessionRepository",
    "OlmSessionRow",
    "OutboundGroupSessionRow",
    "PendingGroupMessage",
]


@dataclass(frozen=True)
class PendingGroupMessage:
    envelope_id: str
    session_id: str
    sender_device_id: str
    payload: bytes
    received_at_ms: int


@dataclass(frozen=True, repr=False)
class HeldKeyShare:
    """A decrypted group-key share waiting for this device to reach its epoch."""

    envelope_id: str
    channel_id: str
    epoch: int
    sender_device_id: str
    sender_ed25519: str
    share: bytes
    received_at_ms: int

    def __repr__(self) -> str:
        return f"HeldKeyShare({self.envelope_id}, {self.channel_id}, epoch {self.epoch})"


class OlmSessionRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def save(self, row: OlmSessionRow) -> None:
        self._conn.execute(
            "INSERT INTO olm_sessions (session_id, peer_device_id, peer_curve25519, pickle,"
            " created_at_ms, last_used_at_ms) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (session_id) DO UPDATE SET pickle = excluded.pickle,"
            " last_used_at_ms = excluded.last_used_at_ms",
            (row.session_id, row.peer_device_id, row.peer_curve25519, row.pickle,
             row.created_at_ms, row.last_used_at_ms),
        )

    def for_peer(self, peer_curve25519: str) -> list[OlmSessionRow]:
        """The peer's sessions, most recently used first."""
        rows = self._conn.execute(
            "SELECT session_id, peer_device_id, peer_curve25519, pickle, created_at_ms,"
            " last_used_at_ms FROM olm_sessions WHERE peer_curve25519 = ?"
            " ORDER BY last_used_at_ms DESC, created_at_ms DESC",
            (peer_curve25519,),
        ).fetchall()
        return [OlmSessionRow(*row) for row in rows]


class GroupSessionRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- outbound ---------------------------------------------------------

    def outbound(self, channel_id: str) -> OutboundGroupSessionRow | None:
        row = self._conn.execute(
            "SELECT channel_id, session_id, epoch, pickle, messages_sent, created_at_ms"
            " FROM megolm_outbound WHERE channel_id = ?",
            (channel_id,),
        ).fetchone()
        return None if row is None else OutboundGroupSessionRow(*row)

    def replace_outbound(self, row: OutboundGroupSessionRow) -> None:
        """Install a new outbound session for the channel (the old one is discarded)."""
        self._conn.execute(
            "INSERT INTO megolm_outbound (channel_id, session_id, epoch, pickle, messages_sent,"
            " created_at_ms) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (channel_id) DO UPDATE SET session_id = excluded.session_id,"
            " epoch = excluded.epoch, pickle = excluded.pickle,"
            " messages_sent = excluded.messages_sent, created_at_ms = excluded.created_at_ms",
            (row.channel_id, row.session_id, row.epoch, row.pickle, row.messages_sent,
             row.created_at_ms),
        )

    def advance_outbound(self, channel_id: str, session_id: str, pickle: str,
                         messages_sent: int) -> None:
        """Store the ratchet after an encryption; only ever forwards.

        The ``messages_sent > old`` guard refuses to write an older state over
        a newer one, which would make the next message reuse a ratchet index.
        """
        cursor = self._conn.execute(
            "UPDATE megolm_outbound SET pickle = ?, messages_sent = ?"
            " WHERE channel_id = ? AND session_id = ? AND messages_sent < ?",
            (pickle, messages_sent, channel_id, session_id, messages_sent),
        )
        if cursor.rowcount != 1:
            raise RuntimeError(
                f"outbound group session {session_id} of {channel_id} would move backwards"
            )

    # -- inbound ----------------------------------------------------------

    def inbound(self, session_id: str) -> InboundGroupSessionRow | None:
        row = self._conn.execute(
            "SELECT session_id, channel_id, sender_device_id, sender_ed25519, epoch, pickle,"
            " received_at_ms FROM megolm_inbound WHERE session_id = ?",
            (session_id,),
        ).fetchone()
        return None if row is None else InboundGroupSessionRow(*row)

    def add_inbound(self, row: InboundGroupSessionRow) -> None:
        """Bind a new inbound session; an existing binding is never overwritten."""
        self._conn.execute(
            "INSERT INTO megolm_inbound (session_id, channel_id, sender_device_id,"
            " sender_ed25519, epoch, pickle, received_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (row.session_id, row.channel_id, row.sender_device_id, row.sender_ed25519,
             row.epoch, row.pickle, row.received_at_ms),
        )

    # -- replay -------------------------------------------------------------

    def replay_mark(self, session_id: str, message_index: int) -> str | None:
        """The message id first seen at this ratchet index, if any."""
        row = self._conn.execute(
            "SELECT message_id FROM megolm_replay WHERE session_id = ? AND message_index = ?",
            (session_id, message_index),
        ).fetchone()
        return None if row is None else str(row[0])

    def mark_seen(self, session_id: str, message_index: int, message_id: str) -> None:
        self._conn.execute(
            "INSERT INTO megolm_replay (session_id, message_index, message_id) VALUES (?, ?, ?)",
            (session_id, message_index, message_id),
        )

    # -- pending ------------------------------------------------------------

    def hold_pending(self, message: PendingGroupMessage) -> bool:
        """Keep a message whose key has not arrived; False if it was already held."""
        cursor = self._conn.execute(
            "INSERT INTO megolm_pending (envelope_id, session_id, sender_device_id, payload,"
            " received_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (envelope_id) DO NOTHING",
            (message.envelope_id, message.session_id, message.sender_device_id,
             message.payload, message.received_at_ms),
        )
        return cursor.rowcount == 1

    def pending_for(self, session_id: str) -> list[PendingGroupMessage]:
        rows = self._conn.execute(
            "SELECT envelope_id, session_id, sender_device_id, payload, received_at_ms"
            " FROM megolm_pending WHERE session_id = ? ORDER BY received_at_ms, envelope_id",
            (session_id,),
        ).fetchall()
        return [PendingGroupMessage(e, s, d, bytes(p), r) for e, s, d, p, r in rows]

    def is_pending(self, envelope_id: str) -> bool:
        return self._conn.execute(
            "SELECT 1 FROM megolm_pending WHERE envelope_id = ?", (envelope_id,)
        ).fetchone() is not None

    def release_pending(self, envelope_id: str) -> None:
        self._conn.execute("DELETE FROM megolm_pending WHERE envelope_id = ?", (envelope_id,))

    def pending_count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM megolm_pending").fetchone()[0])

    def pending_senders(self) -> list[tuple[str, int, int]]:
        """Per sender device: how many group messages wait for a key, and since when."""
        rows = self._conn.execute(
            "SELECT sender_device_id, count(*), min(received_at_ms) FROM megolm_pending"
            " GROUP BY sender_device_id ORDER BY min(received_at_ms)"
        ).fetchall()
        return [(str(s), int(n), int(t)) for s, n, t in rows]

    # -- key shares ahead of this device's epoch -------------------------------

    def hold_share(self, share: HeldKeyShare) -> None:
        self._conn.execute(
            "INSERT INTO held_key_shares (envelope_id, channel_id, epoch, sender_device_id,"
            " sender_ed25519, share, received_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (envelope_id) DO NOTHING",
            (share.envelope_id, share.channel_id, share.epoch, share.sender_device_id,
             share.sender_ed25519, share.share, share.received_at_ms),
        )

    def held_shares(self, channel_id: str) -> list[HeldKeyShare]:
        rows = self._conn.execute(
            "SELECT envelope_id, channel_id, epoch, sender_device_id, sender_ed25519, share,"
            " received_at_ms FROM held_key_shares WHERE channel_id = ?"
            " ORDER BY epoch, received_at_ms",
            (channel_id,),
        ).fetchall()
        return [HeldKeyShare(e, c, n, s, k, bytes(b), t) for e, c, n, s, k, b, t in rows]

    def release_share(self, envelope_id: str) -> None:
        self._conn.execute("DELETE FROM held_key_shares WHERE envelope_id = ?", (envelope_id,))

    def held_share_count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM held_key_shares").fetchone()[0])
