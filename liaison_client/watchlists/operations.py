"""Watch-list edits as operations: what an author signs and every member folds (``merge.py``).

An operation is a small record: which list, which entry, what change, by which
device, at which Lamport time and under which membership epoch. It carries the
*typed* value (kind, value, company identifiers), never the derived display or
key: every member re-validates it when folding, so a malformed or malicious
value cannot enter anyone's state. :meth:`Operation.to_dict` is the canonical
JSON object (RFC 8785 bytes via :meth:`Operation.canonical_bytes`) that the
channel layer will sign with the device key and carry as an end-to-end
encrypted message of its own kind; docs/WATCHLISTS.md lists the fields.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import rfc8785

from liaison_client.watchlists.errors import OperationMalformedError

#: Version of the operation format; a member refuses a version it does not know.
FORMAT_VERSION = 1
OPERATION_TYPE = "watchlist.op"
#: Bounds that keep one operation small (an encrypted message is capped at 96 KiB).
MAX_LIST_NAME = 100
MAX_VALUE = 300
MAX_NOTE = 2000
MAX_TAGS = 20
MAX_TAG = 64


class Action(StrEnum):
    CREATE_LIST = "create_list"
    ADD = "add"
    UPDATE = "update"
    RETIRE = "retire"
    LOCK = "lock"
    UNLOCK = "unlock"


@dataclass(frozen=True, slots=True)
class EntryFields:
    """What an add or update says about an entry (update replaces all of it: the
    last writer wins for the entry as a whole, so its fields always come from one
    author and never mix two concurrent edits)."""

    kind: str
    value: str
    identifiers: Mapping[str, str] = field(default_factory=dict)
    note: str = ""
    tags: tuple[str, ...] = ()
    #: ISO date ``YYYY-MM-DD`` after which the entry no longer matches, or None.
    expires: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "identifiers": dict(self.identifiers),
                "note": self.note, "tags": list(self.tags), "expires": self.expires}


@dataclass(frozen=True, slots=True)
class Operation:
    """One signed edit. Operations are totally ordered by :attr:`order_key`."""

    op_id: str
    channel_id: str
    action: Action
    list_name: str
    #: Lamport time: greater than every operation the author had seen.
    lamport: int
    device_id: str
    #: Membership-log epoch the author was at (how the merge checks membership).
    epoch: int
    #: The author's wall clock, shown in history; never used for ordering.
    at_ms: int
    entry_id: str | None = None
    fields: EntryFields | None = None

    @property
    def order_key(self) -> tuple[int, str, str]:
        """Lamport time, then device id (the tie-break between concurrent edits), then op id
        (two operations of one device never share a Lamport time, but a forged pair must
        still order the same everywhere)."""
        return (self.lamport, self.device_id, self.op_id)

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON object (what is signed and sent)."""
        document: dict[str, Any] = {
            "v": FORMAT_VERSION, "type": OPERATION_TYPE, "op_id": self.op_id,
            "channel_id": self.channel_id, "action": str(self.action), "list": self.list_name,
            "lamport": self.lamport, "device_id": self.device_id, "epoch": self.epoch,
            "at_ms": self.at_ms,
        }
        if self.entry_id is not None:
            document["entry_id"] = self.entry_id
        if self.fields is not None:
            document["entry"] = self.fields.to_dict()
        return document

    def canonical_bytes(self) -> bytes:
        """RFC 8785 (JCS) bytes of :meth:`to_dict`: the exact bytes to sign."""
        return rfc8785.dumps(self.to_dict())

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> Operation:
        """Decode and bound-check; raises :class:`OperationMalformedError`."""
        if document.get("v") != FORMAT_VERSION or document.get("type") != OPERATION_TYPE:
            raise OperationMalformedError("unknown version or type")
        try:
            action = Action(_text(document, "action", 20))
        except ValueError:
            raise OperationMalformedError("unknown action") from None
        entry_id = document.get("entry_id")
        if entry_id is not None:
            entry_id = _text(document, "entry_id", 64)
        needs_entry = action in (Action.ADD, Action.UPDATE, Action.RETIRE)
        if needs_entry != (entry_id is not None):
            raise OperationMalformedError(f"{action} with a wrong entry_id")
        entry = document.get("entry")
        fields = _fields(entry) if entry is not None else None
        if (action in (Action.ADD, Action.UPDATE)) != (fields is not None):
            raise OperationMalformedError(f"{action} with a wrong entry")
        list_name = _text(document, "list", MAX_LIST_NAME)
        if not list_name.strip():
            raise OperationMalformedError("list must name a list")
        return cls(op_id=_text(document, "op_id", 64),
                   channel_id=_text(document, "channel_id", 128), action=action,
                   list_name=list_name,
                   lamport=_natural(document, "lamport"),
                   device_id=_text(document, "device_id", 128),
                   epoch=_natural(document, "epoch"), at_ms=_natural(document, "at_ms"),
                   entry_id=entry_id, fields=fields)


