"""The ``watchlist.digest`` body: a bounded summary of the op ids a member holds (issue 14).

Anti-entropy for the watch-list op log (docs/WATCHLISTS.md, "Anti-entropy: finding
what a snapshot left out"). A member that has just applied a snapshot announces
which operations it holds; every other member compares that with its own op log
and forwards, as a ``watchlist.snapshot``, the operations the announcer lacks. The
digest only says *which ids* a member holds: every operation forwarded because of
it is still checked by its author's signature and membership on arrival, so a
lying digest costs bandwidth at most, never state.

Wire body, version 1 (RFC 8785 canonical JSON inside the signed message)::

    {"v": 1, "type": "watchlist.digest", "channel_id": str, "digest_id": str,
     "reply_to": str | null, "count": int, "hash": <64 hex>,
     "ids": [op_id, ...] | null, "buckets": [[int, <16 hex>] x 256] | null}

* ``count`` and ``hash``: how many operations and SHA-256 (FIPS 180-4) over the
  sorted op ids, each followed by a newline: two logs with the same ids have the
  same pair, so "in agreement" is one comparison.
* ``ids``: the sorted op ids themselves, when there are at most
  :data:`MAX_LISTED_IDS` (about 35 bytes each: ≤ 36 KB), so a peer knows exactly
  which operations the announcer lacks and which it lacks itself.
* ``buckets`` otherwise: the ids split into :data:`BUCKETS` buckets by the first
  byte of SHA-256 of the id, each ``[count, first 16 hex digits of SHA-256 over
  the bucket's sorted ids]`` (about 6.5 KB whatever the log's size). A peer then
  forwards its operations of every bucket that differs: a superset of what is
  missing (with 10,000 operations ≈ 40 per bucket), which the receiver's op-id
  deduplication drops. Exactly one of ``ids`` and ``buckets`` is present.

Why this shape rather than a Merkle tree or a Bloom filter: a single round (no
request/response descent, which the store-and-forward relay would turn into one
sync round per level), no false positives that would hide a missing operation (a
Bloom filter's), and a fixed bound on the message whatever the log's size.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from liaison_client.watchlists.errors import DigestMalformedError

DIGEST_FORMAT_VERSION = 1
DIGEST_TYPE = "watchlist.digest"
_KEYS = frozenset({"v", "type", "channel_id", "digest_id", "reply_to", "count", "hash",
                   "ids", "buckets"})
#: Ids listed one by one up to this many; beyond, the bucketed summary.
MAX_LISTED_IDS = 1_000
#: Buckets of the bucketed summary (the first byte of SHA-256 of an op id).
BUCKETS = 256
#: A digest of more operations than this is refused (far beyond any operation's log).
MAX_COUNT = 10_000_000
#: Op ids are at most 64 characters (operations.py); digest ids leave room for the
#: ``ae-`` prefix of the answering snapshot's id (snapshot ids are ≤ 64).
MAX_OP_ID = 64
MAX_DIGEST_ID = 60
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX16 = re.compile(r"[0-9a-f]{16}")


def ids_hash(op_ids: Iterable[str]) -> str:
    """SHA-256 over the sorted ids, each followed by ``\\n`` (hex)."""
    digest = hashlib.sha256()
    for op_id in sorted(op_ids):
        digest.update(op_id.encode() + b"\n")
    return digest.hexdigest()


def bucket_of(op_id: str) -> int:
    """The bucket an op id falls in: the first byte of its SHA-256."""
    return hashlib.sha256(op_id.encode()).digest()[0]


def buckets_of(op_ids: Iterable[str]) -> tuple[tuple[int, str], ...]:
    """Every bucket's ``(count, 16-hex hash of its sorted ids)``."""
    grouped: list[list[str]] = [[] for _ in range(BUCKETS)]
    for op_id in op_ids:
        grouped[bucket_of(op_id)].append(op_id)
    return tuple((len(ids), ids_hash(ids)[:16]) for ids in grouped)


