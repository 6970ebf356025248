"""Every request after registration is signed (RFC 9421) by a registered device key."""

from __future__ import annotations

import datetime
import json
import secrets
import sqlite3

import pytest
import requests
from http_message_signatures import HTTPMessageSigner, algorithms

from liaison_client.net.client import identity_signer
from liaison_client.net.message_signatures import RequestSigner
from liaison_client.protocol.http_signatures import (
    COVERED_COMPONENTS,
    SIGNATURE_LABEL,
    SIGNATURE_TAG,
)
from liaison_client.relay.sqlite_storage import SCHEMA_VERSION
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import (
    EnrolledDevice,
    RelayProcess,
    enroll_device,
    reconnect,
    restart,
)

# The session's relay (tests/fixtures/relay.py): every test enrolls devices of its own and
# reads only their queues. A test that restarts its relay or rewrites its database starts
# one of its own.
pytestmark = pytest.mark.shared_relay


def _queue_url(relay: RelayProcess, device_id: str) -> str:
    return f"{relay.url}/v1/devices/{device_id}/envelopes"


def _signed(request: requests.Request, device: EnrolledDevice) -> requests.PreparedRequest:
    prepared = request.prepare()
    return RequestSigner(device.device_id, identity_signer(device.identity))(prepared)


def _send(prepared: requests.PreparedRequest) -> requests.Response:
    with requests.Session() as session:
        return session.send(prepared, timeout=10)


def test_signed_request_is_accepted(relay: RelayProcess) -> None:
    alice = enroll_device(relay)
    response = _send(_signed(requests.Request("GET", _queue_url(relay, alice.device_id)), alice))
    assert response.status_code == 200


def test_unsigned_request_is_refused(relay: RelayProcess) -> None:
    alice = enroll_device(relay)
    response = requests.get(_queue_url(relay, alice.device_id), timeout=10)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"


def test_request_signed_by_another_key_is_refused(relay: RelayProcess) -> None:
    alice, mallory = enroll_device(relay), enroll_device(relay)
    request = requests.Request("GET", _queue_url(relay, alice.device_id)).prepare()
    # Mallory signs with her own key but claims Alice's key id.
    RequestSigner(alice.device_id, identity_signer(mallory.identity))(request)
    assert _send(request).status_code == 401


def test_body_changed_after_signing_is_refused(relay: RelayProcess) -> None:
    alice = enroll_device(relay)
    body = {"cursor": 10}
    prepared = _signed(requests.Request(
        "POST", f"{_queue_url(relay, alice.device_id)}/ack", json=body), alice)
    prepared.body = json.dumps({"cursor": 99}).encode()
    assert _send(prepared).status_code == 401


def test_unknown_key_id_is_refused(relay: RelayProcess) -> None:
    alice = enroll_device(relay)
    request = requests.Request("GET", _queue_url(relay, alice.device_id)).prepare()
    RequestSigner("NOSUCHDEVICE1", identity_signer(alice.identity))(request)
    assert _send(request).status_code == 401


@pytest.mark.parametrize("minutes", [-6, 6])
def test_signature_created_outside_five_minutes_is_refused(
    relay: RelayProcess, minutes: int
) -> None:
    alice = enroll_device(relay)
    request = requests.Request("GET", _queue_url(relay, alice.device_id)).prepare()
    signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519)
    prepared = signer.prepare(
        request, key_id=alice.device_id, nonce=secrets.token_urlsafe(16),
        created=datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=minutes),
        label=SIGNATURE_LABEL, tag=SIGNATURE_TAG, covered_component_ids=COVERED_COMPONENTS,
        body=b"",
    )
    signer.apply(request, prepared, identity_signer(alice.identity)(prepared.signature_base))
    response = _send(request)
    assert response.status_code == 401
    assert "created" in response.json()["message"] or "age" in response.json()["message"]


def test_signature_without_the_relay_tag_is_refused(relay: RelayProcess) -> None:
    alice = enroll_device(relay)
    request = requests.Request("GET", _queue_url(relay, alice.device_id)).prepare()
    signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519)
    prepared = signer.prepare(
        request, key_id=alice.device_id, nonce=secrets.token_urlsafe(16),
        label=SIGNATURE_LABEL, covered_component_ids=COVERED_COMPONENTS, body=b"",
    )
    signer.apply(request, prepared, identity_signer(alice.identity)(prepared.signature_base))
    assert _send(request).status_code == 401


