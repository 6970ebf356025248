"""The ``transcript.export`` kind: a member exported the operation's transcript.

Body: ``{"period_from", "period_to", "exported_at_ms", "message_count",
"chain_head", "transcript_sha256"}`` (docs/TRANSCRIPT.md, "The export event";
docs/CRYPTO.md, "Transcripts"). ``period_from``/``period_to`` are the inclusive
UTC days the export was asked for (``YYYY-MM-DD``, or null: from the start / up
to the export), the other fields say which file was written: its message count,
the head of its transcript hash chain and the SHA-256 of its ``transcript.json``.

Why a message kind and not a membership-log event: any member may export, and
the membership log takes only the coordinator's signed events. The event is
signed because the channel message that carries it is (content version 2: the
exporter's device Ed25519 key over the exact body bytes, the epoch and its
per-sender chain link), it sits in the timeline of every member (so the next
export contains it and the verifiers check it like any message), and it is one
of the kinds a closed channel still takes (``after_close``): exporting is what
one does with a closed operation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from liaison_client.channels.kinds.kind import KindDefinition, MessageKind, Placement
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject, canonical_json

_HEX = frozenset("0123456789abcdef")


def _day(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        valid = len(value) == 10 and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        valid = False
    if not valid:
        raise PayloadRejectedError(Rejection.MALFORMED, f"{name} must be a day YYYY-MM-DD")
    return value


def _sha256(value: str, name: str) -> str:
    if len(value) != 64 or not set(value) <= _HEX:
        raise PayloadRejectedError(Rejection.MALFORMED, f"{name} must be 64 lowercase hex")
    return value


def _utc_day(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).date().isoformat()


@dataclass(frozen=True)
class TranscriptExportBody:
    """Who exported which period (the sender), when, and which file came out."""

    period_from: str | None
    period_to: str | None
    exported_at_ms: int
    message_count: int
    chain_head: str
    transcript_sha256: str

    kind = MessageKind.TRANSCRIPT_EXPORT

    def __post_init__(self) -> None:
        # Built by this device from a finished export; the same rules as on receipt.
        _day(self.period_from, "period_from")
        _day(self.period_to, "period_to")
        _sha256(self.chain_head, "chain_head")
        _sha256(self.transcript_sha256, "transcript_sha256")
        if self.exported_at_ms < 0 or self.message_count < 0:
            raise PayloadRejectedError(Rejection.MALFORMED, "negative time or count")

    def to_wire(self) -> JsonObject:
        return {"period_from": self.period_from, "period_to": self.period_to,
                "exported_at_ms": self.exported_at_ms, "message_count": self.message_count,
                "chain_head": self.chain_head, "transcript_sha256": self.transcript_sha256}

    @property
    def period_text(self) -> str:
        """``from 2026-12-01 to 2026-12-05``: an open start reads "the operation's
        start", an open end the export's own UTC day (what the file covers)."""
        start = self.period_from or "the operation's start"
        end = self.period_to or _utc_day(self.exported_at_ms)
        return f"from {start} to {end}"

    def sentence(self) -> str:
        """What the timeline says after the exporter's name (the CLI line
        ``Li Wei exported the transcript from 2026-12-01 to 2026-12-05 (...)``)."""
        return (f"exported the transcript {self.period_text} ({self.message_count} messages, "
                f"transcript.json SHA-256 {self.transcript_sha256})")

    def searchable_text(self) -> str:
        # The stored row's text, shown as the message in the desktop timeline: both
        # languages, as the transcript PDF's labels are.
        return f"{self.sentence()} · 导出了行动记录"

    @classmethod
    def from_wire(cls, body: WireObject) -> TranscriptExportBody:
        fields = body.fields
        if set(fields) != {"period_from", "period_to", "exported_at_ms", "message_count",
                           "chain_head", "transcript_sha256"}:
            raise PayloadRejectedError(Rejection.MALFORMED,
                                       "transcript export: unexpected or missing fields")
        decoded = cls(
            period_from=_day(body.optional_text("period_from", max_length=10), "period_from"),
            period_to=_day(body.optional_text("period_to", max_length=10), "period_to"),
            exported_at_ms=body.integer("exported_at_ms"),
            message_count=body.integer("message_count"),
            chain_head=_sha256(body.text("chain_head", max_length=64), "chain_head"),
            transcript_sha256=_sha256(body.text("transcript_sha256", max_length=64),
                                      "transcript_sha256"))
        if canonical_json(decoded.to_wire()) != canonical_json(fields):
            raise PayloadRejectedError(Rejection.MALFORMED,
                                       "transcript export is not in its canonical form")
        return decoded


TRANSCRIPT_EXPORT = KindDefinition(MessageKind.TRANSCRIPT_EXPORT, Placement.TIMELINE,
                                   TranscriptExportBody.from_wire, after_close=True)
