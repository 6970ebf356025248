"""Close and retention as membership-log events: only the coordinator's, and a
closed channel takes only the control events that record its end of life."""

from __future__ import annotations

import dataclasses

import pytest

from liaison_client.channels.membership import (
    MAX_RETENTION_DAYS,
    ControlAction,
    ControlEvent,
    MemberDevice,
    MembershipState,
    apply_event,
    create_event,
    next_event,
    sign_event,
)
from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.crypto.rejection import Rejection
from tests.channels.control_events import new_member, rejection_of

DAY_MS = 86_400_000




@pytest.fixture
def opened() -> tuple[DeviceIdentity, MembershipState, MemberDevice, DeviceIdentity]:
    """Li's channel created at t=1000 with Anna invited: (li, state, anna, anna's key)."""
    li_identity, li = new_member("LIWEI")
    anna_identity, anna = new_member("ANNA")
    state = apply_event(None, create_event(li_identity, li, "Op Jade", 1000))
    state = apply_event(state, next_event(li_identity, state, ControlAction.INVITE, 2000,
                                          subject=anna))
    return li_identity, state, anna, anna_identity


def test_close_records_when_and_retention_schedules_the_deletion(
        opened: tuple[DeviceIdentity, MembershipState, MemberDevice, DeviceIdentity]) -> None:
    li, state, _, _ = opened
    assert (state.opened_at_ms, state.closed_at_ms, state.purge_at_ms) == (1000, None, None)
    state = apply_event(state, next_event(li, state, ControlAction.RETENTION, 3000,
                                          retention_days=30))
    assert (state.retention_days, state.closed, state.purge_at_ms) == (30, False, None)
    state = apply_event(state, next_event(li, state, ControlAction.CLOSE, 5000))
    assert (state.closed, state.closed_at_ms) == (True, 5000)
    assert state.purge_at_ms == 5000 + 30 * DAY_MS
    # Retention still changes after the close: a control event, not conversation.
    state = apply_event(state, next_event(li, state, ControlAction.RETENTION, 6000,
                                          retention_days=7))
    assert state.purge_at_ms == 5000 + 7 * DAY_MS
    decoded = ControlEvent.decode(next_event(li, state, ControlAction.RETENTION, 7000,
                                             retention_days=1).encode())
    assert decoded.retention_days == 1


def test_a_closed_channel_refuses_membership_changes_and_a_second_close(
        opened: tuple[DeviceIdentity, MembershipState, MemberDevice, DeviceIdentity]) -> None:
    li, state, anna, _ = opened
    closed = apply_event(state, next_event(li, state, ControlAction.CLOSE, 5000))
    for action, extra in ((ControlAction.CLOSE, {}), (ControlAction.RENAME, {"name": "x"}),
                          (ControlAction.REMOVE, {"subject": anna})):
        event = sign_event(li, ControlEvent(
            closed.channel_id, closed.epoch + 1, closed.head_hash, action, 6000,
            closed.coordinator, signature="", **extra))
        assert rejection_of(closed, event) is Rejection.CHANNEL_CLOSED


def test_a_close_or_retention_not_signed_by_the_coordinator_is_refused(
        opened: tuple[DeviceIdentity, MembershipState, MemberDevice, DeviceIdentity]) -> None:
    _, state, anna, anna_identity = opened
    for action, days in ((ControlAction.CLOSE, None), (ControlAction.RETENTION, 0)):
        # Names Li as coordinator, signed by Anna.
        forged = sign_event(anna_identity, ControlEvent(
            state.channel_id, state.epoch + 1, state.head_hash, action, 3000,
            state.coordinator, signature="", retention_days=days))
        assert rejection_of(state, forged) is Rejection.NOT_COORDINATOR
        # Names Anna as coordinator: not the channel's.
        usurped = sign_event(anna_identity, dataclasses.replace(forged, coordinator=anna))
        assert rejection_of(state, usurped) is Rejection.NOT_COORDINATOR


@pytest.mark.parametrize("days", [-1, MAX_RETENTION_DAYS + 1])
def test_retention_out_of_bounds_or_on_another_event_is_refused(
        opened: tuple[DeviceIdentity, MembershipState, MemberDevice, DeviceIdentity],
        days: int) -> None:
    li, state, _, _ = opened
    out_of_bounds = sign_event(li, ControlEvent(
        state.channel_id, state.epoch + 1, state.head_hash, ControlAction.RETENTION, 3000,
        state.coordinator, signature="", retention_days=days))
    assert rejection_of(state, out_of_bounds) is Rejection.INVALID_CONTROL
    missing = sign_event(li, dataclasses.replace(out_of_bounds, retention_days=None))
    assert rejection_of(state, missing) is Rejection.INVALID_CONTROL
    on_close = sign_event(li, dataclasses.replace(out_of_bounds, action=ControlAction.CLOSE,
                                                  retention_days=5))
    assert rejection_of(state, on_close) is Rejection.INVALID_CONTROL
