"""Watch-lists and their entries as every member holds them after the merge.

Records are frozen: the fold (``merge.py``) replaces an entry on each change
and appends a :class:`HistoryRecord`, so an entry carries who changed what and
when. Whether an entry has *expired* depends on today's date, which differs
between members; it is therefore never part of the merged state but read with
:meth:`Entry.status_on`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from liaison_client.watchlists.errors import ExpiryInvalidError
from liaison_client.watchlists.kinds.value import Flag, Kind


class EntryStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"
    #: Active in the merged state but past its expiry date on the reader's calendar.
    EXPIRED = "expired"


def parse_expiry(text: str) -> dt.date:
    """``2027-03-31`` → date; raises :class:`ExpiryInvalidError` for anything else."""
    cleaned = text.strip()
    if len(cleaned) == 10:
        try:
            return dt.date.fromisoformat(cleaned)
        except ValueError:
            pass
    raise ExpiryInvalidError(cleaned)


def list_key(name: str) -> str:
    """What identifies a list in its channel: its name, NFKC, casefolded, spaces collapsed
    ("Solid waste" and "solid  WASTE" are one list)."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True, slots=True)
class Change:
    """One field's value before and after an operation (None: absent)."""

    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    """One applied operation on an entry: who, when (Lamport and wall clock), what."""

    op_id: str
    action: str
    device_id: str
    lamport: int
    at_ms: int
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    entry_id: str
    list_name: str
    kind: Kind
    #: Normalised value (``CSQU3054383``, ``391510``, a company's name).
    value: str
    display: str
    #: Identity within the list ("already listed" compares keys).
    key: str
    identifiers: Mapping[str, str]
    flags: tuple[Flag, ...]
    note: str
    tags: tuple[str, ...]
    author_device: str
    created_at_ms: int
    updated_at_ms: int
    updated_by: str
    expires: dt.date | None
    status: EntryStatus
    history: tuple[HistoryRecord, ...] = ()

    def status_on(self, today: dt.date) -> EntryStatus:
        """Active, retired, or expired (active but ``expires`` is before ``today``)."""
        if self.status is EntryStatus.ACTIVE and self.expires is not None and self.expires < today:
            return EntryStatus.EXPIRED
        return self.status

    def matches_on(self, today: dt.date) -> bool:
        """Retired and expired entries never match."""
        return self.status_on(today) is EntryStatus.ACTIVE

    def blocks_on(self, day: dt.date) -> bool:
        """Whether this entry makes an add of the same value on ``day`` "already listed"."""
        return self.matches_on(day)


@dataclass(slots=True)
class WatchList:
    """A named list in a channel. Mutable only inside the fold."""

    name: str
    key: str
    created_by: str
    created_at_ms: int
    locked: bool = False
    entries: dict[str, Entry] = field(default_factory=dict)
    #: key → ids of the entries that have had it (so "already listed" is not a scan).
    by_key: dict[str, list[str]] = field(default_factory=dict)

    def put(self, entry: Entry) -> None:
        """Store ``entry`` (new or changed) and index its key."""
        self.entries[entry.entry_id] = entry
        holders = self.by_key.setdefault(entry.key, [])
        if entry.entry_id not in holders:
            holders.append(entry.entry_id)

    def active_entries(self, today: dt.date) -> list[Entry]:
        return [entry for entry in self.entries.values() if entry.matches_on(today)]

    def find_active(self, key: str, day: dt.date) -> Entry | None:
        """The entry with this key that is active on ``day``, if any."""
        for entry_id in self.by_key.get(key, ()):
            entry = self.entries[entry_id]
            if entry.key == key and entry.blocks_on(day):
                return entry
        return None


@dataclass(frozen=True, slots=True)
class Refusal:
    """An operation every member refused the same way (code and params as in errors.py)."""

    op_id: str
    device_id: str
    list_name: str
    code: str
    params: Mapping[str, str]
    message: str


@dataclass(slots=True)
class WatchListState:
    """The merged state of a channel's watch-lists."""

    lists: dict[str, WatchList] = field(default_factory=dict)
    refusals: list[Refusal] = field(default_factory=list)

    def list_named(self, name: str) -> WatchList | None:
        return self.lists.get(list_key(name))

    def entry(self, entry_id: str) -> Entry | None:
        for watch_list in self.lists.values():
            if entry_id in watch_list.entries:
                return watch_list.entries[entry_id]
        return None
