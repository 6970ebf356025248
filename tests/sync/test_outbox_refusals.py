"""An envelope the relay refuses for good is set aside; it never holds back the outbox.

The relay here caps envelopes at 8 KiB (``--max-envelope-bytes``), so a 20 KB
text — well inside what the client lets an officer compose — is refused with
413 every time it is sent, as a relay configured below the default would.
"""

from __future__ import annotations

import pytest

from liaison_client.workspace import TimelineState
from tests.relay.conftest import StartRelay, start_relay_process
from tests.relay.relay_process import RelayProcess
from tests.sync.conftest import Operation, make_officer, trio

__all__ = ["make_officer", "start_relay_process", "trio"]

SMALL_CAP = "8192"


@pytest.fixture
def relay(start_relay_process: StartRelay) -> RelayProcess:
    return start_relay_process("--max-envelope-bytes", SMALL_CAP)


def test_a_refused_envelope_is_set_aside_and_later_messages_still_go(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    too_large = "Manifest extract, line by line. " * 640
    refused = li.workspace.sending.send_text(trio.channel_id, too_large)
    assert not refused.accepted
    assert "set aside" in refused.problem
    assert "413" in refused.problem

    after = li.workspace.sending.send_text(trio.channel_id, "Vessel MSC Aurora cleared")
    assert after.accepted, after.problem
    assert li.workspace.outbox_count() == 0
    trio.sync_all()
    for officer in (anna, tomas):
        assert officer.texts(trio.channel_id) == ["Vessel MSC Aurora cleared"]

    states = {e.text: e.state for e in li.workspace.timeline.messages(trio.channel_id)}
    assert states[too_large] == TimelineState.NOT_SENT
    assert states["Vessel MSC Aurora cleared"] in ("sent", "delivered")


def test_a_set_aside_envelope_is_not_posted_again(trio: Operation) -> None:
    li = trio.coordinator
    li.workspace.sending.send_text(trio.channel_id, "x" * 20_000)
    report = li.workspace.sync()
    assert "refused" not in report.problem
    assert li.workspace.outbox_count() == 0
