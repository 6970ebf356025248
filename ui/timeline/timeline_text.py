"""What the timeline says about an entry, in the officer's language: delivery state,
time, attachment size, and the one sentence a screen reader reads for a row."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale

from liaison_client.display_text import display_text
from liaison_client.workspace import EventAction, TimelineEntry, TimelineEvent, TimelineState
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
        TimelineState.MISSING: QCoreApplication.translate("Timeline", "missing"),
    }
    return labels.get(state, str(state))


def time_text(ms: int) -> str:
    when = QDateTime.fromMSecsSinceEpoch(ms)
    locale = QLocale()
    if when.date() == QDateTime.currentDateTime().date():
        return locale.toString(when.time(), QLocale.FormatType.ShortFormat)
    return locale.toString(when, QLocale.FormatType.ShortFormat)


def clock_text(ms: int) -> str:
    """The time of day alone: a grouped message's, whose day its group's header and
    the date separator above already say."""
    when = QDateTime.fromMSecsSinceEpoch(ms)
    return QLocale().toString(when.time(), QLocale.FormatType.ShortFormat)


def grouped_tooltip_text(entry: TimelineEntry) -> str:
    """A grouped message's tooltip: the sender and time its missing header would show,
    and its delivery state."""
    return QCoreApplication.translate("Timeline", "{sender} · {time} · {state}").format(
        sender=sender_text(entry), time=time_text(entry.sent_at_ms),
        state=state_text(entry.state))


def size_text(size: int) -> str:
    return QLocale().formattedDataSize(size)


def is_refusal(entry: TimelineEntry) -> bool:
    """Drawn as a warning row: a refused envelope, or messages missing from a
    sender's chain (neither is a message)."""
    return entry.is_notice


def notice_text(entry: TimelineEntry) -> str | None:
    """The sentence of a notice the service words with names (messages missing from a
    sender; a message refused because its sender had not seen a membership change)."""
    translate = QCoreApplication.translate
    sender = sender_text(entry)
    if entry.state is TimelineState.MISSING:
        if entry.missing == 1:
            return translate("Timeline", "A message from {sender} is missing").format(
                sender=sender)
        return translate("Timeline", "{count} messages from {sender} are missing").format(
            count=entry.missing, sender=sender)
    change = entry.membership_change
    if change is not None:
        member = display_text(change.member_name)
        if change.action == "remove":
            sentence = translate(
                "Timeline", "{sender}'s device had not yet seen the removal of {member}: "
                "the message was refused (that device sends it again once it has seen "
                "the change)")
        else:
            sentence = translate(
                "Timeline", "{sender}'s device had not yet seen the addition of {member}: "
                "the message was refused (that device sends it again once it has seen "
                "the change)")
        return sentence.format(sender=sender, member=member)
    return None


def body_text(entry: TimelineEntry) -> str:
    """The row's text: the message, or why the envelope was refused, translated.

    What members wrote is shown through :func:`display_text`: a bidi override or an
    invisible character appears as ``<U+202E>`` instead of reordering or hiding what
    follows (issue 10, item 7)."""
    notice = notice_text(entry)
    if notice is not None:
        return notice
    if is_refusal(entry) and entry.rejection is not None:
        return refused_text(entry.rejection)
    return display_text(entry.text)


def sender_text(entry: TimelineEntry) -> str:
    """The sender's name as shown: invisible and bidi characters made visible."""
    return display_text(entry.sender_name)


def agency_text(entry: TimelineEntry) -> str:
    return display_text(entry.sender_agency)


def attachment_name_text(entry: TimelineEntry) -> str:
    """The attachment's name as its sender chose it, controls made visible (so
    ``invoice<U+202E>fdp.exe`` cannot pass for a PDF)."""
    return display_text(entry.attachment.name) if entry.attachment is not None else ""


