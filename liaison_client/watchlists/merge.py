"""The one deterministic merge every member applies to a channel's watch-list operations.

Rule: the state is a pure function of the *set* of operations received — sort
them by (Lamport time, device id, op id) and apply them one by one, each checked
against the state the operations before it produced. Whatever order operations
arrive in, however often, every member that holds the same set computes the
same state, refusals included (tests/watchlists/test_merge.py proves it with a
hypothesis property over random interleavings, duplicates and delays).

Why a replayed total order rather than a per-entry last-writer-wins register:
the rules that span entries ("a value already active in a list is refused",
"an edit ordered after the lock is refused", "a removed member's later edit is
refused") need a single order to be decided the same way everywhere; with it,
last-writer-wins per entry falls out (the later update in the order wins), with
the device id as the tie-break between concurrent edits of equal Lamport time.
The price is a re-fold when an operation arrives that sorts before ones already
applied (a late or offline member); :class:`OperationLog` applies in-order
arrivals incrementally and re-folds only then (a few ms per thousand operations).

Consequence, documented in docs/WATCHLISTS.md: two members who add the same value
concurrently both see their add locally at first; once each has the other's, the
add ordered first holds and the other is refused as already listed, naming the
entry that holds, on every member.

Membership is an input: :data:`MembershipAt` answers the role of a device at a
membership-log epoch (``channels/membership.py`` holds that log). Each operation
carries the epoch its author was at; a device that was not a member at that
epoch is refused, and so is a device whose epoch goes backwards (an honest device
never does: a removed member back-dating its edits to before its removal is
caught unless it never published an edit after the epoch it claims — the
channel layer additionally refuses its messages once the group session is rekeyed).
An operation whose own clock (``at_ms``) is at or after its author's removal (the
removal event's signed time, :data:`RemovedAfter`) is refused too: a removed
member that had not yet learned of its removal, editing under its old epoch,
is refused by every member, also by one that took the message in before the
removal reached it.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum

from liaison_client.watchlists.errors import (
    AlreadyListedError,
    EditRefusedError,
    EntryIdTakenError,
    EntryRetiredError,
    EntryUnknownError,
    EpochRegressedError,
    ListLockedError,
    ListUnknownError,
    NotListCoordinatorError,
    NotMemberError,
    ValueInvalidError,
    WrittenAfterRemovalError,
)
from liaison_client.watchlists.kinds.registry import normalise
from liaison_client.watchlists.kinds.value import NormalisedValue
from liaison_client.watchlists.model import (
    Change,
    Entry,
    EntryStatus,
    HistoryRecord,
    Refusal,
    WatchList,
    WatchListState,
    list_key,
    parse_expiry,
)
from liaison_client.watchlists.operations import Action, EntryFields, Operation


class Role(StrEnum):
    MEMBER = "member"
    COORDINATOR = "coordinator"


#: (device id, membership epoch) → the device's role then, or None if it was not a member.
MembershipAt = Callable[[str, int], Role | None]
#: (device id, membership epoch) → when the device was next removed after that epoch
#: (the removal event's signed ``issued_at_ms``), or None if it has not been since.
RemovedAfter = Callable[[str, int], int | None]


def membership_by_epoch(epochs: Mapping[int, Mapping[str, Role]]) -> MembershipAt:
    """A :data:`MembershipAt` from the member set of each epoch (for tests and snapshots)."""

    def role_at(device_id: str, epoch: int) -> Role | None:
        members = epochs.get(epoch)
        return None if members is None else members.get(device_id)

    return role_at


def removals_by_epoch(epochs: Mapping[int, Mapping[str, Role]],
                      issued_at_ms: Mapping[int, int]) -> RemovedAfter:
    """A :data:`RemovedAfter` from the member set and the event time of each epoch: a
    device removed at epoch r (a member at r - 1, not at r) was removed at
    ``issued_at_ms[r]``."""
    ordered = sorted(epochs)

    def removed_after(device_id: str, epoch: int) -> int | None:
        for later in ordered:
            if later > epoch and device_id not in epochs[later]:
                return issued_at_ms.get(later)
        return None

    return removed_after


def day_of(at_ms: int) -> dt.date:
    """The UTC calendar day of an operation's wall-clock time (deterministic: it is in the op)."""
    return dt.datetime.fromtimestamp(at_ms / 1000, dt.UTC).date()


