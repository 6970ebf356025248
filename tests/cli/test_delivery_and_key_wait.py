"""What an officer's scripts can see of a message's way: ``liaison messages --json``
follows their own message from ``sent`` to ``delivered``; ``liaison sync`` says
"waiting for key from X" once a message has waited for its key past the notice time.
A message waiting for its key is not a message yet (it cannot be read), so it is in
``sync``'s ``waiting`` list, not in ``messages``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from liaison_client.workspace import KEY_WAIT_NOTICE_MS
from tests.cli.test_channel_commands import as_json, ok, two_officers
from tests.relay.conftest import relay, start_relay_process
from tests.relay.relay_process import RelayProcess
from tests.sync.hostile_relay import HostileRelay

__all__ = ["relay", "start_relay_process", "two_officers"]

# The session's relay (tests/fixtures/relay.py): these tests enroll officers of their own
# and never stop, flood or list the whole relay.
pytestmark = pytest.mark.shared_relay

Officers = tuple[Path, str, Path, str, str]
#: ``sync --waiting-after``: a notice time the test can wait out (the default is 30 s).
SHORT_NOTICE_S = 2


def test_messages_json_follows_an_own_message_from_sent_to_delivered(
        two_officers: Officers) -> None:
    li, _, anna, _, channel_id = two_officers
    ok(li, "send", channel_id, "Container MSKU 1234567 released")
    [sent] = as_json(li, "messages", channel_id)
    assert sent["state"] == "sent"  # the relay has it; Anna has not fetched it
    ok(anna, "sync")
    [received] = as_json(anna, "messages", channel_id)
    assert (received["text"], received["state"]) == ("Container MSKU 1234567 released",
                                                      "received")
    ok(li, "sync")  # asks the relay for delivery states
    [delivered] = as_json(li, "messages", channel_id)
    assert (delivered["message_id"], delivered["state"]) == (sent["message_id"], "delivered")


@pytest.mark.slow
def test_sync_says_waiting_for_key_from_the_sender_after_the_notice_time(
        two_officers: Officers, relay: RelayProcess) -> None:
    li, li_id, anna, anna_id, channel_id = two_officers
    ok(anna, "sync")
    hostile = HostileRelay(relay)
    ok(li, "send", channel_id, "held until the key comes")
    [key_share] = [c for c in hostile.pending_for(anna_id) if c.algorithm == "liaison.olm.v1"]
    hostile.withhold(key_share)

    first = as_json(anna, "sync")
    held_since = time.monotonic()
    assert (first["received"], first["held"], first["waiting_for_key"]) == (0, 1, 1)
    assert first["waiting"] == []  # not yet past the notice time: no alarm for a short delay
    assert as_json(anna, "messages", channel_id) == []
    assert KEY_WAIT_NOTICE_MS == 30_000  # the default the first sync used

    # The notice time itself is the script's to choose (the default is the desktop's):
    # past a shorter one, the sender is named, in JSON and in text.
    time.sleep(max(0.0, SHORT_NOTICE_S - (time.monotonic() - held_since)) + 0.5)
    later = as_json(anna, "sync", "--waiting-after", str(SHORT_NOTICE_S))
    assert later["waiting"] == [{"sender_device_id": li_id,
                                 "text": "waiting for key from Li Wei", "messages": 1}]
    assert "waiting for key from Li Wei (1 message(s))" in ok(
        anna, "sync", "--waiting-after", str(SHORT_NOTICE_S))
    assert as_json(anna, "sync")["waiting"] == []  # still under the default 30 s

    hostile.deliver_later(key_share)
    released = json.loads(ok(anna, "sync", "--json"))
    assert (released["received"], released["waiting_for_key"], released["waiting"]) == (
        1, 0, [])
    assert [m["text"] for m in as_json(anna, "messages", channel_id)] == [
        "held until the key comes"]
