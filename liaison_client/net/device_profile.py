"""The officer's display name and agency, signed by the device key, and checked by readers.

A device profile is self-asserted, as a Signal profile is: the device signs
the name its officer typed, and the relay (which learns the agency from the
enrollment token) refuses a profile claiming another agency. What the
signature proves is narrow: *the holder of this Ed25519 key says this name*.
It stops the relay from renaming a device, and nothing more: whether the key
belongs to the officer is what the safety number checks (docs/CRYPTO.md).

Names and agencies are normalised once, on the signing device (Unicode NFC,
UAX #15, then surrounding white space stripped), and every reader — the
relay at registration and every peer on display — requires the received text
to be in that form already: a signature covers exact bytes, so nobody
downstream may "fix" a name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from liaison_client.crypto.canonical import MAX_SAFE_INTEGER
from liaison_client.crypto.identity import DeviceIdentity, verify_signature
from liaison_client.errors import UsageError
from liaison_client.net.signed_payloads import profile_payload

MAX_NAME_LENGTH = 80
MAX_AGENCY_LENGTH = 120

#: Bidirectional embeddings, overrides, isolates and marks: they reorder how the
#: rest of a line is shown ("Trojan Source", CVE-2021-42574), so a name could
#: display as someone else's. Zero-width (non-)joiners stay allowed: Persian and
#: Indic names need them.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                           "\u2066\u2067\u2068\u2069")
#: Control, surrogate, private-use and line/paragraph-separator categories.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Zl", "Zp"})


class ProfileFieldError(UsageError):
    """A display name or agency that cannot be signed or shown as it is."""

    code = "profile.field"


def normalise_name(text: str) -> str:
    """The signed form of a display name: NFC, stripped, 1–80 characters, no controls."""
    return _normalise(text, "a display name", MAX_NAME_LENGTH)


def normalise_agency(text: str) -> str:
    """The signed form of an agency: as a name, up to 120 characters."""
    return _normalise(text, "an agency", MAX_AGENCY_LENGTH)


def _normalise(text: str, what: str, max_length: int) -> str:
    normal = unicodedata.normalize("NFC", text).strip()
    if not 1 <= len(normal) <= max_length:
        raise ProfileFieldError(f"{what} must be 1 to {max_length} characters long "
                                f"(got {len(normal)})")
    for char in normal:
        if char in _BIDI_CONTROLS or unicodedata.category(char) in _REFUSED_CATEGORIES:
            raise ProfileFieldError(f"{what} must not contain control or text-direction "
                                    f"characters (found U+{ord(char):04X})")
    return normal


def is_normalised_name(text: str) -> bool:
    return _is_normal(text, normalise_name)


def is_normalised_agency(text: str) -> bool:
    return _is_normal(text, normalise_agency)


def _is_normal(text: str, normalise: Callable[[str], str]) -> bool:
    try:
        return normalise(text) == text
    except ProfileFieldError:
        return False


@dataclass(frozen=True)
class SignedProfile:
    """The profile fields as they travel: the device and key they belong to are the
    record's own, and go into the signed statement when it is rebuilt for checking."""

    name: str
    agency: str
    issued_at_ms: int
    signature: str

    def statement(self, device_id: str, ed25519_key: str) -> bytes:
        return profile_payload(device_id=device_id, ed25519_key=ed25519_key, name=self.name,
                               agency=self.agency, issued_at_ms=self.issued_at_ms)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "agency": self.agency, "issued_at_ms": self.issued_at_ms,
                "signature": self.signature}


def sign_profile(identity: DeviceIdentity, device_id: str, *, name: str, agency: str,
                 issued_at_ms: int) -> SignedProfile:
    """Normalise and sign this device's profile (raises :class:`ProfileFieldError`)."""
    name, agency = normalise_name(name), normalise_agency(agency)
    unsigned = SignedProfile(name, agency, issued_at_ms, "")
    signature = identity.sign(unsigned.statement(device_id, identity.ed25519_key))
    return SignedProfile(name, agency, issued_at_ms, signature)


def profile_problem(profile: SignedProfile, *, device_id: str, ed25519_key: str,
                    agency: str) -> str | None:
    """Why ``profile`` must not be shown for this device, or None if it may.

    ``ed25519_key`` is the key the reader attributes to the device and
    ``agency`` the one the relay enrolled it under; a profile passes only if
    it is well formed, claims that agency, and is signed by that key.
    """
    if not (is_normalised_name(profile.name) and is_normalised_agency(profile.agency)
            and 0 <= profile.issued_at_ms <= MAX_SAFE_INTEGER):
        return "the profile's name or agency is malformed"
    if profile.agency != agency:
        return "the profile claims another agency than the device was enrolled for"
    try:
        statement = profile.statement(device_id, ed25519_key)
    except ValueError:
        return "the profile cannot be encoded for checking"
    if not verify_signature(ed25519_key, statement, profile.signature):
        return "the profile is not signed by the device's key"
    return None
