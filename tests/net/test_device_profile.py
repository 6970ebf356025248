"""Device profiles: names normalised once on the signing device, checked by every reader."""

from __future__ import annotations

import json

import pytest
import rfc8785

from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.net.device_profile import (
    normalise_agency,
    normalise_name,
    profile_problem,
    sign_profile,
)
from liaison_client.net.errors import ProfileFieldError
from liaison_client.protocol.device_profile import SignedProfile
from liaison_client.protocol.signed_payloads import PROFILE_TYPE, profile_payload


def test_profile_statement_is_rfc8785_of_its_fields_with_its_type() -> None:
    payload = profile_payload(device_id="DEV1", ed25519_key="E" * 43, name="李伟",
                              agency="Guangzhou Customs", issued_at_ms=1)
    fields = json.loads(payload)
    assert fields == {"type": PROFILE_TYPE, "device_id": "DEV1", "ed25519_key": "E" * 43,
                      "name": "李伟", "agency": "Guangzhou Customs", "issued_at_ms": 1}
    assert payload == rfc8785.dumps(fields)


def test_names_are_nfc_normalised_and_stripped() -> None:
    assert normalise_name("  Cafe\u0301 Owner\t") == "Caf\u00e9 Owner"
    assert normalise_name("Nasrin\u200cPour") == "Nasrin\u200cPour"  # ZWNJ stays: Persian


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, "Li\x00Wei", "Li\nWei", "Li\u202eieW",
                                  "Li\u2066Wei", "Li\u2028Wei", "\ue000"])
def test_unusable_names_are_refused_with_a_reason(name: str) -> None:
    with pytest.raises(ProfileFieldError, match="display name"):
        normalise_name(name)


def test_agencies_may_be_longer_than_names() -> None:
    assert normalise_agency("A" * 120) == "A" * 120
    with pytest.raises(ProfileFieldError, match="agency"):
        normalise_agency("A" * 121)


def test_a_signed_profile_verifies_for_its_device_key_and_agency() -> None:
    identity = DeviceIdentity.generate()
    profile = sign_profile(identity, "DEV1", name=" Li Wei ", agency="Guangzhou Customs",
                           issued_at_ms=5)
    assert profile.name == "Li Wei"
    assert profile_problem(profile, device_id="DEV1", ed25519_key=identity.ed25519_key,
                           agency="Guangzhou Customs") is None


def test_a_profile_fails_for_another_key_device_agency_or_name() -> None:
    identity, other = DeviceIdentity.generate(), DeviceIdentity.generate()
    profile = sign_profile(identity, "DEV1", name="Li Wei", agency="Guangzhou Customs",
                           issued_at_ms=5)
    good = {"device_id": "DEV1", "ed25519_key": identity.ed25519_key,
            "agency": "Guangzhou Customs"}
    assert "not signed" in str(profile_problem(profile, **good | {
        "ed25519_key": other.ed25519_key}))
    assert "not signed" in str(profile_problem(profile, **good | {"device_id": "DEV2"}))
    assert "another agency" in str(profile_problem(profile, **good | {"agency": "Zoll"}))
    renamed = SignedProfile("Mallory", profile.agency, profile.issued_at_ms, profile.signature)
    assert "not signed" in str(profile_problem(renamed, **good))
    spoofed = SignedProfile("Li\u202eieW", profile.agency, 5, profile.signature)
    assert "malformed" in str(profile_problem(spoofed, **good))
