"""Opening the Watch-lists tab of the real main window, and answering its dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from liaison_client.profile import Profile
from liaison_client.workspace import Workspace
from tests.ui.screen_testing import WAIT_MS
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.operations import wait_for_background_work
from ui.watchlists.watchlists_screen import WatchlistsScreen

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def open_tab(qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
             channel_id: str, *, rows: int = 0) -> tuple[MainWindow, WatchlistsScreen]:
    window = MainWindow(profile, appearance, workspace)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    with qtbot.waitSignal(window.operations_loaded, timeout=WAIT_MS):
        window.show()
    screen = window.watchlists_screen
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        window.operations_screen.select(channel_id)
    window.operation_tabs.setCurrentWidget(screen)
    qtbot.waitUntil(lambda: screen.model.rowCount() >= rows, timeout=WAIT_MS)
    return window, screen


def reloaded(qtbot: QtBot, screen: WatchlistsScreen) -> None:
    """Wait for the load the last action started."""
    qtbot.waitUntil(lambda: not screen.loading, timeout=WAIT_MS)
    assert wait_for_background_work(WAIT_MS)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not screen.loading, timeout=WAIT_MS)


def answer_next_box(button_text: str) -> None:
    """Click ``button_text`` in the next message box (a confirmation run with exec())."""
    def click() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                for button in widget.buttons():
                    if button.text().replace("&", "") == button_text:
                        button.click()
                        return
        QTimer.singleShot(50, click)
    QTimer.singleShot(50, click)
