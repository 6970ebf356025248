"""Entry files: every invalid row named by line, nothing applied unless all are valid;
exports that Excel opens and that import again unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from liaison_client.watchlists.errors import (
    ImportRowsInvalidError,
    SpreadsheetHeaderError,
    SpreadsheetUnreadableError,
)
from liaison_client.watchlists.merge import OperationLog, Role, membership_by_epoch
from liaison_client.watchlists.model import Entry, WatchList
from liaison_client.watchlists.operations import EntryFields, LamportClock, OperationAuthor
from liaison_client.watchlists.spreadsheets import (
    check_table,
    export_entries,
    import_entries,
)
from liaison_client.watchlists.table_files import parse_csv, read_table

TODAY = dt.date(2026, 12, 4)
GOOD = ("kind,value,note,tags,expires,uscc,eori\n"
        "container,csqu 305438 3,tip from UK,\"uk;waste\",2027-03-31,,\n"
        "hs,3915.10,,,,,\n"
        "company,广州金海贸易有限公司,收货人,,,91110000600037341L,\n"
        "company,Müller Recycling GmbH,,de,,,DE1234567\n"
        "imo,IMO 9074729,,,,,\n"
        "awb,176-12345675,,,,,\n"
        "keyword,废塑料,,,,,\n")


def write(tmp_path: Path, text: str, name: str = "list.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def apply(fields: list[EntryFields]) -> WatchList:
    author = OperationAuthor("chan", "coord", LamportClock(), lambda: 0,
                             lambda: 1_796_342_400_000)
    log = OperationLog(membership_by_epoch({0: {"coord": Role.COORDINATOR}}))
    log.receive(author.create_list("L"))
    for f in fields:
        log.receive(author.add("L", f))
    assert log.state.refusals == []
    watch_list = log.state.list_named("L")
    assert watch_list is not None
    return watch_list


def test_a_valid_file_gives_normalised_fields_for_every_row(tmp_path: Path) -> None:
    result = import_entries(write(tmp_path, GOOD))
    fields = result.all_or_nothing()
    assert [f.value for f in fields] == ["CSQU3054383", "391510", "广州金海贸易有限公司",
                                         "Müller Recycling GmbH", "9074729", "176-12345675",
                                         "废塑料"]
    assert fields[0].tags == ("uk", "waste")
    assert fields[0].expires == "2027-03-31"
    assert fields[2].identifiers == {"uscc": "91110000600037341L"}
    assert fields[3].identifiers == {"eori": "DE1234567"}


def test_every_invalid_row_is_reported_by_line_and_nothing_is_applied(tmp_path: Path) -> None:
    text = ("kind,value,note,tags,expires\n"
            "container,CSQU3054384,,,\n"
            "hs,3915,,,\n"
            "\n"
            "hs,3999,,,\n"
            "vessel,9074729,,,\n"
            "keyword,scrap,,,31/03/2027\n"
            "hs,3915.00,,,\n"
            "hs,39 15,,,\n")
    result = import_entries(write(tmp_path, text))
    assert [str(problem) for problem in result.problems] == [
        "line 2: container CSQU3054384: check digit should be 3",
        "line 5: HS heading 3999 does not exist in HS 2022",
        "line 6: unknown watch-list kind 'vessel': use container, hs, imo, awb, company or "
        "keyword",
        "line 7: expiry '31/03/2027' must be a date written YYYY-MM-DD",
        "line 8: HS subheading 3915.00 does not exist in HS 2022",
        "line 9: 3915 is already on line 3",
    ]
    assert result.problems[0].code == "watchlist.check_digit"
    with pytest.raises(ImportRowsInvalidError) as refused:
        result.all_or_nothing()
    assert refused.value.params["count"] == "6"
    assert [row.line for row in result.rows] == [3]  # what the app may offer to apply anyway


def test_one_bad_row_among_many_changes_nothing(tmp_path: Path) -> None:
    rows = [f"awb,176-{serial:07d}{serial % 7}" for serial in range(1000, 1100)]
    rows[57] = "awb,176-00010578"
    result = import_entries(write(tmp_path, "kind,value\n" + "\n".join(rows) + "\n"))
    assert [str(p) for p in result.problems] == ["line 59: awb 176-00010578: check digit "
                                                 "should be 0"]
    with pytest.raises(ImportRowsInvalidError):
        result.all_or_nothing()


def test_values_already_active_in_the_list_are_refused_as_the_merge_would(tmp_path: Path) -> None:
    existing = apply([EntryFields("container", "CSQU3054383"),
                      EntryFields("hs", "391510", expires="2026-12-01")])
    result = import_entries(write(tmp_path, GOOD), existing, TODAY)
    (problem,) = result.problems
    assert problem.line == 2
    assert problem.code == "watchlist.already_listed"
    assert problem.params["list"] == "L"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_excel_csv_in_utf8_bom_or_gb18030_with_semicolons_imports(tmp_path: Path,
                                                                   encoding: str) -> None:
    text = GOOD.replace(",", ";")
    result = import_entries(write(tmp_path, text, encoding=encoding))
    assert result.valid
    assert result.rows[2].fields.value == "广州金海贸易有限公司"


def test_header_names_ignore_case_and_unknown_columns_are_reported(tmp_path: Path) -> None:
    result = import_entries(write(tmp_path, "Kind,VALUE,Remarks\nhs,3915,x\n"))
    assert result.valid
    assert result.ignored_columns == ["Remarks"]


def test_a_header_without_value_is_refused() -> None:
    with pytest.raises(SpreadsheetHeaderError) as refused:
        check_table(parse_csv(b"kind,note\nhs,x\n"))
    assert refused.value.params["missing"] == "value"


def test_too_many_tags_and_long_notes_are_row_problems() -> None:
    tags = ";".join(f"t{n}" for n in range(21))
    result = check_table(parse_csv(f"kind,value,tags,note\nhs,3915,{tags},\n"
                                   f"hs,7404,,{'n' * 2001}\n".encode()))
    assert [p.code for p in result.problems] == ["watchlist.tags_invalid",
                                                "watchlist.note_too_long"]


def entries_for_export() -> list[Entry]:
    return list(apply(import_entries_text(GOOD)).entries.values())


def import_entries_text(text: str) -> list[EntryFields]:
    return check_table(parse_csv(text.encode())).all_or_nothing()


def test_csv_export_has_a_bom_and_imports_again_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    export_entries(entries_for_export(), path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfkind,value,note,tags,expires,uscc,eori")
    assert import_entries(path).all_or_nothing() == import_entries_text(GOOD)


def test_xlsx_export_keeps_codes_as_text_and_imports_again_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    entries = [*entries_for_export(), *apply([EntryFields("hs", "0101")]).entries.values()]
    export_entries(entries, path)
    assert read_table(path).rows[-1][:2] == ["hs", "0101"]
    assert import_entries(path).all_or_nothing()[:7] == import_entries_text(GOOD)


def test_export_to_another_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetUnreadableError):
        export_entries([], tmp_path / "out.pdf")
