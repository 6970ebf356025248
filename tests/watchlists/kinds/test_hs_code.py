"""HS codes exist in HS 2022 or are refused naming the level that does not.

Source of the vectors: shared/data/hs2022/README.md (checked against the WCO
HS 2022 nomenclature): 3915, 3915.10, 3915.90, 4707.30, 7204.21, 7404, 7602,
8549 (new in HS 2022) exist; 3915.40, 7204.60, 3999, 4799, 7701 do not.
"""

from __future__ import annotations

import pytest

from liaison_client.watchlists.errors import (
    HsChapterUnknownError,
    HsFormatError,
    HsHeadingUnknownError,
    HsNationalChapterError,
    HsSubheadingUnknownError,
)
from liaison_client.watchlists.kinds import hs_code
from liaison_client.watchlists.kinds.value import Flag


@pytest.mark.parametrize(("typed", "value", "display"), [
    ("3915", "3915", "3915"), ("3915.10", "391510", "3915.10"), ("3915.90", "391590", "3915.90"),
    ("4707.30", "470730", "4707.30"), ("7204.21", "720421", "7204.21"), ("7404", "7404", "7404"),
    ("7602", "7602", "7602"), ("8549", "8549", "8549"), ("39", "39", "39"),
    ("3915 10", "391510", "3915.10"), ("３９１５．１０", "391510", "3915.10"),
])
def test_published_codes_exist(typed: str, value: str, display: str) -> None:
    normalised = hs_code.normalise(typed)
    assert (normalised.value, normalised.display, normalised.flags) == (value, display, ())


def test_a_missing_heading_is_named_as_a_heading_of_hs_2022() -> None:
    with pytest.raises(HsHeadingUnknownError) as refused:
        hs_code.normalise("3999")
    assert str(refused.value) == "HS heading 3999 does not exist in HS 2022"
    assert refused.value.params == {"code": "3999", "display": "3999", "edition": "HS 2022"}


@pytest.mark.parametrize(("typed", "shown"), [("3915.40", "3915.40"), ("720460", "7204.60")])
def test_a_missing_subheading_is_named_with_its_dot(typed: str, shown: str) -> None:
    with pytest.raises(HsSubheadingUnknownError) as refused:
        hs_code.normalise(typed)
    assert str(refused.value) == f"HS subheading {shown} does not exist in HS 2022"


def test_a_missing_heading_under_an_existing_chapter_is_refused() -> None:
    with pytest.raises(HsHeadingUnknownError):
        hs_code.normalise("4799")


def test_the_reserved_chapter_77_does_not_exist() -> None:
    with pytest.raises(HsChapterUnknownError) as refused:
        hs_code.normalise("7701")
    assert str(refused.value) == "HS chapter 77 does not exist in HS 2022"


@pytest.mark.parametrize("typed", ["98", "9801", "99", "999999"])
def test_chapters_98_and_99_are_national_not_hs(typed: str) -> None:
    with pytest.raises(HsNationalChapterError):
        hs_code.normalise(typed)


@pytest.mark.parametrize(("typed", "value", "display"), [
    ("39151000", "39151000", "3915.10.00"), ("3915100000", "3915100000", "3915.10.00.00"),
    ("3915.10.00.90", "3915100090", "3915.10.00.90"),
])
def test_national_codes_under_an_existing_subheading_are_accepted_and_marked(
        typed: str, value: str, display: str) -> None:
    normalised = hs_code.normalise(typed)
    assert (normalised.value, normalised.display) == (value, display)
    assert normalised.flags == (Flag.HS_NATIONAL,)


def test_a_national_code_under_a_missing_subheading_is_refused() -> None:
    with pytest.raises(HsSubheadingUnknownError):
        hs_code.normalise("39154000")


@pytest.mark.parametrize("typed", ["3", "391", "39151", "391510000", "39151000001", "39A5",
                                   "HS 3915"])
def test_codes_of_the_wrong_length_or_with_letters_are_refused(typed: str) -> None:
    with pytest.raises(HsFormatError):
        hs_code.normalise(typed)
