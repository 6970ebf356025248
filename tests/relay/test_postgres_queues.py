"""Fan-out on read on PostgreSQL (``relay/postgres_queues.py``), seen in its tables.

What the shared contract (test_storage_contract.py) cannot see: a send
writes one row whatever the number of recipients; a position is never handed
out while an older transaction could still commit below it, whichever
instance wrote; the ciphertext goes with the last acknowledgement, or with
the purge when two last members acknowledged at once; a schema-2 database
is upgraded in place and its queues delivered in order.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Collection
from pathlib import Path

import psycopg
import pytest

from liaison_client.relay import postgres_queues
from liaison_client.relay.postgres_storage import PostgresRelayStorage
from liaison_client.relay.storage import (
    DeliveryState,
    EnrollmentToken,
    NewDevice,
    NewEnvelope,
    QueuedEnvelope,
    QueueFullError,
)
from tests.fixtures.postgres import PostgresCluster

NOW = 1_800_000_000_000
HOUR = 3_600_000
SCHEMA_2 = Path(__file__).parent / "data" / "relay_pg_schema_2.sql"


async def _register(storage: PostgresRelayStorage, *names: str) -> list[str]:
    token = f"token-{names[0]}"
    await storage.add_enrollment_token(
        EnrollmentToken(token, "Zoll Hamburg", len(names), NOW + HOUR), NOW)
    for name in names:
        await storage.register_device(token, NewDevice(
            name, f"ed-{name}", f"cv-{name}", f"reg-{name}", NOW))
    return list(names)


@contextlib.asynccontextmanager
async def _instances(url: str, count: int = 1) -> AsyncIterator[tuple[PostgresRelayStorage, ...]]:
    """``count`` relay instances' storages on one database: started, then closed."""
    started: list[PostgresRelayStorage] = []
    try:
        for _ in range(count):
            storage = PostgresRelayStorage(url)
            await storage.start()
            started.append(storage)
        yield tuple(started)
    finally:
        for storage in started:
            await storage.close()


def _count(cluster: PostgresCluster, url: str, table: str) -> int:
    (row,) = cluster.sql(f"SELECT count(*) FROM {table}", _database(url))
    return int(str(row[0]))


def _database(url: str) -> str:
    return url.split("?")[0].rsplit("/", 1)[1]


