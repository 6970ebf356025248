"""What the timeline says about an entry, in the officer's language: delivery state,
time, attachment size, and the one sentence a screen reader reads for a row."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from liaison_client.workspace import TimelineEntry, TimelineState
from ui.rejection_text import refused_text, rejection_text


def state_text(state: TimelineState) -> str:
    """Delivery state in words (the icon's accessible counterpart)."""
    labels = {
        TimelineState.QUEUED: QCoreApplication.translate("Timeline", "queued"),
        TimelineState.SENT: QCoreApplication.translate("Timeline", "sent"),
        TimelineState.DELIVERED: QCoreApplication.translate("Timeline", "delivered"),
        TimelineState.EXPIRED: QCoreApplication.translate("Timeline", "expired"),
        TimelineState.NOT_SENT: QCoreApplication.translate(
            "Timeline", "not sent: the relay refused it"),
        TimelineState.RECEIVED: QCoreApplication.translate("Timeline", "received"),
        TimelineState.REJECTED: QCoreApplication.translate("Timeline", "refused"),
    }
    return labels.get(state, str(state))


def time_text(ms: int) -> str:
    when = QDateTime.fromMSecsSinceEpoch(ms)
    locale = QLocale()
    if when.date() == QDateTime.currentDateTime().date():
        return locale.toString(when.time(), QLocale.FormatType.ShortFormat)
    return locale.toString(when, QLocale.FormatType.ShortFormat)


def size_text(size: int) -> str:
    return QLocale().formattedDataSize(size)


def is_refusal(entry: TimelineEntry) -> bool:
    return entry.is_refusal


def body_text(entry: TimelineEntry) -> str:
    """The row's text: the message, or why the envelope was refused, translated."""
    if is_refusal(entry) and entry.rejection is not None:
        return refused_text(entry.rejection)
    return entry.text


def accessible_text(entry: TimelineEntry) -> str:
    if is_refusal(entry):
        reason = rejection_text(entry.rejection) if entry.rejection is not None else entry.text
        return QCoreApplication.translate(
            "Timeline", "Refused message from {sender}: {reason}").format(
            sender=entry.sender_name, reason=reason)
    parts = [QCoreApplication.translate("Timeline", "{sender}, {agency}, {time}").format(
        sender=entry.sender_name, agency=entry.sender_agency or "-",
        time=time_text(entry.sent_at_ms))]
    if entry.attachment is not None:
        parts.append(QCoreApplication.translate("Timeline", "attachment {name}, {size}").format(
            name=entry.attachment.name, size=size_text(entry.attachment.size)))
    else:
        parts.append(entry.text)
    parts.append(state_text(entry.state))
    return ". ".join(parts)
