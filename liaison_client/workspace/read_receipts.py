"""Read receipts (issue 11): optional per operation, off by default, the coordinator decides.

The switch is a signed control event of the operation's membership log
(``read_receipts``, :mod:`liaison_client.channels.membership`), so every member
applies the same setting at the same point of the chain, and a relay cannot
turn receipts on for anyone. While it is on, marking an operation read queues
one ``receipt.read`` message (:mod:`liaison_client.channels.kinds.read_receipt`)
naming the messages that were unread, in the same transaction that marks them
read: a crash leaves both or neither. The next sync round sends it like any
folded message.

On arrival a receipt is kept only while the receiving device also has receipts
on (a receipt in flight when the coordinator turned them off is dropped, so
"off" means nothing more is recorded from that point of the chain on), and
only its rows about this device's own messages (:mod:`liaison_client.store.message_reads`).
docs/OPERATIONS.md, "Read receipts", has the rules and what they reveal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from liaison_client.channels.kinds import ReadReceiptBody
from liaison_client.channels.kinds.read_receipt import MAX_READ_IDS
from liaison_client.channels.membership import MembershipState
from liaison_client.channels.payloads import ChannelMessage
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.store.store import Store
from liaison_client.sync.outbound import Outbound


@dataclass(frozen=True)
class ReadMarked:
    """What marking an operation read did."""

    #: Messages that were unread.
    count: int
    #: ``receipt.read`` messages queued for the members (0 while receipts are off).
    receipts_queued: int


def receipts_on(state: MembershipState | None, own_device_id: str) -> bool:
    """This device sends receipts in the operation: they are on, it is open, and this
    device is still a member."""
    return (state is not None and state.read_receipts and not state.closed
            and state.is_member(own_device_id))


class ReadReceipts:
    """Marks operations read and queues the receipts the operation asks for."""

    def __init__(self, store: Store, outbound: Outbound,
                 membership: Callable[[str], MembershipState | None],
                 own_device_id: Callable[[], str]) -> None:
        self._store = store
        self._outbound = outbound
        self._membership = membership
        self._own_device_id = own_device_id

    def mark_read(self, channel_id: str) -> ReadMarked:
        store = self._store
        with store.transaction():
            send = receipts_on(self._membership(channel_id), self._own_device_id())
            ids = sorted(store.messages.unread_ids(channel_id)) if send else []
            count = store.messages.mark_read(channel_id)
            chunks = [ids[i:i + MAX_READ_IDS] for i in range(0, len(ids), MAX_READ_IDS)]
            for chunk in chunks:
                self._outbound.compose_folded(channel_id, ReadReceiptBody(tuple(chunk)))
        return ReadMarked(count, len(chunks))


class ReadReceiptHandler:
    """The ``receipt.read`` kind's folded handler (inside the decrypting transaction,
    after the channel crypto verified the reader's signature and membership).

    A receipt folded twice changes nothing (each reader's first time is kept, by the
    table's key), so unlike the watch-list handlers it keeps no record of the
    message ids it folded to refuse a second copy: a replayed envelope is refused
    before it gets here (the Megolm index, the envelope log), and a copy its reader
    re-encrypted would only repeat what is recorded."""

    def __init__(self, store: Store, membership: Callable[[str], MembershipState | None],
                 own_device_id: Callable[[], str]) -> None:
        self._store = store
        self._membership = membership
        self._own_device_id = own_device_id

    def fold(self, message: ChannelMessage, at_ms: int) -> None:
        body = message.body
        if not isinstance(body, ReadReceiptBody):
            raise PayloadRejectedError(Rejection.MALFORMED, "not a read receipt")
        state = self._membership(message.channel_id)
        if state is None or not state.read_receipts:
            return  # off in this operation (turned off while it was in flight): not kept
        self._store.message_reads.record(
            message.channel_id, message.sender_device_id, message.sent_at_ms,
            body.message_ids, own_device_id=self._own_device_id())
