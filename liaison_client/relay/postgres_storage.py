"""The relay storage on PostgreSQL: many relay instances, one database.

Why a second backend: one relay process on SQLite serves a site; a national
administration (or the WCO hosting many) runs several instances behind a load
balancer, on the database engine its IT already replicates and backs up
(issue 13). Everything the handlers rely on is in :class:`RelayStorage`'s
contract (``tests/relay/test_storage_contract.py`` runs against both backends).

How the promises hold across instances:

* Durability: every mutating call is one transaction, committed (with the
  server's default ``synchronous_commit = on``) before the call returns.
* Per-device order: cursors come from the recipient's ``device_queues`` row,
  locked (in device id order: no deadlock between senders) until the sender
  commits, so they become visible in increasing order (a sequence would not).
* Queue limits: ``device_queues.pending`` is kept in the same transactions,
  exact whichever instance wrote; the per-sender share is counted under the
  same lock.
* Replays: ``signature_nonces`` has the key ``(key_id, nonce)``; a nonce is
  inserted (batched with concurrent ones) before the request takes effect,
  and an insert that finds it refuses the request (:class:`ReplayedNonceError`),
  whichever instance saw it first.
* Wake-ups: a commit that queues envelopes also sends ``NOTIFY liaison_queue``
  with the recipients; each instance's listener wakes its long-polls. Only a
  hint: a woken poll re-reads its queue, and a missed one is answered at the
  end of its wait like any empty poll (docs/RELAY_POSTGRES.md).
* Delivery states: an acknowledgement sends ``NOTIFY liaison_states`` with the
  senders of the acknowledged envelopes; each instance flags and wakes their
  long-polls, so a sender learns "delivered" at once whichever instance it waits on.
* Revocation: ``revoke_device`` sends ``NOTIFY liaison_revocations``; every
  instance re-reads the revoked devices (and after reconnecting its listener).
* Background work: the purge takes a transaction-scoped advisory lock and is
  skipped by an instance that does not get it, so it runs once at a time.

psycopg 3 with psycopg_pool, not asyncpg: see docs/LIBRARIES.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterable, Sequence
from typing import Any, TypeVar

import psycopg
import psycopg_pool
from psycopg import errors as pg_errors
from psycopg.rows import TupleRow
from psycopg_pool import AsyncConnectionPool

from liaison_client.relay import postgres_queues
from liaison_client.relay.postgres_connections import POOL_WAIT_SECONDS, ConnectionWait
from liaison_client.relay.postgres_schema import (
    CREATE_VERSION_TABLE,
    LATEST_VERSION,
    MIGRATION_LOCK_KEY,
    MIGRATIONS,
    PURGE_LOCK_KEY,
    too_new_message,
)
from liaison_client.relay.storage import (
    AcceptedEnvelope,
    Acknowledged,
    BlobQuotaError,
    BlobRecord,
    ClaimedKey,
    DeliveryState,
    DeviceExistsError,
    DeviceProfileRecord,
    DeviceRecord,
    DirectoryFilter,
    EnrollmentToken,
    EnrollmentTokenRecord,
    NewDevice,
    NewEnvelope,
    ProfileAgencyMismatchError,
    PurgeReport,
    QueuedEnvelope,
    QueueFullError,
    ReplayedNonceError,
    Revocation,
    SchemaTooNewError,
    SenderQuotaError,
    SignedKey,
    StaleProfileError,
    StorageStartError,
    StorageUnavailableError,
    TokenRefusedError,
    UnknownRecipientsError,
    token_id_of,
)

T = TypeVar("T")
Connection = psycopg.AsyncConnection[TupleRow]

_log = logging.getLogger("liaison.relay")

QUEUE_CHANNEL = "liaison_queue"
#: Senders whose envelopes a recipient acknowledged (their delivery states changed).
STATES_CHANNEL = "liaison_states"
REVOCATION_CHANNEL = "liaison_revocations"
#: NOTIFY payloads must stay under 8,000 bytes; device ids are ≤ 64 characters.
_NOTIFY_PAYLOAD_BYTES = 7_000
#: A transaction that lost a deadlock or serialisation race is run again (bounded).
_TRANSACTION_ATTEMPTS = 4
#: Pauses before a fetch asks again for envelopes committed above the
#: transaction-id horizon (a concurrent send committing), seconds.
_HORIZON_RETRIES = (0.0, 0.002, 0.005, 0.01, 0.02)
#: Envelopes (with their delivery rows) one purge transaction deletes past the
#: retention, and at most how many such transactions one purge runs.
_PURGE_CHUNK = 5_000
_PURGE_MAX_CHUNKS = 1_000
#: The horizon watch's pauses between looks when no commit pokes it, seconds
#: (the last repeats).
_HORIZON_PACE = (0.005, 0.005, 0.01, 0.01, 0.02, 0.05, 0.1)
#: How long a device waits for the horizon before the watch forgets it, seconds.
_HORIZON_WATCH_SECONDS = 60.0
#: Listener reconnection backoff, seconds (the last repeats).
_LISTEN_BACKOFF = (0.5, 1.0, 2.0, 5.0)

_REGISTERED_COLUMNS = ("device_id, agency, ed25519_key, curve25519_key, registration_signature,"
                       " registered_at_ms, profile_name, profile_agency, profile_issued_at_ms,"
                       " profile_signature")
_DEVICE_COLUMNS = _REGISTERED_COLUMNS + ", revoked_at_ms, revoked_reason"


class _RaceLostError(Exception):
    """A transaction saw the effect of a concurrent one it cannot build on (its
    work is rolled back and run again, as after a deadlock)."""


class PostgresRelayStorage:
    """``conninfo``: a libpq connection string or ``postgresql://`` URL (a password
    is better given through ``PGPASSWORD``/``~/.pgpass`` than in the URL, which
    ``ps`` shows)."""

    def __init__(self, conninfo: str, *, min_connections: int = 2,
                 max_connections: int = 10, connect_timeout: float = 15.0) -> None:
        self._conninfo = conninfo
        self._connect_timeout = connect_timeout
        self._pool_sizes = (min_connections, max_connections)
        self._pool = self._new_pool()
        self._wait = ConnectionWait()
        #: Tells this instance's own notifications from the others' (its own
        #: long-polls were already woken in process).
        self._instance = uuid.uuid4().hex[:12]
        self._on_queue: Callable[[Collection[str] | None], None] | None = None
        self._on_states: Callable[[Collection[str]], None] | None = None
        self._on_revoked: Callable[[], Awaitable[None]] | None = None
        self._listener: asyncio.Task[None] | None = None
        #: Revocation reloads in flight (referenced until done).
        self._background: set[asyncio.Future[None]] = set()
        self._nonces = _NonceBatcher(self)
        self._horizon = _HorizonWatch(self)

    # -- life ---------------------------------------------------------------

    def _new_pool(self) -> AsyncConnectionPool:
        """A closed pool (a psycopg pool cannot be reopened: each start makes one,
        so a storage can be started again after :meth:`close`, as on SQLite)."""
        return AsyncConnectionPool(
            self._conninfo, min_size=self._pool_sizes[0], max_size=self._pool_sizes[1],
            open=False,
            # check: a connection broken by a server restart is replaced before use;
            # timeout: a request waits at most this long for a connection (then 503).
            check=AsyncConnectionPool.check_connection, name="liaison-relay",
            timeout=POOL_WAIT_SECONDS,
            # Autocommit: a read is one round trip (no BEGIN before it, no COMMIT
            # after); every write runs in an explicit ``conn.transaction()``.
            kwargs={"autocommit": True})

    def subscribe_changes(self, on_queue: Callable[[Collection[str] | None], None],
                          on_revoked: Callable[[], Awaitable[None]],
                          on_states: Callable[[Collection[str]], None] = lambda _ids: None,
                          ) -> None:
        """See :meth:`RelayStorage.subscribe_changes`: fed by ``LISTEN``."""
        self._on_queue, self._on_revoked, self._on_states = on_queue, on_revoked, on_states

    async def start(self) -> None:
        # One direct attempt first: a wrong address or a stopped server is
        # reported at once with libpq's reason, not after the pool's timeout.
        try:
            probe = await psycopg.AsyncConnection.connect(
                self._conninfo, connect_timeout=max(1, int(self._connect_timeout)))
        except psycopg.OperationalError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StorageStartError(f"cannot connect to the relay database: {reason}") from exc
        await probe.close()
        self._pool = self._new_pool()
        try:
            await self._pool.open(wait=True, timeout=self._connect_timeout)
        except psycopg_pool.PoolTimeout as exc:
            await self._pool.close()
            raise StorageStartError(
                f"cannot connect to the relay database within {self._connect_timeout:g} s "
                "(check --database / LIAISON_RELAY_DATABASE and that PostgreSQL runs)") from exc
        try:
            await self._migrate()
        except BaseException:
            await self._pool.close()
            raise
        if self._on_queue is not None:
            self._listener = asyncio.create_task(self._listen_forever(), name="relay-listen")

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None
        await self._nonces.drain()
        await self._horizon.stop()
        await self._pool.close()

    async def _migrate(self) -> None:
        async with self._pool.connection() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_KEY,))
            await conn.execute(CREATE_VERSION_TABLE)
            row = await (await conn.execute(
                "SELECT coalesce(max(version), 0) FROM relay_schema_migrations")).fetchone()
            current = int(row[0]) if row else 0
            if current > LATEST_VERSION:
                raise SchemaTooNewError(too_new_message(current))
            for migration in MIGRATIONS:
                if migration.version > current:
                    await conn.execute(migration.sql)
                    await conn.execute(
                        "INSERT INTO relay_schema_migrations (version, summary) VALUES (%s, %s)",
                        (migration.version, migration.summary))
                    _log.info("relay schema migrated",
                              extra={"fields": {"version": migration.version}})

    # -- plumbing -----------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[Connection]:
        """A pooled connection, waited for briefly while the database is known to
        be unreachable (``postgres_connections``)."""
        try:
            async with self._pool.connection(timeout=self._wait.seconds) as conn:
                yield conn
        except (psycopg.OperationalError, psycopg_pool.PoolTimeout) as exc:
            self._wait.failed(exc)
            raise
        self._wait.succeeded()

    async def _transaction(self, operation: Callable[[Connection], Awaitable[T]]) -> T:
        """Run ``operation`` in one transaction, again after a lost deadlock or
        serialisation race (everything it did was rolled back)."""
        for attempt in range(_TRANSACTION_ATTEMPTS):
            try:
                async with self._connection() as conn, conn.transaction():
                    result = await operation(conn)
                self._horizon.poke()
                return result
            except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure,
                    # A recipient set the purge dropped between a send's look-up
                    # and its insert: the retry interns it again.
                    pg_errors.ForeignKeyViolation, _RaceLostError) as exc:
                if attempt == _TRANSACTION_ATTEMPTS - 1:
                    raise StorageUnavailableError("database contention; retry") from exc
                await asyncio.sleep(0.01 * (attempt + 1))
            except (psycopg.OperationalError, psycopg_pool.PoolTimeout) as exc:
                # The connection broke or none came (the server restarting, a
                # failover): the transaction did not commit, or, if the break
                # came during COMMIT, may have: the client's retry is safe
                # either way (idempotent ids, at-least-once delivery).
                raise StorageUnavailableError(str(exc).splitlines()[0] if str(exc) else
                                              type(exc).__name__) from exc
        raise AssertionError("unreachable")

    async def _read(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        async def rows(conn: Connection) -> list[tuple[Any, ...]]:
            return await (await conn.execute(query, params)).fetchall()
        return await self._read_with(rows)

    async def _read_with(self, reading: Callable[[Connection], Awaitable[T]]) -> T:
        """Run ``reading`` on a pooled connection (no write, so no transaction id:
        a read never holds the horizon back)."""
        try:
            async with self._connection() as conn:
                return await reading(conn)
        except (psycopg.OperationalError, psycopg_pool.PoolTimeout) as exc:
            raise StorageUnavailableError(str(exc).splitlines()[0] if str(exc) else
                                          type(exc).__name__) from exc

    async def _notify(self, conn: Connection, channel: str, device_ids: Iterable[str]) -> None:
        """Queue NOTIFYs (sent by PostgreSQL at commit) naming ``device_ids``."""
        chunk: list[str] = []
        size = 0
        payloads: list[str] = []
        for device_id in device_ids:
            if size + len(device_id) + 1 > _NOTIFY_PAYLOAD_BYTES and chunk:
                payloads.append(" ".join([self._instance, *chunk]))
                chunk, size = [], 0
            chunk.append(device_id)
            size += len(device_id.encode()) + 1
        if chunk or not payloads:
            payloads.append(" ".join([self._instance, *chunk]))
        for payload in payloads:
            await conn.execute("SELECT pg_notify(%s, %s)", (channel, payload))

    async def _listen_forever(self) -> None:
        """Hold a LISTEN connection; reconnect (bounded backoff) when it drops.

        After every (re)connection each waiting long-poll is woken and the
        revocations re-read: notifications sent while no connection listened
        are lost, and this is how their loss costs only one re-read.
        """
        failures = 0
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)
            except psycopg.OperationalError:
                await asyncio.sleep(_LISTEN_BACKOFF[min(failures, len(_LISTEN_BACKOFF) - 1)])
                failures += 1
                continue
            try:
                await conn.execute(f"LISTEN {QUEUE_CHANNEL}")
                await conn.execute(f"LISTEN {REVOCATION_CHANNEL}")
                await conn.execute(f"LISTEN {STATES_CHANNEL}")
                if failures:
                    self._wake_everyone()
                failures = 0
                async for note in conn.notifies():
                    self._dispatch(note.channel, note.payload)
            except psycopg.OperationalError:
                _log.warning("relay lost its PostgreSQL LISTEN connection; reconnecting")
                failures += 1
            finally:
                with contextlib.suppress(Exception):
                    await conn.close()

    def _wake_everyone(self) -> None:
        if self._on_queue is not None:
            self._on_queue(None)
        self._reload_revocations()

    def _reload_revocations(self) -> None:
        if self._on_revoked is not None:
            task = asyncio.ensure_future(self._on_revoked())
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    def _dispatch(self, channel: str, payload: str) -> None:
        self._horizon.poke()  # another instance committed
        sender, *device_ids = payload.split(" ")
        if sender == self._instance:
            return
        if channel == QUEUE_CHANNEL and self._on_queue is not None:
            self._on_queue(device_ids)
        elif channel == STATES_CHANNEL and self._on_states is not None:
            self._on_states(device_ids)
        elif channel == REVOCATION_CHANNEL:
            self._reload_revocations()

    # -- enrollment and devices ---------------------------------------------

    async def add_enrollment_token(self, token: EnrollmentToken, now_ms: int) -> None:
        async def op(conn: Connection) -> None:
            await conn.execute(
                "INSERT INTO enrollment_tokens (token_sha256, agency, uses_left, expires_at_ms,"
                " created_at_ms) VALUES (%s, %s, %s, %s, %s)",
                (token.token_sha256, token.agency, token.uses, token.expires_at_ms, now_ms))
        await self._transaction(op)

    async def register_device(self, token_sha256: str, device: NewDevice) -> DeviceRecord:
        async def op(conn: Connection) -> DeviceRecord:
            spent = await (await conn.execute(
                "UPDATE enrollment_tokens SET uses_left = uses_left - 1"
                " WHERE token_sha256 = %s AND uses_left > 0 AND expires_at_ms > %s"
                " AND revoked_at_ms IS NULL RETURNING agency",
                (token_sha256, device.registered_at_ms))).fetchone()
            if spent is None:
                raise TokenRefusedError("enrollment token refused")
            agency = str(spent[0])
            profile = device.profile
            if profile is not None and profile.agency != agency:
                raise ProfileAgencyMismatchError(agency)  # rolls the token use back
            record = DeviceRecord(
                device_id=device.device_id, agency=agency,
                ed25519_key=device.ed25519_key, curve25519_key=device.curve25519_key,
                registration_signature=device.registration_signature,
                registered_at_ms=device.registered_at_ms, profile=profile)
            try:
                async with conn.transaction():
                    await conn.execute(
                        f"INSERT INTO devices ({_REGISTERED_COLUMNS}, name_folded)"
                        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        (record.device_id, record.agency, record.ed25519_key,
                         record.curve25519_key, record.registration_signature,
                         record.registered_at_ms, *_profile_columns(profile),
                         None if profile is None else profile.name.casefold()))
            except pg_errors.UniqueViolation as exc:
                raise DeviceExistsError("device already registered") from exc
            await conn.execute("INSERT INTO device_queues (device_id) VALUES (%s)",
                               (record.device_id,))
            return record
        return await self._transaction(op)

    async def usable_token_agency(self, token_sha256: str, now_ms: int) -> str | None:
        rows = await self._read(
            "SELECT agency FROM enrollment_tokens WHERE token_sha256 = %s AND uses_left > 0"
            " AND expires_at_ms > %s AND revoked_at_ms IS NULL", (token_sha256, now_ms))
        return str(rows[0][0]) if rows else None

    async def device(self, device_id: str) -> DeviceRecord | None:
        rows = await self._read(
            f"SELECT {_DEVICE_COLUMNS} FROM devices WHERE device_id = %s", (device_id,))
        return _device_record(rows[0]) if rows else None

    async def revoke_device(self, device_id: str, reason: str | None,
                            now_ms: int) -> Revocation | None:
        async def op(conn: Connection) -> Revocation | None:
            locked = await (await conn.execute(
                "SELECT q.revoked, d.revoked_at_ms, q.acked_position FROM device_queues q"
                " JOIN devices d USING (device_id) WHERE q.device_id = %s FOR UPDATE",
                (device_id,))).fetchone()
            if locked is None:
                return None
            if locked[1] is not None:
                return Revocation(device_id, int(locked[1]), False, 0, 0)
            # What it had not reached, counted before the flag hides it. From
            # here its states read "expired" (computed from the flag: a send
            # committing meanwhile needs no lock), and no depth counts it.
            waiting, set_ids = await postgres_queues.waiting_count(conn, device_id)
            await conn.execute("UPDATE devices SET revoked_at_ms = %s, revoked_reason = %s"
                               " WHERE device_id = %s", (now_ms, reason, device_id))
            await conn.execute("UPDATE device_queues SET revoked = true, pending = 0"
                               " WHERE device_id = %s", (device_id,))
            # Envelopes only it still waited for lose their ciphertext now.
            await postgres_queues.drop_passed_ciphertext(conn, set_ids, int(locked[2]), now_ms)
            legacy = await (await conn.execute(
                "UPDATE deliveries SET state = 'expired' WHERE recipient_device_id = %s"
                " AND state = 'pending' RETURNING envelope_seq", (device_id,))).fetchall()
            await _drop_undeliverable_ciphertext(conn, {int(s) for (s,) in legacy}, now_ms)
            keys = (await conn.execute("DELETE FROM one_time_keys WHERE device_id = %s",
                                       (device_id,))).rowcount
            keys += (await conn.execute("DELETE FROM fallback_keys WHERE device_id = %s",
                                        (device_id,))).rowcount
            await self._notify(conn, REVOCATION_CHANNEL, [device_id])
            return Revocation(device_id, now_ms, True, waiting + len(legacy), keys)
        return await self._transaction(op)

    async def revoked_devices(self) -> dict[str, int]:
        rows = await self._read(
            "SELECT device_id, revoked_at_ms FROM devices WHERE revoked_at_ms IS NOT NULL")
        return {str(d): int(t) for d, t in rows}

    async def enrollment_tokens(self) -> list[EnrollmentTokenRecord]:
        rows = await self._read(
            "SELECT token_sha256, agency, uses_left, expires_at_ms, created_at_ms, revoked_at_ms"
            " FROM enrollment_tokens ORDER BY created_at_ms, token_sha256")
        return [EnrollmentTokenRecord(token_id_of(sha), agency, uses, expires, created, revoked)
                for sha, agency, uses, expires, created, revoked in rows]

    async def revoke_enrollment_token(self, token_id: str, now_ms: int) -> bool:
        if not token_id:
            return False

        async def op(conn: Connection) -> bool:
            changed = await conn.execute(
                "UPDATE enrollment_tokens SET revoked_at_ms = coalesce(revoked_at_ms, %s)"
                " WHERE substr(token_sha256, 1, 16) = %s", (now_ms, token_id))
            return changed.rowcount > 0
        return await self._transaction(op)

    async def replace_profile(self, device_id: str,
                              profile: DeviceProfileRecord) -> DeviceRecord:
        async def op(conn: Connection) -> DeviceRecord:
            row = await (await conn.execute(
                f"SELECT {_DEVICE_COLUMNS} FROM devices WHERE device_id = %s FOR UPDATE",
                (device_id,))).fetchone()
            if row is None:
                raise LookupError(device_id)
            current = _device_record(row)
            if profile.agency != current.agency:
                raise ProfileAgencyMismatchError(current.agency)
            if current.profile is not None and \
                    profile.issued_at_ms <= current.profile.issued_at_ms:
                raise StaleProfileError("a newer profile is held")
            await conn.execute(
                "UPDATE devices SET profile_name = %s, profile_agency = %s,"
                " profile_issued_at_ms = %s, profile_signature = %s, name_folded = %s"
                " WHERE device_id = %s",
                (*_profile_columns(profile), profile.name.casefold(), device_id))
            return dataclasses.replace(current, profile=profile)
        return await self._transaction(op)

    async def devices(self, selection: DirectoryFilter) -> list[DeviceRecord]:
        where, values = ["device_id > %s"], [selection.cursor or ""]
        if selection.agency is not None:
            where.append("agency = %s")
            values.append(selection.agency)
        if selection.text is not None:
            # strpos(), not LIKE: a typed % or _ is text, not a wildcard.
            where.append("(strpos(name_folded, %s) > 0 OR strpos(lower(device_id), %s) > 0)")
            values += [selection.text.casefold(), selection.text.lower()]
        rows = await self._read(
            f"SELECT {_DEVICE_COLUMNS} FROM devices WHERE {' AND '.join(where)}"
            " ORDER BY device_id LIMIT %s", (*values, selection.limit))
        return [_device_record(row) for row in rows]

    # -- key directory -------------------------------------------------------

    async def publish_keys(
        self, device_id: str, one_time_keys: Sequence[SignedKey], fallback_key: SignedKey | None,
        max_one_time_keys: int,
    ) -> int:
        async def op(conn: Connection) -> int:
            # The device row serialises two uploads of one device (the cap holds).
            await conn.execute("SELECT 1 FROM devices WHERE device_id = %s FOR UPDATE",
                               (device_id,))
            held = await _count_one_time_keys(conn, device_id)
            room = max(0, max_one_time_keys - held)
            async with conn.cursor() as cur:
                await cur.executemany(
                    "INSERT INTO one_time_keys VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    [(device_id, k.key_id, k.key, k.signature) for k in one_time_keys[:room]])
            if fallback_key is not None:
                await conn.execute(
                    "INSERT INTO fallback_keys VALUES (%s, %s, %s, %s) ON CONFLICT (device_id)"
                    " DO UPDATE SET key_id = excluded.key_id, key = excluded.key,"
                    " signature = excluded.signature",
                    (device_id, fallback_key.key_id, fallback_key.key, fallback_key.signature))
            return await _count_one_time_keys(conn, device_id)
        return await self._transaction(op)

    async def claim_key(self, device_id: str) -> ClaimedKey | None:
        async def op(conn: Connection) -> ClaimedKey | None:
            # SKIP LOCKED: two instances claiming at once take two different keys.
            row = await (await conn.execute(
                "DELETE FROM one_time_keys WHERE (device_id, key_id) = (SELECT device_id, key_id"
                " FROM one_time_keys WHERE device_id = %s ORDER BY key_id LIMIT 1"
                " FOR UPDATE SKIP LOCKED) RETURNING key_id, key, signature",
                (device_id,))).fetchone()
            if row is not None:
                return ClaimedKey(SignedKey(*row), fallback=False)
            row = await (await conn.execute(
                "SELECT key_id, key, signature FROM fallback_keys WHERE device_id = %s",
                (device_id,))).fetchone()
            return None if row is None else ClaimedKey(SignedKey(*row), fallback=True)
        return await self._transaction(op)

    # -- envelopes ----------------------------------------------------------

    async def accept_envelopes(
        self, sender_device_id: str, envelopes: Sequence[NewEnvelope], now_ms: int,
        max_queue_depth: int, max_per_sender: int | None = None,
    ) -> list[AcceptedEnvelope]:
        """One ``envelopes`` row per envelope, whatever the number of recipients
        (``postgres_queues``): no recipient's row is locked or written."""
        if len(envelopes) > postgres_queues.POSITIONS_PER_TRANSACTION:
            raise ValueError("too many envelopes in one send")

        async def op(conn: Connection) -> list[AcceptedEnvelope]:
            # A batch usually repeats one recipient list (a channel's, or one device's).
            lists = {e.recipients: postgres_queues.members_key(e.recipients) for e in envelopes}
            set_ids = await postgres_queues.find_sets(conn, set(lists.values()))
            new = sorted(set(lists.values()) - set(set_ids))
            if new:
                unknown = await postgres_queues.unknown_devices(
                    conn, sorted({r for members in new for r in members}))
                if unknown:
                    raise UnknownRecipientsError(unknown)
                for members in new:
                    set_ids[members] = await postgres_queues.intern_set(conn, members)
            recipients = await postgres_queues.recipients_of(conn, sorted(set(set_ids.values())))
            if any(r not in recipients for members in lists.values() for r in members):
                raise _RaceLostError("a recipient set was purged since it was looked up")
            # Counted before this send's rows exist: what is already queued. Exactly
            # only for recipients whose bound could break a limit if every
            # envelope of the batch were new.
            at_most: dict[str, int] = {}
            for envelope in envelopes:
                for recipient in lists[envelope.recipients]:
                    at_most[recipient] = at_most.get(recipient, 0) + 1
            limit = max_queue_depth if max_per_sender is None else \
                min(max_queue_depth, max_per_sender)
            suspects = sorted(r for r, n in at_most.items() if not recipients[r].revoked
                              and recipients[r].depth_bound + n > limit)
            waiting = await postgres_queues.waiting_for(conn, suspects, sender_device_id) \
                if suspects else {}
            results: list[AcceptedEnvelope] = []
            added: dict[str, int] = {}
            for index, envelope in enumerate(envelopes):
                members = lists[envelope.recipients]
                seq = await postgres_queues.insert_envelope(
                    conn, sender_device_id, envelope.envelope_id, envelope.ciphertext, now_ms,
                    envelope.expires_at_ms, set_ids[members], index)
                if seq is not None:
                    results.append(AcceptedEnvelope(envelope.envelope_id, True,
                                                    envelope.expires_at_ms))
                    for recipient in members:
                        if not recipients[recipient].revoked:
                            added[recipient] = added.get(recipient, 0) + 1
                    continue
                existing = await (await conn.execute(
                    "SELECT expires_at_ms FROM envelopes WHERE sender_device_id = %s"
                    " AND envelope_id = %s", (sender_device_id, envelope.envelope_id))).fetchone()
                assert existing is not None
                results.append(AcceptedEnvelope(envelope.envelope_id, False, int(existing[0])))
            full = [r for r, n in added.items()
                    if r in waiting and waiting[r].depth + n > max_queue_depth]
            if full:
                raise QueueFullError(full)
            if max_per_sender is not None:
                over = [r for r, n in added.items()
                        if r in waiting and waiting[r].share + n > max_per_sender]
                if over:
                    raise SenderQuotaError(over)
            if added:
                await self._notify(conn, QUEUE_CHANNEL, sorted(added))
            return results
        return await self._transaction(op)

    async def pending(
        self, device_id: str, after: int, limit: int, now_ms: int
    ) -> list[QueuedEnvelope]:
        """Only what is below the transaction-id horizon (``postgres_queues``).
        An envelope committed above it waits for an older transaction still
        running elsewhere: asked again a few times within ~40 ms (a concurrent
        send committing), then left to :class:`_HorizonWatch`, which wakes the
        device's long-poll once the horizon has passed it."""
        page = postgres_queues.Page([], None)
        for delay in _HORIZON_RETRIES:
            if delay:
                await asyncio.sleep(delay)
            page = await self._read_with(lambda conn: postgres_queues.queued_after(
                conn, device_id, after, limit, now_ms))
            if page.envelopes or page.hidden_from is None:
                return page.envelopes
        assert page.hidden_from is not None
        self._horizon.watch(device_id, page.hidden_from)
        return page.envelopes

    async def acknowledge(self, device_id: str, up_to: int, now_ms: int) -> Acknowledged:
        async def op(conn: Connection) -> Acknowledged:
            cursor = await postgres_queues.move_cursor(conn, device_id, up_to)
            passed = await postgres_queues.pass_envelopes(conn, device_id, cursor, now_ms)
            senders = set(passed.senders)
            legacy: list[int] = []
            if cursor.legacy_pending:
                # Rows queued before migration 3. One that expired before this
                # acknowledgement was never fetched (a fetch skips expired
                # envelopes): the sender hears "expired", not "delivered".
                legacy = [int(seq) for (seq,) in await (await conn.execute(
                    "UPDATE deliveries d SET state = CASE WHEN e.expires_at_ms <= %s"
                    " THEN 'expired' ELSE 'delivered' END FROM envelopes e"
                    " WHERE e.envelope_seq = d.envelope_seq AND d.recipient_device_id = %s"
                    " AND d.state = 'pending' AND d.queue_cursor <= %s RETURNING d.envelope_seq",
                    (now_ms, device_id, up_to))).fetchall()]
            if legacy:
                await conn.execute("UPDATE device_queues SET pending = greatest(pending - %s, 0)"
                                   " WHERE device_id = %s", (len(legacy), device_id))
                senders.update(str(sender) for (sender,) in await (await conn.execute(
                    "SELECT DISTINCT sender_device_id FROM envelopes WHERE envelope_seq = ANY(%s)",
                    (legacy,))).fetchall())
                await _drop_undeliverable_ciphertext(conn, set(legacy), now_ms)
            if senders:
                await self._notify(conn, STATES_CHANNEL, sorted(senders))
            return Acknowledged(len(legacy) + passed.count, frozenset(senders))
        return await self._transaction(op)

    async def delivery_states(
        self, sender_device_id: str, envelope_ids: Sequence[str], now_ms: int
    ) -> dict[str, dict[str, DeliveryState]]:
        states = await self._read_with(lambda conn: postgres_queues.states_of(
            conn, sender_device_id, envelope_ids, now_ms))
        return {e: states[e] for e in dict.fromkeys(envelope_ids) if e in states}

    # -- nonces ---------------------------------------------------------------

    async def remember_nonce(
        self, key_id: str, nonce: str, expires_at_ms: int, *, write_follows: bool = False
    ) -> None:
        """Insert the nonce before the request takes effect (``write_follows`` does
        not matter here: the insert is its own commit, shared with concurrent
        requests' nonces). Raises :class:`ReplayedNonceError` when any instance
        recorded it before."""
        await self._nonces.insert(key_id, nonce, expires_at_ms)

    async def _insert_nonces(
        self, nonces: Sequence[tuple[str, str, int]]
    ) -> set[tuple[str, str]]:
        """One statement for a batch; returns the ``(key_id, nonce)`` pairs inserted."""
        async def op(conn: Connection) -> set[tuple[str, str]]:
            rows = await (await conn.execute(
                "INSERT INTO signature_nonces (key_id, nonce, expires_at_ms)"
                " SELECT * FROM unnest(%s::text[], %s::text[], %s::bigint[])"
                " ON CONFLICT DO NOTHING RETURNING key_id, nonce",
                ([k for k, _, _ in nonces], [n for _, n, _ in nonces],
                 [e for _, _, e in nonces]))).fetchall()
            return {(str(k), str(n)) for k, n in rows}
        return await self._transaction(op)

    async def recent_nonces(self, now_ms: int) -> list[tuple[str, str, int]]:
        rows = await self._read(
            "SELECT key_id, nonce, expires_at_ms FROM signature_nonces WHERE expires_at_ms > %s",
            (now_ms,))
        return [(str(k), str(n), int(e)) for k, n, e in rows]

    # -- blobs ----------------------------------------------------------------

    async def add_blob(self, blob: BlobRecord, uploader_device_id: str,
                       quota_bytes: int | None = None, now_ms: int = 0) -> None:
        async def op(conn: Connection) -> None:
            if quota_bytes is not None:
                # The uploader's row serialises its uploads across instances, so
                # two at once cannot both fit under the quota (read committed).
                await conn.execute("SELECT 1 FROM devices WHERE device_id = %s FOR UPDATE",
                                   (uploader_device_id,))
                known = await (await conn.execute(
                    "SELECT 1 FROM blobs WHERE sha256 = %s AND expires_at_ms > %s",
                    (blob.sha256, now_ms))).fetchone()
                if known is None:
                    stored = await _blob_bytes(conn, uploader_device_id, now_ms)
                    if stored + blob.size > quota_bytes:
                        raise BlobQuotaError(stored, quota_bytes)
            await conn.execute(
                "INSERT INTO blobs VALUES (%s, %s, %s, %s) ON CONFLICT (sha256) DO UPDATE SET"
                # An expired row not yet purged: the new upload (charged above) owns it.
                " uploader_device_id = CASE WHEN blobs.expires_at_ms <= %s"
                " THEN excluded.uploader_device_id ELSE blobs.uploader_device_id END,"
                " expires_at_ms = greatest(blobs.expires_at_ms, excluded.expires_at_ms)",
                (blob.sha256, blob.size, uploader_device_id, blob.expires_at_ms, now_ms))
        await self._transaction(op)

    async def blob_bytes(self, uploader_device_id: str, now_ms: int) -> int:
        rows = await self._read(
            "SELECT coalesce(sum(size), 0) FROM blobs WHERE uploader_device_id = %s"
            " AND expires_at_ms > %s", (uploader_device_id, now_ms))
        return int(rows[0][0])

    async def blob(self, sha256: str, now_ms: int) -> BlobRecord | None:
        rows = await self._read(
            "SELECT sha256, size, expires_at_ms FROM blobs WHERE sha256 = %s"
            " AND expires_at_ms > %s", (sha256, now_ms))
        return BlobRecord(str(rows[0][0]), int(rows[0][1]), int(rows[0][2])) if rows else None

    async def recorded_blobs(self, sha256s: Collection[str]) -> set[str]:
        rows = await self._read("SELECT sha256 FROM blobs WHERE sha256 = ANY(%s)",
                                (sorted(set(sha256s)),))
        return {str(sha256) for (sha256,) in rows}

    # -- purge ----------------------------------------------------------------

    async def purge(self, now_ms: int, status_retention_ms: int) -> PurgeReport:
        """Once across instances: a session-level advisory lock, and an instance
        that does not get it reports nothing purged (another is purging now).

        In short transactions, not one: a write transaction holds the
        transaction-id horizon back while it runs (``postgres_queues``), so
        every fetch of mail sent meanwhile would wait for the whole purge.
        Each step is complete on its own (a purge cut short leaves the next one
        less to do), and rows past the retention go in chunks."""
        try:
            async with self._connection() as conn:
                got = await (await conn.execute("SELECT pg_try_advisory_lock(%s)",
                                                (PURGE_LOCK_KEY,))).fetchone()
                if not got or not got[0]:
                    return PurgeReport(0, 0, ())
                try:
                    return await _purge_steps(conn, now_ms, status_retention_ms)
                finally:
                    await conn.execute("SELECT pg_advisory_unlock(%s)", (PURGE_LOCK_KEY,))
        except (psycopg.OperationalError, psycopg_pool.PoolTimeout,
                pg_errors.DeadlockDetected) as exc:
            raise StorageUnavailableError(str(exc).splitlines()[0] if str(exc) else
                                          type(exc).__name__) from exc


