"""The group-commit writer on a real SQLite file (WAL, synchronous=FULL)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from liaison_client.relay.group_commit import GroupCommitWriter

SCHEMA = """
CREATE TABLE parents (id INTEGER PRIMARY KEY);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    parent INTEGER REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED
);
"""


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _note(note_id: int, parent: int | None = None) -> Callable[[sqlite3.Connection], int]:
    def operation(conn: sqlite3.Connection) -> int:
        conn.execute("INSERT INTO notes VALUES (?, ?)", (note_id, parent))
        return note_id
    return operation


def _committed_notes(path: Path) -> set[int]:
    with sqlite3.connect(path) as reader:
        return {row[0] for row in reader.execute("SELECT id FROM notes")}


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "writer.sqlite3"
    conn = _open(path)
    conn.executescript(SCHEMA)
    conn.close()
    return path


def test_concurrent_writes_share_one_commit_and_are_durable_when_answered(
        database: Path) -> None:
    batches: list[int] = []

    async def scenario() -> list[int]:
        writer = GroupCommitWriter(_open(database), on_batch=lambda n, _s: batches.append(n))
        writer.start()
        results = await asyncio.gather(*(writer.submit(_note(i)) for i in range(5)))
        # Answered means committed: another connection sees every row.
        assert _committed_notes(database) == set(range(5))
        await writer.aclose()
        return list(results)

    assert asyncio.run(scenario()) == [0, 1, 2, 3, 4]
    assert batches == [5]


def test_a_failing_operation_is_rolled_back_alone(database: Path) -> None:
    def fails_halfway(conn: sqlite3.Connection) -> int:
        conn.execute("INSERT INTO notes VALUES (100, NULL)")
        raise ValueError("refused")

    async def scenario() -> tuple[int, BaseException | int, int]:
        writer = GroupCommitWriter(_open(database))
        writer.start()
        first, failed, last = await asyncio.gather(
            writer.submit(_note(1)), writer.submit(fails_halfway), writer.submit(_note(2)),
            return_exceptions=True)
        await writer.aclose()
        assert isinstance(first, int)
        assert isinstance(last, int)
        return first, failed, last

    first, failed, last = asyncio.run(scenario())
    assert (first, last) == (1, 2)
    assert isinstance(failed, ValueError)
    assert _committed_notes(database) == {1, 2}


def test_a_failed_commit_fails_the_whole_batch_and_the_next_batch_still_commits(
        database: Path) -> None:
    rollbacks: list[bool] = []

    async def scenario() -> list[BaseException | int]:
        writer = GroupCommitWriter(_open(database), on_rollback=lambda: rollbacks.append(True))
        writer.start()
        # A deferred foreign key is checked at COMMIT: the commit itself fails.
        outcomes = await asyncio.gather(
            writer.submit(_note(1)), writer.submit(_note(2, parent=999)),
            return_exceptions=True)
        assert await writer.submit(_note(3)) == 3
        await writer.aclose()
        return list(outcomes)

    outcomes = asyncio.run(scenario())
    assert all(isinstance(o, sqlite3.IntegrityError) for o in outcomes), outcomes
    assert rollbacks == [True]
    assert _committed_notes(database) == {3}


def test_a_poke_commits_what_before_batch_writes(database: Path) -> None:
    noted: list[int] = [7]

    def write_noted(conn: sqlite3.Connection) -> None:
        while noted:
            conn.execute("INSERT INTO notes VALUES (?, NULL)", (noted.pop(),))

    async def scenario() -> None:
        writer = GroupCommitWriter(_open(database), before_batch=write_noted)
        writer.start()
        writer.poke()
        await writer.aclose()  # commits what was asked for before closing

    asyncio.run(scenario())
    assert _committed_notes(database) == {7}


def test_a_closed_writer_refuses_new_writes(database: Path) -> None:
    async def scenario() -> None:
        writer = GroupCommitWriter(_open(database))
        writer.start()
        await writer.aclose()
        with pytest.raises(RuntimeError, match="stopped"):
            await writer.submit(_note(1))

    asyncio.run(scenario())


def test_a_bulk_operation_runs_its_batch_off_the_event_loop(database: Path) -> None:
    """A purge may touch thousands of rows: it must not stall the requests' loop."""
    threads: dict[str, int] = {}

    def recorded(name: str, note_id: int) -> Callable[[sqlite3.Connection], int]:
        def operation(conn: sqlite3.Connection) -> int:
            threads[name] = threading.get_ident()
            return _note(note_id)(conn)
        return operation

    async def scenario() -> None:
        writer = GroupCommitWriter(_open(database))
        writer.start()
        await writer.submit(recorded("alone", 1))
        await asyncio.gather(writer.submit(recorded("bulk", 2), bulk=True),
                             writer.submit(recorded("beside bulk", 3)))
        await writer.aclose()

    asyncio.run(scenario())
    loop_thread = threading.get_ident()  # asyncio.run runs the loop on this thread
    assert threads["alone"] == loop_thread
    assert threads["bulk"] != loop_thread
    assert threads["beside bulk"] == threads["bulk"]
    assert _committed_notes(database) == {1, 2, 3}
