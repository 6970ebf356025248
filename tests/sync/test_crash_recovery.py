"""``kill -9`` at every step of sending and receiving: nothing lost, nothing duplicated.

The ``liaison`` CLI runs as a real subprocess against a real relay; the
test-only ``LIAISON_TEST_CRASH_AT`` makes it die with ``os._exit(137)`` (no
cleanup of any kind, as with ``kill -9``) at a named step
(:mod:`liaison_client.sync.crash_points`). Then a normal run restarts, and
the test counts what each side holds.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections import Counter

from liaison_client.sync.crash_points import CRASH_ENV, KILLED_EXIT_STATUS, CrashPoint
from tests.fixtures.cli import command_environment, liaison_process
from tests.relay.relay_process import RelayProcess
from tests.sync.conftest import Officer, Operation
from tests.sync.hostile_relay import HostileRelay


def liaison(officer: Officer, *args: str, crash_at: CrashPoint | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A real process: the crash point ends it with ``os._exit``."""
    crash = {} if crash_at is None else {CRASH_ENV: str(crash_at)}
    return liaison_process("--profile", str(officer.root), *args, env=crash, timeout=timeout)


def test_sender_killed_at_each_step_loses_and_duplicates_nothing(
        trio: Operation, relay: RelayProcess) -> None:
    li, anna, tomas = trio.everyone
    li.workspace.close()
    li.profile.close()
    texts = {point: f"sent through a crash {point}"
             for point in (CrashPoint.AFTER_STORE, CrashPoint.AFTER_POST)}
    for point, text in texts.items():
        crashed = liaison(li, "send", trio.channel_id, text, crash_at=point)
        assert crashed.returncode == KILLED_EXIT_STATUS, crashed.stderr
    restarted = liaison(li, "sync")
    assert restarted.returncode == 0, restarted.stderr
    li.reopen()
    assert li.workspace.outbox_count() == 0
    for officer in (anna, tomas):
        officer.sync()
        assert Counter(officer.texts(trio.channel_id)) == Counter(texts.values())
    assert Counter(li.texts(trio.channel_id)) == Counter(texts.values())
    assert {e.state for e in li.workspace.timeline.messages(trio.channel_id)} <= {
        "sent", "delivered"}
    assert HostileRelay(relay).pending_for(anna.device_id) == []


def test_receiver_killed_at_each_step_loses_and_duplicates_nothing(
        trio: Operation, relay: RelayProcess) -> None:
    li, anna, _ = trio.everyone
    anna.workspace.close()
    anna.profile.close()
    texts = [f"message {i}" for i in range(5)]
    for text in texts:
        li.workspace.sending.send_text(trio.channel_id, text)
    for point in (CrashPoint.AFTER_FETCH, CrashPoint.AFTER_COMMIT):
        crashed = liaison(anna, "sync", crash_at=point)
        assert crashed.returncode == KILLED_EXIT_STATUS, crashed.stderr
    restarted = liaison(anna, "sync")
    assert restarted.returncode == 0, restarted.stderr
    anna.reopen()
    assert anna.texts(trio.channel_id) == texts
    assert anna.refusals(trio.channel_id) == []
    assert HostileRelay(relay).pending_for(anna.device_id) == []
    li.sync()  # the relay reports Anna's acknowledgements to the sender
    for entry in li.workspace.timeline.messages(trio.channel_id):
        states = {d.recipient_device_id: d.state for d in li.workspace.sending.delivery(
            entry.message_id)}
        assert states[anna.device_id] == "delivered"


def test_receiver_killed_by_a_signal_while_long_polling_resumes_cleanly(
        trio: Operation) -> None:
    li, anna, _ = trio.everyone
    anna.workspace.close()
    anna.profile.close()
    polling = subprocess.Popen(
        [sys.executable, "-m", "liaison_client.cli.main", "--profile", str(anna.root),
         "sync", "--wait", "20"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=command_environment())
    try:
        time.sleep(3)
        polling.send_signal(signal.SIGKILL)
    finally:
        polling.wait(timeout=10)
    li.workspace.sending.send_text(trio.channel_id, "after the kill")
    assert liaison(anna, "sync").returncode == 0
    anna.reopen()
    assert anna.texts(trio.channel_id) == ["after the kill"]
