"""Relay-signed payloads are RFC 8785 canonical JSON, the encoding the E2E core signs."""

from __future__ import annotations

import json

import pytest
import rfc8785

from liaison_client.protocol.canonical import CanonicalEncodingError
from liaison_client.protocol.signed_payloads import (
    REGISTRATION_TYPE,
    key_payload,
    registration_payload,
    relay_origin,
)


def test_registration_payload_is_rfc8785_of_its_fields() -> None:
    payload = registration_payload(origin="https://relay.example:8443", token_hash="ab" * 32,
                                   device_id="dev-1", ed25519_key="E" * 43,
                                   curve25519_key="C" * 43)
    fields = json.loads(payload)
    assert fields["type"] == REGISTRATION_TYPE
    assert payload == rfc8785.dumps(fields)


@pytest.mark.parametrize(
    ("fallback", "kind"),
    [(False, "liaison.relay.one_time_key.v1"), (True, "liaison.relay.fallback_key.v1")],
)
def test_key_payload_is_the_rfc8785_key_statement(fallback: bool, kind: str) -> None:
    expected = ('{"device_id":"dev-1","key":"' + "K" * 43 + '","key_id":"AAAAAQ",'
                f'"type":"{kind}"}}').encode()
    assert key_payload(device_id="dev-1", key_id="AAAAAQ", key="K" * 43,
                       fallback=fallback) == expected


def test_non_ascii_origin_is_encoded_as_rfc8785_utf8() -> None:
    payload = registration_payload(origin="https://relais.zoll.example", token_hash="00",
                                   device_id="dév", ed25519_key="E", curve25519_key="C")
    assert "dév".encode() in payload  # UTF-8, not \\u escapes


def test_a_value_outside_the_canonical_subset_is_refused() -> None:
    with pytest.raises(CanonicalEncodingError):
        key_payload(device_id="\ud800", key_id="k", key="K", fallback=False)


def test_origin_drops_the_default_port_and_lowercases() -> None:
    assert relay_origin("HTTPS://Relay.Example:443/path") == "https://relay.example"
    assert relay_origin("http://127.0.0.1:8080") == "http://127.0.0.1:8080"
