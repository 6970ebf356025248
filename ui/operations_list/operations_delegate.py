"""Draws an operation row: name, last activity, and an unread badge when there is one."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from liaison_client.workspace import ChannelSummary
from ui.operations_list.operations_model import OperationRole, last_activity_text
from ui.theme import current_colours

_PAD_X = 14
_PAD_Y = 10


class OperationDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + 2 * _PAD_Y + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        summary = index.data(OperationRole.SUMMARY)
        if not isinstance(summary, ChannelSummary):
            return
        colours = current_colours(QApplication.instance())  # type: ignore[arg-type]
        rect: QRect = option.rect
        state = option.state
        font: QFont = option.font
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor(colours["accent_soft"]))
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor(colours["hover"]))
        if state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QColor(colours["focus"]))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        metrics = QFontMetrics(font)
        line = metrics.height()
        left, right = rect.left() + _PAD_X, rect.right() - _PAD_X
        top = rect.top() + _PAD_Y
        small = QFont(font)
        small.setPointSizeF(max(1.0, font.pointSizeF() * 0.88))
        when = last_activity_text(summary.last_activity_at_ms)
        small_metrics = QFontMetrics(small)
        when_width = small_metrics.horizontalAdvance(when)
        painter.setFont(small)
        painter.setPen(QColor(colours["muted_text"]))
        painter.drawText(QRect(right - when_width, top, when_width, line),
                         int(Qt.AlignmentFlag.AlignVCenter), when)
        name_font = QFont(font)
        name_font.setBold(summary.unread > 0)
        painter.setFont(name_font)
        painter.setPen(QColor(colours["muted_text" if summary.closed else "text"]))
        name = QFontMetrics(name_font).elidedText(
            str(index.data()), Qt.TextElideMode.ElideRight, right - when_width - 8 - left)
        painter.drawText(QRect(left, top, right - left, line),
                         int(Qt.AlignmentFlag.AlignVCenter), name)
        second = top + line + 2
        painter.setFont(small)
        painter.setPen(QColor(colours["muted_text"]))
        members = QApplication.translate("OperationListModel", "1 member") \
            if summary.members == 1 else QApplication.translate(
                "OperationListModel", "{count} members").format(count=summary.members)
        painter.drawText(QRect(left, second, right - left, line),
                         int(Qt.AlignmentFlag.AlignVCenter), members)
        if summary.unread:
            badge = str(summary.unread) if summary.unread < 1000 else "999+"
            badge_width = max(line, small_metrics.horizontalAdvance(badge) + 12)
            box = QRectF(right - badge_width, second, badge_width, line)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colours["accent"]))
            painter.drawRoundedRect(box, line / 2, line / 2)
            painter.setPen(QColor(colours["on_accent"]))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), badge)
        painter.restore()
