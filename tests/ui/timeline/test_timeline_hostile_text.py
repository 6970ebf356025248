"""Issue 10, item 7 on the desktop: a member's bidi override or invisible character
is shown as a visible marker in the timeline, never obeyed, in what is drawn and in
what a screen reader reads."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from liaison_client.profile import Profile
from liaison_client.workspace import Workspace
from tests.ui.timeline.seeding import seed_channel
from tests.ui.timeline.test_timeline_model import opened

HOSTILE = "invoice_\u202efdp.exe, zero\u200bwidth, \u2066isolated\u2069, bell\x07"


def test_a_bidi_override_in_a_message_shows_as_a_marker(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 3, texts={2: HOSTILE})
    model = opened(qtbot, workspace, channel)
    row = next(r for r in range(model.rowCount()) if model.entry_at(r).message_id == "m-000002")
    index = model.index(row, 0)
    shown = index.data(Qt.ItemDataRole.DisplayRole)
    read_aloud = index.data(Qt.ItemDataRole.AccessibleTextRole)
    for text in (shown, read_aloud):
        assert "invoice_<U+202E>fdp.exe" in text
        assert "zero<U+200B>width" in text
        assert "<U+2066>isolated<U+2069>" in text
        assert "bell\\x07" in text
        assert not {"\u202e", "\u200b", "\u2066", "\u2069", "\x07"} & set(text)
    # The stored message is untouched: only its display is escaped.
    assert model.entry_at(row).text == HOSTILE
