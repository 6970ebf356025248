"""Changing an existing profile's relay address or pinned CA: checked first, saved whole.

Real relay processes on 127.0.0.1 (one with TLS from a throwaway CA) and real profiles.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from liaison_client.errors import UsageError
from liaison_client.net.errors import (
    RelayAddressError,
    RelayCertificateError,
    RelayDeviceUnknownError,
    RelayTLSError,
    RelayUnavailableError,
)
from liaison_client.net.relay_address import checked_relay_url, read_ca_file
from liaison_client.profile import Profile, create_profile, open_profile
from liaison_client.relay_connection import (
    RELAY_INBOX_CURSOR,
    RelayEnrollment,
    RelaySettings,
    change_relay,
)
from tests.conftest import fixed_passphrase
from tests.relay.conftest import StartRelay, relay, start_relay_process
from tests.relay.relay_process import RelayProcess, start_relay
from tests.relay.tls_material import make_tls_material

__all__ = ["relay", "start_relay_process"]


def registered(relay: RelayProcess, root: Path, ca_pem: str | None = None) -> Profile:
    create_profile(root, name="Li Wei", agency="Guangzhou Customs", passphrase=fixed_passphrase(),
                   before_commit=RelayEnrollment(relay.url, relay.enroll("Guangzhou Customs"),
                                                 ca_pem))
    return open_profile(root, passphrase=fixed_passphrase())


@pytest.fixture
def officer(relay: RelayProcess, tmp_path: Path) -> Iterator[Profile]:
    profile = registered(relay, tmp_path / "officer")
    yield profile
    profile.close()


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.mark.parametrize("url", ["https://relay.example.gov", "https://relay.example.gov/",
                                 " http://127.0.0.1:8443 ", "http://localhost:9000",
                                 "http://[::1]:9000"])
def test_https_or_a_loopback_address_is_accepted(url: str) -> None:
    assert checked_relay_url(url) == url.strip().rstrip("/")


@pytest.mark.parametrize("url", ["http://relay.example.gov", "relay.example.gov", "ftp://x",
                                 "https://", "https://relay.example.gov:99999",
                                 "https://relay.example.gov/?x=1"])
def test_anything_else_is_not_a_relay_address(url: str) -> None:
    with pytest.raises(RelayAddressError):
        checked_relay_url(url)


def test_a_file_that_is_not_a_certificate_is_refused(tmp_path: Path) -> None:
    not_pem = tmp_path / "ca.pem"
    not_pem.write_text("-----BEGIN CERTIFICATE-----\nnot base64 at all\n")
    with pytest.raises(RelayCertificateError):
        read_ca_file(not_pem)
    with pytest.raises(RelayCertificateError, match="cannot read"):
        read_ca_file(tmp_path / "missing.pem")


def test_the_same_relay_at_a_new_address_is_saved_with_registration_and_cursor_kept(
        officer: Profile, relay: RelayProcess) -> None:
    before = RelaySettings.load(officer.store.settings)
    assert before is not None
    officer.store.settings.set(RELAY_INBOX_CURSOR, 7)
    relay.stop()
    moved = start_relay(relay.data_dir, *relay.args)
    try:
        saved = change_relay(officer, moved.url + "/", None)
    finally:
        moved.stop()
    assert saved.url == moved.url
    assert RelaySettings.load(officer.store.settings) == saved
    assert saved.registration == before.registration
    assert officer.store.settings.get(RELAY_INBOX_CURSOR) == 7


def test_an_unreachable_relay_is_refused_and_nothing_changes(officer: Profile) -> None:
    before = RelaySettings.load(officer.store.settings)
    with pytest.raises(RelayUnavailableError):
        change_relay(officer, closed_port_url(), None)
    assert RelaySettings.load(officer.store.settings) == before


def test_a_relay_that_does_not_know_this_device_is_refused_and_nothing_changes(
        officer: Profile, start_relay_process: StartRelay) -> None:
    before = RelaySettings.load(officer.store.settings)
    other = start_relay_process()
    with pytest.raises(RelayDeviceUnknownError):
        change_relay(officer, other.url, None)
    assert RelaySettings.load(officer.store.settings) == before


def test_a_profile_without_relay_cannot_be_pointed_at_one(tmp_path: Path) -> None:
    create_profile(tmp_path / "local", name="Li Wei", agency="Guangzhou Customs",
                   passphrase=fixed_passphrase())
    with open_profile(tmp_path / "local", passphrase=fixed_passphrase()) as local:
        with pytest.raises(UsageError, match="no relay"):
            change_relay(local, "https://relay.example.gov", None)
        assert RelaySettings.load(local.store.settings) is None


def test_a_relay_certificate_the_new_pin_does_not_trust_is_refused_and_nothing_changes(
        start_relay_process: StartRelay, tmp_path: Path) -> None:
    tls = make_tls_material(tmp_path / "tls")
    tls_relay = start_relay_process(tls=tls)
    with registered(tls_relay, tmp_path / "officer", tls.ca_pem) as profile:
        before = RelaySettings.load(profile.store.settings)
        other_ca = make_tls_material(tmp_path / "other-tls", ca_name="Some Other CA").ca_pem
        with pytest.raises(RelayTLSError):
            change_relay(profile, tls_relay.url, other_ca)
        with pytest.raises(RelayTLSError):
            change_relay(profile, tls_relay.url, None)  # the system's CAs do not know it
        assert RelaySettings.load(profile.store.settings) == before
        assert change_relay(profile, tls_relay.url, tls.ca_pem).ca_pem == tls.ca_pem
