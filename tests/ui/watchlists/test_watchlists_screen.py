"""The Watch-lists tab against a real profile and Workspace (SQLCipher, the real service):
add with an error then fixed, already listed, filter and sort, retire, history, lock,
10,000 entries loaded off the GUI thread, and a language switch."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from liaison_client.profile import Profile
from liaison_client.workspace import Workspace
from tests.ui.screen_testing import WAIT_MS
from tests.ui.watchlists.tab_driving import (
    DOCS_SCREENSHOTS,
    answer_next_box,
    open_tab,
)
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.preferences import Language
from ui.watchlists.entries_model import Column

LIST = "High-risk 高风险"


def seeded(workspace: Workspace) -> str:
    channel = workspace.channels.create("Op Jade 翡翠行动").channel_id
    service = workspace.watchlists
    service.add(channel, LIST, "container", "CSQU3054383", note="tiles 瓷砖",
                tags=["tobacco"], deliver=False)
    service.add(channel, LIST, "hs", "3915.10", note="plastic waste 塑料废物",
                tags=["waste"], deliver=False)
    service.add(channel, LIST, "company", "Jade Trading GmbH", tags=["consignee"],
                deliver=False)
    service.add(channel, LIST, "keyword", "瓷砖", expires="2020-01-01", deliver=False)
    return channel


def locked(workspace: Workspace, channel: str) -> bool:
    found = workspace.watchlists.state(channel).list_named(LIST)
    assert found is not None
    return found.locked


def test_add_refuses_an_invalid_value_as_typed_then_saves_the_fixed_one(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    channel = seeded(workspace)
    _window, screen = open_tab(qtbot, profile, appearance, workspace, channel, rows=4)
    dialog = screen.open_add_dialog()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.kind_combo.setCurrentIndex(0)  # container
    QTest.keyClicks(dialog.value_edit, "TASU117000 1")
    assert not dialog.save_button.isEnabled()
    assert "check digit should be 0" in dialog.value_problem.text()
    assert dialog.value_problem.isVisible()
    # HS: a heading that does not exist.
    dialog.kind_combo.setCurrentIndex(1)
    dialog.value_edit.setText("3999")
    assert dialog.value_problem.text() == "HS heading 3999 does not exist in HS 2022."
    assert not dialog.save_button.isEnabled()
    dialog.kind_combo.setCurrentIndex(0)
    dialog.value_edit.clear()
    QTest.keyClicks(dialog.value_edit, "TASU 117000-0")
    assert dialog.value_problem.isHidden()
    assert dialog.save_button.isEnabled()
    dialog.note_edit.setText("reefer")
    dialog.tags_edit.setText("tobacco; 香烟")
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        dialog.save_button.click()
    assert not dialog.isVisible()
    values = [row.entry.value for row in screen.model.rows()]
    assert "TASU1170000" in values
    stored = [e for e in workspace.watchlists.entries(channel, LIST) if e.value == "TASU1170000"]
    assert stored[0].tags == ("tobacco", "香烟")
    assert stored[0].note == "reefer"

    # The same container again: the merge refuses it, naming the entry.
    again = screen.open_add_dialog()
    assert again is not None
    again.value_edit.setText("CSQU 305438-3")
    assert again.save_button.isEnabled()
    again.save_button.click()
    qtbot.waitUntil(again.refusal.isVisible, timeout=WAIT_MS)
    holder = next(e for e in workspace.watchlists.entries(channel, LIST)
                  if e.value == "CSQU3054383")
    assert "already listed" in again.refusal.text()
    assert holder.entry_id in again.refusal.text()
    assert again.isVisible()
    again.reject()


def test_company_uscc_failing_its_check_is_a_warning_not_a_refusal(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    channel = seeded(workspace)
    _window, screen = open_tab(qtbot, profile, appearance, workspace, channel, rows=4)
    dialog = screen.open_add_dialog()
    assert dialog is not None
    dialog.kind_combo.setCurrentIndex(4)  # company
    assert dialog.uscc_edit.isVisibleTo(dialog)
    assert dialog.eori_edit.isVisibleTo(dialog)
    dialog.value_edit.setText("广州翡翠贸易有限公司")
    # GB 32100's published example is 91350100M000100Y43; change its check character.
    dialog.uscc_edit.setText("91350100M000100Y44")
    assert dialog.save_button.isEnabled()
    assert "check character" in dialog.value_problem.text()
    dialog.uscc_edit.setText("91350100M000100Y43")
    assert dialog.value_problem.isHidden()
    dialog.uscc_edit.setText("12345")
    assert not dialog.save_button.isEnabled()
    dialog.reject()


def test_filter_sort_and_show_retired_and_expired(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    channel = seeded(workspace)
    _window, screen = open_tab(qtbot, profile, appearance, workspace, channel, rows=4)
    # The keyword expired in 2020: hidden until "Show retired and expired".
    assert len(screen.visible_rows()) == 3
    screen.show_inactive.setChecked(True)
    assert len(screen.visible_rows()) == 4
    expired = [r for r in screen.visible_rows() if r.entry.value == "瓷砖"]
    assert screen.proxy.index(screen.visible_rows().index(expired[0]), Column.STATUS
                              ).data() == "Expired"
    screen.show_inactive.setChecked(False)
    QTest.keyClicks(screen.filter_edit, "waste")
    assert [r.entry.value for r in screen.visible_rows()] == ["391510"]
    screen.filter_edit.setText("塑料")
    assert [r.entry.value for r in screen.visible_rows()] == ["391510"]
    screen.filter_edit.clear()
    screen.table.sortByColumn(Column.VALUE, Qt.SortOrder.AscendingOrder)
    keys = [r.entry.key for r in screen.visible_rows()]
    assert keys == sorted(keys)
    screen.table.sortByColumn(Column.KIND, Qt.SortOrder.DescendingOrder)
    kinds = [str(r.entry.kind) for r in screen.visible_rows()]
    assert kinds == sorted(kinds, reverse=True)
    assert screen.count_label.text() == "3 of 4 entries shown"


def test_retire_after_confirming_and_the_history_says_who_did_what(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    channel = seeded(workspace)
    _window, screen = open_tab(qtbot, profile, appearance, workspace, channel, rows=4)
    target = next(e for e in workspace.watchlists.entries(channel, LIST) if e.kind == "hs")
    assert screen.select_entry(target.entry_id)
    answer_next_box("Cancel")
    screen.confirm_retire()
    assert workspace.watchlists.entry(channel, target.entry_id).status == "active"
    answer_next_box("Retire")
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        screen.confirm_retire()
    assert workspace.watchlists.entry(channel, target.entry_id).status == "retired"
    assert target.entry_id not in [r.entry.entry_id for r in screen.visible_rows()]
    screen.show_inactive.setChecked(True)
    assert screen.select_entry(target.entry_id)
    assert not screen.retire_button.isEnabled()
    assert not screen.edit_button.isEnabled()
    history = screen.open_history()
    assert history is not None
    rows = history.rows()
    assert [action for _when, _who, action, _what in rows] == ["Added", "Retired"]
    assert all(who == "Li Wei" for _when, who, _action, _what in rows)
    assert "3915.10" in history.heading.text() or "391510" in rows[0][3]
    history.reject()


def test_edit_changes_note_and_the_history_shows_the_change(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    channel = seeded(workspace)
    _window, screen = open_tab(qtbot, profile, appearance, workspace, channel, rows=4)
    target = next(e for e in workspace.watchlists.entries(channel, LIST)
                  if e.kind == "container")
    assert screen.select_entry(target.entry_id)
    dialog = screen.open_edit_dialog()
    assert dialog is not None
    assert dialog.value_edit.text() == "CSQU3054383"
    assert not dialog.list_edit.isEnabled()
    dialog.note_edit.setText("seen in Hamburg")
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        dialog.save_button.click()
    changed = workspace.watchlists.entry(channel, target.entry_id)
    assert changed.note == "seen in Hamburg"
    assert screen.select_entry(target.entry_id)
    history = screen.open_history()
    assert history is not None
    assert history.rows()[-1][2] == "Changed"
    assert "seen in Hamburg" in history.rows()[-1][3]
    history.reject()


def test_a_locked_list_cannot_be_edited_until_unlocked(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    channel = seeded(workspace)
    _window, screen = open_tab(qtbot, profile, appearance, workspace, channel, rows=4)
    assert screen.coordinator
    assert screen.lock_button.isVisible()
    assert screen.add_button.isEnabled()
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        screen.lock_button.click()
    assert locked(workspace, channel)
    assert screen.lock_state.isVisible()
    assert screen.lock_state.text() == "Locked by the coordinator: read-only"
    assert not screen.add_button.isEnabled()
    assert not screen.import_button.isEnabled()
    screen.select_entry(screen.visible_rows()[0].entry.entry_id)
    assert not screen.edit_button.isEnabled()
    assert not screen.retire_button.isEnabled()
    assert screen.history_button.isEnabled()
    assert screen.match_button.isEnabled()
    assert screen.open_add_dialog() is None
    assert screen.lock_button.text().replace("&", "") == "Unlock list"
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        screen.lock_button.click()
    assert not locked(workspace, channel)
    assert screen.add_button.isEnabled()
    assert screen.lock_state.isHidden()


@pytest.mark.slow  # ~5 s: ten thousand entries loaded through the real model
def test_ten_thousand_entries_load_without_blocking_the_event_loop(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
        tmp_path: Path) -> None:
    channel = workspace.channels.create("Op Big").channel_id
    sheet = tmp_path / "big.csv"
    lines = ["kind,value,note,tags"] + [f"keyword,suspect phrase {i},note {i},t{i % 7}"
                                        for i in range(10_000)]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    workspace.watchlists.import_file(channel, "Big", sheet)
    ticks_while_loading: list[float] = []

    def tick() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if any(w.watchlists_screen.loading for w in windows):
            ticks_while_loading.append(time.monotonic())

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    _window, screen = open_tab(qtbot, profile, appearance, workspace, channel, rows=10_000)
    timer.stop()
    assert screen.model.rowCount() == 10_000
    assert screen.proxy.rowCount() == 10_000
    # The event loop kept turning (timer ticks delivered) while the entries were
    # read and folded on the service thread.
    assert ticks_while_loading
    QTest.keyClicks(screen.filter_edit, "phrase 9999")
    assert [r.entry.value for r in screen.visible_rows()] == ["suspect phrase 9999"]


def test_the_tab_follows_a_language_switch(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    channel = seeded(workspace)
    window, screen = open_tab(qtbot, profile, appearance, workspace, channel, rows=4)
    tabs = window.operation_tabs
    assert tabs.tabText(tabs.indexOf(screen)) == "Watch-lists"
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.waitExposed(screen)
    assert screen.grab().save(str(DOCS_SCREENSHOTS / "watchlists-tab-en.png"))
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    try:
        qtbot.waitUntil(lambda: tabs.tabText(tabs.indexOf(screen)) == "监控清单",
                        timeout=WAIT_MS)
        assert screen.model.headerData(Column.KIND, Qt.Orientation.Horizontal) == "类别"
        assert screen.add_button.text().startswith("添加")
        statuses = {screen.proxy.index(r, Column.KIND).data()
                    for r in range(screen.proxy.rowCount())}
        assert "集装箱" in statuses
        qtbot.wait(200)
        assert screen.grab().save(str(DOCS_SCREENSHOTS / "watchlists-tab-zh.png"))
    finally:
        appearance.set_language(Language.ENGLISH)
    qtbot.waitUntil(lambda: tabs.tabText(tabs.indexOf(screen)) == "Watch-lists",
                    timeout=WAIT_MS)
    assert tabs.tabText(tabs.indexOf(screen)) == "Watch-lists"


def test_the_add_dialog_says_why_a_value_is_invalid_in_both_languages(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    channel = seeded(workspace)
    _window, screen = open_tab(qtbot, profile, appearance, workspace, channel, rows=4)
    dialog = screen.open_add_dialog()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.value_edit.setText("CSQU3054384")
    assert dialog.value_problem.text() == "CSQU3054384: the check digit should be 3."
    assert not dialog.save_button.isEnabled()
    qtbot.wait(100)
    assert dialog.grab().save(str(DOCS_SCREENSHOTS / "watchlists-add-error-en.png"))
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    try:
        qtbot.waitUntil(lambda: dialog.windowTitle() == "添加条目", timeout=WAIT_MS)
        assert "校验" in dialog.value_problem.text()
        assert "3" in dialog.value_problem.text()
        assert dialog.save_button.text() == "保存(&S)"
        qtbot.wait(200)
        assert dialog.grab().save(str(DOCS_SCREENSHOTS / "watchlists-add-error-zh.png"))
    finally:
        appearance.set_language(Language.ENGLISH)
    dialog.reject()
