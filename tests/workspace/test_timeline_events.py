"""Membership changes and verification decisions in an operation's timeline (issue 11,
items 2 and 6), over real profiles and a real relay."""

from __future__ import annotations

import pytest

from liaison_client.errors import UsageError
from liaison_client.workspace import ComparedBy, EventAction, TimelineEntry, Workspace
from tests.fixtures.relay_officers import Operation


def events(workspace: Workspace, channel_id: str) -> list[tuple[EventAction, str, str]]:
    page = workspace.timeline.page(channel_id)
    return [(e.event.action, e.event.actor_name, e.event.subject_name)
            for e in page.entries if isinstance(e, TimelineEntry) and e.event is not None]


@pytest.mark.shared_relay
def test_an_invited_member_sees_the_invitations_in_order(
        trio: Operation) -> None:
    anna = trio.members[0]
    shown = events(anna.workspace, trio.channel_id)
    assert shown == [(EventAction.INVITED, "Li Wei", "Anna Schmidt"),
                     (EventAction.INVITED, "Li Wei", "Tomás García")]
    [invited_me] = [e.event for e in anna.workspace.timeline.page(trio.channel_id).entries
                    if e.event is not None and e.event.subject_is_self]
    assert invited_me.action is EventAction.INVITED
    assert not invited_me.actor_is_self


@pytest.mark.shared_relay
def test_a_removed_member_keeps_the_history_and_learns_who_removed_it(
        trio: Operation) -> None:
    li, anna = trio.coordinator, trio.members[0]
    assert li.workspace.sending.send_text(trio.channel_id, "before the removal").accepted
    trio.sync_all(1)
    assert li.workspace.channels.remove(trio.channel_id, anna.device_id).accepted
    anna.sync(2)
    summary = anna.workspace.channels.get(trio.channel_id)
    assert summary.role == "removed"
    assert summary.removed_by == "Li Wei"
    assert summary.removed_at_ms is not None
    assert "before the removal" in anna.texts(trio.channel_id)
    assert events(anna.workspace, trio.channel_id)[-1] == (
        EventAction.REMOVED, "Li Wei", "Anna Schmidt")


@pytest.mark.shared_relay
def test_verifying_and_unverifying_are_logged_in_every_shared_operation(
        trio: Operation) -> None:
    li, anna, tomas = trio.coordinator, trio.members[0], trio.members[1]
    other = li.workspace.channels.create("Op Pearl").channel_id
    assert li.workspace.channels.invite(other, anna.device_id, name=anna.name).accepted
    alone = li.workspace.channels.create("Op Alone").channel_id
    view = li.workspace.trust.safety_number(anna.device_id)
    li.workspace.trust.verify(anna.device_id, compared_by=ComparedBy.QR_CODE, shown=view.digits)
    assert li.workspace.trust.safety_number(anna.device_id).verified
    li.workspace.trust.unverify(anna.device_id)
    assert not li.workspace.trust.safety_number(anna.device_id).verified
    for channel in (trio.channel_id, other):
        page = li.workspace.timeline.page(channel).entries
        decisions = [e.event for e in page if e.event is not None
                     and e.event.action in (EventAction.VERIFIED, EventAction.UNVERIFIED)]
        assert [(d.action, d.subject_name, d.detail, d.actor_is_self) for d in decisions] == [
            (EventAction.VERIFIED, "Anna Schmidt", "qr-code", True),
            (EventAction.UNVERIFIED, "Anna Schmidt", "", True)]
    assert [e for e in li.workspace.timeline.page(alone).entries
            if e.event is not None and e.event.action is EventAction.VERIFIED] == []
    # Local only: Anna's and Tomás's timelines say nothing of Li's decision.
    trio.sync_all(1)
    for officer in (anna, tomas):
        assert EventAction.VERIFIED not in [a for a, _, _ in
                                            events(officer.workspace, trio.channel_id)]


@pytest.mark.shared_relay
def test_a_number_that_changed_while_shown_is_not_verified(trio: Operation) -> None:
    li, anna = trio.coordinator, trio.members[0]
    with pytest.raises(UsageError, match="changed while you compared"):
        li.workspace.trust.verify(anna.device_id, shown="1" * 60)
    assert not li.workspace.trust.safety_number(anna.device_id).verified
    assert not [e for e in li.workspace.timeline.page(trio.channel_id).entries
                if e.event is not None and e.event.action is EventAction.VERIFIED]


@pytest.mark.shared_relay
def test_unverifying_an_unverified_member_changes_and_logs_nothing(trio: Operation) -> None:
    li, anna = trio.coordinator, trio.members[0]
    assert not li.workspace.trust.unverify(anna.device_id).verified
    assert EventAction.UNVERIFIED not in [a for a, _, _ in
                                          events(li.workspace, trio.channel_id)]
