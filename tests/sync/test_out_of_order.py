"""Arrivals in the wrong order, as a relay (or a slow coordinator) can cause them:
nothing is dropped; what waits is decrypted when what it waits for arrives."""

from __future__ import annotations

from tests.relay.relay_process import RelayProcess
from tests.sync.conftest import OfficerFactory, Operation
from tests.sync.hostile_relay import HostileRelay


def test_a_message_before_its_key_waits_and_is_shown_when_the_key_arrives(
        trio: Operation, relay: RelayProcess) -> None:
    li, anna, _ = trio.everyone
    hostile = HostileRelay(relay)
    li.workspace.sending.send_text(trio.channel_id, "held until the key comes")
    [key_share] = [c for c in hostile.pending_for(anna.device_id)
                   if c.algorithm == "liaison.olm.v1"]
    hostile.withhold(key_share)
    report = anna.workspace.sync()
    assert (report.received, report.held, report.waiting_for_key) == (0, 1, 1)
    assert anna.texts(trio.channel_id) == []
    [waiting] = anna.workspace.timeline.waiting_for_keys(older_than_ms=0)
    assert waiting.text == "waiting for key from Li Wei"
    assert anna.workspace.timeline.waiting_for_keys() == []  # not yet past the notice timeout
    hostile.deliver_later(key_share)
    report = anna.workspace.sync()
    assert (report.received, report.waiting_for_key) == (1, 0)
    assert anna.texts(trio.channel_id) == ["held until the key comes"]


def test_a_key_share_ahead_of_the_membership_is_held_and_bound_when_it_catches_up(
        trio: Operation, relay: RelayProcess, make_officer: OfficerFactory) -> None:
    li, anna, _ = trio.everyone
    hostile = HostileRelay(relay)
    dmitri = make_officer("Dmitri Ivanov", "Baltic Customs")
    li.workspace.channels.invite(trio.channel_id, dmitri.device_id, name=dmitri.name)
    [invite_for_anna] = hostile.pending_for(anna.device_id)
    hostile.withhold(invite_for_anna)
    dmitri.sync()
    assert dmitri.workspace.sending.send_text(trio.channel_id, "Dmitri here").accepted
    report = anna.workspace.sync()
    assert report.received == 0
    assert anna.profile.store.group_sessions.held_share_count() == 1
    hostile.deliver_later(invite_for_anna)
    report = anna.workspace.sync()
    assert report.received == 1
    assert anna.texts(trio.channel_id) == ["Dmitri here"]
    assert anna.profile.store.group_sessions.held_share_count() == 0


def test_offline_catch_up_of_a_thousand_messages_arrives_complete_and_in_order(
        trio: Operation) -> None:
    li, anna, _ = trio.everyone
    texts = [f"report {i:04d}" for i in range(1000)]
    for text in texts:
        li.workspace.sending.send_text(trio.channel_id, text, deliver=False)
    li.sync()
    assert li.workspace.outbox_count() == 0
    report = anna.workspace.sync()
    assert report.received == 1000
    assert anna.texts(trio.channel_id) == texts
    assert anna.workspace.sync().received == 0
