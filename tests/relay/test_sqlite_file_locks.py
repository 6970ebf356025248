"""The relay's SQLite file stays locked by the relay for as long as the relay runs.

SQLite's own processes coordinate through POSIX locks on the database file,
and closing *any* descriptor of that file drops every lock its process holds
on it (fcntl(2)). A relay that did so while its storage was open looked, to
any other process closing its last connection to the file (``liaison-relay
enroll`` run by the administrator), like a database nobody used: that process
checkpointed and deleted the WAL under the running relay, which then wrote
into a deleted file and no longer saw new enrollment tokens (the CI of
2026-12-05: ``token_refused`` for a token just issued).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path

import pytest

from liaison_client.relay.sqlite_storage import SqliteRelayStorage
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import enroll_device
from tests.relay.tls_material import make_tls_material

pytestmark = pytest.mark.sqlite_only


def _locks_held_by(pid: int, path: Path) -> list[str]:
    """This kernel's POSIX locks of process ``pid`` on the file at ``path``."""
    inode = path.stat().st_ino
    return [line for line in Path("/proc/locks").read_text().splitlines()
            if f" {pid} " in line and f":{inode} " in line]


def _descriptors_of(path: Path) -> list[str]:
    fds = Path("/proc/self/fd")
    return [fd.name for fd in fds.iterdir()
            if os.path.realpath(fd) in (str(path), f"{path}-wal", f"{path}-shm")]


def test_a_second_storage_on_the_file_keeps_the_first_ones_lock(tmp_path: Path) -> None:
    database = tmp_path / "relay.sqlite3"

    async def scenario() -> None:
        first = SqliteRelayStorage(database)
        await first.start()
        try:
            assert _locks_held_by(os.getpid(), database)
            second = SqliteRelayStorage(database)
            await second.start()
            await second.close()
            assert _locks_held_by(os.getpid(), database), "the first storage lost its lock"
        finally:
            await first.close()

    asyncio.run(scenario())


def test_a_closed_storage_leaves_no_descriptor_of_the_database(tmp_path: Path) -> None:
    database = tmp_path / "relay.sqlite3"

    async def scenario() -> None:
        storage = SqliteRelayStorage(database)
        await storage.start()
        assert _descriptors_of(database)
        await storage.close()

    asyncio.run(scenario())
    assert _descriptors_of(database) == []
    assert _locks_held_by(os.getpid(), database) == []


def test_another_process_closing_the_database_leaves_the_relays_wal_alone(
    start_relay_process: StartRelay, tmp_path: Path
) -> None:
    relay = start_relay_process(tls=make_tls_material(tmp_path / "tls"))
    database = relay.data_dir / "relay.sqlite3"
    assert _locks_held_by(relay.process.pid, database)
    connection = sqlite3.connect(database)
    connection.execute("SELECT count(*) FROM devices").fetchall()
    connection.close()  # the last connection here: it deletes the WAL if it may
    assert Path(f"{database}-wal").exists()
    enroll_device(relay, token=relay.enroll("Guangzhou Customs"))
