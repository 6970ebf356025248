"""A removed member's edit written after its removal is refused by every member alike.

``chen`` is removed at epoch 1 (issued at ``REMOVED``); epoch 2 has him back. An edit
he writes under epoch 0 before he learned of it is refused by its own clock, whoever
folds it, and whichever operations arrive with it.
"""

from __future__ import annotations

import pytest

from liaison_client.watchlists.errors import WrittenAfterRemovalError
from liaison_client.watchlists.merge import (
    Folder,
    Role,
    fold,
    membership_by_epoch,
    removals_by_epoch,
)
from liaison_client.watchlists.operations import EntryFields, LamportClock, OperationAuthor

EPOCHS = {
    0: {"coord": Role.COORDINATOR, "chen": Role.MEMBER},
    1: {"coord": Role.COORDINATOR},
    2: {"coord": Role.COORDINATOR, "chen": Role.MEMBER},
}
REMOVED = 1_796_342_400_000
ISSUED = {0: REMOVED - 60_000, 1: REMOVED, 2: REMOVED + 3_600_000}


def author(device: str, epoch: int, at_ms: int, lamport: int = 5) -> OperationAuthor:
    ids = iter(f"{device}-{at_ms}-{n}" for n in range(100))
    return OperationAuthor("chan", device, LamportClock(lamport), lambda: epoch,
                           lambda: at_ms, lambda: next(ids))


def test_an_edit_written_after_the_removal_is_refused_and_one_before_stands() -> None:
    membership = membership_by_epoch(EPOCHS)
    removed_after = removals_by_epoch(EPOCHS, ISSUED)
    assert removed_after("chen", 0) == REMOVED
    assert removed_after("chen", 2) is None
    assert removed_after("coord", 0) is None
    create = author("coord", 0, REMOVED - 50_000, lamport=0).create_list("Waste")
    before = author("chen", 0, REMOVED - 1).add("Waste", EntryFields("imo", "9074729"))
    after = author("chen", 0, REMOVED).add("Waste", EntryFields("awb", "176-12345675"))
    back = author("chen", 2, REMOVED + 4_000_000).add("Waste", EntryFields("hs", "3915"))
    state = fold([create, before, after, back], membership, removed_after)
    values = sorted(e.value for w in state.lists.values() for e in w.entries.values())
    assert values == ["3915", "9074729"]
    assert [(r.op_id, r.code) for r in state.refusals] == [(after.op_id,
                                                            "watchlist.after_removal")]
    # Without the removal times (the rule's input) the same set keeps the late edit:
    # what a member that had not yet received the removal folds until it does.
    assert len(fold([create, before, after, back], membership).refusals) == 0
    # The author's own check refuses it the same way.
    folder = Folder(membership, removed_after)
    folder.apply(create)
    with pytest.raises(WrittenAfterRemovalError, match="after it was removed") as refused:
        folder.apply_or_raise(after)
    assert refused.value.code == "watchlist.after_removal"
