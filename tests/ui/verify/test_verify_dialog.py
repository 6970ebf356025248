"""The verify dialog (issue 11, item 2): verifying is deliberate (no default button,
nothing verified by Enter, a confirmation naming what was compared), undoable, the 60
digits in a fixed 3 × 4 grid, and the QR code read back from a pasted or dropped picture."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDropEvent, QGuiApplication, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from liaison_client.workspace import SafetyNumberView
from tests.ui.screen_testing import Screenshot
from ui.verify.qr_image import qr_image
from ui.verify.qr_scan import ScanVerdict, qr_payload
from ui.verify.verify_dialog import VerifyDialog

DIGITS = "".join(f"{n:05d}" for n in (12345, 67890, 13579, 24680, 11223, 34455,
                                      66778, 89900, 10293, 84756, 56473, 82910))


def view(*, verified: bool = False, digits: str = DIGITS) -> SafetyNumberView:
    grouped = " ".join(digits[i:i + 5] for i in range(0, 60, 5))
    return SafetyNumberView("ANNA-DEVICE", "Anna Schmidt", "Zoll Hamburg", "ed" * 16,
                            grouped, verified, False)


def opened(qtbot: QtBot, shown: SafetyNumberView) -> VerifyDialog:
    dialog = VerifyDialog(shown)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def screenshot_of_their_code(digits: str) -> QImage:
    """What an officer pastes: a larger picture (a call's screenshot) with the code in it."""
    code = qr_image(qr_payload(digits), module_px=4)
    picture = QImage(900, 600, QImage.Format.Format_RGB32)
    picture.fill(QColor("#dfe3ea"))
    painter = QPainter(picture)
    painter.drawImage(QPoint(420, 150), code)
    painter.end()
    return picture


def test_enter_right_after_opening_verifies_nothing(qtbot: QtBot) -> None:
    dialog = opened(qtbot, view())
    asked: list[object] = []
    dialog.verify_requested.connect(lambda *args: asked.append(args))
    assert dialog.focusWidget() is dialog.number_grid
    assert [b.objectName() for b in dialog.findChildren(QPushButton)
            if b.isDefault() or b.autoDefault()] == []
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Enter)
    assert asked == []
    assert not dialog.verify_button.isEnabled()  # nothing compared yet


def test_verifying_asks_for_confirmation_naming_what_was_compared(
        qtbot: QtBot, screenshot: Screenshot) -> None:
    dialog = opened(qtbot, view())
    asked: list[tuple[str, str, str]] = []
    dialog.verify_requested.connect(lambda *args: asked.append(args))
    dialog.compared_check.setChecked(True)
    assert dialog.verify_button.isEnabled()
    dialog.verify_button.click()
    assert dialog.pages.currentIndex() == VerifyDialog.CONFIRM_PAGE
    assert "you compared all 60 digits with Anna Schmidt yourself" in dialog.confirm_text.text()
    assert "12345 67890 13579" in dialog.confirm_text.text()
    assert asked == []
    screenshot(dialog, "verify-confirm")
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # Enter still presses nothing
    assert asked == []
    dialog.back_button.click()
    assert dialog.pages.currentIndex() == VerifyDialog.COMPARE_PAGE
    dialog.verify_button.click()
    dialog.confirm_button.click()
    assert asked == [("ANNA-DEVICE", "digits", DIGITS)]


def test_a_verified_member_can_be_marked_not_verified(qtbot: QtBot) -> None:
    dialog = opened(qtbot, view(verified=True))
    withdrawn: list[str] = []
    dialog.unverify_requested.connect(withdrawn.append)
    assert dialog.unverify_button.isVisible()
    assert not dialog.verify_button.isEnabled()
    dialog.unverify_button.click()
    assert withdrawn == ["ANNA-DEVICE"]
    dialog.set_view(view())
    assert not dialog.unverify_button.isVisible()


def test_the_digits_sit_in_the_same_three_by_four_grid_at_every_width(
        qtbot: QtBot, screenshot: Screenshot) -> None:
    dialog = opened(qtbot, view())
    cells = dialog.number_grid.cells
    assert [c.text() for c in cells] == [DIGITS[i:i + 5] for i in range(0, 60, 5)]
    positions = []
    for width in (dialog.minimumSizeHint().width(), 1400):
        dialog.resize(width, dialog.height())
        QGuiApplication.processEvents()
        rows = sorted({c.geometry().top() for c in cells})
        columns = sorted({c.geometry().left() for c in cells})
        assert (len(rows), len(columns)) == (3, 4)
        positions.append([(rows.index(c.geometry().top()), columns.index(c.geometry().left()))
                          for c in cells])
        assert all(c.width() >= c.fontMetrics().horizontalAdvance(c.text()) for c in cells)
    assert positions[0] == positions[1] == [(i // 4, i % 4) for i in range(12)]
    assert dialog.number_grid.accessibleDescription() == " ".join(
        DIGITS[i:i + 5] for i in range(0, 60, 5))
    screenshot(dialog, "verify-dialog-grid")


def test_a_pasted_picture_of_their_matching_code_counts_as_compared(
        qtbot: QtBot, screenshot: Screenshot) -> None:
    dialog = opened(qtbot, view())
    QGuiApplication.clipboard().setImage(screenshot_of_their_code(DIGITS))
    dialog.paste_button.click()  # or Ctrl+V (a window shortcut; offscreen has no active window)
    assert dialog.scan_label.text() == "✓ Their code shows this very number."
    assert dialog.verify_button.isEnabled()
    screenshot(dialog, "verify-scanned")
    asked: list[tuple[str, str, str]] = []
    dialog.verify_requested.connect(lambda *args: asked.append(args))
    dialog.verify_button.click()
    assert "their QR code, read from a picture" in dialog.confirm_text.text()
    dialog.confirm_button.click()
    assert asked == [("ANNA-DEVICE", "qr-code", DIGITS)]


def test_a_dropped_picture_of_a_different_code_warns_and_does_not_enable_verify(
        qtbot: QtBot, tmp_path: object) -> None:
    dialog = opened(qtbot, view())
    other = "9" * 60
    mime = QMimeData()
    mime.setImageData(screenshot_of_their_code(other))
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(drop)
    assert "DIFFERENT number" in dialog.scan_label.text()
    assert not dialog.verify_button.isEnabled()


def test_pictures_without_a_liaison_code_are_named_as_such(qtbot: QtBot) -> None:
    dialog = opened(qtbot, view())
    foreign = qr_image("https://example.org/not-a-safety-number", module_px=4)
    assert dialog.scan(foreign).verdict is ScanVerdict.FOREIGN
    blank = QImage(200, 200, QImage.Format.Format_RGB32)
    blank.fill(QColor("white"))
    assert dialog.scan(blank).verdict is ScanVerdict.NONE_FOUND
    assert dialog.scan_label.text() == "No QR code could be read in that picture."
    assert not dialog.verify_button.isEnabled()
