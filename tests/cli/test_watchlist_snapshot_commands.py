"""A late joiner's lists from the command line (issue 14): real ``liaison`` processes
and a real relay on 127.0.0.1. ``liaison sync`` on the joiner applies the snapshot
the coordinator's invite sent; ``liaison watchlist list`` then shows the same entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_channel_commands import as_json, liaison, officer, ok
from tests.relay.conftest import relay, start_relay_process
from tests.relay.relay_process import RelayProcess

__all__ = ["relay", "start_relay_process"]

# The session's relay (tests/fixtures/relay.py): these tests enroll officers of their own
# and never stop, flood or list the whole relay.
pytestmark = pytest.mark.shared_relay

LIST = "Solid waste"


@pytest.mark.slow
def test_a_joiner_syncs_and_lists_the_entries_made_before_it_joined(
        relay: RelayProcess, tmp_path: Path) -> None:
    li, anna, chen = tmp_path / "li", tmp_path / "anna", tmp_path / "chen"
    officer(relay, li, "Li Wei", "Guangzhou Customs")
    anna_id = officer(relay, anna, "Anna Schmidt", "Zoll Hamburg")
    chen_id = officer(relay, chen, "Chen Jing", "Ningbo Customs")
    channel = as_json(li, "channel", "create", "Op Jade")["channel_id"]
    ok(li, "channel", "invite", channel, anna_id, "--name", "Anna Schmidt")
    ok(anna, "sync")
    ok(li, "watchlist", "add", channel, "--list", LIST, "--kind", "container",
       "--value", "CSQU3054383", "--note", "Felixstowe")
    ok(anna, "sync")
    retired = ok(anna, "watchlist", "add", channel, "--list", LIST, "--kind", "hs",
                 "--value", "3915").strip()
    ok(anna, "watchlist", "add", channel, "--list", LIST, "--kind", "imo", "--value", "9074729")
    ok(anna, "watchlist", "retire", channel, retired)
    ok(li, "sync")

    ok(li, "channel", "invite", channel, chen_id, "--name", "Chen Jing")
    ok(li, "sync")
    ok(chen, "sync")
    joined = as_json(chen, "watchlist", "list", channel, "--all")
    assert joined == as_json(li, "watchlist", "list", channel, "--all")
    assert sorted((e["value"], e["status"]) for e in joined) == [
        ("3915", "retired"), ("9074729", "active"), ("CSQU3054383", "active")]
    plain = ok(chen, "watchlist", "list", channel)
    assert "CSQU3054383" in plain
    assert "Felixstowe" in plain
    assert "3915" not in plain
    assert [h["action"] for h in as_json(chen, "watchlist", "history", channel, retired)] \
        == ["add", "retire"]

    shown = as_json(chen, "watchlist", "snapshots", channel)
    assert [(p["from"], p["operations"], p["added"], p["refused"]) for p in shown["parts"]] \
        == [(as_json(li, "whoami")["device_id"], 5, 5, 0)]
    assert shown["refused"] == []
    assert "5 operation(s): 5 new, 0 refused" in ok(chen, "watchlist", "snapshots", channel)
    unknown = liaison(chen, "watchlist", "snapshots", "no-such-channel")
    assert unknown.returncode != 0
    assert "Traceback" not in unknown.stderr


@pytest.mark.slow
def test_status_says_whether_the_joiners_operations_match_the_members(
        relay: RelayProcess, tmp_path: Path) -> None:
    li, anna, chen = tmp_path / "li", tmp_path / "anna", tmp_path / "chen"
    officer(relay, li, "Li Wei", "Guangzhou Customs")
    anna_id = officer(relay, anna, "Anna Schmidt", "Zoll Hamburg")
    chen_id = officer(relay, chen, "Chen Jing", "Ningbo Customs")
    channel = as_json(li, "channel", "create", "Op Jade")["channel_id"]
    ok(li, "channel", "invite", channel, anna_id, "--name", "Anna Schmidt")
    ok(anna, "sync")
    ok(li, "watchlist", "add", channel, "--list", LIST, "--kind", "container",
       "--value", "CSQU3054383")
    ok(anna, "sync")
    before = as_json(anna, "watchlist", "status", channel)
    assert (before["operations"], before["in_agreement"], before["heard"], before["sent"]) \
        == (2, None, [], [])
    assert "matches every member's last digest: no digest heard yet" \
        in ok(anna, "watchlist", "status", channel)

    ok(li, "channel", "invite", channel, chen_id, "--name", "Chen Jing")
    ok(li, "sync")
    ok(chen, "sync")  # folds the snapshot and announces its digest
    ok(chen, "sync")
    ok(anna, "sync")
    ok(li, "sync")
    ok(chen, "sync")  # the members' replies
    status = as_json(chen, "watchlist", "status", channel)
    assert (status["operations"], status["filled"], status["in_agreement"]) == (2, 0, True)
    assert [(s["reply_to"], s["operations"]) for s in status["sent"]] == [(None, 2)]
    assert sorted(h["from"] for h in status["heard"]) == sorted(
        [anna_id, as_json(li, "whoami")["device_id"]])
    assert all(h["matched"] and h["matches_now"] and h["reply_to"] == status["sent"][0]
               ["digest_id"] and h["they_lacked"] == 0 for h in status["heard"])
    plain = ok(chen, "watchlist", "status", channel)
    assert "matches every member's last digest: yes" in plain
    assert "filled in by anti-entropy: 0 operation(s)" in plain

    announced = ok(anna, "watchlist", "status", channel, "--announce")
    assert "digest queued" in announced
    assert [s["reply_to"] for s in as_json(anna, "watchlist", "status", channel)["sent"]
            if s["reply_to"] is None] == [None]
    unknown = liaison(chen, "watchlist", "status", "no-such-channel")
    assert unknown.returncode != 0
    assert "Traceback" not in unknown.stderr
