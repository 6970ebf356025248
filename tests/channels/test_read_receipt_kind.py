"""Read receipts in the protocol (issue 11): the coordinator's signed ``read_receipts``
event sets them for the whole operation, and the ``receipt.read`` body is one canonical
list of message ids, refused in any other shape."""

from __future__ import annotations

import dataclasses

import pytest

from liaison_client.channels.kinds import ReadReceiptBody, decode_body, kind_definition
from liaison_client.channels.kinds.kind import Placement
from liaison_client.channels.kinds.read_receipt import MAX_READ_IDS
from liaison_client.channels.membership import (
    ControlAction,
    ControlEvent,
    MemberDevice,
    MembershipState,
    apply_event,
    create_event,
    next_event,
    sign_event,
)
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from tests.channels.control_events import new_member, rejection_of


@pytest.fixture
def opened() -> tuple[DeviceIdentity, MembershipState, DeviceIdentity, MemberDevice]:
    li_identity, li = new_member("LIWEI")
    anna_identity, anna = new_member("ANNA")
    state = apply_event(None, create_event(li_identity, li, "Op Jade", 1000))
    state = apply_event(state, next_event(li_identity, state, ControlAction.INVITE, 2000,
                                          subject=anna))
    return li_identity, state, anna_identity, anna



def test_off_by_default_and_the_coordinator_turns_them_on_and_off(
        opened: tuple[DeviceIdentity, MembershipState, DeviceIdentity, MemberDevice]) -> None:
    li, state, _, _ = opened
    assert not state.read_receipts
    on = next_event(li, state, ControlAction.READ_RECEIPTS, 3000, read_receipts=True)
    state = apply_event(state, on)
    assert state.read_receipts
    # The field travels in the signed event and decodes back to the same one.
    assert ControlEvent.decode(on.encode()) == on
    state = apply_event(state, next_event(li, state, ControlAction.READ_RECEIPTS, 4000,
                                          read_receipts=False))
    assert not state.read_receipts


def test_a_member_cannot_turn_them_on(
        opened: tuple[DeviceIdentity, MembershipState, DeviceIdentity, MemberDevice]) -> None:
    _, state, anna_identity, anna = opened
    forged = sign_event(anna_identity, ControlEvent(
        channel_id=state.channel_id, epoch=state.epoch + 1, prev_hash=state.head_hash,
        action=ControlAction.READ_RECEIPTS, issued_at_ms=3000, coordinator=anna,
        signature="", read_receipts=True))
    assert rejection_of(state, forged) is Rejection.NOT_COORDINATOR


def test_the_setting_rides_only_on_its_own_event_and_not_after_the_close(
        opened: tuple[DeviceIdentity, MembershipState, DeviceIdentity, MemberDevice]) -> None:
    li, state, _, _ = opened
    rename = next_event(li, state, ControlAction.RENAME, 3000, name="Op Jade II")
    smuggled = sign_event(li, dataclasses.replace(rename, read_receipts=True, signature=""))
    assert rejection_of(state, smuggled) is Rejection.INVALID_CONTROL
    bare = sign_event(li, ControlEvent(
        channel_id=state.channel_id, epoch=state.epoch + 1, prev_hash=state.head_hash,
        action=ControlAction.READ_RECEIPTS, issued_at_ms=3000, coordinator=state.coordinator,
        signature=""))
    assert rejection_of(state, bare) is Rejection.INVALID_CONTROL
    closed = apply_event(state, next_event(li, state, ControlAction.CLOSE, 4000))
    late = sign_event(li, ControlEvent(
        channel_id=closed.channel_id, epoch=closed.epoch + 1, prev_hash=closed.head_hash,
        action=ControlAction.READ_RECEIPTS, issued_at_ms=5000, coordinator=closed.coordinator,
        signature="", read_receipts=True))
    assert rejection_of(closed, late) is Rejection.CHANNEL_CLOSED


def test_a_receipt_is_a_folded_kind_that_is_dropped_when_stale() -> None:
    definition = kind_definition("receipt.read")
    assert definition.placement is Placement.FOLDED
    assert definition.dropped_when_stale
    assert not kind_definition("text").dropped_when_stale


def test_a_receipt_body_round_trips() -> None:
    body = ReadReceiptBody(("0f3c-aa", "7b21-bb"))
    decoded = decode_body("receipt.read", WireObject(body.to_wire(), "body"))
    assert decoded == body
    assert body.searchable_text() == ""


@pytest.mark.parametrize("fields", [
    {"message_ids": []},
    {"message_ids": ["b", "a"]},
    {"message_ids": ["a", "a"]},
    {"message_ids": ["a b"]},
    {"message_ids": ["x" * 65]},
    {"message_ids": [f"m-{i:04d}" for i in range(MAX_READ_IDS + 1)]},
    {"message_ids": "a"},
    {"message_ids": [1]},
    {"message_ids": ["a"], "read_at_ms": 5},
    {},
])
def test_every_other_shape_is_refused_as_malformed(fields: dict[str, object]) -> None:
    with pytest.raises(PayloadRejectedError) as raised:
        decode_body("receipt.read", WireObject(fields, "body"))  # type: ignore[arg-type]
    assert raised.value.reason is Rejection.MALFORMED


def test_the_composer_cannot_build_a_body_receivers_would_refuse() -> None:
    with pytest.raises(ValueError, match="sorted and without repeats"):
        ReadReceiptBody(("b", "a"))
    assert len(ReadReceiptBody(tuple(f"m-{i:04d}" for i in range(MAX_READ_IDS))).message_ids) \
        == MAX_READ_IDS
