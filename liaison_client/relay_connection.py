"""Where a profile keeps its relay, and the service calls that change it.

URL, pinned CA, registration state and queue cursor live in the profile's
``settings`` table, inside SQLCipher: which relay an officer uses, and how far
their queue has been read, is metadata worth protecting, and nothing here is
ever written to a plaintext file.

This is a service above :mod:`liaison_client.net` (which knows nothing of the
store): it joins what the relay answers to what the profile remembers.

- :class:`RelayEnrollment` is the ``liaison init --relay URL --token TOKEN``
  hook: it runs on the profile's *staging* store, before the profile directory
  is renamed into place, so if the relay refuses the token or is unreachable
  the profile is not created at all.
- :func:`join_relay` gives a profile created without a relay its first one
  (``liaison join``, Settings → Join a relay): the same registration as
  ``init --relay``, on the open profile, keeping its local history.
- :func:`change_relay` is the one way to point an existing profile at another
  address or pinned CA (the relay moved, its CA was rotated): the new address is
  checked for shape, then asked, with a signed request, for this very device;
  only a relay that answers over a trusted connection *and* lists this device
  with its own identity key is saved. Anything else raises and changes nothing,
  so the officer can never be left with a half-saved relay. Moving to a
  *different* relay (another deployment, other colleagues) is a new enrollment
  with a token, not a settings change.
"""

from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.errors import JoinAgencyMismatchError, RelayAlreadyJoinedError, UsageError
from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.net.errors import (
    AgencyMismatchError,
    RelayDeviceUnknownError,
    RelayRefusedError,
)
from liaison_client.net.registration import register_device
from liaison_client.net.relay_address import checked_ca_pem, checked_relay_url, read_ca_file
from liaison_client.store.settings import SettingsRepository
from liaison_client.store.store import Store

if TYPE_CHECKING:
    from liaison_client.profile import Profile

RELAY_URL = "relay.url"
RELAY_CA_PEM = "relay.ca_pem"
RELAY_REGISTRATION = "relay.registration"
#: Cursor of the last envelope stored in the inbox (acknowledged or not yet).
RELAY_INBOX_CURSOR = "relay.inbox_cursor"

#: How the relay names the token's agency in its ``agency_mismatch`` refusal
#: (liaison_client/relay/routes/devices.py); only shown, never trusted.
_ENROLLED_AGENCY = re.compile(r"enrolled for the agency '([^']{1,200})'")

#: A relay change is checked with one attempt: the officer is waiting for the answer.
_CHECK_ATTEMPTS = 1


@dataclass(frozen=True)
class RelaySettings:
    url: str
    ca_pem: str | None
    registration: dict[str, Any]

    @classmethod
    def load(cls, settings: SettingsRepository) -> RelaySettings | None:
        url = settings.get(RELAY_URL)
        if not isinstance(url, str):
            return None
        ca_pem = settings.get(RELAY_CA_PEM)
        registration = settings.get(RELAY_REGISTRATION, {})
        return cls(url, ca_pem if isinstance(ca_pem, str) else None,
                   registration if isinstance(registration, dict) else {})

    def save(self, settings: SettingsRepository) -> None:
        settings.set(RELAY_URL, self.url)
        if self.ca_pem is None:
            settings.delete(RELAY_CA_PEM)
        else:
            settings.set(RELAY_CA_PEM, self.ca_pem)
        settings.set(RELAY_REGISTRATION, self.registration)


def client_for_profile(profile: Any) -> RelayClient | None:
    """A signed client for an open :class:`~liaison_client.profile.Profile`, or
    None when the profile was created without a relay."""
    relay = RelaySettings.load(profile.store.settings)
    if relay is None:
        return None
    return RelayClient(relay.url, ca_pem=relay.ca_pem, device_id=profile.device_id,
                       signer=identity_signer(profile.identity))


@dataclass(frozen=True)
class RelayEnrollment:
    """What the officer typed: relay URL, enrollment token, optional pinned CA (PEM)."""

    url: str
    token: str
    ca_pem: str | None = None

    def __call__(self, store: Store, identity: DeviceIdentity, device_id: str) -> None:
        """The ``create_profile`` hook: register, upload keys, remember the relay."""
        register_and_publish(self, store, identity, device_id)


def register_and_publish(
    enrollment: RelayEnrollment, store: Store, identity: DeviceIdentity, device_id: str
) -> None:
    """Register with the officer's name and agency from ``store``, publish the first
    keys (:func:`~liaison_client.net.registration.register_device`), and keep the
    relay URL, pinned CA and registration in the encrypted settings."""
    officer = store.identity.load()
    registered = register_device(enrollment.url, enrollment.token, enrollment.ca_pem,
                                 identity, device_id, name=officer.name,
                                 agency=officer.agency)
    RelaySettings(
        url=registered.base_url, ca_pem=enrollment.ca_pem,
        registration={"agency": registered.agency,
                      "registered_at_ms": time.time_ns() // 1_000_000,
                      "one_time_keys_published": registered.one_time_keys_published},
    ).save(store.settings)


