"""The actions on a message (issue 11, "message actions officers expect"): a context menu
and keyboard shortcuts to copy its text or id, save its file, show its details (sent,
received, the sender's verification, delivery per member), and retry or delete the
officer's own unsent message. Real profile and Workspace, real Qt (offscreen); no relay:
everything here reads and writes the local store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from liaison_client.crypto.stores import DeviceRecord
from liaison_client.profile import Profile
from liaison_client.store.deliveries import LocalDeliveryState
from liaison_client.store.records import MessageRecord, MessageState
from liaison_client.workspace import TimelineState, Workspace
from tests.ui.screen_testing import WAIT_MS, Screenshot
from tests.ui.timeline.conftest import profile, workspace
from tests.ui.timeline.seeding import BASE_MS, OTHER_OFFICER, seed_channel
from ui.appearance import Appearance
from ui.preferences import Language, Theme
from ui.screens import ScreenContext
from ui.theme import current_colours
from ui.timeline.timeline_screen import TimelineScreen
from ui.timeline.timeline_text import quote_text

__all__ = ["profile", "workspace"]

THIRD_OFFICER = "DEVICE-THIRD-OFFICER"


def shown_screen(qtbot: QtBot, workspace: Workspace, channel_id: str) -> TimelineScreen:
    screen = TimelineScreen(ScreenContext(workspace))
    qtbot.addWidget(screen)
    screen.resize(760, 600)
    screen.show_operation(workspace.channels.get(channel_id))
    screen.show()
    qtbot.waitExposed(screen)
    timeline = screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: timeline.rowCount() > 0 and not timeline.busy, timeout=WAIT_MS)
    return screen


def select(screen: TimelineScreen, message_id: str) -> None:
    timeline = screen.timeline
    assert timeline is not None
    row = timeline.row_of(message_id)
    assert row is not None
    screen.list_view.setCurrentIndex(timeline.index(row))
    screen.list_view.setFocus()


def right_click(qtbot: QtBot, screen: TimelineScreen, message_id: str) -> list[str]:
    """Right-click ``message_id``'s row; the names of the menu's enabled actions."""
    view = screen.list_view
    timeline = screen.timeline
    assert timeline is not None
    row = timeline.row_of(message_id)
    assert row is not None
    view.scrollTo(timeline.index(row))
    where = view.visualRect(timeline.index(row)).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where,
                              view.viewport().mapToGlobal(where))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(lambda: view.context_menu is not None and view.context_menu.isVisible(),
                    timeout=WAIT_MS)
    assert view.context_menu is not None
    assert view.currentIndex().row() == row
    return [a.objectName() for a in view.context_menu.actions()
            if a.isEnabled() and not a.isSeparator()]


def with_two_members(profile: Profile, workspace: Workspace) -> str:
    """Four messages; Li's message m-000001 went to two members, one of whom has it."""
    channel_id = seed_channel(profile, workspace, 4)
    with profile.store.transaction() as store:
        for device, name, agency in ((OTHER_OFFICER, "Anna Schmidt", "Zoll Hamburg"),
                                     (THIRD_OFFICER, "Tomás García", "Aduana Algeciras")):
            store.devices.add(DeviceRecord(device, name, agency, f"ed-{device}",
                                           f"cv-{device}", False, None, BASE_MS, BASE_MS))
        store.deliveries.add_sent("m-000001", "env-1", [OTHER_OFFICER, THIRD_OFFICER],
                                  BASE_MS + 2000)
        store.deliveries.set_state("env-1", OTHER_OFFICER, LocalDeliveryState.DELIVERED,
                                   BASE_MS + 3000)
    return channel_id


def test_a_received_message_offers_copy_and_details_but_not_retry(
        qtbot: QtBot, profile: Profile, workspace: Workspace, screenshot: Screenshot) -> None:
    channel_id = with_two_members(profile, workspace)
    screen = shown_screen(qtbot, workspace, channel_id)
    enabled = right_click(qtbot, screen, "m-000002")
    assert enabled == ["replyAction", "copyTextAction", "copyIdAction", "detailsAction"]
    menu = screen.list_view.context_menu
    assert menu is not None
    assert menu.accessibleName() == "Message actions"
    # The menu is a window of its own: painted over the screen's grab where it opened.
    shot = screen.grab()
    painter = QPainter(shot)
    painter.drawPixmap(screen.mapFromGlobal(menu.pos()), menu.grab())
    painter.end()
    path = screenshot(screen, "timeline-message-menu")
    assert shot.save(str(path))
    menu.close()


