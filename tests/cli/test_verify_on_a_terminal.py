"""``liaison verify DEVICE_ID`` on a terminal shows what to compare and asks; scripts
keep working without one (docs/CRYPTO.md, "Verifying on the command line").

The CLI runs as a real process on a real pseudo-terminal (``os.openpty``), so
``stdin.isatty()`` is true exactly as in an officer's shell; the relay is a real
process too.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from liaison_client.cli.channel_commands import NOT_VERIFIED_EXIT
from tests.cli.test_channel_commands import as_json, liaison, officer, ok
from tests.fixtures.cli import command_environment
from tests.relay.conftest import relay, start_relay_process
from tests.relay.relay_process import RelayProcess

__all__ = ["relay", "start_relay_process"]

# The session's relay (tests/fixtures/relay.py): these tests enroll officers of their own
# and never stop, flood or list the whole relay.
pytestmark = pytest.mark.shared_relay

QUESTION = b"Do these digits match what Anna Schmidt sees? [y/N] "
#: End of input typed on a terminal (Ctrl-D at the start of a line).
CTRL_D = b"\x04"


class Terminal:
    """``liaison`` running on a pseudo-terminal: read what it shows, type answers."""

    def __init__(self, profile: Path, *args: str) -> None:
        self._master, replica = os.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "liaison_client.cli.main", "--profile", str(profile), *args],
            stdin=replica, stdout=replica, stderr=replica, env=command_environment(),
            close_fds=True)
        os.close(replica)
        self.shown = b""

    def read_until(self, expected: bytes, timeout: float = 60) -> bytes:
        deadline = time.monotonic() + timeout
        while expected not in self.shown:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{expected!r} never shown; got {self.shown!r}"
            if select.select([self._master], [], [], remaining)[0]:
                try:
                    chunk = os.read(self._master, 4096)
                except OSError:  # the process ended and closed the terminal
                    chunk = b""
                assert chunk, f"{expected!r} never shown before exit; got {self.shown!r}"
                self.shown += chunk
        return self.shown

    def type(self, keys: bytes) -> None:
        os.write(self._master, keys)

    def finish(self, timeout: float = 60) -> int:
        """The exit status, once everything shown was read."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not select.select([self._master], [], [], 0.2)[0]:
                if self.process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(self._master, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.shown += chunk
        code = self.process.wait(timeout=max(1.0, deadline - time.monotonic()))
        os.close(self._master)
        return code


@pytest.fixture
def li_and_anna(relay: RelayProcess, tmp_path: Path) -> tuple[Path, str, dict[str, str]]:
    """Li's profile, Anna's device id and what Anna sees of Li's number (she synced)."""
    li, anna = tmp_path / "li", tmp_path / "anna"
    li_id = officer(relay, li, "Li Wei", "Guangzhou Customs")
    anna_id = officer(relay, anna, "Anna Schmidt", "Zoll Hamburg")
    channel_id = as_json(li, "channel", "create", "Op Jade")["channel_id"]
    ok(li, "channel", "invite", channel_id, anna_id, "--name", "Anna Schmidt")
    ok(anna, "sync")
    return li, anna_id, as_json(anna, "safety-number", li_id)


def test_on_a_terminal_it_shows_officer_agency_fingerprint_and_digits_and_verifies_on_yes(
        li_and_anna: tuple[Path, str, dict[str, str]]) -> None:
    li, anna_id, seen_by_anna = li_and_anna
    view = as_json(li, "safety-number", anna_id)
    terminal = Terminal(li, "verify", anna_id)
    shown = terminal.read_until(QUESTION).decode()
    assert "Anna Schmidt" in shown
    assert "Zoll Hamburg" in shown
    assert view["fingerprint"][:4] + " " + view["fingerprint"][4:8] in shown
    groups = seen_by_anna["safety_number"].split()
    assert len(groups) == 12
    for line in (groups[0:4], groups[4:8], groups[8:12]):  # three lines of four groups
        assert " ".join(line) in shown
    terminal.type(b"y\n")
    assert terminal.finish() == 0, terminal.shown
    assert b"is verified" in terminal.shown
    assert as_json(li, "safety-number", anna_id)["verified"]


@pytest.mark.parametrize("answer", [b"n\n", b"\n", b"yes please\n", CTRL_D],
                         ids=["no", "just-enter", "not-a-plain-yes", "end-of-input"])
def test_on_a_terminal_anything_but_yes_leaves_the_device_unverified(
        li_and_anna: tuple[Path, str, dict[str, str]], answer: bytes) -> None:
    li, anna_id, _ = li_and_anna
    terminal = Terminal(li, "verify", anna_id)
    terminal.read_until(QUESTION)
    terminal.type(answer)
    assert terminal.finish() == NOT_VERIFIED_EXIT != 0
    assert b"was NOT verified" in terminal.shown
    assert b"Traceback" not in terminal.shown
    assert not as_json(li, "safety-number", anna_id)["verified"]


def test_on_a_terminal_digits_given_are_checked_instead_of_asking(
        li_and_anna: tuple[Path, str, dict[str, str]]) -> None:
    li, anna_id, seen_by_anna = li_and_anna
    wrong_digits = Terminal(li, "verify", anna_id, "--safety-number", "1" * 60)
    assert wrong_digits.finish() != 0
    assert b"differ" in wrong_digits.shown
    assert not as_json(li, "safety-number", anna_id)["verified"]
    with_digits = Terminal(li, "verify", anna_id, "--safety-number",
                           seen_by_anna["safety_number"])
    assert with_digits.finish() == 0, with_digits.shown
    assert QUESTION not in with_digits.shown
    assert as_json(li, "safety-number", anna_id)["verified"]


def test_without_a_terminal_verify_still_verifies_as_before_with_a_note(
        li_and_anna: tuple[Path, str, dict[str, str]]) -> None:
    li, anna_id, _ = li_and_anna
    result = liaison(li, "verify", anna_id)  # stdin is /dev/null, as in a script
    assert result.returncode == 0, result.stderr
    assert "is verified" in result.stdout
    assert result.stderr.startswith("note: verified without comparing safety numbers")
    assert as_json(li, "safety-number", anna_id)["verified"]
    quiet = liaison(li, "verify", anna_id, "--yes")
    assert (quiet.returncode, quiet.stderr) == (0, "")


def test_yes_and_digits_together_are_refused(
        li_and_anna: tuple[Path, str, dict[str, str]]) -> None:
    li, anna_id, seen_by_anna = li_and_anna
    both = liaison(li, "verify", anna_id, "--yes", "--safety-number",
                   seen_by_anna["safety_number"])
    assert both.returncode == 2
    assert "not allowed with argument" in both.stderr
    assert not as_json(li, "safety-number", anna_id)["verified"]
