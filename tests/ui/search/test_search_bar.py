"""Ctrl+F searches the open operation (the store's FTS) and jumps to the hit, loading
the older pages it needs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from liaison_client.profile import Profile
from liaison_client.workspace import TIMELINE_PAGE_SIZE, Workspace
from tests.ui.screen_testing import WAIT_MS, Screenshot
from tests.ui.timeline.conftest import profile, workspace
from tests.ui.timeline.seeding import seed_channel
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.timeline.timeline_model import TimelineRole

__all__ = ["profile", "workspace"]

HIT = "Reefer MSKU 7654321: 走私 contraband behind the fruit"


def window_on(qtbot: QtBot, profile: Profile, appearance: Appearance,
              workspace: Workspace, count: int) -> MainWindow:
    channel = seed_channel(profile, workspace, count, texts={150: HIT})
    window = MainWindow(profile, appearance, workspace)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.operations_loaded, timeout=WAIT_MS):
        window.show()
    window.operations_screen.select(channel)
    timeline = window.timeline_screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: timeline.rowCount() >= TIMELINE_PAGE_SIZE and not timeline.busy,
                    timeout=WAIT_MS)
    return window


@pytest.mark.slow
def test_a_search_hit_far_above_the_loaded_pages_is_loaded_scrolled_to_and_highlighted(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
        screenshot: Screenshot) -> None:
    window = window_on(qtbot, profile, appearance, workspace, 2_000)
    timeline = window.timeline_screen.timeline
    assert timeline is not None
    assert timeline.row_of("m-000150") is None
    QTest.keySequence(window, "Ctrl+F")
    bar = window.timeline_screen.search_bar
    assert bar.isVisible()
    assert bar.query_edit.hasFocus()
    bar.query_edit.setText("走私 reefer")
    with qtbot.waitSignal(window.timeline_screen.search_finished, timeout=WAIT_MS):
        QTest.keyClick(bar.query_edit, Qt.Key.Key_Return)
    assert [hit.text for hit in bar.hits] == [HIT]
    with qtbot.waitSignal(timeline.revealed, timeout=WAIT_MS) as revealed:
        bar.results_view.clicked.emit(bar.results_view.model().index(0, 0))
    row = revealed.args[0]
    assert timeline.entry_at(row).message_id == "m-000150"
    assert timeline.data(timeline.index(row), TimelineRole.HIGHLIGHTED) is True
    view = window.timeline_screen.list_view
    assert view.currentIndex().row() == row
    assert view.viewport().rect().intersects(view.visualRect(timeline.index(row)))
    # Only what lies between the hit and the newest page was read, not the whole channel.
    assert timeline.rowCount() < 2_000
    screenshot(window, "main-window-search")


@pytest.mark.slow
def test_a_query_without_hits_says_so(qtbot: QtBot, profile: Profile,
                                      appearance: Appearance, workspace: Workspace) -> None:
    window = window_on(qtbot, profile, appearance, workspace, 300)
    window.timeline_screen.open_search()
    bar = window.timeline_screen.search_bar
    bar.query_edit.setText("nonexistentword")
    with qtbot.waitSignal(window.timeline_screen.search_finished, timeout=WAIT_MS):
        QTest.keyClick(bar.query_edit, Qt.Key.Key_Return)
    assert bar.hits == []
    assert bar.status_label.text() == "No messages match."
    QTest.keyClick(bar.query_edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
