"""New-message notifications: only when the window is inactive, text only when enabled."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.notifications.notifier import EXCERPT_CHARS, MessageNotifier
from ui.notifications.preferences import DEFAULT_LOCK_MINUTES, NotificationPreferences

SECRET = "Container MSCU 482 917-3 flagged 已列入查验名单"
ARRIVED = [("c1", "Operation Harbour Light", "Chen Jing", SECRET)]


def notifier_for(qtbot: QtBot, settings: QSettings, **preferences: object) -> MessageNotifier:
    NotificationPreferences(**preferences).save(settings)  # type: ignore[arg-type]
    window = QWidget()  # never shown, so never the active window
    qtbot.addWidget(window)
    return MessageNotifier(window, settings)


def test_by_default_a_notification_carries_no_text_and_no_operation_name(
        qtbot: QtBot, ui_settings: QSettings) -> None:
    notifier = notifier_for(qtbot, ui_settings)
    notifier.notify(ARRIVED)
    assert notifier.last_shown is not None
    title, body = notifier.last_shown
    assert SECRET not in title + body
    assert "Harbour Light" not in title + body
    assert "1" in body


def test_with_text_enabled_it_shows_sender_operation_and_an_excerpt(
        qtbot: QtBot, ui_settings: QSettings) -> None:
    notifier = notifier_for(qtbot, ui_settings, show_text=True)
    long_text = "x" * (EXCERPT_CHARS * 2)
    notifier.notify([*ARRIVED, ("c1", "Operation Harbour Light", "Anna Schmidt", long_text)])
    assert notifier.last_shown is not None
    title, body = notifier.last_shown
    assert title == "Anna Schmidt in Operation Harbour Light"
    assert body.startswith("x" * (EXCERPT_CHARS - 1) + "…")
    assert "(and 1 more)" in body


def test_nothing_is_shown_when_notifications_are_off(
        qtbot: QtBot, ui_settings: QSettings) -> None:
    notifier = notifier_for(qtbot, ui_settings, enabled=False)
    notifier.notify(ARRIVED)
    assert notifier.last_shown is None


def test_nothing_is_shown_while_the_officer_is_looking_at_the_window(
        qtbot: QtBot, ui_settings: QSettings) -> None:
    NotificationPreferences().save(ui_settings)
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    notifier = MessageNotifier(window, ui_settings)
    notifier.notify(ARRIVED)
    assert notifier.last_shown is None


def test_preferences_survive_a_round_trip_and_bad_values_fall_back(
        ui_settings: QSettings) -> None:
    NotificationPreferences(enabled=False, show_text=True, lock_after_minutes=3).save(ui_settings)
    assert NotificationPreferences.load(ui_settings) == NotificationPreferences(False, True, 3)
    ui_settings.setValue("lock/idle_minutes", "soon")
    assert NotificationPreferences.load(ui_settings).lock_after_minutes == DEFAULT_LOCK_MINUTES
