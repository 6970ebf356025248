"""Asks for the passphrase of a passphrase-protected profile and opens it.

A wrong passphrase is an inline error with the field selected for retyping;
nothing on disk changes (``open_profile`` only reads). Other failures (a
missing database, a damaged key file) are shown the same way, with the
recovery hint, since retrying the passphrase will not help with them.

"Forgotten it?" opens :class:`~ui.unlock.recovery_dialog.RecoveryDialog` (issue 11,
item 14): the recovery key sets a new passphrase and the profile opens, in the
app, instead of a terminal command.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_client.profile import Profile, open_profile
from ui.icons import render_icon
from ui.operations import ServiceOp, failure_message
from ui.theme import current_colours
from ui.unlock.recovery_dialog import RecoveryDialog
from ui.widgets.buttons import mark_primary
from ui.widgets.inline_message import InlineMessage
from ui.widgets.text_fitting_dialog import TextFittingDialog


class UnlockDialog(TextFittingDialog):
    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self._root = root
        self._profile: Profile | None = None
        self._busy = False
        self._icon = QLabel(self)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._title = QLabel(self)
        self._title.setProperty("role", "heading")
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._location = QLabel(self)
        self._location.setProperty("role", "hint")
        self._location.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._location.setWordWrap(True)
        self._location.setTextFormat(Qt.TextFormat.PlainText)
        self._passphrase_label = QLabel(self)
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self._passphrase_label.setBuddy(self.passphrase_edit)
        self.error = InlineMessage(self)
        self._hint = QLabel(self)
        self._hint.setProperty("role", "hint")
        self._hint.setWordWrap(True)
        self.recover_button = QPushButton(self)
        self.recover_button.setAutoDefault(False)
        self.recover_button.clicked.connect(self.open_recovery)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        mark_primary(self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.buttons.accepted.connect(self.unlock)
        self.buttons.rejected.connect(self.reject)

        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(10)
        layout.addWidget(self._icon)
        layout.addWidget(self._title)
        layout.addWidget(self._location)
        layout.addSpacing(10)
        layout.addWidget(self._passphrase_label)
        layout.addWidget(self.passphrase_edit)
        layout.addWidget(self.error)
        recovery_row = QHBoxLayout()
        recovery_row.setSpacing(10)
        recovery_row.addWidget(self._hint, 1)
        recovery_row.addWidget(self.recover_button)
        layout.addLayout(recovery_row)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        self.setFixedWidth(480)
        self.passphrase_edit.textEdited.connect(self.error.clear_message)
        self._icon.setPixmap(render_icon(
            "lock", current_colours(QApplication.instance())["accent"],  # type: ignore[arg-type]
            QSize(44, 44), self.devicePixelRatioF()))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Unlock Liaison"))
        self._title.setText(self.tr("Unlock your profile"))
        self._location.setText(str(self._root))
        self._passphrase_label.setText(self.tr("&Passphrase"))
        self.passphrase_edit.setAccessibleName(self.tr("Passphrase"))
        self._hint.setText(self.tr(
            "Forgotten it? Your recovery key sets a new passphrase."))
        self.recover_button.setText(self.tr("Use &recovery key…"))
        self.recover_button.setAccessibleName(self.tr("Use recovery key"))
        self.recover_button.setAccessibleDescription(self._hint.text())
        unlock = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        unlock.setText(self.tr("&Unlock"))
        unlock.setAccessibleName(self.tr("Unlock"))
        quit_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        quit_button.setText(self.tr("&Quit"))
        quit_button.setAccessibleName(self.tr("Quit Liaison"))

    @property
    def profile(self) -> Profile | None:
        return self._profile

    def unlock(self) -> None:
        if self._busy:
            return
        passphrase = self.passphrase_edit.text()
        if not passphrase:
            self.error.show_message(self.tr("Enter your passphrase."))
            self._fit_text()
            return
        self._busy = True
        root = self._root
        (ServiceOp(self, lambda: open_profile(root, passphrase=lambda _confirm: passphrase))
         .success(self._opened)
         .failure(self._failed)
         .with_progress(self.tr("Unlocking…"))
         .run_in_background())

    def _opened(self, profile: Profile) -> None:
        self._busy = False
        self._profile = profile
        self.passphrase_edit.clear()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        # The service's own line says exactly what failed (wrong passphrase, missing
        # database, damaged key file); the recovery hint stays visible below it.
        self.error.show_message(failure_message(exc))
        self._fit_text()  # grow to show the whole message instead of clipping it
        self.passphrase_edit.setFocus()
        self.passphrase_edit.selectAll()

    def open_recovery(self) -> RecoveryDialog:
        """The recovery key sets a new passphrase; the profile it opens is this
        dialog's answer, as if unlocked."""
        dialog = RecoveryDialog(self._root, self)
        dialog.finished.connect(lambda code: self._recovery_finished(dialog, code))
        dialog.open()
        return dialog

    def _recovery_finished(self, dialog: RecoveryDialog, code: int) -> None:
        # Not deleted here: deleting a just-hidden modal dialog from its finished
        # callback crashed PySide6 6.12 (ui/operations.py, BusyIndicator); it is this
        # dialog's child and goes with it.
        if code == QDialog.DialogCode.Accepted and dialog.profile is not None:
            self._opened(dialog.profile)

    def reject(self) -> None:
        if not self._busy:
            super().reject()
