"""Events an operation's timeline shows that no message carries: membership changes
(read from the channel's signed membership log) and what this officer decided alone
(verified or un-verified a member's key, kept on this device only).

Why a timeline shows them: an invited officer, a removed one and a verification
are facts the others act on ("Chen Jing invited Emma Clarke", "You verified Anna
Schmidt's key"); Signal and Element show them in the conversation for the same
reason. Membership events are not stored twice: the membership log already holds
each signed event with its issue time. Verification events are this device's own
and go nowhere else; they are kept in the encrypted ``settings`` table, a short
list per operation (they are rare: one per decision), bounded by
:data:`MAX_LOCAL_EVENTS`, the oldest dropped first.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from enum import StrEnum

from liaison_client.channels.membership import ControlAction, ControlEvent
from liaison_client.store.store import Store

#: Settings key prefix of an operation's own events (one JSON list per operation).
LOCAL_EVENTS_SETTING = "timeline.local_events."
#: Local events kept per operation; a list this long holds years of decisions.
MAX_LOCAL_EVENTS = 500


class EventAction(StrEnum):
    """What happened; the UI words each in the officer's language."""

    CREATED = "created"
    INVITED = "invited"
    REMOVED = "removed"
    RENAMED = "renamed"
    CLOSED = "closed"
    RETENTION = "retention"
    #: The coordinator turned read receipts on or off (``detail``: "on" / "off").
    READ_RECEIPTS = "read_receipts"
    #: This officer marked a member's key verified (``detail``: how it was compared).
    VERIFIED = "verified"
    #: This officer withdrew a verification.
    UNVERIFIED = "unverified"


#: How the officer compared a safety number before verifying (``LocalEvent.detail``).
class ComparedBy(StrEnum):
    #: The 60 digits, read out or side by side.
    DIGITS = "digits"
    #: The other device's QR code, scanned from an image of it.
    QR_CODE = "qr-code"


@dataclass(frozen=True)
class TimelineEvent:
    """A membership change or a local decision, as the timeline shows it."""

    action: EventAction
    #: Who did it: the coordinator for membership changes, this device for local ones.
    actor_device_id: str
    actor_name: str
    #: Whom it concerns (the invited, removed or verified officer); "" if no one.
    subject_device_id: str = ""
    subject_name: str = ""
    #: The new name (renamed), the retention days, or how a key was compared.
    detail: str = ""
    #: This device did it / is the one it concerns ("You invited …", "… invited you").
    actor_is_self: bool = False
    subject_is_self: bool = False


@dataclass(frozen=True)
class LocalEvent:
    """One of this device's own timeline events, as stored."""

    event_id: str
    channel_id: str
    action: str
    at_ms: int
    actor_device_id: str
    subject_device_id: str
    subject_name: str
    detail: str = ""


def record_local_event(store: Store, channel_id: str, action: EventAction, at_ms: int, *,
                       actor_device_id: str, subject_device_id: str, subject_name: str,
                       detail: str = "") -> LocalEvent:
    """Append an event to the operation's own list (call inside the caller's transaction)."""
    event = LocalEvent(f"local-{secrets.token_hex(8)}", channel_id, str(action), at_ms,
                       actor_device_id, subject_device_id, subject_name, detail)
    key = LOCAL_EVENTS_SETTING + channel_id
    kept = list(store.settings.get(key, []))
    kept.append(asdict(event))
    store.settings.set(key, kept[-MAX_LOCAL_EVENTS:])
    return event


def local_events(store: Store, channel_id: str) -> list[LocalEvent]:
    """The operation's own events, oldest first; a malformed row is skipped, not fatal."""
    found = []
    for row in store.settings.get(LOCAL_EVENTS_SETTING + channel_id, []):
        try:
            found.append(LocalEvent(**row))
        except TypeError:
            continue
    return found


def membership_event(event: ControlEvent) -> TimelineEvent | None:
    """The timeline's view of a signed membership event (None: nothing to show).

    The creation is not shown: an operation's heading and its first invitation say as
    much, and a coordinator's new, empty operation keeps its empty state ("No messages
    yet") instead of a lone "You created this operation" row."""
    if event.action is ControlAction.CREATE:
        return None
    coordinator = event.coordinator
    subject = event.subject
    detail = ""
    if event.action is ControlAction.RENAME:
        detail = event.name or ""
    elif event.action is ControlAction.RETENTION:
        detail = str(event.retention_days)
    elif event.action is ControlAction.READ_RECEIPTS:
        detail = "on" if event.read_receipts else "off"
    action = {
        ControlAction.INVITE: EventAction.INVITED,
        ControlAction.REMOVE: EventAction.REMOVED, ControlAction.RENAME: EventAction.RENAMED,
        ControlAction.CLOSE: EventAction.CLOSED, ControlAction.RETENTION: EventAction.RETENTION,
        ControlAction.READ_RECEIPTS: EventAction.READ_RECEIPTS,
    }.get(event.action)
    if action is None:
        return None
    return TimelineEvent(action, coordinator.device_id, coordinator.name,
                         subject.device_id if subject else "", subject.name if subject else "",
                         detail)
