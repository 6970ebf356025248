"""Air waybill numbers: the check digit is the 7-digit serial mod 7, the prefix not covered.

Sources: the rule is IATA Resolution 600a's, as the Australian Border Force ICS
developer guide restates it; ``176-12345675`` is issue 14's example (Emirates'
prefix 176; 1234567 mod 7 = 5); ``020-12345675`` shows that the airline prefix
does not enter the check (Lufthansa Cargo's prefix 020, same serial).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaison_client.watchlists.errors import AwbFormatError, CheckDigitError
from liaison_client.watchlists.kinds import awb


def test_the_check_digit_is_the_serial_modulo_seven() -> None:
    assert 1234567 % 7 == 5
    assert awb.check_digit("1234567") == "5"


@pytest.mark.parametrize("typed", ["176-12345675", "17612345675", "176 1234 5675",
                                   "176-1234567-5"])
def test_a_valid_number_is_normalised_as_prefix_dash_serial(typed: str) -> None:
    assert awb.normalise(typed).value == "176-12345675"


def test_the_airline_prefix_is_not_covered_by_the_check() -> None:
    assert awb.normalise("020-12345675").value == "020-12345675"


def test_a_wrong_check_digit_names_the_right_one() -> None:
    with pytest.raises(CheckDigitError) as refused:
        awb.normalise("176-12345674")
    assert refused.value.params["expected"] == "5"
    assert str(refused.value) == "awb 176-12345674: check digit should be 5"


@given(prefix=st.integers(0, 999), serial=st.integers(0, 9_999_999))
def test_every_serial_with_its_remainder_is_accepted(prefix: int, serial: int) -> None:
    number = f"{prefix:03d}{serial:07d}{serial % 7}"
    assert awb.normalise(number).value == f"{prefix:03d}-{serial:07d}{serial % 7}"


@pytest.mark.parametrize("typed", ["176-1234567", "176-123456756", "ABC-12345675", "176-1234567X"])
def test_numbers_of_the_wrong_shape_are_refused(typed: str) -> None:
    with pytest.raises(AwbFormatError):
        awb.normalise(typed)
