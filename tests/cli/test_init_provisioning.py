"""``liaison init`` on a workstation IT provisioned: IT's relay, CA and profile rules hold.

The wizard checks the same rules on its pages (tests/ui/wizard/test_provisioned_wizard.py);
these run the command (tests/fixtures/cli.py) with a system file at
``LIAISON_SYSTEM_CONFIG``, and check that a refusal leaves no profile behind.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from liaison_client.profile import open_profile
from liaison_client.relay_connection import RelaySettings
from tests.conftest import TEST_PASSPHRASE, fixed_passphrase
from tests.fixtures import cli
from tests.relay.conftest import StartRelay
from tests.relay.tls_material import make_tls_material

AGENCY = "Guangzhou Customs"


def provisioned_init(tmp_path: Path, system_config: str, *args: str,
                     agency: str = AGENCY,
                     passphrase: str = TEST_PASSPHRASE) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "etc-liaison" / "config.toml"
    config.parent.mkdir(exist_ok=True)
    config.write_text(system_config, encoding="utf-8")
    return cli.liaison("--profile", str(tmp_path / "profile"), "init", "--name", "Li Wei",
                       "--agency", agency, "--json", *args, passphrase=passphrase,
                       env={"LIAISON_SYSTEM_CONFIG": str(config)})


def assert_refused_and_nothing_made(result: subprocess.CompletedProcess[str], tmp_path: Path,
                                    says: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("liaison: ")
    assert says in lines[0]
    assert not (tmp_path / "profile").exists()


def test_provisioned_relay_and_ca_need_only_the_token(
    start_relay_process: StartRelay, tmp_path: Path
) -> None:
    tls = make_tls_material(tmp_path / "tls")
    relay = start_relay_process(tls=tls)
    ca_file = tmp_path / "relay-ca.pem"
    ca_file.write_text(tls.ca_pem)
    token_file = tmp_path / "token"
    token_file.write_text(relay.enroll(AGENCY))
    result = provisioned_init(
        tmp_path, f'relay_url = "{relay.url}"\nrelay_ca = "{ca_file}"\n',
        "--token-file", str(token_file))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["relay"] == relay.url
    with open_profile(tmp_path / "profile", passphrase=fixed_passphrase()) as opened:
        settings = RelaySettings.load(opened.store.settings)
        assert settings is not None
        assert settings.url == relay.url
        assert settings.ca_pem == tls.ca_pem


def test_a_relay_other_than_the_one_it_locked_is_refused(tmp_path: Path) -> None:
    result = provisioned_init(
        tmp_path, 'relay_url = "https://relay.customs.example"\n'
        'officer_may_change = ["idle_lock_minutes"]\n',
        "--relay", "https://127.0.0.1:9/", "--token", "t0ken")
    assert_refused_and_nothing_made(result, tmp_path, "relay_url is set by IT")


def test_provisioned_relay_without_a_token_says_which_relay(tmp_path: Path) -> None:
    result = provisioned_init(tmp_path, 'relay_url = "https://relay.customs.example"\n')
    assert_refused_and_nothing_made(result, tmp_path, "https://relay.customs.example")


def test_an_unreadable_provisioned_ca_names_the_file_that_set_it(tmp_path: Path) -> None:
    result = provisioned_init(
        tmp_path, 'relay_url = "https://relay.customs.example"\n'
        f'relay_ca = "{tmp_path / "missing.pem"}"\n', "--token", "t0ken")
    assert_refused_and_nothing_made(result, tmp_path, "missing.pem")
    assert "etc-liaison" in result.stderr


def test_an_agency_it_does_not_allow_creates_nothing(tmp_path: Path) -> None:
    result = provisioned_init(
        tmp_path, 'allowed_agencies = ["HM Revenue & Customs, Felixstowe"]\n',
        agency="Guangzhou Customs, Huangpu Port")
    assert_refused_and_nothing_made(result, tmp_path,
                                    "IT allows only HM Revenue & Customs, Felixstowe")


def test_keyring_only_refuses_a_passphrase_wrapped_key(tmp_path: Path) -> None:
    result = provisioned_init(tmp_path, 'key_storage = "keyring"\n',
                              "--key-storage", "passphrase")
    assert_refused_and_nothing_made(result, tmp_path, "IT requires the OS keyring")


def test_a_passphrase_below_it_floor_creates_nothing(tmp_path: Path) -> None:
    assert len(TEST_PASSPHRASE) < 40
    result = provisioned_init(tmp_path, "min_passphrase_length = 40\n",
                              "--key-storage", "passphrase")
    assert_refused_and_nothing_made(result, tmp_path, "IT requires at least 40 characters")
