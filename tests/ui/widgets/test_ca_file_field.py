"""The CA file field both relay screens use: Browse picks a certificate into the field,
asking in the officer's language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from ui.appearance import Appearance
from ui.preferences import Language
from ui.widgets.ca_file_field import CaFileField


def _answer_file_dialog(path: Path, titles: list[str], tries: int = 50) -> None:
    """Play the officer in Qt's own file dialog (offscreen has no native one),
    once it is up; give up after ``tries`` looks so a test never hangs on it."""
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, QFileDialog):
        if tries > 0:
            QTimer.singleShot(100, lambda: _answer_file_dialog(path, titles, tries - 1))
        else:  # never leave a modal dialog open: the test fails instead of hanging
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, QFileDialog):
                    widget.reject()
        return
    titles.append(dialog.windowTitle())
    # Typed into the file name box, as an officer would; selectFile() alone leaves
    # accept() waiting for the directory listing.
    name_box = dialog.findChild(QLineEdit, "fileNameEdit")
    if name_box is None:
        dialog.reject()
        return
    name_box.setText(str(path))
    dialog.accept()


def test_browse_puts_the_chosen_certificate_in_the_field_and_says_so(
        qtbot: QtBot, appearance: Appearance, tmp_path: Path) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    certificate = tmp_path / "relay-ca.pem"
    certificate.write_text("-----BEGIN CERTIFICATE-----\n")
    field = CaFileField()
    qtbot.addWidget(field)
    field.show()
    titles: list[str] = []
    QTimer.singleShot(300, lambda: _answer_file_dialog(certificate, titles))
    with qtbot.waitSignal(field.chosen, timeout=10_000) as chosen:
        field.browse_button.click()
    assert chosen.args == [str(certificate)]
    assert field.edit.text() == str(certificate)
    assert titles == ["选择中继的 CA 证书"]


def test_focus_given_to_the_field_lands_in_its_text_box(
        qtbot: QtBot, appearance: Appearance) -> None:
    field = CaFileField()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    field.activateWindow()
    field.setFocus()
    qtbot.waitUntil(lambda: field.edit.hasFocus(), timeout=2000)
