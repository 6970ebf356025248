"""The report kinds by name: one entry point for parsing a kind and finding its schema."""

from __future__ import annotations

from collections.abc import Mapping

from liaison_client.reports.errors import ReportKindUnknownError
from liaison_client.reports.feedback import FEEDBACK
from liaison_client.reports.schema import ReportKind, ReportSchema
from liaison_client.reports.seizure import SEIZURE
from liaison_client.reports.warning import WARNING

SCHEMAS: Mapping[ReportKind, ReportSchema] = {
    schema.kind: schema for schema in (WARNING, FEEDBACK, SEIZURE)
}


def parse_report_kind(text: str) -> ReportKind:
    """``" Seizure"`` → :attr:`ReportKind.SEIZURE`; raises :class:`ReportKindUnknownError`."""
    try:
        return ReportKind(text.strip().lower())
    except ValueError:
        raise ReportKindUnknownError(text.strip()) from None


def schema_of(kind: ReportKind | str) -> ReportSchema:
    return SCHEMAS[kind if isinstance(kind, ReportKind) else parse_report_kind(kind)]
