"""The profile's one connection is shared by threads, one statement at a time.

CI once crashed (segmentation fault in a repository's ``fetchall``) when a
background operation read the store while another thread used or closed the
same connection; these pin down the rules that prevent it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlcipher3

from liaison_client.store.records import ChannelRecord
from liaison_client.store.store import Store

KEY = bytes(range(32))
JOIN_TIMEOUT_S = 60


def _channel(channel_id: str) -> ChannelRecord:
    return ChannelRecord(channel_id=channel_id, name=channel_id, coordinator_device_id="DEV",
                         epoch=0, closed=False, created_at_ms=1, last_activity_at_ms=1)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.create(tmp_path / "db", KEY)


def test_threads_reading_while_another_writes_each_see_whole_results(store: Store) -> None:
    failures: list[BaseException] = []
    counts: list[int] = []

    def write() -> None:
        for n in range(200):
            with store.transaction():
                store.channels.add(_channel(f"c{n:03d}"))

    def read() -> None:
        try:
            last = 0
            for _ in range(300):
                seen = len(store.channels.all())
                assert seen >= last, "a reader saw rows disappear"
                last = seen
            counts.append(last)
        except BaseException as exc:  # reported below, with the thread's own traceback
            failures.append(exc)

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT_S)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert len(counts) == 3
    assert len(store.channels.all()) == 200
    store.close()


def test_another_threads_read_waits_for_a_transaction_and_never_sees_its_rolled_back_rows(
        store: Store) -> None:
    inside = threading.Event()
    seen: list[list[str]] = []

    def read_when_told() -> None:
        inside.wait(JOIN_TIMEOUT_S)
        seen.append([c.channel_id for c in store.channels.all()])

    reader = threading.Thread(target=read_when_told)
    reader.start()
    blocked: list[bool] = []

    def write_then_roll_back() -> None:
        with store.transaction():
            store.channels.add(_channel("never"))
            inside.set()
            reader.join(0.3)  # the reader is blocked on the transaction, not reading
            blocked.append(reader.is_alive())
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        write_then_roll_back()
    reader.join(JOIN_TIMEOUT_S)
    assert blocked == [True]
    assert seen == [[]]
    store.close()


def test_a_closed_store_refuses_statements_with_an_error_not_a_crash(store: Store) -> None:
    store.close()
    with pytest.raises(sqlcipher3.ProgrammingError):
        store.channels.all()
