"""Edits the merge refuses after the dialog opened: the dialog says why and keeps the fields."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from liaison_client.profile import Profile
from liaison_client.workspace import Workspace
from tests.ui.screen_testing import WAIT_MS
from tests.ui.watchlists.tab_driving import open_tab
from tests.ui.watchlists.test_watchlists_screen import LIST, seeded
from ui.appearance import Appearance


def test_an_edit_to_a_list_locked_meanwhile_is_refused_in_the_dialog(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    channel = seeded(workspace)
    _window, screen = open_tab(qtbot, profile, appearance, workspace, channel, rows=4)
    target = next(e for e in workspace.watchlists.entries(channel, LIST) if e.kind == "hs")
    assert screen.select_entry(target.entry_id)
    dialog = screen.open_edit_dialog()
    assert dialog is not None
    # The coordinator's lock arrives (here: from this same profile, on the service).
    workspace.watchlists.lock(channel, LIST)
    dialog.note_edit.setText("after the lock")
    dialog.save_button.click()
    qtbot.waitUntil(dialog.refusal.isVisible, timeout=WAIT_MS)
    assert "locked" in dialog.refusal.text()
    assert dialog.isVisible()
    assert dialog.note_edit.text() == "after the lock"
    assert workspace.watchlists.entry(channel, target.entry_id).note == "plastic waste 塑料废物"
    dialog.reject()
