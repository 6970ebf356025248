"""The signed device profile as it travels: its fields, their one signed form, its statement.

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
downstream may "fix" a name. The rules are here, once, for both sides;
signing and verifying with a key are the client's
(:mod:`liaison_client.net.device_profile`) and the relay's own.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from liaison_client.protocol.signed_payloads import profile_payload

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


def normal_form(text: str) -> str:
    """``text`` in the form a profile field is signed in: NFC, surrounding blanks stripped."""
    return unicodedata.normalize("NFC", text).strip()


def name_problem(normal: str) -> str | None:
    """Why ``normal`` (already in :func:`normal_form`) cannot be signed as a display
    name, or None: 1–80 characters, no controls."""
    return _field_problem(normal, "a display name", MAX_NAME_LENGTH)


def agency_problem(normal: str) -> str | None:
    """As :func:`name_problem`, for an agency: up to 120 characters."""
    return _field_problem(normal, "an agency", MAX_AGENCY_LENGTH)


def _field_problem(normal: str, what: str, max_length: int) -> str | None:
    if not 1 <= len(normal) <= max_length:
        return f"{what} must be 1 to {max_length} characters long (got {len(normal)})"
    for char in normal:
        if char in _BIDI_CONTROLS or unicodedata.category(char) in _REFUSED_CATEGORIES:
            return (f"{what} must not contain control or text-direction "
                    f"characters (found U+{ord(char):04X})")
    return None


def is_normalised_name(text: str) -> bool:
    """True when ``text`` is a display name exactly in its signed form."""
    return normal_form(text) == text and name_problem(text) is None


def is_normalised_agency(text: str) -> bool:
    """True when ``text`` is an agency exactly in its signed form."""
    return normal_form(text) == text and agency_problem(text) is None


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
