"""A run of messages from one sender under one header (issue 11, "Message actions
officers expect": grouping as Signal and Element do). Real profile and Workspace, real
SQLCipher store, real Qt (offscreen)."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from liaison_client.crypto.stores import DeviceRecord
from liaison_client.profile import Profile
from liaison_client.store.records import MessageRecord, MessageState
from liaison_client.workspace import EventAction, Workspace
from liaison_client.workspace.local_events import record_local_event
from tests.ui.screen_testing import WAIT_MS, Screenshot
from tests.ui.timeline.conftest import profile, workspace
from tests.ui.timeline.seeding import OTHER_OFFICER
from tests.ui.timeline.test_message_actions import THIRD_OFFICER, shown_screen
from ui.appearance import Appearance
from ui.preferences import Language
from ui.timeline.timeline_model import GROUP_WINDOW_MS, TimelineModel, TimelineRole
from ui.timeline.timeline_screen import TimelineScreen
from ui.timeline.timeline_view import TimelineView

__all__ = ["profile", "workspace"]

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


#: (id, sender, minutes after the first, text, unread). Read as: who sent what when.
RUN = [
    ("g-00", OTHER_OFFICER, 0, "Reefer MSKU1234565 is on the Jade Star, ETA Thursday", False),
    ("g-01", OTHER_OFFICER, 1, "Consignee: Jade Trading GmbH", False),            # grouped
    ("g-02", OTHER_OFFICER, 4, "货物申报为瓷砖 — declared as ceramic tiles", False),# grouped
    ("g-03", "OWN", 5, "Thanks, we will hold it at Burchardkai", False),          # other sender
    ("g-04", "OWN", 5.5, "X-ray slot booked for 09:30", False),                    # grouped
    ("g-05", "OWN", 5 + 6, "Customs seal HH-20931 applied", False),                # gap: 6 min
    ("g-06", THIRD_OFFICER, 12, "Algeciras saw the same consignee in March", False),
    # event g-ev at minute 12.5 (recorded below), then the same sender again:
    ("g-07", THIRD_OFFICER, 13, "Sending the file in a minute", False),           # event above
    ("g-08", THIRD_OFFICER, 14, "Case number ALG-2026-118", True),                # unread line
    ("g-09", THIRD_OFFICER, 14.5, "Same vessel, same route", True),               # grouped
]


def seed_run(profile: Profile, workspace: Workspace) -> tuple[str, datetime]:
    channel_id = workspace.channels.create("Op Jade 翡翠行动").channel_id
    start = (datetime.now() - timedelta(days=3)).replace(hour=10, minute=0, second=0,
                                                         microsecond=0)
    own = profile.device_id
    with profile.store.transaction() as store:
        for device, name, agency in ((OTHER_OFFICER, "Anna Schmidt", "Zoll Hamburg"),
                                     (THIRD_OFFICER, "Tomás García", "Aduana Algeciras")):
            store.devices.add(DeviceRecord(device, name, agency, f"ed-{device}",
                                           f"cv-{device}", False, None, ms(start), ms(start)))
        store.messages.add_many(
            MessageRecord(message_id=message_id, channel_id=channel_id,
                          sender_device_id=own if sender == "OWN" else sender,
                          sent_at_ms=ms(start + timedelta(minutes=minutes)), kind="text",
                          body=text,
                          state=MessageState.DELIVERED if sender == "OWN"
                          else MessageState.RECEIVED,
                          received_at_ms=ms(start + timedelta(minutes=minutes)) + 10,
                          read=not unread)
            for message_id, sender, minutes, text, unread in RUN)
        record_local_event(store, channel_id, EventAction.VERIFIED,
                           ms(start + timedelta(minutes=12.5)), actor_device_id=own,
                           subject_device_id=THIRD_OFFICER, subject_name="Tomás García",
                           detail="qr-code")
    return channel_id, start


def grouped_ids(timeline: TimelineModel) -> list[str]:
    return [timeline.entry_at(row).message_id for row in range(timeline.rowCount())
            if timeline.index(row).data(TimelineRole.GROUPED)]


def own_height(view: TimelineView, timeline: TimelineModel, message_id: str) -> int:
    """The entry's own height (without a date band above it)."""
    row = timeline.row_of(message_id)
    assert row is not None
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(timeline.index(row))
    own = view.timeline_delegate.content_option(option, timeline.index(row))
    return own.rect.height()


