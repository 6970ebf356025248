"""The channel encryption service's interface, and what it hands back.

The sync engine and the CLI talk to channels only through :class:`ChannelCrypto`:
"encrypt this message for channel C" gives one group ciphertext for the relay
to fan out plus, when keys rotate, one direct envelope per member device;
"here is an incoming payload" gives a typed :data:`IncomingResult`. Nothing in
this interface names Olm or Megolm, so an MLS (RFC 9420) implementation —
commits and welcomes as direct envelopes, application messages as group
envelopes — could replace :class:`~.megolm_channel_crypto.MegolmChannelCrypto`
without touching the callers.

Transactions: every method writes its state changes (ratchets, membership,
message rows) inside ``store.transaction()``. Call it inside your own
transaction to commit the outbox rows (or the relay acknowledgement cursor)
atomically with them; state must be committed before a ciphertext leaves the
device, and an incoming envelope acknowledged only after its result committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from liaison_client.channels.membership import AppliedEvent, MemberDevice, MembershipState
from liaison_client.channels.payloads import ChannelMessage, MessageBody
from liaison_client.channels.sender_chain import UNCHAINED_ARRIVAL, ChainArrival
from liaison_client.crypto.rejection import Rejection


@dataclass(frozen=True)
class DirectEnvelope:
    """A payload for exactly one device (pairwise encrypted)."""

    recipient_device_id: str
    payload: bytes


@dataclass(frozen=True)
class GroupEnvelope:
    """One ciphertext the relay delivers to every listed device."""

    recipient_device_ids: tuple[str, ...]
    payload: bytes


@dataclass(frozen=True)
class OutgoingMessage:
    """Send ``key_shares`` (if any) before ``group``: they carry its new key."""

    message: ChannelMessage
    group: GroupEnvelope
    key_shares: tuple[DirectEnvelope, ...]


@dataclass(frozen=True)
class OutgoingControl:
    state: MembershipState
    envelopes: tuple[DirectEnvelope, ...]


# -- incoming results ------------------------------------------------------------

@dataclass(frozen=True)
class MessageReceived:
    envelope_id: str
    message: ChannelMessage
    #: How it fits its sender's chain (:mod:`.sender_chain`); never a reason to refuse.
    chain: ChainArrival = UNCHAINED_ARRIVAL


@dataclass(frozen=True)
class OperationFolded:
    """A verified message of a ``FOLDED`` kind (:mod:`.kinds`), handed to its kind's
    handler and folded into that state; it is not a timeline message."""

    envelope_id: str
    message: ChannelMessage
    chain: ChainArrival = UNCHAINED_ARRIVAL


#: What a decrypted group message becomes (or a refusal, when it was released late).
Opened = MessageReceived | OperationFolded


class FoldedKindHandler(Protocol):
    """Folds one ``FOLDED`` kind's verified messages into its own state.

    Called inside the channel service's transaction, after every check (sender,
    membership, signature, replay of the Megolm index) passed: what it writes
    commits with the envelope's acknowledgement. It must refuse a message id it
    already folded (raise :class:`~liaison_client.crypto.errors.PayloadRejectedError`
    with ``Rejection.REPLAYED``), as the ``messages`` table does for timeline kinds.
    """

    def fold(self, message: ChannelMessage, at_ms: int) -> None: ...


@dataclass(frozen=True)
class HeldForKey:
    """A group message whose key has not arrived; decrypted when it does."""

    envelope_id: str
    session_id: str


@dataclass(frozen=True)
class Rejected:
    """Refused and recorded; show it to the user, never as a normal message."""

    envelope_id: str
    sender_device_id: str
    reason: Rejection
    detail: str
    #: The channel it was for, when that could be told (then it is shown there).
    channel_id: str | None = None


@dataclass(frozen=True)
class KeyShareHeld:
    """A group key for an epoch (or channel) this device has not reached yet.

    Olm cannot decrypt the envelope twice, so the share itself is kept and bound
    when the coordinator's control event arrives (losing it would lose messages).
    """

    envelope_id: str
    channel_id: str
    epoch: int


@dataclass(frozen=True)
class Duplicate:
    """Already handled (the relay delivers at least once); nothing to do but acknowledge."""

    envelope_id: str


@dataclass(frozen=True)
class KeyShareReceived:
    """A member's group key arrived; ``released`` are the held messages it unlocked."""

    envelope_id: str
    channel_id: str
    sender_device_id: str
    released: tuple[Opened | Rejected, ...]


@dataclass(frozen=True)
class MembershipChanged:
    """Control events accepted; a member whose key changed is flagged in ``applied``.

    ``released`` are held group messages that key shares held for the new epoch
    unlocked (or refused once their epoch was known).
    """

    envelope_id: str
    applied: tuple[AppliedEvent, ...]
    released: tuple[Opened | Rejected, ...] = ()
    #: "Applied up to here", for the coordinator (:class:`~.payloads.ControlAck`):
    #: queue them in the transaction that commits this result.
    acknowledgements: tuple[DirectEnvelope, ...] = ()
    #: Own messages written under an epoch this change made stale: queued again,
    #: to be signed and encrypted under the new epoch (docs/CRYPTO.md).
    sent_again: tuple[str, ...] = ()


@dataclass(frozen=True)
class ControlAcknowledged:
    """A member told this (coordinator) device it applied the log up to ``epoch``."""

    envelope_id: str
    channel_id: str
    sender_device_id: str
    epoch: int


IncomingResult = (
    MessageReceived | OperationFolded | KeyShareReceived | KeyShareHeld | MembershipChanged
    | ControlAcknowledged | HeldForKey | Rejected | Duplicate
)


class ChannelCrypto(Protocol):
    def create_channel(self, name: str) -> OutgoingControl: ...

    def invite(self, channel_id: str, member: MemberDevice) -> OutgoingControl: ...

    def remove(self, channel_id: str, device_id: str) -> OutgoingControl: ...

    def rename(self, channel_id: str, name: str) -> OutgoingControl: ...

    def close(self, channel_id: str) -> OutgoingControl: ...

    def send(self, channel_id: str, body: MessageBody) -> OutgoingMessage: ...

    def compose(self, channel_id: str, body: MessageBody) -> ChannelMessage: ...

    def encrypt_composed(self, message: ChannelMessage) -> OutgoingMessage: ...

    def receive(self, envelope_id: str, sender_device_id: str,
                payload: bytes) -> IncomingResult: ...
