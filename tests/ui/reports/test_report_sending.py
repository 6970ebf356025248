"""Reports sent from the form over a real relay (127.0.0.1): a seizure with a photo
reaches the other officer end to end encrypted and shows as a card in the sender's
timeline; a photo that is not an image is refused under the photo list, nothing stored;
a watch-list match hit opens the form as a warning prefilled from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from liaison_client.reports import ReportKind
from liaison_client.watchlists.kinds.value import Kind
from liaison_client.watchlists.matching import Hit, MatchReason
from tests.ui.screen_testing import WAIT_MS
from tests.ui.watchlists.test_match_wizard import LIST, Live, live, matched
from ui.reports.hit_prefill import HitReport, hit_prefill
from ui.reports.report_dialog import ReportDialog
from ui.timeline.timeline_model import TimelineModel

__all__ = ["live"]

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 16


def open_form(qtbot: QtBot, live: Live) -> ReportDialog:
    live.window.operation_tabs.setCurrentWidget(live.window.timeline_screen)
    live.window.report_action.trigger()
    dialog = live.window.report_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    return dialog


def shown(timeline: TimelineModel, message_id: str) -> bool:
    return any(timeline.entry_at(r).message_id == message_id for r in range(timeline.rowCount()))


@pytest.mark.shared_relay
def test_a_seizure_with_a_photo_is_shown_and_reaches_the_other_officer(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    photo = tmp_path / "hold 货舱.jpg"
    photo.write_bytes(JPEG)
    dialog = open_form(qtbot, live)
    dialog.set_kind(ReportKind.SEIZURE)
    dialog.prefill({"date": ["2026-11-30"], "place": ["蛇口港 Shekou"],
                    "commodity": ["Cigarettes 香烟"], "hs_code": ["2402.20"],
                    "quantity": ["1250.5"], "unit": ["kg"], "container": ["csqu 305438-3"],
                    "agencies": ["GACC", "Zoll Hamburg"]})
    dialog.add_photos([photo])
    assert dialog.photo_list.count() == 1
    with qtbot.waitSignal(dialog.sent, timeout=WAIT_MS) as sent:
        dialog.send_button.click()
        assert dialog.progress_bar.isVisible()  # while the photo is encrypted and stored
    message_id = sent.args[0].message_id
    timeline = live.window.timeline_screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: shown(timeline, message_id), timeout=WAIT_MS)
    row = next(r for r in range(timeline.rowCount())
               if timeline.entry_at(r).message_id == message_id)
    entry = timeline.entry_at(row)
    assert entry.kind == "seizure"
    assert [p.name for p in entry.photos] == ["hold 货舱.jpg"]
    assert entry.report is not None
    assert entry.report.value("container") == "CSQU3054383"

    def anna_has_it() -> bool:
        live.anna.sync()
        found = live.anna.workspace.timeline.entry(live.channel_id, message_id)
        return found is not None and found.kind == "seizure"

    qtbot.waitUntil(anna_has_it, timeout=WAIT_MS)
    received = live.anna.workspace.timeline.entry(live.channel_id, message_id)
    assert received is not None
    assert received.report is not None
    assert received.report.values("agencies") == ("GACC", "Zoll Hamburg")
    assert [p.name for p in received.photos] == ["hold 货舱.jpg"]


@pytest.mark.shared_relay
def test_a_photo_that_is_not_an_image_is_refused_under_the_photo_list(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo")
    before = len(live.li.workspace.timeline.messages(live.channel_id))
    dialog = open_form(qtbot, live)
    dialog.set_kind(ReportKind.SEIZURE)
    dialog.prefill({"date": ["2026-11-30"], "place": ["Hamburg"], "commodity": ["Tyres"]})
    # Dropped on the photo list, as files are dropped on the composer.
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes))])
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    dialog.photo_list.dropEvent(drop)
    assert dialog.photos == [notes]
    dialog.send_button.click()
    qtbot.waitUntil(dialog.photo_problem.isVisible, timeout=WAIT_MS)
    assert "is not an image type" in dialog.photo_problem.text()
    assert dialog.isVisible()
    assert len(live.li.workspace.timeline.messages(live.channel_id)) == before
    # Delete removes the selected photo from the list (keyboard only).
    dialog.photo_list.setCurrentRow(0)
    dialog.photo_list.setFocus()
    QTest.keyClick(dialog.photo_list, Qt.Key.Key_Delete)
    assert dialog.photos == []
    assert dialog.photo_list.count() == 0
    assert not dialog.photo_problem.isVisible()
    dialog.reject()


@pytest.mark.shared_relay
def test_a_match_hit_opens_a_warning_prefilled_from_it_and_sends_it(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    wizard = matched(qtbot, live, tmp_path)
    assert not wizard.report_button.isEnabled()  # nothing selected yet
    model = wizard.hits_proxy
    rows = {(int(model.index(r, 0).data()), model.index(r, 1).data()): r
            for r in range(model.rowCount())}
    # The container hit: manifest line 3, column 集装箱号.
    wizard.results_table.selectRow(rows[(3, "集装箱号")])
    assert wizard.report_button.isEnabled()
    wizard.report_button.click()
    dialog = live.window.report_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.kind is ReportKind.WARNING
    assert dialog.editor("containers").texts() == ["CSQU3054383"]
    subject = dialog.editor("subject").texts()[0]
    assert LIST in subject
    assert "CSQU3054383" in subject
    assert "row 3" in subject
    assert not any(e.problem.isVisible() for e in dialog.editors[ReportKind.WARNING].values())
    with qtbot.waitSignal(dialog.sent, timeout=WAIT_MS) as sent:
        dialog.send_button.click()
    message_id = sent.args[0].message_id
    timeline = live.window.timeline_screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: shown(timeline, message_id), timeout=WAIT_MS)
    # A company hit of the consignee column (收货人) prefills the consignee.
    wizard.results_table.selectRow(rows[(5, "收货人")])
    wizard.report_button.click()
    second = live.window.report_dialog
    assert second is not None
    assert second is not dialog
    qtbot.waitUntil(second.isVisible, timeout=WAIT_MS)
    assert second.editor("consignee").texts() == ["广州翡翠贸易有限公司"]
    assert second.editor("shipper").texts() == []
    second.reject()
    wizard.reject()


def test_a_company_found_in_a_shipper_column_prefills_the_shipper() -> None:
    hit = Hit(row=4, column="发货人 Shipper", entry_id="e1", kind=Kind.COMPANY,
              value="Jade Trading GmbH", matched="JADE TRADING", reason=MatchReason.COMPANY_NAME,
              score=0.93)
    values = hit_prefill(HitReport(hit, "Solid waste 固体废物", "Jade Trading GmbH"))
    assert values["shipper"] == ["Jade Trading GmbH"]
    assert "consignee" not in values
    assert values["subject"] == [
        "Watch-list match: Jade Trading GmbH (list Solid waste 固体废物, manifest row 4)"]
    long = hit_prefill(HitReport(hit, "L" * 300, "Jade Trading GmbH"))
    assert len(long["subject"][0]) == 200
    assert long["subject"][0].endswith("…")
