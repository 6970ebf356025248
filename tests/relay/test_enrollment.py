"""Closed enrollment: only a valid token plus proof of key possession creates a device."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import requests

from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.net.client import RelayClient
from liaison_client.net.errors import EnrollmentRefusedError, RelayRefusedError
from tests.relay.relay_process import RelayProcess, enroll_device

# The session's relay (tests/fixtures/relay.py): every test makes tokens and devices of its
# own and never counts what the relay holds overall.
pytestmark = pytest.mark.shared_relay


def _register(relay: RelayProcess, token: str) -> str:
    device_id = new_device_id()
    with RelayClient(relay.url) as client:
        client.register(token, DeviceIdentity.generate(), device_id)
    return device_id


def test_valid_token_registers_a_device_of_the_tokens_agency(relay: RelayProcess) -> None:
    token = relay.enroll("Guangzhou Customs")
    device_id = new_device_id()
    with RelayClient(relay.url) as client:
        info = client.register(token, DeviceIdentity.generate(), device_id)
    assert (info.device_id, info.agency) == (device_id, "Guangzhou Customs")


def test_bogus_token_is_refused(relay: RelayProcess) -> None:
    with pytest.raises(EnrollmentRefusedError) as refused:
        _register(relay, "lrt_not-a-real-token")
    assert refused.value.status == 403


def test_spent_token_is_refused(relay: RelayProcess) -> None:
    token = relay.enroll(uses=1)
    _register(relay, token)
    with pytest.raises(EnrollmentRefusedError):
        _register(relay, token)


def test_token_with_several_uses_registers_that_many_devices(relay: RelayProcess) -> None:
    token = relay.enroll(uses=2)
    first, second = _register(relay, token), _register(relay, token)
    assert first != second
    with pytest.raises(EnrollmentRefusedError):
        _register(relay, token)


def test_expired_token_is_refused(relay: RelayProcess) -> None:
    token = relay.enroll(expires_hours=0.5 / 3600)  # half a second
    time.sleep(1.0)
    with pytest.raises(EnrollmentRefusedError):
        _register(relay, token)


def test_registration_without_key_possession_is_refused_and_spends_nothing(
    relay: RelayProcess,
) -> None:
    token = relay.enroll()
    holder, impostor = DeviceIdentity.generate(), DeviceIdentity.generate()
    body = {"token": token, "device_id": new_device_id(), "ed25519_key": holder.ed25519_key,
            "curve25519_key": holder.curve25519_key, "signature": impostor.sign(b"anything")}
    response = requests.post(f"{relay.url}/v1/devices", json=body, timeout=10)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_proof"
    _register(relay, token)  # the token was not spent by the refused attempt


def test_device_id_registered_twice_is_a_conflict(relay: RelayProcess) -> None:
    device = enroll_device(relay)
    with RelayClient(relay.url) as client, pytest.raises(RelayRefusedError) as refused:
        client.register(relay.enroll(), DeviceIdentity.generate(), device.device_id)
    assert refused.value.status == 409


def test_enroll_refuses_an_empty_agency(relay: RelayProcess) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "liaison_client.relay", "enroll", "--agency", " ",
         *relay.storage_args], capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 2
    assert "--agency" in result.stderr


@pytest.mark.sqlite_only
def test_enrollment_token_is_stored_only_as_its_hash(relay: RelayProcess) -> None:
    token = relay.enroll()
    database = (relay.data_dir / "relay.sqlite3").read_bytes()
    wal = relay.data_dir / "relay.sqlite3-wal"
    stored = database + (wal.read_bytes() if wal.exists() else b"")
    assert token.encode() not in stored
