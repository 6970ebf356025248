"""The lean hot path answers exactly as the FastAPI routes it stands in front of.

Two in-process relays (real SQLite storage each), one with the fast path and
one without, get the same sequence of requests; every answer's status, error
code and body shape must agree. The process-level tests
(``test_envelopes.py``, ``test_authentication.py``, ``test_limits.py``) run
against the fast path, as a deployed relay serves it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from schemathesis.python import asgi

from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.net.client import identity_signer
from liaison_client.net.message_signatures import RequestSigner
from liaison_client.protocol.signed_payloads import registration_payload, token_sha256
from liaison_client.relay.app import create_app
from liaison_client.relay.config import RelayConfig
from liaison_client.relay.sqlite_storage import SqliteRelayStorage
from liaison_client.relay.storage import EnrollmentToken

BASE = f"http://{asgi.HOST}"


class _Relay:
    """One in-process relay with two enrolled devices, alice and bob."""

    def __init__(self, data_dir: Path, *, fast_path: bool) -> None:
        config = RelayConfig(data_dir)
        token = "lrt_parity-" + new_device_id()
        asyncio.run(_store_token(config, token))
        app = create_app(config, fast_path=fast_path)
        self.client = asgi.get_client(app)  # type: ignore[arg-type]  # FastAPI is ASGI
        self.client.__enter__()
        self.alice, self.alice_signer = self._register(token)
        self.bob, self.bob_signer = self._register(token)

    def _register(self, token: str) -> tuple[str, RequestSigner]:
        identity, device_id = DeviceIdentity.generate(), new_device_id()
        payload = registration_payload(
            origin=BASE, token_hash=token_sha256(token), device_id=device_id,
            ed25519_key=identity.ed25519_key, curve25519_key=identity.curve25519_key)
        response = self.client.post(f"{BASE}/v1/devices", json={
            "token": token, "device_id": device_id, "ed25519_key": identity.ed25519_key,
            "curve25519_key": identity.curve25519_key, "signature": identity.sign(payload)})
        assert response.status_code == 201, response.text
        return device_id, RequestSigner(device_id, identity_signer(identity))


async def _store_token(config: RelayConfig, token: str) -> None:
    storage = SqliteRelayStorage(config.database_path, readers=1)
    await storage.start()
    now = time.time_ns() // 1_000_000
    await storage.add_enrollment_token(
        EnrollmentToken(token_sha256(token), "Parity Agency", 2, now + 3_600_000), now)
    await storage.close()


@pytest.fixture(scope="module")
def relays(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[_Relay, _Relay]]:
    fast = _Relay(tmp_path_factory.mktemp("fast"), fast_path=True)
    plain = _Relay(tmp_path_factory.mktemp("plain"), fast_path=False)
    yield fast, plain
    asgi.shutdown_lifespans()


def _shape(value: Any) -> Any:
    """A JSON value with its scalars replaced by their types: what must agree."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return type(value).__name__


def _answer(response: requests.Response) -> tuple[int, Any, str | None, str | None]:
    body = response.json()
    return response.status_code, _shape(body), body.get("error"), body.get("message")


# Each step: (method, path template, JSON body or raw bytes, who signs).
STEPS: list[tuple[str, str, Any, str | None]] = [
    ("POST", "/v1/envelopes", {"envelopes": [
        {"id": "e1", "recipients": ["{bob}"], "ciphertext": "aGVsbG8="}]}, "alice"),
    ("POST", "/v1/envelopes", {"envelopes": [
        {"id": "e1", "recipients": ["{bob}"], "ciphertext": "aGVsbG8="}]}, "alice"),
    ("POST", "/v1/envelopes", {"envelopes": [
        {"id": "e2", "recipients": ["{bob}"], "ciphertext": "aGVsbG8="}]}, None),
    ("POST", "/v1/envelopes", {"envelopes": []}, "alice"),
    ("POST", "/v1/envelopes", {"envelopes": [
        {"id": "e3", "recipients": ["nobody"], "ciphertext": "aGVsbG8="}]}, "alice"),
    ("POST", "/v1/envelopes", {"envelopes": [
        {"id": "e4", "recipients": ["{bob}"], "ciphertext": "not base64!"}]}, "alice"),
    ("POST", "/v1/envelopes", {"envelopes": [
        {"id": "e5", "recipients": ["{bob}"], "ciphertext": "aGVsbG8=", "x": 1}]}, "alice"),
    ("GET", "/v1/devices/{bob}/envelopes?after=0&limit=10", None, "bob"),
    ("GET", "/v1/devices/{bob}/envelopes?after=-1", None, "bob"),
    ("GET", "/v1/devices/{bob}/envelopes?wait=31", None, "bob"),
    ("GET", "/v1/devices/{bob}/envelopes?limit=0", None, "bob"),
    ("GET", "/v1/devices/{bob}/envelopes", None, "alice"),
    ("GET", "/v1/devices/{bob}/envelopes", None, None),
    ("GET", "/v1/devices/bad!id/envelopes", None, "bob"),
    ("POST", "/v1/devices/{bob}/envelopes/ack", {"cursor": "many"}, "bob"),
    ("POST", "/v1/devices/{bob}/envelopes/ack", {"cursor": 1}, "alice"),
    ("POST", "/v1/devices/{bob}/envelopes/ack", {"cursor": 10**6}, "bob"),
    ("GET", "/v1/devices/{bob}/envelopes", None, "bob"),
    ("PUT", "/v1/envelopes", {}, "alice"),
    ("DELETE", "/v1/devices/{bob}/envelopes", None, "bob"),
]


