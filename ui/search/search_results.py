"""The search results list: its model (hits, the query's highlights, operation names) and
the delegate that paints a result as two lines.

Line one: sender (bold), time and, for a search over every operation, the operation
(muted). Line two: the message text as one line, starting a little before the first
hit so the hit is always in view, with every matched term highlighted (bold on the
accent tint). The spans come from the service (``TimelineService.highlights``), which
uses the search's own rules, so a Chinese query highlights its Chinese run (one or
two characters too) and a Latin term the word prefix it matched.

Painted, not a widget per row, like the timeline; the text is laid out with
``QTextLayout`` (its formats carry the highlights; Qt's line breaker and font
fallback handle CJK) and elided at the row's edge, so there is never a horizontal
scrollbar.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QTextCharFormat,
    QTextLayout,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from liaison_client.workspace import TimelineEntry, TimelineService
from ui.theme import ThemeColours, current_colours
from ui.timeline.timeline_text import sender_text, time_text

#: Characters of context shown before the first hit.
_LEAD = 24
_PAD_X = 10
_PAD_Y = 5
_GAP = 2


class ResultRole(IntEnum):
    ENTRY = int(Qt.ItemDataRole.UserRole) + 1
    SNIPPET = ENTRY + 1
    SPANS = ENTRY + 2
    OPERATION = ENTRY + 3


def snippet(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` on one line, starting up to :data:`_LEAD` characters before the first
    hit (with "…" when cut), and the spans moved to match."""
    flat = " ".join(text.split())
    if flat != text:  # whitespace runs collapsed: find the terms again in the flat text
        return _from_flat(flat, spans, text)
    return _lead_in(flat, spans)


def _from_flat(flat: str, spans: list[tuple[int, int]],
               text: str) -> tuple[str, list[tuple[int, int]]]:
    moved: list[tuple[int, int]] = []
    cursor = 0
    for start, end in spans:
        found = flat.find(text[start:end], cursor)
        if found >= 0:
            moved.append((found, found + end - start))
            cursor = found + end - start
    return _lead_in(flat, moved)


