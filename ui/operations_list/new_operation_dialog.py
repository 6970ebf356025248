"""Asking for a new operation's name: a small dialog of our own.

It was ``QInputDialog.getText``, whose OK and Cancel stayed English in the Chinese
interface and whose field and buttons had no accessible names (issue 11, item 9).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.widgets.buttons import mark_primary
from ui.widgets.retranslatable import Retranslatable


class NewOperationDialog(Retranslatable, QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newOperationDialog")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(200)  # the membership log's limit for a name
        self.label.setBuddy(self.name_edit)
        buttons = QDialogButtonBox(self)
        self.create_button = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        mark_primary(self.create_button)
        self.create_button.setDefault(True)
        self.cancel_button = buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(
            lambda text: self.create_button.setEnabled(bool(text.strip())))
        self.create_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.name_edit)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.retranslate()

    @property
    def name(self) -> str:
        return self.name_edit.text().strip()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New operation"))
        self.label.setText(self.tr("Operation &name (you will be its coordinator):"))
        self.name_edit.setAccessibleName(self.tr("Operation name"))
        self.create_button.setText(self.tr("C&reate"))
        self.create_button.setAccessibleName(self.tr("Create the operation"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
