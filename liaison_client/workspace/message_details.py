"""What the desktop's "Message details" shows about one message: when it was sent and
received, who sent it and whether their key is verified, and for this device's own
messages where each member's copy stands ("delivered to 3 of 5") and, where the
operation has read receipts on, who has read it ("read by 2 of 5").

Read from the store only (no relay call): the per-recipient rows
(:mod:`liaison_client.store.deliveries`) are kept current by the sync loop from the
relay's delivery states, and a message still in the outbox names its recipients in its
envelope row. Before encryption a message has no recipients yet: the operation's
current members (less this device) are who it will go to, and are listed as queued.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.store.deliveries import LocalDeliveryState
from liaison_client.store.records import MessageState
from liaison_client.workspace.context import Person, WorkspaceContext


@dataclass(frozen=True)
class MemberDelivery:
    """One recipient device's copy of an own message."""

    device_id: str
    name: str
    agency: str
    state: LocalDeliveryState
    #: When this device last learnt the state (0: not yet sent).
    updated_at_ms: int


@dataclass(frozen=True)
class MemberRead:
    """A member who read an own message (a read receipt)."""

    device_id: str
    name: str
    agency: str
    #: The reader's signed time of its receipt.
    read_at_ms: int


@dataclass(frozen=True)
class MessageDetails:
    message_id: str
    channel_id: str
    sender_device_id: str
    sender_name: str
    sender_agency: str
    #: The sender's key was compared and marked verified on this device.
    sender_verified: bool
    #: The sender's key changed since it was last verified (or first seen).
    sender_key_changed: bool
    #: This device sent it.
    own: bool
    #: The sender's clock when it was written (signed inside the message).
    sent_at_ms: int
    #: When it reached this device (for an own message: when it was stored here).
    received_at_ms: int
    #: The message's own state (``queued``, ``sent``, ``delivered``, ``received``...).
    state: MessageState
    #: Why the relay refused it for good (an own message set aside), else None.
    refused_because: str | None
    #: Per recipient device (own messages only), by name.
    deliveries: tuple[MemberDelivery, ...]
    #: The operation has read receipts on now (the coordinator's setting).
    read_receipts: bool = False
    #: Who read it (own messages only; receipts kept while they were on), first first.
    reads: tuple[MemberRead, ...] = ()

    @property
    def delivered(self) -> int:
        return sum(1 for d in self.deliveries if d.state is LocalDeliveryState.DELIVERED)

    @property
    def recipients(self) -> int:
        return len(self.deliveries)

    @property
    def read(self) -> int:
        return len(self.reads)


def message_details(context: WorkspaceContext, message_id: str) -> MessageDetails | None:
    """The details of ``message_id``, or None if this device holds no such message."""
    store = context.store
    record = store.messages.get(message_id)
    if record is None:
        return None
    own_device = context.profile.device_id
    own = record.sender_device_id == own_device
    people: dict[str, Person] = {}
    name, agency = context.person(record.sender_device_id, people)
    known = store.devices.get(record.sender_device_id)
    deliveries: list[MemberDelivery] = []
    if own:
        rows = store.deliveries.for_message(message_id)
        if rows:
            deliveries = [_delivery(context, row.recipient_device_id, row.state,
                                    row.updated_at_ms, people) for row in rows]
        elif record.state is MessageState.QUEUED:
            waiting = store.outbox.recipients_of(message_id)
            if not waiting:
                state = context.crypto.membership.state(record.channel_id)
                waiting = [] if state is None else [
                    m.device_id for m in state.members if m.device_id != own_device]
            deliveries = [_delivery(context, device, LocalDeliveryState.QUEUED, 0, people)
                          for device in waiting]
    deliveries.sort(key=lambda d: (d.name.casefold(), d.device_id))
    reads = []
    if own:
        for read in store.message_reads.for_message(message_id):
            reader_name, reader_agency = context.person(read.reader_device_id, people)
            reads.append(MemberRead(read.reader_device_id, reader_name, reader_agency,
                                    read.read_at_ms))
    state = context.membership_state(record.channel_id)
    return MessageDetails(
        message_id, record.channel_id, record.sender_device_id, name, agency,
        sender_verified=own or (known is not None and known.verified),
        sender_key_changed=known is not None and known.key_changed,
        own=own, sent_at_ms=record.sent_at_ms, received_at_ms=record.received_at_ms,
        state=record.state,
        refused_because=store.outbox.set_aside_reason(message_id) if own else None,
        deliveries=tuple(deliveries),
        read_receipts=state is not None and state.read_receipts, reads=tuple(reads))


def _delivery(context: WorkspaceContext, device_id: str, state: LocalDeliveryState,
              at_ms: int, people: dict[str, Person]) -> MemberDelivery:
    name, agency = context.person(device_id, people)
    return MemberDelivery(device_id, name, agency, state, at_ms)
