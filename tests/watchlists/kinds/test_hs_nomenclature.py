"""The HS 2022 table ships as package data and holds what its README says."""

from __future__ import annotations

from liaison_client.watchlists.kinds.hs_nomenclature import hs2022, parse


def test_the_table_has_the_hs_2022_counts_without_the_national_chapter() -> None:
    table = hs2022()
    # README: 97 chapters, 1,229 headings, 5,613 subheadings, chapter 99 included in those.
    assert (len(table.chapters), len(table.headings), len(table.subheadings)) == (96, 1228, 5612)
    assert "99" not in table.chapters
    assert "77" not in table.chapters


def test_it_is_loaded_once() -> None:
    assert hs2022() is hs2022()


def test_descriptions_are_kept_for_display() -> None:
    assert hs2022().description("3915") == "Waste, parings and scrap, of plastics"
    assert hs2022().description("3999") is None


def test_rows_that_are_not_codes_are_skipped() -> None:
    table = parse("section,hscode,description,parent,level\n"
                  "TOTAL,TOTAL,All,,5\nI,01,Animals; live,TOTAL,2\nX,98,National,TOTAL,2\n")
    assert table.chapters == {"01": "Animals; live"}
