"""``warning``: a risk alert, sent before a control, naming what to look for.

Only the subject is required: an alert may be about a route or a method
before any identifier is known. Identifier lists are bounded so the worst
case body stays well inside a channel message (tests/reports/test_limits.py).
"""

from __future__ import annotations

from liaison_client.reports.fields import FieldSpec, ValueType
from liaison_client.reports.schema import ReportKind, ReportSchema

WARNING = ReportSchema(ReportKind.WARNING, (
    FieldSpec("subject", ValueType.TEXT, required=True, max_length=200),
    FieldSpec("indicators", ValueType.TEXT, multiple=True, max_items=20, max_length=200),
    FieldSpec("containers", ValueType.CONTAINER, multiple=True, max_items=200),
    FieldSpec("awbs", ValueType.AWB, multiple=True, max_items=200),
    FieldSpec("vessels", ValueType.IMO, multiple=True, max_items=20),
    FieldSpec("hs_codes", ValueType.HS, multiple=True, max_items=50),
    FieldSpec("consignee", ValueType.COMPANY, max_length=200),
    FieldSpec("shipper", ValueType.COMPANY, max_length=200),
    FieldSpec("valid_until", ValueType.DATE),
))
