"""Companies: a name with an optional EORI (shape only) and USCC (check flagged, not refused).

Sources:
- USCC ``91110000600037341L``: python-stdnum's doctest, from the OECD's China TIN
  sheet; ``91350100M000100Y43``: the example of zh.wikipedia "统一社会信用代码".
  The check rule (GB 32100-2015 §4.3, ISO 7064 MOD 31-3: weights 3^i mod 31,
  check = 31 − sum mod 31) is written out here independently of the library.
- EORI: HMRC's format ``GB`` + 12 digits (``GB123456789000``, gov.uk "Get an EORI
  number"), Germany's ``DE`` + up to 15 characters (Regulation (EU) 952/2013 art. 9;
  no EU-wide check digit).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from liaison_client.watchlists.errors import EmptyValueError, EoriFormatError, UsccFormatError
from liaison_client.watchlists.kinds import company
from liaison_client.watchlists.kinds.value import Flag

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def standard_check_character(first_17: str) -> str:
    weights = [3 ** i % 31 for i in range(17)]
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first_17, weights, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


@pytest.mark.parametrize("code", ["91110000600037341L", "91350100M000100Y43"])
def test_stdnum_and_gb_32100_accept_the_published_codes(code: str) -> None:
    assert standard_check_character(code[:17]) == code[17]
    assert stdnum_uscc.calc_check_digit(code[:17]) == code[17]


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
def test_stdnum_computes_gb_32100s_check_character_for_any_code(first_17: str) -> None:
    assert stdnum_uscc.calc_check_digit(first_17) == standard_check_character(first_17)


def test_a_company_keeps_its_name_and_its_identifiers_normalised() -> None:
    value = company.normalise(" Jinhai  Trading Co., Ltd. ", uscc="9111 0000 6000 3734 1l",
                              eori="gb 123456789000")
    assert value.value == "Jinhai Trading Co., Ltd."
    assert value.key == "jinhai trading"
    assert value.identifiers == {"uscc": "91110000600037341L", "eori": "GB123456789000"}
    assert value.flags == ()


def test_a_uscc_whose_check_fails_is_kept_and_flagged() -> None:
    value = company.normalise("广州金海贸易有限公司", uscc="91110000600037341A")
    assert value.identifiers == {"uscc": "91110000600037341A"}
    assert value.flags == (Flag.USCC_CHECK_FAILED,)


def test_gb_32100_allows_a_letter_as_registering_authority_though_stdnum_validate_does_not(
        ) -> None:
    code = "Y1110000600037341"
    code += standard_check_character(code)
    assert not stdnum_uscc.is_valid(code)
    assert company.normalise("Some Org", uscc=code).flags == ()


@pytest.mark.parametrize("uscc", ["9111000060003734", "91110000600037341LX", "9111000060003734IL",
                                  "91AB0000600037341L"])
def test_a_uscc_of_the_wrong_shape_is_refused(uscc: str) -> None:
    with pytest.raises(UsccFormatError):
        company.normalise("X", uscc=uscc)


@pytest.mark.parametrize("eori", ["GB123456789000", "DE1234567", "XI123456789000",
                                  "FR12345678901234A"[:17], "gr123456789"])
def test_eori_numbers_of_the_right_shape_are_accepted(eori: str) -> None:
    assert company.normalise("X", eori=eori).identifiers["eori"] == eori.upper()


@pytest.mark.parametrize("eori", ["US123456789", "GB", "DE1234567890123456", "123456789",
                                  "GB12345678900#"])
def test_eori_numbers_of_the_wrong_shape_or_country_are_refused(eori: str) -> None:
    with pytest.raises(EoriFormatError):
        company.normalise("X", eori=eori)


@pytest.mark.parametrize("name", ["", "   ", "Co., Ltd.", "有限公司"])
def test_a_name_that_is_only_a_legal_form_is_empty(name: str) -> None:
    with pytest.raises(EmptyValueError):
        company.normalise(name)
