"""The relay's data directory is 0700 and its database files 0600 (issue 10, item 10).

They were 0755 and 0644: any local account on the relay host could read who
sends to whom. Checked on a real relay process, under a permissive umask,
for a fresh directory and for one an older relay left world-readable.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.relay.conftest import StartRelay
from tests.relay.relay_process import enroll_device

#: The modes of the SQLite file; a PostgreSQL server keeps its own files private.
pytestmark = pytest.mark.sqlite_only


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _assert_private(data_dir: Path) -> None:
    assert _mode(data_dir) == 0o700
    files = [p for p in data_dir.glob("relay.sqlite3*")]
    assert {p.name for p in files} >= {"relay.sqlite3", "relay.sqlite3-wal"}
    for path in files:
        assert _mode(path) == 0o600, path


def test_a_new_data_directory_and_its_database_are_private(
        start_relay_process: StartRelay, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        relay = start_relay_process(data_dir=tmp_path / "fresh")
        enroll_device(relay)
    finally:
        os.umask(old)
    _assert_private(relay.data_dir)


def test_an_older_world_readable_relay_directory_is_made_private(
        start_relay_process: StartRelay, tmp_path: Path) -> None:
    relay = start_relay_process(data_dir=tmp_path / "older")
    enroll_device(relay)
    relay.stop()
    os.chmod(relay.data_dir, 0o755)
    for path in relay.data_dir.glob("relay.sqlite3*"):
        os.chmod(path, 0o644)
    again = start_relay_process(data_dir=relay.data_dir)
    enroll_device(again)
    _assert_private(again.data_dir)