def test_a_send_writes_one_envelope_row_and_a_recipient_set_only_the_first_time(
        postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.new_database()

    async def scenario() -> None:
        async with _instances(url) as (storage,):
            sender, *members = await _register(storage, "sender",
                                               *(f"member-{n:03d}" for n in range(200)))
            for n in range(3):
                # The client lists a channel's devices in any order; the set is the same.
                order = members if n % 2 == 0 else list(reversed(members))
                await storage.accept_envelopes(sender, [NewEnvelope(
                    f"m{n}", tuple(order), b"x", NOW + HOUR)], NOW, 1_000)
            await storage.accept_envelopes(sender, [NewEnvelope(
                "pairwise", (members[7],), b"x", NOW + HOUR)], NOW, 1_000)
            assert [q.envelope_id for q in await storage.pending(members[7], 0, 10, NOW)] == [
                "m0", "m1", "m2", "pairwise"]
    asyncio.run(scenario())
    assert _count(postgres_cluster, url, "envelopes") == 4
    assert _count(postgres_cluster, url, "deliveries") == 0
    assert _count(postgres_cluster, url, "recipient_sets") == 2
    assert _count(postgres_cluster, url, "set_members") == 201
    # No recipient's queue row was touched by the sends.
    assert postgres_cluster.sql("SELECT max(last_cursor), max(pending) FROM device_queues",
                                _database(url)) == [(0, 0)]


def test_two_instances_interning_one_set_at_once_make_one_set(
        postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.new_database()

    async def scenario() -> None:
        async with _instances(url, 2) as (a, b):
            sender, *members = await _register(a, "sender", "anna", "bert", "cleo")
            await asyncio.gather(*[
                (a if n % 2 else b).accept_envelopes(sender, [NewEnvelope(
                    f"m{n}", tuple(members), b"x", NOW + HOUR)], NOW, 1_000)
                for n in range(20)])
            assert len(await a.pending("cleo", 0, 100, NOW)) == 20
    asyncio.run(scenario())
    assert _count(postgres_cluster, url, "recipient_sets") == 1
    assert _count(postgres_cluster, url, "set_members") == 3


def test_no_position_is_handed_out_while_an_older_transaction_could_commit_below_it(
        postgres_cluster: PostgresCluster) -> None:
    """A slow sender's transaction takes its position first and commits last. A
    fetch in between must not hand out the later send's (higher) position, or
    a client acknowledging it would skip the slow one for ever."""
    url = postgres_cluster.new_database()

    async def scenario() -> None:
        woken: asyncio.Queue[Collection[str] | None] = asyncio.Queue()

        async def no_revocations() -> None:
            return None

        storage = PostgresRelayStorage(url)
        storage.subscribe_changes(woken.put_nowait, no_revocations)
        await storage.start()
        try:
            sender, anna = await _register(storage, "sender", "anna")
            async with await psycopg.AsyncConnection.connect(url) as slow:
                # The slow send: its set and envelope written, not committed.
                set_id = await postgres_queues.intern_set(slow, (anna,))
                await postgres_queues.insert_envelope(slow, sender, "slow", b"slow", NOW,
                                                      NOW + HOUR, set_id, 0)
                # (To another set: interning the same one would wait for the slow send.)
                await storage.accept_envelopes(sender, [NewEnvelope(
                    "fast", (anna, sender), b"fast", NOW + HOUR)], NOW, 1_000)
                # The fast one is committed but above the horizon: nothing yet.
                assert await storage.pending(anna, 0, 10, NOW) == []
                # An acknowledgement from the future cannot pass it either.
                await storage.acknowledge(anna, 2**62, NOW)
                while not woken.empty():
                    woken.get_nowait()
                await slow.commit()
            # The watch wakes anna's long-poll once the horizon has passed.
            woken_ids = await asyncio.wait_for(_woken_for(woken, anna), 10)
            assert woken_ids is not None
            assert list(woken_ids) == [anna]
            queued = await storage.pending(anna, 0, 10, NOW)
            assert [q.envelope_id for q in queued] == ["slow", "fast"]
            assert queued[0].cursor < queued[1].cursor
        finally:
            await storage.close()

    async def _woken_for(woken: asyncio.Queue[Collection[str] | None],
                         device: str) -> Collection[str] | None:
        while True:
            ids = await woken.get()
            if ids is None or device in ids:
                return ids
    asyncio.run(scenario())


def test_readers_on_two_instances_get_every_envelope_once_in_order_under_concurrent_senders(
        postgres_cluster: PostgresCluster) -> None:
    """Eight senders on two instances, two recipients each reading and
    acknowledging as they go through alternating instances: each gets all 80
    envelopes exactly once, in strictly increasing cursor order."""
    url = postgres_cluster.new_database()

    async def scenario() -> None:
        async with _instances(url, 2) as (a, b):
            senders = await _register(a, *(f"sender-{n}" for n in range(8)))
            anna, ben = await _register(a, "anna", "ben")
            sending_done = asyncio.Event()

            async def send(n: int) -> None:
                recipients = (anna, ben) if n % 3 else (ben,) if n % 2 else (anna, ben)
                await (a if n % 2 else b).accept_envelopes(
                    senders[n % 8], [NewEnvelope(f"e{n}", recipients, b"x", NOW + HOUR)],
                    NOW, 1_000)

            async def read(device: str) -> list[QueuedEnvelope]:
                got: list[QueuedEnvelope] = []
                cursor = 0
                for turn in range(2_000):  # bounded
                    storage = a if turn % 2 else b
                    page = await storage.pending(device, cursor, 7, NOW)
                    if page:
                        got.extend(page)
                        cursor = page[-1].cursor
                        await storage.acknowledge(device, cursor, NOW)
                    elif sending_done.is_set():
                        break
                    else:
                        await asyncio.sleep(0.001)
                return got

            readers = [asyncio.create_task(read(d)) for d in (anna, ben)]
            await asyncio.gather(*[send(n) for n in range(80)])
            sending_done.set()
            for device, reader in zip((anna, ben), readers, strict=True):
                got = await reader
                cursors = [q.cursor for q in got]
                assert cursors == sorted(set(cursors))
                expected = {f"e{n}" for n in range(80)
                            if device == ben or n % 3 or not n % 2}
                assert sorted(q.envelope_id for q in got) == sorted(expected)
    asyncio.run(scenario())


def test_a_queue_is_full_by_its_own_depth_not_by_what_other_members_leave_waiting(
        postgres_cluster: PostgresCluster) -> None:
    """The per-set bound (what a channel still holds for anyone) picks whom to
    count; the limit applies to each member's own queue after its cursor."""
    url = postgres_cluster.new_database()

    async def scenario() -> None:
        async with _instances(url) as (storage,):
            sender, anna, bert = await _register(storage, "sender", "anna", "bert")
            for n in range(3):
                await storage.accept_envelopes(sender, [NewEnvelope(
                    f"m{n}", (anna, bert), b"x", NOW + HOUR)], NOW, 3)
                (latest,) = await storage.pending(anna, 0, 10, NOW)
                await storage.acknowledge(anna, latest.cursor, NOW)
            # Bert has not read any: three held for him, his queue is full.
            with pytest.raises(QueueFullError) as full:
                await storage.accept_envelopes(sender, [NewEnvelope(
                    "m3", (anna, bert), b"x", NOW + HOUR)], NOW, 3)
            assert full.value.device_ids == (bert,)
            # Anna's own queue is empty: she may get three more, alone.
            await storage.accept_envelopes(sender, [NewEnvelope(
                f"a{n}", (anna,), b"x", NOW + HOUR) for n in range(3)], NOW, 3)
            assert len(await storage.pending(anna, 0, 10, NOW)) == 3
    asyncio.run(scenario())


def test_the_ciphertext_goes_with_the_last_acknowledgement_or_else_with_the_purge(
        postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.new_database()
    database = _database(url)

    def held() -> list[tuple[object, ...]]:
        return postgres_cluster.sql(
            "SELECT envelope_id, ciphertext IS NOT NULL, expires_at_ms FROM envelopes"
            " ORDER BY envelope_id", database)

    async def scenario() -> None:
        async with _instances(url, 2) as (a, b):
            sender, anna, bert = await _register(a, "sender", "anna", "bert")
            await a.accept_envelopes(sender, [NewEnvelope("m", (anna, bert), b"secret",
                                                          NOW + HOUR)], NOW, 10)
            (for_anna,) = await a.pending(anna, 0, 10, NOW)
            (for_bert,) = await b.pending(bert, 0, 10, NOW)
            await a.acknowledge(anna, for_anna.cursor, NOW)
            assert held() == [("m", True, NOW + HOUR)]
            await b.acknowledge(bert, for_bert.cursor, NOW + 5)
            # The metadata's life ends at the last acknowledgement (retention from here).
            assert held() == [("m", False, NOW + 5)]
            assert await a.delivery_states(sender, ["m"], NOW + 6) == {
                "m": {anna: DeliveryState.DELIVERED, bert: DeliveryState.DELIVERED}}
            # Both last members at once, many times: whatever each saw of the
            # other, after the purge no ciphertext is left that nobody waits for.
            for n in range(20):
                await a.accept_envelopes(sender, [NewEnvelope(f"r{n:02d}", (anna, bert), b"x",
                                                              NOW + HOUR)], NOW, 100)
            pages = await asyncio.gather(a.pending(anna, 0, 100, NOW),
                                         b.pending(bert, 0, 100, NOW))
            for page in zip(*pages, strict=True):
                await asyncio.gather(a.acknowledge(anna, page[0].cursor, NOW + 10),
                                     b.acknowledge(bert, page[1].cursor, NOW + 10))
            await a.purge(NOW + 20, HOUR)
            assert all(not live for _id, live, _exp in held())
            assert await a.pending(anna, 0, 100, NOW + 20) == []
    asyncio.run(scenario())


def test_the_purge_forgets_recipient_sets_no_envelope_uses(
        postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.new_database()

    async def scenario() -> None:
        async with _instances(url) as (storage,):
            sender, anna, bert = await _register(storage, "sender", "anna", "bert")
            await storage.accept_envelopes(sender, [NewEnvelope("m1", (anna, bert), b"x",
                                                                NOW + 10)], NOW, 10)
            report = await storage.purge(NOW + 20, 5)
            assert (report.expired_deliveries, report.removed_envelopes) == (2, 1)
            assert _count(postgres_cluster, url, "recipient_sets") == 0
            assert _count(postgres_cluster, url, "set_members") == 0
            await storage.accept_envelopes(sender, [NewEnvelope("m2", (anna, bert), b"x",
                                                                NOW + HOUR)], NOW + 20, 10)
            assert [q.envelope_id for q in await storage.pending(bert, 0, 10, NOW + 20)] == [
                "m2"]
    asyncio.run(scenario())
    assert _count(postgres_cluster, url, "recipient_sets") == 1


def test_a_schema_2_database_is_upgraded_and_its_queues_delivered_in_order(
        postgres_cluster: PostgresCluster) -> None:
    """``data/relay_pg_schema_2.sql`` was written by the schema-2 relay: ``old-1``
    to anna, bert and cleo (bert acknowledged it), ``old-2`` to anna, ``old-3``
    to bert (expiring at NOW + 1). Each recipient's cursors counted from 1;
    clients hold those cursors and must lose nothing."""
    url = postgres_cluster.new_database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SCHEMA_2.read_text())

    async def scenario() -> None:
        async with _instances(url) as (storage,):
            anna_queue = await storage.pending("dev-anna", 0, 10, NOW)
            assert [(q.cursor, q.envelope_id) for q in anna_queue] == [(1, "old-1"),
                                                                       (2, "old-2")]
            await storage.accept_envelopes("dev-sender", [NewEnvelope(
                "new-1", ("dev-anna", "dev-bert"), b"new", NOW + HOUR)], NOW, 10)
            anna_queue = await storage.pending("dev-anna", 1, 10, NOW)
            assert [q.envelope_id for q in anna_queue] == ["old-2", "new-1"]
            # New positions are above every cursor the old rows handed out.
            assert anna_queue[-1].cursor > 2
            acknowledged = await storage.acknowledge("dev-anna", anna_queue[-1].cursor, NOW)
            assert (acknowledged.count, acknowledged.senders) == (3, frozenset({"dev-sender"}))
            assert await storage.pending("dev-anna", 0, 10, NOW) == []
            # Bert acknowledged old-1 (his cursor 1) before the upgrade.
            assert [q.envelope_id for q in await storage.pending("dev-bert", 1, 10, NOW)] == [
                "old-3", "new-1"]
            # The old depth counter still counts the old rows (anna's are gone).
            assert postgres_cluster.sql(
                "SELECT device_id, pending FROM device_queues ORDER BY device_id",
                _database(url)) == [("dev-anna", 0), ("dev-bert", 1), ("dev-cleo", 1),
                                    ("dev-sender", 0)]
            await storage.purge(NOW + 2, HOUR)
            assert await storage.delivery_states(
                "dev-sender", ["old-1", "old-3", "new-1"], NOW + 2) == {
                "old-1": {"dev-anna": DeliveryState.DELIVERED,
                          "dev-bert": DeliveryState.DELIVERED,
                          "dev-cleo": DeliveryState.PENDING},
                "old-3": {"dev-bert": DeliveryState.EXPIRED},
                "new-1": {"dev-anna": DeliveryState.DELIVERED,
                          "dev-bert": DeliveryState.PENDING}}
    asyncio.run(scenario())
    assert postgres_cluster.sql("SELECT max(version) FROM relay_schema_migrations",
                                _database(url)) == [(3,)]
