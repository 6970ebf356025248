"""Right pane: who this device is (name, agency, device id, fingerprint) and, once an
operation is open, its members: the members screen
(:class:`~ui.members.members_screen.MembersScreen`), made by the factory the shell
passes, or a bare :class:`MembersPanel` when the pane is shown on its own.

The fingerprint is what officers read to each other to verify a device, so
it is shown grouped in fours, selectable, and copied in its exact form.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

from liaison_client.profile import KeyStorage, Whoami
from liaison_client.workspace import MemberSummary, format_fingerprint
from ui.members.members_panel import MembersPanel
from ui.theme import current_colours
from ui.widgets.copyable_field import CopyableField
from ui.widgets.retranslatable import Retranslatable


class IdentityPanel(Retranslatable, QFrame):
    def __init__(self, whoami: Whoami, key_storage: KeyStorage,
                 parent: QWidget | None = None, *,
                 members_panel: Callable[[QWidget], MembersPanel] | None = None) -> None:
        """``members_panel`` makes the members part, as a child of the widget it is
        given (made here, after the device card, so Tab reaches the card first)."""
        super().__init__(parent)
        self.setProperty("role", "sidebar")
        self._whoami = whoami
        self._key_storage = key_storage
        self._heading = QLabel(self)
        self._heading.setProperty("role", "pane-heading")

        self._card = QFrame(self)
        self._card.setProperty("role", "card")
        self._card.setAccessibleName(whoami.name)
        self.name_label = QLabel(whoami.name, self._card)
        self.name_label.setProperty("role", "identity-name")
        self.name_label.setWordWrap(True)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.agency_label = QLabel(whoami.agency, self._card)
        self.agency_label.setProperty("role", "muted")
        self.agency_label.setWordWrap(True)
        self.agency_label.setTextFormat(Qt.TextFormat.PlainText)
        self.agency_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.device_field = CopyableField(self._card, monospace=True)
        self.device_field.set_value(whoami.device_id)
        self.fingerprint_field = CopyableField(self._card, monospace=True)
        self.fingerprint_field.set_value(whoami.fingerprint,
                                         format_fingerprint(whoami.fingerprint))
        self._storage_label = QLabel(self._card)
        self._storage_label.setProperty("role", "hint")
        self._storage_label.setWordWrap(True)
        card_layout = QVBoxLayout(self._card)
        card_layout.setContentsMargins(16, 16, 16, 16)
        card_layout.setSpacing(4)
        card_layout.addWidget(self.name_label)
        card_layout.addWidget(self.agency_label)
        card_layout.addSpacing(12)
        card_layout.addWidget(self.device_field)
        card_layout.addSpacing(8)
        card_layout.addWidget(self.fingerprint_field)
        card_layout.addSpacing(8)
        card_layout.addWidget(self._storage_label)

        self._members_heading = QLabel(self)
        self._members_heading.setProperty("role", "section")
        self.members_hint = QLabel(self)
        self.members_hint.setProperty("role", "muted")
        self.members_hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 16)
        layout.setSpacing(0)
        layout.addWidget(self._heading)
        body = QVBoxLayout()
        body.setContentsMargins(14, 4, 14, 0)
        body.setSpacing(8)
        body.addWidget(self._card)
        body.addSpacing(14)
        body.addWidget(self._members_heading)
        # Until an operation is open the hint's row takes the pane's spare height
        # and keeps the hint at its top, so heading and hint read as one block
        # under the card; without it the box layout spread the spare height over
        # every row and the hint drifted to the bottom. Once the hint is hidden
        # the members list (stretch 1 too) takes that height.
        body.addWidget(self.members_hint, 1, Qt.AlignmentFlag.AlignTop)
        self.members_panel = (MembersPanel(whoami.device_id, self) if members_panel is None
                              else members_panel(self))
        self.members_panel.setVisible(False)
        body.addWidget(self.members_panel, 1)
        layout.addLayout(body, 1)
        self.setTabOrder(self.device_field.value_label, self.device_field.copy_button)
        self.setTabOrder(self.device_field.copy_button, self.fingerprint_field.value_label)
        self.setTabOrder(self.fingerprint_field.value_label, self.fingerprint_field.copy_button)
        self._tint()
        self.retranslate()

    def retranslate(self) -> None:
        self._heading.setText(self.tr("This device"))
        copy, copied = self.tr("Copy"), self.tr("Copied")
        self.device_field.set_caption(self.tr("Device ID"), copy, copied)
        self.fingerprint_field.set_caption(self.tr("Fingerprint"), copy, copied)
        self._storage_label.setText(
            self.tr("Key kept in this computer's keyring")
            if self._key_storage is KeyStorage.KEYRING
            else self.tr("Key protected by your passphrase"))
        self._members_heading.setText(self.tr("Members"))
        self.members_hint.setText(self.tr("Open an operation to see who is in it."))

    def show_members(self, members: list[MemberSummary]) -> None:
        """The open operation's members replace the hint."""
        self.members_hint.setVisible(False)
        self.members_panel.setVisible(True)
        self.members_panel.set_members(members)

    def _tint(self) -> None:
        colour = current_colours(QApplication.instance())["muted_text"]  # type: ignore[arg-type]
        self.device_field.set_icon_colour(colour)
        self.fingerprint_field.set_icon_colour(colour)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._tint()
        super().changeEvent(event)
