"""Trust in other devices' keys: first use, changes, and explicit verification.

Policy (written down in docs/CRYPTO.md):

* A device seen for the first time is recorded, unverified (trust on first
  use): the officer may compare safety numbers and verify it later.
* A known device whose keys differ from the recorded ones is *key-changed*:
  the new keys are recorded, verification is cleared, and until the officer
  verifies again nothing from that device is accepted. The change is shown,
  never absorbed silently.
* Verifying requires the key the officer actually compared, so a key that
  changed between display and confirmation is not marked verified.

The records live behind :class:`~.stores.DeviceTrustStore` (the profile's
store, or an in-memory one in tests); every time is passed in as ``at_ms``.
"""

from __future__ import annotations

from enum import StrEnum

from liaison_client.crypto.device_keys import DeviceKeys
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.safety_number import SafetyNumber, safety_number
from liaison_client.crypto.stores import DeviceRecord, DeviceTrustStore
from liaison_client.errors import DeviceUnknownError, UsageError


class KeyObservation(StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"
    KEY_CHANGED = "key-changed"


def observe_device(store: DeviceTrustStore, keys: DeviceKeys, *, name: str, agency: str,
                   at_ms: int) -> KeyObservation:
    """Record the keys a device presents now (from the directory or a membership event)."""
    with store.transaction():
        known = store.devices.get(keys.device_id)
        if known is None:
            store.devices.add(DeviceRecord(
                device_id=keys.device_id, name=name, agency=agency, ed25519_key=keys.ed25519,
                curve25519_key=keys.curve25519, verified=False, key_changed_at_ms=None,
                first_seen_at_ms=at_ms, updated_at_ms=at_ms,
            ))
            return KeyObservation.NEW
        if (known.ed25519_key, known.curve25519_key) == (keys.ed25519, keys.curve25519):
            if (known.name, known.agency) != (name, agency):
                store.devices.update_profile(keys.device_id, name, agency, at_ms)
            return KeyObservation.UNCHANGED
        store.devices.record_key_change(keys.device_id, keys.ed25519, keys.curve25519, at_ms)
        return KeyObservation.KEY_CHANGED


def trusted_keys(store: DeviceTrustStore, device_id: str) -> DeviceKeys:
    """The keys to accept from ``device_id``; refused if unknown or changed and unverified."""
    known = store.devices.get(device_id)
    if known is None:
        raise PayloadRejectedError(Rejection.UNKNOWN_SENDER, device_id)
    if known.key_changed:
        raise PayloadRejectedError(Rejection.SENDER_KEY_CHANGED, f"{known.name} ({device_id})")
    return DeviceKeys(known.device_id, known.ed25519_key, known.curve25519_key)


def mark_verified(store: DeviceTrustStore, device_id: str, compared_ed25519: str,
                  at_ms: int) -> None:
    """The officer compared safety numbers for ``compared_ed25519``: trust that key."""
    with store.transaction():
        known = store.devices.get(device_id)
        if known is None:
            raise DeviceUnknownError(f"no device {device_id} is known on this profile",
                                     device_id=device_id)
        if known.ed25519_key != compared_ed25519:
            raise UsageError(
                f"the key of {known.name} changed while you compared it: compare again"
            )
        store.devices.mark_verified(device_id, at_ms)


def safety_number_with(store: DeviceTrustStore, own: DeviceKeys,
                       device_id: str) -> tuple[SafetyNumber, DeviceRecord]:
    """The safety number to compare with ``device_id``, and what is known of that device."""
    known = store.devices.get(device_id)
    if known is None:
        raise DeviceUnknownError(f"no device {device_id} is known on this profile",
                                 device_id=device_id)
    other = DeviceKeys(known.device_id, known.ed25519_key, known.curve25519_key)
    return safety_number(own, other), known
