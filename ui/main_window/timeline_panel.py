"""Centre pane: the open operation's messages, or an empty state saying what comes here."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QListView,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_client.store.records import ChannelRecord
from ui.theme import current_colours
from ui.widgets.empty_state import EmptyState


class TimelinePanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "timeline")
        self._channel: ChannelRecord | None = None
        self._heading = QLabel(self)
        self._heading.setProperty("role", "pane-heading")
        self.list_view = QListView(self)
        self.list_view.setProperty("role", "timeline")
        self.list_view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list_view.setWordWrap(True)
        self.empty_state = EmptyState("timeline-empty", self)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.empty_state)
        self._stack.addWidget(self.list_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._heading)
        layout.addWidget(self._stack, 1)
        self._tint()
        self.retranslate()

    def retranslate(self) -> None:
        if self._channel is None:
            self._heading.setText(self.tr("Messages"))
            self.empty_state.set_text(
                self.tr("Your secure channel"),
                self.tr("Messages of the operation you open appear here, end-to-end "
                        "encrypted. Nothing to show yet."))
        else:
            self._heading.setText(self._channel.name)
            self.empty_state.set_text(
                self.tr("No messages yet"),
                self.tr("Messages in this operation appear here, end-to-end encrypted."))
        self.list_view.setAccessibleName(self.tr("Messages"))

    def _tint(self) -> None:
        self.empty_state.set_icon_colour(
            current_colours(QApplication.instance())["muted_text"])  # type: ignore[arg-type]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._tint()
        super().changeEvent(event)

    def show_operation(self, channel: ChannelRecord) -> None:
        self._channel = channel
        self.retranslate()

    @property
    def showing_empty_state(self) -> bool:
        return self._stack.currentWidget() is self.empty_state
