"""Left pane: the officer's operations, or an empty state saying how one arrives."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, Signal
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
from ui.main_window.operations_model import OperationListModel
from ui.theme import current_colours
from ui.widgets.empty_state import EmptyState


class OperationsPanel(QFrame):
    #: The chosen operation's channel record.
    operation_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "sidebar")
        self._heading = QLabel(self)
        self._heading.setProperty("role", "pane-heading")
        self.model = OperationListModel(self)
        self.list_view = QListView(self)
        self.list_view.setModel(self.model)
        self.list_view.setProperty("role", "operations")
        self.list_view.activated.connect(self._activated)
        self.list_view.clicked.connect(self._activated)
        self.empty_state = EmptyState("operations-empty", self)
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
        self._heading.setText(self.tr("Operations"))
        self.list_view.setAccessibleName(self.tr("Operations"))
        self.empty_state.set_text(
            self.tr("No operations yet"),
            self.tr("A coordinator will invite you. Operations you join appear here."))

    def _tint(self) -> None:
        self.empty_state.set_icon_colour(
            current_colours(QApplication.instance())["muted_text"])  # type: ignore[arg-type]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._tint()
        super().changeEvent(event)

    def set_operations(self, channels: Sequence[ChannelRecord]) -> None:
        self.model.set_operations(channels)
        self._stack.setCurrentWidget(self.list_view if channels else self.empty_state)

    @property
    def showing_empty_state(self) -> bool:
        return self._stack.currentWidget() is self.empty_state

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.operation_selected.emit(self.model.channel_at(index.row()))
