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
* All service calls run on **one** worker thread, in submission order. The
  profile's single SQLCipher connection then never sees two threads at once,
  and "unlock, then load the operations list" needs no extra locking.
* Callbacks always run back on the GUI thread (queued signals), and only if
  the widget that asked is still alive.
* A failure with no ``failure`` callback is reported by :func:`report_failure`:
  a :class:`~liaison_client.errors.LiaisonError` shows its one-line message;
  anything else is a bug, logged with its traceback (never message content:
  the service layer keeps plaintext out of exception messages) and shown as
  "unexpected error".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from liaison_client.errors import LiaisonError

T = TypeVar("T")

_log = logging.getLogger(__name__)
_pool: QThreadPool | None = None


def service_pool() -> QThreadPool:
    """The single worker thread every service call runs on."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setObjectName("liaison-service-thread")
        _pool.setMaxThreadCount(1)
    return _pool


def wait_for_background_work(timeout_ms: int = 30_000) -> bool:
    """Block until queued service calls finish (used at shutdown before the profile closes)."""
    return _pool is None or _pool.waitForDone(timeout_ms)


class _Relay(QObject):
    """Carries a result from the worker thread to the GUI thread (queued connection)."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, call: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self._call = call
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._call()
        except Exception as exc:  # reported on the GUI thread, never swallowed
            self._relay.failed.emit(exc)
            return
        self._relay.succeeded.emit(result)


class ServiceOp(QObject, Generic[T]):
    """One call into the service layer, configured fluently, then run once."""

    #: Emitted on the GUI thread after the success or failure callback ran.
    finished = Signal()

    def __init__(self, parent: QObject, call: Callable[[], T]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._call = call
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[Exception], None] | None = None
        self._progress_label: str | None = None
        self._progress: QProgressDialog | None = None
        self._relay = _Relay()
        self._started = False

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

    def run_in_background(self) -> ServiceOp[T]:
        if self._started:
            raise RuntimeError("a ServiceOp runs once")
        self._started = True
        self._relay.succeeded.connect(self._succeeded, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        if self._progress_label is not None:
            self._progress = busy_indicator(_window_of(self._parent), self._progress_label)
            self._progress.show()
        service_pool().start(_Job(self._call, self._relay))
        return self

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._end_progress()
        if self._on_success is not None:
            self._on_success(result)  # type: ignore[arg-type]  # the call returned a T
        self._done()

    @Slot(object)
    def _failed(self, exc: object) -> None:
        self._end_progress()
        assert isinstance(exc, Exception)
        if not isinstance(exc, LiaisonError):
            _log.error("service call failed", exc_info=exc)
        if self._on_failure is not None:
            self._on_failure(exc)
        else:
            report_failure(_window_of(self._parent), exc)
        self._done()

    def _end_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    def _done(self) -> None:
        self.finished.emit()
        self.deleteLater()


def _window_of(parent: QObject) -> QWidget | None:
    """The window to attach progress and reports to; None before any window exists."""
    return parent.window() if isinstance(parent, QWidget) else None


def busy_indicator(window: QWidget | None, label: str) -> QProgressDialog:
    dialog = QProgressDialog(label, "", 0, 0, window)
    dialog.setObjectName("busyIndicator")
    dialog.setCancelButton(None)  # Qt: None removes the button
    dialog.setWindowModality(Qt.WindowModality.WindowModal if window
                             else Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setWindowTitle(QCoreApplication.translate("ServiceOp", "Please wait"))
    dialog.setAccessibleName(label)
    return dialog


def failure_message(exc: Exception) -> str:
    """The text an officer sees for ``exc``: the service's own line, or a generic one."""
    if isinstance(exc, LiaisonError):
        return str(exc)
    return QCoreApplication.translate(
        "ServiceOp", "An unexpected error occurred ({kind}). Details are in the log."
    ).format(kind=type(exc).__name__)


def report_failure(window: QWidget | None, exc: Exception) -> QMessageBox:
    """The one place a failure nobody handled inline is shown."""
    box = QMessageBox(QMessageBox.Icon.Warning,
                      QCoreApplication.translate("ServiceOp", "Something went wrong"),
                      failure_message(exc), QMessageBox.StandardButton.Ok, window)
    box.setObjectName("failureReport")
    box.setWindowModality(Qt.WindowModality.WindowModal if window
                          else Qt.WindowModality.ApplicationModal)
    box.open()
    return box
