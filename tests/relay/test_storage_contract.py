"""The ``RelayStorage`` contract (liaison_client/relay/storage.py), backend by backend.

The HTTP handlers depend only on the Protocol, so what they rely on is
written here once and run against every backend: the SQLite file
(:class:`~liaison_client.relay.sqlite_storage.SqliteRelayStorage`) and a
database of its own on a real PostgreSQL server
(:class:`~liaison_client.relay.postgres_storage.PostgresRelayStorage`,
``tests/fixtures/postgres.py``). The tests speak only
the Protocol's methods and records, never SQL.

Each test runs on a private event loop (``run``); times are explicit
``now_ms`` values, so expiry is tested without waiting.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import pytest

from liaison_client.relay.postgres_storage import PostgresRelayStorage
from liaison_client.relay.sqlite_storage import SqliteRelayStorage
from liaison_client.relay.storage import (
    BlobQuotaError,
    BlobRecord,
    DeliveryState,
    DeviceExistsError,
    DeviceProfileRecord,
    DeviceRecord,
    DirectoryFilter,
    EnrollmentToken,
    NewDevice,
    NewEnvelope,
    ProfileAgencyMismatchError,
    QueueFullError,
    RelayStorage,
    SenderQuotaError,
    SignedKey,
    StaleProfileError,
    TokenRefusedError,
    UnknownRecipientsError,
)
from tests.fixtures.postgres import PostgresCluster

T = TypeVar("T")


class Run(Protocol):
    """Runs one awaitable to completion on the test's event loop."""

    def __call__(self, awaitable: Awaitable[T], /) -> T: ...


NOW = 1_800_000_000_000
HOUR = 3_600_000
#: Generous limits where a test is not about them.
MAX_KEYS = 100
MAX_QUEUE = 1_000


@dataclass(frozen=True)
class Backend:
    """How to make a storage of one kind on data that outlives the instance."""

    name: str
    open: Callable[[], RelayStorage]