async def _purge_steps(conn: Connection, now_ms: int, status_retention_ms: int) -> PurgeReport:
    """:meth:`PostgresRelayStorage.purge`'s work, each step one transaction (the
    pool's connections are in autocommit mode)."""
    async with conn.transaction():
        # Rows queued before migration 3: their pending deliveries expire.
        expired = await (await conn.execute(
            "UPDATE deliveries SET state = 'expired' WHERE state = 'pending' AND envelope_seq"
            " IN (SELECT envelope_seq FROM envelopes WHERE expires_at_ms <= %s"
            " AND set_id IS NULL) RETURNING recipient_device_id", (now_ms,))).fetchall()
        counts: dict[str, int] = {}
        for (recipient,) in expired:
            counts[recipient] = counts.get(recipient, 0) + 1
        async with conn.cursor() as cur:
            await cur.executemany(
                "UPDATE device_queues SET pending = greatest(pending - %s, 0)"
                " WHERE device_id = %s", [(n, r) for r, n in sorted(counts.items())])
        await conn.execute("UPDATE envelopes SET ciphertext = NULL WHERE ciphertext IS NOT"
                           " NULL AND expires_at_ms <= %s AND set_id IS NULL", (now_ms,))
    async with conn.transaction():
        undelivered = await postgres_queues.expire_undelivered(conn, now_ms)
    async with conn.transaction():
        await postgres_queues.drop_all_passed(conn, now_ms)
    cutoff = now_ms - status_retention_ms
    removed = 0
    for _chunk in range(_PURGE_MAX_CHUNKS):
        async with conn.transaction():
            doomed = [int(seq) for (seq,) in await (await conn.execute(
                "SELECT envelope_seq FROM envelopes WHERE expires_at_ms <= %s"
                " ORDER BY expires_at_ms LIMIT %s", (cutoff, _PURGE_CHUNK))).fetchall()]
            if doomed:
                await conn.execute("DELETE FROM deliveries WHERE envelope_seq = ANY(%s)",
                                   (doomed,))
                removed += (await conn.execute(
                    "DELETE FROM envelopes WHERE envelope_seq = ANY(%s)", (doomed,))).rowcount
        if len(doomed) < _PURGE_CHUNK:
            break
    async with conn.transaction():
        await postgres_queues.drop_unused_sets(conn)
    async with conn.transaction():
        blobs = tuple(sorted(str(sha) for (sha,) in await (await conn.execute(
            "DELETE FROM blobs WHERE expires_at_ms <= %s RETURNING sha256",
            (now_ms,))).fetchall()))
        await conn.execute("DELETE FROM signature_nonces WHERE expires_at_ms <= %s", (now_ms,))
        await conn.execute(
            "DELETE FROM enrollment_tokens WHERE expires_at_ms <= %s OR uses_left = 0"
            " OR revoked_at_ms <= %s", (cutoff, cutoff))
    return PurgeReport(len(expired) + undelivered, removed, blobs)


