"""The embedded relay storage: one SQLite file in WAL mode with ``synchronous=FULL``.

WAL with ``synchronous=FULL`` fsyncs the log on every commit
(https://www.sqlite.org/pragma.html#pragma_synchronous), so an envelope the
relay answered 2xx for survives ``kill -9`` and power loss. Writes go through
one :class:`~liaison_client.relay.group_commit.GroupCommitWriter`; reads use a
small pool of read-only connections, which WAL lets run beside the writer.

The relay holds only ciphertext and public keys, so the file is plain SQLite,
not SQLCipher: encrypting it would protect nothing an attacker on the relay
host could not already see, and the envelopes are end-to-end encrypted.

The ciphertext of an envelope is stored once (``envelopes``) however many
recipients it has, and nothing is written per recipient at a send: queues are
read from interned recipient sets and one cursor per device
(:mod:`liaison_client.relay.sqlite_queues`, "fan-out on read"). A delivered or
expired envelope loses its ciphertext at once but keeps its metadata for
``status_retention`` so the sender can still be told what happened.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import os
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from liaison_client.relay import sqlite_queues
from liaison_client.relay.group_commit import GroupCommitWriter
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
    Revocation,
    SchemaTooNewError,
    SenderQuotaError,
    SignedKey,
    StaleProfileError,
    TokenRefusedError,
    UnknownRecipientsError,
    token_id_of,
)

T = TypeVar("T")

#: 2: devices carry the officer's signed profile (name, agency, when, signature).
#: 3: signature nonces are kept append-only, in arrival order (``_NONCE_TABLE``).
#: 4: devices and enrollment tokens can be revoked (``revoked_at_ms``, issue 10 item 5).
#: 5: fan-out on read: interned recipient sets and one cursor per device (issue 13 item 1).
SCHEMA_VERSION = 5

#: A send naming more recipients than this (summed over its envelopes) is
#: written off the event loop, as a bulk operation of the group-commit
#: writer. A send writes no row per recipient any more, but a recipient set
#: seen for the first time writes its members, and every recipient's queue
#: depth and sender share are checked: a maximal batch (100 envelopes × 1,000
#: recipients, issue 10 item 4) must not hold the loop (/healthz) meanwhile.
FAN_OUT_ROWS_ON_LOOP = 256
#: Interned sets remembered by the writer before the memo starts again.
_SETS_REMEMBERED = 50_000

#: Signature nonces, only to refill the in-memory replay check after a restart
#: (:meth:`SqliteRelayStorage.recent_nonces`); uniqueness is that check's job.
#: Rows are appended in arrival order (expiry = arrival + 2 × skew), so a
#: commit adds to the end of the table and of its index. Keyed by
#: ``(key_id, nonce)`` instead (schema ≤ 2), each nonce landed on a random page
#: of a table holding every request of the last ten minutes: a commit of 20
#: requests rewrote ~28 pages (116 KiB of WAL instead of 16) and cost ~12 µs
#: more CPU per request (docs/PERFORMANCE.md, "Relay").
_NONCE_TABLE = """
CREATE TABLE IF NOT EXISTS signature_nonces (
    expires_at_ms INTEGER NOT NULL,
    key_id        TEXT NOT NULL,
    nonce         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS signature_nonces_by_expiry ON signature_nonces (expires_at_ms);
"""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS enrollment_tokens (
    token_sha256   TEXT PRIMARY KEY,
    agency         TEXT NOT NULL,
    uses_left      INTEGER NOT NULL CHECK (uses_left >= 0),
    expires_at_ms  INTEGER NOT NULL,
    created_at_ms  INTEGER NOT NULL,
    revoked_at_ms  INTEGER
);
CREATE TABLE IF NOT EXISTS devices (
    device_id              TEXT PRIMARY KEY,
    agency                 TEXT NOT NULL,
    ed25519_key            TEXT NOT NULL UNIQUE,
    curve25519_key         TEXT NOT NULL,
    registration_signature TEXT NOT NULL,
    registered_at_ms       INTEGER NOT NULL,
    profile_name           TEXT,
    profile_agency         TEXT,
    profile_issued_at_ms   INTEGER,
    profile_signature      TEXT,
    -- casefold() of the name: what a directory search compares, Unicode-aware
    -- (SQLite's LIKE and lower() fold ASCII only).
    name_folded            TEXT,
    revoked_at_ms          INTEGER,
    revoked_reason         TEXT
);
CREATE INDEX IF NOT EXISTS devices_by_agency ON devices (agency, device_id);
CREATE INDEX IF NOT EXISTS devices_revoked ON devices (revoked_at_ms)
    WHERE revoked_at_ms IS NOT NULL;
CREATE TABLE IF NOT EXISTS one_time_keys (
    device_id  TEXT NOT NULL REFERENCES devices (device_id),
    key_id     TEXT NOT NULL,
    key        TEXT NOT NULL,
    signature  TEXT NOT NULL,
    PRIMARY KEY (device_id, key_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fallback_keys (
    device_id  TEXT PRIMARY KEY REFERENCES devices (device_id),
    key_id     TEXT NOT NULL,
    key        TEXT NOT NULL,
    signature  TEXT NOT NULL
);
""" + sqlite_queues.ENVELOPES_TABLE.format(name="envelopes") + """
-- Before schema 5: one row per recipient (the queue); since: only the
-- exceptions fan-out on read cannot compute (state 'expired', sqlite_queues).
CREATE TABLE IF NOT EXISTS deliveries (
    -- AUTOINCREMENT: a cursor is never reused, even after the newest row is purged.
    delivery_id         INTEGER PRIMARY KEY AUTOINCREMENT,
    envelope_seq        INTEGER NOT NULL REFERENCES envelopes (envelope_seq),
    recipient_device_id TEXT NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'expired'))
);
CREATE INDEX IF NOT EXISTS deliveries_queue
    ON deliveries (recipient_device_id, delivery_id) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS deliveries_by_envelope ON deliveries (envelope_seq);
CREATE TABLE IF NOT EXISTS blobs (
    sha256             TEXT PRIMARY KEY,
    size               INTEGER NOT NULL,
    uploader_device_id TEXT NOT NULL,
    expires_at_ms      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS blobs_by_uploader ON blobs (uploader_device_id, expires_at_ms, size);
""" + _NONCE_TABLE + sqlite_queues.SCHEMA


def _blob_bytes(conn: sqlite3.Connection, uploader_device_id: str, now_ms: int) -> int:
    (total,) = conn.execute(
        "SELECT coalesce(sum(size), 0) FROM blobs WHERE uploader_device_id = ?"
        " AND expires_at_ms > ?", (uploader_device_id, now_ms)).fetchone()
    return int(total)


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    if read_only:
        conn.execute("PRAGMA query_only = ON")
    return conn


class SqliteRelayStorage:
    def __init__(self, path: Path, *, readers: int = 4,
                 on_batch: Callable[[int, float], None] = lambda _n, _s: None) -> None:
        self._path = path
        self._readers = readers
        self._on_batch = on_batch
        self._queue_depths: dict[str, int] = {}
        #: recipient → sender → pending count, cached by the writer; a recipient's
        #: entry is dropped when it acknowledges (recounted on the next send to it).
        self._sender_shares: dict[str, dict[str, int]] = {}
        #: Bytes of each uploader's attachments, summed once and kept up to date
        #: by the writer (the attachment quota): without it every upload summed
        #: all of its uploader's rows in the single writer, a cost a device with
        #: many small attachments would put on everyone's writes. Emptied by the
        #: purge when attachments expire; until then an expired attachment still
        #: counts (a refusal at most one purge interval early, never a late one).
        #: Read by reader threads too (a dict look-up), for the pre-check.
        self._blob_usage: dict[str, int] = {}
        #: Registered device ids seen by the writer (devices are never removed).
        self._known_devices: set[str] = set()
        #: Interned recipient sets (sorted members → set id), kept by the writer.
        self._sets: dict[tuple[str, ...], int] = {}
        #: Revoked device ids (nothing is queued for them); refreshed by
        #: :meth:`revoked_devices`, which the relay calls when another process
        #: (``liaison-relay revoke``) revoked one.
        self._revoked: frozenset[str] = frozenset()
        self._reader_local = threading.local()
        self._reader_connections: list[sqlite3.Connection] = []
        self._reader_lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._writer: GroupCommitWriter | None = None
        #: Nonces noted by the event loop, written at the start of the next batch.
        self._unwritten_nonces: collections.deque[tuple[str, str, int]] = collections.deque()

    def subscribe_changes(self, on_queue: Callable[[Collection[str] | None], None],
                          on_revoked: Callable[[], Awaitable[None]],
                          on_states: Callable[[Collection[str]], None] = lambda _ids: None,
                          ) -> None:
        """One serving process per file: no other instance to hear from (the
        CLI's revocations arrive through ``revocations.signal``)."""

    async def start(self) -> None:
        _private_files(self._path)
        conn = _connect(self._path, read_only=False)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            conn.close()
            raise SchemaTooNewError(
                f"{self._path} has relay schema {version}, newer than this relay ({SCHEMA_VERSION})"
            )
        if version == 1:
            _add_device_profiles(conn)
        if 0 < version < 3:
            _append_nonces_in_arrival_order(conn)
        if 0 < version < 4:
            _add_revocation(conn)
        if 0 < version < 5:
            sqlite_queues.upgrade_envelopes_table(conn)
        conn.executescript(_SCHEMA)
        self._revoked = frozenset(row[0] for row in conn.execute(
            "SELECT device_id FROM devices WHERE revoked_at_ms IS NOT NULL"))
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._writer = GroupCommitWriter(
            conn, on_rollback=self._forget_cached_state, on_batch=self._on_batch,
            before_batch=self._write_nonces,
        )
        self._writer.start()
        self._executor = ThreadPoolExecutor(self._readers, thread_name_prefix="relay-reader")

    def _forget_cached_state(self) -> None:
        """A whole batch rolled back: what the writer cached from it may be untrue."""
        self._queue_depths.clear()
        self._sender_shares.clear()
        self._known_devices.clear()
        self._sets.clear()

    async def close(self) -> None:
        if self._writer is not None:
            await self._writer.aclose()
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        with self._reader_lock:
            for conn in self._reader_connections:
                conn.close()
            self._reader_connections.clear()

    # -- plumbing -----------------------------------------------------------

    async def _write(self, operation: Callable[[sqlite3.Connection], T], *,
                     bulk: bool = False) -> T:
        assert self._writer is not None, "storage not started"
        return await self._writer.submit(operation, bulk=bulk)

    async def _read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        assert self._executor is not None, "storage not started"
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._run_read, query)

    def _run_read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        conn: sqlite3.Connection | None = getattr(self._reader_local, "conn", None)
        if conn is None:
            conn = _connect(self._path, read_only=True)
            self._reader_local.conn = conn
            with self._reader_lock:
                self._reader_connections.append(conn)
        return query(conn)

    # -- enrollment and devices ---------------------------------------------

    async def add_enrollment_token(self, token: EnrollmentToken, now_ms: int) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO enrollment_tokens (token_sha256, agency, uses_left, expires_at_ms,"
                " created_at_ms) VALUES (?, ?, ?, ?, ?)",
                (token.token_sha256, token.agency, token.uses, token.expires_at_ms, now_ms),
            )
        await self._write(op)

    async def register_device(self, token_sha256: str, device: NewDevice) -> DeviceRecord:
        def op(conn: sqlite3.Connection) -> DeviceRecord:
            spent = conn.execute(
                "UPDATE enrollment_tokens SET uses_left = uses_left - 1"
                " WHERE token_sha256 = ? AND uses_left > 0 AND expires_at_ms > ?"
                " AND revoked_at_ms IS NULL"
                " RETURNING agency",
                (token_sha256, device.registered_at_ms),
            ).fetchone()
            if spent is None:
                raise TokenRefusedError("enrollment token refused")
            agency = str(spent[0])
            profile = device.profile
            if profile is not None and profile.agency != agency:
                # Raised inside the operation's savepoint: the token use is not spent.
                raise ProfileAgencyMismatchError(agency)
            record = DeviceRecord(
                device_id=device.device_id, agency=agency,
                ed25519_key=device.ed25519_key, curve25519_key=device.curve25519_key,
                registration_signature=device.registration_signature,
                registered_at_ms=device.registered_at_ms, profile=profile,
            )
            try:
                conn.execute(
                    f"INSERT INTO devices ({_REGISTERED_COLUMNS}, name_folded)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (record.device_id, record.agency, record.ed25519_key, record.curve25519_key,
                     record.registration_signature, record.registered_at_ms,
                     *_profile_columns(profile),
                     None if profile is None else profile.name.casefold()),
                )
            except sqlite3.IntegrityError as exc:
                raise DeviceExistsError("device already registered") from exc
            return record
        return await self._write(op)

    async def usable_token_agency(self, token_sha256: str, now_ms: int) -> str | None:
        def query(conn: sqlite3.Connection) -> str | None:
            row = conn.execute(
                "SELECT agency FROM enrollment_tokens WHERE token_sha256 = ? AND uses_left > 0"
                " AND expires_at_ms > ? AND revoked_at_ms IS NULL", (token_sha256, now_ms),
            ).fetchone()
            return None if row is None else str(row[0])
        return await self._read(query)

    async def device(self, device_id: str) -> DeviceRecord | None:
        def query(conn: sqlite3.Connection) -> DeviceRecord | None:
            row = conn.execute(
                f"SELECT {_DEVICE_COLUMNS} FROM devices WHERE device_id = ?", (device_id,),
            ).fetchone()
            return None if row is None else _device_record(row)
        return await self._read(query)

    async def revoke_device(self, device_id: str, reason: str | None,
                            now_ms: int) -> Revocation | None:
        def op(conn: sqlite3.Connection) -> Revocation | None:
            row = conn.execute("SELECT revoked_at_ms FROM devices WHERE device_id = ?",
                               (device_id,)).fetchone()
            if row is None:
                return None
            if row[0] is not None:
                return Revocation(device_id, int(row[0]), False, 0, 0)
            conn.execute("UPDATE devices SET revoked_at_ms = ?, revoked_reason = ?"
                         " WHERE device_id = ?", (now_ms, reason, device_id))
            # Everything after its cursor will never reach it now.
            given_up = sqlite_queues.pass_envelopes(
                conn, device_id, sqlite_queues.device_cursor(conn, device_id), None, now_ms,
                give_up=True)
            expired = conn.execute(
                "UPDATE deliveries SET state = 'expired' WHERE recipient_device_id = ?"
                " AND state = 'pending' RETURNING envelope_seq", (device_id,)).fetchall()
            _drop_undeliverable_ciphertext(conn, {seq for (seq,) in expired}, now_ms)
            keys = conn.execute("DELETE FROM one_time_keys WHERE device_id = ?",
                                (device_id,)).rowcount
            keys += conn.execute("DELETE FROM fallback_keys WHERE device_id = ?",
                                 (device_id,)).rowcount
            self._queue_depths[device_id] = 0
            self._sender_shares.pop(device_id, None)
            self._revoked = self._revoked | {device_id}
            return Revocation(device_id, now_ms, True,
                              len(given_up.envelopes) + len(expired), keys)
        return await self._write(op)

    async def revoked_devices(self) -> dict[str, int]:
        def query(conn: sqlite3.Connection) -> dict[str, int]:
            return {str(d): int(t) for d, t in conn.execute(
                "SELECT device_id, revoked_at_ms FROM devices WHERE revoked_at_ms IS NOT NULL")}
        revoked = await self._read(query)
        newly = set(revoked) - self._revoked
        if newly:
            # Revoked by another process: its queue was emptied there.
            self._revoked = self._revoked | newly
            for device_id in newly:
                self._queue_depths.pop(device_id, None)
        return revoked

    async def enrollment_tokens(self) -> list[EnrollmentTokenRecord]:
        def query(conn: sqlite3.Connection) -> list[EnrollmentTokenRecord]:
            return [EnrollmentTokenRecord(token_id_of(sha), agency, uses, expires, created,
                                          revoked)
                    for sha, agency, uses, expires, created, revoked in conn.execute(
                        "SELECT token_sha256, agency, uses_left, expires_at_ms, created_at_ms,"
                        " revoked_at_ms FROM enrollment_tokens ORDER BY created_at_ms,"
                        " token_sha256")]
        return await self._read(query)

    async def revoke_enrollment_token(self, token_id: str, now_ms: int) -> bool:
        def op(conn: sqlite3.Connection) -> bool:
            if not token_id:
                return False
            changed = conn.execute(
                "UPDATE enrollment_tokens SET revoked_at_ms = coalesce(revoked_at_ms, ?)"
                " WHERE substr(token_sha256, 1, 16) = ?", (now_ms, token_id)).rowcount
            return changed > 0
        return await self._write(op)

    async def replace_profile(self, device_id: str,
                              profile: DeviceProfileRecord) -> DeviceRecord:
        def op(conn: sqlite3.Connection) -> DeviceRecord:
            row = conn.execute(f"SELECT {_DEVICE_COLUMNS} FROM devices WHERE device_id = ?",
                               (device_id,)).fetchone()
            if row is None:
                raise LookupError(device_id)
            current = _device_record(row)
            if profile.agency != current.agency:
                raise ProfileAgencyMismatchError(current.agency)
            if current.profile is not None and \
                    profile.issued_at_ms <= current.profile.issued_at_ms:
                raise StaleProfileError("a newer profile is held")
            conn.execute(
                "UPDATE devices SET profile_name = ?, profile_agency = ?,"
                " profile_issued_at_ms = ?, profile_signature = ?, name_folded = ?"
                " WHERE device_id = ?",
                (*_profile_columns(profile), profile.name.casefold(), device_id))
            return dataclasses.replace(current, profile=profile)
        return await self._write(op)

    async def devices(self, selection: DirectoryFilter) -> list[DeviceRecord]:
        def query(conn: sqlite3.Connection) -> list[DeviceRecord]:
            where, values = ["device_id > ?"], [selection.cursor or ""]
            if selection.agency is not None:
                where.append("agency = ?")
                values.append(selection.agency)
            if selection.text is not None:
                # instr(), not LIKE: a typed % or _ is text, not a wildcard.
                where.append("(instr(name_folded, ?) > 0 OR instr(lower(device_id), ?) > 0)")
                values += [selection.text.casefold(), selection.text.lower()]
            rows = conn.execute(
                f"SELECT {_DEVICE_COLUMNS} FROM devices WHERE {' AND '.join(where)}"
                " ORDER BY device_id LIMIT ?", (*values, selection.limit),
            ).fetchall()
            return [_device_record(row) for row in rows]
        return await self._read(query)

    # -- key directory -------------------------------------------------------

    async def publish_keys(
        self, device_id: str, one_time_keys: Sequence[SignedKey], fallback_key: SignedKey | None,
        max_one_time_keys: int,
    ) -> int:
        def op(conn: sqlite3.Connection) -> int:
            held = _count_one_time_keys(conn, device_id)
            room = max(0, max_one_time_keys - held)
            conn.executemany(
                "INSERT INTO one_time_keys VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [(device_id, k.key_id, k.key, k.signature) for k in one_time_keys[:room]],
            )
            if fallback_key is not None:
                conn.execute(
                    "INSERT INTO fallback_keys VALUES (?, ?, ?, ?) ON CONFLICT (device_id)"
                    " DO UPDATE SET key_id = excluded.key_id, key = excluded.key,"
                    " signature = excluded.signature",
                    (device_id, fallback_key.key_id, fallback_key.key, fallback_key.signature),
                )
            return _count_one_time_keys(conn, device_id)
        return await self._write(op)

    async def claim_key(self, device_id: str) -> ClaimedKey | None:
        def op(conn: sqlite3.Connection) -> ClaimedKey | None:
            row = conn.execute(
                "SELECT key_id, key, signature FROM one_time_keys WHERE device_id = ?"
                " ORDER BY key_id LIMIT 1", (device_id,),
            ).fetchone()
            if row is not None:
                conn.execute(
                    "DELETE FROM one_time_keys WHERE device_id = ? AND key_id = ?",
                    (device_id, row[0]),
                )
                return ClaimedKey(SignedKey(*row), fallback=False)
            row = conn.execute(
                "SELECT key_id, key, signature FROM fallback_keys WHERE device_id = ?",
                (device_id,),
            ).fetchone()
            return None if row is None else ClaimedKey(SignedKey(*row), fallback=True)
        return await self._write(op)

    # -- envelopes ----------------------------------------------------------

    def _queue_depth(self, conn: sqlite3.Connection, device_id: str) -> int:
        """Pending count per recipient, cached by the writer (the only writer)."""
        depth = self._queue_depths.get(device_id)
        if depth is None:
            depth = sqlite_queues.queue_depth(conn, device_id)
            self._queue_depths[device_id] = depth
        return depth

    def _recipient_set(self, conn: sqlite3.Connection, members: tuple[str, ...],
                       made_now: dict[tuple[str, ...], int]) -> int:
        """The set's id, interned on first use. Sets made by this operation go to
        ``made_now`` and reach the memo only once the operation succeeded: a
        refused send rolls their rows back."""
        set_id = self._sets.get(members) or made_now.get(members)
        if set_id is None:
            set_id = sqlite_queues.find_set(conn, members)
            if set_id is None:
                set_id = sqlite_queues.create_set(conn, members)
            made_now[members] = set_id
        return set_id

    async def accept_envelopes(
        self, sender_device_id: str, envelopes: Sequence[NewEnvelope], now_ms: int,
        max_queue_depth: int, max_per_sender: int | None = None,
    ) -> list[AcceptedEnvelope]:
        def op(conn: sqlite3.Connection) -> list[AcceptedEnvelope]:
            recipients = {r for e in envelopes for r in e.recipients}
            unknown = self._unknown_devices(conn, recipients)
            if unknown:
                raise UnknownRecipientsError(sorted(unknown))
            revoked = self._revoked
            # Counted before this send's rows exist: the counts are of what is
            # already queued (and cached, so usually not counted at all).
            for recipient in recipients - revoked:
                self._queue_depth(conn, recipient)
                if max_per_sender is not None:
                    self._sender_share(conn, recipient, sender_device_id)
            made_now: dict[tuple[str, ...], int] = {}
            # Insert first and let the UNIQUE (sender, id) constraint find
            # retries: one statement per new envelope instead of a look-up and
            # an insert. A refusal below rolls the inserts back with the
            # operation's SAVEPOINT (group_commit.py).
            results: list[AcceptedEnvelope] = []
            fresh: list[tuple[int, tuple[str, ...]]] = []
            # A batch usually repeats one recipient list (a channel's, or one device's).
            by_list: dict[tuple[str, ...], tuple[tuple[str, ...], int, int]] = {}
            for envelope in envelopes:
                known = by_list.get(envelope.recipients)
                if known is None:
                    members = sqlite_queues.members_key(envelope.recipients)
                    set_id = self._recipient_set(conn, members, made_now)
                    waiting = len(members) - len(revoked.intersection(members))
                    known = by_list[envelope.recipients] = (members, set_id, waiting)
                members, set_id, waiting = known
                seq = sqlite_queues.insert_envelope(
                    conn, sender_device_id, envelope.envelope_id, envelope.ciphertext, now_ms,
                    envelope.expires_at_ms, set_id, waiting)
                if seq is not None:
                    fresh.append((seq, members))
                    results.append(AcceptedEnvelope(envelope.envelope_id, True,
                                                    envelope.expires_at_ms))
                    continue
                existing = conn.execute(
                    "SELECT expires_at_ms FROM envelopes WHERE sender_device_id = ?"
                    " AND envelope_id = ?", (sender_device_id, envelope.envelope_id),
                ).fetchone()
                results.append(AcceptedEnvelope(envelope.envelope_id, False, existing[0]))
            added: dict[str, int] = {}
            for _seq, members in fresh:
                for recipient in members:
                    added[recipient] = added.get(recipient, 0) + 1
            full = [r for r, n in added.items() if r not in revoked
                    and self._queue_depth(conn, r) + n > max_queue_depth]
            if full:
                raise QueueFullError(full)
            if max_per_sender is not None:
                over = [r for r, n in added.items() if r not in revoked
                        and self._sender_share(conn, r, sender_device_id) + n > max_per_sender]
                if over:
                    raise SenderQuotaError(over)
            # A revoked recipient gets nothing queued: it is told "expired" at once.
            sqlite_queues.record_expired(conn, [
                (recipient, seq) for seq, members in fresh
                for recipient in revoked.intersection(members)])
            if len(self._sets) + len(made_now) > _SETS_REMEMBERED:
                self._sets.clear()
            self._sets.update(made_now)
            for recipient, n in added.items():
                if recipient not in revoked:
                    # .get: a large send runs on the committing thread, and
                    # revoked_devices (on the loop) may drop an entry meanwhile.
                    depth = self._queue_depths.get(recipient)
                    if depth is not None:
                        self._queue_depths[recipient] = depth + n
                    shares = self._sender_shares.get(recipient)
                    if shares is not None and sender_device_id in shares:
                        shares[sender_device_id] += n
            return results
        rows = sum(len(e.recipients) for e in envelopes)
        return await self._write(op, bulk=rows > FAN_OUT_ROWS_ON_LOOP)

    def _sender_share(self, conn: sqlite3.Connection, recipient: str, sender: str) -> int:
        """Writer: the sender's pending envelopes in the recipient's queue (cached)."""
        shares = self._sender_shares.setdefault(recipient, {})
        share = shares.get(sender)
        if share is None:
            share = sqlite_queues.sender_share(conn, recipient, sender)
            shares[sender] = share
        return share

    def _unknown_devices(self, conn: sqlite3.Connection, device_ids: set[str]) -> set[str]:
        """Writer thread: which of ``device_ids`` are not registered.

        Devices are never removed, so an id once found stays known and is not
        looked up again.
        """
        unchecked = device_ids - self._known_devices
        if not unchecked:
            return set()
        found = {row[0] for row in conn.execute(
            f"SELECT device_id FROM devices WHERE device_id IN"
            f" ({','.join('?' * len(unchecked))})", tuple(unchecked),
        )}
        self._known_devices |= found
        return unchecked - found

    async def pending(
        self, device_id: str, after: int, limit: int, now_ms: int
    ) -> list[QueuedEnvelope]:
        return await self._read(
            lambda conn: sqlite_queues.queued_after(conn, device_id, after, limit, now_ms))

    async def acknowledge(self, device_id: str, up_to: int, now_ms: int) -> Acknowledged:
        def op(conn: sqlite3.Connection) -> Acknowledged:
            if device_id in self._revoked:
                return Acknowledged(0, frozenset())
            cursor = sqlite_queues.device_cursor(conn, device_id)
            # Never past the newest envelope: a cursor ahead of the sequence
            # would swallow envelopes not sent yet.
            target = min(up_to, sqlite_queues.last_seq(conn))
            passed = sqlite_queues.Passed((), ())
            if target > cursor:
                passed = sqlite_queues.pass_envelopes(conn, device_id, cursor, target, now_ms)
                sqlite_queues.move_cursor(conn, device_id, target)
            legacy = conn.execute(
                "UPDATE deliveries SET state = 'delivered' WHERE recipient_device_id = ?"
                " AND state = 'pending' AND delivery_id <= ? RETURNING envelope_seq",
                (device_id, up_to),
            ).fetchall()
            count = len(passed.envelopes) + len(legacy)
            if not count:
                return Acknowledged(0, frozenset())
            legacy_seqs = {seq for (seq,) in legacy}
            senders = {sender for sender, _expired in passed.envelopes}
            if legacy_seqs:
                senders |= _senders_of(conn, legacy_seqs)
                _drop_undeliverable_ciphertext(conn, legacy_seqs, now_ms)
                self._sender_shares.pop(device_id, None)
            depth = self._queue_depths.get(device_id)
            if depth is not None:
                self._queue_depths[device_id] = depth - count
            shares = self._sender_shares.get(device_id)
            if shares is not None:
                for sender, _expired in passed.envelopes:
                    if sender in shares:
                        shares[sender] -= 1
            return Acknowledged(count, frozenset(senders))
        return await self._write(op)

    async def delivery_states(
        self, sender_device_id: str, envelope_ids: Sequence[str], now_ms: int
    ) -> dict[str, dict[str, DeliveryState]]:
        def query(conn: sqlite3.Connection) -> dict[str, dict[str, DeliveryState]]:
            states: dict[str, dict[str, DeliveryState]] = {}
            for envelope_id in dict.fromkeys(envelope_ids):
                found = conn.execute(
                    "SELECT envelope_seq, set_id, expires_at_ms FROM envelopes"
                    " WHERE sender_device_id = ? AND envelope_id = ?",
                    (sender_device_id, envelope_id)).fetchone()
                if found is None:
                    continue
                seq, set_id, expires_at_ms = found
                if set_id is not None:
                    states[envelope_id] = sqlite_queues.states_of(
                        conn, seq, set_id, expires_at_ms, now_ms)
                    continue
                rows = conn.execute(
                    "SELECT recipient_device_id, state FROM deliveries WHERE envelope_seq = ?",
                    (seq,)).fetchall()
                states[envelope_id] = {
                    # Expired but not yet purged is already expired: never
                    # report "pending" for an envelope nobody will receive.
                    r: DeliveryState.EXPIRED if s == "pending" and expires_at_ms <= now_ms
                    else DeliveryState(s)
                    for r, s in rows
                }
            return states
        return await self._read(query)

    # -- nonces ---------------------------------------------------------------

    async def remember_nonce(
        self, key_id: str, nonce: str, expires_at_ms: int, *, write_follows: bool = False
    ) -> None:
        # Noted here and written by the writer thread at the start of its
        # next batch, which holds this request's own write if it has one (the
        # request submits it only after this returns). The poke makes sure a
        # batch comes even when the request writes nothing (a fetch); a
        # request refused before its write leaves its nonce to the next batch.
        assert self._writer is not None, "storage not started"
        self._unwritten_nonces.append((key_id, nonce, expires_at_ms))
        if not write_follows:
            self._writer.poke()

    def _write_nonces(self, conn: sqlite3.Connection) -> None:
        """Writer thread, start of each batch: every nonce noted so far, one statement."""
        nonces = []
        with contextlib.suppress(IndexError):
            while True:
                nonces.append(self._unwritten_nonces.popleft())
        if nonces:
            conn.executemany(
                "INSERT INTO signature_nonces (key_id, nonce, expires_at_ms) VALUES (?, ?, ?)",
                nonces)

    async def recent_nonces(self, now_ms: int) -> list[tuple[str, str, int]]:
        def query(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
            return [(str(k), str(n), int(e)) for k, n, e in conn.execute(
                "SELECT key_id, nonce, expires_at_ms FROM signature_nonces WHERE expires_at_ms > ?",
                (now_ms,),
            )]
        return await self._read(query)

    # -- blobs ----------------------------------------------------------------

    async def add_blob(self, blob: BlobRecord, uploader_device_id: str,
                       quota_bytes: int | None = None, now_ms: int = 0) -> None:
        def op(conn: sqlite3.Connection) -> None:
            known = conn.execute("SELECT 1 FROM blobs WHERE sha256 = ? AND expires_at_ms > ?",
                                 (blob.sha256, now_ms)).fetchone()
            stored = None
            if known is None:
                expired = conn.execute("SELECT uploader_device_id, size FROM blobs"
                                       " WHERE sha256 = ?", (blob.sha256,)).fetchone()
                if expired is not None and expired[0] in self._blob_usage:
                    # Its bytes pass to this upload: the earlier uploader's count drops.
                    self._blob_usage[expired[0]] -= int(expired[1])
                stored = self._blob_usage.get(uploader_device_id)
                if stored is None:
                    stored = _blob_bytes(conn, uploader_device_id, now_ms)
                if quota_bytes is not None and stored + blob.size > quota_bytes:
                    raise BlobQuotaError(stored, quota_bytes)
            conn.execute(
                "INSERT INTO blobs VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET"
                # An expired row not yet purged: the new upload (charged above) owns it.
                " uploader_device_id = CASE WHEN expires_at_ms <= ?"
                " THEN excluded.uploader_device_id ELSE uploader_device_id END,"
                " expires_at_ms = max(expires_at_ms, excluded.expires_at_ms)",
                (blob.sha256, blob.size, uploader_device_id, blob.expires_at_ms, now_ms),
            )
            if stored is not None:
                self._blob_usage[uploader_device_id] = stored + blob.size
        await self._write(op)

    async def blob_bytes(self, uploader_device_id: str, now_ms: int) -> int:
        cached = self._blob_usage.get(uploader_device_id)
        if cached is not None:
            return cached
        return await self._read(lambda conn: _blob_bytes(conn, uploader_device_id, now_ms))

    async def blob(self, sha256: str, now_ms: int) -> BlobRecord | None:
        def query(conn: sqlite3.Connection) -> BlobRecord | None:
            row = conn.execute(
                "SELECT sha256, size, expires_at_ms FROM blobs WHERE sha256 = ?"
                " AND expires_at_ms > ?", (sha256, now_ms),
            ).fetchone()
            return None if row is None else BlobRecord(*row)
        return await self._read(query)

    async def recorded_blobs(self, sha256s: Collection[str]) -> set[str]:
        wanted = sorted(set(sha256s))

        def query(conn: sqlite3.Connection) -> set[str]:
            found: set[str] = set()
            for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
                chunk = wanted[start:start + 500]
                found.update(row[0] for row in conn.execute(
                    f"SELECT sha256 FROM blobs WHERE sha256 IN ({', '.join('?' * len(chunk))})",
                    chunk))
            return found
        return await self._read(query)

    # -- purge ----------------------------------------------------------------

    async def purge(self, now_ms: int, status_retention_ms: int) -> PurgeReport:
        def op(conn: sqlite3.Connection) -> PurgeReport:
            expired = conn.execute(
                "UPDATE deliveries SET state = 'expired' WHERE state = 'pending' AND envelope_seq"
                " IN (SELECT envelope_seq FROM envelopes WHERE expires_at_ms <= ?)"
                " RETURNING recipient_device_id",
                (now_ms,),
            ).fetchall()
            expired += [(recipient,) for recipient, _sender in
                        sqlite_queues.expire_undelivered(conn, now_ms)]
            for (recipient,) in expired:
                if recipient in self._queue_depths:
                    self._queue_depths[recipient] -= 1
                self._sender_shares.pop(recipient, None)
            conn.execute(
                "UPDATE envelopes SET ciphertext = NULL WHERE ciphertext IS NOT NULL"
                " AND expires_at_ms <= ?", (now_ms,),
            )
            old = "SELECT envelope_seq FROM envelopes WHERE expires_at_ms <= ?"
            cutoff = now_ms - status_retention_ms
            conn.execute(f"DELETE FROM deliveries WHERE envelope_seq IN ({old})", (cutoff,))
            removed = conn.execute(
                "DELETE FROM envelopes WHERE expires_at_ms <= ?", (cutoff,)
            ).rowcount
            if removed and sqlite_queues.drop_unused_sets(conn):
                self._sets.clear()
            blobs = tuple(str(sha) for (sha,) in conn.execute(
                "DELETE FROM blobs WHERE expires_at_ms <= ? RETURNING sha256", (now_ms,)
            ).fetchall())
            if blobs:
                self._blob_usage.clear()
            conn.execute("DELETE FROM signature_nonces WHERE expires_at_ms <= ?", (now_ms,))
            conn.execute(
                "DELETE FROM enrollment_tokens WHERE expires_at_ms <= ? OR uses_left = 0"
                " OR revoked_at_ms <= ?",
                (now_ms - status_retention_ms, now_ms - status_retention_ms),
            )
            return PurgeReport(len(expired), removed, blobs)
        # Bulk: what expires at once is unbounded; run it off the event loop.
        return await self._write(op, bulk=True)


_REGISTERED_COLUMNS = ("device_id, agency, ed25519_key, curve25519_key, registration_signature,"
                       " registered_at_ms, profile_name, profile_agency, profile_issued_at_ms,"
                       " profile_signature")
_DEVICE_COLUMNS = _REGISTERED_COLUMNS + ", revoked_at_ms, revoked_reason"


def _private_files(path: Path) -> None:
    """The data directory 0700 and the database (with its WAL and shared-memory
    files) 0600, whatever the umask, also for a relay that ran before this check
    (issue 10, item 10: they were 0755/0644). The files hold metadata (who
    sends to whom) that only the relay's operator should read. SQLite creates
    the -wal and -shm files with the database file's permissions."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    # Create the file 0600 only if it is missing, never open an existing one:
    # closing any descriptor of the database drops every POSIX lock this process
    # holds on it (fcntl(2)), including an open SQLite connection's shared lock,
    # and another process's SQLite would then think itself the last user, and
    # checkpoint and delete the WAL under the running relay (the lost enrollment
    # token of the CI on 2026-12-05).
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(name, 0o600)


def _senders_of(conn: sqlite3.Connection, envelope_seqs: set[int]) -> frozenset[str]:
    """The devices that sent these envelopes (one page acknowledged: ≤ 100 of them)."""
    ordered = sorted(envelope_seqs)
    senders: set[str] = set()
    for start in range(0, len(ordered), 500):  # SQLite's bound-parameter limit
        chunk = ordered[start:start + 500]
        senders.update(row[0] for row in conn.execute(
            "SELECT DISTINCT sender_device_id FROM envelopes WHERE envelope_seq IN"
            f" ({', '.join('?' * len(chunk))})", chunk))
    return frozenset(senders)


def _drop_undeliverable_ciphertext(conn: sqlite3.Connection, envelope_seqs: set[int],
                                   now_ms: int) -> None:
    """Delete the ciphertext of these envelopes queued before schema 5 (per-recipient
    rows) that no recipient is waiting for any more,
    and end their life now: who-sent-to-whom is then kept only for the status
    retention (7 days, for the sender's delivery states) counted from the last
    recipient's acknowledgement, not from an expiry up to 30 days later
    (issue 10, item 10: the rows outlived the ciphertext by up to 37 days)."""
    conn.executemany(
        "UPDATE envelopes SET ciphertext = NULL, expires_at_ms = min(expires_at_ms, ?)"
        " WHERE envelope_seq = ? AND set_id IS NULL AND ciphertext IS NOT NULL AND NOT EXISTS"
        " (SELECT 1 FROM deliveries WHERE envelope_seq = ? AND state = 'pending')",
        [(now_ms, seq, seq) for seq in envelope_seqs],
    )


def _add_revocation(conn: sqlite3.Connection) -> None:
    """Schema ≤ 3 → 4: nothing is revoked yet (the new columns stay NULL). A
    table the older database lacks is created whole by ``_SCHEMA`` afterwards."""
    for table, column in (("devices", "revoked_at_ms INTEGER"),
                          ("devices", "revoked_reason TEXT"),
                          ("enrollment_tokens", "revoked_at_ms INTEGER")):
        held = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if held and column.split()[0] not in held:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column}")


def _add_device_profiles(conn: sqlite3.Connection) -> None:
    """Schema 1 → 2: devices registered before keep no name (the columns stay NULL)."""
    for column in ("profile_name TEXT", "profile_agency TEXT", "profile_issued_at_ms INTEGER",
                   "profile_signature TEXT", "name_folded TEXT"):
        conn.execute(f"ALTER TABLE devices ADD COLUMN {column}")


def _append_nonces_in_arrival_order(conn: sqlite3.Connection) -> None:
    """Schema ≤ 2 → 3: the nonces move, oldest first, to the append-only table, atomically."""
    had_nonces = conn.execute(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'seen_nonces'"
    ).fetchone() is not None
    move = ("INSERT INTO signature_nonces SELECT expires_at_ms, key_id, nonce FROM seen_nonces"
            " ORDER BY expires_at_ms; DROP TABLE seen_nonces;") if had_nonces else ""
    conn.executescript("BEGIN IMMEDIATE;" + _NONCE_TABLE + move + "COMMIT;")


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
    return DeviceRecord(device_id, agency, ed25519, curve25519, proof, registered_at_ms,
                        None if profile[0] is None else DeviceProfileRecord(*profile),
                        revoked_at_ms, revoked_reason)


def _count_one_time_keys(conn: sqlite3.Connection, device_id: str) -> int:
    return int(conn.execute(
        "SELECT count(*) FROM one_time_keys WHERE device_id = ?", (device_id,)
    ).fetchone()[0])
