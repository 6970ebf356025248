"""Operations serialise to one canonical JSON object and refuse anything malformed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from liaison_client.watchlists.errors import OperationMalformedError
from liaison_client.watchlists.operations import (
    Action,
    EntryFields,
    LamportClock,
    Operation,
    OperationAuthor,
)


def author(device: str = "dev-a", clock: LamportClock | None = None) -> OperationAuthor:
    ids = iter(f"id-{n}" for n in range(1000))
    return OperationAuthor(channel_id="chan-1", device_id=device, clock=clock or LamportClock(),
                           epoch=lambda: 3, now_ms=lambda: 1_764_806_400_000,
                           new_id=lambda: next(ids))


def test_an_add_serialises_to_the_documented_fields() -> None:
    op = author().add("Solid waste", EntryFields("container", "CSQU3054383", note="tip",
                                                 tags=("uk", "waste"), expires="2027-03-31"))
    assert op.to_dict() == {
        "v": 1, "type": "watchlist.op", "op_id": "id-1", "channel_id": "chan-1",
        "action": "add", "list": "Solid waste", "lamport": 1, "device_id": "dev-a", "epoch": 3,
        "at_ms": 1_764_806_400_000, "entry_id": "id-0",
        "entry": {"kind": "container", "value": "CSQU3054383", "identifiers": {}, "note": "tip",
                  "tags": ["uk", "waste"], "expires": "2027-03-31"},
    }


def test_every_action_round_trips_through_json() -> None:
    a = author()
    fields = EntryFields("company", "广州金海贸易有限公司", {"uscc": "91110000600037341L"})
    ops = [a.create_list("L"), a.add("L", fields), a.update("L", "e", fields), a.retire("L", "e"),
           a.lock("L"), a.unlock("L")]
    assert [op.action for op in ops] == list(Action)
    for op in ops:
        assert Operation.from_dict(json.loads(json.dumps(op.to_dict()))) == op


def test_canonical_bytes_are_rfc_8785_sorted_and_compact() -> None:
    op = author().create_list("废物")
    raw = op.canonical_bytes()
    assert raw.startswith(b'{"action":"create_list","at_ms":')
    assert "废物".encode() in raw
    assert b" " not in raw


def test_the_clock_ticks_past_everything_observed() -> None:
    clock = LamportClock()
    a = author(clock=clock)
    assert a.create_list("L").lamport == 1
    clock.observe(41)
    clock.observe(7)
    assert a.lock("L").lamport == 42


def _valid() -> dict[str, Any]:
    return author().add("L", EntryFields("keyword", "scrap")).to_dict()


@pytest.mark.parametrize("damage", [
    {"v": 2}, {"type": "message"}, {"action": "delete"}, {"lamport": -1}, {"lamport": True},
    {"lamport": "3"}, {"op_id": ""}, {"list": "x" * 101}, {"list": " \u3000 "}, {"entry_id": None},
    {"entry": {"kind": "keyword", "value": "scrap", "tags": ["ok"] * 21}},
    {"entry": {"kind": "keyword", "value": "scrap", "identifiers": {"vat": "1"}}},
    {"entry": {"kind": "keyword", "value": "scrap", "expires": 20270331}},
    {"entry": {"kind": "keyword", "value": "x" * 301}}, {"entry": "scrap"},
])
def test_malformed_operations_are_refused(damage: dict[str, Any]) -> None:
    document = {**_valid(), **damage}
    with pytest.raises(OperationMalformedError):
        Operation.from_dict(document)


def test_a_lock_may_not_carry_an_entry() -> None:
    document = {**author().lock("L").to_dict(), "entry_id": "e1"}
    with pytest.raises(OperationMalformedError):
        Operation.from_dict(document)
