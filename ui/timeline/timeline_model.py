"""A channel's timeline as a Qt list model that never loads the whole channel.

It opens on the newest page and reads further pages only when the view asks
(``canFetchMore``/``fetchMore``): older ones when the officer reaches the top,
newer ones when he reaches the bottom of what is loaded. At most
:data:`WINDOW_PAGES` pages are held: reading an older page lets go of the
newest loaded rows far below the viewport, reading a newer one lets go of the
oldest far above. Qt re-lays out every loaded row when rows are inserted above
(row heights vary), so a bounded window keeps each page's cost flat however far
back the officer scrolls, and memory bounded too.

Every read goes through :class:`~ui.operations.ServiceOp` to the Workspace on
the service thread; the model only ever sees
:class:`~liaison_client.workspace.TimelineEntry` records.
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

from liaison_client.workspace import (
    TIMELINE_PAGE_SIZE,
    TimelineEntry,
    TimelinePage,
    TimelineState,
    Workspace,
)
from ui.operations import ServiceOp, report_failure
from ui.timeline.report_card import card_accessible_text, report_card
from ui.timeline.timeline_text import (
    accessible_text,
    body_text,
    day_starts,
    grouped_tooltip_text,
    new_messages_text,
    quote_text,
    state_text,
)

#: States that can still change (the model re-reads from the oldest of these).
_UNSETTLED_STATES = frozenset({TimelineState.QUEUED, TimelineState.SENT})

#: A message continues the group of the one above it (no sender header) when the same
#: device sent both at most this long apart: Element's five minutes (docs/UI.md).
GROUP_WINDOW_MS = 5 * 60 * 1000

#: Pages held at most. Four pages (800 rows) are many screens above and below the
#: row being read at any scaling, so a page let go of is never on screen.
WINDOW_PAGES = 4
WINDOW_ROWS = WINDOW_PAGES * TIMELINE_PAGE_SIZE


class TimelineRole(IntEnum):
    ENTRY = Qt.ItemDataRole.UserRole + 1
    MESSAGE_ID = Qt.ItemDataRole.UserRole + 2
    STATE = Qt.ItemDataRole.UserRole + 3
    HIGHLIGHTED = Qt.ItemDataRole.UserRole + 4
    #: The row's local date in words when it starts a new day (else None).
    DAY_STARTS = Qt.ItemDataRole.UserRole + 5
    #: The row is the first the officer had not read when the operation was opened.
    FIRST_UNREAD = Qt.ItemDataRole.UserRole + 6
    #: The row continues the message above it (same sender, a few minutes later): it is
    #: drawn without the sender's header, as Signal and Element group a run of messages.
    GROUPED = Qt.ItemDataRole.UserRole + 7


#: The kinds drawn under a previous message's header: plain messages (a reply is a text).
_GROUPED_KINDS = frozenset({"text", "attachment"})


def _groupable(entry: TimelineEntry) -> bool:
    """A plain message (text, attachment, reply): not a report card, a transcript export,
    an event row, a refusal or a notice of missing messages, which stand on their own."""
    return entry.is_message and entry.kind in _GROUPED_KINDS and entry.report is None


def continues_group(entry: TimelineEntry, previous: TimelineEntry | None, *,
                    new_messages_line: bool = False) -> bool:
    """Whether ``entry`` is drawn under ``previous``'s header: both plain messages from
    the same device, on the same local day (no date separator between them), sent at
    most :data:`GROUP_WINDOW_MS` apart, and no "new messages" line above ``entry``."""
    if previous is None or new_messages_line or not _groupable(entry) \
            or not _groupable(previous):
        return False
    if entry.sender_device_id != previous.sender_device_id:
        return False
    if abs(entry.sent_at_ms - previous.sent_at_ms) > GROUP_WINDOW_MS:
        return False
    return day_starts(entry, previous) is None


def window_around(workspace: Workspace, channel_id: str, target: TimelineEntry) -> TimelinePage:
    """Half a page either side of ``target``: what a search jump shows. Service thread."""
    older = workspace.timeline.page(channel_id, before=target, limit=TIMELINE_PAGE_SIZE // 2)
    newer = workspace.timeline.page_after(channel_id, target, limit=TIMELINE_PAGE_SIZE // 2)
    return TimelinePage((*older.entries, target, *newer.entries), older.has_older,
                        newer.has_newer)


class TimelineModel(QAbstractListModel):
    #: A page (older, newer, or arrivals) was merged in; ``int`` is how many rows it added.
    #: Emitted after every read, including one that changed nothing.
    page_loaded = Signal(int)
    #: A message asked for by :meth:`reveal` is loaded, at this row (and highlighted).
    revealed = Signal(int)
    #: Messages from other members were appended by a refresh (how many): the view
    #: counts them on its jump-to-latest button while the officer reads above them.
    arrived = Signal(int)

    def __init__(self, workspace: Workspace, channel_id: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.channel_id = channel_id
        self._entries: list[TimelineEntry] = []
        self._has_older = True
        #: Newer pages were let go of (or a jump landed far back): the newest is not loaded.
        self._has_newer = False
        self._loading_page = False
        self._refresh_pending = False
        self._refreshing = False
        #: Messages changed while the newest page was not loaded: refresh on reaching it.
        self._stale = False
        self._highlighted: str | None = None
        #: The first message unread when the operation was opened (or, if none was,
        #: the first to arrive unread while it is shown): the "new messages" line stays
        #: above it while this model lives, as Signal's does, after it is marked read.
        self.first_unread: str | None = None
        self._top_in_view = False
        self._bottom_in_view = False

    # -- reading --------------------------------------------------------------

    def load_newest(self) -> None:
        """Show the newest page (replacing whatever is shown)."""
        workspace, channel = self._workspace, self.channel_id
        self._loading_page = True
        self._run(lambda: workspace.timeline.page(channel), self._window_replaced)

    def set_top_in_view(self, in_view: bool) -> None:
        """The view says whether the oldest loaded row is (nearly) on screen.

        Qt's views call ``fetchMore`` when their *last* row is visible, which suits
        a list growing downwards; a chat sits at its last row all the time and
        grows upwards. So older rows are fetchable only while the top is in reach:
        then Qt's trigger (content shorter than the window) and the view's scroll-up
        trigger both mean "read the older page".
        """
        self._top_in_view = in_view

    def set_bottom_in_view(self, in_view: bool) -> None:
        """The view says whether the newest loaded row is (nearly) on screen: with newer
        pages let go of, that is when the next one down is read."""
        self._bottom_in_view = in_view

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._loading_page or self._refreshing:
            return False
        return (self._top_in_view and self._has_older) or \
            (self._bottom_in_view and self._has_newer)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        workspace, channel = self._workspace, self.channel_id
        if self._top_in_view and self._has_older:
            oldest = next((e for e in self._entries if e.seq is not None), None)
            if oldest is None:
                self.load_newest()
                return
            self._loading_page = True
            self._run(lambda: workspace.timeline.page(channel, before=oldest),
                      self._older_loaded)
            return
        newest = next((e for e in reversed(self._entries) if e.seq is not None), None)
        if newest is None:
            self.load_newest()
            return
        self._loading_page = True
        self._run(lambda: workspace.timeline.page_after(channel, newest), self._newer_loaded)

    def reveal(self, target: TimelineEntry) -> None:
        """Make ``target`` (a search hit) a loaded row, then highlight it and emit
        :attr:`revealed`. A hit outside the loaded window replaces it with the half
        pages either side of the hit (one service call), whatever the distance."""
        if self.row_of(target.message_id) is not None:
            self._revealed(target.message_id)
            return
        workspace, channel = self._workspace, self.channel_id
        self._loading_page = True
        self._run(lambda: window_around(workspace, channel, target),
                  lambda page: self._window_replaced(page, reveal=target.message_id))

    def _revealed(self, message_id: str) -> None:
        row = self.row_of(message_id)
        if row is not None:
            self.set_highlighted(message_id)
            self.revealed.emit(row)

    def refresh(self) -> None:
        """Re-read what may have changed: new messages and unsettled delivery states.

        Called on the sync controller's ``messages_changed``. Reads start at the
        oldest still-unsettled message (queued/sent) or the newest shown one, so
        the cost follows what changed, not the channel's length. While the newest
        page is not loaded (the officer reads far back) nothing is appended: the
        pages read on the way down are current, and the refresh runs on arrival.
        """
        if self._has_newer:
            self._stale = True
            return
        if self._refreshing or self._loading_page:
            self._refresh_pending = True
            return
        anchor = self._refresh_anchor()
        if anchor is None:
            self.load_newest()
            return
        workspace, channel = self._workspace, self.channel_id
        self._refreshing = True
        self._run(lambda: workspace.timeline.since(channel, anchor), self._tail_loaded)

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
        self._loading_page = self._refreshing = False
        report_failure(None, error)

    def _window_replaced(self, page: TimelinePage, *, reveal: str | None = None) -> None:
        self.beginResetModel()
        self._entries = list(page.entries)
        self._has_older = page.has_older
        self._has_newer = page.has_newer
        self.endResetModel()
        if reveal is not None:
            # Before paging is allowed again: the view centres the hit first, so the
            # rows it shows decide what is fetched next, not the reset's scroll position.
            self._revealed(reveal)
        self._loading_page = False
        self.page_loaded.emit(len(page.entries))
        self._after_load()

    def _older_loaded(self, page: TimelinePage) -> None:
        self._loading_page = False
        self._has_older = page.has_older
        if page.entries:
            self.beginInsertRows(QModelIndex(), 0, len(page.entries) - 1)
            self._entries[:0] = page.entries
            self.endInsertRows()
            self._day_may_have_changed(len(page.entries))
            self._let_go_of_newest()
        self.page_loaded.emit(len(page.entries))
        self._after_load()

    def _newer_loaded(self, page: TimelinePage) -> None:
        self._loading_page = False
        self._has_newer = page.has_newer
        if page.entries:
            first = len(self._entries)
            self.beginInsertRows(QModelIndex(), first, first + len(page.entries) - 1)
            self._entries.extend(page.entries)
            self.endInsertRows()
            self._let_go_of_oldest()
        self.page_loaded.emit(len(page.entries))
        if not self._has_newer and self._stale:
            self._stale = False
            self._refresh_pending = True
        self._after_load()

    def _let_go_of_newest(self) -> None:
        """Beyond the window, drop the newest rows, cutting after a message: the refusals
        after it come back with the page after it (``timeline_page_after``)."""
        keep = WINDOW_ROWS
        while keep > 0 and keep < len(self._entries) and self._entries[keep - 1].seq is None:
            keep -= 1
        if keep <= 0 or keep >= len(self._entries):
            return
        self.beginRemoveRows(QModelIndex(), keep, len(self._entries) - 1)
        del self._entries[keep:]
        self.endRemoveRows()
        self._has_newer = True

    def _let_go_of_oldest(self) -> None:
        """Beyond the window, drop the oldest rows, keeping whole the message the cut
        starts at with the refusals of its instant: the page before it
        (``timeline_page``) brings back exactly what was dropped."""
        cut = len(self._entries) - WINDOW_ROWS
        if cut <= 0:
            return
        while cut < len(self._entries) and self._entries[cut].seq is None:
            cut += 1
        if cut >= len(self._entries):
            return
        instant = self._entries[cut].received_at_ms
        while cut > 0 and self._entries[cut - 1].seq is None and \
                self._entries[cut - 1].received_at_ms == instant:
            cut -= 1
        if cut <= 0:
            return
        self.beginRemoveRows(QModelIndex(), 0, cut - 1)
        del self._entries[:cut]
        self.endRemoveRows()
        self._has_older = True
        self._day_may_have_changed(0)  # the new first row: its day band, no group

    def _tail_loaded(self, page: TimelinePage) -> None:
        self._refreshing = False
        if self._has_newer:  # the window moved back meanwhile: refresh on the way down
            self._stale = True
            self.page_loaded.emit(0)
            return
        if page.has_older:  # too much arrived at once: start again from the newest page
            self.load_newest()
            return
        # The smallest: a sender's messages are shown in its own order, not the store's.
        first_seq = min((e.seq for e in page.entries if e.seq is not None), default=None)
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
        known = {e.message_id for e in self._entries[start:]}
        arrivals = sum(1 for e in new_tail if e.message_id not in known and e.is_message
                       and e.state is TimelineState.RECEIVED)
        common = min(old_tail, len(new_tail))
        self._entries[start:start + common] = new_tail[:common]
        if common:
            self.dataChanged.emit(self.index(start), self.index(start + common - 1))
        if len(new_tail) > old_tail:
            first = len(self._entries)
            self.beginInsertRows(QModelIndex(), first, first + len(new_tail) - old_tail - 1)
            self._entries.extend(new_tail[common:])
            self.endInsertRows()
            self._let_go_of_oldest()
        elif old_tail > len(new_tail):
            self.beginRemoveRows(QModelIndex(), start + common, len(self._entries) - 1)
            del self._entries[start + common:]
            self.endRemoveRows()
        if arrivals:
            self.arrived.emit(arrivals)
        self.page_loaded.emit(max(0, len(new_tail) - old_tail))
        self._after_load()

    def _after_load(self) -> None:
        if self.first_unread is None:
            first = next((e for e in self._entries if e.unread), None)
            if first is not None:
                self.first_unread = first.message_id
                row = self.row_of(first.message_id)
                if row is not None:
                    self.dataChanged.emit(self.index(row), self.index(row))
        if self._refresh_pending and not self._loading_page and not self._refreshing:
            self._refresh_pending = False
            self.refresh()

    # -- model ------------------------------------------------------------------

    @property
    def has_older(self) -> bool:
        return self._has_older

    @property
    def has_newer(self) -> bool:
        """Newer messages exist than the loaded ones (the officer reads far back)."""
        return self._has_newer

    @property
    def busy(self) -> bool:
        return self._loading_page or self._refreshing

    def entry_at(self, row: int) -> TimelineEntry:
        return self._entries[row]

    def row_of(self, message_id: str) -> int | None:
        for row in range(len(self._entries) - 1, -1, -1):
            if self._entries[row].message_id == message_id:
                return row
        return None

    def loaded_entry(self, message_id: str) -> TimelineEntry | None:
        """The loaded row of ``message_id`` (a feedback card names its warning), if any."""
        row = self.row_of(message_id)
        return None if row is None else self._entries[row]

    def remove_entry(self, message_id: str) -> None:
        """Take a deleted message's row out (the store no longer has it): no re-read,
        so the rows around it stay where the officer is reading."""
        row = self.row_of(message_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._entries[row]
        self.endRemoveRows()
        self._day_may_have_changed(row)

    def _day_may_have_changed(self, row: int) -> None:
        """The row now under a different neighbour may gain or lose its date
        separator or its place in a group: the view measures it again."""
        if 0 <= row < len(self._entries):
            self.dataChanged.emit(self.index(row), self.index(row))

    def set_highlighted(self, message_id: str | None) -> None:
        previous = self._highlighted
        self._highlighted = message_id
        for changed in (previous, message_id):
            row = None if changed is None else self.row_of(changed)
            if row is not None:
                self.dataChanged.emit(self.index(row), self.index(row))

    def _accessible(self, entry: TimelineEntry) -> str:
        """What a screen reader says for the entry itself."""
        if entry.report is not None:  # the card as read: title, link, label: value
            answered = None if entry.answers is None else self.loaded_entry(entry.answers)
            return f"{accessible_text(entry)}. " \
                f"{card_accessible_text(report_card(entry, answered))}"
        if entry.reply is not None:  # what it answers, before what it says
            return f"{accessible_text(entry)}. {quote_text(entry)}"
        return accessible_text(entry)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return body_text(entry)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            bands = [text for text in (
                day_starts(entry, self._entries[index.row() - 1] if index.row() else None),
                new_messages_text() if entry.message_id == self.first_unread else None)
                if text]
            read = self._accessible(entry)
            return ". ".join((*bands, read)) if bands else read
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.grouped(index.row()):
                return grouped_tooltip_text(entry)
            return state_text(entry.state)
        if role == TimelineRole.ENTRY:
            return entry
        if role == TimelineRole.MESSAGE_ID:
            return entry.message_id
        if role == TimelineRole.STATE:
            return entry.state
        if role == TimelineRole.HIGHLIGHTED:
            return entry.message_id == self._highlighted
        if role == TimelineRole.DAY_STARTS:
            previous = self._entries[index.row() - 1] if index.row() > 0 else None
            return day_starts(entry, previous)
        if role == TimelineRole.FIRST_UNREAD:
            return entry.message_id == self.first_unread
        if role == TimelineRole.GROUPED:
            return self.grouped(index.row())
        return None

    def grouped(self, row: int) -> bool:
        """Whether ``row`` continues the group of the row above (:func:`continues_group`)."""
        if not 0 < row < len(self._entries):
            return False
        entry = self._entries[row]
        return continues_group(entry, self._entries[row - 1],
                               new_messages_line=entry.message_id == self.first_unread)
