"""The search bar above the timeline (Ctrl+F): a query box and the list of hits.

The query runs on the service thread against the store's FTS index through
the Workspace; activating a hit asks the main window to reveal it in the
timeline. Escape closes the bar and returns focus to the timeline.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from liaison_client.workspace import TimelineEntry
from ui.timeline.timeline_text import time_text
from ui.widgets.retranslatable import Retranslatable


class SearchBar(Retranslatable, QFrame):
    #: The officer submitted a query.
    search_requested = Signal(str)
    #: The officer chose a hit.
    hit_chosen = Signal(object)
    #: Escape: the bar closed.
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBar")
        self.setProperty("role", "search")
        self.query_edit = QLineEdit(self)
        self.query_edit.setObjectName("searchQuery")
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.returnPressed.connect(self._submit)
        self.status_label = QLabel(self)
        self.status_label.setProperty("role", "muted")
        self._hits: list[TimelineEntry] = []
        self._texts = QStringListModel(self)
        self.results_view = QListView(self)
        self.results_view.setObjectName("searchResults")
        self.results_view.setModel(self._texts)
        self.results_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.results_view.activated.connect(lambda index: self._choose(index.row()))
        self.results_view.clicked.connect(lambda index: self._choose(index.row()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(4)
        layout.addWidget(self.query_edit)
        layout.addWidget(self.status_label)
        layout.addWidget(self.results_view)
        self.set_hits(None)
        self.retranslate()

    def retranslate(self) -> None:
        self.query_edit.setPlaceholderText(self.tr("Search this operation (Enter)"))
        self.query_edit.setAccessibleName(self.tr("Search messages"))
        self.results_view.setAccessibleName(self.tr("Search results"))

    def open(self) -> None:
        self.setVisible(True)
        self.query_edit.setFocus()
        self.query_edit.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.setVisible(False)
            self.closed.emit()
            return
        if event.key() == Qt.Key.Key_Down and self.query_edit.hasFocus() and self._hits:
            self.results_view.setFocus()
            self.results_view.setCurrentIndex(self._texts.index(0))
            return
        super().keyPressEvent(event)

    @property
    def hits(self) -> list[TimelineEntry]:
        return list(self._hits)

    def set_hits(self, hits: list[TimelineEntry] | None) -> None:
        """Show results (newest first); None clears the list before any search."""
        self._hits = list(hits or [])
        self._texts.setStringList([
            f"{hit.sender_name} · {time_text(hit.sent_at_ms)} — "
            f"{' '.join(hit.text.split())[:120]}" for hit in self._hits])
        self.results_view.setVisible(bool(self._hits))
        rows = min(len(self._hits), 6)
        self.results_view.setFixedHeight(
            rows * self.results_view.sizeHintForRow(0) + 2 * self.results_view.frameWidth()
            if rows else 0)
        if hits is None:
            self.status_label.setVisible(False)
            return
        self.status_label.setVisible(True)
        self.status_label.setText(
            self.tr("No messages match.") if not self._hits
            else self.tr("1 message matches; Enter or click to jump.") if len(self._hits) == 1
            else self.tr("{count} messages match; Enter or click to jump.").format(
                count=len(self._hits)))

    def _submit(self) -> None:
        query = self.query_edit.text().strip()
        if query:
            self.search_requested.emit(query)

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self._hits):
            self.hit_chosen.emit(self._hits[row])
