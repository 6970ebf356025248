"""Channel encryption with Olm (pairwise) and Megolm (group), as Matrix does it.

The rules this module enforces, each refused with a clear
:class:`~liaison_client.crypto.rejection.Rejection`:

* An envelope's inner sender must be the device the relay says sent it, with
  the keys this device trusts for it (a changed key is refused until verified).
* A group key is accepted only over Olm, from a current member, for the
  channel's current epoch, and is bound to that sender; a group message is
  accepted only if its session is bound to the sender, channel and epoch it
  claims, the sender is still a member, its per-message signature verifies,
  and its ``(session, index)`` was never used before.
* Control events are accepted only as :mod:`.membership` allows.
* A verified group message goes where its kind (:mod:`.kinds`) says: a
  timeline kind to the ``messages`` table, a folded kind to the handler
  registered for it (none is built yet; without a handler it is refused as
  an unsupported kind, as an unknown kind is).

See docs/CRYPTO.md for the formats and the persistence rules.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Protocol

from liaison_client.channels.channel_crypto import (
    ControlAcknowledged,
    DirectEnvelope,
    Duplicate,
    FoldedKindHandler,
    GroupEnvelope,
    HeldForKey,
    IncomingResult,
    KeyShareHeld,
    KeyShareReceived,
    MembershipChanged,
    MessageReceived,
    Opened,
    OperationFolded,
    OutgoingControl,
    OutgoingMessage,
    Rejected,
)
from liaison_client.channels.epoch_policy import (
    readers_changed_since,
    removal_of,
    stale_detail,
    superseding_change,
    written_after_removal,
)
from liaison_client.channels.errors import (
    ChannelClosedError,
    MissingSessionsError,
    NotSendableError,
)
from liaison_client.channels.kinds import Placement, decode_stored_body, kind_definition
from liaison_client.channels.membership import (
    MAX_RETENTION_DAYS,
    AppliedEvent,
    ControlAction,
    ControlEvent,
    MemberDevice,
    MembershipLog,
    MembershipState,
    create_event,
    next_event,
)
from liaison_client.channels.membership_acks import MembershipAcks, Outstanding
from liaison_client.channels.payloads import (
    CONTROL_ACK_TYPE,
    CONTROL_TYPE,
    GROUP_KEY_TYPE,
    MESSAGE_CONTENT_VERSION,
    ChannelMessage,
    ControlAck,
    GroupKeyShare,
    MegolmEnvelope,
    MessageBody,
    OlmEnvelope,
    decode_envelope,
)
from liaison_client.channels.sender_chain import UNCHAINED_ARRIVAL, ChainArrival, SenderChain
from liaison_client.crypto.clock import Clock as Clock
from liaison_client.crypto.device_keys import DeviceKeys
from liaison_client.crypto.device_trust import trusted_keys
from liaison_client.crypto.errors import MissingGroupSessionError, PayloadRejectedError
from liaison_client.crypto.identity import DeviceIdentity, verify_signature
from liaison_client.crypto.megolm import (
    GroupCiphertext,
    GroupSender,
    GroupSessionKey,
    MegolmSessions,
)
from liaison_client.crypto.message_signature import message_hash
from liaison_client.crypto.olm_machine import OlmMachine, OlmPlaintext
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.errors import NotCoordinatorError, UsageError
from liaison_client.protocol.canonical import JsonObject, canonical_json
from liaison_client.store.crypto_sessions import HeldKeyShare, PendingGroupMessage
from liaison_client.store.envelope_log import EnvelopeOutcome, ProcessedEnvelope
from liaison_client.store.outgoing import OutgoingMessage as OutgoingRow
from liaison_client.store.records import MessageRecord, MessageState, now_ms
from liaison_client.store.store import Store


class ProfileCrypto(Protocol):
    """What the channel service needs of an open profile: its store and device keys.

    ``liaison_client.profile.Profile`` has these; the service takes them
    through this Protocol so the channels layer does not import the profile
    layer above it.
    """

    @property
    def store(self) -> Store: ...

    @property
    def identity(self) -> DeviceIdentity: ...

    @property
    def device_id(self) -> str: ...

    @property
    def pickle_key(self) -> bytes: ...


#: Told of a received control event once applied, inside the transaction that applies
#: it (what it writes commits with the event): the watch-lists re-send own operations
#: encrypted under an epoch the members have since left (docs/WATCHLISTS.md).
MembershipObserver = Callable[[AppliedEvent], None]


class MegolmChannelCrypto:
    """:class:`~.channel_crypto.ChannelCrypto` over vodozemac Olm + Megolm.

    ``folded`` maps each ``FOLDED`` message kind to its handler (:mod:`.kinds`);
    ``clock`` stamps everything this service and its Olm machine write.
    """

    def __init__(self, store: Store, identity: DeviceIdentity, device_id: str,
                 pickle_key: bytes, *, clock: Clock = now_ms,
                 folded: Mapping[str, FoldedKindHandler] | None = None,
                 membership_observers: list[MembershipObserver] | None = None) -> None:
        self._store = store
        self._identity = identity
        self._device_id = device_id
        self._clock = clock
        self._folded: dict[str, FoldedKindHandler] = dict(folded or {})
        #: Told of every control event received and applied (shared list: see CryptoState).
        self._membership_observers = membership_observers if membership_observers is not None \
            else []
        self.olm = OlmMachine(store, identity, device_id, pickle_key, clock=clock)
        self.megolm = MegolmSessions(store, pickle_key)
        self.membership = MembershipLog(store, own_device_id=device_id)
        self.sender_chain = SenderChain(store, self.membership)
        self.acks = MembershipAcks(store)

    @classmethod
    def for_profile(cls, profile: ProfileCrypto, *, clock: Clock = now_ms,
                    folded: Mapping[str, FoldedKindHandler] | None = None,
                    ) -> MegolmChannelCrypto:
        return cls(profile.store, profile.identity, profile.device_id, profile.pickle_key,
                   clock=clock, folded=folded)

    @property
    def device_id(self) -> str:
        return self._device_id

    def handle_folded(self, kind: str, handler: FoldedKindHandler) -> None:
        """Register the handler of a ``FOLDED`` kind after construction (a service
        built on an existing channel service)."""
        self._folded[kind] = handler

    def own_member(self) -> MemberDevice:
        record = self._store.identity.load()
        return MemberDevice(self._device_id, self._identity.ed25519_key,
                            self._identity.curve25519_key, record.name, record.agency)

    # -- membership (coordinator) ------------------------------------------------

    def create_channel(self, name: str) -> OutgoingControl:
        name = name.strip()
        if not name:
            raise UsageError("a channel needs a name")
        event = create_event(self._identity, self.own_member(), name, self._clock())
        applied = self.membership.apply(event, delivered_by=None, at_ms=self._clock())
        assert applied is not None
        return OutgoingControl(applied.state, ())

    def invite(self, channel_id: str, member: MemberDevice) -> OutgoingControl:
        state = self._coordinated(channel_id)
        chain = self.membership.chain(channel_id)
        event = next_event(self._identity, state, ControlAction.INVITE, self._clock(),
                           subject=member)
        # The new member gets the whole chain; everyone else only the new event.
        plan = [(member.keys, [*chain, event])]
        plan += [(m.keys, [event]) for m in state.members if m.device_id != self._device_id]
        return self._issue(event, plan)

    def remove(self, channel_id: str, device_id: str) -> OutgoingControl:
        state = self._coordinated(channel_id)
        member = state.member(device_id)
        if member is None:
            raise UsageError(f"{device_id} is not a member of this channel")
        event = next_event(self._identity, state, ControlAction.REMOVE, self._clock(),
                           subject=member)
        # The removed device is told too, so it stops sending to the channel.
        return self._issue(event, [(m.keys, [event]) for m in state.members
                                   if m.device_id != self._device_id])

    def rename(self, channel_id: str, name: str) -> OutgoingControl:
        state = self._coordinated(channel_id)
        event = next_event(self._identity, state, ControlAction.RENAME, self._clock(),
                           name=name.strip())
        return self._issue(event, self._to_others(state, event))

    def close(self, channel_id: str) -> OutgoingControl:
        state = self._coordinated(channel_id)
        if state.closed:
            raise ChannelClosedError(state.name)
        event = next_event(self._identity, state, ControlAction.CLOSE, self._clock())
        return self._issue(event, self._to_others(state, event))

    def set_retention(self, channel_id: str, days: int) -> OutgoingControl:
        """Every member deletes the channel's local history ``days`` after its close."""
        state = self._coordinated(channel_id)
        if not 0 <= days <= MAX_RETENTION_DAYS:
            raise UsageError(f"retention is 0 to {MAX_RETENTION_DAYS} days")
        event = next_event(self._identity, state, ControlAction.RETENTION, self._clock(),
                           retention_days=days)
        return self._issue(event, self._to_others(state, event))

    def set_read_receipts(self, channel_id: str, on: bool) -> OutgoingControl:
        """Turn the operation's read receipts on or off for every member (an open
        operation only: a closed one has no reading left to report)."""
        state = self._coordinated(channel_id)
        if state.closed:
            raise ChannelClosedError(state.name)
        event = next_event(self._identity, state, ControlAction.READ_RECEIPTS, self._clock(),
                           read_receipts=on)
        return self._issue(event, self._to_others(state, event))

    def _to_others(self, state: MembershipState,
                   event: ControlEvent) -> list[tuple[DeviceKeys, list[ControlEvent]]]:
        return [(m.keys, [event]) for m in state.members if m.device_id != self._device_id]

    def _coordinated(self, channel_id: str) -> MembershipState:
        state = self.membership.state(channel_id)
        if state is None:
            raise UsageError(f"unknown channel {channel_id}")
        if state.coordinator.device_id != self._device_id:
            raise NotCoordinatorError("only the channel's coordinator can change its membership")
        return state

    def _issue(self, event: ControlEvent,
               plan: list[tuple[DeviceKeys, list[ControlEvent]]]) -> OutgoingControl:
        self._require_sessions(keys for keys, _ in plan)
        before = self.membership.state(event.channel_id)
        at = self._clock()
        with self._store.transaction():
            applied = self.membership.apply(event, delivered_by=None, at_ms=at)
            assert applied is not None
            envelopes = tuple(
                self._direct(keys, CONTROL_TYPE, {"events": [e.to_wire() for e in events]})
                for keys, events in plan
            )
            for keys, _ in plan:
                # Sent again until the device says (or its messages show) it applied it.
                was_member = before is not None and before.is_member(keys.device_id)
                self.acks.expect(event.channel_id, keys.device_id, event.epoch,
                                 acked=event.epoch - 1 if was_member else -1, at_ms=at)
        return OutgoingControl(applied.state, envelopes)

    def resend_control(self) -> tuple[DirectEnvelope, ...]:
        """The control events each member (or removed device) that has not
        acknowledged them is due to get again (docs/CRYPTO.md, "Membership
        epochs"); call inside the transaction that queues them."""
        at = self._clock()
        envelopes = []
        with self._store.transaction():
            for row in self.acks.due(at):
                envelope = self._resend(row)
                if envelope is not None:
                    envelopes.append(envelope)
                self.acks.resent(row, at)
        return tuple(envelopes)

    def _resend(self, row: Outstanding) -> DirectEnvelope | None:
        state = self.membership.state(row.channel_id)
        if state is None or state.coordinator.device_id != self._device_id:
            self.acks.forget_channel(row.channel_id)
            return None
        chain = self.membership.chain(row.channel_id)
        subject = state.member(row.device_id) or next(
            (e.subject for e in reversed(chain[:row.target + 1])
             if e.subject is not None and e.subject.device_id == row.device_id), None)
        if subject is None or not self.olm.has_session(subject.keys):
            return None
        events = chain[max(0, row.acked + 1):row.target + 1]
        return self._direct(subject.keys, CONTROL_TYPE,
                            {"events": [e.to_wire() for e in events]})

    # -- sending --------------------------------------------------------------------

    def send(self, channel_id: str, body: MessageBody) -> OutgoingMessage:
        """Compose and encrypt in one transaction (nothing is stored if it fails)."""
        with self._store.transaction():
            return self.encrypt_composed(self.compose(channel_id, body))

    def compose(self, channel_id: str, body: MessageBody) -> ChannelMessage:
        """Store ``body`` as this device's ``queued`` message, not yet signed.

        Encryption is a separate step (:meth:`encrypt_composed`) because it may
        need pairwise sessions that only the relay can help set up: the
        message is safe in the store first. It is signed at encryption,
        because its signature covers the membership epoch and head it is
        encrypted under and its place in this device's chain (content version
        2, docs/CRYPTO.md "Per-sender chain"); so only a message that reaches
        the outbox is a link, and one that expires before encryption leaves no
        gap. The returned message has no signature yet.
        """
        state = self._sendable_state(channel_id, after_close=kind_definition(body.kind)
                                     .after_close)
        at = self._clock()
        message = ChannelMessage(channel_id, state.epoch, str(uuid.uuid4()),
                                 self._device_id, at, body, signature="")
        with self._store.transaction():
            self._store.messages.add(_record(message, MessageState.QUEUED, at))
            self._store.channels.touch(channel_id, at)
        return message

    def encrypt_composed(self, message: ChannelMessage) -> OutgoingMessage:
        """Sign a composed message as the next link of this device's chain and
        encrypt it once for the channel's current members, rotating the group
        key when due (key shares then go first).

        Everything (signature, chain head, ratchet) is written in one
        transaction: call it inside the one that puts the envelopes in the
        outbox, so a message is chained exactly when it is queued to leave.
        """
        channel_id = message.channel_id
        state = self._sendable_state(channel_id, after_close=kind_definition(message.kind)
                                     .after_close)
        others = [m for m in state.members if m.device_id != self._device_id]
        at = self._clock()
        with self._store.transaction():
            key_shares: tuple[DirectEnvelope, ...] = ()
            if self.megolm.rotation_due(channel_id, state.epoch, at):
                self._require_sessions(m.keys for m in others)
                key = self.megolm.start_outbound(channel_id, state.epoch, at)
                share = GroupKeyShare(channel_id, state.epoch, key.session_id, key.session_key,
                                      self._identity.ed25519_key).to_wire()
                key_shares = tuple(self._direct(m.keys, GROUP_KEY_TYPE, share) for m in others)
            message = self._sign_as_next_link(replace(message, epoch=state.epoch), state, at)
            ciphertext = self.megolm.encrypt(channel_id, message.encode())
        group = GroupEnvelope(
            tuple(m.device_id for m in others),
            MegolmEnvelope(self._device_id, ciphertext.session_id, ciphertext.body).encode(),
        )
        return OutgoingMessage(message, group, key_shares)

    def _sign_as_next_link(self, message: ChannelMessage, state: MembershipState,
                           at: int) -> ChannelMessage:
        """Sign ``message`` (content version 2) after this device's last chained
        message in the channel, and store the signature and the new chain head."""
        chained = replace(message, chain=self.sender_chain.next_link(state))
        signed = chained.signed_fields().canonical()
        message = replace(chained, signature=self._identity.sign(signed))
        self._store.messages.set_signature(message.message_id, _raw_signature(message))
        self.sender_chain.record_own(message, message_hash(signed), at)
        return message

    def _sendable_state(self, channel_id: str, *, after_close: bool = False) -> MembershipState:
        """The channel's state if this device may send to it now. ``after_close``:
        the kind is one a closed channel still takes (``KindDefinition.after_close``,
        the transcript-export record); every other kind is refused once closed."""
        state = self.membership.state(channel_id)
        if state is None:
            raise UsageError(f"unknown channel {channel_id}")
        if state.closed and not after_close:
            raise ChannelClosedError(state.name)
        if not state.is_member(self._device_id):
            raise NotSendableError(f"this device is no longer a member of {state.name}")
        return state

    def _require_sessions(self, peers: Iterable[DeviceKeys]) -> None:
        missing = tuple(p.device_id for p in peers if not self.olm.has_session(p))
        if missing:
            raise MissingSessionsError(missing)

    def _direct(self, peer: DeviceKeys, payload_type: str, content: JsonObject) -> DirectEnvelope:
        ciphertext = self.olm.encrypt(peer, payload_type, content)
        envelope = OlmEnvelope(self._device_id, self._identity.curve25519_key, ciphertext)
        return DirectEnvelope(peer.device_id, envelope.encode())

    # -- receiving ------------------------------------------------------------------

    def receive(self, envelope_id: str, sender_device_id: str, payload: bytes) -> IncomingResult:
        """Handle one envelope from the relay; commit its result before acknowledging it."""
        with self._store.transaction():
            if self._store.envelope_log.seen(envelope_id) \
                    or self._store.group_sessions.is_pending(envelope_id):
                return Duplicate(envelope_id)
            try:
                result = self._dispatch(envelope_id, sender_device_id, payload)
            except PayloadRejectedError as exc:
                if exc.channel_id is None:
                    exc.channel_id = self._channel_of(payload)
                return self._reject(envelope_id, sender_device_id, exc)
            if not isinstance(result, HeldForKey):
                self._log(envelope_id, sender_device_id, EnvelopeOutcome.ACCEPTED)
            return result

    def _channel_of(self, payload: bytes) -> str | None:
        """The channel a refused group message was for, if its session is bound."""
        try:
            envelope = decode_envelope(payload)
        except PayloadRejectedError:
            return None
        if not isinstance(envelope, MegolmEnvelope):
            return None
        binding = self._store.group_sessions.inbound(envelope.session_id)
        return None if binding is None else binding.channel_id

    def _dispatch(self, envelope_id: str, relay_sender: str, payload: bytes) -> IncomingResult:
        envelope = decode_envelope(payload)
        if envelope.sender_device_id != relay_sender:
            raise PayloadRejectedError(
                Rejection.WRONG_SENDER,
                f"relay says {relay_sender}, envelope says {envelope.sender_device_id}",
            )
        if isinstance(envelope, MegolmEnvelope):
            try:
                return self._open_group_message(envelope_id, envelope)
            except MissingGroupSessionError:
                self._store.group_sessions.hold_pending(PendingGroupMessage(
                    envelope_id, envelope.session_id, relay_sender, payload, self._clock()))
                return HeldForKey(envelope_id, envelope.session_id)
        sender = trusted_keys(self._store, relay_sender)
        if envelope.sender_curve25519 != sender.curve25519:
            raise PayloadRejectedError(Rejection.WRONG_SENDER,
                                       f"Curve25519 key is not {relay_sender}'s")
        plaintext = self.olm.decrypt(sender, envelope.ciphertext)
        if plaintext.payload_type == GROUP_KEY_TYPE:
            return self._accept_key_share(envelope_id, plaintext)
        if plaintext.payload_type == CONTROL_TYPE:
            return self._accept_control(envelope_id, plaintext)
        if plaintext.payload_type == CONTROL_ACK_TYPE:
            return self._accept_ack(envelope_id, plaintext)
        raise PayloadRejectedError(Rejection.UNSUPPORTED_KIND, plaintext.payload_type)

    def _accept_key_share(self, envelope_id: str,
                          plaintext: OlmPlaintext) -> KeyShareReceived | KeyShareHeld:
        sender = plaintext.sender
        share = GroupKeyShare.from_wire(plaintext.content)
        if share.sender_ed25519 != sender.ed25519:
            raise PayloadRejectedError(Rejection.WRONG_SENDER, "key share names another key")
        current = self.membership.state(share.channel_id)
        if current is None or share.epoch > current.epoch:
            # Ahead of this device (the coordinator's event is still on its way):
            # keep the share, bind it when the membership catches up.
            self._store.group_sessions.hold_share(HeldKeyShare(
                envelope_id, share.channel_id, share.epoch, sender.device_id, sender.ed25519,
                canonical_json(share.to_wire()), self._clock()))
            return KeyShareHeld(envelope_id, share.channel_id, share.epoch)
        released = self._bind_share(share, GroupSender(sender.device_id, sender.ed25519))
        return KeyShareReceived(envelope_id, share.channel_id, sender.device_id, released)

    def _bind_share(self, share: GroupKeyShare,
                    sender: GroupSender) -> tuple[Opened | Rejected, ...]:
        state = self._member_state(share.channel_id, sender)
        if not state.is_member(self._device_id):
            raise PayloadRejectedError(Rejection.REMOVED,
                                       f"a key for epoch {share.epoch} after this device left",
                                       channel_id=share.channel_id)
        if share.epoch < state.epoch and readers_changed_since(
                self.membership.chain(share.channel_id), share.epoch):
            raise PayloadRejectedError(Rejection.STALE_EPOCH,
                                       f"key for epoch {share.epoch}, channel is at {state.epoch}",
                                       channel_id=share.channel_id)
        if share.epoch > state.epoch:
            raise PayloadRejectedError(Rejection.FUTURE_EPOCH,
                                       f"key for epoch {share.epoch}, channel is at {state.epoch}",
                                       channel_id=share.channel_id)
        self.megolm.bind_inbound(_group_key(share), sender, self._clock())
        return tuple(self._release_pending(share.session_id, share.channel_id))

    def _retry_held_shares(self, channel_id: str) -> list[Opened | Rejected]:
        """Bind the shares held for the epoch the channel has now reached."""
        state = self.membership.state(channel_id)
        released: list[Opened | Rejected] = []
        if state is None:
            return released
        for held in self._store.group_sessions.held_shares(channel_id):
            if held.epoch > state.epoch:
                continue
            self._store.group_sessions.release_share(held.envelope_id)
            sender = GroupSender(held.sender_device_id, held.sender_ed25519)
            try:
                if trusted_keys(self._store, sender.device_id).ed25519 != sender.ed25519:
                    raise PayloadRejectedError(Rejection.SENDER_KEY_CHANGED, sender.device_id)
                share = GroupKeyShare.from_wire(WireObject.parse(held.share, "held key share"))
                released.extend(self._bind_share(share, sender))
            except PayloadRejectedError as exc:
                exc.channel_id = channel_id
                released.append(self._reject(held.envelope_id, sender.device_id, exc,
                                             overturn=True))
        return released

    def _member_state(self, channel_id: str, sender: GroupSender) -> MembershipState:
        state = self.membership.state(channel_id)
        if state is None:
            raise PayloadRejectedError(Rejection.UNKNOWN_CHANNEL, channel_id)
        # A closed channel still binds a current member's key: the close is an epoch,
        # so a record it still takes (a transcript export, ``after_close`` kinds)
        # comes under a new group session. Every other message written after the
        # close is refused one by one by its signed time (_open_group_message).
        member = state.member(sender.device_id)
        if member is None:
            raise PayloadRejectedError(Rejection.NOT_A_MEMBER, sender.device_id,
                                       channel_id=channel_id)
        if member.ed25519 != sender.ed25519:
            raise PayloadRejectedError(Rejection.SENDER_KEY_CHANGED,
                                       f"{sender.device_id} differs from its membership entry",
                                       channel_id=channel_id)
        return state

    def _release_pending(self, session_id: str,
                         channel_id: str) -> Iterable[Opened | Rejected]:
        for held in self._store.group_sessions.pending_for(session_id):
            self._store.group_sessions.release_pending(held.envelope_id)
            try:
                envelope = decode_envelope(held.payload)
                assert isinstance(envelope, MegolmEnvelope)
                result = self._open_group_message(held.envelope_id, envelope)
            except PayloadRejectedError as exc:
                exc.channel_id = channel_id
                yield self._reject(held.envelope_id, held.sender_device_id, exc)
                continue
            self._log(held.envelope_id, held.sender_device_id, EnvelopeOutcome.ACCEPTED)
            if not isinstance(result, Duplicate):
                yield result

    def _accept_control(self, envelope_id: str, plaintext: OlmPlaintext) -> MembershipChanged:
        applied: list[AppliedEvent] = []
        for fields in plaintext.content.objects("events"):
            event = ControlEvent.from_wire(fields)
            try:
                outcome = self.membership.apply(event, delivered_by=plaintext.sender,
                                                at_ms=self._clock())
            except PayloadRejectedError as exc:
                if exc.channel_id is None and self.membership.state(event.channel_id):
                    exc.channel_id = event.channel_id
                raise
            if outcome is not None:
                applied.append(outcome)
                for observer in self._membership_observers:
                    observer(outcome)
        released: list[Opened | Rejected] = []
        sent_again: list[str] = []
        for channel_id in dict.fromkeys(a.event.channel_id for a in applied):
            released.extend(self._retry_held_shares(channel_id))
            sent_again.extend(self._send_stale_again(channel_id))
        channels = dict.fromkeys(ControlEvent.from_wire(f).channel_id
                                 for f in plaintext.content.objects("events"))
        acks = tuple(ack for ack in (self._acknowledgement(c, plaintext.sender)
                                     for c in channels) if ack is not None)
        return MembershipChanged(envelope_id, tuple(applied), tuple(released), acks,
                                 tuple(sent_again))

    def _acknowledgement(self, channel_id: str, sender: DeviceKeys) -> DirectEnvelope | None:
        """"Applied up to here" for the coordinator that sent the events (also when
        they were all known already: its earlier acknowledgement may have been lost)."""
        state = self.membership.state(channel_id)
        if state is None or state.coordinator.device_id != sender.device_id \
                or state.coordinator.device_id == self._device_id \
                or not self.olm.has_session(sender):
            return None
        ack = ControlAck(channel_id, state.epoch, state.head_hash)
        return self._direct(sender, CONTROL_ACK_TYPE, ack.to_wire())

    def _accept_ack(self, envelope_id: str, plaintext: OlmPlaintext) -> ControlAcknowledged:
        ack = ControlAck.from_wire(plaintext.content)
        state = self.membership.state(ack.channel_id)
        if state is None:
            raise PayloadRejectedError(Rejection.UNKNOWN_CHANNEL, ack.channel_id)
        if state.coordinator.device_id != self._device_id:
            raise PayloadRejectedError(Rejection.WRONG_RECIPIENT,
                                       "an acknowledgement for another coordinator",
                                       channel_id=ack.channel_id)
        chain = self.membership.chain(ack.channel_id)
        if ack.epoch >= len(chain) or chain[ack.epoch].event_hash != ack.membership_head:
            raise PayloadRejectedError(Rejection.FORKED,
                                       f"acknowledged head at epoch {ack.epoch} is not ours",
                                       channel_id=ack.channel_id)
        self.acks.applied(ack.channel_id, plaintext.sender.device_id, ack.epoch,
                          at_ms=self._clock())
        return ControlAcknowledged(envelope_id, ack.channel_id, plaintext.sender.device_id,
                                   ack.epoch)

    def _send_stale_again(self, channel_id: str) -> list[str]:
        """Queue again this device's messages that members now refuse as written under
        an epoch before a change it had not seen (docs/CRYPTO.md, "Membership
        epochs"): they are signed anew, as new links, and encrypted under the new
        epoch to the new members (so not to a removed device). The refused link
        stays a gap, which the receivers' refusal notice explains.

        Folded kinds (a watch-list operation) have no stored body to send again:
        not covered yet (docs/CRYPTO.md, "Not yet").
        """
        state = self.membership.state(channel_id)
        if state is None or state.closed or not state.is_member(self._device_id):
            return []
        chain = self.membership.chain(channel_id)
        at = self._clock()
        waiting = {row.message_id for row in self._store.outgoing.in_channel(channel_id)}
        queued = []
        for link in self._store.message_chain.of_sender(channel_id, self._device_id):
            if link.epoch >= state.epoch or link.message_id in waiting \
                    or superseding_change(chain, link.epoch, link.sent_at_ms) is None:
                continue
            record = self._store.messages.get(link.message_id)
            if record is None:
                continue
            self._store.outgoing.add(OutgoingRow(record.message_id, channel_id, None, at))
            self._store.messages.set_state(record.message_id, MessageState.QUEUED)
            queued.append(record.message_id)
        return queued

    def _open_group_message(self, envelope_id: str,
                            envelope: MegolmEnvelope) -> Opened | Duplicate:
        opened = self.megolm.decrypt(GroupCiphertext(envelope.session_id, envelope.body))
        binding = opened.binding
        if binding.sender_device_id != envelope.sender_device_id:
            raise PayloadRejectedError(
                Rejection.WRONG_SENDER,
                f"session {binding.session_id} belongs to {binding.sender_device_id}",
            )
        message = ChannelMessage.decode(opened.plaintext)
        if message.sender_device_id != binding.sender_device_id:
            raise PayloadRejectedError(Rejection.WRONG_SENDER,
                                       f"message names {message.sender_device_id}")
        if message.channel_id != binding.channel_id:
            raise PayloadRejectedError(Rejection.WRONG_CHANNEL, message.channel_id)
        if message.epoch != binding.epoch:
            raise PayloadRejectedError(Rejection.STALE_EPOCH,
                                       f"message says epoch {message.epoch}, key {binding.epoch}")
        if trusted_keys(self._store, binding.sender_device_id).ed25519 != binding.sender_ed25519:
            raise PayloadRejectedError(Rejection.SENDER_KEY_CHANGED, binding.sender_device_id)
        state = self.membership.state(message.channel_id)
        if state is None:
            raise PayloadRejectedError(Rejection.UNKNOWN_CHANNEL, message.channel_id)
        if not state.is_member(message.sender_device_id):
            raise PayloadRejectedError(Rejection.NOT_A_MEMBER, message.sender_device_id)
        fields = message.signed_fields()
        # Encoded once: the bytes the signature is checked over contain the stored body,
        # and (content version 2) they are what the message's chain hash is over.
        content = canonical_json(fields.body)
        signed = fields.canonical(content)
        if not verify_signature(binding.sender_ed25519, signed, message.signature):
            raise PayloadRejectedError(Rejection.BAD_SIGNATURE, message.message_id)
        definition = kind_definition(message.kind)
        if (state.closed_at_ms is not None and message.sent_at_ms > state.closed_at_ms
                and not definition.after_close):
            # Written (by its signed time) after the coordinator's close: refused and
            # shown, like any refusal. One written before it still arrives, and so
            # does a record of the end of life (a transcript export; docs/OPERATIONS.md,
            # "Closing").
            raise PayloadRejectedError(Rejection.CHANNEL_CLOSED,
                                       f"{message.message_id} was written after the close",
                                       channel_id=message.channel_id)
        try:
            self._check_epoch(message, state)
        except PayloadRejectedError as exc:
            if not (definition.dropped_when_stale and exc.reason is Rejection.STALE_EPOCH):
                raise
            # Late and worthless (a read receipt): dropped, its chain link kept so the
            # sender's chain shows no gap (KindDefinition.dropped_when_stale).
            self.megolm.mark_seen(binding.session_id, opened.message_index, message.message_id)
            return OperationFolded(envelope_id, message,
                                   self._chain_arrival(message, signed, self._clock()))
        # Decoding already proved the kind is known; where it goes is its definition's.
        placement = definition.placement
        handler = self._folded.get(message.kind)
        if placement is Placement.FOLDED and handler is None:
            raise PayloadRejectedError(Rejection.UNSUPPORTED_KIND,
                                       f"{message.kind!r} has no handler here")
        self.megolm.mark_seen(binding.session_id, opened.message_index, message.message_id)
        at = self._clock()
        if handler is not None and placement is Placement.FOLDED:
            handler.fold(message, at)
            return OperationFolded(envelope_id, message, self._chain_arrival(message, signed, at))
        if not self._store.messages.add(_record(message, MessageState.RECEIVED, at,
                                                content=content)):
            held = self._store.messages.get(message.message_id)
            if held is not None and held.sender_device_id == message.sender_device_id \
                    and held.kind == str(message.kind) and held.content == content.decode():
                # Its sender sent it again under a newer epoch (others refused the
                # first copy); this device, behind itself then, had kept that one.
                return Duplicate(envelope_id)
            raise PayloadRejectedError(Rejection.REPLAYED,
                                       f"message id {message.message_id} already used")
        self._store.channels.touch(message.channel_id, at)
        return MessageReceived(envelope_id, message, self._chain_arrival(message, signed, at))

    def _check_epoch(self, message: ChannelMessage, state: MembershipState) -> None:
        """The membership-epoch rules (:mod:`.epoch_policy`), after the signature
        verified (so nothing unsigned can raise a notice or a re-send)."""
        channel_id = message.channel_id
        if not state.is_member(self._device_id):
            removal = removal_of(self.membership.chain(channel_id), self._device_id)
            if removal is None or written_after_removal(removal, message.sent_at_ms):
                raise PayloadRejectedError(Rejection.REMOVED,
                                           f"{message.message_id} was written after epoch "
                                           f"{state.epoch}", channel_id=channel_id)
        head = message.chain.membership_head if message.chain is not None else None
        if message.epoch >= state.epoch:
            if head is not None and head != state.head_hash:
                raise PayloadRejectedError(Rejection.FORKED,
                                           f"the sender's head at epoch {message.epoch} "
                                           "is not this device's", channel_id=channel_id)
            self._note_member_epoch(message, behind=False)
            return
        chain = self.membership.chain(channel_id)
        if head is not None and chain[message.epoch].event_hash != head:
            raise PayloadRejectedError(Rejection.FORKED,
                                       f"the sender's head at epoch {message.epoch} "
                                       "is not this device's", channel_id=channel_id)
        self._note_member_epoch(message, behind=True)
        change = superseding_change(chain, message.epoch, message.sent_at_ms)
        if change is not None:
            seq = message.chain.seq if message.chain is not None else None
            raise PayloadRejectedError(Rejection.STALE_EPOCH,
                                       stale_detail(message.epoch, change, seq),
                                       channel_id=channel_id)

    def _note_member_epoch(self, message: ChannelMessage, *, behind: bool) -> None:
        """The coordinator learns from each message which epoch its sender had
        applied (its signed head echoes it); a sender behind is sent the events it
        lacks at once."""
        state = self.membership.state(message.channel_id)
        if state is not None and state.coordinator.device_id == self._device_id:
            self.acks.applied(message.channel_id, message.sender_device_id, message.epoch,
                              at_ms=self._clock(), behind=behind)

    def _chain_arrival(self, message: ChannelMessage, signed: bytes, at: int) -> ChainArrival:
        """Record a verified message's link (after every refusal: a refused message
        is no link) and say how it fits; nothing is refused for it (yet)."""
        if message.content_version < MESSAGE_CONTENT_VERSION:
            return UNCHAINED_ARRIVAL
        return self.sender_chain.record_received(message, message_hash(signed), at)

    def _reject(self, envelope_id: str, sender: str, exc: PayloadRejectedError, *,
                overturn: bool = False) -> Rejected:
        entry = ProcessedEnvelope(envelope_id, sender, EnvelopeOutcome.REJECTED, str(exc.reason),
                                  exc.detail, self._clock(), exc.channel_id)
        if overturn:
            self._store.envelope_log.overturn(entry)
        else:
            self._store.envelope_log.record(entry)
        return Rejected(envelope_id, sender, exc.reason, exc.detail, exc.channel_id)

    def _log(self, envelope_id: str, sender: str, outcome: EnvelopeOutcome) -> None:
        self._store.envelope_log.record(ProcessedEnvelope(
            envelope_id, sender, outcome, None, None, self._clock()))