def keep(screen: TimelineScreen, screenshot: Screenshot, name: str) -> None:
    """Into tests/artifacts/screens; into docs/screenshots/ too with LIAISON_SCREENSHOTS=1."""
    path = screenshot(screen, name)
    if os.environ.get("LIAISON_SCREENSHOTS") == "1":
        shutil.copyfile(path, DOCS_SCREENSHOTS / f"{name}.png")


def test_a_run_from_one_sender_is_grouped_and_everything_else_starts_a_header(
        qtbot: QtBot, profile: Profile, workspace: Workspace, screenshot: Screenshot) -> None:
    channel_id, _ = seed_run(profile, workspace)
    screen = shown_screen(qtbot, workspace, channel_id)
    screen.resize(760, 820)  # the whole run on screen, for the screenshot
    timeline = screen.timeline
    assert timeline is not None
    assert GROUP_WINDOW_MS == 5 * 60 * 1000
    # g-01, g-02: same sender within minutes; g-04: the officer's own run; g-09 after
    # the first unread. Not: g-03 (another sender), g-05 (six minutes later), g-07 (an
    # event row between), g-08 (the new-messages line above it), g-06 (another sender).
    assert grouped_ids(timeline) == ["g-01", "g-02", "g-04", "g-09"]
    events = [row for row in range(timeline.rowCount()) if timeline.entry_at(row).is_event]
    assert events
    assert not any(timeline.index(row).data(TimelineRole.GROUPED) for row in events)

    view = screen.list_view
    # A grouped row has no header: shorter than the same one-line message with one.
    assert own_height(view, timeline, "g-01") < own_height(view, timeline, "g-00")
    assert own_height(view, timeline, "g-04") < own_height(view, timeline, "g-03")
    assert own_height(view, timeline, "g-02") < own_height(view, timeline, "g-05")

    # A screen reader still hears who wrote it, and the time and sender are in its tooltip.
    def read(message_id: str, role: Qt.ItemDataRole) -> str:
        row = timeline.row_of(message_id)
        assert row is not None
        return str(timeline.index(row).data(role))

    assert read("g-01", Qt.ItemDataRole.AccessibleTextRole).startswith(
        "Anna Schmidt, Zoll Hamburg, ")
    assert read("g-04", Qt.ItemDataRole.AccessibleTextRole).startswith("Li Wei, ")
    assert read("g-01", Qt.ItemDataRole.ToolTipRole).startswith("Anna Schmidt · ")
    assert read("g-01", Qt.ItemDataRole.ToolTipRole).endswith(" · received")
    assert read("g-00", Qt.ItemDataRole.ToolTipRole) == "received"
    keep(screen, screenshot, "timeline-grouped-en")


