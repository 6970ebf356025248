"""Creating, unlocking and recovering a profile: the service the CLI and the app call.

A profile is created all at once or not at all: everything is built in a
staging directory beside the target and renamed into place as the last step,
so a failure (weak passphrase, keyring error, full disk, a relay refusing the
token) leaves nothing behind that a later ``open`` could mistake for a profile.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.errors import KeyringError, ProfileExistsError
from liaison_client.store.atomic_file import fsync_directory

# Names written ``X as X`` are the profile service's vocabulary, re-exported so that its
# callers (the desktop app, the CLI) need nothing of the store under it (.importlinter).
from liaison_client.store.key_custody import (
    PASSPHRASE_LIMITS,
    RECOVERY_LIMITS,
    ProfileKeys,
    RecoveryKey,
    WrapPurpose,
    check_passphrase_strength,
    keyring_delete,
    keyring_load,
    keyring_store,
    load_wrapped,
    save_wrapped,
    unwrap_keys,
    wrap_keys,
)
from liaison_client.store.key_custody import (
    keyring_unusable_reason as keyring_unusable_reason,
)
from liaison_client.store.layout import ProfileLayout
from liaison_client.store.layout import resolve_profile_dir as resolve_profile_dir
from liaison_client.store.manifest import KeyStorage as KeyStorage
from liaison_client.store.manifest import ProfileManifest
from liaison_client.store.profile_lock import ProfileLock
from liaison_client.store.records import IdentityRecord, now_ms
from liaison_client.store.store import Store

#: Runs on the staging store before the profile is renamed into place (relay
#: registration): raising aborts the creation and leaves nothing behind.
StagingHook = Callable[[Store, DeviceIdentity, str], None]

#: Asked for a passphrase only when one is needed; ``confirm`` is True when a
#: new passphrase is being chosen (the caller should ask twice).
PassphraseSource = Callable[[bool], str]


class KeyStorageChoice(StrEnum):
    AUTO = "auto"
    KEYRING = "keyring"
    PASSPHRASE = "passphrase"


@dataclass(frozen=True)
class Whoami:
    device_id: str
    name: str
    agency: str
    fingerprint: str


@dataclass(frozen=True)
class NewProfile:
    """What ``create_profile`` hands back. The recovery key exists nowhere else:
    show it to the officer once."""

    root: Path
    whoami: Whoami
    key_storage: KeyStorage
    recovery_key: RecoveryKey


class Profile:
    """An unlocked profile: the open store and the device identity."""

    def __init__(
        self, layout: ProfileLayout, manifest: ProfileManifest, keys: ProfileKeys, store: Store,
        lock: ProfileLock,
    ) -> None:
        self._lock = lock
        self.layout = layout
        self.manifest = manifest
        self.store = store
        self._keys = keys
        record = store.identity.load()
        self._record = record
        self.identity = DeviceIdentity.from_pickle(record.account_pickle, keys.pickle_key)

    @property
    def device_id(self) -> str:
        return self._record.device_id

    @property
    def pickle_key(self) -> bytes:
        """The 32-byte key vodozemac pickles (Account, Olm, Megolm) are encrypted with.

        For the crypto layer only; like the database key it never leaves memory.
        """
        return self._keys.pickle_key

    def whoami(self) -> Whoami:
        return Whoami(
            device_id=self._record.device_id,
            name=self._record.name,
            agency=self._record.agency,
            fingerprint=self.identity.ed25519_key,
        )

    def close(self) -> None:
        try:
            self.store.close()
        finally:
            self._lock.release()

    def __enter__(self) -> Profile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def choose_key_storage(choice: KeyStorageChoice) -> KeyStorage:
    """Resolve ``auto`` to the keyring when a real one is usable, else a passphrase."""
    reason = keyring_unusable_reason()
    if choice is KeyStorageChoice.KEYRING:
        if reason is not None:
            raise KeyringError(f"cannot keep the key in the OS keyring: {reason}")
        return KeyStorage.KEYRING
    if choice is KeyStorageChoice.PASSPHRASE or reason is not None:
        return KeyStorage.PASSPHRASE
    return KeyStorage.KEYRING


def create_profile(
    root: Path,
    *,
    name: str,
    agency: str,
    passphrase: PassphraseSource,
    key_storage: KeyStorageChoice = KeyStorageChoice.AUTO,
    before_commit: StagingHook | None = None,
) -> NewProfile:
    """Create the profile directory, its keys, identity and encrypted database.

    ``before_commit`` (e.g. :class:`liaison_client.relay_connection.RelayEnrollment`)
    runs on the finished staging profile, inside one transaction, just before
    the rename; it may change the identity (one-time keys), which is saved
    after it. If it raises, nothing is left behind.
    """
    name, agency = name.strip(), agency.strip()
    if not name or not agency:
        raise ValueError("name and agency must not be empty")
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ProfileExistsError(
            f"{root} already exists and is not empty: choose another profile directory"
        )
    storage = choose_key_storage(key_storage)
    chosen_passphrase = None
    if storage is KeyStorage.PASSPHRASE:
        chosen_passphrase = passphrase(True)
        check_passphrase_strength(chosen_passphrase)

    manifest = ProfileManifest.new(storage)
    keys = ProfileKeys.generate()
    recovery_key = RecoveryKey.generate()
    identity = DeviceIdentity.generate()
    record = IdentityRecord(
        device_id=new_device_id(), name=name, agency=agency,
        account_pickle=identity.pickle(keys.pickle_key), created_at_ms=now_ms(),
    )

    root.parent.mkdir(parents=True, exist_ok=True)
    staging = ProfileLayout(Path(tempfile.mkdtemp(prefix=f".{root.name}.creating-",
                                                  dir=root.parent)))
    stored_in_keyring = False
    try:
        with Store.create(staging.database, keys.database_key) as store, store.transaction():
            store.identity.save(record)
        staging.lock_file.touch(mode=0o600)
        save_wrapped(staging.recovery_wrapped_keys, wrap_keys(
            keys, recovery_key.secret, purpose=WrapPurpose.RECOVERY,
            profile_id=manifest.profile_id, limits=RECOVERY_LIMITS,
        ))
        if chosen_passphrase is not None:
            save_wrapped(staging.passphrase_wrapped_keys, wrap_keys(
                keys, chosen_passphrase.encode(), purpose=WrapPurpose.PASSPHRASE,
                profile_id=manifest.profile_id, limits=PASSPHRASE_LIMITS,
            ))
        else:
            keyring_store(manifest.profile_id, keys)
            stored_in_keyring = True
        manifest.save(staging.manifest)
        if before_commit is not None:
            # Last, after every local step that could fail: a relay registration
            # spends the enrollment token, so nothing local should fail after it.
            with Store.open(staging.database, keys.database_key) as store, store.transaction():
                before_commit(store, identity, record.device_id)
                store.identity.save(
                    replace(record, account_pickle=identity.pickle(keys.pickle_key)))
        if root.exists():
            root.rmdir()
        staging.root.rename(root)
        fsync_directory(root.parent)
    except BaseException:
        shutil.rmtree(staging.root, ignore_errors=True)
        if stored_in_keyring:
            keyring_delete(manifest.profile_id)
        raise
    return NewProfile(
        root=root,
        whoami=Whoami(record.device_id, record.name, record.agency, identity.ed25519_key),
        key_storage=storage,
        recovery_key=recovery_key,
    )


#: How long ``open_profile`` waits for another process to close the profile.
DEFAULT_LOCK_TIMEOUT_S = 5.0


def open_profile(
    root: Path, *, passphrase: PassphraseSource, lock_timeout: float = DEFAULT_LOCK_TIMEOUT_S
) -> Profile:
    """Unlock an existing profile (keyring, or the passphrase when it uses one).

    Only one process may have a profile open (see ``store/profile_lock.py``).
    """
    layout = ProfileLayout(root)
    manifest = ProfileManifest.load(layout.manifest)
    lock = ProfileLock(layout.lock_file)
    lock.acquire(lock_timeout)
    try:
        keys = _unlock_keys(layout, manifest, passphrase)
        store = Store.open(layout.database, keys.database_key)
        try:
            return Profile(layout, manifest, keys, store, lock)
        except BaseException:
            store.close()
            raise
    except BaseException:
        lock.release()
        raise


def _unlock_keys(
    layout: ProfileLayout, manifest: ProfileManifest, passphrase: PassphraseSource
) -> ProfileKeys:
    if manifest.key_storage is KeyStorage.KEYRING:
        return keyring_load(manifest.profile_id)
    return unwrap_keys(
        load_wrapped(layout.passphrase_wrapped_keys), passphrase(False).encode(),
        purpose=WrapPurpose.PASSPHRASE, profile_id=manifest.profile_id,
        wrong_secret_message="wrong passphrase: the profile was not opened "
        "(forgotten it? run 'liaison recover' with your recovery key)",
    )


def recover_profile(
    root: Path,
    recovery_key: str,
    *,
    passphrase: PassphraseSource,
    key_storage: KeyStorageChoice = KeyStorageChoice.AUTO,
) -> KeyStorage:
    """Unlock with the recovery key and keep the keys anew (keyring or a new passphrase).

    The database itself is not touched: only how its key is kept changes.
    """
    layout = ProfileLayout(root)
    manifest = ProfileManifest.load(layout.manifest)
    keys = unwrap_keys(
        load_wrapped(layout.recovery_wrapped_keys), RecoveryKey.parse(recovery_key).secret,
        purpose=WrapPurpose.RECOVERY, profile_id=manifest.profile_id,
        wrong_secret_message="that recovery key does not belong to this profile",
    )
    # Prove the keys open the database before replacing anything.
    Store.open(layout.database, keys.database_key).close()
    storage = choose_key_storage(key_storage)
    if storage is KeyStorage.PASSPHRASE:
        new_passphrase = passphrase(True)
        check_passphrase_strength(new_passphrase)
        save_wrapped(layout.passphrase_wrapped_keys, wrap_keys(
            keys, new_passphrase.encode(), purpose=WrapPurpose.PASSPHRASE,
            profile_id=manifest.profile_id, limits=PASSPHRASE_LIMITS,
        ))
    else:
        keyring_store(manifest.profile_id, keys)
    if storage is not manifest.key_storage:
        ProfileManifest(manifest.profile_id, storage, manifest.created_at).save(layout.manifest)
    return storage
