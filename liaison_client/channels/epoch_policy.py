"""Membership epochs as a receiving rule (issue 10 item 1; docs/CRYPTO.md,
"Membership epochs: what a message written under an old one gets").

Every group message signs the epoch and the membership head its sender knew
(content version 2). A relay that withholds a removal from one member keeps
that member writing under the old epoch, with the old group key, which the
removed device still holds. So:

* a device that knows it was removed keeps nothing of the channel written
  after its removal (:func:`removal_of`);
* a receiver that knows a later change of *who is in the channel* (an invite
  or a removal) refuses a message written under an epoch before it, unless the
  message was written within :data:`EPOCH_GRACE_MS` of that change
  (:func:`superseding_change`);
* the sender, once it learns the change, sends those same messages again
  under the new epoch (``MegolmChannelCrypto._send_stale_again``, with this
  module's :func:`superseding_change`).

The rule reads only signed data (the message's ``sent_at_ms`` and ``epoch``,
the coordinator's events), never arrival times, so the sender, every receiver
and a transcript reader reach the same verdict, and a relay cannot widen the
grace by delaying a message.

Pure: no store, no network; the chain of events is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from liaison_client.channels.membership import ControlAction, ControlEvent

#: How long after a change of membership (by the coordinator's signed time) a
#: message written under the epoch before it is still accepted: messages in
#: flight, and clocks a little apart. Decision (docs/CRYPTO.md): one minute. A
#: sender cannot have learned of a change sooner than the coordinator issued
#: it; a minute covers an officer who pressed send while the change travelled
#: and the clock drift NTP leaves, and it bounds what a removed device with a
#: *modified* client could still read from a member the relay keeps behind.
EPOCH_GRACE_MS = 60_000

#: The changes that decide who can read the channel's new messages.
MEMBERSHIP_CHANGES = frozenset({ControlAction.INVITE, ControlAction.REMOVE})

_STALE_DETAIL = re.compile(r"^written under epoch (\d+), superseded by epoch (\d+)"
                           r"(?: \(link (\d+)\))?$")


def superseding_change(chain: Sequence[ControlEvent], epoch: int,
                       sent_at_ms: int) -> ControlEvent | None:
    """The membership change that makes a message written under ``epoch`` at
    ``sent_at_ms`` stale, or None when the message may be kept.

    ``chain`` is the channel's log (index = epoch). Only the first invite or
    removal after ``epoch`` counts: if the message was written within the
    grace of that one, it was written before any later one too.
    """
    for event in chain[epoch + 1:]:
        if event.action in MEMBERSHIP_CHANGES:
            return event if sent_at_ms > event.issued_at_ms + EPOCH_GRACE_MS else None
    return None


def readers_changed_since(chain: Sequence[ControlEvent], epoch: int) -> bool:
    """Someone was invited or removed after ``epoch``: a group key shared for it went
    to a different set of members than the channel has now.

    A key for an older epoch whose readers are still exactly the channel's members
    (only a rename, a retention or a read-receipts setting came since) is bound like
    a current one: refusing it would strand the messages of a member who had not yet
    seen that change, and they would never be sent again (only messages made stale
    by a change of readers are; ``MegolmChannelCrypto._send_stale_again``).
    """
    return any(event.action in MEMBERSHIP_CHANGES for event in chain[epoch + 1:])


def removal_of(chain: Sequence[ControlEvent], device_id: str) -> ControlEvent | None:
    """The event that removed ``device_id``, when it is not a member now."""
    present = False
    removal: ControlEvent | None = None
    for event in chain:
        if event.subject is None or event.subject.device_id != device_id:
            if event.action is ControlAction.CREATE and event.coordinator.device_id == device_id:
                present = True
            continue
        if event.action is ControlAction.INVITE:
            present, removal = True, None
        elif event.action is ControlAction.REMOVE:
            present, removal = False, event
    return None if present else removal


def written_after_removal(removal: ControlEvent, sent_at_ms: int) -> bool:
    """A removed device keeps only what was written (by its signed time) before its
    removal was issued: no grace here, the device is no longer an addressee."""
    return sent_at_ms >= removal.issued_at_ms


@dataclass(frozen=True)
class StaleEpoch:
    """What a ``stale-epoch`` refusal's detail says, read back for the timeline."""

    message_epoch: int
    change_epoch: int
    #: The refused message's place in its sender's chain (content version 2).
    seq: int | None


def stale_detail(message_epoch: int, change: ControlEvent, seq: int | None) -> str:
    """The refusal's recorded detail (one line; parsed by :func:`read_stale_detail`)."""
    link = "" if seq is None else f" (link {seq})"
    return f"written under epoch {message_epoch}, superseded by epoch {change.epoch}{link}"


def read_stale_detail(detail: str | None) -> StaleEpoch | None:
    match = _STALE_DETAIL.match(detail or "")
    if match is None:
        return None
    return StaleEpoch(int(match[1]), int(match[2]),
                      None if match[3] is None else int(match[3]))
