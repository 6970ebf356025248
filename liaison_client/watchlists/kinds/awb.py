"""``awb``: an air waybill number: 3-digit airline prefix, 7-digit serial, check digit.

The check digit is the serial modulo 7; the airline prefix is not covered (IATA
Resolution 600a; the Australian Border Force ICS developer guide states the same
rule). python-stdnum has no AWB module, so the rule is written here, and tested
against published numbers in tests/watchlists/kinds/test_awb.py.
Normalised ``176-12345675`` (prefix, dash, serial and check digit).
"""

from __future__ import annotations

from liaison_client.watchlists.errors import AwbFormatError, CheckDigitError, EmptyValueError
from liaison_client.watchlists.kinds.value import Kind, NormalisedValue, compact_identifier


def check_digit(serial: str) -> str:
    """The check digit of a 7-digit serial: its remainder modulo 7."""
    return str(int(serial) % 7)


def normalise(text: str) -> NormalisedValue:
    """``176 1234 5675`` or ``17612345675`` → ``176-12345675``."""
    digits = compact_identifier(text)
    if not digits:
        raise EmptyValueError(Kind.AWB)
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        raise AwbFormatError(text.strip())
    prefix, serial, given = digits[:3], digits[3:10], digits[10]
    expected = check_digit(serial)
    if given != expected:
        raise CheckDigitError(Kind.AWB, f"{prefix}-{serial}{given}", expected)
    value = f"{prefix}-{serial}{given}"
    return NormalisedValue(Kind.AWB, value, value, value)
