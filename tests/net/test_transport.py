"""TLS: a pinned CA is the only trust anchor; an untrusted relay is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison_client.net.client import RelayClient
from liaison_client.net.errors import RelayTLSError, RelayUnavailableError
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import enroll_device
from tests.relay.tls_material import make_tls_material


def test_relay_with_the_pinned_ca_is_trusted(
    start_relay_process: StartRelay, tmp_path: Path
) -> None:
    tls = make_tls_material(tmp_path / "tls")
    relay = start_relay_process(tls=tls)
    assert relay.url.startswith("https://127.0.0.1:")
    alice = enroll_device(relay)
    assert alice.client.fetch().envelopes == ()


def test_relay_certificate_from_another_ca_is_refused(
    start_relay_process: StartRelay, tmp_path: Path
) -> None:
    relay = start_relay_process(tls=make_tls_material(tmp_path / "tls"))
    other_ca = make_tls_material(tmp_path / "other", ca_name="Impostor CA").ca_pem
    with RelayClient(relay.url, ca_pem=other_ca) as client, pytest.raises(RelayTLSError):
        client.device("ANYDEVICE")


def test_system_store_does_not_trust_a_private_ca(
    start_relay_process: StartRelay, tmp_path: Path
) -> None:
    relay = start_relay_process(tls=make_tls_material(tmp_path / "tls"))
    with RelayClient(relay.url) as client, pytest.raises(RelayTLSError):
        client.device("ANYDEVICE")


def test_unreachable_relay_is_reported_as_unavailable() -> None:
    expected = r"^the relay at http://127.0.0.1:9 is unreachable \(connection refused\)$"
    with RelayClient("http://127.0.0.1:9", attempts=2, backoff_seconds=0.01) as client, \
            pytest.raises(RelayUnavailableError, match=expected):
        client.device("ANYDEVICE")


def test_pinned_ca_must_be_a_certificate() -> None:
    with pytest.raises(ValueError, match="PEM"):
        RelayClient("https://127.0.0.1:1", ca_pem="-----BEGIN CERTIFICATE-----\nnope\n")
