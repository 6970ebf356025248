""""Message details" and read receipts (issue 11): the readers of an own message with
when each read it, what the dialog says while receipts are off, and readers kept from
before they were turned off. The dialog shows a :class:`MessageDetails` record (the
workspace builds it: tests/workspace/test_read_receipts.py); here it is built directly
to reach each state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from liaison_client.store.deliveries import LocalDeliveryState
from liaison_client.store.records import MessageState
from liaison_client.workspace import MemberDelivery, MemberRead, MessageDetails
from tests.ui.screen_testing import Screenshot
from ui.appearance import Appearance
from ui.preferences import Language
from ui.timeline.message_details_dialog import MessageDetailsDialog, exact_time

SENT_MS = 1_796_000_000_000


def _details(*, receipts: bool, reads: tuple[MemberRead, ...]) -> MessageDetails:
    deliveries = tuple(MemberDelivery(device, name, agency, LocalDeliveryState.DELIVERED,
                                      SENT_MS + 1_000)
                       for device, name, agency in (("ANNA", "Anna Schmidt", "Zoll Hamburg"),
                                                    ("TOMAS", "Tomás García", "Aduana")))
    return MessageDetails("m-1", "c-1", "LIWEI", "Li Wei", "Guangzhou Customs",
                          sender_verified=True, sender_key_changed=False, own=True,
                          sent_at_ms=SENT_MS, received_at_ms=SENT_MS,
                          state=MessageState.DELIVERED, refused_because=None,
                          deliveries=deliveries, read_receipts=receipts, reads=reads)


ANNA_READ = MemberRead("ANNA", "Anna Schmidt", "Zoll Hamburg", SENT_MS + 60_000)


def test_readers_are_listed_with_when_they_read(
        qtbot: QtBot, appearance: Appearance, screenshot: Screenshot) -> None:
    dialog = MessageDetailsDialog(_details(receipts=True, reads=(ANNA_READ,)))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.read_label.text() == "Read by 1 of 2 members"
    assert dialog.read_list.isVisible()
    assert dialog.read_list.topLevelItemCount() == 1
    row = dialog.read_list.topLevelItem(0)
    assert row is not None
    assert (row.text(0), row.text(1)) == ("Anna Schmidt", exact_time(SENT_MS + 60_000))
    assert row.data(0, Qt.ItemDataRole.AccessibleTextRole) == (
        f"Anna Schmidt: read {exact_time(SENT_MS + 60_000)}")
    assert dialog.read_list.accessibleName() == "Read by"
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    QApplication.processEvents()
    try:
        assert dialog.read_label.text() == "2 名成员中 1 名已读"
        screenshot(dialog, "message-details-read-by-zh_CN")
    finally:
        appearance.set_language(Language.ENGLISH)
        QApplication.processEvents()


def test_with_receipts_off_the_dialog_says_who_decides_and_lists_nobody(qtbot: QtBot) -> None:
    dialog = MessageDetailsDialog(_details(receipts=False, reads=()))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.read_label.text() == ("Read receipts are off in this operation: its "
                                        "coordinator can turn them on.")
    assert not dialog.read_list.isVisible()


def test_readers_from_before_receipts_were_turned_off_stay(qtbot: QtBot) -> None:
    dialog = MessageDetailsDialog(_details(receipts=False, reads=(ANNA_READ,)))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.read_label.text() == ("Read by 1 of 2 members before read receipts were "
                                        "turned off")
    assert dialog.read_list.isVisible()
    assert dialog.read_list.topLevelItemCount() == 1


def test_another_officers_message_has_no_read_section(qtbot: QtBot) -> None:
    details = _details(receipts=True, reads=())
    theirs = MessageDetails(details.message_id, details.channel_id, "ANNA", "Anna Schmidt",
                            "Zoll Hamburg", sender_verified=False, sender_key_changed=False,
                            own=False, sent_at_ms=SENT_MS, received_at_ms=SENT_MS + 5,
                            state=MessageState.RECEIVED, refused_because=None, deliveries=(),
                            read_receipts=True)
    dialog = MessageDetailsDialog(theirs)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.read_label.isVisible()
    assert not dialog.read_list.isVisible()
