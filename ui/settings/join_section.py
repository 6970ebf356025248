"""Settings → Relay → "Join a relay": a profile created without a relay gets one.

Before issue 11 a profile made offline (the wizard's "no relay" path) could never
reach colleagues: Settings only changed the address of a relay the device was
already registered with. Joining is an enrollment (URL, optional pinned CA, the
administrator's one-time token), so it goes through the one enrollment service
(:func:`liaison_client.enrollment.join`, the same as ``liaison join``): the address
is checked for shape here at once (:func:`~liaison_client.relay_connection.checked_address`,
https or plain http only to this computer), then registration runs on the service
thread (ServiceOp) with a busy line and the fields disabled. A refusal (spent
token, unreachable relay, untrusted certificate, a token for another agency than
the profile's) is shown in place, translated, with the fields kept; nothing is
saved. A joined relay is announced with :attr:`JoinSection.joined`: the relay
section then shows it, and the main window has the running sync switch to it at
once (no restart), history kept.

IT's provisioning: a ``relay_url`` / ``relay_ca`` IT set is filled in; a locked one
is read-only (:meth:`JoinSection.apply_provisioning`), and the service refuses any
other relay as well.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_client.enrollment import RelayInvitation, join
from liaison_client.errors import LiaisonError
from liaison_client.profile import Profile
from liaison_client.provisioning.config import Provisioning
from liaison_client.relay_connection import RelaySettings, checked_address
from ui.operations import ServiceOp, failure_message
from ui.widgets.ca_file_field import CaFileField
from ui.widgets.inline_message import InlineMessage, Tone
from ui.widgets.retranslatable import Retranslatable
from ui.wizard.provisioned_defaults import locked_reason


class JoinSection(Retranslatable, QWidget):
    #: The profile joined a relay (its new ``RelaySettings``).
    joined = Signal(object)
    #: A join attempt ended, joined or refused (for tests and the screen audit).
    join_finished = Signal()

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("joinRelaySection")
        self._profile = profile
        self._provisioning: Provisioning | None = None
        self._joining = False
        self._title = QLabel(self)
        self._title.setProperty("role", "section")
        self._hint = QLabel(self)
        self._hint.setProperty("role", "muted")
        self._hint.setWordWrap(True)
        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("joinRelayUrl")
        self.ca_field = CaFileField(self)
        self.ca_edit = self.ca_field.edit
        self.browse_button = self.ca_field.browse_button
        self.token_edit = QLineEdit(self)
        self.token_edit.setObjectName("joinRelayToken")
        # A one-time secret: not shown over a shoulder, never kept after the attempt.
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.join_button = QPushButton(self)
        self.join_button.setObjectName("joinRelayButton")
        self.join_button.setAutoDefault(False)
        self.browse_button.setAutoDefault(False)
        self.message = InlineMessage(self)
        self._url_label = QLabel(self)
        self._url_label.setBuddy(self.url_edit)
        self._ca_label = QLabel(self)
        self._ca_label.setBuddy(self.ca_edit)
        self._token_label = QLabel(self)
        self._token_label.setBuddy(self.token_edit)

        fields = QFormLayout()
        fields.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        fields.setVerticalSpacing(6)
        fields.addRow(self._url_label, self.url_edit)
        fields.addRow(self._ca_label, self.ca_field)
        fields.addRow(self._token_label, self.token_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.join_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self._title)
        layout.addWidget(self._hint)
        layout.addLayout(fields)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.setTabOrder(self.url_edit, self.ca_edit)
        self.setTabOrder(self.ca_edit, self.browse_button)
        self.setTabOrder(self.browse_button, self.token_edit)
        self.setTabOrder(self.token_edit, self.join_button)
        self.join_button.clicked.connect(self.join_relay)
        for edit in (self.url_edit, self.ca_edit, self.token_edit):
            edit.returnPressed.connect(self.join_relay)
            edit.textEdited.connect(self.message.clear_message)
        self.ca_field.chosen.connect(lambda _path: self.message.clear_message())
        self.retranslate()

    def apply_provisioning(self, provisioning: Provisioning) -> None:
        """IT's relay filled in; read-only where IT locked it (the service refuses
        any other relay too, so this is the officer's cue, not the guard)."""
        self._provisioning = provisioning
        for key, edit in (("relay_url", self.url_edit), ("relay_ca", self.ca_edit)):
            value = provisioning.value(key)
            if not value:
                continue
            edit.setText(str(value))
            if provisioning.locked(key):
                edit.setReadOnly(True)
                edit.setToolTip(locked_reason())
                edit.setAccessibleDescription(locked_reason())
        if self.ca_edit.isReadOnly():
            self.browse_button.setEnabled(False)

    # -- joining ------------------------------------------------------------------

    def join_relay(self) -> None:
        """Check the address's shape now, then enroll on the service thread."""
        if self._joining:
            return
        try:
            url = checked_address(self.url_edit.text())
        except LiaisonError as exc:
            self._refused_here(failure_message(exc), self.url_edit)
            return
        token = self.token_edit.text().strip()
        if not token:
            self._refused_here(self.tr("Enter the enrollment token your relay administrator "
                                       "gave you."), self.token_edit)
            return
        ca_text = self.ca_edit.text().strip()
        invitation = RelayInvitation(url=url, token=token,
                                     ca_file=Path(ca_text).expanduser() if ca_text else None)
        profile, provisioning = self._profile, self._provisioning
        self._set_joining(True)
        self._say(self.tr("Joining the relay at {url}…").format(url=url), Tone.INFO)
        (ServiceOp(self, lambda: join(profile, invitation, provisioning=provisioning))
         .success(self._joined)
         .failure(self._refused)
         .run_in_background())

    def _refused_here(self, text: str, field: QWidget) -> None:
        self._say(text)
        field.setFocus()
        self.join_finished.emit()

    def _say(self, text: str, tone: Tone = Tone.ERROR) -> None:
        self.message.show_message(text, tone)
        self.window().adjustSize()

    def _set_joining(self, joining: bool) -> None:
        self._joining = joining
        for edit in (self.url_edit, self.ca_edit, self.token_edit):
            edit.setEnabled(not joining)
        self.browse_button.setEnabled(not joining and not self.ca_edit.isReadOnly())
        self.join_button.setEnabled(not joining)

    def _joined(self, relay: RelaySettings) -> None:
        self._set_joining(False)
        self.token_edit.clear()
        self.message.clear_message()
        self.joined.emit(relay)
        self.join_finished.emit()

    def _refused(self, exc: Exception) -> None:
        self._set_joining(False)
        self._say(self.tr("Not joined: {reason}").format(reason=failure_message(exc)))
        self.url_edit.setFocus()
        self.join_finished.emit()

    # -- text ---------------------------------------------------------------------

    def retranslate(self) -> None:
        self._title.setText(self.tr("Join a relay"))
        self._hint.setText(self.tr("To reach colleagues, register this device with your "
                                   "relay using the enrollment token from its "
                                   "administrator. Your operations and messages on this "
                                   "computer are kept."))
        self._url_label.setText(self.tr("Relay add&ress"))
        self._ca_label.setText(self.tr("Pinned CA certificate (o&ptional)"))
        self._token_label.setText(self.tr("Enrollment to&ken"))
        self.url_edit.setPlaceholderText("https://relay.example.gov")
        self.ca_edit.setPlaceholderText(self.tr("Empty: trust the system's certificate "
                                                "authorities"))
        self.browse_button.setText(self.tr("Bro&wse…"))
        self.join_button.setText(self.tr("&Join relay"))
        self.url_edit.setAccessibleName(self.tr("Relay address to join"))
        self.ca_edit.setAccessibleName(self.tr("Pinned CA certificate file for the relay"))
        self.browse_button.setAccessibleName(self.tr("Choose CA certificate file"))
        self.token_edit.setAccessibleName(self.tr("Enrollment token"))
        self.join_button.setAccessibleName(self.tr("Join the relay"))
