"""The payloads a device signs with its Ed25519 key outside HTTP: registration, keys, profile.

Each is a JSON object encoded by the one canonical encoding Liaison signs
everywhere, RFC 8785 (JCS; :func:`liaison_client.protocol.canonical.canonical_json`,
the ``rfc8785`` package), with a ``type`` field naming the payload and its
version so a signature over one kind can never be replayed as another. This
module is the one definition of those bytes: the client signs them, the relay
checks them, and the end-to-end core (the Olm machine, on claim) checks the key
statements with the same function, so a key the relay accepted is one a peer's
Olm machine accepts, byte for byte.

- Registration proves that whoever presents the enrollment token holds the
  private half of the identity keys it registers, for *this* relay and *this*
  token (only the token's SHA-256 is signed, so the signature reveals nothing).
- One-time and fallback keys are signed by the device key, as Matrix signs
  ``signed_curve25519`` keys
  (https://spec.matrix.org/v1.11/client-server-api/#key-algorithms): a relay
  cannot substitute its own key, because claimers verify the signature against
  the device's Ed25519 key, which they check out of band (the fingerprint).
- The device profile binds the officer's self-asserted display name and agency
  to the device's Ed25519 key, like a Signal profile: the relay stores and
  serves it but cannot change it, because every reader verifies it against
  the key (:mod:`liaison_client.protocol.device_profile`). It is a statement of its
  own, not part of the registration proof, so peers can check it without the
  token hash and the relay's origin, which only the relay needs.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from liaison_client.protocol.canonical import canonical_json

__all__ = [
    "FALLBACK_KEY_TYPE",
    "ONE_TIME_KEY_TYPE",
    "PROFILE_TYPE",
    "REGISTRATION_TYPE",
    "key_payload",
    "profile_payload",
    "registration_payload",
    "relay_origin",
    "token_sha256",
]

REGISTRATION_TYPE = "liaison.relay.registration.v1"
PROFILE_TYPE = "liaison.device.profile.v1"
#: The ``type`` of a signed one-time / fallback key statement.
ONE_TIME_KEY_TYPE = "liaison.relay.one_time_key.v1"
FALLBACK_KEY_TYPE = "liaison.relay.fallback_key.v1"

_DEFAULT_PORTS = {"http": 80, "https": 443}


def token_sha256(token: str) -> str:
    """How the relay stores, and the device signs, an enrollment token: hex SHA-256.

    Tokens carry 256 random bits, so a fast hash is enough (no password hashing).
    """
    return hashlib.sha256(token.encode()).hexdigest()


def relay_origin(url: str) -> str:
    """``scheme://host[:port]`` in lower case, the default port omitted (RFC 6454 §4)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or port == _DEFAULT_PORTS.get(scheme):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def registration_payload(
    *, origin: str, token_hash: str, device_id: str, ed25519_key: str, curve25519_key: str
) -> bytes:
    return canonical_json({
        "type": REGISTRATION_TYPE,
        "relay": origin,
        "token_sha256": token_hash,
        "device_id": device_id,
        "ed25519_key": ed25519_key,
        "curve25519_key": curve25519_key,
    })


def key_payload(*, device_id: str, key_id: str, key: str, fallback: bool) -> bytes:
    """The statement a device signs for each one-time or fallback key (RFC 8785):
    checked by the relay on upload and by the claimer's Olm machine on claim."""
    return canonical_json({
        "type": FALLBACK_KEY_TYPE if fallback else ONE_TIME_KEY_TYPE,
        "device_id": device_id, "key_id": key_id, "key": key,
    })


def profile_payload(
    *, device_id: str, ed25519_key: str, name: str, agency: str, issued_at_ms: int
) -> bytes:
    """The profile statement: who this device says its officer is, as of ``issued_at_ms``.

    ``ed25519_key`` is inside the statement, so a profile cannot be moved to
    another key, and ``device_id``, so it cannot be moved to another device
    holding the same key (there is none: the relay refuses a key registered twice).
    """
    return canonical_json({
        "type": PROFILE_TYPE,
        "device_id": device_id,
        "ed25519_key": ed25519_key,
        "name": name,
        "agency": agency,
        "issued_at_ms": issued_at_ms,
    })
