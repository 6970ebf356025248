"""``liaison-desktop --demo``: the launcher opens the demo workspace on an embedded relay,
and the demo officer's messages arrive through the real sync controller."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from liaison_client.demo_workspace import DEMO_CHANNEL, DEMO_OFFICER_NAME, SCRIPT
from liaison_client.sync.connection import ConnectionState
from tests.ui.screen_testing import Screenshot
from ui.appearance import Appearance
from ui.launcher import Launcher
from ui.main_window.main_window import MainWindow


@pytest.mark.slow
def test_the_demo_opens_connected_and_the_demo_officer_talks_then_everything_stops(
        qtbot: QtBot, tmp_path: Path, appearance: Appearance, ui_settings: QSettings,
        screenshot: Screenshot) -> None:
    launcher = Launcher(tmp_path / "demo", appearance, demo=True, ui_settings=ui_settings)
    shown: list[QWidget] = []
    launcher.main_window_shown.connect(shown.append)
    arrived: list[tuple[str, str, str, str]] = []
    try:
        launcher.start()
        qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
        window = shown[0]
        assert isinstance(window, MainWindow)
        sync = launcher.sync
        assert sync is not None
        sync.new_messages.connect(arrived.extend)
        elsewhere = QWidget()  # the officer switches to another window
        qtbot.addWidget(elsewhere)
        elsewhere.show()
        elsewhere.activateWindow()
        qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=5000)
        qtbot.waitUntil(lambda: sync.state == ConnectionState.ONLINE, timeout=20_000)
        qtbot.waitUntil(lambda: len(arrived) >= 2, timeout=30_000)
        assert arrived[0][1:] == (DEMO_CHANNEL, DEMO_OFFICER_NAME, SCRIPT[0])
        # The main window was not active: the officer was told, without the text.
        assert launcher.notifier is not None
        assert launcher.notifier.last_shown is not None
        assert SCRIPT[0] not in "".join(launcher.notifier.last_shown)
        # The newcomer sees the exchange at once: the demo operation opened by itself.
        qtbot.waitUntil(lambda: window.timeline_screen.channel is not None, timeout=10_000)
        channel = window.timeline_screen.channel
        assert channel is not None
        assert channel.name == DEMO_CHANNEL
        qtbot.waitUntil(lambda: SCRIPT[0] in _timeline_texts(window), timeout=10_000)
        screenshot(window, "demo-main-window")
        demo = launcher.demo
        assert demo is not None
        relay_url = demo.relay.url
    finally:
        if launcher.main_window is not None:
            launcher.main_window.close()
        launcher.shutdown()
    assert launcher.demo is None
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{relay_url}/openapi.json", timeout=5)


def _timeline_texts(window: MainWindow) -> list[str]:
    timeline = window.timeline_screen.timeline
    if timeline is None:
        return []
    return [str(timeline.data(timeline.index(row))) for row in range(timeline.rowCount())]
