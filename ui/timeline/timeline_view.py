"""The timeline's list view: opens at the newest message and loads older pages as the
officer scrolls up.

Qt's own ``fetchMore`` trigger fires at the *bottom* of a view (a file list
grows downwards); a chat grows upwards, so this view asks the model for the
next older page when the scroll bar nears the top, and keeps the message
under the officer's eyes in place when the page is inserted above it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from liaison_client.workspace import TimelineEntry
from ui.timeline.timeline_delegate import TimelineDelegate
from ui.timeline.timeline_model import TimelineModel, TimelineRole

#: Start reading the older page this many pixels before the top is reached.
_PREFETCH_PX = 400


class TimelineView(QListView):
    #: The officer asked to save the current row's attachment (Ctrl+S or double-click).
    save_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setProperty("role", "timeline")
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setItemDelegate(TimelineDelegate(self))
        self._model: TimelineModel | None = None
        self._distance_from_bottom: int | None = None
        self._stick_to_bottom = True
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self._save_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._save_shortcut.activated.connect(self._save_current)
        self.doubleClicked.connect(self._save_at)

    def set_timeline(self, model: TimelineModel | None) -> None:
        if self._model is not None:
            self._model.rowsAboutToBeInserted.disconnect(self._before_insert)
            self._model.rowsInserted.disconnect(self._after_insert)
            self._model.modelReset.disconnect(self._after_reset)
        self._model = model
        self.setModel(model)
        self._stick_to_bottom = True
        if model is not None:
            model.rowsAboutToBeInserted.connect(self._before_insert)
            model.rowsInserted.connect(self._after_insert)
            model.modelReset.connect(self._after_reset)

    @property
    def timeline(self) -> TimelineModel | None:
        return self._model

    # -- paging upwards -------------------------------------------------------------

    def _scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._stick_to_bottom = value >= bar.maximum() - 4
        self._update_top_in_view()
        if self._model is not None and self._model.canFetchMore():
            self._model.fetchMore()

    def _update_top_in_view(self) -> None:
        if self._model is not None:
            visible = self.isVisible() and self.viewport().height() > 0
            self._model.set_top_in_view(
                visible and self.verticalScrollBar().value() <= _PREFETCH_PX)

    def _before_insert(self, _parent: QModelIndex, first: int, _last: int) -> None:
        bar = self.verticalScrollBar()
        self._distance_from_bottom = bar.maximum() - bar.value() if first == 0 else None

    def _after_insert(self, _parent: QModelIndex, first: int, _last: int) -> None:
        if first == 0 and self._distance_from_bottom is not None:
            distance = self._distance_from_bottom
            self._distance_from_bottom = None
            self.doItemsLayout()
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum() - distance)
        elif self._stick_to_bottom:
            QTimer.singleShot(0, self.scrollToBottom)
        self._fill_viewport()

    def _after_reset(self) -> None:
        self._stick_to_bottom = True
        self.doItemsLayout()
        self.scrollToBottom()
        self._fill_viewport()

    def _fill_viewport(self) -> None:
        """A page shorter than the window shows no scroll bar to pull: read further now."""
        self._update_top_in_view()
        if self._model is not None and self._model.canFetchMore():
            self._model.fetchMore()

    # -- attachments ------------------------------------------------------------------

    def _save_current(self) -> None:
        self._save_at(self.currentIndex())

    def _save_at(self, index: QModelIndex) -> None:
        entry = index.data(TimelineRole.ENTRY) if index.isValid() else None
        if isinstance(entry, TimelineEntry) and entry.attachment is not None:
            self.save_requested.emit(entry)