def test_ctrl_c_copies_the_text_and_ctrl_alt_c_the_id(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel_id = seed_channel(profile, workspace, 4,
                              texts={2: "Container MSKU1234565 held 集装箱\u202eevil"})
    screen = shown_screen(qtbot, workspace, channel_id)
    select(screen, "m-000002")
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    QTest.keyClick(screen.list_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    # As shown: the hidden right-to-left override is made visible, not carried along.
    assert clipboard.text() == "Container MSKU1234565 held 集装箱<U+202E>evil"
    QTest.keyClick(screen.list_view, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert clipboard.text() == "m-000002"


def test_shift_f10_opens_the_menu_at_the_current_message(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel_id = seed_channel(profile, workspace, 4)
    screen = shown_screen(qtbot, workspace, channel_id)
    select(screen, "m-000003")
    QTest.keyClick(screen.list_view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    view = screen.list_view
    qtbot.waitUntil(lambda: view.context_menu is not None and view.context_menu.isVisible(),
                    timeout=WAIT_MS)
    assert view.context_menu is not None
    texts = [a.text() for a in view.context_menu.actions() if not a.isSeparator()]
    assert texts == ["R&eply", "&Copy text", "Copy message &ID", "&Details…"]
    QTest.keyClick(view.context_menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.context_menu is None, timeout=WAIT_MS)


def test_details_show_delivery_per_member_and_the_senders_verification(
        qtbot: QtBot, profile: Profile, workspace: Workspace, screenshot: Screenshot) -> None:
    channel_id = with_two_members(profile, workspace)
    screen = shown_screen(qtbot, workspace, channel_id)
    select(screen, "m-000001")
    QTest.keyClick(screen.list_view, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: screen.details_dialog is not None
                    and screen.details_dialog.isVisible(), timeout=WAIT_MS)
    dialog = screen.details_dialog
    assert dialog is not None
    assert dialog.delivery_label.text() == "Delivered to 1 of 2 members"
    items = [dialog.delivery_list.topLevelItem(i)
             for i in range(dialog.delivery_list.topLevelItemCount())]
    rows = [[item.text(c) for c in range(2)] for item in items if item is not None]
    assert rows == [["Anna Schmidt", "delivered"],
                    ["Tomás García", "on the relay, not yet fetched"]]
    assert items[0] is not None
    read = items[0].data(0, Qt.ItemDataRole.AccessibleTextRole)
    assert read.startswith("Anna Schmidt: delivered, ")
    assert dialog.sender_label.text() == "Li Wei (you)"
    assert dialog.delivery_list.accessibleName() == "Delivery per member"
    screenshot(dialog, "timeline-message-details")
    dialog.close_button.click()
    qtbot.waitUntil(lambda: screen.details_dialog is None, timeout=WAIT_MS)

    select(screen, "m-000002")  # Anna's: her verification state, no delivery list
    screen.list_view.details_action.trigger()
    qtbot.waitUntil(lambda: screen.details_dialog is not None, timeout=WAIT_MS)
    dialog = screen.details_dialog
    assert dialog is not None
    assert dialog.sender_label.text() == "Anna Schmidt, Zoll Hamburg"
    assert dialog.verification_label.text().startswith("Not verified")
    assert dialog.delivery_list.isHidden()
    dialog.reject()


def test_an_own_unsent_message_can_be_deleted_after_a_question(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel_id = seed_channel(profile, workspace, 3)
    queued = workspace.sending.send_text(channel_id, "withdraw me", deliver=False)
    assert queued.message_id is not None
    screen = shown_screen(qtbot, workspace, channel_id)
    timeline = screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: timeline.row_of(queued.message_id or "") is not None,
                    timeout=WAIT_MS)
    enabled = right_click(qtbot, screen, queued.message_id)
    assert enabled == ["replyAction", "copyTextAction", "copyIdAction", "detailsAction",
                       "retryAction", "deleteAction"]
    assert screen.list_view.context_menu is not None
    screen.list_view.context_menu.close()
    qtbot.waitUntil(lambda: screen.list_view.context_menu is None, timeout=WAIT_MS)
    select(screen, queued.message_id)
    QTest.keyClick(screen.list_view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: screen.delete_box is not None and screen.delete_box.isVisible(),
                    timeout=WAIT_MS)
    box = screen.delete_box
    assert box is not None
    assert box.defaultButton().text() == "Cancel"  # Enter alone deletes nothing
    [delete] = [b for b in box.buttons()
                if box.buttonRole(b) is QMessageBox.ButtonRole.DestructiveRole]
    delete.click()
    qtbot.waitUntil(lambda: timeline.row_of(queued.message_id or "") is None, timeout=WAIT_MS)
    assert profile.store.messages.get(queued.message_id) is None
    assert "withdraw me" not in [e.text for e in workspace.timeline.messages(channel_id)]


def test_cancelling_the_question_keeps_the_message(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel_id = seed_channel(profile, workspace, 2)
    queued = workspace.sending.send_text(channel_id, "keep me", deliver=False)
    assert queued.message_id is not None
    screen = shown_screen(qtbot, workspace, channel_id)
    select(screen, queued.message_id)
    screen.list_view.delete_action.trigger()
    qtbot.waitUntil(lambda: screen.delete_box is not None and screen.delete_box.isVisible(),
                    timeout=WAIT_MS)
    assert screen.delete_box is not None
    QTest.keyClick(screen.delete_box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: screen.delete_box is None, timeout=WAIT_MS)
    assert profile.store.messages.get(queued.message_id) is not None


def test_retry_queues_the_message_again_and_asks_for_a_sync_round(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel_id = seed_channel(profile, workspace, 2)
    queued = workspace.sending.send_text(channel_id, "again", deliver=False)
    assert queued.message_id is not None
    screen = shown_screen(qtbot, workspace, channel_id)
    select(screen, queued.message_id)
    with qtbot.waitSignal(screen.message_stored, timeout=WAIT_MS) as stored:
        QTest.keyClick(screen.list_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert stored.args is not None
    assert stored.args[0].message_id == queued.message_id


def test_retry_and_delete_do_nothing_on_another_officers_message(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel_id = seed_channel(profile, workspace, 4)
    screen = shown_screen(qtbot, workspace, channel_id)
    select(screen, "m-000002")
    asked: list[object] = []
    screen.list_view.retry_requested.connect(asked.append)
    screen.list_view.delete_requested.connect(asked.append)
    QTest.keyClick(screen.list_view, Qt.Key.Key_Delete)
    QTest.keyClick(screen.list_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert asked == []
    assert screen.delete_box is None
    assert profile.store.messages.get("m-000002") is not None
    timeline = screen.timeline
    assert timeline is not None
    assert timeline.entry_at(timeline.row_of("m-000002") or 0).state is TimelineState.RECEIVED


def test_the_menu_and_the_details_speak_chinese(
        qtbot: QtBot, profile: Profile, workspace: Workspace, appearance: Appearance,
        screenshot: Screenshot) -> None:
    channel_id = with_two_members(profile, workspace)
    screen = shown_screen(qtbot, workspace, channel_id)
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    QApplication.processEvents()  # Qt posts the LanguageChange events
    enabled = right_click(qtbot, screen, "m-000001")
    menu = screen.list_view.context_menu
    assert menu is not None
    assert enabled == ["replyAction", "copyTextAction", "copyIdAction", "detailsAction"]
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "回复(&E)", "复制文字(&C)", "复制消息 ID(&I)", "详细信息(&D)…"]
    assert menu.accessibleName() == "消息操作"
    menu.close()
    qtbot.waitUntil(lambda: screen.list_view.context_menu is None, timeout=WAIT_MS)
    select(screen, "m-000001")
    screen.list_view.details_action.trigger()
    qtbot.waitUntil(lambda: screen.details_dialog is not None
                    and screen.details_dialog.isVisible(), timeout=WAIT_MS)
    dialog = screen.details_dialog
    assert dialog is not None
    assert dialog.windowTitle() == "消息详细信息"
    assert dialog.delivery_label.text() == "已送达 2 名成员中的 1 名"
    first = dialog.delivery_list.topLevelItem(0)
    assert first is not None
    assert first.text(1) == "已送达"
    screenshot(dialog, "timeline-message-details-zh_CN")
    dialog.reject()


def test_reply_quotes_the_original_and_its_quote_leads_back_to_it(
        qtbot: QtBot, profile: Profile, workspace: Workspace, screenshot: Screenshot) -> None:
    channel_id = with_two_members(profile, workspace)
    screen = shown_screen(qtbot, workspace, channel_id)
    select(screen, "m-000002")  # Anna's
    QTest.keyClick(screen.list_view, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    banner = screen.reply_banner
    assert banner.isVisible()
    assert banner.label.toolTip().startswith("Replying to Anna Schmidt: Message 2:")
    assert screen.composer.edit.hasFocus()
    screen.composer.edit.insertPlainText("收到, inspecting now")  # QTest types ASCII only
    QTest.keyClick(screen.composer.edit, Qt.Key.Key_Return)
    timeline = screen.timeline
    assert timeline is not None

    def reply_row() -> int | None:
        return next((row for row in range(timeline.rowCount())
                     if timeline.entry_at(row).text == "收到, inspecting now"), None)

    qtbot.waitUntil(lambda: reply_row() is not None, timeout=WAIT_MS)
    assert not banner.isVisible()
    row = reply_row()
    assert row is not None
    entry = timeline.entry_at(row)
    assert entry.reply is not None
    assert entry.reply.message_id == "m-000002"
    assert entry.reply.sender_name == "Anna Schmidt"
    read = timeline.index(row).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "Reply to Anna Schmidt: Message 2:" in read
    screenshot(screen, "timeline-reply")
    # A click on the quote goes to the original (highlighted, made current).
    view = screen.list_view
    view.scrollTo(timeline.index(row))
    QApplication.processEvents()
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(timeline.index(row))
    quote = view.timeline_delegate.quote_rect(option, entry, timeline.index(row))
    assert quote is not None
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=quote.center())
    qtbot.waitUntil(lambda: view.currentIndex().row() == timeline.row_of("m-000002"),
                    timeout=WAIT_MS)


def test_escape_turns_a_reply_back_into_a_plain_message(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel_id = seed_channel(profile, workspace, 3)
    screen = shown_screen(qtbot, workspace, channel_id)
    select(screen, "m-000002")
    screen.list_view.reply_action.trigger()
    assert screen.reply_banner.isVisible()
    QTest.keyClick(screen.composer.edit, Qt.Key.Key_Escape)
    assert not screen.reply_banner.isVisible()
    QTest.keyClicks(screen.composer.edit, "plain")
    QTest.keyClick(screen.composer.edit, Qt.Key.Key_Return)
    timeline = screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: any(timeline.entry_at(r).text == "plain"
                                for r in range(timeline.rowCount())), timeout=WAIT_MS)
    [sent] = [e for e in workspace.timeline.messages(channel_id) if e.text == "plain"]
    assert sent.reply is None


def test_a_reply_whose_original_is_not_here_says_so(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel_id = seed_channel(profile, workspace, 2)
    with profile.store.transaction() as store:  # as the sync engine commits an arrival
        store.messages.add_many([MessageRecord(
            message_id="m-reply", channel_id=channel_id, sender_device_id=OTHER_OFFICER,
            sent_at_ms=BASE_MS + 9000, kind="text", body="agreed",
            content='{"reply_to":"0b6f4a52-9f0e-4c8e-9d55-1c2d3e4f5a6b","text":"agreed"}',
            state=MessageState.RECEIVED, received_at_ms=BASE_MS + 9010, read=True)])
    screen = shown_screen(qtbot, workspace, channel_id)
    timeline = screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: timeline.row_of("m-reply") is not None, timeout=WAIT_MS)
    entry = timeline.entry_at(timeline.row_of("m-reply") or 0)
    assert entry.reply is not None
    assert not entry.reply.held
    assert quote_text(entry) == "Reply to a message that is not on this computer"


def test_the_reply_banner_follows_a_runtime_theme_switch(
        qtbot: QtBot, profile: Profile, workspace: Workspace, appearance: Appearance,
        screenshot: Screenshot) -> None:
    channel_id = seed_channel(profile, workspace, 3)
    screen = shown_screen(qtbot, workspace, channel_id)
    select(screen, "m-000002")
    screen.list_view.reply_action.trigger()
    light = current_colours(QApplication.instance())["accent_soft"]  # type: ignore[arg-type]
    assert light in screen.reply_banner.styleSheet()
    appearance.set_theme(Theme.DARK)
    QApplication.processEvents()
    dark = current_colours(QApplication.instance())["accent_soft"]  # type: ignore[arg-type]
    assert dark != light
    qtbot.waitUntil(lambda: dark in screen.reply_banner.styleSheet(), timeout=WAIT_MS)
    # The whole width: the sender and the start of the message, not "DEVICE-OTHER-…".
    qtbot.waitUntil(lambda: "Message 2" in screen.reply_banner.label.text(), timeout=WAIT_MS)
    screenshot(screen, "timeline-reply-banner-dark")
    appearance.set_theme(Theme.LIGHT)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: light in screen.reply_banner.styleSheet(), timeout=WAIT_MS)
