"""The round "jump to the latest message" button over the timeline (issue 11, "Message
actions officers expect"): it appears when the officer scrolls up, counts what arrives
meanwhile, and a click (or Ctrl+End) goes to the newest message and hides it. Real
profile, Workspace and SQLCipher store, real Qt (offscreen)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from liaison_client.crypto.stores import DeviceRecord
from liaison_client.profile import Profile
from liaison_client.store.records import MessageRecord, MessageState
from liaison_client.workspace import TIMELINE_PAGE_SIZE, Workspace
from tests.ui.screen_testing import WAIT_MS, Screenshot
from tests.ui.timeline.conftest import profile, workspace
from tests.ui.timeline.seeding import BASE_MS, OTHER_OFFICER, seed_channel
from tests.ui.timeline.test_message_actions import shown_screen
from tests.ui.timeline.test_message_groups import keep
from tests.ui.timeline.test_timeline_view import row_under_eyes
from ui.appearance import Appearance
from ui.preferences import Language, Theme
from ui.theme import current_colours
from ui.timeline.timeline_model import TimelineModel
from ui.timeline.timeline_screen import TimelineScreen
from ui.timeline.timeline_view import TimelineView

__all__ = ["profile", "workspace"]


def at_bottom(view: TimelineView) -> bool:
    bar = view.verticalScrollBar()
    return bar.value() == bar.maximum()


def scroll_up(qtbot: QtBot, view: TimelineView) -> None:
    """The officer scrolls up a few screens (not to the top: no older page is read)."""
    bar = view.verticalScrollBar()
    assert bar.maximum() > 3 * view.viewport().height()
    bar.setValue(bar.maximum() - 2 * view.viewport().height())
    qtbot.waitUntil(lambda: view.jump_button.isVisible(), timeout=WAIT_MS)


def arrive(profile: Profile, workspace: Workspace, timeline: TimelineModel, channel_id: str,
           texts: list[str], *, own: bool = False) -> None:
    """Messages reach the store as a sync round commits them; the model refreshes."""
    start = BASE_MS + 10_000_000
    with profile.store.transaction() as store:
        store.messages.add_many(
            MessageRecord(message_id=f"new-{own}-{n}", channel_id=channel_id,
                          sender_device_id=profile.device_id if own else OTHER_OFFICER,
                          sent_at_ms=start + n * 1000, kind="text", body=text,
                          state=MessageState.DELIVERED if own else MessageState.RECEIVED,
                          received_at_ms=start + n * 1000 + 10, read=False)
            for n, text in enumerate(texts))
    timeline.refresh()
    qtbot_wait_idle(timeline)


def qtbot_wait_idle(timeline: TimelineModel) -> None:
    deadline = WAIT_MS
    while (timeline.busy or timeline.canFetchMore()) and deadline > 0:
        QTest.qWait(20)
        deadline -= 20
    QApplication.processEvents()


def named_channel(profile: Profile, workspace: Workspace, count: int) -> str:
    channel_id = seed_channel(profile, workspace, count)
    with profile.store.transaction() as store:
        store.devices.add(DeviceRecord(OTHER_OFFICER, "Anna Schmidt", "Zoll Hamburg",
                                       "ed-other", "cv-other", False, None, BASE_MS, BASE_MS))
    return channel_id


def opened(qtbot: QtBot, profile: Profile, workspace: Workspace,
           count: int = 60) -> tuple[TimelineScreen, TimelineModel, str]:
    channel_id = named_channel(profile, workspace, count)
    screen = shown_screen(qtbot, workspace, channel_id)
    timeline = screen.timeline
    assert timeline is not None
    return screen, timeline, channel_id


def test_the_button_appears_when_scrolled_up_and_counts_what_arrives(
        qtbot: QtBot, profile: Profile, workspace: Workspace, screenshot: Screenshot) -> None:
    screen, timeline, channel_id = opened(qtbot, profile, workspace)
    view, button = screen.list_view, screen.list_view.jump_button
    assert at_bottom(view)
    assert not button.isVisible()
    assert button.accessibleName() == "Jump to the latest message"
    assert "Ctrl+End" in button.toolTip()

    scroll_up(qtbot, view)
    assert button.count == 0
    assert button.badge_text() == ""
    # Over the timeline's bottom right, inside the rows' area.
    area = view.viewport().geometry()
    assert area.contains(button.geometry())
    assert button.geometry().right() > area.center().x()
    assert button.geometry().bottom() > area.center().y()
    screen.resize(900, 700)  # it stays in the corner as the window grows
    qtbot.waitUntil(lambda: view.viewport().geometry().bottom() - button.geometry().bottom()
                    == 16 and view.viewport().geometry().right()
                    - button.geometry().right() == 16, timeout=WAIT_MS)
    screen.resize(760, 600)
    scroll_up(qtbot, view)

    reading = row_under_eyes(view)
    arrive(profile, workspace, timeline, channel_id,
           ["Reefer MSKU1234565 released", "Seal intact", "货柜已放行"])
    qtbot.waitUntil(lambda: button.count == 3, timeout=WAIT_MS)
    assert button.badge_text() == "3"
    assert button.accessibleDescription() == "New messages: 3"
    assert "New messages: 3" in button.toolTip()
    assert row_under_eyes(view) == reading  # arrivals do not move what is being read
    assert not at_bottom(view)
    keep(screen, screenshot, "timeline-jump-latest-en")

    # The officer's own message from another device is no news to them.
    arrive(profile, workspace, timeline, channel_id, ["sent from my laptop"], own=True)
    assert button.count == 3

    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not button.isVisible(), timeout=WAIT_MS)
    assert at_bottom(view)
    assert button.count == 0
    last = timeline.index(timeline.rowCount() - 1)
    assert view.viewport().rect().intersects(view.visualRect(last))

    # At the bottom arrivals are followed, not counted.
    arrive(profile, workspace, timeline, channel_id, ["one more"])
    qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)
    assert not button.isVisible()
    assert button.count == 0


def test_scrolling_back_down_hides_it_and_ctrl_end_jumps(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    screen, timeline, channel_id = opened(qtbot, profile, workspace)
    view, button = screen.list_view, screen.list_view.jump_button
    scroll_up(qtbot, view)
    arrive(profile, workspace, timeline, channel_id, ["Hold lifted"])
    qtbot.waitUntil(lambda: button.count == 1, timeout=WAIT_MS)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())  # the officer scrolls back down by hand
    qtbot.waitUntil(lambda: not button.isVisible(), timeout=WAIT_MS)
    assert button.count == 0

    scroll_up(qtbot, view)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not button.isVisible(), timeout=WAIT_MS)
    assert at_bottom(view)

    # Tab reaches it while it is shown; Space activates it like a click.
    scroll_up(qtbot, view)
    button.setFocus(Qt.FocusReason.TabFocusReason)
    assert button.hasFocus()
    QTest.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not button.isVisible(), timeout=WAIT_MS)
    assert at_bottom(view)
    assert view.hasFocus()  # the focus goes back to the timeline, not nowhere


def test_far_back_the_button_reads_the_newest_page_again(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    count = 5 * TIMELINE_PAGE_SIZE
    screen, timeline, _ = opened(qtbot, profile, workspace, count)
    view, button = screen.list_view, screen.list_view.jump_button
    bar = view.verticalScrollBar()
    while not timeline.has_newer:
        with qtbot.waitSignal(timeline.page_loaded, timeout=WAIT_MS):
            bar.setValue(0)
        qtbot.waitUntil(lambda: not timeline.busy, timeout=WAIT_MS)
    assert button.isVisible()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not timeline.has_newer and not timeline.busy, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)
    assert timeline.entry_at(timeline.rowCount() - 1).message_id == f"m-{count - 1:06d}" \
        or timeline.entry_at(timeline.rowCount() - 1).is_event
    assert not button.isVisible()


def test_it_follows_the_theme_and_the_language(
        qtbot: QtBot, profile: Profile, workspace: Workspace, appearance: Appearance,
        screenshot: Screenshot) -> None:
    screen, timeline, channel_id = opened(qtbot, profile, workspace)
    view, button = screen.list_view, screen.list_view.jump_button
    scroll_up(qtbot, view)
    arrive(profile, workspace, timeline, channel_id, ["Reefer MSKU1234565 released",
                                                       "货柜已放行"])
    qtbot.waitUntil(lambda: button.count == 2, timeout=WAIT_MS)
    inside = QPoint(8, button.height() // 2 + 3)  # in the circle, clear of arrow and badge

    def fill() -> str:
        return QColor(button.grab().toImage().pixel(inside)).name().upper()

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert fill() == current_colours(app)["surface"].upper()
    appearance.set_theme(Theme.DARK)
    dark_surface = current_colours(app)["surface"].upper()
    qtbot.waitUntil(lambda: fill() == dark_surface, timeout=WAIT_MS)
    appearance.set_theme(Theme.LIGHT)

    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    qtbot.waitUntil(lambda: button.accessibleName() == "跳到最新消息", timeout=WAIT_MS)
    assert button.accessibleDescription() == "新消息：2"
    assert "Ctrl+End" in button.toolTip()
    keep(screen, screenshot, "timeline-jump-latest-zh_CN")
