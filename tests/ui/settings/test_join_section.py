"""Settings → Join a relay (issue 11, item 4): a profile created without a relay joins
one with the administrator's token, keeps its history, and sync starts at once.

Real relay processes on 127.0.0.1, real profiles (SQLCipher, vodozemac), the real
service thread, SyncController and main window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from liaison_client.profile import NewProfile, Profile
from liaison_client.relay_connection import RelaySettings
from liaison_client.sync.engine import ConnectionState
from liaison_client.workspace import Workspace
from tests.relay.relay_process import RelayProcess
from tests.sync.conftest import Officer, OfficerFactory, make_officer, relay, start_relay_process
from tests.ui.screen_testing import Screenshot
from tests.ui.settings.test_relay_section import closed_port_url
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.operations import ServiceOp, wait_for_background_work
from ui.preferences import Language
from ui.settings.join_section import JoinSection
from ui.settings.settings_dialog import SettingsDialog
from ui.sync.controller import SyncController
from ui.widgets.inline_message import Tone

__all__ = ["make_officer", "relay", "start_relay_process"]

MakeProfile = Callable[..., tuple[NewProfile, Profile]]
AGENCY = "Zoll Hamburg"


def open_dialog(qtbot: QtBot, appearance: Appearance, ui_settings: QSettings,
                profile: Profile) -> SettingsDialog:
    dialog = SettingsDialog(appearance, ui_settings=ui_settings, profile=profile)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.relay.loaded, timeout=10_000)
    return dialog


def join_section(dialog: SettingsDialog) -> JoinSection:
    section = dialog.relay.join
    assert section is not None
    return section


def try_join(qtbot: QtBot, section: JoinSection, url: str, token: str,
             ca_file: Path | None = None) -> None:
    section.url_edit.setText(url)
    section.ca_edit.setText("" if ca_file is None else str(ca_file))
    section.token_edit.setText(token)
    with qtbot.waitSignal(section.join_finished, timeout=30_000):
        section.join_button.click()


def stored_relay(qtbot: QtBot, parent: SettingsDialog | MainWindow,
                 profile: Profile) -> RelaySettings | None:
    found: list[RelaySettings | None] = []
    (ServiceOp(parent, lambda: RelaySettings.load(profile.store.settings))
     .success(found.append).run_in_background())
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    return found[0]


def test_an_offline_profile_joins_from_settings_keeps_history_and_syncs_without_restart(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings,
        make_profile: MakeProfile, make_officer: OfficerFactory, relay: RelayProcess,
        screenshot: Screenshot) -> None:
    _, profile = make_profile("Anna Schmidt", AGENCY)
    workspace = Workspace.for_profile(profile)
    local = workspace.channels.create("Notes kept offline").channel_id
    controller = SyncController(profile, workspace, retry_delays=(0.2,))
    window = MainWindow(profile, appearance, workspace, controller, ui_settings=ui_settings)
    qtbot.addWidget(window)
    try:
        controller.start()
        qtbot.waitUntil(lambda: controller.state == ConnectionState.NO_RELAY, timeout=15_000)
        dialog = window.open_settings()
        qtbot.waitUntil(lambda: dialog.relay.loaded, timeout=10_000)
        section = join_section(dialog)
        assert section.isVisible()
        assert not dialog.relay.apply_button.isVisible()
        section.url_edit.setText(relay.url)
        screenshot(dialog, "settings-join-relay")
        try_join(qtbot, section, relay.url, relay.enroll(AGENCY))

        assert dialog.relay.message.tone is Tone.INFO, dialog.relay.message.text()
        assert dialog.relay.relay_label.text() == relay.url
        assert not section.isVisible()
        assert dialog.relay.apply_button.isVisible()  # now a relay like any other
        assert section.token_edit.text() == ""  # the one-time secret is not kept
        screenshot(dialog, "settings-join-relay-joined")
        # No restart: the running sync switched to the relay.
        qtbot.waitUntil(lambda: controller.state == ConnectionState.ONLINE, timeout=30_000)
        # A colleague reaches the device: invited, then a message arrives and decrypts
        # (the one-time keys published at joining were committed and are in use).
        li: Officer = make_officer("Li Wei", "Guangzhou Customs")
        channel = li.workspace.channels.create("Op Jade").channel_id
        assert li.workspace.channels.invite(channel, profile.device_id, name="Anna").accepted
        li.workspace.sending.send_text(channel, "货柜 TGHU8812341 已查获")
        texts: list[list[str]] = []

        def read() -> None:
            (ServiceOp(window, lambda: [c.channel_id for c in workspace.channels.all()])
             .success(lambda ids: texts.append(
                 [e.text for e in workspace.timeline.messages(channel)] if channel in ids
                 else [])).run_in_background())

        def arrived() -> bool:
            controller.request_sync()
            read()
            return bool(texts) and "货柜 TGHU8812341 已查获" in texts[-1]

        qtbot.waitUntil(arrived, timeout=30_000)
        ids: list[list[str]] = []
        (ServiceOp(window, lambda: [c.channel_id for c in workspace.channels.all()])
         .success(ids.append).run_in_background())
        qtbot.waitUntil(lambda: bool(ids), timeout=10_000)
        assert local in ids[0]  # history kept
    finally:
        controller.stop()
        assert wait_for_background_work(30_000)
        window.close()
        workspace.close()


def test_a_token_for_another_agency_is_refused_in_chinese_and_nothing_is_saved(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings,
        make_profile: MakeProfile, relay: RelayProcess, screenshot: Screenshot) -> None:
    _, profile = make_profile("Anna Schmidt", AGENCY)
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    dialog = open_dialog(qtbot, appearance, ui_settings, profile)
    section = join_section(dialog)
    try_join(qtbot, section, relay.url, relay.enroll("Guangzhou Customs"))
    assert section.message.tone is Tone.ERROR
    assert section.message.text().startswith("未加入：")
    assert "Zoll Hamburg" in section.message.text()
    assert section.url_edit.text() == relay.url  # kept for correcting
    assert section.isVisible()
    assert stored_relay(qtbot, dialog, profile) is None
    screenshot(dialog, "settings-join-relay-refused-zh_CN")


def test_an_unreachable_relay_is_refused_inline_and_nothing_is_saved(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings,
        make_profile: MakeProfile) -> None:
    _, profile = make_profile("Anna Schmidt", AGENCY)
    dialog = open_dialog(qtbot, appearance, ui_settings, profile)
    section = join_section(dialog)
    try_join(qtbot, section, closed_port_url(), "token")
    assert section.message.tone is Tone.ERROR
    assert section.message.text().startswith("Not joined: ")
    assert section.join_button.isEnabled()
    assert stored_relay(qtbot, dialog, profile) is None


@pytest.mark.parametrize(("url", "token", "needle"), [
    ("http://relay.example.gov", "t", "https://relay.example.gov"),
    ("https://relay.example.gov", "  ", "enrollment token"),
])
def test_bad_fields_are_refused_at_once(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings,
        make_profile: MakeProfile, url: str, token: str, needle: str) -> None:
    _, profile = make_profile("Anna Schmidt", AGENCY)
    dialog = open_dialog(qtbot, appearance, ui_settings, profile)
    section = join_section(dialog)
    section.url_edit.setText(url)
    section.token_edit.setText(token)
    section.join_button.click()  # refused before any service call
    assert section.message.tone is Tone.ERROR
    assert needle in section.message.text()
    assert section.join_button.isEnabled()


def test_a_relay_it_locked_is_shown_read_only(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings,
        make_profile: MakeProfile, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    system = tmp_path / "system.toml"
    system.write_text('relay_url = "https://relay.customs.example"\n'
                      'officer_may_change = []\n', encoding="utf-8")
    monkeypatch.setenv("LIAISON_SYSTEM_CONFIG", str(system))
    _, profile = make_profile("Anna Schmidt", AGENCY)
    dialog = open_dialog(qtbot, appearance, ui_settings, profile)
    section = join_section(dialog)
    assert section.url_edit.text() == "https://relay.customs.example"
    assert section.url_edit.isReadOnly()
    assert "IT department" in section.url_edit.accessibleDescription()
    assert not section.token_edit.isReadOnly()
