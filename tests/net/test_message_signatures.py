"""RFC 9421 signing as the client does it: proven on the RFC's own Ed25519 vector."""

from __future__ import annotations

import base64
import datetime
from typing import Any

import http_sf
import nacl.signing
import requests
from http_message_signatures import HTTPMessageSigner, algorithms

from liaison_client.crypto.identity import DeviceIdentity, verify_signature
from liaison_client.net.client import identity_signer
from liaison_client.net.message_signatures import RequestSigner
from liaison_client.protocol.http_signatures import (
    COVERED_COMPONENTS,
    SIGNATURE_LABEL,
    SIGNATURE_TAG,
    signature_base,
)

# RFC 9421 Appendix B.1.4 (test-key-ed25519, as the raw seed of its PKCS#8 key)
# and Appendix B.2.6 ("Signing a Request Using ed25519").
RFC_SEED = base64.urlsafe_b64decode("n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU=")
RFC_PUBLIC = base64.urlsafe_b64decode("JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs=")
RFC_B26_BASE = (
    '"date": Tue, 20 Apr 2021 02:07:55 GMT\n'
    '"@method": POST\n'
    '"@path": /foo\n'
    '"@authority": example.com\n'
    '"content-type": application/json\n'
    '"content-length": 18\n'
    '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" '
    '"content-length");created=1618884473;keyid="test-key-ed25519"'
)
RFC_B26_INPUT = ('sig-b26=("date" "@method" "@path" "@authority" "content-type" '
                 '"content-length");created=1618884473;keyid="test-key-ed25519"')
RFC_B26_SIGNATURE = ("sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w"
                     "6vuQv5lIp5WPpBKRCw==:")


def _rfc_test_request() -> requests.PreparedRequest:
    """The RFC's Appendix B.2 test request."""
    return requests.Request(
        "POST", "https://example.com/foo?param=Value&Pet=dog", data=b'{"hello": "world"}',
        headers={"Date": "Tue, 20 Apr 2021 02:07:55 GMT", "Content-Type": "application/json",
                 "Content-Length": "18", "Host": "example.com"},
    ).prepare()


def test_signature_base_and_signature_match_rfc9421_b26() -> None:
    key = nacl.signing.SigningKey(RFC_SEED)
    assert bytes(key.verify_key) == RFC_PUBLIC
    request = _rfc_test_request()
    signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519)
    # The same prepare/apply path RequestSigner uses, with an external signer.
    prepared = signer.prepare(
        request, key_id="test-key-ed25519", include_alg=False, label="sig-b26",
        created=datetime.datetime.fromtimestamp(1618884473, datetime.UTC),
        covered_component_ids=("date", "@method", "@path", "@authority", "content-type",
                               "content-length"),
    )
    assert prepared.signature_base.decode() == RFC_B26_BASE
    signer.apply(request, prepared, key.sign(prepared.signature_base).signature)
    assert request.headers["Signature-Input"] == RFC_B26_INPUT
    assert request.headers["Signature"] == RFC_B26_SIGNATURE


def test_relay_signature_base_reproduces_rfc9421_b26() -> None:
    """The relay's own base builder, on the RFC's components, verifies the RFC's signature."""
    base = signature_base(
        [("date", "Tue, 20 Apr 2021 02:07:55 GMT"), ("@method", "POST"), ("@path", "/foo"),
         ("@authority", "example.com"), ("content-type", "application/json"),
         ("content-length", "18")],
        RFC_B26_INPUT.split("=", 1)[1],
    )
    assert base.decode() == RFC_B26_BASE
    signature = base64.b64decode(RFC_B26_SIGNATURE.split(":")[1])
    assert nacl.signing.VerifyKey(RFC_PUBLIC).verify(base, signature) == base


def test_request_signer_covers_the_relay_profile_and_signs_with_the_account() -> None:
    identity = DeviceIdentity.generate()
    request = requests.Request("POST", "http://relay.test/v1/envelopes?x=1",
                               data=b'{"a":1}').prepare()
    RequestSigner("DEVICE", identity_signer(identity))(request)
    inputs: Any = http_sf.parse(request.headers["Signature-Input"].encode(), tltype="dictionary")
    components, params = inputs[SIGNATURE_LABEL]
    assert tuple(c for c, _ in components) == COVERED_COMPONENTS
    assert params["keyid"] == "DEVICE"
    assert params["alg"] == "ed25519"
    assert params["tag"] == SIGNATURE_TAG
    assert len(params["nonce"]) >= 16
    assert request.headers["Content-Digest"].startswith("sha-256=:")
    base = (f'"@method": POST\n"@path": /v1/envelopes\n"@query": ?x=1\n'
            f'"content-digest": {request.headers["Content-Digest"]}\n'
            f'"@signature-params": {request.headers["Signature-Input"].split("=", 1)[1]}')
    signature: Any = http_sf.parse(request.headers["Signature"].encode(), tltype="dictionary")
    raw = signature[SIGNATURE_LABEL][0]
    assert isinstance(raw, bytes)
    assert verify_signature(identity.ed25519_key, base.encode(),
                            base64.b64encode(raw).decode().rstrip("="))


def test_each_signing_gets_a_fresh_nonce() -> None:
    identity = DeviceIdentity.generate()
    signer = RequestSigner("DEVICE", identity_signer(identity))
    first = signer(requests.Request("GET", "http://relay.test/v1/x").prepare())
    second = signer(requests.Request("GET", "http://relay.test/v1/x").prepare())
    assert first.headers["Signature-Input"] != second.headers["Signature-Input"]
