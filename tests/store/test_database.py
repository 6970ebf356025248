"""The database opens only as SQLCipher 4, with the right key, and never silently empty."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from liaison_client.errors import StoreCorruptError, UnlockError
from liaison_client.store.database import open_database
from liaison_client.store.records import ChannelRecord, MessageRecord, MessageState
from liaison_client.store.store import Store

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_reports_sqlcipher_4(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "db", KEY, create=True)
    try:
        (version,) = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    assert version.startswith("4.")


def test_database_file_is_not_readable_as_plain_sqlite(tmp_path: Path) -> None:
    Store.create(tmp_path / "db", KEY).close()
    plain = sqlite3.connect(tmp_path / "db")
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT * FROM sqlite_master").fetchall()
    plain.close()


def test_wrong_key_is_refused_and_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with Store.create(path, KEY) as store, store.transaction():
        store.channels.add(ChannelRecord("c1", "Op", "dev", 0, False, 1, 1))
    before = _digest(path)
    with pytest.raises(UnlockError, match="nothing was modified"):
        open_database(path, OTHER_KEY)
    assert _digest(path) == before
    with Store.open(path, KEY) as store:
        assert store.channels.get("c1") is not None


def test_plain_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db"
    plain = sqlite3.connect(path)
    plain.execute("CREATE TABLE t (x)")
    plain.commit()
    plain.close()
    with pytest.raises(StoreCorruptError, match="unencrypted SQLite"):
        open_database(path, KEY)


def test_missing_database_is_an_error_not_a_new_store(tmp_path: Path) -> None:
    with pytest.raises(StoreCorruptError, match="missing"):
        open_database(tmp_path / "absent.db", KEY)
    assert not (tmp_path / "absent.db").exists()


def test_corrupt_database_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "db"
    Store.create(path, KEY).close()
    data = bytearray(path.read_bytes())
    data[100:4000] = bytes(3900)  # zero out most of the first page
    path.write_bytes(bytes(data))
    with pytest.raises((StoreCorruptError, UnlockError)):
        Store.open(path, KEY)


def test_create_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "db"
    path.write_bytes(b"precious")
    with pytest.raises(StoreCorruptError, match="already there"):
        open_database(path, KEY, create=True)
    assert path.read_bytes() == b"precious"


def test_database_file_is_private_to_its_owner(tmp_path: Path) -> None:
    Store.create(tmp_path / "db", KEY).close()
    assert (tmp_path / "db").stat().st_mode & 0o077 == 0


def test_failed_transaction_keeps_nothing(tmp_path: Path) -> None:
    with Store.create(tmp_path / "db", KEY) as store:
        with store.transaction():
            store.channels.add(ChannelRecord("c1", "Op", "dev", 0, False, 1, 1))
        message = MessageRecord("m1", "c1", "dev", 1, "text", "hello", MessageState.RECEIVED)

        def fail_mid_transaction() -> None:
            with store.transaction():
                store.messages.add(message)
                raise RuntimeError("process fails mid-transaction")

        with pytest.raises(RuntimeError):
            fail_mid_transaction()
        assert store.messages.get("m1") is None
        assert store.messages.search("hello") == []


def test_a_second_writer_waits_instead_of_failing(tmp_path: Path) -> None:
    import threading

    path = tmp_path / "db"
    Store.create(path, KEY).close()
    with Store.open(path, KEY) as first, Store.open(path, KEY) as second:
        locked, release = threading.Event(), threading.Event()

        def hold_write_lock() -> None:
            with first.transaction():
                first.channels.add(ChannelRecord("a", "A", "dev", 0, False, 0, 0))
                locked.set()
                release.wait(5)

        holder = threading.Thread(target=hold_write_lock)
        holder.start()
        assert locked.wait(5)
        threading.Timer(0.3, release.set).start()
        with second.transaction():  # blocks until the first commits, then succeeds
            second.channels.add(ChannelRecord("b", "B", "dev", 0, False, 0, 0))
        holder.join(5)
        assert {c.channel_id for c in second.channels.all()} == {"a", "b"}
