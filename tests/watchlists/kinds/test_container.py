"""ISO 6346 container numbers: python-stdnum's check digit checked against the standard first.

Sources of the vectors:
- ``CSQU3054383``: the worked example of ISO 6346 (Wikipedia "ISO 6346", from BIC's
  check-digit calculator), also python-stdnum's doctest.
- ``TASU1170000``: python-stdnum's doctest; its weighted sum leaves a remainder of 10,
  which the standard maps to check digit 0.
- ``BICU1234565``: BIC's own illustration of the owner-code format.
The rule, written out here from the standard independently of the library: letters
A=10, B=12 … (values that are multiples of 11 skipped), digits as themselves; each of
the first 10 characters weighted 2^position; sum mod 11; 10 → 0.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import iso6346

from liaison_client.watchlists.errors import CheckDigitError, ContainerFormatError
from liaison_client.watchlists.kinds import container


def letter_values() -> dict[str, int]:
    values: dict[str, int] = {}
    value = 10
    for letter in string.ascii_uppercase:
        if value % 11 == 0:
            value += 1
        values[letter] = value
        value += 1
    return values


LETTER_VALUES = letter_values()


def standard_remainder(first_ten: str) -> int:
    total = sum((LETTER_VALUES[ch] if ch.isalpha() else int(ch)) << i
                for i, ch in enumerate(first_ten))
    return total % 11


def standard_check_digit(first_ten: str) -> str:
    return str(standard_remainder(first_ten) % 10)


def test_the_letter_values_skip_multiples_of_eleven() -> None:
    assert (LETTER_VALUES["A"], LETTER_VALUES["B"], LETTER_VALUES["K"],
            LETTER_VALUES["L"], LETTER_VALUES["V"], LETTER_VALUES["Z"]) == (10, 12, 21, 23, 34, 38)


@pytest.mark.parametrize("number", ["CSQU3054383", "TASU1170000", "BICU1234565"])
def test_stdnum_and_the_standard_accept_the_published_numbers(number: str) -> None:
    assert standard_check_digit(number[:10]) == number[10]
    assert iso6346.calc_check_digit(number[:10]) == number[10]


def test_a_remainder_of_ten_gives_check_digit_zero() -> None:
    assert standard_remainder("TASU117000") == 10
    assert iso6346.calc_check_digit("TASU117000") == "0"


@given(owner=st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3),
       category=st.sampled_from("UJZ"), serial=st.integers(0, 999_999))
def test_stdnum_computes_the_standards_check_digit_for_any_number(
        owner: str, category: str, serial: int) -> None:
    first_ten = f"{owner}{category}{serial:06d}"
    assert iso6346.calc_check_digit(first_ten) == standard_check_digit(first_ten)


@pytest.mark.parametrize("typed", ["CSQU3054383", "csqu3054383", "CSQU 305438 3",
                                   "CSQU-305438-3", " ＣＳＱＵ３０５４３８３ "])
def test_a_valid_number_is_normalised_to_eleven_upper_case_characters(typed: str) -> None:
    value = container.normalise(typed)
    assert (value.value, value.display, value.key) == ("CSQU3054383",) * 3


def test_a_wrong_check_digit_names_the_right_one() -> None:
    with pytest.raises(CheckDigitError) as refused:
        container.normalise("CSQU3054384")
    assert refused.value.params == {"kind": "container", "value": "CSQU3054384",
                                    "expected": "3"}
    assert "check digit should be 3" in str(refused.value)


def test_stdnum_alone_would_accept_category_r_but_the_issue_rule_does_not() -> None:
    number = "CSQR305438" + iso6346.calc_check_digit("CSQR305438")
    assert iso6346.is_valid(number)
    with pytest.raises(ContainerFormatError) as refused:
        container.normalise(number)
    assert refused.value.params["reason"] == "category must be U, J or Z"


@pytest.mark.parametrize("typed", ["CSQU305438", "CSQU30543833", "C5QU3054383", "CSQUA054383",
                                   "ÄSQU3054383"])
def test_malformed_numbers_are_refused_as_not_iso_6346(typed: str) -> None:
    with pytest.raises(ContainerFormatError):
        container.normalise(typed)
