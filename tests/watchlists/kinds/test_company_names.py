"""Company names compare without case, width, punctuation or legal form, Latin and Chinese."""

from __future__ import annotations

import pytest

from liaison_client.watchlists.kinds.company_names import match_key


@pytest.mark.parametrize("name", [
    "Jinhai Trading Co., Ltd.", "JINHAI TRADING CO LTD", "Jinhai Trading Company Limited",
    "ＪＩＮＨＡＩ　ＴＲＡＤＩＮＧ　ＣＯ．，ＬＴＤ．", "jinhai-trading ltd",
])
def test_latin_variants_of_one_name_have_one_key(name: str) -> None:
    assert match_key(name) == "jinhai trading"


@pytest.mark.parametrize("name", [
    "广州金海贸易有限公司", "广州金海贸易股份有限公司", "广州金海贸易有限责任公司",
    "广州金海贸易（有限公司）", "广州 金海贸易 公司",
])
def test_chinese_variants_of_one_name_have_one_key(name: str) -> None:
    assert match_key(name) == "广州金海贸易"


def test_german_legal_forms_go_too() -> None:
    assert match_key("Müller Recycling GmbH & Co. KG") == "müller recycling"


def test_a_legal_form_inside_a_word_stays() -> None:
    assert match_key("Coastal Agency Ltd") == "coastal agency"


@pytest.mark.parametrize("name", ["Vikfen Trading B.V.", "VIKFEN TRADING BV", "Vikfen Trading S.A.",
                                  "Vikfen Trading S. A. R. L."])
def test_legal_forms_spelt_with_dots_are_recognised(name: str) -> None:
    assert match_key(name) == "vikfen trading"


def test_spelt_out_initials_are_joined_into_one_word() -> None:
    assert match_key("X. Y. Trading Ltd") == "xy trading"