class _HorizonWatch:
    """Wakes the long-polls of devices whose next envelope is committed but above
    the transaction-id horizon, once the horizon passes it.

    The transaction that holds the horizon back sends its wake-up (if any) to
    its own recipients, not to these devices; without this their polls would
    wait to the end (≤ 30 s). While any device waits, one task per instance
    asks the database for the horizon after each commit it sees (its own, or
    another instance's ``NOTIFY``: likely the one that held the horizon), and
    otherwise at :data:`_HORIZON_PACE`. A device is forgotten after
    :data:`_HORIZON_WATCH_SECONDS` (its poll has ended by then; the next fetch
    watches again if needed)."""

    def __init__(self, storage: PostgresRelayStorage) -> None:
        self._storage = storage
        #: device → (the position to pass, the loop time it was first watched)
        self._waiting: dict[str, tuple[int, float]] = {}
        self._task: asyncio.Task[None] | None = None
        self._poked = asyncio.Event()

    def watch(self, device_id: str, position: int) -> None:
        if self._storage._on_queue is None:
            return  # nobody to wake (a storage used without an app)
        now = asyncio.get_running_loop().time()
        known = self._waiting.get(device_id)
        self._waiting[device_id] = (position if known is None else min(known[0], position),
                                    now if known is None else known[1])
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="relay-horizon")

    def poke(self) -> None:
        """A transaction committed: the horizon may have moved."""
        if self._waiting:
            self._poked.set()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        idle = 0  # checks in a row that woke nobody
        while self._waiting:
            self._poked.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._poked.wait(),
                                       _HORIZON_PACE[min(idle, len(_HORIZON_PACE) - 1)])
            try:
                horizon = await self._storage._read_with(postgres_queues.horizon)
            except StorageUnavailableError:
                horizon = 0
            now = loop.time()
            passed = [d for d, (p, _t) in self._waiting.items() if p < horizon]
            for device_id, (_p, since) in list(self._waiting.items()):
                if device_id in passed or now - since > _HORIZON_WATCH_SECONDS:
                    del self._waiting[device_id]
            idle = 0 if passed else idle + 1
            if passed and self._storage._on_queue is not None:
                self._storage._on_queue(passed)
            # At most one look a millisecond, however many commits poke.
            await asyncio.sleep(0.001)

    async def stop(self) -> None:
        self._waiting.clear()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


