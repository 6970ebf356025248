"""The invite dialog over a real relay: the directory listed, filtered, chosen, confirmed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.relay.relay_process import RelayProcess
from tests.sync.conftest import Officer, OfficerFactory
from tests.sync.hostile_relay import HostileRelay
from tests.ui.screen_testing import WAIT_MS, Screenshot
from ui.appearance import Appearance
from ui.invite.invite_dialog import InviteDialog
from ui.operations import wait_for_background_work
from ui.preferences import Language


@dataclass
class Directory:
    li: Officer
    anna: Officer
    tomas: Officer
    channel_id: str

    def dialog(self, qtbot: QtBot) -> InviteDialog:
        dialog = InviteDialog("Op Jade 翡翠行动", channel_id=self.channel_id,
                              directory=self.li.workspace.directory.search)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.waitUntil(lambda: not dialog.loading, timeout=WAIT_MS)
        return dialog


@pytest.fixture
def directory(make_officer: OfficerFactory, appearance: Appearance) -> Iterator[Directory]:
    li = make_officer("Li Wei", "广州海关 Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    tomas = make_officer("Tomás García", "Aduana Algeciras")
    channel_id = li.workspace.channels.create("Op Jade 翡翠行动").channel_id
    assert li.workspace.channels.invite(channel_id, anna.device_id).accepted
    yield Directory(li, anna, tomas, channel_id)
    assert wait_for_background_work(30_000)


def rows(dialog: InviteDialog) -> list[tuple[str, bool]]:
    model = dialog.model
    return [(model.entry_at(r).name, bool(model.flags(model.index(r)) & Qt.ItemFlag.ItemIsEnabled))
            for r in range(model.rowCount())]


def test_the_directory_lists_officers_with_members_and_this_device_disabled(
        qtbot: QtBot, directory: Directory, screenshot: Screenshot) -> None:
    dialog = directory.dialog(qtbot)
    assert rows(dialog) == [("Tomás García", True), ("Anna Schmidt", False), ("Li Wei", False)]
    shown = dialog.model.index(1).data()
    assert "Zoll Hamburg" in shown
    assert "already a member" in shown
    assert directory.anna.workspace.whoami().fingerprint[:4] in shown
    assert "this device" in dialog.model.index(2).data()
    assert dialog.status_label.text() == "Officers enrolled on the relay: 3"
    assert not dialog.busy_bar.isVisible()
    screenshot(dialog, "invite-dialog")


def test_typing_filters_and_the_keyboard_alone_reaches_the_invitation(
        qtbot: QtBot, directory: Directory, screenshot: Screenshot) -> None:
    dialog = directory.dialog(qtbot)
    QTest.keyClicks(dialog.search_edit, "ALGECIRAS")
    assert rows(dialog) == [("Tomás García", True)]
    QTest.keyClick(dialog.search_edit, Qt.Key.Key_Down)
    assert dialog.directory_view.hasFocus()
    QTest.keyClick(dialog.directory_view, Qt.Key.Key_Return)
    assert dialog.confirming
    assert dialog.confirm_title.text() == \
        "Invite Tomás García (Aduana Algeciras) to Op Jade 翡翠行动?"
    assert directory.tomas.device_id in dialog.confirm_label.text()
    screenshot(dialog, "invite-dialog-confirm")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        QTest.keyClick(dialog.invite_button, Qt.Key.Key_Space)
    assert (dialog.device_id, dialog.display_name) == (directory.tomas.device_id, None)


def test_back_returns_to_the_list_and_nothing_matching_says_so(
        qtbot: QtBot, directory: Directory) -> None:
    dialog = directory.dialog(qtbot)
    dialog.directory_view.setCurrentIndex(dialog.model.index(0))
    dialog.next_button.click()
    assert dialog.confirming
    dialog.back_button.click()
    assert dialog.pages.currentIndex() == 0
    QTest.keyClicks(dialog.search_edit, "nobody")
    assert rows(dialog) == []
    assert dialog.status_label.text() == 'No enrolled officer matches "nobody".'
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == 0
    assert dialog.error_label.text() == "Choose an officer from the list, or enter a device ID."


def test_a_typed_device_id_is_checked_against_the_operation(
        qtbot: QtBot, directory: Directory) -> None:
    dialog = directory.dialog(qtbot)
    QTest.keyClicks(dialog.device_edit, "not a device!")
    dialog.next_button.click()
    assert "device ID" in dialog.error_label.text()
    dialog.device_edit.setText(directory.anna.device_id.lower())
    dialog.next_button.click()
    assert dialog.error_label.text() == "Anna Schmidt is already in Op Jade 翡翠行动."
    dialog.device_edit.setText(directory.tomas.device_id)
    dialog.next_button.click()
    assert dialog.confirming
    assert "Tomás García (Aduana Algeciras)" in dialog.confirm_title.text()


def test_an_unreachable_relay_is_shown_inline_and_a_device_id_still_works(
        qtbot: QtBot, directory: Directory, relay: RelayProcess,
        screenshot: Screenshot) -> None:
    relay.stop()
    dialog = directory.dialog(qtbot)
    assert dialog.load_error.isVisible()
    assert dialog.load_error.text().startswith(
        "The relay directory could not be read: The relay cannot be reached.")
    assert dialog.load_error.text().endswith("Retry, or enter a device ID below.")
    assert dialog.retry_button.isVisible()
    assert rows(dialog) == []
    screenshot(dialog, "invite-dialog-unreachable")
    dialog.device_edit.setText(directory.tomas.device_id)
    dialog.name_edit.setText("Tomás García")
    dialog.next_button.click()
    assert dialog.confirming
    assert dialog.confirm_title.text() == "Invite Tomás García to Op Jade 翡翠行动?"
    assert "not in the relay directory" in dialog.confirm_label.text()
    assert (dialog.device_id, dialog.display_name) == (directory.tomas.device_id,
                                                       "Tomás García")


def test_the_dialog_speaks_simplified_chinese(qtbot: QtBot, directory: Directory,
                                              appearance: Appearance,
                                              screenshot: Screenshot) -> None:
    dialog = directory.dialog(qtbot)
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    qtbot.waitUntil(lambda: dialog.windowTitle() == "邀请加入 Op Jade 翡翠行动", timeout=WAIT_MS)
    assert dialog.status_label.text() == "中继上已登记的官员：3"
    assert "已是成员" in dialog.model.index(1).data()
    screenshot(dialog, "invite-dialog-zh_CN")


def test_every_control_has_an_accessible_name(qtbot: QtBot, directory: Directory) -> None:
    dialog = directory.dialog(qtbot)
    for control in (dialog.search_edit, dialog.directory_view, dialog.device_edit,
                    dialog.name_edit, dialog.next_button, dialog.retry_button,
                    dialog.back_button, dialog.invite_button, dialog.busy_bar):
        assert control.accessibleName(), control.objectName()


def test_a_name_the_relay_altered_is_not_shown_and_the_row_says_why(
        qtbot: QtBot, directory: Directory, relay: RelayProcess) -> None:
    HostileRelay(relay).rename_device(directory.tomas.device_id, "Chief Inspector")
    dialog = directory.dialog(qtbot)
    row = dialog.model.row_of(directory.tomas.device_id)
    assert row is not None
    shown = dialog.model.index(row).data()
    assert "Chief Inspector" not in shown
    assert shown.startswith(directory.tomas.device_id)
    assert "name failed verification" in shown
