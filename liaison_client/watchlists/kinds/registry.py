"""One entry point for every kind: ``normalise(kind, text)`` and the list of kinds.

Identifiers (``uscc``, ``eori``) belong to companies only; given for another
kind they are refused rather than silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable

from liaison_client.watchlists.errors import IdentifiersNotCompanyError, UnknownKindError
from liaison_client.watchlists.kinds import awb, company, container, hs_code, imo, keyword
from liaison_client.watchlists.kinds.value import Kind, NormalisedValue

_SIMPLE: dict[Kind, Callable[[str], NormalisedValue]] = {
    Kind.CONTAINER: container.normalise,
    Kind.HS: hs_code.normalise,
    Kind.IMO: imo.normalise,
    Kind.AWB: awb.normalise,
    Kind.KEYWORD: keyword.normalise,
}


def parse_kind(text: str) -> Kind:
    """``"Container "`` → :attr:`Kind.CONTAINER`; raises :class:`UnknownKindError`."""
    try:
        return Kind(text.strip().lower())
    except ValueError:
        raise UnknownKindError(text.strip()) from None


def normalise(kind: Kind | str, text: str, *, uscc: str | None = None,
              eori: str | None = None) -> NormalisedValue:
    """Validate and normalise ``text`` as a value of ``kind``; raises a
    :class:`~liaison_client.watchlists.errors.ValueInvalidError` that says what is wrong."""
    kind = parse_kind(kind) if not isinstance(kind, Kind) else kind
    if kind is Kind.COMPANY:
        return company.normalise(text, uscc=uscc, eori=eori)
    if (uscc and uscc.strip()) or (eori and eori.strip()):
        raise IdentifiersNotCompanyError(kind)
    return _SIMPLE[kind](text)
