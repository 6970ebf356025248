"""Read receipts (issue 11): optional per operation, off by default, the coordinator
decides; a member who reads sends one receipt, and the author sees "read by" in the
message's details. Real profiles on a real relay process."""

from __future__ import annotations

import pytest

from liaison_client.errors import NotCoordinatorError
from liaison_client.workspace import EventAction
from tests.fixtures.relay_officers import Operation


def _events(officer_workspace: object, channel_id: str) -> list[tuple[EventAction, str]]:
    timeline = officer_workspace.timeline  # type: ignore[attr-defined]
    return [(e.event.action, e.event.detail)
            for e in timeline.messages(channel_id, events=True) if e.event is not None]


@pytest.mark.shared_relay
def test_receipts_are_off_by_default_and_reading_sends_nothing(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    sent = li.workspace.sending.send_text(trio.channel_id, "Container MSKU1234565 held")
    assert sent.message_id is not None
    anna.sync()
    assert not anna.workspace.lifecycle.info(trio.channel_id).read_receipts
    marked = anna.workspace.timeline.mark_read(trio.channel_id)
    assert (marked.count, marked.receipts_queued) == (1, 0)
    assert anna.workspace.outbox_count() == 0
    li.sync()
    details = li.workspace.timeline.details(sent.message_id)
    assert details is not None
    assert (details.read_receipts, details.reads) == (False, ())


@pytest.mark.shared_relay
def test_with_receipts_on_the_author_sees_who_read_the_message_and_when(
        trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    assert li.workspace.lifecycle.set_read_receipts(trio.channel_id, True).accepted
    trio.sync_all(1)
    for officer in trio.everyone:
        assert officer.workspace.lifecycle.info(trio.channel_id).read_receipts
        assert officer.workspace.channels.get(trio.channel_id).read_receipts
    assert (EventAction.READ_RECEIPTS, "on") in _events(anna.workspace, trio.channel_id)

    first = li.workspace.sending.send_text(trio.channel_id, "Vessel MSC Aurora arriving")
    second = li.workspace.sending.send_text(trio.channel_id, "Inspect hold 3")
    assert first.message_id is not None
    assert second.message_id is not None
    anna.sync()
    tomas.sync()
    marked = anna.workspace.timeline.mark_read(trio.channel_id)
    assert (marked.count, marked.receipts_queued) == (2, 1)
    assert anna.workspace.timeline.mark_read(trio.channel_id).receipts_queued == 0  # once
    anna.sync()
    li.sync()
    for message_id in (first.message_id, second.message_id):
        details = li.workspace.timeline.details(message_id)
        assert details is not None
        assert details.read_receipts
        assert [(r.name, r.device_id) for r in details.reads] == [
            ("Anna Schmidt", anna.device_id)]
        assert details.reads[0].read_at_ms >= details.sent_at_ms
        assert details.read == 1

    # Tomás has not read them yet; when he does, the author learns that too.
    tomas.workspace.timeline.mark_read(trio.channel_id)
    tomas.sync()
    li.sync()
    details = li.workspace.timeline.details(first.message_id)
    assert details is not None
    assert sorted(r.name for r in details.reads) == ["Anna Schmidt", "Tomás García"]
    # Another member's receipts about Li's messages are not kept on Anna's device.
    anna.sync()
    other = anna.workspace.timeline.details(first.message_id)
    assert other is not None
    assert other.reads == ()


@pytest.mark.shared_relay
def test_turned_off_no_receipt_is_sent_and_none_in_flight_is_kept(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    li.workspace.lifecycle.set_read_receipts(trio.channel_id, True)
    trio.sync_all(1)
    sent = li.workspace.sending.send_text(trio.channel_id, "Seal number 004512")
    assert sent.message_id is not None
    anna.sync()
    # Anna reads while receipts are on: her receipt is queued, not yet sent...
    assert anna.workspace.timeline.mark_read(trio.channel_id).receipts_queued == 1
    # ...and the coordinator turns them off before it reaches him.
    assert li.workspace.lifecycle.set_read_receipts(trio.channel_id, False).accepted
    anna.sync()  # sends the receipt (under the epoch she had), then learns "off"
    assert anna.workspace.outbox_count() == 0
    li.sync()
    details = li.workspace.timeline.details(sent.message_id)
    assert details is not None
    assert (details.read_receipts, details.reads) == (False, ())
    # Dropped quietly: no refusal shown, and no gap in Anna's chain.
    assert li.workspace.timeline.rejected(channel_id=trio.channel_id) == []
    assert (EventAction.READ_RECEIPTS, "off") in _events(anna.workspace, trio.channel_id)
    later = li.workspace.sending.send_text(trio.channel_id, "Second seal 004513")
    anna.sync()
    assert anna.workspace.timeline.mark_read(trio.channel_id).receipts_queued == 0
    assert later.message_id is not None


@pytest.mark.shared_relay
def test_only_the_coordinator_decides(trio: Operation) -> None:
    _, anna, _ = trio.everyone
    with pytest.raises(NotCoordinatorError):
        anna.workspace.lifecycle.set_read_receipts(trio.channel_id, True)
    assert not anna.workspace.lifecycle.info(trio.channel_id).read_receipts
