"""The enrollment service: create + register + open, or nothing at all.

The CLI, the wizard and the demo each exercise it end to end against a real
relay (tests/net/test_registration.py, tests/ui/wizard/, tests/test_demo_workspace.py);
these tests pin what the service itself decides: the CA file is read before
anything is created, and which failures concern the relay fields.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from liaison_client.enrollment import (
    RelayInvitation,
    concerns_relay,
    enroll,
    relay_unreachable,
)
from liaison_client.net.errors import RelayCertificateError, RelayUnavailableError
from liaison_client.profile import KeyStorageChoice
from tests.conftest import fixed_passphrase


def _closed_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_ca_file_that_is_not_a_certificate_creates_nothing_and_concerns_the_relay(
        tmp_path: Path) -> None:
    not_pem = tmp_path / "relay-ca.pem"
    not_pem.write_text("not a certificate\n", encoding="ascii")
    root = tmp_path / "profile"
    with pytest.raises(RelayCertificateError) as refused:
        enroll(root, name="Li Wei", agency="Guangzhou Customs", passphrase=fixed_passphrase(),
               key_storage=KeyStorageChoice.PASSPHRASE,
               relay=RelayInvitation("https://relay.example.gov", "token", ca_file=not_pem))
    assert concerns_relay(refused.value)
    assert not relay_unreachable(refused.value)
    assert not root.exists()


def test_an_unreachable_relay_creates_nothing_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "profile"
    url = f"http://127.0.0.1:{_closed_loopback_port()}"
    with pytest.raises(RelayUnavailableError) as refused:
        enroll(root, name="Li Wei", agency="Guangzhou Customs", passphrase=fixed_passphrase(),
               key_storage=KeyStorageChoice.PASSPHRASE, relay=RelayInvitation(url, "token"))
    assert relay_unreachable(refused.value)
    assert concerns_relay(refused.value)
    assert not root.exists()
    assert [p for p in tmp_path.iterdir() if p.name != root.name] == []


def test_an_invitation_names_its_ca_once(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="names its CA once"):
        RelayInvitation("https://relay.example.gov", "token", ca_file=tmp_path / "ca.pem",
                        ca_pem="-----BEGIN CERTIFICATE-----\n")