class Folder:
    """Applies operations, in order, to one mutable :class:`WatchListState`."""

    def __init__(self, membership: MembershipAt,
                 removed_after: RemovedAfter | None = None) -> None:
        self.membership = membership
        self.removed_after = removed_after
        self.state = WatchListState()
        self._epochs: dict[str, int] = {}

    def apply(self, op: Operation) -> None:
        try:
            self._apply(op)
        except (EditRefusedError, ValueInvalidError) as refused:
            self.state.refusals.append(Refusal(op.op_id, op.device_id, op.list_name,
                                               refused.code, dict(refused.params), str(refused)))

    def apply_or_raise(self, op: Operation) -> None:
        """Apply ``op`` or raise the typed refusal instead of recording it: an author
        checks its own edit against its current state this way before sending it
        (nothing refused is ever stored or sent). Use a throwaway folder: a refused
        operation may leave the device's epoch mark advanced."""
        self._apply(op)

    def _apply(self, op: Operation) -> None:
        role = self.membership(op.device_id, op.epoch)
        if role is None:
            raise NotMemberError(op.device_id, op.epoch)
        removed_at = None if self.removed_after is None \
            else self.removed_after(op.device_id, op.epoch)
        if removed_at is not None and op.at_ms >= removed_at:
            # Written (by its own signed clock) once the coordinator had removed its
            # author, who had not yet learned of it: refused by every member alike,
            # whether its transport let the message in before the removal arrived or not.
            raise WrittenAfterRemovalError(op.device_id, op.epoch)
        seen = self._epochs.get(op.device_id, -1)
        if op.epoch < seen:
            raise EpochRegressedError(op.device_id, op.epoch, seen)
        self._epochs[op.device_id] = op.epoch
        key = list_key(op.list_name)
        watch_list = self.state.lists.get(key)
        if op.action is Action.CREATE_LIST:
            if watch_list is None:  # a second create of the same name is the same list
                self.state.lists[key] = WatchList(op.list_name.strip(), key, op.device_id,
                                                  op.at_ms)
            return
        if watch_list is None:
            raise ListUnknownError(op.list_name)
        if op.action in (Action.LOCK, Action.UNLOCK):
            if role is not Role.COORDINATOR:
                raise NotListCoordinatorError(op.device_id)
            watch_list.locked = op.action is Action.LOCK
            return
        if watch_list.locked:
            raise ListLockedError(watch_list.name)
        assert op.entry_id is not None  # Operation.from_dict guarantees it for these actions
        if op.action is Action.ADD:
            self._add(watch_list, op, op.entry_id)
        elif op.action is Action.UPDATE:
            self._update(watch_list, op, self._existing(watch_list, op.entry_id))
        else:
            entry = self._existing(watch_list, op.entry_id, retired_ok=True)
            if entry.status is not EntryStatus.RETIRED:  # retiring twice converges to retired
                self._replace(watch_list, op, entry, dataclasses.replace(
                    entry, status=EntryStatus.RETIRED))

    def _existing(self, watch_list: WatchList, entry_id: str, *,
                  retired_ok: bool = False) -> Entry:
        entry = watch_list.entries.get(entry_id)
        if entry is None:
            raise EntryUnknownError(entry_id, watch_list.name)
        if entry.status is EntryStatus.RETIRED and not retired_ok:
            raise EntryRetiredError(entry_id)
        return entry

    def _add(self, watch_list: WatchList, op: Operation, entry_id: str) -> None:
        if self.state.entry(entry_id) is not None:
            raise EntryIdTakenError(entry_id)
        assert op.fields is not None
        value = _checked(op.fields)
        expires = parse_expiry(op.fields.expires) if op.fields.expires else None
        _refuse_if_listed(watch_list, value, day_of(op.at_ms), None)
        entry = Entry(entry_id=entry_id, list_name=watch_list.name, kind=value.kind,
                      value=value.value, display=value.display, key=value.key,
                      identifiers=dict(value.identifiers), flags=value.flags,
                      note=op.fields.note, tags=op.fields.tags, author_device=op.device_id,
                      created_at_ms=op.at_ms, updated_at_ms=op.at_ms, updated_by=op.device_id,
                      expires=expires, status=EntryStatus.ACTIVE)
        self._replace(watch_list, op, None, entry)

    def _update(self, watch_list: WatchList, op: Operation, entry: Entry) -> None:
        assert op.fields is not None
        value = _checked(op.fields)
        expires = parse_expiry(op.fields.expires) if op.fields.expires else None
        _refuse_if_listed(watch_list, value, day_of(op.at_ms), entry.entry_id)
        self._replace(watch_list, op, entry, dataclasses.replace(
            entry, kind=value.kind, value=value.value, display=value.display, key=value.key,
            identifiers=dict(value.identifiers), flags=value.flags, note=op.fields.note,
            tags=op.fields.tags, expires=expires))

    @staticmethod
    def _replace(watch_list: WatchList, op: Operation, before: Entry | None,
                 after: Entry) -> None:
        record = HistoryRecord(op.op_id, str(op.action), op.device_id, op.lamport, op.at_ms,
                               _changes(before, after))
        history = (before.history if before is not None else ()) + (record,)
        watch_list.put(dataclasses.replace(
            after, updated_at_ms=op.at_ms, updated_by=op.device_id, history=history))


