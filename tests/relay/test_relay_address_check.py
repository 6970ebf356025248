"""One relay-address check everywhere (issue 10, item 6).

``liaison init --relay http://127.1:PORT`` registered while the wizard and
Settings refused the same address, and ``init`` took ``http://`` to another
computer. Now the CLI, the wizard and Settings call
``liaison_client.net.relay_address.checked_relay_url``: plain http only to this
computer (127.0.0.0/8 in any spelling, ::1, localhost), refused otherwise
with the reason, before any connection. The CLI runs in a child process under
``tests/relay/loopback_guard.py``, which refuses (and reports) any name
lookup or connection off this computer: before the fix ``init`` tried one.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from liaison_client.errors import LiaisonError
from liaison_client.net.relay_address import checked_relay_url, is_loopback_host
from liaison_client.relay_connection import checked_address
from tests.conftest import TEST_PASSPHRASE
from tests.relay.loopback_guard import MARKER, guarded_argv
from tests.relay.relay_process import RelayProcess

# SQLite only: the check is the client's, made before any connection; the relay's
# storage plays no part.
pytestmark = pytest.mark.sqlite_only

REPO = Path(__file__).resolve().parents[2]


def guarded_liaison(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIAISON_")}
    env["LIAISON_PASSPHRASE"] = TEST_PASSPHRASE
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(guarded_argv("liaison_client.cli.main", *args), capture_output=True,
                          text=True, env=env, stdin=subprocess.DEVNULL, timeout=60,
                          check=False, cwd=REPO)


def init(profile: Path, relay_url: str, token: str) -> subprocess.CompletedProcess[str]:
    return guarded_liaison("--profile", str(profile), "init", "--name", "Li Wei",
                           "--agency", "HM Revenue & Customs", "--key-storage", "passphrase",
                           "--relay", relay_url, "--token", token, "--json")


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST", "127.0.0.1", "127.1", "127.0.0.2",
                                  "127.255.255.254", "0x7f000001", "2130706433", "::1",
                                  "::ffff:127.0.0.1"])
def test_every_spelling_of_this_computer_is_loopback(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", ["192.0.2.1", "10.0.0.1", "128.0.0.1", "0.0.0.0", "::",
                                  "relay.example.gov", "127.0.0.1.example.com",
                                  "localhost.example.com", "1.127.0.0.1", "beef.cafe", "::2"])
def test_other_computers_are_not_loopback(host: str) -> None:
    assert not is_loopback_host(host)


def test_the_service_check_says_why_plain_http_is_refused() -> None:
    with pytest.raises(LiaisonError) as refused:
        checked_address("http://192.0.2.1:8443/")
    assert refused.value.code == "relay.address_plain_http"
    assert "https://" in str(refused.value)
    assert "this computer" in str(refused.value)
    assert getattr(refused.value, "needs_https", False)
    assert checked_relay_url(" http://[::1]:8443/ ") == "http://[::1]:8443"
    assert checked_address("https://relay.example.gov:8443") == "https://relay.example.gov:8443"


def test_init_registers_over_plain_http_to_a_shortened_loopback_address(
        relay: RelayProcess, tmp_path: Path) -> None:
    port = urlsplit(relay.url).port
    result = init(tmp_path / "p", f"http://127.1:{port}", relay.enroll())
    assert result.returncode == 0, result.stderr
    assert MARKER not in result.stderr
    assert json.loads(result.stdout)["relay"] == f"http://127.1:{port}"


@pytest.mark.parametrize("url", ["http://192.0.2.1:{port}", "http://relay.example.gov:{port}",
                                 "http://127.0.0.1.example.com:{port}"])
def test_init_refuses_plain_http_to_another_computer_before_any_connection(
        relay: RelayProcess, tmp_path: Path, url: str) -> None:
    port = urlsplit(relay.url).port
    token = relay.enroll()
    result = init(tmp_path / "p", url.format(port=port), token)
    assert MARKER not in result.stderr, "init tried to reach another computer"
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("liaison: ")
    assert "needs https://" in lines[0]
    assert not (tmp_path / "p").exists()
    # The token was not spent: the officer can retry with the right address.
    assert init(tmp_path / "q", relay.url, token).returncode == 0
