"""Spreadsheets as officers' tools save them: encodings, separators, XLSX, line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from liaison_client.watchlists.errors import SpreadsheetUnreadableError
from liaison_client.watchlists.table_files import parse_csv, read_table

ROWS = "kind,value,note\ncompany,广州金海贸易有限公司,收货人\ncontainer,CSQU3054383,\n"


@pytest.mark.parametrize("encoded", [
    ROWS.encode("utf-8"), b"\xef\xbb\xbf" + ROWS.encode("utf-8"), ROWS.encode("gb18030"),
], ids=["utf-8", "utf-8 with BOM", "gb18030 (Excel on Chinese Windows)"])
def test_utf8_with_or_without_bom_and_gb18030_read_the_same(encoded: bytes) -> None:
    table = parse_csv(encoded)
    assert table.header == ["kind", "value", "note"]
    assert table.rows[0] == ["company", "广州金海贸易有限公司", "收货人"]


def test_semicolons_from_european_excel_are_detected() -> None:
    table = parse_csv(b"kind;value;note\ncontainer;CSQU3054383;a, b\n")
    assert table.rows == [["container", "CSQU3054383", "a, b"]]


def test_line_numbers_are_the_spreadsheets_with_the_header_on_line_one() -> None:
    table = parse_csv(b'kind,value\nhs,3915\n,\nkeyword,"two\nlines"\n')
    assert list(table.numbered()) == [(2, ["hs", "3915"]), (4, ["keyword", "two\nlines"])]


def test_short_rows_are_padded_and_long_rows_cut_to_the_header() -> None:
    table = parse_csv(b"a,b\n1\n1,2,3\n")
    assert table.rows == [["1", ""], ["1", "2"]]


def test_an_xlsx_sheet_reads_with_numbers_as_typed_and_rows_in_place(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    with xlsxwriter.Workbook(path) as workbook:
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, ["kind", "value", "expires"])
        sheet.write_row(1, 0, ["hs", 3915, "2027-03-31"])
        sheet.write_row(3, 0, ["company", "深圳华兴物流有限公司", ""])
    table = read_table(path)
    assert table.header == ["kind", "value", "expires"]
    assert list(table.numbered()) == [(2, ["hs", "3915", "2027-03-31"]),
                                      (4, ["company", "深圳华兴物流有限公司", ""])]


def test_a_file_that_is_no_spreadsheet_is_refused_by_name(tmp_path: Path) -> None:
    fake = tmp_path / "list.xlsx"
    fake.write_bytes(b"this is not a zip archive")
    with pytest.raises(SpreadsheetUnreadableError) as refused:
        read_table(fake)
    assert refused.value.params["file"] == "list.xlsx"


@pytest.mark.parametrize("name", ["list.pdf", "missing.csv"])
def test_other_extensions_and_missing_files_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(SpreadsheetUnreadableError):
        read_table(tmp_path / name)


def test_an_empty_file_has_no_header() -> None:
    with pytest.raises(SpreadsheetUnreadableError):
        parse_csv(b"\n\n")
