"""The membership-epoch rules (issue 10 item 1), on real signed control events:
which change makes a message stale, the grace, a removed device's cut-off, the
refusal detail the timeline reads back, and the coordinator's re-send schedule
(in a real profile's SQLCipher store)."""

from __future__ import annotations

from collections.abc import Callable

from liaison_client.channels.epoch_policy import (
    EPOCH_GRACE_MS,
    read_stale_detail,
    removal_of,
    stale_detail,
    superseding_change,
    written_after_removal,
)
from liaison_client.channels.membership import (
    ControlAction,
    ControlEvent,
    MemberDevice,
    apply_event,
    create_event,
    next_event,
)
from liaison_client.channels.membership_acks import (
    RESEND_AFTER_MS,
    RESEND_MAX_MS,
    MembershipAcks,
)
from liaison_client.crypto.identity import DeviceIdentity
from tests.channels.conftest import OfficerFactory


def _member(device_id: str) -> MemberDevice:
    identity = DeviceIdentity.generate()
    return MemberDevice(device_id, identity.ed25519_key, identity.curve25519_key,
                        device_id.title(), "Customs")


def _chain() -> tuple[list[ControlEvent], MemberDevice]:
    """create (t=0), invite ANNA (1000), invite TOMAS (2000), rename (10 000),
    remove TOMAS (100 000), invite TOMAS again (500 000)."""
    identity = DeviceIdentity.generate()
    me = MemberDevice("LIWEI", identity.ed25519_key, identity.curve25519_key, "Li", "Customs")
    anna, tomas = _member("ANNA"), _member("TOMAS")
    chain = [create_event(identity, me, "Op Jade", 0)]
    state = apply_event(None, chain[0])
    steps: tuple[Callable[[], ControlEvent], ...] = (
        lambda: next_event(identity, state, ControlAction.INVITE, 1_000, subject=anna),
        lambda: next_event(identity, state, ControlAction.INVITE, 2_000, subject=tomas),
        lambda: next_event(identity, state, ControlAction.RENAME, 10_000, name="Op Jade II"),
        lambda: next_event(identity, state, ControlAction.REMOVE, 100_000, subject=tomas),
        lambda: next_event(identity, state, ControlAction.INVITE, 500_000, subject=tomas),
    )
    for step in steps:
        event = step()
        state = apply_event(state, event)
        chain.append(event)
    return chain, tomas


def test_only_a_change_of_who_reads_makes_a_message_stale_and_only_after_the_grace() -> None:
    chain, _ = _chain()
    # Written at epoch 3 (after the rename); the removal (epoch 4) is the next change.
    removal = chain[4]
    assert superseding_change(chain, 3, removal.issued_at_ms + EPOCH_GRACE_MS) is None
    assert superseding_change(chain, 3, removal.issued_at_ms + EPOCH_GRACE_MS + 1) is removal
    # Written at epoch 2, before the rename: the rename alone changes nothing.
    assert superseding_change(chain, 2, 50_000) is None
    assert superseding_change(chain, 2, 200_000) is removal
    # At the head: nothing later.
    assert superseding_change(chain, 5, 10**12) is None


def test_a_removed_device_keeps_what_was_written_before_its_removal_only() -> None:
    chain, tomas = _chain()
    removal = removal_of(chain[:5], tomas.device_id)
    assert removal is chain[4]
    assert not written_after_removal(removal, removal.issued_at_ms - 1)
    assert written_after_removal(removal, removal.issued_at_ms)
    assert removal_of(chain, tomas.device_id) is None  # invited again
    assert removal_of(chain, "LIWEI") is None  # the coordinator is never removed


def test_the_refusal_detail_reads_back() -> None:
    chain, _ = _chain()
    detail = stale_detail(3, chain[4], 7)
    parsed = read_stale_detail(detail)
    assert parsed is not None
    assert (parsed.message_epoch, parsed.change_epoch, parsed.seq) == (3, 4, 7)
    unchained = read_stale_detail(stale_detail(1, chain[4], None))
    assert unchained is not None
    assert unchained.seq is None
    assert read_stale_detail("message says epoch 2, key 3") is None
    assert read_stale_detail(None) is None


def test_the_coordinator_sends_again_with_a_doubling_interval_until_acknowledged(
        make_officer: OfficerFactory) -> None:
    store = make_officer("Li Wei").profile.store
    acks = MembershipAcks(store)
    with store.transaction():
        acks.expect("op", "ANNA", 4, acked=3, at_ms=0)
    assert acks.due(RESEND_AFTER_MS - 1) == []
    [row] = acks.due(RESEND_AFTER_MS)
    assert (row.acked, row.target) == (3, 4)
    intervals = []
    at = RESEND_AFTER_MS
    for _ in range(10):
        with store.transaction():
            acks.resent(row, at)
        [row] = acks.outstanding("op")
        intervals.append(row.due_at_ms - at)
        at = row.due_at_ms
    assert intervals[:3] == [2 * RESEND_AFTER_MS, 4 * RESEND_AFTER_MS, 8 * RESEND_AFTER_MS]
    assert max(intervals) == RESEND_MAX_MS
    # A message under the old head makes it due at once; the acknowledgement ends it.
    with store.transaction():
        acks.applied("op", "ANNA", 3, at_ms=at - 5, behind=True)
    assert [r.device_id for r in acks.due(at - 5)] == ["ANNA"]
    with store.transaction():
        acks.applied("op", "ANNA", 4, at_ms=at)
    assert acks.outstanding() == []
