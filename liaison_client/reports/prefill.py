"""A warning form prefilled from watch-list match hits (issue 15 item 1: "created
prefilled from a watch-list match hit").

Each hit's listed value goes into the field of its kind: containers, air
waybills, vessels, HS codes (the manifest's own, more specific code when it is
a valid one), the company as consignee or shipper by its manifest column, and
keywords as risk indicators. The subject is left for the officer to write: a
warning says why it matters, which a match alone does not. The result is the
``build_report`` input of a form, so every value is checked again when sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from liaison_client.reports.errors import ReportError
from liaison_client.reports.fields import FieldSpec, normalise_value
from liaison_client.reports.warning import WARNING
from liaison_client.watchlists.kinds.value import Kind
from liaison_client.watchlists.matching import Hit

#: Manifest column names (lower case, as headers are written in English and
#: Chinese) that hold the sending party; any other company column is the consignee.
_SHIPPER_COLUMNS = ("shipper", "consignor", "exporter", "sender", "发货", "托运", "出口")

_FIELD_OF_KIND = {Kind.CONTAINER: "containers", Kind.AWB: "awbs", Kind.IMO: "vessels",
                  Kind.HS: "hs_codes", Kind.KEYWORD: "indicators"}


def warning_prefill(hits: Sequence[Hit]) -> dict[str, list[str]]:
    """Field name → values for a new warning about ``hits`` (no subject; lists
    without repeats and within their limits; the first company per role)."""
    typed: dict[str, list[str]] = {}
    for hit in hits:
        name = _field_for(hit)
        spec = WARNING.field(name)
        assert spec is not None
        values = typed.setdefault(name, [])
        value = _value_for(hit, spec)
        if len(values) < spec.max_items and value not in values:
            values.append(value)
    return {name: values for name, values in typed.items() if values}


def _field_for(hit: Hit) -> str:
    if hit.kind is Kind.COMPANY:
        column = hit.column.casefold()
        return "shipper" if any(word in column for word in _SHIPPER_COLUMNS) else "consignee"
    return _FIELD_OF_KIND[hit.kind]


def _value_for(hit: Hit, spec: FieldSpec) -> str:
    if hit.kind is Kind.HS:
        # An HS prefix hit: the manifest's full code says more than the listed chapter.
        try:
            return normalise_value(spec, hit.matched).value
        except ReportError:  # not a valid code on its own: the listed one is
            return hit.value
    return hit.value
