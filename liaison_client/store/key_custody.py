"""Custody of a profile's secret keys: the OS keyring, a passphrase, a recovery key.

A profile has two 32-byte random keys (:class:`ProfileKeys`): the SQLCipher
database key and the key that encrypts vodozemac pickles inside it. They never
touch the disk in the clear. They are kept in one of two ways:

* **OS keyring** (``keyring``, service ``liaison``, user name = profile id), when
  a real backend exists (Secret Service, macOS Keychain, Windows Credential
  Locker). Plaintext-file backends (``keyrings.alt``) and the ``fail`` backend
  are refused.
* **Passphrase**: the keys are wrapped and stored in ``keys.passphrase.json``.

In both cases a second wrapped copy, under a random *recovery key* shown once
at creation, lives in ``keys.recovery.json``, so a reset keyring or a forgotten
passphrase never locks an officer out of their history.

Wrapping follows libsodium's documented recipe, nothing of our own: derive a
key with Argon2id (``crypto_pwhash``, PyNaCl ``nacl.pwhash.argon2id``), then
seal with XChaCha20-Poly1305 (``crypto_aead_xchacha20poly1305_ietf``, PyNaCl
``nacl.secret.Aead``) under a random 24-byte nonce. The associated data binds
the ciphertext to its purpose, the profile id and the KDF parameters, so a
wrapped file cannot be swapped between profiles or downgraded to weaker limits.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.errors
import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils

from liaison_client.errors import (
    KeyringError,
    KeyringLockedError,
    PassphraseRepetitiveError,
    PassphraseTooShortError,
    RecoveryKeyMistypedError,
    StoreCorruptError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)
from liaison_client.store.atomic_file import write_atomic

KEY_BYTES = 32
KEYRING_SERVICE = "liaison"
MIN_PASSPHRASE_CHARS = 12
WRAP_FORMAT = 1


@dataclass(frozen=True, repr=False)
class ProfileKeys:
    """The profile's secrets. ``repr`` is hidden so a key never lands in a log."""

    database_key: bytes
    pickle_key: bytes

    def __post_init__(self) -> None:
        if len(self.database_key) != KEY_BYTES or len(self.pickle_key) != KEY_BYTES:
            raise ValueError("profile keys must be 32 bytes each")

    def __repr__(self) -> str:
        return "ProfileKeys(<secret>)"

    @classmethod
    def generate(cls) -> ProfileKeys:
        return cls(nacl.utils.random(KEY_BYTES), nacl.utils.random(KEY_BYTES))

    def to_bytes(self) -> bytes:
        return self.database_key + self.pickle_key

    @classmethod
    def from_bytes(cls, raw: bytes) -> ProfileKeys:
        if len(raw) != 2 * KEY_BYTES:
            raise ValueError("profile key bundle must be 64 bytes")
        return cls(raw[:KEY_BYTES], raw[KEY_BYTES:])


class WrapPurpose(StrEnum):
    PASSPHRASE = "passphrase"
    RECOVERY = "recovery"


@dataclass(frozen=True)
class KdfLimits:
    """Argon2id cost. MODERATE (256 MiB, ~1 s here) for passphrases people choose;
    INTERACTIVE for the recovery key, whose 160 random bits need no stretching."""

    opslimit: int
    memlimit: int


PASSPHRASE_LIMITS = KdfLimits(
    nacl.pwhash.argon2id.OPSLIMIT_MODERATE, nacl.pwhash.argon2id.MEMLIMIT_MODERATE
)
RECOVERY_LIMITS = KdfLimits(
    nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE, nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE
)


def _associated_data(purpose: WrapPurpose, profile_id: str, limits: KdfLimits) -> bytes:
    return (
        f"liaison-key-wrap/v{WRAP_FORMAT}|{purpose}|{profile_id}|"
        f"argon2id:{limits.opslimit}:{limits.memlimit}"
    ).encode()


def wrap_keys(
    keys: ProfileKeys, secret: bytes, *, purpose: WrapPurpose, profile_id: str,
    limits: KdfLimits,
) -> bytes:
    """Seal ``keys`` under ``secret``; returns the JSON document to store."""
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    wrapping_key = nacl.pwhash.argon2id.kdf(
        KEY_BYTES, secret, salt, opslimit=limits.opslimit, memlimit=limits.memlimit
    )
    sealed = nacl.secret.Aead(wrapping_key).encrypt(
        keys.to_bytes(), _associated_data(purpose, profile_id, limits)
    )
    document = {
        "format": WRAP_FORMAT,
        "purpose": str(purpose),
        "kdf": "argon2id",
        "opslimit": limits.opslimit,
        "memlimit": limits.memlimit,
        "salt": base64.b64encode(salt).decode(),
        "aead": "xchacha20poly1305-ietf",
        "sealed": base64.b64encode(bytes(sealed)).decode(),
    }
    return json.dumps(document, indent=2).encode() + b"\n"


