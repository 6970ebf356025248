"""A warning prefilled from watch-list match hits: each value in its kind's field."""

from __future__ import annotations

import pytest

from liaison_client.reports import build_report
from liaison_client.reports.errors import FieldMissingError
from liaison_client.reports.prefill import warning_prefill
from liaison_client.watchlists.kinds.value import Kind
from liaison_client.watchlists.matching import Hit, MatchReason

HITS = [
    Hit(2, "Container No.", "e1", Kind.CONTAINER, "CSQU3054383", "CSQU3054383",
        MatchReason.IDENTIFIER, 1.0),
    Hit(3, "Container No.", "e1", Kind.CONTAINER, "CSQU3054383", "CSQU 305438 3",
        MatchReason.IDENTIFIER, 1.0),
    Hit(2, "HS Code", "e2", Kind.HS, "3915", "3915.10", MatchReason.HS_PREFIX, 1.0),
    Hit(4, "HS Code", "e2", Kind.HS, "3915", "3915.99", MatchReason.HS_PREFIX, 1.0),
    Hit(2, "收货人", "e3", Kind.COMPANY, "广州金海贸易有限公司", "广州市金海贸易有限公司",
        MatchReason.COMPANY_NAME, 0.93),
    Hit(2, "Shipper", "e4", Kind.COMPANY, "ACME Trading Ltd", "ACME TRADING LIMITED",
        MatchReason.COMPANY_NAME, 0.9),
    Hit(5, "Consignee", "e5", Kind.COMPANY, "Other Co", "Other Co", MatchReason.COMPANY_NAME,
        1.0),
    Hit(2, "Vessel", "e6", Kind.IMO, "9074729", "IMO 9074729", MatchReason.IDENTIFIER, 1.0),
    Hit(2, "AWB", "e7", Kind.AWB, "176-12345675", "17612345675", MatchReason.IDENTIFIER, 1.0),
    Hit(2, "Description", "e8", Kind.KEYWORD, "ceramic tiles", "CERAMIC TILES 20KG",
        MatchReason.KEYWORD, 1.0),
]


def test_each_hit_fills_the_field_of_its_kind_without_repeats() -> None:
    assert warning_prefill(HITS) == {
        "containers": ["CSQU3054383"],
        # The manifest's code when it is valid (391510), the listed prefix when not (3915.99).
        "hs_codes": ["391510", "3915"],
        "consignee": ["广州金海贸易有限公司"],
        "shipper": ["ACME Trading Ltd"],
        "vessels": ["9074729"],
        "awbs": ["176-12345675"],
        "indicators": ["ceramic tiles"],
    }


def test_the_officer_writes_the_subject_and_the_rest_is_a_valid_warning() -> None:
    typed = warning_prefill(HITS)
    with pytest.raises(FieldMissingError):
        build_report("warning", typed)
    report = build_report("warning", {**typed, "subject": ["Plastics under tiles"]})
    assert report.values("hs_codes") == ("391510", "3915")
    assert report.value("consignee") == "广州金海贸易有限公司"
