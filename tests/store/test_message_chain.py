"""Chain links and own chain heads (migration 0008): stored once per message id,
read back in chain order, breaks found in SQL, heads kept apart from history."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from liaison_client.store.database import DatabaseError
from liaison_client.store.message_chain import ChainLinkRecord, OwnChainHead
from liaison_client.store.records import ChannelRecord
from liaison_client.store.store import Store

KEY = bytes(32)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.create(tmp_path / "db", KEY) as store:
        with store.transaction():
            store.channels.add(ChannelRecord("op", "Operation Lantern", "dev-li", 0, False, 0, 0))
        yield store


def _link(seq: int, *, sender: str = "dev-li", message_id: str | None = None,
          prev: str | None = "auto") -> ChainLinkRecord:
    return ChainLinkRecord(
        message_id=message_id or f"{sender}-m{seq}", channel_id="op", sender_device_id=sender,
        seq=seq, prev_hash=(f"{seq - 1:064x}" if seq else None) if prev == "auto" else prev,
        message_hash=f"{seq:064x}", epoch=1, membership_head="a" * 64, kind="text",
        sent_at_ms=seq, recorded_at_ms=seq)


def test_a_link_is_stored_once_per_message_id(store: Store) -> None:
    with store.transaction():
        assert store.message_chain.add(_link(0))
        assert not store.message_chain.add(replace(_link(0), kind="attachment"))
    assert store.message_chain.get("dev-li-m0") == _link(0)
    assert store.message_chain.get("unknown") is None


def test_a_first_link_has_no_prev_and_every_other_has_one(store: Store) -> None:
    for bad in (_link(0, prev="f" * 64), _link(3, prev=None)):
        with pytest.raises(DatabaseError), store.transaction():
            store.message_chain.add(bad)
    assert store.message_chain.of_sender("op", "dev-li") == []


def test_breaks_are_found_per_sender_in_chain_order(store: Store) -> None:
    with store.transaction():
        for seq in (2, 0, 1, 5, 6):  # arrival order does not matter; 3 and 4 are missing
            store.message_chain.add(_link(seq))
        store.message_chain.add(_link(1, sender="dev-anna", prev="e" * 64))  # no seq 0 held
        store.message_chain.add(_link(2, sender="dev-anna", prev="e" * 64))  # wrong prev
        store.message_chain.add(_link(7, message_id="fork-a"))
        store.message_chain.add(_link(7, message_id="fork-b"))
    assert [link.seq for link in store.message_chain.of_sender("op", "dev-li")] == [
        0, 1, 2, 5, 6, 7, 7]
    found = [(b.before.message_id, b.after.message_id)
             for b in store.message_chain.breaks("op")]
    assert found == [("dev-anna-m1", "dev-anna-m2"), ("dev-li-m2", "dev-li-m5"),
                     ("fork-a", "fork-b")]


def test_the_own_head_is_replaced_by_the_next_one(store: Store) -> None:
    assert store.message_chain.own_head("op") is None
    with store.transaction():
        store.message_chain.set_own_head(OwnChainHead("op", 0, "0" * 64, "m0"))
        store.message_chain.set_own_head(OwnChainHead("op", 1, "1" * 64, "m1"))
    assert store.message_chain.own_head("op") == OwnChainHead("op", 1, "1" * 64, "m1")
