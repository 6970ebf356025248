"""What only the PostgreSQL backend promises: several relay instances on one database.

Two (or more) :class:`PostgresRelayStorage` objects on one real database stand
for relay instances: what one accepted, the other serves; a nonce one
recorded, the other refuses; the purge runs in one of them at a time; a
database migrated by a newer relay is refused. The shared contract of both
backends is tests/relay/test_storage_contract.py; queue order under
concurrent senders and the other fan-out-on-read promises,
tests/relay/test_postgres_queues.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection

import pytest

from liaison_client.relay.postgres_schema import LATEST_VERSION
from liaison_client.relay.postgres_storage import PostgresRelayStorage
from liaison_client.relay.storage import (
    EnrollmentToken,
    NewDevice,
    NewEnvelope,
    ReplayedNonceError,
    SchemaTooNewError,
)
from tests.fixtures.postgres import PostgresCluster

NOW = 1_800_000_000_000
HOUR = 3_600_000


async def _device(storage: PostgresRelayStorage, n: int) -> str:
    sha = f"token-{n}"
    await storage.add_enrollment_token(EnrollmentToken(sha, "Zoll Hamburg", 1, NOW + HOUR), NOW)
    record = await storage.register_device(sha, NewDevice(
        f"dev-{n:03d}", f"ed-{n}", f"cv-{n}", f"reg-{n}", NOW))
    return record.device_id


async def _two_instances(url: str) -> tuple[PostgresRelayStorage, PostgresRelayStorage]:
    first, second = PostgresRelayStorage(url), PostgresRelayStorage(url)
    await first.start()
    await second.start()
    return first, second


def test_a_nonce_recorded_by_one_instance_is_refused_by_another(
        postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.new_database()

    async def scenario() -> None:
        a, b = await _two_instances(url)
        try:
            await a.remember_nonce("dev-1", "nonce-x", NOW + HOUR)
            with pytest.raises(ReplayedNonceError):
                await b.remember_nonce("dev-1", "nonce-x", NOW + HOUR)
            # Same nonce of another key is another request.
            await b.remember_nonce("dev-2", "nonce-x", NOW + HOUR)
            # Concurrent: of 20 simultaneous uses of one nonce, exactly one is accepted.
            results = await asyncio.gather(
                *[(a if i % 2 else b).remember_nonce("dev-3", "race", NOW + HOUR)
                  for i in range(20)], return_exceptions=True)
            assert sum(r is None for r in results) == 1
            assert all(isinstance(r, ReplayedNonceError) for r in results if r is not None)
        finally:
            await a.close()
            await b.close()
    asyncio.run(scenario())


def test_what_one_instance_accepted_the_other_serves_and_acknowledges(
        postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.new_database()

    async def scenario() -> None:
        a, b = await _two_instances(url)
        try:
            sender, anna = await _device(a, 1), await _device(b, 2)
            await a.accept_envelopes(sender, [NewEnvelope("e1", (anna,), b"one", NOW + HOUR)],
                                     NOW, 100)
            queued = await b.pending(anna, 0, 10, NOW)
            assert [q.envelope_id for q in queued] == ["e1"]
            assert (await b.acknowledge(anna, queued[0].cursor, NOW)).count == 1
            assert await a.pending(anna, 0, 10, NOW) == []
            # A retry through the other instance is still a duplicate.
            retry = await b.accept_envelopes(
                sender, [NewEnvelope("e1", (anna,), b"one", NOW + HOUR)], NOW, 100)
            assert not retry[0].created
        finally:
            await a.close()
            await b.close()
    asyncio.run(scenario())


def test_the_purge_runs_in_one_instance_at_a_time(postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.new_database()

    async def scenario() -> None:
        a, b = await _two_instances(url)
        try:
            sender, anna = await _device(a, 1), await _device(a, 2)
            await a.accept_envelopes(sender, [NewEnvelope(f"e{i}", (anna,), b"x", NOW + 10)
                                              for i in range(50)], NOW, 1000)
            reports = await asyncio.gather(*[s.purge(NOW + 10, HOUR) for s in (a, b, a, b)])
            # Every expired delivery was counted exactly once, by whichever ran it.
            assert sum(r.expired_deliveries for r in reports) == 50
            assert await b.pending(anna, 0, 100, NOW + 10) == []
        finally:
            await a.close()
            await b.close()
    asyncio.run(scenario())


def test_an_instance_hears_of_mail_another_accepted(postgres_cluster: PostgresCluster) -> None:
    """LISTEN/NOTIFY: the hint that wakes a long-poll held by another instance."""
    url = postgres_cluster.new_database()

    async def scenario() -> None:
        heard: asyncio.Queue[Collection[str] | None] = asyncio.Queue()
        revoked = asyncio.Event()

        async def on_revoked() -> None:
            revoked.set()

        listening = PostgresRelayStorage(url)
        listening.subscribe_changes(heard.put_nowait, on_revoked)
        sending = PostgresRelayStorage(url)
        await listening.start()
        await sending.start()
        try:
            sender, anna = await _device(sending, 1), await _device(sending, 2)
            # The listener connects in the background: send until it hears (bounded).
            for attempt in range(50):
                await sending.accept_envelopes(
                    sender, [NewEnvelope(f"e{attempt}", (anna,), b"x", NOW + HOUR)], NOW, 1000)
                try:
                    ids = await asyncio.wait_for(heard.get(), 0.2)
                    break
                except TimeoutError:
                    continue
            else:
                pytest.fail("no notification reached the other instance")
            assert ids is not None
            assert list(ids) == [anna]
            await sending.revoke_device(anna, "lost", NOW)
            await asyncio.wait_for(revoked.wait(), 10)
        finally:
            await listening.close()
            await sending.close()
    asyncio.run(scenario())


def test_a_database_of_a_newer_relay_schema_is_refused(postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.new_database()

    async def scenario() -> None:
        first = PostgresRelayStorage(url)
        await first.start()
        await first.close()
        database = url.split("?")[0].rsplit("/", 1)[1]
        postgres_cluster.sql("INSERT INTO relay_schema_migrations (version, summary)"
                             " VALUES (%s, 'from the future')", database, (LATEST_VERSION + 1,))
        newer = PostgresRelayStorage(url)
        with pytest.raises(SchemaTooNewError, match=f"schema {LATEST_VERSION + 1}, newer"):
            await newer.start()
    asyncio.run(scenario())


def test_two_instances_starting_together_migrate_once(postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.new_database()

    async def scenario() -> None:
        instances = [PostgresRelayStorage(url) for _ in range(3)]
        await asyncio.gather(*[s.start() for s in instances])
        for s in instances:
            await s.close()
    asyncio.run(scenario())
    database = url.split("?")[0].rsplit("/", 1)[1]
    assert postgres_cluster.sql("SELECT version FROM relay_schema_migrations ORDER BY version",
                                database) == [(v,) for v in range(1, LATEST_VERSION + 1)]


def test_a_closed_storage_starts_again(postgres_cluster: PostgresCluster) -> None:
    """As on SQLite: an app's lifespan may start and close its storage more than once."""
    url = postgres_cluster.new_database()

    async def scenario() -> None:
        storage = PostgresRelayStorage(url)
        for n in range(2):
            await storage.start()
            await _device(storage, n)
            await storage.close()
    asyncio.run(scenario())
