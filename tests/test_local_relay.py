"""The embedded relay is a real ``liaison-relay`` child process that the app owns."""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from liaison_client.errors import LocalRelayError
from liaison_client.local_relay import BUNDLED_RELAY, PORT_FILE, LocalRelay, relay_command


def test_it_serves_on_loopback_and_stops_when_asked(tmp_path: Path) -> None:
    relay = LocalRelay.start(tmp_path / "relay")
    try:
        assert urlsplit(relay.url).hostname == "127.0.0.1"
        assert requests.get(f"{relay.url}/openapi.json", timeout=5).status_code == 200
    finally:
        relay.stop()
    assert not relay.running
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{relay.url}/openapi.json", timeout=5)


@pytest.mark.slow
def test_it_comes_back_on_the_same_port_so_registered_profiles_still_find_it(
        tmp_path: Path) -> None:
    with LocalRelay.start(tmp_path / "relay") as first:
        url = first.url
    with LocalRelay.start(tmp_path / "relay") as second:
        assert second.url == url


@pytest.mark.slow
def test_a_taken_port_moves_it_to_a_free_one(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        (tmp_path / "relay").mkdir()
        (tmp_path / "relay" / PORT_FILE).write_text(f"{taken}\n")
        with LocalRelay.start(tmp_path / "relay") as relay:
            assert urlsplit(relay.url).port != taken
            assert (tmp_path / "relay" / PORT_FILE).read_text().strip() == \
                str(urlsplit(relay.url).port)


@pytest.mark.slow
def test_its_enrollment_tokens_are_distinct(tmp_path: Path) -> None:
    with LocalRelay.start(tmp_path / "relay") as relay:
        first, second = relay.enroll("Demo agency"), relay.enroll("Demo agency")
    assert first
    assert first != second


def test_enrolling_after_it_cannot_run_is_a_clear_error(tmp_path: Path) -> None:
    with LocalRelay.start(tmp_path / "relay") as relay:
        pass
    (tmp_path / "relay" / "relay.sqlite3").unlink(missing_ok=True)
    relay.data_dir = tmp_path / "not-a-directory"
    relay.data_dir.write_text("a file where the data directory should be")
    with pytest.raises(LocalRelayError, match="refused to enroll"):
        relay.enroll("Demo agency")


def test_a_relay_that_cannot_start_is_a_clear_error(tmp_path: Path) -> None:
    blocked = tmp_path / "relay"
    blocked.mkdir()
    (blocked / "relay.log").mkdir()  # the log cannot be opened as a file
    with pytest.raises(LocalRelayError, match="cannot write the embedded relay's log"):
        LocalRelay.start(blocked)


def test_from_source_it_runs_the_relay_module_with_this_interpreter() -> None:
    assert relay_command("serve", "--port", "0") == [
        sys.executable, "-m", "liaison_client.relay", "serve", "--port", "0"]


def _as_bundle(monkeypatch: pytest.MonkeyPatch, program: Path) -> None:
    """Frozen as PyInstaller does: ``sys.executable`` is the bundle's own program."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program))


def test_in_the_bundle_it_runs_the_liaison_relay_beside_the_app_through_its_link(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the .deb installs it: /usr/bin/liaison-desktop links to /opt/liaison/."""
    bundle = tmp_path / "opt" / "liaison"
    bundle.mkdir(parents=True)
    (bundle / "liaison-desktop").write_bytes(b"")
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "liaison-desktop").symlink_to(bundle / "liaison-desktop")
    _as_bundle(monkeypatch, tmp_path / "bin" / "liaison-desktop")
    assert relay_command("enroll", "--agency", "Demo") == [
        str(bundle.resolve() / BUNDLED_RELAY), "enroll", "--agency", "Demo"]


def test_a_bundle_without_its_relay_program_is_a_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bundle").mkdir()
    _as_bundle(monkeypatch, tmp_path / "bundle" / "liaison-desktop")
    with pytest.raises(LocalRelayError, match=r"cannot run the embedded relay .*liaison-relay"):
        LocalRelay.start(tmp_path / "relay")


def test_enrolling_once_the_relay_program_is_gone_is_a_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with LocalRelay.start(tmp_path / "relay") as relay:
        (tmp_path / "bundle").mkdir()
        _as_bundle(monkeypatch, tmp_path / "bundle" / "liaison-desktop")
        with pytest.raises(LocalRelayError, match="cannot run the embedded relay"):
            relay.enroll("Demo agency")


@pytest.mark.slow
def test_a_deployed_relays_database_setting_never_reaches_the_embedded_relay(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An officer's shell set up to administer a production relay (its PostgreSQL in
    LIAISON_RELAY_DATABASE) starting the demo: the embedded relay stays SQLite in its own
    folder (before: it took the production URL; here a closed loopback port, so it
    could not start at all)."""
    monkeypatch.setenv("LIAISON_RELAY_DATABASE", "postgresql://liaison@127.0.0.1:1/production")
    with LocalRelay.start(tmp_path / "relay") as relay:
        assert requests.get(f"{relay.url}/healthz", timeout=5).status_code == 200
        assert relay.enroll("Guangzhou Customs")
    assert (tmp_path / "relay" / "relay.sqlite3").is_file()
