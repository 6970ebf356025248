"""Ship IMO numbers: six digits weighted 7..2, sum mod 10 is the seventh.

Sources: ``IMO 9074729`` is the worked example of Wikipedia "IMO number"
(9×7 + 0×6 + 7×5 + 4×4 + 7×3 + 2×2 = 139 → 9); ``IMO 9319466`` and ``IMO 8814275``
are python-stdnum's doctests (ships on public registers); ``8814274`` is stdnum's
invalid example. Company/owner numbers (SOLAS XI-1/5, e.g. 5304985 in IMO
Resolution MSC.160(78)'s scheme) use weights 8..2 mod 11 and are not ship numbers.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import imo as stdnum_imo

from liaison_client.watchlists.errors import CheckDigitError, ImoFormatError
from liaison_client.watchlists.kinds import imo


def standard_check_digit(six: str) -> str:
    return str(sum(int(d) * w for d, w in zip(six, range(7, 1, -1), strict=True)) % 10)


def test_the_worked_example_sums_to_139() -> None:
    assert sum(int(d) * w for d, w in zip("907472", range(7, 1, -1), strict=True)) == 139


@pytest.mark.parametrize("number", ["9074729", "9319466", "8814275"])
def test_stdnum_and_the_rule_accept_the_published_ship_numbers(number: str) -> None:
    assert standard_check_digit(number[:6]) == number[6]
    assert stdnum_imo.calc_check_digit(number[:6]) == number[6]


@given(st.integers(0, 999_999))
def test_stdnum_computes_the_rules_check_digit_for_any_number(six: int) -> None:
    assert stdnum_imo.calc_check_digit(f"{six:06d}") == standard_check_digit(f"{six:06d}")


@pytest.mark.parametrize("typed", ["IMO 9074729", "imo9074729", "9074729", " IMO 907 4729 "])
def test_a_ship_number_is_normalised_to_seven_digits(typed: str) -> None:
    value = imo.normalise(typed)
    assert (value.value, value.display) == ("9074729", "IMO 9074729")


def test_the_published_invalid_number_is_refused_with_the_right_digit() -> None:
    with pytest.raises(CheckDigitError) as refused:
        imo.normalise("8814274")
    assert refused.value.params["expected"] == "5"


@pytest.mark.parametrize("typed", ["907472", "90747290", "IMO 90747A9", "IMX 9074729"])
def test_numbers_of_the_wrong_shape_are_refused(typed: str) -> None:
    with pytest.raises(ImoFormatError):
        imo.normalise(typed)
