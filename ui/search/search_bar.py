"""The search pane above the timeline: Ctrl+F searches the open operation, Ctrl+Shift+F
every operation on this device.

Issue 11, item 5: the old bar searched only on Enter, one operation at a time, and
showed hits as raw text in a two-row list with a horizontal scrollbar (a single long
hit said "1 message matches" with no row to see). Now, as Signal Desktop and Element
do: results come as the officer types (a short debounce, :data:`DEBOUNCE_MS`, so a
burst of keys is one query; the query runs on the service thread, and an answer to an
older query is dropped), each result is a painted row with sender, time, the
operation (when searching all) and the text with the matched terms highlighted
(:mod:`ui.search.search_results`). Up to :data:`VISIBLE_ROWS` rows are shown at once,
scrolling vertically beyond. Keyboard: Down from the query to the results, Up from the
first result back, Enter (in the query: the selected or first result, once results
for what was typed are in; before that it searches at once) or a click jumps to the
message, Escape closes the pane and returns to the timeline.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from liaison_client.workspace import TimelineEntry
from ui.search.search_results import SearchResultDelegate, SearchResultsModel
from ui.widgets.retranslatable import Retranslatable

#: Typing pause before a query runs (ms): short enough to feel immediate.
DEBOUNCE_MS = 250
#: Result rows shown without scrolling.
VISIBLE_ROWS = 6


class ResultsView(QListView):
    """The results list: Up on the first row goes back to the query."""

    leave_upwards = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Up and self.currentIndex().row() <= 0:
            self.leave_upwards.emit()
            return
        super().keyPressEvent(event)


class SearchBar(Retranslatable, QFrame):
    #: Run a query: (text, over every operation?).
    search_requested = Signal(str, bool)
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
        self.query_edit.returnPressed.connect(self._enter)
        self.query_edit.textChanged.connect(self._typed)
        self.all_check = QCheckBox(self)
        self.all_check.setObjectName("searchAllOperations")
        self.all_check.toggled.connect(self._scope_changed)
        self.status_label = QLabel(self)
        self.status_label.setProperty("role", "muted")
        self.model = SearchResultsModel(self)
        self.results_view = ResultsView(self)
        self.results_view.setObjectName("searchResults")
        self.results_view.setModel(self.model)
        self.results_view.setItemDelegate(SearchResultDelegate(self.results_view))
        self.results_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results_view.setUniformItemSizes(True)
        self.results_view.activated.connect(lambda index: self._choose(index.row()))
        self.results_view.clicked.connect(lambda index: self._choose(index.row()))
        self.results_view.leave_upwards.connect(self.query_edit.setFocus)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search_now)
        #: The (query, scope) the shown results answer; None before any.
        self._answered: tuple[str, bool] | None = None
        query_row = QHBoxLayout()
        query_row.setSpacing(8)
        query_row.addWidget(self.query_edit, 1)
        query_row.addWidget(self.all_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(4)
        layout.addLayout(query_row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.results_view)
        self.setTabOrder(self.query_edit, self.all_check)
        self.setTabOrder(self.all_check, self.results_view)
        self.set_hits(None)
        self.retranslate()

    def retranslate(self) -> None:
        self.query_edit.setPlaceholderText(
            self.tr("Search every operation") if self.all_operations
            else self.tr("Search this operation"))
        self.query_edit.setAccessibleName(self.tr("Search messages"))
        self.all_check.setText(self.tr("All &operations"))
        self.all_check.setAccessibleName(self.tr("Search all operations"))
        self.results_view.setAccessibleName(self.tr("Search results"))
        self._show_status()

    # -- opening and closing ---------------------------------------------------------

    @property
    def all_operations(self) -> bool:
        return self.all_check.isChecked()

    def open(self, *, all_operations: bool = False) -> None:
        """Show the pane, the query selected; Ctrl+Shift+F searches every operation."""
        self.all_check.setChecked(all_operations)
        self.setVisible(True)
        self.query_edit.setFocus()
        self.query_edit.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._debounce.stop()
            self.setVisible(False)
            self.closed.emit()
            return
        if event.key() == Qt.Key.Key_Down and self.query_edit.hasFocus() and self.model.hits:
            self.results_view.setFocus()
            if self.results_view.currentIndex().row() < 0:
                self.results_view.setCurrentIndex(self.model.index(0))
            return
        super().keyPressEvent(event)

    # -- querying ----------------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self._debounce.start()

    def _scope_changed(self, _checked: bool) -> None:
        self.retranslate()
        if self.query_edit.text().strip():
            self._debounce.start()

    def search_now(self) -> None:
        """Run the query as it stands (the debounce ended, or Enter came first)."""
        self._debounce.stop()
        query = self.query_edit.text().strip()
        if not query:
            self.set_hits(None)
            return
        if (query, self.all_operations) == self._answered:
            return
        self.search_requested.emit(query, self.all_operations)

    def _enter(self) -> None:
        query = self.query_edit.text().strip()
        if query and (query, self.all_operations) == self._answered and self.model.hits:
            row = max(0, self.results_view.currentIndex().row())
            self._choose(row)
            return
        self.search_now()

    # -- results -----------------------------------------------------------------------

    @property
    def hits(self) -> list[TimelineEntry]:
        return self.model.hits

    def answers(self, query: str, all_operations: bool) -> bool:
        """Whether an answer to (query, scope) is still wanted: what is typed now."""
        return (query, all_operations) == (self.query_edit.text().strip(),
                                           self.all_operations)

    def set_hits(self, hits: list[TimelineEntry] | None, query: str = "",
                 operations: dict[str, str] | None = None, *,
                 all_operations: bool = False) -> None:
        """Show the results of ``query`` (newest first); None clears the list."""
        self._answered = None if hits is None else (query, all_operations)
        self.model.set_hits(list(hits or []), query, operations or {},
                            show_operation=all_operations)
        count = len(self.model.hits)
        self.results_view.setVisible(count > 0)
        if count:
            rows = min(count, VISIBLE_ROWS)
            self.results_view.setFixedHeight(
                rows * self.results_view.sizeHintForRow(0)
                + 2 * self.results_view.frameWidth())
            self.results_view.setCurrentIndex(self.model.index(0))
        self._show_status()

    def _show_status(self) -> None:
        if self._answered is None:
            self.status_label.setVisible(False)
            return
        count = len(self.model.hits)
        self.status_label.setVisible(True)
        self.status_label.setText(
            self.tr("No messages match.") if not count
            else self.tr("1 message matches; Enter or click to jump.") if count == 1
            else self.tr("{count} messages match; Enter or click to jump.").format(
                count=count))

    def _choose(self, row: int) -> None:
        hits = self.model.hits
        if 0 <= row < len(hits):
            self.hit_chosen.emit(hits[row])
