"""Draws one timeline entry: sender, agency, time, word-wrapped text, attachment and
delivery state — and refusals in a warning style, never as an ordinary message.

Painting is done here rather than with a widget per row, so a row costs a
few draw calls and nothing stays allocated for rows that scrolled away.
Text is laid out by Qt's line breaker (``TextWordWrap``), which breaks CJK
between ideographs and Latin between words.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from liaison_client.workspace import TimelineEntry, TimelineState
from ui.icons import render_icon
from ui.theme import ThemeColours, current_colours
from ui.timeline.report_card import ReportCard, card_height, paint_card, report_card
from ui.timeline.timeline_model import TimelineModel, TimelineRole
from ui.timeline.timeline_text import (
    agency_text,
    attachment_name_text,
    body_text,
    clock_text,
    event_text,
    is_refusal,
    new_messages_text,
    quote_text,
    sender_text,
    size_text,
    time_text,
)

_PAD_X = 16
_PAD_Y = 8
_GAP = 4
_ICON = 14
_STATE_ICONS = {TimelineState.QUEUED: "state-queued", TimelineState.SENT: "state-sent",
                TimelineState.DELIVERED: "state-delivered",
                TimelineState.EXPIRED: "state-expired", TimelineState.NOT_SENT: "state-expired"}
#: States drawn in the danger colour: the message did not (or will not) arrive.
_FAILED_STATES = frozenset({TimelineState.EXPIRED, TimelineState.NOT_SENT})
_WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | \
    int(Qt.AlignmentFlag.AlignTop)
#: The attachment's Save button: padding around its text, and its gap to the name.
_BUTTON_PAD_X = 12
_BUTTON_PAD_Y = 4
#: Padding above and below a reply's quote line.
_QUOTE_PAD = 3
#: Padding above and below a date separator or the "new messages" line.
_BAND_PAD = 6
#: Padding above a message grouped under the one before (no header): the run reads as
#: one block, as Signal's and Element's do.
_GROUPED_PAD_Y = 2


def attachment_line_height(metrics: QFontMetrics, name: str) -> int:
    """Height of the attachment's name line as Qt lays the name out.

    Issue 11, item 11 ("seizure_report_查获报告.pdf" showed as "seizure report
    查获报告.pdf"): the line was ``metrics.height()`` of the interface font, but a
    name with Chinese is laid out with the CJK fallback face too, whose line is taller
    (19 px against 15 at 100 %). ``drawText`` clips to its rectangle and centred the
    taller line in the shorter one, so the bottom rows, where underscores are drawn,
    were cut off. The line now takes the laid-out height of the name itself.
    """
    laid_out = metrics.boundingRect(QRect(0, 0, 1_000_000, 1_000), 0, name).height()
    return max(metrics.height(), laid_out, _ICON)


def save_button_text() -> str:
    return QApplication.translate("Timeline", "Save…")


class TimelineDelegate(QStyledItemDelegate):
    #: The Save button of an attachment row was clicked (the row's :class:`TimelineEntry`).
    save_clicked = Signal(object)
    #: A reply's quote was clicked: go to the original (the reply's :class:`TimelineEntry`).
    quote_clicked = Signal(object)

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._icons: dict[tuple[str, str, float], QPixmap] = {}
        self._derived_fonts: dict[str, tuple[QFont, QFont]] = {}
        #: Row heights by (message id, state, width, font, language): layout asks for every row
        #: each time the view resizes or a page arrives; text does not change.
        self._heights: dict[tuple[str, str, int, str, str, bool], int] = {}

    def _colours(self) -> ThemeColours:
        return current_colours(QApplication.instance())  # type: ignore[arg-type]

    def _icon(self, name: str, colour: str, ratio: float) -> QPixmap:
        key = (name, colour, ratio)
        if key not in self._icons:
            self._icons[key] = render_icon(name, colour, QSize(_ICON, _ICON), ratio)
        return self._icons[key]

    def _fonts(self, base: QFont) -> tuple[QFont, QFont]:
        """Bold and small variants of ``base``, made once per font."""
        key = base.key()
        if key not in self._derived_fonts:
            bold = QFont(base)
            bold.setBold(True)
            small = QFont(base)
            small.setPointSizeF(max(1.0, base.pointSizeF() * 0.88))
            self._derived_fonts[key] = (bold, small)
        return self._derived_fonts[key]

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        return max(40, option.rect.width() - 2 * _PAD_X)

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        entry = index.data(TimelineRole.ENTRY)
        if not isinstance(entry, TimelineEntry):
            return QSize(0, 0)
        font: QFont = option.font
        width = self._text_width(option)
        grouped = bool(index.data(TimelineRole.GROUPED))
        # The language is part of the key: a refusal's sentence is translated.
        key = (entry.message_id, entry.state, width, font.key(), QLocale().name(), grouped)
        height = self._heights.get(key)
        if height is None and entry.event is not None:
            _, small = self._fonts(font)
            height = 2 * _PAD_Y + QFontMetrics(small).boundingRect(
                QRect(0, 0, width, 1_000_000), _WRAP, _event_line(entry)).height()
            self._heights[key] = height
        if height is None and grouped:
            content = width - self._meta_width(entry, font)
            height = _GROUPED_PAD_Y + self._body_height(entry, font, content) + _PAD_Y
            if entry.reply is not None:
                height += self._quote_height(font) + _GAP
            self._heights[key] = height
        if height is None:
            bold, _ = self._fonts(font)
            height = _PAD_Y + QFontMetrics(bold).height() + _GAP
            if entry.reply is not None:
                height += self._quote_height(font) + _GAP
            card = _card(entry, index)
            height += (card_height(card, font, bold, width) if card is not None
                       else self._body_height(entry, font, width)) + _PAD_Y
            if len(self._heights) > 20_000:  # bounded: rows scrolled far away are re-measured
                self._heights.clear()
            self._heights[key] = height
        return QSize(width + 2 * _PAD_X, height + self._prefix_height(font, index))

    def _meta_width(self, entry: TimelineEntry, font: QFont) -> int:
        """A grouped row's right-hand column: its time (small) and delivery icon, beside
        the first line of its text instead of in a header."""
        _, small = self._fonts(font)
        icon = _ICON + _GAP if entry.state in _STATE_ICONS else 0
        return QFontMetrics(small).horizontalAdvance(clock_text(entry.sent_at_ms)) + icon + \
            3 * _GAP

    def _body_geometry(self, rect: QRect, entry: TimelineEntry, font: QFont,
                       grouped: bool) -> tuple[int, int]:
        """Where the part under the header starts (its top) and how wide it is, for an
        entry drawn in ``rect`` (the entry's own part of the row)."""
        width = rect.width() - 2 * _PAD_X
        if grouped:
            return rect.top() + _GROUPED_PAD_Y, width - self._meta_width(entry, font)
        bold, _ = self._fonts(font)
        return rect.top() + _PAD_Y + QFontMetrics(bold).height() + _GAP, width

    def _first_line_height(self, entry: TimelineEntry, font: QFont) -> int:
        """The height of a grouped row's first line as Qt lays it out (a line with Chinese
        is taller, in the CJK fallback face): the time beside it is centred on it."""
        if entry.reply is not None:
            return self._quote_height(font)
        metrics = QFontMetrics(font)
        if entry.attachment is not None:
            return attachment_line_height(metrics, attachment_name_text(entry))
        first = body_text(entry).split("\n", 1)[0]
        return max(metrics.height(),
                   metrics.boundingRect(QRect(0, 0, 1_000_000, 1_000), 0, first).height())

    def _body_height(self, entry: TimelineEntry, font: QFont, width: int) -> int:
        metrics = QFontMetrics(font)
        if entry.attachment is not None:
            name_line = attachment_line_height(metrics, attachment_name_text(entry))
            return max(name_line + max(metrics.height(), _ICON) + _GAP,
                       self._button_size(metrics).height())
        return metrics.boundingRect(QRect(0, 0, width, 1_000_000), _WRAP,
                                     body_text(entry)).height()

    # -- what comes above a row: the day it starts, the "new messages" line -------------

    def _band_height(self, font: QFont) -> int:
        _, small = self._fonts(font)
        return QFontMetrics(small).height() + 2 * _BAND_PAD

    def _prefix_height(self, font: QFont,
                       index: QModelIndex | QPersistentModelIndex) -> int:
        bands = int(index.data(TimelineRole.DAY_STARTS) is not None) + \
            int(bool(index.data(TimelineRole.FIRST_UNREAD)))
        return bands * self._band_height(font)

    def content_option(self, option: QStyleOptionViewItem,
                       index: QModelIndex | QPersistentModelIndex) -> QStyleOptionViewItem:
        """``option`` with its rectangle below the row's date and unread bands: where
        the entry itself is painted and clicked."""
        shifted = QStyleOptionViewItem(option)
        shifted.rect = option.rect.adjusted(0, self._prefix_height(option.font, index), 0, 0)
        return shifted

    def _entry_option(self, option: QStyleOptionViewItem, entry: TimelineEntry,
                      index: QModelIndex | QPersistentModelIndex | None
                      ) -> tuple[QStyleOptionViewItem, bool]:
        """The entry's own part of a row's ``option`` (its index found from the view's
        model when the caller has only the entry), and whether the row is grouped."""
        if index is None:
            model = getattr(self.parent(), "timeline", None)
            row = model.row_of(entry.message_id) if isinstance(model, TimelineModel) else None
            if row is None or model is None:
                return option, False
            index = model.index(row)
        return self.content_option(option, index), bool(index.data(TimelineRole.GROUPED))

    def _paint_bands(self, painter: QPainter, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex,
                     colours: ThemeColours) -> None:
        """A date separator (muted, centred between two rules) and the "New messages"
        line (accent rule with its label), as Signal and Element draw them."""
        _, small = self._fonts(option.font)
        metrics = QFontMetrics(small)
        band = self._band_height(option.font)
        rect: QRect = option.rect
        top = rect.top()
        labels: list[tuple[str, str]] = []
        day = index.data(TimelineRole.DAY_STARTS)
        if isinstance(day, str):
            labels.append((day, colours["muted_text"]))
        if index.data(TimelineRole.FIRST_UNREAD):
            labels.append((new_messages_text(), colours["accent"]))
        painter.setFont(small)
        for text, colour in labels:
            width = metrics.horizontalAdvance(text) + 4 * _GAP
            middle = top + band // 2
            left, right = rect.left() + _PAD_X, rect.right() - _PAD_X
            centre = (left + right) // 2
            painter.setPen(QColor(colour))
            painter.drawLine(left, middle, centre - width // 2, middle)
            painter.drawLine(centre + width // 2, middle, right, middle)
            painter.drawText(QRect(centre - width // 2, top, width, band),
                             int(Qt.AlignmentFlag.AlignCenter), text)
            top += band

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if self._prefix_height(option.font, index):
            painter.save()
            self._paint_bands(painter, option, index, self._colours())
            painter.restore()
            option = self.content_option(option, index)
        self._paint_entry(painter, option, index)

    def _paint_entry(self, painter: QPainter, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        entry = index.data(TimelineRole.ENTRY)
        if not isinstance(entry, TimelineEntry):
            return
        colours = self._colours()
        rect: QRect = option.rect
        state = option.state
        font: QFont = option.font
        bold, small = self._fonts(font)
        ratio = painter.device().devicePixelRatioF()
        refusal = is_refusal(entry)
        painter.save()
        if entry.event is not None:
            self._paint_event(painter, entry, option, small, colours)
            painter.restore()
            return
        background = None
        if refusal:
            background = colours["warning_soft"]
        elif index.data(TimelineRole.HIGHLIGHTED):
            background = colours["accent_soft"]
        elif state & QStyle.StateFlag.State_Selected:
            background = colours["hover"]
        if background is not None:
            painter.fillRect(rect, QColor(background))
        if refusal:
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()),
                             QColor(colours["warning"]))
        if state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QColor(colours["focus"]))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))

        left, top = rect.left() + _PAD_X, rect.top() + _PAD_Y
        grouped = bool(index.data(TimelineRole.GROUPED))
        body_top, width = self._body_geometry(rect, entry, font, grouped)
        if grouped:
            # No header: the time and state icon sit right of the first line of text.
            self._paint_time_and_state(painter, entry, rect.right() - _PAD_X, body_top,
                                       self._first_line_height(entry, font),
                                       clock_text(entry.sent_at_ms), small, colours, ratio)
        else:
            self._paint_header(painter, entry, left, top, rect.right() - _PAD_X, bold,
                               small, colours, ratio)
        if entry.reply is not None:
            quote = QRect(left, body_top, width, self._quote_height(font))
            self._paint_quote(painter, entry, quote, small, colours)
            body_top = quote.bottom() + 1 + _GAP
        painter.setFont(font)
        card = _card(entry, index)
        if card is not None:
            paint_card(painter, card, QRect(left, body_top, width,
                                            card_height(card, font, bold, width)),
                       font, bold, colours)
        elif entry.attachment is not None:
            self._paint_attachment(painter, entry, left, body_top, width, font, colours, ratio)
        else:
            if refusal:
                italic = QFont(font)
                italic.setItalic(True)
                painter.setFont(italic)
            painter.setPen(QColor(colours["warning"] if refusal else colours["text"]))
            painter.drawText(QRect(left, body_top, width, rect.bottom() - body_top),
                             _WRAP, body_text(entry))
        painter.restore()

    def _paint_time_and_state(self, painter: QPainter, entry: TimelineEntry, right: int,
                              top: int, line_height: int, when: str, small: QFont,
                              colours: ThemeColours, ratio: float) -> int:
        """The delivery state icon at ``right`` and the time left of it, centred on a
        line ``line_height`` high at ``top``; returns where they start (their left)."""
        icon_name = _STATE_ICONS.get(entry.state)
        if icon_name is not None:
            tint = colours["danger"] if entry.state in _FAILED_STATES else (
                colours["accent"] if entry.state is TimelineState.DELIVERED
                else colours["muted_text"])
            right -= _ICON
            painter.drawPixmap(right, top + (line_height - _ICON) // 2,
                               self._icon(icon_name, tint, ratio))
            right -= _GAP
        painter.setFont(small)
        painter.setPen(QColor(colours["muted_text"]))
        when_width = QFontMetrics(small).horizontalAdvance(when)
        painter.drawText(QRect(right - when_width, top, when_width, line_height),
                         int(Qt.AlignmentFlag.AlignVCenter), when)
        return right - when_width

    def _paint_header(self, painter: QPainter, entry: TimelineEntry, left: int, top: int,
                      right: int, bold: QFont, small: QFont, colours: ThemeColours,
                      ratio: float) -> None:
        """Sender (bold) and agency (muted) left, elided to what is left; time and
        delivery state right."""
        header_height = QFontMetrics(bold).height()
        right = self._paint_time_and_state(painter, entry, right, top, header_height,
                                           time_text(entry.sent_at_ms), small, colours,
                                           ratio) - 2 * _GAP
        painter.setFont(bold)
        painter.setPen(QColor(colours["warning"] if is_refusal(entry) else colours["text"]))
        bold_metrics = QFontMetrics(bold)
        sender = bold_metrics.elidedText(sender_text(entry), Qt.TextElideMode.ElideRight,
                                         max(0, right - left))
        painter.drawText(QRect(left, top, max(0, right - left), header_height),
                         int(Qt.AlignmentFlag.AlignVCenter), sender)
        agency_left = left + bold_metrics.horizontalAdvance(sender) + 2 * _GAP
        if entry.sender_agency and agency_left < right:
            painter.setFont(small)
            painter.setPen(QColor(colours["muted_text"]))
            agency = QFontMetrics(small).elidedText(agency_text(entry),
                                                    Qt.TextElideMode.ElideRight,
                                                    right - agency_left)
            painter.drawText(QRect(agency_left, top, right - agency_left, header_height),
                             int(Qt.AlignmentFlag.AlignVCenter), agency)

    def _quote_height(self, font: QFont) -> int:
        _, small = self._fonts(font)
        return QFontMetrics(small).height() + 2 * _QUOTE_PAD

    def quote_rect(self, option: QStyleOptionViewItem, entry: TimelineEntry,
                   index: QModelIndex | QPersistentModelIndex | None = None) -> QRect | None:
        """Where a reply's quote is painted (and clicked): under the header, full width
        (``option`` is the whole row's, bands included)."""
        if entry.reply is None:
            return None
        own, grouped = self._entry_option(option, entry, index)
        rect = QRect(own.rect)
        top, width = self._body_geometry(rect, entry, option.font, grouped)
        return QRect(rect.left() + _PAD_X, top, width, self._quote_height(option.font))

    def _paint_quote(self, painter: QPainter, entry: TimelineEntry, quote: QRect,
                     small: QFont, colours: ThemeColours) -> None:
        """The quoted original: a muted line on a soft band with an accent bar at its
        left (Signal's and Element's look), elided to one line; italic when this
        computer does not hold the original."""
        painter.fillRect(quote, QColor(colours["accent_soft"]))
        painter.fillRect(QRect(quote.left(), quote.top(), 3, quote.height()),
                         QColor(colours["accent"]))
        font = QFont(small)
        font.setItalic(entry.reply is not None and not entry.reply.held)
        painter.setFont(font)
        painter.setPen(QColor(colours["muted_text"]))
        inner = quote.adjusted(3 + 2 * _GAP, _QUOTE_PAD, -2 * _GAP, -_QUOTE_PAD)
        painter.drawText(inner, int(Qt.AlignmentFlag.AlignVCenter),
                         QFontMetrics(font).elidedText(quote_text(entry),
                                                       Qt.TextElideMode.ElideRight,
                                                       inner.width()))

    def _button_size(self, metrics: QFontMetrics) -> QSize:
        return QSize(metrics.horizontalAdvance(save_button_text()) + 2 * _BUTTON_PAD_X,
                     metrics.height() + 2 * _BUTTON_PAD_Y)

    def save_button_rect(self, option: QStyleOptionViewItem, entry: TimelineEntry,
                         index: QModelIndex | QPersistentModelIndex | None = None) -> QRect:
        """Where an attachment row's Save button is painted (and clicked), right-aligned
        beside the name and size lines (``option`` is the whole row's, bands included)."""
        own, grouped = self._entry_option(option, entry, index)
        rect = QRect(own.rect)
        metrics = QFontMetrics(option.font)
        body_top, width = self._body_geometry(rect, entry, option.font, grouped)
        if entry.reply is not None:
            body_top += self._quote_height(option.font) + _GAP
        size = self._button_size(metrics)
        body = self._body_height(entry, option.font, width)
        return QRect(rect.left() + _PAD_X + width - size.width(),
                     body_top + (body - size.height()) // 2, size.width(), size.height())

    def editorEvent(self, event: QEvent, model: QAbstractItemModel,
                    option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex) -> bool:
        """A click on an attachment's Save button saves it (the button is painted, not
        a widget: rows are painted; Enter and Ctrl+S do the same from the keyboard)."""
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.LeftButton:
            entry = index.data(TimelineRole.ENTRY)
            quote = None if not isinstance(entry, TimelineEntry) else \
                self.quote_rect(option, entry, index)
            if quote is not None and quote.contains(event.position().toPoint()):
                self.quote_clicked.emit(entry)
                return True
            if isinstance(entry, TimelineEntry) and entry.attachment is not None \
                    and _card(entry, index) is None \
                    and self.save_button_rect(option, entry, index).contains(
                        event.position().toPoint()):
                self.save_clicked.emit(entry)
                return True
        return super().editorEvent(event, model, option, index)

    def _paint_event(self, painter: QPainter, entry: TimelineEntry,
                     option: QStyleOptionViewItem, small: QFont, colours: ThemeColours) -> None:
        """A membership change or decision: one centred, muted line, no sender header
        (Signal's and Element's way: the conversation's events, not anyone's message)."""
        rect: QRect = option.rect
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor(colours["hover"]))
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QColor(colours["focus"]))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.setFont(small)
        painter.setPen(QColor(colours["muted_text"]))
        centred = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignHCenter) | \
            int(Qt.AlignmentFlag.AlignTop)
        painter.drawText(rect.adjusted(_PAD_X, _PAD_Y, -_PAD_X, -_PAD_Y), centred,
                         _event_line(entry))

    def _paint_attachment(self, painter: QPainter, entry: TimelineEntry, left: int, top: int,
                          width: int, font: QFont, colours: ThemeColours,
                          ratio: float) -> None:
        assert entry.attachment is not None
        metrics = QFontMetrics(font)
        full_name = attachment_name_text(entry)
        line = attachment_line_height(metrics, full_name)
        hint_line = max(metrics.height(), _ICON)
        button = self._button_size(metrics)
        button_rect = QRect(left + width - button.width(),
                            top + (max(line + hint_line + _GAP, button.height())
                                   - button.height()) // 2,
                            button.width(), button.height())
        painter.drawPixmap(left, top + (line - _ICON) // 2,
                           self._icon("attachment", colours["accent"], ratio))
        text_left = left + _ICON + _GAP * 2
        text_width = max(0, button_rect.left() - 2 * _GAP - text_left)
        painter.setPen(QColor(colours["text"]))
        name = metrics.elidedText(full_name, Qt.TextElideMode.ElideMiddle, text_width)
        painter.drawText(QRect(text_left, top, text_width, line),
                         int(Qt.AlignmentFlag.AlignVCenter), name)
        painter.setPen(QColor(colours["muted_text"]))
        hint = QApplication.translate("Timeline", "{size} · Ctrl+S saves it").format(
            size=size_text(entry.attachment.size))
        painter.drawText(QRect(text_left, top + line + _GAP, text_width, hint_line),
                         int(Qt.AlignmentFlag.AlignVCenter),
                         metrics.elidedText(hint, Qt.TextElideMode.ElideRight, text_width))
        # The Save button: outlined in the accent colour, like a secondary button.
        painter.setPen(QColor(colours["accent"]))
        painter.setBrush(QColor(colours["surface"]))
        painter.drawRoundedRect(button_rect.adjusted(0, 0, -1, -1), 4, 4)
        painter.drawText(button_rect, int(Qt.AlignmentFlag.AlignCenter), save_button_text())


def _event_line(entry: TimelineEntry) -> str:
    assert entry.event is not None
    return QApplication.translate("Timeline", "{event} · {time}").format(
        event=event_text(entry.event), time=time_text(entry.sent_at_ms))


def _card(entry: TimelineEntry, index: QModelIndex | QPersistentModelIndex) -> ReportCard | None:
    """The report card of a row that carries a report (a feedback's answered warning
    looked up among the loaded rows, for its subject); None for other rows."""
    if entry.report is None:
        return None
    model = index.model()
    answered = None
    if entry.answers is not None and isinstance(model, TimelineModel):
        answered = model.loaded_entry(entry.answers)
    return report_card(entry, answered)
