"""Settings for notifications and the idle lock: saved the moment they change."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from ui.appearance import Appearance
from ui.notifications.preferences import NotificationPreferences
from ui.settings.settings_dialog import SettingsDialog


def test_choices_are_saved_the_moment_they_change(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings) -> None:
    dialog = SettingsDialog(appearance, ui_settings=ui_settings)
    qtbot.addWidget(dialog)
    section = dialog.runtime
    assert not section.show_text_check.isChecked()  # the cautious default
    section.show_text_check.setChecked(True)
    section.lock_combo.setCurrentIndex(section.lock_combo.findData(5))
    assert section.lock_combo.currentText() == "After 5 minutes"
    assert NotificationPreferences.load(ui_settings) == NotificationPreferences(True, True, 5)
    section.notify_check.setChecked(False)
    assert not section.show_text_check.isEnabled()
    assert not NotificationPreferences.load(ui_settings).enabled


def test_a_hand_saved_delay_outside_the_list_is_shown_and_kept(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings) -> None:
    NotificationPreferences(lock_after_minutes=7).save(ui_settings)
    dialog = SettingsDialog(appearance, ui_settings=ui_settings)
    qtbot.addWidget(dialog)
    assert dialog.runtime.lock_combo.currentData() == 7
    assert dialog.runtime.preferences().lock_after_minutes == 7
