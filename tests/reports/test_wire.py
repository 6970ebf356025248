"""The wire form of a report's fields: what a sender encodes, a receiver decodes to the same
report, and anything else is refused naming the field."""

from __future__ import annotations

import pytest

from liaison_client.protocol.canonical import JsonObject, canonical_json, parse_json_object
from liaison_client.reports import ReportKind, parse_pairs, report_from_wire
from liaison_client.reports.errors import (
    DuplicateValueError,
    FieldMissingError,
    FieldNotCanonicalError,
    FieldShapeError,
    FieldUnknownError,
    IdentifierInvalidError,
    ReportError,
)

WARNING = parse_pairs("warning", [
    "subject=Cigarettes declared as tiles", "indicators=new consignee",
    "containers=CSQU3054383", "awbs=176-12345675", "vessels=9074729", "hs_codes=2402.20",
    "consignee=ACME Trading Ltd", "shipper=深圳市某某贸易有限公司", "valid_until=2027-01-31",
])


def test_every_kind_round_trips_through_canonical_json() -> None:
    reports = [WARNING,
               parse_pairs("feedback", ["answers=1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                                        "outcome=found", "details=2 cartons\nunder tiles"]),
               parse_pairs("seizure", ["date=2026-11-30", "place=Rotterdam", "commodity=x",
                                       "quantity=3", "unit=TEU"])]
    for report in reports:
        encoded = canonical_json(report.to_wire())
        decoded = report_from_wire(report.kind, parse_json_object(encoded))
        assert decoded == report
        assert canonical_json(decoded.to_wire()) == encoded


def test_the_wire_holds_normalised_values_lists_as_lists_and_absent_fields_left_out() -> None:
    assert WARNING.to_wire() == {
        "subject": "Cigarettes declared as tiles", "indicators": ["new consignee"],
        "containers": ["CSQU3054383"], "awbs": ["176-12345675"], "vessels": ["9074729"],
        "hs_codes": ["240220"], "consignee": "ACME Trading Ltd",
        "shipper": "深圳市某某贸易有限公司", "valid_until": "2027-01-31"}
    assert parse_pairs("warning", ["subject=x"]).to_wire() == {"subject": "x"}


def changed(**fields: object) -> JsonObject:
    wire = WARNING.to_wire()
    for name, value in fields.items():
        if value is None:
            del wire[name]
        else:
            wire[name] = value  # type: ignore[assignment]
    return wire


@pytest.mark.parametrize(("wire", "error", "message"), [
    (changed(containers="CSQU3054383"), FieldShapeError,
     "field containers: must be a non-empty list of strings"),
    (changed(containers=[]), FieldShapeError,
     "field containers: must be a non-empty list of strings"),
    (changed(containers=[7]), FieldShapeError,
     "field containers: must be a non-empty list of strings"),
    (changed(subject=["x"]), FieldShapeError, "field subject: must be a string"),
    (changed(subject=None), FieldMissingError, "field subject: required"),
    (changed(valid_until=None, expires="2027-01-31"), FieldUnknownError,
     "field expires: a warning report has no such field; its fields are subject, indicators, "
     "containers, awbs, vessels, hs_codes, consignee, shipper, valid_until"),
    (changed(hs_codes=["2402.20"]), FieldNotCanonicalError,
     "field hs_codes: '2402.20' is not in normalised form ('240220')"),
    (changed(containers=["csqu3054383"]), FieldNotCanonicalError,
     "field containers: 'csqu3054383' is not in normalised form ('CSQU3054383')"),
    (changed(subject=" padded "), FieldNotCanonicalError,
     "field subject: ' padded ' is not in normalised form ('padded')"),
    (changed(containers=["CSQU3054383", "CSQU3054383"]), DuplicateValueError,
     "field containers: CSQU3054383 is given twice"),
    (changed(hs_codes=["3999"]), IdentifierInvalidError,
     "field hs_codes: HS heading 3999 does not exist in HS 2022"),
])
def test_a_received_fields_object_that_breaks_a_rule_is_refused(
        wire: JsonObject, error: type[ReportError], message: str) -> None:
    with pytest.raises(error) as refused:
        report_from_wire(ReportKind.WARNING, wire)
    assert str(refused.value) == message
