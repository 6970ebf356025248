"""The op log's signed messages and the snapshot records (migration 0011), on SQLCipher.

Rows stored before 0011 keep a NULL signed message: they still fold, but a snapshot
cannot forward them (counted as unforwardable) until a verified copy fills them in.
"""

from __future__ import annotations

from pathlib import Path

from liaison_client.store import migrations
from liaison_client.store.database import open_database
from liaison_client.store.records import ChannelRecord
from liaison_client.store.store import Store
from liaison_client.store.watchlist_ops import StoredOperation
from liaison_client.store.watchlist_snapshots import SnapshotPart, SnapshotRefusal

KEY = bytes(32)


def test_rows_from_before_0011_fold_but_are_not_forwarded(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "db", KEY, create=True)
    migrations.migrate(conn, target=10)
    conn.execute("INSERT INTO channels (channel_id, name, coordinator_device_id, created_at_ms,"
                 " last_activity_at_ms) VALUES ('chan', 'Op Jade', 'DEV', 1, 1)")
    conn.execute("INSERT INTO watchlist_ops (op_id, message_id, channel_id, device_id, lamport,"
                 " body, recorded_at_ms) VALUES ('old', 'm-old', 'chan', 'DEV', 1, '{}', 1)")
    assert migrations.migrate(conn) == migrations.latest_version()
    store = Store(conn)
    ops = store.watchlist_ops
    (old,) = ops.in_channel("chan")
    assert old.signed_message is None
    assert ops.forwardable("chan") == []
    assert ops.unforwardable_count("chan") == 1

    with store.transaction():
        ops.add(StoredOperation("new", "m-new", "chan", "DEV", 2, "{}", 5))
        assert ops.set_signed("m-new", '{"signed":1}', 1_000)
        assert not ops.set_signed("m-of-a-snapshot-part", "{}", 1_000)  # no op row: no-op
        # A verified copy fills in the old row's signed message; never replaces one.
        ops.fill_signed("old", "m-old", '{"signed":0}')
        ops.fill_signed("new", "m-new", '{"forged":1}')
    assert [(f.op_id, f.signed_message) for f in ops.forwardable("chan")] == [
        ("old", '{"signed":0}'), ("new", '{"signed":1}')]
    assert ops.unforwardable_count("chan") == 0
    # Only own operations have a signing time: what a re-send after a change looks at.
    assert [f.op_id for f in ops.signed_since("chan", 999)] == ["new"]
    assert ops.signed_since("chan", 1_001) == []
    assert ops.has("old")
    assert not ops.has("missing")
    conn.close()


def test_a_snapshot_part_is_recorded_once_and_its_refusals_kept(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "db", KEY)
    with store.transaction():
        store.channels.add(ChannelRecord("chan", "Op Jade", "DEV", 0, False, 1, 1))
    snapshots = store.watchlist_snapshots
    part = SnapshotPart("m-1", "chan", "DEV", "snap", 0, 2, 10, 9, 1, 5)
    refusal = SnapshotRefusal("m-1", 3, "chan", "DEV", "op-3", "bad-signature",
                              "x" * 900, 5)
    with store.transaction():
        assert not snapshots.has_part("m-1")
        assert snapshots.add_part(part)
        assert not snapshots.add_part(part)  # a replay of the same message
        snapshots.refuse(refusal)
        snapshots.refuse(refusal)  # recorded once
    assert snapshots.has_part("m-1")
    assert snapshots.parts("chan") == [part]
    (kept,) = snapshots.refusals("chan")
    assert kept == SnapshotRefusal("m-1", 3, "chan", "DEV", "op-3", "bad-signature",
                                   "x" * 500, 5)
    assert snapshots.parts("other") == []
    store.close()
