"""The search pane (issue 11, item 5): results as the officer types, each a row with
sender, time, operation and the matched terms highlighted (Chinese too), Enter, click
and arrow keys, and Ctrl+Shift+F over every operation. Real profile, store (FTS5 in
SQLCipher), service thread and windows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from liaison_client.profile import Profile
from liaison_client.store.records import MessageRecord, MessageState
from liaison_client.workspace import Workspace
from tests.ui.screen_testing import WAIT_MS, Screenshot
from tests.ui.timeline.conftest import profile, workspace
from tests.ui.timeline.seeding import BASE_MS, OTHER_OFFICER, seed_channel
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.preferences import Language
from ui.search.search_bar import VISIBLE_ROWS
from ui.search.search_results import ResultRole, SearchResultsModel
from ui.timeline.timeline_model import TimelineRole

__all__ = ["profile", "workspace"]

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
LONG_HIT = ("Long report from the night shift at berth 7, with every container listed "
            "one after the other: MSKU1234565 TGHU8812341 CSQU3054383 and so on, until "
            "finally the reefer with 走私 cigarettes behind the fruit was found")


def snippet_of(model: SearchResultsModel, row: int) -> str:
    return str(model.data(model.index(row), ResultRole.SNIPPET))


def highlighted(model: SearchResultsModel, row: int) -> list[str]:
    """The highlighted parts of a result's text."""
    spans = model.data(model.index(row), ResultRole.SPANS)
    assert isinstance(spans, list)
    text = snippet_of(model, row)
    return [text[a:b] for a, b in spans]


def opened(qtbot: QtBot, profile: Profile, appearance: Appearance,
           workspace: Workspace) -> tuple[MainWindow, str, str]:
    jade = seed_channel(profile, workspace, 120, name="Op Jade 翡翠行动",
                        texts={30: LONG_HIT, 80: "查获 ivory at gate 4", 100: "走私 报告"})
    ivory = seed_channel(profile, workspace, 0, name="Op Ivory 象牙行动")
    with profile.store.transaction() as store:  # ids of its own: seed_channel's are m-NNNNNN
        store.messages.add(MessageRecord(
            message_id="ivory-10", channel_id=ivory, sender_device_id=OTHER_OFFICER,
            sent_at_ms=BASE_MS - 5_000, kind="text", body="象牙走私 seized in Hamburg",
            state=MessageState.RECEIVED, received_at_ms=BASE_MS - 5_000, read=True))
    window = MainWindow(profile, appearance, workspace)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    with qtbot.waitSignal(window.operations_loaded, timeout=WAIT_MS):
        window.show()
    window.operations_screen.select(jade)
    timeline = window.timeline_screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: timeline.rowCount() > 0 and not timeline.busy, timeout=WAIT_MS)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    return window, jade, ivory


def test_results_come_as_you_type_with_sender_time_and_highlighted_chinese(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
        screenshot: Screenshot) -> None:
    window, _, _ = opened(qtbot, profile, appearance, workspace)
    screen = window.timeline_screen
    bar = screen.search_bar
    asked: list[tuple[str, bool]] = []
    bar.search_requested.connect(lambda query, scope: asked.append((query, scope)))
    QTest.keySequence(window, "Ctrl+F")
    assert bar.query_edit.hasFocus()
    with qtbot.waitSignal(screen.search_finished, timeout=WAIT_MS):
        for character in "走私":  # typed as an input method commits: no Enter
            bar.query_edit.insert(character)
    assert asked == [("走私", False)]  # a burst of keys, one query
    assert [hit.text for hit in bar.hits] == ["走私 报告", LONG_HIT]
    model, view = bar.model, bar.results_view
    for row in range(model.rowCount()):
        assert highlighted(model, row) == ["走私"]
    # The long hit's row starts near its hit, so the highlighted term is in view.
    long_snippet = snippet_of(model, 1)
    assert long_snippet.startswith("…")
    assert long_snippet.index("走私") < 40
    # A proper pane: every row visible, no horizontal scrollbar.
    assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    for row in range(model.rowCount()):
        assert view.viewport().rect().contains(view.visualRect(model.index(row)))
    spoken = str(model.data(model.index(0), Qt.ItemDataRole.AccessibleTextRole))
    assert spoken.startswith("Li Wei, ") or spoken.startswith("DEVICE-OTHER-OFFICER")
    assert spoken.endswith(": 走私 报告")
    screenshot(window, "search-pane")
    window.grab().save(str(DOCS_SCREENSHOTS / "search-pane.png"))


