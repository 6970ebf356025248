"""Attachments and files (issue 11, item 11): a visible Save button on the attachment row,
and Attach / Save dialogs that open in Documents / Downloads, then the folder last used.
Against a real relay process: the saved file is downloaded and decrypted for real."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from tests.ui.main_window.test_live_channel import Live, live, open_channel
from tests.ui.screen_testing import WAIT_MS, Screenshot
from ui.widgets.remembered_folders import RememberedFolders

__all__ = ["live"]

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def standard_folder(location: QStandardPaths.StandardLocation) -> Path:
    found = QStandardPaths.writableLocation(location)
    return Path(found) if found and Path(found).is_dir() else Path.home()


@pytest.mark.shared_relay
def test_the_save_button_saves_and_the_save_dialog_remembers_its_folder(
        qtbot: QtBot, live: Live, tmp_path: Path, ui_settings: QSettings,
        screenshot: Screenshot) -> None:
    screen = live.window.timeline_screen
    screen.folders = RememberedFolders(ui_settings)
    live.window.resize(1100, 760)
    open_channel(qtbot, live)
    source = tmp_path / "seizure_report_查获报告.pdf"
    source.write_bytes(b"%PDF-1.4 seizure report\n" * 80)
    screen.send_files([source])
    timeline = screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: any(timeline.entry_at(r).attachment is not None
                                for r in range(timeline.rowCount())), timeout=WAIT_MS)
    row = next(r for r in range(timeline.rowCount())
               if timeline.entry_at(r).attachment is not None)
    entry = timeline.entry_at(row)
    view = screen.list_view
    view.scrollToBottom()
    qtbot.waitUntil(lambda: not screen.composer.upload_progress.isVisibleTo(screen.composer),
                    timeout=WAIT_MS)
    screenshot(live.window, "timeline-attachment-save-button")
    live.window.grab().save(str(DOCS_SCREENSHOTS / "timeline-attachment-save-button.png"))

    # The painted Save button, clicked with the mouse, opens the Save dialog in Downloads
    # (not the working directory), under the sender's name made safe.
    index = timeline.index(row)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    button = view.timeline_delegate.save_button_rect(option, entry)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=button.center())
    qtbot.waitUntil(lambda: screen.save_dialog is not None, timeout=WAIT_MS)
    dialog = screen.save_dialog
    assert dialog is not None
    assert Path(dialog.directory().absolutePath()) == standard_folder(
        QStandardPaths.StandardLocation.DownloadLocation)
    assert [Path(f).name for f in dialog.selectedFiles()] == ["seizure_report_查获报告.pdf"]
    target = tmp_path / "received" / "report.pdf"
    target.parent.mkdir()
    dialog.selectFile(str(target))
    dialog.accept()
    qtbot.waitUntil(lambda: target.exists() and target.read_bytes() == source.read_bytes(),
                    timeout=WAIT_MS)
    # The next Save opens where the last one saved.
    live.window.activateWindow()
    qtbot.waitUntil(live.window.isActiveWindow, timeout=WAIT_MS)
    view.setFocus()
    view.setCurrentIndex(index)
    QTest.keyClick(view, Qt.Key.Key_Return)  # Enter on an attachment row saves it too
    qtbot.waitUntil(lambda: screen.save_dialog is not None, timeout=WAIT_MS)
    again = screen.save_dialog
    assert again is not None
    assert Path(again.directory().absolutePath()) == target.parent
    again.reject()


@pytest.mark.shared_relay
def test_the_attach_dialog_opens_in_documents_then_where_files_were_last_taken(
        qtbot: QtBot, live: Live, tmp_path: Path, ui_settings: QSettings) -> None:
    composer = live.window.timeline_screen.composer
    composer.folders = RememberedFolders(ui_settings)
    open_channel(qtbot, live)
    composer.attach_button.click()
    dialog = composer.file_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert Path(dialog.directory().absolutePath()) == standard_folder(
        QStandardPaths.StandardLocation.DocumentsLocation)
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    photo = evidence / "seal_4471.jpg"
    photo.write_bytes(b"\xff\xd8 seal photo" * 10)
    dialog.selectFile(str(photo))
    dialog.accept()
    confirm = composer.confirm_dialog  # asked before sending (test_attachment_confirm.py)
    assert confirm is not None
    assert [item.path for item in confirm.items] == [photo]
    confirm.reject()
    composer.attach_button.click()
    again = composer.file_dialog
    assert again is not None
    assert Path(again.directory().absolutePath()) == evidence
    again.reject()
