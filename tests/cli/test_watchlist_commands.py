"""The watch-list CLI contract (issue 14, item 6): real ``liaison`` processes, a real
relay on 127.0.0.1. One officer's channel is enough for the verbs' shapes; two
members syncing are tested once (``liaison sync`` applies received operations)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.cli.test_channel_commands import as_json, liaison, officer, ok
from tests.relay.conftest import relay, start_relay_process
from tests.relay.relay_process import RelayProcess

__all__ = ["relay", "start_relay_process"]

# The session's relay (tests/fixtures/relay.py): these tests enroll officers of their own
# and never stop, flood or list the whole relay.
pytestmark = pytest.mark.shared_relay

ENTRY_KEYS = {"entry_id", "list", "kind", "value", "display", "identifiers", "flags", "note",
              "tags", "added_by", "updated_at", "expires", "status"}
HIT_KEYS = {"row", "column", "entry_id", "kind", "value", "matched", "reason", "score"}
LIST = "Solid waste"


@pytest.mark.slow
def test_add_list_import_match_export_history_and_sync_to_a_member(
        relay: RelayProcess, tmp_path: Path) -> None:
    li, anna = tmp_path / "li", tmp_path / "anna"
    officer(relay, li, "Li Wei", "Guangzhou Customs")
    anna_id = officer(relay, anna, "Anna Schmidt", "Zoll Hamburg")
    channel = as_json(li, "channel", "create", "Op Jade")["channel_id"]
    ok(li, "channel", "invite", channel, anna_id, "--name", "Anna Schmidt")

    # add: prints the entry id; an invalid value is one stderr line, exit 1, nothing stored.
    entry_id = ok(li, "watchlist", "add", channel, "--list", LIST, "--kind", "container",
                  "--value", "csqu 305438-3", "--note", "tip", "--tag", "uk").strip()
    refused = liaison(li, "watchlist", "add", channel, "--list", LIST, "--kind", "container",
                      "--value", "CSQU3054384")
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        "liaison: container CSQU3054384: check digit should be 3"]
    company = liaison(li, "watchlist", "add", channel, "--list", LIST, "--kind", "company",
                      "--value", "广州金海贸易有限公司", "--uscc", "91110000600037341M", "--json")
    assert company.returncode == 0, company.stderr
    assert "uscc-check-failed" in company.stderr

    listed = as_json(li, "watchlist", "list", channel)
    assert [set(e) for e in listed] == [ENTRY_KEYS, ENTRY_KEYS]
    first = next(e for e in listed if e["entry_id"] == entry_id)
    assert first == {**first, "list": LIST, "kind": "container", "value": "CSQU3054383",
                     "display": "CSQU3054383", "identifiers": {}, "flags": [], "note": "tip",
                     "tags": ["uk"], "expires": None, "status": "active"}
    second = next(e for e in listed if e["entry_id"] != entry_id)
    assert second["identifiers"] == {"uscc": "91110000600037341M"}
    assert second["flags"] == ["uscc-check-failed"]

    # import: one bad row (line 3) changes nothing and is named; then a good file.
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,value,note\nhs,391510,pellets\nimo,9074728,\nkeyword,废塑料,\n",
                   encoding="utf-8")
    result = liaison(li, "watchlist", "import", channel, "--list", LIST, str(bad))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("line 3: ")
    assert len(as_json(li, "watchlist", "list", channel)) == 2
    good = tmp_path / "good.csv"
    good.write_text("kind,value,note\nhs,3915,plastic waste\nkeyword,废塑料,\n",
                    encoding="utf-8-sig")
    dry = as_json(li, "watchlist", "import", channel, "--list", LIST, str(good), "--dry-run")
    assert dry == {"dry_run": True, "rows": 2, "entries": []}
    assert len(as_json(li, "watchlist", "list", channel)) == 2
    imported = as_json(li, "watchlist", "import", channel, "--list", LIST, str(good))
    assert [e["value"] for e in imported["entries"]] == ["3915", "废塑料"]

    # match: the guessed mapping on stderr, hits as JSON.
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("集装箱号,商品编码,品名\nCSQU3054383,39151000,PE scrap\n"
                        "TASU1170000,84713000,laptops\nMSCU1234565,391590,混合废塑料 bales\n",
                        encoding="utf-8")
    matched = liaison(li, "watchlist", "match", channel, "--list", LIST, str(manifest),
                      "--json")
    assert matched.returncode == 0, matched.stderr
    assert "集装箱号=container" in matched.stderr
    hits = json.loads(matched.stdout)
    assert all(set(h) == HIT_KEYS for h in hits)
    assert {(h["row"], h["kind"], h["matched"], h["reason"]) for h in hits} == {
        (2, "container", "CSQU3054383", "identifier"), (2, "hs", "39151000", "hs-prefix"),
        (4, "hs", "391590", "hs-prefix"), (4, "keyword", "混合废塑料 bales", "keyword")}

    # export, retire, history.
    exported = tmp_path / "out.csv"
    ok(li, "watchlist", "export", channel, "--list", LIST, str(exported))
    with exported.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["kind", "value"]
    assert len(rows) == 5
    ok(li, "watchlist", "retire", channel, entry_id)
    history = as_json(li, "watchlist", "history", channel, entry_id)
    assert [h["action"] for h in history] == ["add", "retire"]
    assert len(as_json(li, "watchlist", "list", channel)) == 3
    assert len(as_json(li, "watchlist", "list", channel, "--all")) == 4

    # lock is the coordinator's; Anna's 'liaison sync' applies every operation.
    ok(li, "watchlist", "lock", channel, "--list", LIST)
    ok(anna, "sync")
    assert as_json(anna, "watchlist", "list", channel, "--all") == as_json(
        li, "watchlist", "list", channel, "--all")
    locked = liaison(anna, "watchlist", "add", channel, "--list", LIST, "--kind", "imo",
                     "--value", "9074729")
    assert locked.returncode == 1
    assert "locked" in locked.stderr
    not_coordinator = liaison(anna, "watchlist", "unlock", channel, "--list", LIST)
    assert not_coordinator.returncode == 1
