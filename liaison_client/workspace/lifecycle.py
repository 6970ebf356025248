"""An operation's lifecycle: open, closed by its coordinator, then its local
history deleted when the retention the coordinator set runs out.

Close and retention are signed events of the channel's membership log
(:mod:`liaison_client.channels.membership`), so every member applies the same
ones; what they change (sending refused, history deleted) is enforced on every
device (docs/OPERATIONS.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from liaison_client.crypto.clock import Clock
from liaison_client.store.records import Role, now_ms
from liaison_client.sync.retention import PurgedChannel
from liaison_client.workspace.channels import ChannelsService, MemberSummary
from liaison_client.workspace.context import WorkspaceContext
from liaison_client.workspace.sending import SendOutcome


class OperationState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class OperationInfo:
    """A channel's lifecycle and members, as ``liaison channel info`` shows them."""

    channel_id: str
    name: str
    state: OperationState
    opened_at_ms: int
    closed_at_ms: int | None
    retention_days: int | None
    #: When this device deletes the channel's local history (None: not scheduled).
    purge_at_ms: int | None
    coordinator: MemberSummary
    members: tuple[MemberSummary, ...]
    #: Members send read receipts (the coordinator's setting; off by default).
    read_receipts: bool = False


class LifecycleService:
    """Close an operation, set its retention and read receipts, say where it stands; run
    the retention job."""

    def __init__(self, context: WorkspaceContext, channels: ChannelsService, *,
                 clock: Clock = now_ms) -> None:
        self._context = context
        self._channels = channels
        self._clock = clock

    def info(self, channel_id: str) -> OperationInfo:
        state = self._context.membership(channel_id)
        members = tuple(self._channels.members(channel_id))
        coordinator = next(m for m in members if m.role is Role.COORDINATOR)
        return OperationInfo(
            state.channel_id, state.name,
            OperationState.CLOSED if state.closed else OperationState.OPEN,
            state.opened_at_ms, state.closed_at_ms, state.retention_days, state.purge_at_ms,
            coordinator, members, read_receipts=state.read_receipts)

    def close(self, channel_id: str) -> SendOutcome:
        """End the operation (coordinator only): every member refuses sends from now on.
        Messages of this device still in its outbox are set aside, not sent."""
        self._context.require_coordinator(channel_id)
        return self._channels.membership_change(lambda c: c.close(channel_id))

    def set_retention(self, channel_id: str, days: int) -> SendOutcome:
        """Every member deletes the channel's local history ``days`` after the close
        (coordinator only; before or after the close)."""
        self._context.require_coordinator(channel_id)
        return self._channels.membership_change(lambda c: c.set_retention(channel_id, days))

    def set_read_receipts(self, channel_id: str, on: bool) -> SendOutcome:
        """Turn the operation's read receipts on or off for every member (coordinator
        only; an open operation). docs/OPERATIONS.md, "Read receipts"."""
        self._context.require_coordinator(channel_id)
        return self._channels.membership_change(
            lambda c: c.set_read_receipts(channel_id, on))

    def apply_retention(self, at_ms: int | None = None) -> list[PurgedChannel]:
        """Delete what retention says is due by ``at_ms`` (default: this service's clock).
        The sync engine runs the same job at every round."""
        return self._context.engine.apply_retention(self._clock() if at_ms is None else at_ms)
