"""A channel's timeline as a Qt list model that never loads the whole channel.

It opens on the newest page and reads older pages only when the view asks
(``canFetchMore``/``fetchMore``, i.e. when the officer scrolls to the top), so
a channel of 100,000 messages costs one page at open. Every read goes through
:class:`~ui.operations.ServiceOp` to the Workspace on the service thread; the
model only ever sees :class:`~liaison_client.workspace.TimelineEntry` records.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from liaison_client.workspace import TimelineEntry, TimelinePage, Workspace
from ui.operations import ServiceOp, report_failure
from ui.timeline.timeline_text import accessible_text, state_text

#: States that can still change (the model re-reads from the oldest of these).
_UNSETTLED_STATES = frozenset({"queued", "sent"})


class TimelineRole(IntEnum):
    ENTRY = Qt.ItemDataRole.UserRole + 1
    MESSAGE_ID = Qt.ItemDataRole.UserRole + 2
    STATE = Qt.ItemDataRole.UserRole + 3
    HIGHLIGHTED = Qt.ItemDataRole.UserRole + 4


class TimelineModel(QAbstractListModel):
    #: A page (older or newer) was merged in; ``int`` is how many rows it added.
    page_loaded = Signal(int)
    #: A message asked for by :meth:`reveal` is loaded, at this row (and highlighted).
    revealed = Signal(int)

    def __init__(self, workspace: Workspace, channel_id: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.channel_id = channel_id
        self._entries: list[TimelineEntry] = []
        self._has_older = True
        self._loading_older = False
        self._refresh_pending = False
        self._refreshing = False
        self._highlighted: str | None = None
        self._top_in_view = False

    # -- reading --------------------------------------------------------------

    def load_newest(self) -> None:
        """Show the newest page (replacing whatever is shown)."""
        workspace, channel = self._workspace, self.channel_id
        self._loading_older = True
        self._run(lambda: workspace.timeline_page(channel), self._newest_loaded)

    def set_top_in_view(self, in_view: bool) -> None:
        """The view says whether the oldest loaded row is (nearly) on screen.

        Qt's views call ``fetchMore`` when their *last* row is visible, which suits
        a list growing downwards; a chat sits at its last row all the time and
        grows upwards. So more is fetchable only while the top is in reach: then
        Qt's trigger (content shorter than the window) and the view's scroll-up
        trigger both mean "read the older page".
        """
        self._top_in_view = in_view

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._has_older and not self._loading_older \
            and self._top_in_view

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        oldest = next((e for e in self._entries if e.seq is not None), None)
        if oldest is None:
            self.load_newest()
            return
        workspace, channel = self._workspace, self.channel_id
        self._loading_older = True
        self._run(lambda: workspace.timeline_page(channel, before=oldest), self._older_loaded)

    def reveal(self, target: TimelineEntry) -> None:
        """Make ``target`` (a search hit) a loaded row, reading the pages above what is
        shown in one service call, then highlight it and emit :attr:`revealed`."""
        if self.row_of(target.message_id) is not None:
            self._revealed(target.message_id)
            return
        oldest = next((e for e in self._entries if e.seq is not None), None)
        workspace, channel = self._workspace, self.channel_id
        self._loading_older = True
        self._run(lambda: workspace.timeline_down_to(channel, target, oldest),
                  lambda page: self._revealed_page(page, target.message_id))

    def _revealed_page(self, page: TimelinePage, message_id: str) -> None:
        self._older_loaded(page)
        self._revealed(message_id)

    def _revealed(self, message_id: str) -> None:
        row = self.row_of(message_id)
        if row is not None:
            self.set_highlighted(message_id)
            self.revealed.emit(row)

    def refresh(self) -> None:
        """Re-read what may have changed: new messages and unsettled delivery states.

        Called on the sync controller's ``messages_changed``. Reads start at the
        oldest still-unsettled message (queued/sent) or the newest shown one, so
        the cost follows what changed, not the channel's length.
        """
        if self._refreshing or self._loading_older:
            self._refresh_pending = True
            return
        anchor = self._refresh_anchor()
        if anchor is None:
            self.load_newest()
            return
        workspace, channel = self._workspace, self.channel_id
        self._refreshing = True
        self._run(lambda: workspace.timeline_since(channel, anchor), self._tail_loaded)

    def _refresh_anchor(self) -> TimelineEntry | None:
        messages = [e for e in self._entries if e.seq is not None]
        unsettled = [e for e in messages if e.state in _UNSETTLED_STATES]
        if unsettled:
            return unsettled[0]
        return messages[-1] if messages else None

    def _run(self, call: Callable[[], TimelinePage],
             done: Callable[[TimelinePage], None]) -> None:
        (ServiceOp(self, call).success(done).failure(self._failed).run_in_background())

    def _failed(self, error: Exception) -> None:
        self._loading_older = self._refreshing = False
        report_failure(None, error)

    def _newest_loaded(self, page: TimelinePage) -> None:
        self.beginResetModel()
        self._entries = list(page.entries)
        self._has_older = page.has_older
        self.endResetModel()
        self._loading_older = False
        self.page_loaded.emit(len(page.entries))
        self._after_load()

    def _older_loaded(self, page: TimelinePage) -> None:
        self._loading_older = False
        self._has_older = page.has_older
        if page.entries:
            self.beginInsertRows(QModelIndex(), 0, len(page.entries) - 1)
            self._entries[:0] = page.entries
            self.endInsertRows()
        self.page_loaded.emit(len(page.entries))
        self._after_load()

    def _tail_loaded(self, page: TimelinePage) -> None:
        self._refreshing = False
        if page.has_older:  # too much arrived at once: start again from the newest page
            self.load_newest()
            return
        first_seq = next((e.seq for e in page.entries if e.seq is not None), None)
        start = len(self._entries)
        if first_seq is not None:
            start = next((i for i, e in enumerate(self._entries)
                          if e.seq is not None and e.seq >= first_seq), start)
            # Refusals processed after the anchor are re-read too: replace them as well.
            while start > 0 and self._entries[start - 1].seq is None and \
                    self._entries[start - 1].received_at_ms >= page.entries[0].received_at_ms:
                start -= 1
        old_tail = len(self._entries) - start
        new_tail = list(page.entries)
        common = min(old_tail, len(new_tail))
        self._entries[start:start + common] = new_tail[:common]
        if common:
            self.dataChanged.emit(self.index(start), self.index(start + common - 1))
        if len(new_tail) > old_tail:
            first = len(self._entries)
            self.beginInsertRows(QModelIndex(), first, first + len(new_tail) - old_tail - 1)
            self._entries.extend(new_tail[common:])
            self.endInsertRows()
        elif old_tail > len(new_tail):
            self.beginRemoveRows(QModelIndex(), start + common, len(self._entries) - 1)
            del self._entries[start + common:]
            self.endRemoveRows()
        self.page_loaded.emit(max(0, len(new_tail) - old_tail))
        self._after_load()

    def _after_load(self) -> None:
        if self._refresh_pending and not self._loading_older:
            self._refresh_pending = False
            self.refresh()

    # -- model ------------------------------------------------------------------

    @property
    def has_older(self) -> bool:
        return self._has_older

    @property
    def busy(self) -> bool:
        return self._loading_older or self._refreshing

    def entry_at(self, row: int) -> TimelineEntry:
        return self._entries[row]

    def row_of(self, message_id: str) -> int | None:
        for row in range(len(self._entries) - 1, -1, -1):
            if self._entries[row].message_id == message_id:
                return row
        return None

    def set_highlighted(self, message_id: str | None) -> None:
        previous = self._highlighted
        self._highlighted = message_id
        for changed in (previous, message_id):
            row = None if changed is None else self.row_of(changed)
            if row is not None:
                self.dataChanged.emit(self.index(row), self.index(row))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return accessible_text(entry)
        if role == Qt.ItemDataRole.ToolTipRole:
            return state_text(entry.state)
        if role == TimelineRole.ENTRY:
            return entry
        if role == TimelineRole.MESSAGE_ID:
            return entry.message_id
        if role == TimelineRole.STATE:
            return entry.state
        if role == TimelineRole.HIGHLIGHTED:
            return entry.message_id == self._highlighted
        return None
