"""Fan-out on read in the SQLite relay storage (issue 13, item 1).

What every backend promises is in ``test_storage_contract.py``; these tests
pin what this backend's layout adds: a send writes one envelope row whatever
its number of recipients, recipient sets are written once, the purge forgets
what no envelope uses, and a schema-4 database (one row per delivery) is
upgraded in place with every queued envelope still delivered in order.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar

import pytest

from liaison_client.relay.sqlite_storage import SCHEMA_VERSION, SqliteRelayStorage
from liaison_client.relay.storage import (
    DeliveryState,
    EnrollmentToken,
    NewDevice,
    NewEnvelope,
)

T = TypeVar("T")


class Run(Protocol):
    def __call__(self, awaitable: Awaitable[T], /) -> T: ...


NOW = 1_800_000_000_000
HOUR = 3_600_000
SCHEMA_4 = Path(__file__).parent / "data" / "relay_schema_4.sql"


@pytest.fixture
def run() -> Iterator[Run]:
    loop = asyncio.new_event_loop()

    def run_on_loop(awaitable: Awaitable[T]) -> T:
        async def wrapped() -> T:
            return await awaitable
        return loop.run_until_complete(wrapped())
    yield run_on_loop
    loop.close()


def _open(run: Run, path: Path) -> SqliteRelayStorage:
    storage = SqliteRelayStorage(path, readers=1)
    run(storage.start())
    return storage


def _register(run: Run, storage: SqliteRelayStorage, *names: str) -> list[str]:
    run(storage.add_enrollment_token(
        EnrollmentToken(f"token-{names[0]}", "Zoll Hamburg", len(names), NOW + HOUR), NOW))
    for name in names:
        run(storage.register_device(f"token-{names[0]}", NewDevice(
            name, f"ed-{name}", f"cv-{name}", f"reg-{name}", NOW)))
    return list(names)


def _rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_send_writes_one_envelope_row_and_a_recipient_set_only_the_first_time(
        run: Run, tmp_path: Path) -> None:
    path = tmp_path / "relay.sqlite3"
    storage = _open(run, path)
    try:
        sender, *members = _register(run, storage, "sender",
                                     *(f"member-{n:03d}" for n in range(200)))
        for n in range(3):
            # The client lists a channel's devices in any order; the set is the same.
            order = members if n % 2 == 0 else list(reversed(members))
            run(storage.accept_envelopes(sender, [NewEnvelope(
                f"m{n}", tuple(order), b"x", NOW + HOUR)], NOW, 1_000))
        run(storage.accept_envelopes(sender, [NewEnvelope(
            "pairwise", (members[7],), b"x", NOW + HOUR)], NOW, 1_000))
    finally:
        run(storage.close())
    assert _rows(path, "envelopes") == 4
    assert _rows(path, "deliveries") == 0
    assert _rows(path, "recipient_sets") == 2
    assert _rows(path, "set_members") == 201


def test_every_member_reads_the_one_row_and_its_ciphertext_goes_when_the_last_acknowledges(
        run: Run, tmp_path: Path) -> None:
    path = tmp_path / "relay.sqlite3"
    storage = _open(run, path)
    try:
        sender, anna, bert = _register(run, storage, "sender", "anna", "bert")
        run(storage.accept_envelopes(sender, [NewEnvelope("m", (anna, bert), b"secret",
                                                          NOW + HOUR)], NOW, 10))
        (for_anna,) = run(storage.pending(anna, 0, 10, NOW))
        (for_bert,) = run(storage.pending(bert, 0, 10, NOW))
        assert for_anna == for_bert
        run(storage.acknowledge(anna, for_anna.cursor, NOW))
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT ciphertext FROM envelopes").fetchone()[0] == b"secret"
        assert run(storage.pending(anna, 0, 10, NOW)) == []
        run(storage.acknowledge(bert, for_bert.cursor, NOW + 5))
        with sqlite3.connect(path) as conn:
            ciphertext, expires = conn.execute(
                "SELECT ciphertext, expires_at_ms FROM envelopes").fetchone()
        assert ciphertext is None
        # Its metadata's life now ends at the last acknowledgement (status retention from here).
        assert expires == NOW + 5
        assert run(storage.delivery_states(sender, ["m"], NOW + 6)) == {
            "m": {anna: DeliveryState.DELIVERED, bert: DeliveryState.DELIVERED}}
    finally:
        run(storage.close())


def test_the_purge_forgets_recipient_sets_no_envelope_uses(
        run: Run, tmp_path: Path) -> None:
    path = tmp_path / "relay.sqlite3"
    storage = _open(run, path)
    try:
        sender, anna, bert = _register(run, storage, "sender", "anna", "bert")
        run(storage.accept_envelopes(sender, [NewEnvelope("m1", (anna, bert), b"x", NOW + 10)],
                                     NOW, 10))
        report = run(storage.purge(NOW + 20, status_retention_ms=5))
        assert (report.expired_deliveries, report.removed_envelopes) == (2, 1)
        assert (_rows(path, "recipient_sets"), _rows(path, "set_members")) == (0, 0)
        # The set is made again when used again (the writer's memo was emptied too).
        run(storage.accept_envelopes(sender, [NewEnvelope("m2", (anna, bert), b"x", NOW + HOUR)],
                                     NOW + 20, 10))
        assert [q.envelope_id for q in run(storage.pending(bert, 0, 10, NOW + 20))] == ["m2"]
    finally:
        run(storage.close())
    assert (_rows(path, "recipient_sets"), _rows(path, "set_members")) == (1, 2)


def test_a_schema_4_database_is_upgraded_and_its_queues_delivered_in_order(
        run: Run, tmp_path: Path) -> None:
    """``data/relay_schema_4.sql`` was written by the schema-4 relay: ``old-1``
    to anna, bert and cleo (bert acknowledged it), ``old-2`` to anna,
    ``old-3`` to bert (expiring at NOW + 1). Its five delivery rows used
    cursors 1–5; clients hold those cursors and must lose nothing."""
    path = tmp_path / "relay.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA_4.read_text())
    storage = _open(run, path)
    try:
        anna_queue = run(storage.pending("dev-anna", 0, 10, NOW))
        assert [(q.cursor, q.envelope_id) for q in anna_queue] == [(1, "old-1"), (2, "old-2")]
        run(storage.accept_envelopes("dev-sender", [NewEnvelope(
            "new-1", ("dev-anna", "dev-bert"), b"new", NOW + HOUR)], NOW, 10))
        anna_queue = run(storage.pending("dev-anna", 1, 10, NOW))
        assert [q.envelope_id for q in anna_queue] == ["old-2", "new-1"]
        # New cursors continue above every cursor the old rows handed out.
        assert anna_queue[-1].cursor > 5
        acknowledged = run(storage.acknowledge("dev-anna", anna_queue[-1].cursor, NOW))
        assert (acknowledged.count, acknowledged.senders) == (3, frozenset({"dev-sender"}))
        assert run(storage.pending("dev-anna", 0, 10, NOW)) == []
        # Bert acknowledged old-1 before the upgrade; his queue resumes after cursor 3.
        assert [q.envelope_id for q in run(storage.pending("dev-bert", 3, 10, NOW))] == \
            ["old-3", "new-1"]
        run(storage.purge(NOW + 2, status_retention_ms=HOUR))
        assert run(storage.delivery_states("dev-sender", ["old-1", "old-3", "new-1"],
                                           NOW + 2)) == {
            "old-1": {"dev-anna": DeliveryState.DELIVERED, "dev-bert": DeliveryState.DELIVERED,
                      "dev-cleo": DeliveryState.PENDING},
            "old-3": {"dev-bert": DeliveryState.EXPIRED},
            "new-1": {"dev-anna": DeliveryState.DELIVERED, "dev-bert": DeliveryState.PENDING}}
        assert [q.envelope_id for q in run(storage.pending("dev-cleo", 0, 10, NOW + 2))] == \
            ["old-1"]
    finally:
        run(storage.close())
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # The old deliveries still name the rebuilt envelopes table.
        assert "REFERENCES envelopes" in conn.execute(
            "SELECT sql FROM sqlite_schema WHERE name = 'deliveries'").fetchone()[0]
