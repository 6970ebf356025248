"""The field schema of reports: what a field holds, and how one typed value is checked.

A field is described by a :class:`FieldSpec` (name, :class:`ValueType`,
required or not, one value or a list, limits); the kind modules
(:mod:`.warning`, :mod:`.feedback`, :mod:`.seizure`) list theirs, and
:func:`normalise_value` turns one typed string into a :class:`FieldValue`:
the normalised ``value`` stored and sent, and the ``display`` form people read.

Identifier fields reuse the watch-list validators
(:mod:`liaison_client.watchlists.kinds`), so a container number, HS code, IMO
or air waybill is accepted in a report exactly when it would be in a watch
list, normalised the same way (so a report field and a watch-list entry
compare equal). Their refusals are wrapped in
:class:`~.errors.IdentifierInvalidError`, which names the field.

The wire carries only ``value``: ``display`` is recomputed from it on receipt,
so a sender cannot show one code and mean another (docs/REPORTS.md).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from liaison_client.reports.errors import (
    DateInvalidError,
    FieldEmptyError,
    IdentifierInvalidError,
    MessageIdInvalidError,
    OutcomeUnknownError,
    QuantityInvalidError,
    TextInvalidError,
    TextTooLongError,
    UnitUnknownError,
)
from liaison_client.watchlists.errors import ValueInvalidError
from liaison_client.watchlists.kinds import awb, company, container, hs_code, imo
from liaison_client.watchlists.kinds.value import NormalisedValue


class ValueType(StrEnum):
    """What one value of a field is (docs/REPORTS.md has the rules of each)."""

    TEXT = "text"
    DATE = "date"
    QUANTITY = "quantity"
    UNIT = "unit"
    OUTCOME = "outcome"
    MESSAGE_ID = "message_id"
    CONTAINER = "container"
    AWB = "awb"
    IMO = "imo"
    HS = "hs"
    COMPANY = "company"


class Outcome(StrEnum):
    """The result of a control, as a feedback reports it."""

    FOUND = "found"
    NOTHING_FOUND = "nothing_found"


#: The units a seizure's quantity may be given in: the ones customs seizure
#: statistics use (WCO CEN: weight, volume, pieces, packages, containers).
#: Closed, so reports add up across agencies; the spelling is the stored form.
UNITS: tuple[str, ...] = ("g", "kg", "t", "l", "m3", "pcs", "pairs", "cartons", "packages",
                          "TEU")
_UNIT_BY_FOLDED = {unit.casefold(): unit for unit in UNITS}

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_QUANTITY = re.compile(r"[0-9]{1,12}(\.[0-9]{1,6})?")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a report kind.

    ``max_items`` bounds a list field; ``max_length`` bounds a free-text value
    (characters); ``multiline`` keeps line breaks in free text (``details``,
    ``concealment``) where other text fields fold all whitespace to one space.
    """

    name: str
    type: ValueType
    required: bool = False
    multiple: bool = False
    max_items: int = 1
    max_length: int = 200
    multiline: bool = False


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One checked value: ``value`` is stored and sent, ``display`` is shown."""

    value: str
    display: str


def normalise_value(spec: FieldSpec, text: str) -> FieldValue:
    """Check ``text`` as a value of ``spec`` and return it normalised; raises a
    :class:`~.errors.ReportFieldError` naming the field and the reason."""
    return _NORMALISERS[spec.type](spec, text)


def _text(spec: FieldSpec, text: str) -> FieldValue:
    if spec.multiline:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        value = "\n".join(" ".join(line.split()) for line in lines).strip("\n")
    else:
        value = " ".join(text.split())
    if not value:
        raise FieldEmptyError(spec.name)
    if any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in value):
        raise TextInvalidError(spec.name)
    if len(value) > spec.max_length:
        raise TextTooLongError(spec.name, spec.max_length)
    return FieldValue(value, value)


def _date(spec: FieldSpec, text: str) -> FieldValue:
    value = text.strip()
    if not value:
        raise FieldEmptyError(spec.name)
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        datetime.date.fromisoformat(value)
    except ValueError:
        raise DateInvalidError(spec.name, value) from None
    return FieldValue(value, value)


def _quantity(spec: FieldSpec, text: str) -> FieldValue:
    value = text.strip()
    if not value:
        raise FieldEmptyError(spec.name)
    if not _QUANTITY.fullmatch(value):
        raise QuantityInvalidError(spec.name, value)
    try:
        amount = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise QuantityInvalidError(spec.name, value) from None
    if amount <= 0:
        raise QuantityInvalidError(spec.name, value)
    # 1250.500 → 1250.5, 0012 → 12: one spelling per amount, never an exponent.
    normalised = format(amount.normalize(), "f")
    return FieldValue(normalised, normalised)


def _unit(spec: FieldSpec, text: str) -> FieldValue:
    typed = unicodedata.normalize("NFKC", text).strip()
    if not typed:
        raise FieldEmptyError(spec.name)
    unit = _UNIT_BY_FOLDED.get(typed.casefold())
    if unit is None:
        raise UnitUnknownError(spec.name, typed, ", ".join(UNITS))
    return FieldValue(unit, unit)


def _outcome(spec: FieldSpec, text: str) -> FieldValue:
    typed = text.strip()
    if not typed:
        raise FieldEmptyError(spec.name)
    try:
        outcome = Outcome(typed.casefold().replace("-", "_").replace(" ", "_"))
    except ValueError:
        raise OutcomeUnknownError(spec.name, typed) from None
    return FieldValue(str(outcome), str(outcome))


def _message_id(spec: FieldSpec, text: str) -> FieldValue:
    typed = text.strip()
    if not typed:
        raise FieldEmptyError(spec.name)
    try:
        value = str(uuid.UUID(typed))
    except ValueError:
        raise MessageIdInvalidError(spec.name, typed) from None
    return FieldValue(value, value)


def _identifier(validate: Callable[[str], NormalisedValue]) -> Callable[[FieldSpec, str],
                                                                          FieldValue]:
    def normalise(spec: FieldSpec, text: str) -> FieldValue:
        if not text.strip():
            raise FieldEmptyError(spec.name)
        if len(text) > spec.max_length:
            raise TextTooLongError(spec.name, spec.max_length)
        try:
            checked = validate(text)
        except ValueInvalidError as problem:
            raise IdentifierInvalidError(spec.name, problem) from problem
        return FieldValue(checked.value, checked.display)
    return normalise


def _company_name(text: str) -> NormalisedValue:
    return company.normalise(text)


_NORMALISERS: dict[ValueType, Callable[[FieldSpec, str], FieldValue]] = {
    ValueType.TEXT: _text,
    ValueType.DATE: _date,
    ValueType.QUANTITY: _quantity,
    ValueType.UNIT: _unit,
    ValueType.OUTCOME: _outcome,
    ValueType.MESSAGE_ID: _message_id,
    ValueType.CONTAINER: _identifier(container.normalise),
    ValueType.AWB: _identifier(awb.normalise),
    ValueType.IMO: _identifier(imo.normalise),
    ValueType.HS: _identifier(lambda text: hs_code.normalise(text)),
    ValueType.COMPANY: _identifier(_company_name),
}
