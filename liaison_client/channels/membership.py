"""Channel membership as a signed, hash-chained log of control events.

Only the channel's coordinator changes who is in a channel. Each change is a
*control event* (create, invite, remove, rename, close, retention) that carries the
channel id, an epoch one higher than the last, the SHA-256 hash of the
previous event's canonical encoding, and the coordinator's Ed25519 signature
over its RFC 8785 canonical encoding (:mod:`liaison_client.protocol.canonical`).
Every member applies the same list and refuses an event that is unsigned or
signed by anyone else, that skips an epoch, or that conflicts with an event
already accepted for its epoch (a fork). So neither the relay nor a member
can add anyone, and a coordinator cannot show different members different
lists without it being detected where the lists meet.

The channel id commits to the coordinator: it is derived from the
coordinator's Ed25519 key and a random nonce in the create event, so nobody
else can write a genesis event for that id. A genesis event is accepted only
from the coordinator's own Olm session (the device that delivers it).

This is the same shape as MLS's epoch-numbered, signed commits (RFC 9420
§12.4) without the TreeKEM key schedule: the Megolm sessions rotate on every
epoch instead (docs/CRYPTO.md).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, replace
from enum import StrEnum

from liaison_client.crypto.device_keys import DeviceKeys
from liaison_client.crypto.device_trust import KeyObservation, observe_device
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.identity import DeviceIdentity, verify_signature
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject, canonical_json
from liaison_client.store.membership_log import StoredControlEvent
from liaison_client.store.records import ChannelRecord, Role
from liaison_client.store.store import Store

CONTROL_CONTEXT = "liaison.control.v1"
CHANNEL_ID_CONTEXT = "liaison.channel_id.v1"
MAX_NAME_CHARS = 200


class ControlAction(StrEnum):
    CREATE = "create"
    INVITE = "invite"
    REMOVE = "remove"
    RENAME = "rename"
    CLOSE = "close"
    #: How many days after the close every member deletes the channel's local
    #: history (docs/OPERATIONS.md); may be set before or after the close.
    RETENTION = "retention"
    #: Whether members tell each other which messages they have read (issue 11:
    #: optional per operation, off by default, the coordinator decides). Members
    #: send ``receipt.read`` messages only while it is on (docs/OPERATIONS.md).
    READ_RECEIPTS = "read_receipts"


#: Control events a closed channel still accepts: they record the operation's
#: end of life, they add no conversation (docs/OPERATIONS.md). Messages and
#: reports are refused after the close; so are membership changes. The
#: transcript-export record is a message kind, not a control event (any member
#: exports; this log is the coordinator's): its ``KindDefinition.after_close``.
AFTER_CLOSE_ACTIONS = frozenset({ControlAction.RETENTION})
#: Retention is bounded so that a typo cannot schedule a deletion centuries away
#: (or a negative one): 0 (delete at the close) to ten years.
MAX_RETENTION_DAYS = 3650
#: Why an outbox envelope was set aside by the close (shown as "not sent").
CLOSED_REASON = "channel.closed: the operation was closed before this message left"


@dataclass(frozen=True)
class MemberDevice:
    """A member device as the coordinator vouches for it."""

    device_id: str
    ed25519: str
    curve25519: str
    name: str
    agency: str

    @property
    def keys(self) -> DeviceKeys:
        return DeviceKeys(self.device_id, self.ed25519, self.curve25519)

    def to_wire(self) -> JsonObject:
        return {"device_id": self.device_id, "ed25519": self.ed25519,
                "curve25519": self.curve25519, "name": self.name, "agency": self.agency}

    @classmethod
    def from_wire(cls, fields: WireObject) -> MemberDevice:
        return cls(
            device_id=fields.text("device_id", max_length=128),
            ed25519=fields.text("ed25519", max_length=64),
            curve25519=fields.text("curve25519", max_length=64),
            name=fields.text("name", max_length=MAX_NAME_CHARS),
            agency=fields.text("agency", max_length=MAX_NAME_CHARS),
        )


def derive_channel_id(coordinator_ed25519: str, nonce: str) -> str:
    """The channel id a create event commits to (32 lowercase base32 characters)."""
    digest = hashlib.sha256(canonical_json({
        "context": CHANNEL_ID_CONTEXT, "coordinator_ed25519": coordinator_ed25519,
        "nonce": nonce,
    })).digest()
    return base64.b32encode(digest[:20]).decode().lower()


@dataclass(frozen=True)
class ControlEvent:
    channel_id: str
    epoch: int
    prev_hash: str
    action: ControlAction
    issued_at_ms: int
    coordinator: MemberDevice
    signature: str
    subject: MemberDevice | None = None
    name: str | None = None
    nonce: str | None = None
    retention_days: int | None = None
    read_receipts: bool | None = None

    def _fields(self) -> JsonObject:
        fields: JsonObject = {
            "context": CONTROL_CONTEXT, "channel_id": self.channel_id, "epoch": self.epoch,
            "prev_hash": self.prev_hash, "action": str(self.action),
            "issued_at_ms": self.issued_at_ms, "coordinator": self.coordinator.to_wire(),
        }
        if self.subject is not None:
            fields["subject"] = self.subject.to_wire()
        if self.name is not None:
            fields["name"] = self.name
        if self.nonce is not None:
            fields["nonce"] = self.nonce
        if self.retention_days is not None:
            fields["retention_days"] = self.retention_days
        if self.read_receipts is not None:
            fields["read_receipts"] = self.read_receipts
        return fields

    def signed_bytes(self) -> bytes:
        return canonical_json(self._fields())

    def to_wire(self) -> JsonObject:
        return {**self._fields(), "signature": self.signature}

    def encode(self) -> bytes:
        return canonical_json(self.to_wire())

    @property
    def event_hash(self) -> str:
        return hashlib.sha256(self.encode()).hexdigest()

    def signed_by_coordinator(self) -> bool:
        return verify_signature(self.coordinator.ed25519, self.signed_bytes(), self.signature)

    @classmethod
    def from_wire(cls, fields: WireObject) -> ControlEvent:
        if fields.text("context", max_length=64) != CONTROL_CONTEXT:
            raise PayloadRejectedError(Rejection.UNSUPPORTED_VERSION, "control event context")
        try:
            action = ControlAction(fields.text("action", max_length=16))
        except ValueError as exc:
            raise PayloadRejectedError(Rejection.MALFORMED, "unknown control action") from exc
        raw = fields.fields
        return cls(
            channel_id=fields.text("channel_id", max_length=128),
            epoch=fields.integer("epoch"),
            prev_hash=fields.text("prev_hash", max_length=64, allow_empty=True),
            action=action,
            issued_at_ms=fields.integer("issued_at_ms"),
            coordinator=MemberDevice.from_wire(fields.obj("coordinator")),
            # An empty signature is read, then refused as unsigned by apply_event.
            signature=fields.text("signature", max_length=128, allow_empty=True),
            subject=MemberDevice.from_wire(fields.obj("subject")) if "subject" in raw else None,
            name=fields.text("name", max_length=MAX_NAME_CHARS) if "name" in raw else None,
            nonce=fields.text("nonce", max_length=64) if "nonce" in raw else None,
            retention_days=fields.integer("retention_days") if "retention_days" in raw
            else None,
            read_receipts=fields.boolean("read_receipts") if "read_receipts" in raw else None,
        )

    @classmethod
    def decode(cls, data: bytes) -> ControlEvent:
        return cls.from_wire(WireObject.parse(data, "control event"))


@dataclass(frozen=True)
class MembershipState:
    """A channel as of its latest accepted event."""

    channel_id: str
    name: str
    coordinator: MemberDevice
    epoch: int
    head_hash: str
    members: tuple[MemberDevice, ...]
    closed: bool
    #: The create event's time (the coordinator's clock, signed).
    opened_at_ms: int = 0
    #: The close event's time, None while open.
    closed_at_ms: int | None = None
    #: Days after the close when local history is deleted; None: kept.
    retention_days: int | None = None
    #: Members send read receipts (off until the coordinator turns them on).
    read_receipts: bool = False

    @property
    def purge_at_ms(self) -> int | None:
        """When every member deletes the channel's local history (None: not scheduled)."""
        if self.closed_at_ms is None or self.retention_days is None:
            return None
        return self.closed_at_ms + self.retention_days * 86_400_000

    def member(self, device_id: str) -> MemberDevice | None:
        return next((m for m in self.members if m.device_id == device_id), None)

    def is_member(self, device_id: str) -> bool:
        return self.member(device_id) is not None


