"""Digests sent and heard, and what was forwarded for them (migration 0012), on SQLCipher."""

from __future__ import annotations

from pathlib import Path

from liaison_client.store.records import ChannelRecord
from liaison_client.store.store import Store
from liaison_client.store.watchlist_digests import DigestRecord
from liaison_client.store.watchlist_snapshots import SnapshotPart

KEY = bytes(32)


def test_digests_are_recorded_once_and_forwards_expire_after_their_window(
        tmp_path: Path) -> None:
    store = Store.create(tmp_path / "db", KEY)
    with store.transaction():
        store.channels.add(ChannelRecord("chan", "Op Jade", "DEV", 0, False, 1, 1))
    digests = store.watchlist_digests
    own = DigestRecord("m-1", "chan", "ME", True, "d1", None, 6, "a" * 64, None, None, None,
                       None, None, 10)
    reply = DigestRecord("m-2", "chan", "ME", True, "d2", "x", 6, "a" * 64, None, None, None,
                         None, None, 20)
    heard = DigestRecord("m-3", "chan", "ANNA", False, "d3", "d1", 8, "b" * 64, False, 2, 2,
                         0, 0, 30)
    with store.transaction():
        assert digests.add(own)
        assert digests.add(reply)
        assert digests.add(heard)
        assert not digests.add(heard)  # a replayed message id
    assert digests.has("m-3")
    assert not digests.has("m-4")
    assert digests.in_channel("chan") == [own, reply, heard]
    assert digests.in_channel("other") == []
    assert digests.last_own_root_at("chan") == 10  # replies do not count
    assert digests.last_own_root_at("other") is None

    with store.transaction():
        digests.record_forwards("chan", "CHEN", ["op-1", "op-2"], 1_000)
        digests.record_forwards("chan", "CHEN", ["op-2"], 5_000)  # forwarded again: later
    assert digests.forwarded_since("chan", "CHEN", 1_000) == {"op-1", "op-2"}
    assert digests.forwarded_since("chan", "CHEN", 2_000) == {"op-2"}
    assert digests.forwarded_since("chan", "ANNA", 0) == set()


def test_snapshot_progress_and_what_answers_filled_in(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "db", KEY)
    with store.transaction():
        store.channels.add(ChannelRecord("chan", "Op Jade", "DEV", 0, False, 1, 1))
        for message_id, snapshot_id, part, added in (("m-1", "s", 0, 3), ("m-2", "s", 1, 0),
                                                     ("m-3", "ae-d1", 0, 2),
                                                     ("m-4", "xae-", 0, 7)):
            store.watchlist_snapshots.add_part(SnapshotPart(
                message_id, "chan", "LI", snapshot_id, part, 2, 5, added, 0, 1))
    snapshots = store.watchlist_snapshots
    assert snapshots.progress("chan", "LI", "s") == (2, 3)
    assert snapshots.progress("chan", "ANNA", "s") == (0, 0)
    assert snapshots.added_by_snapshots_like("chan", "ae-") == 2
