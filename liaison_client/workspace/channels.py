"""Channels (operations): list, create, invite, remove, and who is in each.

Membership changes are coordinator-only and go out through the sending service
like a message; the first change towards a device without an Olm session
establishes one from the relay's directory and tries again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from liaison_client.channels.channel_crypto import OutgoingControl
from liaison_client.channels.errors import MissingSessionsError
from liaison_client.channels.megolm_channel_crypto import MegolmChannelCrypto
from liaison_client.channels.membership import ControlAction
from liaison_client.crypto.device_trust import KeyObservation
from liaison_client.errors import KeyChangedError, UsageError
from liaison_client.store.records import Role
from liaison_client.store.store import Store
from liaison_client.sync.directory import directory_member, establish_sessions, remember_member
from liaison_client.workspace.context import WorkspaceContext
from liaison_client.workspace.sending import SendingService, SendOutcome

#: Settings key listing the channels created by the demo workspace.
DEMO_CHANNELS_SETTING = "ui.demo_channels"

#: Issues a membership change with the channel crypto (inside the caller's transaction).
_Issue = Callable[[MegolmChannelCrypto], OutgoingControl]
#: Told (channel id, device id) of an invite inside the transaction that issues it.
InviteHook = Callable[[str, str], object]


@dataclass(frozen=True)
class ChannelSummary:
    channel_id: str
    name: str
    #: This device's role: coordinator, member, or "removed" once removed.
    role: str
    members: int
    unread: int
    last_activity_at_ms: int
    closed: bool
    #: A demonstration channel (the embedded demo workspace): the UI marks it "DEMO".
    demo: bool = False
    #: When the coordinator closed the operation (None: open).
    closed_at_ms: int | None = None
    #: When this device deletes the operation's local history (None: not scheduled).
    history_deleted_at_ms: int | None = None
    #: For a removed device: who removed it (the coordinator's name) and when.
    removed_by: str = ""
    removed_at_ms: int | None = None
    #: Members send read receipts (the coordinator's setting; off by default).
    read_receipts: bool = False


@dataclass(frozen=True)
class MemberSummary:
    device_id: str
    name: str
    agency: str
    role: Role
    verified: bool
    key_changed: bool
    #: When the relay's administrator revoked the device (lost, stolen), as the
    #: relay's directory says; None when not revoked or not asked
    #: (``DirectoryService.mark_revoked``).
    revoked_at_ms: int | None = None


@dataclass(frozen=True)
class BehindMember:
    """A device that has not acknowledged the coordinator's latest control events
    (the relay may be withholding them); they are sent again until it does."""

    device_id: str
    name: str
    #: The last epoch it is known to have applied (-1: none).
    acked_epoch: int
    #: The epoch it must reach.
    target_epoch: int
    #: How often the events were sent again so far.
    resends: int


class ChannelsService:
    """The channels this device knows and their members; membership changes."""

    def __init__(self, context: WorkspaceContext, sending: SendingService) -> None:
        self._context = context
        self._sending = sending
        self._invite_hooks: list[InviteHook] = []

    def on_invite(self, hook: InviteHook) -> None:
        """Run ``hook(channel_id, device_id)`` in the transaction of every invite this
        device issues: what it queues (the watch-lists' snapshot for the joiner) commits
        with the invite, or not at all."""
        self._invite_hooks.append(hook)

    def all(self) -> list[ChannelSummary]:
        """Every channel this device knows, most recently active first."""
        store = self._context.store
        own = self._context.profile.device_id
        demo = set(store.settings.get(DEMO_CHANNELS_SETTING, []))
        summaries = []
        for record in store.channels.all():
            members = dict(store.channels.members(record.channel_id))
            role = members.get(own)
            state = self._context.crypto.membership.state(record.channel_id)
            removed_by, removed_at = ("", None) if role else self._removal(record.channel_id)
            summaries.append(ChannelSummary(
                record.channel_id, record.name, str(role) if role else "removed", len(members),
                store.messages.unread_count(record.channel_id),
                record.last_activity_at_ms, record.closed, record.channel_id in demo,
                closed_at_ms=None if state is None else state.closed_at_ms,
                history_deleted_at_ms=None if state is None else state.purge_at_ms,
                removed_by=removed_by, removed_at_ms=removed_at,
                read_receipts=state is not None and state.read_receipts))
        return summaries

    def _removal(self, channel_id: str) -> tuple[str, int | None]:
        """Who removed this device from the channel, and when (the last removal of it)."""
        own = self._context.profile.device_id
        for event in reversed(self._context.crypto.membership.chain(channel_id)):
            if event.action is ControlAction.REMOVE and event.subject is not None \
                    and event.subject.device_id == own:
                return self._context.person(event.coordinator.device_id)[0], event.issued_at_ms
        return "", None

    def get(self, channel_id: str) -> ChannelSummary:
        for summary in self.all():
            if summary.channel_id == channel_id:
                return summary
        raise UsageError(f"unknown channel {channel_id}")

    def mark_demo(self, channel_id: str) -> None:
        """Flag a channel as demonstration content, so no officer mistakes it for real."""
        self._context.membership(channel_id)
        flag_demo_channel(self._context.store, channel_id)

    def members(self, channel_id: str) -> list[MemberSummary]:
        state = self._context.membership(channel_id)
        own = self._context.profile.whoami()
        result = []
        for member in state.members:
            role = Role.COORDINATOR if member.device_id == state.coordinator.device_id \
                else Role.MEMBER
            if member.device_id == own.device_id:
                result.append(MemberSummary(own.device_id, own.name, own.agency, role, True,
                                            False))
                continue
            known = self._context.store.devices.get(member.device_id)
            result.append(MemberSummary(
                member.device_id, known.name if known else member.name,
                known.agency if known else member.agency, role,
                bool(known and known.verified), bool(known and known.key_changed)))
        return result

    def behind(self, channel_id: str) -> list[BehindMember]:
        """For the coordinator: the devices that have not yet acknowledged its latest
        control events (docs/CRYPTO.md, "Membership epochs"); empty elsewhere."""
        self._context.membership(channel_id)
        return [BehindMember(row.device_id, self._context.person(row.device_id)[0], row.acked,
                             row.target, row.resends)
                for row in self._context.crypto.acks.outstanding(channel_id)]

    def create(self, name: str) -> ChannelSummary:
        """A new channel with this device as its coordinator (no network needed)."""
        with self._context.state.transaction() as crypto:
            out = crypto.create_channel(name)
        return self.get(out.state.channel_id)

    def invite(self, channel_id: str, device_id: str, *, name: str | None = None) -> SendOutcome:
        """Add a device from the relay's directory (coordinator only).

        ``name`` is how the officer is shown to members; without it, the name
        the device signed in its directory profile is used (verified against
        its key), else one already known here, else the id.
        """
        self._context.require_coordinator(channel_id)
        client = self._context.require_client("inviting")
        store = self._context.store
        member = directory_member(client, store, device_id, name)
        if remember_member(store, member) is KeyObservation.KEY_CHANGED:
            raise KeyChangedError(f"the relay presents a different key for {device_id} than "
                                  "this profile recorded: compare safety numbers before inviting",
                                  name=member.name, device_id=device_id)

        def issue(crypto: MegolmChannelCrypto) -> OutgoingControl:
            out = crypto.invite(channel_id, member)
            for hook in self._invite_hooks:
                hook(channel_id, member.device_id)
            return out

        return self.membership_change(issue)

    def remove(self, channel_id: str, device_id: str) -> SendOutcome:
        """Remove a member (coordinator only); the next message rotates the group key."""
        self._context.require_coordinator(channel_id)
        return self.membership_change(lambda c: c.remove(channel_id, device_id))

    def membership_change(self, issue: _Issue) -> SendOutcome:
        """Issue a coordinator's control event and queue it for the members (other
        services' events too: the lifecycle's close and retention)."""
        for _ in range(2):
            try:
                with self._context.state.transaction() as crypto:
                    self._context.outbound.queue_control(issue(crypto))
                return self._sending.deliver(None)
            except MissingSessionsError as missing:
                establish_sessions(self._context.state,
                                   self._context.require_client("this change"),
                                   missing.device_ids)
        raise AssertionError("sessions were established; the change must go through")


def flag_demo_channel(store: Store, channel_id: str) -> None:
    """Flag ``channel_id`` as demonstration content in ``store``, also before the
    channel has arrived: the newcomer learns of the demo operation by sync, and
    it must carry its DEMO badge from the first moment it is listed."""
    demo = set(store.settings.get(DEMO_CHANNELS_SETTING, []))
    store.settings.set(DEMO_CHANNELS_SETTING, sorted(demo | {channel_id}))
