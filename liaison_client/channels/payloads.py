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

Message kinds and their bodies: ``text`` ``{"text"}``; ``attachment``
``{"name", "media_type", "size", "sha256", "key", "blob_id"}``. New kinds (watch
list entries, seizure reports) are new ``kind`` values with their own body
class; an unknown kind is refused with a clear status, not guessed at.

Every decoder reads through :class:`~liaison_client.crypto.wire.WireObject`, so a
payload is fully validated before anything acts on it.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from enum import StrEnum

from liaison_client.crypto.canonical import JsonObject, canonical_json
from liaison_client.crypto.message_signature import SignedMessageFields
from liaison_client.crypto.olm_machine import OlmCiphertext, OlmMessageType
from liaison_client.crypto.rejection import PayloadRejectedError, Rejection
from liaison_client.crypto.wire import WireObject

WIRE_VERSION = 1
OLM_ALGORITHM = "liaison.olm.v1"
MEGOLM_ALGORITHM = "liaison.megolm.v1"
GROUP_KEY_TYPE = "liaison.group_key"
CONTROL_TYPE = "liaison.control"
MESSAGE_TYPE = "liaison.message"
MAX_TEXT_CHARS = 64 * 1024
#: What a sender may compose: 64 KiB of UTF-8. Megolm's ciphertext is the
#: payload plus a few dozen bytes, sent in base64 (4/3), so the envelope stays far
#: under the relay's default cap of 256 KiB; 64 Ki *characters* of Chinese would
#: not (3 bytes each). Receivers keep accepting up to ``MAX_TEXT_CHARS``.
MAX_TEXT_BYTES = 64 * 1024


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


# -- inner: message bodies --------------------------------------------------------

class MessageKind(StrEnum):
    TEXT = "text"
    ATTACHMENT = "attachment"


@dataclass(frozen=True)
class TextBody:
    text: str

    kind = MessageKind.TEXT

    def __post_init__(self) -> None:
        if not self.text:
            raise ValueError("a text message must not be empty")

    def to_wire(self) -> JsonObject:
        return {"text": self.text}

    def searchable_text(self) -> str:
        return self.text

    @classmethod
    def from_wire(cls, body: WireObject) -> TextBody:
        return cls(body.text("text", max_length=MAX_TEXT_CHARS))


@dataclass(frozen=True, repr=False)
class AttachmentBody:
    """An encrypted file on the relay: where it is, its key, and how to check it."""

    name: str
    media_type: str
    size: int
    sha256: str
    key: str
    blob_id: str

    kind = MessageKind.ATTACHMENT

    def __repr__(self) -> str:
        return f"AttachmentBody({self.name!r}, {self.size} bytes)"

    def to_wire(self) -> JsonObject:
        return {"name": self.name, "media_type": self.media_type, "size": self.size,
                "sha256": self.sha256, "key": self.key, "blob_id": self.blob_id}

    def searchable_text(self) -> str:
        return self.name

    @classmethod
    def from_wire(cls, body: WireObject) -> AttachmentBody:
        sha256 = body.text("sha256", max_length=64)
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise PayloadRejectedError(Rejection.MALFORMED, "attachment sha256 must be hex")
        return cls(
            name=body.text("name", max_length=255),
            media_type=body.text("media_type", max_length=255),
            size=body.integer("size"), sha256=sha256,
            key=body.text("key", max_length=64), blob_id=body.text("blob_id", max_length=128),
        )


MessageBody = TextBody | AttachmentBody


def decode_body(kind: str, body: WireObject) -> MessageBody:
    if kind == MessageKind.TEXT:
        return TextBody.from_wire(body)
    if kind == MessageKind.ATTACHMENT:
        return AttachmentBody.from_wire(body)
    raise PayloadRejectedError(Rejection.UNSUPPORTED_KIND, repr(kind))


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
