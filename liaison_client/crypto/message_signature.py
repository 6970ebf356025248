"""Per-message Ed25519 signatures, so a transcript can be verified by anyone.

Megolm already authenticates a group message, but only to members holding
the session key, and only as "someone with this session". For the record,
every message's plaintext also carries the sender *device's* Ed25519
signature (vodozemac ``Account.sign``) over the RFC 8785 canonical encoding
(:mod:`liaison_client.protocol.canonical`) of its signed fields.

Two versions of the signed content exist (docs/CRYPTO.md, "Signatures"):

* ``liaison.message.v1`` (content version 1, *unchained*)::

    {"context": "liaison.message.v1", "channel_id", "message_id",
     "sender_device_id", "sent_at_ms", "kind", "body": {...}}

* ``liaison.message.v2`` (content version 2, *chained*): the same plus
  :class:`ChainFields`::

    {"context": "liaison.message.v2", ..., "epoch", "membership_head",
     "prev", "seq"}

  ``prev`` is the :func:`message_hash` of the same sender device's previous
  message in the channel (``null`` for its first, ``seq`` 0), ``seq`` counts
  the sender's earlier messages there, and ``epoch``/``membership_head`` are
  the membership log's epoch and head event hash as the sender knew them
  when it encrypted. So a verifier can tell when one of a sender's messages
  is missing from a record, and which membership the sender wrote under.
  Binding this chain gives up deniability on purpose: official records need
  attribution.

The ``context`` string separates these signatures from every other thing the
same key signs (one-time keys, control events), and the two versions from
each other, as Matrix does with distinct signed JSON objects. A third party
with the sender's Ed25519 key (the fingerprint) and the stored fields can
re-check it without any session key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from liaison_client.crypto.identity import DeviceIdentity, verify_signature
from liaison_client.protocol.canonical import JsonObject, canonical_json

#: Content version 1: messages of clients from before the per-sender chain.
SIGNATURE_CONTEXT = "liaison.message.v1"
#: Content version 2: the signed fields include :class:`ChainFields`.
CHAINED_SIGNATURE_CONTEXT = "liaison.message.v2"


@dataclass(frozen=True)
class ChainFields:
    """What content version 2 adds to the signed fields.

    ``prev`` is None exactly when ``seq`` is 0 (the sender's first message in
    the channel); otherwise it is the 64-hex-digit :func:`message_hash` of the
    message at ``seq - 1``.
    """

    epoch: int
    membership_head: str
    prev: str | None
    seq: int

    def to_wire(self) -> JsonObject:
        return {"epoch": self.epoch, "membership_head": self.membership_head,
                "prev": self.prev, "seq": self.seq}


@dataclass(frozen=True)
class SignedMessageFields:
    """Exactly what a message signature covers (``chain`` None: version 1)."""

    channel_id: str
    message_id: str
    sender_device_id: str
    sent_at_ms: int
    kind: str
    body: JsonObject
    chain: ChainFields | None = None

    @property
    def content_version(self) -> int:
        return 1 if self.chain is None else 2

    def canonical(self, canonical_body: bytes | None = None) -> bytes:
        """The signed bytes. ``canonical_body``, if given, must be
        ``canonical_json(self.body)``: a receiver needs that encoding anyway (it
        is the stored copy), so the body is then encoded once per message.

        RFC 8785 §3.2.3 writes an object's members in key order, each value
        encoded on its own, and ``"body"`` sorts before every other key here
        (in both versions): the encoding is ``{"body":`` + the body's encoding
        + ``,`` + the other members' encoding without its ``{``.
        """
        if canonical_body is None:
            canonical_body = canonical_json(self.body)
        others: JsonObject = {
            "context": SIGNATURE_CONTEXT if self.chain is None else CHAINED_SIGNATURE_CONTEXT,
            "channel_id": self.channel_id,
            "message_id": self.message_id,
            "sender_device_id": self.sender_device_id,
            "sent_at_ms": self.sent_at_ms,
            "kind": self.kind,
        }
        if self.chain is not None:
            others.update(self.chain.to_wire())
        return b'{"body":' + canonical_body + b"," + canonical_json(others)[1:]


def message_hash(signed_bytes: bytes) -> str:
    """The link of a message in its sender's chain: SHA-256 (FIPS 180-4) of its
    signed bytes (:meth:`SignedMessageFields.canonical`), lowercase hex.

    The hash is over what the signature covers, not over the signature: Ed25519
    signatures are deterministic (RFC 8032 §5.1.6), so it names the message as
    well, and the sender can compute it before signing. The membership log
    names its events the same way (SHA-256 of the canonical encoding).
    """
    return hashlib.sha256(signed_bytes).hexdigest()


def sign_message(identity: DeviceIdentity, fields: SignedMessageFields) -> str:
    """The device's Ed25519 signature over ``fields``, unpadded base64."""
    return identity.sign(fields.canonical())


def verify_message(ed25519_key: str, fields: SignedMessageFields, signature: str, *,
                   canonical_body: bytes | None = None) -> bool:
    """True when ``signature`` is ``ed25519_key``'s signature over exactly ``fields``
    (``canonical_body``: see :meth:`SignedMessageFields.canonical`)."""
    return verify_signature(ed25519_key, fields.canonical(canonical_body), signature)
