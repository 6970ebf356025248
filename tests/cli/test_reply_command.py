"""``liaison send --reply-to`` and the reply in ``liaison messages --json`` (issue 11,
message actions): the receiver's entry names the message answered, quoted from its
own copy. Two officers on a real relay process, the CLI run as a process."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_channel_commands import (
    as_json,
    assert_one_line_error,
    liaison,
    ok,
    two_officers,
)
from tests.relay.conftest import relay, start_relay_process

__all__ = ["relay", "start_relay_process", "two_officers"]

# The session's relay (tests/fixtures/relay.py): these tests enroll officers of their own
# and never stop, flood or list the whole relay.
pytestmark = pytest.mark.shared_relay

Officers = tuple[Path, str, Path, str, str]


def test_a_reply_sent_from_the_cli_is_quoted_on_the_other_side(
        two_officers: Officers) -> None:
    li, _, anna, _, channel_id = two_officers
    ok(li, "send", channel_id, "Reefer MSKU 7654321 at berth 4")
    ok(anna, "sync")
    [original] = [e for e in as_json(anna, "messages", channel_id) if e["kind"] == "text"]
    assert "reply_to" not in original
    ok(anna, "send", channel_id, "inspecting now", "--reply-to", original["message_id"])
    ok(li, "sync")
    [reply] = [e for e in as_json(li, "messages", channel_id) if e["text"] == "inspecting now"]
    assert reply["reply_to"] == {"message_id": original["message_id"], "held": True,
                                 "sender_name": "Li Wei",
                                 "excerpt": "Reefer MSKU 7654321 at berth 4"}


def test_a_reply_to_an_unknown_message_is_a_one_line_error_and_sends_nothing(
        two_officers: Officers) -> None:
    li, _, _, _, channel_id = two_officers
    refused = liaison(li, "send", channel_id, "inspecting now", "--reply-to", "no-such-id")
    assert_one_line_error(refused)
    assert refused.returncode == 2
    assert "to reply to" in refused.stderr
    assert "inspecting now" not in [e["text"] for e in as_json(li, "messages", channel_id)]
