"""``feedback``: the result of a control made on a warning.

``answers`` is the warning's message id. That it names a warning of the same
channel is a fact of the store, not of the report: the reports service checks
it when composing and the timeline shows a dangling reference as such.
"""

from __future__ import annotations

from liaison_client.reports.fields import FieldSpec, ValueType
from liaison_client.reports.schema import ReportKind, ReportSchema

FEEDBACK = ReportSchema(ReportKind.FEEDBACK, (
    FieldSpec("answers", ValueType.MESSAGE_ID, required=True),
    FieldSpec("outcome", ValueType.OUTCOME, required=True),
    FieldSpec("details", ValueType.TEXT, max_length=4000, multiline=True),
))
