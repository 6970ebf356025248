"""A closed operation in the desktop app: a banner says since when (and when the
history here will be deleted) and the composer is disabled."""

from __future__ import annotations

from datetime import datetime

from pytestqt.qtbot import QtBot

from liaison_client.workspace import Workspace
from ui.screens import ScreenContext
from ui.timeline.timeline_screen import TimelineScreen


def test_a_closed_operation_shows_a_banner_and_no_working_composer(
        qtbot: QtBot, workspace: Workspace) -> None:
    channel_id = workspace.channels.create("Op Jade").channel_id
    screen = TimelineScreen(ScreenContext(workspace))
    qtbot.addWidget(screen)
    screen.show_operation(workspace.channels.get(channel_id))
    screen.show()
    assert screen.closed_banner.isHidden()
    assert screen.composer.isVisible()
    assert screen.composer.isEnabled()

    workspace.lifecycle.set_retention(channel_id, 30)
    workspace.lifecycle.close(channel_id)
    summary = workspace.channels.get(channel_id)
    assert summary.closed_at_ms is not None
    assert summary.history_deleted_at_ms is not None
    screen.update_operation(summary)
    closed_on = datetime.fromtimestamp(summary.closed_at_ms / 1000).astimezone()
    deleted_on = datetime.fromtimestamp(summary.history_deleted_at_ms / 1000).astimezone()
    assert screen.closed_banner.isVisible()
    assert screen.closed_banner.text() == (
        f"This operation was closed on {closed_on:%Y-%m-%d %H:%M}. No more messages or "
        f"reports can be sent to it. Its messages on this computer will be deleted on "
        f"{deleted_on:%Y-%m-%d %H:%M}.")
    assert not screen.composer.isEnabled()
