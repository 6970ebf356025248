"""The idle lock hides the window after the delay and needs the passphrase to come back."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from liaison_client.demo_workspace import DEMO_PASSPHRASE
from liaison_client.profile import (
    KeyStorageChoice,
    NewProfile,
    Profile,
    create_profile,
    open_profile,
)
from tests.conftest import TEST_PASSPHRASE
from tests.fixtures.passphrases import fixed_passphrase
from tests.ui.screen_audit import english_words
from tests.ui.screen_testing import Screenshot
from ui.appearance import Appearance
from ui.lock.idle_lock import IdleLock
from ui.notifications.preferences import NotificationPreferences
from ui.preferences import Language

MakeProfile = Callable[..., tuple[NewProfile, Profile]]


@pytest.fixture
def locked_window(qtbot: QtBot, make_profile: MakeProfile,
                  ui_settings: QSettings) -> Iterator[tuple[QMainWindow, IdleLock]]:
    _, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("Operation Harbour Light: secret timeline", window))
    window.menuBar().addMenu("&Liaison")
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    lock = IdleLock(window, profile, ui_settings)
    lock.apply_preferences(idle_ms=50)
    yield window, lock
    lock.stop()


@pytest.mark.slow
def test_after_the_idle_delay_the_contents_are_hidden_behind_the_lock(
        qtbot: QtBot, locked_window: tuple[QMainWindow, IdleLock],
        screenshot: Screenshot) -> None:
    window, lock = locked_window
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)
    central = window.centralWidget()
    assert central is not None
    assert not central.isVisible()
    assert not window.menuBar().isEnabled()
    assert lock.screen.geometry() == window.rect()
    screenshot(window, "idle-lock")


@pytest.mark.slow
def test_locking_cancels_open_dialogs_so_nothing_shows_over_the_lock(
        qtbot: QtBot, locked_window: tuple[QMainWindow, IdleLock]) -> None:
    window, lock = locked_window
    lock.apply_preferences(idle_ms=60_000)
    dialog = QDialog(window)
    dialog.setWindowTitle("Verify Anna Schmidt: 16582 31953 28672")
    dialog.open()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.rejected, timeout=5000):
        lock.lock()
    assert not dialog.isVisible()
    assert lock.locked


@pytest.mark.slow
def test_a_wrong_passphrase_keeps_it_locked_with_the_reason_inline(
        qtbot: QtBot, locked_window: tuple[QMainWindow, IdleLock]) -> None:
    _window, lock = locked_window
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)
    QTest.keyClicks(lock.screen.passphrase_edit, "not my passphrase")
    QTest.keyClick(lock.screen.passphrase_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(lock.screen.error.text()), timeout=20_000)
    assert "wrong passphrase" in lock.screen.error.text().lower()
    assert lock.locked
    assert lock.screen.passphrase_edit.text() == ""


@pytest.mark.slow
def test_the_right_passphrase_brings_the_window_back(
        qtbot: QtBot, locked_window: tuple[QMainWindow, IdleLock]) -> None:
    window, lock = locked_window
    lock.apply_preferences(idle_ms=60_000)
    lock.lock()
    QTest.keyClicks(lock.screen.passphrase_edit, TEST_PASSPHRASE)
    QTest.mouseClick(lock.screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lock.locked, timeout=20_000)
    central = window.centralWidget()
    assert central is not None
    assert central.isVisible()
    assert window.menuBar().isEnabled()


def test_activity_postpones_the_lock_and_zero_minutes_turns_it_off(
        qtbot: QtBot, locked_window: tuple[QMainWindow, IdleLock],
        ui_settings: QSettings) -> None:
    window, lock = locked_window
    lock.apply_preferences(idle_ms=400)
    for _ in range(4):
        QTest.mouseMove(window, window.rect().center())
        QTest.keyClick(window, Qt.Key.Key_Shift)
        qtbot.wait(150)
        assert not lock.locked
    NotificationPreferences(lock_after_minutes=0).save(ui_settings)
    lock.apply_preferences()
    qtbot.wait(600)
    assert not lock.locked


def test_a_delay_changed_in_settings_is_used_when_the_old_countdown_ends(
        qtbot: QtBot, locked_window: tuple[QMainWindow, IdleLock],
        ui_settings: QSettings) -> None:
    _window, lock = locked_window
    NotificationPreferences(lock_after_minutes=0).save(ui_settings)
    lock.stop()
    lock.apply_preferences()  # the saved 0: off
    NotificationPreferences(lock_after_minutes=5).save(ui_settings)
    lock._timer.start(30)  # the old countdown, about to end
    qtbot.wait(300)
    assert not lock.locked
    assert lock.delay_ms == 5 * 60_000


@pytest.mark.usefixtures("real_keyring")
def test_a_keyring_profile_unlocks_with_the_button_alone(
        qtbot: QtBot, make_profile: MakeProfile, ui_settings: QSettings) -> None:
    _, profile = make_profile(key_storage=KeyStorageChoice.KEYRING)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("secret timeline", window))
    window.show()
    lock = IdleLock(window, profile, ui_settings)
    try:
        lock.lock()
        assert not lock.screen.passphrase_edit.isVisible()
        QTest.mouseClick(lock.screen.unlock_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not lock.locked, timeout=20_000)
    finally:
        lock.stop()


def test_input_events_cost_no_qt_call(
        qtbot: QtBot, locked_window: tuple[QMainWindow, IdleLock]) -> None:
    """PySide6 6.12 on Python 3.11 loses a reference to None per void Qt call
    (docs/UI.md); the idle lock sees every mouse move, so it must make none."""
    window, lock = locked_window
    lock.apply_preferences(idle_ms=60_000)
    before = sys.getrefcount(None)
    for _ in range(200):
        lock.eventFilter(window, QMouseEvent(
            QEvent.Type.MouseMove, QPointF(5, 5), QPointF(5, 5), Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    assert sys.getrefcount(None) >= before - 5


@pytest.fixture
def demo_locked_window(qtbot: QtBot, tmp_path: Path,
                       ui_settings: QSettings) -> Iterator[tuple[QMainWindow, IdleLock]]:
    """A profile protected like the demo's, by the published DEMO_PASSPHRASE."""
    root = tmp_path / "demo-you"
    create_profile(root, name="You (demo)", agency="DEMO", key_storage=KeyStorageChoice.PASSPHRASE,
                   passphrase=fixed_passphrase(DEMO_PASSPHRASE))
    profile = open_profile(root, passphrase=fixed_passphrase(DEMO_PASSPHRASE))
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("DEMO — Operation Harbour Light", window))
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    lock = IdleLock(window, profile, ui_settings, demo_passphrase=DEMO_PASSPHRASE)
    yield window, lock
    lock.stop()
    profile.close()


