"""The ``watchlist.snapshot`` wire format (issue 14): parts, bounds, and typed refusals.

The format module is pure; the kind decoder (``channels/kinds/watchlist_snapshot.py``)
turns its typed error into the transport's ``malformed`` refusal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from liaison_client.channels.kinds import (
    Placement,
    WatchlistSnapshotBody,
    decode_body,
    kind_definition,
)
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import canonical_json
from liaison_client.watchlists.errors import SnapshotMalformedError
from liaison_client.watchlists.snapshot import (
    MAX_OPS_PER_PART,
    PART_BYTES,
    SnapshotBody,
    forwarded_bytes,
    split_into_parts,
)


def forwarded(n: int, note: str = "") -> str:
    """A stand-in for a signed message (the format does not look inside)."""
    return canonical_json({"message_id": f"m-{n}", "body": {"op_id": f"op-{n}",
                                                            "note": note}}).decode()


def good() -> dict[str, Any]:
    return SnapshotBody("chan-1", "snap-1", 0, 2, (json.loads(forwarded(1)),)).to_dict()


def test_a_part_round_trips_and_the_kind_is_folded() -> None:
    body = SnapshotBody.from_dict(good())
    assert body.to_dict() == good()
    assert (body.channel_id, body.snapshot_id, body.part, body.parts) == ("chan-1", "snap-1",
                                                                          0, 2)
    assert kind_definition("watchlist.snapshot").placement is Placement.FOLDED
    decoded = decode_body("watchlist.snapshot", WireObject.parse(canonical_json(good()), "b"))
    assert decoded == WatchlistSnapshotBody(body)
    assert canonical_json(decoded.to_wire()) == canonical_json(good())
    assert decoded.searchable_text() == ""


def test_a_log_is_split_in_order_into_parts_under_the_size_bound() -> None:
    assert split_into_parts("chan-1", "s", []) == []
    texts = [forwarded(n, note="x" * 1_500) for n in range(300)]
    parts = split_into_parts("chan-1", "s", texts)
    assert len(parts) > 1
    assert [p.part for p in parts] == list(range(len(parts)))
    assert {p.parts for p in parts} == {len(parts)}
    assert [forwarded_bytes(op).decode() for p in parts for op in p.ops] == texts
    for part in parts:
        assert len(canonical_json(part.to_dict())) < PART_BYTES + 1_000
    # Many tiny operations: the count bound cuts too.
    tiny = split_into_parts("chan-1", "s", [forwarded(n) for n in range(MAX_OPS_PER_PART + 1)])
    assert [len(p.ops) for p in tiny] == [MAX_OPS_PER_PART, 1]


@pytest.mark.parametrize(("tamper", "says"), [
    (lambda d: d | {"extra": 1}, "unknown field(s) extra"),
    (lambda d: {k: v for k, v in d.items() if k != "ops"}, "missing field(s) ops"),
    (lambda d: d | {"v": 2}, "version 2 is not 1"),
    (lambda d: d | {"v": True}, "version True is not 1"),
    (lambda d: d | {"type": "watchlist.op"}, "type must be"),
    (lambda d: d | {"channel_id": ""}, "channel_id must be a string"),
    (lambda d: d | {"snapshot_id": 7}, "snapshot_id must be a string"),
    (lambda d: d | {"part": 2}, "part must be an integer from 0 to 1"),
    (lambda d: d | {"part": -1}, "part must be an integer from 0 to 1"),
    (lambda d: d | {"parts": 0}, "parts must be an integer from 1"),
    (lambda d: d | {"parts": True}, "parts must be an integer from 1"),
    (lambda d: d | {"ops": {}}, "ops must be a list"),
    (lambda d: d | {"ops": [{}] * (MAX_OPS_PER_PART + 1)}, "ops must be a list of at most"),
    (lambda d: d | {"ops": [{}, "x"]}, "ops[1] is not an object"),
])
def test_a_malformed_part_is_a_typed_error_naming_the_problem(
        tamper: Callable[[dict[str, Any]], dict[str, Any]], says: str) -> None:
    document = tamper(good())
    with pytest.raises(SnapshotMalformedError) as raised:
        SnapshotBody.from_dict(document)
    assert raised.value.code == "watchlist.snapshot_malformed"
    assert says in raised.value.params["detail"]
    assert says in str(raised.value)
    # On the wire the whole part is refused as malformed, never half-applied.
    with pytest.raises(PayloadRejectedError) as refused:
        decode_body("watchlist.snapshot", WireObject.parse(canonical_json(document), "b"))
    assert refused.value.reason is Rejection.MALFORMED
    assert says in refused.value.detail


def test_a_body_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(SnapshotMalformedError):
        SnapshotBody.from_dict([])  # type: ignore[arg-type]


def test_a_forwarded_message_out_of_bounds_is_a_typed_error() -> None:
    with pytest.raises(SnapshotMalformedError, match="larger than"):
        forwarded_bytes({"body": "x" * 40_000})
    with pytest.raises(SnapshotMalformedError, match="must be an object"):
        forwarded_bytes(["x"])
    with pytest.raises(SnapshotMalformedError, match="not canonical JSON"):
        forwarded_bytes({"n": 2**60})
    assert forwarded_bytes({"b": 1, "a": "é"}) == '{"a":"é","b":1}'.encode()
