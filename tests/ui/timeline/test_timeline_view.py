"""The timeline view keeps the row being read in place while pages come and go."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from liaison_client.profile import Profile
from liaison_client.workspace import TIMELINE_PAGE_SIZE, Workspace
from tests.ui.screen_testing import WAIT_MS
from tests.ui.timeline.seeding import seed_channel
from ui.timeline.timeline_model import WINDOW_ROWS, TimelineModel
from ui.timeline.timeline_view import TimelineView


def shown_view(qtbot: QtBot, workspace: Workspace, channel_id: str) -> TimelineView:
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.show()
    qtbot.waitExposed(view)
    model = TimelineModel(workspace, channel_id, view)
    view.set_timeline(model)
    with qtbot.waitSignal(model.page_loaded, timeout=WAIT_MS):
        model.load_newest()
    qtbot.waitUntil(lambda: not model.busy, timeout=WAIT_MS)
    return view


def row_under_eyes(view: TimelineView) -> tuple[str, int]:
    """The message at the top of the viewport and where its top is drawn."""
    index = view.indexAt(QPoint(1, 1))
    model = view.timeline
    assert model is not None
    assert index.isValid()
    return model.entry_at(index.row()).message_id, view.visualRect(index).top()


@pytest.mark.slow
def test_the_row_being_read_stays_put_while_pages_load_above_and_are_let_go_below(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 12 * TIMELINE_PAGE_SIZE)
    view = shown_view(qtbot, workspace, channel)
    model = view.timeline
    assert model is not None
    bar = view.verticalScrollBar()
    for _ in range(8):
        with qtbot.waitSignal(model.page_loaded, timeout=WAIT_MS):
            bar.setValue(0)  # the officer reaches the top; the older page is read
            reading = row_under_eyes(view)
        qtbot.waitUntil(lambda: not model.busy, timeout=WAIT_MS)
        assert row_under_eyes(view) == reading
        assert model.entry_at(0).message_id != reading[0]  # the page went in above
        assert model.rowCount() <= WINDOW_ROWS
    assert model.has_newer


@pytest.mark.slow
def test_scrolling_down_again_reloads_the_pages_let_go_of_and_ends_at_the_newest(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    count = 10 * TIMELINE_PAGE_SIZE
    channel = seed_channel(profile, workspace, count)
    view = shown_view(qtbot, workspace, channel)
    model = view.timeline
    assert model is not None
    bar = view.verticalScrollBar()
    while model.has_older:
        with qtbot.waitSignal(model.page_loaded, timeout=WAIT_MS):
            bar.setValue(0)
    assert model.entry_at(0).message_id == "m-000000"
    while model.has_newer:
        with qtbot.waitSignal(model.page_loaded, timeout=WAIT_MS):
            bar.setValue(bar.maximum())  # the bottom of what is loaded: the newer page
            reading = row_under_eyes(view)
        qtbot.waitUntil(lambda: not model.busy, timeout=WAIT_MS)
        assert row_under_eyes(view) == reading  # pages let go of above move nothing
        assert model.rowCount() <= WINDOW_ROWS
    assert model.entry_at(model.rowCount() - 1).message_id == f"m-{count - 1:06d}"
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: not model.busy, timeout=WAIT_MS)
    assert not model.canFetchMore()
