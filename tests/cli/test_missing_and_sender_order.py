"""``liaison messages`` over a relay that drops and reorders (issue 10 item 9): a
message the relay withholds shows as "a message from X is missing" where it belongs,
and two of one sender's messages delivered in swapped order show in the sender's
own order (its signed chain), not the relay's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_channel_commands import as_json, ok, two_officers
from tests.relay.conftest import relay, start_relay_process
from tests.relay.relay_process import RelayProcess
from tests.sync.hostile_relay import HostileRelay, QueuedCopy

__all__ = ["relay", "start_relay_process", "two_officers"]

# The session's relay (tests/fixtures/relay.py): these tests enroll officers of their own
# and never stop, flood or list the whole relay.
pytestmark = pytest.mark.shared_relay

Officers = tuple[Path, str, Path, str, str]


def _group_copies(hostile: HostileRelay, recipient: str) -> list[QueuedCopy]:
    return [c for c in hostile.pending_for(recipient) if c.algorithm == "liaison.megolm.v1"]


def _bodies(output: str) -> list[str]:
    """Each printed line's text after the sender (``[time] !! Name: text``)."""
    return [line.split(": ", 1)[1] for line in output.splitlines() if ": " in line]


def test_a_dropped_message_shows_as_missing(two_officers: Officers,
                                            relay: RelayProcess) -> None:
    li, _, anna, anna_id, channel_id = two_officers
    ok(anna, "sync")
    hostile = HostileRelay(relay)
    for text in ("berth 4", "container MSKU 1234565", "sniffer team sent"):
        ok(li, "send", channel_id, text)
    copies = _group_copies(hostile, anna_id)
    assert len(copies) == 3
    hostile.withhold(copies[1])
    ok(anna, "sync")

    printed = ok(anna, "messages", channel_id)
    assert _bodies(printed) == ["berth 4", "a message from Li Wei is missing",
                                "sniffer team sent"]
    [missing_line] = [line for line in printed.splitlines() if "missing" in line]
    assert "!! Li Wei: a message from Li Wei is missing" in missing_line
    entries = as_json(anna, "messages", channel_id)
    assert [(e["kind"], e.get("missing")) for e in entries] == [
        ("text", None), ("missing", 1), ("text", None)]


def test_two_swapped_messages_show_in_the_senders_order(two_officers: Officers,
                                                        relay: RelayProcess) -> None:
    li, _, anna, anna_id, channel_id = two_officers
    ok(anna, "sync")
    hostile = HostileRelay(relay)
    ok(li, "send", channel_id, "first: stop the truck")
    ok(li, "send", channel_id, "second: search the cab")
    first, _ = _group_copies(hostile, anna_id)
    hostile.withhold(first)
    hostile.deliver_later(first)  # the relay now delivers the second before the first
    assert [c.envelope_id for c in _group_copies(hostile, anna_id)][-1] == first.envelope_id
    ok(anna, "sync")

    assert _bodies(ok(anna, "messages", channel_id)) == ["first: stop the truck",
                                                         "second: search the cab"]
    assert [e["text"] for e in as_json(anna, "messages", channel_id)] == [
        "first: stop the truck", "second: search the cab"]
