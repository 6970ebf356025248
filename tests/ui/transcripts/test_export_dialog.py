"""The transcript export dialog and the offer made at close, in the real main window over
a real relay (127.0.0.1): the folder it writes passes ``liaison_client.transcripts``'
verification and its SHA-256 is shown; Cancel stops the export and leaves no folder;
a folder with files in it and a missing CJK font are said in the officer's language;
closing the operation offers the final export ("Export now" / "Later")."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from liaison_client.sync.connection import ConnectionState
from liaison_client.transcripts import cjk_font, verify_folder
from tests.sync.conftest import Officer, OfficerFactory
from tests.ui.screen_testing import WAIT_MS
from tests.ui.watchlists.tab_driving import answer_next_box
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.operations import ServiceOp
from ui.preferences import Language
from ui.sync.controller import SyncController
from ui.transcripts.export_dialog import LAST_FOLDER_KEY, TranscriptExportDialog
from ui.transcripts.export_offer import ExportOfferDialog

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
SLOW_MS = 60_000


@dataclass
class Live:
    window: MainWindow
    li: Officer
    anna: Officer
    channel_id: str
    settings: QSettings


@pytest.fixture
def live(qtbot: QtBot, make_officer: OfficerFactory, appearance: Appearance,
         ui_settings: QSettings) -> Iterator[Live]:
    li = make_officer("Li Wei", "广州海关 Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel_id = li.workspace.channels.create("Op Jade 翡翠行动").channel_id
    assert li.workspace.channels.invite(channel_id, anna.device_id, name=anna.name).accepted
    anna.sync()
    assert anna.workspace.sending.send_text(channel_id, "Container CSQU3054383 arrives "
                                            "Tuesday.").accepted
    assert li.workspace.sending.send_text(channel_id, "收到，谢谢。").accepted
    assert li.workspace.reports.send(channel_id, "warning", [
        "subject=Cigarettes declared as tiles", "containers=CSQU3054383"]).outcome.accepted
    li.sync(2)
    controller = SyncController(li.profile, li.workspace, retry_delays=(0.2,))
    window = MainWindow(li.profile, appearance, li.workspace, controller,
                        ui_settings=ui_settings)
    qtbot.addWidget(window)
    window.resize(1320, 900)
    with qtbot.waitSignal(window.operations_loaded, timeout=WAIT_MS):
        window.show()
    controller.start()
    qtbot.waitUntil(lambda: controller.state == ConnectionState.ONLINE, timeout=WAIT_MS)
    window.operations_screen.select(channel_id)
    qtbot.waitUntil(lambda: window.export_action.isEnabled(), timeout=WAIT_MS)
    yield Live(window, li, anna, channel_id, ui_settings)
    window.close()
    controller.stop()


def open_dialog(qtbot: QtBot, live: Live, parent: Path, *,
                shortcut: bool = False) -> TranscriptExportDialog:
    """Operation → Export transcript… (or Ctrl+Shift+E); saved in ``parent``."""
    parent.mkdir(exist_ok=True)
    if shortcut:
        QTest.keyClick(live.window, Qt.Key.Key_E,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    else:
        live.window.export_action.trigger()
    qtbot.waitUntil(lambda: live.window.export_dialog is not None
                    and live.window.export_dialog.isVisible(), timeout=WAIT_MS)
    dialog = live.window.export_dialog
    assert dialog is not None
    dialog.parent_edit.setText(str(parent))
    return dialog


def hold_service_thread() -> threading.Event:
    """Queue a call that waits on the service thread: what is submitted next waits too."""
    gate = threading.Event()
    holder = QApplication.instance()
    assert holder is not None
    ServiceOp(holder, lambda: gate.wait(30)).run_in_background()
    return gate


@pytest.mark.shared_relay
def test_the_export_writes_a_folder_the_verifier_accepts_and_shows_its_sha256(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    opened: list[Path] = []
    tmp_path = tmp_path / "out"
    dialog = open_dialog(qtbot, live, tmp_path, shortcut=True)
    dialog.open_folder = opened.append
    assert dialog.name_edit.text().startswith("Transcript Op Jade 翡翠行动 ")
    dialog.name_edit.setText("jade")
    gate = hold_service_thread()
    dialog.export_button.click()
    assert dialog.running
    assert dialog.progress_bar.isVisible()
    qtbot.waitExposed(dialog)
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(DOCS_SCREENSHOTS / "transcript-export-progress-en.png"))
    gate.set()
    with qtbot.waitSignal(dialog.exported, timeout=SLOW_MS) as exported:
        pass
    result = exported.args[0]
    folder = tmp_path / "jade"
    assert result.folder == folder
    assert result.message_count == 3
    verification = verify_folder(folder)
    assert verification.ok, verification.problems
    sha = hashlib.sha256((folder / "transcript.json").read_bytes()).hexdigest()
    assert dialog.sha_field.value == sha == result.json_sha256
    assert dialog.folder_field.value == str(folder)
    assert dialog.done_label.text().startswith("Exported 3 messages.")
    assert live.settings.value(LAST_FOLDER_KEY) == str(tmp_path)
    assert dialog.cancel_button.text() == "Close"
    assert not dialog.export_button.isVisible()
    qtbot.waitUntil(dialog.open_button.hasFocus, timeout=WAIT_MS)
    QApplication.processEvents()
    assert dialog.grab().save(str(DOCS_SCREENSHOTS / "transcript-export-done-en.png"))
    dialog.open_button.click()
    assert opened == [folder]
    dialog.cancel_button.click()
    assert not dialog.isVisible()
    # The next export starts in the folder used last.
    again = open_dialog(qtbot, live, tmp_path)
    assert again.parent_edit.text() == str(tmp_path)
    again.reject()


@pytest.mark.shared_relay
def test_a_period_is_exported_as_utc_days(qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    dialog = open_dialog(qtbot, live, tmp_path)
    assert not dialog.from_edit.isEnabled()
    dialog.period_check.setChecked(True)
    assert dialog.from_edit.isEnabled()
    assert dialog.to_edit.isEnabled()
    dialog.from_edit.setDate(dialog.from_edit.date().fromString("2001-01-01", "yyyy-MM-dd"))
    dialog.to_edit.setDate(dialog.to_edit.date().fromString("2001-01-02", "yyyy-MM-dd"))
    dialog.name_edit.setText("period")
    with qtbot.waitSignal(dialog.exported, timeout=SLOW_MS) as exported:
        dialog.export_button.click()
    assert exported.args[0].message_count == 0
    assert verify_folder(tmp_path / "period").ok
    # The end before the start: refused in a sentence, nothing written.
    dialog.close()
    second = open_dialog(qtbot, live, tmp_path)
    second.period_check.setChecked(True)
    second.from_edit.setDate(second.from_edit.date().fromString("2001-01-02", "yyyy-MM-dd"))
    second.to_edit.setDate(second.to_edit.date().fromString("2001-01-01", "yyyy-MM-dd"))
    second.name_edit.setText("reversed")
    second.export_button.click()
    qtbot.waitUntil(second.problem.isVisible, timeout=SLOW_MS)
    assert second.problem.text().startswith("The period ends before it starts")
    assert not (tmp_path / "reversed").exists()
    second.reject()


@pytest.mark.shared_relay
def test_with_attachments_ticked_the_decrypted_files_are_written_beside_the_record(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    photo = tmp_path / "hold.jpg"
    photo.write_bytes(b"\xff\xd8 a seized hold, not really a JPEG " * 200)
    assert live.li.workspace.sending.send_attachment(live.channel_id, photo).accepted
    dialog = open_dialog(qtbot, live, tmp_path / "out")
    assert not dialog.attachments_check.isChecked()  # off by default, as in the CLI
    dialog.attachments_check.setChecked(True)
    dialog.name_edit.setText("with-files")
    with qtbot.waitSignal(dialog.exported, timeout=SLOW_MS):
        dialog.export_button.click()
    folder = tmp_path / "out" / "with-files"
    [written] = (folder / "attachments").iterdir()
    assert written.read_bytes() == photo.read_bytes()
    assert verify_folder(folder).ok
    dialog.reject()


@pytest.mark.shared_relay
def test_cancel_stops_the_export_and_leaves_no_folder(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    dialog = open_dialog(qtbot, live, tmp_path)
    dialog.name_edit.setText("stopped")
    gate = hold_service_thread()
    dialog.export_button.click()
    assert dialog.cancel_button.text() == "Cancel"
    dialog.cancel_button.click()
    assert dialog.progress_label.text() == "Cancelling…"
    assert not dialog.cancel_button.isEnabled()
    assert dialog.isVisible()  # it waits for the export to stop
    gate.set()
    with qtbot.waitSignal(dialog.cancelled, timeout=SLOW_MS):
        pass
    assert dialog.problem.text() == "Export cancelled: nothing was written."
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # not even a .partial folder
    # Escape while exporting (as the idle lock's reject) cancels too and closes at once.
    gate = hold_service_thread()
    dialog.export_button.click()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    gate.set()
    with qtbot.waitSignal(dialog.cancelled, timeout=SLOW_MS):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.shared_relay
@pytest.mark.parametrize("language", [Language.ENGLISH, Language.SIMPLIFIED_CHINESE])
def test_a_folder_with_files_and_a_missing_font_are_said_in_the_officers_language(
        qtbot: QtBot, live: Live, tmp_path: Path, appearance: Appearance,
        monkeypatch: pytest.MonkeyPatch, language: Language) -> None:
    appearance.set_language(language)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    try:
        english = language is Language.ENGLISH
        taken = tmp_path / "taken"
        taken.mkdir()
        (taken / "mine.txt").write_text("keep")
        dialog = open_dialog(qtbot, live, tmp_path)
        dialog.name_edit.setText("taken")
        dialog.export_button.click()
        qtbot.waitUntil(dialog.problem.isVisible, timeout=SLOW_MS)
        assert str(taken) in dialog.problem.text()
        assert dialog.problem.text().startswith(
            "The folder" if english else "文件夹"), dialog.problem.text()
        assert [p.name for p in taken.iterdir()] == ["mine.txt"]
        monkeypatch.setattr(cjk_font, "CJK_FONT_PATHS", (tmp_path / "no-font.ttc",))
        dialog.name_edit.setText("fresh")
        dialog.export_button.click()
        qtbot.waitUntil(lambda: "fonts-noto-cjk" in dialog.problem.text(), timeout=SLOW_MS)
        assert ("Simplified Chinese font" if english else "简体中文字体") in dialog.problem.text()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
        dialog.reject()
    finally:
        appearance.set_language(Language.ENGLISH)


@pytest.mark.shared_relay
def test_closing_the_operation_offers_the_final_export(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    window = live.window
    assert window.close_operation_action.isEnabled()
    answer_next_box("Close operation")
    with qtbot.waitSignal(window.operation_closed, timeout=WAIT_MS):
        window.close_operation_action.trigger()
    offer = window.export_offer
    assert offer is not None
    qtbot.waitUntil(offer.isVisible, timeout=WAIT_MS)
    assert "Op Jade 翡翠行动 is closed" in offer.text.text()
    qtbot.waitUntil(lambda: not window.close_operation_action.isEnabled(), timeout=WAIT_MS)
    assert not window.report_action.isEnabled()
    offer.export_button.click()
    dialog = window.export_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    dialog.parent_edit.setText(str(tmp_path))
    dialog.name_edit.setText("final")
    with qtbot.waitSignal(dialog.exported, timeout=SLOW_MS):
        dialog.export_button.click()
    verification = verify_folder(tmp_path / "final")
    assert verification.ok, verification.problems
    record = json.loads((tmp_path / "final" / "transcript.json").read_text("utf-8"))
    assert record["operation"]["state"] == "closed"
    # Anna, a member, is told the operation closed (the signed event reached her).
    def anna_sees_it_closed() -> bool:
        live.anna.sync()
        return any(c.closed for c in live.anna.workspace.channels.all()
                   if c.channel_id == live.channel_id)
    qtbot.waitUntil(anna_sees_it_closed, timeout=WAIT_MS)


@pytest.mark.shared_relay
def test_later_closes_the_offer_and_keeps_the_operation_exportable(
        qtbot: QtBot, live: Live) -> None:
    window = live.window
    answer_next_box("Keep it open")
    window.close_operation_action.trigger()
    assert window.export_offer is None
    assert window.close_operation_action.isEnabled()
    answer_next_box("Close operation")
    with qtbot.waitSignal(window.operation_closed, timeout=WAIT_MS):
        window.close_operation_action.trigger()
    offer = cast("ExportOfferDialog | None", window.export_offer)
    assert offer is not None
    qtbot.waitUntil(offer.isVisible, timeout=WAIT_MS)
    offer.later_button.click()
    assert not offer.isVisible()
    assert window.export_dialog is None
    assert window.export_action.isEnabled()
