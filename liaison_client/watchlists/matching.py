"""Matching a manifest against a watch-list: every hit with its row, column, entry and why.

Rules (issue 14 item 4; docs/WATCHLISTS.md "Matching"):
- ``container``, ``imo``, ``awb``: identifiers found in the cell (a cell may hold
  several, e.g. ``CSQU3054383, TASU1170000``) match an entry only when equal
  after normalisation — never by similarity, so there are no near-miss hits.
- ``hs``: an entry covers every longer code under it: entry ``3915`` hits
  ``391510`` and ``39151000``. A code of odd length (Excel dropped the leading
  zero of a numeric cell: ``10121`` for ``010121``) is read with the zero back.
- ``company``: names compared on :func:`company_names.match_key` (case, width,
  punctuation, legal forms removed). Equal keys score 1.0; otherwise rapidfuzz's
  normalised Indel similarity (``fuzz.ratio``) at or above the threshold (0.9 by
  default) is a hit with its score. To stay fast with thousands of listed
  companies, a name is compared only with entries sharing one of its rarer
  tokens (Latin words, Chinese character pairs; a token shared by more than
  2 % of listed names is too common to count): a name needs that much in common
  to reach 0.9 anyway, so a variant is missed only if it mistypes every
  distinctive word.
- ``keyword``: contained in the description after NFKC and casefold.
- Retired entries, and entries expired on the matching day, never match.

Row numbers are spreadsheet lines (header = line 1).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rapidfuzz import fuzz, process

from liaison_client.watchlists.gc_pause import paused_garbage_collection
from liaison_client.watchlists.kinds import keyword as keyword_kind
from liaison_client.watchlists.kinds.company_names import match_key
from liaison_client.watchlists.kinds.value import Kind
from liaison_client.watchlists.manifest import Manifest
from liaison_client.watchlists.model import Entry

DEFAULT_COMPANY_THRESHOLD = 0.9
#: A token in more than this share of listed companies is too common to pick candidates.
COMMON_TOKEN_SHARE = 0.02
COMMON_TOKEN_FLOOR = 25
#: (mapped columns done, mapped columns in total).
ColumnProgress = Callable[[int, int], None]

_CONTAINER = re.compile(r"[A-Z]{3}[UJZ][ -]?[0-9]{6}[ -]?[0-9]")
_IMO = re.compile(r"(?<![0-9])[0-9]{7}(?![0-9])")
_AWB = re.compile(r"(?<![0-9])([0-9]{3})[ -]?([0-9]{4})[ -]?([0-9]{4})(?![0-9])")
_HS_TOKEN = re.compile(r"[0-9][0-9. ]*[0-9]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


class MatchReason(StrEnum):
    IDENTIFIER = "identifier"
    HS_PREFIX = "hs-prefix"
    COMPANY_NAME = "company-name"
    KEYWORD = "keyword"


@dataclass(frozen=True, slots=True)
class Hit:
    """One match: the manifest's ``row`` and ``column``, the entry, and why."""

    row: int
    column: str
    entry_id: str
    kind: Kind
    #: The entry's normalised value (what was listed).
    value: str
    #: The manifest's text that matched (an identifier, a code, a name, a description).
    matched: str
    reason: MatchReason
    #: 1.0 for identifiers, HS codes and keywords; the similarity for company names.
    score: float

    def to_dict(self) -> dict[str, Any]:
        """The CLI's ``--json`` object for a hit."""
        return {"row": self.row, "column": self.column, "entry_id": self.entry_id,
                "kind": str(self.kind), "value": self.value, "matched": self.matched,
                "reason": str(self.reason), "score": self.score}


def _tokens(key: str) -> set[str]:
    """Latin words and Chinese character pairs of a match key (candidate blocking)."""
    if key.isascii():
        return {word for word in key.split() if len(word) > 1}
    tokens: set[str] = set()
    for word in key.split():
        runs = _CJK_RUN.findall(word)
        if runs:
            for run in runs:
                tokens.update(run[i:i + 2] for i in range(max(1, len(run) - 1)))
            word = _CJK_RUN.sub(" ", word)
            tokens.update(part for part in word.split() if len(part) > 1)
        elif len(word) > 1:
            tokens.add(word)
    return tokens


