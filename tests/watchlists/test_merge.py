"""The merge: every member folds the same operations to the same lists, whatever the order.

Devices: ``coord`` (the coordinator), ``bo`` and ``chen`` (members). Membership
epochs: 0 all three; 1 ``chen`` removed; 2 ``chen`` back.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liaison_client.watchlists.merge import (
    MembershipAt,
    OperationLog,
    Role,
    fold,
    membership_by_epoch,
)
from liaison_client.watchlists.model import EntryStatus, WatchListState
from liaison_client.watchlists.operations import (
    Action,
    EntryFields,
    LamportClock,
    Operation,
    OperationAuthor,
)

EPOCHS: MembershipAt = membership_by_epoch({
    0: {"coord": Role.COORDINATOR, "bo": Role.MEMBER, "chen": Role.MEMBER},
    1: {"coord": Role.COORDINATOR, "bo": Role.MEMBER},
    2: {"coord": Role.COORDINATOR, "bo": Role.MEMBER, "chen": Role.MEMBER},
})
DAY_MS = 86_400_000
#: 2026-12-04 00:00 UTC.
T0 = 1_796_342_400_000


class Member:
    """One device authoring operations with its own Lamport clock."""

    def __init__(self, device: str, epoch: int = 0) -> None:
        self.clock = LamportClock()
        self.epoch = epoch
        self.now = T0
        ids = (f"{device}-{n}" for n in range(10_000))
        self.author = OperationAuthor("chan", device, self.clock, lambda: self.epoch,
                                      lambda: self.now, lambda: next(ids))

    def saw(self, *ops: Operation) -> None:
        for op in ops:
            self.clock.observe(op.lamport)


def container(value: str = "CSQU3054383", **extra: object) -> EntryFields:
    return EntryFields("container", value, **extra)  # type: ignore[arg-type]


def codes(state: WatchListState) -> list[str]:
    return [refusal.code for refusal in state.refusals]


# --- lists ---


def test_two_members_creating_the_same_name_at_once_end_with_one_list() -> None:
    coord, bo = Member("coord"), Member("bo")
    ops = [coord.author.create_list("Solid waste"), bo.author.create_list("solid  WASTE")]
    state = fold(ops, EPOCHS)
    assert list(state.lists) == ["solid waste"]
    assert state.lists["solid waste"].name == "solid  WASTE"  # bo < coord: bo's create is first
    assert state.refusals == []


def test_an_add_to_a_list_nobody_created_is_refused() -> None:
    state = fold([Member("bo").author.add("Ghost", container())], EPOCHS)
    assert codes(state) == ["watchlist.list_unknown"]


# --- already listed ---


def test_a_value_already_active_is_refused_naming_the_entry() -> None:
    bo = Member("bo")
    create, first = bo.author.create_list("L"), bo.author.add("L", container())
    again = bo.author.add("L", container("csqu 305438 3"))
    state = fold([create, first, again], EPOCHS)
    (refusal,) = state.refusals
    assert refusal.code == "watchlist.already_listed"
    assert refusal.params == {"value": "CSQU3054383", "list": "L", "entry_id": first.entry_id}


def test_concurrent_adds_of_one_value_keep_the_first_in_order_everywhere() -> None:
    coord, bo = Member("coord"), Member("bo")
    create = coord.author.create_list("L")
    bo.saw(create)
    from_coord, from_bo = coord.author.add("L", container()), bo.author.add("L", container())
    assert from_coord.lamport == from_bo.lamport  # concurrent: the device id breaks the tie
    for order in ([create, from_coord, from_bo], [from_bo, create, from_coord]):
        state = fold(order, EPOCHS)
        assert list(state.lists["l"].entries) == [from_bo.entry_id]
        assert state.refusals[0].params["entry_id"] == from_bo.entry_id


def test_a_retired_value_can_be_listed_again() -> None:
    bo = Member("bo")
    create, add = bo.author.create_list("L"), bo.author.add("L", container())
    assert add.entry_id is not None
    retire, again = bo.author.retire("L", add.entry_id), bo.author.add("L", container())
    state = fold([create, add, retire, again], EPOCHS)
    assert state.refusals == []
    assert [e.status for e in state.lists["l"].entries.values()] == [EntryStatus.RETIRED,
                                                                     EntryStatus.ACTIVE]


def test_an_entry_expired_on_the_day_of_the_add_does_not_block_it() -> None:
    bo = Member("bo")
    create = bo.author.create_list("L")
    old = bo.author.add("L", container(expires="2026-12-04"))
    bo.now = T0 + DAY_MS  # 2026-12-05 on the author's clock, carried in the operation
    fresh = bo.author.add("L", container())
    state = fold([create, old, fresh], EPOCHS)
    assert state.refusals == []
    assert len(state.lists["l"].entries) == 2


def test_companies_are_already_listed_by_their_normalised_name() -> None:
    bo = Member("bo")
    ops = [bo.author.create_list("L"),
           bo.author.add("L", EntryFields("company", "Jinhai Trading Co., Ltd.")),
           bo.author.add("L", EntryFields("company", "JINHAI TRADING CO LTD"))]
    assert codes(fold(ops, EPOCHS)) == ["watchlist.already_listed"]


def test_an_update_onto_another_active_value_is_refused() -> None:
    bo = Member("bo")
    ops = [bo.author.create_list("L"), bo.author.add("L", container()),
           bo.author.add("L", container("TASU1170000"))]
    second = ops[2].entry_id
    assert second is not None
    ops.append(bo.author.update("L", second, container("CSQU3054383")))
    assert codes(fold(ops, EPOCHS)) == ["watchlist.already_listed"]


# --- last writer wins, history ---


def test_concurrent_updates_converge_on_the_later_lamport_then_greater_device() -> None:
    coord, bo = Member("coord"), Member("bo")
    create, add = coord.author.create_list("L"), coord.author.add("L", container(note="v1"))
    bo.saw(create, add)
    assert add.entry_id is not None
    by_coord = coord.author.update("L", add.entry_id, container(note="coord's"))
    by_bo = bo.author.update("L", add.entry_id, container(note="bo's"))
    assert by_coord.lamport == by_bo.lamport
    for order in ([create, add, by_coord, by_bo], [by_bo, by_coord, add, create]):
        assert fold(order, EPOCHS).lists["l"].entries[add.entry_id].note == "coord's"


def test_an_entry_keeps_who_changed_what_and_when() -> None:
    coord, bo = Member("coord"), Member("bo")
    create, add = coord.author.create_list("L"), coord.author.add("L", container(tags=("uk",)))
    bo.saw(create, add)
    bo.now = T0 + 60_000
    assert add.entry_id is not None
    update = bo.author.update("L", add.entry_id, container(note="seen at Felixstowe"))
    retire = bo.author.retire("L", add.entry_id)
    entry = fold([create, add, update, retire], EPOCHS).lists["l"].entries[add.entry_id]
    assert [(h.action, h.device_id) for h in entry.history] == [
        ("add", "coord"), ("update", "bo"), ("retire", "bo")]
    changes = {c.field: (c.before, c.after) for c in entry.history[1].changes}
    assert changes == {"note": ("", "seen at Felixstowe"), "tags": ("uk", "")}
    assert entry.history[1].at_ms == T0 + 60_000
    assert (entry.author_device, entry.updated_by, entry.status) == ("coord", "bo",
                                                                     EntryStatus.RETIRED)


def test_a_retired_entry_is_not_edited() -> None:
    bo = Member("bo")
    create, add = bo.author.create_list("L"), bo.author.add("L", container())
    assert add.entry_id is not None
    ops = [create, add, bo.author.retire("L", add.entry_id),
           bo.author.update("L", add.entry_id, container(note="late"))]
    assert codes(fold(ops, EPOCHS)) == ["watchlist.entry_retired"]


def test_an_invalid_value_that_bypassed_the_author_is_refused_by_every_member() -> None:
    bo = Member("bo")
    ops = [bo.author.create_list("L"), bo.author.add("L", container("CSQU3054384"))]
    state = fold(ops, EPOCHS)
    assert codes(state) == ["watchlist.check_digit"]
    assert state.lists["l"].entries == {}


# --- lock ---


def test_an_edit_ordered_after_the_lock_is_refused_and_one_before_it_is_kept() -> None:
    coord, bo = Member("coord"), Member("bo")
    create = coord.author.create_list("L")
    bo.saw(create)
    before = bo.author.add("L", container())          # lamport 2
    lock = coord.author.lock("L")                      # lamport 2: "bo" < "coord", bo first
    after = bo.author.add("L", container("TASU1170000"))  # lamport 3
    state = fold([after, lock, before, create], EPOCHS)
    assert list(state.lists["l"].entries) == [before.entry_id]
    assert codes(state) == ["watchlist.list_locked"]
    assert state.lists["l"].locked


def test_only_the_coordinator_locks_and_unlock_reopens_the_list() -> None:
    coord, bo = Member("coord"), Member("bo")
    create = coord.author.create_list("L")
    bo.saw(create)
    ops = [create, bo.author.lock("L"), coord.author.lock("L")]
    bo.saw(*ops)
    coord.saw(*ops)
    ops += [coord.author.unlock("L")]
    bo.saw(*ops)
    ops += [bo.author.add("L", container())]
    state = fold(ops, EPOCHS)
    assert codes(state) == ["watchlist.not_coordinator"]
    assert not state.lists["l"].locked
    assert len(state.lists["l"].entries) == 1


# --- membership ---


def test_a_device_that_is_not_a_member_is_refused() -> None:
    state = fold([Member("mallory").author.create_list("L")], EPOCHS)
    assert codes(state) == ["watchlist.not_member"]
    assert state.lists == {}


def test_a_removed_members_later_edit_is_refused_by_everyone() -> None:
    coord, chen = Member("coord"), Member("chen")
    create = coord.author.create_list("L")
    chen.saw(create)
    early = chen.author.add("L", container())
    chen.epoch = 1  # chen learns of its own removal and edits anyway
    late = chen.author.add("L", container("TASU1170000"))
    state = fold([late, create, early], EPOCHS)
    assert list(state.lists["l"].entries) == [early.entry_id]
    assert codes(state) == ["watchlist.not_member"]


def test_a_removed_member_back_dating_its_epoch_is_refused() -> None:
    coord, chen = Member("coord"), Member("chen")
    create = coord.author.create_list("L")
    chen.saw(create)
    chen.epoch = 2
    honest = chen.author.add("L", container())
    chen.epoch = 0  # pretends to be at an epoch before a removal
    backdated = chen.author.add("L", container("TASU1170000"))
    state = fold([create, honest, backdated], EPOCHS)
    assert codes(state) == ["watchlist.epoch_regressed"]


# --- convergence ---

#: Weighted by repetition: mostly members at live epochs, mostly adds and updates.
DEVICES = ("coord", "bo", "chen", "coord", "bo", "mallory")
EPOCH_CHOICES = (0, 0, 0, 0, 0, 0, 1, 2)
ACTIONS = (Action.CREATE_LIST, Action.ADD, Action.ADD, Action.ADD, Action.UPDATE,
           Action.UPDATE, Action.RETIRE, Action.LOCK, Action.UNLOCK)
LISTS = ("Solid waste", "solid WASTE", "Solid waste", "Vessels")
VALUES = (("container", "CSQU3054383"), ("container", "TASU1170000"), ("hs", "3915"),
          ("hs", "3999"), ("imo", "9074729"), ("company", "Jinhai Trading Co., Ltd."),
          ("company", "JINHAI TRADING CO LTD"), ("keyword", "废塑料"))
ENTRY_IDS = ("e1", "e2", "e3", "e4", "e5", "e6")


@st.composite
def operations(draw: st.DrawFn) -> list[Operation]:
    """Operations from members, a removed member and a stranger, with colliding Lamport
    times, names, values and entry ids: every rule gets exercised (creates sort early,
    so most examples hold several entries)."""
    count = draw(st.integers(3, 30))
    ops = []
    for number in range(count):
        action = draw(st.sampled_from(ACTIONS))
        kind, value = draw(st.sampled_from(VALUES))
        needs_entry = action in (Action.ADD, Action.UPDATE, Action.RETIRE)
        lamport = draw(st.integers(1, 3) if action is Action.CREATE_LIST else st.integers(2, 14))
        ops.append(Operation(
            op_id=f"op{number}", channel_id="chan", action=action,
            list_name=draw(st.sampled_from(LISTS)), lamport=lamport,
            device_id=draw(st.sampled_from(DEVICES)), epoch=draw(st.sampled_from(EPOCH_CHOICES)),
            at_ms=T0 + draw(st.integers(0, 3)) * DAY_MS,
            entry_id=draw(st.sampled_from(ENTRY_IDS)) if needs_entry else None,
            fields=(EntryFields(kind, value, note=draw(st.sampled_from(("", "a", "b"))),
                                expires=draw(st.sampled_from((None, "2026-12-05"))))
                    if action in (Action.ADD, Action.UPDATE) else None)))
    return ops


def deliveries(ops: list[Operation], rng: random.Random) -> Iterator[Operation]:
    """Every operation at least once, some twice or three times, in a shuffled order."""
    stream = ops + [rng.choice(ops) for _ in range(rng.randint(0, len(ops)))]
    rng.shuffle(stream)
    yield from stream


@settings(max_examples=150, deadline=None)
@given(ops=operations(), seeds=st.lists(st.integers(0, 2**32), min_size=3, max_size=3))
def test_members_receiving_any_interleaving_with_duplicates_converge(
        ops: list[Operation], seeds: list[int]) -> None:
    expected = fold(ops, EPOCHS)
    for seed in seeds:
        log = OperationLog(EPOCHS)
        for op in deliveries(ops, random.Random(seed)):
            log.receive(op)
        assert log.state == expected


@settings(max_examples=100, deadline=None)
@given(script=st.lists(st.tuples(st.sampled_from(("coord", "bo", "chen")),
                                 st.sampled_from(("author", "sync"))), max_size=40),
       values=st.lists(st.sampled_from(VALUES), min_size=40, max_size=40),
       seed=st.integers(0, 2**32))
def test_three_members_editing_concurrently_with_delays_end_identical(
        script: list[tuple[str, str]], values: list[tuple[str, str]], seed: int) -> None:
    """Members author with causal Lamport clocks from what they have seen, and sync
    with one random other member at random moments (the others' edits arrive late)."""
    rng = random.Random(seed)
    members = {name: Member(name) for name in ("coord", "bo", "chen")}
    logs = {name: OperationLog(EPOCHS) for name in members}
    first = members["coord"].author.create_list("Solid waste")
    logs["coord"].receive(first)
    for step, (name, what) in enumerate(script):
        member, log = members[name], logs[name]
        if what == "author":
            kind, value = values[step]
            entries = [e for wl in log.state.lists.values() for e in wl.entries.values()]
            choice = rng.random()
            if entries and choice < 0.3:
                op = member.author.update("Solid waste", rng.choice(entries).entry_id,
                                          EntryFields(kind, value, note=str(step)))
            elif entries and choice < 0.4:
                op = member.author.retire("Solid waste", rng.choice(entries).entry_id)
            elif name == "coord" and choice < 0.5:
                op = rng.choice((member.author.lock, member.author.unlock))("Solid waste")
            else:
                op = member.author.add("Solid waste", EntryFields(kind, value))
            log.receive(op)
        else:
            other = logs[rng.choice([n for n in members if n != name])]
            for op in other.operations:
                log.receive(op)
                member.saw(op)
    everything = [op for log in logs.values() for op in log.operations]
    for name, log in logs.items():
        for op in everything:
            log.receive(op)
            members[name].saw(op)
    states = [log.state for log in logs.values()]
    assert states[0] == states[1] == states[2] == fold(everything, EPOCHS)


def test_an_operation_arriving_late_refolds_and_one_in_order_does_not() -> None:
    bo = Member("bo")
    create, add = bo.author.create_list("L"), bo.author.add("L", container())
    log = OperationLog(EPOCHS)
    assert log.receive(add)
    assert log.receive(create)
    assert not log.receive(create)
    assert log.refolds == 1
    assert log.receive(bo.author.add("L", container("TASU1170000")))
    assert log.refolds == 1
    assert len(log.state.lists["l"].entries) == 2


@pytest.mark.parametrize("day", [dt.date(2026, 12, 4)])
def test_active_entries_leave_out_retired_and_expired(day: dt.date) -> None:
    bo = Member("bo")
    create = bo.author.create_list("L")
    keep = bo.author.add("L", container())
    gone = bo.author.add("L", container("TASU1170000", expires="2026-12-03"))
    state = fold([create, keep, gone], EPOCHS)
    assert [e.entry_id for e in state.lists["l"].active_entries(day)] == [keep.entry_id]


def test_an_epoch_not_yet_known_is_refused_until_the_membership_log_catches_up() -> None:
    epochs: dict[int, dict[str, Role]] = {0: {"coord": Role.COORDINATOR}}
    log = OperationLog(membership_by_epoch(epochs))
    coord, dana = Member("coord"), Member("dana", epoch=1)
    create = coord.author.create_list("L")
    log.receive(create)
    dana.saw(create)
    log.receive(dana.author.add("L", container()))
    assert codes(log.state) == ["watchlist.not_member"]
    epochs[1] = {"coord": Role.COORDINATOR, "dana": Role.MEMBER}  # dana's invitation arrives
    log.refold()
    assert log.state.refusals == []
    assert len(log.state.lists["l"].entries) == 1
