"""The attachment row shows the sender's name whole, underscores included, beside Chinese
(issue 11, item 11), and sending while scrolled up brings the officer to their message
(issue 11, item 12). Real profile and Workspace (no relay: both read the local store)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics, QImage
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from liaison_client.profile import Profile
from liaison_client.workspace import TIMELINE_PAGE_SIZE, Workspace
from tests.ui.screen_testing import WAIT_MS, Screenshot
from tests.ui.timeline.conftest import profile, workspace
from tests.ui.timeline.seeding import seed_channel
from ui.screens import ScreenContext
from ui.timeline.timeline_screen import TimelineScreen

__all__ = ["profile", "workspace"]

NAME = "seizure_report_查获报告.pdf"


def shown_screen(qtbot: QtBot, workspace: Workspace, channel_id: str) -> TimelineScreen:
    screen = TimelineScreen(ScreenContext(workspace))
    qtbot.addWidget(screen)
    screen.resize(700, 600)
    screen.show_operation(workspace.channels.get(channel_id))
    screen.show()
    qtbot.waitExposed(screen)
    timeline = screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: timeline.rowCount() > 0 and not timeline.busy, timeout=WAIT_MS)
    return screen


def dark_pixels(image: QImage, area: QRect) -> int:
    return sum(1 for x in range(area.left(), area.right() + 1)
               for y in range(area.top(), area.bottom() + 1)
               if image.pixelColor(x, y).lightness() < 160)


def test_an_attachment_name_with_chinese_keeps_its_underscores(
        qtbot: QtBot, workspace: Workspace, tmp_path: Path, screenshot: Screenshot) -> None:
    channel = workspace.channels.create("Op Jade 翡翠行动").channel_id
    source = tmp_path / NAME
    source.write_bytes(b"%PDF-1.4\n" * 100)
    workspace.sending.send_attachment(channel, source)  # queued: no relay here
    screen = shown_screen(qtbot, workspace, channel)
    view = screen.list_view
    timeline = screen.timeline
    assert timeline is not None
    entry = timeline.entry_at(0)
    assert entry.attachment is not None
    assert entry.attachment.name == NAME
    screenshot(screen, "timeline-attachment-underscores")
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    # Where the delegate draws the name: under the header, right of the paper-clip icon.
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(timeline.index(0))
    # Below the date separator the first row of a day carries: the entry's own part.
    own = view.timeline_delegate.content_option(option, timeline.index(0))
    row = QRect(own.rect)
    font = option.font
    bold = type(font)(font)
    bold.setBold(True)
    metrics = QFontMetrics(font)
    body_top = row.top() + 8 + QFontMetrics(bold).height() + 4
    text_left = row.left() + 16 + 14 + 2 * 4
    # The first underscore's columns: no other glyph of the name is drawn there, so any
    # ink in that band, on the name's line, is the underscore.
    start = text_left + metrics.horizontalAdvance("seizure")
    end = text_left + metrics.horizontalAdvance("seizure_") - 1
    laid_out = metrics.boundingRect(QRect(0, 0, 10_000, 1_000), 0, NAME).height()
    band = QRect(int(start * ratio), int(body_top * ratio),
                 max(1, int((end - start) * ratio)), int(laid_out * ratio))
    assert dark_pixels(image, band) > 0, "the underscore is not drawn"
    # Every underscore is drawn: the same for the second one.
    start = text_left + metrics.horizontalAdvance("seizure_report")
    end = text_left + metrics.horizontalAdvance("seizure_report_") - 1
    band = QRect(int(start * ratio), int(body_top * ratio),
                 max(1, int((end - start) * ratio)), int(laid_out * ratio))
    assert dark_pixels(image, band) > 0


def test_sending_while_scrolled_far_up_brings_the_officer_to_the_new_message(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 6 * TIMELINE_PAGE_SIZE)
    screen = shown_screen(qtbot, workspace, channel)
    timeline = screen.timeline
    assert timeline is not None
    view = screen.list_view
    bar = view.verticalScrollBar()
    for _ in range(5):  # far back: newer pages are let go of
        with qtbot.waitSignal(timeline.page_loaded, timeout=WAIT_MS):
            bar.setValue(0)
        qtbot.waitUntil(lambda: not timeline.busy, timeout=WAIT_MS)
    assert timeline.has_newer
    screen.send_text("Seal 4471 broken — 封条 4471 已破损")
    qtbot.waitUntil(lambda: any(timeline.entry_at(r).text.startswith("Seal 4471")
                                for r in range(timeline.rowCount())), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not timeline.busy, timeout=WAIT_MS)
    row = timeline.rowCount() - 1
    assert timeline.entry_at(row).text.startswith("Seal 4471")
    qtbot.waitUntil(lambda: view.viewport().rect().contains(
        view.visualRect(timeline.index(row)).center()), timeout=WAIT_MS)
    assert bar.value() == bar.maximum()


def test_sending_while_scrolled_a_little_up_brings_the_officer_to_the_new_message(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 60)
    screen = shown_screen(qtbot, workspace, channel)
    timeline = screen.timeline
    assert timeline is not None
    view = screen.list_view
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)  # reading higher up, within the loaded page
    reading = bar.value()
    screen.send_text("Truck at gate 4")
    qtbot.waitUntil(lambda: timeline.entry_at(timeline.rowCount() - 1).text
                    == "Truck at gate 4", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bar.value() == bar.maximum() and bar.value() > reading,
                    timeout=WAIT_MS)
    last = view.visualRect(timeline.index(timeline.rowCount() - 1))
    assert view.viewport().rect().contains(last.center())