def _lead_in(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    if not spans or spans[0][0] <= _LEAD:
        return text, spans
    cut = spans[0][0] - _LEAD
    return "…" + text[cut:], [(a - cut + 1, b - cut + 1) for a, b in spans]


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[TimelineEntry] = []
        self._rows: list[tuple[str, list[tuple[int, int]]]] = []
        self._operations: dict[str, str] = {}
        self._show_operation = False

    def set_hits(self, hits: list[TimelineEntry], query: str, operations: dict[str, str],
                 *, show_operation: bool) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self._rows = [snippet(hit.text, TimelineService.highlights(hit.text, query))
                      for hit in self._hits]
        self._operations = dict(operations)
        self._show_operation = show_operation
        self.endResetModel()

    @property
    def hits(self) -> list[TimelineEntry]:
        return list(self._hits)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def operation_of(self, hit: TimelineEntry) -> str:
        return self._operations.get(hit.channel_id, "") if self._show_operation else ""

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == ResultRole.ENTRY:
            return hit
        if role == ResultRole.SNIPPET:
            return self._rows[index.row()][0]
        if role == ResultRole.SPANS:
            return self._rows[index.row()][1]
        if role == ResultRole.OPERATION:
            return self.operation_of(hit)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            # What a screen reader says for the row: who, when, where, what.
            where = self.operation_of(hit)
            head = QApplication.translate("SearchBar", "{sender}, {time}").format(
                sender=sender_text(hit), time=time_text(hit.sent_at_ms))
            if where:
                head = QApplication.translate("SearchBar", "{sender}, {time}, in {operation}"
                                              ).format(sender=sender_text(hit),
                                                       time=time_text(hit.sent_at_ms),
                                                       operation=where)
            return f"{head}: {self._rows[index.row()][0]}"
        return None


class SearchResultDelegate(QStyledItemDelegate):
    def _fonts(self, base: QFont) -> tuple[QFont, QFont]:
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(1.0, base.pointSizeF() * 0.88))
        return bold, small

    def _line_height(self, font: QFont) -> int:
        # A line with Chinese in it is taller in the CJK fallback face: measure one.
        metrics = QFontMetrics(font)
        return max(metrics.height(),
                   metrics.boundingRect(QRect(0, 0, 10_000, 1_000), 0, "Ag_查获").height())

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        bold, _ = self._fonts(option.font)
        height = 2 * _PAD_Y + self._line_height(bold) + _GAP + self._line_height(option.font)
        return QSize(max(100, option.rect.width()), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        hit = index.data(ResultRole.ENTRY)
        if not isinstance(hit, TimelineEntry):
            return
        colours = current_colours(QApplication.instance())  # type: ignore[arg-type]
        rect: QRect = option.rect
        font: QFont = option.font
        bold, small = self._fonts(font)
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor(colours["hover"]))
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QColor(colours["focus"]))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        left, width = rect.left() + _PAD_X, rect.width() - 2 * _PAD_X
        top = rect.top() + _PAD_Y
        head_height = self._line_height(bold)
        # Line one: sender, then time and operation, elided to the row.
        sender = QFontMetrics(bold).elidedText(sender_text(hit), Qt.TextElideMode.ElideRight,
                                               width // 2)
        painter.setFont(bold)
        painter.setPen(QColor(colours["text"]))
        painter.drawText(QRect(left, top, width, head_height),
                         int(Qt.AlignmentFlag.AlignVCenter), sender)
        used = QFontMetrics(bold).horizontalAdvance(sender) + 8
        details = [time_text(hit.sent_at_ms)]
        operation = index.data(ResultRole.OPERATION)
        if operation:
            details.append(str(operation))
        painter.setFont(small)
        painter.setPen(QColor(colours["muted_text"]))
        painter.drawText(QRect(left + used, top, max(0, width - used), head_height),
                         int(Qt.AlignmentFlag.AlignVCenter),
                         QFontMetrics(small).elidedText(" · ".join(details),
                                                        Qt.TextElideMode.ElideRight,
                                                        max(0, width - used)))
        # Line two: the text with its highlighted terms.
        text = str(index.data(ResultRole.SNIPPET) or "")
        spans = index.data(ResultRole.SPANS) or []
        text_top = top + head_height + _GAP
        self._paint_snippet(painter, text, spans, font, QRect(left, text_top, width,
                                                              self._line_height(font)),
                            colours)
        painter.restore()

    def _paint_snippet(self, painter: QPainter, text: str, spans: list[tuple[int, int]],
                       font: QFont, area: QRect, colours: ThemeColours) -> None:
        metrics = QFontMetrics(font)
        elided = text
        if metrics.horizontalAdvance(text) > area.width():
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, area.width())
        layout = QTextLayout(elided, font)
        formats = []
        for start, end in spans:
            if start >= len(elided) - 1:
                break
            highlight = QTextLayout.FormatRange()
            highlight.start, highlight.length = start, min(end, len(elided)) - start
            char_format = QTextCharFormat()
            char_format.setFontWeight(QFont.Weight.Bold)
            char_format.setBackground(QColor(colours["accent_soft"]))
            char_format.setForeground(QColor(colours["text"]))
            highlight.format = char_format
            formats.append(highlight)
        layout.setFormats(formats)
        layout.beginLayout()
        line = layout.createLine()
        if line.isValid():
            line.setLineWidth(area.width() * 2)  # one line: elided above, never wrapped
        layout.endLayout()
        painter.setPen(QColor(colours["text"]))
        painter.setClipRect(area)
        layout.draw(painter, QPointF(area.left(), area.top()
                                     + (area.height() - line.height()) / 2))
        painter.setClipping(False)
