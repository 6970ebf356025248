"""Every field of every report kind: valid values normalised, invalid ones refused naming
the field and the reason."""

from __future__ import annotations

import pytest

from liaison_client.reports import ReportKind, build_report, parse_pairs
from liaison_client.reports.errors import (
    DateInvalidError,
    DuplicateValueError,
    FieldEmptyError,
    FieldMissingError,
    FieldRepeatedError,
    FieldsPairedError,
    FieldUnknownError,
    IdentifierInvalidError,
    MessageIdInvalidError,
    OutcomeUnknownError,
    PairMalformedError,
    QuantityInvalidError,
    ReportError,
    ReportKindUnknownError,
    TextInvalidError,
    TextTooLongError,
    TooManyValuesError,
    UnitUnknownError,
)

WARNING_ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"

#: The smallest valid report of each kind; each case below adds or replaces one field.
MINIMAL: dict[ReportKind, dict[str, list[str]]] = {
    ReportKind.WARNING: {"subject": ["Undervalued plastics"]},
    ReportKind.FEEDBACK: {"answers": [WARNING_ID], "outcome": ["found"]},
    ReportKind.SEIZURE: {"date": ["2026-11-30"], "place": ["Port of Rotterdam"],
                         "commodity": ["Cigarettes"]},
}


def with_field(kind: ReportKind, name: str, *values: str) -> dict[str, list[str]]:
    typed = {key: list(vals) for key, vals in MINIMAL[kind].items()}
    typed[name] = list(values)
    return typed


