"""What the relay's key directory says about a device, and pairwise sessions from it.

The relay is not trusted: a device's identity keys from its directory are
recorded on first use only (docs/CRYPTO.md, "Trust and safety numbers"), a
known device presenting other keys is flagged, never silently accepted, and
officers compare safety numbers to verify. One-time keys claimed from the
directory are used only if signed by the device's recorded Ed25519 key
(:meth:`~liaison_client.net.client.RelayClient.claim_key` and
:meth:`~liaison_client.crypto.olm_machine.OlmMachine.create_outbound_session`
both check).
"""

from __future__ import annotations

from collections.abc import Iterable

from liaison_client.channels.membership import MemberDevice
from liaison_client.crypto.device_keys import DeviceKeys
from liaison_client.crypto.device_trust import KeyObservation, observe_device
from liaison_client.crypto.olm_machine import SignedOneTimeKey
from liaison_client.errors import DeviceUnknownError, KeyChangedError
from liaison_client.net.client import RelayClient
from liaison_client.net.errors import RelayRefusedError
from liaison_client.store.records import now_ms
from liaison_client.store.store import Store
from liaison_client.sync.crypto_state import CryptoState


def directory_member(client: RelayClient, store: Store, device_id: str,
                     name: str | None = None) -> MemberDevice:
    """The device as the directory presents it, named as this officer knows it.

    The relay knows agencies (from enrollment tokens) but not officers'
    names: the name is the one given, else the one already recorded for the
    device, else its id.
    """
    try:
        info = client.device(device_id)
    except RelayRefusedError as exc:
        if exc.status == 404:
            raise DeviceUnknownError(f"no device {device_id} is enrolled on the relay",
                                     device_id=device_id) from exc
        raise
    known = store.devices.get(device_id)
    display = (name or "").strip() or (known.name if known is not None else device_id)
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
                       name=device_id, agency=info.agency, at_ms=now_ms())
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
