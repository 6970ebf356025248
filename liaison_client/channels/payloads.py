"""The one versioned wire format of Liaison's end-to-end payloads.

The outer envelopes and the Olm payloads are version 1 (``WIRE_VERSION``); the
channel message inside Megolm is content version 2 (``MESSAGE_CONTENT_VERSION``,
the per-sender chain), and version 1 messages from older clients are still read.

Two layers, both JSON in the RFC 8785 canonical form:

*Outer* (what the relay stores and fans out; it sees only these fields)::

    {"v": 1, "alg": "liaison.olm.v1", "sender_device_id": ..., "sender_curve25519": ...,
     "type": 0|1, "body": <base64 Olm message>}
    {"v": 1, "alg": "liaison.megolm.v1", "sender_device_id": ..., "session_id": ...,
     "body": <base64 Megolm message>}

*Inner*, inside Olm (typed by the Olm payload's ``type``)::

    liaison.group_key: {"channel_id", "epoch", "session_id", "session_key", "sender_ed25519"}
    liaison.control:   {"events": [<signed control event>, ...]}

*Inner*, inside Megolm (content version 2, what this version sends)::

    {"v": 2, "type": "liaison.message", "channel_id", "epoch", "membership_head",
     "message_id", "sender_device_id", "sent_at_ms", "kind", "body": {...},
     "prev", "seq", "signature"}

  ``epoch``, ``membership_head``, ``prev`` and ``seq`` are signed with the
  message (:class:`~liaison_client.crypto.message_signature.ChainFields`):
  ``prev`` is the hash of the sender's previous message in the channel
  (``null`` for its first), ``seq`` its position in that chain. Content
  version 1 (no ``membership_head``/``prev``/``seq``; ``epoch`` not signed) is
  still accepted from older clients and marked *unchained*.

Message kinds and their bodies live in :mod:`liaison_client.channels.kinds`,
one module per kind (``text`` ``{"text"}``; ``attachment`` ``{"name",
"media_type", "size", "sha256", "key", "blob_id"}``). New kinds (watch list
entries, seizure reports) are new ``kind`` values with their own module; an
unknown kind is refused with a clear status, not guessed at. The kinds' names
are re-exported here for the modules that import them from this one.

Every decoder reads through :class:`~liaison_client.crypto.wire.WireObject`, so a
payload is fully validated before anything acts on it.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from liaison_client.channels.kinds import (
    MAX_TEXT_BYTES,
    MAX_TEXT_CHARS,
    AttachmentBody,
    MessageBody,
    MessageKind,
    TextBody,
    decode_body,
)
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.message_signature import ChainFields, SignedMessageFields
from liaison_client.crypto.olm_machine import OlmCiphertext, OlmMessageType
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject, canonical_json

WIRE_VERSION = 1
#: The channel message (Megolm plaintext) this version writes; 1 is still read.
MESSAGE_CONTENT_VERSION = 2
UNCHAINED_CONTENT_VERSION = 1
OLM_ALGORITHM = "liaison.olm.v1"
MEGOLM_ALGORITHM = "liaison.megolm.v1"
GROUP_KEY_TYPE = "liaison.group_key"
CONTROL_TYPE = "liaison.control"
#: A member telling the coordinator which membership head it has applied
#: (issue 10 item 1: members kept behind are found and sent the events again).
CONTROL_ACK_TYPE = "liaison.control_ack"
MESSAGE_TYPE = "liaison.message"

__all__ = [
    "CONTROL_ACK_TYPE",
    "CONTROL_TYPE",
    "GROUP_KEY_TYPE",
    "MAX_TEXT_BYTES",
    "MAX_TEXT_CHARS",
    "MEGOLM_ALGORITHM",
    "MESSAGE_CONTENT_VERSION",
    "MESSAGE_TYPE",
    "OLM_ALGORITHM",
    "UNCHAINED_CONTENT_VERSION",
    "WIRE_VERSION",
    "AttachmentBody",
    "ChannelMessage",
    "ControlAck",
    "GroupKeyShare",
    "MegolmEnvelope",
    "MessageBody",
    "MessageKind",
    "OlmEnvelope",
    "SenderChainLink",
    "TextBody",
    "decode_body",
    "decode_envelope",
]


# -- outer --------------------------------------------------------------------

@dataclass(frozen=True)
class OlmEnvelope:
    sender_device_id: str
    sender_curve25519: str
    ciphertext: OlmCiphertext

    def encode(self) -> bytes:
        return canonical_json({
            "v": WIRE_VERSION, "alg": OLM_ALGORITHM,
            "sender_device_id": self.sender_device_id,
            "sender_curve25519": self.sender_curve25519,
            "type": int(self.ciphertext.message_type),
            "body": _b64(self.ciphertext.body),
        })


@dataclass(frozen=True)
class MegolmEnvelope:
    sender_device_id: str
    session_id: str
    body: bytes

    def encode(self) -> bytes:
        return canonical_json({
            "v": WIRE_VERSION, "alg": MEGOLM_ALGORITHM,
            "sender_device_id": self.sender_device_id,
            "session_id": self.session_id, "body": _b64(self.body),
        })


def decode_envelope(data: bytes) -> OlmEnvelope | MegolmEnvelope:
    outer = WireObject.parse(data, "envelope")
    outer.require_version(WIRE_VERSION)
    algorithm = outer.text("alg", max_length=64)
    sender = outer.text("sender_device_id", max_length=128)
    if algorithm == OLM_ALGORITHM:
        message_type = outer.integer("type")
        if message_type not in (OlmMessageType.PRE_KEY, OlmMessageType.NORMAL):
            raise PayloadRejectedError(Rejection.MALFORMED, f"Olm message type {message_type}")
        return OlmEnvelope(
            sender, outer.text("sender_curve25519", max_length=64),
            OlmCiphertext(OlmMessageType(message_type), _unb64(outer.text("body"), "body")),
        )
    if algorithm == MEGOLM_ALGORITHM:
        return MegolmEnvelope(sender, outer.text("session_id", max_length=128),
                              _unb64(outer.text("body", max_length=1 << 20), "body"))
    raise PayloadRejectedError(Rejection.UNSUPPORTED_VERSION, f"algorithm {algorithm!r}")


# -- inner: key shares ----------------------------------------------------------

@dataclass(frozen=True, repr=False)
class GroupKeyShare:
    """A member's Megolm session key, sent over Olm with what it must be bound to."""

    channel_id: str
    epoch: int
    session_id: str
    session_key: str
    sender_ed25519: str

    def __repr__(self) -> str:
        return f"GroupKeyShare({self.channel_id}, epoch {self.epoch}, {self.session_id})"

    def to_wire(self) -> JsonObject:
        return {"channel_id": self.channel_id, "epoch": self.epoch,
                "session_id": self.session_id, "session_key": self.session_key,
                "sender_ed25519": self.sender_ed25519}

    @classmethod
    def from_wire(cls, content: WireObject) -> GroupKeyShare:
        return cls(
            channel_id=content.text("channel_id", max_length=128),
            epoch=content.integer("epoch"),
            session_id=content.text("session_id", max_length=128),
            session_key=content.text("session_key", max_length=1024),
            sender_ed25519=content.text("sender_ed25519", max_length=64),
        )