def _call(relay: _Relay, method: str, path: str, body: Any,
          signer: str | None) -> requests.Response:
    path = path.replace("{bob}", relay.bob)
    if isinstance(body, dict):
        body = _fill(body, relay)
    auth = {"alice": relay.alice_signer, "bob": relay.bob_signer, None: None}[signer]
    return relay.client.request(method, BASE + path, json=body, auth=auth)


def _fill(value: Any, relay: _Relay) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, relay) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, relay) for v in value]
    return relay.bob if value == "{bob}" else value


def test_fast_path_answers_as_the_fastapi_routes(relays: tuple[_Relay, _Relay]) -> None:
    fast, plain = relays
    for method, path, body, signer in STEPS:
        fast_answer = _call(fast, method, path, body, signer)
        plain_answer = _call(plain, method, path, body, signer)
        assert _answer(fast_answer) == _answer(plain_answer), (method, path, signer)
        assert fast_answer.headers.get("allow") == plain_answer.headers.get("allow")
        assert fast_answer.headers["content-type"].startswith("application/json")


def test_fast_path_delivers_what_it_accepted(relays: tuple[_Relay, _Relay]) -> None:
    fast, _plain = relays
    sent = _call(fast, "POST", "/v1/envelopes", {"envelopes": [
        {"id": "deliver-me", "recipients": ["{bob}"], "ciphertext": "c2VjcmV0"}]}, "alice")
    assert sent.json()["accepted"][0]["duplicate"] is False
    page = _call(fast, "GET", "/v1/devices/{bob}/envelopes", None, "bob").json()
    delivered = {e["id"]: e for e in page["envelopes"]}
    assert delivered["deliver-me"]["ciphertext"] == "c2VjcmV0"
    assert delivered["deliver-me"]["sender"] == fast.alice
    acked = _call(fast, "POST", "/v1/devices/{bob}/envelopes/ack",
                  {"cursor": page["cursor"]}, "bob").json()
    assert acked["acknowledged"] == len(page["envelopes"])
    empty = _call(fast, "GET", f"/v1/devices/{{bob}}/envelopes?after={page['cursor']}",
                  None, "bob").json()
    assert empty == {"envelopes": [], "cursor": page["cursor"], "states_changed": False}
    # Alice, the sender, is told once that a recipient acknowledged.
    told = _call(fast, "GET", f"/v1/devices/{fast.alice}/envelopes", None, "alice").json()
    assert told == {"envelopes": [], "cursor": 0, "states_changed": True}
    again = _call(fast, "GET", f"/v1/devices/{fast.alice}/envelopes", None, "alice").json()
    assert again["states_changed"] is False


def test_malformed_json_is_refused_as_invalid_request(relays: tuple[_Relay, _Relay]) -> None:
    fast, _plain = relays
    request = requests.Request("POST", f"{BASE}/v1/envelopes", data=b"{not json",
                               headers={"Content-Type": "application/json"}).prepare()
    fast.alice_signer(request)
    response = fast.client.send(request)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"


def test_a_non_json_body_is_refused(relays: tuple[_Relay, _Relay]) -> None:
    fast, _plain = relays
    request = requests.Request("POST", f"{BASE}/v1/envelopes", data=b"envelopes=1",
                               headers={"Content-Type": "text/plain"}).prepare()
    fast.alice_signer(request)
    response = fast.client.send(request)
    assert (response.status_code, response.json()["error"]) == (422, "invalid_request")
