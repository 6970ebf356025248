"""A report as plain text, in either language, for the transcript and for search."""

from __future__ import annotations

from liaison_client.reports import parse_pairs, render_text, search_text

SEIZURE = parse_pairs("seizure", [
    "date=2026-11-30", "place=蛇口港", "commodity=Cigarettes", "hs_code=2402.20",
    "quantity=1250.5", "unit=kg", "concealment=False floor\nunder pallets",
    "agencies=GACC", "agencies=Dutch Customs",
])


def test_english_rendering_is_one_labelled_line_per_field_in_schema_order() -> None:
    assert render_text(SEIZURE, "en", photo_names=["hold.jpg"]) == "\n".join([
        "Seizure",
        "Date: 2026-11-30",
        "Port or place: 蛇口港",
        "Commodity: Cigarettes",
        "HS code: 2402.20",
        "Quantity: 1250.5",
        "Unit: kg",
        "Concealment method: False floor",
        "  under pallets",
        "Agencies involved: GACC; Dutch Customs",
        "Photos: hold.jpg",
    ])


def test_chinese_rendering_translates_labels_outcomes_and_units_not_values() -> None:
    feedback = parse_pairs("feedback", ["answers=1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                                        "outcome=nothing_found"])
    assert render_text(feedback, "zh_CN") == (
        "反馈\n答复的预警: 1b4e28ba-2fa1-11d2-883f-0016d3cca427\n查验结果: 未发现")
    assert "单位: 千克" in render_text(SEIZURE, "zh_CN")
    assert "货物: Cigarettes" in render_text(SEIZURE, "zh_CN")


def test_search_text_holds_both_languages_and_the_compact_identifiers() -> None:
    warning = parse_pairs("warning", ["subject=Undervalued PVC", "hs_codes=3915.10",
                                      "vessels=IMO 9074729", "containers=CSQU3054383"])
    text = search_text(warning)
    for wanted in ("Warning", "预警", "Subject: Undervalued PVC", "主题", "HS codes: 3915.10",
                   "391510", "IMO 9074729", "9074729", "CSQU3054383"):
        assert wanted in text, wanted
    # The container's display is its value: not repeated in the compact line.
    assert text.splitlines()[-1] == "9074729 391510"
