"""Megolm group sessions: one outbound session per channel, bound inbound sessions.

Megolm (https://gitlab.matrix.org/matrix-org/olm/-/blob/master/docs/megolm.md,
implemented by vodozemac) encrypts a channel message once for every member;
each message is signed with the session's own Ed25519 key, which vodozemac
checks on decryption. What Megolm does *not* say is who the session belongs
to: that comes from how its key arrived. As Matrix does
(https://spec.matrix.org/v1.11/client-server-api/#mroom_key), the key is
shared over an Olm session, and the receiver binds the session at that
moment to (channel, sender device, sender Ed25519 key, epoch). A later share
of the same session id from anyone else is refused, and a group message is
only ever attributed to the sender its session is bound to.

Rotation (a new outbound session, shared again) happens when the membership
epoch changes (removals *and* additions, so a new member cannot read earlier
messages), after :data:`ROTATE_AFTER_MESSAGES` messages and after
:data:`ROTATE_AFTER_MS`; Matrix's defaults are 100 messages and one week
(``m.room.encryption`` ``rotation_period_msgs``/``rotation_period_ms``).

Megolm decrypts a replayed ciphertext again, so every accepted
``(session_id, message_index)`` is recorded and a repeat is refused.

State goes in and out through :class:`~.stores.MegolmStore` (the store's
``group_sessions`` repository, or an in-memory one in tests); times are
passed in by the caller (``at_ms``), never read here.
"""

from __future__ import annotations

from dataclasses import dataclass

import vodozemac

from liaison_client.crypto.errors import MissingGroupSessionError, PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.stores import (
    InboundGroupSessionRow,
    MegolmStore,
    OutboundGroupSessionRow,
)

ROTATE_AFTER_MESSAGES = 100
ROTATE_AFTER_MS = 7 * 24 * 60 * 60 * 1000


@dataclass(frozen=True, repr=False)
class GroupSessionKey:
    """What a sender shares over Olm so members can decrypt its group messages."""

    channel_id: str
    epoch: int
    session_id: str
    session_key: str

    def __repr__(self) -> str:
        return f"GroupSessionKey({self.channel_id}, epoch {self.epoch}, {self.session_id})"


@dataclass(frozen=True)
class GroupSender:
    """The verified sender of a key share (from the Olm session that carried it)."""

    device_id: str
    ed25519: str


@dataclass(frozen=True)
class GroupCiphertext:
    session_id: str
    body: bytes


@dataclass(frozen=True)
class GroupPlaintext:
    plaintext: bytes
    message_index: int
    binding: InboundGroupSessionRow