def _group_key(share: GroupKeyShare) -> GroupSessionKey:
    return GroupSessionKey(share.channel_id, share.epoch, share.session_id, share.session_key)


def composed_message(record: MessageRecord) -> ChannelMessage:
    """The message behind one of this device's stored ``queued`` rows (the inverse
    of :func:`_record`), to sign and encrypt it (:meth:`~MegolmChannelCrypto.encrypt_composed`).

    A row composed by an older version carries a version-1 signature; it is
    dropped here and the message signed again, chained, at encryption.
    """
    if record.content is None:
        raise ValueError(f"message {record.message_id} has no stored content")
    body = decode_stored_body(record.kind, record.content)
    return ChannelMessage(record.channel_id, 0, record.message_id, record.sender_device_id,
                          record.sent_at_ms, body, signature="")


def _record(message: ChannelMessage, state: MessageState, at_ms: int, *,
            content: bytes | None = None) -> MessageRecord:
    """The stored row: body text for search, the exact signed body for transcripts
    (``content``: its canonical encoding, when the caller already has it)."""
    if content is None:
        content = canonical_json(message.body.to_wire())
    signature = _raw_signature(message) if message.signature else None
    return MessageRecord(
        message_id=message.message_id, channel_id=message.channel_id,
        sender_device_id=message.sender_device_id, sent_at_ms=message.sent_at_ms,
        kind=str(message.kind), body=message.body.searchable_text(), state=state,
        received_at_ms=at_ms, content=content.decode(),
        signature=signature,
    )


def _raw_signature(message: ChannelMessage) -> bytes:
    """The 64 signature bytes as stored (the wire carries unpadded base64)."""
    return base64.b64decode(message.signature + "=" * (-len(message.signature) % 4))
