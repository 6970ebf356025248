"""The HS 2022 nomenclature: which chapters, headings and subheadings exist.

Read once, on first use, from the package's copy of the public-domain table
(``hs2022/``, see its README for source and licence): 97 chapters, 1,229
headings, 5,613 subheadings, ~0.02 s to load. It is package data of
``liaison_client.watchlists`` (not of ``ui``'s ``resources/``), so the CLI and
any Qt-free install find it through :mod:`importlib.resources`, checkout or wheel.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

EDITION = "HS 2022"
#: Chapters the WCO leaves to national use (98) or Comtrade uses for "not specified" (99).
NATIONAL_CHAPTERS = frozenset({"98", "99"})
_TABLE = "harmonized-system.csv"


@dataclass(frozen=True, slots=True)
class HsNomenclature:
    """Codes (digits only) → English description, by level."""

    chapters: dict[str, str]
    headings: dict[str, str]
    subheadings: dict[str, str]

    def description(self, code: str) -> str | None:
        """The description of a 2-, 4- or 6-digit code, or None if it does not exist."""
        table = {2: self.chapters, 4: self.headings, 6: self.subheadings}.get(len(code))
        return None if table is None else table.get(code)


def parse(text: str) -> HsNomenclature:
    """The table's CSV (``section,hscode,description,parent,level``) → nomenclature;
    rows that are not HS codes (Comtrade's TOTAL, chapters 98/99) are skipped."""
    levels: dict[int, dict[str, str]] = {2: {}, 4: {}, 6: {}}
    for row in csv.DictReader(io.StringIO(text)):
        code = row["hscode"]
        if not code.isdigit() or len(code) not in levels or code[:2] in NATIONAL_CHAPTERS:
            continue
        levels[len(code)][code] = row["description"]
    return HsNomenclature(chapters=levels[2], headings=levels[4], subheadings=levels[6])


@functools.cache
def hs2022() -> HsNomenclature:
    """The HS 2022 table, loaded lazily once per process."""
    table = resources.files("liaison_client.watchlists").joinpath("hs2022", _TABLE)
    return parse(table.read_text(encoding="utf-8"))
