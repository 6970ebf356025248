"""The signed body a stored message row carries, decoded by the payloads module.

Rows keep the exact canonical body the sender signed (``MessageRecord.content``);
the timeline and the attachment download read an attachment's name, size, hash
and key from it. They decode it with the same code that decoded it on arrival
(:func:`liaison_client.channels.payloads.decode_body`), never with a second,
looser JSON reading. When message kinds move to ``liaison_client/channels/kinds/``
(issue 9, item 5), this module is the one place to switch to its decode function.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.channels.kinds import (
    FeedbackBody,
    SeizureBody,
    TextBody,
    WarningBody,
    decode_stored_body,
)
from liaison_client.channels.payloads import AttachmentBody, MessageKind, decode_body
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.wire import WireObject
from liaison_client.reports import Report
from liaison_client.store.records import MessageRecord

#: The message kinds that carry a structured report (docs/REPORTS.md).
REPORT_KINDS = frozenset({MessageKind.WARNING, MessageKind.FEEDBACK, MessageKind.SEIZURE})


def stored_attachment(record: MessageRecord) -> AttachmentBody | None:
    """The attachment a stored row describes; None for any other kind or a row
    without its signed content."""
    if record.kind != MessageKind.ATTACHMENT or record.content is None:
        return None
    body = decode_body(record.kind, WireObject.parse(record.content.encode(), "stored body"))
    return body if isinstance(body, AttachmentBody) else None


@dataclass(frozen=True)
class StoredReport:
    report: Report
    #: A seizure's photos (encrypted attachments); empty for the other kinds.
    photos: tuple[AttachmentBody, ...]


def stored_report(record: MessageRecord) -> StoredReport | None:
    """The report a stored row carries, decoded and validated as on receipt; None for
    any other kind, a row without its signed content, or one that no longer decodes
    (a row stored by a version with other rules: shown as its text, never guessed at)."""
    if record.kind not in REPORT_KINDS or record.content is None:
        return None
    try:
        body = decode_stored_body(record.kind, record.content)
    except PayloadRejectedError:
        return None
    if isinstance(body, SeizureBody):
        return StoredReport(body.report, body.photos)
    if isinstance(body, WarningBody | FeedbackBody):
        return StoredReport(body.report, ())
    return None


def stored_reply_to(record: MessageRecord) -> str | None:
    """The message id a stored text answers (a reply), else None. Most texts are not
    replies: their content is not decoded again for this (the key's absence shows)."""
    if record.kind != MessageKind.TEXT or record.content is None \
            or '"reply_to"' not in record.content:
        return None
    try:
        body = decode_stored_body(record.kind, record.content)
    except PayloadRejectedError:
        return None
    return body.reply_to if isinstance(body, TextBody) else None
