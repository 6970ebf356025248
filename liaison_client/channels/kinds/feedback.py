"""The ``feedback`` kind: the result of a control on a warning, shown as a card linking to it.

Body: ``{"fields": {...}}``, the fields of :mod:`liaison_client.reports.feedback`
(``answers`` is the warning's message id).
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
class FeedbackBody:
    report: Report

    kind = MessageKind.FEEDBACK

    def __post_init__(self) -> None:
        require_kind(self.report, ReportKind.FEEDBACK)

    @property
    def answers(self) -> str:
        """The message id of the warning this feedback answers."""
        answers = self.report.value("answers")
        assert answers is not None  # a required field: every FeedbackBody has it
        return answers

    def to_wire(self) -> JsonObject:
        return {"fields": self.report.to_wire()}

    def searchable_text(self) -> str:
        return search_text(self.report)

    @classmethod
    def from_wire(cls, body: WireObject) -> FeedbackBody:
        return cls(decode_report(ReportKind.FEEDBACK, body, keys=_KEYS))


FEEDBACK = KindDefinition(MessageKind.FEEDBACK, Placement.TIMELINE, FeedbackBody.from_wire)
