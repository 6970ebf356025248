"""A validated report, built from typed values or decoded from its wire form.

:func:`build_report` is the one place the rules are applied (fields known,
required ones present, single fields given once, lists within their limit and
without repeats, every value valid, paired fields together); the wire decoder
(:func:`report_from_wire`) checks the JSON shape, then goes through it too,
so what a sender may compose and what a receiver accepts are the same set.

Wire form (the ``fields`` object of a report message body, docs/REPORTS.md):
a single-valued field is a string, a list field a non-empty list of strings,
an absent optional field is left out (never ``null`` or ``[]``); every value is
the normalised one. The body must encode back to exactly the bytes that were
signed, so a received value that is valid but not normalised is refused
(:class:`~.errors.FieldNotCanonicalError`), not silently rewritten.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from liaison_client.protocol.canonical import JsonObject, JsonValue
from liaison_client.reports.errors import (
    DuplicateValueError,
    FieldMissingError,
    FieldNotCanonicalError,
    FieldRepeatedError,
    FieldShapeError,
    FieldsPairedError,
    FieldUnknownError,
    TooManyValuesError,
)
from liaison_client.reports.fields import FieldSpec, FieldValue, normalise_value
from liaison_client.reports.registry import schema_of
from liaison_client.reports.schema import ReportKind, ReportSchema


@dataclass(frozen=True, slots=True)
class ReportField:
    """A present field and its values (one for a single-valued field)."""

    spec: FieldSpec
    values: tuple[FieldValue, ...]

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass(frozen=True, slots=True)
class Report:
    """A report whose every field was checked; ``fields`` in schema order, absent ones left out."""

    kind: ReportKind
    fields: tuple[ReportField, ...]

    def __iter__(self) -> Iterator[ReportField]:
        return iter(self.fields)

    def get(self, name: str) -> ReportField | None:
        return next((field for field in self.fields if field.name == name), None)

    def values(self, name: str) -> tuple[str, ...]:
        """The normalised values of ``name`` (empty if absent)."""
        field = self.get(name)
        return () if field is None else tuple(v.value for v in field.values)

    def value(self, name: str) -> str | None:
        """The normalised value of a single-valued field, or ``None``."""
        values = self.values(name)
        return values[0] if values else None

    def to_wire(self) -> JsonObject:
        wire: JsonObject = {}
        for field in self.fields:
            if field.spec.multiple:
                wire[field.name] = [v.value for v in field.values]
            else:
                wire[field.name] = field.values[0].value
        return wire


def build_report(kind: ReportKind | str, typed: Mapping[str, Sequence[str]]) -> Report:
    """Check ``typed`` (field name → the values given, in order) as a report of ``kind``.

    Raises a :class:`~.errors.ReportError` naming the first field that is wrong
    (schema order, so the officer corrects from the top).
    """
    schema = schema_of(kind)
    _refuse_unknown(schema, typed)
    fields: list[ReportField] = []
    for spec in schema.fields:
        given = list(typed.get(spec.name, ()))
        if not given:
            if spec.required:
                raise FieldMissingError(spec.name)
            continue
        if not spec.multiple and len(given) > 1:
            raise FieldRepeatedError(spec.name)
        if len(given) > spec.max_items:
            raise TooManyValuesError(spec.name, spec.max_items)
        values: list[FieldValue] = []
        for text in given:
            value = normalise_value(spec, text)
            if any(seen.value == value.value for seen in values):
                raise DuplicateValueError(spec.name, value.display)
            values.append(value)
        fields.append(ReportField(spec, tuple(values)))
    present = {field.name for field in fields}
    for first, second in schema.paired:
        if (first in present) != (second in present):
            missing, given_one = (second, first) if first in present else (first, second)
            raise FieldsPairedError(missing, given_one)
    return Report(schema.kind, tuple(fields))


def report_from_wire(kind: ReportKind | str, wire: JsonObject) -> Report:
    """Decode and validate a received ``fields`` object; raises a
    :class:`~.errors.ReportError` (the channel service refuses the message with it)."""
    schema = schema_of(kind)
    _refuse_unknown(schema, wire)
    typed = {name: _wire_values(schema.field(name), value) for name, value in wire.items()}
    report = build_report(schema.kind, typed)
    for field in report:
        for given, checked in zip(typed[field.name], field.values, strict=True):
            if given != checked.value:
                raise FieldNotCanonicalError(field.name, given, checked.value)
    return report


def _refuse_unknown(schema: ReportSchema, given: Mapping[str, object]) -> None:
    for name in given:
        if schema.field(name) is None:
            raise FieldUnknownError(name, str(schema.kind), ", ".join(schema.names))


def _wire_values(spec: FieldSpec | None, value: JsonValue) -> list[str]:
    assert spec is not None  # unknown names were refused first
    if spec.multiple:
        if (not isinstance(value, list) or not value
                or not all(isinstance(item, str) for item in value)):
            raise FieldShapeError(spec.name, "a non-empty list of strings")
        return [item for item in value if isinstance(item, str)]
    if not isinstance(value, str):
        raise FieldShapeError(spec.name, "a string")
    return [value]
