"""Issue 11, item 13: the first demo start shows a window at once and says what it does;
focus starts in the composer; the demo's menu leads to a real profile.

Real launcher, real embedded relay, real demo profiles (no mocks); the start time
itself is measured in bench/ui_demo_start.py, not here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.screen_testing import Screenshot
from ui.appearance import Appearance
from ui.launcher import Launcher
from ui.main_window.main_window import MainWindow
from ui.preferences import Language
from ui.startup.starting_screen import StartingScreen
from ui.wizard.wizard import FirstRunWizard


@pytest.mark.slow
def test_the_start_screen_is_up_at_once_and_the_main_window_replaces_it_focus_in_composer(
        qtbot: QtBot, tmp_path: Path, appearance: Appearance, ui_settings: QSettings,
        screenshot: Screenshot) -> None:
    launcher = Launcher(tmp_path / "demo", appearance, demo=True, ui_settings=ui_settings,
                        real_root=tmp_path / "real")
    shown: list[MainWindow] = []
    launcher.main_window_shown.connect(shown.append)
    try:
        launcher.start()
        # Up before the event loop even ran once: no waiting for the service call.
        starting = launcher.starting
        assert isinstance(starting, StartingScreen)
        assert starting.isVisible()
        assert starting.heading.text() == "Preparing the demo workspace…"
        assert starting.quit_button.accessibleName() == "Quit Liaison"
        steps: list[str] = []
        qtbot.waitUntil(lambda: "demo profile" in starting.step_label.text()
                        or bool(shown), timeout=30_000)
        steps.append(starting.step_label.text())
        screenshot(starting, "demo-start-screen")
        qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
        window = shown[0]
        assert launcher.starting is None
        assert not starting.isVisible() if _alive(starting) else True
        assert any("demo profile" in step for step in steps)
        # The demo operation opens by itself, and the newcomer types at once.
        qtbot.waitUntil(lambda: window.timeline_screen.channel is not None, timeout=10_000)
        qtbot.waitUntil(
            lambda: window.focusWidget() is window.timeline_screen.composer.edit,
            timeout=5_000)
        assert window.real_profile_action.isVisible()
        assert window.real_profile_action.text() == "Set up a &real profile…"
    finally:
        if launcher.main_window is not None:
            launcher.main_window.close()
        launcher.shutdown()


def test_the_start_screen_speaks_chinese(
        qtbot: QtBot, appearance: Appearance, screenshot: Screenshot) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    screen = StartingScreen(demo=True)
    qtbot.addWidget(screen)
    screen.show()
    from liaison_client.demo_workspace import DemoStep
    screen.show_step(DemoStep.YOUR_PROFILE)
    assert screen.heading.text() == "正在准备演示工作区…"
    assert screen.quit_button.text() == "退出(&Q)"
    assert "演示档案" in screen.step_label.text()
    screenshot(screen, "demo-start-screen-zh_CN")


@pytest.mark.slow
def test_set_up_a_real_profile_leaves_the_demo_for_the_wizard(
        qtbot: QtBot, tmp_path: Path, appearance: Appearance, ui_settings: QSettings) -> None:
    real = tmp_path / "real"
    launcher = Launcher(tmp_path / "demo", appearance, demo=True, ui_settings=ui_settings,
                        real_root=real)
    windows: list[MainWindow] = []
    screens: list[QWidget] = []
    quits: list[bool] = []
    launcher.main_window_shown.connect(windows.append)
    launcher.screen_shown.connect(screens.append)
    launcher.quit_requested.connect(lambda: quits.append(True))
    try:
        launcher.start()
        qtbot.waitUntil(lambda: bool(windows), timeout=60_000)
        demo = launcher.demo
        assert demo is not None
        relay_url = demo.relay.url
        windows[0].real_profile_action.trigger()
        qtbot.waitUntil(lambda: bool(screens), timeout=30_000)
        wizard = screens[0]
        assert isinstance(wizard, FirstRunWizard)
        assert wizard._root == real
        assert launcher.demo is None
        assert launcher.main_window is None
        assert quits == []  # the app goes on
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{relay_url}/openapi.json", timeout=5)
        wizard.close()
    finally:
        launcher.shutdown()


@pytest.mark.slow
def test_quit_on_the_start_screen_ends_the_start_and_closes_what_was_opened(
        qtbot: QtBot, tmp_path: Path, appearance: Appearance, ui_settings: QSettings) -> None:
    launcher = Launcher(tmp_path / "demo", appearance, demo=True, ui_settings=ui_settings)
    windows: list[MainWindow] = []
    launcher.main_window_shown.connect(windows.append)
    with qtbot.waitSignal(launcher.quit_requested, timeout=5_000):
        launcher.start()
        starting = launcher.starting
        assert starting is not None
        starting.quit_button.click()
    launcher.shutdown()  # waits for the demo start, then closes it
    QApplication.processEvents()
    assert windows == []
    assert launcher.demo is None
    assert launcher.profile is None


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:
        return False
    return True
