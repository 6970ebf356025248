"""Fuzzing the served OpenAPI document with schemathesis, in-process (ASGI).

Every operation is called with generated inputs, once signed by an enrolled
device (through the real :class:`RequestSigner`, so handlers are reached) and
once unsigned; no answer may be a 5xx or break the documented schema. A
stateful run follows the OpenAPI links send → fetch → acknowledge and must
see an accepted envelope come back in a fetched page and a page acknowledged.
The number of examples is bounded to keep CI short (the file runs in ~35 s).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.stateful import Bundle, initialize
from schemathesis import GenerationMode
from schemathesis.checks import CheckFunction
from schemathesis.generation.stateful.state_machine import StepInput, StepOutput
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import positive_data_acceptance

from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.net.client import identity_signer
from liaison_client.net.message_signatures import RequestSigner
from liaison_client.protocol.signed_payloads import registration_payload, token_sha256
from liaison_client.relay.app import create_app
from liaison_client.relay.config import RelayConfig, RelayLimits
from liaison_client.relay.storage import EnrollmentToken
from liaison_client.relay.storage_backends import open_storage

_DATA = Path(tempfile.mkdtemp(prefix="relay-fuzz-"))
#: Set by tests/relay/test_openapi_fuzz_postgres.py, which runs this module again
#: in a child pytest against a PostgreSQL database (the app is built at import).
FUZZ_DATABASE_ENV = "LIAISON_TEST_FUZZ_DATABASE"
# The fuzzer sends thousands of unsigned requests from one peer: no refusal throttle
# (tests/relay/test_unauthenticated_throttle.py tests it).
_CONFIG = RelayConfig(_DATA, RelayLimits(rate_per_second=100_000, rate_burst=100_000,
                                         max_wait_seconds=0.2, max_blob_bytes=64 * 1024,
                                         refusals_per_peer_burst=10_000_000),
                      database_url=os.environ.get(FUZZ_DATABASE_ENV) or None)
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
        storage = open_storage(_CONFIG, readers=1, max_connections=2)
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
@pytest.mark.slow
def test_signed_requests_get_no_5xx_and_match_the_schema(
    case: schemathesis.Case[Any], signed_session: requests.Session
) -> None:
    case.call_and_validate(session=signed_session, excluded_checks=EXCLUDED_CHECKS)


@schema.parametrize()
@FUZZ_SETTINGS
@pytest.mark.slow
def test_unsigned_requests_get_no_5xx_and_match_the_schema(
    case: schemathesis.Case[Any], signed_session: requests.Session
) -> None:
    case.call_and_validate(excluded_checks=EXCLUDED_CHECKS)


#: The operations the envelope chain links together (send → fetch → acknowledge).
ENVELOPE_CHAIN = ("send_envelopes", "fetch_envelopes", "acknowledge_envelopes")


@dataclass
class ChainRecord:
    """What the stateful run's envelope calls achieved, read from the answers."""

    #: Envelope ids the relay accepted as new (2xx, not a duplicate).
    accepted: set[str] = field(default_factory=set)
    #: Envelope ids that came back in a fetched page.
    fetched: set[str] = field(default_factory=set)
    #: Acknowledgements answered 2xx, with how many envelopes each retired.
    acknowledged: list[int] = field(default_factory=list)
    answered: set[tuple[str, int]] = field(default_factory=set)


@pytest.mark.slow
def test_stateful_chains_get_no_5xx_and_match_the_schema(
    fuzz_device: tuple[str, DeviceIdentity], signed_session: requests.Session
) -> None:
    """Register → send → fetch the recipient's queue → acknowledge the page:
    sequences built from the OpenAPI links, every answer checked against the schema.

    The device was registered through ``POST /v1/devices`` (the fixture).
    Generated recipients are almost never registered devices, so every
    generated send is addressed to that device; and each scenario starts from
    one send the state machine makes itself (``initialize``, a schema-valid
    body drawn like any other), so the link to the queue has an accepted
    envelope to follow in every scenario, whatever Hypothesis draws next.
    The run is restricted to the three linked envelope operations: the other
    operations are fuzzed by the tests above, and here they would only thin
    out the steps that follow links.
    """
    device_id, _identity = fuzz_device
    session = signed_session
    chain = schema.include(operation_id=list(ENVELOPE_CHAIN))
    send_operation = chain["/v1/envelopes"]["POST"]
    record = ChainRecord()

    def address_to_fuzz_device(case: schemathesis.Case[Any]) -> None:
        """Positive sends only: a negative case must stay as invalid as it was drawn."""
        body: Any = case.body
        meta = case._meta  # schemathesis exposes the generation mode only here
        if case.operation.label != "POST /v1/envelopes" or meta is None \
                or meta.generation.mode is not GenerationMode.POSITIVE \
                or not isinstance(body, dict) or not isinstance(body.get("envelopes"), list):
            return
        envelope: Any
        for envelope in body["envelopes"]:
            if isinstance(envelope, dict) and isinstance(envelope.get("recipients"), list) \
                    and envelope["recipients"]:
                envelope["recipients"] = [device_id]

    base = chain.as_state_machine()
    # The rule that sends without a link to follow: calling it records the
    # step as schemathesis records its own, so links can follow it.
    (send_rule,) = (name for name in base.root_rules if "POST_v1_envelopes" in name)
    # schemathesis annotates its bundles as dicts; at run time they are Hypothesis bundles.
    accepted_sends = cast("Bundle[StepOutput | None]", base.bundles["POST /v1/envelopes -> 200"])

    class SignedChains(base):  # type: ignore[misc,valid-type]
        @initialize(target=accepted_sends, case=send_operation.as_strategy(GenerationMode.POSITIVE))
        def send_one_envelope(self, case: schemathesis.Case[Any]) -> StepOutput | None:
            output: StepOutput | None = getattr(self, send_rule)(StepInput.initial(case))
            return output

        def before_call(self, case: schemathesis.Case[Any]) -> None:
            address_to_fuzz_device(case)

        def get_call_kwargs(self, case: schemathesis.Case[Any]) -> dict[str, Any]:
            return {"session": session}

        def after_call(self, response: Any, case: schemathesis.Case[Any]) -> None:
            label = case.operation.label
            record.answered.add((label, response.status_code))
            if response.status_code != 200:
                return
            answer = response.json()
            if label == "POST /v1/envelopes":
                record.accepted |= {a["id"] for a in answer["accepted"] if not a["duplicate"]}
            elif label == "GET /v1/devices/{device_id}/envelopes":
                record.fetched |= {e["id"] for e in answer["envelopes"]}
            elif label == "POST /v1/devices/{device_id}/envelopes/ack":
                record.acknowledged.append(answer["acknowledged"])

        def validate_response(self, response: Any, case: schemathesis.Case[Any],
                              additional_checks: Any = None, **kwargs: Any) -> None:
            case.validate_response(response, excluded_checks=EXCLUDED_CHECKS,
                                   transport_kwargs=kwargs)

    SignedChains.run(settings=settings(
        max_examples=25, stateful_step_count=6, deadline=None, derandomize=True, database=None,
        suppress_health_check=list(HealthCheck)))
    assert record.accepted, sorted(record.answered)
    assert record.fetched & record.accepted, sorted(record.answered)
    assert record.acknowledged, sorted(record.answered)
