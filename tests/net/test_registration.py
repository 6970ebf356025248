"""``liaison init --relay URL --token TOKEN [--relay-ca FILE]``: register or create nothing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from liaison_client.net.device_profile import profile_problem
from liaison_client.profile import open_profile
from liaison_client.protocol.device_profile import SignedProfile
from liaison_client.relay_connection import RelaySettings
from tests.conftest import TEST_PASSPHRASE, fixed_passphrase
from tests.fixtures import cli
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import RelayProcess, enroll_device
from tests.relay.tls_material import make_tls_material


def liaison_init(profile: Path, *args: str, name: str = "Li Wei",
                 agency: str = "Guangzhou Customs") -> subprocess.CompletedProcess[str]:
    return cli.liaison("--profile", str(profile), "init", "--name", name, "--agency", agency,
                       "--json", *args)


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
    token = relay.enroll("Guangzhou Customs")
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


def test_relay_keeps_the_signed_profile_and_nothing_private(relay: RelayProcess,
                                                             tmp_path: Path) -> None:
    result = liaison_init(tmp_path / "p", "--relay", relay.url, "--token",
                          relay.enroll("Guangzhou Customs"))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(relay.data_dir / "relay.sqlite3") as db:
        row = db.execute("SELECT device_id, ed25519_key, agency, profile_name, profile_agency,"
                         " profile_issued_at_ms, profile_signature FROM devices").fetchone()
    device_id, ed25519_key, agency, name, profile_agency, issued_at_ms, signature = row
    assert (agency, name, profile_agency) == ("Guangzhou Customs", "Li Wei", "Guangzhou Customs")
    profile = SignedProfile(name, profile_agency, issued_at_ms, signature)
    assert profile_problem(profile, device_id=device_id, ed25519_key=ed25519_key,
                           agency=agency) is None
    assert TEST_PASSPHRASE.encode() not in (relay.data_dir / "relay.sqlite3").read_bytes()


def test_an_agency_other_than_the_tokens_is_refused_and_creates_nothing(
        relay: RelayProcess, tmp_path: Path) -> None:
    token = relay.enroll("Zoll Hamburg")
    refused = liaison_init(tmp_path / "p", "--relay", relay.url, "--token", token)
    assert refused.returncode == 7
    assert refused.stderr.count("\n") == 1
    assert "agency_mismatch" in refused.stderr
    assert "'Zoll Hamburg'" in refused.stderr
    assert not (tmp_path / "p").exists()
    retried = liaison_init(tmp_path / "p", "--relay", relay.url, "--token", token,
                           name="Anna Schmidt", agency="Zoll Hamburg")
    assert retried.returncode == 0, retried.stderr  # the token was not spent


def test_a_name_that_cannot_be_signed_is_refused_before_the_relay_is_asked(
        relay: RelayProcess, tmp_path: Path) -> None:
    token = relay.enroll("Guangzhou Customs")
    result = liaison_init(tmp_path / "p", "--relay", relay.url, "--token", token,
                          name="Li\u202eieW")
    assert result.returncode == 2
    assert result.stderr.startswith("liaison: a display name must not contain")
    assert not (tmp_path / "p").exists()
    assert liaison_init(tmp_path / "q", "--relay", relay.url, "--token", token).returncode == 0