def _text(document: Mapping[str, Any], name: str, limit: int, *, empty: bool = False) -> str:
    value = document.get(name)
    if not isinstance(value, str) or len(value) > limit or (not value and not empty):
        raise OperationMalformedError(f"{name} must be a string of 1 to {limit} characters")
    return value


def _natural(document: Mapping[str, Any], name: str) -> int:
    value = document.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**53:
        raise OperationMalformedError(f"{name} must be a non-negative integer")
    return value


def _fields(entry: object) -> EntryFields:
    if not isinstance(entry, Mapping):
        raise OperationMalformedError("entry must be an object")
    identifiers = entry.get("identifiers", {})
    tags = entry.get("tags", [])
    expires = entry.get("expires")
    if (not isinstance(identifiers, Mapping) or set(identifiers) - {"uscc", "eori"}
            or not all(isinstance(v, str) and len(v) <= 40 for v in identifiers.values())):
        raise OperationMalformedError("identifiers must map uscc/eori to strings")
    if (not isinstance(tags, list) or len(tags) > MAX_TAGS
            or not all(isinstance(t, str) and 0 < len(t) <= MAX_TAG for t in tags)):
        raise OperationMalformedError(f"tags must be up to {MAX_TAGS} strings")
    if expires is not None and (not isinstance(expires, str) or len(expires) != 10):
        raise OperationMalformedError("expires must be YYYY-MM-DD or null")
    return EntryFields(kind=_text(entry, "kind", 20), value=_text(entry, "value", MAX_VALUE),
                       identifiers=dict(identifiers),
                       note=_text(entry, "note", MAX_NOTE, empty=True),
                       tags=tuple(tags), expires=expires)


class LamportClock:
    """A Lamport clock (Lamport 1978): tick before authoring, observe every operation received."""

    def __init__(self, value: int = 0) -> None:
        self.value = value

    def tick(self) -> int:
        self.value += 1
        return self.value

    def observe(self, lamport: int) -> None:
        self.value = max(self.value, lamport)


@dataclass
class OperationAuthor:
    """Builds one device's operations with its clock, its epoch and fresh ids."""

    channel_id: str
    device_id: str
    clock: LamportClock
    epoch: Callable[[], int]
    now_ms: Callable[[], int]
    new_id: Callable[[], str] = field(default=lambda: uuid.uuid4().hex)

    def _op(self, action: Action, list_name: str, entry_id: str | None = None,
            fields: EntryFields | None = None) -> Operation:
        return Operation(op_id=self.new_id(), channel_id=self.channel_id, action=action,
                         list_name=list_name, lamport=self.clock.tick(), device_id=self.device_id,
                         epoch=self.epoch(), at_ms=self.now_ms(), entry_id=entry_id, fields=fields)

    def create_list(self, name: str) -> Operation:
        return self._op(Action.CREATE_LIST, name)

    def add(self, list_name: str, fields: EntryFields) -> Operation:
        return self._op(Action.ADD, list_name, self.new_id(), fields)

    def update(self, list_name: str, entry_id: str, fields: EntryFields) -> Operation:
        return self._op(Action.UPDATE, list_name, entry_id, fields)

    def retire(self, list_name: str, entry_id: str) -> Operation:
        return self._op(Action.RETIRE, list_name, entry_id)

    def lock(self, list_name: str) -> Operation:
        return self._op(Action.LOCK, list_name)

    def unlock(self, list_name: str) -> Operation:
        return self._op(Action.UNLOCK, list_name)
