"""Settings → Relay: the relay in use, and changing its address or pinned CA.

Real relay processes on 127.0.0.1, real registered profiles, the real service
thread and SyncController: a change is checked against the relay, saved whole or
not at all, shown in place, and the running sync reconnects without a restart.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from liaison_client.profile import NewProfile, Profile
from liaison_client.relay_connection import RelaySettings
from liaison_client.sync.engine import ConnectionState, SyncReport
from tests.relay.relay_process import RelayProcess, start_relay
from tests.sync.conftest import Officer, OfficerFactory, make_officer, relay, start_relay_process
from tests.ui.screen_testing import Screenshot
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.operations import ServiceOp, wait_for_background_work
from ui.preferences import Language
from ui.settings.relay_section import RelaySection
from ui.settings.settings_dialog import SettingsDialog
from ui.sync.controller import SyncController
from ui.widgets.inline_message import Tone

__all__ = ["make_officer", "relay", "start_relay_process"]

MakeProfile = Callable[..., tuple[NewProfile, Profile]]


@pytest.fixture
def officer(make_officer: OfficerFactory) -> Officer:
    return make_officer("Li Wei", "Guangzhou Customs")


def open_dialog(qtbot: QtBot, appearance: Appearance, ui_settings: QSettings,
                profile: Profile) -> SettingsDialog:
    dialog = SettingsDialog(appearance, ui_settings=ui_settings, profile=profile)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.relay.relay is not None
                    or "No relay" in dialog.relay.relay_label.text(), timeout=10_000)
    return dialog


def saved_relay(qtbot: QtBot, parent: QWidget, profile: Profile) -> RelaySettings:
    """Read what the store holds, on the service thread like the app does."""
    found: list[RelaySettings | None] = []
    (ServiceOp(parent, lambda: RelaySettings.load(profile.store.settings))
     .success(found.append).run_in_background())
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    assert found[0] is not None
    return found[0]


def try_relay(qtbot: QtBot, section: RelaySection, url: str, ca_file: Path | None = None) -> None:
    section.url_edit.setText(url)
    section.ca_edit.setText("" if ca_file is None else str(ca_file))
    with qtbot.waitSignal(section.check_finished, timeout=30_000):
        section.apply_button.click()


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.mark.slow
def test_the_relay_in_use_is_shown_with_how_it_is_trusted(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings,
        make_profile: MakeProfile, screenshot: Screenshot) -> None:
    _, profile = make_profile()
    RelaySettings(url="https://relay.customs.example", ca_pem="-----BEGIN CERTIFICATE-----",
                  registration={}).save(profile.store.settings)
    dialog = open_dialog(qtbot, appearance, ui_settings, profile)
    section = dialog.relay
    assert section.relay_label.text() == "https://relay.customs.example"
    assert section.trust_label.text() == "Trusted through its pinned CA certificate."
    assert section.url_edit.text() == "https://relay.customs.example"
    assert section.system_ca_check.isVisible()
    screenshot(dialog, "settings-relay")
    dialog.language_combo.setCurrentIndex(  # the runtime switch, as the officer makes it
        dialog.language_combo.findData(str(Language.SIMPLIFIED_CHINESE)))
    qtbot.waitUntil(lambda: section.trust_label.text() == "通过固定的 CA 证书验证。",
                    timeout=5_000)
    assert dialog.close_button.text() == "关闭(&C)"
    screenshot(dialog, "settings-relay-zh_CN")


def test_a_profile_without_relay_says_so_and_offers_no_change(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings,
        make_profile: MakeProfile) -> None:
    _, profile = make_profile()
    dialog = open_dialog(qtbot, appearance, ui_settings, profile)
    assert "No relay" in dialog.relay.relay_label.text()
    assert not dialog.relay.apply_button.isVisible()


def test_plain_http_to_another_computer_is_refused_at_once(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings, officer: Officer) -> None:
    dialog = open_dialog(qtbot, appearance, ui_settings, officer.profile)
    section = dialog.relay
    section.url_edit.setText("http://relay.example.gov")
    section.apply_button.click()  # refused before any service call: nothing to wait for
    assert section.message.tone is Tone.ERROR
    assert "https://relay.example.gov" in section.message.text()
    assert section.url_edit.text() == "http://relay.example.gov"


def test_an_unreachable_relay_is_refused_inline_in_chinese_and_nothing_is_saved(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings, officer: Officer,
        relay: RelayProcess, screenshot: Screenshot) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    dialog = open_dialog(qtbot, appearance, ui_settings, officer.profile)
    dead = closed_port_url()
    try_relay(qtbot, dialog.relay, dead)

    assert dialog.relay.message.tone is Tone.ERROR
    assert dialog.relay.message.text().startswith("未保存：无法连接到中继服务器。")
    assert dialog.relay.url_edit.text() == dead  # kept for correcting
    assert saved_relay(qtbot, dialog, officer.profile).url == relay.url
    screenshot(dialog, "settings-relay-unreachable-zh_CN")


def test_a_relay_that_does_not_know_this_device_is_refused_and_nothing_is_saved(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings, officer: Officer,
        relay: RelayProcess, tmp_path: Path) -> None:
    stranger = start_relay(tmp_path / "stranger-relay", *relay.args)
    try:
        dialog = open_dialog(qtbot, appearance, ui_settings, officer.profile)
        try_relay(qtbot, dialog.relay, stranger.url)
    finally:
        stranger.stop()
    assert "does not know this device" in dialog.relay.message.text()
    assert saved_relay(qtbot, dialog, officer.profile).url == relay.url


def test_a_ca_file_that_is_not_a_certificate_is_refused_and_nothing_is_saved(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings, officer: Officer,
        relay: RelayProcess, tmp_path: Path) -> None:
    not_pem = tmp_path / "relay-ca.pem"
    not_pem.write_text("this is not a certificate\n")
    dialog = open_dialog(qtbot, appearance, ui_settings, officer.profile)
    try_relay(qtbot, dialog.relay, relay.url, not_pem)
    assert "not a PEM certificate" in dialog.relay.message.text()
    assert saved_relay(qtbot, dialog, officer.profile).ca_pem is None


def test_a_moved_relay_is_saved_from_the_main_window_and_sync_reconnects_without_restart(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings, officer: Officer,
        relay: RelayProcess, screenshot: Screenshot) -> None:
    controller = SyncController(officer.profile, officer.workspace, retry_delays=(0.2,))
    window = MainWindow(officer.profile, appearance, officer.workspace, controller,
                        ui_settings=ui_settings)
    qtbot.addWidget(window)
    try:
        controller.start()
        qtbot.waitUntil(lambda: controller.state == ConnectionState.ONLINE, timeout=15_000)
        relay.stop()
        moved = start_relay(relay.data_dir, *relay.args)
        try:
            qtbot.waitUntil(lambda: controller.state != ConnectionState.ONLINE, timeout=30_000)
            dialog = window.open_settings()
            qtbot.waitUntil(lambda: dialog.relay.relay is not None, timeout=10_000)
            assert dialog.relay.url_edit.text() == relay.url
            try_relay(qtbot, dialog.relay, moved.url)

            assert dialog.relay.message.tone is Tone.INFO
            assert dialog.relay.relay_label.text() == moved.url
            qtbot.waitUntil(lambda: controller.state == ConnectionState.ONLINE, timeout=30_000)
            assert saved_relay(qtbot, window, officer.profile).url == moved.url
            screenshot(dialog, "settings-relay-saved")
        finally:
            controller.stop()
            assert wait_for_background_work(30_000)
            moved.stop()
    finally:
        window.close()


def test_without_a_sync_controller_the_window_hands_the_workspace_the_new_relay(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings, officer: Officer,
        relay: RelayProcess) -> None:
    window = MainWindow(officer.profile, appearance, officer.workspace, None,
                        ui_settings=ui_settings)
    qtbot.addWidget(window)
    relay.stop()
    moved = start_relay(relay.data_dir, *relay.args)
    try:
        dialog = window.open_settings()
        qtbot.waitUntil(lambda: dialog.relay.relay is not None, timeout=10_000)
        try_relay(qtbot, dialog.relay, moved.url)
        assert dialog.relay.message.tone is Tone.INFO
        reports: list[SyncReport] = []
        (ServiceOp(window, officer.workspace.sync)  # queued after the window's reload
         .success(reports.append).run_in_background())
        qtbot.waitUntil(lambda: bool(reports), timeout=30_000)
        assert reports[0].connection is ConnectionState.ONLINE
    finally:
        assert wait_for_background_work(30_000)
        moved.stop()
        window.close()


def test_enter_in_the_address_checks_the_relay_and_keeps_settings_open(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings, officer: Officer) -> None:
    dialog = open_dialog(qtbot, appearance, ui_settings, officer.profile)
    section = dialog.relay
    section.url_edit.setText("http://relay.example.gov")
    section.url_edit.setFocus()
    QTest.keyClick(section.url_edit, Qt.Key.Key_Return)
    assert section.message.tone is Tone.ERROR  # checked (and refused: plain http)
    assert dialog.isVisible()
