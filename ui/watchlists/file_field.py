"""A file path field with a Browse button (the import and match wizards' first step)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from ui.widgets.retranslatable import Retranslatable


class SpreadsheetField(Retranslatable, QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("spreadsheetPath")
        self.browse_button = QPushButton(self)
        self.browse_button.setObjectName("spreadsheetBrowse")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path_edit, 1)
        layout.addWidget(self.browse_button)
        self.setFocusProxy(self.path_edit)
        self.path_edit.textChanged.connect(self.changed)
        self.browse_button.clicked.connect(self._browse)
        self.retranslate()

    @property
    def path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text) if text else None

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a spreadsheet"), self.path_edit.text(),
            self.tr("Spreadsheets (*.csv *.xlsx)"))
        if path:
            self.set_path(Path(path))

    def retranslate(self) -> None:
        self.browse_button.setText(self.tr("&Browse…"))
        self.browse_button.setAccessibleName(self.tr("Browse for a file"))
        self.path_edit.setAccessibleName(self.tr("Spreadsheet file"))
        self.path_edit.setPlaceholderText(self.tr("A .csv or .xlsx file"))
