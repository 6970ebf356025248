"""Membership epochs over the real relay (issue 10 item 1): a relay that withholds a
removal from one member cannot make the removed device readable again.

The scenario of the issue, end to end: Li (coordinator) removes Tomás; Emma had
already shared her group key with Tomás; the relay drops only the removal on
its way to Emma; Tomás's unmodified client applies its own removal, and Emma's
next message, written under the old epoch, reaches everyone.
"""

from __future__ import annotations

import pytest

from liaison_client.channels import epoch_policy, membership_acks
from liaison_client.channels.membership import MembershipLog
from liaison_client.crypto.rejection import Rejection
from tests.relay.relay_process import RelayProcess
from tests.sync.conftest import Officer, OfficerFactory, Operation
from tests.sync.hostile_relay import HostileRelay, QueuedCopy


@pytest.fixture
def quartet(make_officer: OfficerFactory) -> Operation:
    """Li coordinates; Emma, Tomás and Anna are members; Emma has shared her key."""
    li = make_officer("Li Wei", "Guangzhou Customs")
    emma = make_officer("Emma Novak", "Celní správa Praha")
    tomas = make_officer("Tomás García", "Aduana Algeciras")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel_id = li.workspace.channels.create("Op Jade").channel_id
    for member in (emma, tomas, anna):
        assert li.workspace.channels.invite(channel_id, member.device_id,
                                            name=member.name).accepted
    operation = Operation(channel_id, li, [emma, tomas, anna])
    operation.sync_all(1)
    emma.workspace.sending.send_text(channel_id, "hello from Prague")
    operation.sync_all(1)
    for officer in operation.everyone:
        assert "hello from Prague" in officer.texts(channel_id)
    return operation


def _control_from(hostile: HostileRelay, sender: Officer, recipient: Officer) -> list[QueuedCopy]:
    return [c for c in hostile.pending_for(recipient.device_id)
            if c.algorithm == "liaison.olm.v1" and c.sender_device_id == sender.device_id]


def _role(officer: Officer, channel_id: str) -> str:
    return officer.workspace.channels.get(channel_id).role


def _epoch(officer: Officer, channel_id: str) -> int:
    state = MembershipLog(officer.profile.store, own_device_id=officer.device_id).state(
        channel_id)
    assert state is not None
    return state.epoch