def test_no_group_across_midnight_however_close(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel_id = workspace.channels.create("Op Night").channel_id
    midnight = (datetime.now() - timedelta(days=2)).replace(hour=0, minute=0, second=0,
                                                           microsecond=0)
    with profile.store.transaction() as store:
        store.messages.add_many(
            MessageRecord(message_id=f"n-{n}", channel_id=channel_id,
                          sender_device_id=OTHER_OFFICER, sent_at_ms=ms(when), kind="text",
                          body=f"night shift note {n}", state=MessageState.RECEIVED,
                          received_at_ms=ms(when) + 10, read=True)
            for n, when in enumerate((midnight - timedelta(minutes=2),
                                      midnight + timedelta(minutes=1),
                                      midnight + timedelta(minutes=2))))
    screen = shown_screen(qtbot, workspace, channel_id)
    timeline = screen.timeline
    assert timeline is not None
    # n-1 starts a day (its date band is above it): a header again; n-2 continues it.
    assert grouped_ids(timeline) == ["n-2"]


def test_reports_are_never_grouped_nor_is_the_message_after_one(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel_id = workspace.channels.create("Op Jade").channel_id
    workspace.sending.send_text(channel_id, "Container CSQU3054383 arrives Thursday",
                                deliver=False)
    workspace.sending.send_text(channel_id, "Warning follows", deliver=False)
    warning = workspace.reports.send(channel_id, "warning", [
        "subject=Cigarettes declared as ceramic tiles", "containers=CSQU3054383",
        "valid_until=2027-01-31"], deliver=False).message_id
    after = workspace.sending.send_text(channel_id, "Please confirm receipt",
                                        deliver=False).message_id
    assert after is not None
    screen = shown_screen(qtbot, workspace, channel_id)
    timeline = screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: timeline.row_of(after) is not None, timeout=WAIT_MS)
    grouped = grouped_ids(timeline)
    assert len(grouped) == 1  # "Warning follows", under the first text's header
    assert grouped[0] not in (warning, after)


def test_the_grouped_timeline_in_chinese(
        qtbot: QtBot, profile: Profile, workspace: Workspace, appearance: Appearance,
        screenshot: Screenshot) -> None:
    channel_id, _ = seed_run(profile, workspace)
    screen = shown_screen(qtbot, workspace, channel_id)
    screen.resize(760, 820)
    timeline = screen.timeline
    assert timeline is not None
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    row = timeline.row_of("g-01")
    assert row is not None
    qtbot.waitUntil(lambda: "已接收" in str(timeline.index(row).data(
        Qt.ItemDataRole.ToolTipRole)), timeout=WAIT_MS)
    assert grouped_ids(timeline) == ["g-01", "g-02", "g-04", "g-09"]
    QApplication.processEvents()
    keep(screen, screenshot, "timeline-grouped-zh_CN")


def test_a_grouped_attachment_and_reply_keep_their_save_button_and_quote(
        qtbot: QtBot, workspace: Workspace, tmp_path: Path, screenshot: Screenshot) -> None:
    """Without a header the body moves up and narrows (the time sits right of it): the
    painted Save button and quote are still where a click lands."""
    channel_id = workspace.channels.create("Op Jade").channel_id
    first = workspace.sending.send_text(channel_id, "Photos of the seal follow",
                                        deliver=False).message_id
    photo = tmp_path / "seal_封条.pdf"
    photo.write_bytes(b"%PDF-1.4\n" * 100)
    attachment = workspace.sending.send_attachment(channel_id, photo).message_id
    reply = workspace.sending.send_text(channel_id, "This one shows the broken seal",
                                        deliver=False, reply_to=first).message_id
    screen = shown_screen(qtbot, workspace, channel_id)
    timeline = screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: reply is not None and timeline.row_of(reply) is not None,
                    timeout=WAIT_MS)
    assert grouped_ids(timeline) == [attachment, reply]
    view = screen.list_view
    delegate = view.timeline_delegate

    def option_of(row: int) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = view.visualRect(timeline.index(row))
        return option

    row = timeline.row_of(attachment or "")
    assert row is not None
    option = option_of(row)
    button = delegate.save_button_rect(option, timeline.entry_at(row), timeline.index(row))
    assert option.rect.contains(button)
    assert button.right() < option.rect.right() - 16 - 30  # clear of the time column
    with qtbot.waitSignal(view.save_requested, timeout=WAIT_MS) as saved:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=button.center())
    assert saved.args[0].message_id == attachment

    row = timeline.row_of(reply or "")
    assert row is not None
    option = option_of(row)
    quote = delegate.quote_rect(option, timeline.entry_at(row), timeline.index(row))
    assert quote is not None
    assert option.rect.contains(quote)
    with qtbot.waitSignal(view.warning_requested, timeout=WAIT_MS) as followed:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=quote.center())
    assert followed.args == [first]
    screenshot(screen, "timeline-grouped-attachment-and-reply")
