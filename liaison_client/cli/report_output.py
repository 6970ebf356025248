"""How ``liaison messages`` shows a report: ``fields`` in the JSON, a compact block for people.

Kept apart from :mod:`liaison_client.cli.report_commands` (which builds on
``channel_commands``) so ``channel_commands`` can use it without an import cycle.
"""

from __future__ import annotations

from typing import Any

from liaison_client.reports import ReportKind, render_text
from liaison_client.workspace import TimelineEntry


def report_json(entry: TimelineEntry) -> dict[str, Any]:
    """The keys ``messages --json`` adds for a report: ``fields`` as they were signed
    (docs/REPORTS.md, "Wire format"), and a seizure's ``photos``."""
    if entry.report is None:
        return {}
    extra: dict[str, Any] = {"fields": entry.report.to_wire()}
    if entry.report.kind is ReportKind.SEIZURE:
        extra["photos"] = [{"name": p.name, "size": p.size, "media_type": p.media_type}
                           for p in entry.photos]
    return extra


def report_text(entry: TimelineEntry) -> str | None:
    """A report as plain English lines (kind, then ``Label: value``), or None for
    another kind; the caller makes it safe for the terminal (display_text)."""
    if entry.report is None:
        return None
    return render_text(entry.report, photo_names=[p.name for p in entry.photos])
