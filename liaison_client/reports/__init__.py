"""Structured reports (issue 15 item 1): warning, feedback and seizure, typed and validated.

Pure domain, no I/O and no Qt: one module per kind lists its fields
(:mod:`.warning`, :mod:`.feedback`, :mod:`.seizure`); :mod:`.fields` says what
each value type accepts (identifiers through the watch-list validators);
:mod:`.report` builds and decodes a :class:`~.report.Report` under those rules;
:mod:`.field_pairs` reads the CLI's ``NAME=VALUE`` pairs; :mod:`.labels` names
kinds, fields, outcomes and units in English and Simplified Chinese;
:mod:`.rendering` writes a report as plain text for the transcript and search.
The message kinds that carry reports are in
:mod:`liaison_client.channels.kinds` (``warning``, ``feedback``, ``seizure``).
docs/REPORTS.md has the field table and the wire format.
"""

from liaison_client.reports.field_pairs import parse_pairs, split_pair
from liaison_client.reports.fields import UNITS, FieldSpec, FieldValue, Outcome, ValueType
from liaison_client.reports.registry import SCHEMAS, parse_report_kind, schema_of
from liaison_client.reports.rendering import render_text, search_text
from liaison_client.reports.report import Report, ReportField, build_report, report_from_wire
from liaison_client.reports.schema import ReportKind, ReportSchema

__all__ = [
    "SCHEMAS",
    "UNITS",
    "FieldSpec",
    "FieldValue",
    "Outcome",
    "Report",
    "ReportField",
    "ReportKind",
    "ReportSchema",
    "ValueType",
    "build_report",
    "parse_pairs",
    "parse_report_kind",
    "render_text",
    "report_from_wire",
    "schema_of",
    "search_text",
    "split_pair",
]
