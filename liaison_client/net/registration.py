"""Registering a new device with its relay and publishing its keys.

Steps: (1) register, proving possession of the identity keys
(:func:`~liaison_client.protocol.signed_payloads.registration_payload`) and
presenting the officer's name and agency, signed by the device key
(:func:`~liaison_client.net.device_profile.sign_profile`; the relay refuses an
agency other than the token's, and peers verify the signature); (2)
generate one-time keys and a fallback key on the vodozemac Account, sign each
with the device key, upload them, and only then mark them published.

No store here: remembering the relay in the profile's encrypted settings is
the caller's (:func:`liaison_client.relay_connection.register_and_publish`,
the ``liaison init --relay`` hook), so this layer needs only the identity.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.net.device_profile import sign_profile
from liaison_client.protocol.signed_payloads import key_payload

#: One-time keys published at registration (vodozemac keeps at most 50 unpublished
#: private halves; Matrix clients aim for half the account's maximum).
INITIAL_ONE_TIME_KEYS = 50


@dataclass(frozen=True)
class RegisteredDevice:
    """What a registration left on the relay, for the caller to remember."""

    #: The relay URL as the client used it (no trailing slash).
    base_url: str
    #: The agency the relay enrolled the device for (the enrollment token's).
    agency: str
    #: One-time keys the relay holds unclaimed after the upload.
    one_time_keys_published: int


def signed_keys(
    identity: DeviceIdentity, device_id: str, keys: dict[str, str], *, fallback: bool
) -> list[tuple[str, str, str]]:
    return [(key_id, key, identity.sign(key_payload(device_id=device_id, key_id=key_id,
                                                    key=key, fallback=fallback)))
            for key_id, key in sorted(keys.items())]


def register_device(
    url: str, token: str, ca_pem: str | None, identity: DeviceIdentity, device_id: str,
    *, name: str, agency: str,
) -> RegisteredDevice:
    """Register ``device_id`` with the enrollment ``token`` and publish its first keys."""
    # Normalised and checked before the relay is contacted: a name that cannot be
    # signed must not spend the token.
    profile = sign_profile(identity, device_id, name=name, agency=agency,
                           issued_at_ms=time.time_ns() // 1_000_000)
    with RelayClient(url, ca_pem=ca_pem, device_id=device_id,
                     signer=identity_signer(identity)) as client:
        device = client.register(token, identity, device_id, profile)
        account = identity.account
        account.generate_one_time_keys(INITIAL_ONE_TIME_KEYS)
        # vodozemac's bundled type stubs omit the fallback-key API; it exists at runtime.
        account.generate_fallback_key()  # type: ignore[attr-defined]
        one_time = signed_keys(identity, device_id, {
            k: v.to_base64() for k, v in account.one_time_keys.items()}, fallback=False)
        fallback = signed_keys(identity, device_id, {
            k: v.to_base64() for k, v in account.fallback_key.items()  # type: ignore[attr-defined]
        }, fallback=True)
        published = client.publish_keys(one_time, fallback[0] if fallback else None)
        account.mark_keys_as_published()
    return RegisteredDevice(client.base_url, device.agency, published)
