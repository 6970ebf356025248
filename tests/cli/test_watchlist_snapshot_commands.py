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

LIST = "Solid waste"


@pytest.mark.slow
def test_a_joiner_syncs_and_lists_the_entries_made_before_it_joined(
        relay: RelayProcess, tmp_path: Path) -> None:
    li, anna, chen = tmp_path / "li", tmp_path / "anna", tmp_path / "chen"
    officer(relay, li, "Li Wei", "Guangzhou Customs")
    anna_id = officer(relay, anna, "Anna Schmidt", "Zoll Hamburg")["device_id"]
    chen_id = officer(relay, chen, "Chen Jing", "Ningbo Customs")["device_id"]
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
