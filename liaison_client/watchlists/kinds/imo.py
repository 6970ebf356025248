"""``imo``: a ship's IMO number (SOLAS XI-1/3): six digits and a weighted check digit.

python-stdnum's ``imo`` implements exactly the ship rule (digits weighted 7..2,
sum mod 10) and strips an ``IMO`` prefix; verified against the published examples
in tests/watchlists/kinds/test_imo.py. Company and registered-owner IMO numbers
use another rule (weights 8..2, mod 11) and are not ship numbers: such a number
usually fails this check and is refused with the digit a ship number would need.
"""

from __future__ import annotations

from stdnum import imo

from liaison_client.watchlists.errors import CheckDigitError, EmptyValueError, ImoFormatError
from liaison_client.watchlists.kinds.value import Kind, NormalisedValue, compact_identifier


def normalise(text: str) -> NormalisedValue:
    """``IMO 9074729`` → ``9074729`` (displayed ``IMO 9074729``)."""
    value = compact_identifier(text)
    if not value:
        raise EmptyValueError(Kind.IMO)
    value = value.removeprefix("IMO")
    if len(value) != 7 or not value.isascii() or not value.isdigit():
        raise ImoFormatError(text.strip())
    expected = imo.calc_check_digit(value[:6])
    if value[6] != expected:
        raise CheckDigitError(Kind.IMO, value, expected)
    return NormalisedValue(Kind.IMO, value, f"IMO {value}", value)

