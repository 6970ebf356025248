"""Where a profile keeps its relay: URL, pinned CA, registration state, queue cursor.

All of it lives in the profile's ``settings`` table, inside SQLCipher: which
relay an officer uses, and how far their queue has been read, is metadata
worth protecting, and nothing here is ever written to a plaintext file.

:func:`change_relay` is the one way to point an existing profile at another
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
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from liaison_client.errors import UsageError
from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.net.errors import RelayError, RelayRefusedError
from liaison_client.store.settings import SettingsRepository

if TYPE_CHECKING:
    from liaison_client.profile import Profile

RELAY_URL = "relay.url"
RELAY_CA_PEM = "relay.ca_pem"
RELAY_REGISTRATION = "relay.registration"
#: Cursor of the last envelope stored in the inbox (acknowledged or not yet).
RELAY_INBOX_CURSOR = "relay.inbox_cursor"

#: Hosts a plain-http relay is accepted on: only this computer (the embedded
#: demo relay, tests). Anything crossing a network must be https.
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
#: A relay change is checked with one attempt: the officer is waiting for the answer.
_CHECK_ATTEMPTS = 1


class RelayAddressError(UsageError):
    """The relay address is not an https:// URL (http:// only on this computer)."""

    code = "relay.address_invalid"


class RelayCertificateError(UsageError):
    """The pinned CA cannot be read or is not a PEM certificate."""

    code = "relay.ca_invalid"


class RelayDeviceUnknownError(RelayError):
    """The relay answers but does not list this device with its identity key:
    it is another relay (or an impostor), and this profile cannot use it as is."""

    code = "relay.device_unknown"


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


def checked_relay_url(url: str) -> str:
    """``url`` without surrounding blanks or a trailing slash, if it may be used as a relay.

    https is required; http only for a loopback host, where nothing crosses a network.
    """
    cleaned = url.strip().rstrip("/")
    parts = urlsplit(cleaned)
    try:
        host = parts.hostname
        parts.port  # noqa: B018  # a malformed port raises ValueError here
    except ValueError:
        host = None
    if parts.scheme not in ("https", "http") or not host or parts.query or parts.fragment:
        raise RelayAddressError(f"{cleaned!r} is not a relay address like "
                                "https://relay.example.gov")
    if parts.scheme == "http" and host not in LOOPBACK_HOSTS:
        raise RelayAddressError(f"{cleaned!r}: a relay on another computer needs https://")
    return cleaned


def checked_ca_pem(pem: str, source: str = "the CA certificate") -> str:
    """``pem`` if it holds at least one certificate OpenSSL can load as a trust anchor."""
    if "-----BEGIN CERTIFICATE-----" not in pem:
        raise RelayCertificateError(f"{source} is not a PEM certificate")
    try:
        ssl.create_default_context(cadata=pem)
    except (ssl.SSLError, ValueError) as exc:
        raise RelayCertificateError(f"{source} is not a usable PEM certificate: "
                                    f"{exc.args[-1] if exc.args else exc}") from exc
    return pem


def read_ca_file(path: Path) -> str:
    """The PEM text of a CA file the officer chose, checked like :func:`checked_ca_pem`."""
    try:
        pem = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise RelayCertificateError(f"cannot read the CA certificate {path}: {exc}") from exc
    return checked_ca_pem(pem, str(path))


def change_relay(profile: Profile, url: str, ca_pem: str | None) -> RelaySettings:
    """Point ``profile`` at ``url`` (trusting ``ca_pem``, or the system's CAs when None).

    Checked before anything is saved: the relay must answer over a connection
    the new trust accepts (else :class:`~liaison_client.net.errors.RelayTLSError`
    or :class:`~liaison_client.net.errors.RelayUnavailableError`) and list this
    device with this profile's own Ed25519 key (else
    :class:`RelayDeviceUnknownError`). The registration record and the inbox
    cursor are kept: it is the same relay, at a new address or with a new CA.
    Runs on the caller's thread (network I/O): the desktop app's service thread.
    """
    current = RelaySettings.load(profile.store.settings)
    if current is None:
        raise UsageError("this profile has no relay: joining one needs an enrollment "
                         "token ('liaison init --relay URL --token TOKEN' for a new profile)")
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
