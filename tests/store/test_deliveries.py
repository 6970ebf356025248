"""Delivery rows: one per recipient, written once when the relay holds the envelope."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from liaison_client.store.database import open_database
from liaison_client.store.deliveries import LocalDeliveryState
from liaison_client.store.records import ChannelRecord, MessageRecord, MessageState
from liaison_client.store.store import Store

KEY = bytes(32)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "db"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    with Store.create(store_path, KEY) as store:
        with store.transaction():
            store.channels.add(ChannelRecord("op", "Operation Lantern", "dev-me", 0, False, 0, 0))
            store.messages.add(MessageRecord("m1", "op", "dev-me", 1, "text", "hello",
                                             MessageState.SENT))
        yield store


def _states(store: Store) -> dict[str, LocalDeliveryState]:
    return {d.recipient_device_id: d.state for d in store.deliveries.for_message("m1")}


def test_a_sent_envelope_gets_one_sent_row_per_recipient(store: Store) -> None:
    recipients = tuple(f"dev-{i:03d}" for i in range(199))
    with store.transaction():
        store.deliveries.add_sent("m1", "env-1", recipients, 5)
    assert _states(store) == dict.fromkeys(recipients, LocalDeliveryState.SENT)
    assert store.deliveries.awaiting_delivery() == ["env-1"]
    assert store.deliveries.message_of("env-1") == "m1"


def test_recording_the_same_envelope_again_changes_nothing(store: Store) -> None:
    with store.transaction():
        store.deliveries.add_sent("m1", "env-1", ("dev-b", "dev-c"), 5)
        store.deliveries.set_state("env-1", "dev-b", LocalDeliveryState.DELIVERED, 6)
        store.deliveries.add_sent("m1", "env-1", ("dev-b", "dev-c"), 7)
    assert _states(store) == {"dev-b": LocalDeliveryState.DELIVERED,
                              "dev-c": LocalDeliveryState.SENT}
    (row,) = [d for d in store.deliveries.for_message("m1") if d.recipient_device_id == "dev-c"]
    assert row.updated_at_ms == 5


def test_a_queued_row_from_an_older_profile_becomes_sent(store: Store,
                                                        store_path: Path) -> None:
    # Before rows were written at the relay's 2xx, they were written as 'queued'
    # at encryption; a profile upgraded with envelopes still in its outbox has them.
    older_version = open_database(store_path, KEY)
    older_version.execute(
        "INSERT INTO message_deliveries (message_id, recipient_device_id, envelope_id,"
        " state, updated_at_ms) VALUES ('m1', 'dev-b', 'env-1', 'queued', 1)")
    older_version.close()
    with store.transaction():
        store.deliveries.add_sent("m1", "env-1", ("dev-b",), 8)
    (row,) = store.deliveries.for_message("m1")
    assert (row.state, row.updated_at_ms) == (LocalDeliveryState.SENT, 8)