@dataclass(frozen=True)
class ControlAck:
    """"I have applied the channel's membership log up to ``epoch``, whose event
    hash is ``membership_head``": sent over Olm to the coordinator after a
    member applies control events, so the coordinator stops sending them again
    (docs/CRYPTO.md, "Membership epochs")."""

    channel_id: str
    epoch: int
    membership_head: str

    def to_wire(self) -> JsonObject:
        return {"channel_id": self.channel_id, "epoch": self.epoch,
                "membership_head": self.membership_head}

    @classmethod
    def from_wire(cls, content: WireObject) -> ControlAck:
        return cls(
            channel_id=content.text("channel_id", max_length=128),
            epoch=content.integer("epoch"),
            membership_head=content.text("membership_head", max_length=_HASH_LENGTH),
        )


# -- inner: channel messages --------------------------------------------------------

#: A SHA-256 in lowercase hex: membership heads and message hashes.
_HASH_LENGTH = 64


@dataclass(frozen=True)
class SenderChainLink:
    """Where a content-version-2 message stands in its sender's chain, and the
    membership head its sender knew (the message's ``epoch`` is the other half).

    ``prev`` is None exactly when ``seq`` is 0.
    """

    membership_head: str
    prev: str | None
    seq: int

    def __post_init__(self) -> None:
        if (self.prev is None) != (self.seq == 0):
            raise ValueError("a chain link has no prev exactly when it is the first (seq 0)")