# -- building events (coordinator side) ------------------------------------------

def sign_event(identity: DeviceIdentity, unsigned: ControlEvent) -> ControlEvent:
    return replace(unsigned, signature=identity.sign(unsigned.signed_bytes()))


def create_event(identity: DeviceIdentity, coordinator: MemberDevice, name: str,
                 at_ms: int) -> ControlEvent:
    nonce = secrets.token_hex(16)
    return sign_event(identity, ControlEvent(
        channel_id=derive_channel_id(coordinator.ed25519, nonce), epoch=0, prev_hash="",
        action=ControlAction.CREATE, issued_at_ms=at_ms, coordinator=coordinator,
        signature="", name=name, nonce=nonce,
    ))


def next_event(identity: DeviceIdentity, state: MembershipState, action: ControlAction,
               at_ms: int, *, subject: MemberDevice | None = None,
               name: str | None = None, retention_days: int | None = None,
               read_receipts: bool | None = None) -> ControlEvent:
    event = sign_event(identity, ControlEvent(
        channel_id=state.channel_id, epoch=state.epoch + 1, prev_hash=state.head_hash,
        action=action, issued_at_ms=at_ms, coordinator=state.coordinator, signature="",
        subject=subject, name=name, retention_days=retention_days,
        read_receipts=read_receipts,
    ))
    apply_event(state, event)  # refuse to issue an event members would reject
    return event


