"""The ``watchlist.snapshot`` body: a member forwarding signed operations (issue 14).

A member who joins a channel late never received the operations sent before it
could decrypt the channel. A snapshot gives it the op log itself: every
operation as the *complete signed channel message* that carried it (the author
device's signature over its signed fields, docs/CRYPTO.md "Signatures"), so the
joiner checks each author's signature and membership itself and folds the
operations with the same merge as any other (docs/WATCHLISTS.md, "Late joiners:
the snapshot"). Nothing in a snapshot is trusted as state.

A log larger than one message (the relay caps an envelope at 256 KiB) is split
into parts (:func:`split_into_parts`), each its own signed message and each
self-contained: a part's operations are checked and folded on arrival, in any
order, without waiting for the others.

Wire body, version 1 (RFC 8785 canonical JSON inside the signed message)::

    {"v": 1, "type": "watchlist.snapshot", "channel_id": str, "snapshot_id": str,
     "part": int (0-based), "parts": int, "ops": [<signed watchlist.op message>, ...]}

This module only knows the shape; the signed messages inside ``ops`` are opaque
JSON objects here, decoded and verified one by one by the receiving service, so
one damaged operation is refused alone and the rest still stand.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import rfc8785

from liaison_client.watchlists.errors import SnapshotMalformedError

SNAPSHOT_FORMAT_VERSION = 1
SNAPSHOT_TYPE = "watchlist.snapshot"
#: The body keys, exactly (an unknown key is refused: the signature covers the bytes).
_KEYS = frozenset({"v", "type", "channel_id", "snapshot_id", "part", "parts", "ops"})
#: A part's forwarded messages stay under this many bytes of canonical JSON, so the
#: encrypted message (base64 + envelope) stays well inside the relay's 256 KiB cap.
PART_BYTES = 120_000
#: Bounds a receiver enforces: parts of one snapshot, operations in one part.
MAX_PARTS = 10_000
MAX_OPS_PER_PART = 2_000
#: One forwarded message: an operation is bounded (docs/WATCHLISTS.md), its message too.
MAX_FORWARDED_BYTES = 32_000


@dataclass(frozen=True)
class SnapshotBody:
    """One part of a snapshot: ``ops`` are signed ``watchlist.op`` messages as JSON objects."""

    channel_id: str
    snapshot_id: str
    part: int
    parts: int
    ops: tuple[Mapping[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"v": SNAPSHOT_FORMAT_VERSION, "type": SNAPSHOT_TYPE,
                "channel_id": self.channel_id, "snapshot_id": self.snapshot_id,
                "part": self.part, "parts": self.parts, "ops": [dict(op) for op in self.ops]}

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> SnapshotBody:
        """Decode and bound-check; raises :class:`SnapshotMalformedError` naming the
        first problem. The operations inside are not decoded here (see the module)."""
        if not isinstance(document, Mapping):
            raise SnapshotMalformedError("the body must be an object")
        unknown = set(document) - _KEYS
        missing = _KEYS - set(document)
        if unknown:
            raise SnapshotMalformedError(f"unknown field(s) {', '.join(sorted(unknown))}")
        if missing:
            raise SnapshotMalformedError(f"missing field(s) {', '.join(sorted(missing))}")
        version = document["v"]
        if isinstance(version, bool) or version != SNAPSHOT_FORMAT_VERSION:
            raise SnapshotMalformedError(f"version {version!r} is not "
                                         f"{SNAPSHOT_FORMAT_VERSION}")
        if document["type"] != SNAPSHOT_TYPE:
            raise SnapshotMalformedError(f"type must be {SNAPSHOT_TYPE!r}")
        channel_id = _text(document, "channel_id", 128)
        snapshot_id = _text(document, "snapshot_id", 64)
        parts = _integer(document, "parts", 1, MAX_PARTS)
        part = _integer(document, "part", 0, parts - 1)
        ops = document["ops"]
        if not isinstance(ops, list) or len(ops) > MAX_OPS_PER_PART:
            raise SnapshotMalformedError(f"ops must be a list of at most {MAX_OPS_PER_PART}")
        for position, op in enumerate(ops):
            if not isinstance(op, Mapping):
                raise SnapshotMalformedError(f"ops[{position}] is not an object")
        return cls(channel_id, snapshot_id, part, parts, tuple(ops))


def split_into_parts(channel_id: str, snapshot_id: str,
                     signed_messages: Iterable[str]) -> list[SnapshotBody]:
    """The parts of a snapshot of ``signed_messages`` (canonical JSON texts, in the
    fold's order), each under :data:`PART_BYTES`; an empty log gives no part."""
    groups: list[list[Mapping[str, Any]]] = []
    current: list[Mapping[str, Any]] = []
    size = 0
    for text in signed_messages:
        length = len(text.encode())
        if current and (size + length > PART_BYTES or len(current) >= MAX_OPS_PER_PART):
            groups.append(current)
            current, size = [], 0
        current.append(json.loads(text))
        size += length + 1
    if current:
        groups.append(current)
    return [SnapshotBody(channel_id, snapshot_id, index, len(groups), tuple(group))
            for index, group in enumerate(groups)]


def forwarded_bytes(op: object) -> bytes:
    """The canonical bytes of one forwarded message (what its receiver decodes);
    :class:`SnapshotMalformedError` for anything that is not a JSON object in range."""
    if not isinstance(op, Mapping):
        raise SnapshotMalformedError("a forwarded operation must be an object")
    try:
        data: bytes = rfc8785.dumps(dict(op))
    except rfc8785.CanonicalizationError as exc:
        raise SnapshotMalformedError(f"a forwarded operation is not canonical JSON: {exc}") \
            from exc
    if len(data) > MAX_FORWARDED_BYTES:
        raise SnapshotMalformedError(f"a forwarded operation of {len(data)} bytes is larger "
                                     f"than {MAX_FORWARDED_BYTES}")
    return data


def _text(document: Mapping[str, Any], name: str, limit: int) -> str:
    value = document[name]
    if not isinstance(value, str) or not 0 < len(value) <= limit:
        raise SnapshotMalformedError(f"{name} must be a string of 1 to {limit} characters")
    return value


def _integer(document: Mapping[str, Any], name: str, low: int, high: int) -> int:
    value = document[name]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SnapshotMalformedError(f"{name} must be an integer from {low} to {high}")
    return value


__all__: Sequence[str] = ["MAX_OPS_PER_PART", "MAX_PARTS", "PART_BYTES",
                          "SNAPSHOT_FORMAT_VERSION", "SNAPSHOT_TYPE", "SnapshotBody",
                          "forwarded_bytes", "split_into_parts"]
