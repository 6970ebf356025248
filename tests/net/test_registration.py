"""``liaison init --relay URL --token TOKEN [--relay-ca FILE]``: register or create nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from liaison_client.net.relay_settings import RelaySettings
from liaison_client.profile import open_profile
from tests.conftest import TEST_PASSPHRASE, fixed_passphrase
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import RelayProcess, enroll_device
from tests.relay.tls_material import make_tls_material


def liaison_init(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIAISON_")}
    env["LIAISON_PASSPHRASE"] = TEST_PASSPHRASE
    return subprocess.run(
        [sys.executable, "-m", "liaison_client.cli.main", "--profile", str(profile), "init",
         "--name", "Li Wei", "--agency", "Guangzhou Customs", "--json", *args],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120,
        check=False,
    )


def _leftovers(profile: Path) -> list[Path]:
    return [p for p in profile.parent.iterdir() if p.name.startswith((profile.name,
                                                                       f".{profile.name}"))]


def test_init_registers_the_device_and_publishes_its_keys(
    start_relay_process: StartRelay, tmp_path: Path
) -> None:
    tls = make_tls_material(tmp_path / "tls")
    relay = start_relay_process(tls=tls)
    ca_file = tmp_path / "relay-ca.pem"
    ca_file.write_text(tls.ca_pem)
    profile = tmp_path / "profile"
    result = liaison_init(profile, "--relay", relay.url, "--token",
                          relay.enroll("Guangzhou Customs"), "--relay-ca", str(ca_file))
    assert result.returncode == 0, result.stderr
    created = json.loads(result.stdout)
    assert created["relay"] == relay.url

    with open_profile(profile, passphrase=fixed_passphrase()) as opened:
        settings = RelaySettings.load(opened.store.settings)
        assert settings is not None
        assert settings.url == relay.url
        assert settings.ca_pem == tls.ca_pem
        assert settings.registration["agency"] == "Guangzhou Customs"
        assert settings.registration["one_time_keys_published"] == 50
        device_id, ed25519_key = opened.device_id, opened.identity.ed25519_key

    colleague = enroll_device(relay)
    claimed = colleague.client.claim_key(device_id, ed25519_key)
    assert not claimed.fallback
    # The relay URL and pinned CA are inside SQLCipher, not in a plaintext file.
    for path in profile.rglob("*"):
        assert relay.url.encode() not in path.read_bytes()


def test_spent_token_leaves_no_profile(relay: RelayProcess, tmp_path: Path) -> None:
    token = relay.enroll()
    assert liaison_init(tmp_path / "first", "--relay", relay.url, "--token", token
                        ).returncode == 0
    result = liaison_init(tmp_path / "second", "--relay", relay.url, "--token", token)
    assert result.returncode == 7
    assert "token" in result.stderr
    assert result.stderr.count("\n") == 1  # one line, no traceback
    assert _leftovers(tmp_path / "second") == []


def test_bogus_token_leaves_no_profile(relay: RelayProcess, tmp_path: Path) -> None:
    result = liaison_init(tmp_path / "p", "--relay", relay.url, "--token", "lrt_bogus")
    assert result.returncode == 7
    assert _leftovers(tmp_path / "p") == []


def test_unreachable_relay_leaves_no_profile(tmp_path: Path) -> None:
    result = liaison_init(tmp_path / "p", "--relay", "http://127.0.0.1:9", "--token", "lrt_x")
    assert result.returncode == 7
    assert "unreachable" in result.stderr
    assert _leftovers(tmp_path / "p") == []


def test_relay_without_token_is_a_usage_error(tmp_path: Path) -> None:
    result = liaison_init(tmp_path / "p", "--relay", "https://relay.example")
    assert result.returncode == 2
    assert "--token" in result.stderr
    assert not (tmp_path / "p").exists()


def test_relay_ca_that_is_not_a_certificate_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "ca.pem"
    bad.write_text("hello")
    result = liaison_init(tmp_path / "p", "--relay", "https://relay.example", "--token", "t",
                          "--relay-ca", str(bad))
    assert result.returncode == 2
    assert not (tmp_path / "p").exists()


def test_relay_keeps_no_plaintext_of_the_profile(relay: RelayProcess, tmp_path: Path) -> None:
    assert liaison_init(tmp_path / "p", "--relay", relay.url, "--token", relay.enroll()
                        ).returncode == 0
    with sqlite3.connect(relay.data_dir / "relay.sqlite3") as db:
        names = [r[0] for r in db.execute("SELECT agency FROM devices")]
    assert names == ["HM Revenue & Customs"]  # the token's agency; the officer's name is not sent
    assert b"Li Wei" not in (relay.data_dir / "relay.sqlite3").read_bytes()
