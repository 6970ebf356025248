"""Reports in the desktop timeline: cards with the kind's title and a field table labelled
in the interface language (English, Simplified Chinese), and a feedback card that goes to
the warning it answers — loading it first when it is far above the loaded pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from liaison_client.profile import Profile
from liaison_client.store.records import MessageRecord, MessageState, now_ms
from liaison_client.workspace import TIMELINE_PAGE_SIZE, Workspace
from tests.ui.screen_testing import WAIT_MS
from tests.ui.timeline.conftest import profile, workspace
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.preferences import Language
from ui.timeline.timeline_model import TimelineModel, TimelineRole

__all__ = ["profile", "workspace"]

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 16


def send_reports(workspace: Workspace, channel: str, photo: Path) -> tuple[str, str, str]:
    warning = workspace.reports.send(channel, "warning", [
        "subject=Cigarettes declared as ceramic tiles 申报为瓷砖的香烟",
        "indicators=Freight paid in cash", "indicators=新注册的收货人",
        "containers=CSQU3054383", "hs_codes=2402.20", "consignee=Jade Trading GmbH",
        "valid_until=2027-01-31"]).message_id
    return warning, *send_answers(workspace, channel, warning, photo)


def send_answers(workspace: Workspace, channel: str, warning: str,
                 photo: Path) -> tuple[str, str]:
    feedback = workspace.reports.send(channel, "feedback", [
        f"answers={warning}", "outcome=found",
        "details=12 pallets behind the tiles; 瓷砖后有十二托"]).message_id
    seizure = workspace.reports.send(channel, "seizure", [
        "date=2026-11-30", "place=Hamburg, Burchardkai", "commodity=Cigarettes 香烟",
        "hs_code=2402.20", "quantity=1250.5", "unit=kg", "container=CSQU3054383",
        "concealment=Behind ceramic tiles", "agencies=Zoll Hamburg",
        "agencies=广州海关"], photos=[photo]).message_id
    return feedback, seizure


def opened(qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
           channel: str, rows: int) -> tuple[MainWindow, TimelineModel]:
    window = MainWindow(profile, appearance, workspace)
    qtbot.addWidget(window)
    window.resize(1280, 1150)
    with qtbot.waitSignal(window.operations_loaded, timeout=WAIT_MS):
        window.show()
    window.operations_screen.select(channel)
    timeline = window.timeline_screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: timeline.rowCount() >= rows and not timeline.busy,
                    timeout=WAIT_MS)
    return window, timeline


def test_reports_are_cards_labelled_in_the_interface_language(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
        tmp_path: Path) -> None:
    photo = tmp_path / "hold.jpg"
    photo.write_bytes(JPEG)
    channel = workspace.channels.create("Op Jade 翡翠行动").channel_id
    workspace.sending.send_text(channel, "Container CSQU3054383 arrives Thursday")
    warning, feedback, seizure = send_reports(workspace, channel, photo)
    window, timeline = opened(qtbot, profile, appearance, workspace, channel, 4)
    view = window.timeline_screen.list_view

    def read(message_id: str) -> str:
        row = timeline.row_of(message_id)
        assert row is not None
        return str(timeline.data(timeline.index(row), Qt.ItemDataRole.AccessibleTextRole))

    def height(message_id: str) -> int:
        row = timeline.row_of(message_id)
        assert row is not None
        # The entry's own height, without the date separator above a day's first row.
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = view.visualRect(timeline.index(row))
        own = view.timeline_delegate.content_option(option, timeline.index(row))
        return own.rect.height()

    assert "Warning. Subject: Cigarettes declared as ceramic tiles" in read(warning)
    assert "Risk indicators: Freight paid in cash; 新注册的收货人" in read(warning)
    assert "In answer to: Cigarettes declared as ceramic tiles 申报为瓷砖的香烟" in read(feedback)
    assert "Outcome: Found" in read(feedback)
    assert "Photos: hold.jpg" in read(seizure)
    assert "Unit: kg" in read(seizure)
    # A card is a table, a row per field: far taller than the one-line text above it.
    text_row = timeline.entry_at(0).message_id
    assert height(warning) > 3 * height(text_row)
    QApplication.processEvents()
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.timeline_screen.grab().save(str(DOCS_SCREENSHOTS / "report-cards-en.png"))

    english_height = height(seizure)
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    qtbot.waitUntil(lambda: "预警" in read(warning), timeout=WAIT_MS)
    # Re-measured in Chinese (its glyphs are taller): no card row is clipped.
    qtbot.waitUntil(lambda: height(seizure) > english_height, timeout=WAIT_MS)
    assert "主题: Cigarettes declared as ceramic tiles" in read(warning)
    assert "查验结果: " in read(feedback)
    assert "答复的预警" in read(feedback)
    assert "照片: hold.jpg" in read(seizure)
    QApplication.processEvents()
    assert window.timeline_screen.grab().save(str(DOCS_SCREENSHOTS / "report-cards-zh_CN.png"))


def test_activating_a_feedback_card_goes_to_its_warning_far_above(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
        tmp_path: Path) -> None:
    photo = tmp_path / "hold.jpg"
    photo.write_bytes(JPEG)
    channel = workspace.channels.create("Op Jade 翡翠行动").channel_id
    warning = workspace.reports.send(channel, "warning", [
        "subject=Reefer from Ningbo", "containers=CSQU3054383"]).message_id
    start = now_ms()
    with profile.store.transaction() as store:  # a long operation between the two
        store.messages.add_many(
            MessageRecord(message_id=f"m-{n:06d}", channel_id=channel,
                          sender_device_id=profile.device_id, sent_at_ms=start + n,
                          kind="text", body=f"message {n}", state=MessageState.DELIVERED,
                          received_at_ms=start + n, read=True)
            for n in range(TIMELINE_PAGE_SIZE + 50))
    feedback, _ = send_answers(workspace, channel, warning, photo)
    window, timeline = opened(qtbot, profile, appearance, workspace, channel,
                              TIMELINE_PAGE_SIZE)
    assert timeline.row_of(warning) is None  # not loaded: the jump reads it first
    view = window.timeline_screen.list_view
    row = timeline.row_of(feedback)
    assert row is not None
    view.setFocus()
    view.setCurrentIndex(timeline.index(row))
    with qtbot.waitSignal(timeline.revealed, timeout=WAIT_MS) as revealed:
        QTest.keyClick(view, Qt.Key.Key_Return)
    shown = revealed.args[0]
    assert timeline.entry_at(shown).message_id == warning
    assert timeline.data(timeline.index(shown), TimelineRole.HIGHLIGHTED) is True
