"""``liaison init``, ``whoami`` and ``recover`` as an officer or an IT script runs them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from liaison_client.profile import open_profile
from liaison_client.store.records import ChannelRecord, MessageRecord, MessageState
from tests.conftest import fixed_passphrase
from tests.fixtures.cli import liaison

NAME = "Zhang Min"
AGENCY = "Guangzhou Customs District"
SECRET_TEXT = "海关查获走私象牙 container TGHU8812341 seized at berth 7"


def init(profile: Path, *extra: str) -> dict[str, str]:
    result = liaison("--profile", str(profile), "init", "--name", NAME, "--agency", AGENCY,
                     "--json", *extra)
    assert result.returncode == 0, result.stderr
    created: dict[str, str] = json.loads(result.stdout)
    return created


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int) -> None:
    assert result.returncode == code
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("liaison: ")


@pytest.mark.slow
def test_init_prints_device_id_fingerprint_and_recovery_key(tmp_path: Path) -> None:
    created = init(tmp_path / "p", "--key-storage", "passphrase")
    assert set(created) >= {"device_id", "fingerprint", "recovery_key"}
    assert len(created["recovery_key"].split("-")) == 10
    assert created["key_storage"] == "passphrase"


@pytest.mark.slow
def test_whoami_reports_the_identity_made_by_init(tmp_path: Path) -> None:
    created = init(tmp_path / "p", "--key-storage", "passphrase")
    result = liaison("--profile", str(tmp_path / "p"), "whoami", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "device_id": created["device_id"], "name": NAME, "agency": AGENCY,
        "fingerprint": created["fingerprint"],
    }


@pytest.mark.slow
def test_whoami_text_output_is_readable(tmp_path: Path) -> None:
    created = init(tmp_path / "p", "--key-storage", "passphrase")
    result = liaison("--profile", str(tmp_path / "p"), "whoami")
    assert result.returncode == 0
    assert NAME in result.stdout
    assert created["device_id"] in result.stdout


@pytest.mark.slow
def test_profile_comes_from_the_environment(tmp_path: Path) -> None:
    created = init(tmp_path / "p", "--key-storage", "passphrase")
    result = liaison("whoami", "--json", env={"LIAISON_PROFILE": str(tmp_path / "p")})
    assert json.loads(result.stdout)["device_id"] == created["device_id"]


@pytest.mark.slow
def test_wrong_passphrase_is_one_line_and_leaves_the_data_intact(tmp_path: Path) -> None:
    init(tmp_path / "p", "--key-storage", "passphrase")
    before = {f.name: f.read_bytes() for f in (tmp_path / "p").iterdir()}
    result = liaison("--profile", str(tmp_path / "p"), "whoami", passphrase="not the passphrase")
    assert_one_line_error(result, 5)
    assert "wrong passphrase" in result.stderr
    assert {f.name: f.read_bytes() for f in (tmp_path / "p").iterdir()} == before
    assert liaison("--profile", str(tmp_path / "p"), "whoami").returncode == 0


def test_no_passphrase_and_no_terminal_is_a_clear_error(tmp_path: Path) -> None:
    result = liaison("--profile", str(tmp_path / "p"), "init", "--name", NAME,
                     "--agency", AGENCY, "--key-storage", "passphrase", passphrase=None)
    assert_one_line_error(result, 2)
    assert "LIAISON_PASSPHRASE" in result.stderr
    assert not (tmp_path / "p").exists()


@pytest.mark.slow
def test_weak_passphrase_creates_nothing(tmp_path: Path) -> None:
    result = liaison("--profile", str(tmp_path / "p"), "init", "--name", NAME,
                     "--agency", AGENCY, "--key-storage", "passphrase", passphrase="short")
    assert_one_line_error(result, 2)
    assert not (tmp_path / "p").exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_init_over_an_existing_profile_is_refused(tmp_path: Path) -> None:
    init(tmp_path / "p", "--key-storage", "passphrase")
    result = liaison("--profile", str(tmp_path / "p"), "init", "--name", "X", "--agency", "Y")
    assert_one_line_error(result, 3)


def test_whoami_without_a_profile_says_how_to_make_one(tmp_path: Path) -> None:
    result = liaison("--profile", str(tmp_path / "none"), "whoami")
    assert_one_line_error(result, 3)
    assert "liaison init" in result.stderr


@pytest.mark.slow
def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    init(tmp_path / "p", "--key-storage", "passphrase")
    (tmp_path / "p" / "liaison.db").unlink()
    result = liaison("--profile", str(tmp_path / "p"), "whoami")
    assert_one_line_error(result, 4)
    assert not (tmp_path / "p" / "liaison.db").exists()


@pytest.mark.slow
def test_recover_sets_a_new_passphrase(tmp_path: Path) -> None:
    created = init(tmp_path / "p", "--key-storage", "passphrase")
    result = liaison("--profile", str(tmp_path / "p"), "recover", "--key-storage", "passphrase",
                     passphrase="my new long passphrase",
                     env={"LIAISON_RECOVERY_KEY": created["recovery_key"]})
    assert result.returncode == 0, result.stderr
    assert liaison("--profile", str(tmp_path / "p"), "whoami").returncode == 5
    again = liaison("--profile", str(tmp_path / "p"), "whoami", passphrase="my new long passphrase")
    assert again.returncode == 0


def test_usage_errors_do_not_show_a_traceback(tmp_path: Path) -> None:
    result = liaison("--profile", str(tmp_path / "p"), "init", "--name", NAME)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def _files_contain(root: Path, needle: str) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                if needle.encode(encoding) in data:
                    hits.append(f"{path.name} ({encoding})")
    return hits


@pytest.mark.parametrize("storage", ["passphrase", "keyring"])
@pytest.mark.slow
def test_profile_directory_holds_no_plaintext(
    tmp_path: Path, storage: str, request: pytest.FixtureRequest
) -> None:
    if storage == "keyring":
        request.getfixturevalue("real_keyring")
    root = tmp_path / "p"
    created = init(root, "--key-storage", storage)
    with open_profile(root, passphrase=fixed_passphrase()) as profile, \
            profile.store.transaction():
        profile.store.channels.add(ChannelRecord("op-1", "Operation Ivory", "dev", 0, False, 0, 0))
        profile.store.messages.add(MessageRecord(
            "msg-1", "op-1", created["device_id"], 0, "text", SECRET_TEXT, MessageState.RECEIVED
        ))
    with open_profile(root, passphrase=fixed_passphrase()) as profile:
        assert [m.body for m in profile.store.messages.search("查获")] == [SECRET_TEXT]
    for needle in (SECRET_TEXT, "查获", "TGHU8812341", "Operation Ivory", NAME, AGENCY):
        assert _files_contain(root, needle) == [], needle


@pytest.mark.slow
def test_unwritable_profile_location_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = liaison("--profile", str(blocker / "p"), "init", "--name", NAME, "--agency", AGENCY,
                     "--key-storage", "passphrase")
    assert_one_line_error(result, 1)
    assert "a-file" in result.stderr
