"""The channel CLI contract (issue #4) as IT scripts use it: the ``liaison`` command
(run by its entry point, tests/fixtures/cli.py), a real relay process on 127.0.0.1,
several profiles in one test."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from liaison_client.profile import open_profile
from liaison_client.relay_connection import RELAY_URL, RelayEnrollment
from liaison_client.workspace import EventAction, Workspace
from tests.conftest import fixed_passphrase
from tests.fixtures import cli
from tests.fixtures.profiles import process_profile_templates
from tests.relay.conftest import relay, start_relay_process
from tests.relay.relay_process import RelayProcess, restart

__all__ = ["relay", "start_relay_process"]


def liaison(profile: Path, *args: str, env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
    """``liaison --profile PROFILE ARGS``, run by its entry point in this process
    (tests/fixtures/cli.py says what that checks that a process would)."""
    return cli.liaison("--profile", str(profile), *args, env=env)


def ok(profile: Path, *args: str) -> str:
    result = liaison(profile, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def as_json(profile: Path, *args: str) -> Any:
    return json.loads(ok(profile, *args, "--json"))


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("liaison: ")


def officer(relay: RelayProcess, root: Path, name: str, agency: str) -> str:
    """An officer registered on ``relay`` as ``liaison init --relay URL --token TOKEN``
    registers one (the same ``create_profile`` hook), on key custody copied from this
    process's profile templates (tests/fixtures/profiles.py; the OS keyring keeps its
    keys under scripts/run-tests): its device id. ``liaison init`` itself is the
    subject of tests/cli/test_profile_commands.py."""
    created = process_profile_templates().copy(
        root, name=name, agency=agency,
        before_commit=RelayEnrollment(relay.url, relay.enroll(agency)))
    return created.whoami.device_id


@pytest.fixture
def two_officers(relay: RelayProcess, tmp_path: Path) -> tuple[Path, str, Path, str, str]:
    """Li (coordinator) and Anna in one channel: (li, li_id, anna, anna_id, channel_id)."""
    li, anna = tmp_path / "li", tmp_path / "anna"
    li_id = officer(relay, li, "Li Wei", "Guangzhou Customs")
    anna_id = officer(relay, anna, "Anna Schmidt", "Zoll Hamburg")
    created = as_json(li, "channel", "create", "Op Jade")
    assert set(created) == {"channel_id", "name"}
    assert created["name"] == "Op Jade"
    ok(li, "channel", "invite", created["channel_id"], anna_id, "--name", "Anna Schmidt")
    return li, li_id, anna, anna_id, created["channel_id"]


def test_create_invite_list_members_send_sync_and_read(
        two_officers: tuple[Path, str, Path, str, str], tmp_path: Path) -> None:
    li, li_id, anna, anna_id, channel_id = two_officers
    ok(anna, "sync")
    assert as_json(anna, "channel", "list") == [{
        "channel_id": channel_id, "name": "Op Jade", "role": "member", "members": 2,
        "unread": 0, "closed": False,
        "last_activity_at": as_json(anna, "channel", "list")[0]["last_activity_at"]}]
    members = {m["device_id"]: m for m in as_json(anna, "channel", "members", channel_id)}
    assert {k: {f: v for f, v in m.items() if f != "key_changed"}
            for k, m in members.items()} == {
        li_id: {"device_id": li_id, "name": "Li Wei", "agency": "Guangzhou Customs",
                "role": "coordinator", "verified": False, "revoked_at_ms": None},
        anna_id: {"device_id": anna_id, "name": "Anna Schmidt", "agency": "Zoll Hamburg",
                  "role": "member", "verified": True, "revoked_at_ms": None},
    }
    attachment = tmp_path / "seal.jpg"
    attachment.write_bytes(b"\xff\xd8 seal photo" * 100)
    sent = ok(li, "send", channel_id, "Seal 4471 broken", "--attach", str(attachment))
    assert "queued" not in sent
    ok(anna, "sync", "--wait", "1")
    assert as_json(anna, "channel", "list")[0]["unread"] == 2
    messages = as_json(anna, "messages", channel_id)
    assert [(m["sender_device_id"], m["sender_name"], m["kind"], m["text"])
            for m in messages] == [(li_id, "Li Wei", "text", "Seal 4471 broken"),
                                   (li_id, "Li Wei", "attachment", "seal.jpg")]
    assert set(messages[0]) >= {"message_id", "channel_id", "sender_device_id", "sender_name",
                                "sent_at", "text", "kind"}
    assert messages[0]["sent_at"].endswith("Z")
    assert as_json(anna, "channel", "list")[0]["unread"] == 0
    assert [m["text"] for m in as_json(anna, "messages", channel_id, "--search", "seal",
                                       "--limit", "5")] == ["Seal 4471 broken", "seal.jpg"]
    assert [m["text"] for m in as_json(anna, "messages", channel_id, "--limit", "1")] == [
        "seal.jpg"]
    saved = tmp_path / "saved.jpg"
    ok(anna, "save-attachment", messages[1]["message_id"], str(saved))
    assert saved.read_bytes() == attachment.read_bytes()


def test_safety_number_and_verify(two_officers: tuple[Path, str, Path, str, str]) -> None:
    li, li_id, anna, anna_id, _ = two_officers
    ok(anna, "sync")
    seen_by_li = as_json(li, "safety-number", anna_id)
    seen_by_anna = as_json(anna, "safety-number", li_id)
    assert seen_by_li["safety_number"] == seen_by_anna["safety_number"]
    assert not seen_by_li["verified"]
    wrong = liaison(li, "verify", anna_id, "--safety-number", "1" * 60)
    assert_one_line_error(wrong)
    ok(li, "verify", anna_id, "--safety-number", seen_by_anna["safety_number"])
    assert as_json(li, "safety-number", anna_id)["verified"]


def test_unverify_withdraws_a_verification_and_both_are_in_the_timeline(
        two_officers: tuple[Path, str, Path, str, str]) -> None:
    """The CLI goes through the desktop's service: each decision is a local event in the
    operation the two officers share (issue 11, item 2)."""
    li, _, _, anna_id, channel_id = two_officers
    ok(li, "verify", anna_id, "--yes")
    assert "is no longer verified" in ok(li, "unverify", anna_id)
    assert not as_json(li, "safety-number", anna_id)["verified"]
    assert "was not verified" in ok(li, "unverify", anna_id)
    with open_profile(li, passphrase=fixed_passphrase()) as profile, \
            Workspace(profile, None) as workspace:
        decisions = [e.event.action for e in workspace.timeline.page(channel_id).entries
                     if e.event is not None and e.event.subject_device_id == anna_id
                     and e.event.actor_is_self]
    assert decisions == [EventAction.INVITED, EventAction.VERIFIED, EventAction.UNVERIFIED]
    events = [m for m in as_json(li, "messages", channel_id, "--events") if m["kind"] == "event"]
    assert [(e["event"]["action"], e["text"]) for e in events] == [
        ("invited", "Li Wei invited Anna Schmidt"),
        ("verified", "Li Wei verified Anna Schmidt's key by comparing the 60 digits"),
        ("unverified", "Li Wei marked Anna Schmidt as not verified"),
    ]
    assert "-- Li Wei invited Anna Schmidt" in ok(li, "messages", channel_id, "--events")
    assert "invited" not in ok(li, "messages", channel_id)


def test_a_member_may_not_invite_or_remove(two_officers: tuple[Path, str, Path, str, str]
                                           ) -> None:
    _, li_id, anna, anna_id, channel_id = two_officers
    ok(anna, "sync")
    for action in ("invite", "remove"):
        refused = liaison(anna, "channel", action, channel_id, li_id)
        assert_one_line_error(refused)
        assert "coordinator" in refused.stderr
    assert len(as_json(anna, "channel", "members", channel_id)) == 2
    del anna_id


def test_send_while_the_relay_is_down_is_queued_and_delivered_by_a_later_sync(
        two_officers: tuple[Path, str, Path, str, str], relay: RelayProcess) -> None:
    li, _, anna, _, channel_id = two_officers
    ok(anna, "sync")
    ok(li, "send", channel_id, "warm-up")  # sessions exist; the next send needs no relay
    relay.kill()
    queued = liaison(li, "send", channel_id, "written while offline")
    assert queued.returncode == 0, queued.stderr
    assert "queued" in queued.stdout
    offline = json.loads(ok(li, "sync", "--json"))
    assert (offline["connection"], offline["outbox"]) == ("offline", 1)
    revived = restart(relay)
    try:
        for profile in (li, anna):
            # The relay came back on another port: point the profiles at it.
            _repoint(profile, revived.url)
        ok(li, "sync")
        ok(anna, "sync")
        assert [m["text"] for m in as_json(anna, "messages", channel_id)] == [
            "warm-up", "written while offline"]
    finally:
        revived.stop()


def _repoint(profile: Path, url: str) -> None:
    with open_profile(profile, passphrase=fixed_passphrase()) as opened:
        opened.store.settings.set(RELAY_URL, url)


@pytest.mark.slow
def test_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    missing = liaison(tmp_path / "nobody", "channel", "list")
    assert_one_line_error(missing)
    bad_wait = liaison(tmp_path / "nobody", "sync", "--wait", "soon")
    assert bad_wait.returncode == 2
    assert "Traceback" not in bad_wait.stderr


def test_directory_lists_the_enrolled_officers(
        two_officers: tuple[Path, str, Path, str, str]) -> None:
    li, li_id, _anna, anna_id, _channel_id = two_officers
    listed = as_json(li, "directory")
    assert [set(row) for row in listed] == [{"device_id", "name", "agency", "fingerprint"}] * 2
    by_id = {row["device_id"]: row for row in listed}
    assert (by_id[anna_id]["name"], by_id[anna_id]["agency"]) == ("Anna Schmidt", "Zoll Hamburg")
    assert by_id[li_id]["fingerprint"] == as_json(li, "whoami")["fingerprint"]
    assert [r["name"] for r in as_json(li, "directory", "--search", "ANNA")] == ["Anna Schmidt"]
    assert [r["name"] for r in as_json(li, "directory", "--agency", "Guangzhou Customs")] == [
        "Li Wei"]
    text = ok(li, "directory")
    assert f"{li_id}  Li Wei (Guangzhou Customs)" in text
    assert "[this device]" in text
    assert ok(li, "directory", "--search", "nobody").strip() == "No enrolled officer matches."


def test_invite_by_device_id_shows_and_uses_the_directory_name(
        two_officers: tuple[Path, str, Path, str, str], relay: RelayProcess,
        tmp_path: Path) -> None:
    li, _li_id, anna, _anna_id, channel_id = two_officers
    tomas_id = officer(relay, tmp_path / "tomas", "Tomás García", "Aduana Algeciras")
    invited = ok(li, "channel", "invite", channel_id, tomas_id)
    assert invited.strip() == f"Tomás García (Aduana Algeciras, {tomas_id}) invited"
    ok(anna, "sync")
    names = {m["device_id"]: m["name"] for m in as_json(anna, "channel", "members", channel_id)}
    assert names[tomas_id] == "Tomás García"


def test_directory_without_the_relay_is_a_one_line_error(
        two_officers: tuple[Path, str, Path, str, str], relay: RelayProcess) -> None:
    li = two_officers[0]
    relay.stop()
    result = liaison(li, "directory")
    assert_one_line_error(result)
    assert "unreachable" in result.stderr
