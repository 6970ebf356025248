"""The column mapping is guessed from English and Chinese headers, or given by the officer."""

from __future__ import annotations

import pytest

from liaison_client.watchlists.errors import ColumnMappingError
from liaison_client.watchlists.kinds.value import Kind
from liaison_client.watchlists.manifest import Manifest, guess_mapping, mapping_from_pairs
from liaison_client.watchlists.table_files import Table


def test_english_manifest_headers_are_recognised() -> None:
    header = ["Line", "Container No.", "HS Code", "Consignee Name", "Shipper",
              "Description of Goods", "Vessel IMO", "AWB No", "Gross Weight (kg)"]
    assert guess_mapping(header) == {1: Kind.CONTAINER, 2: Kind.HS, 3: Kind.COMPANY,
                                     4: Kind.COMPANY, 5: Kind.KEYWORD, 6: Kind.IMO, 7: Kind.AWB}


def test_chinese_declaration_headers_are_recognised() -> None:
    header = ["序号", "集装箱号", "商品编码", "境内收货人", "境外发货人", "商品名称", "提单号",
              "毛重（千克）", "航空运单号"]
    assert guess_mapping(header) == {1: Kind.CONTAINER, 2: Kind.HS, 3: Kind.COMPANY,
                                     4: Kind.COMPANY, 5: Kind.KEYWORD, 8: Kind.AWB}


def test_short_names_are_not_guessed_inside_other_words() -> None:
    assert guess_mapping(["Weights", "Dispatches", "Notes"]) == {}


def test_the_officers_mapping_names_columns_by_header() -> None:
    header = ["Box", "Buyer", "Goods text"]
    mapping = mapping_from_pairs(header, [("Box", "container"), ("buyer", "company"),
                                          ("Goods text", "KEYWORD")])
    assert mapping == {0: Kind.CONTAINER, 1: Kind.COMPANY, 2: Kind.KEYWORD}


@pytest.mark.parametrize(("column", "target"), [("Seller", "company"), ("Box", "vessel")])
def test_a_missing_column_or_unknown_target_is_refused(column: str, target: str) -> None:
    with pytest.raises(ColumnMappingError) as refused:
        mapping_from_pairs(["Box", "Buyer"], [(column, target)])
    assert refused.value.params == {"column": column, "target": target}


def test_the_mapping_is_described_by_column_name_in_column_order() -> None:
    header = ["商品名称", "No.", "集装箱号"]
    manifest = Manifest(Table(header, []), guess_mapping(header))
    assert manifest.describe_mapping() == [("商品名称", Kind.KEYWORD), ("集装箱号", Kind.CONTAINER)]
