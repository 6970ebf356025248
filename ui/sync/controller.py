"""``SyncController``: the desktop app's host for the sync session, reporting through signals.

The policy (when rounds run, reconnecting, backoff, "offline" after a few
failures, the inbox long-poll) is :class:`~liaison_client.sync.session.SyncSession`,
Qt-free, in ``liaison_client/sync/session.py``; docs/SYNC.md, "Staying in
sync". This module only gives it the app's threads and maps what it reports to
signals on the GUI thread (the session thread here):

* rounds run as :class:`~ui.operations.ServiceOp` calls on the one service
  thread, like every other call into ``liaison_client``;
* the long-poll runs through :meth:`ServiceOp.run_on_network_thread`, a thread
  that does network I/O only, so a send queued by the officer during a 25 s
  wait is not stuck behind it; the device key stays on the service thread
  (:func:`~ui.operations.call_on_service_thread`);
* the retry delay is a single-shot ``QTimer``.

Notices are put into words here (translated, on the GUI thread); the
controller never touches widgets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from liaison_client.profile import Profile
from liaison_client.sync.connection import ConnectionState
from liaison_client.sync.session import (
    RETRY_DELAYS_SECONDS,
    NewMessage,
    RoundOutcome,
    SyncSession,
)
from liaison_client.workspace import Workspace
from ui.operations import ServiceOp, call_on_service_thread, failure_message
from ui.rejection_text import rejection_text
from ui.sync.problem_text import problem_text

T = TypeVar("T")

__all__ = ["NewMessage", "SyncController"]


class _QtSessionHost:
    """The session's threads in the app: service thread, network thread, GUI-thread timer."""

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self._timer = QTimer(owner)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self._callback: Callable[[], None] | None = None

    def run_on_profile_thread(self, call: Callable[[], T], done: Callable[[T], None],
                              failed: Callable[[Exception], None]) -> None:
        ServiceOp(self._owner, call).success(done).failure(failed).run_in_background()

    def run_on_network_thread(self, call: Callable[[], T], done: Callable[[T], None],
                              *, name: str) -> threading.Thread:
        return ServiceOp(self._owner, call).success(done).run_on_network_thread(name)

    def call_on_profile_thread(self, call: Callable[[], T], *, timeout: float) -> T:
        return call_on_service_thread(call, timeout=timeout)

    def start_timer(self, seconds: float, callback: Callable[[], None]) -> None:
        self._callback = callback
        self._timer.start(int(seconds * 1000))

    def stop_timer(self) -> None:
        self._timer.stop()

    def _fire(self) -> None:
        if self._callback is not None:
            self._callback()


class SyncController(QObject):
    #: The state shown to the officer and the outbox count (ConnectionState, int).
    connection_changed = Signal(object, int)
    channels_changed = Signal()
    messages_changed = Signal(list)
    notice = Signal(str)
    new_messages = Signal(list)

    def __init__(self, profile: Profile, workspace: Workspace, parent: QObject | None = None,
                 *, retry_delays: Sequence[float] = RETRY_DELAYS_SECONDS,
                 wait_seconds: float | None = None) -> None:
        super().__init__(parent)
        self._session = SyncSession(profile, workspace, _QtSessionHost(self),
                                    _SignalListener(self),
                                    retry_delays=retry_delays, wait_seconds=wait_seconds)

    # -- public API -------------------------------------------------------------

    @property
    def state(self) -> ConnectionState:
        return self._session.state

    @property
    def outbox(self) -> int:
        return self._session.outbox

    @property
    def waiting_on_relay(self) -> bool:
        """True while the network thread has a long-poll open (for tests and the status bar)."""
        return self._session.waiting_on_relay

    def start(self) -> None:
        self._session.start()

    def stop(self) -> None:
        """Stop promptly: no new rounds; the running round and the long-poll end within a slice."""
        self._session.stop()

    def reconnect(self) -> None:
        """The profile's relay address or pinned CA changed (Settings): the session
        switches to it between rounds and runs a round at once."""
        self._session.reconnect()

    @Slot()
    def request_sync(self) -> None:
        """Run a round now because the officer acted (sent, invited, asked)."""
        self._session.request_sync()



class _SignalListener:
    """The session's reports, re-emitted as the controller's signals (GUI thread)."""

    def __init__(self, controller: SyncController) -> None:
        self._controller = controller
        self._last_notices: set[str] = set()

    def connection_changed(self, state: ConnectionState, outbox: int) -> None:
        self._controller.connection_changed.emit(state, outbox)

    def round_finished(self, outcome: RoundOutcome) -> None:
        controller = self._controller
        if outcome.channels_changed:
            controller.channels_changed.emit()
        if outcome.changed_channels:
            controller.messages_changed.emit(outcome.changed_channels)
        if outcome.new_messages:
            controller.new_messages.emit(outcome.new_messages)
        lines = _notices(outcome)
        for line in lines:  # a notice still true after the next round is not repeated
            if line not in self._last_notices:
                controller.notice.emit(line)
        self._last_notices = set(lines)

    def round_failed(self, error: Exception) -> None:
        self._controller.notice.emit(failure_message(error))


def _notices(outcome: RoundOutcome) -> list[str]:
    """The round's lines for the officer, in the officer's language."""
    translate = QCoreApplication.translate
    lines = [translate("SyncNotice", "A message was refused: {reason}").format(
        reason=rejection_text(r.reason)) for r in outcome.rejections]
    lines += [translate("SyncNotice", "Waiting for the key from {name}").format(name=name)
              for name in outcome.waiting_for_keys_from]
    lines += [translate("SyncNotice", "{name} was removed from {operation}: the relay's "
                        "administrator revoked the device").format(name=name, operation=operation)
              for name, operation in outcome.revoked_removals]
    if outcome.problem:
        lines.append(problem_text(outcome.problem))
    return lines
