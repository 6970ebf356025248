"""The largest report each kind allows still fits in one channel message."""

from __future__ import annotations

import pytest

from liaison_client.channels.kinds import MAX_TEXT_BYTES
from liaison_client.protocol.canonical import canonical_json
from liaison_client.reports import SCHEMAS, ReportKind, ValueType, build_report
from liaison_client.reports.fields import FieldSpec


def imo_check(six: int) -> int:
    return sum(int(d) * w for d, w in zip(str(six), range(7, 1, -1), strict=True)) % 10


#: Values of the largest encoded size each type admits (free text: 3-byte Chinese).
_LARGEST: dict[ValueType, list[str]] = {
    ValueType.DATE: ["2026-11-30"],
    ValueType.QUANTITY: ["999999999999.999999"],
    ValueType.UNIT: ["packages"],
    ValueType.OUTCOME: ["nothing_found"],
    ValueType.MESSAGE_ID: ["1b4e28ba-2fa1-11d2-883f-0016d3cca427"],
    ValueType.AWB: [f"176-{serial:07d}{serial % 7}" for serial in range(1000000, 1000200)],
    # IMO: six digits weighted 7..2, the sum's last digit is the check digit.
    ValueType.IMO: [f"{six}{imo_check(six)}" for six in range(907400, 907420)],
    ValueType.HS: ["0101", "0102", "0103", "0104", "0105", "0106", "0201", "0202", "0203",
                   "0204", "0205", "0206", "0207", "0208", "0209", "0210", "0301", "0302",
                   "0303", "0304", "0305", "0306", "0307", "0308", "0309", "0401", "0402",
                   "0403", "0404", "0405", "0406", "0407", "0408", "0409", "0410", "0501",
                   "0502", "0504", "0505", "0506", "0507", "0508", "0510", "0511", "0601",
                   "0602", "0603", "0604", "0701", "0702"],
}


def largest_values(spec: FieldSpec) -> list[str]:
    if spec.type is ValueType.CONTAINER:
        from stdnum import iso6346
        numbers = [f"CSQU{n:06d}" for n in range(spec.max_items)]
        return [number + iso6346.calc_check_digit(number) for number in numbers]
    if spec.type in (ValueType.TEXT, ValueType.COMPANY):
        return [f"{n:03d}" + "查" * (spec.max_length - 3) for n in range(spec.max_items)]
    return _LARGEST[spec.type][:spec.max_items]


@pytest.mark.parametrize("kind", list(ReportKind))
def test_the_largest_report_of_each_kind_fits_in_a_message(kind: ReportKind) -> None:
    schema = SCHEMAS[kind]
    report = build_report(kind, {spec.name: largest_values(spec) for spec in schema.fields})
    assert all(len(field.values) == field.spec.max_items for field in report)
    # Seizure photos (at most 20 attachment references) add under 10 KB.
    assert len(canonical_json({"fields": report.to_wire()})) + 10_000 < MAX_TEXT_BYTES
