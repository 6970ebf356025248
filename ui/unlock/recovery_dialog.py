"""Forgotten passphrase: the recovery key opens the profile and a new passphrase is set.

Before issue 11 (item 14) the unlock screen pointed to a terminal command
(``liaison recover``). This dialog does the same in the app, through the same core
call (:func:`liaison_client.profile.recover_profile`): the recovery key unwraps the
profile's keys, the database is proven to open with them, then the keys are kept
anew under the new passphrase (typed twice; the service judges its strength), and
the profile is opened with it. The database itself is not touched. It runs on the
service thread with a progress line (Argon2id twice: the recovery unwrap and the new
passphrase's wrap).

Errors are shown in place, in the interface's language, focus on the field to fix:
a mistyped key (checksum) or a key of another profile on the key field, a weak
passphrase on the passphrase field. The key field is masked like the passphrase
(it opens the profile as well as the passphrase does), with "Show key" to check
what was typed against the paper; both fields are cleared once used.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from liaison_client.errors import UnlockError
from liaison_client.profile import (
    KeyStorageChoice,
    Profile,
    open_profile,
    recover_profile,
)
from ui.operations import ServiceOp, failure_message
from ui.widgets.buttons import mark_primary
from ui.widgets.inline_message import InlineMessage
from ui.widgets.text_fitting_dialog import TextFittingDialog


def recover_and_open(root: Path, recovery_key: str, new_passphrase: str) -> Profile:
    """Service thread: keep the keys under ``new_passphrase`` (via the recovery key),
    then open the profile with it."""
    def ask(_confirm: bool) -> str:
        return new_passphrase

    recover_profile(root, recovery_key, passphrase=ask,
                    key_storage=KeyStorageChoice.PASSPHRASE)
    return open_profile(root, passphrase=ask)


class RecoveryDialog(TextFittingDialog):
    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self._root = root
        self._profile: Profile | None = None
        self._busy = False
        self._title = QLabel(self)
        self._title.setProperty("role", "heading")
        self._title.setWordWrap(True)
        self._explanation = QLabel(self)
        self._explanation.setWordWrap(True)
        self._key_label = QLabel(self)
        self.key_edit = QLineEdit(self)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self._key_label.setBuddy(self.key_edit)
        self.show_key = QCheckBox(self)
        self.show_key.toggled.connect(lambda shown: self.key_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password))
        self._passphrase_label = QLabel(self)
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self._passphrase_label.setBuddy(self.passphrase_edit)
        self._repeat_label = QLabel(self)
        self.repeat_edit = QLineEdit(self)
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self._repeat_label.setBuddy(self.repeat_edit)
        self._hint = QLabel(self)
        self._hint.setProperty("role", "hint")
        self._hint.setWordWrap(True)
        self.error = InlineMessage(self)
        self.buttons = QDialogButtonBox(self)
        self.recover_button = self.buttons.addButton(
            "", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(
            "", QDialogButtonBox.ButtonRole.RejectRole)
        mark_primary(self.recover_button)
        self.buttons.accepted.connect(self.recover)
        self.buttons.rejected.connect(self.reject)

        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(8)
        layout.addWidget(self._title)
        layout.addWidget(self._explanation)
        layout.addSpacing(6)
        layout.addWidget(self._key_label)
        layout.addWidget(self.key_edit)
        layout.addWidget(self.show_key)
        layout.addSpacing(6)
        layout.addWidget(self._passphrase_label)
        layout.addWidget(self.passphrase_edit)
        layout.addWidget(self._repeat_label)
        layout.addWidget(self.repeat_edit)
        layout.addWidget(self._hint)
        layout.addWidget(self.error)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        self.setFixedWidth(520)
        self.setTabOrder(self.key_edit, self.show_key)
        self.setTabOrder(self.show_key, self.passphrase_edit)
        self.setTabOrder(self.passphrase_edit, self.repeat_edit)
        for edit in (self.key_edit, self.passphrase_edit, self.repeat_edit):
            edit.textEdited.connect(self.error.clear_message)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Recover your profile"))
        self._title.setText(self.tr("Set a new passphrase with your recovery key"))
        self._explanation.setText(self.tr(
            "Type the recovery key you wrote down when this profile was created, then "
            "choose a new passphrase. Your operations and messages stay as they are; "
            "the old passphrase no longer opens the profile."))
        self._key_label.setText(self.tr("Recovery &key"))
        self.key_edit.setAccessibleName(self.tr("Recovery key"))
        self.key_edit.setPlaceholderText(self.tr("Groups of letters and digits, as on "
                                                 "your paper"))
        self.show_key.setText(self.tr("&Show the key as I type"))
        self.show_key.setAccessibleName(self.tr("Show the recovery key"))
        self._passphrase_label.setText(self.tr("&New passphrase"))
        self.passphrase_edit.setAccessibleName(self.tr("New passphrase"))
        self._repeat_label.setText(self.tr("&Repeat new passphrase"))
        self.repeat_edit.setAccessibleName(self.tr("Repeat new passphrase"))
        self._hint.setText(self.tr(
            "At least 12 characters. Several unrelated words are easy to remember "
            "and hard to guess."))
        self.recover_button.setText(self.tr("Set passphrase and &open"))
        self.recover_button.setAccessibleName(self.tr("Set passphrase and open"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))

    @property
    def profile(self) -> Profile | None:
        """The profile, opened with its new passphrase, once the dialog was accepted."""
        return self._profile

    def recover(self) -> None:
        if self._busy:
            return
        key = self.key_edit.text().strip()
        passphrase = self.passphrase_edit.text()
        if not key:
            self._refuse(self.tr("Type your recovery key."), self.key_edit)
            return
        if not passphrase:
            self._refuse(self.tr("Choose a new passphrase."), self.passphrase_edit)
            return
        if passphrase != self.repeat_edit.text():
            self.repeat_edit.clear()
            self._refuse(self.tr("The two passphrases do not match."), self.repeat_edit)
            return
        self._busy = True
        root = self._root
        (ServiceOp(self, lambda: recover_and_open(root, key, passphrase))
         .success(self._recovered)
         .failure(self._failed)
         .with_progress(self.tr("Recovering your profile…"))
         .run_in_background())

    def _refuse(self, message: str, field: QLineEdit) -> None:
        self.error.show_message(message)
        self._fit_text()
        field.setFocus()

    def _recovered(self, profile: Profile) -> None:
        self._busy = False
        self._profile = profile
        for edit in (self.key_edit, self.passphrase_edit, self.repeat_edit):
            edit.clear()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        # A key problem (mistyped, another profile's) on the key; anything else (a weak
        # passphrase, the disk) on the passphrase.
        field = self.key_edit if isinstance(exc, UnlockError) else self.passphrase_edit
        self._refuse(failure_message(exc), field)
        field.selectAll()

    def reject(self) -> None:
        if not self._busy:
            super().reject()
