"""Key custody: wrapping under a passphrase or recovery key, and the real OS keyring."""

from __future__ import annotations

import base64
import json
import uuid

import keyring
import pytest

from liaison_client.errors import KeyringError, StoreCorruptError, UnlockError, WeakPassphraseError
from liaison_client.store.key_custody import (
    KEYRING_SERVICE,
    PASSPHRASE_LIMITS,
    RECOVERY_LIMITS,
    ProfileKeys,
    RecoveryKey,
    WrapPurpose,
    check_passphrase_strength,
    keyring_delete,
    keyring_load,
    keyring_store,
    unwrap_keys,
    wrap_keys,
)

PROFILE = "6f1c2a9e-0000-4000-8000-000000000001"


def _wrap(keys: ProfileKeys, secret: bytes = b"a good long passphrase") -> bytes:
    return wrap_keys(keys, secret, purpose=WrapPurpose.PASSPHRASE, profile_id=PROFILE,
                     limits=RECOVERY_LIMITS)


def _unwrap(document: bytes, secret: bytes = b"a good long passphrase",
            profile_id: str = PROFILE) -> ProfileKeys:
    return unwrap_keys(document, secret, purpose=WrapPurpose.PASSPHRASE, profile_id=profile_id,
                       wrong_secret_message="wrong passphrase")


def test_wrapped_keys_unwrap_with_the_same_secret() -> None:
    keys = ProfileKeys.generate()
    assert _unwrap(_wrap(keys)).to_bytes() == keys.to_bytes()


def test_wrapped_document_contains_no_key_material_in_the_clear() -> None:
    keys = ProfileKeys.generate()
    document = _wrap(keys)
    for secret in (keys.database_key, keys.pickle_key):
        assert secret not in document
        assert base64.b64encode(secret) not in document
        assert secret.hex().encode() not in document


def test_wrong_passphrase_is_an_unlock_error() -> None:
    with pytest.raises(UnlockError, match="wrong passphrase"):
        _unwrap(_wrap(ProfileKeys.generate()), b"not the passphrase")


def test_wrapped_file_cannot_be_moved_to_another_profile() -> None:
    with pytest.raises(UnlockError):
        _unwrap(_wrap(ProfileKeys.generate()), profile_id=str(uuid.uuid4()))


def test_tampered_ciphertext_is_refused() -> None:
    document = json.loads(_wrap(ProfileKeys.generate()))
    sealed = bytearray(base64.b64decode(document["sealed"]))
    sealed[-1] ^= 1
    document["sealed"] = base64.b64encode(bytes(sealed)).decode()
    with pytest.raises(UnlockError):
        _unwrap(json.dumps(document).encode())


def test_lowered_kdf_limits_are_refused() -> None:
    document = json.loads(_wrap(ProfileKeys.generate()))
    document["opslimit"] = 1
    with pytest.raises(StoreCorruptError, match="minimum"):
        _unwrap(json.dumps(document).encode())


def test_raised_kdf_limits_do_not_verify() -> None:
    # The limits are bound in the associated data: editing them breaks the seal.
    document = json.loads(_wrap(ProfileKeys.generate()))
    document["opslimit"] = RECOVERY_LIMITS.opslimit + 1
    with pytest.raises(UnlockError):
        _unwrap(json.dumps(document).encode())


@pytest.mark.parametrize("garbage", [b"", b"{}", b"not json", b'{"format": 1}'])
def test_damaged_wrapped_file_is_a_clear_error(garbage: bytes) -> None:
    with pytest.raises(StoreCorruptError, match="damaged"):
        _unwrap(garbage)


def test_passphrase_wrapping_uses_at_least_moderate_argon2id() -> None:
    import nacl.pwhash

    assert PASSPHRASE_LIMITS.opslimit >= nacl.pwhash.argon2id.OPSLIMIT_MODERATE
    assert PASSPHRASE_LIMITS.memlimit >= nacl.pwhash.argon2id.MEMLIMIT_MODERATE


@pytest.mark.parametrize("weak", ["", "short", "aaaaaaaaaaaaaaaa", "abababababab"])
def test_weak_passphrases_are_refused(weak: str) -> None:
    with pytest.raises(WeakPassphraseError):
        check_passphrase_strength(weak)


def test_reasonable_passphrase_is_accepted() -> None:
    check_passphrase_strength("customs liaison 2026")


def test_recovery_key_round_trips_through_its_written_form() -> None:
    key = RecoveryKey.generate()
    text = key.formatted()
    assert len(text.split("-")) == 10
    assert RecoveryKey.parse(text).secret == key.secret
    assert RecoveryKey.parse(text.lower().replace("-", " ")).secret == key.secret


def test_mistyped_recovery_key_is_detected() -> None:
    text = RecoveryKey.generate().formatted()
    swapped = ("B" if text[0] != "B" else "C") + text[1:]
    with pytest.raises(UnlockError, match="mistyped"):
        RecoveryKey.parse(swapped)


def test_recovery_key_repr_hides_the_secret() -> None:
    key = RecoveryKey.generate()
    assert key.formatted() not in repr(key)
    assert "secret" in repr(ProfileKeys.generate())


@pytest.mark.usefixtures("real_keyring")
def test_keys_round_trip_through_the_os_keyring() -> None:
    profile_id = str(uuid.uuid4())
    keys = ProfileKeys.generate()
    keyring_store(profile_id, keys)
    try:
        assert keyring_load(profile_id).to_bytes() == keys.to_bytes()
        assert keyring.get_password(KEYRING_SERVICE, profile_id) is not None
    finally:
        keyring_delete(profile_id)
    with pytest.raises(KeyringError, match="liaison recover"):
        keyring_load(profile_id)


@pytest.mark.usefixtures("real_keyring")
def test_damaged_keyring_entry_points_to_recovery() -> None:
    profile_id = str(uuid.uuid4())
    keyring.set_password(KEYRING_SERVICE, profile_id, "not-a-key")
    try:
        with pytest.raises(KeyringError, match="damaged"):
            keyring_load(profile_id)
    finally:
        keyring_delete(profile_id)
