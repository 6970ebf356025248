"""The one way the UI calls ``liaison_client``: off the GUI thread, failures in one place.

Modelled on Anki's ``CollectionOp``::

    ServiceOp(self, lambda: open_profile(root, passphrase=...)) \
        .success(self._opened) \
        .failure(self._show_inline) \
        .with_progress(self.tr("Unlocking…")) \
        .run_in_background()

Why everything goes through here:

* Argon2id (~1 s), SQLCipher opens and network calls must never freeze the
  window, and no screen should write its own threading.
* All service calls run on **one** worker thread, in submission order, so
  "unlock, then load the operations list" needs no extra locking. (The store
  still serialises its statements itself, since the network thread and
  shutdown reach it too: liaison_client/store/shared_connection.py.)
* One exception, by design: a call that only *waits on the network* (the sync
  session's relay long-poll) runs on a thread of its own
  (:meth:`ServiceOp.run_on_network_thread`), or it would hold up every call
  queued behind it on the service thread for up to 25 s.
* Callbacks always run back on the GUI thread (queued signals), and only if
  the widget that asked is still alive.
* A failure with no ``failure`` callback is reported by :func:`report_failure`:
  a :class:`~liaison_client.errors.LiaisonError` shows its sentence (translated by code);
  anything else is a bug, logged with its traceback (never message content:
  the service layer keeps plaintext out of exception messages) and shown as
  "unexpected error".
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from liaison_client.errors import LiaisonError
from ui.error_text import error_text

T = TypeVar("T")

_log = logging.getLogger(__name__)
_pool: QThreadPool | None = None


def service_pool() -> QThreadPool:
    """The single worker thread every service call runs on."""
    global _pool
    if _pool is None:
        # Owned by the application, so Qt tears it down in order at exit.
        _pool = QThreadPool(QCoreApplication.instance())
        _pool.setObjectName("liaison-service-thread")
        _pool.setMaxThreadCount(1)
    return _pool


def wait_for_background_work(timeout_ms: int = 30_000) -> bool:
    """Block until queued service calls finish (used at shutdown before the profile closes)."""
    return _pool is None or _pool.waitForDone(timeout_ms)


class _Dispatcher(QObject):
    """Brings results from the worker thread back to the GUI thread.

    One long-lived instance, owned by the application: the worker only ever
    emits on this object, so no per-call QObject is created, used or destroyed
    across threads. Pending ops are kept here by id until their result arrives;
    an op whose widget was destroyed meanwhile is dropped silently.
    """

    delivered = Signal(int, bool, object)
    #: A running op's report (:meth:`ServiceOp.reporting`); queued like ``delivered``
    #: from the same thread, so every report arrives before the op's result.
    reported = Signal(int, object)

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self._pending: dict[int, ServiceOp[Any]] = {}
        self._next_id = 0
        self.delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.reported.connect(self._report, Qt.ConnectionType.QueuedConnection)

    def register(self, op: ServiceOp[Any]) -> int:
        self._next_id += 1
        self._pending[self._next_id] = op
        return self._next_id

    @Slot(int, bool, object)
    def _deliver(self, op_id: int, ok: bool, value: object) -> None:
        op = self._pending.pop(op_id, None)
        if op is not None and op.requester_alive():
            op._complete(ok, value)
        # The op's last reference usually dies here: it is freed at once, by Python.

    @Slot(int, object)
    def _report(self, op_id: int, value: object) -> None:
        op = self._pending.get(op_id)
        if op is not None and op.requester_alive():
            op._progressed(value)


_dispatcher: _Dispatcher | None = None


def _the_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher(QCoreApplication.instance())
    return _dispatcher


class _Job(QRunnable):
    def __init__(self, call: Callable[[], object], op_id: int, dispatcher: _Dispatcher) -> None:
        super().__init__()
        self._call = call
        self._op_id = op_id
        self._dispatcher = dispatcher

    def run(self) -> None:
        _run_and_deliver(self._call, self._op_id, self._dispatcher)


def _run_and_deliver(call: Callable[[], object], op_id: int, dispatcher: _Dispatcher) -> None:
    """Worker side of an op: run it, hand the result or the exception to the GUI thread."""
    try:
        result = call()
    except Exception as exc:  # reported on the GUI thread, never swallowed
        dispatcher.delivered.emit(op_id, False, exc)
        return
    dispatcher.delivered.emit(op_id, True, result)


class _Outcome:
    """Where a blocking job leaves its result: a plain Python object, so the waiting
    thread never touches the QRunnable, which the pool deletes after ``run``."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.result: object = None
        self.error: Exception | None = None


