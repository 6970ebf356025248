"""Page 3: how the profile key is kept; its Next button creates the profile.

With a usable OS keyring the key goes there and no passphrase is asked. Without
one, the officer chooses a passphrase (typed twice); the service judges its
strength and the verdict is shown inline. This is the wizard's commit page:
once the profile exists there is no going back.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from ui.widgets.inline_message import InlineMessage
from ui.wizard.page import TranslatedPage


class SecurityPage(TranslatedPage):
    def __init__(self, keyring_unusable_reason: str | None,
                 parent: QWidget | None = None) -> None:
        self.needs_passphrase = keyring_unusable_reason is not None
        super().__init__("lock" if self.needs_passphrase else "shield", parent)
        self._keyring_reason = keyring_unusable_reason
        self.setCommitPage(True)
        self._explanation = QLabel(self)
        self._explanation.setWordWrap(True)
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit(self)
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self._passphrase_label = QLabel(self)
        self._passphrase_label.setBuddy(self.passphrase_edit)
        self._repeat_label = QLabel(self)
        self._repeat_label.setBuddy(self.repeat_edit)
        self._hint = QLabel(self)
        self._hint.setWordWrap(True)
        self._hint.setProperty("role", "hint")
        self.error = InlineMessage(self)

        self.body.addWidget(self._explanation)
        if self.needs_passphrase:
            form = QFormLayout()
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
            form.setVerticalSpacing(6)
            form.addRow(self._passphrase_label, self.passphrase_edit)
            form.addRow(self._repeat_label, self.repeat_edit)
            self.body.addLayout(form)
            self.body.addWidget(self._hint)
            self.setTabOrder(self.passphrase_edit, self.repeat_edit)
        else:
            for widget in (self.passphrase_edit, self.repeat_edit, self._passphrase_label,
                           self._repeat_label, self._hint):
                widget.hide()
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.passphrase_edit.textEdited.connect(self.error.clear_message)
        self.repeat_edit.textEdited.connect(self.error.clear_message)
        self.retranslate()

    def retranslate(self) -> None:
        if self.needs_passphrase:
            self.set_heading(self.tr("Protect this profile"), self.tr(
                "Choose a passphrase to unlock Liaison on this computer."))
            self._explanation.setText(self.tr(
                "No usable system keyring was found ({reason}), so your messages are "
                "encrypted under a key protected by a passphrase you choose. You will "
                "type it each time Liaison starts.").format(
                    reason=keyring_reason_text(self._keyring_reason or "")))
        else:
            self.set_heading(self.tr("Protect this profile"), self.tr(
                "Your key stays in this computer's keyring."))
            self._explanation.setText(self.tr(
                "The key that encrypts your messages on this computer will be kept in the "
                "system keyring, unlocked with your login. Liaison will open without "
                "asking for a passphrase."))
        self._passphrase_label.setText(self.tr("&Passphrase"))
        self._repeat_label.setText(self.tr("&Repeat passphrase"))
        self._hint.setText(self.tr(
            "At least 12 characters. Several unrelated words are easy to remember "
            "and hard to guess."))
        self.passphrase_edit.setAccessibleName(self.tr("Passphrase"))
        self.repeat_edit.setAccessibleName(self.tr("Repeat passphrase"))

    def chosen_passphrase(self) -> str | None:
        return self.passphrase_edit.text() if self.needs_passphrase else None

    def check_entries(self) -> bool:
        """Local checks before asking the service: both fields filled and equal."""
        if not self.needs_passphrase:
            return True
        if not self.passphrase_edit.text():
            self.error.show_message(self.tr("Choose a passphrase."))
            self.passphrase_edit.setFocus()
            return False
        if self.passphrase_edit.text() != self.repeat_edit.text():
            self.error.show_message(self.tr("The two passphrases do not match."))
            self.repeat_edit.clear()
            self.repeat_edit.setFocus()
            return False
        return True

    def show_service_error(self, message: str) -> None:
        self.error.show_message(message)
        if self.needs_passphrase:
            self.passphrase_edit.setFocus()
            self.passphrase_edit.selectAll()

    def forget_passphrase(self) -> None:
        """Clear the fields once the profile is created: the text should not linger."""
        self.passphrase_edit.clear()
        self.repeat_edit.clear()


def keyring_reason_text(reason: str) -> str:
    """Why no keyring is usable, in the officer's language. The service words the three
    reasons ``keyring_unusable_reason`` gives in English (for the CLI and logs); a
    Chinese sentence must not carry "(no OS keyring is available)". The backend's class
    name is an identifier and stays as it is; an unknown reason is shown as given."""
    translate = QCoreApplication.translate
    if reason == "no OS keyring is available":
        return translate("SecurityPage", "this computer offers no system keyring")
    plain = re.fullmatch(r"keyring backend (\S+) stores secrets in plain files", reason)
    if plain:
        return translate("SecurityPage", "the keyring {backend} keeps secrets in plain "
                         "files").format(backend=plain[1])
    unsuitable = re.fullmatch(r"keyring backend (\S+) is not suitable", reason)
    if unsuitable:
        return translate("SecurityPage", "the keyring {backend} is not suitable").format(
            backend=unsuitable[1])
    return reason
