"""The message body for a report of any kind: what the reports service composes and sends.

``report_body(parse_pairs(kind, pairs), photos)`` → a body for
``Outbound.compose`` / ``MegolmChannelCrypto.send``, so the service never
switches on the report kind itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from liaison_client.channels.kinds.attachment import AttachmentBody
from liaison_client.channels.kinds.feedback import FeedbackBody
from liaison_client.channels.kinds.seizure import SeizureBody
from liaison_client.channels.kinds.warning import WarningBody
from liaison_client.reports import Report, ReportKind

#: The bodies that carry a report.
ReportBody = WarningBody | FeedbackBody | SeizureBody


def report_body(report: Report, photos: Sequence[AttachmentBody] = ()) -> ReportBody:
    """The body carrying ``report``; ``photos`` (encrypted attachment references)
    only for a seizure (``ValueError`` otherwise: a programming error, the
    service offers photos for seizures only)."""
    if report.kind is ReportKind.SEIZURE:
        return SeizureBody(report, tuple(photos))
    if photos:
        raise ValueError(f"a {report.kind} report carries no photos")
    if report.kind is ReportKind.WARNING:
        return WarningBody(report)
    return FeedbackBody(report)