class _BlockingJob(QRunnable):
    def __init__(self, call: Callable[[], object], outcome: _Outcome) -> None:
        super().__init__()
        self._call = call
        self._outcome = outcome

    def run(self) -> None:
        try:
            self._outcome.result = self._call()
        except Exception as exc:  # handed to the waiting thread, which raises it
            self._outcome.error = exc
        finally:
            self._outcome.done.set()


def call_on_service_thread(call: Callable[[], T], *, timeout: float) -> T:
    """Run ``call`` on the service thread and wait for it, from a *helper* thread.

    For the few non-GUI helper threads (the sync session's relay waiter, started by
    :meth:`ServiceOp.run_on_network_thread`) that
    need one small thing only the service thread may do, e.g. a signature with
    the device key. Never call it from the GUI thread (it blocks) nor from the
    service thread (it would wait for itself). Raises :class:`TimeoutError` when
    the service thread did not get to it in ``timeout`` s, and whatever ``call``
    raised.
    """
    outcome = _Outcome()
    service_pool().start(_BlockingJob(call, outcome))
    if not outcome.done.wait(timeout):
        raise TimeoutError("the service thread did not answer in time")
    if outcome.error is not None:
        raise outcome.error
    return outcome.result  # type: ignore[return-value]  # call returned a T


