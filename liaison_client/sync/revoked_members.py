"""The coordinator's client removes a device the relay's administrator revoked (issue 10, item 5).

When IT revokes a lost or stolen laptop (``liaison-relay revoke``), the relay
refuses its requests at once, but the device still holds the group keys of its
operations, and the operations still list it: only the coordinator's *signed*
removal rotates the group key away from it (docs/RELAY.md, "A laptop is lost").
So during sync, a coordinator's client asks the relay's directory about the
members of the operations it coordinates and, for each device the directory
marks ``revoked_at_ms``, issues the ordinary signed removal (the same event as
``liaison channel remove``); the next message then goes out under a new group
session shared with the remaining members only.

Once and idempotent by construction: a removed device is no longer a member, so
it is not looked up, nor removed, again; a removal that could not be issued this
round (no session with a remaining member yet) is tried again next round.

Decision on trust (the relay is not trusted, docs/CRYPTO.md): a lying relay that
marks a healthy device revoked makes the coordinator remove it. That gives the
relay nothing it does not have already — it can refuse that device's requests
and drop its mail, which denies it service just as well — and it fails safe: a
removal never lets anyone read more. The coordinator sees the removal in the
timeline and in the sync report, and can invite the device again. A relay that
*hides* a revocation gains nothing either: the device is then exactly as before
this module existed, and IT's step 2 (tell the coordinator) still applies.

Bounded: a round asks about at most ``LOOKUPS_PER_ROUND`` devices, one
``GET /v1/devices/{id}`` each (a few milliseconds on a local network), going
round the coordinator's members in device-id order from where the last round
stopped. Background rounds ask every ``REVOCATION_CHECK_MS``; an explicit sync
(the officer sent, invited or asked) asks at once. So a member of a small
operation is checked at every explicit sync, and the 1,000 members of a
maximal one within five minutes, without a send ever waiting for more than
200 look-ups.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass

from liaison_client.channels.errors import MissingSessionsError
from liaison_client.channels.membership import MembershipState
from liaison_client.net.client import RelayClient
from liaison_client.net.errors import RateLimitedError, RelayRefusedError
from liaison_client.store.records import now_ms
from liaison_client.sync.crypto_state import CryptoState
from liaison_client.sync.directory import establish_sessions
from liaison_client.sync.outbound import Outbound

#: How often a round asks the directory when nobody asked for a sync explicitly.
REVOCATION_CHECK_MS = 60_000
REVOCATIONS_CHECKED_AT = "sync.revocations_checked_at_ms"
#: The last device id asked about: the next round goes on after it.
REVOCATIONS_CURSOR = "sync.revocations_cursor"
#: Devices looked up in one round at most.
LOOKUPS_PER_ROUND = 200

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RevokedMemberRemoval:
    """A signed removal this client issued because the relay marks the device revoked."""

    channel_id: str
    device_id: str
    name: str
    revoked_at_ms: int


def remove_revoked_members(state: CryptoState, outbound: Outbound, client: RelayClient, *,
                           force: bool) -> list[RevokedMemberRemoval]:
    """Issue a removal from every operation this device coordinates of each member
    the relay's directory shows revoked; the removals are queued in the outbox
    (the caller posts them). ``force``: ask now, whatever the interval."""
    settings = state.store.settings
    now = now_ms()
    if not force and now - int(settings.get(REVOCATIONS_CHECKED_AT, 0)) < REVOCATION_CHECK_MS:
        return []
    coordinated = _coordinated_open_channels(state)
    own = state.crypto.device_id
    candidates = sorted({m.device_id for channel in coordinated
                         for m in channel.members if m.device_id != own})
    if not candidates:  # coordinates nothing with other members: nothing to ask
        return []
    batch = _next_slice(candidates, str(settings.get(REVOCATIONS_CURSOR, "")))
    revoked, asked = _revoked(client, batch)
    removals: list[RevokedMemberRemoval] = []
    for channel in coordinated:
        for device_id, revoked_at in revoked.items():
            member = channel.member(device_id)
            if member is not None and _remove(state, outbound, client, channel, device_id):
                removals.append(RevokedMemberRemoval(channel.channel_id, device_id,
                                                     member.name, revoked_at))
    settings.set(REVOCATIONS_CHECKED_AT, now)
    if asked:
        settings.set(REVOCATIONS_CURSOR, asked[-1])
    return removals


def _next_slice(device_ids: list[str], after: str) -> list[str]:
    """Up to ``LOOKUPS_PER_ROUND`` of the sorted ``device_ids`` after ``after``, wrapping."""
    start = bisect.bisect_right(device_ids, after)
    rotated = device_ids[start:] + device_ids[:start]
    return rotated[:LOOKUPS_PER_ROUND]


def _coordinated_open_channels(state: CryptoState) -> list[MembershipState]:
    own = state.crypto.device_id
    channels = []
    for record in state.store.channels.all():
        channel = state.crypto.membership.state(record.channel_id)
        if channel is not None and not channel.closed and channel.coordinator.device_id == own:
            channels.append(channel)
    return channels


def _revoked(client: RelayClient, device_ids: list[str]) -> tuple[dict[str, int], list[str]]:
    """The revoked ones among ``device_ids``, and the ids actually asked about: a
    round the relay rate-limits stops there (the next round goes on from it)
    rather than failing the whole sync."""
    revoked: dict[str, int] = {}
    asked: list[str] = []
    for device_id in device_ids:
        try:
            info = client.device(device_id)
        except RateLimitedError:
            break
        except RelayRefusedError as exc:
            if exc.status != 404:  # 404: not on this relay (another relay's device)
                raise
        else:
            if info.revoked_at_ms is not None:
                revoked[device_id] = info.revoked_at_ms
        asked.append(device_id)
    return revoked, asked


def _remove(state: CryptoState, outbound: Outbound, client: RelayClient,
            channel: MembershipState, device_id: str) -> bool:
    """Queue the signed removal; False when it must wait for the next round."""
    for _ in range(2):
        try:
            with state.transaction() as crypto:
                outbound.queue_control(crypto.remove(channel.channel_id, device_id))
            return True
        except MissingSessionsError as missing:
            if device_id in missing.device_ids:
                # Its keys were withdrawn with the revocation: no session can be
                # opened to tell it. Left to the coordinator ('channel remove').
                _log.warning("revoked device %s cannot be told of its removal from %s: "
                             "no session with it", device_id, channel.channel_id)
                return False
            establish_sessions(state, client, missing.device_ids)
    return False
