""""Try a demo workspace" on the wizard's first page: the newcomer without a token sees
the product on the demo (embedded relay, demo profiles), and no real profile is created."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget, QWizard
from pytestqt.qtbot import QtBot

from liaison_client.demo_workspace import NEWCOMER_NAME
from liaison_client.sync.connection import ConnectionState
from tests.ui.screen_testing import Screenshot
from ui.appearance import Appearance
from ui.launcher import Launcher
from ui.main_window.main_window import MainWindow
from ui.preferences import Language
from ui.wizard.wizard import FirstRunWizard


def test_the_first_page_offers_the_demo_as_a_secondary_action(
        qtbot: QtBot, tmp_path: Path, appearance: Appearance, screenshot: Screenshot) -> None:
    wizard = FirstRunWizard(tmp_path / "profile", "no OS keyring is available")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    button = wizard.relay_page.demo_button
    assert button.isVisible()
    assert button.text() == "Try a &demo workspace"
    assert button.accessibleName() == "Try a demo workspace"
    assert not button.property("primary")
    screenshot(wizard, "wizard-1-relay-demo")
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    qtbot.waitUntil(lambda: button.text() == "试用演示工作区(&D)", timeout=5_000)
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "下一步(&N) >"
    screenshot(wizard, "wizard-1-relay-demo-zh_CN")


@pytest.mark.slow
def test_choosing_the_demo_creates_nothing_and_opens_the_demo_workspace(
        qtbot: QtBot, tmp_path: Path, appearance: Appearance, ui_settings: QSettings) -> None:
    root = tmp_path / "profile"
    launcher = Launcher(root, appearance, ui_settings=ui_settings)
    screens: list[QWidget] = []
    windows: list[QWidget] = []
    launcher.screen_shown.connect(screens.append)
    launcher.main_window_shown.connect(windows.append)
    try:
        launcher.start()
        qtbot.waitUntil(lambda: bool(screens), timeout=20_000)
        wizard = screens[0]
        assert isinstance(wizard, FirstRunWizard)
        QTest.keyClicks(wizard.relay_page.url_edit, "https://")  # typed, then changed mind
        QTest.mouseClick(wizard.relay_page.demo_button, Qt.MouseButton.LeftButton)

        qtbot.waitUntil(lambda: bool(windows), timeout=60_000)
        window = windows[0]
        assert isinstance(window, MainWindow)
        assert window.windowTitle() == f"Liaison — {NEWCOMER_NAME}"
        assert launcher.demo is not None
        assert launcher.profile is not None
        assert launcher.profile.layout.root == tmp_path / "demo" / "you"
        assert not root.exists()  # the officer's own profile was not created
        sync = launcher.sync
        assert sync is not None
        qtbot.waitUntil(lambda: sync.state == ConnectionState.ONLINE, timeout=30_000)
    finally:
        if launcher.main_window is not None:
            launcher.main_window.close()
        launcher.shutdown()
    assert launcher.demo is None or not launcher.demo.relay.running
