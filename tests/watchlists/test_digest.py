"""The ``watchlist.digest`` wire format (issue 14, anti-entropy): listed ids, buckets,
comparison, bounds, and typed refusals.

The format module is pure; the kind decoder (``channels/kinds/watchlist_digest.py``)
turns its typed error into the transport's ``malformed`` refusal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest

from liaison_client.channels.kinds import (
    Placement,
    WatchlistDigestBody,
    decode_body,
    kind_definition,
)
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import canonical_json
from liaison_client.watchlists.digest import (
    BUCKETS,
    MAX_LISTED_IDS,
    DigestBody,
    bucket_of,
    compare,
    ids_hash,
)
from liaison_client.watchlists.errors import DigestMalformedError


def op_ids(n: int, start: int = 0) -> list[str]:
    return [f"{i:032x}" for i in range(start, start + n)]


def good() -> dict[str, Any]:
    return DigestBody.of("chan-1", "d" * 32, op_ids(3)).to_dict()


def test_the_hash_is_sha256_over_the_sorted_ids_each_with_a_newline() -> None:
    # Written out independently: FIPS 180-4 SHA-256 of "a\nb\n".
    assert ids_hash(["b", "a"]) == hashlib.sha256(b"a\nb\n").hexdigest()
    assert ids_hash([]) == hashlib.sha256(b"").hexdigest()
    assert bucket_of("a") == hashlib.sha256(b"a").digest()[0]


def test_a_small_log_lists_its_ids_and_round_trips_as_a_folded_kind() -> None:
    body = DigestBody.from_dict(good())
    assert body.ids == tuple(op_ids(3))
    assert body.buckets is None
    assert (body.count, body.reply_to) == (3, None)
    assert body.to_dict() == good()
    assert kind_definition("watchlist.digest").placement is Placement.FOLDED
    decoded = decode_body("watchlist.digest", WireObject.parse(canonical_json(good()), "b"))
    assert decoded == WatchlistDigestBody(body)
    assert canonical_json(decoded.to_wire()) == canonical_json(good())
    assert decoded.searchable_text() == ""
    # Duplicates count once; a reply names the digest it answers.
    reply = DigestBody.of("chan-1", "e" * 32, [*op_ids(2), *op_ids(2)], reply_to="d" * 32)
    assert (reply.count, reply.reply_to) == (2, "d" * 32)


def test_a_large_log_is_summarised_in_buckets_of_a_fixed_size() -> None:
    ids = op_ids(MAX_LISTED_IDS + 1)
    body = DigestBody.of("chan-1", "d", ids)
    assert body.ids is None
    assert body.buckets is not None
    assert len(body.buckets) == BUCKETS
    assert sum(count for count, _ in body.buckets) == MAX_LISTED_IDS + 1
    assert DigestBody.from_dict(body.to_dict()) == body
    assert len(canonical_json(body.to_dict())) < 8_000  # whatever the log's size
    big = DigestBody.of("chan-1", "d", op_ids(20_000))
    assert len(canonical_json(big.to_dict())) < 8_000
    # The largest listed digest stays far below the relay's 256 KiB message cap.
    assert len(canonical_json(DigestBody.of("chan-1", "d", op_ids(MAX_LISTED_IDS))
                              .to_dict())) < 40_000


def test_listed_ids_say_exactly_what_each_side_lacks() -> None:
    theirs = DigestBody.of("chan-1", "d", op_ids(5))  # ids 0..4
    gap = compare(theirs, op_ids(4, start=2))  # mine: 2..5
    assert not gap.matched
    assert gap.they_lack == (op_ids(1, start=5)[0],)
    assert gap.we_lack == 2
    same = compare(theirs, reversed(op_ids(5)))
    assert (same.matched, same.they_lack, same.we_lack) == (True, (), 0)


def test_buckets_forward_every_id_of_a_differing_bucket_and_never_miss_one() -> None:
    everything = op_ids(3_000)
    missing = {everything[7], everything[1_234], everything[2_999]}
    theirs = DigestBody.of("chan-1", "d", [i for i in everything if i not in missing])
    gap = compare(theirs, everything)
    assert not gap.matched
    assert missing <= set(gap.they_lack)  # a superset, never short of one
    differing = {bucket_of(i) for i in missing}
    assert set(gap.they_lack) == {i for i in everything if bucket_of(i) in differing}
    assert gap.we_lack == 0
    # The other way round, the bucket counts give what the announcer has and we lack.
    reverse = compare(DigestBody.of("chan-1", "d", everything),
                      [i for i in everything if i not in missing])
    assert reverse.we_lack == 3
    assert not (set(reverse.they_lack) & missing)


def _with(change: Callable[[dict[str, Any]], None],
          base: Callable[[], dict[str, Any]] = good) -> dict[str, Any]:
    document = base()
    change(document)
    return document


def _bucketed() -> dict[str, Any]:
    return DigestBody.of("chan-1", "d", op_ids(MAX_LISTED_IDS + 1)).to_dict()


@pytest.mark.parametrize(("document", "problem"), [
    ([], "the body must be an object"),
    (_with(lambda d: d.update(extra=1)), "unknown field(s) extra"),
    (_with(lambda d: d.pop("hash")), "missing field(s) hash"),
    (_with(lambda d: d.update(v=2)), "version 2 is not 1"),
    (_with(lambda d: d.update(v=True)), "version True is not 1"),
    (_with(lambda d: d.update(type="watchlist.snapshot")), "type must be"),
    (_with(lambda d: d.update(channel_id="")), "channel_id must be a string"),
    (_with(lambda d: d.update(digest_id="x" * 61)), "digest_id must be a string of 1 to 60"),
    (_with(lambda d: d.update(reply_to=5)), "reply_to must be a string"),
    (_with(lambda d: d.update(count=-1)), "count must be an integer"),
    (_with(lambda d: d.update(count=True)), "count must be an integer"),
    (_with(lambda d: d.update(hash="AB" * 32)), "hash must be 64 lower-case hex digits"),
    (_with(lambda d: d.update(ids=None)), "exactly one of ids and buckets"),
    (_with(lambda d: d.update(buckets=[[0, "0" * 16]] * BUCKETS)),
     "exactly one of ids and buckets"),
    (_with(lambda d: d.update(ids=list(reversed(d["ids"])))), "sorted and distinct"),
    (_with(lambda d: d.update(ids=[d["ids"][0]] * 3)), "sorted and distinct"),
    (_with(lambda d: d.update(ids=[*d["ids"], "x" * 65])), "an op id must be a string"),
    (_with(lambda d: d.update(ids=[*d["ids"], 7])), "an op id must be a string"),
    (_with(lambda d: d.update(count=4)), "3 ids listed, count says 4"),
    (_with(lambda d: d.update(hash="0" * 64)), "hash does not match the ids listed"),
    (_with(lambda d: d.update(ids=op_ids(MAX_LISTED_IDS + 1))), "ids must be a list of at most"),
    (_with(lambda d: d.update(buckets=d["buckets"][:-1]), _bucketed), "exactly 256"),
    (_with(lambda d: d["buckets"].__setitem__(0, [1, "xyz"]), _bucketed),
     "buckets[0] must be [count, 16 hex digits]"),
    (_with(lambda d: d["buckets"].__setitem__(3, [True, "0" * 16]), _bucketed),
     "buckets[3] must be"),
    (_with(lambda d: d.update(count=d["count"] + 1), _bucketed), "do not add up to count"),
    (_with(lambda d: d.update(count=5, ids=None, buckets=[[5, "0" * 16]] + [[0, "0" * 16]]
                              * (BUCKETS - 1), hash=ids_hash(op_ids(5)))),
     "a log of at most 1000 operations lists its ids"),
])
def test_a_malformed_digest_is_refused_with_its_reason(document: Any, problem: str) -> None:
    with pytest.raises(DigestMalformedError) as raised:
        DigestBody.from_dict(document)
    assert problem in str(raised.value)
    assert raised.value.code == "watchlist.digest_malformed"
    assert raised.value.params["detail"]


def test_the_kind_decoder_turns_a_malformed_digest_into_the_transports_refusal() -> None:
    bad = _with(lambda d: d.update(hash="0" * 64))
    with pytest.raises(PayloadRejectedError) as raised:
        decode_body("watchlist.digest", WireObject.parse(canonical_json(bad), "b"))
    assert raised.value.reason is Rejection.MALFORMED
    assert "hash does not match" in raised.value.detail
