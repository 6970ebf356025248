"""The message actions' keys work inside the real main window (issue 11, message
actions): none of them is also a window-wide shortcut there (Qt fires neither of two
bindings of one key, so Ctrl+I and Ctrl+Shift+C, the main window's, were dead on a
message; Alt+R is the members panel's "&Remove…" mnemonic). Real relay process: the
details list Anna, the one other member."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.ui.main_window.test_live_channel import Live, live, open_channel
from tests.ui.screen_testing import WAIT_MS

__all__ = ["live"]


@pytest.mark.shared_relay
def test_message_keys_reach_the_timeline_in_the_main_window(qtbot: QtBot, live: Live) -> None:
    open_channel(qtbot, live)
    screen = live.window.timeline_screen
    screen.send_text("Reefer MSKU 7654321 at berth 4")
    timeline = screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: live.states_of("Reefer MSKU 7654321 at berth 4") == ["sent"]
                    or live.states_of("Reefer MSKU 7654321 at berth 4") == ["delivered"],
                    timeout=WAIT_MS)
    row = next(r for r in range(timeline.rowCount())
               if timeline.entry_at(r).text == "Reefer MSKU 7654321 at berth 4")
    view = screen.list_view
    view.setCurrentIndex(timeline.index(row))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=WAIT_MS)
    clipboard = QGuiApplication.clipboard()
    QTest.keyClick(view, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert clipboard.text() == timeline.entry_at(row).message_id
    QTest.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: screen.details_dialog is not None
                    and screen.details_dialog.isVisible(), timeout=WAIT_MS)
    dialog = screen.details_dialog
    assert dialog is not None
    # The relay holds it for Anna (or she has it already): one member, by name.
    assert dialog.delivery_label.text() in ("Delivered to 0 of 1 members",
                                            "Delivered to 1 of 1 members")
    member = dialog.delivery_list.topLevelItem(0)
    assert member is not None
    assert member.text(0) == "Anna Schmidt"
    dialog.reject()
    qtbot.waitUntil(lambda: screen.details_dialog is None, timeout=WAIT_MS)
    live.window.activateWindow()  # offscreen: the window is active again only when asked
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=WAIT_MS)
    QTest.keyClick(view, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert screen.reply_banner.isVisible()
