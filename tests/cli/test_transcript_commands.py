"""``liaison transcript export`` and ``liaison transcript verify`` as scripts use them:
the command (tests/fixtures/cli.py), a real relay process on 127.0.0.1; verify with no
profile at all."""

from __future__ import annotations

import json
import subprocess
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
from tests.fixtures import cli
from tests.transcripts.only_pynacl import run_single_file

__all__ = ["relay", "start_relay_process", "two_officers"]

# The session's relay (tests/fixtures/relay.py): these tests enroll officers of their own
# and never stop, flood or list the whole relay.
pytestmark = pytest.mark.shared_relay


def _verify(folder: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``liaison transcript verify`` with no profile anywhere and no relay address."""
    return cli.liaison("transcript", "verify", str(folder), *args, passphrase=None,
                       env={"HOME": str(cwd), "XDG_DATA_HOME": str(cwd / "nothing-here")},
                       cwd=cwd)


def test_export_then_verify_anywhere(two_officers: tuple[Path, str, Path, str, str],
                                     tmp_path: Path) -> None:
    li, _, anna, _, channel_id = two_officers
    ok(anna, "sync")
    ok(anna, "send", channel_id, "Hold container CSQU3054383 请扣留")
    ok(li, "sync")
    out = tmp_path / "export"
    exported = as_json(li, "transcript", "export", channel_id, "--out", str(out))
    assert exported["messages"] == 1
    assert exported["folder"] == str(out)
    assert (out / "transcript.pdf").is_file()

    result = _verify(out, "--exporter-key", str(out / "exporter.pub"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: 1 messages from 1 senders")
    assert len(result.stdout.splitlines()) == 1
    as_data = json.loads(_verify(out, "--json", cwd=tmp_path).stdout)
    assert as_data["ok"]
    assert as_data["problems"] == []
    assert as_data["exit_code"] == 0

    raw = (out / "transcript.json").read_bytes()
    (out / "transcript.json").write_bytes(raw.replace("请扣留".encode(), "请放行".encode(), 1))
    failed = _verify(out, cwd=tmp_path)
    assert failed.returncode == 1
    assert any(line.startswith("FAIL message_signature ") for line in
               failed.stdout.splitlines()), failed.stdout
    assert "FAIL exporter_signature transcript.json:" in failed.stdout

    assert _verify(tmp_path / "no-such-folder", cwd=tmp_path).returncode == 2


def test_a_bad_period_or_a_used_folder_is_one_line(
        two_officers: tuple[Path, str, Path, str, str], tmp_path: Path) -> None:
    li, _, _, _, channel_id = two_officers
    bad = liaison(li, "transcript", "export", channel_id, "--out", str(tmp_path / "x"),
                  "--from", "2026-02-30")
    assert_one_line_error(bad)
    assert bad.returncode == 2
    assert "--from must be a date YYYY-MM-DD" in bad.stderr
    used = tmp_path / "used"
    used.mkdir()
    (used / "mine.txt").write_text("keep")
    refused = liaison(li, "transcript", "export", channel_id, "--out", str(used))
    assert_one_line_error(refused)
    assert "not empty" in refused.stderr
    unknown = liaison(li, "transcript", "export", "nosuchchannel", "--out", str(tmp_path / "y"))
    assert_one_line_error(unknown)
    assert not (tmp_path / "x").exists()
    assert not (tmp_path / "y").exists()


def test_an_export_after_the_close_is_a_line_in_every_members_messages(
        two_officers: tuple[Path, str, Path, str, str], tmp_path: Path) -> None:
    li, _, anna, _, channel_id = two_officers
    ok(anna, "sync")
    ok(anna, "send", channel_id, "Hold container CSQU3054383")
    ok(li, "sync")
    ok(li, "channel", "close", channel_id)
    ok(anna, "sync")
    out = tmp_path / "after-close"
    exported = liaison(li, "transcript", "export", channel_id, "--out", str(out),
                       "--from", "2026-01-01")
    assert exported.returncode == 0, exported.stderr
    assert "recorded in the channel: every member sees this export" in exported.stdout
    ok(anna, "sync")
    shown = ok(anna, "messages", channel_id).splitlines()
    [line] = [s for s in shown if "exported the transcript" in s]
    assert " Li Wei exported the transcript from 2026-01-01 to " in line
    assert "(1 messages, transcript.json SHA-256 " in line
    as_rows = as_json(anna, "messages", channel_id)
    assert [r["kind"] for r in as_rows] == ["text", "transcript.export"]

    # Anna's export after the close holds Li's export event; both verifiers accept it.
    again = tmp_path / "again"
    as_json(anna, "transcript", "export", channel_id, "--out", str(again))
    kinds = [json.loads(row.rstrip(b",\n"))["kind"] for row in
             (again / "transcript.json").read_bytes().splitlines()[1:-1]]
    assert kinds == ["text", "transcript.export"]
    assert _verify(again, cwd=tmp_path).returncode == 0
    single = run_single_file(again / "verify_transcript.py", again, scratch=tmp_path)
    assert single.returncode == 0, single.stdout
