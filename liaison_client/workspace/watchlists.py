"""Watch-lists of a channel (issue 14): the op log in the store, folded into lists.

The domain (:mod:`liaison_client.watchlists`) decides everything about values
and the merge; this service wires it to the profile:

* **Own edits.** Each verb validates the value, builds the operation with a
  Lamport time past every operation stored for the channel (own or received:
  the clock is the log's maximum, so it never needs a state of its own), checks
  it against the current fold (a refused edit raises and nothing is stored or
  sent), then commits the op-log row and the queued ``watchlist.op`` message in
  one transaction (:meth:`~liaison_client.sync.outbound.Outbound.compose_folded`:
  no timeline row) and tries the relay once, like a text message.
* **Received edits.** :class:`WatchlistOpHandler` is the ``watchlist.op`` kind's
  folded handler: it runs inside the decryption's transaction and stores the
  operation there, so an operation is stored exactly when its envelope is
  acknowledged.
* **Late joiners** (:mod:`.watchlist_snapshots`): the coordinator's invite queues
  a ``watchlist.snapshot`` of the whole signed op log for the joiner, and
  :class:`~.watchlist_snapshots.WatchlistSnapshotHandler` checks and stores the
  operations of a snapshot received; an operation that reaches the coordinator
  under an epoch older than a member's joining is forwarded to that member.
* **Lists** are never stored: they are :func:`~liaison_client.watchlists.merge.fold`
  of the channel's op log with membership by epoch from the signed membership
  log (cached until an operation or a membership event arrives). Folding from
  the whole log every time it changes is what makes every member's lists the
  same function of the same set of operations (docs/WATCHLISTS.md, "Sync").
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from liaison_client.channels.kinds import MessageKind, WatchlistOpBody
from liaison_client.channels.megolm_channel_crypto import MegolmChannelCrypto
from liaison_client.channels.membership import AppliedEvent, MembershipState, apply_event
from liaison_client.channels.payloads import ChannelMessage
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.store.records import now_ms
from liaison_client.store.store import Store
from liaison_client.store.watchlist_snapshots import SnapshotPart, SnapshotRefusal
from liaison_client.watchlists.errors import EntryUnknownError, ListUnknownError
from liaison_client.watchlists.kinds.registry import normalise
from liaison_client.watchlists.kinds.value import Flag
from liaison_client.watchlists.manifest import Manifest, load_manifest
from liaison_client.watchlists.match_report import write_hits_csv
from liaison_client.watchlists.matching import ColumnProgress, Hit, MatchIndex, match_manifest
from liaison_client.watchlists.merge import (
    Folder,
    MembershipAt,
    RemovedAfter,
    Role,
    fold,
    membership_by_epoch,
    removals_by_epoch,
)
from liaison_client.watchlists.model import (
    Entry,
    EntryStatus,
    HistoryRecord,
    WatchList,
    WatchListState,
    parse_expiry,
)
from liaison_client.watchlists.operations import (
    EntryFields,
    LamportClock,
    Operation,
    OperationAuthor,
)
from liaison_client.watchlists.spreadsheets import (
    ImportResult,
    export_entries,
    import_entries,
)
from liaison_client.workspace.context import WorkspaceContext
from liaison_client.workspace.watchlist_digests import (
    AntiEntropyStatus,
    DigestSent,
    WatchlistDigestHandler,
    WatchlistDigests,
)
from liaison_client.workspace.watchlist_snapshots import (
    SnapshotQueued,
    WatchlistSnapshotHandler,
    WatchlistSnapshots,
    epochs_of,
    stored_operation,
)

__all__ = [
    "AntiEntropyStatus",
    "DigestSent",
    "Entry",
    "EntryStatus",
    "HistoryRecord",
    "SnapshotPart",
    "SnapshotQueued",
    "SnapshotRefusal",
    "WatchlistEdit",
    "WatchlistImport",
    "WatchlistMatch",
    "WatchlistOpHandler",
    "WatchlistsService",
]


@dataclass(frozen=True)
class WatchlistEdit:
    """What an edit did: the entry it made or changed (None for lock/unlock), and
    whether the relay has it yet (False: stored, queued for a later sync)."""

    entry: Entry | None
    accepted: bool
    problem: str
    #: Flags worth a warning (``uscc-check-failed``: stored, but the code's check failed).
    flags: tuple[Flag, ...] = ()
    #: The operations sent (a list's creation first, when the edit created it).
    op_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class WatchlistImport:
    result: ImportResult
    #: The entries added (empty for a dry run).
    entries: tuple[Entry, ...]
    dry_run: bool
    accepted: bool
    problem: str


@dataclass(frozen=True)
class WatchlistMatch:
    manifest: Manifest
    hits: list[Hit]
    #: True when the column mapping was guessed from the header (no ``--map``).
    guessed: bool


@dataclass
class _Folded:
    version: tuple[int, int, int]
    state: WatchListState
    operations: list[Operation] = field(default_factory=list)


class WatchlistOpHandler:
    """The ``watchlist.op`` kind's folded handler: stores a verified operation.

    Called by the channel crypto after the message's sender, membership,
    signature and Megolm index were checked, inside the transaction that
    acknowledges its envelope. What it checks on top: the operation names the
    message's verified sender as its author and the message's channel, and no
    epoch later than the one the message was encrypted under (an author cannot
    claim a membership it did not have). Whether the edit *stands* is the fold's
    to decide, the same way on every member.
    """

    def __init__(self, store: Store, crypto: Callable[[], MegolmChannelCrypto],
                 snapshots: WatchlistSnapshots) -> None:
        self._store = store
        self._crypto = crypto
        self._snapshots = snapshots

    def fold(self, message: ChannelMessage, at_ms: int) -> None:
        body = message.body
        if not isinstance(body, WatchlistOpBody):
            raise PayloadRejectedError(Rejection.MALFORMED, "not a watch-list operation")
        op = body.operation
        if op.device_id != message.sender_device_id:
            raise PayloadRejectedError(Rejection.WRONG_SENDER,
                                       f"operation {op.op_id} names {op.device_id}")
        if op.channel_id != message.channel_id:
            raise PayloadRejectedError(Rejection.WRONG_CHANNEL, op.channel_id)
        if op.epoch > message.epoch:
            raise PayloadRejectedError(Rejection.STALE_EPOCH,
                                       f"operation claims epoch {op.epoch}, "
                                       f"message {message.epoch}")
        signed = message.encode().decode()  # what a snapshot forwards later
        if not self._store.watchlist_ops.add(stored_operation(op, message.message_id, at_ms,
                                                              signed)):
            raise PayloadRejectedError(Rejection.REPLAYED,
                                       f"watch-list operation {op.op_id} already folded")
        self._forward_if_late(message)

    def _forward_if_late(self, message: ChannelMessage) -> None:
        """The coordinator forwards an operation encrypted under an epoch older than
        some member's joining (that member cannot decrypt it): docs/WATCHLISTS.md,
        "After a membership change". Only the coordinator, so it is forwarded once."""
        membership = self._crypto().membership
        state = membership.state(message.channel_id)
        if state is None or message.epoch >= state.epoch \
                or state.coordinator.device_id != self._crypto().device_id:
            return
        self._snapshots.forward_late(message, state,
                                     epochs_of(membership.chain(message.channel_id)))


class WatchlistsService:
    """A channel's watch-lists: edit, read, import, export, match."""

    def __init__(self, context: WorkspaceContext, *,
                 today: dt.date | None = None) -> None:
        self._context = context
        self._today = today
        self._folded: dict[str, _Folded] = {}
        self._snapshots = WatchlistSnapshots(context.store, context.outbound)
        context.state.register_folded(MessageKind.WATCHLIST_OP,
                                      WatchlistOpHandler(context.store, lambda: context.crypto,
                                                         self._snapshots))
        self._digests = WatchlistDigests(context.store, context.outbound,
                                         lambda: context.profile.device_id)
        context.state.register_folded(MessageKind.WATCHLIST_SNAPSHOT, WatchlistSnapshotHandler(
            context.store, lambda channel_id: context.crypto.membership.chain(channel_id),
            after_part=self._digests.after_snapshot))
        context.state.register_folded(MessageKind.WATCHLIST_DIGEST,
                                      WatchlistDigestHandler(context.store, self._digests))
        context.state.register_membership_observer(self._membership_changed)

    # -- reading ------------------------------------------------------------------------

    def state(self, channel_id: str) -> WatchListState:
        """The channel's merged lists (and the refusals every member made alike)."""
        return self._fold(channel_id).state

    def entries(self, channel_id: str, list_name: str | None = None, *,
                include_inactive: bool = False) -> list[Entry]:
        """Entries of one list (or every list), oldest first; only the active ones
        unless ``include_inactive`` (retired and expired too)."""
        state = self.state(channel_id)
        if list_name is not None:
            lists = [self._require_list(state, list_name)]
        else:
            lists = sorted(state.lists.values(), key=lambda w: (w.created_at_ms, w.key))
        today = self.today()
        found = [entry for watch_list in lists for entry in watch_list.entries.values()
                 if include_inactive or entry.status_on(today) is EntryStatus.ACTIVE]
        return sorted(found, key=lambda e: (e.created_at_ms, e.entry_id))

    def entry(self, channel_id: str, entry_id: str) -> Entry:
        found = self.state(channel_id).entry(entry_id)
        if found is None:
            raise EntryUnknownError(entry_id, "")
        return found

    def history(self, channel_id: str, entry_id: str) -> tuple[HistoryRecord, ...]:
        return self.entry(channel_id, entry_id).history

    def today(self) -> dt.date:
        """The reader's calendar day (UTC): what "expired" is judged against."""
        return self._today or dt.datetime.now(dt.UTC).date()

    # -- snapshots (late joiners) -------------------------------------------------------

    def _membership_changed(self, applied: AppliedEvent) -> None:
        """A received membership change: re-send own operations signed under the epoch
        it ended (docs/WATCHLISTS.md, "After a membership change")."""
        self._snapshots.resend_own(applied, self._context.profile.device_id)

    def queue_snapshot(self, channel_id: str) -> SnapshotQueued:
        """Queue the channel's signed op log for the members (the invite calls it in
        its transaction, for the joiner); the next sync encrypts and sends it."""
        self._context.membership(channel_id)
        return self._snapshots.queue(channel_id)

    def snapshot_parts(self, channel_id: str) -> list[SnapshotPart]:
        """The snapshot parts received for the channel and what each brought."""
        return self._context.store.watchlist_snapshots.parts(channel_id)

    def snapshot_refusals(self, channel_id: str) -> list[SnapshotRefusal]:
        """Operations of received snapshots refused here (bad signature, not a member
        at their epoch, malformed...): never stored, never folded."""
        return self._context.store.watchlist_snapshots.refusals(channel_id)

    # -- anti-entropy (a snapshot that left operations out) -------------------------------

    def announce_digest(self, channel_id: str) -> DigestSent:
        """Queue a digest of this device's op log: every member forwards what this
        device lacks and replies with its own (docs/WATCHLISTS.md, "Anti-entropy")."""
        self._context.membership(channel_id)
        return self._digests.announce(channel_id)

    def anti_entropy(self, channel_id: str) -> AntiEntropyStatus:
        """Whether this op log matched the last digest heard from each member, and how
        many operations anti-entropy filled in here."""
        return self._digests.status(channel_id)

    # -- editing ------------------------------------------------------------------------

    def add(self, channel_id: str, list_name: str, kind: str, value: str, *,
            uscc: str | None = None, eori: str | None = None, note: str = "",
            tags: Sequence[str] = (), expires: str | None = None,
            deliver: bool = True) -> WatchlistEdit:
        """Add an entry, creating the list if the channel has none of that name.
        An invalid value raises its :class:`ValueInvalidError`; nothing is stored.
        ``deliver=False`` only stores it (the next sync sends it), as for a text."""
        normalised = normalise(kind, value, uscc=uscc, eori=eori)
        expiry = parse_expiry(expires).isoformat() if expires else None
        fields = EntryFields(kind=str(normalised.kind), value=normalised.value,
                             identifiers=dict(normalised.identifiers), note=note,
                             tags=tuple(tag.strip() for tag in tags if tag.strip()),
                             expires=expiry)
        author = self._author(channel_id)
        ops = self._creating(channel_id, list_name, author)
        add = author.add(list_name, fields)
        self._submit(channel_id, [*ops, add])
        outcome = self._deliver() if deliver else (False, "stored; the next sync sends it")
        return WatchlistEdit(self.entry(channel_id, cast(str, add.entry_id)), *outcome,
                             flags=normalised.flags,
                             op_ids=tuple(op.op_id for op in (*ops, add)))

    def update(self, channel_id: str, entry_id: str, kind: str, value: str, *,
               uscc: str | None = None, eori: str | None = None, note: str = "",
               tags: Sequence[str] = (), expires: str | None = None,
               deliver: bool = True) -> WatchlistEdit:
        """Replace an entry's fields (the desktop's edit dialog): validated like
        :meth:`add`; the merge refuses it on a locked list or a retired entry, and
        a value another active entry of the list already holds."""
        entry = self.entry(channel_id, entry_id)
        normalised = normalise(kind, value, uscc=uscc, eori=eori)
        expiry = parse_expiry(expires).isoformat() if expires else None
        fields = EntryFields(kind=str(normalised.kind), value=normalised.value,
                             identifiers=dict(normalised.identifiers), note=note,
                             tags=tuple(tag.strip() for tag in tags if tag.strip()),
                             expires=expiry)
        op = self._author(channel_id).update(entry.list_name, entry_id, fields)
        self._submit(channel_id, [op])
        outcome = self._deliver() if deliver else (False, "stored; the next sync sends it")
        return WatchlistEdit(self.entry(channel_id, entry_id), *outcome,
                             flags=normalised.flags, op_ids=(op.op_id,))

    def retire(self, channel_id: str, entry_id: str) -> WatchlistEdit:
        entry = self.entry(channel_id, entry_id)
        op = self._author(channel_id).retire(entry.list_name, entry_id)
        self._submit(channel_id, [op])
        return WatchlistEdit(self.entry(channel_id, entry_id), *self._deliver(),
                             op_ids=(op.op_id,))

    def lock(self, channel_id: str, list_name: str) -> WatchlistEdit:
        """Make a list read-only (coordinator only; refused by the merge otherwise)."""
        self._require_list(self.state(channel_id), list_name)
        op = self._author(channel_id).lock(list_name)
        self._submit(channel_id, [op])
        return WatchlistEdit(None, *self._deliver(), op_ids=(op.op_id,))

    def unlock(self, channel_id: str, list_name: str) -> WatchlistEdit:
        self._require_list(self.state(channel_id), list_name)
        op = self._author(channel_id).unlock(list_name)
        self._submit(channel_id, [op])
        return WatchlistEdit(None, *self._deliver(), op_ids=(op.op_id,))

    # -- spreadsheets -------------------------------------------------------------------

    def check_import(self, channel_id: str, list_name: str, path: Path) -> ImportResult:
        """Read and check an entries file against the list (every problem as
        ``line N: reason``); stores nothing."""
        existing = self.state(channel_id).list_named(list_name)
        return import_entries(path, existing, self.today())

    def import_file(self, channel_id: str, list_name: str, path: Path, *,
                    dry_run: bool = False) -> WatchlistImport:
        """All or nothing: every row valid (and not already listed), or
        :class:`ImportRowsInvalidError` and nothing stored. ``dry_run`` only checks."""
        result = self.check_import(channel_id, list_name, path)
        rows = result.all_or_nothing()
        if dry_run:
            return WatchlistImport(result, (), True, False, "dry run: nothing stored")
        author = self._author(channel_id)
        ops = self._creating(channel_id, list_name, author)
        adds = [author.add(list_name, fields) for fields in rows]
        self._submit(channel_id, [*ops, *adds])
        accepted, problem = self._deliver()
        state = self.state(channel_id)
        entries = tuple(e for op in adds if (e := state.entry(cast(str, op.entry_id))))
        return WatchlistImport(result, entries, False, accepted, problem)

    def import_rows(self, channel_id: str, list_name: str, result: ImportResult, *,
                    deliver: bool = True) -> WatchlistImport:
        """Store the *valid* rows of a checked file (the desktop's "apply only the
        valid rows", offered after the officer saw every ``line N: reason``)."""
        author = self._author(channel_id)
        ops = self._creating(channel_id, list_name, author)
        adds = [author.add(list_name, row.fields) for row in result.rows]
        if not adds:
            return WatchlistImport(result, (), False, False, "no valid rows")
        self._submit(channel_id, [*ops, *adds])
        accepted, problem = (self._deliver() if deliver
                             else (False, "stored; the next sync sends it"))
        state = self.state(channel_id)
        entries = tuple(e for op in adds if (e := state.entry(cast(str, op.entry_id))))
        return WatchlistImport(result, entries, False, accepted, problem)

    def export_file(self, channel_id: str, list_name: str, path: Path) -> int:
        """Write the list's active entries to ``.csv`` or ``.xlsx``; how many."""
        entries = self.entries(channel_id, list_name)
        export_entries(entries, path)
        return len(entries)

    def match(self, channel_id: str, list_name: str, manifest_path: Path, *,
              mapping: Iterable[tuple[str, str]] | None = None,
              out: Path | None = None,
              progress: ColumnProgress | None = None) -> WatchlistMatch:
        """Match a manifest against a list's active entries (mapping guessed from
        the header unless given); ``out`` also writes the hits as CSV. ``progress``
        hears (columns done, columns) after each mapped column; an exception it
        raises (the desktop's Cancel) stops the match there."""
        pairs = list(mapping or [])
        watch_list = self._require_list(self.state(channel_id), list_name)
        manifest = load_manifest(manifest_path, pairs or None)
        hits = match_manifest(manifest, MatchIndex(watch_list.entries.values(), self.today()),
                              progress)
        if out is not None:
            write_hits_csv(hits, out)
        return WatchlistMatch(manifest, hits, guessed=not pairs)

    def read_manifest(self, manifest_path: Path) -> Manifest:
        """A manifest's table with the mapping guessed from its header (what the
        desktop's match wizard shows, one editable target per column)."""
        return load_manifest(manifest_path)

    def match_table(self, channel_id: str, list_name: str, manifest: Manifest, *,
                    progress: ColumnProgress | None = None) -> WatchlistMatch:
        """Match an already read manifest (:meth:`read_manifest`, its mapping edited
        by the officer) against a list's active entries; ``progress`` as in :meth:`match`."""
        watch_list = self._require_list(self.state(channel_id), list_name)
        hits = match_manifest(manifest, MatchIndex(watch_list.entries.values(), self.today()),
                              progress)
        return WatchlistMatch(manifest, hits, guessed=False)

    def hits_csv(self, hits: Sequence[Hit], path: Path) -> None:
        """Write match results as CSV (UTF-8 with BOM, the CLI's JSON field names)."""
        write_hits_csv(hits, path)

    # -- internals ----------------------------------------------------------------------

    def _author(self, channel_id: str) -> OperationAuthor:
        membership = self._context.membership(channel_id)
        _, highest = self._context.store.watchlist_ops.version(channel_id)
        return OperationAuthor(channel_id, self._context.profile.device_id,
                               LamportClock(highest), epoch=lambda: membership.epoch,
                               now_ms=now_ms)

    def _creating(self, channel_id: str, list_name: str,
                  author: OperationAuthor) -> list[Operation]:
        if self.state(channel_id).list_named(list_name) is None:
            return [author.create_list(list_name)]
        return []

    def _submit(self, channel_id: str, ops: list[Operation]) -> None:
        """Check ``ops`` against the current fold (raising the first refusal), then
        store them with their queued messages in one transaction."""
        folded = self._fold(channel_id)
        folder = Folder(*self._membership_at(channel_id))
        for op in folded.operations:
            folder.apply(op)
        for op in ops:
            folder.apply_or_raise(op)
        outbound = self._context.outbound
        with self._context.state.transaction():
            for op in ops:
                message = outbound.compose_folded(channel_id, WatchlistOpBody(op))
                self._context.store.watchlist_ops.add(
                    stored_operation(op, message.message_id, now_ms(), None))
        # The new operations sort after every stored one, so the checking folder's state
        # is exactly the fold of the new log: keep it rather than fold again.
        count, highest = self._context.store.watchlist_ops.version(channel_id)
        self._folded[channel_id] = _Folded((count, highest, folded.version[2]), folder.state,
                                           [*folded.operations, *ops])

    def _deliver(self) -> tuple[bool, str]:
        """Try the relay once; (accepted, why not)."""
        report = self._context.engine.send_pending()
        accepted = report.outbox == 0
        return accepted, "" if accepted else (report.problem
                                              or "waiting in the outbox for the next sync")

    def _require_list(self, state: WatchListState, list_name: str) -> WatchList:
        found = state.list_named(list_name)
        if found is None:
            raise ListUnknownError(list_name)
        return found

    def _fold(self, channel_id: str) -> _Folded:
        membership = self._context.membership(channel_id)
        count, highest = self._context.store.watchlist_ops.version(channel_id)
        version = (count, highest, membership.epoch)
        cached = self._folded.get(channel_id)
        if cached is not None and cached.version == version:
            return cached
        rows = self._context.store.watchlist_ops.in_channel(channel_id)
        operations = [Operation.from_dict(json.loads(row.body)) for row in rows]
        folded = _Folded(version, fold(operations, *self._membership_at(channel_id)),
                         sorted(operations, key=lambda op: op.order_key))
        self._folded[channel_id] = folded
        return folded

    def _membership_at(self, channel_id: str) -> tuple[MembershipAt, RemovedAfter]:
        """Each epoch's members and roles, and when each removal was issued, replayed
        from the signed membership log."""
        epochs: dict[int, Mapping[str, Role]] = {}
        issued: dict[int, int] = {}
        state: MembershipState | None = None
        for event in self._context.crypto.membership.chain(channel_id):
            state = apply_event(state, event)
            epochs[state.epoch] = _roles(state)
            issued[state.epoch] = event.issued_at_ms
        return membership_by_epoch(epochs), removals_by_epoch(epochs, issued)


def _roles(state: MembershipState) -> dict[str, Role]:
    return {member.device_id: (Role.COORDINATOR
                               if member.device_id == state.coordinator.device_id
                               else Role.MEMBER)
            for member in state.members}