def event_text(event: TimelineEvent) -> str:
    """A membership change or a local decision as one sentence ("Li Wei invited Emma
    Clarke", "You were removed from this operation by Li Wei"). Each "you" form is a
    sentence of its own: languages do not build them by swapping a name."""
    translate = QCoreApplication.translate
    actor, subject = display_text(event.actor_name), display_text(event.subject_name)
    action, me_actor, me_subject = event.action, event.actor_is_self, event.subject_is_self
    if action is EventAction.CREATED:
        text = (translate("TimelineEvent", "You created this operation") if me_actor else
                translate("TimelineEvent", "{actor} created this operation"))
    elif action is EventAction.INVITED:
        text = (translate("TimelineEvent", "You invited {subject}") if me_actor else
                translate("TimelineEvent", "{actor} invited you") if me_subject else
                translate("TimelineEvent", "{actor} invited {subject}"))
    elif action is EventAction.REMOVED:
        text = (translate("TimelineEvent", "You removed {subject} from this operation")
                if me_actor else
                translate("TimelineEvent", "You were removed from this operation by {actor}")
                if me_subject else
                translate("TimelineEvent", "{actor} removed {subject} from this operation"))
    elif action is EventAction.RENAMED:
        text = (translate("TimelineEvent", "You renamed this operation “{name}”") if me_actor
                else translate("TimelineEvent", "{actor} renamed this operation “{name}”"))
    elif action is EventAction.CLOSED:
        text = (translate("TimelineEvent", "You closed this operation") if me_actor else
                translate("TimelineEvent", "{actor} closed this operation"))
    elif action is EventAction.RETENTION:
        days = int(event.detail) if event.detail.isdigit() else 0
        text = (translate("TimelineEvent", "You set the history to be deleted %n day(s) "
                          "after the close", "", days) if me_actor else
                translate("TimelineEvent", "{actor} set the history to be deleted %n day(s) "
                          "after the close", "", days))
    elif action is EventAction.READ_RECEIPTS:
        on = event.detail == "on"
        text = (translate("TimelineEvent", "You turned read receipts on") if me_actor and on
                else translate("TimelineEvent", "You turned read receipts off") if me_actor
                else translate("TimelineEvent", "{actor} turned read receipts on") if on
                else translate("TimelineEvent", "{actor} turned read receipts off"))
    elif action is EventAction.VERIFIED:
        text = (translate("TimelineEvent", "You verified {subject}'s key by scanning their "
                          "code") if event.detail == "qr-code" else
                translate("TimelineEvent", "You verified {subject}'s key by comparing the 60 "
                          "digits"))
    else:  # EventAction.UNVERIFIED
        text = translate("TimelineEvent", "You marked {subject} as not verified")
    return text.format(actor=actor, subject=subject, name=display_text(event.detail))


def accessible_text(entry: TimelineEntry) -> str:
    notice = notice_text(entry)
    if notice is not None:
        return notice
    if entry.event is not None:
        return QCoreApplication.translate("Timeline", "{event}, {time}").format(
            event=event_text(entry.event), time=time_text(entry.sent_at_ms))
    if is_refusal(entry):
        reason = rejection_text(entry.rejection) if entry.rejection is not None else entry.text
        return QCoreApplication.translate(
            "Timeline", "Refused message from {sender}: {reason}").format(
            sender=sender_text(entry), reason=reason)
    parts = [QCoreApplication.translate("Timeline", "{sender}, {agency}, {time}").format(
        sender=sender_text(entry), agency=agency_text(entry) or "-",
        time=time_text(entry.sent_at_ms))]
    if entry.attachment is not None:
        parts.append(QCoreApplication.translate("Timeline", "attachment {name}, {size}").format(
            name=attachment_name_text(entry), size=size_text(entry.attachment.size)))
    elif entry.report is None:  # a report's card is read by the model (report_card.py)
        parts.append(display_text(entry.text))
    parts.append(state_text(entry.state))
    return ". ".join(parts)


def quote_text(entry: TimelineEntry) -> str:
    """A reply's quote line: the original's sender and opening words as this computer
    holds them, or that it does not hold the original."""
    reply = entry.reply
    if reply is None:
        return ""
    if not reply.held:
        return QCoreApplication.translate(
            "Timeline", "Reply to a message that is not on this computer")
    return QCoreApplication.translate("Timeline", "Reply to {sender}: {excerpt}").format(
        sender=display_text(reply.sender_name), excerpt=display_text(reply.excerpt))


def day_text(day: QDate) -> str:
    """A date separator's words: "Today", "Yesterday", else the locale's long date."""
    today = QDate.currentDate()
    if day == today:
        return QCoreApplication.translate("Timeline", "Today")
    if day == today.addDays(-1):
        return QCoreApplication.translate("Timeline", "Yesterday")
    return QLocale().toString(day, QLocale.FormatType.LongFormat)


def day_starts(entry: TimelineEntry, previous: TimelineEntry | None) -> str | None:
    """The separator above ``entry`` when it is the first row of a local day (by the
    time the row shows), else None. The first loaded row always gets one: the day of
    what is above it is not known until an older page is read, and a separator that
    then turns out to repeat the day above goes (its row asks again)."""
    day = QDateTime.fromMSecsSinceEpoch(entry.sent_at_ms).date()
    if previous is not None and QDateTime.fromMSecsSinceEpoch(previous.sent_at_ms).date() == day:
        return None
    return day_text(day)


def new_messages_text() -> str:
    """The line above the first message the officer had not read."""
    return QCoreApplication.translate("Timeline", "New messages")
