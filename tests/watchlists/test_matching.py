"""Matching a manifest: identifiers exact, HS by prefix, companies by similarity, keywords
contained; retired and expired entries never match; rows are spreadsheet lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from liaison_client.watchlists.kinds.value import Kind
from liaison_client.watchlists.manifest import Manifest, guess_mapping, load_manifest
from liaison_client.watchlists.matching import Hit, MatchIndex, MatchReason, match_manifest
from liaison_client.watchlists.merge import OperationLog, Role, membership_by_epoch
from liaison_client.watchlists.model import Entry
from liaison_client.watchlists.operations import EntryFields, LamportClock, OperationAuthor
from liaison_client.watchlists.table_files import Table
from tests.watchlists.planted_manifest import generate

TODAY = dt.date(2026, 12, 4)
HEADER = ["No.", "Container No.", "HS Code", "Consignee", "Shipper", "Description of Goods",
          "Vessel IMO", "AWB No"]


def listed(*fields: EntryFields, retire: int | None = None) -> list[Entry]:
    author = OperationAuthor("chan", "coord", LamportClock(), lambda: 0,
                             lambda: 1_796_342_400_000)
    log = OperationLog(membership_by_epoch({0: {"coord": Role.COORDINATOR}}))
    log.receive(author.create_list("L"))
    adds = [author.add("L", f) for f in fields]
    for op in adds:
        log.receive(op)
    if retire is not None:
        entry_id = adds[retire].entry_id
        assert entry_id is not None
        log.receive(author.retire("L", entry_id))
    watch_list = log.state.list_named("L")
    assert watch_list is not None
    assert len(watch_list.entries) == len(fields)
    return list(watch_list.entries.values())


def match(entries: list[Entry], *rows: list[str], today: dt.date = TODAY) -> list[Hit]:
    table = Table(HEADER, [(row + [""] * len(HEADER))[:len(HEADER)] for row in rows])
    return match_manifest(Manifest(table, guess_mapping(HEADER)), MatchIndex(entries, today))


def found(hits: list[Hit]) -> list[tuple[int, str, str, float]]:
    return [(hit.row, hit.column, hit.value, hit.score) for hit in hits]


def test_identifiers_match_exactly_after_normalisation_in_any_spelling() -> None:
    entries = listed(EntryFields("container", "CSQU3054383"), EntryFields("imo", "9074729"),
                     EntryFields("awb", "176-12345675"))
    hits = match(entries,
                 ["1", "csqu 305438-3", "", "", "", "", "IMO 9074729", "176 1234 5675"],
                 ["2", "TASU1170000, CSQU3054383"])
    assert found(hits) == [(2, "Container No.", "CSQU3054383", 1.0),
                           (2, "Vessel IMO", "9074729", 1.0),
                           (2, "AWB No", "176-12345675", 1.0),
                           (3, "Container No.", "CSQU3054383", 1.0)]
    assert {hit.reason for hit in hits} == {MatchReason.IDENTIFIER}
    assert hits[0].matched == "CSQU 305438-3"


def test_an_identifier_one_digit_off_does_not_match() -> None:
    entries = listed(EntryFields("container", "CSQU3054383"), EntryFields("imo", "9074729"),
                     EntryFields("awb", "176-12345675"))
    assert match(entries, ["1", "CSQU3054393", "", "", "", "", "9074728", "176-12345674"],
                 ["2", "CSQU305438", "", "", "", "", "19074729", "1176-12345675"]) == []


def test_an_hs_entry_covers_every_longer_code_under_it() -> None:
    entries = listed(EntryFields("hs", "3915"), EntryFields("hs", "391510"))
    hits = match(entries, ["1", "", "3915.10.00"], ["2", "", "391590"], ["3", "", "3916"],
                 ["4", "", "39151000; 47073000"])
    assert [(h.row, h.value) for h in hits] == [(2, "3915"), (2, "391510"), (3, "3915"),
                                               (5, "3915"), (5, "391510")]
    assert {hit.reason for hit in hits} == {MatchReason.HS_PREFIX}


def test_a_numeric_cell_that_lost_its_leading_zero_is_read_with_it() -> None:
    entries = listed(EntryFields("hs", "0101"))
    assert [h.matched for h in match(entries, ["1", "", "10121"])] == ["10121"]


@pytest.mark.parametrize(("listed_name", "manifest_name", "score"), [
    ("Jinhai Trading Co., Ltd.", "JINHAI TRADING CO LTD", 1.0),
    ("Jinhai Trading Co., Ltd.", "Ｊｉｎｈａｉ Ｔｒａｄｉｎｇ Ｌｉｍｉｔｅｄ", 1.0),
    ("广州金海贸易有限公司", "广州金海贸易股份有限公司", 1.0),
    ("广州金海贸易有限公司", "广州市金海贸易有限公司", 0.9231),
    ("Jinhai Trading Co., Ltd.", "Jinhai Tradng Co Ltd", 0.963),
])
def test_company_variants_match_with_their_similarity(listed_name: str, manifest_name: str,
                                                      score: float) -> None:
    entries = listed(EntryFields("company", listed_name))
    hits = match(entries, ["1", "", "", manifest_name], ["2", "", "", "", manifest_name])
    assert found(hits) == [(2, "Consignee", listed_name, score), (3, "Shipper", listed_name, score)]
    assert hits[0].reason is MatchReason.COMPANY_NAME


@pytest.mark.parametrize("other", ["Jinhai Shipping Co., Ltd.", "Jinhua Textiles Co Ltd",
                                   "深圳金海贸易有限公司", "广州金海物流有限公司"])
def test_different_companies_do_not_match(other: str) -> None:
    entries = listed(EntryFields("company", "Jinhai Trading Co., Ltd."),
                     EntryFields("company", "广州金海贸易有限公司"))
    assert match(entries, ["1", "", "", other]) == []


def test_keywords_are_found_inside_descriptions_whatever_the_case_or_width() -> None:
    entries = listed(EntryFields("keyword", "plastic scrap"), EntryFields("keyword", "废塑料"),
                     EntryFields("keyword", "PET"))
    hits = match(entries, ["1", "", "", "", "", "Mixed PLASTIC  Scrap, baled"],
                 ["2", "", "", "", "", "进口废塑料颗粒"], ["3", "", "", "", "", "ｐｅｔ bottles"],
                 ["4", "", "", "", "", "plastic toys"])
    assert [(h.row, h.value) for h in hits] == [(2, "plastic scrap"), (3, "废塑料"), (4, "PET")]
    assert hits[0].matched == "Mixed PLASTIC  Scrap, baled"


def test_retired_and_expired_entries_never_match() -> None:
    entries = listed(EntryFields("container", "CSQU3054383"),
                     EntryFields("container", "TASU1170000", expires="2026-12-03"),
                     EntryFields("container", "BICU1234565", expires="2026-12-04"), retire=0)
    hits = match(entries, ["1", "CSQU3054383"], ["2", "TASU1170000"], ["3", "BICU1234565"])
    assert found(hits) == [(4, "Container No.", "BICU1234565", 1.0)]


def test_a_hit_serialises_with_the_cli_fields() -> None:
    (hit,) = match(listed(EntryFields("hs", "3915")), ["1", "", "3915.10"])
    assert set(hit.to_dict()) == {"row", "column", "entry_id", "kind", "value", "matched",
                                  "reason", "score"}
    assert hit.to_dict()["kind"] == "hs"
    assert hit.kind is Kind.HS


@pytest.mark.parametrize(("rows", "entries", "every"), [
    (20_000, 2_000, 50),
    pytest.param(100_000, 10_000, 97, marks=pytest.mark.slow),
], ids=["20k rows", "100k rows"])
def test_every_planted_hit_in_a_generated_manifest_is_found_and_no_identifier_is_false(
        tmp_path: Path, rows: int, entries: int, every: int) -> None:
    planted = generate(rows=rows, entries=entries, every=every)
    manifest = load_manifest(planted.write_csv(tmp_path / "manifest.csv"))
    hits = match_manifest(manifest, MatchIndex(planted.entries, TODAY))
    got = {(hit.row, hit.column, hit.entry_id) for hit in hits}
    assert len(planted.expected) >= rows // every
    assert planted.expected <= got
    kinds = {hit.kind for hit in hits if (hit.row, hit.column, hit.entry_id) in planted.expected}
    assert kinds == set(Kind)
    extra = [hit for hit in hits if (hit.row, hit.column, hit.entry_id) not in planted.expected]
    # Only similar company names may add hits, and only on rows where a name was planted.
    assert all(hit.kind is Kind.COMPANY and hit.score >= 0.9 for hit in extra)
    assert {hit.row for hit in extra} <= {row for row, _, _ in planted.expected}
