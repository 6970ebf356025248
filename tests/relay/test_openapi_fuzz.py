"""Fuzzing the served OpenAPI document with schemathesis, in-process (ASGI).

Every operation is called with generated inputs, once signed by an enrolled
device (through the real :class:`RequestSigner`, so handlers are reached) and
once unsigned; no answer may be a 5xx or break the documented schema. The
number of examples is bounded to keep CI short.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CheckFunction
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import positive_data_acceptance

from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.net.client import identity_signer
from liaison_client.net.message_signatures import RequestSigner
from liaison_client.net.signed_payloads import registration_payload, token_sha256
from liaison_client.relay.app import create_app
from liaison_client.relay.config import RelayConfig, RelayLimits
from liaison_client.relay.sqlite_storage import SqliteRelayStorage
from liaison_client.relay.storage import EnrollmentToken

_DATA = Path(tempfile.mkdtemp(prefix="relay-fuzz-"))
_CONFIG = RelayConfig(_DATA, RelayLimits(rate_per_second=100_000, rate_burst=100_000,
                                         max_wait_seconds=0.2, max_blob_bytes=64 * 1024))
APP = create_app(_CONFIG)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)

#: "Schema-valid input must be accepted" does not hold for this API by design:
#: a well-formed registration with a wrong proof signature (400), an envelope
#: over the configured size (413), a blob whose bytes do not hash to its
#: address (422) are valid by the schema and rightly refused. Every other
#: default check (no 5xx, status codes, content types and bodies as
#: documented, invalid input rejected) stays on.
EXCLUDED_CHECKS: list[CheckFunction] = [positive_data_acceptance]

FUZZ_SETTINGS = settings(
    max_examples=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _enroll_fuzz_device() -> tuple[str, DeviceIdentity]:
    token = "lrt_fuzz-" + new_device_id()
    now = time.time_ns() // 1_000_000

    async def store_token() -> None:
        storage = SqliteRelayStorage(_CONFIG.database_path, readers=1)
        await storage.start()
        await storage.add_enrollment_token(
            EnrollmentToken(token_sha256(token), "Fuzz Agency", 1, now + 3_600_000), now)
        await storage.close()

    asyncio.run(store_token())
    identity, device_id = DeviceIdentity.generate(), new_device_id()
    payload = registration_payload(
        origin=f"http://{asgi.HOST}", token_hash=token_sha256(token), device_id=device_id,
        ed25519_key=identity.ed25519_key, curve25519_key=identity.curve25519_key)
    with asgi.get_client(APP) as client:  # type: ignore[arg-type]  # FastAPI is an ASGI app
        response = client.post(f"http://{asgi.HOST}/v1/devices", json={
            "token": token, "device_id": device_id, "ed25519_key": identity.ed25519_key,
            "curve25519_key": identity.curve25519_key, "signature": identity.sign(payload)})
    assert response.status_code == 201, response.text
    return device_id, identity


@pytest.fixture(scope="module")
def fuzz_device() -> tuple[str, DeviceIdentity]:
    return _enroll_fuzz_device()


@pytest.fixture(scope="module")
def signed_session(fuzz_device: tuple[str, DeviceIdentity]) -> Iterator[requests.Session]:
    device_id, identity = fuzz_device
    session = requests.Session()
    session.auth = RequestSigner(device_id, identity_signer(identity))
    yield session
    session.close()
    asgi.shutdown_lifespans()
    shutil.rmtree(_DATA, ignore_errors=True)


@schema.parametrize()
@FUZZ_SETTINGS
def test_signed_requests_get_no_5xx_and_match_the_schema(
    case: schemathesis.Case[Any], signed_session: requests.Session
) -> None:
    case.call_and_validate(session=signed_session, excluded_checks=EXCLUDED_CHECKS)


@schema.parametrize()
@FUZZ_SETTINGS
def test_unsigned_requests_get_no_5xx_and_match_the_schema(
    case: schemathesis.Case[Any], signed_session: requests.Session
) -> None:
    case.call_and_validate(excluded_checks=EXCLUDED_CHECKS)


def test_stateful_chains_get_no_5xx_and_match_the_schema(
    fuzz_device: tuple[str, DeviceIdentity], signed_session: requests.Session
) -> None:
    """Register → read the device, send → fetch the recipient's queue →
    acknowledge the page: sequences built from the OpenAPI links of the routes.

    Random recipients are almost never registered devices, so the first
    recipient of each generated batch is the fuzz device itself: sends are
    then accepted, and the links lead to a queue the signed session may read
    and acknowledge.
    """
    device_id, _identity = fuzz_device
    session = signed_session
    answered: set[tuple[str, int]] = set()

    class SignedChains(schema.as_state_machine()):  # type: ignore[misc]
        def before_call(self, case: schemathesis.Case[Any]) -> None:
            body: Any = case.body
            if (case.operation.label == "POST /v1/envelopes" and isinstance(body, dict)
                    and isinstance(body.get("envelopes"), list)):
                envelope: Any
                for envelope in body["envelopes"]:
                    if isinstance(envelope, dict) and isinstance(envelope.get("recipients"), list) \
                            and envelope["recipients"]:
                        envelope["recipients"][0] = device_id

        def get_call_kwargs(self, case: schemathesis.Case[Any]) -> dict[str, Any]:
            return {"session": session}

        def after_call(self, response: Any, case: schemathesis.Case[Any]) -> None:
            answered.add((case.operation.label, response.status_code))

        def validate_response(self, response: Any, case: schemathesis.Case[Any],
                              additional_checks: Any = None, **kwargs: Any) -> None:
            case.validate_response(response, excluded_checks=EXCLUDED_CHECKS,
                                   transport_kwargs=kwargs)

    SignedChains.run(settings=settings(
        max_examples=25, stateful_step_count=6, deadline=None, derandomize=True, database=None,
        suppress_health_check=list(HealthCheck)))
    # The chains reached the envelope route. Whether a generated batch is also
    # *accepted* depends on the examples Hypothesis draws (its derandomized
    # seed differs between checkouts), so it is not asserted here; accepted
    # sends, fetches and acknowledgements are covered by tests/relay/test_envelopes.py.
    assert any(label == "POST /v1/envelopes" for label, _ in answered), sorted(answered)
