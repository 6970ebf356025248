"""Left pane: the officer's operations (unread counts, last activity), or an empty state
saying how one arrives; "New operation" creates one with this officer as coordinator."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_client.workspace import ChannelSummary
from ui.main_window.operations_delegate import OperationDelegate
from ui.main_window.operations_model import OperationListModel
from ui.theme import current_colours
from ui.widgets.empty_state import EmptyState


class OperationsPanel(QFrame):
    #: The chosen operation's :class:`ChannelSummary`.
    operation_selected = Signal(object)
    #: The officer asked to create an operation.
    create_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "sidebar")
        self._heading = QLabel(self)
        self._heading.setProperty("role", "pane-heading")
        self.model = OperationListModel(self)
        self.list_view = QListView(self)
        self.list_view.setModel(self.model)
        self.list_view.setItemDelegate(OperationDelegate(self.list_view))
        self.list_view.setMouseTracking(True)
        self.list_view.setUniformItemSizes(True)
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
        self.create_button = QPushButton(self)
        self.create_button.setObjectName("createOperationButton")
        self.create_button.clicked.connect(self.create_requested)
        button_row = QVBoxLayout()
        button_row.setContentsMargins(12, 8, 12, 12)
        button_row.addWidget(self.create_button)
        layout.addLayout(button_row)
        self._tint()
        self.retranslate()

    def retranslate(self) -> None:
        self._heading.setText(self.tr("Operations"))
        self.list_view.setAccessibleName(self.tr("Operations"))
        self.create_button.setText(self.tr("&New operation…"))
        self.create_button.setAccessibleName(self.tr("New operation"))
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

    def set_operations(self, channels: Sequence[ChannelSummary]) -> None:
        """Show ``channels``, keeping the selected operation selected across reloads."""
        current = self.current_channel_id
        self.model.set_operations(channels)
        self._stack.setCurrentWidget(self.list_view if channels else self.empty_state)
        row = None if current is None else self.model.row_of(current)
        if row is not None:
            self.list_view.setCurrentIndex(self.model.index(row))

    @property
    def current_channel_id(self) -> str | None:
        index = self.list_view.currentIndex()
        return self.model.channel_at(index.row()).channel_id if index.isValid() else None

    def select(self, channel_id: str) -> bool:
        row = self.model.row_of(channel_id)
        if row is None:
            return False
        self.list_view.setCurrentIndex(self.model.index(row))
        self._activated(self.model.index(row))
        return True

    @property
    def showing_empty_state(self) -> bool:
        return self._stack.currentWidget() is self.empty_state

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.operation_selected.emit(self.model.channel_at(index.row()))
