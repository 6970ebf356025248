"""One field of a report form, checked as it is typed, by the domain's own rules.

``build_report`` (:mod:`liaison_client.reports.report`) checks a whole report and stops
at the first wrong field; a form wants every field's state at once, each next to its
field. :func:`check_field` is ``build_report``'s per-field loop on one field (required,
one value or a list within its limit, each value through ``normalise_value`` — the same
watch-list validators for identifiers — and no value twice), raising the same
:class:`~liaison_client.reports.errors.ReportError` subclasses, so the form, the CLI and
the receiver refuse exactly the same values with the same codes. The rules that join
two fields (quantity with its unit) are ``build_report``'s, run on the whole form.
"""

from __future__ import annotations

from collections.abc import Sequence

from liaison_client.reports import FieldSpec, FieldValue
from liaison_client.reports.errors import (
    DuplicateValueError,
    FieldMissingError,
    FieldRepeatedError,
    ReportError,
    TooManyValuesError,
)
from liaison_client.reports.fields import normalise_value


def check_field(spec: FieldSpec, texts: Sequence[str]) -> ReportError | None:
    """The first problem of ``texts`` as the values of ``spec`` (None: they are valid)."""
    given = [text for text in texts if text.strip()]
    if not given:
        return FieldMissingError(spec.name) if spec.required else None
    if not spec.multiple and len(given) > 1:
        return FieldRepeatedError(spec.name)
    if len(given) > spec.max_items:
        return TooManyValuesError(spec.name, spec.max_items)
    values: list[FieldValue] = []
    for text in given:
        try:
            value = normalise_value(spec, text)
        except ReportError as error:
            return error
        if any(seen.value == value.value for seen in values):
            return DuplicateValueError(spec.name, value.display)
        values.append(value)
    return None
