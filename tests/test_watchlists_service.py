"""Watch-lists end to end (issue 14): real profiles, a real relay process on 127.0.0.1.

Edits go out as ``watchlist.op`` messages (folded: no timeline row), every member
stores them in its op log and folds the same lists, whatever order they arrive in.
Few tests, each doing several things: each one costs seconds of relay round trips.
"""

from __future__ import annotations

import pytest

from liaison_client.watchlists.errors import (
    AlreadyListedError,
    ContainerFormatError,
    ListLockedError,
    NotListCoordinatorError,
)
from liaison_client.watchlists.model import WatchListState
from tests.sync.conftest import (
    Officer,
    OfficerFactory,
    Operation,
    make_officer,
    relay,
    start_relay_process,
    trio,
)

__all__ = ["make_officer", "relay", "start_relay_process", "trio"]

LIST = "High-risk containers"


def lists_of(officer: Officer, channel_id: str) -> dict[str, object]:
    """What every member must agree on: each list, its lock, every entry's fields and
    status, and the refusals (op id and code)."""
    state: WatchListState = officer.workspace.watchlists.state(channel_id)
    return {
        "lists": {key: (w.name, w.locked, sorted(
            (e.entry_id, e.value, e.note, e.tags, str(e.status), e.updated_by, e.author_device)
            for e in w.entries.values())) for key, w in state.lists.items()},
        "refusals": sorted((r.op_id, r.code) for r in state.refusals),
    }


def values(officer: Officer, channel_id: str) -> list[str]:
    return sorted(e.value for e in officer.workspace.watchlists.entries(channel_id, LIST))


@pytest.mark.slow
def test_three_members_edit_concurrently_one_offline_and_end_identical(trio: Operation) -> None:
    li, (anna, tomas) = trio.coordinator, trio.members
    channel = trio.channel_id
    li.workspace.watchlists.add(channel, LIST, "container", "CSQU3054383", note="Felixstowe")
    # Anna creates the same list concurrently (before she has Li's create): one list.
    anna.workspace.watchlists.add(channel, LIST.upper(), "imo", "IMO 9074729")
    trio.sync_all(2)
    assert values(li, channel) == values(anna, channel) == values(tomas, channel) \
        == ["9074729", "CSQU3054383"]
    assert len(li.workspace.watchlists.state(channel).lists) == 1
    # A folded kind never reaches the timeline, on the sender or the receivers.
    assert li.texts(channel) == anna.texts(channel) == tomas.texts(channel) == []

    # Tomás goes offline and edits; Li and Anna edit concurrently meanwhile,
    # including the same value twice (Li and Anna) and a value Tomás also adds.
    offline = tomas.workspace.watchlists.add(channel, LIST, "hs", "3915", deliver=False)
    tomas.workspace.watchlists.add(channel, LIST, "keyword", "废塑料", deliver=False)
    li_awb = li.workspace.watchlists.add(channel, LIST, "awb", "176-12345675")
    anna.workspace.watchlists.add(channel, LIST, "awb", "17612345675")  # same AWB, concurrent
    anna.workspace.watchlists.add(channel, LIST, "hs", "391510")
    first_entry = li.workspace.watchlists.entries(channel, LIST)[0]
    anna.workspace.watchlists.retire(channel, first_entry.entry_id)
    for officer in (li, anna):
        officer.sync(2)
    for officer in (li, anna, tomas, li, anna, tomas):
        officer.sync()

    everyone = [lists_of(o, channel) for o in trio.everyone]
    assert everyone[0] == everyone[1] == everyone[2]
    # The concurrent duplicate AWB: exactly one stands, the other is refused everywhere.
    assert values(li, channel).count("176-12345675") == 1
    codes = {code for _, code in everyone[0]["refusals"]}  # type: ignore[attr-defined]
    assert "watchlist.already_listed" in codes
    assert offline.entry is not None
    assert offline.accepted is False
    assert sorted(values(tomas, channel)) == sorted(
        ["9074729", "176-12345675", "391510", "3915", "废塑料"])
    assert li_awb.entry is not None
    history = tomas.workspace.watchlists.history(channel, first_entry.entry_id)
    assert [h.action for h in history] == ["add", "retire"]


@pytest.mark.slow
def test_a_removed_member_and_an_edit_after_the_lock_are_refused_by_everyone(
        trio: Operation) -> None:
    li, (anna, tomas) = trio.coordinator, trio.members
    channel = trio.channel_id
    li.workspace.watchlists.add(channel, LIST, "container", "CSQU3054383")
    trio.sync_all(2)

    # Only the coordinator locks; a member's lock is refused before anything is sent.
    with pytest.raises(NotListCoordinatorError):
        anna.workspace.watchlists.lock(channel, LIST)
    # Tomás is removed; he has not synced, so he still edits under his old epoch.
    assert li.workspace.channels.remove(channel, tomas.device_id).accepted
    late = tomas.workspace.watchlists.add(channel, LIST, "imo", "9074729")
    assert late.accepted
    # Anna learns of the removal (an edit sent under an epoch the others have left is
    # refused by their transport: docs/WATCHLISTS.md, "Sync", limits).
    anna.sync()
    li.workspace.watchlists.lock(channel, LIST)
    # Anna has not received the lock: her edits pass her own check. Her first add
    # has the lock's Lamport time (the device ids decide its place), her second is
    # ordered after the lock whatever they are: refused by every member alike.
    anna.workspace.watchlists.add(channel, LIST, "awb", "176-12345675")
    after_lock = anna.workspace.watchlists.add(channel, LIST, "hs", "391510")
    trio.sync_all(2)
    with pytest.raises(ListLockedError):  # once she has the lock, her own check refuses
        anna.workspace.watchlists.add(channel, LIST, "keyword", "waste")

    li_lists, anna_lists = lists_of(li, channel), lists_of(anna, channel)
    assert li_lists == anna_lists
    refusals = dict(li_lists["refusals"])  # type: ignore[call-overload]
    assert refusals[after_lock.op_ids[-1]] == "watchlist.list_locked"
    assert "391510" not in values(li, channel)
    locked = li.workspace.watchlists.state(channel).list_named(LIST)
    assert locked is not None
    assert locked.locked
    # Tomás's edit after his removal never became anyone's state: refused by every
    # member's transport (not a member) before any fold.
    assert "9074729" not in values(li, channel)
    assert any(r.sender_device_id == tomas.device_id for r in li.refusals(channel))
    assert any(r.sender_device_id == tomas.device_id for r in anna.refusals(channel))

    li.workspace.watchlists.unlock(channel, LIST)
    anna.sync()
    anna.workspace.watchlists.add(channel, LIST, "imo", "9074729")
    li.sync()
    assert values(li, channel) == values(anna, channel)
    assert "9074729" in values(li, channel)


def test_an_invalid_value_stores_and_sends_nothing(make_officer: OfficerFactory) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    channel = li.workspace.channels.create("Op Jade").channel_id
    with pytest.raises(ContainerFormatError):
        li.workspace.watchlists.add(channel, LIST, "container", "CSQU305438")
    assert li.workspace.watchlists.state(channel).lists == {}
    assert li.workspace.outbox_count() == 0
    li.workspace.watchlists.add(channel, LIST, "container", "CSQU3054383")
    with pytest.raises(AlreadyListedError):
        li.workspace.watchlists.add(channel, LIST, "container", "csqu 305438-3")
    assert values(li, channel) == ["CSQU3054383"]