# kind, field, values typed, normalised values expected, display values expected
VALID: list[tuple[ReportKind, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = [
    (ReportKind.WARNING, "subject", ("  Undervalued   PVC  ",), ("Undervalued PVC",),
     ("Undervalued PVC",)),
    (ReportKind.WARNING, "subject", ("低报价格的塑料",), ("低报价格的塑料",), ("低报价格的塑料",)),
    (ReportKind.WARNING, "indicators", ("undervalued; mis-declared", "new consignee"),
     ("undervalued; mis-declared", "new consignee"), ("undervalued; mis-declared",
                                                      "new consignee")),
    (ReportKind.WARNING, "containers", ("csqu 305438-3", "MSKU1234565"),
     ("CSQU3054383", "MSKU1234565"), ("CSQU3054383", "MSKU1234565")),
    (ReportKind.WARNING, "awbs", ("176 1234 5675",), ("176-12345675",), ("176-12345675",)),
    (ReportKind.WARNING, "vessels", ("IMO 9074729",), ("9074729",), ("IMO 9074729",)),
    (ReportKind.WARNING, "hs_codes", ("3915.10", "2402"), ("391510", "2402"),
     ("3915.10", "2402")),
    (ReportKind.WARNING, "consignee", ("ＡＣＭＥ Trading  Ltd",), ("ACME Trading Ltd",),
     ("ACME Trading Ltd",)),
    (ReportKind.WARNING, "shipper", ("深圳市某某贸易有限公司",), ("深圳市某某贸易有限公司",),
     ("深圳市某某贸易有限公司",)),
    (ReportKind.WARNING, "valid_until", (" 2027-01-31 ",), ("2027-01-31",), ("2027-01-31",)),
    (ReportKind.FEEDBACK, "answers", (WARNING_ID.upper(),), (WARNING_ID,), (WARNING_ID,)),
    (ReportKind.FEEDBACK, "outcome", ("Nothing-Found",), ("nothing_found",),
     ("nothing_found",)),
    (ReportKind.FEEDBACK, "details", ("Line one  \r\n  line two ",), ("Line one\nline two",),
     ("Line one\nline two",)),
    (ReportKind.SEIZURE, "date", ("2024-02-29",), ("2024-02-29",), ("2024-02-29",)),
    (ReportKind.SEIZURE, "place", ("深圳 蛇口港",), ("深圳 蛇口港",), ("深圳 蛇口港",)),
    (ReportKind.SEIZURE, "commodity", ("Counterfeit shoes",), ("Counterfeit shoes",),
     ("Counterfeit shoes",)),
    (ReportKind.SEIZURE, "hs_code", ("6404.11",), ("640411",), ("6404.11",)),
    (ReportKind.SEIZURE, "container", ("CSQU3054383",), ("CSQU3054383",), ("CSQU3054383",)),
    (ReportKind.SEIZURE, "awb", ("17612345675",), ("176-12345675",), ("176-12345675",)),
    (ReportKind.SEIZURE, "concealment", ("False floor\nunder pallets",),
     ("False floor\nunder pallets",), ("False floor\nunder pallets",)),
    (ReportKind.SEIZURE, "route", ("Shenzhen – Rotterdam – Antwerp",),
     ("Shenzhen – Rotterdam – Antwerp",), ("Shenzhen – Rotterdam – Antwerp",)),
    (ReportKind.SEIZURE, "agencies", ("GACC", "Dutch Customs (FIOD)"),
     ("GACC", "Dutch Customs (FIOD)"), ("GACC", "Dutch Customs (FIOD)")),
]


@pytest.mark.parametrize(("kind", "name", "typed", "stored", "shown"), VALID,
                         ids=[f"{case[0]}.{case[1]}-{i}" for i, case in enumerate(VALID)])
def test_a_valid_value_is_stored_normalised_and_shown_in_its_display_form(
        kind: ReportKind, name: str, typed: tuple[str, ...], stored: tuple[str, ...],
        shown: tuple[str, ...]) -> None:
    report = build_report(kind, with_field(kind, name, *typed))
    field = report.get(name)
    assert field is not None
    assert report.values(name) == stored
    assert tuple(v.display for v in field.values) == shown


@pytest.mark.parametrize(("typed", "stored"), [
    ("1250", "1250"), ("0012", "12"), ("12.50", "12.5"), ("1250.000", "1250"),
    ("0.001", "0.001"), ("999999999999.999999", "999999999999.999999"), (" 100 ", "100"),
])
def test_a_quantity_is_a_positive_decimal_with_one_spelling(typed: str, stored: str) -> None:
    report = build_report(ReportKind.SEIZURE, {**with_field(ReportKind.SEIZURE, "quantity",
                                                            typed), "unit": ["kg"]})
    assert report.value("quantity") == stored


@pytest.mark.parametrize(("typed", "stored"), [
    ("kg", "kg"), ("KG", "kg"), ("teu", "TEU"), ("m³", "m3"), ("PCS", "pcs"), ("ｋｇ", "kg"),
])
def test_a_unit_is_one_of_the_closed_list(typed: str, stored: str) -> None:
    report = build_report(ReportKind.SEIZURE, {**with_field(ReportKind.SEIZURE, "unit", typed),
                                               "quantity": ["3"]})
    assert report.value("unit") == stored


# kind, field, values typed, the error class, the exact one-line message
INVALID: list[tuple[ReportKind, str, tuple[str, ...], type[ReportError], str]] = [
    (ReportKind.WARNING, "subject", ("   ",), FieldEmptyError, "field subject: empty"),
    (ReportKind.WARNING, "subject", ("x" * 201,), TextTooLongError,
     "field subject: longer than 200 characters"),
    (ReportKind.WARNING, "subject", ("bell\x07",), TextInvalidError,
     "field subject: contains control characters"),
    (ReportKind.WARNING, "subject", ("one", "two"), FieldRepeatedError,
     "field subject: takes one value, given more than once"),
    (ReportKind.WARNING, "indicators", tuple(f"i{n}" for n in range(21)), TooManyValuesError,
     "field indicators: at most 20 values"),
    (ReportKind.WARNING, "containers", ("CSQU3054384",), IdentifierInvalidError,
     "field containers: container CSQU3054384: check digit should be 3"),
    (ReportKind.WARNING, "containers", ("CSQU3054383", "csqu 305438 3"), DuplicateValueError,
     "field containers: CSQU3054383 is given twice"),
    (ReportKind.WARNING, "awbs", ("176-12345670",), IdentifierInvalidError,
     "field awbs: awb 176-12345670: check digit should be 5"),
    (ReportKind.WARNING, "vessels", ("IMO 9074728",), IdentifierInvalidError,
     "field vessels: imo 9074728: check digit should be 9"),
    (ReportKind.WARNING, "hs_codes", ("3999",), IdentifierInvalidError,
     "field hs_codes: HS heading 3999 does not exist in HS 2022"),
    (ReportKind.WARNING, "hs_codes", ("39-15-1",), IdentifierInvalidError,
     "field hs_codes: HS code '39-15-1' must be 2, 4, 6, 8 or 10 digits (dots and spaces "
     "allowed), e.g. 3915.10"),
    (ReportKind.WARNING, "consignee", ("x" * 201,), TextTooLongError,
     "field consignee: longer than 200 characters"),
    (ReportKind.WARNING, "shipper", (" ",), FieldEmptyError, "field shipper: empty"),
    (ReportKind.WARNING, "valid_until", ("31/01/2027",), DateInvalidError,
     "field valid_until: '31/01/2027' is not a date written YYYY-MM-DD"),
    (ReportKind.WARNING, "valid_until", ("2027-02-30",), DateInvalidError,
     "field valid_until: '2027-02-30' is not a date written YYYY-MM-DD"),
    (ReportKind.FEEDBACK, "answers", ("msg-17",), MessageIdInvalidError,
     "field answers: 'msg-17' is not a message id (a UUID such as "
     "1b4e28ba-2fa1-11d2-883f-0016d3cca427)"),
    (ReportKind.FEEDBACK, "outcome", ("maybe",), OutcomeUnknownError,
     "field outcome: 'maybe' is not an outcome; use found or nothing_found"),
    (ReportKind.FEEDBACK, "details", ("x" * 4001,), TextTooLongError,
     "field details: longer than 4000 characters"),
    (ReportKind.SEIZURE, "date", ("20261130",), DateInvalidError,
     "field date: '20261130' is not a date written YYYY-MM-DD"),
    (ReportKind.SEIZURE, "place", ("",), FieldEmptyError, "field place: empty"),
    (ReportKind.SEIZURE, "commodity", ("\x00",), TextInvalidError,
     "field commodity: contains control characters"),
    (ReportKind.SEIZURE, "hs_code", ("9801",), IdentifierInvalidError,
     "field hs_code: HS chapter 98 is reserved for national use and is not part of the "
     "Harmonized System"),
    (ReportKind.SEIZURE, "container", ("CSQR3054383",), IdentifierInvalidError,
     "field container: container 'CSQR3054383' is not an ISO 6346 number (category must be "
     "U, J or Z): expected 3 owner letters, category U, J or Z, 6 digits and a check digit, "
     "e.g. CSQU3054383"),
    (ReportKind.SEIZURE, "awb", ("12345",), IdentifierInvalidError,
     "field awb: air waybill '12345' must be a 3-digit airline prefix and an 8-digit serial "
     "with its check digit, e.g. 176-12345675"),
    (ReportKind.SEIZURE, "concealment", ("x" * 1001,), TextTooLongError,
     "field concealment: longer than 1000 characters"),
    (ReportKind.SEIZURE, "route", ("x" * 501,), TextTooLongError,
     "field route: longer than 500 characters"),
    (ReportKind.SEIZURE, "agencies", ("GACC", "GACC"), DuplicateValueError,
     "field agencies: GACC is given twice"),
]


@pytest.mark.parametrize(("kind", "name", "typed", "error", "message"), INVALID,
                         ids=[f"{case[0]}.{case[1]}-{i}" for i, case in enumerate(INVALID)])
def test_an_invalid_value_is_refused_naming_the_field_and_the_reason(
        kind: ReportKind, name: str, typed: tuple[str, ...], error: type[ReportError],
        message: str) -> None:
    with pytest.raises(error) as refused:
        build_report(kind, with_field(kind, name, *typed))
    assert str(refused.value) == message
    assert refused.value.params["field"] == name
    assert "\n" not in message


@pytest.mark.parametrize("typed", ["-3", "0", "0.000", "1,5", "1e3", "12.", ".5", "1 000",
                                   "1234567890123", "1.1234567", "NaN", "五"])
def test_a_quantity_that_is_not_a_positive_decimal_is_refused(typed: str) -> None:
    with pytest.raises(QuantityInvalidError) as refused:
        build_report(ReportKind.SEIZURE, {**with_field(ReportKind.SEIZURE, "quantity", typed),
                                          "unit": ["kg"]})
    assert str(refused.value).startswith("field quantity: ")


@pytest.mark.parametrize("typed", ["kilo", "boxes", "千克", "lbs"])
def test_a_unit_outside_the_list_is_refused_listing_the_units(typed: str) -> None:
    with pytest.raises(UnitUnknownError) as refused:
        build_report(ReportKind.SEIZURE, {**with_field(ReportKind.SEIZURE, "unit", typed),
                                          "quantity": ["1"]})
    assert str(refused.value) == (f"field unit: {typed!r} is not a unit; use one of g, kg, t, "
                                  "l, m3, pcs, pairs, cartons, packages, TEU")


@pytest.mark.parametrize(("given", "missing"), [("quantity", "unit"), ("unit", "quantity")])
def test_quantity_and_unit_go_together(given: str, missing: str) -> None:
    value = "12" if given == "quantity" else "kg"
    with pytest.raises(FieldsPairedError) as refused:
        build_report(ReportKind.SEIZURE, with_field(ReportKind.SEIZURE, given, value))
    assert str(refused.value) == f"field {missing}: required when {given} is given"


@pytest.mark.parametrize(("kind", "name"), [
    (ReportKind.WARNING, "subject"), (ReportKind.FEEDBACK, "answers"),
    (ReportKind.FEEDBACK, "outcome"), (ReportKind.SEIZURE, "date"),
    (ReportKind.SEIZURE, "place"), (ReportKind.SEIZURE, "commodity"),
])
def test_a_required_field_cannot_be_left_out(kind: ReportKind, name: str) -> None:
    typed = {key: values for key, values in MINIMAL[kind].items() if key != name}
    with pytest.raises(FieldMissingError) as refused:
        build_report(kind, typed)
    assert str(refused.value) == f"field {name}: required"


def test_a_field_of_another_kind_is_refused_listing_the_kinds_fields() -> None:
    with pytest.raises(FieldUnknownError) as refused:
        build_report(ReportKind.FEEDBACK, with_field(ReportKind.FEEDBACK, "hs_code", "3915"))
    assert str(refused.value) == ("field hs_code: a feedback report has no such field; its "
                                  "fields are answers, outcome, details")


def test_the_identifier_error_carries_the_validators_code_and_params_for_translation() -> None:
    with pytest.raises(IdentifierInvalidError) as refused:
        build_report(ReportKind.SEIZURE, with_field(ReportKind.SEIZURE, "hs_code", "3999"))
    assert refused.value.params == {
        "field": "hs_code", "problem": "HS heading 3999 does not exist in HS 2022",
        "problem_code": "watchlist.hs_heading_unknown", "code": "3999", "display": "3999",
        "edition": "HS 2022"}


# -- NAME=VALUE pairs ----------------------------------------------------------------


def test_pairs_give_lists_by_repeating_the_name_and_never_split_a_value() -> None:
    report = parse_pairs("warning", [
        "subject=Cigarettes; declared as tiles", "containers=CSQU3054383",
        " Containers = MSKU1234565", "indicators=a;b", "hs_codes=2402.20",
    ])
    assert report.value("subject") == "Cigarettes; declared as tiles"
    assert report.values("containers") == ("CSQU3054383", "MSKU1234565")
    assert report.values("indicators") == ("a;b",)
    assert report.values("hs_codes") == ("240220",)


def test_a_value_may_contain_equals_signs() -> None:
    report = parse_pairs("feedback", [f"answers={WARNING_ID}", "outcome=found",
                                      "details=weight=12 kg"])
    assert report.value("details") == "weight=12 kg"


@pytest.mark.parametrize("pair", ["subject", "=value", "  =x"])
def test_a_pair_without_a_name_or_an_equals_sign_is_refused(pair: str) -> None:
    with pytest.raises(PairMalformedError) as refused:
        parse_pairs("warning", [pair])
    assert str(refused.value) == f"{pair!r} is not NAME=VALUE"


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ReportKindUnknownError) as refused:
        parse_pairs("alert", ["subject=x"])
    assert str(refused.value) == "unknown report kind 'alert': use warning, feedback or seizure"


def test_a_full_seizure_from_pairs() -> None:
    report = parse_pairs("SEIZURE", [
        "date=2026-11-30", "place=蛇口港", "commodity=Cigarettes", "hs_code=2402.20",
        "quantity=1250.5", "unit=KG", "container=CSQU3054383", "awb=176-12345675",
        "concealment=False floor", "route=Shenzhen – Rotterdam", "agencies=GACC",
        "agencies=Dutch Customs",
    ])
    assert report.kind is ReportKind.SEIZURE
    assert [field.name for field in report] == [
        "date", "place", "commodity", "hs_code", "quantity", "unit", "container", "awb",
        "concealment", "route", "agencies"]
    assert report.to_wire() == {
        "date": "2026-11-30", "place": "蛇口港", "commodity": "Cigarettes",
        "hs_code": "240220", "quantity": "1250.5", "unit": "kg", "container": "CSQU3054383",
        "awb": "176-12345675", "concealment": "False floor", "route": "Shenzhen – Rotterdam",
        "agencies": ["GACC", "Dutch Customs"]}
