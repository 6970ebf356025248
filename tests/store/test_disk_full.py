"""A full disk is a clear error that loses nothing already stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison_client.errors import StorageFullError
from liaison_client.profile import KeyStorageChoice, create_profile
from liaison_client.store import migrations
from liaison_client.store.database import open_database
from liaison_client.store.records import ChannelRecord, MessageRecord, MessageState
from liaison_client.store.store import Store
from tests.conftest import fixed_passphrase
from tests.fixtures.filesystems import TinyFilesystem

KEY = bytes(32)


def test_full_database_rolls_back_and_keeps_what_was_stored(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "db", KEY, create=True)
    migrations.migrate(conn)
    store = Store(conn)
    with store.transaction():
        store.channels.add(ChannelRecord("op", "Operation", "dev", 0, False, 0, 0))
        store.messages.add(MessageRecord("kept", "op", "dev", 0, "text", "before the disk filled",
                                         MessageState.RECEIVED))
    # SQLite's own size cap produces the same SQLITE_FULL a full disk does.
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    big = "x" * 50_000

    def store_a_large_batch() -> None:
        with store.transaction():
            store.messages.add_many(
                MessageRecord(f"m{i}", "op", "dev", i, "text", big, MessageState.RECEIVED)
                for i in range(20)
            )

    with pytest.raises(StorageFullError, match="nothing was lost"):
        store_a_large_batch()
    assert store.messages.count("op") == 1
    assert [m.message_id for m in store.messages.search("filled")] == ["kept"]
    store.close()


@pytest.fixture
def tiny_filesystem(tiny_filesystem_of: TinyFilesystem) -> Path:
    """A 256 KiB tmpfs: a real ENOSPC."""
    return tiny_filesystem_of("256k")


def test_profile_creation_on_a_full_disk_leaves_nothing_behind(tiny_filesystem: Path) -> None:
    (tiny_filesystem / "filler").write_bytes(b"\0" * (200 * 1024))
    with pytest.raises(StorageFullError):
        create_profile(tiny_filesystem / "p", name="Li Wei", agency="Guangzhou Customs",
                       passphrase=fixed_passphrase(), key_storage=KeyStorageChoice.PASSPHRASE)
    assert sorted(p.name for p in tiny_filesystem.iterdir()) == ["filler"]
