"""Safety numbers: 60 digits two officers compare to know they see the same keys.

The construction is Signal's ``NumericFingerprintGenerator`` (libsignal,
``rust/protocol/src/fingerprint.rs``; described in
https://signal.org/blog/safety-number-updates/), version 0 with 5200
iterations:

* for each device, ``h = version(2 bytes, big-endian) || key || identifier``,
  then 5200 times ``h = SHA-512(h || key)``;
* the first 30 bytes of ``h`` are read as six 5-byte big-endian integers, each
  reduced modulo 100000 and written as 5 digits: 30 digits per device;
* the two 30-digit halves are concatenated smaller-first, so both devices
  compute the same 60 digits (order-independent) and the number changes only
  when a key or device id changes (stable).

Liaison's identity key is the device's Ed25519 key (the fingerprint), given
as its 32 raw bytes, and the identifier is the device id in UTF-8. Signal uses
its Curve25519 identity key with a type byte; the hash chain is the same.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from liaison_client.crypto.device_keys import DeviceKeys

FINGERPRINT_VERSION = 0
ITERATIONS = 5200
_DIGITS_PER_DEVICE = 30


@dataclass(frozen=True)
class SafetyNumber:
    digits: str

    def grouped(self) -> str:
        """Twelve groups of five digits, as Signal shows them."""
        return " ".join(self.digits[i : i + 5] for i in range(0, len(self.digits), 5))

    def __str__(self) -> str:
        return self.grouped()


def device_digits(device_id: str, ed25519_key: str) -> str:
    """The 30-digit half of the safety number that belongs to one device."""
    key = _raw_ed25519(ed25519_key)
    digest = FINGERPRINT_VERSION.to_bytes(2, "big") + key + device_id.encode("utf-8")
    for _ in range(ITERATIONS):
        digest = hashlib.sha512(digest + key).digest()
    return "".join(
        f"{int.from_bytes(digest[offset : offset + 5], 'big') % 100_000:05d}"
        for offset in range(0, _DIGITS_PER_DEVICE, 5)
    )


def safety_number(one: DeviceKeys, other: DeviceKeys) -> SafetyNumber:
    """The same 60 digits on both devices, whichever is ``one``."""
    halves = sorted((device_digits(one.device_id, one.ed25519),
                     device_digits(other.device_id, other.ed25519)))
    return SafetyNumber("".join(halves))


def _raw_ed25519(ed25519_key: str) -> bytes:
    try:
        raw = base64.b64decode(ed25519_key + "=" * (-len(ed25519_key) % 4), validate=True)
    except binascii.Error as exc:
        raise ValueError(f"not a base64 Ed25519 key: {ed25519_key!r}") from exc
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return raw