class ServiceOp(QObject, Generic[T]):
    """One call into the service layer, configured fluently, then run once."""

    #: Emitted on the GUI thread after the success or failure callback ran.
    finished = Signal()

    def __init__(self, parent: QObject, call: Callable[[], T]) -> None:
        # Deliberately not a Qt child of ``parent``: the dispatcher holds the op
        # until its result arrives and Python frees it after. (As a Qt child ended
        # by deleteLater() it crashed PySide6 6.12 now and then at teardown.)
        super().__init__()
        self._parent = parent
        self._call = call
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[Exception], None] | None = None
        self._progress_label: str | None = None
        self._progress: BusyIndicator | None = None
        self._on_report: Callable[[Any], None] | None = None
        self._op_id: int | None = None
        self._started = False

    @classmethod
    def reporting(cls, parent: QObject,
                  call: Callable[[Callable[[Any], None]], T]) -> ServiceOp[T]:
        """A call that reports as it goes (bytes uploaded...): it runs as ``call(report)``
        on the service thread, and each ``report(value)`` reaches the :meth:`on_report`
        callback on the GUI thread, in order and before the result. ``report`` only
        emits a signal on the long-lived dispatcher, so it is safe from the service
        thread and costs nothing if the widget that asked is gone."""
        op: ServiceOp[T] = cls(parent, lambda: call(op._report))
        return op

    def on_report(self, callback: Callable[[Any], None]) -> ServiceOp[T]:
        """Receive the reports of a :meth:`reporting` call, on the GUI thread."""
        self._on_report = callback
        return self

    def _report(self, value: object) -> None:
        """Service thread: hand ``value`` to the GUI thread."""
        if self._op_id is not None:
            _the_dispatcher().reported.emit(self._op_id, value)

    def _progressed(self, value: object) -> None:
        if self._on_report is not None:
            self._on_report(value)

    def success(self, callback: Callable[[T], None]) -> ServiceOp[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> ServiceOp[T]:
        """Handle failures yourself (e.g. inline); otherwise :func:`report_failure` does."""
        self._on_failure = callback
        return self

    def with_progress(self, label: str) -> ServiceOp[T]:
        """Show a window-modal busy indicator while the call runs; it also blocks
        input to the window, so a slow unlock cannot be submitted twice."""
        self._progress_label = label
        return self

    def run_in_background(self, *, pool: QThreadPool | None = None) -> ServiceOp[T]:
        """Run the call on the service thread, or on ``pool`` for work that must not
        queue behind the service calls and touches no profile state (the attachment
        previews: ui/composer/thumbnails.py). Callbacks arrive the same way."""
        if self._started:
            raise RuntimeError("a ServiceOp runs once")
        self._started = True
        if self._progress_label is not None:
            self._progress = BusyIndicator.of(_window_of(self._parent))
            self._progress.begin(self._progress_label)
        dispatcher = _the_dispatcher()
        self._op_id = dispatcher.register(self)
        (pool or service_pool()).start(_Job(self._call, self._op_id, dispatcher))
        return self

    def run_on_network_thread(self, name: str) -> threading.Thread:
        """Run the call on a daemon thread of its own instead of the service thread.

        Only for a call that does network I/O and nothing else while it *waits*:
        the sync session's relay long-poll (``liaison_client/sync/inbox_waiter.py``).
        On the one service thread a 25 s wait would hold up every send queued
        behind it (docs/UI.md: a send during the long-poll takes ~9 ms instead).
        The call must not touch the profile (store, vodozemac objects); what it
        needs of them it asks the service thread for (:func:`call_on_service_thread`).
        Callbacks arrive on the GUI thread as for :meth:`run_in_background`.
        Daemon: a wait in progress never holds up exit; the caller ends it with
        its own stop flag. No progress indicator: nobody waits on a long-poll.
        """
        if self._started:
            raise RuntimeError("a ServiceOp runs once")
        self._started = True
        dispatcher = _the_dispatcher()
        self._op_id = dispatcher.register(self)
        thread = threading.Thread(target=_run_and_deliver, args=(self._call, self._op_id,
                                                                 dispatcher),
                                  name=name, daemon=True)
        thread.start()
        return thread

    def requester_alive(self) -> bool:
        """False once the widget that asked was destroyed: then nobody is waiting."""
        return shiboken6.isValid(self._parent)

    def _complete(self, ok: bool, value: object) -> None:
        self._end_progress()
        if ok:
            if self._on_success is not None:
                self._on_success(value)  # type: ignore[arg-type]  # the call returned a T
        else:
            assert isinstance(value, Exception)
            if not isinstance(value, LiaisonError):
                _log.error("service call failed", exc_info=value)
            if self._on_failure is not None:
                self._on_failure(value)
            else:
                report_failure(_window_of(self._parent), value)
        self.finished.emit()

    def _end_progress(self) -> None:
        if self._progress is not None:
            self._progress.end()
            self._progress = None


def _window_of(parent: QObject) -> QWidget | None:
    """The window to attach progress and reports to; None before any window exists."""
    return parent.window() if isinstance(parent, QWidget) else None


class BusyIndicator(QDialog):
    """A small modal card: what is happening, and an indeterminate bar.

    One per window, created on first use and then shown and hidden, never
    deleted mid-session: deleting a just-hidden modal dialog from a finished
    callback crashed intermittently under PySide6 6.12 (QProgressDialog or
    not). Calls with progress on the same window nest: it hides after the last.
    """

    def __init__(self, window: QWidget | None) -> None:
        super().__init__(window, Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("busyIndicator")
        self.setWindowModality(Qt.WindowModality.WindowModal if window
                               else Qt.WindowModality.ApplicationModal)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        bar = QProgressBar(self)
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.label)
        layout.addWidget(bar)
        self.setMinimumWidth(280)
        self.setWindowTitle(QCoreApplication.translate("ServiceOp", "Please wait"))
        self._depth = 0

    @classmethod
    def of(cls, window: QWidget | None) -> BusyIndicator:
        if window is not None:
            existing = window.findChild(cls, "busyIndicator",
                                        Qt.FindChildOption.FindDirectChildrenOnly)
            if existing is not None:
                return existing
        return cls(window)

    def begin(self, label: str) -> None:
        self._depth += 1
        self.label.setText(label)
        self.setAccessibleName(label)
        self.show()

    def end(self) -> None:
        self._depth = max(0, self._depth - 1)
        if self._depth == 0:
            self.hide()

    def reject(self) -> None:
        """Escape does not dismiss it: the call cannot be cancelled halfway."""


def failure_message(exc: Exception) -> str:
    """The text an officer sees for ``exc``: the service's error in the officer's
    language (:func:`~ui.error_text.error_text`), or a generic line for a bug."""
    if isinstance(exc, LiaisonError):
        return error_text(exc)
    return QCoreApplication.translate(
        "ServiceOp", "An unexpected error occurred ({kind}). Details are in the log."
    ).format(kind=type(exc).__name__)


def report_failure(window: QWidget | None, exc: Exception) -> QMessageBox:
    """The one place a failure nobody handled inline is shown."""
    box = QMessageBox(QMessageBox.Icon.Warning,
                      QCoreApplication.translate("ServiceOp", "Something went wrong"),
                      failure_message(exc), QMessageBox.StandardButton.NoButton, window)
    box.setObjectName("failureReport")
    # Our own OK: Qt's standard one stayed English in the Chinese interface.
    ok = box.addButton(QCoreApplication.translate("ServiceOp", "OK"),
                       QMessageBox.ButtonRole.AcceptRole)
    ok.setAccessibleName(QCoreApplication.translate("ServiceOp", "OK"))
    box.setDefaultButton(ok)
    box.setEscapeButton(ok)
    box.setWindowModality(Qt.WindowModality.WindowModal if window
                          else Qt.WindowModality.ApplicationModal)
    box.open()
    return box