class CompanyIndex:
    """Listed company names by match key, with a token index for fuzzy candidates."""

    def __init__(self, entries: Sequence[Entry], threshold: float) -> None:
        self.threshold = threshold
        self.by_key: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            self.by_key[entry.key].append(entry)
        self.keys = list(self.by_key)
        postings: dict[str, list[int]] = defaultdict(list)
        for number, key in enumerate(self.keys):
            for token in _tokens(key):
                postings[token].append(number)
        self.postings = dict(postings)
        self.common = max(COMMON_TOKEN_FLOOR, int(len(self.keys) * COMMON_TOKEN_SHARE))
        self.rare_tokens = frozenset(t for t, p in self.postings.items() if len(p) <= self.common)
        self._by_name: dict[str, list[tuple[str, float]]] = {}
        self._by_key: dict[str, list[tuple[str, float]]] = {}

    def lookup(self, name: str) -> list[tuple[str, float]]:
        """(listed key, score) pairs for a manifest name, best first (memoised: a
        manifest names the same parties over and over)."""
        found = self._by_name.get(name)
        if found is None:
            key = match_key(name)
            found = self._by_key.get(key)
            if found is None:
                found = self._by_key[key] = self._lookup(key)
            self._by_name[name] = found
        return found

    def _lookup(self, key: str) -> list[tuple[str, float]]:
        if not key:
            return []
        if key in self.by_key:
            return [(key, 1.0)]
        tokens = _tokens(key)
        if tokens.isdisjoint(self.rare_tokens) and not tokens <= self.postings.keys():
            return []  # the usual case for a party not listed: decided in C
        lists = sorted((self.postings[t] for t in tokens if t in self.postings), key=len)
        rare = [p for p in lists if len(p) <= self.common]
        if not rare:
            # Only common tokens ("trading", 广州) in common with listed names: compare
            # with the fewest of them only if the name has nothing else of its own.
            if not lists or len(lists) < len(tokens):
                return []
            rare = lists[:1]
        candidates = sorted({n for postings in rare for n in postings})
        found = process.extract(key, [self.keys[n] for n in candidates], scorer=fuzz.ratio,
                                score_cutoff=self.threshold * 100, limit=None)
        return [(choice, round(score / 100, 4)) for choice, score, _ in found]


class KeywordIndex:
    """Keywords found in descriptions: one regular expression shaped as a trie of the
    keywords finds the rows that contain any (C speed over the joined text); only
    those rows are then checked keyword by keyword."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.by_form: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            self.by_form[keyword_kind.match_form(entry.value)].append(entry)
        self.forms = sorted(self.by_form)
        self.pattern = re.compile(_trie_pattern(self.forms)) if self.forms else None

    def rows_containing_any(self, texts: Sequence[str]) -> set[int]:
        if self.pattern is None:
            return set()
        starts, offset = [], 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + 1
        joined = "\n".join(texts)
        return {bisect.bisect_right(starts, m.start()) - 1 for m in self.pattern.finditer(joined)}

    def contained(self, text: str) -> list[str]:
        return [form for form in self.forms if form in text]


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of ``words``; a word's end ends the branch (finding rows
    that contain *some* keyword needs no longer alternatives)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        if "" in node:
            return ""
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(trie)


class MatchIndex:
    """A list's matchable entries (active on ``today``), indexed by kind."""

    def __init__(self, entries: Iterable[Entry], today: dt.date,
                 company_threshold: float = DEFAULT_COMPANY_THRESHOLD) -> None:
        active = [entry for entry in entries if entry.matches_on(today)]
        self.exact: dict[Kind, dict[str, list[Entry]]] = {
            kind: defaultdict(list) for kind in (Kind.CONTAINER, Kind.IMO, Kind.AWB, Kind.HS)}
        for entry in active:
            if entry.kind in self.exact:
                self.exact[entry.kind][entry.value].append(entry)
        self.companies = CompanyIndex([e for e in active if e.kind is Kind.COMPANY],
                                      company_threshold)
        self.keywords = KeywordIndex([e for e in active if e.kind is Kind.KEYWORD])


def match_manifest(manifest: Manifest, index: MatchIndex,
                   progress: ColumnProgress | None = None) -> list[Hit]:
    """Every hit of the manifest's mapped columns, by row then column order."""
    with paused_garbage_collection():
        return _match(manifest, index, progress)


