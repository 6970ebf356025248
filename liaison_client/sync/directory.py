"""What the relay's directory says about devices and officers, and pairwise sessions from it.

The relay is not trusted: a device's identity keys from its directory are
recorded on first use only (docs/CRYPTO.md, "Trust and safety numbers"), a
known device presenting other keys is flagged, never silently accepted, and
officers compare safety numbers to verify. One-time keys claimed from the
directory are used only if signed by the device's recorded Ed25519 key
(:meth:`~liaison_client.net.client.RelayClient.claim_key` and
:meth:`~liaison_client.crypto.olm_machine.OlmMachine.create_outbound_session`
both check).

Officers' names come from the signed device profiles the relay serves
(:mod:`liaison_client.net.device_profile`): a name is used only when its
profile verifies against the device key the relay lists; otherwise the device
id stands in for it and the failure is logged and reported with the entry.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from liaison_client.channels.membership import MemberDevice
from liaison_client.crypto.device_keys import DeviceKeys
from liaison_client.crypto.device_trust import KeyObservation, observe_device
from liaison_client.crypto.olm_machine import SignedOneTimeKey
from liaison_client.errors import DeviceUnknownError, KeyChangedError
from liaison_client.net.client import RelayClient
from liaison_client.net.device_profile import profile_problem
from liaison_client.net.errors import RelayRefusedError
from liaison_client.net.wire import DeviceInfo
from liaison_client.store.records import now_ms
from liaison_client.store.store import Store
from liaison_client.sync.crypto_state import CryptoState


def directory_member(client: RelayClient, store: Store, device_id: str,
                     name: str | None = None) -> MemberDevice:
    """The device as the directory presents it, with the name members will see.

    The name is the one given, else the device's own verified profile name,
    else the one already recorded for the device, else its id.
    """
    try:
        info = client.device(device_id)
    except RelayRefusedError as exc:
        if exc.status == 404:
            raise DeviceUnknownError(f"no device {device_id} is enrolled on the relay",
                                     device_id=device_id) from exc
        raise
    known = store.devices.get(device_id)
    display = ((name or "").strip() or checked_profile(info).name
               or (known.name if known is not None else device_id))
    return MemberDevice(device_id, info.ed25519_key, info.curve25519_key, display, info.agency)


def learn_senders(client: RelayClient, store: Store, device_ids: Iterable[str]) -> int:
    """Record the directory keys of senders this device has never seen (trust on
    first use), so their first Olm message can be authenticated. Returns how many."""
    learned = 0
    for device_id in dict.fromkeys(device_ids):
        if store.devices.get(device_id) is not None:
            continue
        try:
            info = client.device(device_id)
        except RelayRefusedError:
            continue  # unknown to the relay too: its envelope is refused as unknown-sender
        observe_device(store, DeviceKeys(device_id, info.ed25519_key, info.curve25519_key),
                       name=checked_profile(info).name or device_id, agency=info.agency,
                       at_ms=now_ms())
        learned += 1
    return learned


def remember_member(store: Store, member: MemberDevice) -> KeyObservation:
    return observe_device(store, member.keys, name=member.name, agency=member.agency,
                          at_ms=now_ms())


def establish_sessions(state: CryptoState, client: RelayClient,
                       device_ids: Iterable[str]) -> None:
    """Start an Olm session with each device from a one-time key claimed for it."""
    store = state.store
    for device_id in device_ids:
        known = store.devices.get(device_id)
        if known is None:
            raise DeviceUnknownError(f"device {device_id} is not known on this profile",
                                     device_id=device_id)
        if known.key_changed:
            raise KeyChangedError(
                f"the identity key of {known.name} ({device_id}) changed: compare safety "
                "numbers and run 'liaison verify' before sending to them",
                name=known.name, device_id=device_id,
            )
        keys = DeviceKeys(device_id, known.ed25519_key, known.curve25519_key)
        claimed = client.claim_key(device_id, keys.ed25519)
        state.crypto.olm.create_outbound_session(keys, SignedOneTimeKey(
            claimed.device_id, claimed.key_id, claimed.key, claimed.fallback, claimed.signature))


_log = logging.getLogger(__name__)

#: Directory pages read for one listing at most (200 devices a page): a relay's
#: officers, not an unbounded walk if a relay kept handing out cursors.
MAX_DIRECTORY_PAGES = 50
_PAGE_SIZE = 200


@dataclass(frozen=True)
class CheckedProfile:
    """The outcome of checking a device's served profile: a name only if it verified."""

    name: str | None
    #: Why the relay's profile was not used; None when it verified or there was none.
    problem: str | None


def checked_profile(info: DeviceInfo) -> CheckedProfile:
    """Verify ``info``'s profile against the Ed25519 key listed with it.

    A failure is logged (the device id and the reason, never the name) and
    returned, so the caller can show the id instead and say why.
    """
    if info.profile is None:
        return CheckedProfile(None, None)
    problem = profile_problem(info.profile, device_id=info.device_id,
                              ed25519_key=info.ed25519_key, agency=info.agency)
    if problem is not None:
        _log.warning("directory profile of %s not used: %s", info.device_id, problem)
        return CheckedProfile(None, problem)
    return CheckedProfile(info.profile.name, None)


@dataclass(frozen=True)
class DirectoryEntry:
    """An enrolled device as the officer directory shows it."""

    device_id: str
    #: The verified profile name, else the device id.
    name: str
    agency: str
    #: The Ed25519 key the relay lists; safety numbers say whether it is theirs.
    fingerprint: str
    name_verified: bool
    #: Why the relay's profile for it was not used (shown, never silently dropped).
    profile_problem: str | None
    #: This profile recorded another key for the device: compare safety numbers.
    key_changed: bool
    #: This very device.
    own: bool
    #: The channels this device knows it to be a member of.
    member_of: frozenset[str]


def read_directory(client: RelayClient, store: Store, own_device_id: str, *,
                   query: str | None = None, agency: str | None = None) -> list[DirectoryEntry]:
    """Every enrolled device matching the filters, name-verified, in device id order."""
    memberships: dict[str, set[str]] = {}
    for channel in store.channels.all():
        for device_id, _role in store.channels.members(channel.channel_id):
            memberships.setdefault(device_id, set()).add(channel.channel_id)
    entries: list[DirectoryEntry] = []
    cursor: str | None = None
    for _ in range(MAX_DIRECTORY_PAGES):
        page = client.list_devices(cursor=cursor, limit=_PAGE_SIZE, agency=agency,
                                   query=query)
        for info in page.devices:
            profile = checked_profile(info)
            known = store.devices.get(info.device_id)
            entries.append(DirectoryEntry(
                info.device_id, profile.name or info.device_id, info.agency, info.ed25519_key,
                profile.name is not None, profile.problem,
                known is not None and known.ed25519_key != info.ed25519_key,
                info.device_id == own_device_id,
                frozenset(memberships.get(info.device_id, ()))))
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    else:
        _log.warning("directory listing cut short after %d pages", MAX_DIRECTORY_PAGES)
    return entries
