"""What the timeline says about an entry, in the officer's language: delivery state,
time, attachment size, and the one sentence a screen reader reads for a row."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from liaison_client.workspace import REJECTED_KIND, TimelineEntry


def _tr(text: str) -> str:
    return QCoreApplication.translate("Timeline", text)


def state_text(state: str) -> str:
    """Delivery state in words (the icon's accessible counterpart)."""
    labels = {
        "queued": _tr("queued"),
        "sent": _tr("sent"),
        "delivered": _tr("delivered"),
        "expired": _tr("expired"),
        "received": _tr("received"),
        REJECTED_KIND: _tr("refused"),
    }
    return labels.get(state, state)


def time_text(ms: int) -> str:
    when = QDateTime.fromMSecsSinceEpoch(ms)
    locale = QLocale()
    if when.date() == QDateTime.currentDateTime().date():
        return locale.toString(when.time(), QLocale.FormatType.ShortFormat)
    return locale.toString(when, QLocale.FormatType.ShortFormat)


def size_text(size: int) -> str:
    return QLocale().formattedDataSize(size)


def is_refusal(entry: TimelineEntry) -> bool:
    return entry.kind == REJECTED_KIND


def accessible_text(entry: TimelineEntry) -> str:
    if is_refusal(entry):
        return _tr("Refused message from {sender}: {reason}").format(
            sender=entry.sender_name, reason=entry.text)
    parts = [_tr("{sender}, {agency}, {time}").format(
        sender=entry.sender_name, agency=entry.sender_agency or "-",
        time=time_text(entry.sent_at_ms))]
    if entry.attachment is not None:
        parts.append(_tr("attachment {name}, {size}").format(
            name=entry.attachment.name, size=size_text(entry.attachment.size)))
    else:
        parts.append(entry.text)
    parts.append(state_text(entry.state))
    return ". ".join(parts)
