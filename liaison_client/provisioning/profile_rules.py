"""IT's rules for a new profile, enforced where every profile is made (:func:`enroll`).

The first-run wizard checks the same rules early, on the page that holds the field
(ui/wizard/provisioned_defaults.py), so the officer is told before typing on; this
module is the guarantee behind it: ``liaison init`` and the wizard both create
profiles through :func:`liaison_client.enrollment.enroll`, which applies
:func:`profile_rules` with the effective provisioning, so a scripted ``init`` cannot
make a profile IT's configuration forbids.

The rules (docs/INSTALL.md, "Provisioning"):

- ``allowed_agencies``: when not empty, the agency must be one of them, exactly (the
  relay enrolls an exact agency; a near-miss would only fail later, at the relay);
- ``key_storage = "keyring"``: the database key goes to the OS keyring only, never a
  passphrase-wrapped file, so ``auto`` becomes ``keyring`` (which fails clearly when no
  keyring works) and an explicit ``passphrase`` is refused;
- ``min_passphrase_length``: IT's floor, above the store's own (the store then applies
  its own rule as well);
- ``relay_url`` / ``relay_ca`` locked by IT: a different relay or CA is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.profile import KeyStorageChoice, PassphraseSource
from liaison_client.provisioning.config import STORE_MIN_PASSPHRASE_LENGTH, Provisioning
from liaison_client.provisioning.errors import (
    AgencyNotAllowedError,
    KeyringRequiredError,
    PassphraseBelowFloorError,
    RelayLockedError,
)


@dataclass(frozen=True)
class ProfileRules:
    """The parts of IT's provisioning that decide how a profile may be made."""

    allowed_agencies: tuple[str, ...]
    keyring_only: bool
    min_passphrase_length: int

    def check_agency(self, agency: str) -> None:
        if self.allowed_agencies and agency.strip() not in self.allowed_agencies:
            raise AgencyNotAllowedError(agency, self.allowed_agencies)

    def key_storage(self, requested: KeyStorageChoice) -> KeyStorageChoice:
        """The storage to use: ``requested``, unless IT requires the keyring."""
        if not self.keyring_only:
            return requested
        if requested is KeyStorageChoice.PASSPHRASE:
            raise KeyringRequiredError()
        return KeyStorageChoice.KEYRING

    def passphrase_source(self, source: PassphraseSource) -> PassphraseSource:
        """``source``, with IT's floor checked on every passphrase it gives."""
        floor = self.min_passphrase_length
        if floor <= STORE_MIN_PASSPHRASE_LENGTH:
            return source  # the store's own check says it (and says more)

        def checked(confirm: bool) -> str:
            passphrase = source(confirm)
            if len(passphrase) < floor:
                raise PassphraseBelowFloorError(floor)
            return passphrase
        return checked


def profile_rules(provisioning: Provisioning) -> ProfileRules:
    return ProfileRules(
        allowed_agencies=tuple(provisioning.value("allowed_agencies")),
        keyring_only=provisioning.value("key_storage") == "keyring",
        min_passphrase_length=int(provisioning.value("min_passphrase_length")),
    )


def check_relay_choice(provisioning: Provisioning, url: str | None,
                       ca_given: bool) -> None:
    """Refuse a relay URL or CA other than the one IT locked (``None``/not given: fine,
    the caller then uses IT's)."""
    locked_url = provisioning.value("relay_url")
    if (url is not None and provisioning.locked("relay_url") and locked_url
            and url.rstrip("/") != str(locked_url).rstrip("/")):
        raise RelayLockedError("relay_url", str(locked_url))
    if ca_given and provisioning.locked("relay_ca") and provisioning.value("relay_ca"):
        raise RelayLockedError("relay_ca", str(provisioning.value("relay_ca")))
