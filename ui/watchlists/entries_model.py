"""The entries table: a flat model of one list's entries, and the filter/sort proxy over it.

:class:`EntriesModel` holds snapshots (:class:`EntryRow`) made on the service
thread and answers ``data()`` from precomputed text, so 10,000 rows cost one
``beginResetModel``/``endResetModel`` and no per-paint work beyond a tuple index.
:class:`EntriesFilter` does the filtering ("Show retired and expired", the
filter box) and sorting (by each column's sort key, not its text: dates sort as
dates, not as the words of the interface language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from liaison_client.workspace.watchlists import Entry, EntryStatus
from ui.watchlists.watchlist_text import day, kind_name, status_name, when

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    KIND = 0
    VALUE = 1
    NOTE = 2
    TAGS = 3
    ADDED_BY = 4
    UPDATED = 5
    EXPIRES = 6
    STATUS = 7


#: The role whose data the proxy sorts by.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The role holding the row's :class:`EntryRow`.
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One entry as the table shows it, judged on ``today`` (expired or not)."""

    entry: Entry
    status: EntryStatus
    added_by: str

    @property
    def active(self) -> bool:
        return self.status is EntryStatus.ACTIVE

    @property
    def search_text(self) -> str:
        entry = self.entry
        return " ".join((entry.value, entry.display, entry.note, " ".join(entry.tags),
                         self.added_by, " ".join(entry.identifiers.values()))).casefold()


def entry_rows(entries: Sequence[Entry], today: dt.date,
               names: Mapping[str, str]) -> list[EntryRow]:
    """Snapshots for the table (built on the service thread): ``names`` maps a
    device id to the member's name; an unknown author shows its device id."""
    return [EntryRow(entry, entry.status_on(today),
                     names.get(entry.author_device, entry.author_device[:12]))
            for entry in entries]


class EntriesModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[EntryRow] = []

    def set_rows(self, rows: list[EntryRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> EntryRow:
        return self._rows[row]

    def rows(self) -> list[EntryRow]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return header_text(Column(section))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _text(row, column)
        if role == SORT_ROLE:
            return _sort_key(row, column)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{header_text(column)}: {_text(row, column)}"
        return None

    def retranslate(self) -> None:
        """Kind and status words are translated: repaint every row and the header."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(Column) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)


def header_text(column: Column) -> str:
    tr = QCoreApplication.translate
    return {
        Column.KIND: tr("EntriesModel", "Kind"),
        Column.VALUE: tr("EntriesModel", "Value"),
        Column.NOTE: tr("EntriesModel", "Note"),
        Column.TAGS: tr("EntriesModel", "Tags"),
        Column.ADDED_BY: tr("EntriesModel", "Added by"),
        Column.UPDATED: tr("EntriesModel", "Updated"),
        Column.EXPIRES: tr("EntriesModel", "Expires"),
        Column.STATUS: tr("EntriesModel", "Status"),
    }[column]


def _text(row: EntryRow, column: Column) -> str:
    entry = row.entry
    if column is Column.KIND:
        return kind_name(entry.kind)
    if column is Column.VALUE:
        extra = " · ".join(f"{name.upper()} {code}"
                           for name, code in sorted(entry.identifiers.items()))
        return f"{entry.display} ({extra})" if extra else entry.display
    if column is Column.NOTE:
        return entry.note
    if column is Column.TAGS:
        return "; ".join(entry.tags)
    if column is Column.ADDED_BY:
        return row.added_by
    if column is Column.UPDATED:
        return when(entry.updated_at_ms)
    if column is Column.EXPIRES:
        return day(entry.expires)
    return status_name(row.status)


def _sort_key(row: EntryRow, column: Column) -> object:
    entry = row.entry
    if column is Column.KIND:
        return str(entry.kind)
    if column is Column.VALUE:
        return entry.key
    if column is Column.UPDATED:
        return entry.updated_at_ms
    if column is Column.EXPIRES:
        return entry.expires.isoformat() if entry.expires else "9999"
    if column is Column.STATUS:
        return str(row.status)
    return _text(row, column).casefold()


class EntriesFilter(QSortFilterProxyModel):
    """Active entries only unless ``show_inactive``; rows containing every word of the
    filter text (case-insensitive) in value, note, tags, author or identifiers."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._show_inactive = False
        self._words: tuple[str, ...] = ()
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)

    def set_show_inactive(self, show: bool) -> None:
        self.beginFilterChange()
        self._show_inactive = show
        self.endFilterChange()

    def set_filter_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = tuple(text.casefold().split())
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, EntriesModel)
        row = model.row_at(source_row)
        if not self._show_inactive and not row.active:
            return False
        if not self._words:
            return True
        text = row.search_text
        return all(word in text for word in self._words)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if isinstance(a, int) and isinstance(b, int):
            return a < b
        return str(a) < str(b)
