"""The sync session without Qt, against a real relay process on 127.0.0.1.

:class:`~liaison_client.sync.session.SyncSession` runs on
:class:`~liaison_client.sync.session_threads.SessionThreads` (a session thread,
one profile thread for rounds, a network thread per long-poll): the same
policy the desktop app runs on its service thread. The relay being down is a
killed relay process, so its port on 127.0.0.1 is closed; coming back is a new
process on the same port and data directory.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from liaison_client.profile import NewProfile, Profile
from liaison_client.store.deliveries import LocalDeliveryState
from liaison_client.sync.connection import ConnectionState
from liaison_client.sync.session import (
    OFFLINE_AFTER_FAILURES,
    RETRY_DELAYS_SECONDS,
    WAITER_THREAD_NAME,
    NewMessage,
    RoundOutcome,
    SyncSession,
    retry_delay,
    state_after,
)
from liaison_client.sync.session_threads import SessionThreads
from liaison_client.workspace import SendOutcome, Workspace
from tests.fixtures import waiting
from tests.relay.relay_process import RelayProcess, start_relay
from tests.sync.conftest import Officer, OfficerFactory

FAST_RETRIES = (0.2,)
WAIT_SECONDS = 30.0


@dataclass
class Recorder:
    """A SessionListener that keeps what it was told (called on the session thread)."""

    states: list[tuple[ConnectionState, int]] = field(default_factory=list)
    outcomes: list[RoundOutcome] = field(default_factory=list)
    failures: list[Exception] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def connection_changed(self, state: ConnectionState, outbox: int) -> None:
        with self.lock:
            self.states.append((state, outbox))

    def round_finished(self, outcome: RoundOutcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)

    def round_failed(self, error: Exception) -> None:
        with self.lock:
            self.failures.append(error)

    def state_sequence(self, start: int = 0) -> list[ConnectionState]:
        """The states reported from ``start`` on, repeats (outbox-only changes) folded."""
        with self.lock:
            sequence: list[ConnectionState] = []
            for state, _ in self.states[start:]:
                if not sequence or sequence[-1] is not state:
                    sequence.append(state)
            return sequence

    def new_messages(self) -> list[NewMessage]:
        with self.lock:
            return [m for outcome in self.outcomes for m in outcome.new_messages]


@dataclass
class Running:
    session: SyncSession
    threads: SessionThreads
    recorder: Recorder

    def do(self, action: Callable[[SyncSession], None]) -> None:
        """Call the session on its own thread, as every caller must."""
        self.threads.call(lambda: action(self.session), timeout=WAIT_SECONDS)

    def on_profile_thread(self, call: Callable[[], SendOutcome]) -> SendOutcome:
        return self.threads.call_on_profile_thread(call, timeout=WAIT_SECONDS)


def wait_until(condition: Callable[[], bool], timeout: float = WAIT_SECONDS) -> None:
    waiting.wait_until(condition, timeout)


@pytest.fixture
def run_session() -> Iterator[Callable[..., Running]]:
    started: list[Running] = []

    def factory(profile: Profile, workspace: Workspace, wait_seconds: float | None = None,
                retry_delays: tuple[float, ...] = FAST_RETRIES) -> Running:
        threads = SessionThreads()
        recorder = Recorder()
        session = SyncSession(profile, workspace, threads, recorder,
                              retry_delays=retry_delays, wait_seconds=wait_seconds)
        running = Running(session, threads, recorder)
        started.append(running)
        running.do(SyncSession.start)
        return running

    yield factory
    for running in started:
        running.do(SyncSession.stop)
        assert running.threads.close()


def shared_channel(coordinator: Officer, member: Officer, name: str = "Op Jade") -> str:
    channel_id = coordinator.workspace.channels.create(name).channel_id
    assert coordinator.workspace.channels.invite(channel_id, member.device_id,
                                                 name=member.name).accepted
    member.sync()
    return channel_id


def test_the_retry_delays_grow_and_the_state_turns_offline_after_three_failures() -> None:
    assert [retry_delay(n) for n in range(7)] == [1.0, 1.0, 2.0, 2.5, 2.5, 2.5, 2.5]
    assert RETRY_DELAYS_SECONDS[-1] == 2.5  # capped: back within 3 s of the relay
    assert [state_after(ConnectionState.OFFLINE, n) for n in (1, 2, 3, 9)] == [
        ConnectionState.RECONNECTING, ConnectionState.RECONNECTING,
        ConnectionState.OFFLINE, ConnectionState.OFFLINE]
    assert OFFLINE_AFTER_FAILURES == 3
    assert state_after(ConnectionState.ONLINE, 5) is ConnectionState.ONLINE
    assert state_after(ConnectionState.NO_RELAY, 5) is ConnectionState.NO_RELAY


def test_new_mail_arrives_through_the_long_poll_without_asking(
        make_officer: OfficerFactory, run_session: Callable[..., Running]) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    running = run_session(li.profile, li.workspace)
    wait_until(lambda: running.session.state is ConnectionState.ONLINE)
    wait_until(lambda: running.session.waiting_on_relay)
    assert running.recorder.states == [(ConnectionState.ONLINE, 0)]

    channel_id = anna.workspace.channels.create("Op Jade").channel_id
    text = "Container MSKU 123 cleared 货柜已放行"
    assert anna.workspace.channels.invite(channel_id, li.device_id, name=li.name).accepted
    assert anna.workspace.sending.send_text(channel_id, text).accepted

    wait_until(lambda: running.recorder.new_messages() != [])
    assert running.recorder.new_messages() == [(channel_id, "Op Jade", "Anna Schmidt", text)]
    assert any(channel_id in o.changed_channels for o in running.recorder.outcomes)


def test_relay_down_reconnects_goes_offline_comes_back_and_counts_afresh(
        relay: RelayProcess, make_officer: OfficerFactory,
        run_session: Callable[..., Running]) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel_id = shared_channel(li, anna)
    running = run_session(li.profile, li.workspace)
    session, recorder = running.session, running.recorder
    wait_until(lambda: session.state is ConnectionState.ONLINE)
    port = urlsplit(relay.url).port
    assert port is not None

    relay.kill()  # nothing listens on the port any more
    outcome = running.on_profile_thread(
        lambda: li.workspace.sending.send_text(channel_id, "Truck at gate 4"))
    assert not outcome.accepted
    running.do(SyncSession.request_sync)
    wait_until(lambda: session.state is ConnectionState.OFFLINE)
    assert recorder.state_sequence() == [
        ConnectionState.ONLINE, ConnectionState.RECONNECTING, ConnectionState.OFFLINE]
    assert session.consecutive_failures >= OFFLINE_AFTER_FAILURES
    assert session.outbox >= 1
    assert (ConnectionState.OFFLINE, session.outbox) in recorder.states
    assert recorder.failures == []  # unreachable is a state, not an error

    back = start_relay(relay.data_dir, *relay.args, "--port", str(port))
    try:
        # Retried on the session's own timer: nobody asks for a round here.
        wait_until(lambda: session.state is ConnectionState.ONLINE and session.outbox == 0)
        assert session.consecutive_failures == 0
        anna.sync()
        assert anna.texts(channel_id) == ["Truck at gate 4"]
        seen = len(recorder.states)

        back.kill()
        # The count starts again from nothing: "reconnecting" first, then "offline".
        wait_until(lambda: session.state is ConnectionState.OFFLINE)
        assert recorder.state_sequence(seen) == [
            ConnectionState.RECONNECTING, ConnectionState.OFFLINE]
    finally:
        back.stop()


def test_back_online_within_three_seconds_of_the_relay_answering_again(
        relay: RelayProcess, make_officer: OfficerFactory,
        run_session: Callable[..., Running]) -> None:
    """Issue 11, item 12, with the app's own retry delays: however long the relay
    was down, the session is online again within 3 s of it answering."""
    li = make_officer("Li Wei", "Guangzhou Customs")
    running = run_session(li.profile, li.workspace, retry_delays=RETRY_DELAYS_SECONDS)
    session = running.session
    wait_until(lambda: session.state is ConnectionState.ONLINE)
    port = urlsplit(relay.url).port
    assert port is not None
    relay.kill()
    running.do(SyncSession.request_sync)
    wait_until(lambda: session.consecutive_failures >= len(RETRY_DELAYS_SECONDS) + 1)
    back = start_relay(relay.data_dir, *relay.args, "--port", str(port))
    answering_at = time.monotonic()
    try:
        wait_until(lambda: session.state is ConnectionState.ONLINE, timeout=10.0)
        assert time.monotonic() - answering_at < 3.0
    finally:
        back.stop()


def test_a_send_during_the_long_poll_does_not_wait_for_it(
        make_officer: OfficerFactory, run_session: Callable[..., Running]) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel_id = shared_channel(li, anna)
    running = run_session(li.profile, li.workspace, wait_seconds=60.0)
    wait_until(lambda: running.session.waiting_on_relay)

    outcome = running.on_profile_thread(
        lambda: li.workspace.sending.send_text(channel_id, "Vessel ETA 14:00"))

    assert outcome.accepted
    # The send went out while the network thread was still inside its long-poll.
    assert running.session.waiting_on_relay


def test_delivered_reaches_the_sender_within_two_seconds_of_the_acknowledgement(
        make_officer: OfficerFactory, run_session: Callable[..., Running]) -> None:
    """Issue 11, item 12: the relay answers the sender's waiting long-poll when a
    recipient acknowledges, and the round that follows asks for the states at
    once (not at the next 30-s refresh)."""
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel_id = shared_channel(li, anna)
    running = run_session(li.profile, li.workspace, wait_seconds=60.0)
    wait_until(lambda: running.session.waiting_on_relay)
    sent = running.on_profile_thread(
        lambda: li.workspace.sending.send_text(channel_id, "Seal 4471 intact 封条完好"))
    assert sent.accepted
    assert sent.message_id is not None
    message_id = sent.message_id

    def li_sees_delivered() -> bool:
        deliveries = running.threads.call_on_profile_thread(
            lambda: li.workspace.sending.delivery(message_id), timeout=WAIT_SECONDS)
        return [d.state for d in deliveries] == [LocalDeliveryState.DELIVERED]

    assert not li_sees_delivered()
    anna.sync()  # fetches, stores and acknowledges
    acknowledged_at = time.monotonic()
    wait_until(li_sees_delivered, timeout=10.0)
    assert time.monotonic() - acknowledged_at < 2.0


def test_stop_ends_the_long_poll_by_itself(
        make_officer: OfficerFactory, run_session: Callable[..., Running]) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    earlier = set(threading.enumerate())  # an earlier test's waiter may still be ending
    running = run_session(li.profile, li.workspace, wait_seconds=60.0)
    wait_until(lambda: running.session.waiting_on_relay)
    assert any(t.name == WAITER_THREAD_NAME for t in set(threading.enumerate()) - earlier)

    running.do(SyncSession.stop)

    wait_until(lambda: not running.session.waiting_on_relay, timeout=10.0)
    assert not any(t.name == WAITER_THREAD_NAME for t in set(threading.enumerate()) - earlier)
    rounds = len(running.recorder.outcomes)
    time.sleep(0.5)
    assert len(running.recorder.outcomes) == rounds  # no round after stop


def test_a_profile_without_relay_reports_no_relay_and_never_waits(
        tmp_path: Path, make_profile: Callable[[], tuple[NewProfile, Profile]],
        run_session: Callable[..., Running]) -> None:
    _, profile = make_profile()
    workspace = Workspace.for_profile(profile)
    try:
        running = run_session(profile, workspace)
        wait_until(lambda: running.recorder.states != [])
        assert running.recorder.states == [(ConnectionState.NO_RELAY, 0)]
        assert not running.session.waiting_on_relay
        running.do(SyncSession.stop)
    finally:
        workspace.close()


def test_a_round_that_raises_is_reported_and_retried_on_the_timer(
        tmp_path: Path, make_profile: Callable[[], tuple[NewProfile, Profile]],
        run_session: Callable[..., Running]) -> None:
    _, profile = make_profile()
    workspace = Workspace.for_profile(profile)
    try:
        running = run_session(profile, workspace)
        wait_until(lambda: running.recorder.states != [])
        # A real store failure: the database connection is gone under the session.
        running.threads.call_on_profile_thread(profile.store.close, timeout=WAIT_SECONDS)

        running.do(SyncSession.request_sync)

        # Reported, then retried by the session's own timer (nobody asks again).
        wait_until(lambda: len(running.recorder.failures) >= 2)
        assert running.session.consecutive_failures >= 2
        # A raising round is not a connection state: the state shown stays as it was.
        assert running.recorder.states == [(ConnectionState.NO_RELAY, 0)]
        running.do(SyncSession.stop)
    finally:
        workspace.close()


def test_a_watch_list_edit_alone_marks_its_operation_changed(
        make_officer: OfficerFactory, run_session: Callable[..., Running]) -> None:
    """A watch-list operation is folded, not a timeline message: the round must still
    name its channel, or the Watch-lists tab would show stale lists until a message came."""
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel_id = anna.workspace.channels.create("Op Jade").channel_id
    assert anna.workspace.channels.invite(channel_id, li.device_id, name=li.name).accepted
    li.sync(rounds=2)
    running = run_session(li.profile, li.workspace)
    wait_until(lambda: running.session.waiting_on_relay)
    seen = len(running.recorder.outcomes)

    anna.workspace.watchlists.add(channel_id, "Solid waste", "container", "CSQU3054383")

    def named() -> bool:
        with running.recorder.lock:
            return any(channel_id in o.changed_channels
                       for o in running.recorder.outcomes[seen:])
    wait_until(named)
    assert running.recorder.new_messages() == []


def test_a_relay_down_at_start_is_announced_by_the_first_failed_round(
        relay: RelayProcess, make_officer: OfficerFactory,
        run_session: Callable[..., Running]) -> None:
    """The window starts without a state of its own: the first round that fails must say
    "reconnecting", not leave the start-up text until the third says "offline"."""
    li = make_officer("Li Wei", "Guangzhou Customs")
    relay.kill()
    running = run_session(li.profile, li.workspace)
    wait_until(lambda: running.recorder.states != [])
    # Before: the first state announced was OFFLINE, after OFFLINE_AFTER_FAILURES rounds.
    assert running.recorder.state_sequence()[0] is ConnectionState.RECONNECTING