class _NonceBatcher:
    """Nonces of concurrent requests share one INSERT (and one commit): a
    relay serving many requests at once pays one round trip per batch, not per
    request. While a batch is in flight, new nonces wait for the next one."""

    def __init__(self, storage: PostgresRelayStorage) -> None:
        self._storage = storage
        self._waiting: list[tuple[str, str, int, asyncio.Future[bool]]] = []
        self._flushing: asyncio.Task[None] | None = None

    async def insert(self, key_id: str, nonce: str, expires_at_ms: int) -> None:
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((key_id, nonce, expires_at_ms, future))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush())
        if not await future:
            raise ReplayedNonceError("replayed signature")

    async def _flush(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                inserted = await self._storage._insert_nonces(
                    [(k, n, e) for k, n, e, _ in batch])
            except Exception as exc:
                for *_, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for key_id, nonce, _, future in batch:
                # A pair twice in one batch: the first is new, the second a replay.
                fresh = (key_id, nonce) in inserted
                inserted.discard((key_id, nonce))
                if not future.done():
                    future.set_result(fresh)

    async def drain(self) -> None:
        if self._flushing is not None:
            with contextlib.suppress(Exception):
                await self._flushing


async def _drop_undeliverable_ciphertext(conn: Connection, envelope_seqs: set[int],
                                         now_ms: int) -> None:
    """As on SQLite (``sqlite_storage._drop_undeliverable_ciphertext``): delete the
    ciphertext no recipient waits for any more and end the envelope's life now.

    The envelope rows are locked first (in order) so that two recipients
    acknowledging the same envelope at once on two instances do not both see
    the other still pending and leave the ciphertext behind."""
    if not envelope_seqs:
        return
    seqs = sorted(envelope_seqs)
    await conn.execute("SELECT 1 FROM envelopes WHERE envelope_seq = ANY(%s)"
                       " ORDER BY envelope_seq FOR UPDATE", (seqs,))
    await conn.execute(
        "UPDATE envelopes e SET ciphertext = NULL, expires_at_ms = least(e.expires_at_ms, %s)"
        " WHERE e.envelope_seq = ANY(%s) AND e.ciphertext IS NOT NULL AND NOT EXISTS"
        " (SELECT 1 FROM deliveries d WHERE d.envelope_seq = e.envelope_seq"
        " AND d.state = 'pending')", (now_ms, seqs))


def _profile_columns(
    profile: DeviceProfileRecord | None,
) -> tuple[str | None, str | None, int | None, str | None]:
    if profile is None:
        return (None, None, None, None)
    return (profile.name, profile.agency, profile.issued_at_ms, profile.signature)


def _device_record(row: tuple[Any, ...]) -> DeviceRecord:
    """A row selected as ``_DEVICE_COLUMNS``."""
    device_id, agency, ed25519, curve25519, proof, registered_at_ms, *rest = row
    profile, (revoked_at_ms, revoked_reason) = rest[:4], rest[4:]
    return DeviceRecord(device_id, agency, ed25519, curve25519, proof, int(registered_at_ms),
                        None if profile[0] is None else DeviceProfileRecord(
                            profile[0], profile[1], int(profile[2]), profile[3]),
                        None if revoked_at_ms is None else int(revoked_at_ms), revoked_reason)


async def _blob_bytes(conn: Connection, uploader_device_id: str, now_ms: int) -> int:
    row = await (await conn.execute(
        "SELECT coalesce(sum(size), 0) FROM blobs WHERE uploader_device_id = %s"
        " AND expires_at_ms > %s", (uploader_device_id, now_ms))).fetchone()
    return int(row[0]) if row else 0


async def _count_one_time_keys(conn: Connection, device_id: str) -> int:
    row = await (await conn.execute(
        "SELECT count(*) FROM one_time_keys WHERE device_id = %s", (device_id,))).fetchone()
    return int(row[0]) if row else 0
