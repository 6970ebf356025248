"""Creating, opening and recovering profiles, through both key custody paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison_client.errors import (
    KeyringError,
    ProfileBusyError,
    ProfileExistsError,
    ProfileNotFoundError,
    StoreCorruptError,
    UnlockError,
    WeakPassphraseError,
)
from liaison_client.profile import (
    KeyStorageChoice,
    NewProfile,
    create_profile,
    open_profile,
    recover_profile,
)
from liaison_client.store.key_custody import keyring_delete
from liaison_client.store.manifest import KeyStorage, ProfileManifest
from tests.conftest import TEST_PASSPHRASE, fixed_passphrase


def _create(
    root: Path, storage: KeyStorageChoice, passphrase: str = TEST_PASSPHRASE
) -> NewProfile:
    return create_profile(root, name="Emma Clarke", agency="UK Border Force, Felixstowe",
                          passphrase=fixed_passphrase(passphrase), key_storage=storage)


# slow: its point is the real production Argon2id (MODERATE) derivation; it stays in the whole suite
@pytest.mark.slow
def test_passphrase_profile_opens_with_its_passphrase(tmp_path: Path) -> None:
    created = _create(tmp_path / "p", KeyStorageChoice.PASSPHRASE)
    assert created.key_storage is KeyStorage.PASSPHRASE
    with open_profile(tmp_path / "p", passphrase=fixed_passphrase()) as profile:
        assert profile.whoami() == created.whoami
        assert profile.identity.ed25519_key == created.whoami.fingerprint


def test_profile_directory_and_secrets_are_private(tmp_path: Path) -> None:
    _create(tmp_path / "p", KeyStorageChoice.PASSPHRASE)
    assert (tmp_path / "p").stat().st_mode & 0o777 == 0o700
    for name in ("liaison.db", "keys.passphrase.json", "keys.recovery.json"):
        assert (tmp_path / "p" / name).stat().st_mode & 0o077 == 0, name


@pytest.mark.slow
def test_wrong_passphrase_opens_nothing(tmp_path: Path) -> None:
    _create(tmp_path / "p", KeyStorageChoice.PASSPHRASE)
    with pytest.raises(UnlockError, match="wrong passphrase"):
        open_profile(tmp_path / "p", passphrase=fixed_passphrase("not my passphrase"))


def test_weak_passphrase_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(WeakPassphraseError):
        _create(tmp_path / "p", KeyStorageChoice.PASSPHRASE, passphrase="short")
    assert not (tmp_path / "p").exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_existing_profile_is_never_overwritten(tmp_path: Path) -> None:
    created = _create(tmp_path / "p", KeyStorageChoice.PASSPHRASE)
    with pytest.raises(ProfileExistsError):
        _create(tmp_path / "p", KeyStorageChoice.PASSPHRASE)
    with open_profile(tmp_path / "p", passphrase=fixed_passphrase()) as profile:
        assert profile.device_id == created.whoami.device_id


def test_empty_directory_can_become_a_profile(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    _create(tmp_path / "p", KeyStorageChoice.PASSPHRASE)
    manifest = ProfileManifest.load(tmp_path / "p" / "profile.json")
    assert manifest.key_storage is KeyStorage.PASSPHRASE


def test_opening_where_there_is_no_profile_says_so(tmp_path: Path) -> None:
    with pytest.raises(ProfileNotFoundError, match="liaison init"):
        open_profile(tmp_path / "nothing", passphrase=fixed_passphrase())


@pytest.mark.slow
def test_missing_database_is_reported_not_recreated(tmp_path: Path) -> None:
    _create(tmp_path / "p", KeyStorageChoice.PASSPHRASE)
    (tmp_path / "p" / "liaison.db").unlink()
    with pytest.raises(StoreCorruptError, match="missing"):
        open_profile(tmp_path / "p", passphrase=fixed_passphrase())
    assert not (tmp_path / "p" / "liaison.db").exists()


@pytest.mark.slow
def test_forgotten_passphrase_is_replaced_using_the_recovery_key(tmp_path: Path) -> None:
    created = _create(tmp_path / "p", KeyStorageChoice.PASSPHRASE)
    new_passphrase = "a brand new passphrase"
    recover_profile(tmp_path / "p", created.recovery_key.formatted(),
                    passphrase=fixed_passphrase(new_passphrase),
                    key_storage=KeyStorageChoice.PASSPHRASE)
    with pytest.raises(UnlockError):
        open_profile(tmp_path / "p", passphrase=fixed_passphrase())
    with open_profile(tmp_path / "p", passphrase=fixed_passphrase(new_passphrase)) as profile:
        assert profile.whoami() == created.whoami


@pytest.mark.slow
def test_recovery_key_of_another_profile_is_refused(tmp_path: Path) -> None:
    _create(tmp_path / "a", KeyStorageChoice.PASSPHRASE)
    other = _create(tmp_path / "b", KeyStorageChoice.PASSPHRASE)
    with pytest.raises(UnlockError, match="does not belong"):
        recover_profile(tmp_path / "a", other.recovery_key.formatted(),
                        passphrase=fixed_passphrase(), key_storage=KeyStorageChoice.PASSPHRASE)


@pytest.mark.usefixtures("real_keyring")
def test_keyring_profile_opens_without_a_passphrase(tmp_path: Path) -> None:
    created = _create(tmp_path / "p", KeyStorageChoice.KEYRING)
    assert created.key_storage is KeyStorage.KEYRING
    assert not (tmp_path / "p" / "keys.passphrase.json").exists()

    def no_passphrase(_confirm: bool) -> str:
        raise AssertionError("a keyring profile must not ask for a passphrase")

    with open_profile(tmp_path / "p", passphrase=no_passphrase) as profile:
        assert profile.whoami() == created.whoami


@pytest.mark.usefixtures("real_keyring")
def test_auto_prefers_a_real_keyring(tmp_path: Path) -> None:
    assert _create(tmp_path / "p", KeyStorageChoice.AUTO).key_storage is KeyStorage.KEYRING


@pytest.mark.usefixtures("real_keyring")
def test_keyring_reset_does_not_lock_the_officer_out(tmp_path: Path) -> None:
    created = _create(tmp_path / "p", KeyStorageChoice.KEYRING)
    profile_id = ProfileManifest.load(tmp_path / "p" / "profile.json").profile_id
    keyring_delete(profile_id)  # the keyring was reset
    with pytest.raises(KeyringError, match="liaison recover"):
        open_profile(tmp_path / "p", passphrase=fixed_passphrase())
    recover_profile(tmp_path / "p", created.recovery_key.formatted(),
                    passphrase=fixed_passphrase(), key_storage=KeyStorageChoice.KEYRING)
    with open_profile(tmp_path / "p", passphrase=fixed_passphrase()) as profile:
        assert profile.whoami() == created.whoami


@pytest.mark.slow
def test_a_profile_is_open_in_one_place_at_a_time(tmp_path: Path) -> None:
    _create(tmp_path / "p", KeyStorageChoice.PASSPHRASE)
    first = open_profile(tmp_path / "p", passphrase=fixed_passphrase())
    with pytest.raises(ProfileBusyError, match="another Liaison process"):
        open_profile(tmp_path / "p", passphrase=fixed_passphrase(), lock_timeout=0.2)
    first.close()
    with open_profile(tmp_path / "p", passphrase=fixed_passphrase(), lock_timeout=0.2) as again:
        assert again.whoami().name == "Emma Clarke"


# slow: a second interpreter killed with SIGKILL, plus a real Argon2id unlock
@pytest.mark.slow
def test_a_killed_process_does_not_leave_the_profile_locked(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    _create(tmp_path / "p", KeyStorageChoice.PASSPHRASE)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from pathlib import Path\n"
         "from liaison_client.profile import open_profile\n"
         f"held = open_profile(Path({str(tmp_path / 'p')!r}),\n"
         f"                    passphrase=lambda _c: {TEST_PASSPHRASE!r})\n"
         "print('open', flush=True)\n"
         "time.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(ProfileBusyError):
            open_profile(tmp_path / "p", passphrase=fixed_passphrase(), lock_timeout=0.2)
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(10)
    with open_profile(tmp_path / "p", passphrase=fixed_passphrase(), lock_timeout=2) as profile:
        assert profile.whoami().agency == "UK Border Force, Felixstowe"
