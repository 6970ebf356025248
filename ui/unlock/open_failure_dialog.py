"""Shown when a profile exists but cannot be opened without the officer's help.

Typical causes: the OS keyring is locked or was reset (``KeyringError``), the
encrypted database is missing or damaged (``StoreCorruptError``). The
service's one-line message says which; the screen adds what to do about it:
retry (after unlocking the keyring), or restore access with the recovery key.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui.icons import render_icon
from ui.operations import failure_message
from ui.theme import current_colours
from ui.widgets.buttons import mark_primary
from ui.widgets.text_fitting_dialog import TextFittingDialog


class OpenFailureDialog(TextFittingDialog):
    """Accepted means "try again"; rejected means quit."""

    def __init__(self, root: Path, failure: Exception, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openFailureDialog")
        self._root = root
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
            "was reset or the passphrase is lost, your recovery key restores access: run "
            "“liaison recover --profile {path}” in a terminal. Nothing in the profile "
            "was changed.").format(path=self._root))
        self.reason.setAccessibleName(self.reason.text())
        self.buttons.button(QDialogButtonBox.StandardButton.Retry).setText(self.tr("&Retry"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("&Quit"))
