"""A warning prefilled from one watch-list match hit ("Create report…" in the match
wizard's results).

The identifier goes into its field by the domain's rule
(:func:`liaison_client.reports.prefill.warning_prefill`: container, air waybill, vessel,
HS code; a company as consignee or shipper by the manifest column it was found in;
a keyword as a risk indicator). The subject, which the domain leaves to the officer,
is proposed here: it names the list and the entry, so the report says where the alert
came from; the officer edits it before sending.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from liaison_client.reports.prefill import warning_prefill
from liaison_client.reports.warning import WARNING
from liaison_client.watchlists.matching import Hit

_SUBJECT = WARNING.field("subject")
assert _SUBJECT is not None
#: The subject's limit (characters): a long list name or entry is shortened with "…".
SUBJECT_LIMIT = _SUBJECT.max_length


@dataclass(frozen=True)
class HitReport:
    """What the match wizard hands the report form: the hit, the list it matched, and
    the entry as the list shows it."""

    hit: Hit
    list_name: str
    entry_display: str


def hit_subject(request: HitReport) -> str:
    text = QCoreApplication.translate(
        "HitPrefill", "Watch-list match: {entry} (list {list}, manifest row {row})").format(
            entry=request.entry_display or request.hit.value, list=request.list_name,
            row=request.hit.row)
    return text if len(text) <= SUBJECT_LIMIT else text[:SUBJECT_LIMIT - 1] + "…"


def hit_prefill(request: HitReport) -> dict[str, list[str]]:
    """The warning's fields for ``request``: the hit's value in its field, and a subject."""
    values = warning_prefill([request.hit])
    values["subject"] = [hit_subject(request)]
    return values
