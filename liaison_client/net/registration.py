"""Registering a new device with its relay and publishing its keys.

Runs during ``liaison init --relay URL --token TOKEN`` on the profile's
*staging* store, before the profile directory is renamed into place: if the
relay refuses the token, is unreachable, or distrusts nothing we can fix, the
profile is not created at all.

Steps: (1) register, proving possession of the identity keys
(:func:`~liaison_client.net.signed_payloads.registration_payload`) and
presenting the officer's name and agency, signed by the device key
(:func:`~liaison_client.net.device_profile.sign_profile`; the relay refuses an
agency other than the token's, and peers verify the signature); (2)
generate one-time keys and a fallback key on the vodozemac Account, sign each
with the device key, upload them, and only then mark them published; (3) keep
the relay URL, pinned CA and registration in the encrypted settings.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.net.device_profile import sign_profile
from liaison_client.net.relay_settings import RelaySettings
from liaison_client.net.signed_payloads import key_payload
from liaison_client.store.store import Store

#: One-time keys published at registration (vodozemac keeps at most 50 unpublished
#: private halves; Matrix clients aim for half the account's maximum).
INITIAL_ONE_TIME_KEYS = 50


@dataclass(frozen=True)
class RelayEnrollment:
    """What the officer typed: relay URL, enrollment token, optional pinned CA (PEM)."""

    url: str
    token: str
    ca_pem: str | None = None

    def __call__(self, store: Store, identity: DeviceIdentity, device_id: str) -> None:
        """The ``create_profile`` hook: register, upload keys, remember the relay."""
        register_and_publish(self, store, identity, device_id)


def signed_keys(
    identity: DeviceIdentity, device_id: str, keys: dict[str, str], *, fallback: bool
) -> list[tuple[str, str, str]]:
    return [(key_id, key, identity.sign(key_payload(device_id=device_id, key_id=key_id,
                                                    key=key, fallback=fallback)))
            for key_id, key in sorted(keys.items())]


def register_and_publish(
    enrollment: RelayEnrollment, store: Store, identity: DeviceIdentity, device_id: str
) -> None:
    officer = store.identity.load()
    # Normalised and checked before the relay is contacted: a name that cannot be
    # signed must not spend the token.
    profile = sign_profile(identity, device_id, name=officer.name, agency=officer.agency,
                           issued_at_ms=time.time_ns() // 1_000_000)
    with RelayClient(enrollment.url, ca_pem=enrollment.ca_pem, device_id=device_id,
                     signer=identity_signer(identity)) as client:
        device = client.register(enrollment.token, identity, device_id, profile)
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
    RelaySettings(
        url=client.base_url, ca_pem=enrollment.ca_pem,
        registration={"agency": device.agency, "registered_at_ms": time.time_ns() // 1_000_000,
                      "one_time_keys_published": published},
    ).save(store.settings)
