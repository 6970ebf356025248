"""The status bar: which profile is open and how the relay connection stands.

The state is the sync session's :class:`~liaison_client.sync.connection.ConnectionState`
(the one vocabulary, issue 9); the label's ``relayState`` property carries its
value for the stylesheet (``resources/styles/liaison.qss`` colours online/offline).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from liaison_client.sync.connection import ConnectionState
from ui.widgets.retranslatable import Retranslatable


class ProfileStatusBar(Retranslatable, QStatusBar):
    def __init__(self, profile_root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self._root = profile_root
        self.profile_label = QLabel(self)
        self.profile_label.setProperty("role", "status")
        self.profile_label.setTextFormat(Qt.TextFormat.PlainText)
        self.relay_label = QLabel(self)
        self.relay_label.setProperty("role", "status")
        self.relay_state = ConnectionState.NO_RELAY
        self.outbox_label = QLabel(self)
        self.outbox_label.setProperty("role", "status")
        self.outbox = 0
        self.addWidget(self.profile_label, 1)
        self.addPermanentWidget(self.outbox_label)
        self.addPermanentWidget(self.relay_label)
        self.retranslate()

    def set_relay_state(self, state: ConnectionState) -> None:
        self.relay_state = state
        self.relay_label.setProperty("relayState", str(state))
        self.relay_label.style().unpolish(self.relay_label)
        self.relay_label.style().polish(self.relay_label)
        self.retranslate()

    def set_connection(self, state: ConnectionState, outbox: int) -> None:
        """What the sync controller reports: the connection state and the outbox count."""
        self.outbox = outbox
        self.set_relay_state(state)

    def retranslate(self) -> None:
        self.profile_label.setText(self.tr("Profile: {path}").format(path=self._root))
        connecting = self.tr("● Connecting to relay…")
        texts = {
            ConnectionState.NO_RELAY: self.tr("● No relay configured"),
            ConnectionState.CONNECTING: connecting,
            ConnectionState.RECONNECTING: connecting,
            ConnectionState.ONLINE: self.tr("● Relay connected"),
            ConnectionState.OFFLINE: self.tr("● Relay unreachable: messages wait in the outbox"),
        }
        self.relay_label.setText(texts[self.relay_state])
        self.relay_label.setAccessibleName(texts[self.relay_state].lstrip("● "))
        self.outbox_label.setVisible(self.outbox > 0)
        self.outbox_label.setText(self.tr("Outbox: {count}").format(count=self.outbox))
