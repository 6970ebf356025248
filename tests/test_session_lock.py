"""Proving the officer is back: the real passphrase unlocks, anything else does not."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from liaison_client.errors import KeyringError, UnlockError
from liaison_client.profile import KeyStorageChoice, NewProfile, Profile
from liaison_client.session_lock import confirm_officer, needs_passphrase
from liaison_client.store.key_custody import keyring_delete
from tests.conftest import TEST_PASSPHRASE

MakeProfile = Callable[..., tuple[NewProfile, Profile]]


# slow: its point is the real production Argon2id (MODERATE) derivation; it stays in the whole suite
@pytest.mark.slow
def test_the_profile_passphrase_confirms_the_officer(make_profile: MakeProfile) -> None:
    _, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    assert needs_passphrase(profile)
    confirm_officer(profile, TEST_PASSPHRASE)


# slow: its point is the real production Argon2id (MODERATE) derivation; it stays in the whole suite
@pytest.mark.slow
def test_a_wrong_passphrase_is_refused(make_profile: MakeProfile) -> None:
    _, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    with pytest.raises(UnlockError, match="wrong passphrase"):
        confirm_officer(profile, TEST_PASSPHRASE + " typo")


def test_an_empty_passphrase_is_refused_without_a_key_derivation(
        make_profile: MakeProfile) -> None:
    _, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    with pytest.raises(UnlockError, match="enter your passphrase"):
        confirm_officer(profile, "")


@pytest.mark.slow
def test_another_profiles_key_file_does_not_unlock_this_one(make_profile: MakeProfile) -> None:
    _, mine = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    _, other = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    mine.layout.passphrase_wrapped_keys.write_bytes(
        other.layout.passphrase_wrapped_keys.read_bytes())
    with pytest.raises(UnlockError):
        confirm_officer(mine, TEST_PASSPHRASE)


@pytest.mark.usefixtures("real_keyring")
def test_a_keyring_profile_is_confirmed_by_a_fresh_keyring_read(
        make_profile: MakeProfile) -> None:
    _, profile = make_profile(key_storage=KeyStorageChoice.KEYRING)
    assert not needs_passphrase(profile)
    confirm_officer(profile, None)


@pytest.mark.usefixtures("real_keyring")
def test_a_keyring_entry_that_was_removed_keeps_it_locked(make_profile: MakeProfile) -> None:
    _, profile = make_profile(key_storage=KeyStorageChoice.KEYRING)
    keyring_delete(profile.manifest.profile_id)
    with pytest.raises(KeyringError):
        confirm_officer(profile, None)
