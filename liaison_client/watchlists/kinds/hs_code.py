"""``hs``: a Harmonized System code, checked for existence against HS 2022.

Accepted: a chapter (2 digits, 01–97; 77 is reserved and has no rows), a
heading (4), a subheading (6), or a national code of 8 or 10 digits whose
6-digit subheading exists (marked :attr:`Flag.HS_NATIONAL`: the national digits
differ by country and are not checked). Chapters 98 and 99 are national, not HS.
Normalised digits only (``391510``), displayed with dots (``3915.10``,
``3915.10.00``). In matching a shorter code covers its longer children
(``matching.py``): entry ``3915`` hits ``391510`` and ``39151000``.
"""

from __future__ import annotations

from liaison_client.watchlists.errors import (
    EmptyValueError,
    HsChapterUnknownError,
    HsFormatError,
    HsHeadingUnknownError,
    HsNationalChapterError,
    HsSubheadingUnknownError,
)
from liaison_client.watchlists.kinds.hs_nomenclature import (
    EDITION,
    NATIONAL_CHAPTERS,
    HsNomenclature,
    hs2022,
)
from liaison_client.watchlists.kinds.value import Flag, Kind, NormalisedValue, clean_text

LENGTHS = (2, 4, 6, 8, 10)


def digits_of(text: str) -> str:
    """``3915.10`` / ``3915 10`` / ``３９１５．１０`` → ``391510`` (not validated)."""
    return "".join(ch for ch in clean_text(text) if ch not in " .-")


def display(code: str) -> str:
    """``391510`` → ``3915.10``; ``3915100000`` → ``3915.10.00.00``; 2 and 4 digits as they are."""
    if len(code) <= 4:
        return code
    pairs = [code[i:i + 2] for i in range(4, len(code), 2)]
    return ".".join([code[:4], *pairs])


def normalise(text: str, nomenclature: HsNomenclature | None = None) -> NormalisedValue:
    """Validate ``text`` against the nomenclature (HS 2022 unless another is given)."""
    code = digits_of(text)
    if not code:
        raise EmptyValueError(Kind.HS)
    if not code.isascii() or not code.isdigit() or len(code) not in LENGTHS:
        raise HsFormatError(text.strip())
    table = nomenclature or hs2022()
    chapter = code[:2]
    if chapter in NATIONAL_CHAPTERS:
        raise HsNationalChapterError(chapter)
    if chapter not in table.chapters:
        raise HsChapterUnknownError(chapter, chapter, EDITION)
    if len(code) >= 4 and code[:4] not in table.headings:
        raise HsHeadingUnknownError(code[:4], code[:4], EDITION)
    if len(code) >= 6 and code[:6] not in table.subheadings:
        raise HsSubheadingUnknownError(code[:6], display(code[:6]), EDITION)
    flags = (Flag.HS_NATIONAL,) if len(code) > 6 else ()
    return NormalisedValue(Kind.HS, code, display(code), code, flags=flags)