def _match(manifest: Manifest, index: MatchIndex, progress: ColumnProgress | None) -> list[Hit]:
    header, rows = manifest.table.header, manifest.table.rows
    hits: list[Hit] = []
    mapped = sorted(manifest.mapping.items())
    for done, (column, kind) in enumerate(mapped, start=1):
        name = header[column]
        cells = [row[column] for row in rows]
        if kind is Kind.KEYWORD:
            hits.extend(_keyword_hits(cells, name, index.keywords))
        elif kind is Kind.COMPANY:
            hits.extend(_company_hits(cells, name, index))
        else:
            hits.extend(_identifier_hits(cells, name, kind, index))
        if progress is not None:
            progress(done, len(mapped))
    hits.sort(key=lambda hit: hit.row)  # stable: columns stay in order within a row
    return hits


def _identifier_hits(cells: list[str], column: str, kind: Kind, index: MatchIndex) -> list[Hit]:
    table = index.exact[kind]
    if not table:
        return []
    if kind is Kind.HS:
        return _hs_hits(cells, column, table)
    hits: list[Hit] = []
    for number, cell in enumerate(cells):
        if not cell:
            continue
        text = cell.strip().upper()
        listed = table.get(text)  # the common case: one identifier, printed normalised
        found = [(text, listed)] if listed else [
            (found, table[value]) for found, value in _identifiers(kind, text)
            if value in table]
        for matched, entries in found:
            hits.extend(Hit(number + 2, column, entry.entry_id, kind, entry.value, matched,
                            MatchReason.IDENTIFIER, 1.0) for entry in entries)
    return hits


def _hs_hits(cells: list[str], column: str, table: dict[str, list[Entry]]) -> list[Hit]:
    chapters = {value[:2] for value in table}
    by_cell: dict[str, list[tuple[str, Entry]]] = {}  # codes repeat down a manifest
    hits: list[Hit] = []
    for number, cell in enumerate(cells):
        found = by_cell.get(cell)
        if found is None:
            found = by_cell[cell] = [
                (token, entry) for token, prefix in _hs_codes(cell, chapters)
                for entry in table.get(prefix, ())]
        hits.extend(Hit(number + 2, column, entry.entry_id, Kind.HS, entry.value, token,
                        MatchReason.HS_PREFIX, 1.0) for token, entry in found)
    return hits


def _identifiers(kind: Kind, text: str) -> list[tuple[str, str]]:
    """(text as found, normalised value) for each identifier in an upper-case cell."""
    if kind is Kind.CONTAINER:
        return [(m.group(), m.group().replace(" ", "").replace("-", ""))
                for m in _CONTAINER.finditer(text)]
    if kind is Kind.IMO:
        return [(m.group(), m.group()) for m in _IMO.finditer(text)]
    return [(m.group(), f"{m.group(1)}-{m.group(2)}{m.group(3)}") for m in _AWB.finditer(text)]


def _hs_codes(cell: str, chapters: set[str]) -> list[tuple[str, str]]:
    """Every prefix of every code in the cell whose chapter is listed: the keys of the
    entries that cover it."""
    text = cell.strip()
    if not text:
        return []
    tokens = [text] if text.isdigit() else [m.group() for m in _HS_TOKEN.finditer(text)]
    pairs: list[tuple[str, str]] = []
    for token in tokens:
        code = token.replace(".", "").replace(" ", "")
        if len(code) % 2 == 1 and len(code) < 10:
            code = "0" + code
        if code[:2] in chapters:
            pairs.extend((token, code[:length]) for length in (2, 4, 6, 8, 10)
                         if length <= len(code))
    return pairs


def _company_hits(cells: list[str], column: str, index: MatchIndex) -> list[Hit]:
    companies = index.companies
    if not companies.keys:
        return []
    hits: list[Hit] = []
    for number, cell in enumerate(cells):
        if not cell.strip():
            continue
        for key, score in companies.lookup(cell):
            hits.extend(Hit(number + 2, column, entry.entry_id, Kind.COMPANY, entry.value,
                            cell, MatchReason.COMPANY_NAME, score)
                        for entry in companies.by_key[key])
    return hits


def _keyword_hits(cells: list[str], column: str, keywords: KeywordIndex) -> list[Hit]:
    if keywords.pattern is None:
        return []
    texts = [keyword_kind.match_form(cell) if not cell.isascii() else
             " ".join(cell.split()).lower() for cell in cells]
    hits: list[Hit] = []
    for number in sorted(keywords.rows_containing_any(texts)):
        for form in keywords.contained(texts[number]):
            hits.extend(Hit(number + 2, column, entry.entry_id, Kind.KEYWORD, entry.value,
                            cells[number], MatchReason.KEYWORD, 1.0)
                        for entry in keywords.by_form[form])
    return hits
