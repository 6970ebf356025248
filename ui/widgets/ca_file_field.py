"""A CA-certificate file field with its Browse button: the wizard's relay page and
Settings → Relay both pin a relay's CA this way.

One widget so both screens pick files the same way (title, the certificate
filter) and lay the field out alike; each screen keeps its own labels,
placeholder and accessible names, because they say different things (optional
at enrollment, "keep the current trust" in Settings).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget


class CaFileField(QWidget):
    #: The officer picked a file with Browse (its path is now in :attr:`edit`).
    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.browse_button = QPushButton(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse_button)
        self.setFocusProxy(self.edit)
        self.browse_button.clicked.connect(self.browse)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the relay's CA certificate"), "",
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if path:
            self.edit.setText(path)
            self.chosen.emit(path)
