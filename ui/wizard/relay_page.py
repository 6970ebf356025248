"""Page 1: the relay to join, its pinned CA, the enrollment token; or none (local use);
or, for someone without an enrollment token yet, a way to try Liaison on a demo
workspace first.

Relay and token come first because the token fixes the officer's agency (issue 11,
item 3): the wizard asks the relay which agency the token is for before going on
(:func:`liaison_client.enrollment.token_agency`, spending nothing) and the identity
page then shows that agency read only, instead of a free-text field whose mismatch
only showed after the passphrase step. The fields are checked for shape here (a
URL, a readable CA file, a token with the URL); the relay's answer (refused token,
unreachable relay, bad CA) is shown back on this page by the wizard.

The demo is a secondary action at the foot of the page, apart from the form: it
creates nothing here (the demo lives in a directory of its own, see
:mod:`liaison_client.demo_workspace`), and the wizard offers it only on this first
page, before the officer has typed anything worth keeping.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from liaison_client.enrollment import RelayInvitation
from liaison_client.errors import LiaisonError
from liaison_client.relay_connection import checked_address
from ui.widgets.ca_file_field import CaFileField
from ui.widgets.inline_message import InlineMessage
from ui.wizard.page import TranslatedPage


class RelayPage(TranslatedPage):
    #: "Try a demo workspace" was pressed.
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("relay", parent)
        self.url_edit = QLineEdit(self)
        self.ca_field = CaFileField(self)
        self.ca_edit = self.ca_field.edit
        self.browse_button = self.ca_field.browse_button
        self.token_edit = QLineEdit(self)
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = InlineMessage(self)
        self._intro = QLabel(self)
        self._intro.setWordWrap(True)
        self._intro.setProperty("role", "muted")
        self._url_label = QLabel(self)
        self._url_label.setBuddy(self.url_edit)
        self._ca_label = QLabel(self)
        self._ca_label.setBuddy(self.ca_edit)
        self._token_label = QLabel(self)
        self._token_label.setBuddy(self.token_edit)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(6)
        form.addRow(self._url_label, self.url_edit)
        form.addRow(self._ca_label, self.ca_field)
        form.addRow(self._token_label, self.token_edit)
        self.body.addWidget(self._intro)
        self.body.addLayout(form)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setProperty("role", "rule")
        self._demo_intro = QLabel(self)
        self._demo_intro.setWordWrap(True)
        self._demo_intro.setProperty("role", "muted")
        self.demo_button = QPushButton(self)
        self.demo_button.clicked.connect(self.demo_requested)
        demo_row = QHBoxLayout()
        demo_row.setSpacing(12)
        demo_row.addWidget(self._demo_intro, 1)
        demo_row.addWidget(self.demo_button)
        self.body.addWidget(rule)
        self.body.addLayout(demo_row)

        self.setTabOrder(self.url_edit, self.ca_edit)
        self.setTabOrder(self.ca_edit, self.browse_button)
        self.setTabOrder(self.browse_button, self.token_edit)
        self.setTabOrder(self.token_edit, self.demo_button)
        self.ca_field.chosen.connect(lambda _path: self.error.clear_message())
        for edit in (self.url_edit, self.ca_edit, self.token_edit):
            edit.textEdited.connect(self.error.clear_message)
        self.retranslate()

    def retranslate(self) -> None:
        self.set_heading(self.tr("Welcome to Liaison"), self.tr(
            "First, the relay where encrypted messages are exchanged with your colleagues."))
        self._intro.setText(self.tr(
            "Your administrator gives you the relay address, an enrollment token and, "
            "for a private certificate authority, its CA file. The token was issued for "
            "your agency: Liaison asks the relay which one before going on. Leave the "
            "relay address empty to use Liaison on this computer only for now."))
        self._url_label.setText(self.tr("Relay &address (optional)"))
        self._ca_label.setText(self.tr("Pinned &CA certificate (optional)"))
        self._token_label.setText(self.tr("Enrollment &token"))
        self.url_edit.setPlaceholderText("https://relay.example.gov")
        self.ca_edit.setPlaceholderText(self.tr("PEM file, e.g. relay-ca.pem"))
        self.token_edit.setPlaceholderText(self.tr("Required with a relay address"))
        self.browse_button.setText(self.tr("&Browse…"))
        self.url_edit.setAccessibleName(self.tr("Relay address"))
        self.ca_edit.setAccessibleName(self.tr("Pinned CA certificate file"))
        self.browse_button.setAccessibleName(self.tr("Choose CA certificate file"))
        self.token_edit.setAccessibleName(self.tr("Enrollment token"))
        self._demo_intro.setText(self.tr(
            "No enrollment token yet? Look around a demo workspace first: invented "
            "colleagues on a relay that runs on this computer only. Your own profile is "
            "not created and nothing leaves this computer."))
        self.demo_button.setText(self.tr("Try a &demo workspace"))
        self.demo_button.setAccessibleName(self.tr("Try a demo workspace"))
        self.demo_button.setAccessibleDescription(self._demo_intro.text())

    def enrollment(self) -> RelayInvitation | None:
        """The relay request, or ``None`` for local use. Call after :meth:`validatePage`."""
        url = self.url_edit.text().strip()
        if not url:
            return None
        ca = self.ca_edit.text().strip()
        return RelayInvitation(url=url, token=self.token_edit.text().strip(),
                               ca_file=Path(ca).expanduser() if ca else None)

    def show_service_error(self, message: str, *, on_token: bool = False) -> None:
        """The relay's answer, on this page; focus on the field to correct (the token
        for a refused token, else the address)."""
        self.error.show_message(message)
        (self.token_edit if on_token else self.url_edit).setFocus()

    def validatePage(self) -> bool:
        problem = self._shape_problem()
        if problem is not None:
            self.error.show_message(problem)
            return False
        self.error.clear_message()
        return True

    def _shape_problem(self) -> str | None:
        url = self.url_edit.text().strip()
        if not url:
            if self.token_edit.text().strip() or self.ca_edit.text().strip():
                return self.tr("Enter the relay address that goes with the token and CA file.")
            return None
        try:
            # The one relay-address check, shared with `liaison init` and Settings.
            checked_address(url)
        except LiaisonError as exc:
            if getattr(exc, "needs_https", False):
                return self.tr("Use https:// for a relay on another computer.")
            return self.tr("The relay address must look like https://relay.example.gov")
        if not self.token_edit.text().strip():
            return self.tr("Enter the enrollment token from your administrator.")
        ca = self.ca_edit.text().strip()
        if ca and not Path(ca).expanduser().is_file():
            return self.tr("The CA certificate file does not exist: {path}").format(path=ca)
        return None
