"""Files dropped on the timeline or the composer, and files or an image pasted with
Ctrl+V, go to the same confirm dialog as Attach… (issue 11, "attachments"). A pasted
image is sent from memory: its plaintext is never written to disk. Li Wei's real
window against a real relay process."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMimeData,
    QPoint,
    QPointF,
    QSize,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QImageWriter,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.main_window.test_attachment_confirm import make_photo
from tests.ui.main_window.test_live_channel import Live, live, open_channel
from tests.ui.screen_testing import WAIT_MS
from ui.composer import thumbnails
from ui.composer.attachment_confirm import AttachmentConfirmDialog
from ui.timeline.timeline_text import size_text

__all__ = ["live"]


def drop(target: QWidget, mime: QMimeData) -> bool:
    """Drag ``mime`` over ``target`` and drop it there (as Qt delivers a drop: to the
    widget under the pointer, then up to the first that accepts drops)."""
    point = QPointF(target.rect().center())
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(point.toPoint(), action, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(point, action, mime, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, dropped)
    return dropped.isAccepted()


def files(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def confirm_dialog(qtbot: QtBot, live: Live) -> AttachmentConfirmDialog:
    composer = live.window.timeline_screen.composer
    qtbot.waitUntil(lambda: composer.confirm_dialog is not None
                    and composer.confirm_dialog.isVisible(), timeout=WAIT_MS)
    dialog = composer.confirm_dialog
    assert dialog is not None
    return dialog


def png_bytes(width: int, height: int) -> bytes:
    """A PNG of noise (so its bytes are found nowhere else by chance)."""
    pixels = os.urandom(width * height * 4)
    image = QImage(pixels, width, height, QImage.Format.Format_RGB32).copy()
    encoded = QByteArray()
    buffer = QBuffer(encoded)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert QImageWriter(buffer, QByteArray(b"png")).write(image)
    return bytes(encoded.data())


def received_attachment(qtbot: QtBot, live: Live, tmp_path: Path, name: str) -> bytes:
    """What Anna saves of the attachment ``name`` once it reached her."""
    found: list[str] = []

    def arrived() -> bool:
        live.anna.sync()
        found[:] = [e.message_id for e in live.anna.workspace.timeline.messages(
            live.channel_id) if e.attachment is not None and e.attachment.name == name]
        return bool(found)

    qtbot.waitUntil(arrived, timeout=WAIT_MS)
    (tmp_path / "anna").mkdir(exist_ok=True)
    saved = live.anna.workspace.attachments.save(found[0], tmp_path / "anna" / name)
    return saved.read_bytes()


@pytest.mark.shared_relay
def test_files_dropped_on_the_timeline_or_the_composer_are_confirmed_then_sent(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    open_channel(qtbot, live)
    screen = live.window.timeline_screen
    first = tmp_path / "bill_of_lading_BL-0042.pdf"
    first.write_bytes(b"%PDF-1.4 bill of lading\n" * 200)
    second = make_photo(tmp_path / "seal_4471.jpg", 800, 600)
    # Onto the messages themselves (the list's viewport does not take drops: the screen does).
    assert drop(screen.list_view.viewport(), files(first, second))
    dialog = confirm_dialog(qtbot, live)
    assert [item.path for item in dialog.items] == [first, second]
    assert dialog.heading.text() == "Send 2 attachments"
    assert [label.text() for label in dialog.file_labels] == [
        f"bill_of_lading_BL-0042.pdf — {size_text(first.stat().st_size)}",
        f"seal_4471.jpg — {size_text(second.stat().st_size)}"]
    qtbot.waitUntil(lambda: dialog.has_preview, timeout=WAIT_MS)  # the image among them
    dialog.caption.setText("B/L and seal")
    QTest.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert received_attachment(qtbot, live, tmp_path, first.name) == first.read_bytes()
    assert received_attachment(qtbot, live, tmp_path, second.name) == second.read_bytes()
    # The caption follows the last file, as a reply to it.
    [caption] = [e for e in live.anna.workspace.timeline.messages(live.channel_id)
                 if e.text == "B/L and seal"]
    assert caption.reply is not None
    assert caption.reply.excerpt is not None

    # Onto the message box: the same dialog.
    third = tmp_path / "photo_manifest.csv"
    third.write_text("container,seal\nMSKU7654321,SEAL-0042\n")
    assert drop(screen.composer.edit.viewport(), files(third))
    dialog = confirm_dialog(qtbot, live)
    assert [item.path for item in dialog.items] == [third]
    assert screen.composer.edit.toPlainText() == ""  # no file URL typed into the box
    dialog.reject()


@pytest.mark.shared_relay
def test_a_drop_without_files_or_on_a_closed_operation_is_refused(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    open_channel(qtbot, live)
    screen = live.window.timeline_screen
    link = QMimeData()
    link.setUrls([QUrl("https://example.org/manifest.pdf")])
    assert not drop(screen.list_view.viewport(), link)
    assert screen.composer.confirm_dialog is None
    source = tmp_path / "late_report.pdf"
    source.write_bytes(b"%PDF-1.4\n")
    screen.composer.setEnabled(False)  # as for a closed operation
    assert not drop(screen.list_view.viewport(), files(source))
    assert screen.composer.confirm_dialog is None


@pytest.mark.shared_relay
def test_ctrl_v_of_a_copied_file_in_the_message_box_or_the_timeline_asks_to_send_it(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    open_channel(qtbot, live)
    screen = live.window.timeline_screen
    source = tmp_path / "inspection_notes_2026.txt"
    source.write_text("Seal intact. 封条完好。\n")
    QGuiApplication.clipboard().setMimeData(files(source))
    screen.composer.edit.setFocus()
    QTest.keyClick(screen.composer.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dialog = confirm_dialog(qtbot, live)
    assert [item.path for item in dialog.items] == [source]
    assert screen.composer.edit.toPlainText() == ""
    dialog.reject()
    live.window.activateWindow()
    screen.list_view.setFocus()
    qtbot.waitUntil(screen.list_view.hasFocus, timeout=WAIT_MS)
    QTest.keyClick(screen.list_view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dialog = confirm_dialog(qtbot, live)
    assert [item.path for item in dialog.items] == [source]
    QTest.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert received_attachment(qtbot, live, tmp_path, source.name) == source.read_bytes()


@pytest.mark.shared_relay
def test_a_pasted_png_is_previewed_off_the_gui_thread_and_sent_from_memory(
        qtbot: QtBot, live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_channel(qtbot, live)
    screen = live.window.timeline_screen
    started = time.time()
    png = png_bytes(1200, 800)
    decoded_on: list[int] = []
    real_decode = thumbnails.decode_thumbnail

    def observed(data: bytes, box: QSize) -> QImage | None:
        decoded_on.append(threading.get_ident())
        return real_decode(data, box)

    monkeypatch.setattr(thumbnails, "decode_thumbnail", observed)
    copied = QMimeData()
    copied.setData("image/png", png)  # what a screenshot tool puts on the clipboard
    copied.setData("application/x-qt-image", png)
    QGuiApplication.clipboard().setMimeData(copied)
    screen.composer.edit.setFocus()
    QTest.keyClick(screen.composer.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dialog = confirm_dialog(qtbot, live)
    [item] = dialog.items
    assert item.path is None
    assert item.name.startswith("image_")
    assert item.name.endswith(".png")
    assert dialog.file_labels[0].text() == f"{item.name} — {size_text(len(png))}"
    qtbot.waitUntil(lambda: dialog.has_preview, timeout=WAIT_MS)
    assert decoded_on
    assert threading.get_ident() not in decoded_on
    QTest.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert received_attachment(qtbot, live, tmp_path, item.name) == png
    # Never written to disk as plaintext: not in the profile, not in the temp folder
    # (this test's own folder aside: Anna saved her copy there).
    written = [p for p in Path(tempfile.gettempdir()).iterdir()
               if p.stat().st_mtime >= started and p not in tmp_path.parents]
    for folder in (live.li.root, *written):
        for path in [folder] if folder.is_file() else folder.rglob("*"):
            if path.is_file() and path.stat().st_size >= len(png) // 2:
                assert png[64:4096] not in path.read_bytes(), path


@pytest.mark.shared_relay
def test_a_pasted_decoded_image_is_encoded_off_the_gui_thread_before_send_is_offered(
        qtbot: QtBot, live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_channel(qtbot, live)
    screen = live.window.timeline_screen
    image = QImage(1800, 1200, QImage.Format.Format_RGB32)
    image.fill(QColor("#d9a441"))
    encoded_on: list[int] = []
    real_encode = thumbnails.shrink_and_encode

    def observed(source: QImage, box: QSize) -> thumbnails.Preview:
        encoded_on.append(threading.get_ident())
        return real_encode(source, box)

    monkeypatch.setattr(thumbnails, "shrink_and_encode", observed)
    QGuiApplication.clipboard().setImage(image)
    screen.composer.edit.setFocus()
    QTest.keyClick(screen.composer.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dialog = confirm_dialog(qtbot, live)
    [item] = dialog.items
    qtbot.waitUntil(lambda: dialog.has_preview, timeout=WAIT_MS)
    assert encoded_on
    assert threading.get_ident() not in encoded_on
    assert item.data is not None
    assert dialog.send_button.isEnabled()
    assert dialog.file_labels[0].text() == f"{item.name} — {size_text(len(item.data))}"
    QTest.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    received = QImage.fromData(received_attachment(qtbot, live, tmp_path, item.name))
    assert received.size() == image.size()
    assert received.pixelColor(QPoint(10, 10)).name() == "#d9a441"
