"""Watch-list entries in and out of spreadsheets (CSV and XLSX), all or nothing.

Format (docs/WATCHLISTS.md, "Spreadsheets"): a header row naming the columns
``kind,value,note,tags,expires`` and, for companies, ``uscc,eori``; ``kind`` and
``value`` are required, the others may be left out; names are compared without
case. Tags are separated by ``;``. ``expires`` is ``YYYY-MM-DD``.

Import checks every row with the kinds' own rules and reports each invalid one
as ``line N: reason`` (line numbers as the spreadsheet shows them). Nothing is
applied unless every row is valid: :meth:`ImportResult.all_or_nothing` raises
:class:`ImportRowsInvalidError` otherwise; the desktop app may instead offer the
valid rows after showing the problems (:attr:`ImportResult.rows`).

Export writes the normalised values, so an exported file imports again as it
is: CSV in UTF-8 with a BOM (Excel opens it with Chinese intact), XLSX with
every cell written as text (an HS code ``0101`` keeps its zero).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from liaison_client.errors import LiaisonError
from liaison_client.watchlists.errors import (
    AlreadyListedError,
    DuplicateRowError,
    ImportRowsInvalidError,
    NoteTooLongError,
    SpreadsheetHeaderError,
    SpreadsheetUnreadableError,
    TagsInvalidError,
)
from liaison_client.watchlists.kinds.registry import normalise
from liaison_client.watchlists.kinds.value import NormalisedValue
from liaison_client.watchlists.model import Entry, WatchList, parse_expiry
from liaison_client.watchlists.operations import MAX_NOTE, MAX_TAG, MAX_TAGS, EntryFields
from liaison_client.watchlists.table_files import Table, read_table

REQUIRED_COLUMNS = ("kind", "value")
COLUMNS = ("kind", "value", "note", "tags", "expires", "uscc", "eori")
TAG_SEPARATOR = ";"


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one line cannot be imported: the failure's code and params, and its English line."""

    line: int
    code: str
    params: dict[str, str]
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ImportedRow:
    line: int
    value: NormalisedValue
    fields: EntryFields


@dataclass(frozen=True, slots=True)
class ImportResult:
    rows: list[ImportedRow]
    problems: list[RowProblem]
    #: Header names that are not columns of the format (shown as a warning; not read).
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    def all_or_nothing(self) -> list[EntryFields]:
        """Every row's fields, or :class:`ImportRowsInvalidError` if any row is invalid."""
        if self.problems:
            raise ImportRowsInvalidError(len(self.problems), str(self.problems[0]))
        return [row.fields for row in self.rows]


def import_entries(path: Path, existing: WatchList | None = None,
                   today: dt.date | None = None) -> ImportResult:
    """Read and check an entries file. ``existing``: the list imported into; its values
    active on ``today`` are refused as already listed, as the merge would refuse them."""
    return check_table(read_table(path), existing, today)


def check_table(table: Table, existing: WatchList | None = None,
                today: dt.date | None = None) -> ImportResult:
    names = [name.strip().lower() for name in table.header]
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise SpreadsheetHeaderError(",".join(missing), ",".join(COLUMNS))
    position = {name: names.index(name) for name in COLUMNS if name in names}
    ignored = [table.header[i] for i, name in enumerate(names) if name not in COLUMNS]
    day = today or dt.date.today()
    rows: list[ImportedRow] = []
    problems: list[RowProblem] = []
    first_line: dict[str, int] = {}
    for line, cells in table.numbered():
        try:
            row = _check_row(line, {name: cells[index].strip()
                                    for name, index in position.items()})
            if row.value.key in first_line:
                raise DuplicateRowError(row.value.display, first_line[row.value.key])
            holder = existing.find_active(row.value.key, day) if existing else None
            if existing is not None and holder is not None:
                raise AlreadyListedError(row.value.display, existing.name, holder.entry_id)
            first_line[row.value.key] = line
            rows.append(row)
        except LiaisonError as error:
            problems.append(RowProblem(line, error.code, dict(error.params), str(error)))
    return ImportResult(rows, problems, ignored)


def _check_row(line: int, cells: dict[str, str]) -> ImportedRow:
    value = normalise(cells["kind"], cells["value"], uscc=cells.get("uscc") or None,
                      eori=cells.get("eori") or None)
    expires_text = cells.get("expires", "")
    expires = parse_expiry(expires_text).isoformat() if expires_text else None
    tags = tuple(tag.strip() for tag in cells.get("tags", "").split(TAG_SEPARATOR)
                 if tag.strip())
    if len(tags) > MAX_TAGS or any(len(tag) > MAX_TAG for tag in tags):
        raise TagsInvalidError(MAX_TAGS, MAX_TAG)
    note = cells.get("note", "")
    if len(note) > MAX_NOTE:
        raise NoteTooLongError(MAX_NOTE)
    fields = EntryFields(kind=str(value.kind), value=value.value,
                         identifiers=dict(value.identifiers), note=note, tags=tags,
                         expires=expires)
    return ImportedRow(line, value, fields)


def export_rows(entries: Iterable[Entry]) -> list[list[str]]:
    """The header and one row per entry, normalised values (what an import reads back)."""
    rows = [list(COLUMNS)]
    for entry in entries:
        rows.append([str(entry.kind), entry.value, entry.note, TAG_SEPARATOR.join(entry.tags),
                     entry.expires.isoformat() if entry.expires else "",
                     entry.identifiers.get("uscc", ""), entry.identifiers.get("eori", "")])
    return rows


def export_entries(entries: Iterable[Entry], path: Path) -> None:
    """Write ``.csv`` (UTF-8 with BOM) or ``.xlsx`` by the path's extension."""
    rows = export_rows(entries)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)
    elif suffix == ".xlsx":
        write_xlsx(rows, path)
    else:
        raise SpreadsheetUnreadableError(path.name, "export to a .csv or .xlsx file")


def write_xlsx(rows: Sequence[Sequence[str]], path: Path) -> None:
    """Every cell as text; ``constant_memory`` streams rows to disk (10,000 rows, ~2 MB)."""
    # Imported here, not at the top: only an export writes .xlsx, and every ``liaison``
    # command would otherwise pay its import (docs/PERFORMANCE.md, "CLI start-up").
    import xlsxwriter

    with xlsxwriter.Workbook(path, {"constant_memory": True}) as workbook:
        sheet = workbook.add_worksheet()
        bold = workbook.add_format({"bold": True})
        for number, row in enumerate(rows):
            for column, text in enumerate(row):
                sheet.write_string(number, column, text, bold if number == 0 else None)
        sheet.freeze_panes(1, 0)
