"""The operations list screen (left pane): the officer's operations (unread counts, last
activity), or an empty state saying how one arrives; "New operation" creates one with
this officer as coordinator.

It owns its model (:class:`OperationListModel`), its view and the service calls about
the list (read it, create an operation, mark one read), all through :class:`ServiceOp`.
Opening an operation is the shell's business: the screen only says which one was chosen.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_client.workspace import ChannelSummary, ReadMarked
from ui.operations import ServiceOp
from ui.operations_list.new_operation_dialog import NewOperationDialog
from ui.operations_list.operations_delegate import OperationDelegate
from ui.operations_list.operations_model import OperationListModel
from ui.screens import ScreenContext
from ui.theme import current_colours
from ui.widgets.empty_state import EmptyState
from ui.widgets.retranslatable import Retranslatable


class OperationsScreen(Retranslatable, QFrame):
    #: The chosen operation's :class:`ChannelSummary`.
    operation_selected = Signal(object)
    #: The list was (re)read from the store and is shown (the ``list[ChannelSummary]``).
    loaded = Signal(object)
    #: Marking an operation read queued read receipts (the operation has them on).
    receipts_queued = Signal()

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        #: An operation this officer just created, selected once the list shows it.
        self._select_when_listed: str | None = None
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
        self.create_button.clicked.connect(self.create_operation)
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
        if event.type() == QEvent.Type.PaletteChange:
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

    # -- service calls ------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the operations list (summaries, unread counts) on the service thread."""
        workspace = self._context.workspace
        if workspace is None:
            return
        (ServiceOp(self, workspace.channels.all)
         .success(self._loaded)
         .run_in_background())

    def _loaded(self, channels: list[ChannelSummary]) -> None:
        self.set_operations(channels)
        created, self._select_when_listed = self._select_when_listed, None
        if created is not None:
            self.select(created)
        self.loaded.emit(channels)

    def mark_read(self, channel_id: str) -> None:
        """Mark the operation's messages read; the list is re-read if that changed a count,
        and the window is told of receipts to send."""
        workspace = self._context.workspace
        assert workspace is not None
        (ServiceOp(self, lambda: workspace.timeline.mark_read(channel_id))
         .success(self._marked_read)
         .run_in_background())

    def _marked_read(self, marked: ReadMarked) -> None:
        if marked.count:
            self.reload()
        if marked.receipts_queued:
            self.receipts_queued.emit()

    def create_operation(self) -> None:
        dialog = self.new_operation_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.name:
            self.create_operation_named(dialog.name)

    def new_operation_dialog(self) -> NewOperationDialog:
        """The name prompt (our own dialog: QInputDialog's buttons stayed English)."""
        return NewOperationDialog(self.window())

    def create_operation_named(self, name: str) -> None:
        """Create an operation with this officer as coordinator, then open it."""
        workspace = self._context.workspace
        if workspace is None:
            return
        (ServiceOp(self, lambda: workspace.channels.create(name))
         .success(self._operation_created)
         .run_in_background())

    def _operation_created(self, channel: ChannelSummary) -> None:
        self._select_when_listed = channel.channel_id
        self.reload()
