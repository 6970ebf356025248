"""The per-sender chain of channel messages: the next link to send, what an
arriving link says, and the gaps per sender (docs/CRYPTO.md, "Per-sender chain").

Every content-version-2 message signs ``prev`` (the
:func:`~liaison_client.crypto.message_signature.message_hash` of the same
sender device's previous message in the channel), ``seq`` (its position) and
the membership ``epoch``/``membership_head`` its sender wrote under. This
module keeps those links in the store and reads them back:

* sending: :meth:`SenderChain.next_link` and :meth:`SenderChain.record_own`
  run in the transaction that puts the message's envelope in the outbox, so
  the chain head survives a crash or a restart and a rolled-back encryption
  leaves it where it was;
* receiving: :meth:`SenderChain.record_received` stores the link and says
  how it fits (:class:`ChainArrival`); the chain itself refuses nothing (the
  epoch rules are :mod:`.epoch_policy`'s, checked before a link is stored);
* reading: :meth:`SenderChain.gaps` lists, per sender, between which held
  messages links are missing, broken or forked.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from liaison_client.channels.membership import MembershipLog, MembershipState
from liaison_client.channels.payloads import ChannelMessage, SenderChainLink
from liaison_client.store.message_chain import ChainLinkRecord, OwnChainHead
from liaison_client.store.store import Store


class Continuity(StrEnum):
    """How an arriving message fits its sender's chain as this device holds it."""

    #: Content version 1: no chain to check (an older client).
    UNCHAINED = "unchained"
    #: The sender's first message in the channel (``seq`` 0).
    FIRST = "first"
    #: Its predecessor is held and ``prev`` is that message's hash.
    LINKED = "linked"
    #: No predecessor held: a message before it is missing (or is history from
    #: before this device could read the channel, when nothing earlier is held).
    PREDECESSOR_MISSING = "predecessor-missing"
    #: A predecessor is held but ``prev`` is not its hash, or another message of
    #: the same sender already holds this ``seq``: the sender signed two histories.
    CONFLICT = "conflict"


class MembershipView(StrEnum):
    """The sender's signed membership head against this device's membership log."""

    UNCHAINED = "unchained"
    #: The sender wrote under the epoch this device is at, with the same head.
    CURRENT = "current"
    #: An older epoch of the same log: the sender had not seen a later change yet.
    BEHIND = "behind"
    #: The head differs from this device's event at that epoch (a forked log),
    #: or names an epoch this device has not reached.
    DIVERGED = "diverged"


@dataclass(frozen=True)
class ChainArrival:
    """What an arriving message says about its sender's chain and membership view."""

    continuity: Continuity
    membership: MembershipView
    #: The held successor (``seq + 1``) now links to it: a gap closed.
    closes_gap: bool = False


UNCHAINED_ARRIVAL = ChainArrival(Continuity.UNCHAINED, MembershipView.UNCHAINED)


class GapKind(StrEnum):
    #: ``missing`` links between the two messages were never received.
    MISSING = "missing"
    #: Consecutive ``seq`` but ``after.prev`` is not ``before``'s hash.
    MISMATCH = "mismatch"
    #: Two different messages of the sender hold the same ``seq``.
    FORK = "fork"


@dataclass(frozen=True)
class SenderGap:
    """A discontinuity in one sender's chain, between two messages this device holds:
    it lies after ``after_message_id`` (chain position ``after_seq``) and before
    ``before_message_id`` (``before_seq``).

    ``missing`` is how many links lie between them (``after.seq - before.seq - 1``;
    0 for a mismatch or a fork). A gap before the first held message is not
    listed: a member cannot tell it from history before it joined.
    """

    channel_id: str
    sender_device_id: str
    kind: GapKind
    after_message_id: str
    before_message_id: str
    after_seq: int
    before_seq: int

    @property
    def missing(self) -> int:
        return max(0, self.before_seq - self.after_seq - 1)


