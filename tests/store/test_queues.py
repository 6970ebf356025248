"""Outbox and inbox keep everything until it is safely handed on, and never twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from liaison_client.store.records import InboxItem, OutboxItem
from liaison_client.store.store import Store

KEY = bytes(32)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    Store.create(tmp_path / "db", KEY).close()
    return tmp_path / "db"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    with Store.open(store_path, KEY) as store:
        yield store


def test_outbox_survives_closing_the_store(store_path: Path) -> None:
    with Store.open(store_path, KEY) as store, store.transaction():
        store.outbox.put(OutboxItem("env-1", ("dev-b", "dev-c"), b"ciphertext", "msg-1"))
    with Store.open(store_path, KEY) as store:
        (item,) = store.outbox.due()
    assert item.envelope_id == "env-1"
    assert item.recipients == ("dev-b", "dev-c")
    assert item.payload == b"ciphertext"
    assert item.message_id == "msg-1"


def test_outbox_keeps_order_and_ignores_a_repeated_envelope(store: Store) -> None:
    with store.transaction():
        for n in range(3):
            store.outbox.put(OutboxItem(f"env-{n}", ("dev-b",), bytes([n])))
        store.outbox.put(OutboxItem("env-0", ("dev-b",), b"other"))
    assert [i.envelope_id for i in store.outbox.due()] == ["env-0", "env-1", "env-2"]
    assert store.outbox.due()[0].payload == bytes([0])


def test_failed_send_is_retried_later_not_lost(store: Store) -> None:
    with store.transaction():
        store.outbox.put(OutboxItem("env-1", ("dev-b",), b"x"))
        store.outbox.record_failure("env-1", "relay unreachable", retry_at_ms=5_000)
    assert store.outbox.due(at_ms=4_999) == []
    (item,) = store.outbox.due(at_ms=5_000)
    assert item.attempts == 1
    assert item.last_error == "relay unreachable"
    assert store.outbox.count() == 1


def test_accepted_envelopes_leave_the_outbox(store: Store) -> None:
    with store.transaction():
        store.outbox.put(OutboxItem("env-1", ("dev-b",), b"x"))
        store.outbox.put(OutboxItem("env-2", ("dev-b",), b"y"))
        store.outbox.remove(["env-1"])
    assert [i.envelope_id for i in store.outbox.due()] == ["env-2"]


def test_inbox_deduplicates_redelivered_envelopes(store: Store) -> None:
    with store.transaction():
        first = [InboxItem("e1", "dev-b", b"a"), InboxItem("e2", "dev-b", b"b")]
        assert store.inbox.put_many(first) == 2
        assert store.inbox.put_many([InboxItem("e1", "dev-b", b"a")]) == 0
    assert [i.envelope_id for i in store.inbox.pending()] == ["e1", "e2"]
    with store.transaction():
        store.inbox.remove(["e1"])
    assert [i.envelope_id for i in store.inbox.pending()] == ["e2"]


def test_an_envelope_set_aside_stops_being_due_but_stays_with_its_reason(
        store: Store) -> None:
    with store.transaction():
        for n in (1, 2, 3):
            store.outbox.put(OutboxItem(f"env-{n}", ("dev-b",), b"ciphertext", f"msg-{n}"))
        store.outbox.set_aside("env-1", "413 envelope_too_large", 1_000)
    assert [i.envelope_id for i in store.outbox.due(at_ms=1 << 62)] == ["env-2", "env-3"]
    assert store.outbox.count() == 2
    assert store.outbox.set_aside_reason("msg-1") == "413 envelope_too_large"
    assert store.outbox.set_aside_reason("msg-2") is None
