"""The card shown over a locked main window: what happened and how to get back in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.buttons import mark_primary
from ui.widgets.inline_message import InlineMessage
from ui.widgets.retranslatable import Retranslatable


class LockScreen(Retranslatable, QFrame):
    """Opaque, covers the whole window; the only focusable things are its own."""

    #: The officer asked to unlock, with the passphrase typed (empty for keyring profiles).
    unlock_requested = Signal(str)

    def __init__(self, needs_passphrase: bool, parent: QWidget, *,
                 demo_passphrase: str | None = None) -> None:
        """``demo_passphrase``: the demo workspace's published passphrase. The newcomer
        never chose it, so the lock screen says it and fills it in (issue 11, item 7):
        a demo holds nothing worth protecting, and a lock the user cannot open is a
        dead end, not security."""
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setProperty("role", "sidebar")
        self.setAutoFillBackground(True)
        self._needs_passphrase = needs_passphrase
        self._demo_passphrase = demo_passphrase if needs_passphrase else None
        #: For the demo: says the passphrase, selectable.
        self.demo_note = QLabel(self)
        self.demo_note.setObjectName("demoPassphraseNote")
        self.demo_note.setWordWrap(True)
        self.demo_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_note.setVisible(self._demo_passphrase is not None)
        self.title = QLabel(self)
        self.title.setProperty("role", "heading")
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setProperty("role", "muted")
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setVisible(needs_passphrase)
        self.passphrase_edit.returnPressed.connect(self._submit)
        self.unlock_button = QPushButton(self)
        mark_primary(self.unlock_button)
        self.unlock_button.clicked.connect(self._submit)
        self.error = InlineMessage(self)

        card = QFrame(self)
        card.setProperty("role", "card")
        card.setFixedWidth(420)  # a fixed width lets the wrapped text take its full height
        column = QVBoxLayout(card)
        column.setContentsMargins(28, 24, 28, 24)
        column.setSpacing(12)
        for widget in (self.title, self.explanation, self.demo_note, self.passphrase_edit,
                       self.error, self.unlock_button):
            column.addWidget(widget)
        # Centred with stretches, not an alignment flag: an aligned item loses
        # height-for-width, and the wrapped explanation would be cut off.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Liaison is locked"))
        self.explanation.setText(
            self.tr("Locked after a period without activity. Enter your passphrase to "
                    "continue; messages keep arriving meanwhile.")
            if self._needs_passphrase else
            self.tr("Locked after a period without activity. Unlock with your system "
                    "keyring to continue; messages keep arriving meanwhile."))
        if self._demo_passphrase is not None:
            self.demo_note.setText(self.tr(
                "This is the demo workspace. Its passphrase is published, and filled in "
                "for you: “{passphrase}”.").format(passphrase=self._demo_passphrase))
        self.passphrase_edit.setAccessibleName(self.tr("Passphrase"))
        self.passphrase_edit.setPlaceholderText(self.tr("Passphrase"))
        self.unlock_button.setText(self.tr("&Unlock"))
        self.unlock_button.setAccessibleName(self.tr("Unlock"))

    def begin(self) -> None:
        self.error.clear_message()
        self.passphrase_edit.clear()
        if self._demo_passphrase is not None:
            self.passphrase_edit.setText(self._demo_passphrase)
        self.unlock_button.setEnabled(True)
        self.show()
        self.raise_()
        (self.passphrase_edit if self._needs_passphrase else self.unlock_button).setFocus()

    def _submit(self) -> None:
        if self._needs_passphrase and not self.passphrase_edit.text():
            self.error.show_message(self.tr("Enter your passphrase to unlock."))
            self.passphrase_edit.setFocus()
            return
        self.unlock_button.setEnabled(False)
        self.unlock_requested.emit(self.passphrase_edit.text())

    def refused(self, message: str) -> None:
        self.passphrase_edit.clear()
        if self._demo_passphrase is not None:
            self.passphrase_edit.setText(self._demo_passphrase)
        self.unlock_button.setEnabled(True)
        self.error.show_message(message)
        (self.passphrase_edit if self._needs_passphrase else self.unlock_button).setFocus()