# -- validation (pure) ------------------------------------------------------------

def apply_event(state: MembershipState | None, event: ControlEvent) -> MembershipState:
    """The state after ``event``, or :class:`PayloadRejectedError` saying why not.

    ``state`` is None for a channel not seen yet; then only its create event fits.
    Duplicates of accepted events are the caller's to recognise (by hash).
    """
    if state is None:
        return _genesis(event)
    if event.channel_id != state.channel_id:
        raise PayloadRejectedError(Rejection.INVALID_CONTROL, "event of another channel")
    if event.coordinator.ed25519 != state.coordinator.ed25519 \
            or event.coordinator.device_id != state.coordinator.device_id \
            or not event.signed_by_coordinator():
        raise PayloadRejectedError(Rejection.NOT_COORDINATOR,
                                   f"epoch {event.epoch} of {event.channel_id}")
    if event.epoch <= state.epoch:
        raise PayloadRejectedError(Rejection.FORKED,
                                   f"a different event already holds epoch {event.epoch}")
    if event.epoch != state.epoch + 1:
        raise PayloadRejectedError(Rejection.OUT_OF_ORDER,
                                   f"epoch {event.epoch} after {state.epoch}")
    if event.prev_hash != state.head_hash:
        raise PayloadRejectedError(Rejection.FORKED,
                                   f"epoch {event.epoch} does not follow the accepted chain")
    if state.closed and event.action not in AFTER_CLOSE_ACTIONS:
        raise PayloadRejectedError(Rejection.CHANNEL_CLOSED, state.channel_id)
    if (event.retention_days is not None) != (event.action is ControlAction.RETENTION):
        raise PayloadRejectedError(Rejection.INVALID_CONTROL,
                                   "only a retention event carries retention_days")
    if (event.read_receipts is not None) != (event.action is ControlAction.READ_RECEIPTS):
        raise PayloadRejectedError(Rejection.INVALID_CONTROL,
                                   "only a read-receipts event carries read_receipts")
    advanced = replace(state, epoch=event.epoch, head_hash=event.event_hash)
    return _apply_action(advanced, event)


