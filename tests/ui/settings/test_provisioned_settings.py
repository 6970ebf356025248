"""IT's locked idle-lock delay and notification-text choice in Settings (pytest-qt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from ui.appearance import Appearance
from ui.notifications.preferences import NotificationPreferences
from ui.settings.settings_dialog import SettingsDialog


def _dialog(qtbot: QtBot, appearance: Appearance, ui_settings: QSettings, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch, system: str) -> SettingsDialog:
    config = tmp_path / "etc.toml"
    config.write_text(system, encoding="utf-8")
    monkeypatch.setenv("LIAISON_SYSTEM_CONFIG", str(config))
    monkeypatch.setenv("LIAISON_PROFILE", str(tmp_path / "home" / "profile"))
    dialog = SettingsDialog(appearance, ui_settings=ui_settings)
    qtbot.addWidget(dialog)
    return dialog


def test_locked_values_are_shown_and_cannot_be_changed(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    NotificationPreferences(show_text=True, lock_after_minutes=30).save(ui_settings)
    dialog = _dialog(qtbot, appearance, ui_settings, tmp_path, monkeypatch,
                     "idle_lock_minutes = 2\nnotification_text = false\n"
                     'officer_may_change = ["relay_ca"]\n')
    runtime = dialog.runtime
    assert runtime.lock_combo.currentData() == 2
    assert not runtime.lock_combo.isEnabled()
    assert "IT department" in runtime.lock_combo.accessibleDescription()
    assert not runtime.show_text_check.isChecked()
    assert not runtime.show_text_check.isEnabled()


def test_values_the_officer_may_change_stay_editable(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = _dialog(qtbot, appearance, ui_settings, tmp_path, monkeypatch,
                     'officer_may_change = ["idle_lock_minutes", "notification_text"]\n')
    assert dialog.runtime.lock_combo.isEnabled()
    assert dialog.runtime.show_text_check.isEnabled() == dialog.runtime.notify_check.isChecked()


def test_a_malformed_file_is_shown_in_settings(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = _dialog(qtbot, appearance, ui_settings, tmp_path, monkeypatch,
                     "idle_lock_minutes = -1\n")
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.error.isVisible()


def test_locked_values_win_over_saved_preferences_at_run_time(
        ui_settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The idle lock and the notifier read NotificationPreferences.load: IT's lock applies
    even if Settings is never opened."""
    NotificationPreferences(show_text=True, lock_after_minutes=30).save(ui_settings)
    config = tmp_path / "etc.toml"
    config.write_text("idle_lock_minutes = 2\nnotification_text = false\n"
                      'officer_may_change = ["relay_ca"]\n', encoding="utf-8")
    monkeypatch.setenv("LIAISON_SYSTEM_CONFIG", str(config))
    assert NotificationPreferences.load(ui_settings) == NotificationPreferences(True, False, 2)
    config.write_text('officer_may_change = ["idle_lock_minutes", "notification_text"]\n')
    assert NotificationPreferences.load(ui_settings) == NotificationPreferences(True, True, 30)
