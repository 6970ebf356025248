"""``liaison join``: a profile created without a relay joins one, keeping its history
(issue 11, item 4). Real relay process, real CLI processes, real SQLCipher profiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from liaison_client.profile import open_profile
from liaison_client.relay_connection import current_relay
from tests.cli.test_channel_commands import as_json, assert_one_line_error, liaison, officer, ok
from tests.conftest import fixed_passphrase
from tests.relay.conftest import relay, start_relay_process
from tests.relay.relay_process import RelayProcess

__all__ = ["relay", "start_relay_process"]

AGENCY = "Zoll Hamburg"


def offline_profile(root: Path) -> str:
    """A profile made with ``init`` and no relay, with an operation of its own."""
    created = json.loads(ok(root, "init", "--name", "Anna Schmidt", "--agency", AGENCY,
                            "--json"))
    assert created["relay"] is None
    return str(created["device_id"])


def token_file(tmp_path: Path, token: str) -> Path:
    path = tmp_path / "token.txt"
    path.write_text(token + "\n", encoding="ascii")
    return path


def test_join_registers_keeps_history_and_receives_messages(
        relay: RelayProcess, tmp_path: Path) -> None:
    anna = tmp_path / "anna"
    anna_id = offline_profile(anna)
    local = as_json(anna, "channel", "create", "Notes kept offline")
    joined = json.loads(ok(anna, "join", "--relay", relay.url, "--token-file",
                           str(token_file(tmp_path, relay.enroll(AGENCY))), "--json"))
    assert joined == {"relay": relay.url, "agency": AGENCY, "pinned_ca": False}
    # The history made before joining is still there.
    assert [c["channel_id"] for c in as_json(anna, "channel", "list")] == [local["channel_id"]]
    # Joined for real: a colleague on the relay invites this device and writes to it; the
    # published one-time keys were kept, so the invitation's Olm message decrypts.
    li = tmp_path / "li"
    officer(relay, li, "Li Wei", "Guangzhou Customs")
    channel = as_json(li, "channel", "create", "Op Jade")["channel_id"]
    ok(li, "channel", "invite", channel, anna_id, "--name", "Anna Schmidt")
    ok(li, "send", channel, "货柜 TGHU8812341 已查获")
    ok(anna, "sync", "--wait", "1")
    ok(anna, "sync")
    assert [m["text"] for m in as_json(anna, "messages", channel)] == ["货柜 TGHU8812341 已查获"]
    text = ok(anna, "whoami")
    assert anna_id in text


def test_join_text_output_names_the_relay(relay: RelayProcess, tmp_path: Path) -> None:
    anna = tmp_path / "anna"
    offline_profile(anna)
    out = ok(anna, "join", "--relay", relay.url, "--token-file",
             str(token_file(tmp_path, relay.enroll(AGENCY))))
    assert f"Joined the relay at {relay.url}; local history kept." in out
    assert "system authorities" in out


def test_a_token_for_another_agency_is_refused_and_nothing_is_saved(
        relay: RelayProcess, tmp_path: Path) -> None:
    anna = tmp_path / "anna"
    offline_profile(anna)
    refused = liaison(anna, "join", "--relay", relay.url, "--token-file",
                      str(token_file(tmp_path, relay.enroll("Guangzhou Customs"))))
    assert_one_line_error(refused)
    assert refused.returncode == 2
    assert ("another agency (Guangzhou Customs) than this profile's ('Zoll Hamburg')"
            in refused.stderr)
    with open_profile(anna, passphrase=fixed_passphrase()) as profile:
        assert current_relay(profile) is None
    # The right token still works afterwards.
    ok(anna, "join", "--relay", relay.url, "--token-file",
       str(token_file(tmp_path, relay.enroll(AGENCY))))


def test_a_profile_with_a_relay_cannot_join_another(relay: RelayProcess, tmp_path: Path) -> None:
    li = tmp_path / "li"
    officer(relay, li, "Li Wei", "Guangzhou Customs")
    refused = liaison(li, "join", "--relay", relay.url, "--token-file",
                      str(token_file(tmp_path, relay.enroll("Guangzhou Customs"))))
    assert_one_line_error(refused)
    assert "already has a relay" in refused.stderr


@pytest.mark.parametrize(("args", "needle"), [
    (("--relay", "http://relay.example.gov", "--token", "t"), "plain http://"),
    (("--token", "t"), "needs --relay URL"),
    (("--relay", "https://127.0.0.1:9"), "needs --relay URL"),
    (("--relay", "https://127.0.0.1:9", "--token", "t", "--relay-ca", "/nonexistent.pem"),
     "cannot read the CA certificate"),
])
def test_bad_join_arguments_are_one_line_errors_before_any_connection(
        tmp_path: Path, args: tuple[str, ...], needle: str) -> None:
    anna = tmp_path / "anna"
    offline_profile(anna)
    refused = liaison(anna, "join", *args)
    assert_one_line_error(refused)
    assert needle in refused.stderr


def test_an_unreachable_relay_is_a_one_line_error(tmp_path: Path) -> None:
    anna = tmp_path / "anna"
    offline_profile(anna)
    refused = liaison(anna, "join", "--relay", "http://127.0.0.1:9", "--token", "t")
    assert_one_line_error(refused)
    with open_profile(anna, passphrase=fixed_passphrase()) as profile:
        assert current_relay(profile) is None


def test_a_relay_locked_by_it_is_the_only_one_joined(relay: RelayProcess, tmp_path: Path
                                                     ) -> None:
    anna = tmp_path / "anna"
    offline_profile(anna)
    system = tmp_path / "system.toml"
    system.write_text('relay_url = "https://relay.customs.example"\n'
                      'officer_may_change = []\n', encoding="utf-8")
    env = {"LIAISON_SYSTEM_CONFIG": str(system)}
    refused = liaison(anna, "join", "--relay", relay.url, "--token", "t", env=env)
    assert_one_line_error(refused)
    assert "your IT department set the relay to https://relay.customs.example" in refused.stderr
