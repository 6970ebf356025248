"""The operation lifecycle over a real relay (docs/OPERATIONS.md): the coordinator's
close reaches every member and each refuses to send; a message written after the
close is refused where it arrives; retention deletes a closed channel's history on
every member, and nothing else."""

from __future__ import annotations

import pytest

from liaison_client.channels.errors import ChannelClosedError
from liaison_client.channels.membership import (
    CLOSED_REASON,
    ControlAction,
    ControlEvent,
    MembershipLog,
    sign_event,
)
from liaison_client.channels.payloads import CONTROL_TYPE
from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.crypto.rejection import Rejection
from liaison_client.errors import NotCoordinatorError
from liaison_client.sync.crypto_state import CryptoState
from liaison_client.sync.outbound import Outbound
from liaison_client.workspace import OperationState, TimelineState
from tests.sync.conftest import Officer, Operation
from tests.sync.test_attacks import _olm, _send_raw

DAY_MS = 86_400_000


def _refusals(officer: Officer, channel_id: str) -> list[Rejection | None]:
    return [e.rejection for e in officer.refusals(channel_id)]


def test_a_close_by_the_coordinator_stops_sending_on_every_member(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    assert anna.workspace.sending.send_text(trio.channel_id, "before the close").accepted
    trio.sync_all()
    assert li.workspace.lifecycle.close(trio.channel_id).accepted
    # Anna has not heard of the close yet: what she writes now leaves her device...
    assert anna.workspace.sending.send_text(trio.channel_id, "after the close").accepted
    trio.sync_all()
    for officer in trio.everyone:
        info = officer.workspace.lifecycle.info(trio.channel_id)
        assert info.state is OperationState.CLOSED
        assert info.closed_at_ms is not None
        assert info.closed_at_ms >= info.opened_at_ms
        assert officer.workspace.channels.get(trio.channel_id).closed
        with pytest.raises(ChannelClosedError) as refused:
            officer.workspace.sending.send_text(trio.channel_id, "one more")
        assert refused.value.code == "channel.closed"
        assert "one more" not in officer.texts(trio.channel_id)
    # ...and is refused, with its reason shown, by everyone who had the close.
    for receiver in (li, tomas):
        assert receiver.texts(trio.channel_id) == ["before the close"]
        assert _refusals(receiver, trio.channel_id) == [Rejection.CHANNEL_CLOSED]
    assert anna.texts(trio.channel_id) == ["before the close", "after the close"]


def test_only_the_coordinator_closes_or_sets_retention(trio: Operation) -> None:
    _, anna, tomas = trio.everyone
    with pytest.raises(NotCoordinatorError):
        anna.workspace.lifecycle.close(trio.channel_id)
    with pytest.raises(NotCoordinatorError):
        tomas.workspace.lifecycle.set_retention(trio.channel_id, 1)
    trio.sync_all()
    for officer in trio.everyone:
        assert officer.workspace.lifecycle.info(trio.channel_id).state is OperationState.OPEN


def test_a_forged_close_sent_by_a_member_is_refused(trio: Operation) -> None:
    _, anna, tomas = trio.everyone
    anna.workspace.sending.send_text(trio.channel_id, "hello")  # Anna's session with Tomás
    state = MembershipLog(anna.profile.store, own_device_id=anna.device_id).state(
        trio.channel_id)
    assert state is not None
    anna_identity = DeviceIdentity.from_pickle(
        anna.profile.store.identity.load().account_pickle, anna.profile.pickle_key)
    forged = sign_event(anna_identity, ControlEvent(  # names Li, signed by Anna
        trio.channel_id, state.epoch + 1, state.head_hash, ControlAction.CLOSE, 1,
        state.coordinator, signature=""))
    _send_raw(anna, tomas.device_id,
              _olm(anna, tomas, CONTROL_TYPE, {"events": [forged.to_wire()]}))
    tomas.sync()
    assert tomas.workspace.lifecycle.info(trio.channel_id).state is OperationState.OPEN
    assert _refusals(tomas, trio.channel_id) == [Rejection.NOT_COORDINATOR]
    assert tomas.workspace.sending.send_text(trio.channel_id, "still open").accepted


def test_a_message_queued_when_the_close_arrives_is_set_aside(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    anna.workspace.sending.send_text(trio.channel_id, "warm-up")  # session, group key
    trio.sync_all()
    assert li.workspace.lifecycle.close(trio.channel_id).accepted
    # An envelope of Anna's already in her outbox, due later (as after a 429 back-off),
    # when the close arrives.
    queued = anna.workspace.sending.send_text(trio.channel_id, "stuck", deliver=False)
    assert queued.message_id is not None
    store = anna.profile.store
    # Encrypted into the outbox now (the engine's own step), then held back.
    Outbound(CryptoState(anna.profile), anna.root / "outgoing").encrypt_pending(None)
    [item] = store.outbox.due()
    with store.transaction():
        store.outbox.record_failure(item.envelope_id, "429", retry_at_ms=1 << 60)
    anna.workspace.engine.run_once()  # a scheduled round: it respects the back-off
    assert store.outbox.set_aside_reason(queued.message_id) == CLOSED_REASON
    assert store.outbox.count() == 0
    states = {e.text: e.state for e in anna.workspace.timeline.messages(trio.channel_id)}
    assert states["stuck"] == TimelineState.NOT_SENT


def test_retention_deletes_a_closed_channels_history_and_nothing_else(
        trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    other = li.workspace.channels.create("Op Amber").channel_id
    assert li.workspace.channels.invite(other, anna.device_id, name=anna.name).accepted
    for text in ("seizure at berth 4", "查获集装箱"):
        assert li.workspace.sending.send_text(trio.channel_id, text).accepted
    assert li.workspace.sending.send_text(other, "berth 7 is clear").accepted
    assert li.workspace.lifecycle.set_retention(trio.channel_id, 30).accepted
    assert li.workspace.lifecycle.close(trio.channel_id).accepted
    trio.sync_all()

    closed_at = li.workspace.lifecycle.info(trio.channel_id).closed_at_ms
    assert closed_at is not None
    due = closed_at + 30 * DAY_MS
    for officer in trio.everyone:
        info = officer.workspace.lifecycle.info(trio.channel_id)
        assert (info.retention_days, info.purge_at_ms) == (30, due)
        assert officer.workspace.channels.get(trio.channel_id).history_deleted_at_ms == due
        # A day early: nothing goes.
        assert officer.workspace.lifecycle.apply_retention(due - DAY_MS) == []
        assert len(officer.texts(trio.channel_id)) == 2

    for officer in (li, anna, tomas):
        store = officer.profile.store
        chain_before = store.message_chain.of_sender(trio.channel_id, li.device_id)
        log_before = store.membership_log.chain(trio.channel_id)
        [purged] = officer.workspace.lifecycle.apply_retention(due)
        assert (purged.channel_id, purged.messages) == (trio.channel_id, 2)
        assert officer.texts(trio.channel_id) == []
        assert store.messages.count(trio.channel_id) == 0
        assert [m.body for m in store.messages.search("berth")] == (
            [] if officer is tomas else ["berth 7 is clear"])
        assert store.messages.search("查获") == []
        # Kept on purpose: the operation's record and the chain links (no content).
        assert store.membership_log.chain(trio.channel_id) == log_before
        assert store.message_chain.of_sender(trio.channel_id, li.device_id) == chain_before
        assert len(chain_before) == 2
        assert officer.workspace.lifecycle.info(trio.channel_id).state is OperationState.CLOSED
    # The other operation is untouched.
    for officer in (li, anna):
        assert officer.texts(other) == ["berth 7 is clear"]
    # Idempotent: a second run finds nothing more.
    assert li.workspace.lifecycle.apply_retention(due + DAY_MS) == []


def test_retention_runs_at_every_sync_round(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    assert li.workspace.sending.send_text(trio.channel_id, "to be deleted").accepted
    trio.sync_all()
    assert anna.texts(trio.channel_id) == ["to be deleted"]
    assert li.workspace.lifecycle.set_retention(trio.channel_id, 0).accepted
    assert li.workspace.lifecycle.close(trio.channel_id).accepted
    anna.sync()  # receives the events; the next round's job deletes (0 days: at the close)
    anna.sync()
    assert anna.texts(trio.channel_id) == []
    anna.reopen()
    assert anna.texts(trio.channel_id) == []
    assert anna.workspace.lifecycle.info(trio.channel_id).retention_days == 0