class SenderChain:
    """The per-sender chain over the store (``store.message_chain``)."""

    def __init__(self, store: Store, membership: MembershipLog) -> None:
        self._store = store
        self._membership = membership

    # -- sending ---------------------------------------------------------------------

    def next_link(self, state: MembershipState) -> SenderChainLink:
        """The link this device's next message in ``state``'s channel carries."""
        head = self._store.message_chain.own_head(state.channel_id)
        if head is None:
            return SenderChainLink(state.head_hash, None, 0)
        return SenderChainLink(state.head_hash, head.message_hash, head.seq + 1)

    def record_own(self, message: ChannelMessage, message_hash: str, at_ms: int) -> None:
        """Store this device's chained message and advance its head (call in the
        transaction that queues the message's envelope). A message sent again
        under a newer epoch replaces its earlier link (which became a gap)."""
        assert message.chain is not None
        self._store.message_chain.replace(_link_record(message, message_hash, at_ms))
        self._store.message_chain.set_own_head(OwnChainHead(
            message.channel_id, message.chain.seq, message_hash, message.message_id))

    # -- receiving -------------------------------------------------------------------

    def record_received(self, message: ChannelMessage, message_hash: str,
                        at_ms: int) -> ChainArrival:
        """Store a verified chained message's link and say how it fits."""
        link = message.chain
        if link is None:
            return UNCHAINED_ARRIVAL
        repo = self._store.message_chain
        same_seq = repo.at(message.channel_id, message.sender_device_id, link.seq)
        continuity = self._continuity(message, link, conflict=any(
            held.message_hash != message_hash for held in same_seq))
        repo.add(_link_record(message, message_hash, at_ms))
        successors = repo.at(message.channel_id, message.sender_device_id, link.seq + 1)
        return ChainArrival(
            continuity, self._membership_view(message, link),
            closes_gap=any(s.prev_hash == message_hash for s in successors),
        )

    def _continuity(self, message: ChannelMessage, link: SenderChainLink, *,
                    conflict: bool) -> Continuity:
        if conflict:
            return Continuity.CONFLICT
        if link.prev is None:
            return Continuity.FIRST
        before = self._store.message_chain.at(message.channel_id, message.sender_device_id,
                                              link.seq - 1)
        if not before:
            return Continuity.PREDECESSOR_MISSING
        if any(held.message_hash == link.prev for held in before):
            return Continuity.LINKED
        return Continuity.CONFLICT

    def _membership_view(self, message: ChannelMessage,
                         link: SenderChainLink) -> MembershipView:
        state = self._membership.state(message.channel_id)
        if state is None or message.epoch > state.epoch:
            return MembershipView.DIVERGED
        if message.epoch == state.epoch:
            return (MembershipView.CURRENT if link.membership_head == state.head_hash
                    else MembershipView.DIVERGED)
        # Rare (a message written before a change this device has applied): read the log.
        event = self._membership.chain(message.channel_id)[message.epoch]
        return (MembershipView.BEHIND if event.event_hash == link.membership_head
                else MembershipView.DIVERGED)

    # -- reading ---------------------------------------------------------------------

    def gaps(self, channel_id: str) -> list[SenderGap]:
        """Every discontinuity in the channel's sender chains, per sender in chain order."""
        found = []
        for broken in self._store.message_chain.breaks(channel_id):
            before, after = broken.before, broken.after
            if after.seq == before.seq:
                kind = GapKind.FORK
            elif after.seq == before.seq + 1:
                kind = GapKind.MISMATCH
            else:
                kind = GapKind.MISSING
            found.append(SenderGap(channel_id, after.sender_device_id, kind,
                                   before.message_id, after.message_id, before.seq, after.seq))
        return found


def _link_record(message: ChannelMessage, message_hash: str, at_ms: int) -> ChainLinkRecord:
    assert message.chain is not None
    return ChainLinkRecord(
        message_id=message.message_id, channel_id=message.channel_id,
        sender_device_id=message.sender_device_id, seq=message.chain.seq,
        prev_hash=message.chain.prev, message_hash=message_hash, epoch=message.epoch,
        membership_head=message.chain.membership_head, kind=str(message.kind),
        sent_at_ms=message.sent_at_ms, recorded_at_ms=at_ms,
    )
