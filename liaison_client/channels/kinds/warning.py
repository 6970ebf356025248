"""The ``warning`` kind: a risk alert (a structured report), shown in the timeline as a card.

Body: ``{"fields": {...}}``, the fields of :mod:`liaison_client.reports.warning`.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.channels.kinds.kind import KindDefinition, MessageKind, Placement
from liaison_client.channels.kinds.report_body import decode_report, require_kind
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject
from liaison_client.reports import Report, ReportKind, search_text

_KEYS = frozenset({"fields"})


@dataclass(frozen=True)
class WarningBody:
    report: Report

    kind = MessageKind.WARNING

    def __post_init__(self) -> None:
        require_kind(self.report, ReportKind.WARNING)

    def to_wire(self) -> JsonObject:
        return {"fields": self.report.to_wire()}

    def searchable_text(self) -> str:
        return search_text(self.report)

    @classmethod
    def from_wire(cls, body: WireObject) -> WarningBody:
        return cls(decode_report(ReportKind.WARNING, body, keys=_KEYS))


WARNING = KindDefinition(MessageKind.WARNING, Placement.TIMELINE, WarningBody.from_wire)
