"""What the wizard asks the service layer to do: create the profile, then open it.

The wizard collects a :class:`ProfileRequest` and hands it to
:func:`create_and_open` on the service thread. Creation is atomic in
``liaison_client.profile.create_profile`` (staging directory, rename last), so
any failure here leaves nothing behind and the wizard simply shows it inline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from liaison_client import relay_connection as registration
from liaison_client.errors import UsageError
from liaison_client.net.relay_address import read_ca_file
from liaison_client.profile import (
    KeyStorageChoice,
    NewProfile,
    Profile,
    create_profile,
    open_profile,
)


@dataclass(frozen=True)
class RelayEnrollment:
    """The relay an officer was told to join: its URL, optionally a pinned CA, and the
    one-time enrollment token from the relay's administrator."""

    url: str
    token: str
    ca_file: Path | None = None


@dataclass(frozen=True)
class ProfileRequest:
    root: Path
    name: str
    agency: str
    relay: RelayEnrollment | None = None
    #: Set when no OS keyring is usable; ``None`` lets the service use the keyring.
    passphrase: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class CreatedProfile:
    new: NewProfile
    profile: Profile


def relay_registration(relay: RelayEnrollment) -> registration.RelayEnrollment:
    """The service's enrollment hook for what the officer typed, with the CA file read.

    The CA file is read and checked by the service (``read_ca_file``: a PEM that
    OpenSSL loads), the same check Settings → Relay uses; a bad one raises
    :class:`~liaison_client.net.errors.RelayCertificateError`, shown on the
    relay page."""
    ca_pem = read_ca_file(relay.ca_file) if relay.ca_file is not None else None
    return registration.RelayEnrollment(url=relay.url, token=relay.token.strip(), ca_pem=ca_pem)


def create_and_open(request: ProfileRequest) -> CreatedProfile:
    """Create the profile (registered with its relay, if one was given) and open it;
    runs on the service thread. Registration happens inside ``create_profile``'s
    ``before_commit`` hook: a refused token or an unreachable relay leaves no profile."""
    enrollment = relay_registration(request.relay) if request.relay is not None else None
    passphrase = request.passphrase
    storage = KeyStorageChoice.AUTO if passphrase is None else KeyStorageChoice.PASSPHRASE

    def ask(_confirm: bool) -> str:
        if passphrase is None:
            raise UsageError("a passphrase is needed: no usable OS keyring was found")
        return passphrase

    created = create_profile(
        request.root, name=request.name, agency=request.agency, passphrase=ask,
        key_storage=storage, before_commit=enrollment,
    )
    return CreatedProfile(new=created, profile=open_profile(request.root, passphrase=ask))
