"""The ``transcript.export`` kind: a strict body, a timeline kind a closed channel
still takes (composed and received), while every other kind stays refused there."""

from __future__ import annotations

from typing import Any

import pytest

from liaison_client.channels.channel_crypto import MessageReceived, Rejected
from liaison_client.channels.errors import ChannelClosedError
from liaison_client.channels.kinds import (
    KINDS,
    MessageKind,
    Placement,
    TextBody,
    TranscriptExportBody,
    decode_body,
    decode_stored_body,
)
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import canonical_json
from tests.channels.conftest import OfficerFactory, deliver, open_operation

EXPORT = TranscriptExportBody("2026-12-01", None, 1_798_000_000_000, 12, "ab" * 32, "cd" * 32)


def _decode(fields: dict[str, Any]) -> TranscriptExportBody:
    body = decode_body("transcript.export", WireObject(fields, "body"))
    assert isinstance(body, TranscriptExportBody)
    return body


def test_the_body_round_trips_and_reads_as_a_sentence() -> None:
    stored = canonical_json(EXPORT.to_wire()).decode()
    assert decode_stored_body("transcript.export", stored) == EXPORT
    assert EXPORT.sentence() == (
        "exported the transcript from 2026-12-01 to 2026-12-23 (12 messages, "
        f"transcript.json SHA-256 {'cd' * 32})")
    whole = TranscriptExportBody(None, "2026-12-05", 1, 0, "0" * 64, "1" * 64)
    assert whole.period_text == "from the operation's start to 2026-12-05"
    definition = KINDS["transcript.export"]
    assert (definition.placement, definition.after_close) == (Placement.TIMELINE, True)
    assert [k for k, d in KINDS.items() if d.after_close] == ["transcript.export"]


@pytest.mark.parametrize("change", [
    {"extra": 1},
    {"period_from": "2026-02-30"},
    {"period_to": "2026-1-5"},
    {"period_from": 20261201},
    {"transcript_sha256": "AB" * 32},
    {"chain_head": "ab" * 31},
    {"message_count": -1},
    {"exported_at_ms": "now"},
])
def test_a_malformed_body_is_refused(change: dict[str, Any]) -> None:
    fields: dict[str, Any] = {**EXPORT.to_wire(), **change}
    with pytest.raises(PayloadRejectedError) as refused:
        _decode(fields)
    assert refused.value.reason is Rejection.MALFORMED


def test_a_body_missing_a_field_is_refused() -> None:
    fields = dict(EXPORT.to_wire())
    del fields["period_to"]
    with pytest.raises(PayloadRejectedError):
        _decode(fields)


def test_a_closed_channel_takes_an_export_and_nothing_else(
        make_officer: OfficerFactory) -> None:
    li, anna = make_officer("Li Wei"), make_officer("Anna Berg")
    operation = open_operation(li, anna)
    deliver(li, li.crypto.close(operation.channel_id).envelopes, [anna])
    for officer in (li, anna):
        with pytest.raises(ChannelClosedError):
            officer.crypto.send(operation.channel_id, TextBody("one more"))
    outgoing = anna.crypto.send(operation.channel_id, EXPORT)
    assert outgoing.key_shares  # the close is an epoch: a new group session
    [received] = deliver(anna, [*outgoing.key_shares, outgoing.group], [li])[li.device_id][-1:]
    assert isinstance(received, MessageReceived)
    assert received.message.kind == MessageKind.TRANSCRIPT_EXPORT
    assert received.message.body == EXPORT
    assert [r.reason for r in li.inbox if isinstance(r, Rejected)] == []
    assert li.texts(operation.channel_id)[-1].startswith("exported the transcript from 2026")
