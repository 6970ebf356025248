"""The main window against a real relay process: Li Wei's window (real SyncController on
the service thread) and Anna Schmidt's profile on the other side, used directly."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from liaison_client.sync.connection import ConnectionState
from liaison_client.workspace import MemberSummary
from tests.sync.conftest import Officer, OfficerFactory
from tests.ui.screen_testing import WAIT_MS, Screenshot
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.operations import wait_for_background_work
from ui.sync.controller import SyncController


@dataclass
class Live:
    window: MainWindow
    controller: SyncController
    li: Officer
    anna: Officer
    channel_id: str

    def states_of(self, text: str) -> list[str]:
        timeline = self.window.timeline_screen.timeline
        assert timeline is not None
        return [timeline.entry_at(r).state for r in range(timeline.rowCount())
                if timeline.entry_at(r).text == text]

    def unread(self) -> int:
        model = self.window.operations_screen.model
        row = model.row_of(self.channel_id)
        return -1 if row is None else model.channel_at(row).unread


@pytest.fixture
def live(qtbot: QtBot, make_officer: OfficerFactory, appearance: Appearance) -> Iterator[Live]:
    li = make_officer("Li Wei", "广州海关 Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel_id = li.workspace.channels.create("Op Jade 翡翠行动").channel_id
    assert li.workspace.channels.invite(channel_id, anna.device_id, name=anna.name).accepted
    anna.sync()
    controller = SyncController(li.profile, li.workspace, retry_delays=(0.2,))
    window = MainWindow(li.profile, appearance, li.workspace, controller)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.operations_loaded, timeout=WAIT_MS):
        window.show()
    controller.start()
    qtbot.waitUntil(lambda: controller.state == ConnectionState.ONLINE, timeout=WAIT_MS)
    yield Live(window, controller, li, anna, channel_id)
    controller.stop()
    assert wait_for_background_work(30_000)


def open_channel(qtbot: QtBot, live: Live) -> None:
    panel = live.window.operations_screen
    assert panel.select(live.channel_id)
    timeline = live.window.timeline_screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: not timeline.busy and timeline.rowCount() >= 0, timeout=WAIT_MS)


@pytest.mark.shared_relay
def test_a_sent_message_shows_queued_then_sent_then_delivered(
        qtbot: QtBot, live: Live, screenshot: Screenshot) -> None:
    open_channel(qtbot, live)
    timeline = live.window.timeline_screen.timeline
    assert timeline is not None
    seen: list[str] = []
    timeline.page_loaded.connect(lambda _rows: seen.extend(live.states_of("Truck at gate 4")))
    timeline.dataChanged.connect(lambda *_: seen.extend(live.states_of("Truck at gate 4")))
    edit = live.window.timeline_screen.composer.edit
    edit.setFocus()
    QTest.keyClicks(edit, "Truck at gate 4")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: live.states_of("Truck at gate 4") in (["sent"], ["delivered"]),
                    timeout=WAIT_MS)
    assert seen[0] == "queued"
    assert edit.toPlainText() == ""
    live.anna.sync()
    live.controller.request_sync()
    qtbot.waitUntil(lambda: live.states_of("Truck at gate 4") == ["delivered"], timeout=WAIT_MS)
    assert live.anna.texts(live.channel_id) == ["Truck at gate 4"]
    assert live.window.status_bar.relay_state is ConnectionState.ONLINE
    screenshot(live.window, "main-window-timeline")


@pytest.mark.shared_relay
def test_shift_enter_adds_a_line_instead_of_sending(qtbot: QtBot, live: Live) -> None:
    open_channel(qtbot, live)
    edit = live.window.timeline_screen.composer.edit
    QTest.keyClicks(edit, "first line")
    QTest.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClicks(edit, "second line")
    assert edit.toPlainText() == "first line\nsecond line"
    assert live.states_of("first line\nsecond line") == []


@pytest.mark.shared_relay
def test_a_message_from_another_officer_arrives_with_an_unread_count(
        qtbot: QtBot, live: Live, screenshot: Screenshot) -> None:
    qtbot.waitUntil(lambda: live.unread() == 0, timeout=WAIT_MS)
    assert live.anna.workspace.sending.send_text(live.channel_id,
                                                 "Hamburg inspects 集装箱 MSKU").accepted
    qtbot.waitUntil(lambda: live.unread() == 1, timeout=WAIT_MS)
    screenshot(live.window, "main-window-unread")
    open_channel(qtbot, live)
    qtbot.waitUntil(lambda: live.states_of("Hamburg inspects 集装箱 MSKU") == ["received"],
                    timeout=WAIT_MS)
    timeline = live.window.timeline_screen.timeline
    assert timeline is not None
    entry = timeline.entry_at(timeline.rowCount() - 1)
    assert (entry.sender_name, entry.sender_agency) == ("Anna Schmidt", "Zoll Hamburg")
    qtbot.waitUntil(lambda: live.unread() == 0, timeout=WAIT_MS)


def members_shown(live: Live) -> dict[str, MemberSummary]:
    model = live.window.identity_panel.members_panel.model
    return {model.member_at(r).name: model.member_at(r) for r in range(model.rowCount())}


@pytest.mark.shared_relay
def test_the_verify_dialog_shows_the_shared_safety_number_and_marks_the_member_verified(
        qtbot: QtBot, live: Live, screenshot: Screenshot) -> None:
    open_channel(qtbot, live)
    qtbot.waitUntil(lambda: set(members_shown(live)) == {"Li Wei", "Anna Schmidt"},
                    timeout=WAIT_MS)
    assert not members_shown(live)["Anna Schmidt"].verified
    panel = live.window.identity_panel.members_panel
    panel.select(live.anna.device_id)
    panel.verify_button.click()
    qtbot.waitUntil(lambda: live.window.members_screen.verify_dialog is not None
                    and live.window.members_screen.verify_dialog.isVisible(), timeout=WAIT_MS)
    dialog = live.window.members_screen.verify_dialog
    assert dialog is not None
    anna_side = live.anna.workspace.trust.safety_number(live.li.device_id).safety_number
    assert dialog.number_grid.text() == anna_side
    assert not dialog.qr_label.pixmap().isNull()
    screenshot(dialog, "verify-dialog")
    assert not dialog.verify_button.isEnabled()  # nothing compared yet
    dialog.compared_check.setChecked(True)
    dialog.verify_button.click()
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: dialog.view.verified, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: members_shown(live)["Anna Schmidt"].verified, timeout=WAIT_MS)
    assert not dialog.verify_button.isEnabled()
    screenshot(live.window, "main-window-members")


def click_when_shown(qtbot: QtBot, object_name: str, button_text: str) -> None:
    """Press ``button_text`` in the modal box ``object_name`` once it is up."""
    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != object_name:
            QTimer.singleShot(50, press)
            return
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
    QTimer.singleShot(50, press)


@pytest.mark.shared_relay
def test_the_coordinator_removes_a_member_after_confirming(qtbot: QtBot, live: Live) -> None:
    open_channel(qtbot, live)
    qtbot.waitUntil(lambda: "Anna Schmidt" in members_shown(live), timeout=WAIT_MS)
    panel = live.window.identity_panel.members_panel
    assert panel.remove_button.isVisibleTo(panel)
    panel.select(live.anna.device_id)
    click_when_shown(qtbot, "confirmRemoval", "Cancel")
    panel.remove_button.click()
    assert "Anna Schmidt" in members_shown(live)
    click_when_shown(qtbot, "confirmRemoval", "Remove")
    panel.remove_button.click()
    qtbot.waitUntil(lambda: set(members_shown(live)) == {"Li Wei"}, timeout=WAIT_MS)


def test_the_coordinator_invites_an_officer_from_the_relay_directory(
        qtbot: QtBot, live: Live, make_officer: OfficerFactory) -> None:
    tomas = make_officer("Tomás García", "Aduana Algeciras")
    open_channel(qtbot, live)
    qtbot.waitUntil(lambda: "Anna Schmidt" in members_shown(live), timeout=WAIT_MS)
    live.window.identity_panel.members_panel.invite_button.click()
    dialog = live.window.members_screen.invite_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.row_of(tomas.device_id) is not None, timeout=WAIT_MS)
    row = dialog.model.row_of(tomas.device_id)
    assert row is not None
    dialog.directory_view.setCurrentIndex(dialog.model.index(row))
    dialog.next_button.click()
    assert dialog.confirm_title.text().startswith("Invite Tomás García (Aduana Algeciras)")
    dialog.invite_button.click()
    qtbot.waitUntil(lambda: "Tomás García" in members_shown(live), timeout=WAIT_MS)
    assert members_shown(live)["Tomás García"].agency == "Aduana Algeciras"


@pytest.mark.shared_relay
def test_an_attached_file_is_sent_shown_and_saved_back_decrypted(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    open_channel(qtbot, live)
    source = tmp_path / "manifest 舱单.csv"
    source.write_bytes(b"container,seal\nMSKU7654321,SEAL-0042\n" * 50)
    live.window.timeline_screen.send_files([source])
    assert live.window.timeline_screen.composer.upload_progress.isVisibleTo(
        live.window.timeline_screen.composer)
    timeline = live.window.timeline_screen.timeline
    assert timeline is not None

    def attachment_row() -> int | None:
        for row in range(timeline.rowCount()):
            attachment = timeline.entry_at(row).attachment
            if attachment is not None and attachment.name == source.name:
                return row
        return None

    qtbot.waitUntil(lambda: attachment_row() is not None, timeout=WAIT_MS)
    row = attachment_row()
    assert row is not None
    entry = timeline.entry_at(row)
    assert entry.attachment is not None
    assert entry.attachment.size == source.stat().st_size
    qtbot.waitUntil(lambda: not live.window.timeline_screen.composer.upload_progress
                    .isVisibleTo(live.window.timeline_screen.composer), timeout=WAIT_MS)
    saved = tmp_path / "saved.csv"
    live.window.timeline_screen.save_attachment_to(entry, saved)
    qtbot.waitUntil(saved.exists, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: saved.read_bytes() == source.read_bytes(), timeout=WAIT_MS)
