"""Match results as a table: row, column, entry, kind, what matched, why, score.

Each row is a :class:`~liaison_client.watchlists.matching.Hit` kept whole
(``HIT_ROLE``), so an action on a hit — "Create report from hit", a later task —
gets everything the match knew (see ``MatchWizard.create_report_requested``).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from liaison_client.watchlists.matching import Hit
from ui.watchlists.watchlist_text import kind_name, reason_name

_Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class HitColumn(IntEnum):
    ROW = 0
    COLUMN = 1
    ENTRY = 2
    KIND = 3
    MATCHED = 4
    WHY = 5
    SCORE = 6


def hit_header(column: HitColumn) -> str:
    tr = QCoreApplication.translate
    return {
        HitColumn.ROW: tr("HitsModel", "Row"),
        HitColumn.COLUMN: tr("HitsModel", "Column"),
        HitColumn.ENTRY: tr("HitsModel", "Entry"),
        HitColumn.KIND: tr("HitsModel", "Kind"),
        HitColumn.MATCHED: tr("HitsModel", "Matched"),
        HitColumn.WHY: tr("HitsModel", "Why"),
        HitColumn.SCORE: tr("HitsModel", "Score"),
    }[column]


class HitsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        #: entry id → the entry's display value (a hit carries the normalised one).
        self._displays: dict[str, str] = {}

    def set_hits(self, hits: list[Hit], displays: Mapping[str, str]) -> None:
        self.beginResetModel()
        self._hits = hits
        self._displays = dict(displays)
        self.endResetModel()

    def hits(self) -> list[Hit]:
        return list(self._hits)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HitColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return hit_header(HitColumn(section))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        hit = self._hits[index.row()]
        column = HitColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(hit, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit_header(column)}: {self._text(hit, column)}"
        if role == SORT_ROLE:
            if column is HitColumn.ROW:
                return hit.row
            if column is HitColumn.SCORE:
                return hit.score
            return self._text(hit, column).casefold()
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (HitColumn.ROW,
                                                                    HitColumn.SCORE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, hit: Hit, column: HitColumn) -> str:
        if column is HitColumn.ROW:
            return str(hit.row)
        if column is HitColumn.COLUMN:
            return hit.column
        if column is HitColumn.ENTRY:
            return self._displays.get(hit.entry_id, hit.value)
        if column is HitColumn.KIND:
            return kind_name(hit.kind)
        if column is HitColumn.MATCHED:
            return hit.matched
        if column is HitColumn.WHY:
            return reason_name(str(hit.reason))
        return f"{hit.score:.2f}"

    def retranslate(self) -> None:
        if self._hits:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._hits) - 1, len(HitColumn) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HitColumn) - 1)
