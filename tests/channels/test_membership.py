"""The membership log: only the coordinator's correctly chained events are accepted."""

from __future__ import annotations

import dataclasses

import pytest

from liaison_client.channels.membership import (
    ControlAction,
    ControlEvent,
    MemberDevice,
    apply_event,
    create_event,
    derive_channel_id,
    next_event,
    sign_event,
)
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.crypto.rejection import Rejection
from tests.channels.control_events import new_member, rejection_of


@pytest.fixture
def coordinator() -> tuple[DeviceIdentity, MemberDevice]:
    return new_member("LIWEI")



def test_a_channel_grows_and_shrinks_one_epoch_at_a_time(
    coordinator: tuple[DeviceIdentity, MemberDevice],
) -> None:
    identity, me = coordinator
    _, anna = new_member("ANNA")
    genesis = create_event(identity, me, "Op Jade", 1)
    state = apply_event(None, genesis)
    assert state.channel_id == derive_channel_id(me.ed25519, genesis.nonce or "")
    invite = next_event(identity, state, ControlAction.INVITE, 2, subject=anna)
    state = apply_event(state, invite)
    assert state.epoch == 1
    assert state.is_member("ANNA")
    state = apply_event(state, next_event(identity, state, ControlAction.RENAME, 3,
                                          name="Op Jade II"))
    state = apply_event(state, next_event(identity, state, ControlAction.REMOVE, 4,
                                          subject=anna))
    assert (state.epoch, state.name, state.is_member("ANNA")) == (3, "Op Jade II", False)
    assert state.head_hash != genesis.event_hash


def test_events_round_trip_through_their_canonical_encoding(
    coordinator: tuple[DeviceIdentity, MemberDevice],
) -> None:
    identity, me = coordinator
    genesis = create_event(identity, me, "Op Jade", 1)
    decoded = ControlEvent.decode(genesis.encode())
    assert decoded == genesis
    assert decoded.event_hash == genesis.event_hash


def test_an_unsigned_or_foreign_signed_event_is_refused(
    coordinator: tuple[DeviceIdentity, MemberDevice],
) -> None:
    identity, me = coordinator
    mallory_identity, mallory = new_member("MALLORY")
    state = apply_event(None, create_event(identity, me, "Op Jade", 1))
    invite = next_event(identity, state, ControlAction.INVITE, 2, subject=mallory)
    assert rejection_of(state, dataclasses.replace(invite, signature="")) is \
        Rejection.NOT_COORDINATOR
    assert rejection_of(state, sign_event(mallory_identity, invite)) is Rejection.NOT_COORDINATOR
    as_coordinator = sign_event(mallory_identity, dataclasses.replace(invite,
                                                                      coordinator=mallory))
    assert rejection_of(state, as_coordinator) is Rejection.NOT_COORDINATOR


def test_a_genesis_must_commit_to_its_channel_id(
    coordinator: tuple[DeviceIdentity, MemberDevice],
) -> None:
    identity, me = coordinator
    genesis = create_event(identity, me, "Op Jade", 1)
    squatted = sign_event(identity, dataclasses.replace(genesis, channel_id="someone-elses"))
    assert rejection_of(None, squatted) is Rejection.INVALID_CONTROL


def test_skipped_forked_and_old_epochs_are_refused(
    coordinator: tuple[DeviceIdentity, MemberDevice],
) -> None:
    identity, me = coordinator
    _, anna = new_member("ANNA")
    _, tomas = new_member("TOMAS")
    state0 = apply_event(None, create_event(identity, me, "Op Jade", 1))
    invite_anna = next_event(identity, state0, ControlAction.INVITE, 2, subject=anna)
    state1 = apply_event(state0, invite_anna)
    skip = sign_event(identity, dataclasses.replace(
        next_event(identity, state1, ControlAction.INVITE, 3, subject=tomas), epoch=3))
    assert rejection_of(state1, skip) is Rejection.OUT_OF_ORDER
    wrong_parent = sign_event(identity, dataclasses.replace(
        next_event(identity, state1, ControlAction.INVITE, 3, subject=tomas),
        prev_hash=state0.head_hash))
    assert rejection_of(state1, wrong_parent) is Rejection.FORKED
    other_epoch_one = next_event(identity, state0, ControlAction.INVITE, 2, subject=tomas)
    assert rejection_of(state1, other_epoch_one) is Rejection.FORKED


def test_invalid_actions_are_refused(coordinator: tuple[DeviceIdentity, MemberDevice]) -> None:
    identity, me = coordinator
    _, anna = new_member("ANNA")
    state = apply_event(None, create_event(identity, me, "Op Jade", 1))
    with pytest.raises(PayloadRejectedError, match="cannot be removed"):
        next_event(identity, state, ControlAction.REMOVE, 2, subject=anna)
    with pytest.raises(PayloadRejectedError, match="cannot be removed"):
        next_event(identity, state, ControlAction.REMOVE, 2, subject=me)
    state = apply_event(state, next_event(identity, state, ControlAction.INVITE, 2,
                                          subject=anna))
    with pytest.raises(PayloadRejectedError, match="already a member"):
        next_event(identity, state, ControlAction.INVITE, 3, subject=anna)
    with pytest.raises(PayloadRejectedError, match="created only once"):
        next_event(identity, state, ControlAction.CREATE, 3)
    closed = apply_event(state, next_event(identity, state, ControlAction.CLOSE, 3))
    unsigned_after = ControlEvent(closed.channel_id, closed.epoch + 1, closed.head_hash,
                                  ControlAction.RENAME, 5, me, "", name="Reopened")
    assert rejection_of(closed, sign_event(identity, unsigned_after)) is Rejection.CHANNEL_CLOSED