def test_replayed_signature_is_refused(relay: RelayProcess) -> None:
    alice = enroll_device(relay)
    prepared = _signed(requests.Request("GET", _queue_url(relay, alice.device_id)), alice)
    assert _send(prepared).status_code == 200
    replay = _send(prepared)
    assert replay.status_code == 401
    assert replay.json()["message"] == "replayed signature"


def test_replayed_signature_is_refused_after_a_restart(start_relay_process: StartRelay) -> None:
    relay = start_relay_process()
    alice = enroll_device(relay)
    prepared = _signed(requests.Request("GET", _queue_url(relay, alice.device_id)), alice)
    assert _send(prepared).status_code == 200
    restarted = restart(relay)
    try:
        prepared.url = prepared.url.replace(relay.url, restarted.url)  # type: ignore[union-attr]
        assert _send(prepared).status_code == 401
        reconnect(alice, restarted)
        assert alice.client.fetch().envelopes == ()
    finally:
        restarted.stop()


@pytest.mark.sqlite_only
def test_nonces_of_a_schema_2_relay_still_refuse_replays_after_the_upgrade(
        start_relay_process: StartRelay) -> None:
    """Schema 2 kept nonces keyed by (key id, nonce); schema 3 appends them in
    arrival order. The upgrade moves them: a request the old relay accepted
    stays refused."""
    relay = start_relay_process()
    alice = enroll_device(relay)
    prepared = _signed(requests.Request("GET", _queue_url(relay, alice.device_id)), alice)
    assert _send(prepared).status_code == 200
    relay.terminate()
    with sqlite3.connect(relay.data_dir / "relay.sqlite3") as conn:
        conn.executescript("""
            CREATE TABLE seen_nonces (key_id TEXT NOT NULL, nonce TEXT NOT NULL,
                expires_at_ms INTEGER NOT NULL, PRIMARY KEY (key_id, nonce)) WITHOUT ROWID;
            INSERT INTO seen_nonces SELECT key_id, nonce, expires_at_ms FROM signature_nonces;
            DROP TABLE signature_nonces;
            PRAGMA user_version = 2;""")
    restarted = restart(relay)
    try:
        prepared.url = prepared.url.replace(relay.url, restarted.url)  # type: ignore[union-attr]
        replay = _send(prepared)
        assert replay.status_code == 401
        assert replay.json()["message"] == "replayed signature"
    finally:
        restarted.stop()
    with sqlite3.connect(relay.data_dir / "relay.sqlite3") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {name for (name,) in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table'")}
    assert "seen_nonces" not in tables


def test_reading_another_devices_queue_is_forbidden(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    response = _send(_signed(requests.Request("GET", _queue_url(relay, bob.device_id)), alice))
    assert response.status_code == 403


def test_acknowledging_another_devices_queue_is_forbidden(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    response = _send(_signed(requests.Request(
        "POST", f"{_queue_url(relay, bob.device_id)}/ack", json={"cursor": 10}), alice))
    assert response.status_code == 403


def test_publishing_keys_for_another_device_is_forbidden(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    response = _send(_signed(requests.Request(
        "PUT", f"{relay.url}/v1/devices/{bob.device_id}/keys", json={"one_time_keys": []}),
        alice))
    assert response.status_code == 403


def test_signature_covering_fewer_components_is_refused(relay: RelayProcess) -> None:
    alice = enroll_device(relay)
    request = requests.Request("GET", _queue_url(relay, alice.device_id)).prepare()
    signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519)
    prepared = signer.prepare(
        request, key_id=alice.device_id, nonce=secrets.token_urlsafe(16), label=SIGNATURE_LABEL,
        tag=SIGNATURE_TAG, covered_component_ids=("@method", "@path"),
    )
    signer.apply(request, prepared, identity_signer(alice.identity)(prepared.signature_base))
    response = _send(request)
    assert response.status_code == 401
    assert "exactly" in response.json()["message"]


def test_malformed_signature_fields_are_refused(relay: RelayProcess) -> None:
    alice = enroll_device(relay)
    response = requests.get(_queue_url(relay, alice.device_id), timeout=10, headers={
        "Signature-Input": "liaison=(((", "Signature": "liaison=:AAAA:"})
    assert response.status_code == 401
