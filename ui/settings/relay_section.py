"""The relay part of Settings: where this profile's relay is, how it is trusted, and
changing its address or pinned CA.

A change is checked before it is kept: the address's shape here, at once; then,
on the service thread, :func:`~liaison_client.relay_connection.change_address`
asks the relay for this very device over the new connection and saves only if
it answers as the relay this profile registered with. The answer is shown in
place under the fields, which keep what the officer typed; a refused change
saves nothing. After a saved change :attr:`RelaySection.relay_changed` tells
the main window, which has the running sync reconnect without a restart.

A profile without a relay joins one here (:mod:`ui.settings.join_section`, an
enrollment with the administrator's token); once joined, this section shows the
relay and its change form like any other. Joining a *different* relay than the
one a device is registered with is a new profile's job.

IT's provisioning (:meth:`RelaySection.apply_provisioning`): a relay address or CA
IT locked is shown read-only, and a change cannot be checked and saved.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_client.errors import LiaisonError
from liaison_client.profile import Profile
from liaison_client.provisioning.config import Provisioning
from liaison_client.relay_connection import (
    RelaySettings,
    change_address,
    checked_address,
    current_relay,
)
from ui.operations import ServiceOp, failure_message
from ui.settings.join_section import JoinSection
from ui.widgets.ca_file_field import CaFileField
from ui.widgets.inline_message import InlineMessage, Tone
from ui.widgets.retranslatable import Retranslatable
from ui.wizard.provisioned_defaults import locked_reason


class RelaySection(Retranslatable, QWidget):
    #: A checked relay change was saved (the new :class:`RelaySettings`).
    relay_changed = Signal(object)
    #: A check ended, saved or refused (for tests and the screen audit).
    check_finished = Signal()

    def __init__(self, profile: Profile | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._profile = profile
        self._relay: RelaySettings | None = None
        self._relay_known = profile is None
        self._checking = False
        #: IT locked the relay: nothing here may change it.
        self._provisioned = False
        self._title = QLabel(self)
        self._title.setProperty("role", "section")
        # A label a line, no word wrap: a wrapped label in this dialog was cut off
        # when its text arrived after the first layout, and the address and the trust
        # note in one two-line label were cut off together at 200 % ("http://127.0.0.1:…
        # Trusted through t"). Unwrapped, each label's width is a minimum the dialog
        # keeps.
        self.relay_label = QLabel(self)
        self.relay_label.setProperty("role", "muted")
        self.trust_label = QLabel(self)
        self.trust_label.setProperty("role", "muted")
        self.url_edit = QLineEdit(self)
        self.ca_field = CaFileField(self)
        self.ca_edit = self.ca_field.edit
        self.browse_button = self.ca_field.browse_button
        self.system_ca_check = QCheckBox(self)
        self.apply_button = QPushButton(self)
        self.message = InlineMessage(self)
        self._url_label = QLabel(self)
        self._url_label.setBuddy(self.url_edit)
        self._ca_label = QLabel(self)
        self._ca_label.setBuddy(self.ca_edit)

        self._form = QWidget(self)
        self._fields = QFormLayout()
        self._fields.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self._fields.setVerticalSpacing(6)
        self._fields.addRow(self._url_label, self.url_edit)
        self._fields.addRow(self._ca_label, self.ca_field)
        self._fields.addRow(self.system_ca_check)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        form = QVBoxLayout(self._form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(8)
        form.addLayout(self._fields)
        form.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self._title)
        layout.addWidget(self.relay_label)
        layout.addWidget(self.trust_label)
        layout.addWidget(self._form)
        layout.addWidget(self.message)
        #: "Join a relay", shown while the profile has none.
        self.join: JoinSection | None = None
        if profile is not None:
            self.join = JoinSection(profile, self)
            self.join.setVisible(False)
            self.join.joined.connect(self._joined)
            layout.addWidget(self.join)
        self.setTabOrder(self.url_edit, self.ca_edit)
        self.setTabOrder(self.ca_edit, self.browse_button)
        self.setTabOrder(self.browse_button, self.system_ca_check)
        self.setTabOrder(self.system_ca_check, self.apply_button)
        # Enter in the address or CA field means "check and save" (returnPressed), never
        # a dialog button that happened to become the default: in a dialog every push
        # button is auto-default, and Enter then opened the file chooser.
        for button in (self.browse_button, self.apply_button):
            button.setAutoDefault(False)
        self.ca_field.chosen.connect(lambda _path: self.message.clear_message())
        self.apply_button.clicked.connect(self.check_and_save)
        for edit in (self.url_edit, self.ca_edit):
            edit.textEdited.connect(self.message.clear_message)
        self.ca_edit.textChanged.connect(self._ca_entered)
        self.url_edit.returnPressed.connect(self.check_and_save)
        self.ca_edit.returnPressed.connect(self.check_and_save)

        self.setVisible(profile is not None)
        self._form.setVisible(False)
        if profile is not None:
            (ServiceOp(self, lambda: current_relay(profile))
             .success(self._relay_loaded)
             .run_in_background())
        self.retranslate()

    @property
    def relay(self) -> RelaySettings | None:
        return self._relay

    @property
    def loaded(self) -> bool:
        """The profile's relay settings were read (or there is no profile to read)."""
        return self._relay_known

    def apply_provisioning(self, provisioning: Provisioning) -> None:
        """A relay address or CA IT locked: read-only here, and in the join form."""
        if self.join is not None:
            self.join.apply_provisioning(provisioning)
        locked = [key for key in ("relay_url", "relay_ca")
                  if provisioning.locked(key) and provisioning.value(key)]
        if not locked:
            return
        for control in (self.url_edit, self.ca_edit):
            control.setReadOnly(True)
            control.setToolTip(locked_reason())
            control.setAccessibleDescription(locked_reason())
        for button in (self.browse_button, self.apply_button, self.system_ca_check):
            button.setEnabled(False)
            button.setToolTip(locked_reason())
        self._provisioned = True

    def _relay_loaded(self, relay: RelaySettings | None) -> None:
        self._relay, self._relay_known = relay, True
        self._form.setVisible(relay is not None)
        if self.join is not None:
            self.join.setVisible(relay is None)
        if relay is not None:
            self.url_edit.setText(relay.url)
        self._show_trust_choice()
        self.retranslate()
        # The answer can be longer than "Loading…": let the dialog grow to show it all.
        self.window().adjustSize()

    def _show_trust_choice(self) -> None:
        """"Remove the pinned CA" only makes sense while one is pinned and no new file
        is chosen."""
        pinned = self._relay is not None and self._relay.ca_pem is not None
        self._fields.setRowVisible(self.system_ca_check, pinned)
        self.system_ca_check.setEnabled(pinned and not self.ca_edit.text().strip()
                                        and not self._provisioned)
        if not self.system_ca_check.isEnabled():
            self.system_ca_check.setChecked(False)

    def _ca_entered(self) -> None:
        self._show_trust_choice()

    # -- checking and saving ------------------------------------------------------

    def check_and_save(self) -> None:
        """Check the address's shape now, then the relay itself on the service thread."""
        profile, current = self._profile, self._relay
        if profile is None or current is None or self._checking or self._provisioned:
            return
        try:
            url = checked_address(self.url_edit.text())
        except LiaisonError as exc:
            self._say(failure_message(exc))
            self.url_edit.setFocus()
            self.check_finished.emit()
            return
        ca_file = self.ca_edit.text().strip()
        keep_pinned = None if self.system_ca_check.isChecked() else current.ca_pem

        def check() -> RelaySettings:
            return change_address(profile, url,
                                  ca_file=Path(ca_file).expanduser() if ca_file else None,
                                  keep_pinned=keep_pinned)

        self._set_checking(True)
        self._say(self.tr("Checking the relay at {url}…").format(url=url), Tone.INFO)
        (ServiceOp(self, check)
         .success(self._saved)
         .failure(self._refused)
         .run_in_background())

    def _say(self, text: str, tone: Tone = Tone.ERROR) -> None:
        """Show the answer under the fields, and let the dialog grow so nothing is squeezed."""
        self.message.show_message(text, tone)
        self.window().adjustSize()

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        for control in (self.url_edit, self.ca_edit, self.browse_button, self.apply_button):
            control.setEnabled(not checking)
        self.system_ca_check.setEnabled(not checking and self.system_ca_check.isVisibleTo(self)
                                        and not self.ca_edit.text().strip())

    def _saved(self, relay: RelaySettings) -> None:
        self._set_checking(False)
        self._relay = relay
        self.url_edit.setText(relay.url)
        self.ca_edit.clear()
        self._show_trust_choice()
        self.retranslate()
        self._say(self.tr("Saved. The relay answered and knows this device; Liaison now "
                          "uses it."), Tone.INFO)
        self.relay_changed.emit(relay)
        self.check_finished.emit()

    def _joined(self, relay: RelaySettings) -> None:
        """The join form registered the device: show the relay like any other, and
        have sync switch to it (the dialog's ``relay_changed``)."""
        self._relay_loaded(relay)
        self._say(self.tr("Joined. This device is registered with the relay at {url}; "
                          "messages now sync.").format(url=relay.url), Tone.INFO)
        self.relay_changed.emit(relay)
        self.check_finished.emit()

    def _refused(self, exc: Exception) -> None:
        self._set_checking(False)
        self._say(self.tr("Not saved: {reason}").format(reason=failure_message(exc)))
        self.url_edit.setFocus()
        self.check_finished.emit()

    # -- text ---------------------------------------------------------------------

    def _trust_text(self, url: str, ca_pem: str | None) -> str:
        """How the connection is protected. A plain http address (allowed only on this
        computer's loopback) has no TLS at all: saying "trusted through the system's
        certificate authorities" there was false."""
        if url.lower().startswith("http://"):
            return self.tr("Not encrypted: plain http to a relay on this computer "
                           "(loopback only).")
        if ca_pem:
            return self.tr("Trusted through its pinned CA certificate.")
        return self.tr("Trusted through the system's certificate authorities.")

    def retranslate(self) -> None:
        self._title.setText(self.tr("Relay"))
        relay = self._relay
        if not self._relay_known:
            self.relay_label.setText(self.tr("Loading…"))
        elif relay is None:
            self.relay_label.setText(self.tr("No relay: this profile works on this "
                                             "computer only."))
        else:
            self.relay_label.setText(relay.url)
        self.trust_label.setVisible(relay is not None)
        if relay is not None:
            self.trust_label.setText(self._trust_text(relay.url, relay.ca_pem))
        self._url_label.setText(self.tr("Relay &address"))
        self._ca_label.setText(self.tr("New pinned &CA certificate (optional)"))
        self.ca_edit.setPlaceholderText(self.tr("Empty: keep the current trust"))
        self.browse_button.setText(self.tr("&Browse…"))
        self.system_ca_check.setText(self.tr("Remove the pinned CA and trust the system's "
                                             "certificate authorities"))
        self.apply_button.setText(self.tr("Check and sa&ve"))
        self.url_edit.setAccessibleName(self.tr("Relay address"))
        self.ca_edit.setAccessibleName(self.tr("New pinned CA certificate file"))
        self.browse_button.setAccessibleName(self.tr("Choose CA certificate file"))
        self.system_ca_check.setAccessibleName(self.tr("Remove the pinned CA"))
        self.apply_button.setAccessibleName(self.tr("Check the relay and save it"))
