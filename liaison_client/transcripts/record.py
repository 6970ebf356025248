"""The transcript record as data: what ``transcript.json`` holds (docs/TRANSCRIPT.md).

A transcript is written and read as a stream (50,000 messages must fit in a few
hundred megabytes), so the record is a header (:class:`TranscriptHeader`), a
sequence of :class:`TranscriptMessage` entries and a trailer (the message count
and the head of the transcript hash chain). Nothing here touches the store or
the network: the workspace service fills these from the profile.

Each message keeps the exact bytes its sender signed (``signed``, the RFC 8785
canonical encoding, docs/CRYPTO.md "Signatures") and the signature, so a
verifier checks them without re-encoding anything; the membership log keeps each
event's exact canonical encoding for the same reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

#: The format's name and version, the first member of transcript.json.
TRANSCRIPT_FORMAT = "liaison.transcript.v1"
#: Domain separation of the transcript hash chain (docs/TRANSCRIPT.md).
CHAIN_CONTEXT = b"liaison.transcript.chain.v1"
#: The chain's value before the first message: 32 zero bytes, in hex.
CHAIN_START = "0" * 64
#: Files of an export folder.
JSON_NAME = "transcript.json"
PDF_NAME = "transcript.pdf"
JSON_SIGNATURE_NAME = "transcript.json.minisig"
PDF_SIGNATURE_NAME = "transcript.pdf.minisig"
EXPORTER_KEY_NAME = "exporter.pub"
VERIFY_TEXT_NAME = "VERIFY.txt"
VERIFIER_NAME = "verify_transcript.py"
ATTACHMENTS_DIR = "attachments"
#: The text every PDF page footer carries before the SHA-256 of transcript.json.
PDF_FOOTER_LABEL = "SHA-256 of transcript.json:"

JsonDict = dict[str, Any]


def chain_link(previous: str, message_hash: str) -> str:
    """The transcript hash chain: ``SHA-256(context || previous || message_hash)``
    over the raw 32-byte values, lowercase hex. ``message_hash`` is the SHA-256 of
    the message's signed bytes (the per-sender chain's hash, docs/CRYPTO.md), so
    the chain fixes the order and the set of messages in the export."""
    return hashlib.sha256(CHAIN_CONTEXT + bytes.fromhex(previous)
                          + bytes.fromhex(message_hash)).hexdigest()


@dataclass(frozen=True)
class TranscriptMember:
    """A device that was in the operation at some epoch, as the membership log says."""

    device_id: str
    name: str
    agency: str
    role: str
    ed25519: str
    curve25519: str
    fingerprint: str
    joined_epoch: int
    #: The epoch of the event that removed it; None while it is a member.
    removed_epoch: int | None

    def to_json(self) -> JsonDict:
        return {"device_id": self.device_id, "name": self.name, "agency": self.agency,
                "role": self.role, "ed25519": self.ed25519, "curve25519": self.curve25519,
                "fingerprint": self.fingerprint, "joined_epoch": self.joined_epoch,
                "removed_epoch": self.removed_epoch}


@dataclass(frozen=True)
class TranscriptAttachment:
    """An attachment a message names (file name, plaintext size, the encrypted blob's
    SHA-256); ``file`` is its path under the folder (``attachments/...``) when the
    export includes the decrypted file, and ``sha256`` that file's SHA-256."""

    name: str
    size: int
    #: SHA-256 of the encrypted blob, as the sender signed it (the relay stores the
    #: blob under it; decryption checks the plaintext).
    blob_sha256: str
    file: str | None = None
    #: SHA-256 of the decrypted file (only with ``file``): vouched for by the
    #: exporter's signature over transcript.json, checked by both verifiers.
    sha256: str | None = None

    def to_json(self) -> JsonDict:
        entry: JsonDict = {"name": self.name, "size": self.size,
                           "blob_sha256": self.blob_sha256, "file": self.file}
        if self.file is not None:
            entry["sha256"] = self.sha256
        return entry


@dataclass(frozen=True)
class TranscriptMessage:
    """One message: its signed bytes, the sender's signature and what a reader needs."""

    message_id: str
    sender_device_id: str
    sent_at_ms: int
    kind: str
    #: The exact bytes the sender signed, as text (canonical JSON is UTF-8).
    signed: str
    #: The sender's Ed25519 signature over ``signed``, standard base64.
    signature: str
    #: The message text as the timeline shows it (for people; not verified content).
    text: str
    #: A report's fields as ``[[name, value], ...]`` (None for other kinds).
    report: list[list[str]] | None = None
    attachments: tuple[TranscriptAttachment, ...] = ()

    @property
    def message_hash(self) -> str:
        return hashlib.sha256(self.signed.encode("utf-8")).hexdigest()

    def to_json(self, index: int, chain: str) -> JsonDict:
        return {"index": index, "message_id": self.message_id,
                "sender_device_id": self.sender_device_id, "sent_at_ms": self.sent_at_ms,
                "kind": self.kind, "signed": self.signed, "signature": self.signature,
                "message_hash": self.message_hash, "chain": chain, "text": self.text,
                "report": self.report,
                "attachments": [a.to_json() for a in self.attachments]}


@dataclass(frozen=True)
class Period:
    """The exported period, whole UTC days (None: from the start / to the end)."""

    from_date: str | None
    to_date: str | None

    def to_json(self) -> JsonDict:
        return {"from": self.from_date, "to": self.to_date}


@dataclass(frozen=True)
class TranscriptHeader:
    """Everything before the messages."""

    channel_id: str
    name: str
    state: str
    opened_at_ms: int
    closed_at_ms: int | None
    period: Period
    exported_at_ms: int
    exporter: TranscriptMember
    members: tuple[TranscriptMember, ...]
    #: Each membership-log event's exact canonical encoding (signature included).
    membership_log: tuple[str, ...]
    watchlist_snapshot: JsonDict = field(default_factory=dict)

    def to_json(self) -> JsonDict:
        return {
            "format": TRANSCRIPT_FORMAT,
            "operation": {"channel_id": self.channel_id, "name": self.name,
                          "state": self.state, "opened_at_ms": self.opened_at_ms,
                          "closed_at_ms": self.closed_at_ms},
            "period": self.period.to_json(),
            "exported_at_ms": self.exported_at_ms,
            "exporter": self.exporter.to_json(),
            "members": [m.to_json() for m in self.members],
            "membership_log": list(self.membership_log),
            "watchlist_snapshot": self.watchlist_snapshot,
        }
