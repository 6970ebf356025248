"""A device's long-term identity: one vodozemac ``Account``.

The Account holds the device's Ed25519 signing key (its *fingerprint*, what
officers compare and verify) and its Curve25519 identity key for Olm. It is
persisted only as a vodozemac pickle, encrypted with the profile's pickle key,
inside the SQLCipher database (Matrix does the same: the pickle format is
vodozemac's own, AES-256-CBC + HMAC-SHA-256 under the given key).
"""

from __future__ import annotations

import base64
import secrets

import vodozemac

PICKLE_KEY_BYTES = 32


def new_device_id() -> str:
    """A random, human-typable device id (13 base32 characters, 64 bits)."""
    return base64.b32encode(secrets.token_bytes(8)).decode().rstrip("=")


def format_fingerprint(ed25519_key: str) -> str:
    """The Ed25519 key in groups of four, for reading aloud or comparing on paper."""
    return " ".join(ed25519_key[i : i + 4] for i in range(0, len(ed25519_key), 4))


class DeviceIdentity:
    """The device's Account. Create it once; afterwards only restore it from its pickle."""

    def __init__(self, account: vodozemac.Account) -> None:
        self._account = account

    @classmethod
    def generate(cls) -> DeviceIdentity:
        return cls(vodozemac.Account())

    @classmethod
    def from_pickle(cls, pickle: str, pickle_key: bytes) -> DeviceIdentity:
        _check_pickle_key(pickle_key)
        return cls(vodozemac.Account.from_pickle(pickle, pickle_key))

    def pickle(self, pickle_key: bytes) -> str:
        _check_pickle_key(pickle_key)
        return str(self._account.pickle(pickle_key))

    @property
    def ed25519_key(self) -> str:
        """Unpadded base64 of the Ed25519 public key: the device fingerprint."""
        return str(self._account.ed25519_key.to_base64())

    @property
    def curve25519_key(self) -> str:
        return str(self._account.curve25519_key.to_base64())

    def sign(self, message: bytes) -> str:
        """Ed25519 signature over ``message``, unpadded base64."""
        return str(self._account.sign(message).to_base64())

    @property
    def account(self) -> vodozemac.Account:
        """The raw Account, for the Olm machinery only (sessions, one-time keys)."""
        return self._account


def verify_signature(ed25519_key: str, message: bytes, signature: str) -> bool:
    """True when ``signature`` is ``ed25519_key``'s signature over ``message``."""
    try:
        key = vodozemac.Ed25519PublicKey.from_base64(ed25519_key)
        key.verify_signature(message, vodozemac.Ed25519Signature.from_base64(signature))
    except (vodozemac.KeyException, vodozemac.SignatureException):
        return False
    return True


def _check_pickle_key(pickle_key: bytes) -> None:
    if len(pickle_key) != PICKLE_KEY_BYTES:
        raise ValueError("pickle key must be 32 bytes")