def _genesis(event: ControlEvent) -> MembershipState:
    if event.action is not ControlAction.CREATE:
        raise PayloadRejectedError(Rejection.UNKNOWN_CHANNEL, event.channel_id)
    if not event.signed_by_coordinator():
        raise PayloadRejectedError(Rejection.NOT_COORDINATOR, "create event")
    if event.epoch != 0 or event.prev_hash or event.nonce is None or not event.name \
            or event.subject is not None or event.retention_days is not None \
            or event.read_receipts is not None \
            or event.channel_id != derive_channel_id(event.coordinator.ed25519, event.nonce):
        raise PayloadRejectedError(Rejection.INVALID_CONTROL,
                                   "create event does not commit to its channel id")
    return MembershipState(
        channel_id=event.channel_id, name=event.name, coordinator=event.coordinator,
        epoch=0, head_hash=event.event_hash, members=(event.coordinator,), closed=False,
        opened_at_ms=event.issued_at_ms,
    )


def _apply_action(state: MembershipState, event: ControlEvent) -> MembershipState:
    action, subject = event.action, event.subject
    if action in (ControlAction.INVITE, ControlAction.REMOVE):
        if subject is None or event.name is not None:
            raise PayloadRejectedError(Rejection.INVALID_CONTROL, f"{action} needs a member")
        present = state.member(subject.device_id)
        if action is ControlAction.INVITE:
            if present is not None:
                raise PayloadRejectedError(Rejection.INVALID_CONTROL,
                                           f"{subject.device_id} is already a member")
            members = tuple(sorted((*state.members, subject), key=lambda m: m.device_id))
            return replace(state, members=members)
        if present is None or subject.device_id == state.coordinator.device_id:
            raise PayloadRejectedError(Rejection.INVALID_CONTROL,
                                       f"{subject.device_id} cannot be removed")
        return replace(state, members=tuple(
            m for m in state.members if m.device_id != subject.device_id))
    if subject is not None:
        raise PayloadRejectedError(Rejection.INVALID_CONTROL, f"{action} names no member")
    if action is ControlAction.RENAME:
        if not event.name:
            raise PayloadRejectedError(Rejection.INVALID_CONTROL, "rename needs a name")
        return replace(state, name=event.name)
    if action is ControlAction.CLOSE:
        if event.name is not None:
            raise PayloadRejectedError(Rejection.INVALID_CONTROL, "close carries no name")
        return replace(state, closed=True, closed_at_ms=event.issued_at_ms)
    if action is ControlAction.RETENTION:
        days = event.retention_days
        if event.name is not None or days is None or not 0 <= days <= MAX_RETENTION_DAYS:
            raise PayloadRejectedError(Rejection.INVALID_CONTROL,
                                       f"retention is 0 to {MAX_RETENTION_DAYS} days")
        return replace(state, retention_days=days)
    if action is ControlAction.READ_RECEIPTS:
        if event.name is not None or event.read_receipts is None:
            raise PayloadRejectedError(Rejection.INVALID_CONTROL,
                                       "read receipts are turned on or off, nothing else")
        return replace(state, read_receipts=event.read_receipts)
    raise PayloadRejectedError(Rejection.INVALID_CONTROL, "a channel is created only once")


# -- persistence --------------------------------------------------------------------