def _sqlite(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    path = tmp_path / "relay.sqlite3"
    return Backend("sqlite", lambda: SqliteRelayStorage(path, readers=2))


def _postgresql(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """A database of the test's own on the session's real PostgreSQL server."""
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    url = cluster.new_database()
    return Backend("postgresql", lambda: PostgresRelayStorage(url, max_connections=4))


#: One entry per backend; each builds a storage on fresh, empty data.
BACKENDS: dict[str, Callable[[pytest.FixtureRequest, Path], Backend]] = {
    "sqlite": _sqlite, "postgresql": _postgresql}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    return BACKENDS[request.param](request, tmp_path)


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    event_loop = asyncio.new_event_loop()
    yield event_loop
    event_loop.close()


@pytest.fixture
def run(loop: asyncio.AbstractEventLoop) -> Run:
    def run_on_loop(awaitable: Awaitable[T]) -> T:
        async def wrapped() -> T:
            return await awaitable
        return loop.run_until_complete(wrapped())
    return run_on_loop


@pytest.fixture
def storage(backend: Backend, run: Run) -> Iterator[RelayStorage]:
    """A started storage on empty data, closed at teardown."""
    opened = backend.open()
    run(opened.start())
    yield opened
    run(opened.close())


_ids = itertools.count(1)


def _new_device(agency: str | None = None, *, name: str | None = None,
                issued_at_ms: int = NOW, device_id: str | None = None) -> NewDevice:
    n = next(_ids)
    profile = None if agency is None else DeviceProfileRecord(
        name=name or f"Officer {n}", agency=agency, issued_at_ms=issued_at_ms,
        signature=f"profile-sig-{n}")
    return NewDevice(device_id=device_id or f"dev-{n:05d}", ed25519_key=f"ed-{n}",
                     curve25519_key=f"cv-{n}", registration_signature=f"reg-sig-{n}",
                     registered_at_ms=NOW, profile=profile)


def _token(run: Run, storage: RelayStorage, agency: str = "Zoll Hamburg", *,
           uses: int = 1, expires_at_ms: int = NOW + HOUR) -> str:
    sha = f"token-{next(_ids)}"
    run(storage.add_enrollment_token(EnrollmentToken(sha, agency, uses, expires_at_ms), NOW))
    return sha


def _register(run: Run, storage: RelayStorage, agency: str = "Zoll Hamburg",
              **device: object) -> DeviceRecord:
    new = _new_device(agency, **device)  # type: ignore[arg-type]
    record = run(storage.register_device(_token(run, storage, agency), new))
    assert isinstance(record, DeviceRecord)
    return record


def _envelope(envelope_id: str, *recipients: str, expires_at_ms: int = NOW + HOUR,
              body: bytes | None = None) -> NewEnvelope:
    return NewEnvelope(envelope_id, tuple(recipients), body or envelope_id.encode(),
                       expires_at_ms)


# -- enrollment and registration ----------------------------------------------

def test_a_token_registers_as_many_devices_as_it_has_uses_of_its_agency(
        storage: RelayStorage, run: Run) -> None:
    token = _token(run, storage, "Guangzhou Customs", uses=2)
    first = run(storage.register_device(token, _new_device("Guangzhou Customs")))
    second = run(storage.register_device(token, _new_device(None)))
    assert first.agency == second.agency == "Guangzhou Customs"
    assert second.profile is None
    with pytest.raises(TokenRefusedError):
        run(storage.register_device(token, _new_device("Guangzhou Customs")))
    assert run(storage.device(first.device_id)) == first
    assert run(storage.device(second.device_id)) == second


def test_unknown_and_expired_tokens_are_refused(storage: RelayStorage, run: Run) -> None:
    with pytest.raises(TokenRefusedError):
        run(storage.register_device("no-such-token", _new_device(None)))
    expired = _token(run, storage, expires_at_ms=NOW)
    with pytest.raises(TokenRefusedError):
        run(storage.register_device(expired, _new_device(None)))


def test_a_refused_registration_spends_nothing(storage: RelayStorage, run: Run) -> None:
    token = _token(run, storage, "Zoll Hamburg", uses=1)
    with pytest.raises(ProfileAgencyMismatchError) as mismatch:
        run(storage.register_device(token, _new_device("Aduana Algeciras")))
    assert mismatch.value.token_agency == "Zoll Hamburg"
    taken = _register(run, storage)
    with pytest.raises(DeviceExistsError):
        run(storage.register_device(token, _new_device(None, device_id=taken.device_id)))
    registered = run(storage.register_device(token, _new_device("Zoll Hamburg")))
    assert registered.agency == "Zoll Hamburg"


def test_an_ed25519_key_is_registered_once(storage: RelayStorage, run: Run) -> None:
    taken = _register(run, storage)
    copy = NewDevice("dev-other-key-owner", taken.ed25519_key, "cv-other", "sig", NOW)
    with pytest.raises(DeviceExistsError):
        run(storage.register_device(_token(run, storage), copy))
    assert run(storage.device("dev-other-key-owner")) is None


# -- the officer directory ----------------------------------------------------

def test_the_directory_pages_in_device_id_order(storage: RelayStorage, run: Run) -> None:
    ids = [f"dir-{c}" for c in "dbeac"]
    for device_id in ids:
        _register(run, storage, device_id=device_id)
    first = run(storage.devices(DirectoryFilter(limit=2)))
    assert [d.device_id for d in first] == ["dir-a", "dir-b"]
    rest = run(storage.devices(DirectoryFilter(cursor=first[-1].device_id, limit=10)))
    assert [d.device_id for d in rest] == ["dir-c", "dir-d", "dir-e"]


def test_the_directory_filters_by_agency_and_by_folded_text(
        storage: RelayStorage, run: Run) -> None:
    li = _register(run, storage, "Guangzhou Customs", name="Li Wei", device_id="dev-gz-1")
    strasse = _register(run, storage, "Zoll Hamburg", name="Jens STRASSE", device_id="dev-hh-1")
    _register(run, storage, "Zoll Hamburg", name="Anna 100% Schmidt", device_id="dev-hh-2")

    def listed(**selection: object) -> list[str]:
        found = run(storage.devices(DirectoryFilter(**selection)))  # type: ignore[arg-type]
        return [d.device_id for d in found]

    assert listed(agency="Guangzhou Customs") == [li.device_id]
    assert listed(agency="Zoll Hamburg") == ["dev-hh-1", "dev-hh-2"]
    # Unicode case folding: "ß" folds to "ss", so "straße" finds STRASSE.
    assert listed(text="straße") == [strasse.device_id]
    assert listed(text="DEV-GZ") == [li.device_id]
    # A typed % is text, not a wildcard.
    assert listed(text="0% s") == ["dev-hh-2"]
    assert listed(text="%") == ["dev-hh-2"]
    assert listed(agency="Guangzhou Customs", text="strasse") == []


def test_a_profile_is_replaced_only_by_a_newer_one_of_the_same_agency(
        storage: RelayStorage, run: Run) -> None:
    device = _register(run, storage, "Zoll Hamburg", name="Anna", issued_at_ms=NOW)
    newer = DeviceProfileRecord("Anna Schmidt", "Zoll Hamburg", NOW + 1, "sig-newer")
    updated = run(storage.replace_profile(device.device_id, newer))
    assert updated.profile == newer
    assert run(storage.device(device.device_id)) == updated
    with pytest.raises(StaleProfileError):
        run(storage.replace_profile(device.device_id, DeviceProfileRecord(
            "Anna again", "Zoll Hamburg", NOW + 1, "sig-same-time")))
    with pytest.raises(ProfileAgencyMismatchError):
        run(storage.replace_profile(device.device_id, DeviceProfileRecord(
            "Anna", "Aduana Algeciras", NOW + 2, "sig-other-agency")))
    with pytest.raises(LookupError):
        run(storage.replace_profile("dev-unknown", newer))
    assert run(storage.device(device.device_id)) == updated
    found = run(storage.devices(DirectoryFilter(text="schmidt")))
    assert [d.device_id for d in found] == [device.device_id]


# -- the key directory ---------------------------------------------------------

def test_one_time_keys_are_claimed_once_then_the_fallback_key_again_and_again(
        storage: RelayStorage, run: Run) -> None:
    device = _register(run, storage)
    keys = [SignedKey(f"k{i}", f"key-{i}", f"sig-{i}") for i in range(3)]
    fallback = SignedKey("f1", "fallback-key", "fallback-sig")
    assert run(storage.claim_key(device.device_id)) is None
    assert run(storage.publish_keys(device.device_id, keys, fallback, MAX_KEYS)) == 3
    # Ids already held are ignored.
    assert run(storage.publish_keys(device.device_id, keys[:2], None, MAX_KEYS)) == 3
    claimed = [run(storage.claim_key(device.device_id)) for _ in range(5)]
    one_time = [c.key for c in claimed[:3] if c is not None and not c.fallback]
    assert sorted(one_time, key=lambda k: k.key_id) == keys
    assert [c.key if c else None for c in claimed[3:]] == [fallback, fallback]
    assert all(c is not None and c.fallback for c in claimed[3:])
    newer_fallback = SignedKey("f2", "fallback-key-2", "fallback-sig-2")
    assert run(storage.publish_keys(device.device_id, [], newer_fallback, MAX_KEYS)) == 0
    again = run(storage.claim_key(device.device_id))
    assert again is not None
    assert again.key == newer_fallback


def test_a_device_holds_at_most_the_limit_of_one_time_keys(
        storage: RelayStorage, run: Run) -> None:
    device = _register(run, storage)
    keys = [SignedKey(f"k{i:02d}", f"key-{i}", f"sig-{i}") for i in range(8)]
    assert run(storage.publish_keys(device.device_id, keys, None, 5)) == 5
    assert run(storage.publish_keys(device.device_id, keys, None, 5)) == 5


# -- envelopes: send, fetch, acknowledge ---------------------------------------

def test_an_envelope_fans_out_to_each_recipients_queue_in_order(
        storage: RelayStorage, run: Run) -> None:
    sender, anna, tomas = (_register(run, storage).device_id for _ in range(3))
    accepted = run(storage.accept_envelopes(sender, [
        _envelope("e1", anna, tomas), _envelope("e2", anna), _envelope("e3", tomas, anna),
    ], NOW, MAX_QUEUE))
    assert [(a.envelope_id, a.created, a.expires_at_ms) for a in accepted] == [
        ("e1", True, NOW + HOUR), ("e2", True, NOW + HOUR), ("e3", True, NOW + HOUR)]
    for_anna = run(storage.pending(anna, 0, 100, NOW))
    assert [(q.envelope_id, q.sender_device_id, q.ciphertext, q.sent_at_ms) for q in for_anna] == [
        ("e1", sender, b"e1", NOW), ("e2", sender, b"e2", NOW), ("e3", sender, b"e3", NOW)]
    assert [q.cursor for q in for_anna] == sorted({q.cursor for q in for_anna})
    assert [q.envelope_id for q in run(storage.pending(tomas, 0, 100, NOW))] == ["e1", "e3"]
    assert run(storage.pending(sender, 0, 100, NOW)) == []
    # A page starts after the cursor and holds at most ``limit`` envelopes.
    page = run(storage.pending(anna, for_anna[0].cursor, 1, NOW))
    assert [q.envelope_id for q in page] == ["e2"]


def test_a_repeated_envelope_id_is_accepted_once(storage: RelayStorage, run: Run) -> None:
    sender, anna = (_register(run, storage).device_id for _ in range(2))
    run(storage.accept_envelopes(sender, [_envelope("same", anna)], NOW, MAX_QUEUE))
    retry = run(storage.accept_envelopes(
        sender, [_envelope("same", anna, expires_at_ms=NOW + 2 * HOUR, body=b"other")],
        NOW + 5, MAX_QUEUE))
    assert [(a.envelope_id, a.created, a.expires_at_ms) for a in retry] == [
        ("same", False, NOW + HOUR)]
    queued = run(storage.pending(anna, 0, 100, NOW))
    assert [(q.envelope_id, q.ciphertext) for q in queued] == [("same", b"same")]
    # The id is the sender's: another sender may use it too.
    other = _register(run, storage).device_id
    again = run(storage.accept_envelopes(other, [_envelope("same", anna)], NOW, MAX_QUEUE))
    assert again[0].created
    assert len(run(storage.pending(anna, 0, 100, NOW))) == 2


def test_unknown_recipients_refuse_the_whole_batch(
        storage: RelayStorage, run: Run) -> None:
    sender, anna = (_register(run, storage).device_id for _ in range(2))
    with pytest.raises(UnknownRecipientsError) as refused:
        run(storage.accept_envelopes(sender, [
            _envelope("ok", anna), _envelope("bad", anna, "dev-nobody", "dev-ghost"),
        ], NOW, MAX_QUEUE))
    assert refused.value.device_ids == ("dev-ghost", "dev-nobody")
    assert run(storage.pending(anna, 0, 100, NOW)) == []
    # Nothing was kept: the same ids are new afterwards.
    accepted = run(storage.accept_envelopes(sender, [_envelope("ok", anna)], NOW, MAX_QUEUE))
    assert accepted[0].created


def test_a_full_queue_refuses_the_whole_batch(storage: RelayStorage, run: Run) -> None:
    sender, anna, tomas = (_register(run, storage).device_id for _ in range(3))
    run(storage.accept_envelopes(sender, [_envelope("a1", anna), _envelope("a2", anna)],
                                 NOW, 3))
    with pytest.raises(QueueFullError) as full:
        run(storage.accept_envelopes(sender, [_envelope("t1", tomas),
                                              _envelope("a3", anna), _envelope("a4", anna)],
                                     NOW, 3))
    assert full.value.device_ids == (anna,)
    assert run(storage.pending(tomas, 0, 100, NOW)) == []
    # Exactly at the limit is allowed; an acknowledgement makes room.
    run(storage.accept_envelopes(sender, [_envelope("a3", anna)], NOW, 3))
    queued = run(storage.pending(anna, 0, 100, NOW))
    assert run(storage.acknowledge(anna, queued[0].cursor, NOW)).count == 1
    run(storage.accept_envelopes(sender, [_envelope("a4", anna)], NOW, 3))
    assert [q.envelope_id for q in run(storage.pending(anna, 0, 100, NOW))] == ["a2", "a3", "a4"]


def test_recorded_blobs_are_those_with_a_record_expired_or_not(
        storage: RelayStorage, run: Run) -> None:
    uploader = _register(run, storage).device_id
    live, expired, unknown = "a" * 64, "b" * 64, "c" * 64
    run(storage.add_blob(BlobRecord(live, 10, NOW + HOUR), uploader, None, NOW))
    run(storage.add_blob(BlobRecord(expired, 10, NOW + 1), uploader, None, NOW))
    assert run(storage.blob(expired, NOW + 2)) is None
    assert run(storage.recorded_blobs([live, expired, unknown, live])) == {live, expired}
    assert run(storage.recorded_blobs([])) == set()


def test_an_acknowledgement_names_the_senders_of_what_it_acknowledged(
        storage: RelayStorage, run: Run) -> None:
    anna, bert, tomas = (_register(run, storage).device_id for _ in range(3))
    run(storage.accept_envelopes(anna, [_envelope("from-anna", tomas)], NOW, MAX_QUEUE))
    run(storage.accept_envelopes(bert, [_envelope("from-bert", tomas)], NOW, MAX_QUEUE))
    queued = run(storage.pending(tomas, 0, 100, NOW))
    first = run(storage.acknowledge(tomas, queued[0].cursor, NOW))
    assert (first.count, first.senders) == (1, frozenset({anna}))
    rest = run(storage.acknowledge(tomas, queued[-1].cursor, NOW))
    assert (rest.count, rest.senders) == (1, frozenset({bert}))
    assert run(storage.acknowledge(tomas, queued[-1].cursor, NOW)).senders == frozenset()


def test_acknowledged_envelopes_leave_the_queue_and_report_delivered(
        storage: RelayStorage, run: Run) -> None:
    sender, anna, tomas = (_register(run, storage).device_id for _ in range(3))
    run(storage.accept_envelopes(sender, [_envelope("e1", anna, tomas), _envelope("e2", anna)],
                                 NOW, MAX_QUEUE))
    queued = run(storage.pending(anna, 0, 100, NOW))
    assert run(storage.acknowledge(anna, queued[0].cursor, NOW)).count == 1
    assert [q.envelope_id for q in run(storage.pending(anna, 0, 100, NOW))] == ["e2"]
    # Acknowledging again, or another device's cursor, changes nothing.
    assert run(storage.acknowledge(anna, queued[0].cursor, NOW)).count == 0
    assert run(storage.acknowledge(sender, queued[-1].cursor, NOW)).count == 0
    states = run(storage.delivery_states(sender, ["e1", "e2", "e1", "unknown"], NOW))
    assert states == {
        "e1": {anna: DeliveryState.DELIVERED, tomas: DeliveryState.PENDING},
        "e2": {anna: DeliveryState.PENDING},
    }
    assert run(storage.acknowledge(anna, queued[-1].cursor, NOW)).count == 1
    assert run(storage.pending(anna, 0, 100, NOW)) == []
    # Delivery states are the sender's to ask about.
    assert run(storage.delivery_states(anna, ["e1"], NOW)) == {}


# -- expiry -------------------------------------------------------------------

def test_an_expired_envelope_is_never_fetched_and_reports_expired(
        storage: RelayStorage, run: Run) -> None:
    sender, anna = (_register(run, storage).device_id for _ in range(2))
    run(storage.accept_envelopes(sender, [
        _envelope("short", anna, expires_at_ms=NOW + 10), _envelope("long", anna),
    ], NOW, MAX_QUEUE))
    later = NOW + 10
    assert [q.envelope_id for q in run(storage.pending(anna, 0, 100, later))] == ["long"]
    # Expired but not yet purged is already expired.
    assert run(storage.delivery_states(sender, ["short"], later)) == {
        "short": {anna: DeliveryState.EXPIRED}}
    report = run(storage.purge(later, HOUR))
    assert report.expired_deliveries == 1
    assert report.removed_envelopes == 0
    assert run(storage.delivery_states(sender, ["short", "long"], later)) == {
        "short": {anna: DeliveryState.EXPIRED}, "long": {anna: DeliveryState.PENDING}}
    # After the status retention the expired envelope is gone altogether.
    gone = run(storage.purge(NOW + 10 + HOUR, HOUR))
    assert gone.removed_envelopes == 1
    assert "short" not in run(storage.delivery_states(sender, ["short"], NOW + 10 + HOUR))


def test_an_envelope_expired_before_its_acknowledgement_reports_expired_not_delivered(
        storage: RelayStorage, run: Run) -> None:
    """The recipient acknowledged past it (a later envelope) but a fetch never
    gave it out: its sender must not be told it arrived."""
    sender, anna = (_register(run, storage).device_id for _ in range(2))
    run(storage.accept_envelopes(sender, [_envelope("short", anna, expires_at_ms=NOW + 10),
                                          _envelope("long", anna)], NOW, MAX_QUEUE))
    page = run(storage.pending(anna, 0, 100, NOW + 20))
    assert [q.envelope_id for q in page] == ["long"]
    run(storage.acknowledge(anna, page[-1].cursor, NOW + 20))
    assert run(storage.delivery_states(sender, ["short", "long"], NOW + 30)) == {
        "short": {anna: DeliveryState.EXPIRED}, "long": {anna: DeliveryState.DELIVERED}}


def test_acknowledging_beyond_the_queue_does_not_swallow_what_is_sent_later(
        storage: RelayStorage, run: Run) -> None:
    """A cursor from the future (a confused or restored client) acknowledges what
    is queued, never an envelope not sent yet."""
    sender, anna = (_register(run, storage).device_id for _ in range(2))
    run(storage.accept_envelopes(sender, [_envelope("first", anna)], NOW, MAX_QUEUE))
    assert run(storage.acknowledge(anna, 10**15, NOW)).count == 1
    run(storage.accept_envelopes(sender, [_envelope("later", anna)], NOW, MAX_QUEUE))
    assert [q.envelope_id for q in run(storage.pending(anna, 0, 100, NOW))] == ["later"]
    assert run(storage.delivery_states(sender, ["later"], NOW)) == {
        "later": {anna: DeliveryState.PENDING}}


def test_one_envelope_to_many_is_delivered_to_each_at_its_own_pace(
        storage: RelayStorage, run: Run) -> None:
    sender, anna, bert, cleo = (_register(run, storage).device_id for _ in range(4))
    run(storage.accept_envelopes(sender, [_envelope("all", anna, bert, cleo),
                                          _envelope("anna-only", anna)], NOW, MAX_QUEUE))
    for_anna = run(storage.pending(anna, 0, 100, NOW))
    assert [q.envelope_id for q in for_anna] == ["all", "anna-only"]
    run(storage.acknowledge(anna, for_anna[-1].cursor, NOW))
    (for_bert,) = run(storage.pending(bert, 0, 100, NOW))
    assert (for_bert.envelope_id, for_bert.ciphertext) == ("all", b"all")
    run(storage.acknowledge(bert, for_bert.cursor, NOW))
    assert run(storage.delivery_states(sender, ["all"], NOW)) == {"all": {
        anna: DeliveryState.DELIVERED, bert: DeliveryState.DELIVERED,
        cleo: DeliveryState.PENDING}}
    assert [q.envelope_id for q in run(storage.pending(cleo, 0, 100, NOW))] == ["all"]


def test_a_purge_frees_the_queue_an_expired_envelope_took(
        storage: RelayStorage, run: Run) -> None:
    sender, anna = (_register(run, storage).device_id for _ in range(2))
    run(storage.accept_envelopes(sender, [_envelope("e1", anna, expires_at_ms=NOW + 10)],
                                 NOW, 1))
    with pytest.raises(QueueFullError):
        run(storage.accept_envelopes(sender, [_envelope("e2", anna)], NOW, 1))
    run(storage.purge(NOW + 10, HOUR))
    run(storage.accept_envelopes(sender, [_envelope("e2", anna)], NOW + 10, 1))
    assert [q.envelope_id for q in run(storage.pending(anna, 0, 100, NOW + 10))] == ["e2"]


def test_spent_and_expired_tokens_are_purged_after_the_retention(
        storage: RelayStorage, run: Run) -> None:
    token = _token(run, storage, uses=2, expires_at_ms=NOW + 10)
    run(storage.purge(NOW + 10 + HOUR, HOUR))
    with pytest.raises(TokenRefusedError):
        run(storage.register_device(token, _new_device(None)))


# -- signature nonces -----------------------------------------------------------

def test_remembered_nonces_are_listed_until_they_expire(
        storage: RelayStorage, run: Run) -> None:
    run(storage.remember_nonce("key-a", "nonce-1", NOW + 100))
    run(storage.remember_nonce("key-b", "nonce-2", NOW + 200))
    # Written "soon" by the backend itself: wait for it, bounded.
    deadline = time.monotonic() + 10
    listed = run(storage.recent_nonces(NOW))
    while len(listed) < 2 and time.monotonic() < deadline:
        run(asyncio.sleep(0.02))
        listed = run(storage.recent_nonces(NOW))
    assert sorted(listed) == [("key-a", "nonce-1", NOW + 100), ("key-b", "nonce-2", NOW + 200)]
    assert run(storage.recent_nonces(NOW + 100)) == [("key-b", "nonce-2", NOW + 200)]
    run(storage.purge(NOW + 200, HOUR))
    assert run(storage.recent_nonces(NOW)) == []


def test_a_nonce_noted_before_a_write_is_durable_with_it(
        storage: RelayStorage, run: Run) -> None:
    run(storage.remember_nonce("key-c", "nonce-3", NOW + 100, write_follows=True))
    _token(run, storage)
    assert ("key-c", "nonce-3", NOW + 100) in run(storage.recent_nonces(NOW))


# -- blobs ------------------------------------------------------------------------

def test_blobs_are_kept_until_their_latest_expiry(storage: RelayStorage, run: Run) -> None:
    uploader = _register(run, storage).device_id
    sha = "ab" * 32
    assert run(storage.blob(sha, NOW)) is None
    run(storage.add_blob(BlobRecord(sha, 1234, NOW + 100), uploader))
    assert run(storage.blob(sha, NOW)) == BlobRecord(sha, 1234, NOW + 100)
    # Uploading again extends, never shortens, its life.
    run(storage.add_blob(BlobRecord(sha, 1234, NOW + 500), uploader))
    run(storage.add_blob(BlobRecord(sha, 1234, NOW + 50), uploader))
    assert run(storage.blob(sha, NOW)) == BlobRecord(sha, 1234, NOW + 500)
    assert run(storage.blob(sha, NOW + 500)) is None
    report = run(storage.purge(NOW + 500, HOUR))
    assert report.expired_blobs == (sha,)
    assert run(storage.purge(NOW + 500, HOUR)).expired_blobs == ()


def test_an_uploader_is_held_to_its_attachment_quota(storage: RelayStorage, run: Run) -> None:
    hoarder, other = (_register(run, storage).device_id for _ in range(2))
    run(storage.add_blob(BlobRecord("a" * 64, 600, NOW + 100), hoarder, 1000, NOW))
    with pytest.raises(BlobQuotaError) as refused:
        run(storage.add_blob(BlobRecord("b" * 64, 500, NOW + 100), hoarder, 1000, NOW))
    assert (refused.value.stored_bytes, refused.value.quota_bytes) == (600, 1000)
    assert run(storage.blob("b" * 64, NOW)) is None
    assert run(storage.blob_bytes(hoarder, NOW)) == 600
    # Bytes already stored cost nothing more, whoever sends them again.
    run(storage.add_blob(BlobRecord("a" * 64, 600, NOW + 200), hoarder, 1000, NOW))
    run(storage.add_blob(BlobRecord("a" * 64, 600, NOW + 200), other, 100, NOW))
    assert run(storage.blob_bytes(other, NOW)) == 0
    # An expired blob sent again is the new sender's, and no longer the first one's.
    run(storage.add_blob(BlobRecord("a" * 64, 600, NOW + 900), other, 1000, NOW + 200))
    assert run(storage.blob_bytes(other, NOW + 200)) == 600
    assert run(storage.blob_bytes(hoarder, NOW + 200)) == 0
    run(storage.add_blob(BlobRecord("b" * 64, 500, NOW + 900), hoarder, 1000, NOW + 200))
    # After the purge, expired blobs count for no one.
    run(storage.purge(NOW + 900, HOUR))
    assert run(storage.blob_bytes(hoarder, NOW + 900)) == 0
    assert run(storage.blob_bytes(other, NOW + 900)) == 0
    run(storage.add_blob(BlobRecord("c" * 64, 1000, NOW + 2000), hoarder, 1000, NOW + 900))


# -- durability -------------------------------------------------------------------

def test_what_a_call_returned_for_is_there_after_a_reopen(
        backend: Backend, run: Run) -> None:
    first = backend.open()
    run(first.start())
    try:
        sender, anna = (_register(run, first).device_id for _ in range(2))
        run(first.publish_keys(anna, [SignedKey("k1", "key-1", "sig-1")], None, MAX_KEYS))
        run(first.accept_envelopes(sender, [_envelope("kept", anna)], NOW, MAX_QUEUE))
    finally:
        run(first.close())
    second = backend.open()
    run(second.start())
    try:
        assert [q.envelope_id for q in run(second.pending(anna, 0, 100, NOW))] == ["kept"]
        claimed = run(second.claim_key(anna))
        assert claimed is not None
        assert claimed.key.key_id == "k1"
        assert run(second.device(sender)) is not None
        # A retry after the restart is still recognised.
        retry = run(second.accept_envelopes(sender, [_envelope("kept", anna)], NOW, MAX_QUEUE))
        assert not retry[0].created
    finally:
        run(second.close())


# -- revocation (issue 10, item 5) ----------------------------------------------

def test_revoking_a_device_expires_its_queue_withdraws_its_keys_and_is_listed(
        storage: RelayStorage, run: Run) -> None:
    lost, sender, other = (_register(run, storage) for _ in range(3))
    key = SignedKey("k1", "key-1", "sig-1")
    run(storage.publish_keys(lost.device_id, [key], SignedKey("f", "fb", "sig-f"), MAX_KEYS))
    run(storage.accept_envelopes(sender.device_id, [_envelope("e1", lost.device_id,
                                                              other.device_id)], NOW, MAX_QUEUE))
    done = run(storage.revoke_device(lost.device_id, "laptop lost", NOW + 1))
    assert done is not None
    assert (done.newly_revoked, done.purged_envelopes, done.withdrawn_keys) == (True, 1, 2)
    assert run(storage.pending(lost.device_id, 0, 10, NOW)) == []
    assert run(storage.claim_key(lost.device_id)) is None
    assert run(storage.delivery_states(sender.device_id, ["e1"], NOW)) == {"e1": {
        lost.device_id: DeliveryState.EXPIRED, other.device_id: DeliveryState.PENDING}}
    record = run(storage.device(lost.device_id))
    assert record is not None
    assert (record.revoked_at_ms, record.revoked_reason) == (NOW + 1, "laptop lost")
    assert run(storage.revoked_devices()) == {lost.device_id: NOW + 1}
    again = run(storage.revoke_device(lost.device_id, None, NOW + 2))
    assert again is not None
    assert (again.newly_revoked, again.revoked_at_ms) == (False, NOW + 1)
    assert run(storage.revoke_device("dev-unknown", None, NOW)) is None


def test_nothing_is_queued_for_a_revoked_recipient_and_its_queue_never_fills(
        storage: RelayStorage, run: Run) -> None:
    lost, sender, other = (_register(run, storage) for _ in range(3))
    run(storage.revoke_device(lost.device_id, None, NOW))
    for i in range(3):  # more than the queue limit of 2: refused only if counted
        run(storage.accept_envelopes(sender.device_id, [_envelope(f"e{i}", lost.device_id,
                                                                  other.device_id)], NOW, 3))
    assert run(storage.pending(lost.device_id, 0, 10, NOW)) == []
    assert len(run(storage.pending(other.device_id, 0, 10, NOW))) == 3
    assert run(storage.delivery_states(sender.device_id, ["e2"], NOW))["e2"][
        lost.device_id] is DeliveryState.EXPIRED


def test_a_revoked_token_registers_nothing_and_is_listed_by_id_only(
        storage: RelayStorage, run: Run) -> None:
    sha = _token(run, storage, uses=2)
    [listed] = run(storage.enrollment_tokens())
    assert (listed.token_id, listed.uses_left, listed.revoked_at_ms) == (sha[:16], 2, None)
    assert run(storage.revoke_enrollment_token(sha[:16], NOW))
    assert not run(storage.revoke_enrollment_token("f" * 16, NOW))
    with pytest.raises(TokenRefusedError):
        run(storage.register_device(sha, _new_device("Zoll Hamburg")))
    assert run(storage.enrollment_tokens())[0].revoked_at_ms == NOW


def test_who_sent_to_whom_is_kept_for_the_retention_after_delivery_not_after_expiry(
        storage: RelayStorage, run: Run) -> None:
    """Issue 10, item 10: a delivered envelope's rows lived until its expiry (up to
    30 days) plus the status retention; now the retention runs from delivery."""
    sender, recipient = _register(run, storage), _register(run, storage)
    month = 30 * 24 * HOUR
    run(storage.accept_envelopes(sender.device_id, [
        _envelope("delivered", recipient.device_id, expires_at_ms=NOW + month),
        _envelope("waiting", sender.device_id, expires_at_ms=NOW + month)], NOW, MAX_QUEUE))
    cursor = run(storage.pending(recipient.device_id, 0, 10, NOW))[-1].cursor
    run(storage.acknowledge(recipient.device_id, cursor, NOW + 1))
    retention = 7 * 24 * HOUR
    run(storage.purge(NOW + retention, retention))
    assert run(storage.delivery_states(sender.device_id, ["delivered"], NOW + retention)) == {
        "delivered": {recipient.device_id: DeliveryState.DELIVERED}}
    run(storage.purge(NOW + 1 + retention, retention))
    states = run(storage.delivery_states(sender.device_id, ["delivered", "waiting"],
                                         NOW + 1 + retention))
    assert states == {"waiting": {sender.device_id: DeliveryState.PENDING}}


def test_a_sender_is_held_to_its_share_of_a_recipients_queue(
        storage: RelayStorage, run: Run) -> None:
    """Issue 10, item 4: one sender cannot fill another's queue."""
    recipient, flooder, honest = (_register(run, storage) for _ in range(3))
    run(storage.accept_envelopes(flooder.device_id, [
        _envelope(f"f{i}", recipient.device_id) for i in range(3)], NOW, MAX_QUEUE, 3))
    with pytest.raises(SenderQuotaError):
        run(storage.accept_envelopes(flooder.device_id, [_envelope("f3", recipient.device_id)],
                                     NOW, MAX_QUEUE, 3))
    run(storage.accept_envelopes(honest.device_id, [_envelope("h0", recipient.device_id)],
                                 NOW, MAX_QUEUE, 3))
    assert len(run(storage.pending(recipient.device_id, 0, 10, NOW))) == 4
    cursor = run(storage.pending(recipient.device_id, 0, 10, NOW))[0].cursor
    run(storage.acknowledge(recipient.device_id, cursor, NOW))
    run(storage.accept_envelopes(flooder.device_id, [_envelope("f3", recipient.device_id)],
                                 NOW, MAX_QUEUE, 3))


def test_a_large_fan_out_queues_each_recipient_once_in_the_batchs_order(
        storage: RelayStorage, run: Run) -> None:
    """Issue 10, item 4: a batch of many delivery rows is written off the event loop,
    grouped by recipient and in chunks (SQLite); each queue still gets the batch's
    envelopes in order, once each, and a revoked recipient's rows are expired."""
    sender = _register(run, storage).device_id
    recipients = [_register(run, storage).device_id for _ in range(301)]
    lost = recipients[150]
    run(storage.revoke_device(lost, None, NOW))
    # 8 × 301 rows: more than the loop's share and more than one statement's chunk.
    batch = [_envelope(f"e{n}", *recipients[n % 7:], *recipients[:n % 7], recipients[0])
             for n in range(8)]
    accepted = run(storage.accept_envelopes(sender, batch, NOW, MAX_QUEUE))
    assert [a.envelope_id for a in accepted if a.created] == [f"e{n}" for n in range(8)]
    for recipient in (recipients[0], recipients[3], recipients[300]):
        queued = run(storage.pending(recipient, 0, 100, NOW))
        assert [q.envelope_id for q in queued] == [f"e{n}" for n in range(8)]
        assert [q.cursor for q in queued] == sorted({q.cursor for q in queued})
    assert run(storage.pending(lost, 0, 100, NOW)) == []
    states = run(storage.delivery_states(sender, ["e5"], NOW))["e5"]
    assert len(states) == 301
    assert states[lost] is DeliveryState.EXPIRED
    assert states[recipients[1]] is DeliveryState.PENDING
