"""Page 4: the recovery key, shown this once, acknowledged before the wizard can finish.

The key is the only way back in after a keyring reset or a forgotten
passphrase, and it exists nowhere else (``NewProfile.recovery_key``). It is
shown as selectable text for writing down, deliberately without a copy
button: clipboard managers keep history.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QVBoxLayout, QWidget

from ui.widgets.inline_message import InlineMessage
from ui.wizard.page import TranslatedPage


class RecoveryPage(TranslatedPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("key", parent)
        self._explanation = QLabel(self)
        self._explanation.setWordWrap(True)
        self._card = QFrame(self)
        self._card.setProperty("role", "recovery-card")
        self.key_label = QLabel(self._card)
        self.key_label.setProperty("role", "recovery-key")
        self.key_label.setTextFormat(Qt.TextFormat.PlainText)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setWordWrap(True)
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.key_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        card_layout = QVBoxLayout(self._card)
        card_layout.setContentsMargins(16, 18, 16, 18)
        card_layout.addWidget(self.key_label)
        self.stored_check = QCheckBox(self)
        self.notice = InlineMessage(self)

        self.body.addWidget(self._explanation)
        self.body.addWidget(self._card)
        self.body.addWidget(self.stored_check)
        self.body.addWidget(self.notice)
        self.body.addStretch(1)
        self.setTabOrder(self.key_label, self.stored_check)
        self.stored_check.toggled.connect(self.completeChanged)
        self.stored_check.toggled.connect(self.notice.clear_message)
        self.retranslate()

    def retranslate(self) -> None:
        self.set_heading(self.tr("Your recovery key"),
                         self.tr("Shown only this once. Write it down now."))
        self._explanation.setText(self.tr(
            "If this computer's keyring is reset or you forget your passphrase, this key "
            "is the only way to open your profile again. Write it on paper and keep it "
            "somewhere safe and offline, like your other credentials. Nobody, including "
            "your administrator, can show it to you again."))
        self.stored_check.setText(self.tr("I have &stored my recovery key safely"))
        self.stored_check.setAccessibleName(self.tr("I have stored my recovery key safely"))
        self.key_label.setAccessibleName(self.tr("Recovery key"))

    def show_key(self, formatted_key: str) -> None:
        self.key_label.setText(formatted_key)

    def forget_key(self) -> None:
        self.key_label.clear()

    def isComplete(self) -> bool:
        return self.stored_check.isChecked()

    def remind(self) -> None:
        self.notice.show_message(self.tr(
            "Store the recovery key and tick the box first: it cannot be shown again."))
        self.stored_check.setFocus()