def test_the_demo_lock_says_its_passphrase_and_unlocks_with_enter(
        qtbot: QtBot, demo_locked_window: tuple[QMainWindow, IdleLock],
        screenshot: Screenshot) -> None:
    """Issue 11, item 7: the newcomer never chose the demo's passphrase; the lock screen
    tells it and fills it in, so Enter unlocks."""
    window, lock = demo_locked_window
    lock.lock()
    assert lock.screen.demo_note.isVisible()
    assert DEMO_PASSPHRASE in lock.screen.demo_note.text()
    assert lock.screen.passphrase_edit.text() == DEMO_PASSPHRASE
    screenshot(window, "idle-lock-demo")
    QTest.keyClick(lock.screen.passphrase_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not lock.locked, timeout=20_000)
    central = window.centralWidget()
    assert central is not None
    assert central.isVisible()


def test_a_real_profiles_lock_says_no_passphrase(
        qtbot: QtBot, locked_window: tuple[QMainWindow, IdleLock]) -> None:
    _window, lock = locked_window
    lock.lock()
    assert not lock.screen.demo_note.isVisible()
    assert lock.screen.passphrase_edit.text() == ""


def test_the_lock_screen_and_its_refusals_are_in_chinese(
        qtbot: QtBot, locked_window: tuple[QMainWindow, IdleLock], appearance: Appearance,
        screenshot: Screenshot) -> None:
    """Every line of the lock screen in 简体中文, the refusals included (they were the
    service's English lines)."""
    window, lock = locked_window
    lock.apply_preferences(idle_ms=60_000)
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    try:
        lock.lock()
        QTest.keyClick(lock.screen.passphrase_edit, Qt.Key.Key_Return)  # empty
        empty_refusal = lock.screen.error.text()
        QTest.keyClicks(lock.screen.passphrase_edit, "not my passphrase")
        QTest.keyClick(lock.screen.passphrase_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: lock.screen.error.text() != empty_refusal, timeout=20_000)
        screenshot(window, "idle-lock-zh_CN-refused")
        shown = [lock.screen.title.text(), lock.screen.explanation.text(),
                 lock.screen.unlock_button.text(), lock.screen.passphrase_edit.placeholderText(),
                 empty_refusal, lock.screen.error.text()]
        assert all(shown), shown
        assert [text for text in shown if english_words(text)] == []  # the audit's rule
    finally:
        appearance.set_language(Language.ENGLISH)