@dataclass(frozen=True)
class ChannelMessage:
    """A decrypted group message; ``signature`` is the sender device's Ed25519
    signature over :meth:`signed_fields`, kept for verifiable transcripts.

    ``chain`` is None for a content-version-1 (unchained) message.
    """

    channel_id: str
    epoch: int
    message_id: str
    sender_device_id: str
    sent_at_ms: int
    body: MessageBody
    signature: str
    chain: SenderChainLink | None = None

    @property
    def kind(self) -> MessageKind:
        return self.body.kind

    @property
    def content_version(self) -> int:
        return UNCHAINED_CONTENT_VERSION if self.chain is None else MESSAGE_CONTENT_VERSION

    def signed_fields(self) -> SignedMessageFields:
        chain = None if self.chain is None else ChainFields(
            self.epoch, self.chain.membership_head, self.chain.prev, self.chain.seq)
        return SignedMessageFields(self.channel_id, self.message_id, self.sender_device_id,
                                   self.sent_at_ms, str(self.kind), self.body.to_wire(), chain)

    def encode(self) -> bytes:
        fields: JsonObject = {
            "v": self.content_version, "type": MESSAGE_TYPE, "channel_id": self.channel_id,
            "epoch": self.epoch, "message_id": self.message_id,
            "sender_device_id": self.sender_device_id, "sent_at_ms": self.sent_at_ms,
            "kind": str(self.kind), "body": self.body.to_wire(), "signature": self.signature,
        }
        if self.chain is not None:
            fields.update({"membership_head": self.chain.membership_head,
                           "prev": self.chain.prev, "seq": self.chain.seq})
        return canonical_json(fields)

    @classmethod
    def decode(cls, plaintext: bytes) -> ChannelMessage:
        inner = WireObject.parse(plaintext, "group message")
        version = _content_version(inner)
        if inner.text("type", max_length=64) != MESSAGE_TYPE:
            raise PayloadRejectedError(Rejection.MALFORMED, "not a channel message")
        return cls(
            channel_id=inner.text("channel_id", max_length=128),
            epoch=inner.integer("epoch"),
            message_id=inner.text("message_id", max_length=128),
            sender_device_id=inner.text("sender_device_id", max_length=128),
            sent_at_ms=inner.integer("sent_at_ms"),
            body=decode_body(inner.text("kind", max_length=64), inner.obj("body")),
            signature=inner.text("signature", max_length=128),
            chain=None if version == UNCHAINED_CONTENT_VERSION else _chain_link(inner),
        )


def _content_version(inner: WireObject) -> int:
    found = inner.fields.get("v")
    if isinstance(found, bool) or found not in (UNCHAINED_CONTENT_VERSION,
                                                MESSAGE_CONTENT_VERSION):
        raise PayloadRejectedError(
            Rejection.UNSUPPORTED_VERSION,
            f"group message version {found!r}, expected {UNCHAINED_CONTENT_VERSION} "
            f"or {MESSAGE_CONTENT_VERSION}")
    assert isinstance(found, int)
    return found


def _chain_link(inner: WireObject) -> SenderChainLink:
    head = _hex_hash(inner, "membership_head")
    seq = inner.integer("seq")
    if "prev" not in inner.fields:
        raise PayloadRejectedError(Rejection.MALFORMED, "group message: missing field 'prev'")
    prev = None if inner.fields["prev"] is None else _hex_hash(inner, "prev")
    if (prev is None) != (seq == 0):
        raise PayloadRejectedError(Rejection.MALFORMED,
                                   "group message: 'prev' must be null exactly when 'seq' is 0")
    return SenderChainLink(head, prev, seq)


def _hex_hash(inner: WireObject, name: str) -> str:
    value = inner.text(name, max_length=_HASH_LENGTH)
    if len(value) != _HASH_LENGTH or any(c not in "0123456789abcdef" for c in value):
        raise PayloadRejectedError(Rejection.MALFORMED,
                                   f"group message: {name!r} must be a SHA-256 in hex")
    return value


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, field: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise PayloadRejectedError(Rejection.MALFORMED, f"{field} is not base64") from exc
