"""``container``: an ISO 6346 container number (owner code, category, serial, check digit).

python-stdnum's ``iso6346`` computes the check digit (letters valued 10–38
skipping multiples of 11, weights 2^position, sum mod 11, a remainder of 10
giving 0), verified against the published example and the rule written out
independently in tests/watchlists/kinds/test_container.py. Its *format* check is
looser than the issue's rule (it accepts the category R for reefer-like marks
and any word character as owner code), so the shape is checked here first:
three Latin letters, U/J/Z, six digits, one digit.
"""

from __future__ import annotations

import re

from stdnum import iso6346

from liaison_client.watchlists.errors import CheckDigitError, ContainerFormatError, EmptyValueError
from liaison_client.watchlists.kinds.value import Kind, NormalisedValue, compact_identifier

_SHAPE = re.compile(r"[A-Z]{3}[UJZ][0-9]{7}")
_LOOSE = re.compile(r"[A-Z]{3}[A-Z][0-9]{7}")


def normalise(text: str) -> NormalisedValue:
    """``csqu 305438-3`` → ``CSQU3054383``; raises a ``ValueInvalidError`` saying what is wrong."""
    value = compact_identifier(text)
    if not value:
        raise EmptyValueError(Kind.CONTAINER)
    if len(value) != 11:
        raise ContainerFormatError(value, f"{len(value)} characters instead of 11")
    if not _SHAPE.fullmatch(value):
        reason = ("category must be U, J or Z" if _LOOSE.fullmatch(value)
                  else "wrong letters or digits")
        raise ContainerFormatError(value, reason)
    expected = iso6346.calc_check_digit(value[:10])
    if value[10] != expected:
        raise CheckDigitError(Kind.CONTAINER, value, expected)
    return NormalisedValue(Kind.CONTAINER, value, value, value)

