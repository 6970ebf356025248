"""Late joiners and re-sends of the watch-list op log (issue 14): the snapshot.

A member invited after operations were sent cannot decrypt them (the group key
it receives starts at its own epoch). So the member who invites it — the
coordinator, the only one who can — queues, *in the transaction that issues the
invite*, a ``watchlist.snapshot``: every operation of the channel as the
complete signed message its author's device sent (kept in ``watchlist_ops``
since migration 0011), split into parts under the relay's message cap. The
parts are ordinary channel messages of a folded kind: encrypted at the next sync
under the new epoch's group session, which the joiner receives with the invite
(docs/WATCHLISTS.md, "Late joiners: the snapshot", says why in-channel rather
than pairwise).

The receiver trusts nothing in a snapshot but its shape. The channel crypto has
already checked that the forwarding device is a current member and signed the
part; then :class:`WatchlistSnapshotHandler` checks every forwarded operation on
its own: it decodes as a signed ``watchlist.op`` message of this channel, its
author was a member at the message's epoch *according to this device's signed
membership log*, the author's Ed25519 signature (the key that log records for it
at that epoch) verifies over the signed fields, and the operation names that
author, that channel and no later epoch — the checks the ``watchlist.op``
handler makes on a message received directly. An operation that fails is
recorded (``watchlist_snapshot_refusals``) and skipped; the others are stored
like received operations and folded by the same merge, which refuses an author
that was no member at the operation's epoch on every member alike.

Re-send (docs/WATCHLISTS.md, "After a membership change"): an operation that
reaches the coordinator encrypted under an epoch older than a member's joining
is one that member can never decrypt; the coordinator forwards it as a one-part
snapshot (:meth:`WatchlistSnapshots.forward_late`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from liaison_client.channels.kinds import WatchlistOpBody, WatchlistSnapshotBody
from liaison_client.channels.membership import (
    AppliedEvent,
    ControlEvent,
    MembershipState,
    apply_event,
)
from liaison_client.channels.payloads import ChannelMessage
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.identity import verify_signature
from liaison_client.crypto.rejection import Rejection
from liaison_client.store.store import Store
from liaison_client.store.watchlist_ops import StoredOperation
from liaison_client.store.watchlist_snapshots import SnapshotPart, SnapshotRefusal
from liaison_client.sync.outbound import Outbound
from liaison_client.watchlists.errors import SnapshotMalformedError
from liaison_client.watchlists.operations import Operation
from liaison_client.watchlists.snapshot import SnapshotBody, forwarded_bytes, split_into_parts

#: The channel's signed membership chain (read inside the caller's transaction).
ChainOf = Callable[[str], list[ControlEvent]]
#: Own operations signed under an older epoch are re-sent after a membership change
#: when signed no earlier than this before the change was issued: devices' clocks are
#: within 2 x 300 s of each other (the relay refuses a request signed further off,
#: protocol/http_signatures.py), and the rest covers a coordinator that had not fetched
#: for a while when it issued the change (docs/WATCHLISTS.md, "After a membership change").
RESEND_GRACE_MS = 30 * 60 * 1000


@dataclass(frozen=True)
class SnapshotQueued:
    """What :meth:`WatchlistSnapshots.queue` put in the outbox."""

    snapshot_id: str
    parts: int
    operations: int
    #: Operations this device holds without their signed message (stored before
    #: migration 0011): not forwarded; the joiner lacks them until their author re-sends.
    unforwardable: int


def stored_operation(op: Operation, message_id: str, at_ms: int,
                     signed_message: str | None) -> StoredOperation:
    return StoredOperation(op.op_id, message_id, op.channel_id, op.device_id, op.lamport,
                           op.canonical_bytes().decode(), at_ms, signed_message)


def epochs_of(chain: list[ControlEvent]) -> dict[int, MembershipState]:
    """The membership of every epoch of a channel, replayed from its signed chain."""
    states: dict[int, MembershipState] = {}
    state: MembershipState | None = None
    for event in chain:
        state = apply_event(state, event)
        states[state.epoch] = state
    return states


def verify_forwarded(document: object, channel_id: str,
                     epochs: dict[int, MembershipState]) -> tuple[Operation, ChannelMessage]:
    """Check one forwarded operation as if it had been received from its author;
    raises :class:`PayloadRejectedError` saying why it is refused."""
    try:
        data = forwarded_bytes(document)
    except SnapshotMalformedError as exc:
        raise PayloadRejectedError(Rejection.MALFORMED, str(exc)) from exc
    message = ChannelMessage.decode(data)
    if not isinstance(message.body, WatchlistOpBody):
        raise PayloadRejectedError(Rejection.MALFORMED,
                                   f"a {message.kind!r} message is not a watch-list operation")
    op = message.body.operation
    if message.channel_id != channel_id or op.channel_id != channel_id:
        raise PayloadRejectedError(Rejection.WRONG_CHANNEL, f"operation {op.op_id}")
    # Content version 2 signs the epoch the author encrypted under; version 1 does not,
    # and then the operation's own (signed) epoch says whose key to check against.
    epoch = message.epoch if message.chain is not None else op.epoch
    state = epochs.get(epoch)
    author = None if state is None else state.member(message.sender_device_id)
    if author is None:
        raise PayloadRejectedError(Rejection.NOT_A_MEMBER,
                                   f"{message.sender_device_id} at epoch {epoch}")
    if not verify_signature(author.ed25519, message.signed_fields().canonical(),
                            message.signature):
        raise PayloadRejectedError(Rejection.BAD_SIGNATURE, f"operation {op.op_id}")
    if op.device_id != message.sender_device_id:
        raise PayloadRejectedError(Rejection.WRONG_SENDER,
                                   f"operation {op.op_id} names {op.device_id}")
    if op.epoch > message.epoch:
        raise PayloadRejectedError(Rejection.STALE_EPOCH,
                                   f"operation claims epoch {op.epoch}, message {message.epoch}")
    return op, message


class WatchlistSnapshotHandler:
    """The ``watchlist.snapshot`` kind's folded handler (inside the decrypting
    transaction, after the channel crypto verified the forwarding member)."""

    def __init__(self, store: Store, chain_of: ChainOf,
                 after_part: Callable[[SnapshotPart], object] | None = None) -> None:
        self._store = store
        self._chain_of = chain_of
        #: Hears every folded part (anti-entropy announces a digest once a snapshot is
        #: complete: workspace/watchlist_digests.py).
        self._after_part = after_part

    def fold(self, message: ChannelMessage, at_ms: int) -> None:
        body = message.body
        if not isinstance(body, WatchlistSnapshotBody):
            raise PayloadRejectedError(Rejection.MALFORMED, "not a watch-list snapshot")
        snapshot = body.snapshot
        if snapshot.channel_id != message.channel_id:
            raise PayloadRejectedError(Rejection.WRONG_CHANNEL, snapshot.channel_id)
        store = self._store
        if store.watchlist_snapshots.has_part(message.message_id):
            raise PayloadRejectedError(Rejection.REPLAYED,
                                       f"snapshot part {message.message_id} already folded")
        epochs = epochs_of(self._chain_of(message.channel_id))
        added = refused = 0
        for position, document in enumerate(snapshot.ops):
            try:
                op, forwarded = verify_forwarded(document, message.channel_id, epochs)
            except PayloadRejectedError as exc:
                refused += 1
                store.watchlist_snapshots.refuse(SnapshotRefusal(
                    message.message_id, position, message.channel_id, message.sender_device_id,
                    _op_id_of(document), str(exc.reason), exc.detail, at_ms))
                continue
            signed = forwarded.encode().decode()
            if store.watchlist_ops.add(stored_operation(op, forwarded.message_id, at_ms,
                                                        signed)):
                added += 1
            else:  # already here: keep its signed message if this row lacked it (pre-0011)
                store.watchlist_ops.fill_signed(op.op_id, forwarded.message_id, signed)
        part = SnapshotPart(message.message_id, message.channel_id, message.sender_device_id,
                            snapshot.snapshot_id, snapshot.part, snapshot.parts,
                            len(snapshot.ops), added, refused, at_ms)
        store.watchlist_snapshots.add_part(part)
        if self._after_part is not None:
            self._after_part(part)


class WatchlistSnapshots:
    """Builds and queues snapshots; the watch-list service and the invite use it."""

    def __init__(self, store: Store, outbound: Outbound) -> None:
        self._store = store
        self._outbound = outbound

    def queue(self, channel_id: str) -> SnapshotQueued:
        """Queue the channel's whole forwardable op log as a snapshot (in parts).

        Call it inside the transaction that issues the invite, so the joiner's
        snapshot is exactly the log this device held when it invited: an operation
        arriving later is sent (or forwarded, :meth:`forward_late`) under the new
        epoch, which the joiner can read.
        """
        rows = self._store.watchlist_ops.forwardable(channel_id)
        snapshot_id = uuid.uuid4().hex
        parts = split_into_parts(channel_id, snapshot_id, (r.signed_message for r in rows))
        self._compose(channel_id, parts)
        return SnapshotQueued(snapshot_id, len(parts), len(rows),
                              self._store.watchlist_ops.unforwardable_count(channel_id))

    def forward_late(self, message: ChannelMessage, state: MembershipState,
                     epochs: dict[int, MembershipState]) -> bool:
        """Forward a received operation that some current member cannot decrypt: it
        was encrypted under an epoch before that member joined. True if queued."""
        then = epochs.get(message.epoch)
        if then is None or message.epoch >= state.epoch:
            return False
        if all(then.is_member(m.device_id) for m in state.members):
            return False
        body = SnapshotBody(message.channel_id, uuid.uuid4().hex, 0, 1,
                            (_as_object(message),))
        self._compose(message.channel_id, [body])
        return True

    def resend_own(self, applied: AppliedEvent, own_device_id: str) -> SnapshotQueued | None:
        """After a received membership change, re-send this device's operations that
        were signed under an older epoch from shortly before the change on: a member
        that moved to the new epoch first refused their group key (``stale-epoch``),
        and a joiner can never decrypt them. Duplicates fold to nothing."""
        state = applied.state
        if state.closed or not state.is_member(own_device_id):
            return None
        since = applied.event.issued_at_ms - RESEND_GRACE_MS
        rows = [row for row in self._store.watchlist_ops.signed_since(state.channel_id, since)
                if _signed_epoch(row.signed_message) < state.epoch]
        if not rows:
            return None
        snapshot_id = uuid.uuid4().hex
        parts = split_into_parts(state.channel_id, snapshot_id,
                                 (row.signed_message for row in rows))
        self._compose(state.channel_id, parts)
        return SnapshotQueued(snapshot_id, len(parts), len(rows), 0)

    def _compose(self, channel_id: str, parts: list[SnapshotBody]) -> None:
        with self._store.transaction():
            for part in parts:
                self._outbound.compose_folded(channel_id, WatchlistSnapshotBody(part))


def _as_object(message: ChannelMessage) -> dict[str, object]:
    document: dict[str, object] = json.loads(message.encode())
    return document


def _signed_epoch(signed_message: str) -> int:
    epoch = json.loads(signed_message).get("epoch")
    return epoch if isinstance(epoch, int) else 0


def _op_id_of(document: object) -> str | None:
    """The op id a refused forwarded message claims, if it gets that far (for the record)."""
    if isinstance(document, dict):
        body = document.get("body")
        if isinstance(body, dict) and isinstance(body.get("op_id"), str):
            return str(body["op_id"])[:64]
    return None
