"""ServiceOp: service calls run off the GUI thread, and failures surface in one place."""

from __future__ import annotations

import threading
import time
from functools import partial

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from liaison_client.errors import UnlockError
from ui.operations import BusyIndicator, ServiceOp, failure_message, wait_for_background_work


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_call_runs_off_the_gui_thread_and_success_comes_back_on_it(
        qtbot: QtBot, window: QWidget) -> None:
    gui_thread = threading.current_thread()
    seen: dict[str, object] = {}

    def call() -> int:
        seen["call_thread"] = threading.current_thread()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback_thread"] = threading.current_thread()

    op = ServiceOp(window, call).success(done)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.run_in_background()
    assert seen["value"] == 42
    assert seen["call_thread"] is not gui_thread
    assert seen["callback_thread"] is gui_thread


def test_calls_run_one_at_a_time_in_submission_order(qtbot: QtBot, window: QWidget) -> None:
    order: list[str] = []
    overlapping: list[bool] = []
    running = threading.Event()

    def step(name: str) -> str:
        overlapping.append(running.is_set())
        running.set()
        time.sleep(0.02)
        order.append(name)
        running.clear()
        return name

    ops = [ServiceOp(window, partial(step, name)) for name in ("a", "b", "c")]
    with qtbot.waitSignal(ops[-1].finished, timeout=5000):
        for op in ops:
            op.run_in_background()
    assert order == ["a", "b", "c"]
    assert overlapping == [False, False, False]


def test_failure_callback_receives_the_exception(qtbot: QtBot, window: QWidget) -> None:
    received: list[Exception] = []

    def call() -> None:
        raise UnlockError("wrong passphrase")

    op = ServiceOp(window, call).failure(received.append)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.run_in_background()
    assert len(received) == 1
    assert isinstance(received[0], UnlockError)


def test_unhandled_liaison_error_is_reported_with_its_own_message(
        qtbot: QtBot, window: QWidget) -> None:
    def call() -> None:
        raise UnlockError("the OS keyring is locked: unlock it and try again")

    op = ServiceOp(window, call)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.run_in_background()
    box = window.findChild(QMessageBox, "failureReport")
    assert box is not None
    assert box.isVisible()
    assert box.text() == "the OS keyring is locked: unlock it and try again"
    box.close()


def test_unexpected_error_is_reported_generically_and_logged(
        qtbot: QtBot, window: QWidget, caplog: pytest.LogCaptureFixture) -> None:
    def call() -> None:
        raise KeyError("internal detail")

    op = ServiceOp(window, call)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.run_in_background()
    box = window.findChild(QMessageBox, "failureReport")
    assert box is not None
    assert "KeyError" in box.text()
    assert "internal detail" not in box.text()
    assert any(record.exc_info and record.exc_info[0] is KeyError for record in caplog.records)
    box.close()


def test_failure_message_of_a_liaison_error_is_its_one_line() -> None:
    assert failure_message(UnlockError("wrong passphrase")) == "wrong passphrase"


def test_progress_is_shown_while_running_and_closed_after(
        qtbot: QtBot, window: QWidget) -> None:
    release = threading.Event()
    op = ServiceOp(window, lambda: release.wait(5)).with_progress("Unlocking…")
    op.run_in_background()
    progress = window.findChild(BusyIndicator, "busyIndicator")
    assert progress is not None
    assert progress.isVisible()
    assert progress.label.text() == "Unlocking…"
    with qtbot.waitSignal(op.finished, timeout=5000):
        release.set()
    assert not progress.isVisible()


def test_callback_is_dropped_when_its_widget_is_gone(qtbot: QtBot) -> None:
    widget = QWidget()
    called: list[object] = []
    release = threading.Event()
    ServiceOp(widget, lambda: release.wait(5)).success(called.append).run_in_background()
    widget.deleteLater()
    QApplication.processEvents()
    release.set()
    assert wait_for_background_work(5000)
    qtbot.wait(50)
    assert called == []


def test_an_op_runs_only_once(qtbot: QtBot, window: QWidget) -> None:
    op = ServiceOp(window, lambda: None)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.run_in_background()
    with pytest.raises(RuntimeError, match="runs once"):
        op.run_in_background()
