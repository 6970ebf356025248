"""Shown when a profile exists but cannot be opened without the officer's help.

Typical causes: the OS keyring is locked or was reset (``KeyringError``), the
encrypted database is missing or damaged (``StoreCorruptError``). The
service's one-line message says which; the screen adds what to do about it:
retry (after unlocking the keyring), or restore access with the recovery key:
"Use recovery key…" opens :class:`~ui.unlock.recovery_dialog.RecoveryDialog` (issue 11,
item 14), which sets a passphrase and opens the profile; the launcher then goes on
with that profile (:attr:`OpenFailureDialog.profile`) instead of retrying.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from liaison_client.profile import Profile
from ui.icons import render_icon
from ui.operations import failure_message
from ui.theme import current_colours
from ui.unlock.recovery_dialog import RecoveryDialog
from ui.widgets.buttons import mark_primary
from ui.widgets.text_fitting_dialog import TextFittingDialog


class OpenFailureDialog(TextFittingDialog):
    """Accepted means "try again" (or, with :attr:`profile`, "recovered and open");
    rejected means quit."""

    def __init__(self, root: Path, failure: Exception, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openFailureDialog")
        self._root = root
        #: Set when the recovery key opened the profile (with a new passphrase).
        self.profile: Profile | None = None
        self._icon = QLabel(self)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._icon.setPixmap(render_icon(
            "lock", current_colours(QApplication.instance())["danger"],  # type: ignore[arg-type]
            QSize(44, 44), self.devicePixelRatioF()))
        self._title = QLabel(self)
        self._title.setProperty("role", "heading")
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason = QLabel(failure_message(failure), self)
        self.reason.setProperty("role", "inline-message")
        self.reason.setProperty("tone", "error")
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._hint = QLabel(self)
        self._hint.setProperty("role", "muted")
        self._hint.setWordWrap(True)
        self._hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Retry | QDialogButtonBox.StandardButton.Close, self)
        mark_primary(self.buttons.button(QDialogButtonBox.StandardButton.Retry))
        self.recover_button = self.buttons.addButton(
            "", QDialogButtonBox.ButtonRole.ActionRole)
        self.recover_button.setAutoDefault(False)
        self.recover_button.clicked.connect(self.open_recovery)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self._icon)
        layout.addWidget(self._title)
        layout.addWidget(self.reason)
        layout.addWidget(self._hint)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        self.setFixedWidth(500)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Liaison"))
        self._title.setText(self.tr("Liaison cannot open your profile"))
        self._hint.setText(self.tr(
            "If the system keyring is locked, unlock it and choose Retry. If the keyring "
            "was reset or the passphrase is lost, your recovery key restores access: "
            "choose Use recovery key and set a passphrase. Nothing in the profile was "
            "changed."))
        self.recover_button.setText(self.tr("Use recovery &key…"))
        self.recover_button.setAccessibleName(self.tr("Use recovery key"))
        self.reason.setAccessibleName(self.reason.text())
        self.buttons.button(QDialogButtonBox.StandardButton.Retry).setText(self.tr("&Retry"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("&Quit"))

    def open_recovery(self) -> RecoveryDialog:
        """The recovery key sets a passphrase and opens the profile: done here."""
        dialog = RecoveryDialog(self._root, self)
        dialog.finished.connect(lambda code: self._recovery_finished(dialog, code))
        dialog.open()
        return dialog

    def _recovery_finished(self, dialog: RecoveryDialog, code: int) -> None:
        # Not deleted here: deleting a just-hidden modal dialog from its finished
        # callback crashed PySide6 6.12 (ui/operations.py, BusyIndicator); it is this
        # dialog's child and goes with it.
        if code == QDialog.DialogCode.Accepted and dialog.profile is not None:
            self.profile = dialog.profile
            self.accept()
