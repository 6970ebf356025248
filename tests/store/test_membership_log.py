"""Stored membership chains: one event per epoch, read back in order."""

from __future__ import annotations

import pytest

from liaison_client.store.database import DatabaseError
from liaison_client.store.membership_log import StoredControlEvent
from tests.crypto.conftest import bare_store


def test_a_chain_is_read_back_in_epoch_order_with_its_head() -> None:
    with bare_store() as store:
        assert store.membership_log.head_epoch("ch") is None
        for epoch in (0, 2, 1):
            store.membership_log.append(StoredControlEvent("ch", epoch, f"h{epoch}", b"{}"))
        assert [e.epoch for e in store.membership_log.chain("ch")] == [0, 1, 2]
        assert store.membership_log.head_epoch("ch") == 2
        assert store.membership_log.channel_ids() == ["ch"]


def test_a_second_event_for_an_epoch_is_refused() -> None:
    with bare_store() as store:
        store.membership_log.append(StoredControlEvent("ch", 0, "h0", b"{}"))
        with pytest.raises(DatabaseError):
            store.membership_log.append(StoredControlEvent("ch", 0, "fork", b"{}"))
        assert [e.event_hash for e in store.membership_log.chain("ch")] == ["h0"]
