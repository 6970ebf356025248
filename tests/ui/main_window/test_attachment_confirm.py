"""Confirm before sending an attachment (issue 11, "attachments"): the file's name, size,
an image preview decoded off the GUI thread, an optional caption; Send sends the file
and then the caption as a reply to it, Cancel sends nothing. Li Wei's real window
against a real relay process."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.main_window.test_live_channel import Live, live, open_channel
from tests.ui.screen_testing import WAIT_MS, Screenshot
from ui.appearance import Appearance
from ui.composer import thumbnails
from ui.composer.attachment_confirm import THUMBNAIL_BOX, AttachmentConfirmDialog
from ui.preferences import Language
from ui.timeline.timeline_text import size_text

__all__ = ["live"]

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def make_photo(path: Path, width: int = 3000, height: int = 2000) -> Path:
    """A real JPEG the size of a phone photo: a container seal on a gradient."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(0, 0, width, height)
    gradient.setColorAt(0, QColor("#2f5d8a"))
    gradient.setColorAt(1, QColor("#d9a441"))
    painter.fillRect(image.rect(), gradient)
    painter.setBrush(QColor("#c0392b"))
    painter.drawEllipse(QPoint(width // 2, height // 2), height // 4, height // 4)
    painter.end()
    assert image.save(str(path), quality=85)  # JPEG, by its name
    return path


def attachment_rows(live: Live) -> list[str]:
    timeline = live.window.timeline_screen.timeline
    assert timeline is not None
    return [entry.attachment.name for entry in
            (timeline.entry_at(r) for r in range(timeline.rowCount()))
            if entry.attachment is not None]


def choose_with_attach(qtbot: QtBot, live: Live, path: Path) -> AttachmentConfirmDialog:
    composer = live.window.timeline_screen.composer
    composer.attach_button.click()
    file_dialog = composer.file_dialog
    assert file_dialog is not None
    file_dialog.selectFile(str(path))
    file_dialog.accept()
    dialog = composer.confirm_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    return dialog


@pytest.mark.shared_relay
def test_attach_asks_first_with_name_size_and_preview_then_sends_the_file_and_its_caption(
        qtbot: QtBot, live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        appearance: Appearance, screenshot: Screenshot) -> None:
    live.window.resize(1100, 760)
    open_channel(qtbot, live)
    photo = make_photo(tmp_path / "seal_photo_4471.jpg")
    decoded_on: list[int] = []
    real_read = thumbnails.read_thumbnail

    def observed(path: Path, box: QSize) -> QImage | None:
        decoded_on.append(threading.get_ident())
        return real_read(path, box)

    monkeypatch.setattr(thumbnails, "read_thumbnail", observed)
    dialog = choose_with_attach(qtbot, live, photo)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    # Nothing is sent while the officer looks at it.
    assert not live.window.timeline_screen.composer.upload_label.isVisibleTo(
        live.window.timeline_screen.composer)
    qtbot.waitUntil(lambda: dialog.has_preview, timeout=WAIT_MS)
    assert decoded_on
    assert threading.get_ident() not in decoded_on  # decoded on the thumbnail thread
    pixmap = dialog.thumbnail.pixmap()
    ratio = pixmap.devicePixelRatio()
    assert 0 < pixmap.width() / ratio <= THUMBNAIL_BOX.width()
    assert 0 < pixmap.height() / ratio <= THUMBNAIL_BOX.height()
    assert abs(pixmap.width() / pixmap.height() - 1.5) < 0.02  # its shape kept
    assert dialog.file_labels[0].text() == (
        f"seal_photo_4471.jpg — {size_text(photo.stat().st_size)}")  # underscores intact
    assert dialog.send_button.isEnabled()
    assert dialog.caption.hasFocus() or dialog.focusWidget() is dialog.caption

    dialog.caption.setText("Seal broken, photo at berth 4 封条已破")
    screenshot(dialog, "attachment-confirm-en")
    assert dialog.grab().save(str(DOCS_SCREENSHOTS / "attachment-confirm-en.png"))
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    QApplication.processEvents()  # Qt posts the LanguageChange events
    assert dialog.send_button.text() == "发送(&S)"
    assert dialog.heading.text() == "发送附件"
    screenshot(dialog, "attachment-confirm-zh_CN")
    assert dialog.grab().save(str(DOCS_SCREENSHOTS / "attachment-confirm-zh_CN.png"))
    appearance.set_language(Language.ENGLISH)
    QApplication.processEvents()

    QTest.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert live.window.timeline_screen.composer.confirm_dialog is None
    timeline = live.window.timeline_screen.timeline
    assert timeline is not None

    def caption_row() -> int | None:
        return next((r for r in range(timeline.rowCount())
                     if timeline.entry_at(r).text == "Seal broken, photo at berth 4 封条已破"),
                    None)

    qtbot.waitUntil(lambda: caption_row() is not None, timeout=WAIT_MS)
    assert attachment_rows(live) == ["seal_photo_4471.jpg"]
    [attachment] = [timeline.entry_at(r) for r in range(timeline.rowCount())
                    if timeline.entry_at(r).attachment is not None]
    row = caption_row()
    assert row is not None
    caption = timeline.entry_at(row)
    assert caption.reply is not None
    assert caption.reply.message_id == attachment.message_id
    # Anna gets both, the caption as a reply to the photo.
    qtbot.waitUntil(lambda: live.states_of(caption.text) in (["sent"], ["delivered"]),
                    timeout=WAIT_MS)
    live.anna.sync()
    received = [e for e in live.anna.workspace.timeline.messages(live.channel_id)
                if e.is_message]
    assert received[-2].attachment is not None
    assert received[-2].attachment.name == "seal_photo_4471.jpg"
    assert received[-1].text == caption.text
    assert received[-1].reply is not None
    assert received[-1].reply.message_id == received[-2].message_id


@pytest.mark.shared_relay
def test_cancel_sends_nothing_and_a_file_that_is_no_image_has_no_preview(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    open_channel(qtbot, live)
    composer = live.window.timeline_screen.composer
    manifest = tmp_path / "manifest_2026_Q4.pdf"
    manifest.write_bytes(b"%PDF-1.4 manifest\n" * 300)
    dialog = choose_with_attach(qtbot, live, manifest)
    assert not dialog.thumbnail.isVisibleTo(dialog)
    assert dialog.file_labels[0].text() == (
        f"manifest_2026_Q4.pdf — {size_text(manifest.stat().st_size)}")
    dialog.caption.setText("not to be sent")
    QTest.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert composer.confirm_dialog is None
    assert not composer.upload_label.isVisibleTo(composer)
    # A message sent afterwards arrives alone: nothing of the cancelled file went first.
    composer.edit.setPlainText("after the cancel")
    composer.submit()
    qtbot.waitUntil(lambda: live.states_of("after the cancel") in (["sent"], ["delivered"]),
                    timeout=WAIT_MS)
    assert attachment_rows(live) == []
    assert live.states_of("not to be sent") == []
    # Escape cancels too.
    again = choose_with_attach(qtbot, live, manifest)
    QTest.keyClick(again, Qt.Key.Key_Escape)
    assert composer.confirm_dialog is None
    assert attachment_rows(live) == []
