"""Invite an officer by device id (the relay has no directory listing to browse yet):
the coordinator types the id they were given and the name members will see,
and confirms. The Workspace then fetches the device's keys from the relay and
refuses a key that differs from one recorded before."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.buttons import mark_primary

#: Device ids are base32 (see ``liaison_client.crypto.identity``): letters and digits.
_DEVICE_ID = re.compile(r"^[A-Z2-7]{8,64}$")


class InviteDialog(QDialog):
    def __init__(self, operation_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inviteDialog")
        self._operation = operation_name
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.device_edit = QLineEdit(self)
        self.device_edit.setObjectName("inviteDeviceId")
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("inviteName")
        self.error_label = QLabel(self)
        self.error_label.setProperty("role", "muted")
        self.error_label.setWordWrap(True)
        self._device_label = QLabel(self)
        self._device_label.setBuddy(self.device_edit)
        self._name_label = QLabel(self)
        self._name_label.setBuddy(self.name_edit)
        form = QFormLayout()
        form.addRow(self._device_label, self.device_edit)
        form.addRow(self._name_label, self.name_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.invite_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        mark_primary(self.invite_button)
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.device_edit.textChanged.connect(lambda _text: self.error_label.clear())
        self.retranslate()

    @property
    def device_id(self) -> str:
        return self.device_edit.text().strip().upper()

    @property
    def display_name(self) -> str | None:
        return self.name_edit.text().strip() or None

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Invite to {operation}").format(operation=self._operation))
        self.intro.setText(self.tr(
            "Enter the device ID the officer read to you (shown under \"This device\" in "
            "their app). They join {operation} and see its messages from now on.").format(
                operation=self._operation))
        self._device_label.setText(self.tr("&Device ID:"))
        self._name_label.setText(self.tr("Display &name:"))
        self.device_edit.setAccessibleName(self.tr("Device ID"))
        self.name_edit.setAccessibleName(self.tr("Display name"))
        self.name_edit.setPlaceholderText(self.tr("Optional: how members see them"))
        self.invite_button.setText(self.tr("&Invite"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _accept_if_valid(self) -> None:
        if not _DEVICE_ID.match(self.device_id):
            self.error_label.setText(self.tr(
                "A device ID is 8 or more letters A–Z and digits 2–7, as shown in the "
                "officer's app."))
            self.device_edit.setFocus()
            return
        self.accept()
