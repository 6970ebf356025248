"""Provisioning files: defaults, IT's system file, the officer's override, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from liaison_client.cli.main import main as cli_main
from liaison_client.provisioning.config import load_provisioning
from liaison_client.provisioning.errors import ProvisioningError

PUBLISHER_KEY = "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3"
SYSTEM = f"""\
relay_url = "https://relay.customs.example:8443"
allowed_agencies = ["HMRC Felixstowe", "Rotterdam Customs"]
key_storage = "keyring"
min_passphrase_length = 16
idle_lock_minutes = 10
notification_text = false
update_source = "/srv/liaison-updates"
update_publisher_key = "{PUBLISHER_KEY}"
officer_may_change = ["idle_lock_minutes", "notification_text"]
"""


@pytest.fixture
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LIAISON_SYSTEM_CONFIG", str(tmp_path / "etc" / "config.toml"))
    (tmp_path / "etc").mkdir()
    return tmp_path / "home" / "profile"


def _system(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "etc" / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _user(profile: Path, text: str) -> Path:
    profile.parent.mkdir(parents=True, exist_ok=True)
    path = profile.parent / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_without_files_every_key_is_its_default_and_changeable(profile: Path) -> None:
    config = load_provisioning(profile)
    assert config.value("idle_lock_minutes") == 10
    assert config.value("relay_url") is None
    assert {s.source for s in config.settings.values()} == {"default"}
    assert not any(config.locked(k) for k in ("relay_url", "idle_lock_minutes"))
    assert config.locked("update_publisher_key")


def test_the_system_file_sets_values_and_locks_the_rest(profile: Path, tmp_path: Path) -> None:
    path = _system(tmp_path, SYSTEM)
    config = load_provisioning(profile)
    assert config.value("relay_url") == "https://relay.customs.example:8443"
    assert config.settings["relay_url"].source == str(path)
    assert config.locked("relay_url")
    assert config.locked("key_storage")
    assert not config.locked("idle_lock_minutes")


def test_the_officer_overrides_only_what_it_allows(profile: Path, tmp_path: Path) -> None:
    _system(tmp_path, SYSTEM)
    user = _user(profile, "idle_lock_minutes = 3\n")
    config = load_provisioning(profile)
    assert config.value("idle_lock_minutes") == 3
    assert config.settings["idle_lock_minutes"].source == str(user)


def test_overriding_a_locked_key_names_the_file_line_and_key(profile: Path,
                                                             tmp_path: Path) -> None:
    _system(tmp_path, SYSTEM)
    user = _user(profile, "# mine\nidle_lock_minutes = 3\nrelay_url = \"https://evil.example\"\n")
    with pytest.raises(ProvisioningError) as raised:
        load_provisioning(profile)
    assert str(raised.value) == (f"{user}, line 3: key 'relay_url': locked by IT "
                                 "(not in officer_may_change)")


@pytest.mark.parametrize(("text", "line", "message"), [
    ('relay_url = "http://plain.example"\n', 1, "key 'relay_url': must be an https:// URL"),
    ("\nidle_lock_minutes = 0\n", 2, "key 'idle_lock_minutes': must be a whole number"),
    ('notification_text = "no"\n', 1, "key 'notification_text': must be true or false"),
    ('key_storage = "file"\n', 1, "key 'key_storage': must be one of"),
    ('relay_urll = "https://x.example"\n', 1, "key 'relay_urll': unknown key"),
    ('update_publisher_key = "RWnotakey"\n', 1, "key 'update_publisher_key': must be a minisign"),
    ('officer_may_change = ["update_source"]\n', 1,
     "key 'officer_may_change': names keys the officer can never change"),
    ("idle_lock_minutes = = 3\n", 1, "not valid TOML"),
])
def test_a_malformed_system_file_is_a_clear_error(profile: Path, tmp_path: Path, text: str,
                                                  line: int, message: str) -> None:
    path = _system(tmp_path, text)
    with pytest.raises(ProvisioningError) as raised:
        load_provisioning(profile)
    assert str(raised.value).startswith(f"{path}, line {line}: {message}")
    assert raised.value.params["file"] == str(path)


def test_config_show_prints_values_and_sources(profile: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    system = _system(tmp_path, SYSTEM)
    _user(profile, "notification_text = true\n")
    assert cli_main(["--profile", str(profile), "config", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["settings"]["relay_url"] == {
        "value": "https://relay.customs.example:8443", "source": str(system), "locked": True}
    assert shown["settings"]["notification_text"]["value"] is True
    assert shown["settings"]["relay_ca"]["source"] == "default"
    assert cli_main(["--profile", str(profile), "config", "show"]) == 0
    text = capsys.readouterr().out
    assert f'relay_url = "https://relay.customs.example:8443"  ({system}, locked)' in text


def test_config_show_with_a_malformed_file_exits_2_naming_it(
        profile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _system(tmp_path, "idle_lock_minutes = 'soon'\n")
    assert cli_main(["--profile", str(profile), "config", "show"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"liaison: {path}, line 1: key 'idle_lock_minutes': must be a whole number "
        "from 1 to 480")
