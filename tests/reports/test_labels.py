"""Every kind, field, outcome and unit has a label in English and in Simplified Chinese."""

from __future__ import annotations

import re

from liaison_client.reports import SCHEMAS, UNITS, Outcome, ReportKind
from liaison_client.reports.labels import (
    FIELD_LABELS,
    KIND_LABELS,
    LANGUAGES,
    OUTCOME_LABELS,
    UNIT_LABELS,
    Label,
)

_HAN = re.compile(r"[\u4e00-\u9fff]")


def all_labels() -> list[tuple[str, Label]]:
    return [*KIND_LABELS.items(), *FIELD_LABELS.items(), *OUTCOME_LABELS.items(),
            *UNIT_LABELS.items()]


def test_every_kind_field_outcome_and_unit_has_a_label_and_no_label_is_spare() -> None:
    fields = {spec.name for schema in SCHEMAS.values() for spec in schema.fields}
    assert set(KIND_LABELS) == {str(kind) for kind in ReportKind}
    assert set(FIELD_LABELS) == fields | {"photos"}
    assert set(OUTCOME_LABELS) == {str(outcome) for outcome in Outcome}
    assert set(UNIT_LABELS) == set(UNITS)


def test_every_label_is_filled_in_both_languages_and_the_chinese_one_is_chinese() -> None:
    for key, label in all_labels():
        for language in LANGUAGES:
            assert label.text(language).strip(), (key, language)
        assert label.en.isascii() or key == "m3", key
        # Units such as "kg" are the same symbols in Chinese texts only when no
        # Chinese name is usual; every label here has one.
        assert _HAN.search(label.zh_CN), key


def test_labels_within_a_kind_are_distinct_in_each_language() -> None:
    for schema in SCHEMAS.values():
        for language in LANGUAGES:
            labels = [FIELD_LABELS[spec.name].text(language) for spec in schema.fields]
            assert len(set(labels)) == len(labels), (schema.kind, language)


def test_a_language_the_table_lacks_falls_back_to_english() -> None:
    assert FIELD_LABELS["hs_code"].text("fr") == "HS code"
    assert FIELD_LABELS["hs_code"].text("zh_CN") == "HS 编码"
