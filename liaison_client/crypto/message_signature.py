"""Per-message Ed25519 signatures, so a transcript can be verified by anyone.

Megolm already authenticates a group message, but only to members holding
the session key, and only as "someone with this session". For the record,
every message's plaintext also carries the sender *device's* Ed25519
signature (vodozemac ``Account.sign``) over the RFC 8785 canonical encoding
(:mod:`liaison_client.protocol.canonical`) of::

    {"context": "liaison.message.v1", "channel_id": ..., "message_id": ...,
     "sender_device_id": ..., "sent_at_ms": ..., "kind": ..., "body": {...}}

The ``context`` string separates these signatures from every other thing the
same key signs (one-time keys, control events), as Matrix does with distinct
signed JSON objects. A third party with the sender's Ed25519 key (the
fingerprint) and the stored fields can re-check it without any session key.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.crypto.identity import DeviceIdentity, verify_signature
from liaison_client.protocol.canonical import JsonObject, canonical_json

SIGNATURE_CONTEXT = "liaison.message.v1"


@dataclass(frozen=True)
class SignedMessageFields:
    """Exactly what a message signature covers."""

    channel_id: str
    message_id: str
    sender_device_id: str
    sent_at_ms: int
    kind: str
    body: JsonObject

    def canonical(self, canonical_body: bytes | None = None) -> bytes:
        """The signed bytes. ``canonical_body``, if given, must be
        ``canonical_json(self.body)``: a receiver needs that encoding anyway (it
        is the stored copy), so the body is then encoded once per message.

        RFC 8785 §3.2.3 writes an object's members in key order, each value
        encoded on its own, and ``"body"`` sorts before every other key here:
        the encoding is ``{"body":`` + the body's encoding + ``,`` + the other
        members' encoding without its ``{``.
        """
        if canonical_body is None:
            canonical_body = canonical_json(self.body)
        others = canonical_json({
            "context": SIGNATURE_CONTEXT,
            "channel_id": self.channel_id,
            "message_id": self.message_id,
            "sender_device_id": self.sender_device_id,
            "sent_at_ms": self.sent_at_ms,
            "kind": self.kind,
        })
        return b'{"body":' + canonical_body + b"," + others[1:]


def sign_message(identity: DeviceIdentity, fields: SignedMessageFields) -> str:
    """The device's Ed25519 signature over ``fields``, unpadded base64."""
    return identity.sign(fields.canonical())


def verify_message(ed25519_key: str, fields: SignedMessageFields, signature: str, *,
                   canonical_body: bytes | None = None) -> bool:
    """True when ``signature`` is ``ed25519_key``'s signature over exactly ``fields``
    (``canonical_body``: see :meth:`SignedMessageFields.canonical`)."""
    return verify_signature(ed25519_key, fields.canonical(canonical_body), signature)
