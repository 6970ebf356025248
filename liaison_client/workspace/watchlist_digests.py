"""Anti-entropy for the watch-list op log (issue 14): digests, and forwarding what is missing.

A snapshot is only as complete as its sender made it: a coordinator that leaves
operations out of a joiner's snapshot (by fault or on purpose) would leave the
joiner without them. So a member that has folded a whole snapshot which brought
it something new announces a ``watchlist.digest`` — the ids of every operation
it now holds, or a bucketed summary of them (:mod:`liaison_client.watchlists.digest`)
— and every other member compares it with its own log and forwards, as a
``watchlist.snapshot`` (the existing forward path: every operation checked by its
author's signature and membership on arrival), the operations the announcer
lacks. docs/WATCHLISTS.md, "Anti-entropy: finding what a snapshot left out",
has the design and the bounds; in short:

* **Who announces, when.** A *root* digest after this device has folded every
  part of a snapshot that added at least one operation here and is not itself an
  anti-entropy answer, at most once per :data:`ROOT_INTERVAL_MS` per channel.
* **Who answers.** Every current member that receives a root digest: it forwards
  what the announcer lacks (one snapshot, id ``ae-<digest id>``) and replies once
  with its own digest (``reply_to`` set), so the announcer learns whether it now
  agrees with each member and can forward what *they* lack. A reply is answered
  only with forwarded operations, never with another digest; an answer snapshot
  never triggers a digest. So one root digest causes at most one reply digest and
  one forward per member — no loop.
* **Why every member answers** rather than one elected responder: the relay is
  store-and-forward and members sync when they sync; there are no timers to wait
  for "the coordinator answers first", and the member holding the missing
  operations may be exactly the one not elected. Duplicates cost bandwidth once:
  the receiver drops operations it holds by op id, and a member never forwards
  the same operation to the same member twice within :data:`REFORWARD_AFTER_MS`.
* **Unforwardable** operations (held without their signed message, from before
  migration 0011) that the announcer lacks are counted in the digest's record,
  never retried.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from liaison_client.channels.kinds import WatchlistDigestBody, WatchlistSnapshotBody
from liaison_client.channels.payloads import ChannelMessage
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.store.records import now_ms
from liaison_client.store.store import Store
from liaison_client.store.watchlist_digests import DigestRecord
from liaison_client.store.watchlist_snapshots import SnapshotPart
from liaison_client.sync.outbound import Outbound
from liaison_client.watchlists.digest import DigestBody, compare, ids_hash
from liaison_client.watchlists.snapshot import split_into_parts

#: The snapshot id of an answer to digest D is ``ae-`` + D's id: such a snapshot
#: never triggers a digest of its own, and ``status`` counts what it filled in.
ANSWER_PREFIX = "ae-"
#: The same operation is forwarded to the same member at most once a day: enough for
#: its answer to arrive (or, if it was lost, to be asked for again tomorrow).
REFORWARD_AFTER_MS = 24 * 60 * 60 * 1000
#: A member announces a root digest at most once per channel in this time (a burst
#: of late forwards after an invite gives one digest, not one per forward).
ROOT_INTERVAL_MS = 10 * 60 * 1000


@dataclass(frozen=True)
class DigestSent:
    message_id: str
    digest_id: str
    reply_to: str | None
    op_count: int
    ids_hash: str


@dataclass(frozen=True)
class HeardDigest:
    """The last digest heard from one member, and whether this log matches it now."""

    record: DigestRecord
    matches_now: bool


@dataclass(frozen=True)
class AntiEntropyStatus:
    channel_id: str
    #: This device's op log: how many operations, and the digest hash over their ids.
    op_count: int
    ids_hash: str
    #: Operations added here by anti-entropy answers (snapshots ``ae-…``).
    filled: int
    #: The last digest heard from each member, oldest first.
    heard: tuple[HeardDigest, ...]
    #: Digests this device announced or replied with, oldest first.
    sent: tuple[DigestRecord, ...]
    #: Operations the announcers lacked that this device could not forward (no
    #: signed message kept), summed over every digest heard.
    unforwardable: int

    @property
    def in_agreement(self) -> bool | None:
        """True if this log matches the last digest of every member heard (None: none heard)."""
        if not self.heard:
            return None
        return all(h.matches_now for h in self.heard)


class WatchlistDigests:
    """Announces digests, answers them, and reports where this device stands."""

    def __init__(self, store: Store, outbound: Outbound,
                 own_device_id: Callable[[], str]) -> None:
        self._store = store
        self._outbound = outbound
        self._own_device_id = own_device_id

    def announce(self, channel_id: str, reply_to: str | None = None) -> DigestSent:
        """Queue a digest of this device's op log for the channel's members."""
        store = self._store
        body = DigestBody.of(channel_id, uuid.uuid4().hex, store.watchlist_ops.op_ids(channel_id),
                             reply_to)
        with store.transaction():
            message = self._outbound.compose_folded(channel_id, WatchlistDigestBody(body))
            store.watchlist_digests.add(DigestRecord(
                message.message_id, channel_id, self._own_device_id(), True, body.digest_id,
                reply_to, body.count, body.hash, None, None, None, None, None, now_ms()))
        return DigestSent(message.message_id, body.digest_id, reply_to, body.count, body.hash)

    def after_snapshot(self, part: SnapshotPart) -> DigestSent | None:
        """Called when a snapshot part was folded: announce a root digest once every
        part of a snapshot that brought something new is here (see the module)."""
        if part.snapshot_id.startswith(ANSWER_PREFIX):
            return None
        store = self._store
        seen, added = store.watchlist_snapshots.progress(part.channel_id, part.sender_device_id,
                                                         part.snapshot_id)
        if seen < part.parts or added == 0:
            return None
        last = store.watchlist_digests.last_own_root_at(part.channel_id)
        if last is not None and now_ms() - last < ROOT_INTERVAL_MS:
            return None
        return self.announce(part.channel_id)

    def answer(self, message: ChannelMessage, digest: DigestBody, at_ms: int) -> DigestRecord:
        """Compare a member's digest with this log, forward what it lacks (once per
        member and operation a day), reply to a root digest with this log's digest."""
        store = self._store
        channel_id, sender = message.channel_id, message.sender_device_id
        gap = compare(digest, store.watchlist_ops.op_ids(channel_id))
        forwarded = unforwardable = 0
        if gap.they_lack:
            lacking = set(gap.they_lack)
            unforwardable = len(store.watchlist_ops.without_signed(channel_id) & lacking)
            sent_already = store.watchlist_digests.forwarded_since(
                channel_id, sender, at_ms - REFORWARD_AFTER_MS)
            rows = [row for row in store.watchlist_ops.forwardable(channel_id)
                    if row.op_id in lacking and row.op_id not in sent_already]
            if rows:
                parts = split_into_parts(channel_id, ANSWER_PREFIX + digest.digest_id,
                                         (row.signed_message for row in rows))
                for part in parts:
                    self._outbound.compose_folded(channel_id, WatchlistSnapshotBody(part))
                store.watchlist_digests.record_forwards(channel_id, sender,
                                                        (row.op_id for row in rows), at_ms)
            forwarded = len(rows)
        record = DigestRecord(message.message_id, channel_id, sender, False, digest.digest_id,
                              digest.reply_to, digest.count, digest.hash, gap.matched,
                              len(gap.they_lack), forwarded, unforwardable, gap.we_lack, at_ms)
        store.watchlist_digests.add(record)
        if digest.reply_to is None:
            self.announce(channel_id, reply_to=digest.digest_id)
        return record

    def status(self, channel_id: str) -> AntiEntropyStatus:
        store = self._store
        op_ids = store.watchlist_ops.op_ids(channel_id)
        count, hash_ = len(set(op_ids)), ids_hash(set(op_ids))
        records = store.watchlist_digests.in_channel(channel_id)
        last: dict[str, DigestRecord] = {}
        for record in records:
            if not record.own:
                last.pop(record.sender_device_id, None)  # keep the order of the last heard
                last[record.sender_device_id] = record
        heard = tuple(HeardDigest(r, (r.op_count, r.ids_hash) == (count, hash_))
                      for r in last.values())
        return AntiEntropyStatus(
            channel_id, count, hash_,
            store.watchlist_snapshots.added_by_snapshots_like(channel_id, ANSWER_PREFIX),
            heard, tuple(r for r in records if r.own),
            sum(r.unforwardable or 0 for r in records if not r.own))


class WatchlistDigestHandler:
    """The ``watchlist.digest`` kind's folded handler (inside the decrypting
    transaction, after the channel crypto verified the announcing member)."""

    def __init__(self, store: Store, digests: WatchlistDigests) -> None:
        self._store = store
        self._digests = digests

    def fold(self, message: ChannelMessage, at_ms: int) -> None:
        body = message.body
        if not isinstance(body, WatchlistDigestBody):
            raise PayloadRejectedError(Rejection.MALFORMED, "not a watch-list digest")
        if body.digest.channel_id != message.channel_id:
            raise PayloadRejectedError(Rejection.WRONG_CHANNEL, body.digest.channel_id)
        if self._store.watchlist_digests.has(message.message_id):
            raise PayloadRejectedError(Rejection.REPLAYED,
                                       f"watch-list digest {message.message_id} already folded")
        self._digests.answer(message, body.digest, at_ms)
