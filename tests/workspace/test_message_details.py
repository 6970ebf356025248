"""A message's details (issue 11, "message actions"): sent and received times, the
sender's verification state and, for an own message, delivery per member. Real
profiles on a real relay process."""

from __future__ import annotations

import pytest

from liaison_client.store.deliveries import LocalDeliveryState
from liaison_client.store.records import MessageState
from tests.fixtures.relay_officers import Operation


@pytest.mark.shared_relay
def test_an_own_message_says_delivered_to_each_member_by_name(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    sent = li.workspace.sending.send_text(trio.channel_id, "Container MSKU1234565 held")
    assert sent.accepted
    assert sent.message_id is not None
    details = li.workspace.timeline.details(sent.message_id)
    assert details is not None
    assert details.own
    assert details.recipients == 2
    assert details.delivered == 0
    assert {d.state for d in details.deliveries} == {LocalDeliveryState.SENT}

    anna.sync()  # Anna fetches and acknowledges; Tomás does not yet
    li.sync()  # Li learns the delivery states from the relay
    details = li.workspace.timeline.details(sent.message_id)
    assert details is not None
    assert details.delivered == 1
    assert details.recipients == 2
    assert [(d.name, d.state) for d in details.deliveries] == [
        ("Anna Schmidt", LocalDeliveryState.DELIVERED),
        ("Tomás García", LocalDeliveryState.SENT)]
    assert details.sender_name == "Li Wei"
    assert details.sender_verified
    assert details.sent_at_ms <= details.received_at_ms or details.received_at_ms == 0
    assert tomas.workspace.timeline.details(sent.message_id) is None  # not fetched yet


@pytest.mark.shared_relay
def test_a_received_message_names_its_sender_and_whether_they_are_verified(
        trio: Operation) -> None:
    li, anna, _ = trio.everyone
    sent = li.workspace.sending.send_text(trio.channel_id, "Vessel MSC Aurora cleared")
    assert sent.message_id is not None
    anna.sync()
    details = anna.workspace.timeline.details(sent.message_id)
    assert details is not None
    assert not details.own
    assert details.state is MessageState.RECEIVED
    assert (details.sender_name, details.sender_agency) == ("Li Wei", "Guangzhou Customs")
    assert not details.sender_verified
    assert details.deliveries == ()  # another officer's message: its delivery is theirs
    assert details.received_at_ms >= details.sent_at_ms - 60_000
    anna.workspace.trust.verify(li.device_id)
    details = anna.workspace.timeline.details(sent.message_id)
    assert details is not None
    assert details.sender_verified


@pytest.mark.shared_relay
def test_a_queued_message_lists_the_members_it_will_go_to(trio: Operation) -> None:
    li = trio.coordinator
    queued = li.workspace.sending.send_text(trio.channel_id, "later", deliver=False)
    assert queued.message_id is not None
    details = li.workspace.timeline.details(queued.message_id)
    assert details is not None
    assert details.state is MessageState.QUEUED
    assert [(d.name, d.state) for d in details.deliveries] == [
        ("Anna Schmidt", LocalDeliveryState.QUEUED),
        ("Tomás García", LocalDeliveryState.QUEUED)]
    assert details.refused_because is None


@pytest.mark.shared_relay
def test_an_unknown_message_has_no_details(trio: Operation) -> None:
    assert trio.coordinator.workspace.timeline.details("no-such-message") is None
