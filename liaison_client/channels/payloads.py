"""The one versioned wire format of Liaison's end-to-end payloads (version 1).

Two layers, both JSON in the RFC 8785 canonical form:

*Outer* (what the relay stores and fans out; it sees only these fields)::

    {"v": 1, "alg": "liaison.olm.v1", "sender_device_id": ..., "sender_curve25519": ...,
     "type": 0|1, "body": <base64 Olm message>}
    {"v": 1, "alg": "liaison.megolm.v1", "sender_device_id": ..., "session_id": ...,
     "body": <base64 Megolm message>}

*Inner*, inside Olm (typed by the Olm payload's ``type``)::

    liaison.group_key: {"channel_id", "epoch", "session_id", "session_key", "sender_ed25519"}
    liaison.control:   {"events": [<signed control event>, ...]}

*Inner*, inside Megolm::

    {"v": 1, "type": "liaison.message", "channel_id", "epoch", "message_id",
     "sender_device_id", "sent_at_ms", "kind", "body": {...}, "signature"}

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
from liaison_client.crypto.message_signature import SignedMessageFields
from liaison_client.crypto.olm_machine import OlmCiphertext, OlmMessageType
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject, canonical_json

WIRE_VERSION = 1
OLM_ALGORITHM = "liaison.olm.v1"
MEGOLM_ALGORITHM = "liaison.megolm.v1"
GROUP_KEY_TYPE = "liaison.group_key"
CONTROL_TYPE = "liaison.control"
MESSAGE_TYPE = "liaison.message"

__all__ = [
    "CONTROL_TYPE",
    "GROUP_KEY_TYPE",
    "MAX_TEXT_BYTES",
    "MAX_TEXT_CHARS",
    "MEGOLM_ALGORITHM",
    "MESSAGE_TYPE",
    "OLM_ALGORITHM",
    "WIRE_VERSION",
    "AttachmentBody",
    "ChannelMessage",
    "GroupKeyShare",
    "MegolmEnvelope",
    "MessageBody",
    "MessageKind",
    "OlmEnvelope",
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


# -- inner: channel messages --------------------------------------------------------

@dataclass(frozen=True)
class ChannelMessage:
    """A decrypted group message; ``signature`` is the sender device's Ed25519
    signature over :meth:`signed_fields`, kept for verifiable transcripts."""

    channel_id: str
    epoch: int
    message_id: str
    sender_device_id: str
    sent_at_ms: int
    body: MessageBody
    signature: str

    @property
    def kind(self) -> MessageKind:
        return self.body.kind

    def signed_fields(self) -> SignedMessageFields:
        return SignedMessageFields(self.channel_id, self.message_id, self.sender_device_id,
                                   self.sent_at_ms, str(self.kind), self.body.to_wire())

    def encode(self) -> bytes:
        return canonical_json({
            "v": WIRE_VERSION, "type": MESSAGE_TYPE, "channel_id": self.channel_id,
            "epoch": self.epoch, "message_id": self.message_id,
            "sender_device_id": self.sender_device_id, "sent_at_ms": self.sent_at_ms,
            "kind": str(self.kind), "body": self.body.to_wire(), "signature": self.signature,
        })

    @classmethod
    def decode(cls, plaintext: bytes) -> ChannelMessage:
        inner = WireObject.parse(plaintext, "group message")
        inner.require_version(WIRE_VERSION)
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
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, field: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise PayloadRejectedError(Rejection.MALFORMED, f"{field} is not base64") from exc
