"""``SyncController``: keeps the open profile in step with the relay, reports through signals.

Who runs what (the contract with the main window, docs/UI.md):

* **Sync rounds** (send, fetch, decrypt, commit, acknowledge, delivery states)
  run as :class:`~ui.operations.ServiceOp` calls on the one service thread,
  like every other call into ``liaison_client``, so the store and the vodozemac
  objects are never used from two threads. A round never long-polls
  (``run_once(0)``): it takes what is there and returns.
* **Waiting for mail** happens on a helper thread that only does network I/O
  (:class:`~liaison_client.sync.inbox_waiter.InboxWaiter`): it long-polls the
  relay for "anything past my cursor" and then asks for a round. The device
  key never leaves the service thread: the helper's request signatures are
  made there (:func:`~ui.operations.call_on_service_thread`). So a send queued
  by the officer during a 25 s wait runs at once instead of behind it.
* **Reconnecting**: a failed round is retried after a growing delay (1, 2, 5,
  10, 30 s, then every 30 s). The first failures show as "reconnecting", after
  :data:`OFFLINE_AFTER_FAILURES` as "offline"; the outbox stays in the store
  either way and goes out on the first round that reaches the relay.

Everything reaches the GUI as signals on the GUI thread; the controller never
touches widgets.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot

from liaison_client.channels.payloads import TextBody
from liaison_client.net.client import identity_signer
from liaison_client.net.errors import RelayUnavailableError
from liaison_client.net.message_signatures import RawSigner
from liaison_client.profile import Profile
from liaison_client.sync.engine import ConnectionState, SyncReport
from liaison_client.sync.inbox_waiter import InboxWaiter, inbox_cursor, open_inbox_waiter
from liaison_client.workspace import Workspace
from ui.operations import ServiceOp, call_on_service_thread, failure_message
from ui.rejection_text import rejection_text

_log = logging.getLogger(__name__)

CONNECTED = "connected"
RECONNECTING = "reconnecting"
OFFLINE = "offline"
NO_RELAY = "no-relay"

#: Consecutive failed rounds shown as "reconnecting" before the state says "offline".
OFFLINE_AFTER_FAILURES = 3
#: Delays (s) before retrying after the 1st, 2nd, ... failed round; the last repeats.
RETRY_DELAYS_SECONDS: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 30.0)
#: How long the waiter may wait for the service thread to sign one request.
SIGNING_TIMEOUT_SECONDS = 30.0

#: (channel_id, channel_name, sender_name, text), as the notifier shows them.
NewMessage = tuple[str, str, str, str]


@dataclass(frozen=True)
class RoundOutcome:
    """What one round changed, computed on the service thread for the GUI thread."""

    connection: ConnectionState
    outbox: int
    changed_channels: list[str]
    channels_changed: bool
    notices: list[str] = field(default_factory=list)
    new_messages: list[NewMessage] = field(default_factory=list)
    cursor: int = 0


class SyncController(QObject):
    connection_changed = Signal(str, int)
    channels_changed = Signal()
    messages_changed = Signal(list)
    notice = Signal(str)
    new_messages = Signal(list)
    #: From the waiter thread: True when mail is queued, False after a quiet wait or
    #: a network failure; either way the next round runs.
    _waiter_returned = Signal(bool)

    def __init__(self, profile: Profile, workspace: Workspace, parent: QObject | None = None,
                 *, retry_delays: Sequence[float] = RETRY_DELAYS_SECONDS,
                 wait_seconds: float | None = None) -> None:
        super().__init__(parent)
        self._profile = profile
        self._workspace = workspace
        self._retry_delays = tuple(retry_delays) or RETRY_DELAYS_SECONDS
        self._wait_seconds = wait_seconds
        self._state = RECONNECTING
        self._outbox = 0
        self._failures = 0
        self._running = False
        self._round_in_flight = False
        self._round_requested = False
        self._round_pending = False
        self._waiter: InboxWaiter | None = None
        self._waiter_thread: threading.Thread | None = None
        self._waiter_stop = threading.Event()
        self._last_notices: set[str] = set()
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._retry)
        self._waiter_returned.connect(self._after_wait, Qt.ConnectionType.QueuedConnection)

    # -- public API -------------------------------------------------------------

    @property
    def state(self) -> str:
        return self._state

    @property
    def outbox(self) -> int:
        return self._outbox

    @property
    def waiting_on_relay(self) -> bool:
        """True while the helper thread has a long-poll open (for tests and the status bar)."""
        thread = self._waiter_thread
        return thread is not None and thread.is_alive()

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        self._waiter_stop.clear()
        self._run_round(explicit=True)

    def stop(self) -> None:
        """Stop promptly: no new rounds, the engine's running round and the waiter's
        long-poll end within one slice (the waiter is a daemon thread; nothing waits for it)."""
        self._running = False
        self._retry_timer.stop()
        self._waiter_stop.set()
        self._workspace.engine.stop()
        if self._waiter is not None and not self.waiting_on_relay:
            self._waiter.close()  # else the helper closes it when its poll returns

    def reconnect(self) -> None:
        """The profile's relay address or pinned CA changed (Settings): stop waiting on
        the old address, give the Workspace a client for the new one on the service
        thread (between rounds), and run a round at once, whatever the backoff said."""
        self._retry_timer.stop()
        self._waiter_stop.set()  # the helper's poll on the old address ends within a slice
        self._waiter_stop = threading.Event()
        helper, self._waiter_thread = self._waiter_thread, None
        self._failures = 0
        workspace = self._workspace

        def switch() -> InboxWaiter | None:
            workspace.reload_relay()
            old, self._waiter = self._waiter, None
            return old

        def switched(old: InboxWaiter | None) -> None:
            if old is not None and (helper is None or not helper.is_alive()):
                old.close()  # else the old helper closes it when its poll returns
            self._run_round(explicit=True)

        ServiceOp(self, switch).success(switched).run_in_background()

    @Slot()
    def request_sync(self) -> None:
        """Run a round now because the officer acted (sent, invited, asked): it
        ignores the outbox's retry backoff and asks the relay for delivery states."""
        self._run_round(explicit=True)

    def _run_round(self, *, explicit: bool) -> None:
        if not self._running:
            return
        if self._round_in_flight:
            self._round_requested = self._round_requested or explicit
            self._round_pending = True
            return
        self._retry_timer.stop()
        self._round_in_flight = True
        ServiceOp(self, lambda: self._round(explicit)).success(self._round_done) \
            .failure(self._round_failed).run_in_background()

    @Slot()
    def _retry(self) -> None:
        self._run_round(explicit=False)

    # -- service thread -----------------------------------------------------------

    def _round(self, explicit: bool) -> RoundOutcome:
        """One round on the service thread; never long-polls."""
        workspace = self._workspace
        if self._waiter is None and self._running:
            self._waiter = open_inbox_waiter(self._profile, self._signer())
        report = workspace.engine.run_once(0.0, ignore_backoff=explicit)
        channels = {c.channel_id: c.name for c in workspace.channels()}
        changed = {r.message.channel_id for r in report.messages}
        if report.sent or report.expired or report.delivery_checked or report.rejections:
            changed = set(channels)
        # Translated here, on the service thread: QCoreApplication.translate reads
        # the installed catalogues and is safe from any thread.
        translate = QCoreApplication.translate
        notices = [translate("SyncNotice", "A message was refused: {reason}").format(
            reason=rejection_text(r.reason)) for r in report.rejections]
        notices += [translate("SyncNotice", "Waiting for the key from {name}").format(
            name=wait.sender_name) for wait in workspace.waiting_for_keys()]
        if report.problem and report.connection is not ConnectionState.OFFLINE:
            notices.append(report.problem)
        return RoundOutcome(
            connection=report.connection, outbox=report.outbox,
            changed_channels=sorted(changed),
            channels_changed=bool(changed) or report.received > 0,
            notices=notices, new_messages=self._notifiable(report, channels),
            cursor=inbox_cursor(self._profile) if self._waiter is not None else 0,
        )

    def _notifiable(self, report: SyncReport, channels: dict[str, str]) -> list[NewMessage]:
        own = self._profile.device_id
        names: dict[str, dict[str, str]] = {}
        found: list[NewMessage] = []
        for received in report.messages:
            message = received.message
            if message.sender_device_id == own or not isinstance(message.body, TextBody):
                continue
            if message.channel_id not in names:
                names[message.channel_id] = {
                    m.device_id: m.name for m in self._workspace.members(message.channel_id)}
            sender = names[message.channel_id].get(message.sender_device_id,
                                                   message.sender_device_id)
            found.append((message.channel_id, channels.get(message.channel_id, ""),
                          sender, message.body.text))
        return found

    def _signer(self) -> RawSigner:
        identity = self._profile.identity
        sign = identity_signer(identity)

        def sign_on_service_thread(message: bytes) -> bytes:
            return call_on_service_thread(lambda: sign(message),
                                          timeout=SIGNING_TIMEOUT_SECONDS)
        return sign_on_service_thread

    # -- GUI thread -------------------------------------------------------------

    def _round_done(self, outcome: RoundOutcome) -> None:
        self._round_in_flight = False
        if not self._running:
            return
        self._publish(outcome)
        if self._round_pending:
            explicit, self._round_requested, self._round_pending = \
                self._round_requested, False, False
            self._run_round(explicit=explicit)
        elif outcome.connection is ConnectionState.ONLINE:
            self._start_waiter(outcome.cursor)
        elif outcome.connection is ConnectionState.OFFLINE:
            self._retry_timer.start(int(self._retry_delay() * 1000))

    def _round_failed(self, exc: Exception) -> None:
        """A round that raised (not merely offline): report it once, retry later."""
        self._round_in_flight = False
        if not self._running:
            return
        _log.warning("sync round failed: %s", type(exc).__name__)
        self.notice.emit(failure_message(exc))
        self._failures += 1
        self._retry_timer.start(int(self._retry_delay() * 1000))

    def _publish(self, outcome: RoundOutcome) -> None:
        state = self._state_after(outcome.connection)
        if state != self._state or outcome.outbox != self._outbox:
            self._state, self._outbox = state, outcome.outbox
            self.connection_changed.emit(state, outcome.outbox)
        if outcome.channels_changed:
            self.channels_changed.emit()
        if outcome.changed_channels:
            self.messages_changed.emit(outcome.changed_channels)
        if outcome.new_messages:
            self.new_messages.emit(outcome.new_messages)
        for line in outcome.notices:
            if line not in self._last_notices:
                self.notice.emit(line)
        self._last_notices = set(outcome.notices)

    def _state_after(self, connection: ConnectionState) -> str:
        if connection is ConnectionState.NO_RELAY:
            return NO_RELAY
        if connection is ConnectionState.ONLINE:
            self._failures = 0
            return CONNECTED
        self._failures += 1
        return OFFLINE if self._failures >= OFFLINE_AFTER_FAILURES else RECONNECTING

    def _retry_delay(self) -> float:
        index = min(max(self._failures, 1), len(self._retry_delays)) - 1
        return self._retry_delays[index]

    def _start_waiter(self, cursor: int) -> None:
        waiter = self._waiter
        if waiter is None or self.waiting_on_relay:
            return
        stop = self._waiter_stop
        timeout = self._wait_seconds

        def wait() -> None:
            try:
                mail = (waiter.wait_for_mail(cursor, stop) if timeout is None
                        else waiter.wait_for_mail(cursor, stop, timeout))
            except (RelayUnavailableError, TimeoutError):
                mail = False
            except Exception:  # a bug: log it, and let the next round find out
                _log.exception("relay waiter failed")
                mail = False
            if stop.is_set():
                waiter.close()
            else:
                self._waiter_returned.emit(mail)

        self._waiter_thread = threading.Thread(target=wait, name="liaison-relay-waiter",
                                               daemon=True)
        self._waiter_thread.start()

    @Slot(bool)
    def _after_wait(self, _mail: bool) -> None:
        self._waiter_thread = None
        self._run_round(explicit=False)