def _checked(fields: EntryFields) -> NormalisedValue:
    """Every member re-validates the value: nothing unvalidated enters the state."""
    return normalise(fields.kind, fields.value, uscc=fields.identifiers.get("uscc"),
                     eori=fields.identifiers.get("eori"))


def _refuse_if_listed(watch_list: WatchList, value: NormalisedValue, day: dt.date,
                      entry_id: str | None) -> None:
    """"Already listed": another entry with the same key, active on the operation's day
    (an entry expired by then does not block a fresh add)."""
    holder = watch_list.find_active(value.key, day)
    if holder is not None and holder.entry_id != entry_id:
        raise AlreadyListedError(value.display, watch_list.name, holder.entry_id)


_TRACKED = ("value", "note", "tags", "expires", "identifiers", "status")


def _changes(before: Entry | None, after: Entry) -> tuple[Change, ...]:
    def text(entry: Entry | None, name: str) -> str | None:
        if entry is None:
            return None
        raw = getattr(entry, name)
        if raw is None:
            return None
        if name == "tags":
            return ";".join(raw)
        if name == "identifiers":
            return ";".join(f"{k}={v}" for k, v in sorted(raw.items())) or None
        return str(raw)

    return tuple(Change(name, text(before, name), text(after, name)) for name in _TRACKED
                 if text(before, name) != text(after, name))


def fold(operations: Iterable[Operation], membership: MembershipAt,
         removed_after: RemovedAfter | None = None) -> WatchListState:
    """The merged state of a set of operations (duplicates by op id count once)."""
    unique = {op.op_id: op for op in operations}
    folder = Folder(membership, removed_after)
    for op in sorted(unique.values(), key=lambda op: op.order_key):
        folder.apply(op)
    return folder.state


class OperationLog:
    """A member's received operations and their merged state, kept up to date as they arrive.

    An operation ordered after every one applied is applied at once; one ordered
    earlier (a member coming back online) triggers a re-fold from scratch, which is
    what makes the result independent of arrival order.
    """

    def __init__(self, membership: MembershipAt) -> None:
        self._membership = membership
        self._ops: list[Operation] = []
        self._keys: list[tuple[int, str, str]] = []
        self._ids: set[str] = set()
        self._folder = Folder(membership)
        self.refolds = 0

    @property
    def state(self) -> WatchListState:
        """The merged state (read-only by convention: the log owns it)."""
        return self._folder.state

    @property
    def operations(self) -> list[Operation]:
        return list(self._ops)

    def receive(self, op: Operation) -> bool:
        """Add ``op``; False if it was already here (a duplicate delivery)."""
        if op.op_id in self._ids:
            return False
        self._ids.add(op.op_id)
        key = op.order_key
        at = bisect.bisect(self._keys, key)
        self._keys.insert(at, key)
        self._ops.insert(at, op)
        if at == len(self._ops) - 1:
            self._folder.apply(op)
        else:
            self.refold()
        return True

    def refold(self) -> None:
        """Recompute the state from every operation (also after membership changed)."""
        self.refolds += 1
        self._folder = Folder(self._membership)
        for op in self._ops:
            self._folder.apply(op)
