"""The import wizard against the real service: a bad row is named by line and nothing is
stored; the officer may then import only the valid rows; Cancel drops a check."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from liaison_client.profile import Profile
from liaison_client.workspace import Workspace
from tests.ui.screen_testing import WAIT_MS
from tests.ui.watchlists.tab_driving import open_tab
from tests.ui.watchlists.test_watchlists_screen import LIST, seeded
from ui.appearance import Appearance
from ui.preferences import Language

SHEET = (
    "kind,value,note,tags,expires\n"
    "container,MSCU 123456-5,,,\n"             # line 2: bad check digit
    "hs,3915.10,,,\n"                           # line 3: valid
    "imo,IMO 9074729,vessel,ship;watch,2030-01-01\n"  # line 4: valid
    "hs,3999,,,\n"                              # line 5: heading unknown
    "container,CSQU3054383,dup of list,,\n"     # line 6: already listed
)


def test_a_bad_row_is_named_and_nothing_is_stored_until_valid_rows_are_chosen(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
        tmp_path: Path) -> None:
    channel = seeded(workspace)
    workspace.watchlists.retire(channel, next(
        e.entry_id for e in workspace.watchlists.entries(channel, LIST) if e.kind == "hs"))
    before = len(workspace.watchlists.entries(channel, LIST, include_inactive=True))
    sheet = tmp_path / "entries.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    _window, screen = open_tab(qtbot, profile, appearance, workspace, channel, rows=4)
    wizard = screen.open_import_wizard()
    assert wizard is not None
    assert not wizard.check_button.isEnabled()
    wizard.file_field.set_path(sheet)
    wizard.check_button.click()
    qtbot.waitUntil(lambda: wizard.checked is not None, timeout=WAIT_MS)
    lines = [wizard.problems.item(i).text() for i in range(wizard.problems.count())]
    assert len(lines) == 3
    assert lines[0].startswith("line 2: ")
    assert "check digit should be" in lines[0]
    assert lines[1] == "line 5: HS heading 3999 does not exist in HS 2022."
    assert lines[2].startswith("line 6: ")
    assert "already listed" in lines[2]
    assert not wizard.import_all_button.isEnabled()
    assert wizard.import_valid_button.isVisible()
    assert wizard.import_valid_button.isEnabled()
    assert "2" in wizard.import_valid_button.text()
    # Nothing was stored by the check.
    assert len(workspace.watchlists.entries(channel, LIST, include_inactive=True)) == before
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        wizard.import_valid_button.click()
    values = {e.value for e in workspace.watchlists.entries(channel, LIST)}
    assert {"391510", "9074729"} <= values
    assert len(workspace.watchlists.entries(channel, LIST, include_inactive=True)) == before + 2
    assert "Imported 2 entries" in wizard.summary.text()
    assert {"391510", "9074729"} <= {r.entry.value for r in screen.model.rows()}
    wizard.reject()


def test_cancel_drops_the_check_and_a_valid_file_imports_all(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
        tmp_path: Path) -> None:
    channel = seeded(workspace)
    sheet = tmp_path / "good.csv"
    sheet.write_text("kind,value,tags\ncontainer,TASU1170000,a;b\nkeyword,香烟,\n",
                     encoding="utf-8-sig")
    _window, screen = open_tab(qtbot, profile, appearance, workspace, channel, rows=4)
    wizard = screen.open_import_wizard()
    assert wizard is not None
    wizard.file_field.set_path(sheet)
    wizard.check_button.click()
    assert wizard.progress.running
    assert wizard.progress.cancel_button.isEnabled()
    wizard.progress.cancel_button.click()
    qtbot.wait(300)
    assert wizard.checked is None
    assert not wizard.import_all_button.isEnabled()
    assert wizard.summary.text() == "Cancelled: nothing was stored."
    wizard.check_button.click()
    qtbot.waitUntil(lambda: wizard.checked is not None, timeout=WAIT_MS)
    assert wizard.problems.isHidden()
    assert wizard.import_all_button.isEnabled()
    assert not wizard.import_valid_button.isVisible()
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        wizard.import_all_button.click()
    assert {"TASU1170000", "香烟"} <= {e.value for e in workspace.watchlists.entries(channel, LIST)}
    wizard.reject()


def test_unreadable_header_is_said_in_chinese(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
        tmp_path: Path) -> None:
    channel = seeded(workspace)
    sheet = tmp_path / "wrong.csv"
    sheet.write_text("名称,备注\nfoo,bar\n", encoding="utf-8")
    _window, screen = open_tab(qtbot, profile, appearance, workspace, channel, rows=4)
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    qtbot.waitUntil(lambda: screen.add_button.text().startswith("添加"), timeout=WAIT_MS)
    try:
        wizard = screen.open_import_wizard()
        assert wizard is not None
        assert wizard.check_button.text().startswith("检查")
        wizard.file_field.set_path(sheet)
        wizard.check_button.click()
        qtbot.waitUntil(lambda: wizard.summary.text() != "", timeout=WAIT_MS)
        assert "kind" in wizard.summary.text()
        assert not wizard.import_all_button.isEnabled()
        wizard.reject()
    finally:
        appearance.set_language(Language.ENGLISH)
