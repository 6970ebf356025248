"""Signing this device's profile, and checking a peer's before its name is shown.

The profile's format and its one signed form are the protocol's
(:mod:`liaison_client.protocol.device_profile`, shared with the relay); this
module adds what needs a key: signing with the vodozemac Account, and
verifying a received profile against the key a reader attributes to the
device. Normalisation runs on the signing device only; every reader requires
the received text to be in normal form already (a signature covers exact bytes).
"""

from __future__ import annotations

from liaison_client.crypto.identity import DeviceIdentity, verify_signature
from liaison_client.net.errors import ProfileFieldError
from liaison_client.protocol.canonical import MAX_SAFE_INTEGER
from liaison_client.protocol.device_profile import (
    SignedProfile,
    agency_problem,
    is_normalised_agency,
    is_normalised_name,
    name_problem,
    normal_form,
)


def normalise_name(text: str) -> str:
    """The signed form of a display name: NFC, stripped, 1–80 characters, no controls."""
    normal = normal_form(text)
    problem = name_problem(normal)
    if problem is not None:
        raise ProfileFieldError(problem)
    return normal


def normalise_agency(text: str) -> str:
    """The signed form of an agency: as a name, up to 120 characters."""
    normal = normal_form(text)
    problem = agency_problem(normal)
    if problem is not None:
        raise ProfileFieldError(problem)
    return normal


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