def unwrap_keys(
    document: bytes, secret: bytes, *, purpose: WrapPurpose, profile_id: str,
    wrong_secret_message: str,
) -> ProfileKeys:
    """Open a wrapped-key document; a wrong secret raises :class:`UnlockError`."""
    try:
        raw: dict[str, Any] = json.loads(document)
        if raw["format"] != WRAP_FORMAT or raw["purpose"] != purpose or raw["kdf"] != "argon2id":
            raise ValueError("unknown format, purpose or KDF")
        limits = KdfLimits(int(raw["opslimit"]), int(raw["memlimit"]))
        if limits.opslimit < RECOVERY_LIMITS.opslimit or limits.memlimit < RECOVERY_LIMITS.memlimit:
            raise ValueError("KDF limits below the minimum")
        salt = base64.b64decode(raw["salt"], validate=True)
        sealed = base64.b64decode(raw["sealed"], validate=True)
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise StoreCorruptError(f"wrapped key file is damaged: {exc}") from exc
    wrapping_key = nacl.pwhash.argon2id.kdf(
        KEY_BYTES, secret, salt, opslimit=limits.opslimit, memlimit=limits.memlimit
    )
    try:
        plain = nacl.secret.Aead(wrapping_key).decrypt(
            sealed, _associated_data(purpose, profile_id, limits)
        )
    except nacl.exceptions.CryptoError as exc:
        wrong = (WrongPassphraseError if purpose is WrapPurpose.PASSPHRASE
                 else WrongRecoveryKeyError)
        raise wrong(wrong_secret_message) from exc
    return ProfileKeys.from_bytes(plain)


def save_wrapped(path: Path, document: bytes) -> None:
    write_atomic(path, document)


def load_wrapped(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise StoreCorruptError(f"wrapped key file {path} is missing") from exc


# --------------------------------------------------------------------------
# Passphrases

def check_passphrase_strength(passphrase: str) -> None:
    """Refuse passphrases an attacker with the profile directory could guess.

    Length is what resists offline guessing best; repeated or sequential
    characters do not count towards it.
    """
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise PassphraseTooShortError(
            f"passphrase too short: use at least {MIN_PASSPHRASE_CHARS} characters",
            min_chars=str(MIN_PASSPHRASE_CHARS))
    if len(set(passphrase)) < 5:
        raise PassphraseRepetitiveError(
            "passphrase too repetitive: use more different characters")


# --------------------------------------------------------------------------
# Recovery keys

_RECOVERY_SECRET_BYTES = 20
_RECOVERY_CHECK_BYTES = 5
_RECOVERY_GROUP = 4


@dataclass(frozen=True, repr=False)
class RecoveryKey:
    """160 random bits plus a 40-bit checksum, written as 10 groups of 4 base32
    characters (``ABCD-EFGH-...``) so a mistyped key is told apart from a wrong one."""

    secret: bytes

    def __repr__(self) -> str:
        return "RecoveryKey(<secret>)"

    @classmethod
    def generate(cls) -> RecoveryKey:
        return cls(secrets.token_bytes(_RECOVERY_SECRET_BYTES))

    @staticmethod
    def _checksum(secret: bytes) -> bytes:
        return hashlib.blake2b(
            secret, digest_size=_RECOVERY_CHECK_BYTES, person=b"liaison-rk-chk"
        ).digest()

    def formatted(self) -> str:
        text = base64.b32encode(self.secret + self._checksum(self.secret)).decode()
        return "-".join(
            text[i : i + _RECOVERY_GROUP] for i in range(0, len(text), _RECOVERY_GROUP)
        )

    @classmethod
    def parse(cls, text: str) -> RecoveryKey:
        cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
        # Letters people confuse with digits in base32's alphabet.
        cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
        try:
            raw = base64.b32decode(cleaned)
        except binascii.Error as exc:
            raise RecoveryKeyMistypedError("recovery key is not in the expected format") from exc
        secret, check = raw[:_RECOVERY_SECRET_BYTES], raw[_RECOVERY_SECRET_BYTES:]
        if len(raw) != _RECOVERY_SECRET_BYTES + _RECOVERY_CHECK_BYTES or (
            not secrets.compare_digest(check, cls._checksum(secret))
        ):
            raise RecoveryKeyMistypedError("recovery key mistyped: check each group and try "
                                           "again")
        return cls(secret)


# --------------------------------------------------------------------------
# OS keyring

def keyring_unusable_reason() -> str | None:
    """``None`` when a real keyring backend is available, else why not."""
    backend = keyring.get_keyring()
    module = type(backend).__module__
    if module.startswith("keyring.backends.fail") or module.startswith("keyring.backends.null"):
        return "no OS keyring is available"
    if module.startswith("keyrings.alt"):
        return f"keyring backend {type(backend).__name__} stores secrets in plain files"
    if backend.priority <= 0:
        return f"keyring backend {type(backend).__name__} is not suitable"
    return None


def _keyring_failure(action: str, exc: Exception) -> KeyringError:
    if isinstance(exc, keyring.errors.KeyringLocked):
        return KeyringLockedError(
            f"the OS keyring is locked: unlock it and try again ({action})")
    return KeyringError(f"the OS keyring failed to {action}: {exc}")


def keyring_store(profile_id: str, keys: ProfileKeys) -> None:
    try:
        keyring.set_password(
            KEYRING_SERVICE, profile_id, base64.b64encode(keys.to_bytes()).decode()
        )
    except keyring.errors.KeyringError as exc:
        raise _keyring_failure("store the profile key", exc) from exc


def keyring_load(profile_id: str) -> ProfileKeys:
    try:
        value = keyring.get_password(KEYRING_SERVICE, profile_id)
    except keyring.errors.KeyringError as exc:
        raise _keyring_failure("read the profile key", exc) from exc
    if value is None:
        raise KeyringError(
            "this profile's key is not in the OS keyring "
            "(keyring reset?): run 'liaison recover' with your recovery key"
        )
    try:
        return ProfileKeys.from_bytes(base64.b64decode(value, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise KeyringError(
            "the OS keyring entry for this profile is damaged: "
            "run 'liaison recover' with your recovery key"
        ) from exc


def keyring_delete(profile_id: str) -> None:
    """Remove the entry; a missing entry is not an error."""
    try:
        keyring.delete_password(KEYRING_SERVICE, profile_id)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError as exc:
        raise _keyring_failure("delete the profile key", exc) from exc
