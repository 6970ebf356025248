"""Rows of the members list as tall as Qt's item painting needs to draw every line.

Qt's item painting (QCommonStylePrivate::viewItemTextLayout in qcommonstyle.cpp)
lays the lines out one by one and, to decide whether another fits, "assumes that
the height of the next line is the same as the current one": once the lines so
far plus the current line's height again exceed the row, the current line is
the last one drawn, elided. A line in Chinese (an agency such as "广州海关
Guangzhou Customs") is taller in the Noto CJK fallback font than the lines
around it, so the row Qt's own size hint gave was tall enough for the three
lines but not for that assumption: the third line, role and verification state
(what matters most), was dropped. This delegate only measures; Qt still paints.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem


def drawn_line_height(text: str, font: QFont) -> float:
    """The height of ``text`` as one line laid out as Qt's item views lay it out
    (with the height of any fallback font its glyphs need)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    return line.height() if line.isValid() else 0.0


def height_to_draw_all(lines: Sequence[str], font: QFont) -> float:
    """The row height at which Qt's item painting draws every one of ``lines``:
    their total, and for each line but the last, the lines up to it plus its
    height once more (the room Qt wants for the next line)."""
    needed, so_far = 0.0, 0.0
    for number, line in enumerate(lines):
        height = drawn_line_height(line, font)
        so_far += height
        needed = max(needed, so_far if number == len(lines) - 1 else so_far + height)
    return needed


class MemberRowDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        lines = str(index.data() or "").splitlines()
        needed = height_to_draw_all(lines, option.font)
        return QSize(hint.width(), max(hint.height(), math.ceil(needed)))