def test_a_withheld_removal_does_not_let_the_removed_device_read_on(
        quartet: Operation, relay: RelayProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    # Emma writes well after the removal (no message in flight): no grace applies.
    monkeypatch.setattr(epoch_policy, "EPOCH_GRACE_MS", -1)
    li, emma, tomas, anna = quartet.everyone
    channel = quartet.channel_id
    hostile = HostileRelay(relay)

    li.workspace.channels.remove(channel, tomas.device_id)
    [removal_to_emma] = _control_from(hostile, li, emma)
    hostile.withhold(removal_to_emma)  # the relay drops only the removal on its way to Emma
    tomas.sync()
    anna.sync()
    assert _role(tomas, channel) == "removed"
    assert _epoch(anna, channel) == _epoch(li, channel)

    emma.workspace.sending.send_text(channel, "the truck leaves at 6")
    assert _epoch(emma, channel) == _epoch(li, channel) - 1  # she never saw the removal

    # The removed device stores and shows nothing written after its removal.
    tomas.sync()
    assert "the truck leaves at 6" not in tomas.texts(channel)
    assert all(m.body != "the truck leaves at 6"
               for m in tomas.profile.store.messages.in_channel(channel))
    assert [e.rejection for e in tomas.refusals(channel)] == [Rejection.REMOVED]

    # Li (and Anna) refuse it, and say why, naming Emma and the change she missed.
    li.sync()
    anna.sync()
    for officer in (li, anna):
        assert "the truck leaves at 6" not in officer.texts(channel)
        [notice] = officer.refusals(channel)
        assert notice.rejection is Rejection.STALE_EPOCH
        assert notice.text == ("rejected: Emma Novak's device had not yet seen the removal "
                               "of Tomás García: the message was refused (that device sends "
                               "it again once it has seen the change)")
        assert notice.membership_change is not None
        assert notice.membership_change.action == "remove"
        assert notice.membership_change.member_name == "Tomás García"

    # Li's device saw Emma was behind and sent her the removal again; Emma applies
    # it, rotates and sends her message again under the new epoch.
    emma.sync()
    assert _epoch(emma, channel) == _epoch(li, channel)
    assert emma.texts(channel).count("the truck leaves at 6") == 1
    li.sync()
    anna.sync()
    tomas.sync()
    for officer in (li, anna):
        assert officer.texts(channel) == ["hello from Prague", "the truck leaves at 6"]
        assert [e.kind for e in officer.workspace.timeline.messages(channel)
                if e.kind == "missing"] == []  # the refused link is explained, not "missing"
    assert "the truck leaves at 6" not in tomas.texts(channel)
    assert tomas.profile.store.messages.count(channel) == 1
    # Nothing for Tomás is queued at the relay: the new key went to Li and Anna only.
    assert hostile.pending_for(tomas.device_id) == []
    # Emma has acknowledged the removal: nothing is outstanding for her.
    li.sync()
    assert [b.device_id for b in li.workspace.channels.behind(channel)] == []


def test_a_message_in_flight_during_the_removal_is_kept_within_the_grace(
        quartet: Operation, relay: RelayProcess) -> None:
    li, emma, tomas, anna = quartet.everyone
    channel = quartet.channel_id
    hostile = HostileRelay(relay)
    li.workspace.channels.remove(channel, tomas.device_id)
    hostile.withhold(_control_from(hostile, li, emma)[0])
    emma.workspace.sending.send_text(channel, "sent as the removal travelled")
    li.sync()
    anna.sync()
    for officer in (li, anna):
        assert "sent as the removal travelled" in officer.texts(channel)
        assert officer.refusals(channel) == []
    # Tomás, removed before it was written, still keeps nothing of it.
    tomas.sync()
    assert "sent as the removal travelled" not in tomas.texts(channel)


def test_a_member_kept_behind_gets_the_removal_again_until_it_acknowledges(
        quartet: Operation, relay: RelayProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(membership_acks, "RESEND_AFTER_MS", 0)
    li, emma, tomas, anna = quartet.everyone
    channel = quartet.channel_id
    hostile = HostileRelay(relay)
    li.workspace.channels.remove(channel, tomas.device_id)
    target = _epoch(li, channel)
    hostile.withhold(_control_from(hostile, li, anna)[0])
    emma.sync()
    tomas.sync()
    li.sync()  # Emma's and Tomás's acknowledgements arrive
    [behind] = li.workspace.channels.behind(channel)
    assert (behind.device_id, behind.name, behind.acked_epoch, behind.target_epoch) == (
        anna.device_id, "Anna Schmidt", target - 1, target)

    # Sent again at once (no delay here); the relay drops that copy too, and the
    # next one gets through.
    [again] = _control_from(hostile, li, anna)
    hostile.withhold(again)
    li.sync()
    [third] = _control_from(hostile, li, anna)
    assert third.envelope_id != again.envelope_id
    anna.sync()
    assert _epoch(anna, channel) == target
    assert _role(anna, channel) == "member"
    li.sync()
    assert li.workspace.channels.behind(channel) == []
    li.sync()
    assert _control_from(hostile, li, anna) == []  # acknowledged: not sent again


@pytest.mark.shared_relay
def test_a_member_who_has_not_seen_a_setting_change_is_still_read(trio: Operation) -> None:
    """A change that leaves the readers as they are (retention, read receipts) moves
    the epoch too. Anna writes before she has seen it, under a new group key for the
    epoch she knows: the others bind that key and read her, no refusal, nothing held
    (before: "key for epoch 2, channel is at 3", and her message waited for ever)."""
    li, anna, tomas = trio.everyone
    assert li.workspace.lifecycle.set_retention(trio.channel_id, 30).accepted
    assert anna.workspace.sending.send_text(trio.channel_id, "written one epoch behind").accepted
    li.sync()
    tomas.sync()
    for officer in (li, tomas):
        assert "written one epoch behind" in officer.texts(trio.channel_id)
        assert officer.refusals(trio.channel_id) == []
