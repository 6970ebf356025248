"""Settings for notifications, the idle lock and the relay: saved at once, relay shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from liaison_client.net.relay_settings import RelaySettings
from liaison_client.profile import NewProfile, Profile
from ui.appearance import Appearance
from ui.notifications.preferences import NotificationPreferences
from ui.settings.settings_dialog import SettingsDialog

MakeProfile = Callable[..., tuple[NewProfile, Profile]]
Screenshot = Callable[[QWidget, str], Path]


def test_choices_are_saved_the_moment_they_change(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings) -> None:
    dialog = SettingsDialog(appearance, ui_settings=ui_settings)
    qtbot.addWidget(dialog)
    section = dialog.runtime
    assert not section.show_text_check.isChecked()  # the cautious default
    section.show_text_check.setChecked(True)
    section.lock_combo.setCurrentIndex(section.lock_combo.findData(5))
    assert section.lock_combo.currentText() == "After 5 minute(s)"
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


def test_the_relay_in_use_is_shown_with_how_it_is_trusted(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings,
        make_profile: MakeProfile, screenshot: Screenshot) -> None:
    _, profile = make_profile()
    RelaySettings(url="https://relay.customs.example", ca_pem="-----BEGIN CERTIFICATE-----",
                  registration={}).save(profile.store.settings)
    dialog = SettingsDialog(appearance, ui_settings=ui_settings, profile=profile)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "relay.customs.example" in dialog.runtime.relay_label.text(),
                    timeout=10_000)
    assert "pinned CA certificate" in dialog.runtime.relay_label.text()
    screenshot(dialog, "settings-runtime")


def test_a_profile_without_relay_says_so(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings,
        make_profile: MakeProfile) -> None:
    _, profile = make_profile()
    dialog = SettingsDialog(appearance, ui_settings=ui_settings, profile=profile)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "No relay" in dialog.runtime.relay_label.text(), timeout=10_000)
