"""Which relay envelopes this device has already handled, and which it refused.

The relay delivers at least once, so a second copy of an envelope must be
dropped by its id before any decryption. Refused envelopes keep their reason
so the user sees "1 message from X was rejected: ..." instead of nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from liaison_client.store.database import Connection


class EnvelopeOutcome(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class ProcessedEnvelope:
    envelope_id: str
    sender_device_id: str
    outcome: EnvelopeOutcome
    reason: str | None
    detail: str | None
    processed_at_ms: int
    #: The channel the envelope was for, when it could be told (shown there).
    channel_id: str | None = None


class EnvelopeLogRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def seen(self, envelope_id: str) -> bool:
        return self._conn.execute(
            "SELECT 1 FROM processed_envelopes WHERE envelope_id = ?", (envelope_id,)
        ).fetchone() is not None

    def record(self, envelope: ProcessedEnvelope) -> None:
        self._conn.execute(
            "INSERT INTO processed_envelopes (envelope_id, sender_device_id, outcome, reason,"
            " detail, processed_at_ms, channel_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (envelope_id) DO NOTHING",
            (envelope.envelope_id, envelope.sender_device_id, str(envelope.outcome),
             envelope.reason, envelope.detail, envelope.processed_at_ms, envelope.channel_id),
        )

    def overturn(self, envelope: ProcessedEnvelope) -> None:
        """Replace an entry: a held key share that turned out stale is a refusal after all."""
        self._conn.execute(
            "DELETE FROM processed_envelopes WHERE envelope_id = ?", (envelope.envelope_id,)
        )
        self.record(envelope)

    def rejected(self, limit: int = 100, *,
                 channel_id: str | None = None) -> list[ProcessedEnvelope]:
        """The most recent refusals (of one channel, if given), newest first."""
        sql = ("SELECT envelope_id, sender_device_id, outcome, reason, detail, processed_at_ms,"
               " channel_id FROM processed_envelopes WHERE outcome = 'rejected'")
        params: list[object] = []
        if channel_id is not None:
            sql += " AND channel_id = ?"
            params.append(channel_id)
        rows = self._conn.execute(sql + " ORDER BY processed_at_ms DESC LIMIT ?",
                                  [*params, limit]).fetchall()
        return [ProcessedEnvelope(e, s, EnvelopeOutcome(o), r, d, t, c)
                for e, s, o, r, d, t, c in rows]

    def forget_before(self, before_ms: int) -> int:
        """Drop entries older than the relay's retention (it will not redeliver them)."""
        cursor = self._conn.execute(
            "DELETE FROM processed_envelopes WHERE processed_at_ms < ?", (before_ms,)
        )
        return int(cursor.rowcount)
