"""A structured report (warning, feedback, seizure) drawn in the timeline as a card.

The card is the kind's title, then a two-column field table — the field's label
in the interface language (``liaison_client/reports/labels.py``, English or
Simplified Chinese) beside its values — and, for a seizure, the photos' names.
A feedback card's first line names the warning it answers (its subject when that
row is loaded) and says how to go there: activating the row (Enter or a
double-click) jumps to the warning through the timeline's search jump
(:meth:`~ui.timeline.timeline_model.TimelineModel.reveal`).

Painted by :class:`~ui.timeline.timeline_delegate.TimelineDelegate` like every
row (no widget per row); this module lays the card out and paints it. Every value a
member typed goes through :func:`~liaison_client.display_text.display_text`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QLocale, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter

from liaison_client.display_text import display_text
from liaison_client.reports import ReportField, ValueType
from liaison_client.reports.labels import (
    ENGLISH,
    FIELD_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    SIMPLIFIED_CHINESE,
    UNIT_LABELS,
)
from liaison_client.workspace import TimelineEntry
from ui.theme import ThemeColours

_GAP = 4
_INSET = 10
_STRIPE = 4
_LABEL_SHARE = 0.34
_WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | \
    int(Qt.AlignmentFlag.AlignTop)
#: The stripe colour of each kind (theme colour names).
_KIND_COLOURS = {"warning": "warning", "feedback": "accent", "seizure": "danger"}


@dataclass(frozen=True)
class ReportCard:
    """What a card shows, already in the interface language."""

    title: str
    #: Feedback only: the line naming the warning it answers.
    link: str
    #: (label, value) in schema order; the feedback's ``answers`` is the link instead.
    rows: tuple[tuple[str, str], ...]
    colour: str


def card_language() -> str:
    """The labels' language: the interface's (``QLocale.setDefault`` follows it)."""
    return SIMPLIFIED_CHINESE if QLocale().name().startswith("zh") else ENGLISH


def report_card(entry: TimelineEntry, answered: TimelineEntry | None = None) -> ReportCard:
    """The card of ``entry`` (which carries a report); ``answered``: the warning a
    feedback answers, when that row is loaded (its subject names the link)."""
    report = entry.report
    assert report is not None
    language = card_language()
    rows = tuple((FIELD_LABELS[field.name].text(language), _values(field, language))
                 for field in report if field.name != "answers")
    if entry.photos:
        rows += ((FIELD_LABELS["photos"].text(language),
                  "; ".join(display_text(photo.name) for photo in entry.photos)),)
    link = ""
    if entry.answers is not None:
        subject = None if answered is None or answered.report is None \
            else answered.report.value("subject")
        link = QCoreApplication.translate(
            "ReportCard", "{label}: {warning} (Enter goes to it)").format(
            label=FIELD_LABELS["answers"].text(language),
            warning=display_text(subject) if subject else entry.answers[:8])
    return ReportCard(KIND_LABELS[report.kind].text(language), link, rows,
                      _KIND_COLOURS.get(str(report.kind), "accent"))


def card_height(card: ReportCard, font: QFont, bold: QFont, width: int) -> int:
    """Height of the card drawn ``width`` wide."""
    label_width, value_width = _columns(width)
    metrics = QFontMetrics(font)
    height = _INSET + QFontMetrics(bold).height() + _GAP
    if card.link:
        height += _wrapped(metrics, card.link, width - 2 * _INSET) + _GAP
    for label, value in card.rows:
        height += max(_wrapped(metrics, label, label_width),
                      _wrapped(metrics, value, value_width)) + _GAP
    return height + _INSET


def paint_card(painter: QPainter, card: ReportCard, rect: QRect, font: QFont, bold: QFont,
               colours: ThemeColours) -> None:
    """Draw ``card`` into ``rect`` (its height from :func:`card_height`)."""
    painter.save()
    painter.setPen(QColor(colours["border"]))
    painter.setBrush(QColor(colours["surface"]))
    painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 4, 4)
    painter.fillRect(QRect(rect.left(), rect.top(), _STRIPE, rect.height()),
                     QColor(colours[card.colour]))
    left = rect.left() + _INSET
    top = rect.top() + _INSET
    width = rect.width() - 2 * _INSET
    painter.setFont(bold)
    painter.setPen(QColor(colours[card.colour]))
    title_height = QFontMetrics(bold).height()
    painter.drawText(QRect(left, top, width, title_height), int(Qt.AlignmentFlag.AlignVCenter),
                     card.title)
    top += title_height + _GAP
    painter.setFont(font)
    metrics = QFontMetrics(font)
    if card.link:
        link_font = QFont(font)
        link_font.setUnderline(True)
        painter.setFont(link_font)
        painter.setPen(QColor(colours["accent"]))
        height = _wrapped(metrics, card.link, width)
        painter.drawText(QRect(left, top, width, height), _WRAP, card.link)
        top += height + _GAP
        painter.setFont(font)
    label_width, value_width = _columns(rect.width())
    for label, value in card.rows:
        height = max(_wrapped(metrics, label, label_width),
                     _wrapped(metrics, value, value_width))
        painter.setPen(QColor(colours["muted_text"]))
        painter.drawText(QRect(left, top, label_width, height), _WRAP, label)
        painter.setPen(QColor(colours["text"]))
        painter.drawText(QRect(left + label_width + _GAP, top, value_width, height), _WRAP,
                         value)
        top += height + _GAP
    painter.restore()


def card_accessible_text(card: ReportCard) -> str:
    """The card as a screen reader reads it: title, link, then "label: value"."""
    parts = [card.title, *([card.link] if card.link else [])]
    parts += [f"{label}: {value}" for label, value in card.rows]
    return ". ".join(parts)


def _columns(width: int) -> tuple[int, int]:
    inner = max(60, width - 2 * _INSET)
    label_width = int(inner * _LABEL_SHARE)
    return label_width, max(20, inner - label_width - _GAP)


def _wrapped(metrics: QFontMetrics, text: str, width: int) -> int:
    return metrics.boundingRect(QRect(0, 0, max(1, width), 1_000_000), _WRAP, text).height()


def _values(field: ReportField, language: str) -> str:
    shown = []
    for value in field.values:
        if field.spec.type is ValueType.OUTCOME:
            shown.append(OUTCOME_LABELS[value.value].text(language))
        elif field.spec.type is ValueType.UNIT:
            shown.append(UNIT_LABELS[value.value].text(language))
        else:
            shown.append(display_text(value.display))
    return "; ".join(shown)
