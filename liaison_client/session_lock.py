"""Proving the officer is back, for an idle-locked app with its profile still open.

The app locks itself after some idle minutes (``ui/lock/``). The profile stays
open underneath (sync keeps running), so unlocking cannot be "open the profile
again": the profile lock forbids a second open, and nothing needs reopening.
Instead the officer proves possession of what opened it in the first place:
the passphrase (Argon2id unwrap of the profile's key file, exactly as
``open_profile`` does) or, for keyring profiles, a fresh read of the OS keyring
(which a locked keyring refuses). The keys obtained must be this profile's
keys; they are compared in constant time and then dropped.
"""

from __future__ import annotations

import hmac

from liaison_client.errors import ForeignKeysError, PassphraseMissingError
from liaison_client.profile import Profile
from liaison_client.store.key_custody import (
    WrapPurpose,
    keyring_load,
    load_wrapped,
    unwrap_keys,
)
from liaison_client.store.manifest import KeyStorage


def needs_passphrase(profile: Profile) -> bool:
    return profile.manifest.key_storage is KeyStorage.PASSPHRASE


def confirm_officer(profile: Profile, passphrase: str | None) -> None:
    """Return if ``passphrase`` (or the OS keyring) unlocks ``profile``; else raise
    :class:`~liaison_client.errors.UnlockError` (or ``KeyringError`` when the keyring is locked)."""
    manifest = profile.manifest
    if manifest.key_storage is KeyStorage.KEYRING:
        keys = keyring_load(manifest.profile_id)
    else:
        if not passphrase:
            raise PassphraseMissingError("enter your passphrase to unlock")
        keys = unwrap_keys(
            load_wrapped(profile.layout.passphrase_wrapped_keys), passphrase.encode(),
            purpose=WrapPurpose.PASSPHRASE, profile_id=manifest.profile_id,
            wrong_secret_message="wrong passphrase: Liaison stays locked")
    if not hmac.compare_digest(keys.pickle_key, profile.pickle_key):
        raise ForeignKeysError("these keys belong to another profile: Liaison stays locked")
