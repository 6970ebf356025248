"""Reading a spreadsheet (CSV or XLSX) into a header and rows of text, line numbers kept.

Shared by the entry import (``spreadsheets.py``) and the manifest import
(``manifest.py``). Line numbers are the ones a spreadsheet shows: the header is
line 1, the first data row line 2 (a CSV record with a quoted line break still
counts as one line, as in Excel).

CSV as officers' tools write it (docs/WATCHLISTS.md, "Spreadsheets"): UTF-8
with or without BOM, or GB18030 (what Excel on Chinese Windows calls "CSV",
code page 936's superset), separated by commas or, from European Excel,
semicolons — detected from the header line. XLSX through python-calamine (Rust
``calamine``), which reads a 100,000-row sheet several times faster than
openpyxl; the first sheet is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from liaison_client.watchlists.errors import SpreadsheetUnreadableError
from liaison_client.watchlists.gc_pause import paused_garbage_collection

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
_Cell = int | float | str | bool | dt.time | dt.date | dt.datetime | dt.timedelta


@dataclass(frozen=True, slots=True)
class Table:
    """A sheet's header row and its data rows, each padded or cut to the header's width."""

    header: list[str]
    rows: list[list[str]]

    def numbered(self) -> Iterator[tuple[int, list[str]]]:
        """(spreadsheet line, row) for every non-blank row; the header is line 1."""
        for index, row in enumerate(self.rows):
            if any(cell.strip() for cell in row):
                yield index + 2, row


def read_table(path: Path) -> Table:
    """Read ``path`` by its extension; raises :class:`SpreadsheetUnreadableError`."""
    suffix = path.suffix.lower()
    try:
        with paused_garbage_collection():
            if suffix in XLSX_SUFFIXES:
                return _read_workbook(path)
            if suffix in CSV_SUFFIXES:
                return parse_csv(path.read_bytes(), path.name)
    except OSError as error:
        raise SpreadsheetUnreadableError(path.name, error.strerror or str(error)) from error
    raise SpreadsheetUnreadableError(path.name, "use a .csv or .xlsx file")


def decode(data: bytes, name: str = "the file") -> str:
    """UTF-8 (a BOM is dropped) if the bytes are valid UTF-8, else GB18030.

    Valid UTF-8 of Chinese text is practically never also meaningful GB18030 and
    vice versa, so trying UTF-8 strictly first is reliable; GB18030 decodes any
    byte sequence Excel writes on Chinese Windows (it is a superset of GBK/936).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise SpreadsheetUnreadableError(name, "neither UTF-8 nor GB18030 text") from error


def delimiter_of(text: str) -> str:
    """``;`` if the header line has more semicolons than commas (European Excel), else ``,``."""
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def parse_csv(data: bytes, name: str = "the file") -> Table:
    text = decode(data, name)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text)))
    except csv.Error as error:
        raise SpreadsheetUnreadableError(name, str(error)) from error
    return _table(records, name)


def _read_workbook(path: Path) -> Table:
    try:
        with CalamineWorkbook.from_path(str(path)) as workbook:
            records = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except CalamineError as error:
        raise SpreadsheetUnreadableError(path.name, str(error) or type(error).__name__) from error
    return _table([[cell if type(cell) is str else cell_text(cell) for cell in record]
                   for record in records], path.name)


def cell_text(cell: _Cell) -> str:
    """A workbook cell as the text an officer sees: 3915 not 3915.0, dates as ISO."""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


def _table(records: list[list[str]], name: str) -> Table:
    if not records or not any(cell.strip() for cell in records[0]):
        raise SpreadsheetUnreadableError(name, "the first row must be a header")
    header = [cell.strip() for cell in records[0]]
    width = len(header)
    rows = [(record + [""] * (width - len(record)))[:width] for record in records[1:]]
    return Table(header=header, rows=rows)
