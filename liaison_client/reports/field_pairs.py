"""Reports typed as ``NAME=VALUE`` pairs (the CLI's ``--field``, a prefilled form).

A list field is given by repeating its name (``containers=CSQU3054383
containers=MSKU1234565``); a value is never split, so free text keeps its
``;`` and ``,`` (an indicator such as "undervalued; mis-declared" stays one).
A single-valued field given twice is refused rather than the last one winning.
"""

from __future__ import annotations

from collections.abc import Iterable

from liaison_client.reports.errors import PairMalformedError
from liaison_client.reports.report import Report, build_report
from liaison_client.reports.schema import ReportKind


def split_pair(pair: str) -> tuple[str, str]:
    """``" HS_Code = 3915.10"`` → ``("hs_code", " 3915.10")``: the name trimmed and
    lower-cased, the value as typed (its field normalises it)."""
    name, sep, value = pair.partition("=")
    name = name.strip().lower()
    if not sep or not name:
        raise PairMalformedError(pair)
    return name, value


def parse_pairs(kind: ReportKind | str, pairs: Iterable[str]) -> Report:
    """A report of ``kind`` from ``NAME=VALUE`` pairs; raises a ``ReportError``
    naming the pair or the field that is wrong."""
    typed: dict[str, list[str]] = {}
    for pair in pairs:
        name, value = split_pair(pair)
        typed.setdefault(name, []).append(value)
    return build_report(kind, typed)
