"""What the three report kinds (``warning``, ``feedback``, ``seizure``) share on the wire.

A report body is ``{"fields": {...}}`` (seizure: also ``"photos"``); the
``fields`` object is decoded and validated by
:func:`liaison_client.reports.report_from_wire`, the same rules a sender
composes under. A report that fails them, or a body with a key this version
does not know, is refused as ``malformed`` with the reason as the detail
(``warning report: field hs_code: HS heading 3999 does not exist in HS 2022``):
the body must encode back to exactly the bytes that were signed, so nothing
unknown can be carried along or dropped.
"""

from __future__ import annotations

from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.reports import Report, ReportKind, report_from_wire
from liaison_client.reports.errors import ReportError


def decode_report(kind: ReportKind, body: WireObject, *, keys: frozenset[str]) -> Report:
    """The report in ``body.fields``, after refusing any body key outside ``keys``."""
    unknown = sorted(set(body.fields) - keys)
    if unknown:
        raise PayloadRejectedError(Rejection.MALFORMED,
                                   f"{kind} report: unknown body key(s) {', '.join(unknown)}")
    try:
        return report_from_wire(kind, body.obj("fields").fields)
    except ReportError as exc:
        raise PayloadRejectedError(Rejection.MALFORMED, f"{kind} report: {exc}") from exc


def require_kind(report: Report, kind: ReportKind) -> None:
    """A body class holds a report of its own kind only (a programming error otherwise)."""
    if report.kind is not kind:
        raise ValueError(f"a {kind} body cannot carry a {report.kind} report")
