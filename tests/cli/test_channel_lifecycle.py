"""``liaison channel close | retention | info`` as scripts use them: the command
(tests/fixtures/cli.py), a real relay process on 127.0.0.1 (docs/OPERATIONS.md has the
JSON shape)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from tests.cli.test_channel_commands import (
    as_json,
    assert_one_line_error,
    liaison,
    ok,
    relay,
    start_relay_process,
    two_officers,
)

__all__ = ["relay", "start_relay_process", "two_officers"]

# The session's relay (tests/fixtures/relay.py): these tests enroll officers of their own
# and never stop, flood or list the whole relay.
pytestmark = pytest.mark.shared_relay

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def _ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def test_close_refuses_sends_on_every_member_and_info_says_so(
        two_officers: tuple[Path, str, Path, str, str]) -> None:
    li, li_id, anna, anna_id, channel_id = two_officers
    ok(anna, "sync")
    info = as_json(anna, "channel", "info", channel_id)
    assert set(info) >= {"channel_id", "name", "state", "opened_at", "closed_at",
                         "retention_days", "coordinator", "members"}
    assert (info["channel_id"], info["name"], info["state"]) == (channel_id, "Op Jade", "open")
    assert ISO_UTC.match(info["opened_at"])
    assert (info["closed_at"], info["retention_days"], info["history_deleted_at"]) == (
        None, None, None)
    li_member = {"device_id": li_id, "name": "Li Wei", "agency": "Guangzhou Customs",
                 "role": "coordinator"}
    assert info["coordinator"] == li_member
    assert sorted(info["members"], key=lambda m: m["role"]) == [
        li_member, {"device_id": anna_id, "name": "Anna Schmidt", "agency": "Zoll Hamburg",
                    "role": "member"}]

    refused = liaison(anna, "channel", "close", channel_id)
    assert_one_line_error(refused)
    assert refused.returncode == 2
    assert "coordinator" in refused.stderr

    ok(li, "channel", "retention", channel_id, "--days", "30")
    assert "closed" in ok(li, "channel", "close", channel_id)
    ok(anna, "sync")
    for profile in (li, anna):
        result = liaison(profile, "send", channel_id, "one more")
        assert_one_line_error(result)
        assert result.returncode == 2
        assert "channel Op Jade is closed" in result.stderr
        info = as_json(profile, "channel", "info", channel_id)
        assert (info["state"], info["retention_days"]) == ("closed", 30)
        assert ISO_UTC.match(info["closed_at"])
        assert _ms(info["history_deleted_at"]) == _ms(info["closed_at"]) + 30 * 86_400_000
        assert "one more" not in [m["text"] for m in as_json(profile, "messages", channel_id)]
    assert "retention 30 day(s)" in ok(anna, "channel", "info", channel_id)
    twice = liaison(li, "channel", "close", channel_id)
    assert_one_line_error(twice)


def test_the_coordinator_turns_read_receipts_on_and_every_member_sees_it(
        two_officers: tuple[Path, str, Path, str, str]) -> None:
    li, _, anna, _, channel_id = two_officers
    ok(anna, "sync")
    assert as_json(anna, "channel", "info", channel_id)["read_receipts"] is False
    refused = liaison(anna, "channel", "read-receipts", channel_id, "on")
    assert_one_line_error(refused)
    assert "coordinator" in refused.stderr
    assert "read receipts on" in ok(li, "channel", "read-receipts", channel_id, "on")
    ok(anna, "sync")
    assert as_json(anna, "channel", "info", channel_id)["read_receipts"] is True
    assert "read receipts on" in ok(anna, "channel", "info", channel_id)
    assert "Li Wei turned read receipts on" in ok(anna, "messages", channel_id, "--events")
    bad = liaison(li, "channel", "read-receipts", channel_id, "maybe")
    assert bad.returncode == 2
    assert "invalid choice" in bad.stderr
