"""The status bar: which profile is open and how the relay connection stands."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget


class RelayState(StrEnum):
    """What the sync engine reports; until a relay is configured, NOT_CONFIGURED."""

    NOT_CONFIGURED = "not-configured"
    CONNECTING = "connecting"
    ONLINE = "online"
    OFFLINE = "offline"


#: The sync controller's ``connection_changed`` states, as shown here.
CONNECTION_STATES = {
    "connected": RelayState.ONLINE,
    "reconnecting": RelayState.CONNECTING,
    "offline": RelayState.OFFLINE,
    "no-relay": RelayState.NOT_CONFIGURED,
}


class ProfileStatusBar(QStatusBar):
    def __init__(self, profile_root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self._root = profile_root
        self.profile_label = QLabel(self)
        self.profile_label.setProperty("role", "status")
        self.profile_label.setTextFormat(Qt.TextFormat.PlainText)
        self.relay_label = QLabel(self)
        self.relay_label.setProperty("role", "status")
        self.relay_state = RelayState.NOT_CONFIGURED
        self.outbox_label = QLabel(self)
        self.outbox_label.setProperty("role", "status")
        self.outbox = 0
        self.addWidget(self.profile_label, 1)
        self.addPermanentWidget(self.outbox_label)
        self.addPermanentWidget(self.relay_label)
        self.retranslate()

    def set_relay_state(self, state: RelayState) -> None:
        self.relay_state = state
        self.relay_label.setProperty("relayState", str(state))
        self.relay_label.style().unpolish(self.relay_label)
        self.relay_label.style().polish(self.relay_label)
        self.retranslate()

    def set_connection(self, state: str, outbox: int) -> None:
        """What the sync controller reports: its state name and the outbox count."""
        self.outbox = outbox
        self.set_relay_state(CONNECTION_STATES.get(state, RelayState.OFFLINE))

    def retranslate(self) -> None:
        self.profile_label.setText(self.tr("Profile: {path}").format(path=self._root))
        texts = {
            RelayState.NOT_CONFIGURED: self.tr("● No relay configured"),
            RelayState.CONNECTING: self.tr("● Connecting to relay…"),
            RelayState.ONLINE: self.tr("● Relay connected"),
            RelayState.OFFLINE: self.tr("● Relay unreachable: messages wait in the outbox"),
        }
        self.relay_label.setText(texts[self.relay_state])
        self.relay_label.setAccessibleName(texts[self.relay_state].lstrip("● "))
        self.outbox_label.setVisible(self.outbox > 0)
        self.outbox_label.setText(self.tr("Outbox: {count}").format(count=self.outbox))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
