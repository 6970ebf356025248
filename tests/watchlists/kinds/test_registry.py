"""One entry point dispatches every kind; identifiers belong to companies only."""

from __future__ import annotations

import pytest

from liaison_client.watchlists.errors import IdentifiersNotCompanyError, UnknownKindError
from liaison_client.watchlists.kinds.registry import normalise, parse_kind
from liaison_client.watchlists.kinds.value import Kind


@pytest.mark.parametrize(("kind", "typed", "value"), [
    ("container", "csqu3054383", "CSQU3054383"), ("hs", "3915.10", "391510"),
    ("imo", "IMO 9074729", "9074729"), ("awb", "17612345675", "176-12345675"),
    ("company", "Jinhai Trading Co., Ltd.", "Jinhai Trading Co., Ltd."),
    ("keyword", " 废塑料 ", "废塑料"),
])
def test_every_kind_is_reached_by_its_name(kind: str, typed: str, value: str) -> None:
    assert normalise(kind, typed).value == value
    assert normalise(kind, typed).kind is Kind(kind)


def test_kind_names_are_forgiving_about_case_and_spaces() -> None:
    assert parse_kind(" Container ") is Kind.CONTAINER


def test_an_unknown_kind_is_refused_by_name() -> None:
    with pytest.raises(UnknownKindError) as refused:
        normalise("vessel", "9074729")
    assert refused.value.params == {"kind": "vessel"}


def test_a_uscc_on_a_container_is_refused_not_dropped() -> None:
    with pytest.raises(IdentifiersNotCompanyError):
        normalise(Kind.CONTAINER, "CSQU3054383", uscc="91110000600037341L")
