"""Read receipts in the desktop (issue 11): the coordinator turns them on from the
Operation menu, every member's timeline says so, reading an operation in the window
sends a receipt, and "Message details" says who read an own message. Li Wei's real
window (real SyncController) and Anna Schmidt's profile over a real relay process."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from liaison_client.workspace import EventAction
from tests.ui.main_window.test_live_channel import Live, live, open_channel
from tests.ui.screen_testing import WAIT_MS, Screenshot
from ui.timeline.message_details_dialog import MessageDetailsDialog

__all__ = ["live"]


def _turn_receipts_on(qtbot: QtBot, live: Live) -> None:
    action = live.window.read_receipts_action
    assert action.isEnabled()
    assert action.isCheckable()
    assert not action.isChecked()
    action.trigger()  # checks it, and asks the workspace on the service thread
    qtbot.waitUntil(lambda: live.li.workspace.lifecycle.info(live.channel_id).read_receipts,
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: live.window.operations_screen.model.channel_at(
        live.window.operations_screen.model.row_of(live.channel_id) or 0).read_receipts,
        timeout=WAIT_MS)
    assert action.isChecked()


def _details_of(qtbot: QtBot, live: Live, text: str) -> MessageDetailsDialog:
    screen = live.window.timeline_screen
    timeline = screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: any(timeline.entry_at(r).text == text
                                for r in range(timeline.rowCount())), timeout=WAIT_MS)
    entry = next(timeline.entry_at(r) for r in range(timeline.rowCount())
                 if timeline.entry_at(r).text == text)
    screen.show_details(entry)
    qtbot.waitUntil(lambda: screen.details_dialog is not None
                    and screen.details_dialog.isVisible(), timeout=WAIT_MS)
    dialog = screen.details_dialog
    assert dialog is not None
    return dialog


@pytest.mark.shared_relay
def test_the_coordinator_turns_receipts_on_and_sees_who_read_his_message(
        qtbot: QtBot, live: Live, screenshot: Screenshot) -> None:
    open_channel(qtbot, live)
    _turn_receipts_on(qtbot, live)
    timeline = live.window.timeline_screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: any(
        timeline.entry_at(r).event is not None
        and timeline.entry_at(r).event.action is EventAction.READ_RECEIPTS  # type: ignore[union-attr]
        for r in range(timeline.rowCount())), timeout=WAIT_MS)

    live.window.timeline_screen.send_text("Container TGHU 8812345 cleared")
    qtbot.waitUntil(lambda: live.states_of("Container TGHU 8812345 cleared")
                    in (["sent"], ["delivered"]), timeout=WAIT_MS)
    live.anna.sync()  # Anna learns receipts are on and gets the message
    assert live.anna.workspace.timeline.mark_read(live.channel_id).receipts_queued == 1
    live.anna.sync()  # her receipt leaves

    def read_by_anna() -> bool:
        live.controller.request_sync()
        details = live.li.workspace.timeline.details(
            next(timeline.entry_at(r).message_id for r in range(timeline.rowCount())
                 if timeline.entry_at(r).text == "Container TGHU 8812345 cleared"))
        return details is not None and details.read == 1
    qtbot.waitUntil(read_by_anna, timeout=WAIT_MS)

    dialog = _details_of(qtbot, live, "Container TGHU 8812345 cleared")
    assert dialog.read_label.text() == "Read by 1 of 1 members"
    assert dialog.read_list.isVisible()
    reader = dialog.read_list.topLevelItem(0)
    assert reader is not None
    assert reader.text(0) == "Anna Schmidt"
    assert reader.text(1)  # when, to the second
    QApplication.processEvents()
    screenshot(dialog, "message-details-read-by")
    dialog.reject()


@pytest.mark.shared_relay
def test_reading_in_the_window_sends_a_receipt_to_the_author(
        qtbot: QtBot, live: Live) -> None:
    open_channel(qtbot, live)
    _turn_receipts_on(qtbot, live)
    live.anna.sync()
    sent = live.anna.workspace.sending.send_text(live.channel_id, "Reefer at berth 9")
    assert sent.accepted
    assert sent.message_id is not None
    live.window.activateWindow()  # offscreen: active only when asked
    qtbot.waitUntil(live.window.isActiveWindow, timeout=WAIT_MS)
    # Li's sync takes Anna's message, the open, active operation marks it read, the
    # window is told a receipt was queued and asks the sync loop to send it.
    with qtbot.waitSignal(live.window.operations_screen.receipts_queued, timeout=WAIT_MS):
        live.controller.request_sync()

    def anna_sees_li_read_it() -> bool:
        live.controller.request_sync()
        live.anna.sync()
        details = live.anna.workspace.timeline.details(sent.message_id or "")
        return details is not None and [r.name for r in details.reads] == ["Li Wei"]
    qtbot.waitUntil(anna_sees_li_read_it, timeout=WAIT_MS)


@pytest.mark.shared_relay
def test_with_receipts_off_the_details_say_so_and_list_no_readers(
        qtbot: QtBot, live: Live) -> None:
    open_channel(qtbot, live)
    action = live.window.read_receipts_action
    assert not action.isChecked()
    assert "Members tell each other" in action.toolTip()
    live.window.timeline_screen.send_text("Seal 44821 intact")
    dialog = _details_of(qtbot, live, "Seal 44821 intact")
    assert dialog.read_label.text() == ("Read receipts are off in this operation: its "
                                        "coordinator can turn them on.")
    assert not dialog.read_list.isVisible()
    dialog.reject()
