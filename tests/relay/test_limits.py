"""Resource limits answer with the documented statuses (docs/RELAY.md, "Limits")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from liaison_client.net.client import identity_signer
from liaison_client.net.errors import RateLimitedError, RelayRefusedError
from liaison_client.net.message_signatures import RequestSigner
from liaison_client.net.wire import OutgoingEnvelope
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import enroll_device


def test_envelope_over_the_size_limit_is_413(start_relay_process: StartRelay) -> None:
    relay = start_relay_process("--max-envelope-bytes", "1024")
    alice, bob = enroll_device(relay), enroll_device(relay)
    alice.client.send([OutgoingEnvelope("fits", (bob.device_id,), b"x" * 1024)])
    with pytest.raises(RelayRefusedError) as refused:
        alice.client.send([OutgoingEnvelope("big", (bob.device_id,), b"x" * 1025)])
    assert (refused.value.status, refused.value.error) == (413, "envelope_too_large")
    assert [e.envelope_id for e in bob.client.fetch().envelopes] == ["fits"]


def test_request_body_over_the_cap_is_413_before_it_is_read(
    start_relay_process: StartRelay,
) -> None:
    relay = start_relay_process("--max-envelope-bytes", "1024")
    response = requests.post(f"{relay.url}/v1/envelopes", data=b"{" + b" " * 10_000_000,
                             headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def test_device_over_its_rate_is_429_with_retry_after(start_relay_process: StartRelay) -> None:
    relay = start_relay_process("--rate", "0.5", "--burst", "3")
    alice = enroll_device(relay, attempts=1)
    refused = None
    for _ in range(6):
        try:
            alice.client.fetch()
        except RateLimitedError as exc:
            refused = exc
            break
    assert refused is not None
    assert refused.status == 429
    assert refused.retry_after >= 1


def test_rate_limit_is_per_device(start_relay_process: StartRelay) -> None:
    relay = start_relay_process("--rate", "0.5", "--burst", "3")
    alice, bob = enroll_device(relay, attempts=1), enroll_device(relay, attempts=1)
    for _ in range(3):
        alice.client.fetch()
    bob.client.fetch()  # bob's bucket is untouched by alice's requests


def test_full_recipient_queue_refuses_the_whole_batch_with_507(
    start_relay_process: StartRelay,
) -> None:
    relay = start_relay_process("--max-queue", "3")
    alice, bob, carol = enroll_device(relay), enroll_device(relay), enroll_device(relay)
    alice.client.send([OutgoingEnvelope(f"e{i}", (bob.device_id,), b"x") for i in range(3)])
    with pytest.raises(RelayRefusedError) as refused:
        alice.client.send([OutgoingEnvelope("to-carol", (carol.device_id,), b"x"),
                           OutgoingEnvelope("one-too-many", (bob.device_id,), b"x")])
    assert (refused.value.status, refused.value.error) == (507, "queue_full")
    assert carol.client.fetch().envelopes == ()  # all or nothing
    page = bob.client.fetch()
    bob.client.acknowledge(page.cursor)  # draining the queue makes room again
    alice.client.send([OutgoingEnvelope("one-too-many", (bob.device_id,), b"x")])


def test_malformed_json_is_a_4xx_json_error(start_relay_process: StartRelay) -> None:
    relay = start_relay_process()
    alice = enroll_device(relay)
    request = requests.Request("POST", f"{relay.url}/v1/envelopes", data=b"{not json",
                               headers={"Content-Type": "application/json"}).prepare()
    RequestSigner(alice.device_id, identity_signer(alice.identity))(request)
    with requests.Session() as session:
        response = session.send(request, timeout=10)
    assert response.status_code in (400, 422)
    assert "error" in response.json()


def test_chunked_body_over_the_cap_is_413(start_relay_process: StartRelay) -> None:
    relay = start_relay_process("--max-envelope-bytes", "1024")
    alice = enroll_device(relay)

    def chunks() -> Iterator[bytes]:  # no Content-Length: Transfer-Encoding: chunked
        yield b'{"envelopes": ['
        for _ in range(200):
            yield b" " * 65_536

    # One path served by the fast path, one by a FastAPI route.
    for path in ("/v1/envelopes", "/v1/devices"):
        response = requests.post(f"{relay.url}{path}", data=chunks(),
                                 headers={"Content-Type": "application/json"}, timeout=30)
        assert response.status_code == 413, path
        assert response.json()["error"] == "too_large"
    alice.client.fetch()  # the relay is still serving