def test_a_single_long_hit_shows_its_row(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    window, _, _ = opened(qtbot, profile, appearance, workspace)
    screen = window.timeline_screen
    bar = screen.search_bar
    asked: list[tuple[str, bool]] = []
    bar.search_requested.connect(lambda query, scope: asked.append((query, scope)))
    screen.open_search()
    with qtbot.waitSignal(screen.search_finished, timeout=WAIT_MS):
        QTest.keyClicks(bar.query_edit, "reefer cigarettes")
    assert asked == [("reefer cigarettes", False)]  # typed key by key: one query
    assert [hit.text for hit in bar.hits] == [LONG_HIT]
    assert bar.status_label.text() == "1 message matches; Enter or click to jump."
    view = bar.results_view
    assert view.isVisible()
    row = view.visualRect(bar.model.index(0))
    assert row.height() > 0
    assert view.viewport().rect().contains(row)
    assert highlighted(bar.model, 0) == ["reefer", "cigarettes"]


def test_keyboard_down_enter_jumps_and_up_returns_to_the_query(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    window, _, _ = opened(qtbot, profile, appearance, workspace)
    screen = window.timeline_screen
    timeline = screen.timeline
    assert timeline is not None
    bar = screen.search_bar
    screen.open_search()
    bar.query_edit.setText("走私")
    QTest.keyClick(bar.query_edit, Qt.Key.Key_Return)  # before the debounce: searches now
    qtbot.waitUntil(lambda: len(bar.hits) == 2, timeout=WAIT_MS)
    QTest.keyClick(bar.query_edit, Qt.Key.Key_Down)
    assert bar.results_view.hasFocus()
    QTest.keyClick(bar.results_view, Qt.Key.Key_Down)
    assert bar.results_view.currentIndex().row() == 1
    QTest.keyClick(bar.results_view, Qt.Key.Key_Up)
    QTest.keyClick(bar.results_view, Qt.Key.Key_Up)  # from the first row: back to the query
    assert bar.query_edit.hasFocus()
    with qtbot.waitSignal(timeline.revealed, timeout=WAIT_MS) as revealed:
        QTest.keyClick(bar.query_edit, Qt.Key.Key_Return)  # results in: the first one
    assert timeline.entry_at(revealed.args[0]).text == "走私 报告"
    assert timeline.data(timeline.index(revealed.args[0]), TimelineRole.HIGHLIGHTED) is True


def test_ctrl_shift_f_searches_every_operation_and_opens_the_hits_operation(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
        screenshot: Screenshot) -> None:
    window, jade, ivory = opened(qtbot, profile, appearance, workspace)
    screen = window.timeline_screen
    bar = screen.search_bar
    QTest.keySequence(window, "Ctrl+Shift+F")
    assert bar.isVisible()
    assert bar.all_check.isChecked()
    with qtbot.waitSignal(screen.search_finished, timeout=WAIT_MS):
        bar.query_edit.insert("走私")
    # Newest stored first (the store's order), whichever operation.
    assert [(hit.channel_id, hit.text) for hit in bar.hits] == [
        (ivory, "象牙走私 seized in Hamburg"), (jade, "走私 报告"), (jade, LONG_HIT)]
    assert bar.model.data(bar.model.index(0), ResultRole.OPERATION) == "Op Ivory 象牙行动"
    assert bar.model.data(bar.model.index(1), ResultRole.OPERATION) == "Op Jade 翡翠行动"
    assert "in Op Ivory 象牙行动" in str(bar.model.data(bar.model.index(0)))
    screenshot(window, "search-pane-all-operations")
    bar.results_view.setFocus()
    bar.results_view.setCurrentIndex(bar.model.index(0))
    QTest.keyClick(bar.results_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.channel is not None and screen.channel.channel_id == ivory,
                    timeout=WAIT_MS)
    timeline = screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: timeline.row_of("ivory-10") is not None and timeline.data(
        timeline.index(timeline.row_of("ivory-10") or 0), TimelineRole.HIGHLIGHTED) is True,
        timeout=WAIT_MS)
    assert bar.hits  # the results stay for the next jump


def test_an_answer_to_an_older_query_is_dropped(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    window, _, _ = opened(qtbot, profile, appearance, workspace)
    screen = window.timeline_screen
    bar = screen.search_bar
    screen.open_search()
    bar.query_edit.setText("查获")
    screen._search_done("走私", False, [], {})  # a late answer
    assert bar.status_label.isHidden()
    with qtbot.waitSignal(screen.search_finished, timeout=WAIT_MS):
        bar.search_now()
    assert [hit.text for hit in bar.hits] == ["查获 ivory at gate 4"]


def test_the_pane_in_chinese(qtbot: QtBot, profile: Profile, appearance: Appearance,
                             workspace: Workspace, screenshot: Screenshot) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    window, _, _ = opened(qtbot, profile, appearance, workspace)
    screen = window.timeline_screen
    bar = screen.search_bar
    screen.open_search(all_operations=True)
    with qtbot.waitSignal(screen.search_finished, timeout=WAIT_MS):
        bar.query_edit.setText("走私")
    assert bar.all_check.text() == "全部行动(&O)"
    assert bar.status_label.text() == "3 条消息匹配；按 Enter 或单击跳转。"
    assert bar.results_view.height() >= min(3, VISIBLE_ROWS) * bar.results_view.sizeHintForRow(0)
    screenshot(window, "search-pane-zh_CN")
