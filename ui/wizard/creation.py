"""What the wizard asks the service layer to do: create the profile, then open it.

The wizard collects a :class:`ProfileRequest` and hands it to
:func:`create_and_open` on the service thread. Creation is atomic in
``liaison_client.profile.create_profile`` (staging directory, rename last), so
any failure here leaves nothing behind and the wizard simply shows it inline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from liaison_client.errors import UsageError
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


class RelayRegistrationUnavailableError(UsageError):
    """A relay was filled in, but this build cannot register with one yet."""


def create_and_open(request: ProfileRequest) -> CreatedProfile:
    """Create the profile and open it; runs on the service thread."""
    if request.relay is not None:
        # Relay registration is being added to create_profile (relay engineer).
        # Wiring it is one line: pass ``relay=request.relay`` below and drop this.
        raise RelayRegistrationUnavailableError(
            "relay registration is not available in this version yet: "
            "leave the relay URL empty to use Liaison on this computer for now"
        )
    passphrase = request.passphrase
    storage = KeyStorageChoice.AUTO if passphrase is None else KeyStorageChoice.PASSPHRASE

    def ask(_confirm: bool) -> str:
        if passphrase is None:
            raise UsageError("a passphrase is needed: no usable OS keyring was found")
        return passphrase

    created = create_profile(
        request.root, name=request.name, agency=request.agency, passphrase=ask,
        key_storage=storage,
    )
    return CreatedProfile(new=created, profile=open_profile(request.root, passphrase=ask))
