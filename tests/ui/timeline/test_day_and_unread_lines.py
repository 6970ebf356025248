"""Date separators and the "new messages" line in the timeline (issue 11: "Unread marker
("new messages" line) … date separators"). Real profile and Workspace, real Qt."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from liaison_client.profile import Profile
from liaison_client.store.records import MessageRecord, MessageState
from liaison_client.workspace import TIMELINE_PAGE_SIZE, Workspace
from tests.ui.screen_testing import WAIT_MS, Screenshot
from tests.ui.timeline.conftest import profile, workspace
from tests.ui.timeline.seeding import OTHER_OFFICER, seed_channel
from tests.ui.timeline.test_message_actions import shown_screen
from tests.ui.timeline.test_timeline_view import shown_view
from ui.timeline.timeline_model import TimelineRole
from ui.timeline.timeline_text import day_text

__all__ = ["profile", "workspace"]


def ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def seed_days(profile: Profile, workspace: Workspace, *, unread_from: int) -> str:
    """Six messages: two the day before yesterday, two yesterday, two today (local);
    received ones from number ``unread_from`` on not read yet."""
    channel_id = workspace.channels.create("Op Jade 翡翠行动").channel_id
    now = datetime.now().replace(hour=12, minute=0, second=0, microsecond=0)
    times = [now - timedelta(days=2), now - timedelta(days=2, minutes=-5),
             now - timedelta(days=1), now - timedelta(days=1, minutes=-5),
             now - timedelta(minutes=30), now - timedelta(minutes=20)]
    own = profile.device_id
    with profile.store.transaction() as store:
        store.messages.add_many(
            MessageRecord(message_id=f"d-{n}", channel_id=channel_id,
                          sender_device_id=OTHER_OFFICER if n % 2 == 0 else own,
                          sent_at_ms=ms(when), kind="text", body=f"day message {n}",
                          state=MessageState.RECEIVED if n % 2 == 0 else MessageState.SENT,
                          received_at_ms=ms(when) + 10, read=n < unread_from)
            for n, when in enumerate(times))
    return channel_id


def test_each_day_starts_with_its_date_and_today_and_yesterday_say_so(
        qtbot: QtBot, profile: Profile, workspace: Workspace, screenshot: Screenshot) -> None:
    channel_id = seed_days(profile, workspace, unread_from=4)
    screen = shown_screen(qtbot, workspace, channel_id)
    timeline = screen.timeline
    assert timeline is not None
    days = [timeline.index(row).data(TimelineRole.DAY_STARTS)
            for row in range(timeline.rowCount())]
    assert days == [day_text(QDate.currentDate().addDays(-2)), None, "Yesterday", None,
                    "Today", None]
    # The separator adds a band to its row: taller than the same row without one.
    view = screen.list_view
    assert view.visualRect(timeline.index(2)).height() > \
        view.visualRect(timeline.index(3)).height()
    screenshot(screen, "timeline-day-separators")


def test_the_new_messages_line_stays_above_the_first_unread_after_it_is_read(
        qtbot: QtBot, profile: Profile, workspace: Workspace, screenshot: Screenshot) -> None:
    channel_id = seed_days(profile, workspace, unread_from=2)
    screen = shown_screen(qtbot, workspace, channel_id)
    timeline = screen.timeline
    assert timeline is not None
    assert timeline.first_unread == "d-2"
    marked = [row for row in range(timeline.rowCount())
              if timeline.index(row).data(TimelineRole.FIRST_UNREAD)]
    assert marked == [2]
    assert [e.unread for e in workspace.timeline.messages(channel_id)] == [
        False, False, True, False, True, False]  # received and not read; own never
    assert str(timeline.index(2).data(Qt.ItemDataRole.AccessibleTextRole)).startswith(
        "Yesterday. New messages. ")
    screenshot(screen, "timeline-new-messages-line")
    # The shell marks the operation read when it opens it; the line stays put.
    assert workspace.timeline.mark_read(channel_id).count == 2
    timeline.refresh()
    qtbot.waitUntil(lambda: not timeline.busy, timeout=WAIT_MS)
    assert not any(timeline.entry_at(row).unread for row in range(timeline.rowCount()))
    assert timeline.first_unread == "d-2"


def test_no_line_when_everything_was_read(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel_id = seed_days(profile, workspace, unread_from=99)
    screen = shown_screen(qtbot, workspace, channel_id)
    timeline = screen.timeline
    assert timeline is not None
    assert timeline.first_unread is None
    assert not any(timeline.index(row).data(TimelineRole.FIRST_UNREAD)
                   for row in range(timeline.rowCount()))


def test_a_separator_goes_when_an_older_page_shows_the_day_continues_above(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    """The first loaded row carries its day (the day above is not known yet); once the
    older page is in and is the same day, the band goes and the row is measured again."""
    channel_id = seed_channel(profile, workspace, TIMELINE_PAGE_SIZE + 20)
    view = shown_view(qtbot, workspace, channel_id)
    model = view.timeline
    assert model is not None
    first = model.entry_at(0).message_id
    assert model.index(0).data(TimelineRole.DAY_STARTS) is not None
    banded = view.visualRect(model.index(0)).height()
    with qtbot.waitSignal(model.page_loaded, timeout=WAIT_MS):
        view.verticalScrollBar().setValue(0)
    qtbot.waitUntil(lambda: not model.busy and model.row_of(first) not in (None, 0),
                    timeout=WAIT_MS)
    row = model.row_of(first)
    assert row is not None
    assert model.index(row).data(TimelineRole.DAY_STARTS) is None  # same day as above
    assert view.visualRect(model.index(row)).height() < banded
