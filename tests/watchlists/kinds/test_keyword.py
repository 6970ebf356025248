"""Keywords: NFKC and trimmed, compared casefolded."""

from __future__ import annotations

import pytest

from liaison_client.watchlists.errors import EmptyValueError
from liaison_client.watchlists.kinds import keyword


def test_full_width_and_spacing_are_normalised_case_is_kept_for_display() -> None:
    value = keyword.normalise("  ＰＥＴ   废料 ")
    assert (value.value, value.key) == ("PET 废料", "pet 废料")


def test_the_match_form_is_casefolded() -> None:
    assert keyword.match_form("Plastic  SCRAP") == "plastic scrap"


def test_an_empty_keyword_is_refused() -> None:
    with pytest.raises(EmptyValueError):
        keyword.normalise(" \u3000 ")