@dataclass(frozen=True)
class AppliedEvent:
    """An accepted event, its resulting state, and any member key it flagged as changed."""

    event: ControlEvent
    state: MembershipState
    key_observation: KeyObservation | None


class MembershipLog:
    """Every channel's chain in the store; the only writer of membership."""

    def __init__(self, store: Store, *, own_device_id: str) -> None:
        self._store = store
        self._own_device_id = own_device_id
        self._states: dict[str, MembershipState] = {}

    def state(self, channel_id: str) -> MembershipState | None:
        cached = self._states.get(channel_id)
        head = self._store.membership_log.head_epoch(channel_id)
        if cached is not None and cached.epoch == head:
            return cached
        state: MembershipState | None = None
        for stored in self._store.membership_log.chain(channel_id):
            state = apply_event(state, ControlEvent.decode(stored.event))
        if state is not None:
            self._states[channel_id] = state
        return state

    def chain(self, channel_id: str) -> list[ControlEvent]:
        return [ControlEvent.decode(s.event) for s in self._store.membership_log.chain(channel_id)]

    def apply(self, event: ControlEvent, *, delivered_by: DeviceKeys | None,
              at_ms: int) -> AppliedEvent | None:
        """Validate and store ``event``; None when it is already in the chain.

        ``delivered_by`` is the Olm-authenticated device that sent it (None for
        an event this device issued itself); a genesis event must come from its
        coordinator.
        """
        with self._store.transaction():
            state = self.state(event.channel_id)
            if state is not None and event.epoch <= state.epoch:
                stored = self._store.membership_log.chain(event.channel_id)[event.epoch]
                if stored.event_hash == event.event_hash:
                    return None
            if state is None and delivered_by is not None and (
                    delivered_by.device_id, delivered_by.ed25519) != (
                    event.coordinator.device_id, event.coordinator.ed25519):
                raise PayloadRejectedError(Rejection.NOT_COORDINATOR,
                                           "a channel's creation must come from its coordinator")
            new_state = apply_event(state, event)
            self._store.membership_log.append(StoredControlEvent(
                event.channel_id, event.epoch, event.event_hash, event.encode()))
            observation = self._mirror(event, new_state, at_ms)
        self._states[event.channel_id] = new_state
        return AppliedEvent(event, new_state, observation)

    def _mirror(self, event: ControlEvent, state: MembershipState,
                at_ms: int) -> KeyObservation | None:
        """Keep the ``channels``/``channel_members``/``devices`` rows the UI reads in step."""
        store = self._store
        observation = None
        if event.action is ControlAction.CREATE:
            coordinator = state.coordinator
            store.channels.add(ChannelRecord(state.channel_id, state.name,
                                             coordinator.device_id, 0, False, at_ms, at_ms))
            store.channels.set_member(state.channel_id, coordinator.device_id,
                                      Role.COORDINATOR, 0)
            observation = self._observe(coordinator, at_ms)
        elif event.action is ControlAction.INVITE and event.subject is not None:
            store.channels.set_member(state.channel_id, event.subject.device_id, Role.MEMBER,
                                      state.epoch)
            observation = self._observe(event.subject, at_ms)
        elif event.action is ControlAction.REMOVE and event.subject is not None:
            store.channels.remove_member(state.channel_id, event.subject.device_id)
        elif event.action is ControlAction.CLOSE:
            # What this device queued but the relay has not taken will not leave:
            # receivers would refuse it (docs/OPERATIONS.md). It stays, with why.
            store.outbox.set_aside_channel(state.channel_id, CLOSED_REASON, at_ms)
        store.channels.update_head(state.channel_id, name=state.name, epoch=state.epoch,
                                   closed=state.closed, at_ms=at_ms)
        return observation

    def _observe(self, device: MemberDevice, at_ms: int) -> KeyObservation | None:
        if device.device_id == self._own_device_id:
            return None
        return observe_device(self._store, device.keys, name=device.name,
                              agency=device.agency, at_ms=at_ms)
