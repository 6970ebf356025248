"""The main window over a real, open profile."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import version

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from liaison_client.crypto.identity import format_fingerprint
from liaison_client.profile import NewProfile, Profile
from liaison_client.sync.connection import ConnectionState
from liaison_client.workspace import Workspace
from tests.ui.screen_testing import Screenshot
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.preferences import Theme


@pytest.fixture
def profile(make_profile: Callable[..., tuple[NewProfile, Profile]]) -> Profile:
    _, opened = make_profile(name="Li Wei", agency="广州海关 Guangzhou Customs")
    return opened


@pytest.fixture
def window(qtbot: QtBot, profile: Profile, appearance: Appearance) -> MainWindow:
    window = MainWindow(profile, appearance)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.operations_loaded, timeout=10_000):
        window.show()
    return window


def test_without_operations_both_panes_explain_why_they_are_empty(
        window: MainWindow, screenshot: Screenshot) -> None:
    assert window.operations_screen.showing_empty_state
    assert window.operations_screen.empty_state.title == "No operations yet"
    assert "coordinator will invite you" in window.operations_screen.empty_state.body
    assert window.timeline_screen.showing_empty_state
    screenshot(window, "main-window-light")


def test_identity_panel_shows_who_this_device_is(window: MainWindow, profile: Profile) -> None:
    who = profile.whoami()
    panel = window.identity_panel
    assert panel.name_label.text() == "Li Wei"
    assert panel.agency_label.text() == "广州海关 Guangzhou Customs"
    assert panel.device_field.value_label.text() == who.device_id
    assert panel.fingerprint_field.value_label.text() == format_fingerprint(who.fingerprint)


def test_copy_button_copies_the_exact_fingerprint(qtbot: QtBot, window: MainWindow,
                                                   profile: Profile) -> None:
    QGuiApplication.clipboard().clear()
    window.identity_panel.fingerprint_field.copy_button.click()
    assert QGuiApplication.clipboard().text() == profile.whoami().fingerprint


@pytest.mark.slow
def test_status_bar_names_the_profile_and_says_no_relay_is_configured(
        window: MainWindow, profile: Profile) -> None:
    assert str(profile.layout.root) in window.status_bar.profile_label.text()
    assert window.status_bar.relay_state is ConnectionState.NO_RELAY
    assert "No relay configured" in window.status_bar.relay_label.text()


@pytest.mark.slow
def test_stored_operations_replace_the_empty_state(
        qtbot: QtBot, profile: Profile, appearance: Appearance, screenshot: Screenshot) -> None:
    names = ["Operation Tidewater", "联合行动 蓝海", "Operation Kestrel"]
    with Workspace(profile, None) as workspace:
        for name in names:
            workspace.channels.create(name)
    window = MainWindow(profile, appearance)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.operations_loaded, timeout=10_000):
        window.show()
    panel = window.operations_screen
    assert not panel.showing_empty_state
    shown = [panel.model.index(row).data() for row in range(panel.model.rowCount())]
    assert sorted(shown) == sorted(names)
    row = shown.index("联合行动 蓝海")
    panel.list_view.setCurrentIndex(panel.model.index(row))
    panel.list_view.clicked.emit(panel.model.index(row))
    assert window.timeline_screen._heading.text() == "联合行动 蓝海"
    screenshot(window, "main-window-operations")


@pytest.mark.slow
def test_dark_theme_screenshot(window: MainWindow, appearance: Appearance,
                               screenshot: Screenshot) -> None:
    appearance.set_theme(Theme.DARK)
    assert window.palette().window().color().name() == "#17181b"
    screenshot(window, "main-window-dark")


def test_identity_panel_can_be_hidden_from_the_view_menu(window: MainWindow) -> None:
    window.identity_action.trigger()
    assert window.identity_panel.isHidden()
    window.identity_action.trigger()
    assert not window.identity_panel.isHidden()


def test_about_names_the_installed_version(window: MainWindow) -> None:
    assert f"<b>Liaison {version('liaison')}</b>" in window.about_text()
    # Run from the checkout, not a bundle: no commit or manifest to show.
    assert "Source install (not a signed build)." in window.about_text()