def join_relay(profile: Profile, enrollment: RelayEnrollment) -> RelaySettings:
    """Register the open ``profile`` (created without a relay) with ``enrollment``'s
    relay and keep it: the same registration as ``liaison init --relay``
    (:func:`register_and_publish`), on the profile's own store, so its channels,
    messages and watch-lists stay as they are.

    Why a fresh Account from the stored pickle rather than ``profile.identity``: the
    registration generates and publishes one-time keys; if anything fails after that,
    the transaction rolls back and the half-changed Account is dropped with it, so
    memory never runs ahead of the store (docs/CRYPTO.md's persistence rule). Only
    after the commit does the profile use the new Account; a Workspace open on the
    profile picks it up in :meth:`~liaison_client.workspace.Workspace.reload_relay`.

    Refused, nothing saved: a profile that already has a relay
    (:class:`RelayAlreadyJoinedError`), a bad address, a relay enrolling the device
    for another agency than the profile's — whether the relay says so
    (``agency_mismatch``, token not spent) or, not trusted, enrolls it anyway
    (:class:`JoinAgencyMismatchError`). Network I/O: the desktop app's service thread.
    """
    if RelaySettings.load(profile.store.settings) is not None:
        raise RelayAlreadyJoinedError(
            "this profile already has a relay; to reach it at another address or "
            "through another CA, change it in Settings → Relay")
    url = checked_relay_url(enrollment.url)
    if enrollment.ca_pem is not None:
        checked_ca_pem(enrollment.ca_pem)
    store = profile.store
    officer = store.identity.load()
    identity = DeviceIdentity.from_pickle(officer.account_pickle, profile.pickle_key)
    try:
        with store.transaction():
            register_and_publish(dataclasses.replace(enrollment, url=url), store, identity,
                                 profile.device_id)
            joined = RelaySettings.load(store.settings)
            assert joined is not None
            enrolled = str(joined.registration.get("agency", ""))
            if enrolled != officer.agency:
                raise JoinAgencyMismatchError(
                    f"the relay enrolled this device for {enrolled!r}, not for this "
                    f"profile's agency {officer.agency!r}: nothing was saved; ask for a "
                    "token issued for your agency", agency=officer.agency, detail=enrolled)
            store.identity.save_account_pickle(identity.pickle(profile.pickle_key))
    except AgencyMismatchError as exc:
        named = _ENROLLED_AGENCY.search(exc.relay_message)
        enrolled = named.group(1) if named else exc.relay_message
        raise JoinAgencyMismatchError(
            f"the enrollment token was issued for another agency ({enrolled}) than this "
            f"profile's ({officer.agency!r}); ask for a token issued for your agency",
            agency=officer.agency, detail=enrolled) from exc
    profile.identity = identity
    return joined


def change_relay(profile: Profile, url: str, ca_pem: str | None) -> RelaySettings:
    """Point ``profile`` at ``url`` (trusting ``ca_pem``, or the system's CAs when None).

    Checked before anything is saved: the relay must answer over a connection
    the new trust accepts (else :class:`~liaison_client.net.errors.RelayTLSError`
    or :class:`~liaison_client.net.errors.RelayUnavailableError`) and list this
    device with this profile's own Ed25519 key (else
    :class:`~liaison_client.net.errors.RelayDeviceUnknownError`). The registration
    record and the inbox cursor are kept: it is the same relay, at a new address
    or with a new CA. Runs on the caller's thread (network I/O): the desktop app's
    service thread.
    """
    current = RelaySettings.load(profile.store.settings)
    if current is None:
        raise UsageError("this profile has no relay: joining one needs an enrollment "
                         "token ('liaison join --relay URL --token-file FILE')")
    url = checked_relay_url(url)
    if ca_pem is not None:
        ca_pem = checked_ca_pem(ca_pem)
    own_key = profile.identity.ed25519_key
    with RelayClient(url, ca_pem=ca_pem, device_id=profile.device_id,
                     signer=identity_signer(profile.identity),
                     attempts=_CHECK_ATTEMPTS) as client:
        try:
            listed = client.device(profile.device_id)
        except RelayRefusedError as exc:
            if exc.status in (401, 403, 404):
                raise RelayDeviceUnknownError(
                    f"the relay at {url} does not know this device ({exc.error}): "
                    "it is not the relay this profile registered with") from exc
            raise
    if listed.ed25519_key != own_key:
        raise RelayDeviceUnknownError(
            f"the relay at {url} lists another identity key for this device: "
            "it is not the relay this profile registered with")
    changed = dataclasses.replace(current, url=url, ca_pem=ca_pem)
    with profile.store.transaction():
        changed.save(profile.store.settings)
    return changed


# -- what Settings → Relay calls (so that ui/ never imports liaison_client.net) --------

def current_relay(profile: Profile) -> RelaySettings | None:
    """The profile's relay settings; None for a profile created without a relay."""
    return RelaySettings.load(profile.store.settings)


def checked_address(url: str) -> str:
    """``url`` without surrounding blanks or a trailing slash if it may be a relay
    (https, or http to a loopback host), else a
    :class:`~liaison_client.errors.LiaisonError` saying why: no network I/O, so the
    UI checks the shape at once."""
    return checked_relay_url(url)


def change_address(profile: Profile, url: str, *, ca_file: Path | None,
                   keep_pinned: str | None) -> RelaySettings:
    """Point ``profile`` at ``url``, trusting the CA in ``ca_file`` when one was chosen
    (read and checked here), else ``keep_pinned`` (the CA pinned so far, or None for
    the system's CAs). Network I/O: run it on the service thread."""
    ca_pem = read_ca_file(ca_file) if ca_file is not None else keep_pinned
    return change_relay(profile, url, ca_pem)
