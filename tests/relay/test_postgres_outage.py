"""PostgreSQL stops and starts again under a running relay (issue 13, item 5).

While the database is down the relay answers 503 ``storage_unavailable`` with
``Retry-After`` (at once, not after the pool's wait for a connection, once it
knows the database is down; the client retries with backoff, then reports the
relay unreachable); once it is back, the relay's pool replaces its broken
connections and the same requests succeed, without restarting the relay. What
was accepted before the outage is delivered, and the envelope whose sends
failed during it is queued exactly once.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
import requests

from liaison_client.net.errors import RelayError
from liaison_client.net.wire import OutgoingEnvelope
from liaison_client.relay.postgres_connections import POOL_WAIT_SECONDS
from tests.fixtures.postgres import PostgresCluster
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import enroll_device
from tests.relay.test_authentication import _queue_url, _send, _signed


def _envelope(envelope_id: str, recipient: str) -> OutgoingEnvelope:
    return OutgoingEnvelope(envelope_id, (recipient,), f"ciphertext {envelope_id}".encode())


def test_a_database_restart_gives_retries_then_success_and_loses_nothing(
        start_relay_process: StartRelay, postgres_cluster: PostgresCluster,
        tmp_path: Path) -> None:
    relay = start_relay_process(data_dir=tmp_path / "relay",
                                database=postgres_cluster.new_database())
    anna, ben = enroll_device(relay), enroll_device(relay)
    carl = enroll_device(relay)  # registered only: the relay has not cached its key
    ben.client.send([_envelope(f"before-{i}", anna.device_id) for i in range(5)])

    postgres_cluster.stop("fast")
    try:
        # A raw signed request shows the relay's own answer: 503 with Retry-After.
        answer = _send(_signed(requests.Request("GET", _queue_url(relay, anna.device_id)), anna))
        assert answer.status_code == 503
        assert answer.json()["error"] == "storage_unavailable"
        assert answer.headers["Retry-After"] == "1"
        # A large body is checked before it is read (body_limit.py): the device's key
        # cannot be read either, and the answer is the same 503, not a bare 500.
        # Once the relay has found the database down, it answers without waiting
        # out the pool's usual wait for a connection (postgres_connections.py).
        blob = b"x" * (100 * 1024)
        digest = hashlib.sha256(blob).hexdigest()
        asked_at = time.monotonic()
        upload = _send(_signed(requests.Request(
            "PUT", f"{relay.url}/v1/blobs/{digest}", data=blob,
            headers={"Content-Type": "application/octet-stream"}), carl))
        assert upload.status_code == 503
        assert upload.json()["error"] == "storage_unavailable"
        assert time.monotonic() - asked_at < POOL_WAIT_SECONDS
        # The client retries (signed anew each time), then gives up in one error.
        with pytest.raises(RelayError):
            ben.client.send([_envelope("during", anna.device_id)])
        assert relay.process.poll() is None  # the relay itself keeps running
    finally:
        postgres_cluster.start()

    deadline = time.monotonic() + 30
    while True:  # bounded: the pool reconnects within seconds
        try:
            ben.client.send([_envelope("during", anna.device_id)])
            break
        except RelayError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    ben.client.send([_envelope("after", anna.device_id)])

    page = anna.client.fetch(limit=100)
    ids = [e.envelope_id for e in page.envelopes]
    assert ids == [*(f"before-{i}" for i in range(5)), "during", "after"]
    assert len({e.cursor for e in page.envelopes}) == len(ids)
