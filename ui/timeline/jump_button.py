"""The round "jump to the latest message" button floating over the timeline's bottom
right while the officer reads above the newest messages (Signal's and Element's), with
the number of messages that arrived meanwhile on a badge.

It is painted by hand, in the colours of the theme in force at each paint (so a
runtime switch to the dark theme repaints it), rather than styled by the stylesheet:
a circle with a badge overlapping its edge is not a box the stylesheet draws.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from ui.icons import render_icon
from ui.theme import ThemeColours, current_colours
from ui.widgets.retranslatable import Retranslatable

#: The circle's diameter and the badge's, in logical pixels.
_CIRCLE = 40
_BADGE = 20
_ARROW = 18
#: How far the badge sticks out above and right of the circle.
_OVERHANG = 6
#: Room left and below the circle for its shadow (it floats over the rows).
_SHADOW = 3


class JumpToLatestButton(Retranslatable, QAbstractButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jumpToLatest")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # Reachable by Tab while shown (and by its shortcut, the view's Ctrl+End); a
        # click does not take the focus away from the timeline.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setFixedSize(self.sizeHint())
        #: Messages that arrived while the officer read above them.
        self.count = 0
        self.shortcut_text = ""
        self._arrows: dict[tuple[str, float], QPixmap] = {}
        self.retranslate()

    def sizeHint(self) -> QSize:
        return QSize(_SHADOW + _CIRCLE + _OVERHANG, _OVERHANG + _CIRCLE + _SHADOW)

    def set_count(self, count: int) -> None:
        if count != self.count:
            self.count = count
            self.retranslate()
            self.update()

    def badge_text(self) -> str:
        """The badge's number ("99+" beyond two digits); empty without arrivals."""
        if self.count <= 0:
            return ""
        return str(self.count) if self.count < 100 else "99+"

    def retranslate(self) -> None:
        name = self.tr("Jump to the latest message")
        self.setAccessibleName(name)
        self.setAccessibleDescription(
            self.tr("New messages: {count}").format(count=self.count) if self.count else "")
        tip = name if not self.shortcut_text else \
            self.tr("{action} ({shortcut})").format(action=name, shortcut=self.shortcut_text)
        if self.count:
            tip += "\n" + self.tr("New messages: {count}").format(count=self.count)
        self.setToolTip(tip)

    def set_shortcut_text(self, text: str) -> None:
        self.shortcut_text = text
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.update()  # painted in the theme's colours: a switch repaints it
        super().changeEvent(event)

    def _colours(self) -> ThemeColours:
        return current_colours(QApplication.instance())  # type: ignore[arg-type]

    def _arrow(self, colour: str, ratio: float) -> QPixmap:
        key = (colour, ratio)
        if key not in self._arrows:
            self._arrows[key] = render_icon("arrow-down", colour, QSize(_ARROW, _ARROW), ratio)
        return self._arrows[key]

    def paintEvent(self, _event: QPaintEvent) -> None:
        colours = self._colours()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        circle = QRectF(_SHADOW + 0.5, _OVERHANG + 0.5, _CIRCLE - 1, _CIRCLE - 1)
        painter.setPen(Qt.PenStyle.NoPen)
        for grow, alpha in ((2.5, 18), (1.5, 30)):  # a soft shadow, a little below
            painter.setBrush(QColor(0, 0, 0, alpha))
            painter.drawEllipse(circle.translated(0, 1.5).adjusted(-grow, -grow, grow, grow))
        fill = colours["hover"] if self.isDown() or self.underMouse() else colours["surface"]
        painter.setPen(QPen(QColor(colours["border_strong"]), 1))
        painter.setBrush(QColor(fill))
        painter.drawEllipse(circle)
        if self.hasFocus():
            painter.setPen(QPen(QColor(colours["focus"]), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle.adjusted(1, 1, -1, -1))
        centre = circle.center()
        painter.drawPixmap(QPointF(centre.x() - _ARROW / 2, centre.y() - _ARROW / 2),
                           self._arrow(colours["text"], self.devicePixelRatioF()))
        badge = self.badge_text()
        if badge:
            font = QFont(self.font())
            font.setBold(True)
            font.setPixelSize(11)
            painter.setFont(font)
            width = max(_BADGE, painter.fontMetrics().horizontalAdvance(badge) + 10)
            rect = QRectF(self.width() - width, 0, width, _BADGE)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colours["accent"]))
            painter.drawRoundedRect(rect, _BADGE / 2, _BADGE / 2)
            painter.setPen(QColor(colours["on_accent"]))
            painter.drawText(QRect(rect.toRect()), int(Qt.AlignmentFlag.AlignCenter), badge)
        painter.end()
