"""A queued folded message whose stored body no longer decodes never blocks the outbox.

Such a row can come from an older version's body or a damaged store; the round must
drop it (counted as expired) and go on, not raise at it on every later sync.
"""

from __future__ import annotations

from liaison_client.store.outgoing_folded import OutgoingFolded
from liaison_client.store.records import now_ms
from tests.sync.conftest import Operation, make_officer, trio

__all__ = ["make_officer", "trio"]


def test_an_undecodable_folded_row_is_dropped_and_later_messages_still_go(
        trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    store = li.profile.store
    with store.transaction():
        store.outgoing_folded.add(OutgoingFolded(
            "folded-broken-1", trio.channel_id, "watchlist.op", '{"not": "an operation"}',
            now_ms()))
    sent = li.workspace.sending.send_text(trio.channel_id, "Seal 4471 checked")
    assert sent.accepted, sent.problem
    li.sync()
    assert store.outgoing_folded.count() == 0
    trio.sync_all()
    for officer in (anna, tomas):
        assert officer.texts(trio.channel_id) == ["Seal 4471 checked"]