@dataclass(frozen=True)
class DigestBody:
    """What a member holds: ``ids`` (sorted) or ``buckets``, never both."""

    channel_id: str
    digest_id: str
    #: The digest this one answers (a reply is never answered by another digest).
    reply_to: str | None
    count: int
    hash: str
    ids: tuple[str, ...] | None
    buckets: tuple[tuple[int, str], ...] | None

    @classmethod
    def of(cls, channel_id: str, digest_id: str, op_ids: Iterable[str],
           reply_to: str | None = None) -> DigestBody:
        """The digest of a log holding ``op_ids`` (duplicates counted once)."""
        unique = sorted(set(op_ids))
        listed = len(unique) <= MAX_LISTED_IDS
        return cls(channel_id, digest_id, reply_to, len(unique), ids_hash(unique),
                   tuple(unique) if listed else None,
                   None if listed else buckets_of(unique))

    def to_dict(self) -> dict[str, Any]:
        return {"v": DIGEST_FORMAT_VERSION, "type": DIGEST_TYPE,
                "channel_id": self.channel_id, "digest_id": self.digest_id,
                "reply_to": self.reply_to, "count": self.count, "hash": self.hash,
                "ids": None if self.ids is None else list(self.ids),
                "buckets": None if self.buckets is None else [list(b) for b in self.buckets]}

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> DigestBody:
        """Decode and check every bound and the internal consistency (ids sorted and
        matching count and hash, buckets adding up to count); raises
        :class:`DigestMalformedError` naming the first problem."""
        if not isinstance(document, Mapping):
            raise DigestMalformedError("the body must be an object")
        unknown = set(document) - _KEYS
        missing = _KEYS - set(document)
        if unknown:
            raise DigestMalformedError(f"unknown field(s) {', '.join(sorted(unknown))}")
        if missing:
            raise DigestMalformedError(f"missing field(s) {', '.join(sorted(missing))}")
        version = document["v"]
        if isinstance(version, bool) or version != DIGEST_FORMAT_VERSION:
            raise DigestMalformedError(f"version {version!r} is not {DIGEST_FORMAT_VERSION}")
        if document["type"] != DIGEST_TYPE:
            raise DigestMalformedError(f"type must be {DIGEST_TYPE!r}")
        channel_id = _text(document["channel_id"], "channel_id", 128)
        digest_id = _text(document["digest_id"], "digest_id", MAX_DIGEST_ID)
        reply_to = document["reply_to"]
        if reply_to is not None:
            reply_to = _text(reply_to, "reply_to", MAX_DIGEST_ID)
        count = document["count"]
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_COUNT:
            raise DigestMalformedError(f"count must be an integer from 0 to {MAX_COUNT}")
        hash_ = document["hash"]
        if not isinstance(hash_, str) or not _HEX64.fullmatch(hash_):
            raise DigestMalformedError("hash must be 64 lower-case hex digits")
        ids_field, buckets_field = document["ids"], document["buckets"]
        if (ids_field is None) == (buckets_field is None):
            raise DigestMalformedError("exactly one of ids and buckets must be given")
        ids = None if ids_field is None else _ids(ids_field, count, hash_)
        buckets = None if buckets_field is None else _buckets(buckets_field, count)
        return cls(channel_id, digest_id, reply_to, count, hash_, ids, buckets)


@dataclass(frozen=True)
class DigestGap:
    """A digest compared with this member's op log."""

    #: Same count and hash: the two logs hold the same operations.
    matched: bool
    #: This member's op ids the announcer lacks — exactly, or (bucketed digest) every
    #: id of a bucket that differs, a superset the receiver deduplicates.
    they_lack: tuple[str, ...]
    #: Operations the announcer holds and this member does not: exact with listed
    #: ids; with buckets, the lower bound the bucket counts give.
    we_lack: int


def compare(theirs: DigestBody, mine: Iterable[str]) -> DigestGap:
    """What each side lacks, as far as the digest tells."""
    own = set(mine)
    if len(own) == theirs.count and ids_hash(own) == theirs.hash:
        return DigestGap(True, (), 0)
    if theirs.ids is not None:
        listed = set(theirs.ids)
        return DigestGap(False, tuple(sorted(own - listed)), len(listed - own))
    assert theirs.buckets is not None
    own_buckets = buckets_of(own)
    differing = {index for index, (bucket, other) in enumerate(zip(own_buckets, theirs.buckets,
                                                                    strict=True))
                 if bucket != other}
    they_lack = tuple(sorted(op_id for op_id in own if bucket_of(op_id) in differing))
    we_lack = sum(max(0, theirs.buckets[i][0] - own_buckets[i][0]) for i in differing)
    return DigestGap(False, they_lack, we_lack)


def _text(value: object, name: str, limit: int) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= limit:
        raise DigestMalformedError(f"{name} must be a string of 1 to {limit} characters")
    return value


def _ids(value: object, count: int, hash_: str) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > MAX_LISTED_IDS:
        raise DigestMalformedError(f"ids must be a list of at most {MAX_LISTED_IDS}")
    ids = tuple(_text(op_id, "an op id", MAX_OP_ID) for op_id in value)
    if any(a >= b for a, b in pairwise(ids)):
        raise DigestMalformedError("ids must be sorted and distinct")
    if len(ids) != count:
        raise DigestMalformedError(f"{len(ids)} ids listed, count says {count}")
    if ids_hash(ids) != hash_:
        raise DigestMalformedError("hash does not match the ids listed")
    return ids


def _buckets(value: object, count: int) -> tuple[tuple[int, str], ...]:
    if not isinstance(value, list) or len(value) != BUCKETS:
        raise DigestMalformedError(f"buckets must be a list of exactly {BUCKETS}")
    buckets: list[tuple[int, str]] = []
    for position, bucket in enumerate(value):
        if not (isinstance(bucket, list) and len(bucket) == 2
                and isinstance(bucket[0], int) and not isinstance(bucket[0], bool)
                and 0 <= bucket[0] <= MAX_COUNT
                and isinstance(bucket[1], str) and _HEX16.fullmatch(bucket[1])):
            raise DigestMalformedError(f"buckets[{position}] must be [count, 16 hex digits]")
        buckets.append((bucket[0], bucket[1]))
    if sum(b[0] for b in buckets) != count:
        raise DigestMalformedError("the bucket counts do not add up to count")
    if count <= MAX_LISTED_IDS:
        raise DigestMalformedError(f"a log of at most {MAX_LISTED_IDS} operations lists its ids")
    return tuple(buckets)


__all__: Sequence[str] = ["BUCKETS", "DIGEST_FORMAT_VERSION", "DIGEST_TYPE", "MAX_LISTED_IDS",
                          "DigestBody", "DigestGap", "bucket_of", "buckets_of", "compare",
                          "ids_hash"]
