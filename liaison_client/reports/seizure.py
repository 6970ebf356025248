"""``seizure``: what was seized, where, when, how it was hidden and who took part.

Date, place and commodity are required (a seizure record without them is not
one); quantity and unit go together. Photos are not fields: they travel as
encrypted attachment references beside the fields (``channels/kinds/seizure.py``).
"""

from __future__ import annotations

from liaison_client.reports.fields import FieldSpec, ValueType
from liaison_client.reports.schema import ReportKind, ReportSchema

SEIZURE = ReportSchema(ReportKind.SEIZURE, (
    FieldSpec("date", ValueType.DATE, required=True),
    FieldSpec("place", ValueType.TEXT, required=True, max_length=200),
    FieldSpec("commodity", ValueType.TEXT, required=True, max_length=200),
    FieldSpec("hs_code", ValueType.HS),
    FieldSpec("quantity", ValueType.QUANTITY),
    FieldSpec("unit", ValueType.UNIT),
    FieldSpec("container", ValueType.CONTAINER),
    FieldSpec("awb", ValueType.AWB),
    FieldSpec("concealment", ValueType.TEXT, max_length=1000, multiline=True),
    FieldSpec("route", ValueType.TEXT, max_length=500),
    FieldSpec("agencies", ValueType.TEXT, multiple=True, max_items=20, max_length=200),
), paired=(("quantity", "unit"),))