class MegolmSessions:
    """This device's Megolm state for every channel."""

    def __init__(self, store: MegolmStore, pickle_key: bytes) -> None:
        self._store = store
        self._pickle_key = pickle_key
        # Decoded sessions, to avoid unpickling per message. The store stays the
        # authority: outbound entries are only ever ahead of it (never behind), and
        # inbound entries are immutable once bound.
        self._outbound: dict[str, vodozemac.GroupSession] = {}
        self._inbound: dict[str, tuple[vodozemac.InboundGroupSession,
                                       InboundGroupSessionRow]] = {}

    # -- outbound -----------------------------------------------------------

    def rotation_due(self, channel_id: str, epoch: int, at_ms: int) -> bool:
        row = self._store.group_sessions.outbound(channel_id)
        return (
            row is None
            or row.epoch != epoch
            or row.messages_sent >= ROTATE_AFTER_MESSAGES
            or at_ms - row.created_at_ms >= ROTATE_AFTER_MS
        )

    def start_outbound(self, channel_id: str, epoch: int, at_ms: int) -> GroupSessionKey:
        """Replace the channel's outbound session with a fresh one; returns its key to share."""
        session = vodozemac.GroupSession()
        self._store.group_sessions.replace_outbound(OutboundGroupSessionRow(
            channel_id=channel_id, session_id=str(session.session_id), epoch=epoch,
            pickle=session.pickle(self._pickle_key), messages_sent=0, created_at_ms=at_ms,
        ))
        self._outbound[channel_id] = session
        return GroupSessionKey(channel_id, epoch, str(session.session_id),
                               str(session.session_key.to_base64()))

    def encrypt(self, channel_id: str, plaintext: bytes) -> GroupCiphertext:
        """Encrypt with the channel's outbound session and store the advanced ratchet."""
        row = self._store.group_sessions.outbound(channel_id)
        if row is None:
            raise RuntimeError(f"no outbound group session for {channel_id}: start one first")
        session = self._outbound.get(channel_id)
        # A cached session behind the store (another process sent meanwhile) is
        # replaced; one ahead of it (a rolled-back send) is kept: skipping a
        # ratchet index is safe, reusing one never is.
        if session is None or session.session_id != row.session_id \
                or int(session.message_index) < row.messages_sent:
            session = vodozemac.GroupSession.from_pickle(row.pickle, self._pickle_key)
            self._outbound[channel_id] = session
        message = session.encrypt(plaintext)
        self._store.group_sessions.advance_outbound(
            channel_id, row.session_id, session.pickle(self._pickle_key),
            int(session.message_index),
        )
        return GroupCiphertext(row.session_id, bytes(message.to_bytes()))

    # -- inbound ------------------------------------------------------------

    def bind_inbound(self, key: GroupSessionKey, sender: GroupSender, at_ms: int) -> bool:
        """Bind a shared session to its sender; False if this exact binding exists already.

        A session id already bound to another channel, sender or epoch is a
        takeover attempt and is refused.
        """
        try:
            session = vodozemac.InboundGroupSession(vodozemac.SessionKey(key.session_key))
        except (vodozemac.SessionKeyDecodeException, ValueError) as exc:
            raise PayloadRejectedError(Rejection.MALFORMED, f"group session key: {exc}") from exc
        if session.session_id != key.session_id:
            raise PayloadRejectedError(Rejection.MALFORMED,
                                  "group session key does not match its session id")
        existing = self._store.group_sessions.inbound(key.session_id)
        if existing is not None:
            if (existing.channel_id, existing.sender_device_id, existing.sender_ed25519,
                    existing.epoch) == (key.channel_id, sender.device_id, sender.ed25519,
                                        key.epoch):
                return False
            raise PayloadRejectedError(
                Rejection.SESSION_REBOUND,
                f"session {key.session_id} is already bound to {existing.sender_device_id}",
            )
        self._store.group_sessions.add_inbound(InboundGroupSessionRow(
            session_id=key.session_id, channel_id=key.channel_id,
            sender_device_id=sender.device_id, sender_ed25519=sender.ed25519,
            epoch=key.epoch, pickle=session.pickle(self._pickle_key), received_at_ms=at_ms,
        ))
        return True

    def decrypt(self, ciphertext: GroupCiphertext) -> GroupPlaintext:
        """Decrypt; raises :class:`MissingGroupSessionError` when no key share has bound it."""
        cached = self._inbound.get(ciphertext.session_id)
        if cached is None:
            row = self._store.group_sessions.inbound(ciphertext.session_id)
            if row is None:
                raise MissingGroupSessionError(ciphertext.session_id)
            cached = (vodozemac.InboundGroupSession.from_pickle(row.pickle, self._pickle_key),
                      row)
            self._inbound[ciphertext.session_id] = cached
        session, binding = cached
        try:
            decrypted = session.decrypt(vodozemac.MegolmMessage.from_bytes(ciphertext.body))
        except (vodozemac.DecodeException, vodozemac.MegolmDecryptionException,
                ValueError) as exc:
            raise PayloadRejectedError(Rejection.DECRYPTION_FAILED, str(exc)) from exc
        return GroupPlaintext(bytes(decrypted.plaintext), int(decrypted.message_index), binding)

    def mark_seen(self, session_id: str, message_index: int, message_id: str) -> None:
        """Record an accepted ratchet index; a second message at it is a replay."""
        first = self._store.group_sessions.replay_mark(session_id, message_index)
        if first is not None:
            raise PayloadRejectedError(
                Rejection.REPLAYED,
                f"index {message_index} of session {session_id} was already used"
                + (" by the same message" if first == message_id else ""),
            )
        self._store.group_sessions.mark_seen(session_id, message_index, message_id)
