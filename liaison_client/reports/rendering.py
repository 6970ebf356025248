"""A report as plain text: for the transcript, and for the timeline's full-text search.

:func:`render_text` writes one ``Label: value`` line per present field in
schema order, in one language, under the kind's name; values in their
display form (``3915.10``, ``IMO 9074729``), lists joined with ``; ``, the
outcome and the unit by their label. :func:`search_text` is what the
``messages`` FTS index holds for a report: both languages' renderings (so
labels are found in either) plus the normalised identifiers where they differ
from the display (``391510``, ``9074729``), so a code is found however it is typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from liaison_client.reports.fields import ValueType
from liaison_client.reports.labels import (
    ENGLISH,
    FIELD_LABELS,
    KIND_LABELS,
    LANGUAGES,
    OUTCOME_LABELS,
    UNIT_LABELS,
)
from liaison_client.reports.report import Report, ReportField


def render_text(report: Report, language: str = ENGLISH, *,
                photo_names: Sequence[str] = ()) -> str:
    """The report in ``language`` (``en`` or ``zh_CN``), one field a line."""
    lines = [KIND_LABELS[report.kind].text(language)]
    for field in report:
        label = FIELD_LABELS[field.name].text(language)
        shown = [_shown(field, index, language) for index in range(len(field.values))]
        text = "; ".join(shown)
        if "\n" in text:  # multi-line free text: continuation lines indented
            text = text.replace("\n", "\n  ")
        lines.append(f"{label}: {text}")
    if photo_names:
        lines.append(f"{FIELD_LABELS['photos'].text(language)}: {'; '.join(photo_names)}")
    return "\n".join(lines)


def search_text(report: Report, *, photo_names: Sequence[str] = ()) -> str:
    """What full-text search indexes for ``report`` (see the module docstring)."""
    parts = [render_text(report, language, photo_names=photo_names) for language in LANGUAGES]
    compact = [value.value for field in report for value in field.values
               if value.value != value.display]
    if compact:
        parts.append(" ".join(compact))
    return "\n".join(parts)


def _shown(field: ReportField, index: int, language: str) -> str:
    value = field.values[index]
    if field.spec.type is ValueType.OUTCOME:
        return OUTCOME_LABELS[value.value].text(language)
    if field.spec.type is ValueType.UNIT:
        return UNIT_LABELS[value.value].text(language)
    return value.display
